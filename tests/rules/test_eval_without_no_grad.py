import pytest

from tests.marked import assert_marked, lint, snippet_tests

FLAGGED = {
    "outputs_kept_across_batches": """
        import torch

        def predict(model, loader):
            model.eval()
            probs = []
            for (tokens,) in loader:
                probs.append(torch.softmax(model(tokens), dim=-1))  # <- TL004
            return torch.cat(probs)
    """,
    "loss_tensor_summed_over_validation": """
        import torch

        def validate(net, val_loader, criterion):
            total = 0
            for x, y in val_loader:
                out = net(x)  # <- TL004
                total += criterion(out, y)
            return total / len(val_loader)
    """,
    "sigmoid_outputs_kept_at_script_level": """
        import torch

        model.eval()
        fold_preds = []
        for xb, _ in valid_dl:
            fold_preds.append(model(xb).sigmoid())  # <- TL004
        print(torch.cat(fold_preds).mean())
    """,
    "module_level_test_loop_one_word_loader": """
        import torch

        correct = 0
        for images, labels in testloader:
            outputs = net(images)  # <- TL004
            correct += (outputs.argmax(1) == labels).sum().item()
    """,
    "full_batch_accuracy_after_eval": """
        import torch

        model.eval()
        accuracy = (model(X_test).argmax(1) == y_test).float().mean().item()  # <- TL004
    """,
    "project_decorator_that_keeps_gradients": """
        import functools
        import torch

        def timed(fn):
            @functools.wraps(fn)
            def wrapper(*args, **kwargs):
                with torch.enable_grad():
                    return fn(*args, **kwargs)
            return wrapper

        @timed
        def evaluate(model, loader):
            return sum((model(x).argmax(1) == y).sum().item() for x, y in loader)  # <- TL004
    """,
    "validation_loop_every_n_steps_inside_training": """
        import torch
        import torch.nn.functional as F

        def train(model, opt, train_loader, val_loader):
            for step, (x, y) in enumerate(train_loader):
                opt.zero_grad()
                F.cross_entropy(model(x), y).backward()
                opt.step()
                if step % 500 == 0:
                    val_loss = 0.0
                    for vx, vy in val_loader:
                        val_loss += F.cross_entropy(model(vx), vy).item()  # <- TL004
    """,
    "metrics_loop_not_named_evaluation": """
        import torch

        def score_epoch(net, batches):
            correct = 0
            for images, labels in batches:
                logits = net(images)  # <- TL004
                correct += (logits.argmax(1) == labels).sum().item()
            return correct
    """,
    "evaluate_function": """
        import torch

        def evaluate(model, loader):
            model.eval()
            correct = 0
            for x, y in loader:
                out = model(x)  # <- TL004
                correct += (out.argmax(1) == y).sum().item()
            return correct / len(loader.dataset)
    """,
    "trainer_validate_method": """
        import torch

        class Trainer:
            def validate(self, loader):
                self.model.eval()
                total = 0.0
                for x, y in loader:
                    total += self.criterion(self.model(x), y).item()  # <- TL004
                return total / len(loader)
    """,
    "top_level_after_eval": """
        import torch

        model.eval()
        correct = 0
        for images, labels in test_loader:
            outputs = model(images)  # <- TL004
            correct += (outputs.argmax(1) == labels).sum().item()
    """,
    "mnist_test_without_no_grad": """
        import torch
        import torch.nn.functional as F

        def test(model, device, test_loader):
            model.eval()
            test_loss = 0
            for data, target in test_loader:
                data, target = data.to(device), target.to(device)
                output = model(data)  # <- TL004
                test_loss += F.nll_loss(output, target, reduction="sum").item()
                pred = output.argmax(dim=1, keepdim=True)
    """,
    "predict_function": """
        import torch

        def predict(model, images):
            return model(images).argmax(1)  # <- TL004
    """,
    "inference_with_network_name": """
        import torch

        def run_inference(net, batch):
            probs = net(batch).softmax(-1)  # <- TL004
            return probs.max(-1)
    """,
    "validation_phase_in_epoch_loop": """
        import torch

        def fit(model, optimizer, train_loader, val_loader, criterion):
            for epoch in range(10):
                model.train()
                for x, y in train_loader:
                    optimizer.zero_grad()
                    criterion(model(x), y).backward()
                    optimizer.step()
                model.eval()
                val_loss = 0.0
                for x, y in val_loader:
                    val_loss += criterion(model(x), y).item()  # <- TL004
    """,
    "train_false_switches_to_eval": """
        import torch

        net.train(False)
        for x in val_loader:
            scores.append(net(x).cpu())  # <- TL004
    """,
    "forward_outside_the_no_grad_block": """
        import torch

        def evaluate(model, loader):
            accuracy = 0.0
            for x, y in loader:
                logits = model(x)  # <- TL004
                with torch.no_grad():
                    accuracy += (logits.argmax(1) == y).float().mean().item()
            return accuracy
    """,
    "a_call_site_with_gradients": """
        import torch

        def evaluate(model, loader):
            return sum(model(x).argmax(1).eq(y).sum().item() for x, y in loader)  # <- TL004

        with torch.no_grad():
            evaluate(model, val_loader)
        evaluate(model, test_loader)
    """,
    "validation_epoch_method": """
        import torch

        class Runner:
            def validation_epoch(self, loader):
                losses = []
                for batch in loader:
                    losses.append(self.loss(self.net(batch["x"]), batch["y"]).item())  # <- TL004
                return sum(losses) / len(losses)
    """,
    "no_grad_imported_but_misplaced": """
        from torch import no_grad

        def test_epoch(model, loader):
            hits = 0
            for x, y in loader:
                out = model(x)  # <- TL004
                with no_grad():
                    hits += out.argmax(1).eq(y).sum().item()
            return hits
    """,
    "grad_explicitly_enabled": """
        import torch

        def evaluate(model, loader):
            correct = 0
            with torch.set_grad_enabled(True):
                for x, y in loader:
                    correct += model(x).argmax(1).eq(y).sum().item()  # <- TL004
            return correct
    """,
    "explicit_forward_after_eval": """
        import torch

        encoder.eval()
        for x in loader:
            features.append(encoder.forward(x))  # <- TL004
    """,
    "generate_method_called_in_the_training_loop": """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F

        class TinyLM(nn.Module):
            def __init__(self, vocab):
                super().__init__()
                self.embed = nn.Embedding(vocab, 64)
                self.head = nn.Linear(64, vocab)

            def forward(self, tokens):
                return self.head(self.embed(tokens))

            def generate(self, tokens, steps):
                for _ in range(steps):
                    probs = F.softmax(self(tokens)[:, -1], dim=-1)  # <- TL004
                    nxt = torch.multinomial(probs, 1)
                    tokens = torch.cat([tokens, nxt], dim=1)
                return tokens

        model = TinyLM(100)
        for step, (x, y) in enumerate(loader):
            optimizer.zero_grad()
            F.cross_entropy(model(x).flatten(0, 1), y.flatten()).backward()
            optimizer.step()
            if step % 500 == 0:
                print(model.generate(x[:1, :4], 50))
    """,
    "validation_step_of_a_plain_module_run_per_batch": """
        import torch.nn as nn
        import torch.nn.functional as F

        class Classifier(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(16, 3)

            def forward(self, x):
                return self.fc(x)

            def validation_step(self, batch):
                x, y = batch
                logits = self(x)  # <- TL004
                return F.cross_entropy(logits, y).item(), (logits.argmax(1) == y).sum().item()

        def run_validation(module, loader):
            module.eval()
            return [module.validation_step(batch) for batch in loader]
    """,
    "greedy_decoder_called_with_gradients": """
        import torch

        def greedy_decode(net, src, steps):
            out = src[:, :1]
            for i in range(steps):
                nxt = net(src, out).argmax(-1)[:, -1:]  # <- TL004
                out = torch.cat([out, nxt], dim=1)
            return out

        translation = greedy_decode(model, batch, 40)
    """,
}

