"""The `torchlint` command."""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import click

from torchlint import __version__
from torchlint.cache import ResultCache, cache_directory
from torchlint.config import (
    ConfigError,
    Settings,
    find_config,
    load_settings,
    split_option,
    validate_selectors,
)
from torchlint.discovery import discover
from torchlint.engine import FileResult, LintJob, run_in_project, run_jobs, with_sibling_modules
from torchlint.findings import Finding, Severity
from torchlint.fixer import FixedFile, UnparsableFix, add_noqa, applies, fix_file, write
from torchlint.output import FORMATTERS
from torchlint.rule_docs import document
from torchlint.rules import RULE_INFOS, SYNTAX_ERROR, RuleInfo
from torchlint.sources import SourceError
from torchlint.watch import watch_paths

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _resolve_rule(value: str) -> RuleInfo:
    for info in RULE_INFOS:
        if value.upper() == info.code or value == info.name:
            return info
    raise click.BadParameter(f"unknown rule {value!r}; try --list-rules", param_hint="RULE")


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
    "--output-format",
    "output_format",
    type=click.Choice(sorted(FORMATTERS)),
    default="text",
    show_default=True,
    help="text: with a source excerpt; concise: one line each; json; github: workflow "
    "annotations; sarif: SARIF 2.1.0; junit: JUnit XML.",
)
@click.option(
    "--output-file",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the findings to this file instead of stdout (without colour).",
)
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="Read the code from stdin and report it (and pick its configuration) as PATH.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Only these rules (codes, code prefixes or names; comma-separated).",
)
@click.option("--extend-select", multiple=True, metavar="RULES", help="Run these rules as well.")
@click.option(
    "--ignore",
    multiple=True,
    metavar="RULES",
    help="Skip these rules (codes, code prefixes or names).",
)
@click.option("--extend-ignore", multiple=True, metavar="RULES", help="Skip these rules as well.")
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
    "--force-exclude/--no-force-exclude",
    default=None,
    help="Apply the excludes to files named on the command line too (for pre-commit).",
)
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=None,
    help="Skip files that .gitignore files ignore (default: on).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the settings from this file: a pyproject.toml's [tool.torchlint], or a "
    "torchlint.toml.",
)
@click.option(
    "--show-settings", is_flag=True, help="Print the settings for the first path and exit."
)
@click.option(
    "--statistics", is_flag=True, help="Print how often each rule fired instead of the findings."
)
@click.option("--fix", is_flag=True, help="Apply the safe fixes, then report what is left.")
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="Apply the unsafe fixes too (they may change other behaviour); implies --fix.",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Print the changes --fix would make as a unified diff, and write nothing (exit 1 when "
    "there are changes).",
)
@click.option("--show-fixes", is_flag=True, help="With --fix: list the fixes applied (stderr).")
@click.option(
    "--add-noqa",
    is_flag=True,
    help="Add `# noqa: CODE` to the lines of the findings, merged with noqa comments there.",
)
@click.option(
    "--explain", "explain", metavar="RULE", help="Print the documentation of a rule and exit."
)
@click.option(
    "--list-rules", is_flag=True, help="List all rules (as JSON with --format json) and exit."
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: one per core).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print no summary on stderr.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even if there are findings.")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="auto: colour on a terminal, unless NO_COLOR is set, or when FORCE_COLOR is set.",
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
    output_file: Path | None,
    stdin_filename: str | None,
    select: Sequence[str],
    extend_select: Sequence[str],
    ignore: Sequence[str],
    extend_ignore: Sequence[str],
    exclude: Sequence[str],
    extend_exclude: Sequence[str],
    force_exclude: bool | None,
    respect_gitignore: bool | None,
    config_path: Path | None,
    show_settings: bool,
    statistics: bool,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    show_fixes: bool,
    add_noqa: bool,
    explain: str | None,
    list_rules: bool,
    jobs: int | None,
    quiet: bool,
    exit_zero: bool,
    color: str,
    no_cache: bool,
    cache_dir: str | None,
    watch: bool,
) -> None:
    """Check files for PyTorch training bugs that fail silently, by reading the code.

    PATHS are files, directories or `-` for stdin (default: the current directory). Exit status:
    0 no findings (or --exit-zero), 1 findings (after --fix: findings left; with --diff:
    changes), 2 usage error or a path that could not be checked.
    """
    _set_color(ctx, color)
    if explain is not None:
        ctx.invoke(rule, name=explain)
        ctx.exit(EXIT_CLEAN)
    if list_rules:
        click.echo(_rule_table(output_format), nl=False)
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
    # As in Ruff, --stdin-filename alone reads stdin; `-` does too.
    reads_stdin = "-" in paths or (stdin_filename is not None and not paths)
    if reads_stdin and len(paths) > 1:
        raise click.UsageError("`-` (stdin) cannot be combined with other paths")
    if stdin_filename is not None and not reads_stdin:
        raise click.UsageError(
            "--stdin-filename reads the code from stdin: give no other path (or only `-`)"
        )
    paths = paths or (".",)
    fix = fix or (unsafe_fixes and not diff)
    if (fix or diff or add_noqa) and reads_stdin:
        raise click.UsageError("--fix, --diff and --add-noqa change files, not stdin")
    if add_noqa and (fix or diff):
        raise click.UsageError("--add-noqa cannot be combined with --fix or --diff")
    config_paths = [stdin_filename or "."] if reads_stdin else paths
    try:
        settings = _settings(
            config_paths, config_path, select=select, extend_select=extend_select,
            ignore=ignore, extend_ignore=extend_ignore, exclude=exclude,
            extend_exclude=extend_exclude, force_exclude=force_exclude,
            respect_gitignore=respect_gitignore,
        )  # fmt: skip
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    if show_settings:
        click.echo(_describe_settings(settings, config_paths[0]), nl=False)
        ctx.exit(EXIT_CLEAN)
    if watch:
        if reads_stdin:
            raise click.UsageError("--watch needs files or folders, not `-` (stdin)")
        watch_paths(paths, settings, lambda: ctx.invoke(check, **{**ctx.params, "watch": False}))
        ctx.exit(EXIT_CLEAN)

    # Fixes are worked out only where they are applied or shown.
    wants_fixes = fix or diff or output_format in ("json", "sarif")
    errors: list[str] = []
    if reads_stdin:
        name = stdin_filename or "-"
        if stdin_filename and settings.force_exclude and settings.is_excluded(Path(name)):
            results = []
        else:
            data = sys.stdin.buffer.read()
            job = LintJob(name, settings.enabled_codes(name), data, fixes=wants_fixes)
            results = [run_in_project(job)]
    else:
        discovery = discover(paths, settings)
        cache = None if no_cache else ResultCache(cache_directory(settings, cache_dir))
        # Cached results carry their fixes, so that any later run can use them.
        jobs_to_run = [
            LintJob(path, settings.enabled_codes(path), fixes=wants_fixes or cache is not None)
            for path in discovery.files
        ]
        results = run_jobs(with_sibling_modules(jobs_to_run), jobs, cache)
        errors += discovery.errors
    errors += [r.error for r in results if r.error]
    if diff or fix:
        fixed = _fix(results, settings, unsafe_fixes, errors)
        if diff:
            _print_diff(ctx, fixed, errors, quiet)
        _write_fixes(fixed, errors)
        results = [replace(r, findings=fixed[r.path].findings) if r.path in fixed else r
                   for r in results]  # fmt: skip
    elif add_noqa:
        _add_noqa(ctx, results, errors, quiet)
    findings = sorted((f for r in results for f in r.findings), key=Finding.sort_key)

    report = (_statistics if statistics else _render)(findings, output_format)
    if output_file is None:
        click.echo(report, nl=False)
    else:
        output_file.parent.mkdir(parents=True, exist_ok=True)
        with output_file.open("w", encoding="utf-8") as stream:
            click.echo(report, file=stream, nl=False, color=False)
    for error in errors:
        click.echo(f"torchlint: error: {error}", err=True)
    if fix and (show_fixes or not quiet):
        click.echo(_fix_summary(list(fixed.values()), show_fixes), err=True, nl=False)
    if not quiet:
        click.echo(_summary(findings, results), err=True)
    if errors:
        ctx.exit(EXIT_ERROR)
    ctx.exit(EXIT_FINDINGS if findings and not exit_zero else EXIT_CLEAN)


