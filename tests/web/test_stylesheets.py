"""Every stylesheet of the platform is balanced: a lost closing brace (as a merge once left one at the end
of the print block) silently swallows every rule after it — the notification bell then lost its colours."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "opgave"
SHEETS = sorted(SRC.glob("**/static/**/*.css"))


@pytest.mark.parametrize("sheet", SHEETS, ids=[str(p.relative_to(SRC)) for p in SHEETS])
def test_the_stylesheet_closes_every_block_it_opens(sheet: Path) -> None:
    text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"{sheet.name}:{number} closes a block that was never opened"
    assert depth == 0, f"{sheet.name} leaves {depth} block(s) open at the end"
