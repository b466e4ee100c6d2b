"""The shared layer the rules stand on: names, imports, facts, suppression, sources."""

import textwrap

import libcst as cst
import pytest

from torchlint.analysis.facts import collect_facts
from torchlint.analysis.names import ImportTable, dotted, words
from torchlint.sources import SourceError, decode_python
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


def test_comprehension_targets_are_visible_only_inside_the_comprehension():
    facts = facts_of(
        """
        batch = first_loader()
        losses = [step(batch) for batch in loader]
        last = finish(batch)
        """
    )
    module = facts.module_scope
    inside = next(c for c in module.calls if c.key == "step")
    after = next(c for c in module.calls if c.key == "finish")
    assert facts.code(facts.resolve("batch", module, inside.order).origin) == "loader"
    assert facts.code(facts.resolve("batch", module, after.order).value) == "first_loader()"


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
        ("x = 1  # noqa: stale-optimizer", "TL001", True),
        ("x = 1  # noqa: TL002, stale-optimizer", "TL001", True),
        ("x = 1  # noqa: missing-zero-grad", "TL001", False),
        ("x = 1  # noqa:E501", "TL001", False),
        ("x = 1  # not noqa-related", "TL001", False),
        ("x = 1", "TL001", False),
    ],
)
def test_noqa(line, code, suppressed):
    assert NoqaIndex([line]).suppresses(1, code, "stale-optimizer") is suppressed


def test_skip_file_needs_its_own_comment_line():
    assert skips_file("import torch\n# torchlint: skip-file\n")
    assert not skips_file("x = '# torchlint: skip-file'\n")


def test_decode_errors_carry_a_position():
    with pytest.raises(SourceError) as error:
        decode_python(b"a = 1\nb = '\xfe'\n")
    assert (error.value.line, error.value.column) == (2, 6)
    assert decode_python(b"\xef\xbb\xbfimport torch\n") == "import torch\n"


def test_targeted_positions_match_libcst_position_provider():
    from pathlib import Path

    from libcst.metadata import MetadataWrapper, PositionProvider

    from torchlint.analysis.positions import node_ranges

    root = Path(__file__).parent
    checked = 0
    for path in sorted(root.glob("fixtures/*/*.py")) + sorted(root.parent.glob("examples/*.py")):
        source = path.read_text()
        facts = collect_facts(str(path), source, cst.parse_module(source))
        targets = facts._reportable_nodes()
        expected = MetadataWrapper(facts.module, unsafe_skip_copy=True).resolve(PositionProvider)
        actual = node_ranges(facts.module, source, targets)
        assert set(actual) == targets
        for node in targets:
            assert actual[node] == expected[node], (path.name, facts.code(node))
        checked += len(targets)
    assert checked > 1000


_TRICKY_LINES = """\
import torch
@torch.no_grad()
@decorate(
    option=make(1),
)
def outer(x=default(2), *, y: hint(3) = 4) -> result(5):
    f(g(h(x)))(k)(
        m(n),
    )
    (wrapped(x))(again(y))
    s = f\"\"\"
{inside(x)}
{also(y) + more(z)}\"\"\"
    values = [make(v) for v in range(3) if keep(v)]
    callback = lambda q: inner(q)
    match pick(x):
        case {"a": 1}:
            choose(1)
    étiquette = "données"; total: float = mesure(étiquette, "é")  # ünïcode
    total += (
        \tmesure(s)
    )
    a = b = (c)
    return s
class Net(Base(1), metaclass=meta(2)):
    def \\
        forward(self, x):
        return self.layer(x)
"""


@pytest.mark.parametrize("source", ["fixtures", "tricky", "tricky-crlf"])
def test_python_positions_match_libcst_position_provider(source):
    from pathlib import Path

    from libcst.metadata import MetadataWrapper, PositionProvider

    root = Path(__file__).parent
    if source.startswith("tricky"):
        texts = [_TRICKY_LINES.replace("\n", "\r\n" if source == "tricky-crlf" else "\n")]
    else:
        paths = [*root.glob("fixtures/*/*.py"), *root.glob("projects/**/*.py")]
        paths += root.parent.glob("examples/*.py")
        texts = [path.read_text() for path in sorted(paths)]
    checked = 0
    for text in texts:
        facts = collect_facts("file.py", text, cst.parse_module(text))
        expected = MetadataWrapper(facts.module, unsafe_skip_copy=True).resolve(PositionProvider)
        calls = [call.node for call in facts.all_calls()]
        names = [s.node.name for s in facts.scopes if s.kind in ("class", "function")]
        for node in [*calls, *names]:
            assert facts.line(node) == expected[node].start.line, facts.code(node)
        python = facts._python_positions()
        for node in [*calls, *facts.assignments]:
            assert python.range(node) == expected[node], facts.code(node)
        # Only a name split from its `def` by a backslash needs libcst's positions.
        placed = {*python.spans, *python.name_lines}
        expected_unplaced = {names[-1]} if source.startswith("tricky") else set()
        assert {*calls, *facts.assignments, *names} - placed == expected_unplaced
        checked += len(calls) + len(names) + len(facts.assignments)
    assert checked >= (1000 if source == "fixtures" else 35)


