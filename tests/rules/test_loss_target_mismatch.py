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
    "one_hot_labels_through_a_tensor_dataset": """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        from torch.utils.data import DataLoader, TensorDataset

        y_onehot = F.one_hot(torch.tensor(labels), num_classes=4)
        loader = DataLoader(TensorDataset(torch.tensor(features), y_onehot), batch_size=32, shuffle=True)
        criterion = nn.CrossEntropyLoss()
        for epoch in range(10):
            for xb, yb in loader:
                optimizer.zero_grad()
                loss = criterion(model(xb), yb)  # <- TL009
                loss.backward()
                optimizer.step()
    """,
    "long_labels_from_a_dataset_getitem": """
        import torch
        import torch.nn as nn
        from torch.utils.data import DataLoader, Dataset

        class ReviewDataset(Dataset):
            def __init__(self, encodings, labels):
                self.encodings = encodings
                self.labels = labels

            def __getitem__(self, idx):
                return self.encodings[idx], torch.tensor(self.labels[idx], dtype=torch.long)

            def __len__(self):
                return len(self.labels)

        train_loader = DataLoader(ReviewDataset(enc, labels), batch_size=16, shuffle=True)
        loss_fn = nn.BCEWithLogitsLoss()
        for inputs, targets in train_loader:
            logits = model(inputs).squeeze(-1)
            loss = loss_fn(logits, targets)  # <- TL009
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    """,
    "dict_samples_with_integer_labels": """
        import torch
        import torch.nn as nn
        from torch.utils.data import DataLoader, Dataset

        class ToxicComments(Dataset):
            def __init__(self, frame):
                self.frame = frame

            def __len__(self):
                return len(self.frame)

            def __getitem__(self, i):
                row = self.frame.iloc[i]
                return {"ids": encode(row.text), "label": torch.tensor(row.toxic, dtype=torch.int64)}

        loader = DataLoader(ToxicComments(df), batch_size=8)
        criterion = nn.BCEWithLogitsLoss()
        for batch in loader:
            out = model(batch["ids"]).view(-1)
            loss = criterion(out, batch["label"])  # <- TL009
            loss.backward()
    """,
    "pandas_target_column_into_a_regression_head": """
        import pandas as pd
        import torch
        import torch.nn as nn
        from torch.utils.data import DataLoader, TensorDataset

        df = pd.read_csv("housing.csv")
        X = torch.tensor(df.drop(columns=["price"]).values, dtype=torch.float32)
        y = torch.tensor(df["price"].values, dtype=torch.float32)
        loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)
        model = nn.Sequential(nn.Linear(X.shape[1], 32), nn.ReLU(), nn.Linear(32, 1))
        criterion = nn.MSELoss()
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = criterion(model(xb), yb)  # <- TL009
            loss.backward()
            optimizer.step()
    """,
    "targets_built_by_a_helper": """
        import numpy as np
        import torch
        import torch.nn as nn

        def make_targets(labels):
            return torch.from_numpy(np.array(labels)).long()

        def train_step(model, x, labels, optimizer):
            optimizer.zero_grad()
            loss = nn.BCELoss()(torch.sigmoid(model(x)).squeeze(1), make_targets(labels))  # <- TL009
            loss.backward()
            optimizer.step()
    """,
    "one_hot_from_an_identity_matrix": """
        import numpy as np
        import torch
        import torch.nn as nn

        y_train = torch.from_numpy(np.eye(10)[labels]).long()
        criterion = nn.CrossEntropyLoss()
        loss = criterion(net(x_train), y_train)  # <- TL009
    """,
    "regression_target_from_loadtxt_column": """
        import numpy as np
        import torch
        import torch.nn as nn

        data = np.loadtxt("energy.csv", delimiter=",", skiprows=1)
        inputs = torch.from_numpy(data[:, :-1]).float()
        targets = torch.from_numpy(data[:, -1]).float()
        model = nn.Linear(inputs.shape[1], 1)
        loss = nn.L1Loss()(model(inputs), targets)  # <- TL009
    """,
    "loader_batches_through_enumerate_and_tqdm": """
        import torch
        import torch.nn as nn
        from torch.utils.data import DataLoader, TensorDataset
        from tqdm import tqdm

        ds = TensorDataset(torch.randn(500, 8), torch.randint(0, 2, (500,)))
        dl = DataLoader(ds, batch_size=50, shuffle=True)
        criterion = nn.BCEWithLogitsLoss()
        for step, (xb, yb) in enumerate(tqdm(dl)):
            loss = criterion(model(xb).squeeze(1), yb)  # <- TL009
            loss.backward()
    """,
    "one_hot_through_train_test_split": """
        import numpy as np
        import torch
        import torch.nn.functional as F
        from sklearn.model_selection import train_test_split

        Y = np.eye(10)[labels].astype(np.int64)
        X_tr, X_va, Y_tr, Y_va = train_test_split(X, Y, test_size=0.1)
        loss = F.cross_entropy(model(torch.tensor(X_tr)), torch.tensor(Y_tr))  # <- TL009
    """,
    "dict_batch_moved_by_a_helper_into_compute_loss": """
        import torch
        import torch.nn as nn
        from torch.utils.data import DataLoader, Dataset

        class Tickets(Dataset):
            def __init__(self, texts, labels):
                self.texts = texts
                self.labels = torch.tensor(labels, dtype=torch.long)

            def __len__(self):
                return len(self.texts)

            def __getitem__(self, i):
                return {"ids": self.texts[i], "label": self.labels[i]}

        class Trainer:
            def __init__(self, model, optimizer):
                self.model = model
                self.optimizer = optimizer
                self.criterion = nn.BCEWithLogitsLoss()

            def _to_device(self, batch):
                return {k: v.to("cuda") for k, v in batch.items()}

            def compute_loss(self, batch):
                return self.criterion(self.model(batch["ids"]).squeeze(-1), batch["label"])  # <- TL009

            def fit(self, loader):
                for batch in loader:
                    batch = self._to_device(batch)
                    self.optimizer.zero_grad()
                    self.compute_loss(batch).backward()
                    self.optimizer.step()

        trainer = Trainer(net, opt)
        trainer.fit(DataLoader(Tickets(texts, labels), batch_size=8, shuffle=True))
    """,
    "kfold_indices_keep_the_sample_dimension": """
        import pandas as pd
        import torch
        import torch.nn as nn
        from sklearn.model_selection import KFold
        from torch.utils.data import DataLoader, TensorDataset

        y_all = torch.tensor(pd.read_csv("houses.csv")["price"].values, dtype=torch.float32)
        kf = KFold(n_splits=5, shuffle=True)
        for fold, (tr_idx, va_idx) in enumerate(kf.split(X_all)):
            loader = DataLoader(TensorDataset(X_all[tr_idx], y_all[tr_idx]), batch_size=64, shuffle=True)
            net = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 1))
            for xb, yb in loader:
                loss = nn.MSELoss()(net(xb), yb)  # <- TL009
                loss.backward()
    """,
    "min_max_scaled_series_stays_one_dimensional": """
        import numpy as np
        import pandas as pd
        import torch
        import torch.nn as nn

        series = pd.read_csv("sales.csv")["sales"].values.astype(np.float32)
        lo, hi = series.min(), series.max()
        scaled = torch.from_numpy((series - lo) / (hi - lo))
        head = nn.Linear(16, 1)
        loss = nn.functional.mse_loss(head(features), scaled)  # <- TL009
    """,
    "column_named_by_a_constant": """
        import pandas as pd
        import torch
        import torch.nn as nn

        TARGET = "MedHouseVal"
        df = pd.read_csv("housing.csv")
        y = torch.tensor(df[TARGET].values, dtype=torch.float32)
        model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 1))
        loss = nn.SmoothL1Loss()(model(x), y)  # <- TL009
    """,
    "epoch_helper_called_with_train_and_validation_loaders": """
        import torch
        import torch.nn.functional as F
        from torch.utils.data import DataLoader, TensorDataset

        def run_epoch(model, loader):
            for xb, yb in loader:
                loss = F.binary_cross_entropy_with_logits(model(xb).squeeze(1), yb)  # <- TL009
                loss.backward()

        labels = torch.zeros(100, dtype=torch.long)
        run_epoch(net, DataLoader(TensorDataset(x, labels), batch_size=10, shuffle=True))
        run_epoch(net, DataLoader(TensorDataset(x_val, labels), batch_size=10))
    """,
    "method_loops_over_an_enumerated_progress_bar_of_its_loader": """
        import numpy as np
        import torch
        import torch.nn as nn
        from torch.utils.data import DataLoader, TensorDataset
        from tqdm import tqdm

        table = np.genfromtxt("wind.csv", delimiter=",")
        speeds = TensorDataset(torch.from_numpy(table[:, 1:]).float(), torch.from_numpy(table[:, 0]).float())

        class Fitter:
            def __init__(self, net):
                self.net = net
                self.criterion = nn.HuberLoss()
                self.opt = torch.optim.SGD(net.parameters(), lr=0.01)

            def one_pass(self, batches):
                bar = tqdm(batches)
                for n, (inputs, wanted) in enumerate(bar):
                    self.opt.zero_grad()
                    err = self.criterion(self.net(inputs), wanted)  # <- TL009
                    err.backward()
                    self.opt.step()

        fitter = Fitter(nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 1)))
        fitter.one_pass(DataLoader(speeds, batch_size=32, shuffle=True))
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
    "float_labels_through_a_tensor_dataset": """
        import torch
        import torch.nn as nn
        from torch.utils.data import DataLoader, TensorDataset

        ds = TensorDataset(torch.randn(500, 8), torch.randint(0, 2, (500,)).float())
        criterion = nn.BCEWithLogitsLoss()
        for xb, yb in DataLoader(ds, batch_size=50, shuffle=True):
            loss = criterion(model(xb).squeeze(1), yb)
            loss.backward()
    """,
    "one_hot_argmaxed_back_to_indices": """
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        from torch.utils.data import DataLoader, TensorDataset

        y_onehot = F.one_hot(torch.tensor(labels), num_classes=4)
        loader = DataLoader(TensorDataset(torch.tensor(features), y_onehot), batch_size=32)
        criterion = nn.CrossEntropyLoss()
        for xb, yb in loader:
            loss = criterion(model(xb), yb.argmax(dim=1))
            loss.backward()
    """,
    "getitem_casts_labels_to_float": """
        import torch
        import torch.nn as nn
        from torch.utils.data import DataLoader, Dataset

        class ReviewDataset(Dataset):
            def __init__(self, encodings, labels):
                self.encodings = encodings
                self.labels = labels

            def __getitem__(self, idx):
                return self.encodings[idx], torch.tensor(self.labels[idx], dtype=torch.float)

            def __len__(self):
                return len(self.labels)

        loss_fn = nn.BCEWithLogitsLoss()
        for inputs, targets in DataLoader(ReviewDataset(enc, labels), batch_size=16):
            loss = loss_fn(model(inputs).squeeze(-1), targets)
            loss.backward()
    """,
    "integer_labels_into_cross_entropy_from_a_dataset": """
        import torch
        import torch.nn as nn
        from torch.utils.data import DataLoader, TensorDataset

        ds = TensorDataset(torch.randn(100, 4), torch.randint(0, 3, (100,)))
        for xb, yb in DataLoader(ds, batch_size=10):
            loss = nn.CrossEntropyLoss()(model(xb), yb)
            loss.backward()
    """,
    "pandas_target_column_reshaped": """
        import pandas as pd
        import torch
        import torch.nn as nn
        from torch.utils.data import DataLoader, TensorDataset

        df = pd.read_csv("housing.csv")
        X = torch.tensor(df.drop(columns=["price"]).values, dtype=torch.float32)
        y = torch.tensor(df["price"].values, dtype=torch.float32).unsqueeze(1)
        loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)
        model = nn.Sequential(nn.Linear(X.shape[1], 32), nn.ReLU(), nn.Linear(32, 1))
        for xb, yb in loader:
            loss = nn.MSELoss()(model(xb), yb)
            loss.backward()
    """,
    "pandas_target_given_as_a_column_list": """
        import pandas as pd
        import torch
        import torch.nn as nn

        df = pd.read_csv("housing.csv")
        y = torch.tensor(df[["price"]].values, dtype=torch.float32)
        model = nn.Linear(12, 1)
        loss = nn.MSELoss()(model(x), y)
    """,
    "loadtxt_column_kept_two_dimensional": """
        import numpy as np
        import torch
        import torch.nn as nn

        data = np.loadtxt("energy.csv", delimiter=",", skiprows=1)
        targets = torch.from_numpy(data[:, -1:]).float()
        model = nn.Linear(8, 1)
        loss = nn.L1Loss()(model(inputs), targets)
    """,
    "custom_collate_hides_the_batch_layout": """
        import torch
        import torch.nn as nn
        from torch.utils.data import DataLoader, TensorDataset

        ds = TensorDataset(torch.randn(500, 8), torch.randint(0, 2, (500,)))
        dl = DataLoader(ds, batch_size=50, collate_fn=to_float_batch)
        for xb, yb in dl:
            loss = nn.BCEWithLogitsLoss()(model(xb).squeeze(1), yb)
            loss.backward()
    """,
    "per_sample_comprehension_keeps_its_own_scope": """
        import torch
        import torch.nn as nn

        y = torch.randn(64, 1)
        flat = [y.view(-1) for y in batches]
        model = nn.Linear(4, 1)
        loss = nn.MSELoss()(model(x), y)
    """,
    "one_sample_of_a_column_target": """
        import torch

        net = torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.GELU(), torch.nn.Linear(32, 1))
        x = torch.randn(4, 16)
        y = torch.randn(4, 1)
        for i in range(4):
            loss = torch.nn.functional.mse_loss(net(x[i]), y[i])
            loss.backward()
    """,
    "float_one_hot_through_train_test_split": """
        import numpy as np
        import torch
        import torch.nn.functional as F
        from sklearn.model_selection import train_test_split

        Y = np.eye(10, dtype=np.float32)[labels]
        X_tr, X_va, Y_tr, Y_va = train_test_split(X, Y, test_size=0.1)
        loss = F.cross_entropy(model(torch.tensor(X_tr)), torch.tensor(Y_tr))
    """,
    "dict_comprehension_that_casts_the_entries": """
        import torch
        import torch.nn as nn

        def prepare(batch):
            return {k: v.float() for k, v in batch.items()}

        def step(model, batch):
            batch = prepare(batch)
            return nn.BCEWithLogitsLoss()(model(batch["x"]).squeeze(1), batch["y"])

        step(net, {"x": torch.randn(4, 3), "y": torch.tensor([0, 1, 1, 0])})
    """,
    "index_of_unknown_rank_gives_an_unknown_shape": """
        import torch
        import torch.nn as nn

        y_all = torch.tensor(prices, dtype=torch.float32)
        picked = y_all[order]
        net = nn.Sequential(nn.Linear(20, 64), nn.Linear(64, 1))
        loss = nn.MSELoss()(net(x), picked)
    """,
    "scaled_column_reshaped_into_a_column": """
        import numpy as np
        import torch
        import torch.nn as nn

        series = df["sales"].values.astype(np.float32)
        lo, hi = series.min(), series.max()
        scaled = torch.from_numpy((series - lo) / (hi - lo)).view(-1, 1)
        loss = nn.functional.mse_loss(nn.Linear(16, 1)(features), scaled)
    """,
    "constant_naming_a_column_list": """
        import pandas as pd
        import torch
        import torch.nn as nn

        TARGETS = ["MedHouseVal"]
        df = pd.read_csv("housing.csv")
        y = torch.tensor(df[TARGETS].values, dtype=torch.float32)
        loss = nn.SmoothL1Loss()(nn.Linear(8, 1)(x), y)
    """,
    "epoch_helper_whose_callers_disagree": """
        import torch
        import torch.nn.functional as F
        from torch.utils.data import DataLoader, TensorDataset

        def run_epoch(model, loader):
            for xb, yb in loader:
                loss = F.binary_cross_entropy_with_logits(model(xb).squeeze(1), yb)
                loss.backward()

        run_epoch(net, DataLoader(TensorDataset(x, torch.zeros(100, dtype=torch.long)), batch_size=10))
        run_epoch(net, DataLoader(TensorDataset(x, torch.zeros(100)), batch_size=10))
    """,
    "enumerated_progress_bar_of_a_column_target": """
        import numpy as np
        import torch
        import torch.nn as nn
        from torch.utils.data import DataLoader, TensorDataset
        from tqdm import tqdm

        table = np.genfromtxt("wind.csv", delimiter=",")
        speeds = TensorDataset(torch.from_numpy(table[:, 1:]).float(), torch.from_numpy(table[:, :1]).float())

        class Fitter:
            def __init__(self, net):
                self.net = net
                self.criterion = nn.HuberLoss()
                self.opt = torch.optim.SGD(net.parameters(), lr=0.01)

            def one_pass(self, batches):
                for n, (inputs, wanted) in enumerate(tqdm(batches)):
                    self.opt.zero_grad()
                    err = self.criterion(self.net(inputs), wanted)
                    err.backward()
                    self.opt.step()

        fitter = Fitter(nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 1)))
        fitter.one_pass(DataLoader(speeds, batch_size=32, shuffle=True))
    """,
}

test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_broadcast_is_a_warning_with_the_fix():
    (finding,) = assert_marked(FLAGGED["regression_head_vs_flattened_target"])
    assert finding.severity.value == "warning"
    assert "[N, N] matrix" in finding.help and "out.squeeze(1)" in finding.help