CLEAN = {
    "one_sample_printed": """
        import torch

        model.eval()
        sample = torch.randn(1, 8)
        print("output:", model(sample))
    """,
    "one_reconstruction_plotted": """
        import matplotlib.pyplot as plt

        model.eval()
        plt.imshow(model(images[:1])[0, 0].detach(), cmap="gray")
        plt.show()
    """,
    "one_sentence_classified_and_returned_as_numbers": """
        import torch

        def classify_review(net, vocab, words, device):
            net.eval()
            ids = torch.tensor([vocab[w] for w in words], device=device).unsqueeze(0)
            scores = net(ids).squeeze(0)
            confidence = torch.softmax(scores, dim=-1)
            label = scores.argmax(-1).item()
            return label, confidence[label].item()

        print(classify_review(net, vocab, "a fine film".split(), "cpu"))
    """,
    "one_batch_visualised_in_a_helper": """
        def show_reconstructions(model, loader):
            model.eval()
            x, _ = next(iter(loader))
            out = model(x)
            save_image(out[:32].detach(), "recon.png")
    """,
    "validation_hooks_of_a_lightning_subclass_of_a_project_base": """
        import lightning as L

        class Base(L.LightningModule):
            pass

        class Regressor(Base):
            def validation_step(self, batch, batch_idx):
                x, y = batch
                self.val_preds.append(self.net(x))
    """,
    "project_decorator_wrapping_no_grad": """
        import functools
        import torch

        def no_grad_eval(fn):
            @functools.wraps(fn)
            def wrapper(*args, **kwargs):
                with torch.no_grad():
                    return fn(*args, **kwargs)
            return wrapper

        @no_grad_eval
        def evaluate(model, loader):
            return sum((model(x).argmax(1) == y).sum().item() for x, y in loader)
    """,
    "decorator_factory_returning_inference_mode": """
        import torch

        def evaluation(enabled=True):
            def decorate(fn):
                return torch.inference_mode()(fn)
            return decorate

        class Runner:
            @evaluation()
            def validate(self, loader):
                return [self.model(x).argmax(1) for x, _ in loader]
    """,
    "metrics_loop_called_only_under_no_grad": """
        import torch

        def score_epoch(net, batches):
            correct = 0
            for images, labels in batches:
                correct += (net(images).argmax(1) == labels).sum().item()
            return correct

        with torch.no_grad():
            print(score_epoch(model, val_loader))
    """,
    "greedy_decoding_over_positions": """
        import torch

        def greedy_decode(net, src, steps):
            out = src[:, :1]
            for i in range(steps):
                nxt = net(src, out).argmax(-1)[:, -1:]
                out = torch.cat([out, nxt], dim=1)
            return out
    """,
    "calibration_forwards_discarded": """
        import torch

        def calibrate_observers(qmodel, batches):
            for batch in batches:
                qmodel(batch[0])
            return qmodel
    """,
    "mnist_test": """
        import torch
        import torch.nn.functional as F

        def test(model, device, test_loader):
            model.eval()
            test_loss = 0
            correct = 0
            with torch.no_grad():
                for data, target in test_loader:
                    output = model(data)
                    test_loss += F.nll_loss(output, target, reduction="sum").item()
                    correct += output.argmax(dim=1).eq(target).sum().item()
    """,
    "decorated_no_grad": """
        import torch

        @torch.no_grad()
        def evaluate(model, loader):
            return sum((model(x).argmax(1) == y).sum().item() for x, y in loader)
    """,
    "decorated_inference_mode": """
        import torch

        @torch.inference_mode()
        def predict(model, x):
            return model(x).argmax(1)
    """,
    "decorator_without_parentheses": """
        import torch

        class Evaluator:
            @torch.no_grad
            def evaluate(self, loader):
                return [self.model(x).argmax(1) for x in loader]
    """,
    "every_call_site_in_no_grad": """
        import torch

        def evaluate(model, loader):
            return sum(model(x).argmax(1).eq(y).sum().item() for x, y in loader)

        def main():
            with torch.no_grad():
                acc = evaluate(model, val_loader)
            with torch.inference_mode():
                evaluate(model, test_loader)
    """,
    "transfer_learning_phase_loop": """
        import torch

        for phase in ["train", "val"]:
            if phase == "train":
                model.train()
            else:
                model.eval()
            for inputs, labels in dataloaders[phase]:
                optimizer.zero_grad()
                with torch.set_grad_enabled(phase == "train"):
                    outputs = model(inputs)
                    loss = criterion(outputs, labels)
                    if phase == "train":
                        loss.backward()
                        optimizer.step()
    """,
    "grad_disabled_by_statement": """
        import torch

        torch.set_grad_enabled(False)
        model.eval()
        for x in loader:
            predictions.append(model(x))
    """,
    "fgsm_attack_needs_gradients": """
        import torch
        import torch.nn.functional as F

        def test(model, device, test_loader, epsilon):
            correct = 0
            for data, target in test_loader:
                data.requires_grad = True
                output = model(data)
                loss = F.nll_loss(output, target)
                model.zero_grad()
                loss.backward()
                correct += output.argmax(1).eq(target).sum().item()
            return correct
    """,
    "pytest_unit_test": """
        import torch

        def test_model_output_shape():
            model = Net()
            model.eval()
            out = model(torch.randn(2, 3))
            assert out.shape == (2, 10)
    """,
    "lightning_validation_step": """
        import torch
        import pytorch_lightning as pl

        class LitModel(pl.LightningModule):
            def validation_step(self, batch, batch_idx):
                x, y = batch
                loss = self.loss_fn(self.model(x), y)
                self.log("val_loss", loss)
    """,
    "export_after_eval": """
        import torch

        model.eval()
        example = torch.randn(1, 3, 224, 224)
        traced = torch.jit.trace(model, example)
        torch.onnx.export(model, example, "model.onnx")
    """,
    "inference_mode_block": """
        import torch

        model.eval()
        with torch.inference_mode():
            for x in loader:
                outputs.append(model(x))
    """,
    "eval_named_helper_that_runs_no_model": """
        import torch

        def get_val_transforms(size):
            return build_transforms(size, train=False)

        def evaluate_config(cfg):
            return {"lr": cfg.lr, "total": cfg.epochs}
    """,
    "back_to_train_mode_before_forward": """
        import torch

        model.eval()
        with torch.no_grad():
            val = model(x_val)
        model.train()
        for x, y in loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
    """,
    "frozen_teacher_under_no_grad": """
        import torch

        teacher.eval()
        for x in loader:
            optimizer.zero_grad()
            with torch.no_grad():
                target = teacher(x)
            loss = (student(x) - target).pow(2).mean()
            loss.backward()
            optimizer.step()
    """,
    "calibration_forward_result_dropped": """
        import torch

        def quantize_model(model):
            model.eval()
            model.qconfig = torch.ao.quantization.get_default_qconfig("fbgemm")
            torch.ao.quantization.prepare(model, inplace=True)
            model(torch.rand(1, 3, 299, 299))
            torch.ao.quantization.convert(model, inplace=True)
    """,
    "building_a_torchvision_model_is_not_a_forward": """
        import torch
        from torchvision import models

        def load_for_inference(path):
            net = models.resnet50()
            net.load_state_dict(torch.load(path))
            net.eval()
            return net.softmax
    """,
    "unittest_method": """
        import torch
        import unittest

        class TestNet(unittest.TestCase):
            def test_eval_output(self):
                model = Net().eval()
                out = model(torch.zeros(1, 4))
                self.assertEqual(out.argmax().item(), 0)
    """,
    "generate_decorated_with_no_grad": """
        import torch
        import torch.nn as nn

        class TinyLM(nn.Module):
            @torch.no_grad()
            def generate(self, tokens, steps):
                for _ in range(steps):
                    nxt = self(tokens)[:, -1].argmax(-1, keepdim=True)
                    tokens = torch.cat([tokens, nxt], dim=1)
                return tokens

        for x in loader:
            print(model.generate(x, 20))
    """,
    "generate_called_only_under_no_grad": """
        import torch
        import torch.nn as nn

        class TinyLM(nn.Module):
            def generate(self, tokens, steps):
                for _ in range(steps):
                    nxt = self(tokens)[:, -1].argmax(-1, keepdim=True)
                    tokens = torch.cat([tokens, nxt], dim=1)
                return tokens

        model = TinyLM()
        with torch.no_grad():
            sample = model.generate(prompt, 100)
    """,
    "model_methods_nobody_calls": """
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def predict(self, x):
                return self(x).argmax(1)

            def generate(self, tokens, steps):
                for _ in range(steps):
                    nxt = self(tokens)[:, -1].argmax(-1, keepdim=True)
                    tokens = torch.cat([tokens, nxt], dim=1)
                return tokens
    """,
    "validation_step_called_under_no_grad": """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F

        class Module(nn.Module):
            def validation_step(self, batch):
                x, y = batch
                return F.cross_entropy(self(x), y).item()

        class Trainer:
            def fit_epoch(self):
                self.model.eval()
                for batch in self.val_dataloader:
                    with torch.no_grad():
                        self.model.validation_step(batch)
    """,
    "loss_helper_of_the_model_used_for_training": """
        import torch.nn as nn
        import torch.nn.functional as F

        class Net(nn.Module):
            def compute_loss(self, x, y):
                logits = self(x)
                return F.cross_entropy(logits, y), (logits.argmax(1) == y).float().mean()

        for x, y in loader:
            loss, acc = model.compute_loss(x, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    """,
    "policy_rollout_keeps_log_probabilities_for_reinforce": """
        import torch

        def rollout(policy, env, steps):
            state, log_probs, rewards = env.reset(), [], []
            for t in range(steps):
                probs = policy(state)
                action = torch.multinomial(probs, 1)
                log_probs.append(torch.log(probs[action]))
                state, reward = env.step(action.item())
                rewards.append(reward)
            return log_probs, rewards

        log_probs, rewards = rollout(policy, env, 200)
    """,
}


