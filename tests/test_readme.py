"""The README shows what torchlint really prints."""

import os
import re
from pathlib import Path

from click.testing import CliRunner

from torchlint.cli import main

ROOT = Path(__file__).parent.parent


def _demo_output() -> list[str]:
    """What `scripts/demo` prints: `torchlint examples/` from the repository root, findings on
    stdout then the summary on stderr (no colour, as in a captured terminal)."""
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, ["--color", "never", "examples/"])
    finally:
        os.chdir(old)
    assert result.exit_code == 1, result.output
    return (result.stdout + result.stderr).replace(os.sep, "/").splitlines()


def _contiguous_at(lines: list[str], chunk: list[str], start: int) -> int | None:
    for index in range(start, len(lines) - len(chunk) + 1):
        if lines[index : index + len(chunk)] == chunk:
            return index
    return None


def test_readme_console_block_is_what_the_demo_prints():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ torchlint examples/\n(.*?)```", readme, re.DOTALL)
    assert block is not None, "the README's sample run is missing"
    chunks = [chunk.strip("\n").splitlines() for chunk in block.group(1).split("...\n")]
    chunks = [chunk for chunk in chunks if chunk]
    printed = _demo_output()
    position = 0
    for chunk in chunks:
        found = _contiguous_at(printed, chunk, position)
        assert found is not None, "not printed (in this order):\n" + "\n".join(chunk)
        position = found + len(chunk)
    assert printed[-1] == chunks[-1][-1], "the README's block must end with the summary"
