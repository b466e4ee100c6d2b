"""Generated and mutated programs: torchlint reports or stays silent, and never raises.

Three sources of input, each bounded so the suite stays fast: programs that hypothesmith derives
from Python's grammar, training scripts assembled from the fragments real ones are made of (nested
at random in functions, classes, loops and `with` blocks), and the bundled examples with lines
deleted, duplicated or re-indented.
"""

import random
import textwrap
import zlib
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from torchlint.engine import SYNTAX_ERROR, LintJob, run_job
from torchlint.rules import ALL_RULES

pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")
ALL_CODES = frozenset(rule.code for rule in ALL_RULES) | {SYNTAX_ERROR.code}
EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.py"))


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,  # the same programs every run: a failure reproduces
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        database=None,
    )


def check(source: str) -> list:
    """Lint `source`; fail on an internal error or a syntax error for code Python compiles."""
    result = run_job(LintJob("fuzzed.py", ALL_CODES, source.encode()))
    assert result.error is None, f"{result.error}\n--- source ---\n{source}"
    try:
        compile(source, "fuzzed.py", "exec")
    except SyntaxError:
        return result.findings
    syntax_errors = [f for f in result.findings if f.code == SYNTAX_ERROR.code]
    assert not syntax_errors, f"{syntax_errors[0].message}\n--- source ---\n{source}"
    lines = source.count("\n") + 1
    assert all(1 <= f.line <= lines for f in result.findings)
    return result.findings


@fuzz(120)
@given(hypothesmith.from_grammar())
def test_programs_from_the_grammar(program):
    # "torch" in the text makes torchlint analyse the file instead of skipping it.
    check("import torch\n" + program)


@fuzz(60)
@given(hypothesmith.from_node())
def test_programs_from_libcst_nodes(program):
    check("import torch\n" + program)


# Statements of training scripts; `{m}`, `{o}`, `{x}` are filled with names drawn per script,
# so the same object is created, trained and evaluated in different scopes.
FRAGMENTS = [
    "{m} = nn.Sequential(nn.Linear(8, 16), nn.Dropout(0.1), nn.Linear(16, 3))",
    "{m} = Net()",
    "{m} = build_model(cfg)",
    "{m} = {m}.to(device)",
    "{m}, {o} = resume({m}, {o}, path)",
    "{o} = torch.optim.SGD({m}.parameters(), lr=0.1)",
    "{o} = optim.Adam(self.{m}.parameters())",
    "{o}.zero_grad()",
    "{o}.step()",
    "scheduler.step()",
    "{x} = {m}({x})",
    "{x} = self.{m}({x}).softmax(dim=1)",
    "{x} = F.log_softmax({m}({x}), 1)",
    "loss = criterion({x}, y)",
    "loss = nn.CrossEntropyLoss()(torch.softmax({x}, 1), y)",
    "loss.backward()",
    "total += loss",
    "history.append(loss)",
    "{m}.eval()",
    "{m}.train()",
    "{x} = ({x} - {x}.mean()) / {x}.std()",
    "train_x, test_x = {x}[:800], {x}[800:]",
    "{x} = {x}.to(device)",
    "{x} = torch.tensor({x}.detach().numpy())",
    "return {x}",
    "return {m}, {o}",
    "yield {x}",
    "print({x}.item())",
    "{x} = helper({m}, {x})",
    "self.{m} = {m}",
    "del {x}",
    "global {m}",
    "nonlocal {x}",
    "{x} = lambda v: {m}(v)",
    "{x} = [{m}(b) for b in loader]",
    "{x} = {{k: {m}(v) for k, v in batches.items()}}",
    "assert {x} is not None",
    "raise ValueError({x})",
    "break",
    "continue",
    "pass",
]
HEADERS = [
    "def {f}({m}, {o}, loader):",
    "def {f}(self, {x}):",
    "async def {f}({x}):",
    "class {c}(nn.Module):",
    "class {c}({c}):",
    "for {x}, y in loader:",
    "for epoch in range(3):",
    "while True:",
    "with torch.no_grad():",
    "with torch.set_grad_enabled(train):",
    "if {x} is None:",
    "try:",
    "@torch.no_grad()\ndef {f}({m}, loader):",
    "@{f}\ndef {f}({m}):",
]
NAMES = {"m": ["model", "net", "m"], "o": ["opt", "optimizer"], "x": ["x", "out", "logits"]}
NAMES |= {"f": ["train", "evaluate", "step", "helper"], "c": ["Net", "Head", "Trainer"]}


@st.composite
def training_scripts(draw) -> str:
    names = {key: draw(st.sampled_from(options)) for key, options in NAMES.items()}
    lines = ["import torch", "import torch.nn as nn", "from torch import optim", "import torch.nn.functional as F"]  # fmt: skip
    depth = 0
    for _ in range(draw(st.integers(5, 40))):
        if depth and draw(st.integers(0, 4)) == 0:
            depth -= 1  # close a block
        if depth < 6 and draw(st.integers(0, 3)) == 0:
            header = draw(st.sampled_from(HEADERS)).format(**names)
            for part in header.split("\n"):
                lines.append("    " * depth + part)
            if header.startswith("try"):
                lines += ["    " * (depth + 1) + "pass", "    " * depth + "except Exception:"]
            depth += 1
        lines.append("    " * depth + draw(st.sampled_from(FRAGMENTS)).format(**names))
    return "\n".join(lines) + "\n"


@fuzz(300)
@given(training_scripts())
def test_training_scripts_assembled_from_fragments(script):
    check(script)


def mutants(text: str, seed: int, count: int):
    """`count` copies of `text`, each with one line deleted, duplicated, indented or dedented."""
    generator = random.Random(seed)
    lines = text.splitlines(keepends=True)
    for _ in range(count):
        where = generator.randrange(len(lines))
        copy = list(lines)
        kind = generator.choice(["delete", "duplicate", "indent", "dedent"])
        if kind == "delete":
            del copy[where]
        elif kind == "duplicate":
            copy.insert(where, copy[where])
        elif kind == "indent":
            copy[where] = "    " + copy[where]
        else:
            copy[where] = copy[where][4:] if copy[where].startswith("    ") else copy[where]
        yield "".join(copy)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_mutated_examples(example):
    assert EXAMPLES, "the bundled examples are missing"
    text = example.read_text()
    for number, mutant in enumerate(
        mutants(text, seed=zlib.crc32(example.name.encode()), count=40)
    ):
        try:
            check(mutant)
        except AssertionError as failure:
            raise AssertionError(f"mutant {number} of {example.name}") from failure


def test_a_mutant_that_breaks_syntax_is_reported_not_raised():
    text = textwrap.dedent(
        """\
        import torch
        for x, y in loader:
            loss = model(x)
        loss.backward()
        """
    )
    broken = text.replace("    loss = model(x)\n", "")  # a `for` without a body
    findings = check(broken)
    assert [f.code for f in findings] == [SYNTAX_ERROR.code]


@pytest.mark.parametrize("ending", ["\\\r\n", "x = 1 \\\r\n"])
def test_a_line_continuation_python_accepts_at_the_end_of_a_file(ending):
    # Found by the grammar fuzzer: Python compiles a trailing backslash-CRLF, libcst does not.
    source = "import torch\n" + ending
    compile(source, "fuzzed.py", "exec")
    assert check(source) == []
