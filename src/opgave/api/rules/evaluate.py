"""Evaluation over REST: one case, a batch (JSON Lines or CSV, streamed), and receipt verification."""

import csv
import datetime as dt
import io
import json
import uuid
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from ninja import Router

from opgave.api.problems import UNSUPPORTED_MEDIA_TYPE, ProblemError
from opgave.api.rules.common import EVALUATE, actor, domain
from opgave.api.rules.schemas import EvaluateIn, EvaluateOut, VerifyIn, VerifyOut
from opgave.dmn.jsonvalues import to_json
from opgave.rules import evaluation, selectors
from opgave.rules.errors import Invalid
from opgave.rules.receipts import plain

router = Router(tags=["Regels: beslissen"])
JSONL = "application/x-ndjson"
JSON = "application/json"
# Small batches are answered in one response (cheaper); larger ones are streamed row by row.
BUFFER_ROWS = 1000
CSV = "text/csv"
_BATCH_BODY = {
    "content": {
        JSONL: {"schema": {"type": "string", "description": "Eén JSON-object met invoer per regel."}},
        "application/jsonl": {"schema": {"type": "string"}},
        CSV: {
            "schema": {
                "type": "string",
                "description": "Kopregel met invoernamen, daarna één geval per regel.",
            }
        },
    },
    "required": True,
}


def _floats(value: Any) -> Any:
    return to_json(value, exact=False)


@router.post(
    "/rulesets/{rule_set_id}/evaluate",
    response=EvaluateOut,
    auth=EVALUATE,
    url_name="ruleset-evaluate",
    summary="Een beslissing laten nemen (één geval)",
)
@domain
def evaluate(request: HttpRequest, rule_set_id: uuid.UUID, payload: EvaluateIn) -> EvaluateOut:
    """Kiest de versie die op ``datum`` gold, vult open normen uit de variant (of hun standaard), controleert
    de invoer tegen het schema (422 met het veld) en geeft uitkomsten, meldingen, desgevraagd de uitleg,
    en een ondertekende bon. De invoer wordt niet bewaard; het verwerkingenlog noemt alleen de hash van de bon."""
    who = actor(request)
    item = selectors.rule_set(who, rule_set_id, with_owner=False)
    result = evaluation.evaluate(
        item,
        actor=who,
        inputs=payload.inputs,
        day=payload.datum,
        variant_id=str(payload.variant) if payload.variant else None,
        decisions=payload.decisions,
        explain=payload.explain,
        request=request,
    )
    return EvaluateOut(
        outputs=_floats(result.outputs),
        messages=result.messages,
        sources=result.sources,
        explanation=_floats(result.trace) if result.trace is not None else None,
        receipt=result.receipt,
    )


