"""What the golden generators (scripts/golden-*.py) share: a float written as the JSON the
TypeScript tests read (NaN and the infinities as strings), and a fixture written to
test/fixtures/ with a trailing newline."""
import json
import math
import pathlib

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures"


def encode(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def write_fixture(name, data, indent=1):
    """Writes test/fixtures/<name> and returns its path relative to the repository."""
    path = FIXTURES / name
    path.write_text(json.dumps(data, indent=indent) + "\n")
    return path.relative_to(FIXTURES.parent.parent)
