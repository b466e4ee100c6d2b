import pytest

from tests.marked import assert_marked, lint, snippet_tests

NET = """
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc1 = nn.Linear(20, 64)
                self.drop = nn.Dropout(0.5)
                self.fc2 = nn.Linear(64, 3)

            def forward(self, x):
                return self.fc2(self.drop(torch.relu(self.fc1(x))))
"""

FLAGGED = {
    "test_function_of_a_model_it_loads": """
        import torch
        import torch.nn as nn

        def test(checkpoint, loader):
            model = nn.Sequential(nn.Linear(16, 32), nn.Dropout(0.3), nn.Linear(32, 4))
            model.load_state_dict(torch.load(checkpoint))
            correct = 0
            with torch.no_grad():
                for x, y in loader:
                    preds = model(x)  # <- TL007
                    correct += (preds.argmax(1) == y).sum().item()
            return correct
    """,
    "trained_inline_evaluated_by_a_helper_that_switches_to_eval": """
        import torch
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(8, 16), nn.Dropout(0.2), nn.Linear(16, 2))
        opt = torch.optim.SGD(model.parameters(), lr=0.1)

        def validate(net, loader):
            net.eval()
            with torch.no_grad():
                return sum(net(x).argmax(1).eq(y).sum().item() for x, y in loader)

        for epoch in range(5):
            model = model.to(device)  # the same module: still in eval mode from last epoch
            for x, y in train_loader:
                opt.zero_grad()
                nn.functional.cross_entropy(model(x), y).backward()
                opt.step()
            print(validate(model, val_loader))  # <- TL007
    """,
    "train_chained_before_the_loop_only": """
        import torch
        from torch import nn

        net = nn.Sequential(nn.Linear(32, 64), nn.Dropout(0.5), nn.Linear(64, 10)).to(device).train()
        opt = torch.optim.Adam(net.parameters())
        for epoch in range(10):
            for x, y in train_loader:
                opt.zero_grad()
                loss = nn.functional.cross_entropy(net(x), y)
                loss.backward()
                opt.step()
            net.eval()  # <- TL007
            with torch.no_grad():
                acc = sum((net(x).argmax(1) == y).sum().item() for x, y in val_loader)
    """,
    "helpers_switch_to_eval_and_nothing_switches_back": """
        import torch
        import torch.nn as nn

        def train_one_epoch(net, loader, opt):
            for x, y in loader:
                opt.zero_grad()
                nn.functional.cross_entropy(net(x), y).backward()
                opt.step()

        @torch.no_grad()
        def validate(net, loader):
            net.eval()
            return sum((net(x).argmax(1) == y).sum().item() for x, y in loader)

        net = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.3), nn.Linear(8, 2))
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        for epoch in range(10):
            train_one_epoch(net, train_loader, opt)
            validate(net, val_loader)  # <- TL007
    """,
    "eval_in_epoch_loop_never_back_to_train": """
        import torch
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(20, 64), nn.Dropout(0.5), nn.Linear(64, 3))
        for epoch in range(10):
            for x, y in train_loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
            model.eval()  # <- TL007
            with torch.no_grad():
                val_loss = sum(criterion(model(x), y).item() for x, y in val_loader)
    """,
    "train_false_in_epoch_loop": """
        import torch

        def fit(model, optimizer, loaders, epochs):
            for epoch in range(epochs):
                for x, y in loaders["train"]:
                    optimizer.zero_grad()
                    loss = criterion(model(x), y)
                    loss.backward()
                    optimizer.step()
                model.train(False)  # <- TL007
                with torch.no_grad():
                    for x, y in loaders["val"]:
                        model(x)
    """,
    "evaluate_function_without_eval_known_model": """
        import torch
        import torch.nn as nn
    """
    + NET
    + """
        @torch.no_grad()
        def evaluate(model, loader):
            correct = 0
            for x, y in loader:
                correct += (model(x).argmax(1) == y).sum().item()  # <- TL007
            return correct

        model = Net()
        evaluate(model, val_loader)
    """,
    "trainer_validate_method_self_model": """
        import torch
        import torchvision

        class Trainer:
            def __init__(self):
                self.model = torchvision.models.resnet18(num_classes=10)

            @torch.no_grad()
            def validate(self, loader):
                total = 0.0
                for x, y in loader:
                    total += self.criterion(self.model(x), y).item()  # <- TL007
                return total
    """,
    "load_state_dict_then_predict": """
        import torch
        import torch.nn as nn
    """
    + NET
    + """
        model = Net()
        model.load_state_dict(torch.load("best.pt"))
        with torch.no_grad():
            predictions = model(test_x).argmax(1)  # <- TL007
    """,
    "torchvision_checkpoint_inference": """
        import torch
        from torchvision import models

        def predict(path, images):
            net = models.resnet50()
            net.load_state_dict(torch.load(path))
            with torch.inference_mode():
                return net(images).softmax(1)  # <- TL007
    """,
    "eval_switch_after_train_then_epoch_continues": """
        import torch
        import torch.nn as nn

        net = nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8), nn.Linear(8, 2))
        for epoch in range(5):
            for inputs, labels in loader:
                opt.zero_grad()
                loss_fn(net(inputs), labels).backward()
                opt.step()
            if epoch % 2 == 0:
                net.eval()  # <- TL007
                with torch.no_grad():
                    score = net(val_inputs)
    """,
    "evaluate_called_after_training_mode": """
        import torch
        import torch.nn as nn
    """
    + NET
    + """
        @torch.no_grad()
        def test(model, loader):
            hits = 0
            for x, y in loader:
                hits += model(x).argmax(1).eq(y).sum().item()  # <- TL007
            return hits

        def main():
            model = Net()
            model.train()
            train(model)
            test(model, test_loader)
    """,
    "periodic_check_over_holdout_batches_in_training_mode": """
        import torch
        import torch.nn as nn

        net = nn.Sequential(nn.Linear(32, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 5))
        opt = torch.optim.Adam(net.parameters())
        it = 0
        for epoch in range(3):
            net.train()
            for x, y in train_batches:
                opt.zero_grad()
                nn.functional.cross_entropy(net(x), y).backward()
                opt.step()
                it += 1
                if it % 500 == 0:
                    hits = 0
                    with torch.no_grad():
                        for hx, hy in holdout_loader:
                            hits += (net(hx).argmax(1) == hy).sum().item()  # <- TL007
                    print(hits)
    """,
    "layers_collected_in_a_loop_and_unpacked_into_sequential": """
        import torch
        import torch.nn as nn

        class Tower(nn.Module):
            def __init__(self, widths):
                super().__init__()
                layers, previous = [], widths[0]
                for width in widths[1:]:
                    layers += [nn.Linear(previous, width), nn.BatchNorm1d(width), nn.GELU()]
                    previous = width
                layers.append(nn.Linear(previous, 1))
                self.body = nn.Sequential(*layers)

            def forward(self, x):
                return self.body(x)

        @torch.no_grad()
        def validate(model, loader):
            total = 0.0
            for x, y in loader:
                total += (model(x) - y).abs().mean().item()  # <- TL007
            return total / len(loader)

        tower = Tower([16, 64, 32])
        tower.train()
        fit(tower, train_loader)
        print(validate(tower, val_loader))
    """,
    "dropout_appended_to_a_list_then_unpacked": """
        import torch
        import torch.nn as nn

        blocks = [nn.Conv2d(3, 16, 3), nn.ReLU()]
        blocks.append(nn.Dropout2d(0.2))
        blocks.extend([nn.Flatten(), nn.LazyLinear(10)])
        cnn = nn.Sequential(*blocks)
        opt = torch.optim.SGD(cnn.parameters(), lr=0.01)
        for epoch in range(3):
            cnn.train()
            for x, y in train_loader:
                opt.zero_grad()
                nn.functional.cross_entropy(cnn(x), y).backward()
                opt.step()
            with torch.no_grad():
                for x, y in val_loader:
                    correct = (cnn(x).argmax(1) == y).sum().item()  # <- TL007
    """,
    "comprehension_of_dropout_blocks_unpacked": """
        import torch
        import torch.nn as nn

        class Block(nn.Module):
            def __init__(self, width):
                super().__init__()
                self.fc = nn.Linear(width, width)
                self.drop = nn.Dropout(0.1)

            def forward(self, x):
                return x + self.drop(torch.relu(self.fc(x)))

        stack = nn.Sequential(*[Block(32) for _ in range(4)])

        @torch.no_grad()
        def evaluate(model, loader):
            return sum(model(x).sub(y).pow(2).sum().item() for x, y in loader)  # <- TL007

        stack.train()
        fit(stack)
        evaluate(stack, val_loader)
    """,
}

