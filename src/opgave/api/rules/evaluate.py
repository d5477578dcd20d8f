"""Evaluation over REST: one case, a batch (JSON Lines or CSV, streamed), and receipt verification."""

import csv
import datetime as dt
import io
import json
import math
import uuid
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from ninja import Router

from opgave.api.problems import UNSUPPORTED_MEDIA_TYPE, ProblemError
from opgave.api.rules.common import EVALUATE, actor, domain
from opgave.api.rules.schemas import EvaluateIn, EvaluateOut, VerifyIn, VerifyOut
from opgave.dmn.jsonvalues import to_json
from opgave.rules import batch, evaluation, published, selectors
from opgave.rules.errors import Invalid, TooLarge
from opgave.rules.receipts import Issuer

router = Router(tags=["Regels: beslissen"])
JSONL = "application/x-ndjson"
JSON = "application/json"
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
    item = published.rule_set(who, rule_set_id)
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


class _Source:
    """The rows of a batch body, read incrementally (never the whole body in memory), as
    ``(row number, inputs or an error text)``. Stops after ``OPGAVE_RULES_BATCH_MAX_ROWS`` rows
    with an error row. :attr:`exhausted` says whether the body has been read to its end."""

    BLOCK = 1 << 16

    def __init__(self, request: HttpRequest, kind: str) -> None:
        self.request, self.kind = request, kind
        self.limit = int(settings.RULES_BATCH_MAX_ROWS)
        self.exhausted = False
        self._rows = self._read()
        self._next: tuple[int, Any] | None = None

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        return self

    def __next__(self) -> tuple[int, Any]:
        if self._next is not None:
            item, self._next = self._next, None
            return item
        return next(self._rows)

    def more(self) -> bool:
        """Whether another row follows (reads at most one more row ahead)."""
        if self._next is None:
            self._next = next(self._rows, None)
        return self._next is not None

    def _lines(self) -> Iterator[bytes]:
        rest = b""
        while True:
            block = self.request.read(self.BLOCK)
            if not block:
                break
            lines = (rest + block).split(b"\n")
            rest = lines.pop()
            yield from lines
        if rest:
            yield rest
        self.exhausted = True

    def _read(self) -> Iterator[tuple[int, Any]]:
        if self.kind == JSON:
            values = _json_list(self.request)
            rows: Iterator[tuple[int, Any]] = (
                (n, v if isinstance(v, dict) else "verwacht een JSON-object met invoer")
                for n, v in enumerate(values, start=1)
            )
        elif self.kind == CSV:
            rows = _csv_rows(self._lines())
        else:
            rows = _jsonl_rows(self._lines())
        for number, value in rows:
            if number > self.limit:
                yield number, f"meer dan {self.limit} rijen; de rest is niet verwerkt"
                return
            yield number, value
        self.exhausted = True


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is geen getal dat JSON kent")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"het getal {text[:20]} is te groot")
    return number


_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite_float)


def _jsonl_rows(lines: Iterator[bytes]) -> Iterator[tuple[int, Any]]:
    number = 0
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        number += 1
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        try:
            value = _DECODER.decode(line.decode("utf-8"))
        except json.JSONDecodeError as exc:
            yield number, f"geen geldige JSON (kolom {exc.colno})"
            continue
        except UnicodeDecodeError:
            yield number, "geen geldige UTF-8-tekst"
            continue
        except ValueError as exc:  # NaN, Infinity
            yield number, str(exc)
            continue
        # no float here can be infinite or NaN: _finite_float and _refuse_constant refused those
        yield number, value if isinstance(value, dict) else "verwacht een JSON-object met invoer"


def _csv_rows(lines: Iterator[bytes]) -> Iterator[tuple[int, Any]]:
    text = (line.decode("utf-8", errors="replace") + "\n" for line in lines)
    reader = csv.reader(_skip_bom(text))
    header: list[str] | None = None
    number = 0
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = [cell.strip() for cell in cells]
            continue
        number += 1
        if len(cells) > len(header):
            yield number, f"{len(cells)} cellen, maar de kopregel noemt er {len(header)}"
            continue
        yield (
            number,
            {name: _cell(cell) for name, cell in zip(header, cells, strict=False) if name and cell != ""},
        )


def _skip_bom(lines: Iterator[str]) -> Iterator[str]:
    first = next(lines, None)
    if first is None:
        return
    yield first.removeprefix("\ufeff")
    yield from lines