def _json_list(request: HttpRequest) -> list[Any]:
    cached = getattr(request, "_rules_json_list", None)
    if cached is None:
        try:
            cached = json.loads(request.body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise Invalid(
                "De inhoud is geen geldige JSON-lijst.", [{"field": "body", "message": "Ongeldige JSON."}]
            ) from None
        if not isinstance(cached, list):
            raise Invalid(
                "Stuur een JSON-lijst met per geval een object.",
                [{"field": "body", "message": "Verwacht een lijst."}],
            )
        request._rules_json_list = cached  # type: ignore[attr-defined]
    return cached


def _rows(request: HttpRequest, kind: str) -> Iterator[tuple[int, Any]]:
    limit = int(settings.RULES_BATCH_MAX_ROWS)
    if kind == JSON:
        for number, value in enumerate(_json_list(request), start=1):
            if number > limit:
                yield number, f"meer dan {limit} rijen; de rest is niet verwerkt"
                return
            yield number, value if isinstance(value, dict) else "verwacht een JSON-object met invoer"
        return
    text = request.body.decode("utf-8", errors="replace")
    if kind == CSV:
        reader = csv.DictReader(io.StringIO(text))
        for number, row in enumerate(reader, start=1):
            if number > limit:
                yield number, f"meer dan {limit} rijen; de rest is niet verwerkt"
                return
            yield number, {k: _cell(v) for k, v in row.items() if k is not None and v not in (None, "")}
        return
    for number, line in enumerate((ln for ln in text.splitlines() if ln.strip()), start=1):
        if number > limit:
            yield number, f"meer dan {limit} rijen; de rest is niet verwerkt"
            return
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, f"geen geldige JSON (kolom {exc.colno})"
            continue
        yield number, value if isinstance(value, dict) else "verwacht een JSON-object met invoer"


def _cell(value: str) -> Any:
    """A CSV cell typed like JSON: numbers, true/false, otherwise text."""
    text = value.strip()
    if text.lower() in {"true", "false", "ja", "nee"}:
        return text.lower() in {"true", "ja"}
    try:
        return json.loads(text) if text[:1] in "-0123456789" else text
    except json.JSONDecodeError:
        return text


@router.post(
    "/rulesets/{rule_set_id}/evaluate-batch",
    response={200: None},
    auth=EVALUATE,
    url_name="ruleset-evaluate-batch",
    summary="Veel gevallen tegelijk (JSON Lines of CSV, gestreamd)",
    openapi_extra={
        "requestBody": _BATCH_BODY,
        "responses": {
            200: {
                "description": "Per invoerregel één uitvoerregel, in hetzelfde formaat: uitkomsten en bon-id, of een fout.",
                "content": {JSONL: {"schema": {"type": "string"}}, CSV: {"schema": {"type": "string"}}},
            }
        },
    },
)
@domain
def evaluate_batch(
    request: HttpRequest,
    rule_set_id: uuid.UUID,
    datum: dt.date | None = None,
    variant: uuid.UUID | None = None,
) -> HttpResponse | StreamingHttpResponse:
    """Een foute regel geeft een foutregel, niet een mislukte batch. Eén record in het verwerkingenlog per batch."""
    who = actor(request)
    item = selectors.rule_set(who, rule_set_id)
    kind = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if kind == "application/jsonl":
        kind = JSONL
    if kind not in {JSONL, CSV, JSON}:
        raise ProblemError(
            UNSUPPORTED_MEDIA_TYPE,
            f"Stuur de gevallen als {JSONL} (JSON Lines), als {CSV} of als JSON-lijst.",
        )
    day = datum or timezone.localdate()
    results = evaluation.evaluate_rows(
        item,
        _rows(request, kind),
        actor=who,
        day=day,
        variant_id=str(variant) if variant else None,
        request=request,
    )
    first = next(
        results, None
    )  # resolve the version now, so "no version on this date" is a 404, not a stream
    stream = _csv(first, results) if kind == CSV else _jsonl(first, results)
    out = CSV if kind == CSV else JSONL
    if _row_count(request, kind) <= BUFFER_ROWS:
        return HttpResponse("".join(stream), content_type=f"{out}; charset=utf-8")
    return StreamingHttpResponse(stream, content_type=f"{out}; charset=utf-8")


def _row_count(request: HttpRequest, kind: str) -> int:
    if kind == JSON:
        return len(_json_list(request))
    return request.body.count(b"\n") + 1


def _jsonl(first: Any, results: Iterator[Any]) -> Iterator[str]:
    for number, result, error in _chain(first, results):
        if result is None:
            yield json.dumps({"rij": number, "fout": error}, ensure_ascii=False) + "\n"
        else:
            row = {
                "rij": number,
                "bon_id": result.receipt["id"],
                "uitkomsten": plain(result.outputs),
                "bon": result.receipt,
            }
            yield json.dumps(row, ensure_ascii=False) + "\n"


def _csv(first: Any, results: Iterator[Any]) -> Iterator[str]:
    header: list[str] | None = None
    for number, result, error in _chain(first, results):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        if header is None:
            names = list(result.outputs) if result is not None else []
            header = names
            writer.writerow(["rij", "bon_id", "handtekening", "fout", *names])
        if result is None:
            writer.writerow([number, "", "", error, *["" for _ in header]])
        else:
            values = plain(result.outputs)
            writer.writerow(
                [
                    number,
                    result.receipt["id"],
                    result.receipt["handtekening"],
                    "",
                    *[values.get(n, "") for n in header],
                ]
            )
        yield buffer.getvalue()


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    if first is not None:
        yield first
    yield from rest


@router.post(
    "/receipts/verify",
    response=VerifyOut,
    auth=EVALUATE,
    url_name="receipt-verify",
    summary="Een bon controleren: reproduceert de beslissing nog?",
)
@domain
def verify_receipt(request: HttpRequest, payload: VerifyIn) -> VerifyOut:
    """Controleert de handtekening en de hash van de invoer, evalueert opnieuw met precies de versie
    (en variantversie) die de bon noemt — niet de versie die vandaag geldt — en vergelijkt de uitkomsten."""
    if not isinstance(payload.receipt.get("regelset"), str):
        raise Invalid("De bon noemt geen regelset.", [{"field": "receipt.regelset", "message": "Ontbreekt."}])
    result = evaluation.verify(payload.receipt, payload.inputs, actor=actor(request), request=request)
    return VerifyOut(**{**result, "uitkomsten": _floats(result["uitkomsten"])})
