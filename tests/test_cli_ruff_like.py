"""The Ruff-style surface: exit and output flags, rule documents, configuration files,
.gitignore, forced excludes and colour environment variables."""

import json
import os
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tests.test_cli import BUGGY, CLEAN
from torchlint.cli import main
from torchlint.dynamic import report
from torchlint.dynamic.evidence import Checked
from torchlint.findings import Finding, Severity
from torchlint.rules import RULE_INFOS

SOFTMAX = "import torch.nn.functional as F\nloss = F.cross_entropy(F.softmax(out, 1), y)\n"


def run(*args, cwd=None, input=None, env=None):
    old = os.getcwd()
    os.chdir(cwd or old)
    try:
        return CliRunner().invoke(main, list(args), input=input, env=env)
    finally:
        os.chdir(old)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return root


def codes(*args, cwd=None):
    result = run("--format", "json", *args, cwd=cwd)
    return sorted({f["code"] for f in json.loads(result.stdout)})


def paths(*args, cwd):
    result = run("--format", "json", *args, cwd=cwd)
    assert result.exit_code in (0, 1), result.output
    return sorted({f["path"] for f in json.loads(result.stdout)})


def test_exit_zero_keeps_the_findings_but_not_the_status(tmp_path):
    write(tmp_path, {"a.py": BUGGY})
    result = run("--exit-zero", "--format", "concise", str(tmp_path))
    assert result.exit_code == 0 and "TL002" in result.stdout
    assert run("--exit-zero", str(tmp_path / "missing.py")).exit_code == 2


def test_extend_select_and_extend_ignore_add_to_the_configuration(tmp_path):
    write(
        tmp_path,
        {"pyproject.toml": '[tool.torchlint]\nselect = ["TL002"]\n', "a.py": BUGGY + SOFTMAX},
    )
    assert codes(".", cwd=tmp_path) == ["TL002"]
    assert codes("--extend-select", "softmax-before-cross-entropy", ".", cwd=tmp_path) == [
        "TL002",
        "TL003",
    ]
    assert codes("--extend-select", "TL003", "--extend-ignore", "TL002", ".", cwd=tmp_path) == [
        "TL003"
    ]
    assert run("--extend-ignore", "TL777", ".", cwd=tmp_path).exit_code == 2


def test_output_format_is_an_alias_of_format(tmp_path):
    write(tmp_path, {"a.py": BUGGY})
    assert (
        run("--output-format", "json", str(tmp_path)).stdout
        == run("--format", "json", str(tmp_path)).stdout
    )


def test_output_file_gets_the_findings_without_colour(tmp_path):
    write(tmp_path, {"a.py": BUGGY})
    target = tmp_path / "reports" / "torchlint.txt"
    result = run("--color", "always", "-o", str(target), str(tmp_path / "a.py"))
    assert result.exit_code == 1 and result.stdout == ""
    written = target.read_text()
    assert "TL002" in written and "\x1b[" not in written
    assert "Found 1 finding" in result.stderr
    run("--output-file", str(target), "--format", "json", str(tmp_path / "a.py"))
    assert json.loads(target.read_text())[0]["code"] == "TL002"


def test_show_settings_prints_the_effective_settings(tmp_path):
    write(tmp_path, {"torchlint.toml": 'ignore = ["TL005"]\n', "src/a.py": CLEAN})
    result = run("--show-settings", "--extend-ignore", "TL016", "src", cwd=tmp_path)
    assert result.exit_code == 0
    assert f"# Configuration file: {tmp_path / 'torchlint.toml'}" in result.stdout
    assert 'ignore = ["TL005", "TL016"]' in result.stdout
    assert "respect-gitignore = true" in result.stdout
    enabled = next(line for line in result.stdout.splitlines() if "Enabled rules" in line)
    assert "TL001" in enabled and "TL005" not in enabled


def test_rule_command_prints_one_document_or_all_as_json():
    result = run("rule", "TL001")
    assert result.exit_code == 0 and result.stdout.startswith("# TL001 stale-optimizer")
    assert run("rule", "missing-zero-grad").stdout.startswith("# TL002 missing-zero-grad")
    one = json.loads(run("rule", "TL003", "--format", "json").stdout)
    assert (one["code"], one["name"]) == ("TL003", "softmax-before-cross-entropy")
    assert one["explanation"].startswith("# TL003")
    every = json.loads(run("rule", "--all", "--format", "json").stdout)
    assert [r["code"] for r in every] == [info.code for info in RULE_INFOS]
    assert all(r["explanation"].startswith(f"# {r['code']}") for r in every)
    assert run("rule").exit_code == 2
    assert run("rule", "TL999").exit_code == 2


def test_list_rules_as_json():
    rules = json.loads(run("--list-rules", "--format", "json").stdout)
    assert rules[0] == {
        "code": "TL001",
        "name": "stale-optimizer",
        "severity": "error",
        "summary": RULE_INFOS[0].summary,
        "dynamic": "confirms",
    }
    assert len(rules) == len(RULE_INFOS)


