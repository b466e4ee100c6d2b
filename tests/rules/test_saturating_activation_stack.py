from tests.marked import assert_marked, snippet_tests

FLAGGED = {
    "forward_chains_three_sigmoids_through_functional_method_and_module_forms": """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F

        class Encoder(nn.Module):
            def __init__(self, n_in, n_out):
                super().__init__()
                self.l1 = nn.Linear(n_in, 512)
                self.l2 = nn.Linear(512, 256)
                self.l3 = nn.Linear(256, 64)
                self.squash = nn.Sigmoid()
                self.classifier = nn.Linear(64, n_out)

            def forward(self, batch):  # <- TL012
                h = batch.flatten(1)
                h = F.sigmoid(self.l1(h))
                h = self.squash(self.l2(h))
                h = self.l3(h).sigmoid()
                return self.classifier(h)
    """,
    "forward_loops_over_a_module_list_of_known_length": """
        import torch
        from torch import nn

        class DeepMLP(nn.Module):
            def __init__(self, width=128, depth=5):
                super().__init__()
                self.blocks = nn.ModuleList([nn.Linear(width, width) for _ in range(5)])
                self.out = nn.Linear(width, 1)

            def forward(self, x):  # <- TL012
                for block in self.blocks:
                    x = torch.sigmoid(block(x))
                return self.out(x)
    """,
    "forward_with_a_sigmoid_output_counts_only_the_hidden_ones": """
        import torch
        import torch.nn as nn

        class Scorer(nn.Module):
            def __init__(self):
                super().__init__()
                self.a = nn.Linear(32, 32)
                self.b = nn.Linear(32, 32)
                self.c = nn.Linear(32, 32)
                self.d = nn.Linear(32, 1)

            def forward(self, x):  # <- TL012
                x = torch.sigmoid(self.a(x))
                x = torch.sigmoid(self.b(x))
                x = torch.dropout(torch.sigmoid(self.c(x)), 0.1, self.training)
                return torch.sigmoid(self.d(x))
    """,
    "three_sigmoids": """
        import torch.nn as nn

        model = nn.Sequential(  # <- TL012
            nn.Linear(784, 256), nn.Sigmoid(),
            nn.Linear(256, 128), nn.Sigmoid(),
            nn.Linear(128, 64), nn.Sigmoid(),
            nn.Linear(64, 10),
        )
    """,
    "aliased_imports": """
        from torch.nn import Sequential as Seq, Linear, Sigmoid

        model = Seq(Linear(4, 4), Sigmoid(), Linear(4, 4), Sigmoid(), Linear(4, 4), Sigmoid(), Linear(4, 3))  # <- TL012
    """,
    "in_a_function": """
        import torch.nn as nn

        def build(width):
            return nn.Sequential(nn.Linear(width, width), nn.Sigmoid(), nn.Dropout(0.1), nn.Linear(width, width), nn.Sigmoid(), nn.Linear(width, width), nn.Sigmoid(), nn.Linear(width, 1))  # <- TL012
    """,
    "hard_sigmoids_inside_a_module_init": """
        import torch.nn as nn

        class DeepMLP(nn.Module):
            def __init__(self):
                super().__init__()
                self.layers = nn.Sequential(nn.Linear(20, 20), nn.Hardsigmoid(), nn.Linear(20, 20), nn.Sigmoid(), nn.Linear(20, 20), nn.Sigmoid(), nn.Linear(20, 2))  # <- TL012
    """,
}

