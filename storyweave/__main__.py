"""`python -m storyweave` runs the command line."""
import sys

from storyweave.cli import main

if __name__ == "__main__":  # not in ingest's worker processes, which import this module
    sys.exit(main())