def test_noqa_accepts_rule_names(tmp_path):
    write(
        tmp_path,
        {
            "a.py": BUGGY.replace(
                "optimizer.step()", "optimizer.step()  # noqa: missing-zero-grad"
            ),
            "b.py": BUGGY.replace("optimizer.step()", "optimizer.step()  # noqa: stale-optimizer"),
        },
    )
    result = run("--format", "json", str(tmp_path))
    assert [Path(f["path"]).name for f in json.loads(result.stdout)] == ["b.py"]


def test_force_exclude_applies_excludes_to_named_files(tmp_path):
    write(tmp_path, {"build/gen.py": BUGGY, "generated/deep/x.py": BUGGY})
    named = ["build/gen.py", "generated/deep/x.py", "--extend-exclude", "generated"]
    assert paths(*named, cwd=tmp_path) == ["build/gen.py", "generated/deep/x.py"]
    assert paths("--force-exclude", *named, cwd=tmp_path) == []
    write(tmp_path, {"pyproject.toml": "[tool.torchlint]\nforce-exclude = true\n"})
    assert paths(*named, cwd=tmp_path) == []
    assert paths("--no-force-exclude", *named, cwd=tmp_path) == [
        "build/gen.py",
        "generated/deep/x.py",
    ]


def test_a_folder_named_inside_an_excluded_or_ignored_one_is_checked(tmp_path):
    """`torchlint .venv/lib/python3.11/site-packages/torch`: the excludes (and .gitignore)
    that cover the named folder apply only below it, unless --force-exclude."""
    write(
        tmp_path,
        {
            ".gitignore": "scratch/\n",
            ".venv/lib/site-packages/pkg/train.py": BUGGY,
            ".venv/lib/site-packages/pkg/build/gen.py": BUGGY,
            "scratch/notes/train.py": BUGGY,
        },
    )
    (tmp_path / ".git").mkdir()
    assert paths(".", cwd=tmp_path) == []
    named = ".venv/lib/site-packages/pkg"
    assert paths(named, cwd=tmp_path) == [f"{named}/train.py"]  # build/ is still excluded
    assert paths("--force-exclude", named, cwd=tmp_path) == []
    assert paths("scratch/notes", cwd=tmp_path) == ["scratch/notes/train.py"]


def test_force_exclude_skips_an_excluded_stdin_filename(tmp_path):
    name = str(tmp_path / "build" / "gen.py")
    args = ["--format", "json", "--stdin-filename", name]
    assert json.loads(run(*args, input=BUGGY).stdout) != []
    assert json.loads(run(*args, "--force-exclude", input=BUGGY).stdout) == []


# Messages: one short line, and the fix as `help`


def test_text_shows_the_help_after_the_excerpt_and_concise_only_the_message(tmp_path):
    write(tmp_path, {"a.py": BUGGY})
    text = run("--color", "never", str(tmp_path / "a.py")).stdout.splitlines()
    assert text[0].endswith(
        "TL002 `optimizer` is stepped in this loop, but its gradients are never reset"
    )
    assert text[1:4] == ["  |", "6 |     optimizer.step()", "  |     ^^^^^^^^^^^^^^^^"]
    assert text[4].startswith("  = help: Call `optimizer.zero_grad()` once per iteration")
    concise = run("--format", "concise", str(tmp_path / "a.py")).stdout
    assert concise.count("\n") == 1 and "help:" not in concise and "zero_grad()" not in concise


def test_json_has_message_and_help(tmp_path):
    write(tmp_path, {"a.py": BUGGY})
    (finding,) = json.loads(run("--format", "json", str(tmp_path)).stdout)
    assert (
        finding["message"]
        == "`optimizer` is stepped in this loop, but its gradients are never reset"
    )
    assert finding["help"].startswith("Call `optimizer.zero_grad()` once per iteration")


def test_every_rule_gives_a_one_line_message_and_a_help():
    examples = Path(__file__).parent.parent / "examples"
    findings = json.loads(run("--format", "json", str(examples)).stdout)
    assert len({f["code"] for f in findings}) >= 10
    for finding in findings:
        assert "\n" not in finding["message"] and not finding["message"].endswith(".")
        assert len(finding["message"]) <= 140, finding["message"]
        assert finding["help"] and finding["help"][0].isupper() and finding["help"].endswith(".")


def test_dynamic_mode_text_shows_the_help_after_the_evidence():
    finding = Finding(
        "t.py", 3, 1, 3, 5, "TL002", "missing-zero-grad", "short", Severity.ERROR, help="Fix it."
    )
    text = report.render_text([Checked(finding, True, "grew")], {"status": "completed"}, False, [])
    assert click.unstyle(text).splitlines()[1:3] == ["    confirmed: grew", "    help: Fix it."]


# Configuration files


