"""Corpus-scale runs: many files of articles in, Parquet tables of articles, stories and
digests out, on one process (`run_local`) or on a Ray cluster (`run_ray`).

Both paths call the same stage functions (`stages`), in the same order:

1. read: each input file (JSONL, or WARC once ingest reads it) into raw article rows;
2. map, per article, in parallel (Ray's actors; the local path's worker processes, ingest's
   own `corpus.Preparer`): ingest's `corpus.prepare`, i.e. cleaning and the features the
   story decision needs (`stories.features.extract`: the MiniLM embedding of title and
   lead, the word counts and the MinHash; the bulk encoder loaded once per worker);
3. reduce, the one step that needs a global view, deterministic: every article's features
   sorted by publication time (undated ones last, then by id) go through ingest's own story
   step (`stages.place_rows`: `corpus.place`, i.e. `stories.dedup.CopyFinder` and
   `stories.cluster.Clusterer` over a store in a temporary file), which marks syndicated
   copies and assigns stories, merges included;
4. map, per story and in parallel on Ray: the digest of each story of two articles or more
   (`stages.digest_story`: full NLP, analysis and summary).

Both paths stream: prepared articles go to a SQLite file (`spill.Spill`) that sorts them
on disk (on Ray, the driver's, fed as the actors' blocks arrive), step 3 and the articles
and stories tables run over it, and the tables are written a row group at a time, so memory
and Ray's object store are flat in the corpus size.

Since step 3 sees the same features in the same order on both paths, they yield the same
stories; and `storyweave ingest` of the same articles in that order yields them too.
"""