test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


# One forward pass per call, outside loops: silent only while nothing holding its graph leaves.
_ONE_PREDICTION = """
import torch

def predict_label(model, x):
    model.eval()
    logits = model(x.unsqueeze(0))
    RESULT
"""


@pytest.mark.parametrize(
    ("result", "kept"),
    [
        ("return logits.argmax(1).item()", False),
        ("return torch.softmax(logits, 1).tolist()", False),
        ("return 'cat' if logits.argmax(1) == 0 else 'dog'", False),
        ("return 'cat' if logits.argmax(1) == 0 else logits", True),
        ("return torch.softmax(logits, 1)", True),  # the caller holds the graph
        ("return {'probs': logits.sigmoid()}", True),
        ("model.last = logits\n    return 0", True),
        ("history.append(logits)\n    return 0", True),
        ("yield logits.argmax(1).item()", True),  # a generator: its frame outlives the pass
    ],
)
def test_one_prediction_is_silent_only_when_its_graph_is_freed_on_return(result, kept):
    findings = lint(_ONE_PREDICTION.replace("RESULT", result), "infer.py")
    assert [f.severity.value for f in findings] == (["info"] if kept else [])


def test_a_prediction_helper_called_in_a_loop_is_still_reported():
    source = _ONE_PREDICTION.replace("RESULT", "return logits.argmax(1).item()")
    source += "\nfor x in samples:\n    print(predict_label(net, x))\n"
    (finding,) = lint(source, "infer.py")
    assert finding.severity.value == "warning"


