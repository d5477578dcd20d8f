"""The catalogue, a rule set, its versions (upload, publish, withdraw), the diff and the variant form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from opgave.core.actors import Actor
from opgave.rules import diff, dmnfiles, errors, permissions, selectors, services, tables
from opgave.rules.forms import DiffForm, RuleSetForm, UploadForm, VariantForm
from opgave.rules.models import Status
from opgave.rules.views.common import crumbs, page, report, rule_set_crumb

BADGES: dict[str, str] = {Status.CONCEPT: "warning", Status.PUBLISHED: "success", Status.WITHDRAWN: "neutral"}


def _own_organisations(actor: Actor) -> list[Any]:
    return list(selectors.organisations_of(actor))


@page
def index(request: HttpRequest) -> HttpResponse:
    actor = Actor.of_request(request)
    query = request.GET.get("q", "").strip()[:200]
    owner = request.GET.get("eigenaar", "").strip()
    law = request.GET.get("wet", "").strip()[:20]
    status = request.GET.get("status", "").strip()
    if status not in Status.values:
        status = ""
    items = (
        selectors.rule_sets(actor, query=query, owner=owner or None, law=law, status=status)
        if _uuid_ok(owner)
        else []
    )
    return render(
        request,
        "rules/index.html",
        {
            "items": items,
            "query": query,
            "owner": owner,
            "law": law,
            "status": status,
            "owners": selectors.catalogue_owners(actor),
            "statuses": Status.choices,
            "can_create": bool(_own_organisations(actor)),
            "crumbs": [*crumbs()[:-1], ("Regels", "")],
        },
    )


def _uuid_ok(text: str) -> bool:
    import uuid

    if not text:
        return True
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


@page
def create(request: HttpRequest) -> HttpResponse:
    actor = Actor.of_request(request)
    organisations = _own_organisations(actor)
    form = RuleSetForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_rule_set(
                actor=actor,
                owner=next(o for o in organisations if str(o.uuid) == form.cleaned_data["owner"]),
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                visibility=form.cleaned_data["visibility"],
            )
        except errors.RulesError as exc:
            report(request, exc, form)
        else:
            messages.success(request, "De regelset is aangemaakt. Upload nu een DMN-model als eerste versie.")
            return redirect("rules:detail", item.uuid)
    return render(request, "rules/create.html", {"form": form, "crumbs": crumbs(("Nieuwe regelset", ""))})


@page
def detail(request: HttpRequest, uuid: str) -> HttpResponse:
    actor = Actor.of_request(request)
    item = selectors.rule_set(actor, uuid)
    versions = list(selectors.versions(item))
    current = versions[-1] if versions else None
    open_terms = selectors.open_terms(item)
    form = UploadForm()
    return render(
        request,
        "rules/detail.html",
        {
            "item": item,
            "versions": [(v, BADGES[v.status]) for v in versions],
            "law_references": selectors.own_law_references(item),
            "current": current,
            "decision_references": selectors.version_law_references(current) if current else [],
            "current_is_concept": current is not None and current.status == Status.CONCEPT,
            "open_terms": open_terms,
            "variants": list(selectors.variants(item)),
            "can_manage": permissions.can_manage(actor, item),
            "can_vary": bool(_own_organisations(actor)) and bool(open_terms),
            "can_try": any(v.status == Status.PUBLISHED for v in versions),
            "upload_form": form,
            "diff_form": DiffForm(numbers=[v.number for v in versions]) if len(versions) > 1 else None,
            "crumbs": crumbs((item.title, "")),
        },
    )


@page
@require_POST
def upload(request: HttpRequest, uuid: str) -> HttpResponse:
    actor = Actor.of_request(request)
    item = selectors.rule_set(actor, uuid)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            version = services.add_version(
                item,
                actor=actor,
                dmn=form.cleaned_data["dmn"].read(),
                geldig_van=form.cleaned_data["geldig_van"],
                geldig_tot=form.cleaned_data["geldig_tot"],
                note=form.cleaned_data["note"],
            )
        except errors.RulesError as exc:
            report(request, exc)
        else:
            messages.success(request, f"Versie {version.number} is opgeslagen als concept.")
            return redirect("rules:version", item.uuid, version.number)
    else:
        messages.error(
            request,
            "Het uploaden is niet gelukt: "
            + "; ".join(
                f"{form.fields[k].label}: {' '.join(str(m) for m in v)}" for k, v in form.errors.items()
            ),
        )
    return redirect("rules:detail", item.uuid)


@page
def version(request: HttpRequest, uuid: str, number: int) -> HttpResponse:
    actor = Actor.of_request(request)
    item = selectors.rule_set(actor, uuid)
    found = selectors.version(item, number)
    model = dmnfiles.compiled(found.model_hash, found.model_xml, found.imported_xml)
    return render(
        request,
        "rules/version.html",
        {
            "item": item,
            "version": found,
            "badge": BADGES[found.status],
            "decisions": tables.describe(found.model_xml),
            "problems": dmnfiles.problems_of(model),
            "law_references": [r.as_dict() for r in selectors.version_law_references(found)],
            "can_manage": permissions.can_manage(actor, item),
            "crumbs": crumbs(rule_set_crumb(item), (f"Versie {found.number}", "")),
        },
    )


@page
def model_xml(request: HttpRequest, uuid: str, number: int) -> HttpResponse:
    item = selectors.rule_set(Actor.of_request(request), uuid)
    found = selectors.version(item, number)
    text = tables.for_dmn_js(found.model_xml) if request.GET.get("voor") == "dmn-js" else found.model_xml
    response = HttpResponse(text, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{item.title}-versie-{found.number}.dmn"'
    return response


@page
@require_POST
def publish(request: HttpRequest, uuid: str, number: int) -> HttpResponse:
    actor = Actor.of_request(request)
    item = selectors.rule_set(actor, uuid)
    try:
        services.publish_version(selectors.version(item, number), actor=actor)
    except errors.Forbidden:
        raise
    except errors.RulesError as exc:
        report(request, exc)
    else:
        messages.success(request, f"Versie {number} is gepubliceerd.")
    return redirect("rules:version", item.uuid, number)


@page
@require_POST
def withdraw(request: HttpRequest, uuid: str, number: int) -> HttpResponse:
    actor = Actor.of_request(request)
    item = selectors.rule_set(actor, uuid)
    try:
        services.withdraw_version(selectors.version(item, number), actor=actor)
    except errors.Forbidden:
        raise
    except errors.RulesError as exc:
        report(request, exc)
    else:
        messages.success(request, f"Versie {number} is ingetrokken.")
    return redirect("rules:version", item.uuid, number)


@page
def compare(request: HttpRequest, uuid: str) -> HttpResponse:
    actor = Actor.of_request(request)
    item = selectors.rule_set(actor, uuid)
    numbers = [v.number for v in selectors.versions(item)]
    form = DiffForm(request.GET or None, numbers=numbers)
    result = None
    if form.is_valid():
        result = diff.versions(
            selectors.version(item, form.cleaned_data["van"]),
            selectors.version(item, form.cleaned_data["naar"]),
        )
    return render(
        request,
        "rules/diff.html",
        {
            "item": item,
            "form": form,
            "diff": result,
            "crumbs": crumbs(rule_set_crumb(item), ("Verschil", "")),
        },
    )


@page
def variant(request: HttpRequest, uuid: str) -> HttpResponse:
    actor = Actor.of_request(request)
    item = selectors.rule_set(actor, uuid)
    organisations = _own_organisations(actor)
    terms = selectors.open_terms(item)
    form = VariantForm(
        request.POST or None,
        organisations=organisations,
        terms=terms,
        initial={"geldig_van": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_variant(
                item,
                actor=actor,
                organisation=next(
                    o for o in organisations if str(o.uuid) == form.cleaned_data["organisation"]
                ),
                values=form.values(),
                geldig_van=form.cleaned_data["geldig_van"],
                geldig_tot=form.cleaned_data["geldig_tot"],
                regulation_title=form.cleaned_data["regulation_title"],
                regulation_url=form.cleaned_data["regulation_url"],
            )
        except errors.RulesError as exc:
            report(request, exc, form)
        else:
            messages.success(request, "De variant is gepubliceerd.")
            return redirect("rules:detail", item.uuid)
    compared = [diff.variant(vv) for vv in selectors.latest_variant_versions(item)]
    return render(
        request,
        "rules/variant.html",
        {
            "item": item,
            "form": form,
            "terms": terms,
            "compared": compared,
            "crumbs": crumbs(rule_set_crumb(item), ("Variant", "")),
        },
    )
