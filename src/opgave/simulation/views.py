"""The simulation pages in the "Regels" section: the list and start form of a rule set, the page of
one simulation (progress by htmx polling, then the report) and its CSV export. Thin: reads via the
selectors, writes via the services, which decide."""

from __future__ import annotations

import csv
import io
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from opgave.core import exceptions
from opgave.core.actors import Actor
from opgave.rules import selectors as rule_selectors
from opgave.simulation import charts, kaart, selectors, services
from opgave.simulation.forms import SimulationForm
from opgave.simulation.models import Simulation, SimulationStatus
from opgave.simulation.report import euro

BADGES: dict[str, str] = {
    SimulationStatus.QUEUED: "neutral",
    SimulationStatus.RUNNING: "warning",
    SimulationStatus.DONE: "success",
    SimulationStatus.FAILED: "danger",
}


def page(view: Any) -> Any:
    """Login required; the service's refusals become the shell's 403/404 pages."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except exceptions.PermissionDenied as exc:
            raise PermissionDenied(exc.detail) from exc
        except exceptions.NotFound as exc:
            raise Http404(exc.detail) from exc

    return login_required(wrapper)


def _crumbs(rule_set: Any, *trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        ("Start", reverse("home")),
        ("Regels", reverse("rules:index")),
        (rule_set.title, reverse("rules:detail", args=[rule_set.uuid])),
        ("Simulaties", reverse("simulation:index", args=[rule_set.uuid])),
        *trail,
    ]


def _form(request: HttpRequest, actor: Actor, rule_set: Any) -> SimulationForm | None:
    if not selectors.can_start(actor, rule_set):
        return None
    versions = selectors.versions_for(actor, rule_set)
    if not versions:
        return None
    decisions = services.numeric_decisions(versions[-1])
    return SimulationForm(
        request.POST or None,
        request.FILES or None,
        organisations=selectors.organisations_for(actor, rule_set),
        versions=versions,
        variants=selectors.variant_versions_for(rule_set),
        decisions=decisions,
        populations=list(selectors.populations(actor)[:50]),
    )


def _show_error(request: HttpRequest, exc: exceptions.ServiceError, form: SimulationForm) -> None:
    rest = []
    names = {"base": "base", "proposal": "proposal", "decision": "decision", "size": "size", "seed": "seed"}
    for item in exc.errors:
        field = names.get(item.get("field", ""))
        if field and field in form.fields:
            form.add_error(field, item["message"])
        else:
            rest.append(item["message"])
    if rest and "file" in form.fields and form.data.get("source") == "bestand":
        for message in rest:
            form.add_error("file", message)
        rest = []
    messages.error(request, " ".join([exc.detail, *rest]).strip())


@page
def index(request: HttpRequest, uuid: Any) -> HttpResponse:
    actor = Actor.of_request(request)
    rule_set = rule_selectors.rule_set(actor, uuid)
    form = _form(request, actor, rule_set)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Je mag met deze regelset niet simuleren.")
        if form.is_valid():
            data = form.cleaned_data
            organisation = next(
                o for o in selectors.organisations_for(actor, rule_set) if str(o.uuid) == data["organisation"]
            )
            options: dict[str, Any] = {}
            if data["source"] == "genereren":
                options = {"size": data["size"], "seed": data.get("seed") or 0}
            elif data["source"] == "bestand":
                upload = data["file"]
                options = {"upload": (upload.name, upload.read())}
            else:
                options = {"population": selectors.population(actor, data["population"])}
            try:
                item = services.start_simulation(
                    rule_set,
                    actor=actor,
                    organisation=organisation,
                    base=services.Choice(data["base"], data.get("base_variant") or None),
                    proposal=services.Choice(data["proposal"], data.get("proposal_variant") or None),
                    decision=data["decision"],
                    title=data.get("title") or "",
                    **options,
                )
            except (exceptions.Invalid, exceptions.TooLarge) as exc:
                _show_error(request, exc, form)
            else:
                messages.success(
                    request, "De simulatie staat in de wachtrij. Deze pagina toont de voortgang."
                )
                return redirect("simulation:detail", uuid=rule_set.uuid, simulation=item.uuid)
    items = [(s, BADGES.get(s.status, "neutral")) for s in selectors.simulations(actor, rule_set)[:100]]
    return render(
        request,
        "simulation/index.html",
        {
            "item": rule_set,
            "simulations": items,
            "form": form,
            "crumbs": [*_crumbs(rule_set)[:-1], ("Simulaties", "")],
        },
        status=422 if request.method == "POST" else 200,
    )


def _simulation(request: HttpRequest, uuid: Any, simulation: Any) -> tuple[Actor, Simulation]:
    actor = Actor.of_request(request)
    rule_set = rule_selectors.rule_set(actor, uuid)
    item = selectors.simulation(actor, simulation)
    if item.rule_set_id != rule_set.id:
        raise exceptions.NotFound(selectors.NOT_FOUND)
    return actor, services.reconcile(item)


def _money_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**r, **{f"{k}_euro": euro(r[k]) for k in ("basis", "voorstel", "verschil", "gemiddeld") if k in r}}
        for r in rows
    ]


def _context(item: Simulation) -> dict[str, Any]:
    context: dict[str, Any] = {
        "item": item.rule_set,
        "simulation": item,
        "badge": BADGES.get(item.status, "neutral"),
        "crumbs": _crumbs(item.rule_set, (item.title, "")),
    }
    if item.report:
        report = item.report
        total = report["totaal"]
        context.update(
            {
                "total": total,
                "money": {k: euro(total[k]) for k in ("basis", "voorstel", "verschil")},
                "households": report.get("huishoudens"),
                "groups": [{**g, "rijen": _money_rows(g["rijen"])} for g in report["indelingen"]],
                "largest": _money_rows(report["grootste"]),
                "histogram": charts.histogram(report["histogram"]),
                "bars": {
                    g["sleutel"]: charts.bars(g["rijen"])
                    for g in report["indelingen"]
                    if g["sleutel"] != "gemeente"
                },
                "map": next(
                    (
                        kaart.choropleth(g["rijen"])
                        for g in report["indelingen"]
                        if g["sleutel"] == "gemeente"
                    ),
                    None,
                ),
            }
        )
    return context


@page
def detail(request: HttpRequest, uuid: Any, simulation: Any) -> HttpResponse:
    _, item = _simulation(request, uuid, simulation)
    return render(request, "simulation/detail.html", _context(item))


@page
def print_view(request: HttpRequest, uuid: Any, simulation: Any) -> HttpResponse:
    """The report without navigation, for paper or PDF (the browser's print dialog)."""
    _, item = _simulation(request, uuid, simulation)
    return render(request, "simulation/print.html", {**_context(item), "now": timezone.now()})


@page
def progress(request: HttpRequest, uuid: Any, simulation: Any) -> HttpResponse:
    """The progress fragment htmx polls; when the run has finished, htmx reloads the page."""
    _, item = _simulation(request, uuid, simulation)
    response = render(
        request,
        "simulation/_progress.html",
        {"item": item.rule_set, "simulation": item, "badge": BADGES.get(item.status, "neutral")},
    )
    if item.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@page
def export_csv(request: HttpRequest, uuid: Any, simulation: Any) -> HttpResponse:
    _, item = _simulation(request, uuid, simulation)
    if not item.report:
        raise Http404("Deze simulatie heeft nog geen rapport.")
    from opgave.simulation.report import csv_rows

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(csv_rows(item.report))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="simulatie-{item.uuid}.csv"'
    return response


@page
def export_parquet(request: HttpRequest, uuid: Any, simulation: Any) -> HttpResponse:
    """The outcome per person (row number, grouping columns, cents) as Parquet, for analysts."""
    _, item = _simulation(request, uuid, simulation)
    if not item.report:
        raise Http404("Deze simulatie heeft nog geen rapport.")
    from opgave.simulation.tasks import person_results

    buffer = io.BytesIO()
    person_results(item).write_parquet(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/vnd.apache.parquet")
    response["Content-Disposition"] = f'attachment; filename="simulatie-{item.uuid}-personen.parquet"'
    return response
