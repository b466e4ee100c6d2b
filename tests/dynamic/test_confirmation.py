"""Static findings confirmed by a real smoke run, refuted where the run shows otherwise, or left
open when the code path did not run."""

from click.testing import CliRunner

from tests.dynamic.conftest import by_code
from torchlint.cli import main

STALE = """
    import torch
    from torch import nn

    torch.manual_seed(0)
    x, y = torch.randn(64, 8), torch.randint(0, 3, (64,))
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))
    for step in range(5):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
"""


def test_stale_optimizer_confirmed_with_parameter_evidence(smoke):
    report = smoke(STALE)
    tl001 = by_code(report)["TL001"]
    assert tl001["confirmed"] is True
    assert (
        "holds 0 of the 4 trainable tensors used in forward, on 5 of 5 steps" in tl001["evidence"]
    )
    assert "its parameters never changed" in tl001["evidence"]
    assert by_code(report)["TL102"]["line"] == 8  # the old model's optimizer never changes anything


def test_fixed_stale_optimizer_is_clean(smoke):
    fixed = STALE.replace("    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n", "")
    fixed = fixed.replace(
        "    for step", "    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n    for step"
    )
    report = smoke(fixed)
    assert report["findings"] == [] and report["exit_code"] == 0


def test_replaced_layer_is_confirmed(smoke):
    report = smoke(
        """
        import torch
        from torch import nn

        torch.manual_seed(0)
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.body = nn.Linear(8, 16)
                self.head = nn.Linear(16, 3)
            def forward(self, x):
                return self.head(torch.relu(self.body(x)))

        model = Net()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        model.head = nn.Linear(16, 5)
        x, y = torch.randn(64, 8), torch.randint(0, 5, (64,))
        for step in range(3):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        """
    )
    tl001 = by_code(report)["TL001"]
    assert tl001["confirmed"] is True
    assert (
        "2 trainable tensors used in forward are in no optimizer (head.weight, head.bias)"
        in tl001["evidence"]
    )


def test_refuted_when_the_factory_returns_the_same_model(smoke):
    report = smoke(
        """
        import torch
        from torch import nn

        torch.manual_seed(0)
        _cache = {}

        def build(width):
            return _cache.setdefault(width, nn.Linear(width, 1))

        model = build(4)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        model = build(4)
        x, y = torch.randn(16, 4), torch.randn(16, 1)
        for step in range(3):
            optimizer.zero_grad()
            nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
        """
    )
    tl001 = by_code(report)["TL001"]
    assert tl001["confirmed"] is False
    assert "updated the parameters used in forward (2 of 2) on every step" in tl001["evidence"]


def test_not_checked_when_the_rebinding_does_not_run(smoke):
    report = smoke(
        STALE.replace(
            "    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))\n    for",
            "    if False:\n        model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3))\n    for",
        )
    )
    tl001 = by_code(report)["TL001"]
    assert tl001["confirmed"] is None
    assert "did not run in the smoke run" in tl001["evidence"]


MISSING_RESET = """
    import torch
    from torch import nn

    torch.manual_seed(0)
    model = nn.Linear(8, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x, y = torch.randn(32, 8), torch.randn(32, 1)
    for step in range(4):
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
"""


def test_missing_zero_grad_confirmed_by_gradient_growth(smoke):
    tl002 = by_code(smoke(MISSING_RESET))["TL002"]
    assert tl002["confirmed"] is True
    assert (
        "were not reset between steps: before the backward of step 2 they already had norm"
        in tl002["evidence"]
    )
    norms = [
        float(n) for n in tl002["evidence"].split("gradient norms at each step: ")[1].split(" -> ")
    ]
    assert norms == sorted(norms) and norms[-1] > 2 * norms[0]


def test_missing_zero_grad_fixed_is_clean(smoke):
    fixed = MISSING_RESET.replace(
        "        loss = nn", "        optimizer.zero_grad()\n        loss = nn"
    )
    assert smoke(fixed)["findings"] == []


def test_reset_in_a_project_module_is_seen_statically(smoke, tmp_path):
    (tmp_path / "helpers.py").write_text("def clear(optimizer):\n    optimizer.zero_grad()\n")
    source = MISSING_RESET.replace(
        "import torch\n", "import torch\n    from helpers import clear\n", 1
    )
    source = source.replace("        loss = nn", "        clear(optimizer)\n        loss = nn")
    assert "TL002" not in by_code(smoke(source))


