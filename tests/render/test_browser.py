"""The HTML digest in a real browser (headless Chromium): the page shows the story, and
markup that came in with an article never runs."""
import json
import re
import shutil
import subprocess

from storyweave.pipeline import digest_paths
from storyweave.render import render
from tests.paths import EXAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# What an injected script or handler would do if it ran: mark the page's body.
PAYLOAD = "document.body.setAttribute('data-pwned','1')"
HOSTILE = f"<img src=x onerror=\"{PAYLOAD}\"><script>{PAYLOAD}</script>"
PWNED = re.compile(r"<body[^>]*data-pwned")


def dom(page, tmp_path) -> str:
    """The page's DOM after Chromium has loaded it and run whatever it would run."""
    assert CHROMIUM, "the browser tests need Chromium: `make setup` installs it"
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000",
         "--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_harness_sees_a_script_that_runs(tmp_path):
    """Control: the same payload, unescaped in a page without a policy, marks the body."""
    assert PWNED.search(dom(f"<!doctype html><html><body><p>{HOSTILE}</p></body></html>",
                            tmp_path))


def test_hostile_article_never_runs_in_the_digest_page(tmp_path):
    article = {"id": "hostile", "source": f"Outlet {HOSTILE}", "title": f"Ferry {HOSTILE}",
               "url": f"javascript:{PAYLOAD}", "published": "2024-09-03",
               "text": "The Corran Light ferry ran aground off Port Alder on Saturday with "
                       f"212 passengers aboard, the harbour office said {HOSTILE}.\n\n"
                       f"Rescue crews reached the ship within the hour {HOSTILE}."}
    feed = tmp_path / "hostile.jsonl"
    feed.write_text(json.dumps(article) + "\n", encoding="utf-8")
    digest = digest_paths([str(EXAMPLES), str(feed)])
    assert "hostile" in {a.id for a in digest.articles}
    page = dom(render(digest, "html"), tmp_path)
    assert not PWNED.search(page)
    assert "<h2>Summary</h2>" in page and "Port Alder" in page
    assert "Outlet &lt;img src=x" in page  # shown as text, not run
