"""Fixtures shared by every test."""
import json

import pytest

from tests.paths import EXAMPLES


@pytest.fixture(scope="session")
def expected():
    """Ground truth of the demo corpus."""
    return json.loads((EXAMPLES / "expected.json").read_text())
