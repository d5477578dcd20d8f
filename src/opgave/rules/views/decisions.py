""" "Probeer het uit": a form generated from the input schema, and the decision page that explains
the outcome in readable Dutch for the professional and for the citizen (printable).

The inputs are not stored: the page is the answer to the POST; the processing log records the
evaluation (receipt hash and who asked), as for the API.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from opgave.core.actors import Actor
from opgave.rules import errors, evaluation, explanation, selectors
from opgave.rules.forms import TryForm
from opgave.rules.models import RuleSet
from opgave.rules.views.common import crumbs, page, report, rule_set_crumb


def _default_day(item: RuleSet) -> dt.date:
    """Today when a version is valid today, else the start of the latest published version."""
    today = timezone.localdate()
    try:
        selectors.version_on(item, today)
    except errors.NotFound:
        latest = selectors.latest_published(item)
        return latest.geldig_van if latest else today
    return today


@page
def try_it(request: HttpRequest, uuid: str) -> HttpResponse:
    actor = Actor.of_request(request)
    item = selectors.rule_set(actor, uuid)
    day = _default_day(item)
    raw_day = request.POST.get("datum") if request.method == "POST" else None
    try:
        chosen = dt.date.fromisoformat(raw_day) if raw_day else day
    except ValueError:
        chosen = day
    context = {"item": item, "crumbs": crumbs(rule_set_crumb(item), ("Probeer het uit", ""))}
    try:
        version = selectors.version_on(item, chosen)
    except errors.NotFound as exc:
        version = selectors.version_on(item, day)
        report(request, exc)
    terms = [t.name for t in selectors.open_terms(item)]
    prepared = evaluation.prepare(version, terms)
    variants = list(selectors.variants(item))
    form = TryForm(request.POST or None, schema=prepared.schema, variants=variants, initial={"datum": day})
    context.update(form=form, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            result = evaluation.evaluate(
                item,
                actor=actor,
                inputs=form.inputs(),
                day=form.cleaned_data["datum"],
                variant_id=form.cleaned_data["variant"] or None,
                explain=True,
                request=request,
            )
        except errors.RulesError as exc:
            report(request, exc, form)
        else:
            citizen = explanation.citizen(result)
            return render(
                request,
                "rules/decision.html",
                {
                    **context,
                    "result": result,
                    "citizen": citizen,
                    "law_sentence": explanation.law_sentence(citizen.law),
                    "steps": explanation.professional(result),
                    "outputs": [(k, explanation.show(v)) for k, v in result.outputs.items()],
                    "crumbs": crumbs(rule_set_crumb(item), ("Beslissing", "")),
                },
            )
    return render(request, "rules/try.html", context)