CLEAN = {
    "eval_never_left_by_a_model_without_dropout_or_batch_norm": """
        import torch
        from torch import nn

        class MLP(nn.Module):
            def __init__(self, hidden=512):
                super().__init__()
                self.hidden = hidden
                self.flatten = nn.Flatten()
                self.stack = nn.Sequential(nn.Linear(784, hidden), nn.ReLU(), nn.Linear(hidden, 10))

            def forward(self, x):
                return self.stack(self.flatten(x))

        model = MLP()
        optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)

        def train(loader):
            for X, y in loader:
                nn.functional.cross_entropy(model(X), y).backward()
                optimizer.step()
                optimizer.zero_grad()

        def test(loader):
            model.eval()
            with torch.no_grad():
                return sum((model(X).argmax(1) == y).sum().item() for X, y in loader)

        for epoch in range(5):
            train(train_loader)
            print(test(test_loader))
    """,
    "shape_smoke_test_of_a_fresh_model": """
        import torch
        import torch.nn as nn

        class PatchDiscriminator(nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = nn.Conv2d(6, 64, 4, stride=2)
                self.bn = nn.BatchNorm2d(64)

            def forward(self, x, y):
                return self.bn(self.conv(torch.cat([x, y], 1)))

        def test():
            x, y = torch.randn(1, 3, 256, 256), torch.randn(1, 3, 256, 256)
            model = PatchDiscriminator()
            preds = model(x, y)
            print(preds.shape)
    """,
    "dropout_added_to_the_list_only_when_configured": """
        import torch
        import torch.nn as nn

        def make_mlp(widths, dropout=0.0):
            layers = []
            for a, b in zip(widths, widths[1:]):
                layers += [nn.Linear(a, b), nn.ReLU()]
                if dropout > 0:
                    layers.append(nn.Dropout(dropout))
            return nn.Sequential(*layers)

        mlp = make_mlp([16, 64, 1])
        opt = torch.optim.Adam(mlp.parameters())
        for epoch in range(3):
            mlp.train()
            for x, y in train_loader:
                opt.zero_grad()
                nn.functional.mse_loss(mlp(x), y).backward()
                opt.step()
            with torch.no_grad():
                for x, y in val_loader:
                    err = nn.functional.mse_loss(mlp(x), y).item()
    """,
    "unpacked_layers_without_dropout_or_batch_norm": """
        import torch
        import torch.nn as nn

        layers = [nn.Linear(8, 32), nn.ReLU()]
        for _ in range(3):
            layers += [nn.Linear(32, 32), nn.LayerNorm(32), nn.ReLU()]
        net = nn.Sequential(*layers, nn.Linear(32, 2))
        opt = torch.optim.Adam(net.parameters())
        for epoch in range(3):
            net.train()
            for x, y in train_loader:
                opt.zero_grad()
                nn.functional.cross_entropy(net(x), y).backward()
                opt.step()
            with torch.no_grad():
                for x, y in val_loader:
                    hits = (net(x).argmax(1) == y).sum().item()
    """,
    "dropout_appended_after_the_container_was_built": """
        import torch
        import torch.nn as nn

        layers = [nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2)]
        net = nn.Sequential(*layers)
        layers.append(nn.Dropout(0.5))
        opt = torch.optim.Adam(net.parameters())
        for epoch in range(3):
            net.train()
            for x, y in train_loader:
                opt.zero_grad()
                nn.functional.cross_entropy(net(x), y).backward()
                opt.step()
            with torch.no_grad():
                for x, y in val_loader:
                    hits = (net(x).argmax(1) == y).sum().item()
    """,
    "frozen_teacher_kept_in_eval_by_the_epoch_helper": """
        import torch
        import torch.nn.functional as F

        def distill_epoch(student, teacher, loader, opt, T=2.0):
            student.train()
            teacher.eval()
            for x, y in loader:
                with torch.no_grad():
                    soft = F.softmax(teacher(x) / T, dim=1)
                logits = student(x)
                loss = F.kl_div(F.log_softmax(logits / T, dim=1), soft, reduction="batchmean")
                opt.zero_grad()
                loss.backward()
                opt.step()

        def main(student, teacher, loader, opt, epochs):
            for epoch in range(epochs):
                distill_epoch(student, teacher, loader, opt)
    """,
    "periodic_check_switches_to_eval_and_back": """
        import torch
        import torch.nn as nn

        net = nn.Sequential(nn.Linear(32, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 5))
        opt = torch.optim.Adam(net.parameters())
        for epoch in range(3):
            net.train()
            for i, (x, y) in enumerate(train_batches):
                opt.zero_grad()
                nn.functional.cross_entropy(net(x), y).backward()
                opt.step()
                if i % 500 == 0:
                    net.eval()
                    with torch.no_grad():
                        for hx, hy in holdout_loader:
                            print((net(hx).argmax(1) == hy).sum().item())
                    net.train()
    """,
    "periodic_check_of_a_model_without_dropout_or_batchnorm": """
        import torch
        import torch.nn as nn

        net = nn.Sequential(nn.Linear(32, 64), nn.LayerNorm(64), nn.ReLU(), nn.Linear(64, 5))
        opt = torch.optim.Adam(net.parameters())
        for x, y in train_batches:
            opt.zero_grad()
            nn.functional.cross_entropy(net(x), y).backward()
            opt.step()
            with torch.no_grad():
                for hx, hy in holdout_loader:
                    print((net(hx).argmax(1) == hy).sum().item())
    """,
    "a_new_model_each_iteration_starts_in_training_mode": """
        import torch
        import torch.nn as nn

        def show_gradients(net, images, labels):
            net.eval()
            net.zero_grad()
            nn.functional.cross_entropy(net(images), labels).backward()
            return {n: p.grad.abs().mean().item() for n, p in net.named_parameters()}

        for name, act in activations.items():
            net = nn.Sequential(nn.Linear(8, 16), act(), nn.Dropout(0.1), nn.Linear(16, 2)).to(device)
            print(name, show_gradients(net, images, labels))
    """,
    "train_chained_at_the_top_of_each_epoch": """
        import torch
        from torch import nn

        net = nn.Sequential(nn.Linear(32, 64), nn.Dropout(0.5), nn.Linear(64, 10))
        opt = torch.optim.Adam(net.parameters())
        for epoch in range(10):
            net.to(device).train()
            for x, y in train_loader:
                opt.zero_grad()
                loss = nn.functional.cross_entropy(net(x), y)
                loss.backward()
                opt.step()
            net.eval()
            with torch.no_grad():
                acc = sum((net(x).argmax(1) == y).sum().item() for x, y in val_loader)
    """,
    "loader_returns_the_model_in_eval_mode": """
        import torch
        from torch import nn

        def load_model(path, device):
            model = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.Linear(16, 2))
            model.load_state_dict(torch.load(path))
            return model.to(device).eval()

        def run_test(model, loader):
            with torch.no_grad():
                return [model(x).argmax(1) for x, _ in loader]

        def main():
            model = load_model("best.pt", "cuda")
            print(run_test(model, test_loader))
    """,
    "training_helper_switches_back_to_train": """
        import torch
        import torch.nn as nn

        def train_one_epoch(net, loader, opt):
            net.train()
            for x, y in loader:
                opt.zero_grad()
                nn.functional.cross_entropy(net(x), y).backward()
                opt.step()

        @torch.no_grad()
        def validate(net, loader):
            net.eval()
            return sum((net(x).argmax(1) == y).sum().item() for x, y in loader)

        net = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.3), nn.Linear(8, 2))
        opt = torch.optim.SGD(net.parameters(), lr=0.1)
        for epoch in range(10):
            train_one_epoch(net, train_loader, opt)
            validate(net, val_loader)
    """,
    "train_called_each_epoch": """
        import torch
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(20, 64), nn.Dropout(0.5), nn.Linear(64, 3))
        for epoch in range(10):
            model.train()
            for x, y in train_loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
            model.eval()
            with torch.no_grad():
                val_loss = sum(criterion(model(x), y).item() for x, y in val_loader)
    """,
    "evaluate_calls_eval": """
        import torch
        import torch.nn as nn
    """
    + NET
    + """
        @torch.no_grad()
        def evaluate(model, loader):
            model.eval()
            return sum((model(x).argmax(1) == y).sum().item() for x, y in loader)

        evaluate(Net(), val_loader)
    """,
    "caller_switches_to_eval": """
        import torch
        import torch.nn as nn
    """
    + NET
    + """
        @torch.no_grad()
        def evaluate(model, loader):
            return sum((model(x).argmax(1) == y).sum().item() for x, y in loader)

        model = Net()
        model.eval()
        evaluate(model, val_loader)
    """,
    "model_without_dropout_or_batchnorm": """
        import torch
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 3))
        model.load_state_dict(torch.load("best.pt"))
        with torch.no_grad():
            predictions = model(test_x)
    """,
    "loaded_then_eval": """
        import torch
        from torchvision import models

        net = models.resnet50()
        net.load_state_dict(torch.load(path))
        net.eval()
        with torch.no_grad():
            out = net(images)
    """,
    "resume_training_after_loading": """
        import torch
        from torchvision import models

        net = models.resnet18()
        net.load_state_dict(torch.load("checkpoint.pt"))
        for x, y in loader:
            optimizer.zero_grad()
            criterion(net(x), y).backward()
            optimizer.step()
            with torch.no_grad():
                ema_update(net)
    """,
    "training_in_a_helper_that_calls_train": """
        import torch
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.2), nn.Linear(4, 2))
        for epoch in range(3):
            train_one_epoch(model, optimizer, loader)
            model.eval()
            with torch.no_grad():
                evaluate_loss = model(val_x)
    """,
    "evaluation_of_unknown_model": """
        import torch

        @torch.no_grad()
        def evaluate(model, loader):
            return sum((model(x).argmax(1) == y).sum().item() for x, y in loader)
    """,
    "context_manager_that_restores_the_saved_mode": """
        import contextlib
        import torch
        import torch.nn as nn

        @contextlib.contextmanager
        def inference(module):
            previous = module.training
            module.eval()
            try:
                yield
            finally:
                module.train(previous)

        model = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.Linear(16, 2))
        model.train()
        for epoch in range(5):
            for x, y in train_loader:
                opt.zero_grad()
                nn.functional.cross_entropy(model(x), y).backward()
                opt.step()
            with inference(model), torch.no_grad():
                for x, y in val_loader:
                    correct = (model(x).argmax(1) == y).sum().item()
    """,
    "transfer_learning_phase_loop": """
        import torch
        from torchvision import models

        model = models.resnet18()
        for epoch in range(5):
            for phase in ["train", "val"]:
                if phase == "train":
                    model.train()
                else:
                    model.eval()
                for x, y in loaders[phase]:
                    optimizer.zero_grad()
                    with torch.set_grad_enabled(phase == "train"):
                        loss = criterion(model(x), y)
                        if phase == "train":
                            loss.backward()
                            optimizer.step()
    """,
}

