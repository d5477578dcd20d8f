"""Every stylesheet of the project parses as balanced blocks. A lost "}" (easily dropped when two
branches append to the same file) silently swallows every rule after it: the crawl found the
notification bell unstyled (default link blue on the dark header) after such a merge."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "opgave"
SHEETS = sorted(p for p in SRC.rglob("static/**/*.css") if "node_modules" not in p.parts)


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: str(p.relative_to(SRC)))
def test_stylesheet_blocks_are_balanced(sheet: Path) -> None:
    text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r'"[^"\n]*"|\'[^\'\n]*\'', "", text)
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"{sheet.name}:{number}: a '}}' closes nothing"
    assert depth == 0, f"{sheet.name}: {depth} block(s) never closed"
