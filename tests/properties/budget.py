"""Hypothesis profiles and the example budget of the property suite (issue 14); not a conftest, so
that `from conftest import …` in the other test folders keeps meaning tests/conftest.py.

The default profile keeps the whole suite within the test budget (about 1,600 examples, about
25 s of CPU time, measured 2026-12-01; keep it within ~30 s when adding tests);
`HYPOTHESIS_PROFILE=long` runs twenty times as many, drawn anew each run. No deadline: tests never
assert on time, and a loaded CI machine must not turn slowness into a failure.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

_COMMON = {"deadline": None, "print_blob": True,
           "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                     HealthCheck.filter_too_much, HealthCheck.data_too_large]}
# The default profile's examples are the same on every run, so the suite (and CI) is never red by
# the luck of the draw; the long profile draws new ones each time to look further.
settings.register_profile("default", max_examples=1, derandomize=True, **_COMMON)  # each test sets its share
settings.register_profile("long", max_examples=1, derandomize=False, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SCALE = 20 if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 1


def examples(n: int) -> int:
    """A test's number of examples: `n` by default, 20 × n with HYPOTHESIS_PROFILE=long."""
    return n * SCALE


@pytest.fixture(autouse=True)
def no_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """Durability is tested elsewhere (tests/storage/test_crash.py); here fsync only costs time."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)
