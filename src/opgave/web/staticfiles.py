"""Static files in production: hashed names, gzip/brotli copies, served by WhiteNoise.

``collectstatic`` copies only what a browser can load (the npm packages also ship
sources, type definitions and source maps), hashes every name (``app.3f2a….css``) so
WhiteNoise can serve it with ``Cache-Control: max-age=315360000, immutable``, and writes
compressed copies next to each file. Source-map comments are left alone: the maps are
not collected, and a browser without them only loses the debugger's original sources.
"""

from __future__ import annotations

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


class OpgaveStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed manifest storage, without rewriting ``sourceMappingURL`` comments."""

    patterns = (
        (
            "*.css",
            (
                r"""(?P<matched>url\(['"]{0,1}\s*(?P<url>.*?)["']{0,1}\))""",
                (r"""(?P<matched>@import\s*["']\s*(?P<url>.*?)["'])""", """@import url("%(url)s")"""),
            ),
        ),
    )
