"""`storyweave` command line: thin wrappers over importable, tested functions.

Exit codes: 0 all went well; 1 some input could not be used (each named on stderr, the
rest still processed); 2 the command was called wrongly; 3 the output could not be written
(nothing was: an existing file is left as it was); 70 a bug (named in one line, no traceback).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from storyweave import atomic
from storyweave.errors import (E_CACHE, E_INTERNAL, E_NO_ARTICLES, OutputError, UsageError,
                               shown)
from storyweave.render import FORMATS, render

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_OUTPUT, EXIT_BUG = 0, 1, 2, 3, 70


def say(message: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    print(f"storyweave: {message}", file=sys.stderr, flush=True)


def _positive(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise argparse.ArgumentTypeError("must be a positive whole number")
    return number


STORE_HELP = "the corpus store (default ~/.cache/storyweave)"


def _date(value: str) -> str:
    import datetime as dt
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError("must be a date, YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="storyweave", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    digest = commands.add_parser("digest", help="digest the articles under PATH... (one story)")
    digest.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    digest.add_argument("--story", help="digest this story of the store (--store) instead")
    digest.add_argument("--store", type=Path, help=STORE_HELP)
    digest.add_argument("--format", choices=FORMATS, default="markdown")
    digest.add_argument("--words", type=_positive, default=120, help="summary length limit")
    digest.add_argument("--out", type=Path, help="write here instead of standard output")
    digest.add_argument("--db", type=Path, help="SQLite cache (default ~/.cache/storyweave)")
    digest.add_argument("--no-cache", action="store_true", help="keep nothing between runs")
    digest.add_argument("--no-embeddings", action="store_true",
                        help="align sentences by word overlap alone (no MiniLM)")
    ingest = commands.add_parser("ingest", help="add the articles under PATH... to the store, "
                                                "in stories")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    ingest.add_argument("--store", type=Path, help=STORE_HELP)
    ingest.add_argument("--workers", type=_positive, help="processes that clean articles and "
                        "compute their features (default: one per core)")
    stories = commands.add_parser("stories", help="list the stories of the store")
    stories.add_argument("--store", type=Path, help=STORE_HELP)
    stories.add_argument("--since", type=_date, help="only stories with an article from DATE on")
    stories.add_argument("--format", choices=("table", "json"), default="table")
    serve = commands.add_parser("serve", help="the web app and JSON API on the store or on "
                                "PATH... (each a story)")
    serve.add_argument("paths", nargs="*", metavar="PATH", help="files or folders: one story each")
    serve.add_argument("--store", type=Path, help="serve the stories of this corpus store "
                       "(PATHs given are ingested into it first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_positive, default=8000)
    serve.add_argument("--words", type=_positive, default=120, help="summary length limit")
    serve.add_argument("--db", type=Path, help="SQLite cache (default ~/.cache/storyweave)")
    serve.add_argument("--no-embeddings", action="store_true",
                       help="align sentences by word overlap alone (no MiniLM)")
    evaluate = commands.add_parser("evaluate", help="score against a labelled dataset")
    evaluate.add_argument("dataset", choices=("duc2004", "tac2010", "multinews", "analysis",
                                              "clustering"))
    evaluate.add_argument("--data", type=Path, required=True, nargs="+",
                          help="the dataset's folder (clustering: several, mixed in one stream)")
    evaluate.add_argument("--out", type=Path, help="write the figures here as JSON")
    evaluate.add_argument("--limit", type=_positive, help="only the first N clusters")
    scale = commands.add_parser("scale", help="corpus runs: stories and digests at scale")
    scale_commands = scale.add_subparsers(dest="scale_command", required=True)
    run = scale_commands.add_parser("run", help="ingest, clean, dedup, cluster and digest "
                                    "INPUT... (JSONL or WARC) into Parquet tables")
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders")
    run.add_argument("--out", type=Path, required=True,
                     help="folder for the articles/, stories/ and digests/ tables")
    run.add_argument("--address", help="join this Ray cluster (default: start a local one)")
    run.add_argument("--local", action="store_true", help="run on this machine without Ray: "
                     "the map step in worker processes, as ingest's")
    run.add_argument("--workers", type=_positive, help="with --local: processes that clean "
                     "articles and compute their story features (default: one per core)")
    run.add_argument("--words", type=_positive, default=120, help="each summary's length limit")
    run.add_argument("--no-digests", action="store_true", help="stories only, no digests")
    return parser


def open_store(args):
    """The store the options ask for; a cache file that cannot be used is named in a
    warning and the run goes on without a cache (its results are the same, only slower)."""
    from storyweave.store import DEFAULT_PATH, Store
    if args.no_cache:
        return Store(":memory:")
    path = args.db or DEFAULT_PATH
    store, problem = Store.open_or_memory(path)
    if problem:
        say(f"{shown(path)}: {E_CACHE.format(detail=problem)}")
    return store


def write_output(text: str, out) -> None:
    """`text` to the file `out` (atomically) or, when None, to standard output."""
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    atomic.write_text(out, text)


def corpus_store(args):
    """The corpus store `--store` names (default: the cache's file)."""
    from storyweave.store import DEFAULT_PATH, Store
    return Store(args.store or DEFAULT_PATH)


def cmd_digest(args) -> int:
    """Run `storyweave digest`: of files and folders, or of one story of the store."""
    from storyweave.nlp.embed import default_encoder
    from storyweave.pipeline import digest_paths

    if bool(args.paths) == bool(args.story):
        raise UsageError("give either PATH... or --story ID")
    encoder = None if args.no_embeddings else default_encoder()
    if args.story:
        from storyweave.corpus import digest_story
        from storyweave.errors import InputError
        try:
            digest = digest_story(corpus_store(args), args.story, encoder, args.words)
        except InputError as err:
            say(str(err))
            return EXIT_INPUT
    else:
        store = open_store(args)
        digest = digest_paths([str(p) for p in args.paths], words=args.words, store=store,
                              encoder=encoder)
        if store.cache_problem:
            say(f"{shown(store.path)}: {E_CACHE.format(detail=store.cache_problem)}")
    for problem in digest.problems:
        say(str(problem))
    if not digest.articles:
        say(E_NO_ARTICLES)
        return EXIT_INPUT
    write_output(render(digest, args.format), args.out)
    return EXIT_INPUT if digest.problems else EXIT_OK


def cmd_ingest(args) -> int:
    """Run `storyweave ingest`: add articles to the store (progress bar on a terminal)."""
    from tqdm import tqdm

    from storyweave.corpus import default_workers, ingest_paths
    from storyweave.nlp.onnx_minilm import bulk_encoder

    store = corpus_store(args)
    with tqdm(unit=" articles", disable=None, file=sys.stderr) as progress:
        report = ingest_paths([str(p) for p in args.paths], store, bulk_encoder(), progress,
                              args.workers or default_workers())
    for problem in report.problems:
        say(str(problem))
    print(f"{report} ({store.path})", file=sys.stderr)
    return EXIT_INPUT if report.problems else EXIT_OK


def cmd_stories(args) -> int:
    """Run `storyweave stories`: the store's stories as a table or JSON."""
    import json

    stories = corpus_store(args).stories(since=args.since)
    if args.format == "json":
        sys.stdout.write(json.dumps([s.to_json() for s in stories], ensure_ascii=False,
                                    indent=1) + "\n")
    else:
        sys.stdout.write(stories_table(stories))
    return EXIT_OK


def stories_table(stories) -> str:
    """Stories as a plain-text table: id, dates, articles, outlets, disagreement, headline."""
    flags = {True: "yes", False: "no", None: "?"}
    lines = [f"{'story':<13} {'first':<10} {'last':<10} {'arts':>4} {'disagree':<8} "
             "outlets / headline"]
    for s in stories:
        lines.append(f"{s.id:<13} {s.first or '-':<10} {s.last or '-':<10} "
                     f"{len(s.articles):>4} {flags[s.disagree]:<8} "
                     f"{', '.join(s.outlets) or '-'}")
        lines.append(f"{'':<13} {s.headline or ''}")
    return "\n".join(lines) + "\n"


def cmd_serve(args) -> int:
    """Run `storyweave serve`: digest the stories, then serve them until interrupted."""
    from storyweave.service.serve import build_app, serve
    from storyweave.store import DEFAULT_PATH

    if not args.paths and not args.store:
        raise UsageError("give PATH... to serve, or --store FILE (PATHs given with it are "
                         "ingested into it first)")
    app, problems = build_app([str(p) for p in args.paths], args.db or DEFAULT_PATH,
                              args.words, embeddings=not args.no_embeddings, store=args.store)
    for problem in problems:
        print(f"storyweave: {problem}", file=sys.stderr)
    print(f"storyweave: serving on http://{args.host}:{args.port}/", file=sys.stderr, flush=True)
    serve(app, args.host, args.port)
    return EXIT_OK


def cmd_evaluate(args) -> int:
    """Run `storyweave evaluate`: score on a dataset, print the table, write the JSON."""
    from storyweave.evaluate import evaluate

    for path in args.data:
        if not path.exists():
            raise UsageError(f"{shown(path)}: no such file or folder")
    if args.dataset == "clustering":
        from storyweave.evaluate.clustering import evaluate_clustering
        evaluate_clustering(args.data, out=args.out)
        return EXIT_OK
    if len(args.data) != 1:
        raise UsageError(f"evaluate {args.dataset} takes one --data folder")
    evaluate(args.dataset, args.data[0], out=args.out, limit=args.limit)
    return EXIT_OK


def cmd_scale(args) -> int:
    """Run `storyweave scale run`: print the run's counts and timings as JSON."""
    import json

    if args.local and args.address:
        raise UsageError("--local and --address exclude each other")
    if args.workers and not args.local:
        raise UsageError("--workers goes with --local (Ray has a worker per core)")
    if args.local:
        from storyweave.scale.run import run_local as run
        options = {"workers": args.workers}
    else:
        from storyweave.scale.distributed import run_ray as run
        options = {"address": args.address}
    result = run([str(p) for p in args.inputs], args.out, words=args.words,
                 digests=not args.no_digests, **options)
    problems = result.pop("problems")
    for problem in problems:
        print(f"storyweave: {problem}", file=sys.stderr)
    print(json.dumps(result, indent=2))
    return EXIT_INPUT if problems or not result["articles"] else EXIT_OK


COMMANDS = {"digest": cmd_digest, "serve": cmd_serve, "evaluate": cmd_evaluate,
            "scale": cmd_scale, "ingest": cmd_ingest, "stories": cmd_stories}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `storyweave` console script."""
    args = build_parser().parse_args(argv)
    # Libraries' log records (trafilatura's "lxml parsing failed") would reach stderr through
    # logging's last-resort handler; stderr holds our one line per problem instead.
    logging.getLogger().addHandler(logging.NullHandler())
    try:
        return COMMANDS[args.command](args)
    except UsageError as err:
        say(str(err))
        return EXIT_USAGE
    except OutputError as err:
        say(str(err))
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): stop writing, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as err:  # a bug: one line for the user rather than a traceback
        from storyweave.ingest.files import unexpected_detail
        say(E_INTERNAL.format(**unexpected_detail(err)))
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
