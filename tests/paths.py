"""Where test data lives: the repo's demo corpus and ../shared (seeds, evaluation sets)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the checkout; a git worktree one level deeper finds it further up.
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared").is_dir()),
              ROOT.parent / "shared")
SEEDS = SHARED / "seeds"
EVAL = SHARED / "eval"
EXAMPLES = ROOT / "examples"
