"""Static files in production: hashed names, gzip/brotli copies, served by WhiteNoise.

``collectstatic`` copies only what a browser can load (the npm packages also ship
sources, type definitions and source maps), hashes every name (``app.3f2a….css``) so
WhiteNoise can serve it with ``Cache-Control: max-age=315360000, immutable``, and writes
compressed copies next to each file. Source-map comments are left alone: the maps are
not collected, and a browser without them only loses the debugger's original sources.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.apps import StaticFilesConfig
from whitenoise.storage import CompressedManifestStaticFilesStorage

# What collectstatic never copies: sources, type definitions, docs and maps of the npm packages.
IGNORE_PATTERNS = [
    *StaticFilesConfig.ignore_patterns,
    "*.map",
    "*.ts",
    "*.tsx",
    "*.mdx",
    "*.md",
    "*.scss",
    "*.json",
    "*.mjs",
    "*.cjs",
    "LICENSE*",
    "*.txt",
]


class OpgaveStaticFilesConfig(StaticFilesConfig):
    """``django.contrib.staticfiles`` with the ignore list above (used by every ``collectstatic``)."""

    ignore_patterns = IGNORE_PATTERNS


FINGERPRINT_FILE = ".bron-vingerafdruk"


def source_fingerprint() -> str:
    """A hash over every static source file's path, size and modification time."""
    from django.contrib.staticfiles import finders

    digest = hashlib.sha256()
    for finder in finders.get_finders():
        for path, storage in finder.list(IGNORE_PATTERNS):
            stat = os.stat(storage.path(path))
            digest.update(
                f"{getattr(storage, 'prefix', '') or ''}/{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode()
            )
    return digest.hexdigest()


def collected_fingerprint() -> str | None:
    """The sources' fingerprint at the last ``collectstatic`` into :data:`STATIC_ROOT`, if any."""
    marker = Path(settings.STATIC_ROOT) / FINGERPRINT_FILE
    return marker.read_text() if marker.exists() else None


class OpgaveStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed manifest storage, without rewriting ``sourceMappingURL`` comments.

    After a ``collectstatic`` (whoever runs it: ``opgave serve``, the image's build, an operator's
    ``opgave manage collectstatic``) it records the sources' fingerprint beside the manifest, so
    ``opgave serve`` knows the collected files are current and does not collect them again."""

    patterns = (
        (
            "*.css",
            (
                r"""(?P<matched>url\(['"]{0,1}\s*(?P<url>.*?)["']{0,1}\))""",
                (r"""(?P<matched>@import\s*["']\s*(?P<url>.*?)["'])""", """@import url("%(url)s")"""),
            ),
        ),
    )

    def post_process(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        yield from super().post_process(*args, **kwargs)
        if not kwargs.get("dry_run"):
            (Path(self.location) / FINGERPRINT_FILE).write_text(source_fingerprint())
