"""My dossiers, starting one, the dossier page, joining, participants, entries and the plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from opgave.dossiers import errors, permissions, selectors, services
from opgave.dossiers.forms import DossierForm, EntryForm, JoinForm, PlanItemForm
from opgave.dossiers.models import PlanItem
from opgave.dossiers.views.common import actor, crumbs, page, report


@login_required
@page
def index(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    return render(
        request,
        "dossiers/index.html",
        {
            "dossiers": list(selectors.my_dossiers(who)),
            "requests": list(selectors.my_requests(who)),
            "obligations": list(selectors.work_list(who)[:5]),
            "today": timezone.localdate(),
            "can_act": permissions.acting_organisation(who, permissions.WRITE) is not None,
            "crumbs": crumbs(),
        },
    )


@login_required
@page
def create(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = DossierForm(request.POST or None, activities=selectors.claimable_purposes(who))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dossier = services.create_dossier(
                actor=who,
                kind=data["kind"],
                title=data["title"],
                subjects=[
                    services.SubjectInput(
                        relation=data["relation"],
                        bsn=data["bsn"],
                        name=data["name"],
                        birth_date=data["birth_date"],
                        postcode=data["postcode"],
                        house_number=data["house_number"],
                    )
                ],
                role=data["role"],
                purposes=data["purposes"],
                clearance=data["clearance"],
            )
        except errors.DossierError as exc:
            report(request, exc, form)
        else:
            messages.success(request, f"Dossier {dossier.reference} is gestart.")
            return redirect("dossiers:detail", dossier.uuid)
    return render(
        request,
        "dossiers/form.html",
        {
            "form": form,
            "title": "Nieuw dossier",
            "intro": "Het burgerservicenummer wordt gecontroleerd en daarna alleen als pseudoniem bewaard.",
            "submit": "Dossier starten",
            "multipart": False,
            "crumbs": crumbs(("Nieuw dossier", "")),
        },
    )


@login_required
@page
def detail(request: HttpRequest, uuid: str) -> HttpResponse:
    who = actor(request)
    dossier, part = selectors.dossier(who, uuid)
    today = timezone.localdate()
    participants = list(selectors.participations(dossier))
    number = request.GET.get("pagina", "1")
    timeline = selectors.timeline_page(part, int(number) if number.isdigit() and len(number) < 7 else 1)
    response = render(
        request,
        "dossiers/detail.html",
        {
            "dossier": dossier,
            "mine": part,
            "subjects": selectors.subjects(part),
            "participants": participants,
            "timeline": timeline.views,
            "timeline_page": timeline,
            "count": selectors.entry_count(part),
            "plan": selectors.plan(part, today),
            "obligations": list(selectors.obligations(part)),
            "today": today,
            "is_regisseur": permissions.is_regisseur(part),
            "status_choices": PlanItem.Status.choices,
            "entry_form": EntryForm(purposes=part.purposes.all(), prefix="stuk"),
            "plan_form": PlanItemForm(
                organisations=[p.organisation for p in participants if p.status == "actief"], prefix="plan"
            ),
            "crumbs": crumbs((dossier.reference, "")),
        },
    )
    # the processing log last, once the page is rendered: a short append of its own
    selectors.log_reading(who, part, timeline.rows)
    return response


@login_required
@require_POST
@page
def add_entry(request: HttpRequest, uuid: str) -> HttpResponse:
    who = actor(request)
    dossier, part = selectors.dossier(who, uuid)
    form = EntryForm(request.POST, request.FILES, purposes=part.purposes.all(), prefix="stuk")
    if form.is_valid():
        data = form.cleaned_data
        upload = data.get("document")
        try:
            services.add_entry(
                actor=who,
                dossier=dossier,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                purpose=data["purpose"],
                confidentiality=data["confidentiality"],
                safety_level=data["safety_level"],
                document=upload.read() if upload else None,
                document_name=upload.name if upload else "",
            )
        except errors.DossierError as exc:
            report(request, exc)
        else:
            messages.success(request, "Het stuk is vastgelegd.")
    else:
        messages.error(
            request,
            "Het stuk is niet vastgelegd: " + "; ".join(str(e) for es in form.errors.values() for e in es),
        )
    return redirect("dossiers:detail", dossier.uuid)


@login_required
@page
def entry(request: HttpRequest, uuid: str, entry: str) -> HttpResponse:
    who = actor(request)
    dossier, part = selectors.dossier(who, uuid)
    _found, view = selectors.entry(who, part, entry)
    return render(
        request,
        "dossiers/entry.html",
        {
            "dossier": dossier,
            "entry": view,
            "crumbs": crumbs((dossier.reference, f"/dossiers/{dossier.uuid}/"), (view.kind_label, "")),
        },
    )


@login_required
@page
def document(request: HttpRequest, uuid: str, entry: str) -> HttpResponse:
    who = actor(request)
    _dossier, part = selectors.dossier(who, uuid)
    view, data = selectors.document(who, part, entry)
    response = HttpResponse(data, content_type=view.content_type)
    response["Content-Disposition"] = 'attachment; filename="document"'
    return response


@login_required
@require_POST
@page
def add_plan_item(request: HttpRequest, uuid: str) -> HttpResponse:
    who = actor(request)
    dossier, _part = selectors.dossier(who, uuid)
    participants = [p.organisation for p in selectors.participations(dossier) if p.status == "actief"]
    form = PlanItemForm(request.POST, organisations=participants, prefix="plan")
    if form.is_valid():
        data = form.cleaned_data
        try:
            owner = selectors.participant_organisation(dossier, data["owner"]) if data["owner"] else None
            services.add_item(
                actor=who,
                dossier=dossier,
                section=data["section"],
                text=data["text"],
                owner=owner,
                deadline=data["deadline"],
            )
        except errors.DossierError as exc:
            report(request, exc)
        else:
            messages.success(request, "Het plan is aangevuld.")
    else:
        messages.error(request, "Het plan is niet aangevuld: vul een tekst in.")
    return redirect("dossiers:detail", dossier.uuid)


@login_required
@require_POST
@page
def plan_item_status(request: HttpRequest, uuid: str, item: str) -> HttpResponse:
    who = actor(request)
    dossier, part = selectors.dossier(who, uuid)
    try:
        found = selectors.plan_item(part, item)
        services.update_item(
            actor=who,
            item=found,
            expected_revision=_int(request.POST.get("revision")),
            status=request.POST.get("status"),
        )
    except errors.DossierError as exc:
        report(request, exc)
    else:
        messages.success(request, "De status is bijgewerkt.")
    return redirect("dossiers:detail", dossier.uuid)


@login_required
@require_POST
@page
def review_plan(request: HttpRequest, uuid: str) -> HttpResponse:
    who = actor(request)
    dossier, _part = selectors.dossier(who, uuid)
    try:
        services.review_plan(actor=who, dossier=dossier)
    except errors.DossierError as exc:
        report(request, exc)
    else:
        messages.success(request, "De herbeoordeling van het plan is vastgelegd.")
    return redirect("dossiers:detail", dossier.uuid)


@login_required
@require_POST
@page
def fulfil(request: HttpRequest, uuid: str, obligation: str) -> HttpResponse:
    who = actor(request)
    dossier, part = selectors.dossier(who, uuid)
    try:
        services.fulfil(actor=who, obligation=selectors.obligation(part, obligation))
    except errors.DossierError as exc:
        report(request, exc)
    else:
        messages.success(request, "De verplichting is als voldaan gemarkeerd.")
    return redirect("dossiers:detail", dossier.uuid)


@login_required
@page
def join(request: HttpRequest, uuid: str) -> HttpResponse:
    who = actor(request)
    dossier = selectors.find_dossier(uuid)
    form = JoinForm(request.POST or None, activities=selectors.claimable_purposes(who))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_participation(
                actor=who,
                dossier=dossier,
                role=data["role"],
                purposes=data["purposes"],
                clearance=data["clearance"],
            )
        except errors.DossierError as exc:
            report(request, exc, form)
        else:
            messages.success(request, "Je aanvraag is verstuurd. De regisseur beslist erover.")
            return redirect("dossiers:index")
    return render(
        request,
        "dossiers/form.html",
        {
            "form": form,
            "title": f"Deelnemen aan dossier {dossier.reference}",
            "intro": "Je ziet niets van het dossier tot de regisseur je aanvraag accepteert, en dan alleen "
            "de stukken die onder je doelen en je vertrouwelijkheidsniveau vallen.",
            "submit": "Aanvraag versturen",
            "crumbs": crumbs(("Deelnemen", "")),
        },
    )


@login_required
@require_POST
@page
def decide(request: HttpRequest, uuid: str, participation: str) -> HttpResponse:
    who = actor(request)
    dossier = selectors.dossier_for_management(who, uuid)
    accept = request.POST.get("decision") == "accept"
    try:
        services.decide_participation(
            actor=who, participation=selectors.participation(dossier, participation), accept=accept
        )
    except errors.DossierError as exc:
        report(request, exc)
    else:
        messages.success(request, "De aanvraag is geaccepteerd." if accept else "De aanvraag is geweigerd.")
    return redirect("dossiers:detail", dossier.uuid)


@login_required
@require_POST
@page
def leave(request: HttpRequest, uuid: str, participation: str) -> HttpResponse:
    who = actor(request)
    dossier = selectors.find_dossier(uuid)
    try:
        services.leave(actor=who, participation=selectors.participation(dossier, participation))
    except errors.DossierError as exc:
        report(request, exc)
        return redirect("dossiers:detail", dossier.uuid)
    messages.success(request, "De deelname is beëindigd.")
    return redirect("dossiers:index")


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None
