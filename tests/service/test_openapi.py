"""The API against its own OpenAPI spec: schemathesis generates requests for every
operation, valid ones and ones that break the spec, and checks status codes, content types
and bodies against the spec, and that nothing is a server error. Bounded: a few examples an
operation and mode, the same ones every run (derandomized), so CI answers the same."""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

from tests.service.test_api import AUTH

# Each generated digest request runs the real pipeline: ten examples an operation and mode
# keep the run near a minute while still reaching empty, odd and non-ASCII inputs.
EXAMPLES = 10
# Operations that accept every request (any string is a story id to look up): there is no
# invalid one to generate.
ANY_INPUT_VALID = {"GET /api/stories/{story_id}"}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_meets_its_spec(app, mode):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in operations} == {
        "GET /api/stories", "GET /api/stories/{story_id}", "POST /api/digest",
        "POST /api/articles"}
    for operation in operations:
        if mode == GenerationMode.NEGATIVE and operation.label in ANY_INPUT_VALID:
            continue
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def meets_spec(case):
            case.call_and_validate(headers=AUTH)
        meets_spec()
