"""Smoke runs stay short, offline and safe, and always end in a report."""

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from click.testing import CliRunner

from tests.dynamic.conftest import by_code
from torchlint.cli import main
from torchlint.dynamic import runner

FASHION_MNIST = """
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    from torchvision import datasets, transforms

    device = torch.device("cuda")
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.2860,), (0.3530,))])
    train_set = datasets.FashionMNIST("./data", train=True, download=True, transform=transform)
    test_set = datasets.FashionMNIST("./data", train=False, download=True, transform=transform)
    train_loader = torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True, num_workers=4)
    test_loader = torch.utils.data.DataLoader(test_set, batch_size=1000)


    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 32, 3, 1)
            self.conv2 = nn.Conv2d(32, 64, 3, 1)
            self.fc1 = nn.Linear(9216, 128)
            self.fc2 = nn.Linear(128, 10)

        def forward(self, x):
            x = F.relu(self.conv1(x))
            x = F.max_pool2d(F.relu(self.conv2(x)), 2)
            x = F.relu(self.fc1(torch.flatten(x, 1)))
            return self.fc2(x)


    model = Net().cuda()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(10):
        model.train()
        for images, labels in train_loader:
            images, labels = images.cuda(), labels.to(device)
            loss = F.cross_entropy(model(images), labels)
            loss.backward()
            optimizer.step()
        model.eval()
        correct = 0
        with torch.no_grad():
            for images, labels in test_loader:
                correct += (model(images.cuda()).argmax(1) == labels.cuda()).sum().item()
        print(f"epoch {epoch}: accuracy {correct / len(test_set):.3f}")
    torch.save(model.state_dict(), "fashion_cnn.pt")
"""


def test_fashion_mnist_style_script_runs_offline_on_cpu_and_reports_its_bug(smoke, tmp_path):
    report = smoke(FASHION_MNIST, "--device", "cpu", "--steps", "3")
    run = report["run"]
    assert run["status"] == "completed", run
    assert run["device"] == "cpu"
    assert run["steps"] == 30  # 10 epochs, each capped to 3 batches
    assert any("FashionMNIST" in d for d in run["substitutions"]["datasets"])
    assert run["substitutions"]["cuda_to_cpu"][".cuda()"] >= 20
    assert "CUDA requests run on the CPU" in run["summary"]
    assert run["substitutions"]["saves"][0]["requested"] == "fashion_cnn.pt"
    assert not (tmp_path / "fashion_cnn.pt").exists() and not (tmp_path / "data").exists()
    tl002 = by_code(report)["TL002"]
    assert tl002["confirmed"] is True and "were not reset between steps" in tl002["evidence"]


def test_sys_exit_with_an_error_status_is_reported_and_zero_is_clean(smoke):
    report = smoke("import sys\nimport torch\nsys.exit(3)\n", "--allow-no-steps")
    assert report["run"]["status"] == "exited"
    assert by_code(report)["TL100"]["message"].startswith("the script exited with status 3")
    assert smoke("import sys\nimport torch\nsys.exit(0)\n", "--allow-no-steps")["findings"] == []


def test_crash_reports_the_exception_line_and_what_ran_before(smoke):
    report = smoke(
        """
        import torch
        from torch import nn

        model = nn.Linear(4, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for step in range(2):
            optimizer.zero_grad()
            model(torch.randn(2, 4)).sum().backward()
            optimizer.step()
        raise ValueError("checkpoint directory missing")
        """
    )
    crash = by_code(report)["TL100"]
    assert crash["line"] == 11
    assert "raised ValueError: checkpoint directory missing" in crash["message"]
    assert "after 2 optimizer steps" in crash["message"]
    assert report["run"]["exception"]["type"] == "ValueError"


def test_hanging_script_is_ended_by_the_timeout_without_orphans(smoke, tmp_path):
    report = smoke(
        """
        import subprocess
        import time
        import torch

        child = subprocess.Popen(["sleep", "600"])
        with open("child.pid", "w") as handle:
            handle.write(str(child.pid))
        while True:
            time.sleep(0.1)
        """,
        "--timeout",
        "8",
        "--allow-no-steps",
    )
    assert report["run"]["status"] == "timeout", report["run"]
    assert "the time budget ended the run" in report["run"]["summary"]
    pid = int((tmp_path / "child.pid").read_text())
    deadline = time.monotonic() + 5
    while _still_running(pid):
        assert time.monotonic() < deadline, f"process {pid} started by the script outlived the run"
        time.sleep(0.1)


