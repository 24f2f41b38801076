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
    stories = commands.add_parser("stories", help="list the stories of the store")
    stories.add_argument("--store", type=Path, help=STORE_HELP)
    stories.add_argument("--since", type=_date, help="only stories with an article from DATE on")
    stories.add_argument("--format", choices=("table", "json"), default="table")
    evaluate = commands.add_parser("evaluate", help="score against a labelled dataset")
    evaluate.add_argument("dataset", choices=("duc2004", "tac2010", "multinews", "analysis",
                                              "clustering"))
    evaluate.add_argument("--data", type=Path, required=True, nargs="+",
                          help="the dataset's folder (clustering: several, mixed in one stream)")
    evaluate.add_argument("--out", type=Path, help="write the figures here as JSON")
    evaluate.add_argument("--limit", type=_positive, help="only the first N clusters")
    return parser


def open_store(args):
    """The store the options ask for."""
    from storyweave.store import DEFAULT_PATH, Store
    return Store(":memory:" if args.no_cache else (args.db or DEFAULT_PATH))


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
            print(f"storyweave: {err}", file=sys.stderr)
            return EXIT_INPUT
    else:
        digest = digest_paths([str(p) for p in args.paths], words=args.words,
                              store=open_store(args), encoder=encoder)
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


def cmd_ingest(args) -> int:
    """Run `storyweave ingest`: add articles to the store (progress bar on a terminal)."""
    from tqdm import tqdm

    from storyweave.corpus import ingest_paths
    from storyweave.nlp.embed import default_encoder

    store = corpus_store(args)
    with tqdm(unit=" articles", disable=None, file=sys.stderr) as progress:
        report = ingest_paths([str(p) for p in args.paths], store, default_encoder(), progress)
    for problem in report.problems:
        print(f"storyweave: {problem}", file=sys.stderr)
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


def cmd_evaluate(args) -> int:
    """Run `storyweave evaluate`: score on a dataset, print the table, write the JSON."""
    from storyweave.evaluate import evaluate

    for path in args.data:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    if args.dataset == "clustering":
        from storyweave.evaluate.clustering import evaluate_clustering
        evaluate_clustering(args.data, out=args.out)
        return EXIT_OK
    if len(args.data) != 1:
        raise UsageError(f"evaluate {args.dataset} takes one --data folder")
    evaluate(args.dataset, args.data[0], out=args.out, limit=args.limit)
    return EXIT_OK


COMMANDS = {"digest": cmd_digest, "evaluate": cmd_evaluate, "ingest": cmd_ingest,
            "stories": cmd_stories}


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
