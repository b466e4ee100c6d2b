from tests.marked import assert_marked, snippet_tests

FLAGGED = {
    "functional_softmax_without_dim": """
        import torch.nn.functional as F

        probs = F.softmax(model(x))  # <- TL014
    """,
    "log_softmax_without_dim_in_forward": """
        import torch.nn as nn
        import torch.nn.functional as F

        class Net(nn.Module):
            def forward(self, x):
                return F.log_softmax(self.fc(x))  # <- TL014
    """,
    "module_without_dim": """
        import torch.nn as nn

        head = nn.Sequential(nn.Linear(128, 10), nn.Softmax())  # <- TL014
    """,
    "log_softmax_module_attribute_without_dim": """
        import torch.nn as nn

        class Classifier(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(64, 3)
                self.out = nn.LogSoftmax()  # <- TL014
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
        from torch.nn.functional import log_softmax as lsm
        from torch import nn

        scores = lsm(classifier(features))  # <- TL014
        layer = nn.Softmax()  # <- TL014
    """,
    "self_model_output_dim_zero": """
        import torch

        class Predictor:
            def probabilities(self, x):
                logits = self.model(x)
                return torch.log_softmax(logits, 0)  # <- TL014
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
}

test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_missing_dim_is_a_warning_and_batch_dim_an_error():
    (missing,) = assert_marked(FLAGGED["functional_softmax_without_dim"])
    assert missing.severity.value == "warning" and "without `dim`" in missing.message
    (batch,) = assert_marked(FLAGGED["dim_zero_on_model_output"])
    assert batch.severity.value == "error"
    assert batch.message.startswith("softmax over dim 0 of `logits` normalizes across the batch")