CLEAN = {
    "lstm_style_gates_are_side_by_side_not_stacked": """
        import torch
        import torch.nn as nn

        class PeepholeCell(nn.Module):
            def __init__(self, n):
                super().__init__()
                self.gates = nn.ModuleDict({k: nn.Linear(2 * n, n) for k in "ifog"})

            def forward(self, x, h, c):
                xh = torch.cat([x, h], dim=1)
                i = torch.sigmoid(self.gates["i"](xh))
                f = torch.sigmoid(self.gates["f"](xh))
                o = torch.sigmoid(self.gates["o"](xh))
                c = f * c + i * torch.tanh(self.gates["g"](xh))
                return o * torch.tanh(c), c
    """,
    "two_hidden_sigmoids_and_a_sigmoid_output": """
        import torch
        import torch.nn as nn

        class Small(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc1 = nn.Linear(16, 16)
                self.fc2 = nn.Linear(16, 16)
                self.fc3 = nn.Linear(16, 1)

            def forward(self, x):
                x = torch.sigmoid(self.fc1(x))
                x = torch.sigmoid(self.fc2(x))
                return torch.sigmoid(self.fc3(x))
    """,
    "normalization_between_the_sigmoids_of_forward": """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F

        class Normed(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc1 = nn.Linear(16, 16)
                self.fc2 = nn.Linear(16, 16)
                self.fc3 = nn.Linear(16, 16)
                self.norm = nn.LayerNorm(16)
                self.head = nn.Linear(16, 2)

            def forward(self, x):
                x = torch.sigmoid(self.fc1(x))
                x = torch.sigmoid(self.norm(self.fc2(x)))
                x = torch.sigmoid(F.layer_norm(self.fc3(x), (16,)))
                return self.head(x)
    """,
    "module_list_of_unknown_length": """
        import torch
        import torch.nn as nn

        class Configurable(nn.Module):
            def __init__(self, widths):
                super().__init__()
                self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(widths, widths[1:])])

            def forward(self, x):
                for layer in self.layers:
                    x = torch.sigmoid(layer(x))
                return x
    """,
    "tanh_stack_trains_like_relu": """
        from torch import nn

        net = nn.Sequential(nn.Linear(8, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1), nn.Sigmoid())
    """,
    "two_sigmoids_and_a_tanh": """
        import torch.nn as nn

        encoder = nn.Sequential(nn.Linear(100, 50), nn.Sigmoid(), nn.Linear(50, 25), nn.Tanh(), nn.Linear(25, 10), nn.Sigmoid(), nn.Linear(10, 2))
    """,
    "four_tanh_in_a_module_init": """
        import torch.nn as nn

        class DeepMLP(nn.Module):
            def __init__(self):
                super().__init__()
                self.layers = nn.Sequential(nn.Linear(20, 20), nn.Tanh(), nn.Linear(20, 20), nn.Tanh(), nn.Linear(20, 20), nn.Tanh(), nn.Linear(20, 20), nn.Tanh())
    """,
    "three_tanh_full_path": """
        import torch

        model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8), torch.nn.Tanh(), torch.nn.Linear(8, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))
    """,
    "hardtanh_and_softsign": """
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(6, 6), nn.Hardtanh(), nn.Linear(6, 6), nn.Softsign(), nn.Linear(6, 6), nn.Tanh(), nn.Linear(6, 2))
    """,
    "relu_stack": """
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    """,
    "two_sigmoids_only": """
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(10, 10), nn.Sigmoid(), nn.Linear(10, 10), nn.Sigmoid(), nn.Linear(10, 1))
    """,
    "batchnorm_between": """
        import torch.nn as nn

        model = nn.Sequential(
            nn.Linear(64, 64), nn.BatchNorm1d(64), nn.Tanh(),
            nn.Linear(64, 64), nn.BatchNorm1d(64), nn.Tanh(),
            nn.Linear(64, 64), nn.BatchNorm1d(64), nn.Tanh(),
            nn.Linear(64, 1),
        )
    """,
    "layernorm_between": """
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(8, 8), nn.LayerNorm(8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 1))
    """,
    "only_the_output_is_sigmoid": """
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1), nn.Sigmoid())
    """,
    "dcgan_generator_output_tanh": """
        import torch.nn as nn

        main = nn.Sequential(nn.ConvTranspose2d(100, 64, 4), nn.BatchNorm2d(64), nn.ReLU(True), nn.ConvTranspose2d(64, 3, 4), nn.Tanh())
    """,
    "layers_built_elsewhere": """
        import torch.nn as nn

        model = nn.Sequential(*[block(i) for i in range(6)])
    """,
    "lstm_cell_gates_in_forward": """
        import torch
        import torch.nn as nn

        class Cell(nn.Module):
            def forward(self, x, h, c):
                gates = self.linear(torch.cat([x, h], 1))
                i, f, g, o = gates.chunk(4, 1)
                c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
                return torch.sigmoid(o) * torch.tanh(c), c
    """,
}

test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_message_and_severity():
    (finding,) = assert_marked(FLAGGED["three_sigmoids"])
    assert finding.severity.value == "info"
    assert finding.message.startswith(
        "this model stacks 3 hidden Sigmoid activations without normalization"
    )
