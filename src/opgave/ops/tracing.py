"""OpenTelemetry tracing (optional: ``pip install 'opgave[otel]'`` and ``OPGAVE_OTEL=true``).

One id for one request everywhere: the span of a request has the trace id that
:class:`~opgave.core.middleware.TraceContextMiddleware` gave it (taken from the caller's
``traceparent`` or new), and its span id becomes ``request.span_id`` — the ids the
processing log (*Logboek Dataverwerkingen*) stores with each record. So a processing
record leads to its trace in the tracing backend, and back.

The exporter is configured the OpenTelemetry way (``OTEL_EXPORTER_OTLP_ENDPOINT`` and
friends); without ``opentelemetry-exporter-otlp`` the spans are made but not sent.
"""

from __future__ import annotations

import contextvars
import random
from collections.abc import Callable
from typing import Any

import structlog
from django.conf import settings
from django.http import HttpRequest, HttpResponse

_TRACE_ID: contextvars.ContextVar[int | None] = contextvars.ContextVar("opgave_trace_id", default=None)


def available() -> bool:
    try:
        import opentelemetry.sdk.trace  # noqa: F401
    except ImportError:
        return False
    return True


def id_generator() -> Any:
    """An SDK id generator that reuses the request's trace id for the request's span."""
    from opentelemetry.sdk.trace.id_generator import IdGenerator

    class RequestTraceIdGenerator(IdGenerator):
        def generate_span_id(self) -> int:
            return random.getrandbits(64) or 1

        def generate_trace_id(self) -> int:
            return _TRACE_ID.get() or random.getrandbits(128) or 1

    return RequestTraceIdGenerator()


def configure(exporter: Any | None = None) -> Any:
    """Install a tracer provider with the request-aware id generator; returns it."""
    from opentelemetry import trace
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    provider = TracerProvider(
        resource=Resource.create({"service.name": "opgave"}), id_generator=id_generator()
    )
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    else:
        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        except ImportError:
            pass
        else:
            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    return provider


class TracingMiddleware:
    """A server span per request, in the processing log's trace (after ``TraceContextMiddleware``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.enabled = bool(getattr(settings, "OTEL_ENABLED", False)) and available()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.enabled:
            return self.get_response(request)
        from opentelemetry import context, trace
        from opentelemetry.trace import NonRecordingSpan, SpanContext, SpanKind, TraceFlags

        trace_id = int(request.trace_id, 16)  # type: ignore[attr-defined]
        parent_span = getattr(request, "parent_span_id", "")
        parent_context = context.Context()
        if parent_span:
            remote = SpanContext(trace_id, int(parent_span, 16), is_remote=True, trace_flags=TraceFlags(1))
            parent_context = trace.set_span_in_context(NonRecordingSpan(remote))
        token = _TRACE_ID.set(trace_id)
        try:
            tracer = trace.get_tracer("opgave")
            with tracer.start_as_current_span(
                f"{request.method} {request.path_info}", context=parent_context, kind=SpanKind.SERVER
            ) as span:
                request.span_id = format(span.get_span_context().span_id, "016x")  # type: ignore[attr-defined]
                structlog.contextvars.bind_contextvars(span_id=request.span_id)  # type: ignore[attr-defined]
                response = self.get_response(request)
                match = getattr(request, "resolver_match", None)
                if match is not None and match.route:
                    span.update_name(f"{request.method} /{match.route}")
                    span.set_attribute("http.route", f"/{match.route}")
                span.set_attribute("http.request.method", str(request.method))
                span.set_attribute("http.response.status_code", response.status_code)
                return response
        finally:
            _TRACE_ID.reset(token)