def test_python_positions_fall_back_where_python_and_libcst_disagree():
    from torchlint.analysis.positions import python_positions

    def placed(source, python_source=None):
        module = cst.parse_module(source)
        calls = [s.body[0].value for s in module.body if isinstance(s.body[0], cst.Expr)]
        assignments = [s.body[0] for s in module.body if isinstance(s.body[0], cst.Assign)]
        positions = python_positions(python_source or source, calls, assignments, [])
        return {facts_code(module, node): positions.line(node) for node in positions.spans}

    def facts_code(module, node):
        return module.code_for_node(node).strip()

    assert placed("f(x)\ng(y)\nz = 1\n") == {"f(x)": 1, "g(y)": 2, "z = 1": 3}
    assert placed("f(x)\ng(y)\n", "g(y)\nf(x)\n") == {}  # names differ pair by pair
    assert placed("f(x)\nz = 1\n", "f(x)\nz += 1\n") == {"f(x)": 1}  # statement kinds differ
    assert placed("f(x)\ng(y)\n", "f(x)\n") == {}  # counts differ
    assert placed("f(x)\n", "f(x\n") == {}  # Python cannot parse it


def test_places_resolve_to_the_lines_the_module_itself_reports():
    import pickle

    from torchlint.analysis.places import place_of

    # Leading lines and a backslash before a name, so resolving cannot just count statements.
    source = _TRICKY_LINES + "\n\n\nscale = weight * 2 + bias\n"
    facts = collect_facts("models.py", source, cst.parse_module(source))
    calls = [call.node for call in facts.all_calls()]
    names = [s.node.name for s in facts.scopes if s.kind in ("class", "function")]
    arithmetic = facts.assignments[-1].value  # not a call, statement or definition name
    places = {node: place_of(facts, node) for node in [*calls, *facts.assignments, *names]}
    places[arithmetic] = place_of(facts, arithmetic)
    assert places[arithmetic].kind == "line"  # found at once
    assert all(p.kind != "line" for n, p in places.items() if n is not arithmetic)
    # Resolved after pickling (as a parallel run sends exports), from the source alone.
    shipped = pickle.loads(pickle.dumps(places[calls[0]]))
    assert shipped.line == facts.line(calls[0])
    assert {n: p.line for n, p in places.items()} == {n: facts.line(n) for n in places}
    assert len({p for p in places.values()}) == len(places)


def _facts_signature(facts):
    """Everything the rules read from the walk, as plain values."""
    signature = []
    for scope in facts.scopes:
        signature.append(
            ("scope", scope.kind, scope.name, scope.start, scope.end, tuple(scope.params))
        )
        for call in scope.calls:
            loops = tuple(loop.start for loop in call.loops)
            signature.append(
                (
                    "call",
                    call.key,
                    call.qualname,
                    call.order,
                    call.grad_disabled,
                    loops,
                    call.discarded,
                )
            )
        for key, bindings in sorted(scope.bindings.items()):
            signature += [
                ("bind", key, b.order, b.start, b.augmented, b.value is None) for b in bindings
            ]
        signature += [("loop", loop.start, loop.end) for loop in scope.loops]
        signature += [("return", order) for _, order in scope.returns]
    signature += [("arith", use.order, use.end) for use in facts.arithmetic]
    return signature


def test_fast_walk_collects_the_same_facts_as_libcst_visit():
    from pathlib import Path

    from torchlint.analysis import facts as facts_module

    root = Path(__file__).parent
    paths = sorted(root.glob("**/*.py")) + sorted(root.parent.glob("examples/*.py"))
    paths += sorted(root.parent.glob("torchlint/**/*.py"))
    for path in paths:
        source = path.read_text()
        module = cst.parse_module(source)
        fast = facts_module.collect_facts(str(path), source, module)
        reference = facts_module.ModuleFacts(str(path), source, module, lambda line: (None, line))
        for statement in facts_module._top_level_imports(module.body):
            if isinstance(statement, cst.Import):
                reference.imports.add_import(statement)
            else:
                reference.imports.add_import_from(statement)
        module.visit(facts_module._Collector(reference))
        assert _facts_signature(fast) == _facts_signature(reference), path.name


@pytest.mark.parametrize(
    ("key", "model"),
    [
        ("model", True),
        ("self.net", True),
        ("ema_model", True),
        ("netG", True),
        ("build_model", False),
        ("model_path", False),
        ("self.validate_properties_and_return_model", False),
        ("check_model", False),
        ("Net", False),
    ],
)
def test_names_that_look_like_models(key, model):
    from torchlint.analysis.torch_api import looks_like_model

    assert looks_like_model(key) is model
