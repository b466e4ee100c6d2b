from tests.marked import assert_marked, snippet_tests

FLAGGED = {
    "softmax_into_functional_nll": """
        import torch.nn.functional as F

        probs = F.softmax(model(x), dim=1)
        loss = F.nll_loss(probs, y)  # <- TL008
    """,
    "linear_head_into_nll_module": """
        import torch.nn as nn

        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
        criterion = nn.NLLLoss()
        loss = criterion(model(x), y)  # <- TL008
    """,
    "class_forward_returns_fc_output": """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc1 = nn.Linear(784, 128)
                self.fc2 = nn.Linear(128, 10)

            def forward(self, x):
                x = F.relu(self.fc1(x))
                return self.fc2(x)

        def main(loader):
            model = Net()
            optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
            for data, target in loader:
                optimizer.zero_grad()
                loss = F.nll_loss(model(data), target)  # <- TL008
                loss.backward()
                optimizer.step()
    """,
    "sequential_ending_in_softmax": """
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(20, 5), nn.Softmax(dim=1))
        loss = nn.NLLLoss()(model(x), y)  # <- TL008
    """,
    "tensor_method_softmax": """
        import torch.nn.functional as F

        out = model(x)
        loss = F.nll_loss(out.softmax(1), y)  # <- TL008
    """,
    "aliased_imports": """
        from torch.nn import NLLLoss as NLL
        from torch.nn.functional import softmax

        criterion = NLL(ignore_index=-100)
        loss = criterion(softmax(scores, dim=-1), labels)  # <- TL008
    """,
    "trainer_attribute_head": """
        import torch.nn as nn

        class Trainer:
            def __init__(self):
                self.head = nn.Linear(256, 7)
                self.criterion = nn.NLLLoss()

            def step(self, features, labels):
                return self.criterion(self.head(features), labels)  # <- TL008
    """,
    "probabilities_moved_to_device": """
        import torch
        import torch.nn.functional as F

        probs = torch.softmax(logits, dim=1).to(device)
        loss = F.nll_loss(probs, targets)  # <- TL008
    """,
    "logits_model_passed_as_keyword": """
        import torch.nn as nn
        import torch.nn.functional as F

        class Trainer:
            def step(self, model, x, y):
                return F.nll_loss(model(x), y)  # <- TL008

        trainer = Trainer()
        trainer.step(model=nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), x=images, y=labels)
    """,
    "exp_of_a_log_softmax_model_passed_in": """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F

        class Digits(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(784, 10)

            def forward(self, x):
                return F.log_softmax(self.fc(x), dim=1)

        def fit_batch(clf, opt, x, y):
            p = torch.exp(clf(x))
            loss = F.nll_loss(p, y)  # <- TL008
            opt.zero_grad()
            loss.backward()
            opt.step()

        clf = Digits()
        opt = torch.optim.SGD(clf.parameters(), lr=0.01)
        for x, y in loader:
            fit_batch(clf, opt, x, y)
    """,
    "exp_method_then_reshaped_in_a_helper": """
        import torch.nn as nn
        import torch.nn.functional as F

        def token_loss(lm, tokens, targets):
            probs = lm(tokens).exp()
            return F.nll_loss(probs.view(-1, 100), targets.view(-1))  # <- TL008

        lm = nn.Sequential(nn.Embedding(100, 32), nn.Linear(32, 100), nn.LogSoftmax(dim=-1))
        loss = token_loss(lm, batch, shifted)
    """,
}

CLEAN = {
    "log_softmax_layer_in_an_attribute_named_softmax": """
        import torch.nn as nn

        class CharRNN(nn.Module):
            def __init__(self, n_letters, n_hidden, n_categories):
                super().__init__()
                self.i2o = nn.Linear(n_letters + n_hidden, n_categories)
                self.softmax = nn.LogSoftmax(dim=1)

            def forward(self, combined):
                return self.softmax(self.i2o(combined))

        rnn, criterion = CharRNN(57, 128, 18), nn.NLLLoss()
        loss = criterion(rnn(line_tensor), category_tensor)
    """,
    "log_softmax_then_nll": """
        import torch.nn.functional as F

        loss = F.nll_loss(F.log_softmax(model(x), dim=1), y)
    """,
    "mnist_example_forward_returns_log_softmax": """
        import torch.nn as nn
        import torch.nn.functional as F

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(9216, 10)

            def forward(self, x):
                return F.log_softmax(self.fc(x), dim=1)

        model = Net()
        loss = F.nll_loss(model(data), target)
    """,
    "sequential_ending_in_log_softmax": """
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(20, 5), nn.LogSoftmax(dim=1))
        loss = nn.NLLLoss()(model(x), y)
    """,
    "logits_into_cross_entropy": """
        import torch.nn as nn

        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
        loss = nn.CrossEntropyLoss()(model(x), y)
    """,
    "log_of_probabilities": """
        import torch
        import torch.nn.functional as F

        probs = F.softmax(logits, dim=1)
        loss = F.nll_loss(torch.log(probs + 1e-8), y)
    """,
    "unknown_model_output": """
        import torch.nn.functional as F

        def step(model, x, y):
            return F.nll_loss(model(x), y)
    """,
    "word_language_model_tuple_output": """
        import torch.nn as nn

        class RNNModel(nn.Module):
            def forward(self, input, hidden):
                output, hidden = self.rnn(self.encoder(input), hidden)
                return nn.functional.log_softmax(self.decoder(output), dim=-1), hidden

        criterion = nn.NLLLoss()
        output, hidden = model(data, hidden)
        loss = criterion(output.view(-1, ntokens), targets)
    """,
    "exp_of_log_softmax_only_for_confidence": """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F

        def fit_batch(clf, x, y):
            logp = clf(x)
            confidence = torch.exp(logp).max(dim=1).values.mean()
            return F.nll_loss(logp, y), confidence

        clf = nn.Sequential(nn.Linear(784, 10), nn.LogSoftmax(dim=1))
        loss, conf = fit_batch(clf, images, labels)
    """,
    "log_of_a_softmax_model_passed_in": """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F

        def fit_batch(clf, x, y):
            return F.nll_loss(torch.log(clf(x)), y)

        clf = nn.Sequential(nn.Linear(784, 10), nn.Softmax(dim=1))
        loss = fit_batch(clf, images, labels)
    """,
    "linear_output_into_mse": """
        import torch.nn as nn

        head = nn.Linear(16, 1)
        loss = nn.MSELoss()(head(features), y)
    """,
}

test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_message_names_what_the_loss_receives():
    (finding,) = assert_marked(FLAGGED["linear_head_into_nll_module"])
    assert "receives raw logits (line 4)" in finding.message
    assert "Apply `log_softmax` before it" in finding.help
    (finding,) = assert_marked(FLAGGED["softmax_into_functional_nll"])
    assert "receives softmax probabilities (line 4)" in finding.message
