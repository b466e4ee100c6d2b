from tests.marked import assert_marked, snippet_tests

FLAGGED = {
    "softmax_layer_in_an_attribute_named_softmax": """
        import torch.nn as nn

        class Classifier(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(32, 10)
                self.softmax = nn.Softmax(dim=1)

            def forward(self, x):
                return self.softmax(self.fc(x))

        net, criterion = Classifier(), nn.CrossEntropyLoss()
        loss = criterion(net(x), y)  # <- TL003
    """,
    "head_submodule_ends_in_softmax": """
        import torch
        from torch import nn

        class Head(nn.Module):
            def __init__(self, dim, classes):
                super().__init__()
                self.proj = nn.Linear(dim, classes)

            def forward(self, h):
                return torch.softmax(self.proj(h), dim=-1)

        class Model(nn.Module):
            def __init__(self):
                super().__init__()
                self.encoder = nn.Linear(32, 64)
                self.head = Head(64, 5)

            def forward(self, x):
                return self.head(self.encoder(x))

        model = Model()
        loss_fn = nn.CrossEntropyLoss()
        for x, y in loader:
            loss = loss_fn(model(x), y)  # <- TL003
    """,
    "tuple_returned_and_unpacked": """
        import torch.nn as nn
        import torch.nn.functional as F

        class TwoHeaded(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(16, 4)

            def forward(self, x):
                feats = x.flatten(1)
                return F.softmax(self.fc(feats), dim=1), feats

        net = TwoHeaded()
        for x, y in loader:
            probs, _ = net(x)
            loss = F.cross_entropy(probs.view(-1, 4), y)  # <- TL003
    """,
    "compute_loss_method_calls_self": """
        import torch.nn as nn

        class Classifier(nn.Module):
            def __init__(self):
                super().__init__()
                self.layers = nn.Sequential(nn.Linear(10, 3), nn.Softmax(dim=1))
                self.criterion = nn.CrossEntropyLoss()

            def forward(self, x):
                return self.layers(x)

            def compute_loss(self, x, y):
                return self.criterion(self(x), y)  # <- TL003
    """,
    "shared_step_binds_self_output_then_scores_it": """
        import torch
        import torch.nn as nn

        class Speaker(nn.Module):
            def __init__(self):
                super().__init__()
                self.proj = nn.Linear(40, 8)
                self.objective = nn.CrossEntropyLoss(label_smoothing=0.1)

            def forward(self, feats):
                return torch.softmax(self.proj(feats), dim=-1)

            def shared_step(self, batch):
                feats, who = batch
                out = self(feats)
                loss = self.objective(out, who)  # <- TL003
                top1 = (out.argmax(-1) == who).float().mean()
                return loss, top1
    """,
    "sigmoid_appended_with_add_module_after_a_loop": """
        import torch.nn as nn

        class Ranker(nn.Module):
            def __init__(self, sizes):
                super().__init__()
                self.body = nn.Sequential()
                width = 12
                for n, size in enumerate(sizes):
                    self.body.add_module(f"dense{n}", nn.Linear(width, size))
                    self.body.add_module(f"gelu{n}", nn.GELU())
                    width = size
                self.body.add_module("score", nn.Linear(width, 1))
                self.body.add_module("prob", nn.Sigmoid())

            def forward(self, x):
                return self.body(x).squeeze(1)

        ranker = Ranker([64, 32])
        bce = nn.BCEWithLogitsLoss()
        loss = bce(ranker(x), clicks)  # <- TL003
    """,
    "softmax_added_to_a_module_level_sequential": """
        import torch.nn as nn

        clf = nn.Sequential(nn.Linear(30, 30), nn.Tanh())
        clf.add_module("logits", nn.Linear(30, 4))
        clf.add_module("probs", nn.Softmax(dim=1))
        loss = nn.CrossEntropyLoss()(clf(x), y)  # <- TL003
    """,
    "loss_helper_receives_probabilities": """
        import torch.nn.functional as F

        def classification_loss(scores, labels):
            return F.cross_entropy(scores, labels)

        for x, y in loader:
            probs = model(x).softmax(dim=1)
            loss = classification_loss(probs, y)  # <- TL003
    """,
    "functional_softmax_into_functional_loss": """
        import torch.nn.functional as F

        def training_step(model, x, y):
            logits = model(x)
            probs = F.softmax(logits, dim=1)
            return F.cross_entropy(probs, y)  # <- TL003
    """,
    "torch_softmax_inline": """
        import torch
        from torch import nn

        criterion = nn.CrossEntropyLoss()
        loss = criterion(torch.softmax(model(x), -1), y)  # <- TL003
    """,
    "tensor_method_into_inline_loss": """
        import torch.nn as nn

        out = net(images)
        loss = nn.CrossEntropyLoss()(out.softmax(1), labels)  # <- TL003
    """,
    "sequential_ending_in_softmax": """
        import torch
        from torch import nn

        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10), nn.Softmax(dim=1))
        criterion = nn.CrossEntropyLoss()
        for x, y in loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)  # <- TL003
            loss.backward()
            optimizer.step()
    """,
    "module_attribute_softmax_in_trainer": """
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(64, 10)
                self.softmax = nn.Softmax(dim=1)

            def forward(self, x):
                return self.softmax(self.fc(x))

        class Trainer:
            def __init__(self):
                self.model = Net()
                self.criterion = nn.CrossEntropyLoss()

            def step(self, x, y):
                return self.criterion(self.model(x), y)  # <- TL003
    """,
    "forward_returns_functional_softmax": """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F

        class Classifier(nn.Module):
            def forward(self, x):
                x = self.body(x)
                return F.softmax(x, dim=-1)

        def train(loader, device):
            model = Classifier().to(device)
            for x, y in loader:
                output = model(x)
                loss = F.cross_entropy(output, y)  # <- TL003
    """,
    "aliased_imports": """
        from torch.nn import CrossEntropyLoss as CE
        from torch.nn.functional import softmax

        loss_fn = CE(label_smoothing=0.1)
        scores = softmax(head(features), dim=1)
        loss = loss_fn(scores, targets)  # <- TL003
    """,
    "sigmoid_into_bce_with_logits": """
        import torch
        from torch import nn

        criterion = nn.BCEWithLogitsLoss()
        pred = torch.sigmoid(model(x))
        loss = criterion(pred, y.float())  # <- TL003
    """,
    "sigmoid_method_into_functional_with_logits": """
        import torch.nn.functional as F

        loss = F.binary_cross_entropy_with_logits(out.sigmoid(), target)  # <- TL003
    """,
    "ordered_dict_sequential": """
        from collections import OrderedDict
        import torch.nn as nn

        model = nn.Sequential(OrderedDict([
            ("fc", nn.Linear(20, 5)),
            ("softmax", nn.Softmax(dim=1)),
        ]))
        loss = nn.CrossEntropyLoss()(model(x), y)  # <- TL003
    """,
    "log_softmax_into_cross_entropy_is_info": """
        import torch.nn.functional as F

        log_probs = F.log_softmax(model(x), dim=1)
        loss = F.cross_entropy(log_probs, y)  # <- TL003
    """,
    "through_value_preserving_methods": """
        import torch
        import torch.nn.functional as F

        probs = F.softmax(logits, 1).float().squeeze(0)
        loss = torch.nn.functional.cross_entropy(probs, target)  # <- TL003
    """,
    "sequential_sigmoid_in_nested_function": """
        import torch.nn as nn

        def main():
            model = nn.Sequential(nn.Linear(10, 1), nn.Sigmoid())
            criterion = nn.BCEWithLogitsLoss()

            def step(x, y):
                return criterion(model(x), y)  # <- TL003

            return step
    """,
    "same_name_rebound_to_probabilities": """
        import torch.nn.functional as F

        for x, y in loader:
            out = model(x)
            out = F.softmax(out, dim=1)
            loss = F.cross_entropy(out, y)  # <- TL003
    """,
    "classifier_submodule_ends_in_softmax": """
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.classifier = nn.Sequential(nn.Linear(512, 10), nn.Softmax(dim=-1))

            def forward(self, x):
                return self.classifier(x)

        net = Net()
        loss = nn.CrossEntropyLoss()(net(x), y)  # <- TL003
    """,
    "model_passed_into_the_training_function": """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F

        def train(model, loader, optimizer):
            for x, y in loader:
                optimizer.zero_grad()
                loss = F.cross_entropy(model(x), y)  # <- TL003
                loss.backward()
                optimizer.step()

        def main(loader):
            net = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))
            optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
            train(net, loader, optimizer)
    """,
}

