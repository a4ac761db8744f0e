"""Shared fixtures: the example article and a few short ones."""

import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "riyadh-talks.txt"

SHORT = [
    ("short-1", "2025-02-18", "Russia rejected the peace plan on Monday. The Kremlin said talks would continue."),
    ("short-2", "2025-02-18", "The United States agreed to hold talks with Ukraine in Riyadh next week."),
    ("short-3", "2024-06-01", "Protesters clashed with police in Paris, officials said."),
]


@pytest.fixture(scope="session")
def example_text():
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def articles(example_text):
    """(id, date, text) rows: the example article and three short ones."""
    return [("riyadh", "2025-02-18", example_text)] + SHORT
