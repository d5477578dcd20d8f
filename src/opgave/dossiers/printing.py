"""The subject export (inzageverzoek) as a PDF document to hand to the subject (WeasyPrint).

Rendered from the export's *result* — the dictionary :func:`opgave.dossiers.exports.subject_export`
returns, which already holds only what the requester may see — with the same partial template
as the page (``dossiers/_export_result.html``), so the PDF can never show more than the page.
As in :mod:`opgave.collaborations.document`: nothing is fetched (every URL is refused), and the
stylesheet is read from the app's static files.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils import timezone

if TYPE_CHECKING:
    from weasyprint import Document

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
STYLESHEET = Path(__file__).resolve().parent / "static" / "dossiers" / "document.css"


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"Een document haalt niets op ({url}).")


def export_html(result: dict[str, Any]) -> str:
    return render_to_string("dossiers/pdf/export.html", {"result": result, "printed_at": timezone.now()})


def export_document(result: dict[str, Any]) -> Document:
    """The laid-out document (pages and boxes); :func:`export_pdf` writes it."""
    from weasyprint import CSS, HTML  # imported here: loading Pango takes a moment

    html = HTML(string=export_html(result), url_fetcher=_refuse)
    return html.render(stylesheets=[CSS(filename=str(STYLESHEET), url_fetcher=_refuse)])


def export_pdf(result: dict[str, Any]) -> bytes:
    """The export as PDF bytes (A4, Dutch, with page numbers)."""
    return bytes(export_document(result).write_pdf())
