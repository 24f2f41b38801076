"""`python -m storyweave` runs the command line."""
import sys

from storyweave.cli import main

sys.exit(main())
