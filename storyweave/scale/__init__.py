"""Corpus-scale runs: many files of articles in, Parquet tables of articles, stories and
digests out, on one process (`run_local`) or on a Ray cluster (`run_ray`).

Both paths call the same stage functions (`stages`), in the same order:

1. read: each input file (JSONL, or WARC once ingest reads it) into raw article rows;
2. map, per article and in parallel on Ray: clean, then the features the story decision
   needs (`stages.prepare_file`: `stories.features.extract`, the MiniLM embedding of title
   and lead, the word counts and the MinHash; the encoder loaded once per worker);
3. reduce, the one step that needs a global view, deterministic: every article's features
   sorted by publication time (undated ones last, then by id) go through ingest's own story
   step (`stages.reduce_stories`: `corpus.place`, i.e. `stories.dedup.CopyFinder` and
   `stories.cluster.Clusterer` over a store in memory), which marks syndicated copies and
   assigns stories, merges included;
4. map, per story and in parallel on Ray: the digest of each story of two articles or more
   (`stages.digest_story`: full NLP, analysis and summary).

Since step 3 sees the same features in the same order on both paths, they yield the same
stories; and `storyweave ingest` of the same articles in that order yields them too.
"""
