"""A design version as a PDF document for a steering group (WeasyPrint; ADR 0019).

Rendered from the same read-mode template as the pages (``collaborations/_design.html``) inside a
document template with its own print stylesheet. Nothing is fetched: the stylesheet is read from
the app's static files and every other URL is refused, so a document never reaches the network.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from opgave.collaborations.design import parse_design
from opgave.collaborations.models import Collaboration, DesignVersion

# WeasyPrint reports every layout step at INFO; a page request should not fill the log with them.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
STYLESHEET = Path(__file__).resolve().parent / "static" / "collaborations" / "document.css"


def _refuse(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"Een document haalt niets op ({url}).")


def version_html(collaboration: Collaboration, version: DesignVersion, *, quadrant: Any) -> str:
    return render_to_string(
        "collaborations/pdf/version.html",
        {
            "item": collaboration,
            "version": version,
            "design": parse_design(version.data),
            "q": quadrant,
            "printed_at": timezone.now(),
        },
    )


def version_pdf(collaboration: Collaboration, version: DesignVersion, *, quadrant: Any) -> bytes:
    """The version as PDF bytes (A4, Dutch, with page numbers)."""
    from weasyprint import CSS, HTML  # imported here: loading Pango takes a moment

    html = HTML(string=version_html(collaboration, version, quadrant=quadrant), url_fetcher=_refuse)
    return bytes(html.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET), url_fetcher=_refuse)]))
