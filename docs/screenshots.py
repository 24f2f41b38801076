"""Remake docs/stories.png and docs/story.png: `storyweave serve` on the demo corpus (whole,
and two of its files as stories of their own), photographed by headless Chromium, the story
page with a citation clicked. Only the demo corpus appears: its text is our own.

Usage: python docs/screenshots.py
"""
from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
VIEWPORT = {"width": 1280, "height": 860}


def main() -> None:
    """Serve the demo corpus and take both pictures."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        server = subprocess.Popen([sys.executable, "-m", "storyweave", "serve", str(EXAMPLES),
                                   str(EXAMPLES / "feed.jsonl"), str(EXAMPLES / "coastline24.txt"),
                                   "--port", str(port), "--db", f"{folder}/cache.sqlite"],
                                  cwd=ROOT)
        try:
            for _ in range(600):
                try:
                    urllib.request.urlopen(url + "/api/stories", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                     args=["--no-sandbox"])
                page = browser.new_page(viewport=VIEWPORT)
                page.goto(url + "/")
                page.screenshot(path=ROOT / "docs" / "stories.png")
                page.goto(url + "/stories/examples")
                page.locator(".summary p.claim").nth(1).locator("a.cite").first.click()
                page.screenshot(path=ROOT / "docs" / "story.png")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
