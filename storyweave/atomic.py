"""Outputs written whole or not at all: a temporary file in the target's folder, renamed.

A rename within one folder is atomic on POSIX, so a reader (or a crash) sees the old file or
the new one, never a half-written or emptied one.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from storyweave.errors import E_OUT, OutputError, shown


def write_text(path: str | Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` atomically, or raise `OutputError` (one line) and leave
    any old file as it was."""
    try:
        _write(Path(path), text)
    except OSError as err:
        raise OutputError(f"{shown(path)}: {E_OUT.format(detail=err.strerror or err)}") \
            from None


def _write(path: Path, text: str) -> None:
    if path.is_dir():
        raise IsADirectoryError(21, "is a folder", str(path))
    path = Path(os.path.realpath(path))  # a symbolic link's target is replaced, not the link
    if path.exists() and not path.is_file():  # /dev/null, /dev/stdout, a FIFO: never replaced
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():  # keep the old file's permissions, as an in-place write would
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
