"""Cursor pagination and filtering: the convention for every list endpoint.

A list answers ``{"items": [...], "next": "<url>" | null}`` and, when there is a next
page, a ``Link: <url>; rel="next"`` header. The client follows ``next`` until it is
``null``; it never builds a cursor itself.

* ``?limit=`` — items per page, 1 … ``API_MAX_PAGE_SIZE`` (default ``API_PAGE_SIZE``).
* ``?cursor=`` — opaque to clients (never parse it) and tamper-evident: a signed token
  (``django.core.signing``) holding the sort key of the last item seen, bound to the
  endpoint path and to the filters of the first request. A changed, forged or foreign
  cursor is 400. The token is signed, not encrypted, and travels in a URL: **never sort
  a list by personal data** — sort by a name of an organisation, a date or the id.
* Keyset, not offset: pages stay stable while rows are added, and every page costs
  one indexed query. The ordering must end in a unique field (the primary key is
  appended automatically).
* Filters are ordinary query parameters declared in a Ninja ``Schema`` (``kind``, ``q``
  …). Never put personal data (a BSN, a name, an e-mail address) in a URL: endpoints
  that search on personal data take it in a POST body instead.

Usage in an endpoint::

    @router.get("/organisations", response=page_of(OrganisationOut))
    def list_organisations(request, filters: Query[OrganisationFilters], page: Query[PageParams]):
        queryset = filters.apply(selectors.organisations_visible_to(person))
        return paginate(request, queryset, page, ordering=("name",), serialize=OrganisationOut.from_model)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Field as DjangoField
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

from opgave.api.problems import INVALID_CURSOR, ProblemError

_SALT = "opgave.api.cursor"


def default_page_size() -> int:
    return int(getattr(settings, "API_PAGE_SIZE", 25))


def max_page_size() -> int:
    return int(getattr(settings, "API_MAX_PAGE_SIZE", 100))


class PageParams(Schema):
    limit: int | None = Field(
        None, ge=1, le=100, description="Aantal items per pagina (1–100; standaard 25)."
    )
    cursor: str | None = Field(
        None, max_length=2000, description="Ondoorzichtige cursor uit 'next' van de vorige pagina."
    )


_PAGE_CLASSES: dict[type, type[Schema]] = {}


def page_of(item: type[Schema]) -> type[Schema]:
    """A named response schema ``<Item>Page`` with ``items: list[item]`` and ``next``."""
    if item not in _PAGE_CLASSES:
        name = item.__name__.removesuffix("Out") + "Page"
        _PAGE_CLASSES[item] = type(
            name,
            (Schema,),
            {
                "__annotations__": {"items": list[item], "next": str | None},  # type: ignore[valid-type]
                "next": Field(description="URL van de volgende pagina, of null op de laatste pagina."),
                "__doc__": f"Een pagina {item.__name__}-items (cursorpaginering).",
                "__module__": __name__,
            },
        )
    return _PAGE_CLASSES[item]


def _binding(request: HttpRequest) -> str:
    """What a cursor is bound to: the path and every query parameter except the paging ones."""
    params = sorted(
        (k, v) for k, values in request.GET.lists() for v in values if k not in {"cursor", "limit"}
    )
    return hashlib.sha256(json.dumps([request.path, params]).encode()).hexdigest()[:16]


def _bad_cursor() -> ProblemError:
    return ProblemError(
        INVALID_CURSOR,
        "Deze cursor is ongeldig, gewijzigd of hoort bij een andere zoekvraag. Begin opnieuw zonder cursor "
        "en volg de 'next'-links.",
        errors=[{"field": "cursor", "message": "Ongeldige cursor."}],
    )


def _decode(raw: str, request: HttpRequest, ordering: Sequence[str]) -> list[Any]:
    try:
        payload = signing.loads(raw, salt=_SALT)
    except signing.BadSignature as exc:
        raise _bad_cursor() from exc
    if (
        not isinstance(payload, dict)
        or payload.get("b") != _binding(request)
        or payload.get("o") != list(ordering)
        or not isinstance(payload.get("k"), list)
        or len(payload["k"]) != len(ordering)
    ):
        raise _bad_cursor()
    return list(payload["k"])


class _ExactEncoder(DjangoJSONEncoder):
    """Like Django's encoder, but keeps microseconds (a keyset needs the exact value)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            return o.isoformat()
        return super().default(o)