def _still_running(pid: int) -> bool:
    """Running, as opposed to gone or a zombie waiting for init to reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    state = stat.rsplit(")", 1)[1].split()[0]
    return state != "Z"


def test_script_arguments_after_the_separator_reach_the_script(smoke):
    report = smoke(
        """
        import sys
        import torch
        if sys.argv[1:] != ["--epochs", "2"]:
            raise SystemExit(f"unexpected arguments {sys.argv[1:]}")
        """,
        "--allow-no-steps",
        script_args=("--epochs", "2"),
    )
    assert report["findings"] == [] and report["run"]["status"] == "completed"


def test_dynamic_flag_on_check_is_the_same_as_run(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(textwrap.dedent(
        """
        import torch
        from torch import nn
        model = nn.Linear(2, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for step in range(3):
            model(torch.ones(1, 2)).sum().backward()
            optimizer.step()
        """
    ))  # fmt: skip
    result = CliRunner().invoke(main, ["--dynamic", "--format", "json", str(script)])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["findings"][0]["confirmed"] is True


def test_without_torch_dynamic_mode_says_how_to_install_it(tmp_path, monkeypatch):
    script = tmp_path / "train.py"
    script.write_text("import torch\n")
    monkeypatch.setattr(runner, "torch_available", lambda: False)
    result = CliRunner().invoke(main, ["run", str(script)])
    assert result.exit_code == 2
    assert f"{sys.executable} -m pip install torch torchvision" in result.stderr


def test_static_mode_never_imports_torch(tmp_path):
    (tmp_path / "train.py").write_text(textwrap.dedent(FASHION_MNIST))
    code = (
        "import sys; from torchlint.cli import main\n"
        "try:\n    main(['check', '-q', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
        "assert 'torch' not in sys.modules, 'static mode imported torch'\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stderr
    assert "TL002" in completed.stdout


def test_a_checkpoint_saved_and_loaded_back_reads_the_redirected_file(smoke, tmp_path):
    (tmp_path / "model.pt").write_bytes(b"the user's real checkpoint")
    (tmp_path / "head.pkl").write_bytes(b"the user's real pickle")
    report = smoke(
        """
        import pickle
        import torch
        from torch import nn

        model = nn.Linear(2, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for step in range(2):
            optimizer.zero_grad()
            model(torch.ones(4, 2)).sum().backward()
            optimizer.step()
        torch.save(model.state_dict(), "model.pt")
        model.load_state_dict(torch.load("model.pt"))
        with open("head.pkl", "wb") as handle:
            pickle.dump({"bias": model.bias.tolist()}, handle)
        with open("head.pkl", "rb") as handle:
            assert pickle.load(handle)["bias"] == model.bias.tolist()
        """
    )
    assert report["run"]["status"] == "completed", report["run"]
    assert (tmp_path / "model.pt").read_bytes() == b"the user's real checkpoint"
    assert (tmp_path / "head.pkl").read_bytes() == b"the user's real pickle"
    requested = [Path(s["requested"]).name for s in report["run"]["substitutions"]["saves"]]
    assert requested == ["model.pt", "head.pkl"]


NEEDS_ARGUMENTS = """
import argparse
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--data", required=True)
args = parser.parse_args()
"""


def test_a_script_that_stops_before_any_step_says_nothing_was_checked(tmp_path):
    script = tmp_path / "train.py"
    script.write_text(NEEDS_ARGUMENTS)
    result = CliRunner().invoke(main, ["run", "-q", "--timeout", "60", str(script)])
    assert result.exit_code == 2
    assert "nothing was checked at run time" in result.stderr
    assert "it exited with status 2" in result.stderr
    assert f"torchlint run {script} -- ARGS" in result.stderr
    # Allowed, the exit status is the findings': here TL100, the script's own exit status.
    allowed = CliRunner().invoke(main, ["run", "-q", "--allow-no-steps", str(script)])
    assert allowed.exit_code == 1 and "nothing was checked" in allowed.stderr
    assert "TL100" in allowed.stdout


def test_torchlint_options_after_the_script_are_passed_on_with_a_warning(tmp_path):
    script = tmp_path / "train.py"
    script.write_text("import sys\nimport torch\nassert sys.argv[1:] == ['--steps', '3']\n")
    result = CliRunner().invoke(
        main, ["run", "-q", "--allow-no-steps", str(script), "--steps", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "`--steps` comes after the script, so it goes to the script" in result.stderr
    quiet = CliRunner().invoke(
        main, ["run", "-q", "--allow-no-steps", str(script), "--", "--steps", "3"]
    )
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr


def test_the_child_runs_this_torchlint_not_one_in_the_working_directory(smoke, tmp_path):
    (tmp_path / "torchlint").mkdir()
    (tmp_path / "torchlint" / "__init__.py").write_text(
        "raise ImportError('the wrong torchlint')\n"
    )
    report = smoke(
        """
        import torch
        from torch import nn

        model = nn.Linear(2, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        optimizer.zero_grad()
        model(torch.ones(1, 2)).sum().backward()
        optimizer.step()
        """
    )
    assert report["run"]["status"] == "completed" and report["run"]["steps"] == 1