test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_never_left_is_an_error_naming_the_fix():
    (finding,) = assert_marked(FLAGGED["eval_in_epoch_loop_never_back_to_train"])
    assert finding.severity.value == "error"
    assert "`model.train()` is never called again in this loop" in finding.message


def test_a_helper_that_switches_names_itself():
    (finding,) = assert_marked(
        FLAGGED["trained_inline_evaluated_by_a_helper_that_switches_to_eval"]
    )
    assert finding.message.startswith("`validate` (line 8) switches `model` to evaluation mode")


# A trainer of a model it is given (its layers unknown here), switched to training mode by the
# class itself. `EVALUATE_PREAMBLE` and `ELSEWHERE` vary what else touches the model's mode.
_GIVEN_MODEL_TRAINER = """
import torch
import torch.nn as nn

class Trainer(BASES):
    def __init__(self, model, optimizer, loaders):
        self.model = MODEL
        self.optimizer = optimizer
        self.train_loader, self.val_loader = loaders
        self.criterion = nn.CrossEntropyLoss()

    def train_epoch(self):
        self.model.train()
        for x, y in self.train_loader:
            self.optimizer.zero_grad()
            self.criterion(self.model(x), y).backward()
            self.optimizer.step()

    @torch.no_grad()
    def evaluate(self):
        correct = 0
        EVALUATE_PREAMBLE
        for x, y in self.val_loader:
            correct += (self.model(x).argmax(1) == y).sum().item()
        return correct / len(self.val_loader.dataset)

    def fit(self, epochs):
        for _ in range(epochs):
            self.train_epoch()
            ELSEWHERE
            print(self.evaluate())
"""