def _encode(values: list[Any], request: HttpRequest, ordering: Sequence[str]) -> str:
    plain = json.loads(json.dumps(values, cls=_ExactEncoder))
    return signing.dumps({"b": _binding(request), "o": list(ordering), "k": plain}, salt=_SALT, compress=True)


def _to_python(model: type[Model], name: str, value: Any) -> Any:
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if not isinstance(field, DjangoField):
        raise TypeError(f"Cannot order pages by {name!r}: not a concrete field of {model.__name__}.")
    converted = field.to_python(value)
    if isinstance(converted, dt.datetime) and converted.tzinfo is None:
        converted = converted.replace(tzinfo=dt.UTC)
    return converted


def _after(ordering: Sequence[str], values: list[Any]) -> Q:
    """Rows strictly after ``values`` in ``ordering`` (ascending or ``-descending``)."""
    condition = Q()
    for index, spec in enumerate(ordering):
        name = spec.lstrip("-")
        op = "lt" if spec.startswith("-") else "gt"
        step = Q(**{f"{name}__{op}": values[index]})
        for earlier_spec, earlier_value in zip(ordering[:index], values[:index], strict=True):
            step &= Q(**{earlier_spec.lstrip("-"): earlier_value})
        condition |= step
    return condition


def _next_url(request: HttpRequest, cursor: str, limit: int) -> str:
    params = [(k, v) for k, values in request.GET.lists() for v in values if k not in {"cursor", "limit"}]
    params += [("limit", str(limit)), ("cursor", cursor)]
    return request.build_absolute_uri(request.path) + "?" + urlencode(params)


def paginate(
    request: HttpRequest,
    queryset: QuerySet[Any],
    page: PageParams,
    *,
    ordering: Sequence[str],
    serialize: Callable[[Any], Any] | None = None,
    serialize_page: Callable[[list[Any]], list[Any]] | None = None,
    response: Any = None,
) -> dict[str, Any]:
    """One page of ``queryset`` in ``ordering`` (the pk is appended as tie-breaker). Give
    ``serialize`` (one row) or ``serialize_page`` (the page's rows at once, to ask the database
    about all of them together)."""
    order = [*ordering, "pk"] if "pk" not in {spec.lstrip("-") for spec in ordering} else list(ordering)
    model = queryset.model
    ordered = queryset.order_by(*order)

    def fetch(after: list[Any] | None, count: int) -> list[Any]:
        rows = ordered if after is None else ordered.filter(_after(order, after))
        return list(rows[:count])

    return paginate_rows(
        request,
        fetch,
        page,
        model=model,
        ordering=order,
        serialize=serialize,
        serialize_page=serialize_page,
        response=response,
    )


def paginate_rows(
    request: HttpRequest,
    fetch: Callable[[list[Any] | None, int], list[Any]],
    page: PageParams,
    *,
    model: type[Model],
    ordering: Sequence[str],
    serialize: Callable[[Any], Any] | None = None,
    serialize_page: Callable[[list[Any]], list[Any]] | None = None,
    response: Any = None,
) -> dict[str, Any]:
    """:func:`paginate` for rows a query of the caller's own reads: ``fetch(after, count)`` returns
    up to ``count`` rows of ``model`` in ``ordering`` (ending in ``pk``), those after the sort key
    ``after`` only (``None``: from the start). The cursor is the same signed, bound token."""
    order = list(ordering)
    if not order or order[-1].lstrip("-") != "pk":
        raise TypeError("paginate_rows needs an ordering that ends in the primary key")
    limit = min(page.limit or default_page_size(), max_page_size())
    after = None
    if page.cursor:
        raw = _decode(page.cursor, request, order)
        after = [_to_python(model, spec.lstrip("-"), value) for spec, value in zip(order, raw, strict=True)]
    rows = fetch(after, limit + 1)
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_url = None
    if has_more and rows:
        last = rows[-1]
        values = [getattr(last, "pk" if spec.lstrip("-") == "pk" else spec.lstrip("-")) for spec in order]
        next_url = _next_url(request, _encode(values, request, order), limit)
        if response is not None:
            response["Link"] = f'<{next_url}>; rel="next"'
    if serialize_page is not None:
        return {"items": serialize_page(rows), "next": next_url}
    if serialize is None:
        raise TypeError("paginate needs serialize or serialize_page")
    return {"items": [serialize(row) for row in rows], "next": next_url}
