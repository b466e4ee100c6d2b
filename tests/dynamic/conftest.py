import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from torchlint.cli import main


@pytest.fixture
def smoke(tmp_path, monkeypatch):
    """Write a script into a fresh directory and run `torchlint run` on it; return the JSON report."""
    monkeypatch.chdir(tmp_path)

    def run(
        source: str, *options: str, name: str = "train.py", script_args: tuple[str, ...] = ()
    ) -> dict:
        path = tmp_path / name
        path.write_text(textwrap.dedent(source))
        args = ["run", "--format", "json", "--timeout", "60", *options, str(path)]
        if script_args:
            args += ["--", *script_args]
        result = CliRunner().invoke(main, args)
        assert result.exit_code in (0, 1), result.output
        report = json.loads(result.stdout)
        report["exit_code"] = result.exit_code
        report["path"] = Path(path)
        return report

    return run


def by_code(report: dict) -> dict[str, dict]:
    return {f["code"]: f for f in report["findings"]}
