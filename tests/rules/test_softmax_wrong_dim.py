from tests.marked import assert_marked, snippet_tests

FLAGGED = {
    "functional_softmax_without_dim_on_lstm_output": """
        import torch.nn as nn
        import torch.nn.functional as F

        class Tagger(nn.Module):
            def __init__(self, vocab, tags):
                super().__init__()
                self.embed = nn.Embedding(vocab, 64)
                self.lstm = nn.LSTM(64, 128, batch_first=True)
                self.out = nn.Linear(128, tags)

            def forward(self, tokens):
                output, (h, c) = self.lstm(self.embed(tokens))
                return F.log_softmax(self.out(output))  # <- TL014
    """,
    "implicit_dim_on_a_reshaped_sequence": """
        import torch.nn.functional as F

        def decode(logits, batch, steps, vocab):
            scores = logits.view(batch, steps, vocab)
            return F.softmax(scores)  # <- TL014
    """,
    "softmax_module_without_dim_on_attention_scores": """
        import torch
        from torch import nn

        class Attention(nn.Module):
            def __init__(self):
                super().__init__()
                self.softmax = nn.Softmax()

            def forward(self, query, keys):
                scores = torch.bmm(query, keys.transpose(1, 2))
                weights = self.softmax(scores)  # <- TL014
                return torch.bmm(weights, keys)
    """,
    "gru_output_through_dropout_and_linear": """
        from torch import nn
        import torch.nn.functional as F

        class CharModel(nn.Module):
            def __init__(self, n_chars):
                super().__init__()
                self.rnn = nn.GRU(n_chars, 256, num_layers=2)
                self.drop = nn.Dropout(0.3)
                self.fc = nn.Linear(256, n_chars)

            def forward(self, x, h):
                out, h = self.rnn(x, h)
                out = self.fc(self.drop(out))
                return F.softmax(out), h  # <- TL014
    """,
    "dim_zero_on_model_output": """
        import torch

        logits = model(images)
        probs = torch.softmax(logits, dim=0)  # <- TL014
    """,
    "positional_dim_zero_functional": """
        import torch
        import torch.nn.functional as F

        @torch.no_grad()
        def predict(net, batch):
            return F.softmax(net(batch), 0).argmax(1)  # <- TL014
    """,
    "tensor_method_dim_zero": """
        import torch

        out = model(x)
        confidence = out.softmax(0).max(1).values  # <- TL014
    """,
    "sequential_output_layer_dim_zero": """
        import torch.nn as nn

        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10), nn.Softmax(dim=0))  # <- TL014
    """,
    "aliased_imports": """
        import torch
        from torch.nn.functional import log_softmax as lsm

        scores = lsm(torch.randn(8, 20, 10))  # <- TL014
    """,
    "dim_zero_on_a_helper_models_output": """
        import torch

        @torch.no_grad()
        def predict(model, images):
            out = model(images)
            return torch.softmax(out, dim=0).argmax(dim=1)  # <- TL014
    """,
    "self_model_output_dim_zero": """
        import torch

        class Predictor:
            def probabilities(self, x):
                logits = self.model(x)
                return torch.log_softmax(logits, 0)  # <- TL014
    """,
    "temperature_scaled_outputs_passed_to_a_method": """
        import torch
        import torch.nn.functional as F

        class Teacher:
            def soften(self, scores, tau):
                return F.softmax(scores / tau, dim=0)  # <- TL014

            def targets(self, images):
                big = self.big_model(images)
                return self.soften(big, self.tau)
    """,
    "scaled_output_rebound_then_passed_to_a_function": """
        import torch

        def calibrate(z):
            return torch.softmax(z, 0)  # <- TL014

        def evaluate(net, loader, temperature):
            for x, _ in loader:
                scaled = net(x) * temperature
                yield calibrate(scaled)
    """,
    "test_time_augmentation_averaged_then_softmaxed": """
        import torch

        @torch.no_grad()
        def predict(net, images):
            scores = net(images)
            scores = 0.5 * (scores + net(torch.flip(images, dims=[3])))
            return torch.softmax(scores, dim=0)  # <- TL014
    """,
    "ensemble_mean_over_dim_zero": """
        import torch.nn.functional as F

        def ensemble(resnet_model, vit_model, x):
            return F.log_softmax((resnet_model(x) + vit_model(x)) / 2, 0)  # <- TL014
    """,
    "softmax_layer_built_with_dim_zero_on_a_head": """
        import torch.nn as nn

        class AgeRegressor(nn.Module):
            def __init__(self, features, bins):
                super().__init__()
                self.head = nn.Linear(features, bins)
                self.normalize = nn.Softmax(dim=0)

            def forward(self, feats):
                probs = self.normalize(self.head(feats))  # <- TL014
                return (probs * self.bin_centers).sum(1)
    """,
}