def test_torchlint_toml_has_top_level_keys_and_wins_over_pyproject(tmp_path):
    write(
        tmp_path,
        {
            "pyproject.toml": '[tool.torchlint]\nignore = ["TL002"]\n',
            "torchlint.toml": 'ignore = ["TL003"]\n',
            "a.py": BUGGY + SOFTMAX,
        },
    )
    assert codes(".", cwd=tmp_path) == ["TL002"]
    write(tmp_path, {".torchlint.toml": 'select = ["TL003"]\n'})
    assert codes(".", cwd=tmp_path) == ["TL003"]


def test_the_nearest_folder_with_a_configuration_wins(tmp_path):
    write(
        tmp_path,
        {
            "torchlint.toml": 'ignore = ["TL003"]\n',
            # A pyproject.toml without [tool.torchlint] is not a torchlint configuration.
            "sub/pyproject.toml": "[project]\nname = 'x'\n",
            "sub/inner/pyproject.toml": '[tool.torchlint]\nignore = ["TL002"]\n',
            "sub/a.py": BUGGY + SOFTMAX,
            "sub/inner/b.py": BUGGY + SOFTMAX,
        },
    )
    assert codes("sub/a.py", cwd=tmp_path) == ["TL002"]
    assert codes("sub/inner/b.py", cwd=tmp_path) == ["TL003"]


def test_config_flag_reads_either_kind_of_file(tmp_path):
    write(
        tmp_path,
        {
            "conf/strict.toml": 'select = ["TL003"]\n',
            "conf/pyproject.toml": '[tool.torchlint]\nselect = ["TL002"]\n',
            "a.py": BUGGY + SOFTMAX,
        },
    )
    assert codes("--config", "conf/strict.toml", "a.py", cwd=tmp_path) == ["TL003"]
    assert codes("--config", "conf/pyproject.toml", "a.py", cwd=tmp_path) == ["TL002"]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("torchlint.toml", "selcet = ['TL001']\n", "unknown keys: selcet (did you mean 'select'?)"),
        (".torchlint.toml", "[tool.torchlint]\nselect = []\n", "unknown keys: tool"),
        ("pyproject.toml", "[tool.torchlint]\nrespect_gitignore = false\n", "respect-gitignore"),
        ("torchlint.toml", "respect-gitignore = 'no'\n", "respect-gitignore must be true or false"),
    ],
)
def test_unknown_or_invalid_keys_are_errors(tmp_path, name, text, message):
    write(tmp_path, {name: text, "a.py": CLEAN})
    result = run(".", cwd=tmp_path)
    assert result.exit_code == 2
    assert message in result.stderr and str(tmp_path / name) in result.stderr


# .gitignore and exclude globs


def test_gitignore_files_are_respected_nested_and_negated(tmp_path):
    write(
        tmp_path,
        {
            ".gitignore": "scratch/\n*_tmp.py\n",
            "src/.gitignore": "generated_*.py\n!generated_keep.py\n",
            "src/train.py": BUGGY,
            "src/model_tmp.py": BUGGY,
            "src/generated_a.py": BUGGY,
            "src/generated_keep.py": BUGGY,
            "scratch/try.py": BUGGY,
        },
    )
    (tmp_path / ".git").mkdir()
    assert paths(".", cwd=tmp_path) == ["src/generated_keep.py", "src/train.py"]
    # A walk that starts below the repository root still reads the .gitignore files above it.
    assert paths("src", cwd=tmp_path) == ["src/generated_keep.py", "src/train.py"]
    every = ["scratch/try.py", "src/generated_a.py", "src/generated_keep.py", "src/model_tmp.py",
             "src/train.py"]  # fmt: skip
    assert paths("--no-respect-gitignore", ".", cwd=tmp_path) == every
    write(tmp_path, {"torchlint.toml": "respect-gitignore = false\n"})
    assert paths(".", cwd=tmp_path) == every


def test_gitignore_above_the_repository_root_does_not_apply(tmp_path):
    write(tmp_path, {".gitignore": "*.py\n", "repo/train.py": BUGGY})
    (tmp_path / "repo" / ".git").mkdir()
    assert paths("repo", cwd=tmp_path) == ["repo/train.py"]


def test_the_repository_exclude_file_counts_too(tmp_path):
    write(tmp_path, {".git/info/exclude": "local_*.py\n", "local_try.py": BUGGY, "train.py": BUGGY})
    assert paths(".", cwd=tmp_path) == ["train.py"]


def test_exclude_patterns_take_double_star_globs(tmp_path):
    write(tmp_path, {"a/b/c/test_x.py": BUGGY, "a/test_y.py": BUGGY, "a/b/keep.py": BUGGY})
    assert paths("--extend-exclude", "a/**/test_*.py", ".", cwd=tmp_path) == ["a/b/keep.py"]


# Colour


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ((), {}, False),
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"FORCE_COLOR": ""}, False),
        ((), {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        (("--color", "always"), {"NO_COLOR": "1"}, True),
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
    ],
)
def test_no_color_and_force_color(tmp_path, args, env, coloured):
    write(tmp_path, {"a.py": BUGGY})
    env = {"NO_COLOR": None, "FORCE_COLOR": None, **env}
    result = run(*args, str(tmp_path / "a.py"), env=env)
    assert ("\x1b[" in result.stdout) is coloured
