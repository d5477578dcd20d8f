"""The explanation of a decision in readable Dutch, built from the engine's trace, the rules'
annotations, the law references and where each open term's value came from.

Two readers: the **professional** ("regel 5 van 'Recht op zorgtoeslag' is toegepast omdat …") and
the **citizen** ("Je hebt recht op zorgtoeslag van € 131,12 per maand, omdat …; dit volgt uit
artikel 2 van de Wet op de zorgtoeslag"). A model helps the citizen text by giving a decision
table the outputs ``recht`` (boolean) and ``reden`` (text), as the reference models do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from opgave.rules.evaluation import Evaluation
from opgave.rules.selectors import law_references


def euro(value: Any) -> str:
    """``€ 1.234,56``."""
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    whole, _, cents = f"{abs(amount):,.2f}".partition(".")
    return f"{'-' if amount < 0 else ''}€ {whole.replace(',', '.')},{cents}"


def show(value: Any) -> str:
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    if value is None:
        return "onbekend"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {show(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(show(v) for v in value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    if isinstance(value, float):
        return show(Decimal(repr(value)))
    return str(value)


@dataclass
class Step:
    decision: str
    output: str
    lines: list[str] = field(default_factory=list)
    law: list[dict[str, str]] = field(default_factory=list)


def _walk(nodes: list[dict[str, Any]], seen: set[str]) -> list[dict[str, Any]]:
    """Decisions in the order they were needed (required decisions first), each once."""
    out: list[dict[str, Any]] = []
    for node in nodes:
        out.extend(_walk(node.get("children") or [], seen))
        if node.get("kind") == "decision" and node.get("name") not in seen:
            seen.add(node["name"])
            out.append(node)
    return out


def professional(result: Evaluation) -> list[Step]:
    refs = law_references(result.rule_set, result.version)
    steps: list[Step] = []
    for node in _walk(result.trace or [], set()):
        step = Step(
            node["name"], show(node.get("output")), law=[r for r in refs if r.get("decision") == node["name"]]
        )
        inputs = node.get("inputs") or {}
        tables = [c for c in node.get("children") or [] if c.get("kind") == "decision table"]
        for table in tables:
            table_inputs = table.get("inputs") or {}
            because = ", ".join(f"{k} = {show(v)}" for k, v in table_inputs.items())
            matched = table.get("matchedRules") or []
            if not matched:
                step.lines.append(f"Geen regel van de beslistabel was van toepassing ({because}).")
            for rule in matched:
                note = "; ".join(str(v) for v in (rule.get("annotations") or {}).values() if v)
                text = f"Regel {rule.get('rule')} van '{node['name']}' is toegepast omdat {because}."
                step.lines.append(text + (f" Toelichting: {note}" if note else ""))
        if not tables and inputs:
            step.lines.append(
                "Berekend met " + ", ".join(f"{k} = {show(v)}" for k, v in inputs.items()) + "."
            )
        for message in node.get("messages") or []:
            step.lines.append(f"Melding van de engine: {message}")
        steps.append(step)
    for source in result.sources:
        origin = (
            f"uit de variant ({source['regeling']})"
            if source["bron"] == "variant"
            else "uit het landelijk model (standaardwaarde)"
        )
        steps.append(
            Step(
                f"Open norm '{source['naam']}'",
                show(source["waarde"]),
                [
                    f"{source['omschrijving']}: {show(source['waarde'])} {source['eenheid']}, {origin}; ruimte gegeven door {source['grondslag']}."
                ],
            )
        )
    return steps


@dataclass
class CitizenText:
    summary: str
    reasons: list[str]
    law: list[dict[str, str]]
    local: list[str]


def _find(nodes: list[dict[str, Any]], key: str) -> Any:
    for node in _walk(nodes, set()):
        output = node.get("output")
        if isinstance(output, dict) and key in output:
            return output
    return None


def citizen(result: Evaluation) -> CitizenText:
    trace = result.trace or []
    verdict = _find(trace, "recht") or {}
    subject = result.rule_set.title.lower()
    amounts = []
    for name, value in result.outputs.items():
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            period = (
                " per maand" if "maand" in name.lower() else " per jaar" if "jaar" in name.lower() else ""
            )
            amounts.append(f"{euro(value)}{period}")
    reason = str(verdict.get("reden") or "").strip()
    if verdict.get("recht") is False:
        summary = f"Je hebt geen recht op {subject}" + (f", omdat {reason}." if reason else ".")
    elif verdict.get("recht") is True or amounts:
        summary = f"Je hebt recht op {subject}" + (f" van {' en '.join(amounts)}" if amounts else "")
        summary += f", omdat {reason}." if reason else "."
    else:
        summary = "Uitkomst: " + "; ".join(f"{k}: {show(v)}" for k, v in result.outputs.items()) + "."
    reasons: list[str] = []
    for node in _walk(trace, set()):
        for table in (c for c in node.get("children") or [] if c.get("kind") == "decision table"):
            for rule in table.get("matchedRules") or []:
                reasons.extend(str(v) for v in (rule.get("annotations") or {}).values() if v)
    refs = law_references(result.rule_set, result.version)
    top = [r for r in refs if r.get("decision") in result.outputs] or [
        r for r in refs if not r.get("decision")
    ]
    chosen = [s for s in result.sources if s["bron"] == "variant"]
    local = []
    if chosen and result.variant is not None:
        values = "; ".join(
            f"{s['omschrijving'].lower()}: {show(s['waarde'])} {s['eenheid']}".strip() for s in chosen
        )
        local.append(
            f"{result.variant.organisation.name} heeft in haar eigen regeling vastgesteld: {values}."
        )
        local.append(f"Die regeling is: {chosen[0]['regeling']}.")
    return CitizenText(summary, list(dict.fromkeys(reasons)), top, local)


def law_sentence(refs: list[dict[str, str]]) -> str:
    """``dit volgt uit artikel 2 van de Wet op de zorgtoeslag en artikel 1 van …``."""
    by_law: dict[str, list[str]] = {}
    for ref in refs:
        articles = by_law.setdefault(ref["title"], [])
        if ref["article"] not in articles:
            articles.append(ref["article"])
    parts = []
    for title, articles in by_law.items():
        words = articles[0] if len(articles) == 1 else ", ".join(articles[:-1]) + " en " + articles[-1]
        parts.append(f"{'artikel' if len(articles) == 1 else 'artikelen'} {words} van de {title}")
    return "Dit volgt uit " + " en ".join(parts) + "." if parts else ""
