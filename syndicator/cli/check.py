"""``syndicator check``: the config is valid, the credentials work, the limits are read."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import ConfigError, SyndicatorError, TemplateError
from ..redact import redact
from . import error_line
from .options import config_option, format_option, network_option, state_option

if TYPE_CHECKING:  # config and templates load when a check runs, not for --help
    from ..compose import Templates
    from ..config import Config
    from ..settings import NetworkConfig
    from ..state_target import StateTarget
    from .site_report import SiteFound

__all__ = ["NetworkReport", "check", "check_network"]


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkReport:
    """What checking one network found: the missing variables, an error, or its details."""

    network: str
    missing: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the network is ready to post."""
        return not (self.missing or self.problems)


def check_network(
    network: NetworkConfig,
    config: Config,
    environ: Mapping[str, str] | None = None,
    *,
    templates: Templates | None = None,
) -> NetworkReport:
    """Check one network: its template, every variable it needs, then one cheap call."""
    from ..networks.registry import connect
    from ..pipeline import templates_for
    from ..posting.state.store import session_folder

    env = os.environ if environ is None else environ
    problems = []
    try:
        (templates or templates_for(config)).load(network.template)
    except TemplateError as exc:
        line = f"line {exc.line}: " if exc.line else ""
        problems.append(f"template {network.template}: {line}{exc.what}")
    missing = [*network.missing_secrets(env), *network.missing_settings(env)]
    if missing or problems:
        return NetworkReport(network=network.name, missing=tuple(missing), problems=tuple(problems))
    try:
        adapter = connect(
            network,
            state_dir=session_folder(config.state, config.folder),
            environ=env,
            timeout=config.timeout,
        )
        details = dict(adapter.check())
        for key, value in asdict(adapter.limits()).items():
            details.setdefault(key, value)
    except Exception as exc:  # one network failing never stops the others
        return NetworkReport(network=network.name, problems=(_message(exc),))
    return NetworkReport(network=network.name, details=details)


@click.command()
@config_option
@network_option
@state_option
@format_option
def check(
    config_path: Path | None,
    networks: tuple[str, ...],
    state_path: StateTarget | None,
    output_format: str,
) -> None:
    """Check the config, the state, each network's credentials (one cheap call) and limits.

    Every missing environment variable is named. Exit status: 0 when everything is
    ready to post, 1 when a network or the state is not, 2 when the config is invalid
    (or the state database refuses the credentials).

    \b
    Example:
        MASTODON_INSTANCE=https://mastodon.social syndicator check -n mastodon
    """
    from ..config import find_config, load_config
    from ..pipeline import templates_for

    path = config_path if config_path is not None else find_config()
    try:
        config = load_config(path)
    except ConfigError as exc:
        if output_format == "json":
            _echo_json({"ok": False, "config": {"path": _shown(path), "error": redact(str(exc))}})
            sys.exit(exc.exit_code)
        raise
    templates = templates_for(config)
    reports = [
        check_network(network, config, templates=templates) for network in config.enabled(networks)
    ]
    state = check_state(state_path or config.state)
    ok = all(report.ok for report in reports) and state.error is None
    from .site_report import describe_site

    folder = path.parent if path else Path.cwd()
    site = describe_site(folder, config.site, default_lang=config.default_lang)
    if output_format == "json":
        _echo_json(
            {
                "ok": ok,
                "config": {"path": _shown(path), "error": None},
                "site": _site_json(site),
                "state": {"where": state.where, "error": state.error, "note": state.note},
                "networks": [_report_json(report) for report in reports],
            }
        )
    else:
        click.echo(f"config: {path}: valid" if path else "config: none found, using the defaults")
        click.echo(_site_text(site))
        click.echo(f"state: {state.where}: {state.error or state.note}")
        if not reports:
            click.echo("no network is enabled")
        for report in reports:
            click.echo(_report_text(report))
    if not ok:
        sys.exit(state.exit_code or 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class StateReport:
    """What opening the state found: a note when it is usable, else the error and its code."""

    where: str
    note: str = ""
    error: str | None = None
    exit_code: int = 0


def check_state(target: StateTarget) -> StateReport:
    """Open the state as ``post`` would: a file if it exists, a database (creating its tables)."""
    from ..posting.state.store import open_store
    from ..state_target import shown

    where = shown(target)
    if isinstance(target, Path) and not target.exists():
        return StateReport(where=where, note="none yet (the first post creates it)")
    try:
        with open_store(target, read_only=isinstance(target, Path)) as store:
            applied = store.migrations()
    except SyndicatorError as exc:
        return StateReport(where=where, error=error_line(exc), exit_code=exc.exit_code)
    return StateReport(where=where, note=f"ok (schema {applied[-1] if applied else 'empty'})")


def _site_text(site: SiteFound | None) -> str:
    if site is None:
        return "site: none found (no generator config here or above; no site: block)"
    base = site.base_url or "no base URL: set site.base_url"
    lines = [f"site: {site.generator} in {site.root} ({base})"]
    if site.newest_url:
        lines.append(f"  newest article: {site.newest_title} {site.newest_url}")
    if site.problem:
        lines.append(f"  {site.problem}")
    return "\n".join(lines)


def _site_json(site: SiteFound | None) -> dict[str, Any] | None:
    if site is None:
        return None
    return {
        "generator": site.generator,
        "root": str(site.root),
        "base_url": site.base_url or None,
        "newest_article": {"title": site.newest_title, "url": site.newest_url}
        if site.newest_url
        else None,
        "problem": site.problem,
    }


def _report_text(report: NetworkReport) -> str:
    if report.ok:
        lines = [f"{report.network}: ok"]
        lines += [f"  {key}: {_value(value)}" for key, value in report.details.items()]
        return "\n".join(lines)
    lines = [f"{report.network}: not ready"]
    if report.missing:
        lines.append("  missing environment variables: " + ", ".join(report.missing))
    lines += [f"  {problem}" for problem in report.problems]
    return "\n".join(lines)


def _report_json(report: NetworkReport) -> dict[str, Any]:
    return {
        "network": report.network,
        "ok": report.ok,
        "missing": list(report.missing),
        "problems": list(report.problems),
        "details": {key: _jsonable(value) for key, value in report.details.items()},
    }


def _message(exc: BaseException) -> str:
    """Return the redacted message of ``exc``; unexpected errors are named by type."""
    text = str(exc) if isinstance(exc, SyndicatorError) else f"{type(exc).__name__}: {exc}"
    return redact(text)


def _value(value: Any) -> str:
    return "none" if value is None else redact(str(value))


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    return redact(str(value))


def _shown(path: Path | None) -> str | None:
    return str(path) if path else None


def _echo_json(document: Mapping[str, Any]) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))
