"""Managing a rule set in the browser: its law references (of the set, and per decision of the
concept version) and its open terms. Managers only (:func:`opgave.rules.permissions.can_manage`);
the services decide again and audit every change. Every form carries the rule set's revision, so
a change made meanwhile by someone else is reported instead of overwritten (ADR 0045, 0046)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from opgave.core.actors import Actor
from opgave.rules import errors, selectors, services
from opgave.rules.forms import LawReferenceForm, OpenTermForm, RevisionForm
from opgave.rules.models import RuleSet, RuleVersion, Status
from opgave.rules.views.common import crumbs, page, report, rule_set_crumb


def _managed(request: HttpRequest, uuid: str) -> tuple[Actor, RuleSet]:
    actor = Actor.of_request(request)
    return actor, selectors.managed_rule_set(
        actor, uuid, "Alleen de eigenaar van de regelset kan dit wijzigen."
    )


def _concept(item: RuleSet) -> RuleVersion | None:
    """The version whose decisions can get references: the newest, when it is a concept."""
    current = selectors.current_version(item)
    return current if current is not None and current.status == Status.CONCEPT else None


def _stale(request: HttpRequest, exc: errors.RulesError) -> bool:
    """A revision conflict: say so, and show the page again with the current data."""
    if exc.status in (412, 428):
        messages.error(
            request,
            "Iemand anders heeft de regelset intussen gewijzigd. Bekijk de actuele gegevens en doe je "
            "wijziging opnieuw.",
        )
        return True
    return False


def _save_changes(
    request: HttpRequest,
    item: RuleSet,
    form: Any,
    changes: dict[str, Any],
    change: Callable[[dict[str, Any], int | None], object],
    edit: tuple[str, int],
    done: str,
) -> HttpResponse | None:
    """The end of an edit form: nothing changed is said and not saved; else ``change(changes,
    revision)`` calls the service. A stale revision goes back to the ``edit`` route (name and
    object id) with the current data; another refusal returns ``None`` so the form is shown again
    with its errors."""
    if not changes:
        messages.info(request, "Er is niets gewijzigd.")
        return redirect("rules:detail", item.uuid)
    try:
        change(changes, form.cleaned_data["revision"])
    except errors.Forbidden:
        raise
    except errors.RulesError as exc:
        if _stale(request, exc):
            return redirect(edit[0], item.uuid, edit[1])
        report(request, exc, form)
        return None
    messages.success(request, done)
    return redirect("rules:detail", item.uuid)


def _confirm_remove(
    request: HttpRequest,
    item: RuleSet,
    remove: Callable[[int | None], object],
    *,
    title: str,
    what: str,
    done: str,
) -> HttpResponse:
    """Ask to confirm a removal; on a confirmed POST ``remove(revision)`` calls the service and the
    manager goes back to the rule set, told what happened (a stale revision says so)."""
    form = RevisionForm(request.POST or None, initial={"revision": item.revision})
    if request.method == "POST" and form.is_valid():
        try:
            remove(form.cleaned_data["revision"])
        except errors.Forbidden:
            raise
        except errors.RulesError as exc:
            if not _stale(request, exc):
                report(request, exc)
        else:
            messages.success(request, done)
        return redirect("rules:detail", item.uuid)
    return _form_page(request, "confirm_remove.html", item, form, title, what=what)


def _form_page(
    request: HttpRequest, template: str, item: RuleSet, form: Any, title: str, **extra: Any
) -> HttpResponse:
    """A law-reference, open-term or removal form of ``item`` under the rule set's breadcrumb."""
    return render(
        request,
        f"rules/{template}",
        {
            "item": item,
            "form": form,
            "title": title,
            "crumbs": crumbs(rule_set_crumb(item), (title, "")),
            **extra,
        },
    )


@page
def add_law_reference(request: HttpRequest, uuid: str) -> HttpResponse:
    actor, item = _managed(request, uuid)
    concept = _concept(item)
    decisions = selectors.decision_names(concept) if concept else []
    number = concept.number if concept else None
    form = LawReferenceForm(
        request.POST or None, decisions=decisions, version_number=number, initial={"revision": item.revision}
    )
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        try:
            services.add_law_reference(
                item, actor=actor, data=data, version=concept if data["decision"] else None
            )
        except errors.Forbidden:
            raise
        except errors.RulesError as exc:
            report(request, exc, form)
        else:
            messages.success(request, "De wetsverwijzing is toegevoegd.")
            return redirect("rules:detail", item.uuid)
    return _form_page(
        request, "law_reference_form.html", item, form, "Wetsverwijzing toevoegen", concept=concept
    )


