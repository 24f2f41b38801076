"""Ingest: files and folders of any supported format into `Article` records."""

from storyweave.ingest.files import MAX_BYTES, read_paths

__all__ = ["MAX_BYTES", "read_paths"]
