"""One way of writing (issue #9, section 7; ADR 0018): the platform says "je" to everyone, dates
are Dutch and in Europe/Amsterdam, counted phrases agree, labels say when a field is required."""

from __future__ import annotations

import io
import json
import re
import tokenize
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template

from opgave.core.dates import nl_date, nl_datetime
from opgave.web.templatetags.opgave_web import form_field

SRC = Path(__file__).resolve().parents[2] / "src" / "opgave"
FORMAL = re.compile(r"(?<![\w{$%.-])(U|u|Uw|uw)(?![\w}-])\s+[a-z]")


def _python_strings(path: Path) -> list[tuple[int, str]]:
    found = []
    for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        if token.type == tokenize.STRING and not token.string.lstrip("rbfRBF").startswith(('"""', "'''")):
            found.append((token.start[0], token.string))
    return found


def _template_text(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<[^>]+>", " ", text, flags=re.S)
    return list(enumerate(text.splitlines(), start=1))


def _offenders() -> list[str]:
    offenders = []
    for path in sorted(SRC.rglob("*")):
        relative = path.relative_to(SRC).as_posix()
        if "/migrations/" in relative:
            continue
        if path.suffix == ".py":
            lines = _python_strings(path)
        elif path.suffix == ".html":
            lines = _template_text(path)
        else:
            continue
        offenders += [f"{path.relative_to(SRC)}:{n}: {t.strip()[:90]}" for n, t in lines if FORMAL.search(t)]
    return offenders


def test_the_platform_says_je_not_u() -> None:
    offenders = _offenders()
    assert not offenders, "Formal 'u' in product text (ADR 0018 chose 'je'):\n" + "\n".join(offenders)


def _api_texts(node: object, where: str = "") -> list[tuple[str, str]]:
    """Every description and summary in the committed OpenAPI document (docstrings included)."""
    if isinstance(node, dict):
        found = [
            (f"{where}/{k}", v)
            for k, v in node.items()
            if k in ("description", "summary") and isinstance(v, str)
        ]
        for key, value in node.items():
            found += _api_texts(value, f"{where}/{key}")
        return found
    if isinstance(node, list):
        return [text for i, value in enumerate(node) for text in _api_texts(value, f"{where}/{i}")]
    return []


def test_the_api_description_says_je_not_u() -> None:
    """Handler docstrings become OpenAPI descriptions; the literal scan above skips docstrings."""
    document = json.loads((SRC.parents[1] / "openapi.json").read_text(encoding="utf-8"))
    offenders = [
        f"{where}: {text.strip()[:90]}" for where, text in _api_texts(document) if FORMAL.search(text)
    ]
    assert not offenders, "Formal 'u' in the API description (ADR 0018 chose 'je'):\n" + "\n".join(offenders)


def test_the_check_finds_a_formal_address(tmp_path: Path) -> None:
    assert FORMAL.search("Meld u aan met een token.")
    assert FORMAL.search("breng uw wijziging opnieuw aan")
    assert not FORMAL.search("Meld je aan; {{ u }} en %(u)s en u.uuid blijven buiten schot.")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 11, 26), "26 november 2026"),
        ("2026-03-01", "1 maart 2026"),
        (datetime(2026, 11, 25, 23, 30, tzinfo=UTC), "26 november 2026"),  # already the 26th in Amsterdam
        (None, ""),
    ],
)
def test_one_dutch_date_format_in_amsterdam_time(value: object, expected: str) -> None:
    assert nl_date(value) == expected


def test_a_moment_gets_its_amsterdam_time() -> None:
    assert nl_datetime(datetime(2026, 7, 1, 12, 5, tzinfo=UTC)) == "1 juli 2026 om 14:05"
    assert (
        Template("{% load opgave_web %}{{ d|datum }}").render(Context({"d": date(2026, 1, 5)}))
        == "5 januari 2026"
    )


class _Objection(forms.Form):
    reason = forms.CharField(required=False)
    reason.required_when = "verplicht bij bezwaar"  # type: ignore[attr-defined]
    note = forms.CharField(required=False)


def test_a_label_says_when_a_field_is_required() -> None:
    form = _Objection()
    assert form_field(form["reason"])["qualifier"] == "(verplicht bij bezwaar)"
    assert form_field(form["note"])["qualifier"] == "(niet verplicht)"


def test_templates_write_dates_through_one_filter() -> None:
    """``|datum``/``|datumtijd`` everywhere: no template formats a date its own way."""
    offenders = []
    for path in sorted(SRC.rglob("*.html")):
        relative = path.relative_to(SRC).as_posix()
        text = path.read_text(encoding="utf-8")
        offenders += [f"{relative}: {m.group(0)}" for m in re.finditer(r"\|date:\"[^\"]*\"", text)]
    assert not offenders, "Use |datum or |datumtijd (ADR 0018):\n" + "\n".join(offenders)
