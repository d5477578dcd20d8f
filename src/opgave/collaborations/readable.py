"""A version comparison in the language of the design, not of storage.

:func:`opgave.collaborations.design.diff` gives machine paths (``step2.parties[UWV].role``); this
module turns them into sentences ("Stap 2 · Partijen: UWV toegevoegd als uitvoerder"), Dutch
dates, word-level marks for changed text, and the unchanged fields per step (shown collapsed).
Identifiers (UUIDs) are never shown: the names stored beside them say the same to a person.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from opgave.collaborations.design import diff, flatten, parse_design
from opgave.collaborations.presentation import FIELD_LABELS, VALUE_LABELS
from opgave.core.dates import nl_date

STEP_LABELS = {
    "step1": "Stap 1 · Opgave",
    "step2": "Stap 2 · Partijen",
    "step3": "Stap 3 · Ontwerpprincipe",
    "step4": "Stap 4 · Organisatie",
    "step5": "Stap 5 · Andere samenwerkingen",
}
ID_FIELDS = frozenset({"organisation", "contact_person", "collaboration"})
DATE_FIELDS = frozenset({"joined_on", "left_on"})
# How one item of a list is named in a sentence ("{}" is its key: a name).
ITEM_NAMES = {
    "parties": "{}",
    "formulations": "De kijk van {}",
    "candidates": "Overwogen partij {}",
    "funding": "Geldstroom van {}",
    "relations": "Relatie met {}",
}
_ITEM = re.compile(r"^(step\d)\.(\w+)\[([^\]]*)\](?:\.(\w+))?$")
_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


@dataclass
class FieldChange:
    path: str
    label: str
    kind: str  # added | removed | changed
    old: str
    new: str
    old_segments: list[Segment] = field(default_factory=list)
    new_segments: list[Segment] = field(default_factory=list)


@dataclass
class Change:
    """One sentence, and the fields behind it."""

    summary: str
    fields: list[FieldChange]
    details: str = ""  # for an item added or removed as a whole: its fields in one line


@dataclass
class StepComparison:
    key: str
    label: str
    changes: list[Change] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)


def value_text(name: str, value: Any) -> str:
    """A stored value as a person reads it: labels for choices, Dutch dates, ja/nee."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if name in DATE_FIELDS:
        return nl_date(value)
    if name == "amount":
        return f"€ {value}".replace(".", ",")
    return VALUE_LABELS.get(str(value), str(value))


def _field_name(path: str) -> str:
    return re.split(r"[.\[]", path.rsplit(".", 1)[-1])[0]


def field_label(path: str) -> str:
    """``step4.centre_position`` → ``plaats van het Rijk``; ``step3.quadrant_values.x`` → the quadrant."""
    parts = path.split(".")
    if len(parts) >= 3 and parts[1] == "quadrant_values":
        return f"waarden van {VALUE_LABELS.get(parts[2], parts[2]).split(' (')[0].lower()}"
    if len(parts) >= 3 and parts[1] == "answers":
        return f"vragenlijst, vraag {parts[2]}"
    return FIELD_LABELS.get(_field_name(path), _field_name(path))