def test_function_message_suggests_decorator():
    (finding,) = assert_marked(FLAGGED["evaluate_function"])
    assert finding.severity.value == "warning"
    assert "evaluation function `evaluate`" in finding.message
    assert "decorate `evaluate` with `@torch.no_grad()`" in finding.help


def test_eval_mode_message_names_the_eval_line():
    (finding,) = assert_marked(FLAGGED["top_level_after_eval"])
    assert "after `model.eval()` (line 4)" in finding.message


def test_severity_follows_the_harm():
    """Error where graph-holding outputs or losses are kept across batches; warning where each
    batch is reduced to numbers at once."""
    for name in (
        "outputs_kept_across_batches",
        "loss_tensor_summed_over_validation",
        "sigmoid_outputs_kept_at_script_level",
    ):
        (finding,) = assert_marked(FLAGGED[name])
        assert finding.severity.value == "error", name
        assert "keeps every batch's graph" in finding.message
    (finding,) = assert_marked(FLAGGED["module_level_test_loop_one_word_loader"])
    assert finding.severity.value == "warning"
    # One forward pass outside any loop: one graph, freed with its result.
    (finding,) = assert_marked(FLAGGED["full_batch_accuracy_after_eval"])
    assert finding.severity.value == "info"
    (finding,) = assert_marked(FLAGGED["outputs_kept_across_batches"])
    assert "`probs.append(torch.softmax(model(tokens), dim=-1))` (line 8)" in finding.message, (
        finding.message
    )


