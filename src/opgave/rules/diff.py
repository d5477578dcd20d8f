"""Semantic diff of two versions of a rule set (and of a variant against its base).

Not an XML diff: decisions are matched by name, decision-table rules by id (then by position),
columns by label/expression; literal expressions are compared token by token. The result is
plain JSON (Dutch keys, as the API returns it) that the diff page renders side by side.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from opgave.dmn.model.elements import DecisionTable, Definitions, ItemDefinition, LiteralExpression
from opgave.dmn.model.reader import read_definitions
from opgave.rules.models import RuleVersion, VariantVersion

_TOKEN = re.compile(r"\d+(?:\.\d+)?|\w+|\"[^\"]*\"|\S")


def tokens(old: str, new: str) -> list[dict[str, str]]:
    """The token-level edit script from ``old`` to ``new``: ``gelijk``, ``weg`` and ``erbij`` runs."""
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    out: list[dict[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append({"soort": "gelijk", "tekst": " ".join(a[i1:i2])})
            continue
        if i2 > i1:
            out.append({"soort": "weg", "tekst": " ".join(a[i1:i2])})
        if j2 > j1:
            out.append({"soort": "erbij", "tekst": " ".join(b[j1:j2])})
    return out


def _kind(expression: Any) -> str:
    if isinstance(expression, DecisionTable):
        return "beslistabel"
    if isinstance(expression, LiteralExpression):
        return "expressie"
    return type(expression).__name__.lower() if expression is not None else "geen"


def _columns(table: DecisionTable) -> list[str]:
    inputs = [i.label or i.expression.text for i in table.inputs]
    outputs = [o.label or o.name or "uitkomst" for o in table.outputs]
    return [*inputs, *outputs]


def _cells(rule: Any) -> list[str]:
    return [*rule.input_entries, *rule.output_entries]


def _table(old: DecisionTable, new: DecisionTable) -> dict[str, Any]:
    old_cols, new_cols = _columns(old), _columns(new)
    columns = [{"naam": name, "status": "verwijderd"} for name in old_cols if name not in new_cols] + [
        {"naam": name, "status": "toegevoegd"} for name in new_cols if name not in old_cols
    ]
    rules: list[dict[str, Any]] = []
    old_by_id = {r.id: (i, r) for i, r in enumerate(old.rules) if r.id}
    matched: set[int] = set()
    for j, rule in enumerate(new.rules):
        found = old_by_id.get(rule.id) if rule.id else None
        if (
            found is None
            and j < len(old.rules)
            and j not in matched
            and not (old.rules[j].id and old.rules[j].id in {r.id for r in new.rules})
        ):
            found = (j, old.rules[j])
        if found is None:
            rules.append(
                {
                    "status": "toegevoegd",
                    "regel": j + 1,
                    "id": rule.id or "",
                    "nieuw": _cells(rule),
                    "cellen": [],
                }
            )
            continue
        i, before = found
        matched.add(i)
        before_cells = dict(zip(old_cols, _cells(before), strict=False))
        after_cells = dict(zip(new_cols, _cells(rule), strict=False))
        changed = [
            {
                "kolom": col,
                "oud": before_cells.get(col, ""),
                "nieuw": after_cells.get(col, ""),
                "tokens": tokens(before_cells.get(col, ""), after_cells.get(col, "")),
            }
            for col in dict.fromkeys([*old_cols, *new_cols])
            if before_cells.get(col, "") != after_cells.get(col, "")
        ]
        if before.annotations != rule.annotations:
            changed.append(
                {
                    "kolom": "toelichting",
                    "oud": " ".join(before.annotations),
                    "nieuw": " ".join(rule.annotations),
                    "tokens": tokens(" ".join(before.annotations), " ".join(rule.annotations)),
                }
            )
        if changed:
            rules.append(
                {
                    "status": "gewijzigd",
                    "regel": j + 1,
                    "was_regel": i + 1,
                    "id": rule.id or "",
                    "cellen": changed,
                }
            )
    for i, rule in enumerate(old.rules):
        if i not in matched:
            rules.append(
                {
                    "status": "verwijderd",
                    "regel": i + 1,
                    "id": rule.id or "",
                    "oud": _cells(rule),
                    "cellen": [],
                }
            )
    result: dict[str, Any] = {"kolommen": columns, "regels": rules}
    if old.hit_policy != new.hit_policy:
        result["hitpolicy"] = {"oud": old.hit_policy, "nieuw": new.hit_policy}
    return result


def _decision(
    name: str, old: Any, new: Any, old_refs: list[dict[str, str]], new_refs: list[dict[str, str]]
) -> dict[str, Any]:
    item: dict[str, Any] = {"naam": name, "soort": _kind((new or old).expression)}
    if old is None or new is None:
        item["status"] = "toegevoegd" if old is None else "verwijderd"
        return item
    changes: dict[str, Any] = {}
    old_req = sorted(h.id for h in (*old.required_inputs, *old.required_decisions))
    new_req = sorted(h.id for h in (*new.required_inputs, *new.required_decisions))
    if old_req != new_req:
        changes["vereisten"] = {"oud": old_req, "nieuw": new_req}
    if old.variable.type_ref != new.variable.type_ref:
        changes["type"] = {"oud": old.variable.type_ref, "nieuw": new.variable.type_ref}
    a, b = old.expression, new.expression
    if isinstance(a, DecisionTable) and isinstance(b, DecisionTable):
        table = _table(a, b)
        if table["kolommen"] or table["regels"] or "hitpolicy" in table:
            changes["tabel"] = table
    elif isinstance(a, LiteralExpression) and isinstance(b, LiteralExpression):
        if a.text.strip() != b.text.strip():
            changes["expressie"] = {"oud": a.text, "nieuw": b.text, "tokens": tokens(a.text, b.text)}
    elif a != b:
        changes["logica"] = {"oud": _kind(a), "nieuw": _kind(b)}
    refs = _refs(old_refs, new_refs)
    if refs:
        changes["wetsverwijzingen"] = refs
    item["status"] = "gewijzigd" if changes else "gelijk"
    item.update(changes)
    return item


def _refs(old: list[dict[str, str]], new: list[dict[str, str]]) -> dict[str, list[str]]:
    label = lambda r: f"{r['title']}, artikel {r['article']}"  # noqa: E731
    a, b = {label(r) for r in old}, {label(r) for r in new}
    out: dict[str, list[str]] = {}
    if b - a:
        out["toegevoegd"] = sorted(b - a)
    if a - b:
        out["verwijderd"] = sorted(a - b)
    return out


def _item_text(item: ItemDefinition) -> str:
    if item.components:
        return "{" + ", ".join(f"{c.name}: {_item_text(c)}" for c in item.components) + "}"
    text = item.type_ref or "Any"
    if item.allowed_values:
        text += f" ({item.allowed_values})"
    return f"lijst van {text}" if item.is_collection else text


def definitions(
    old: Definitions, new: Definitions, old_refs: list[dict[str, str]], new_refs: list[dict[str, str]]
) -> dict[str, Any]:
    def by_decision(refs: list[dict[str, str]], name: str) -> list[dict[str, str]]:
        return [r for r in refs if r.get("decision") == name]

    old_d = {d.name: d for d in old.decisions}
    new_d = {d.name: d for d in new.decisions}
    decisions = [
        _decision(
            name, old_d.get(name), new_d.get(name), by_decision(old_refs, name), by_decision(new_refs, name)
        )
        for name in dict.fromkeys([*new_d, *old_d])
    ]
    old_t = {t.name: _item_text(t) for t in old.item_definitions}
    new_t = {t.name: _item_text(t) for t in new.item_definitions}
    types = [
        {
            "naam": n,
            "status": "toegevoegd" if n not in old_t else "verwijderd" if n not in new_t else "gewijzigd",
            "oud": old_t.get(n),
            "nieuw": new_t.get(n),
        }
        for n in dict.fromkeys([*new_t, *old_t])
        if old_t.get(n) != new_t.get(n)
    ]
    old_i = {i.name: i.variable.type_ref for i in old.input_data}
    new_i = {i.name: i.variable.type_ref for i in new.input_data}
    inputs = [
        {
            "naam": n,
            "status": "toegevoegd" if n not in old_i else "verwijderd" if n not in new_i else "gewijzigd",
            "oud": old_i.get(n),
            "nieuw": new_i.get(n),
        }
        for n in dict.fromkeys([*new_i, *old_i])
        if n not in old_i or n not in new_i or old_i[n] != new_i[n]
    ]
    return {
        "beslissingen": decisions,
        "typen": types,
        "invoergegevens": inputs,
        "wetsverwijzingen": _refs(
            [r for r in old_refs if not r.get("decision")], [r for r in new_refs if not r.get("decision")]
        ),
    }


def versions(old: RuleVersion, new: RuleVersion) -> dict[str, Any]:
    """The diff between two versions of one rule set (``old`` → ``new``)."""
    old_refs = [r.as_dict() for r in old.law_references.all()]
    new_refs = [r.as_dict() for r in new.law_references.all()]
    result = definitions(read_definitions(old.model_xml), read_definitions(new.model_xml), old_refs, new_refs)
    changed = sum(1 for d in result["beslissingen"] if d["status"] != "gelijk")
    return {
        "van": {"versie": old.number, "model_hash": old.model_hash, "geldig_van": old.geldig_van.isoformat()},
        "naar": {
            "versie": new.number,
            "model_hash": new.model_hash,
            "geldig_van": new.geldig_van.isoformat(),
        },
        "samenvatting": f"{changed} van {len(result['beslissingen'])} beslissingen verschillen",
        **result,
    }


def variant(variant_version: VariantVersion) -> dict[str, Any]:
    """A variant against its base: per open term the national default and the variant's value.
    Everything else is the national model by construction (a variant can change nothing else)."""
    terms = list(variant_version.variant.rule_set.open_terms.all())
    rows = [
        {
            "naam": t.name,
            "omschrijving": t.label,
            "landelijk": t.default,
            "variant": variant_version.values.get(t.name, t.default),
            "gewijzigd": t.name in variant_version.values and variant_version.values[t.name] != t.default,
            "ruimte": t.range_text,
            "eenheid": t.unit,
        }
        for t in terms
    ]
    return {
        "variant": str(variant_version.variant.uuid),
        "organisatie": variant_version.variant.organisation.name,
        "versie": variant_version.number,
        "regeling": {"titel": variant_version.regulation_title, "link": variant_version.regulation_url},
        "open_normen": rows,
        "samenvatting": f"{sum(1 for r in rows if r['gewijzigd'])} van {len(rows)} open normen wijken af van het landelijk model",
    }
