"""The API against its own OpenAPI description (schemathesis): on generated requests,
valid and invalid, no 5xx, invalid input rejected with a 4xx, and every answer in
the status codes, content type and JSON shape the description gives.

The description comes from the live server, so the operations are read at run time
and each gets a Hypothesis test of its own here (schemathesis' lazy pytest loader,
`schemathesis.pytest.from_fixture`, fails on pytest 9: it sets `Node._nodeid`).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

#: Generated requests per operation and mode: enough to find a 5xx, few enough for CI.
EXAMPLES = 20
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="session")
def operations(server) -> list:
    schema = schemathesis.openapi.from_url(server + "/openapi.json")
    found = []
    for result in schema.get_all_operations():
        found.append(result.ok())  # an operation the description gets wrong raises here
    assert len(found) >= 16, [o.label for o in found]
    return found


def _failure(operation, mode: GenerationMode) -> str | None:
    """The first generated request of `operation` the API answers wrongly, if any."""

    @SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        case.call_and_validate(timeout=30)

    try:
        check()
    except Unsatisfiable:
        if mode is GenerationMode.NEGATIVE:
            return None  # nothing it takes can be invalid (no constrained parameter)
        return f"{operation.label}: no request could be generated"
    except (Exception, BaseExceptionGroup) as error:  # failed checks, with their requests
        return f"{operation.label}:\n{_summary(str(error))}"
    return None


def _summary(report: str) -> str:
    """The checks that failed, each answer's first line and a short reproduction."""
    keep = [line.strip() for line in report.splitlines()
            if line.strip().startswith(("- ST", "Received", "Documented", "[", "`", "curl"))]
    return "\n".join("  " + (line[:300] + " ..." if len(line) > 300 else line)
                     for line in keep)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_answers_generated_requests_as_its_schema_says(operations, mode):
    failures = [f for op in operations if (f := _failure(op, mode))]
    assert not failures, f"{len(failures)} operations fail:\n\n" + "\n\n".join(failures)
