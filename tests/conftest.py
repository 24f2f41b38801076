"""Fixtures shared by every test, and the property tests' budgets."""
import json
import os

import pytest
from hypothesis import HealthCheck, settings

from tests.paths import EXAMPLES

# `make test` runs every property test on a bounded number of examples (the whole property
# suite in under a minute here); `make fuzz` sets HYPOTHESIS_PROFILE=fuzz for a longer search.
settings.register_profile("default", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def expected():
    """Ground truth of the demo corpus."""
    return json.loads((EXAMPLES / "expected.json").read_text())
