"""The deployment files: Containerfile, compose.yaml and the Helm chart (what this machine can check).

Building the image and rendering the chart need a registry and ``helm``, which this machine
lacks (docs/deploy.md says what ran here); these tests check the files' structure, and render
the chart with ``helm template`` where helm is installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]
CHART = PROJECT_DIR / "deploy" / "helm" / "opgave"


def _stages() -> list[list[str]]:
    stages: list[list[str]] = []
    for line in (PROJECT_DIR / "Containerfile").read_text().splitlines():
        if line.startswith("FROM "):
            stages.append([])
        if stages:
            stages[-1].append(line)
    return stages


def test_the_containerfile_is_multi_stage_pinned_and_runs_as_a_user_without_build_tools() -> None:
    text = (PROJECT_DIR / "Containerfile").read_text()
    images = dict(re.findall(r"^ARG (\w+_IMAGE)=(\S+)$", text, flags=re.M))
    assert images, "base images are build arguments with a default"
    for image in images.values():
        assert re.search(r":\d+(\.\d+)+", image) and "latest" not in image, f"{image} is not pinned"
    stages = _stages()
    assert len(stages) >= 2
    final = "\n".join(stages[-1])
    assert re.search(r"^USER 10001", final, flags=re.M), "the final stage runs as a non-root user"
    for tool in ("gcc", "build-essential", "npm ", "apt-get install"):
        assert tool not in final, f"{tool} in the final image"
    assert "COPY --from=build /opt/venv /opt/venv" in final
    assert '"opgave", "serve"' in final and "OPGAVE_ENV=production" in final


def test_the_compose_file_runs_postgres_web_and_worker_from_one_image() -> None:
    compose = yaml.safe_load((PROJECT_DIR / "compose.yaml").read_text())
    services = compose["services"]
    assert {"postgres", "migrate", "web", "worker"} <= set(services)
    assert services["web"]["image"] == services["worker"]["image"] == services["migrate"]["image"]
    assert services["web"]["command"][:2] == ["opgave", "serve"]
    assert services["worker"]["command"] == ["opgave", "worker"]
    assert services["migrate"]["command"] == ["opgave", "migrate"]
    for name in ("web", "worker"):
        needs = services[name]["depends_on"]
        assert needs["postgres"]["condition"] == "service_healthy"
        assert needs["migrate"]["condition"] == "service_completed_successfully"
        environment = services[name]["environment"]
        assert (
            environment["DATABASE_URL"].startswith("postgres://")
            and "@postgres:5432/" in environment["DATABASE_URL"]
        )
        assert ":?" in environment["OPGAVE_SECRET_KEY"], (
            "no default secret: compose refuses to start without one"
        )
    assert "/health/live" in " ".join(services["web"]["healthcheck"]["test"])
    assert set(compose["volumes"]) == {"postgres", "media"}
    for service in services.values():
        for port in service.get("ports", []):
            assert re.fullmatch(r"\$\{\w+:-\d+\}:\d+|\d+:\d+", port)


def _values_paths(node: Any, prefix: str = "") -> set[str]:
    paths = {prefix} if prefix else set()
    if isinstance(node, dict):
        for key, value in node.items():
            paths |= _values_paths(value, f"{prefix}.{key}" if prefix else key)
    return paths


def test_every_value_the_chart_uses_is_declared_and_documented() -> None:
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    declared = _values_paths(values)
    used: set[str] = set()
    for template in (CHART / "templates").glob("*"):
        used |= set(re.findall(r"\.Values\.([A-Za-z0-9_.]+)", template.read_text()))
    missing = {path for path in used if path.rstrip(".") not in declared}
    assert not missing, f"used in templates, missing from values.yaml: {sorted(missing)}"
    unused = {top for top in values if not any(path == top or path.startswith(top + ".") for path in used)}
    assert not unused, f"declared in values.yaml but never used: {sorted(unused)}"
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text())
    assert chart["apiVersion"] == "v2" and chart["name"] == "opgave"


def test_the_chart_has_web_worker_probes_resources_and_a_migration_hook() -> None:
    templates = {path.name: path.read_text() for path in (CHART / "templates").glob("*.yaml")}
    web, worker, job = (
        templates["deployment-web.yaml"],
        templates["deployment-worker.yaml"],
        templates["job-migrate.yaml"],
    )
    assert "kind: Deployment" in web and "kind: Deployment" in worker and "kind: Job" in job
    assert "path: /health/live" in web and "path: /health/ready" in web
    assert '["opgave", "worker"]' in worker and '["opgave", "migrate"]' in job
    assert "helm.sh/hook: pre-install,pre-upgrade" in job
    for text in (web, worker, job):
        assert "resources:" in text and "securityContext:" in text
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    assert values["podSecurityContext"]["runAsNonRoot"] is True
    assert values["web"]["gracefulTimeout"] < values["web"]["terminationGracePeriodSeconds"]


@pytest.mark.skipif(shutil.which("helm") is None, reason="helm is not installed (not in Debian's archive)")
def test_the_chart_renders_with_helm() -> None:
    result = subprocess.run(
        ["helm", "template", "proef", str(CHART), "--set", "secrets.OPGAVE_SECRET_KEY=x", "--set", "ingress.enabled=true"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    kinds = {document["kind"] for document in yaml.safe_load_all(result.stdout) if document}
    assert {"Deployment", "Job", "Service", "Secret", "Ingress", "PodDisruptionBudget"} <= kinds
