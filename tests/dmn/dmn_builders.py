"""Build small DMN models from XML fragments, for the DMN tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from opgave.dmn import Model

DMN15 = "https://www.omg.org/spec/DMN/20230324/MODEL/"

ModelFactory = Callable[..., Model]


def definitions(body: str, *, namespace: str = DMN15, name: str = "test", model_ns: str = "urn:test") -> str:
    return f'<definitions xmlns="{namespace}" name="{name}" namespace="{model_ns}" id="defs">{body}</definitions>'


def table_xml(
    policy: str,
    rules: Sequence[tuple[Sequence[str], Sequence[str]]],
    *,
    inputs: Sequence[str] = ("x",),
    outputs: Sequence[str] = ("out",),
    aggregation: str | None = None,
    output_values: Sequence[str | None] | None = None,
    defaults: Sequence[str | None] | None = None,
    input_values: Sequence[str | None] | None = None,
    annotations: Sequence[str] = (),
) -> str:
    parts = [
        f'<decisionTable id="dt" hitPolicy="{policy}"'
        + (f' aggregation="{aggregation}"' if aggregation else "")
        + ">"
    ]
    for number, expression in enumerate(inputs):
        values = input_values[number] if input_values else None
        allowed = f"<inputValues><text>{escape(values)}</text></inputValues>" if values else ""
        parts.append(
            f'<input id="in{number}" label="{expression}"><inputExpression><text>{escape(expression)}</text>'
            f"</inputExpression>{allowed}</input>"
        )
    for number, name in enumerate(outputs):
        values = output_values[number] if output_values else None
        default = defaults[number] if defaults else None
        inner = f"<outputValues><text>{escape(values)}</text></outputValues>" if values else ""
        inner += f"<defaultOutputEntry><text>{escape(default)}</text></defaultOutputEntry>" if default else ""
        parts.append(f'<output id="out{number}" name="{name}">{inner}</output>')
    for name in annotations:
        parts.append(f'<annotation name="{name}"/>')
    for number, rule in enumerate(rules, start=1):
        entries, results = rule[0], rule[1]
        notes = rule[2] if len(rule) > 2 else ()  # type: ignore[misc]
        parts.append(f'<rule id="rule{number}">')
        parts += [f"<inputEntry><text>{escape(e)}</text></inputEntry>" for e in entries]
        parts += [f"<outputEntry><text>{escape(r)}</text></outputEntry>" for r in results]
        parts += [f"<annotationEntry><text>{escape(n)}</text></annotationEntry>" for n in notes]
        parts.append("</rule>")
    parts.append("</decisionTable>")
    return "".join(parts)


def decision_xml(
    name: str, expression: str, *, inputs: Sequence[str] = (), type_ref: str | None = None
) -> str:
    requirements = "".join(
        f'<informationRequirement><requiredInput href="#input_{i}"/></informationRequirement>' for i in inputs
    )
    typed = f' typeRef="{type_ref}"' if type_ref else ""
    return f'<decision id="d_{name}" name="{name}"><variable name="{name}"{typed}/>{requirements}{expression}</decision>'


def input_xml(name: str, type_ref: str | None = None) -> str:
    typed = f' typeRef="{type_ref}"' if type_ref else ""
    return f'<inputData id="input_{name}" name="{name}"><variable name="{name}"{typed}/></inputData>'


def literal(text: str, type_ref: str | None = None) -> str:
    typed = f' typeRef="{type_ref}"' if type_ref else ""
    return f"<literalExpression{typed}><text>{escape(text)}</text></literalExpression>"
