"""Editing a model in the browser: the dmn-js modeller (DRD, decision tables, literal expressions)
and, because dmn-js is not fully keyboard and screen-reader accessible, a plain form that edits
every decision table cell. Both save a **new concept version**; published versions never change."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from opgave.core.actors import Actor
from opgave.rules import errors, selectors, services, tables
from opgave.rules.forms import CellsForm
from opgave.rules.models import RuleSet, RuleVersion
from opgave.rules.views.common import crumbs, page, report, rule_set_crumb


def _editable(request: HttpRequest, uuid: str, number: int) -> tuple[Actor, RuleSet, RuleVersion]:
    actor = Actor.of_request(request)
    item = selectors.managed_rule_set(
        actor, uuid, "Alleen de eigenaar van de regelset kan het model bewerken."
    )
    return actor, item, selectors.version(item, number)


@page
def edit(request: HttpRequest, uuid: str, number: int) -> HttpResponse:
    _actor, item, version = _editable(request, uuid, number)
    return render(
        request,
        "rules/editor.html",
        {
            "item": item,
            "version": version,
            "crumbs": crumbs(rule_set_crumb(item), (f"Versie {version.number}", ""), ("Bewerken", "")),
        },
    )


@page
@require_POST
def save(request: HttpRequest, uuid: str, number: int) -> HttpResponse:
    actor, item, version = _editable(request, uuid, number)
    try:
        created = services.save_edited_model(version, actor=actor, dmn=request.POST.get("dmn", ""))
    except errors.RulesError as exc:
        report(request, exc)
        return redirect("rules:edit", item.uuid, version.number)
    messages.success(request, f"Opgeslagen als conceptversie {created.number}.")
    return redirect("rules:version", item.uuid, created.number)


@page
def cells(request: HttpRequest, uuid: str, number: int) -> HttpResponse:
    actor, item, version = _editable(request, uuid, number)
    described = [d for d in tables.describe(version.model_xml) if d["kind"] == "beslistabel"]
    form = CellsForm(request.POST or None, tables=described)
    if request.method == "POST" and form.is_valid():
        changed = {}
        for table in described:
            for r, rule in enumerate(table["rules"]):
                for c, old in enumerate(rule["cells"]):
                    new = form.cleaned_data[f"cell_{table['index']}_{r}_{c}"]
                    if new != old:
                        changed[(table["index"], r, c)] = new
        if not changed:
            messages.info(request, "Er is niets gewijzigd; er is geen nieuwe versie gemaakt.")
            return redirect("rules:version", item.uuid, version.number)
        try:
            created = services.save_edited_model(
                version, actor=actor, dmn=tables.set_cells(version.model_xml, changed)
            )
        except errors.RulesError as exc:
            report(request, exc)
        else:
            messages.success(
                request, f"{len(changed)} cel(len) gewijzigd; opgeslagen als conceptversie {created.number}."
            )
            return redirect("rules:version", item.uuid, created.number)
    rows = [
        {
            "table": table,
            "rules": [
                [form[f"cell_{table['index']}_{r}_{c}"] for c in range(len(table["columns"]))]
                for r in range(len(table["rules"]))
            ],
        }
        for table in described
    ]
    return render(
        request,
        "rules/cells.html",
        {
            "item": item,
            "version": version,
            "form": form,
            "rows": rows,
            "crumbs": crumbs(rule_set_crumb(item), (f"Versie {version.number}", ""), ("Cellen bewerken", "")),
        },
    )
