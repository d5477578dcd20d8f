"""Collected static files are recognised as current, whoever collected them.

``opgave serve`` collects the static files only when their sources changed. It used to know that
only from a file it wrote itself, so a server started after an operator's ``opgave manage
collectstatic`` (or the image's build step) compressed every file again before it listened.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import override_settings

from opgave.ops import serving


@pytest.fixture
def sources(tmp_path: Path) -> Iterator[Path]:
    """Two source files, one finder, the production storage, a fresh STATIC_ROOT."""
    source = tmp_path / "bron"
    source.mkdir()
    (source / "app.css").write_text("body { color: #000; }\n")
    (source / "app.js").write_text("console.log('opgave');\n")
    with override_settings(
        STATIC_ROOT=str(tmp_path / "verzameld"),
        STATICFILES_DIRS=[str(source)],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "opgave.web.staticfiles.OpgaveStaticFilesStorage"},
        },
    ):
        finders.get_finder.cache_clear()
        yield source
    finders.get_finder.cache_clear()


def test_serve_skips_the_files_a_manual_collectstatic_collected(sources: Path) -> None:
    call_command("collectstatic", interactive=False, verbosity=0)
    assert serving.collect_static() is False


def test_serve_collects_again_when_a_source_changed(sources: Path) -> None:
    assert serving.collect_static() is True  # nothing collected yet
    assert serving.collect_static() is False
    (sources / "app.css").write_text("body { color: #111; }\n")
    assert serving.collect_static() is True
    assert serving.collect_static() is False


def test_a_dry_run_records_nothing(sources: Path, tmp_path: Path) -> None:
    call_command("collectstatic", interactive=False, verbosity=0, dry_run=True)
    assert not (tmp_path / "verzameld" / ".bron-vingerafdruk").exists()
    assert serving.collect_static() is True
