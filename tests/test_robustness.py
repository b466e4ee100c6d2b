"""Every valid file is analysed: deep nesting and recursion never crash torchlint."""

from collections import Counter

from torchlint.analysis.values import Values
from torchlint.engine import LintJob, run_job
from torchlint.rules import ALL_RULES

ALL_CODES = frozenset(rule.code for rule in ALL_RULES)

TRAINING_LOOP = """
for x in loader:
    loss = model(x).sum()
    loss.backward()
    opt.step()
"""


def check(tmp_path, text):
    path = tmp_path / "deep.py"
    path.write_text("import torch\n" + text + TRAINING_LOOP)
    result = run_job(LintJob(str(path), ALL_CODES))
    assert result.error is None, result.error
    # The file was analysed to the end: the loop after the deep code is still checked.
    assert [f.code for f in result.findings] == ["TL002"]


def test_a_thousand_term_sum(tmp_path):
    check(tmp_path, "total = " + " + ".join(f"x{i}" for i in range(1000)) + "\n")


def test_a_thousand_implicitly_concatenated_strings(tmp_path):
    body = "\n".join(f'    "part {i} of a long help text "' for i in range(1000))
    check(tmp_path, f"HELP = (\n{body}\n)\n")


def test_a_recursive_helper_called_in_the_training_loop(tmp_path):
    check(
        tmp_path,
        "def repackage_hidden(h):\n"
        "    if isinstance(h, torch.Tensor):\n"
        "        return h.detach()\n"
        "    return tuple(repackage_hidden(v) for v in h)\n"
        "\n"
        "def ping(n):\n"
        "    return pong(n - 1)\n"
        "\n"
        "def pong(n):\n"
        "    return ping(n)\n"
        "\n"
        "hidden = repackage_hidden(ping(3))\n",
    )


def test_deeply_nested_calls_and_subscripts(tmp_path):
    check(tmp_path, "y = " + "f(" * 300 + "x" + ")" * 300 + "\nz = x" + "[0]" * 500 + "\n")


def test_a_chain_longer_than_the_depth_bound_is_evaluated_once_per_link_and_depth(
    tmp_path, monkeypatch
):
    # A link cut by the depth bound is asked for as a receiver and again inside its callee;
    # evaluated anew each time, a 100-link chain took seconds instead of milliseconds.
    evaluations: Counter = Counter()
    evaluate = Values._evaluate

    def counted(self, expr, scope, order, depth):
        evaluations[id(expr), order, depth] += 1
        return evaluate(self, expr, scope, order, depth)

    monkeypatch.setattr(Values, "_evaluate", counted)
    check(tmp_path, "y = x" + ".step()" * 100 + "\n")
    assert max(evaluations.values()) == 1


def test_valid_python_libcst_rejects_is_checked_without_that_statement(tmp_path):
    # `(x): int` is valid Python (an annotation without a target) that libcst cannot parse.
    check(
        tmp_path,
        "def f():\n"
        "    (no_such_global): int\n"
        "    print('é', no_such_global)\n"
        "(pars): bool = True\n",
    )


def test_invalid_python_is_still_a_syntax_error(tmp_path):
    path = tmp_path / "broken.py"
    path.write_text("import torch\n(x): int = \n")
    (finding,) = run_job(LintJob(str(path), ALL_CODES | {"TL900"})).findings
    assert (finding.code, finding.line) == ("TL900", 2)
