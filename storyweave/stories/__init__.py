"""Stories: syndicated copies (dedup.py) and online clustering of articles into stories
(features.py, cluster.py)."""
