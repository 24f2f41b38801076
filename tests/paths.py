"""Where test data lives: the repo's demo corpus and ../shared (seeds, evaluation sets)."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# STORYWEAVE_SHARED points elsewhere when the checkout is not beside shared/ (a worktree).
SHARED = Path(os.environ.get("STORYWEAVE_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"
EXAMPLES = ROOT / "examples"
