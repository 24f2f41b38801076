"""Ingest: files and folders of any supported format into `Article` records."""

from storyweave.ingest.files import MAX_BYTES, iter_files, read_paths

__all__ = ["MAX_BYTES", "iter_files", "read_paths"]