CLEAN = {
    "sigmoid_added_only_under_a_flag": """
        import torch.nn as nn

        class Head(nn.Module):
            def __init__(self, probabilities=False):
                super().__init__()
                self.layers = nn.Sequential()
                self.layers.add_module("fc", nn.Linear(16, 1))
                if probabilities:
                    self.layers.add_module("sigmoid", nn.Sigmoid())

            def forward(self, x):
                return self.layers(x)

        loss = nn.BCEWithLogitsLoss()(Head()(x), y)
    """,
    "sigmoid_in_the_middle_then_a_linear_added_last": """
        import torch.nn as nn

        gate = nn.Sequential()
        gate.add_module("fc1", nn.Linear(8, 8))
        gate.add_module("act", nn.Sigmoid())
        gate.add_module("fc2", nn.Linear(8, 1))
        loss = nn.BCEWithLogitsLoss()(gate(x), y)
    """,
    "sigmoid_added_with_add_module_into_bce": """
        import torch.nn as nn

        net = nn.Sequential()
        net.add_module("fc", nn.Linear(8, 1))
        net.add_module("sigmoid", nn.Sigmoid())
        loss = nn.BCELoss()(net(x), y)
    """,
    "probabilities_only_for_metrics_while_the_loss_gets_logits": """
        import torch.nn as nn
        import torch.nn.functional as F

        class TwoOutputs(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(16, 4)

            def forward(self, x):
                logits = self.fc(x)
                return logits, F.softmax(logits, dim=1)

        net = TwoOutputs()
        for x, y in loader:
            logits, probs = net(x)
            loss = F.cross_entropy(logits, y)
            confidence = probs.max(1).values.mean()
    """,
    "loss_helper_receives_logits": """
        import torch.nn as nn
        import torch.nn.functional as F

        def classification_loss(scores, labels):
            return F.cross_entropy(scores, labels)

        head = nn.Linear(8, 2)
        for x, y in loader:
            loss = classification_loss(head(x), y)
    """,
    "log_softmax_into_nll_like_mnist_example": """
        import torch.nn as nn
        import torch.nn.functional as F

        class Net(nn.Module):
            def forward(self, x):
                x = self.fc2(x)
                return F.log_softmax(x, dim=1)

        model = Net()
        output = model(data)
        loss = F.nll_loss(output, target)
    """,
    "softmax_only_for_accuracy": """
        import torch
        import torch.nn.functional as F

        logits = model(x)
        loss = F.cross_entropy(logits, y)
        probs = torch.softmax(logits, dim=1)
        accuracy = (probs.argmax(1) == y).float().mean()
    """,
    "sigmoid_into_bce": """
        import torch
        from torch import nn

        criterion = nn.BCELoss()
        loss = criterion(torch.sigmoid(model(x)), y)
    """,
    "softmax_only_at_inference_in_forward": """
        import torch.nn as nn
        import torch.nn.functional as F

        class Net(nn.Module):
            def forward(self, x):
                x = self.fc(x)
                if not self.training:
                    return F.softmax(x, dim=1)
                return x

        model = Net()
        loss = nn.CrossEntropyLoss()(model(x), y)
    """,
    "softmax_applied_after_the_loss": """
        import torch.nn.functional as F

        out = model(x)
        loss = F.cross_entropy(out, y)
        out = F.softmax(out, dim=1)
    """,
    "separate_softmax_module_for_predictions": """
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(10, 3))
        to_probs = nn.Softmax(dim=1)
        logits = model(x)
        loss = nn.CrossEntropyLoss()(logits, y)
        confidence = to_probs(logits).max(1)
    """,
    "attention_softmax_inside_model": """
        import torch
        import torch.nn as nn

        class Attn(nn.Module):
            def forward(self, q, k, v):
                weights = torch.softmax(q @ k.transpose(-2, -1), dim=-1)
                return self.out(weights @ v)

        model = Attn()
        loss = nn.CrossEntropyLoss()(model(q, k, v), y)
    """,
    "label_smoothing_on_logits": """
        import torch.nn as nn

        criterion = nn.CrossEntropyLoss(label_smoothing=0.1)
        loss = criterion(model(x), y)
    """,
    "kl_divergence_distillation": """
        import torch.nn.functional as F

        T = 4.0
        soft = F.kl_div(F.log_softmax(student / T, dim=1), F.softmax(teacher / T, dim=1), reduction="batchmean")
        hard = F.cross_entropy(student, labels)
    """,
    "sigmoid_output_into_mse": """
        import torch
        import torch.nn as nn

        loss = nn.MSELoss()(torch.sigmoid(model(x)), y)
    """,
    "probabilities_under_another_name": """
        import torch.nn.functional as F

        out = model(x)
        probs = out.softmax(1)
        loss = F.cross_entropy(out, y)
    """,
    "numpy_softmax_is_not_in_the_loss": """
        import torch.nn.functional as F
        from scipy.special import softmax

        scores = softmax(logits.detach().numpy(), axis=1)
        loss = F.cross_entropy(logits, labels)
    """,
    "model_returns_logits_and_probabilities": """
        import torch.nn as nn
        import torch.nn.functional as F

        class Net(nn.Module):
            def forward(self, x):
                logits = self.fc(x)
                return logits, F.softmax(logits, dim=1)

        logits, probs = Net()(x)
        loss = nn.CrossEntropyLoss()(logits, y)
    """,
    "call_sites_pass_different_models": """
        import torch.nn as nn
        import torch.nn.functional as F

        def loss_of(model, x, y):
            return F.cross_entropy(model(x), y)

        loss_of(nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1)), x, y)
        loss_of(nn.Sequential(nn.Linear(4, 3)), x, y)
    """,
    "bce_with_logits_on_logits": """
        import torch.nn as nn

        class Net(nn.Module):
            def forward(self, x):
                return self.head(x)

        model = Net()
        criterion = nn.BCEWithLogitsLoss(pos_weight=w)
        loss = criterion(model(x), y)
        predictions = model(x).sigmoid() > 0.5
    """,
}


test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_softmax_is_an_error_with_the_softmax_line():
    (finding,) = assert_marked(FLAGGED["functional_softmax_into_functional_loss"])
    assert finding.severity.value == "error"
    assert "receives softmax output (line 6)" in finding.message
    assert "Pass the raw logits" in finding.help


def test_log_softmax_into_cross_entropy_is_only_info():
    (finding,) = assert_marked(FLAGGED["log_softmax_into_cross_entropy_is_info"])
    assert finding.severity.value == "info"
    assert "idempotent" in finding.help


def test_sigmoid_message():
    (finding,) = assert_marked(FLAGGED["sigmoid_into_bce_with_logits"])
    assert "applies sigmoid itself" in finding.message
