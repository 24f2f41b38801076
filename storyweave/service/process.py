"""`storyweave serve` in a process of its own, for the browser tests, the load run and the
screenshots: started on a free loopback port, and stopped on leaving."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

# Seconds to wait for the port to answer: the models load and folder stories are digested
# first (about 10 s alone on 2 cores; far more while other work shares the cores).
START_SECONDS = 300


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(args: list[str], env: dict[str, str] | None = None,
                   cwd: str | None = None) -> Iterator[str]:
    """The base URL of `storyweave serve ARGS...` once it answers; stopped on leaving."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "storyweave", "serve", *args, "--port",
                                str(port)], env={**os.environ, **(env or {})}, cwd=cwd)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"storyweave serve stopped (exit {process.returncode})")
            try:
                urllib.request.urlopen(url + "/api/stories", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("storyweave serve did not answer") from None
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