def _render(findings: Sequence[Finding], output_format: str) -> str:
    return FORMATTERS[output_format](findings)


def _fix(
    results: Sequence[FileResult], settings: Settings, unsafe: bool, errors: list[str]
) -> dict[str, FixedFile]:
    """Each file with applicable fixes, fixed in memory (see fixer.py)."""
    fixed = {}
    for result in results:
        if result.path.endswith(".ipynb"):
            if result.findings:
                note = f"{result.path}: fixes are not applied to notebooks; edit the cells"
                click.echo(f"torchlint: note: {note}", err=True)
            continue
        if not any(applies(f.fix, unsafe) for f in result.findings):
            continue
        try:
            fixed[result.path] = fix_file(
                result.path, settings.enabled_codes(result.path), result.findings, unsafe
            )
        except (OSError, SourceError) as error:
            errors.append(f"cannot fix {result.path}: {error}")
            continue
        if fixed[result.path].error:
            errors.append(fixed[result.path].error)
    return fixed


def _print_diff(
    ctx: click.Context, fixed: dict[str, FixedFile], errors: list[str], quiet: bool
) -> None:
    changed = [f for f in fixed.values() if f.changed]
    for file in changed:
        click.echo(file.diff(), nl=False)
    for error in errors:
        click.echo(f"torchlint: error: {error}", err=True)
    if not quiet:
        count = sum(len(f.applied) for f in changed)
        click.echo(f"Would fix {count} finding{'s' if count != 1 else ''}.", err=True)
    ctx.exit(EXIT_ERROR if errors else EXIT_FINDINGS if changed else EXIT_CLEAN)