def words(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """Word-level marks: which words of ``old`` went, which words of ``new`` came."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    before: list[Segment] = []
    after: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if i2 > i1:
            before.append(Segment("".join(a[i1:i2]), op != "equal"))
        if j2 > j1:
            after.append(Segment("".join(b[j1:j2]), op != "equal"))
    return before, after


def _field_change(row: dict[str, Any]) -> FieldChange:
    name = _field_name(row["path"])
    old, new = value_text(name, row["old"]), value_text(name, row["new"])
    change = FieldChange(row["path"], field_label(row["path"]), row["change"], old, new)
    if row["change"] == "changed" and isinstance(row["old"], str) and isinstance(row["new"], str):
        change.old_segments, change.new_segments = words(old, new)
    return change


def _item_sentence(collection: str, key: str, rows: list[dict[str, Any]]) -> str:
    subject = ITEM_NAMES.get(collection, "{}").format(key)
    kinds = {r["change"] for r in rows}
    by_field = {_field_name(r["path"]): r for r in rows}
    if kinds == {"added"} and _ITEM.match(rows[0]["path"]):
        role = by_field.get("role")
        stance = by_field.get("stance")
        if role:
            return f"{subject} toegevoegd als {value_text('role', role['new']).lower()}"
        if stance:
            return f"{subject} toegevoegd ({value_text('stance', stance['new']).lower()})"
        return f"{subject} toegevoegd"
    if kinds == {"removed"}:
        return f"{subject} verwijderd"
    left = by_field.get("left_on")
    if left and left["change"] == "added":
        return f"{subject} gestopt op {nl_date(left['new'])}"
    parts = []
    for name, row in by_field.items():
        if name in ID_FIELDS:
            continue
        label = FIELD_LABELS.get(name, name)
        if (row["change"] == "changed" and not isinstance(row["new"], str)) or name in {"role", "stance"}:
            parts.append(f"{label} van {value_text(name, row['old'])} naar {value_text(name, row['new'])}")
        else:
            parts.append(f"{label} {_verb(row['change'])}")
    return f"{subject}: {', '.join(parts)}"


def _verb(kind: str) -> str:
    return {"added": "ingevuld", "removed": "leeggemaakt", "changed": "gewijzigd"}[kind]


def _scalar_sentence(row: dict[str, Any]) -> str:
    label = field_label(row["path"])
    name = _field_name(row["path"])
    text = label[:1].upper() + label[1:]
    is_choice = str(row["new"]) in VALUE_LABELS or str(row["old"]) in VALUE_LABELS
    if row["change"] == "changed" and (is_choice or not isinstance(row["new"], str)):
        return f"{text} van {value_text(name, row['old'])} naar {value_text(name, row['new'])}"
    if row["change"] == "added" and (is_choice or isinstance(row["new"], bool)):
        return f"{text}: {value_text(name, row['new'])}"
    return f"{text} {_verb(row['change'])}"


def group(rows: list[dict[str, Any]]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """``(step key, sentence, rows)`` per item of a list, per questionnaire and per plain field."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        step = row["path"].split(".")[0]
        found = _ITEM.match(row["path"]) or re.match(r"^(step\d)\.(\w+)\[([^\]]*)\]", row["path"])
        if found:
            key = f"{found.group(2)}[{found.group(3)}]"
        elif row["path"].startswith(f"{step}.answers"):
            key = "answers"
        else:
            key = row["path"]
        groups.setdefault((step, key), []).append(row)
    result = []
    for (step, key), members in groups.items():
        item = re.match(r"^(\w+)\[(.*)\]$", key)
        if item:
            sentence = _item_sentence(item.group(1), item.group(2), members)
        elif key == "answers":
            count = len(members)
            sentence = f"Vragenlijst: {count} {'antwoord' if count == 1 else 'antwoorden'} gewijzigd"
        else:
            sentence = _scalar_sentence(members[0])
        result.append((step, sentence, members))
    return result


def label_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The API's diff rows with a ``label`` (the field in words) and a ``summary`` (the sentence)."""
    labelled = []
    for step, sentence, members in group(rows):
        for row in members:
            labelled.append(
                {
                    **row,
                    "label": f"{STEP_LABELS[step]} · {field_label(row['path'])}",
                    "summary": f"{STEP_LABELS[step]}: {sentence}",
                }
            )
    order = {row["path"]: i for i, row in enumerate(rows)}
    return sorted(labelled, key=lambda r: order[r["path"]])


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[StepComparison]:
    """Per step: the changes as sentences with their fields, and the unchanged fields."""
    old_json, new_json = parse_design(old).to_json(), parse_design(new).to_json()
    rows = diff(old_json, new_json)
    steps = {key: StepComparison(key, label) for key, label in STEP_LABELS.items()}
    for step, sentence, members in group(rows):
        fields = [_field_change(r) for r in members if _field_name(r["path"]) not in ID_FIELDS]
        whole = _ITEM.match(members[0]["path"]) and len({r["change"] for r in members}) == 1
        if whole and members[0]["change"] in {"added", "removed"}:
            side = "new" if members[0]["change"] == "added" else "old"
            details = " · ".join(
                f"{f.label}: {getattr(f, side)}"
                for f in fields
                if _field_name(f.path) not in {"organisation_name", "name", "source"}
            )
            steps[step].changes.append(Change(sentence, [], details))
        else:
            steps[step].changes.append(Change(sentence, fields))
    changed = {r["path"] for r in rows}
    for path, value in flatten(new_json).items():
        if path in changed or value in (None, "", False) or _field_name(path) in ID_FIELDS:
            continue
        step = path.split(".")[0]
        found = re.match(r"^step\d\.(\w+)\[([^\]]*)\]", path)
        label = field_label(path)
        if found:
            label = f"{ITEM_NAMES.get(found.group(1), '{}').format(found.group(2))} · {label}"
        steps[step].unchanged.append((label, value_text(_field_name(path), value)))
    return list(steps.values())
