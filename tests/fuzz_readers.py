"""Coverage-guided fuzzing of the readers with atheris (`make fuzz`; not a pytest module).

Every input is a file's bytes and a name: decoding and parsing must give articles or an
`InputError`, never another exception. A crash stops the run and libFuzzer writes the input
as `crash-*`; each one found becomes a test in tests/ingest.

    python tests/fuzz_readers.py CORPUS_DIR -max_total_time=60
"""
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from storyweave.errors import InputError
    from storyweave.ingest import files

NAMES = [Path(f"doc{suffix}") for suffix in (".txt", ".html", ".jsonl", ".sgml", "", ".0240")]


def one_input(data: bytes) -> None:
    """Parse `data` as a file named by its first byte."""
    provider = atheris.FuzzedDataProvider(data)
    name = NAMES[provider.ConsumeIntInRange(0, len(NAMES) - 1)]
    body = provider.ConsumeBytes(provider.remaining_bytes())
    try:
        articles, skipped = files.parse_bytes(name, body)
    except InputError as err:
        assert "\n" not in str(err)
        return
    for article in articles:
        (article.id + article.text).encode("utf-8")
    assert all("\n" not in reason for reason in skipped)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
