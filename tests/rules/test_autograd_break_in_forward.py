from tests.marked import assert_marked, snippet_tests

FLAGGED = {
    "recurrent_output_unpacked_then_numpy": """
        import torch
        import torch.nn as nn

        class Tagger(nn.Module):
            def __init__(self):
                super().__init__()
                self.rnn = nn.GRU(8, 16, batch_first=True)

            def forward(self, x):
                out, _ = self.rnn(x)
                return torch.from_numpy(out.detach().numpy())  # <- TL010
    """,
    "numpy_round_trip": """
        import numpy as np
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def forward(self, x):
                h = self.fc1(x)
                h = torch.tensor(np.tanh(h.detach().numpy()))  # <- TL010
                return self.fc2(h)
    """,
    "item_in_output": """
        import torch.nn as nn

        class Scorer(nn.Module):
            def forward(self, x):
                score = self.head(x).mean()
                return score.item()  # <- TL010
    """,
    "data_attribute": """
        import torch.nn as nn

        class Net(nn.Module):
            def forward(self, x):
                h = self.encoder(x)
                z = h.data  # <- TL010
                return self.decoder(z)
    """,
    "numpy_function_on_activation": """
        import numpy as np
        import torch.nn as nn

        class Model(nn.Module):
            def forward(self, x):
                logits = self.fc(x)
                return np.exp(logits)  # <- TL010
    """,
    "torch_tensor_rewrap": """
        import torch
        from torch import nn

        class Block(nn.Module):
            def forward(self, x):
                y = self.conv(x)
                y = torch.tensor(y)  # <- TL010
                return torch.relu(y)
    """,
    "tolist_then_tensor": """
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def forward(self, x):
                values = self.fc(x).tolist()  # <- TL010
                return torch.tensor(values)
    """,
    "weight_data_in_functional_forward": """
        import torch.nn as nn
        import torch.nn.functional as F

        class MyLinear(nn.Module):
            def forward(self, x):
                w = self.weight.data  # <- TL010
                return F.linear(x, w, self.bias)
    """,
    "subclass_of_local_module": """
        import numpy as np
        import torch
        import torch.nn as nn

        class Base(nn.Module):
            pass

        class Net(Base):
            def forward(self, x):
                out = self.layers(x)
                return torch.from_numpy(out.numpy() * 2)  # <- TL010
    """,
    "helper_method_rewraps_features": """
        import torch
        import torch.nn as nn

        class AudioNet(nn.Module):
            def _summarize(self, feats):
                stats = torch.stack([feats.mean(-1), feats.std(-1)], dim=1)
                return torch.from_numpy(stats.numpy())  # <- TL010

            def forward(self, wav):
                feats = self.frontend(wav)
                return self.out(self._summarize(feats))
    """,
    "helper_function_of_the_module_through_another_method": """
        import numpy as np
        import torch
        import torch.nn as nn

        def shrink(v, t):
            arr = v.detach().numpy()  # <- TL010
            return torch.from_numpy(np.clip(arr, -t, t))

        class Codec(nn.Module):
            def squash(self, h):
                return shrink(h, self.limit)

            def forward(self, x):
                h = self.squash(self.enc(x))
                return self.dec(h)
    """,
    "item_of_a_learned_scalar_in_a_helper": """
        import torch
        import torch.nn as nn

        class Blend(nn.Module):
            def __init__(self):
                super().__init__()
                self.alpha = nn.Parameter(torch.tensor(0.5))
                self.left = nn.Linear(4, 4)
                self.right = nn.Linear(4, 4)

            def mix(self, p, q):
                a = self.alpha.clamp(0, 1).item()  # <- TL010
                return a * p + (1 - a) * q

            def forward(self, x):
                return self.mix(self.left(x), self.right(x))
    """,
    "rewrapped_before_a_recurrent_layer_whose_output_is_unpacked": """
        import torch
        import torch.nn as nn

        class Recognizer(nn.Module):
            def forward(self, images):
                feats = self.cnn(images).squeeze(2).permute(2, 0, 1)
                seq = torch.tensor(feats, dtype=torch.float32)  # <- TL010
                out, _ = self.rnn(seq)
                return self.fc(out).log_softmax(2)
    """,
    "numpy_round_trip_before_a_chunk_that_is_unpacked": """
        import torch
        import torch.nn as nn

        class VAE(nn.Module):
            def forward(self, x):
                stats = self.encoder(x).detach().cpu().numpy()  # <- TL010
                mu, logvar = torch.from_numpy(stats).chunk(2, dim=1)
                return self.decoder(mu + torch.randn_like(mu) * torch.exp(0.5 * logvar))
    """,
}

