"""storyweave: trustworthy multi-source story digests from news articles."""

__version__ = "0.1.0"
