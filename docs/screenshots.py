"""Remake docs/stories.png and docs/story.png: `storyweave serve` on the demo corpus (whole,
and two of its files as stories of their own), photographed by headless Chromium, the story
page with a citation clicked. Only the demo corpus appears: its text is our own.

Usage: python docs/screenshots.py
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyweave.service.process import running_server  # noqa: E402

EXAMPLES = ROOT / "examples"
VIEWPORT = {"width": 1280, "height": 860}


def main() -> None:
    """Serve the demo corpus and take both pictures."""
    with tempfile.TemporaryDirectory() as folder, running_server(
            [str(EXAMPLES), str(EXAMPLES / "feed.jsonl"), str(EXAMPLES / "coastline24.txt"),
             "--db", f"{folder}/cache.sqlite"], cwd=str(ROOT)) as url, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox"])
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(url + "/")
        page.screenshot(path=ROOT / "docs" / "stories.png")
        page.goto(url + "/stories/examples")
        page.locator(".summary p.claim").nth(1).locator("a.cite").first.click()
        page.screenshot(path=ROOT / "docs" / "story.png")
        browser.close()


if __name__ == "__main__":
    main()
