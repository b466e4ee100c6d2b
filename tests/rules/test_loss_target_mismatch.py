from tests.marked import assert_marked, snippet_tests

FLAGGED = {
    "one_hot_into_cross_entropy": """
        import torch.nn.functional as F

        targets = F.one_hot(labels, num_classes=10)
        loss = F.cross_entropy(logits, targets)  # <- TL009
    """,
    "one_hot_long_into_module_loss": """
        import torch.nn as nn
        import torch.nn.functional as F

        criterion = nn.CrossEntropyLoss()
        loss = criterion(model(x), F.one_hot(y, 5).long())  # <- TL009
    """,
    "long_targets_into_bce_with_logits": """
        import torch.nn as nn

        criterion = nn.BCEWithLogitsLoss()
        loss = criterion(model(x).squeeze(1), y.long())  # <- TL009
    """,
    "int_targets_into_functional_bce": """
        import torch
        import torch.nn.functional as F

        loss = F.binary_cross_entropy(torch.sigmoid(out), labels.int())  # <- TL009
    """,
    "to_long_into_bce": """
        import torch
        import torch.nn as nn

        loss = nn.BCELoss()(probs, y.to(torch.long))  # <- TL009
    """,
    "regression_head_vs_flattened_target": """
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(13, 64), nn.ReLU(), nn.Linear(64, 1))
        criterion = nn.MSELoss()
        for x, y in loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y.view(-1))  # <- TL009
            loss.backward()
            optimizer.step()
    """,
    "functional_l1_with_squeezed_target": """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F

        head = nn.Linear(32, 1)
        target = prices.squeeze()
        loss = F.l1_loss(head(features), target)  # <- TL009
    """,
    "one_dimensional_random_target": """
        import torch
        import torch.nn as nn

        net = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
        y = torch.randn(64)
        loss = nn.functional.mse_loss(net(torch.randn(64, 4)), y)  # <- TL009
    """,
}

CLEAN = {
    "class_indices_into_cross_entropy": """
        import torch.nn.functional as F

        loss = F.cross_entropy(logits, labels)
    """,
    "float_one_hot_is_a_valid_soft_target": """
        import torch.nn.functional as F

        loss = F.cross_entropy(logits, F.one_hot(labels, 10).float())
    """,
    "float_targets_into_bce": """
        import torch.nn as nn

        loss = nn.BCEWithLogitsLoss()(model(x).squeeze(1), y.float())
    """,
    "one_hot_into_mse": """
        import torch.nn.functional as F

        loss = F.mse_loss(probs, F.one_hot(labels, 10).float())
    """,
    "prediction_squeezed": """
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(13, 64), nn.ReLU(), nn.Linear(64, 1))
        loss = nn.MSELoss()(model(x).squeeze(1), y.view(-1))
    """,
    "target_reshaped_to_match": """
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(13, 1))
        loss = nn.MSELoss()(model(x), y.view(-1, 1))
    """,
    "multi_output_regression": """
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(13, 3))
        loss = nn.MSELoss()(model(x), y.view(-1))
    """,
    "target_shape_unknown": """
        import torch.nn as nn

        model = nn.Sequential(nn.Linear(13, 1))
        loss = nn.MSELoss()(model(x), y)
    """,
}

test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_broadcast_is_a_warning_with_the_fix():
    (finding,) = assert_marked(FLAGGED["regression_head_vs_flattened_target"])
    assert finding.severity.value == "warning"
    assert "[N, N] matrix" in finding.message and "out.squeeze(1)" in finding.message
