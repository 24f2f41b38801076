"""`storyweave` command line: thin wrappers over importable, tested functions.

Exit codes: 0 all went well; 1 some input could not be used (each named on stderr, the
rest still processed); 2 the command was called wrongly.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from storyweave.errors import E_NO_ARTICLES, UsageError
from storyweave.render import FORMATS, render

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def _positive(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise argparse.ArgumentTypeError("must be a positive whole number")
    return number


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="storyweave", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    digest = commands.add_parser("digest", help="digest the articles under PATH... (one story)")
    digest.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    digest.add_argument("--format", choices=FORMATS, default="markdown")
    digest.add_argument("--words", type=_positive, default=120, help="summary length limit")
    digest.add_argument("--out", type=Path, help="write here instead of standard output")
    digest.add_argument("--db", type=Path, help="SQLite cache (default ~/.cache/storyweave)")
    digest.add_argument("--no-cache", action="store_true", help="keep nothing between runs")
    digest.add_argument("--no-embeddings", action="store_true",
                        help="align sentences by word overlap alone (no MiniLM)")
    serve = commands.add_parser("serve", help="the web app and JSON API on PATH... (each a story)")
    serve.add_argument("paths", nargs="*", metavar="PATH", help="files or folders: one story each")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_positive, default=8000)
    serve.add_argument("--words", type=_positive, default=120, help="summary length limit")
    serve.add_argument("--db", type=Path, help="SQLite cache (default ~/.cache/storyweave)")
    serve.add_argument("--no-embeddings", action="store_true",
                       help="align sentences by word overlap alone (no MiniLM)")
    evaluate = commands.add_parser("evaluate", help="score against a labelled dataset")
    evaluate.add_argument("dataset", choices=("duc2004", "tac2010", "multinews", "analysis"))
    evaluate.add_argument("--data", type=Path, required=True, help="the dataset's folder")
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
    run.add_argument("--local", action="store_true", help="run in this process, without Ray")
    run.add_argument("--words", type=_positive, default=120, help="each summary's length limit")
    run.add_argument("--no-digests", action="store_true", help="stories only, no digests")
    return parser


def open_store(args):
    """The store the options ask for."""
    from storyweave.store import DEFAULT_PATH, Store
    return Store(":memory:" if args.no_cache else (args.db or DEFAULT_PATH))


def cmd_digest(args) -> int:
    """Run `storyweave digest`."""
    from storyweave.nlp.embed import default_encoder
    from storyweave.pipeline import digest_paths

    encoder = None if args.no_embeddings else default_encoder()
    digest = digest_paths([str(p) for p in args.paths], words=args.words, store=open_store(args),
                          encoder=encoder)
    for problem in digest.problems:
        print(f"storyweave: {problem}", file=sys.stderr)
    if not digest.articles:
        print(f"storyweave: {E_NO_ARTICLES}", file=sys.stderr)
        return EXIT_INPUT
    text = render(digest, args.format)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_INPUT if digest.problems else EXIT_OK


def cmd_serve(args) -> int:
    """Run `storyweave serve`: digest the stories, then serve them until interrupted."""
    from storyweave.service.serve import build_app, serve
    from storyweave.store import DEFAULT_PATH

    if not args.paths:
        raise UsageError("give at least one PATH to serve")
    app, problems = build_app([str(p) for p in args.paths], args.db or DEFAULT_PATH,
                              args.words, embeddings=not args.no_embeddings)
    for problem in problems:
        print(f"storyweave: {problem}", file=sys.stderr)
    print(f"storyweave: serving on http://{args.host}:{args.port}/", file=sys.stderr, flush=True)
    serve(app, args.host, args.port)
    return EXIT_OK


def cmd_evaluate(args) -> int:
    """Run `storyweave evaluate`: score on a dataset, print the table, write the JSON."""
    from storyweave.evaluate import evaluate

    if not args.data.exists():
        raise UsageError(f"{args.data}: no such folder")
    evaluate(args.dataset, args.data, out=args.out, limit=args.limit)
    return EXIT_OK


def cmd_scale(args) -> int:
    """Run `storyweave scale run`: print the run's counts and timings as JSON."""
    import json

    if args.local and args.address:
        raise UsageError("--local and --address exclude each other")
    if args.local:
        from storyweave.scale.run import run_local as run
        options = {}
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
            "scale": cmd_scale}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `storyweave` console script."""
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except UsageError as err:
        print(f"storyweave: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
