"""The shared layer the rules stand on: names, imports, facts, suppression, sources."""

import json
import textwrap

import libcst as cst
import pytest

from torchlint.analysis.facts import collect_facts
from torchlint.analysis.names import ImportTable, dotted, words
from torchlint.sources import SourceError, decode_python, notebook_text
from torchlint.suppression import NoqaIndex, skips_file


def facts_of(source):
    source = textwrap.dedent(source)
    return collect_facts("t.py", source, cst.parse_module(source))


@pytest.mark.parametrize(
    ("imports", "expr", "qualified"),
    [
        ("import torch.nn.functional as F", "F.softmax", "torch.nn.functional.softmax"),
        ("from torch import nn, optim", "optim.SGD", "torch.optim.SGD"),
        ("from torch.nn import CrossEntropyLoss as CE", "CE", "torch.nn.CrossEntropyLoss"),
        ("import torch.nn", "torch.nn.Softmax", "torch.nn.Softmax"),
        ("import torch as th", "th.no_grad", "torch.no_grad"),
        ("from torch.nn import functional", "functional.relu", "torch.nn.functional.relu"),
        ("from . import torch", "torch.softmax", None),
        ("import numpy as np", "model.parameters", None),
    ],
)
def test_import_table_qualifies_aliases(imports, expr, qualified):
    facts = facts_of(imports + "\n")
    assert facts.imports.qualify(cst.parse_expression(expr)) == qualified


def test_first_binding_of_an_alias_wins_deterministically():
    table = ImportTable()
    for line in ("import torch.nn.functional as F", "import foo as F"):
        statement = cst.parse_statement(line).body[0]
        table.add_import(statement)
    assert table.qualify(cst.parse_expression("F.softmax")) == "torch.nn.functional.softmax"


def test_imports_below_their_use_are_known():
    facts = facts_of(
        """
        def loss(x, y):
            return F.cross_entropy(x, y)

        import torch.nn.functional as F
        """
    )
    (call,) = [c for c in facts.all_calls() if c.key == "F.cross_entropy"]
    assert call.qualname == "torch.nn.functional.cross_entropy"


def test_dotted_and_words():
    assert dotted(cst.parse_expression("self.model.fc")) == "self.model.fc"
    assert dotted(cst.parse_expression("models[0].fc")) is None
    assert words("X_testNorm2") == ["x", "test", "norm", "2"]
    assert words("optimizerD") == ["optimizer", "d"]


def test_order_loops_and_grad_context_are_recorded():
    facts = facts_of(
        """
        import torch
        model = Net()
        for x in loader:
            with torch.no_grad():
                a = model(x)
            b = model(x)
        """
    )
    calls = [c for c in facts.module_scope.calls if c.key in ("Net", "model")]
    assert [(c.grad_disabled, len(c.loops)) for c in calls] == [(False, 0), (True, 1), (False, 1)]
    assert calls[0].order < calls[1].order < calls[2].order
    (loop,) = facts.module_scope.loops
    assert loop.contains(calls[1].order) and not loop.contains(calls[0].order)


def test_resolve_follows_latest_binding_then_enclosing_scope():
    facts = facts_of(
        """
        criterion = make_a()
        def train():
            out = first()
            out = second()
            return criterion(out)
        """
    )
    train = facts.functions["train"][0]
    (call,) = [c for c in train.calls if c.key == "criterion"]
    assert facts.code(facts.resolve("out", train, call.order).value) == "second()"
    assert facts.code(facts.resolve("criterion", train, call.order).value) == "make_a()"


def test_self_attributes_resolve_through_init():
    facts = facts_of(
        """
        import torch.nn as nn
        class T:
            def __init__(self):
                self.criterion = nn.CrossEntropyLoss()
            def step(self, x, y):
                return self.criterion(x, y)
        """
    )
    step = facts.functions["step"][0]
    (call,) = step.calls
    assert (
        facts.code(facts.resolve("self.criterion", step, call.order).value)
        == "nn.CrossEntropyLoss()"
    )


@pytest.mark.parametrize(
    ("line", "code", "suppressed"),
    [
        ("x = 1  # noqa", "TL001", True),
        ("x = 1  # noqa: TL001", "TL001", True),
        ("x = 1  # noqa: TL002, TL001", "TL001", True),
        ("x = 1  # NOQA:TL001", "TL001", True),
        ("x = 1  # noqa: TL002", "TL001", False),
        ("x = 1  # noqa:E501", "TL001", False),
        ("x = 1  # not noqa-related", "TL001", False),
        ("x = 1", "TL001", False),
    ],
)
def test_noqa(line, code, suppressed):
    assert NoqaIndex(line + "\n").suppresses(1, code) is suppressed


def test_skip_file_needs_its_own_comment_line():
    assert skips_file("import torch\n# torchlint: skip-file\n")
    assert not skips_file("x = '# torchlint: skip-file'\n")


def test_decode_errors_carry_a_position():
    with pytest.raises(SourceError) as error:
        decode_python(b"a = 1\nb = '\xfe'\n")
    assert (error.value.line, error.value.column) == (2, 6)
    assert decode_python(b"\xef\xbb\xbfimport torch\n") == "import torch\n"


def test_notebook_cells_are_flattened_with_magics_commented_out():
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "# title"},
            {"cell_type": "code", "source": ["%pip install x\n", "import torch\n"]},
            {"cell_type": "code", "source": "%%bash\nls -la"},
            {"cell_type": "code", "source": "!nvidia-smi\nmodel = Net()"},
        ]
    }
    text = notebook_text(json.dumps(notebook).encode())
    cst.parse_module(text.text)
    assert text.locate(2) == (1, 2)
    assert text.locate(6) == (3, 2)
    assert "# %%bash" in text.text and "# !nvidia-smi" in text.text


def test_broken_notebook_is_a_source_error():
    with pytest.raises(SourceError, match="not a valid Jupyter notebook"):
        notebook_text(b"{not json")