@page
def edit_law_reference(request: HttpRequest, uuid: str, reference: int) -> HttpResponse:
    actor, item = _managed(request, uuid)
    found = selectors.law_reference(item, reference)
    version = found.version
    if version is not None and version.status != Status.CONCEPT:
        raise errors.Forbidden(
            "De verwijzingen van een gepubliceerde of ingetrokken versie veranderen niet meer."
        )
    decisions = selectors.decision_names(version) if version else []
    initial = {**found.as_dict(), "revision": item.revision}
    form = LawReferenceForm(
        request.POST or None,
        decisions=decisions,
        version_number=version.number if version else None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        response = _save_changes(
            request,
            item,
            form,
            {k: v for k, v in data.items() if v != initial[k]},
            lambda changes, revision: services.change_law_reference(
                found, actor=actor, data=changes, expected_revision=revision
            ),
            ("rules:lawref-edit", found.pk),
            "De wetsverwijzing is gewijzigd.",
        )
        if response is not None:
            return response
    return _form_page(
        request, "law_reference_form.html", item, form, "Wetsverwijzing wijzigen", reference=found
    )


@page
def remove_law_reference(request: HttpRequest, uuid: str, reference: int) -> HttpResponse:
    actor, item = _managed(request, uuid)
    found = selectors.law_reference(item, reference)
    return _confirm_remove(
        request,
        item,
        lambda revision: services.remove_law_reference(found, actor=actor, expected_revision=revision),
        title="Wetsverwijzing verwijderen",
        what=f"de verwijzing naar {found.title}, artikel {found.article}"
        + (f" (beslissing '{found.decision}')" if found.decision else ""),
        done="De wetsverwijzing is verwijderd.",
    )


@page
def add_open_term(request: HttpRequest, uuid: str) -> HttpResponse:
    actor, item = _managed(request, uuid)
    form = OpenTermForm(request.POST or None, initial={"revision": item.revision, "kind": "number"})
    current = selectors.current_version(item)
    inputs = selectors.input_names(current) if current else []
    if request.method == "POST" and form.is_valid():
        try:
            term = services.declare_open_term(item, actor=actor, **form.fields_for_service())
        except errors.Forbidden:
            raise
        except errors.RulesError as exc:
            report(request, exc, form)
        else:
            messages.success(request, "De open norm is vastgelegd.")
            if current is not None and term.name not in inputs:
                messages.warning(
                    request,
                    f"Let op: het model van versie {current.number} heeft geen input data '{term.name}'. "
                    "Een nieuwe versie kan pas worden gepubliceerd als het model die input data heeft.",
                )
            return redirect("rules:detail", item.uuid)
    return _form_page(
        request,
        "open_term_form.html",
        item,
        form,
        "Open norm vastleggen",
        inputs=inputs,
        inputs_text=", ".join(inputs),
    )


@page
def edit_open_term(request: HttpRequest, uuid: str, term: int) -> HttpResponse:
    actor, item = _managed(request, uuid)
    found = selectors.open_term(item, term)
    initial = OpenTermForm.initial_for(found, item.revision)
    form = OpenTermForm(request.POST or None, initial=initial, fixed_name=True)
    if request.method == "POST" and form.is_valid():
        new = form.fields_for_service(with_name=False)
        current = {name: getattr(found, name) for name in new}
        response = _save_changes(
            request,
            item,
            form,
            {k: v for k, v in new.items() if v != current[k] or type(v) is not type(current[k])},
            lambda changes, revision: services.change_open_term(
                found, actor=actor, changes=changes, expected_revision=revision
            ),
            ("rules:term-edit", found.pk),
            f"De open norm '{found.name}' is gewijzigd.",
        )
        if response is not None:
            return response
    return _form_page(
        request, "open_term_form.html", item, form, f"Open norm '{found.name}' wijzigen", term=found
    )


@page
def remove_open_term(request: HttpRequest, uuid: str, term: int) -> HttpResponse:
    actor, item = _managed(request, uuid)
    found = selectors.open_term(item, term)
    return _confirm_remove(
        request,
        item,
        lambda revision: services.remove_open_term(found, actor=actor, expected_revision=revision),
        title="Open norm verwijderen",
        what=f"de open norm '{found.label}' ({found.name})",
        done=f"De open norm '{found.name}' is verwijderd.",
    )