CLEAN = {
    "explicit_class_dim": """
        import torch
        import torch.nn.functional as F

        probs = F.softmax(model(x), dim=1)
        logp = torch.log_softmax(model(x), -1)
        layer = torch.nn.Softmax(dim=-1)
    """,
    "dim_zero_on_a_vector_of_scores": """
        import torch

        scores = torch.stack([s.mean() for s in similarities])
        weights = torch.softmax(scores, dim=0)
    """,
    "parameter_passed_a_vector_of_layer_weights": """
        import torch
        import torch.nn.functional as F

        def mix(weights, tau):
            return F.softmax(weights / tau, dim=0)

        layer_weights = torch.zeros(12)
        mixed = mix(layer_weights, 2.0)
    """,
    "parameter_passed_a_model_output_at_one_call_only": """
        import torch

        def normalize(v):
            return torch.softmax(v, 0)

        a = normalize(net(x))
        b = normalize(torch.ones(5))
    """,
    "output_divided_by_its_own_sum_over_the_batch": """
        import torch

        out = model(x)
        p = torch.softmax(out / out.sum(0), dim=0)
    """,
    "dim_zero_attention_over_sequence_first": """
        import torch
        import torch.nn.functional as F

        energy = torch.tanh(self.attn(encoder_outputs)).sum(dim=2)
        attention = F.softmax(energy, dim=0)
    """,
    "softmax_module_dim_zero_not_an_output_layer": """
        import torch.nn as nn

        class Attention(nn.Module):
            def __init__(self):
                super().__init__()
                self.normalize = nn.Softmax(dim=0)
    """,
    "tensor_method_with_class_dim": """
        import torch

        out = model(x)
        probs = out.softmax(-1)
        logp = out.log_softmax(dim=1)
    """,
    "scipy_softmax_is_not_torch": """
        import torch
        from scipy.special import softmax

        p = softmax(logits.numpy())
    """,
    "sequential_ending_with_class_dim": """
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(20, 5), nn.LogSoftmax(dim=1))
    """,
    "torch_softmax_requires_dim_anyway": """
        import torch

        probs = torch.softmax(model(x), 1)
    """,
    "keyword_dim_module": """
        from torch import nn

        layer = nn.Softmax(dim=1)
        other = nn.LogSoftmax(1)
    """,
    "dim_zero_on_a_tensor_that_is_not_a_model_output": """
        import torch

        prior = torch.softmax(torch.randn(10), 0)
        mixture = torch.softmax(self.mixture_logits, dim=0)
    """,
    "implicit_dim_on_two_dimensional_scores": """
        import torch.nn as nn
        import torch.nn.functional as F

        class Net(nn.Module):
            def forward(self, x):
                return F.log_softmax(self.fc(x))

        probs = F.softmax(model(x))
        layer = nn.Softmax()
        head = nn.Sequential(nn.Linear(128, 10), nn.Softmax())
    """,
    "implicit_dim_on_a_vector": """
        import torch
        import torch.nn.functional as F

        attn_scores = torch.zeros(n_step)
        weights = F.softmax(attn_scores).view(1, 1, -1)
    """,
    "implicit_dim_on_the_last_step_of_an_lstm": """
        import torch.nn as nn
        import torch.nn.functional as F

        class Classifier(nn.Module):
            def __init__(self):
                super().__init__()
                self.lstm = nn.LSTM(32, 64, batch_first=True)
                self.fc = nn.Linear(64, 5)

            def forward(self, x):
                output, _ = self.lstm(x)
                return F.log_softmax(self.fc(output[:, -1]))
    """,
    "lstm_output_with_the_class_dim": """
        import torch.nn as nn
        import torch.nn.functional as F

        class Tagger(nn.Module):
            def __init__(self):
                super().__init__()
                self.lstm = nn.LSTM(64, 128, batch_first=True)
                self.out = nn.Linear(128, 9)
                self.softmax = nn.LogSoftmax(dim=-1)

            def forward(self, x):
                output, _ = self.lstm(x)
                return self.softmax(self.out(output)), F.softmax(output, dim=2)
    """,
    "segmentation_map_implicit_dim_is_the_channels": """
        import torch
        import torch.nn.functional as F

        masks = torch.randn(4, 21, 64, 64)
        probs = F.softmax(masks)
    """,
    "softmax_module_without_dim_on_flat_features": """
        from torch import nn

        class Head(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(512, 10)
                self.softmax = nn.Softmax()

            def forward(self, x):
                return self.softmax(self.fc(x.view(x.size(0), -1)))
    """,
    "dim_zero_over_a_flat_state_vector": """
        import torch.nn as nn
        import torch.nn.functional as F

        class Policy(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(4, 2)
                self.pick = nn.Softmax(dim=0)

            def forward(self, state):
                flat = state.view(-1)
                return F.softmax(self.fc(flat), dim=0), self.pick(self.fc(state.flatten()))
    """,
    "softmax_layer_dim_zero_on_attention_energies": """
        import torch
        import torch.nn as nn

        class Attention(nn.Module):
            def __init__(self, hidden):
                super().__init__()
                self.attn = nn.Linear(hidden * 2, hidden)
                self.normalize = nn.Softmax(dim=0)

            def forward(self, hidden, encoder_outputs):
                energy = torch.tanh(self.attn(torch.cat((hidden, encoder_outputs), 2))).sum(2)
                return self.normalize(energy)
    """,
    "model_output_plus_a_log_prior": """
        import torch

        def adjusted(model, x, prior):
            return torch.softmax(model(x) + torch.log(prior), dim=0)
    """,
}

test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_messages():
    (missing,) = assert_marked(FLAGGED["implicit_dim_on_a_reshaped_sequence"])
    assert missing.severity.value == "error"
    assert missing.message.startswith("`F.softmax` without `dim` on `scores`, a 3-D tensor")
    (batch,) = assert_marked(FLAGGED["dim_zero_on_model_output"])
    assert batch.severity.value == "error"
    assert batch.message.startswith("softmax over dim 0 of `logits` normalizes across the batch")