CLEAN = {
    "a_constant_tensor_beside_the_activation": """
        import torch
        import torch.nn as nn

        class Weighted(nn.Module):
            def forward(self, x):
                weights = [1.0, 2.0, 0.5]
                return self.fc(x) * torch.tensor(weights)
    """,
    "sizes_unpacked_from_the_shape_of_a_logged_array": """
        import torch.nn as nn
        import torch.nn.functional as F

        class Pooler(nn.Module):
            def forward(self, x):
                feats = self.backbone(x)
                heat = feats.mean(1).detach().cpu().numpy()
                self.last_heatmap = heat
                h, w = heat.shape
                pooled = F.adaptive_avg_pool2d(feats, (h // 2, w // 2))
                return self.head(pooled.flatten(1))
    """,
    "lengths_sorted_in_python_and_unpacked": """
        import torch.nn as nn
        from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

        class Encoder(nn.Module):
            def forward(self, tokens, lengths):
                order, sorted_lengths = zip(*sorted(enumerate(lengths.tolist()), key=lambda p: -p[1]))
                embedded = self.embed(tokens[list(order)])
                packed = pack_padded_sequence(embedded, sorted_lengths, batch_first=True)
                out, _ = self.rnn(packed)
                return self.fc(pad_packed_sequence(out, batch_first=True)[0])
    """,
    "helper_logs_with_item_but_returns_the_tensor": """
        import torch.nn as nn

        class Net(nn.Module):
            def _track(self, h):
                self.last_mean = h.mean().item()
                return h

            def forward(self, x):
                return self.head(self._track(self.body(x)))
    """,
    "helper_preprocesses_the_raw_input_before_any_layer": """
        import numpy as np
        import torch
        import torch.nn as nn

        def log_scale(x):
            return torch.from_numpy(np.log1p(x.numpy()))

        class Net(nn.Module):
            def forward(self, counts):
                return self.fc(log_scale(counts))
    """,
    "item_of_a_frozen_parameter_in_a_helper": """
        import torch
        import torch.nn as nn

        class Scaled(nn.Module):
            def __init__(self):
                super().__init__()
                self.scale = nn.Parameter(torch.tensor(2.0), requires_grad=False)
                self.fc = nn.Linear(4, 4)

            def _scaled(self, h):
                return h * self.scale.item()

            def forward(self, x):
                return self._scaled(self.fc(x))
    """,
    "an_inference_wrapper_whose_forward_runs_without_gradients": """
        import numpy as np
        import torch
        import torch.nn as nn

        class Predictor(nn.Module):
            def __init__(self, net):
                super().__init__()
                self.net = net

            @torch.inference_mode()
            def forward(self, images):
                batch = torch.from_numpy(np.stack([np.asarray(i) for i in images]))
                return self.net(batch.float() / 255).softmax(1).cpu().numpy()
    """,
    "parameter_free_standardization_of_the_input": """
        import torch.nn as nn

        class Standardize(nn.Module):
            def forward(self, x):
                mean = x.mean().item()
                std = x.std().item()
                return (x - mean) / std
    """,
    "numpy_preprocessing_before_the_first_layer": """
        import numpy as np
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(10, 2)

            def forward(self, x, lengths):
                x = torch.from_numpy(np.log1p(x.numpy()))
                n = int(lengths.max().item())
                return self.fc(x[:, :n])
    """,
    "buffer_read_as_numpy": """
        import torch
        import torch.nn as nn

        class Shift(nn.Module):
            def __init__(self):
                super().__init__()
                self.offset = torch.zeros(3)

            def forward(self, x):
                return x + torch.tensor(self.offset.numpy())
    """,
    "plain_torch_forward": """
        import torch
        import torch.nn as nn

        class Net(nn.Module):
            def forward(self, x):
                h = torch.relu(self.fc1(x))
                return self.fc2(h)
    """,
    "lengths_to_numpy_for_packing": """
        import torch.nn as nn
        from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

        class Encoder(nn.Module):
            def forward(self, x, lengths):
                packed = pack_padded_sequence(self.embed(x), lengths.cpu().numpy(), batch_first=True)
                out, _ = self.rnn(packed)
                return pad_packed_sequence(out, batch_first=True)[0]
    """,
    "numpy_on_a_constant": """
        import numpy as np
        import torch.nn as nn

        class Attention(nn.Module):
            def forward(self, q, k):
                return (q @ k.transpose(-2, -1)) / np.sqrt(self.d_k)
    """,
    "item_for_logging_not_returned": """
        import torch.nn as nn

        class Net(nn.Module):
            def forward(self, x):
                self.last_norm = x.norm().item()
                return self.fc(x)
    """,
    "detach_is_an_intentional_stop_gradient": """
        import torch.nn as nn

        class BYOL(nn.Module):
            def forward(self, x1, x2):
                target = self.target_encoder(x2).detach()
                return self.loss(self.online(x1), target)
    """,
    "not_a_module": """
        import numpy as np

        class Preprocessor:
            def forward(self, x):
                return np.asarray(x).tolist()
    """,
    "shape_arithmetic": """
        import torch.nn as nn

        class Net(nn.Module):
            def forward(self, x):
                n = x.size(0)
                return self.fc(x.view(n, -1))
    """,
    "item_used_as_a_size": """
        import torch

        class Example(torch.nn.Module):
            def forward(self, x):
                a = x.item()
                torch._check(a >= 0)
                return torch.zeros((a, 5))
    """,
    "item_used_in_a_view": """
        import torch.nn as nn

        class Net(nn.Module):
            def forward(self, x, lengths):
                n = int(lengths.max().item())
                return self.fc(x).view(n, -1)
    """,
    "predict_method_not_forward": """
        import torch.nn as nn

        class Net(nn.Module):
            def forward(self, x):
                return self.fc(x)

            def predict(self, x):
                return self.forward(x).argmax(1).numpy()
    """,
}

test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_message_names_what_leaves_autograd():
    (finding,) = assert_marked(FLAGGED["data_attribute"])
    assert "in `Net.forward` leaves autograd (`.data`)" in finding.message
    assert finding.severity.value == "error"


def test_message_names_the_helper_and_the_calls_that_reach_it():
    (finding,) = assert_marked(FLAGGED["helper_function_of_the_module_through_another_method"])
    assert "in `shrink` (which `Codec.forward` calls: `self.squash` on line" in finding.message
    assert "then `shrink` on line" in finding.message