def _write_fixes(fixed: dict[str, FixedFile], errors: list[str]) -> None:
    for path, file in list(fixed.items()):
        if not file.changed:
            continue
        try:
            write(file)
        except OSError as error:
            errors.append(f"cannot write {path}: {error}")
            del fixed[path]


def _fix_summary(fixed: Sequence[FixedFile], show_fixes: bool) -> str:
    lines = []
    for file in fixed:
        if show_fixes and file.changed:
            lines.append(f"{file.path}:")
            counts = Counter((f.code, f.name) for f in file.applied)
            lines += [f"    {n} x {code} ({name})" for (code, name), n in sorted(counts.items())]
    count = sum(len(f.applied) for f in fixed if f.changed)
    lines.append(f"Fixed {count} finding{'s' if count != 1 else ''}.")
    return "".join(line + "\n" for line in lines)


def _add_noqa(
    ctx: click.Context, results: Sequence[FileResult], errors: list[str], quiet: bool
) -> None:
    marked = 0
    for result in results:
        if not result.findings:
            continue
        if result.path.endswith(".ipynb"):
            click.echo(f"torchlint: note: {result.path}: no noqa comments added to notebooks",
                       err=True)  # fmt: skip
            continue
        if any(f.code == SYNTAX_ERROR.code for f in result.findings):
            continue  # not parsed: nothing to suppress line by line
        try:
            count, skipped = add_noqa(result.path, result.findings)
        except (OSError, SourceError, UnparsableFix) as error:
            errors.append(f"cannot add noqa comments to {result.path}: {error}")
            continue
        marked += count
        if skipped:
            click.echo(
                f"torchlint: note: {result.path}: {skipped} line(s) cannot take a comment "
                "(inside a string, or continued by a backslash)",
                err=True,
            )
    for error in errors:
        click.echo(f"torchlint: error: {error}", err=True)
    if not quiet:
        click.echo(f"Added noqa comments to {marked} line{'s' if marked != 1 else ''}.", err=True)
    ctx.exit(EXIT_ERROR if errors else EXIT_CLEAN)


def _set_color(ctx: click.Context, color: str) -> None:
    """--color wins; then a non-empty NO_COLOR turns colour off and a non-empty FORCE_COLOR on
    (no-color.org, force-color.org; NO_COLOR first, as CPython does); else a terminal decides."""
    if color != "auto":
        ctx.color = color == "always"
    elif os.environ.get("NO_COLOR"):
        ctx.color = False
    elif os.environ.get("FORCE_COLOR"):
        ctx.color = True