def test_reset_out_of_static_sight_refutes_the_static_finding(smoke, tmp_path):
    # A module found only at run time (a folder put on sys.path by the script) is not read
    # statically: the run shows the gradients are reset after all.
    vendor = tmp_path / "vendor"
    vendor.mkdir()
    (vendor / "helpers.py").write_text("def clear(optimizer):\n    optimizer.zero_grad()\n")
    source = MISSING_RESET.replace(
        "import torch\n",
        "import sys\n    sys.path.insert(0, 'vendor')\n    import torch\n    from helpers import clear\n",
        1,
    )
    source = source.replace("        loss = nn", "        clear(optimizer)\n        loss = nn")
    tl002 = by_code(smoke(source))["TL002"]
    assert tl002["confirmed"] is False
    assert "were reset before every backward over 4 steps" in tl002["evidence"]


def test_reset_between_backward_and_step_confirmed(smoke):
    source = MISSING_RESET.replace(
        "        optimizer.step()", "        optimizer.zero_grad()\n        optimizer.step()"
    )
    tl002 = by_code(smoke(source))["TL002"]
    assert tl002["confirmed"] is True
    assert "stepped with all-zero gradients on 4 of 4 steps" in tl002["evidence"]


SOFTMAX = """
    import torch
    from torch import nn

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 4), nn.Softmax(dim=1))
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(32, 8), torch.randint(0, 4, (32,))
    for step in range(3):
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
"""


def test_softmax_before_cross_entropy_confirmed_from_the_loss_input(smoke):
    tl003 = by_code(smoke(SOFTMAX))["TL003"]
    assert tl003["confirmed"] is True
    assert (
        "already a probability distribution (values in [0, 1], rows summing to 1) in 3 of 3 calls"
        in tl003["evidence"]
    )


def test_softmax_fixed_is_clean(smoke):
    assert smoke(SOFTMAX.replace(", nn.Softmax(dim=1)", ""))["findings"] == []


def test_sigmoid_before_bce_with_logits_confirmed(smoke):
    source = SOFTMAX.replace("nn.Softmax(dim=1)", "nn.Sigmoid()").replace(
        "nn.CrossEntropyLoss()", "nn.BCEWithLogitsLoss()"
    )
    source = source.replace("torch.randint(0, 4, (32,))", "torch.randint(0, 2, (32, 4)).float()")
    tl003 = by_code(smoke(source))["TL003"]
    assert tl003["confirmed"] is True and "like sigmoid output" in tl003["evidence"]


EVALUATE = """
    import torch
    from torch import nn

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 16), nn.Dropout(0.1), nn.Linear(16, 3))

    def evaluate(model, x, y):
        model.eval()
        logits = model(x)
        return logits.softmax(1)[torch.arange(len(y)), y].mean()

    x, y = torch.randn(32, 8), torch.randint(0, 3, (32,))
    print(evaluate(model, x, y))
"""


def test_eval_with_grad_confirmed(smoke):
    tl004 = by_code(smoke(EVALUATE))["TL004"]
    assert tl004["confirmed"] is True
    assert (
        "1 of 1 forward passes of `Sequential` in eval() mode ran with gradients enabled"
        in tl004["evidence"]
    )


def test_eval_under_no_grad_elsewhere_refutes_the_static_finding(smoke, tmp_path):
    (tmp_path / "runner.py").write_text(
        "import torch\n\ndef run(fn, *args):\n    with torch.no_grad():\n        return fn(*args)\n"
    )
    source = EVALUATE.replace("import torch\n", "import torch\n    from runner import run\n", 1)
    source = source.replace("print(evaluate(model, x, y))", "print(run(evaluate, model, x, y))")
    tl004 = by_code(smoke(source))["TL004"]
    assert tl004["confirmed"] is False
    assert "ran without building a graph" in tl004["evidence"]


def test_eval_fixed_is_clean(smoke):
    assert (
        smoke(EVALUATE.replace("    def evaluate", "    @torch.no_grad()\n    def evaluate"))[
            "findings"
        ]
        == []
    )