def _given_model_trainer(bases="", model="model", preamble="pass", elsewhere="pass"):
    return (
        _GIVEN_MODEL_TRAINER.replace("BASES", bases)
        .replace("MODEL", model)
        .replace("EVALUATE_PREAMBLE", preamble)
        .replace("ELSEWHERE", elsewhere)
    )


def test_a_class_that_only_ever_switches_its_model_to_training_evaluates_in_training_mode():
    (finding,) = lint(_given_model_trainer(), "trainer.py")
    assert (finding.code, finding.line) == ("TL007", 24)
    assert "`train_epoch` switches it with `self.model.train()`" in finding.message
    assert [related.line for related in finding.related] == [13]


@pytest.mark.parametrize(
    "variant",
    [
        {"preamble": "self.model.eval()"},
        {"elsewhere": "self.model.eval()"},
        {"elsewhere": "self.model.train(False)"},
        {"elsewhere": "self.model.train(self.training)"},  # a mode the code does not show
        {"elsewhere": "freeze_for_eval(self.model)"},  # a helper that may switch it
        {"bases": "BaseTrainer"},  # a base class of another module may switch it
        {"model": "nn.Linear(8, 2)"},  # known layers: no dropout, no batch norm
    ],
    ids=str,
)
def test_the_class_rule_stays_silent_when_anything_may_switch_to_eval(variant):
    assert [f.code for f in lint(_given_model_trainer(**variant), "trainer.py")] == []


def test_the_class_rule_stays_silent_when_code_outside_the_class_switches_to_eval():
    source = (
        _given_model_trainer() + "\ntrainer = Trainer(net, opt, loaders)\ntrainer.model.eval()\n"
    )
    assert [f.code for f in lint(source, "trainer.py")] == []