def _settings(
    paths: Sequence[str],
    config_path: Path | None,
    *,
    select: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    extend_ignore: Sequence[str] = (),
    exclude: Sequence[str] = (),
    extend_exclude: Sequence[str] = (),
    force_exclude: bool | None = None,
    respect_gitignore: bool | None = None,
) -> Settings:
    first = Path(paths[0])
    start = next((p for p in (first, *first.parents) if p.exists()), Path.cwd())
    settings = load_settings(config_path or find_config(start))
    overrides: dict[str, object] = {}
    if select:
        # An explicit selection on the command line wins over the configured ignores.
        overrides["select"] = validate_selectors(split_option(select), "--select")
        overrides["ignore"] = ()
    if extend_select:
        added = validate_selectors(split_option(extend_select), "--extend-select")
        overrides["select"] = (*overrides.get("select", settings.select), *added)
    if ignore:
        overrides["ignore"] = validate_selectors(split_option(ignore), "--ignore")
    if extend_ignore:
        added = validate_selectors(split_option(extend_ignore), "--extend-ignore")
        overrides["ignore"] = (*overrides.get("ignore", settings.ignore), *added)
    if exclude:
        overrides["exclude"] = split_option(exclude)
    if extend_exclude:
        overrides["extend_exclude"] = settings.extend_exclude + split_option(extend_exclude)
    if force_exclude is not None:
        overrides["force_exclude"] = force_exclude
    if respect_gitignore is not None:
        overrides["respect_gitignore"] = respect_gitignore
    return replace(settings, **overrides)


def _describe_settings(settings: Settings, path: str) -> str:
    """The settings in effect, as the TOML keys of a torchlint.toml (JSON lists are TOML)."""
    values = {
        "select": list(settings.select),
        "ignore": list(settings.ignore),
        "exclude": list(settings.exclude),
        "extend-exclude": list(settings.extend_exclude),
        "per-file-ignores": {k: list(v) for k, v in settings.per_file_ignores.items()},
        "respect-gitignore": settings.respect_gitignore,
        "force-exclude": settings.force_exclude,
    }
    lines = [
        f"# Settings for {path}",
        f"# Configuration file: {settings.config_file or 'none (defaults)'}",
        f"# Patterns are relative to: {settings.root}",
        f"# Enabled rules: {', '.join(sorted(settings.enabled_codes(path)))}",
    ]
    for key, value in values.items():
        if isinstance(value, dict):
            table = ", ".join(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in value.items())
            lines.append(f"{key} = {{ {table} }}" if table else f"{key} = {{}}")
        else:
            lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines) + "\n"


_DYNAMIC = {"confirms": "confirmed at run time", "runtime": "run time only", "no": ""}


def _rule_table(output_format: str) -> str:
    if output_format == "json":
        return json.dumps([_rule_fields(info) for info in RULE_INFOS], indent=2) + "\n"
    return "".join(
        f"{info.code}  {info.name:<30} {info.severity.value:<8} "
        f"{_DYNAMIC[info.dynamic]:<22} {info.summary}\n"
        for info in RULE_INFOS
    )


def _rule_fields(info: RuleInfo) -> dict[str, str]:
    return {
        "code": info.code,
        "name": info.name,
        "severity": info.severity.value,
        "summary": info.summary,
        "dynamic": info.dynamic,
    }


def _document(info: RuleInfo) -> str:
    text = document(info.code)
    if text is None:
        raise click.ClickException(f"no document found for {info.code}")
    return text


@main.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("name", metavar="RULE", required=False)
@click.option("--all", "all_rules", is_flag=True, help="Every rule.")
@click.option(
    "--format",
    "--output-format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def rule(name: str | None, all_rules: bool = False, output_format: str = "text") -> None:
    """Print the document of RULE (a code or a name), or of every rule with --all."""
    if (name is not None) == all_rules:
        raise click.UsageError("give one RULE, or --all")
    infos = RULE_INFOS if all_rules else [_resolve_rule(name)]
    if output_format == "json":
        entries = [{**_rule_fields(info), "explanation": _document(info)} for info in infos]
        click.echo(json.dumps(entries if all_rules else entries[0], indent=2))
    else:
        click.echo("\n".join(_document(info) for info in infos), nl=False)


def _statistics(findings: Sequence[Finding], output_format: str) -> str:
    counts = Counter((f.code, f.name) for f in findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if output_format == "json":
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
        settings = _settings([script], config_path, select=select, ignore=ignore)
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
            f"{sys.executable} -m pip install 'pygls>=2,<3'",
            err=True,
        )
        raise SystemExit(EXIT_ERROR) from None
    serve()
