"""Shared test helpers: fixture paths, golden files, and external tools."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# In CI, every run tries the same examples: a build cannot fail by chance. Locally, Hypothesis
# explores (and remembers what failed).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "listing" / "runxin-xu.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected files from the current output (review the diff!)",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with an expected file, or rewrite that file with --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(actual: str, expected_path: Path) -> None:
        if update:
            expected_path.write_text(actual, encoding="utf-8")
            return
        assert expected_path.exists(), f"{expected_path} is missing; run with --update-golden"
        expected = expected_path.read_text(encoding="utf-8")
        assert actual == expected, f"output differs from {expected_path.relative_to(ROOT)}"

    return check


def missing_tool(message: str) -> None:
    """Skip the test for a tool that is not installed; under CI=true, fail instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def require_tool(name: str) -> str:
    """The path of an external program; skip the test when it is missing, fail under CI=true."""
    path = shutil.which(name)
    if path is None:
        missing_tool(f"{name} is not installed (see .ci/run for how CI installs it)")
    return path  # type: ignore[return-value]