def _json_list(request: HttpRequest) -> list[Any]:
    if _declared_length(request) > int(settings.API_MAX_BODY_BYTES):
        raise TooLarge(
            f"Een JSON-lijst mag hoogstens {settings.API_MAX_BODY_BYTES} bytes zijn; stuur grotere batches "
            f"als JSON Lines of CSV (tot {settings.RULES_BATCH_MAX_BODY_BYTES} bytes)."
        )
    try:
        values = json.loads(request.read(), parse_constant=_refuse_constant)
    except (ValueError, UnicodeDecodeError):
        raise Invalid(
            "De inhoud is geen geldige JSON-lijst.", [{"field": "body", "message": "Ongeldige JSON."}]
        ) from None
    if not isinstance(values, list):
        raise Invalid(
            "Stuur een JSON-lijst met per geval een object.",
            [{"field": "body", "message": "Verwacht een lijst."}],
        )
    return values


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _cell(value: str) -> Any:
    """A CSV cell typed like JSON: numbers, true/false, otherwise text."""
    text = value.strip()
    if text.lower() in {"true", "false", "ja", "nee"}:
        return text.lower() in {"true", "ja"}
    try:
        return _DECODER.decode(text) if text[:1] in "-0123456789" else text
    except ValueError:
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
            },
            413: {
                "description": "De invoer is groter dan OPGAVE_RULES_BATCH_MAX_BODY_BYTES (een JSON-lijst: "
                "groter dan OPGAVE_API_MAX_BODY_BYTES).",
                "content": {"application/problem+json": {"schema": {"type": "object"}}},
            },
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
    """Een foute regel geeft een foutregel, niet een mislukte batch. JSON Lines en CSV mogen tot
    OPGAVE_RULES_BATCH_MAX_BODY_BYTES groot zijn (standaard 50 MB) en worden stukje voor stukje
    gelezen en beantwoord; een JSON-lijst valt onder de gewone grens van de API. Per stuk van
    OPGAVE_RULES_BATCH_CHUNK_ROWS rijen één record in het verwerkingenlog."""
    who = actor(request)
    item = selectors.rule_set(who, rule_set_id, with_owner=False)
    kind = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if kind == "application/jsonl":
        kind = JSONL
    if kind not in {JSONL, CSV, JSON}:
        raise ProblemError(
            UNSUPPORTED_MEDIA_TYPE,
            f"Stuur de gevallen als {JSONL} (JSON Lines), als {CSV} of als JSON-lijst.",
        )
    # resolving the version now makes "no version on this date" a 404, not a stream
    run = batch.Batch(
        item,
        actor=who,
        day=datum,
        variant_id=str(variant) if variant else None,
        request=request,
        chunk_rows=int(settings.RULES_BATCH_CHUNK_ROWS),
    )
    source = _Source(request, kind)
    chunks = run.chunks(source)
    render = _csv_chunk if kind == CSV else _jsonl_chunk
    out = CSV if kind == CSV else JSONL
    first = next(chunks, None)
    head = render(run, first, header=True)
    if not source.more():  # everything fitted in one chunk: one ordinary response
        return HttpResponse(head, content_type=f"{out}; charset=utf-8")
    return StreamingHttpResponse(_stream(head, chunks, run, render), content_type=f"{out}; charset=utf-8")


Chunk = tuple[Issuer, list[batch.Row]] | None


def _stream(head: str, chunks: Iterator[Any], run: batch.Batch, render: Any) -> Iterator[str]:
    yield head
    for chunk in chunks:
        yield render(run, chunk, header=False)


def _jsonl_chunk(run: batch.Batch, chunk: Chunk, *, header: bool) -> str:
    if chunk is None:
        return ""
    issuer, rows = chunk
    lines = []
    for row in rows:
        if row.error:
            lines.append(json.dumps({"rij": row.number, "fout": row.error}, ensure_ascii=False))
        else:
            receipt = issuer.receipt_json(row.receipt_id, row.inputs_hash, row.outputs_json, row.signature)
            lines.append(
                f'{{"rij": {row.number}, "bon_id": "{row.receipt_id}", "uitkomsten": {row.outputs_json}, '
                f'"bon": {receipt}}}'
            )
    lines.append("")
    return "\n".join(lines)


def _csv_chunk(run: batch.Batch, chunk: Chunk, *, header: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    names = run.decisions
    if header:
        writer.writerow(["rij", "bon_id", "handtekening", "fout", *names])
    for row in chunk[1] if chunk is not None else []:
        if row.error:
            writer.writerow([row.number, "", "", row.error, *["" for _ in names]])
        else:
            values = row.outputs or {}
            writer.writerow(
                [row.number, row.receipt_id, row.signature, "", *[_csv_value(values.get(n)) for n in names]]
            )
    return buffer.getvalue()


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


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