PYTEST_FUNCTION = """
import torch

def test_loss_matches_reference():
    model.eval()
    expected = model(torch.ones(2, 4))
    check_close(expected, reference)
"""


def test_pytest_functions_of_a_test_module_are_left_alone():
    assert assert_marked(PYTEST_FUNCTION, path="tests/test_model.py") == []
    (finding,) = lint(PYTEST_FUNCTION, "train.py")
    assert finding.code == "TL004" and finding.line == 6


def test_an_evaluation_named_test_in_a_test_named_module_is_still_checked():
    source = PYTEST_FUNCTION.replace("def test_loss_matches_reference():", "def test(model):")
    (finding,) = lint(source, "mnist_test.py")
    assert finding.code == "TL004"


_ZOO_EVALUATION = """
import torch
from torchvision import models
import torch.nn as nn

backbone = {model}

def evaluate(net, loader):
    net.eval()
    hits = 0
    for images, labels in loader:
        hits += (net(images).argmax(1) == labels).sum().item()  # <- TL004
    return hits

print(evaluate(backbone, val_loader))
"""


def test_a_model_zoo_network_over_a_loader_is_an_error():
    """A torchvision/timm network's activations for one batch, kept for a backward pass that
    never comes, can exhaust memory even when each batch is reduced to numbers at once."""
    (finding,) = assert_marked(_ZOO_EVALUATION.format(model="models.resnet50(weights=None)"))
    assert finding.severity.value == "error"
    assert "`models.resnet50` is a model-zoo network" in finding.message
    small = _ZOO_EVALUATION.format(model="nn.Sequential(nn.Flatten(), nn.Linear(784, 10))")
    (finding,) = assert_marked(small)
    assert finding.severity.value == "warning"
    assert "model-zoo" not in finding.message
