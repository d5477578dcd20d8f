"""Generated reference documentation: settings (from ``opgave.conf.DECLARED``) and the CLI.

``opgave reference`` writes ``docs/reference/settings.md`` and
``docs/reference/cli.md``; ``opgave reference --check`` (and a test) fails
when they are stale. The output is deterministic: no terminal widths, no
machine-specific paths (the project directory is written as ``<project>``).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from opgave.conf import DECLARED, Setting

PROJECT_DIR = Path(__file__).resolve().parents[3]
HEADER = "<!-- Gegenereerd door `opgave reference`; niet met de hand bewerken. -->\n\n"


def declared_settings() -> list[Setting]:
    """Every declared setting, sorted by name (importing the settings module declares them)."""
    importlib.import_module("opgave.settings")
    return sorted(DECLARED.values(), key=lambda s: s.name)


def default_text(setting: Setting) -> str:
    value = setting.default
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (list, tuple)):
        text = ",".join(str(v) for v in value)
    else:
        text = str(value)
    return text.replace(str(PROJECT_DIR), "<project>") if text else "(leeg)"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def settings_markdown() -> str:
    lines = [
        "# Instellingen",
        "",
        HEADER.strip(),
        "",
        "Alle instellingen komen uit omgevingsvariabelen. Lijsten zijn kommagescheiden; "
        "ja/nee-waarden zijn `true`/`false`.",
        "",
        "| naam | soort | standaard | uitleg |",
        "|---|---|---|---|",
    ]
    for setting in declared_settings():
        lines.append(
            f"| `{setting.name}` | {setting.kind.__name__} | `{_cell(default_text(setting))}` | {_cell(setting.help)} |"
        )
    return "\n".join(lines) + "\n"


def _option_row(param: Any) -> str:
    names = ", ".join(f"`{n}`" for n in [*param.opts, *param.secondary_opts])
    help_text = getattr(param, "help", None) or ""
    choices = getattr(getattr(param, "type", None), "choices", None)
    if choices:
        help_text = f"{help_text} Keuzes: {', '.join(str(getattr(c, 'value', c)) for c in choices)}.".strip()
    default = getattr(param.default, "value", param.default)
    shown = "" if default is None or getattr(param, "is_flag", False) or callable(default) else f"`{default}`"
    envvar = getattr(param, "envvar", None)
    if envvar:
        help_text = f"{help_text} Omgevingsvariabele: `{envvar}`.".strip()
    return f"| {names} | {_cell(help_text)} | {shown} |"


def _command_section(command: Any, path: list[str], lines: list[str]) -> None:
    """One section per command (duck-typed: Typer may bring its own copy of click)."""
    title = " ".join(path)
    lines += [f"{'#' * min(len(path) + 1, 4)} `{title}`", ""]
    description = (command.help or "").strip()
    if description:
        lines += [description, ""]
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    usage = " ".join([title, *(str(a.name).upper() for a in arguments)])
    subcommands: dict[str, Any] = getattr(command, "commands", {})
    suffix = " COMMANDO" if subcommands else ""
    lines += [f"```\n{usage} [OPTIES]{suffix}\n```", ""]
    options = [p for p in command.params if p.param_type_name == "option"]
    if options:
        lines += ["| optie | uitleg | standaard |", "|---|---|---|"]
        lines += [_option_row(p) for p in options]
        lines += ["| `--help` | Toon deze hulp en stop. | |", ""]
    for name in sorted(subcommands):
        _command_section(subcommands[name], [*path, name], lines)


def cli_markdown(root: Any) -> str:
    lines = ["# Opdrachtregel: `opgave`", "", HEADER.strip(), ""]
    _command_section(root, ["opgave"], lines)
    return "\n".join(lines).rstrip() + "\n"
