from tests.marked import assert_marked, snippet_tests

FLAGGED = {
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
