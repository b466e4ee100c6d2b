import ast
import json

import libcst as cst
import pytest

from torchlint.engine import LintJob, run_job
from torchlint.notebooks import notebook_source, python_of_cell
from torchlint.rules import ALL_RULES
from torchlint.sources import SourceError

ALL_CODES = frozenset(rule.code for rule in ALL_RULES) | {"TL900"}

TRAINING_WITHOUT_ZERO_GRAD = """\
for x, y in loader:
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()
"""


def notebook(*cells: tuple[str, str], version: int = 4) -> bytes:
    if version == 3:
        sheet = [
            {"cell_type": kind, "input" if kind == "code" else "source": source}
            | ({"language": "python"} if kind == "code" else {})
            for kind, source in cells
        ]
        return json.dumps({"nbformat": 3, "worksheets": [{"cells": sheet}]}).encode()
    return json.dumps(
        {
            "nbformat": 4,
            "cells": [
                {"cell_type": kind, "source": source.splitlines(keepends=True)}
                for kind, source in cells
            ],
        }
    ).encode()


def lint(tmp_path, data: bytes):
    path = tmp_path / "notebook.ipynb"
    path.write_bytes(data)
    return sorted((f.cell, f.line, f.code) for f in run_job(LintJob(str(path), ALL_CODES)).findings)


def compiles(python: str) -> bool:
    flags = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    try:
        compile(python, "<cell>", "exec", flags=flags, dont_inherit=True)
    except SyntaxError:
        return False
    return True


@pytest.mark.parametrize(
    "cell",
    [
        "!pip install torch\nimport torch",
        "files = !ls data\nprint(files)",
        "out = %timeit -o f()",
        "%matplotlib inline\n%load_ext autoreload\n%autoreload 2",
        "%env CUDA_VISIBLE_DEVICES=0",
        "model?\n?torch.nn.Linear\ntorch.optim.SGD??",
        "if IN_COLAB:\n    !pip install x\nelif ON_KAGGLE:\n    %pip install y\nelse:\n    pass",
        "%env A=1 \\\n  B=2\nx = 1",
        "/print x",
        "await asyncio.sleep(1)",
    ],
)
def test_ipython_syntax_becomes_python_with_the_same_lines(cell):
    python = python_of_cell(cell)
    assert compiles(python)
    assert len(python.splitlines()) == len(cell.splitlines())
    cst.parse_module(python + "\n")


def test_timed_statements_stay_in_their_columns():
    assert python_of_cell("%time model.fit(x)") == "if 1: model.fit(x)"
    assert python_of_cell("%timeit -n 10 f()").endswith(" f()")
    assert python_of_cell("%timeit -n 10 f()").index("f()") == "%timeit -n 10 f()".index("f()")
    # A compound statement cannot follow `if 1:`; the line is dropped instead.
    assert python_of_cell("%time for i in range(3): f(i)") == "pass"


def test_escape_characters_inside_brackets_and_strings_are_python():
    for cell in ("y = (a\n     / b)", "s = '''\n!not a command\n'''", "f(a,\n  %b)"):
        assert python_of_cell(cell) == cell


def test_cell_magics_keep_python_bodies_and_comment_out_the_others():
    assert python_of_cell("%%time\nfor i in r:\n    f(i)") == "# %%time\nfor i in r:\n    f(i)"
    assert python_of_cell("\n%%capture\nx = 1") == "\n# %%capture\nx = 1"
    assert (
        python_of_cell("%%bash\nls -la\nif [ x ]; then") == "# %%bash\n# ls -la\n# if [ x ]; then"
    )
    assert python_of_cell("%%writefile utils.py\nimport os").endswith("# import os")


def test_cells_are_numbered_as_jupyter_shows_them(tmp_path):
    data = notebook(
        ("markdown", "# Training"),
        ("code", "import torch"),
        ("raw", "raw text"),
        ("markdown", "## The loop"),
        ("code", "%%time\n" + TRAINING_WITHOUT_ZERO_GRAD),
    )
    assert lint(tmp_path, data) == [(5, 5, "TL002")]


def test_a_broken_cell_is_reported_alone_and_the_others_are_checked(tmp_path):
    data = notebook(
        ("code", "import torch\n!nvidia-smi"),
        ("markdown", "Exercise: fill in"),
        ("code", "# your answer\nx = "),
        ("code", "def exercise():\n    # TODO"),
        ("code", TRAINING_WITHOUT_ZERO_GRAD),
    )
    assert lint(tmp_path, data) == [(3, 2, "TL900"), (4, 2, "TL900"), (5, 4, "TL002")]
    source = notebook_source(data)
    assert [cell.number for cell in source.cells] == [1, 5]
    assert (
        "cell was not checked (the other cells were)"
        in run_job(LintJob(str(tmp_path / "notebook.ipynb"), ALL_CODES)).findings[0].message
    )


def test_nbformat_3_notebooks_are_read(tmp_path):
    data = notebook(
        ("heading", "Training"),
        ("code", "import torch\nmodel?"),
        ("code", TRAINING_WITHOUT_ZERO_GRAD),
        version=3,
    )
    assert lint(tmp_path, data) == [(3, 4, "TL002")]


def test_a_cell_libcst_rejects_is_left_out_alone(tmp_path, monkeypatch):
    real_parse = cst.parse_module

    def parse_rejecting_marked_code(text, *args, **kwargs):
        if "REJECTED" in text:
            raise cst.ParserSyntaxError("unsupported", lines=[text], raw_line=1, raw_column=0)
        return real_parse(text, *args, **kwargs)

    monkeypatch.setattr(cst, "parse_module", parse_rejecting_marked_code)
    data = notebook(("code", "import torch\nREJECTED = 1"), ("code", TRAINING_WITHOUT_ZERO_GRAD))
    assert lint(tmp_path, data) == [(1, 1, "TL900"), (2, 4, "TL002")]


def test_a_statement_libcst_rejects_is_cut_out_of_its_cell_alone(tmp_path):
    # `(x): int` is valid Python that libcst cannot parse; the rest of its cell is checked.
    data = notebook(("code", "import torch\n(x): int = 1\n" + TRAINING_WITHOUT_ZERO_GRAD))
    assert lint(tmp_path, data) == [(1, 6, "TL002")]


def test_broken_notebook_json_is_a_source_error():
    with pytest.raises(SourceError, match="not a valid Jupyter notebook"):
        notebook_source(b"{not json")
    with pytest.raises(SourceError, match="not a valid Jupyter notebook"):
        notebook_source(b'{"nbformat": 3}')