def test_normalization_rule_is_not_checked_at_run_time(smoke):
    report = smoke(
        """
        import torch

        X_test = torch.randn(20, 3)
        X_test = (X_test - X_test.mean(0)) / X_test.std(0)
        """,
        "--allow-no-steps",
    )
    tl005 = by_code(report)["TL005"]
    assert tl005["confirmed"] is None and tl005["evidence"] == "not checked by dynamic mode"


NLL = """
    import torch
    from torch import nn

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4))
    criterion = nn.NLLLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(32, 8), torch.randint(0, 4, (32,))
    for step in range(3):
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
"""


def test_nll_loss_on_logits_confirmed_from_the_loss_input(smoke):
    tl008 = by_code(smoke(NLL))["TL008"]
    assert tl008["confirmed"] is True
    assert (
        "was not log-probabilities" in tl008["evidence"] and "in 3 of 3 calls" in tl008["evidence"]
    )


def test_nll_loss_with_log_softmax_is_clean(smoke):
    fixed = NLL.replace("nn.Linear(16, 4))", "nn.Linear(16, 4), nn.LogSoftmax(dim=1))")
    assert smoke(fixed)["findings"] == []


BROADCAST = """
    import torch
    from torch import nn

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x, y = torch.randn(16, 4), torch.randn(16, 1)
    for step in range(3):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x), y.view(-1))
        loss.backward()
        optimizer.step()
"""


def test_broadcasting_regression_loss_confirmed_with_shapes(smoke):
    tl009 = by_code(smoke(BROADCAST))["TL009"]
    assert tl009["confirmed"] is True
    assert "prediction of shape [16, 1] with a target of shape [16]" in tl009["evidence"]


def test_matching_shapes_are_clean(smoke):
    assert smoke(BROADCAST.replace("y.view(-1)", "y"))["findings"] == []


AUTOGRAD_BREAK = """
    import torch
    from torch import nn

    torch.manual_seed(0)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(4, 8)
            self.fc2 = nn.Linear(8, 1)

        def forward(self, x):
            h = self.fc1(x)
            h = h.data
            return self.fc2(torch.relu(h))

    model = Net()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x, y = torch.randn(16, 4), torch.randn(16, 1)
    for step in range(2):
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()
"""


def test_autograd_break_confirmed_by_parameters_without_gradient(smoke):
    tl010 = by_code(smoke(AUTOGRAD_BREAK))["TL010"]
    assert tl010["confirmed"] is True
    assert (
        "2 of the 4 trainable tensors used in forward had no gradient (fc1.weight, fc1.bias)"
        in tl010["evidence"]
    )


def test_forward_without_break_is_clean(smoke):
    assert smoke(AUTOGRAD_BREAK.replace("            h = h.data\n", ""))["findings"] == []


NEVER_BACK_TO_TRAIN = """
    import torch
    from torch import nn

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 16), nn.Dropout(0.5), nn.Linear(16, 3))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x, y = torch.randn(32, 8), torch.randint(0, 3, (32,))
    for epoch in range(3):
        for step in range(2):
            optimizer.zero_grad()
            nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            accuracy = (model(x).argmax(1) == y).float().mean().item()
"""


def test_training_in_eval_mode_confirmed(smoke):
    tl007 = by_code(smoke(NEVER_BACK_TO_TRAIN))["TL007"]
    assert tl007["confirmed"] is True
    assert "4 forward passes of `Sequential` built a graph in eval() mode" in tl007["evidence"]


def test_back_to_train_each_epoch_is_clean(smoke):
    fixed = NEVER_BACK_TO_TRAIN.replace(
        "        for step in range(2):", "        model.train()\n        for step in range(2):"
    )
    assert smoke(fixed)["findings"] == []


def test_cuda_requested_without_cuda_is_a_clear_error(tmp_path):
    script = tmp_path / "train.py"
    script.write_text("import torch\n")
    result = CliRunner().invoke(main, ["run", "--device", "cuda", str(script)])
    assert result.exit_code == 2
    assert (
        "dynamic mode could not start: RuntimeError: --device cuda was requested, but CUDA is not available here"
        in result.stderr
    )
