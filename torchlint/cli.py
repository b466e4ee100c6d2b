"""The `torchlint` command."""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from torchlint import __version__
from torchlint.cache import ResultCache, cache_directory
from torchlint.config import (
    ConfigError,
    Settings,
    find_pyproject,
    load_settings,
    split_option,
    validate_selectors,
)
from torchlint.discovery import discover
from torchlint.engine import FileResult, LintJob, run_in_project, run_jobs, with_sibling_modules
from torchlint.findings import Finding, Severity
from torchlint.output import FORMATTERS
from torchlint.rule_docs import document_path
from torchlint.rules import RULE_INFOS
from torchlint.watch import watch_paths

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _resolve_rule(value: str) -> str:
    for info in RULE_INFOS:
        if value.upper() == info.code or value == info.name:
            return info.code
    raise click.BadParameter(f"unknown rule {value!r}; try --list-rules", param_hint="--explain")


class _CheckByDefault(click.Group):
    """`torchlint src/` means `torchlint check src/`; other subcommands are named first."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (
            args[0] not in self.commands and args[0] not in ("-h", "--help", "--version")
        ):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_CheckByDefault, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="torchlint")
def main() -> None:
    """Find PyTorch training bugs that fail silently.

    `torchlint [PATHS]` checks files (the `check` command); `torchlint server` runs the language
    server for editors.
    """


def _dynamic_options(command: Callable) -> Callable:
    for decorator in reversed(
        [
            click.option("--steps", default=5, show_default=True, type=click.IntRange(min=1),
                         help="Dynamic mode: batches per DataLoader pass."),
            click.option("--max-steps", default=100, show_default=True, type=click.IntRange(min=1),
                         help="Dynamic mode: optimizer steps before the run is ended."),
            click.option("--timeout", default=120.0, show_default=True,
                         type=click.FloatRange(min=1),
                         help="Dynamic mode: seconds before the run ends."),
            click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto",
                         show_default=True, help="Dynamic mode: auto uses CUDA when available."),
            click.option("--allow-no-steps", is_flag=True,
                         help="Dynamic mode: exit 0/1 even if the script stopped before its "
                              "first optimizer step (nothing checked; exit 2 otherwise)."),
        ]
    ):  # fmt: skip
        command = decorator(command)
    return command


@main.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--dynamic",
    is_flag=True,
    help="Run the script given as the only path for a few training steps and confirm the "
    "findings (same as `torchlint run`); arguments after `--` go to the script.",
)
@_dynamic_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATTERS)),
    default="text",
    show_default=True,
    help="text: with a source excerpt; concise: one line each; json; github: workflow "
    "annotations; sarif: SARIF 2.1.0; junit: JUnit XML.",
)
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="With `-` as the path: read the code from stdin and report it (and pick its "
    "configuration) as PATH.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Only these rules (codes, code prefixes or names; comma-separated).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="RULES",
    help="Skip these rules (codes, code prefixes or names).",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="PATTERN",
    help="Replace the default excluded files and folders.",
)
@click.option(
    "--extend-exclude",
    multiple=True,
    metavar="PATTERN",
    help="Exclude these as well as the defaults.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read [tool.torchlint] from this pyproject.toml.",
)
@click.option(
    "--statistics", is_flag=True, help="Print how often each rule fired instead of the findings."
)
@click.option(
    "--explain", "explain", metavar="RULE", help="Print the documentation of a rule and exit."
)
@click.option("--list-rules", is_flag=True, help="List all rules and exit.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: one per core).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print no summary on stderr.")
@click.option(
    "--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write cached results.")
@click.option(
    "--cache-dir",
    metavar="DIR",
    help="Where cached results live (default: $TORCHLINT_CACHE_DIR, `cache-dir` in the "
    "configuration, or .torchlint_cache beside it).",
)
@click.option("--watch", is_flag=True, help="Check again whenever a file changes (Ctrl-C stops).")
@click.pass_context
def check(
    ctx: click.Context,
    paths: Sequence[str],
    dynamic: bool,
    steps: int,
    max_steps: int,
    timeout: float,
    device: str,
    allow_no_steps: bool,
    output_format: str,
    stdin_filename: str | None,
    select: Sequence[str],
    ignore: Sequence[str],
    exclude: Sequence[str],
    extend_exclude: Sequence[str],
    config_path: Path | None,
    statistics: bool,
    explain: str | None,
    list_rules: bool,
    jobs: int | None,
    quiet: bool,
    color: str,
    no_cache: bool,
    cache_dir: str | None,
    watch: bool,
) -> None:
    """Check files for PyTorch training bugs that fail silently, by reading the code.

    PATHS are files, directories or `-` for stdin (default: the current directory). Exit status:
    0 no findings, 1 findings, 2 usage error or a path that could not be checked.
    """
    _set_color(ctx, color)
    if explain is not None:
        _print_document(_resolve_rule(explain))
        ctx.exit(EXIT_CLEAN)
    if list_rules:
        dynamic = {"confirms": "confirmed at run time", "runtime": "run time only", "no": ""}
        for info in RULE_INFOS:
            click.echo(
                f"{info.code}  {info.name:<30} {info.severity.value:<8} "
                f"{dynamic[info.dynamic]:<22} {info.summary}"
            )
        ctx.exit(EXIT_CLEAN)
    if dynamic:
        if not paths:
            raise click.UsageError(
                "--dynamic needs the script to run: torchlint --dynamic train.py"
            )
        ctx.invoke(
            run, script=paths[0], script_args=paths[1:], steps=steps, max_steps=max_steps,
            timeout=timeout, device=device, allow_no_steps=allow_no_steps,
            output_format=output_format, select=select,
            ignore=ignore, config_path=config_path, quiet=quiet, color=color,
        )  # fmt: skip
    paths = paths or (".",)
    reads_stdin = "-" in paths
    if reads_stdin and len(paths) > 1:
        raise click.UsageError("`-` (stdin) cannot be combined with other paths")
    if stdin_filename and not reads_stdin:
        raise click.UsageError("--stdin-filename needs `-` as the path")
    config_paths = [stdin_filename or "."] if reads_stdin else paths
    try:
        settings = _settings(config_paths, config_path, select, ignore, exclude, extend_exclude)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    if watch:
        if reads_stdin:
            raise click.UsageError("--watch needs files or folders, not `-` (stdin)")
        watch_paths(paths, settings, lambda: ctx.invoke(check, **{**ctx.params, "watch": False}))
        ctx.exit(EXIT_CLEAN)

    if reads_stdin:
        name = stdin_filename or "-"
        data = sys.stdin.buffer.read()
        errors: list[str] = []
        results = [run_in_project(LintJob(name, settings.enabled_codes(name), data))]
    else:
        discovery = discover(paths, settings)
        jobs_to_run = [LintJob(path, settings.enabled_codes(path)) for path in discovery.files]
        cache = None if no_cache else ResultCache(cache_directory(settings, cache_dir))
        results = run_jobs(with_sibling_modules(jobs_to_run), jobs, cache)
        errors = list(discovery.errors)
    findings = sorted((f for r in results for f in r.findings), key=Finding.sort_key)
    errors += [r.error for r in results if r.error]

    if statistics:
        click.echo(_statistics(findings, output_format), nl=False)
    else:
        click.echo(FORMATTERS[output_format](findings), nl=False)
    for error in errors:
        click.echo(f"torchlint: error: {error}", err=True)
    if not quiet:
        click.echo(_summary(findings, results), err=True)
    ctx.exit(EXIT_ERROR if errors else EXIT_FINDINGS if findings else EXIT_CLEAN)


def _set_color(ctx: click.Context, color: str) -> None:
    if color == "never" or (color == "auto" and os.environ.get("NO_COLOR")):
        ctx.color = False
    elif color == "always":
        ctx.color = True


def _settings(
    paths: Sequence[str],
    config_path: Path | None,
    select: Sequence[str],
    ignore: Sequence[str],
    exclude: Sequence[str],
    extend_exclude: Sequence[str],
) -> Settings:
    first = Path(paths[0])
    start = next((p for p in (first, *first.parents) if p.exists()), Path.cwd())
    pyproject = config_path or find_pyproject(start)
    settings = load_settings(pyproject)
    overrides: dict[str, object] = {}
    if select:
        # An explicit selection on the command line wins over the configured ignores.
        overrides["select"] = validate_selectors(split_option(select), "--select")
        overrides["ignore"] = ()
    if ignore:
        overrides["ignore"] = validate_selectors(split_option(ignore), "--ignore")
    if exclude:
        overrides["exclude"] = split_option(exclude)
    if extend_exclude:
        overrides["extend_exclude"] = settings.extend_exclude + split_option(extend_exclude)
    return Settings(**{**settings.__dict__, **overrides})


def _print_document(code: str) -> None:
    path = document_path(code)
    if path is None:
        raise click.ClickException(f"no document found for {code}")
    click.echo(path.read_text(encoding="utf-8"), nl=False)


def _statistics(findings: Sequence[Finding], output_format: str) -> str:
    counts = Counter((f.code, f.name) for f in findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if output_format == "json":
        import json

        return (
            json.dumps([{"code": c, "name": n, "count": k} for (c, n), k in rows], indent=2) + "\n"
        )
    return "".join(f"{count:>5}  {code}  {name}\n" for (code, name), count in rows)


def _summary(findings: Sequence[Finding], results: Sequence[FileResult]) -> str:
    checked = len(results)
    files = "file" if checked == 1 else "files"
    if not findings:
        return f"No findings in {checked} {files}."
    by_severity = Counter(f.severity for f in findings)
    parts = [
        f"{by_severity[s]} {s.value}" + ("s" if by_severity[s] != 1 else "")
        for s in Severity
        if by_severity[s]
    ]
    affected = len({f.path for f in findings})
    return (
        f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''} ({', '.join(parts)}) "
        f"in {affected} of {checked} {files}."
    )


@main.command(
    context_settings={"help_option_names": ["-h", "--help"], "ignore_unknown_options": True,
                      "allow_interspersed_args": False},
)  # fmt: skip
@click.argument("script", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.argument("script_args", nargs=-1, type=click.UNPROCESSED)
@_dynamic_options
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)  # fmt: skip
@click.option("--select", multiple=True, metavar="RULES", help="Only these rules.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules.")
@click.option(
    "--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--quiet", "-q", is_flag=True, help="No live status on stderr.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto")
@click.pass_context
def run(
    ctx: click.Context,
    script: str,
    script_args: Sequence[str],
    steps: int,
    max_steps: int,
    timeout: float,
    device: str,
    allow_no_steps: bool,
    output_format: str,
    select: Sequence[str],
    ignore: Sequence[str],
    config_path: Path | None,
    quiet: bool,
    color: str,
) -> None:
    """Run SCRIPT for a few real training steps and confirm the static findings with evidence.

    Arguments after `--` go to the script. The script runs in a child Python with torch's hooks
    installed: DataLoaders are capped to --steps batches per pass, CUDA maps to the CPU with
    `--device cpu`, absent torchvision datasets become synthetic data, torch.save writes to a
    temporary directory. Exit status: 0 no findings, 1 findings, 2 usage error or no torch.
    """
    from torchlint.dynamic import evidence, report, runner

    _set_color(ctx, color)
    if script_args[:1] == ("--",):  # `run train.py -- --lr 0.1`: the separator is not an argument
        script_args = script_args[1:]
    else:
        _warn_about_own_options(ctx, script_args)
    try:
        settings = _settings([script], config_path, select, ignore, (), ())
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    codes = settings.enabled_codes(script)
    static = sorted(run_in_project(LintJob(script, codes)).findings, key=Finding.sort_key)
    status = _LiveStatus(enabled=not quiet and sys.stderr.isatty())
    options = runner.RunOptions(batches=steps, max_steps=max_steps, timeout=timeout, device=device)
    try:
        result = runner.run_script(script, script_args, options, status.update)
    except runner.DynamicUnavailable as error:
        click.echo(f"torchlint: error: {error}", err=True)
        ctx.exit(EXIT_ERROR)
    finally:
        status.clear()
    if result.report.get("status") == "setup-failed":
        failure = result.report.get("exception") or {}
        click.echo(
            f"torchlint: error: dynamic mode could not start: {failure.get('type')}: "
            f"{failure.get('message')}",
            err=True,
        )
        ctx.exit(EXIT_ERROR)
    checked = [evidence.confirm(f, result.report) for f in static]
    checked += [
        c for c in evidence.runtime_findings(script, result.report) if c.finding.code in codes
    ]
    render = report.render_json if output_format == "json" else report.render_text
    click.echo(render(checked, result.report, result.killed, result.output_tail), nl=False)
    if not result.report.get("steps") and not result.report.get("forwards"):
        click.echo(report.nothing_checked(result.report, script), err=True)
        if not allow_no_steps:
            ctx.exit(EXIT_ERROR)
    ctx.exit(EXIT_FINDINGS if checked else EXIT_CLEAN)


def _warn_about_own_options(ctx: click.Context, script_args: Sequence[str]) -> None:
    """`torchlint run train.py --steps 3` hands `--steps 3` to the script, as `python` and
    `torchrun` do; say so when the option is one of torchlint's own."""
    own = {name for param in ctx.command.params for name in getattr(param, "opts", ())}
    for arg in script_args:
        name = arg.split("=", 1)[0]
        if name in own:
            click.echo(
                f"torchlint: warning: `{name}` comes after the script, so it goes to the script, "
                f"not to torchlint; put torchlint's options before the script, and the script's "
                f"after `--` (which also silences this warning)",
                err=True,
            )


class _LiveStatus:
    """One self-overwriting line on a terminal's stderr, so a long run does not look hung."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()

    def update(self, status: dict) -> None:
        if self.enabled:
            elapsed = time.monotonic() - self.started
            phase = "training" if status.get("steps") else "starting"
            click.echo(
                f"\r\x1b[Ktorchlint: {phase}, {status.get('steps', 0)} steps, {elapsed:.0f} s",
                err=True,
                nl=False,
            )

    def clear(self) -> None:
        if self.enabled:
            click.echo("\r\x1b[K", err=True, nl=False)


@main.command()
def server() -> None:
    """Run the language server on stdin/stdout (needs the `lsp` extra)."""
    try:
        from torchlint.lsp import serve
    except ImportError as error:
        click.echo(
            f"torchlint: error: the language server needs {error.name}: "
            "pip install 'torchlint[lsp]'",
            err=True,
        )
        raise SystemExit(EXIT_ERROR) from None
    serve()
