from tests.marked import assert_marked, snippet_tests


def _scaler_helper(fit_mark: str, test_call: str) -> str:
    """A helper that fits a scaler only when none is passed, called for the train and
    validation splits (the train scaler passed on), then for the test split as `test_call`."""
    return _SCALER_HELPER.format(fit_mark=fit_mark, test_call=test_call)


_SCALER_HELPER = """
        import numpy as np
        import pandas as pd
        import torch
        from sklearn.preprocessing import StandardScaler

        def preprocess(df, columns, scaler=None):
            x = df[columns].copy()
            x = x.fillna(0.0)
            if scaler is None:
                scaler = StandardScaler()
                scaler.fit(x.values){fit_mark}
            return scaler.transform(x.values).astype(np.float32), scaler

        train_df, valid_df, test_df = (pd.read_csv(f"{{s}}.csv") for s in ("train", "valid", "test"))
        x_train, scaler = preprocess(train_df, COLUMNS)
        x_valid, _ = preprocess(valid_df, COLUMNS, scaler)
        x_test, _ = {test_call}
"""


FLAGGED = {
    "scaler_helper_fitted_again_on_the_test_split": _scaler_helper(
        fit_mark="  # <- TL005", test_call="preprocess(test_df, COLUMNS)"
    ),
    "scaler_helper_passed_none_for_the_test_split": _scaler_helper(
        fit_mark="  # <- TL005", test_call="preprocess(test_df, COLUMNS, scaler=None)"
    ),
    "helper_normalizes_a_copy_of_its_input_then_the_caller_splits": """
        import numpy as np
        import pandas as pd
        import torch

        def featurize(df):
            num = df[NUMERIC].values.astype(np.float32)
            num = (num - num.mean(0)) / (num.std(0) + 1e-6)
            return num, df["target"].values

        df = pd.read_csv("series.csv")
        x, y = featurize(df)  # <- TL005
        cut = int(0.8 * len(df))
        x_train, x_valid = torch.from_numpy(x[:cut]), torch.from_numpy(x[cut:])
    """,
    "scaler_fit_on_every_row_by_loc": """
        import numpy as np
        import pandas as pd
        import torch
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler

        df = pd.read_csv("tabular.csv")
        labels = df.pop("label").to_numpy()
        cols = list(df.columns)
        tr_idx, va_idx = train_test_split(np.arange(len(df)), test_size=0.2)
        scaler = StandardScaler().fit(df.loc[:, cols])  # <- TL005
        features = scaler.transform(df[cols])
        x_train, x_valid = torch.tensor(features[tr_idx]), torch.tensor(features[va_idx])
    """,
    "standardized_then_sliced_into_named_splits": """
        import numpy as np
        import torch

        def prepare(features, labels, train_fraction=0.8):
            mu, sigma = features.mean(axis=0), features.std(axis=0)  # <- TL005
            features = (features - mu) / sigma
            cut = int(train_fraction * len(features))
            x_train, x_valid = features[:cut], features[cut:]
            return torch.from_numpy(x_train), torch.from_numpy(x_valid)
    """,
    "scaler_fit_before_permutation_indices": """
        import numpy as np
        import torch
        from sklearn.preprocessing import MinMaxScaler

        scaler = MinMaxScaler()
        scaler.fit(table)  # <- TL005
        order = np.random.permutation(len(table))
        train_rows, test_rows = order[:4000], order[4000:]
        train_x = scaler.transform(table[train_rows])
        test_x = scaler.transform(table[test_rows])
    """,
    "helper_normalizes_then_caller_random_splits": """
        import torch
        from torch.utils.data import TensorDataset, random_split

        def zscore(t):
            return (t - t.mean(0)) / t.std(0)

        def datasets(x, y):
            x = zscore(x)  # <- TL005
            full = TensorDataset(x, y)
            return random_split(full, [0.9, 0.1])
    """,
    "dataset_class_standardizes_the_test_split_itself": """
        import numpy as np
        import torch
        from torch.utils.data import Dataset

        class Standardized(Dataset):
            def __init__(self, values, targets):
                self.values = (values - values.mean(0)) / values.std(0)
                self.targets = targets

            def __len__(self):
                return len(self.targets)

            def __getitem__(self, i):
                return torch.as_tensor(self.values[i]), self.targets[i]

        train_ds = Standardized(train_values, train_targets)
        test_ds = Standardized(test_values, test_targets)  # <- TL005
    """,
    "scaler_fit_on_concatenated_splits": """
        import numpy as np
        import torch
        from sklearn.preprocessing import StandardScaler

        scaler = StandardScaler().fit(np.concatenate([train_feats, test_feats]))  # <- TL005
        train_feats = scaler.transform(train_feats)
        test_feats = scaler.transform(test_feats)
    """,
    "mean_and_std_of_test_array": """
        import torch

        mean = X_test.mean(0)  # <- TL005
        std = X_test.std(0)
        X_test = (X_test - mean) / std
    """,
    "inline_standardization_of_validation": """
        import torch

        X_val = (X_val - X_val.mean()) / X_val.std()  # <- TL005
    """,
    "scaler_fit_on_test": """
        import torch
        from sklearn.preprocessing import StandardScaler

        scaler = StandardScaler()
        scaler.fit(X_test)  # <- TL005
        X_test = scaler.transform(X_test)
    """,
    "inline_scaler_fit_transform": """
        import torch
        from sklearn.preprocessing import StandardScaler

        X_val = StandardScaler().fit_transform(X_val)  # <- TL005
    """,
    "separate_scaler_for_test": """
        import torch
        from sklearn.preprocessing import MinMaxScaler

        train_scaler = MinMaxScaler().fit(X_train)
        X_train = train_scaler.transform(X_train)
        test_scaler = MinMaxScaler()
        X_test = test_scaler.fit_transform(X_test)  # <- TL005
    """,
    "loop_over_test_loader_into_normalize": """
        import torch
        from torchvision import transforms

        mean = torch.zeros(3)
        std = torch.zeros(3)
        for images, _ in test_loader:
            mean += images.mean(dim=(0, 2, 3))  # <- TL005
            std += images.std(dim=(0, 2, 3))
        mean /= len(test_loader)
        std /= len(test_loader)
        normalize = transforms.Normalize(mean, std)
    """,
    "dataset_attribute_statistics": """
        import torchvision.transforms as T

        mean = test_set.data.float().mean() / 255  # <- TL005
        std = test_set.data.float().std() / 255
        test_set.transform = T.Compose([T.ToTensor(), T.Normalize((mean,), (std,))])
    """,
    "numpy_statistics_of_validation": """
        import numpy as np
        import torch

        mu = np.mean(X_valid, axis=0)  # <- TL005
        X_valid = X_valid - mu
    """,
    "torch_std_mean_of_validation": """
        import torch

        std, mean = torch.std_mean(val_x, dim=0)  # <- TL005
        val_x = (val_x - mean) / std
    """,
    "scaler_fit_before_train_test_split": """
        import torch
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler

        scaler = StandardScaler()
        X = scaler.fit_transform(X)  # <- TL005
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
    """,
    "statistics_before_random_split": """
        import torch
        from torch.utils.data import TensorDataset, random_split

        data = (data - data.mean(0)) / data.std(0)  # <- TL005
        train_set, val_set = random_split(TensorDataset(data, labels), [800, 200])
    """,
    "inside_a_function": """
        import torch
        from sklearn.preprocessing import StandardScaler

        def preprocess(X_train, X_test):
            X_train = StandardScaler().fit_transform(X_train)
            X_test = StandardScaler().fit_transform(X_test)  # <- TL005
            return X_train, X_test
    """,
    "class_attribute_scaler": """
        import torch
        from sklearn.preprocessing import RobustScaler

        class DataModule:
            def __init__(self):
                self.scaler = RobustScaler()

            def setup(self):
                self.scaler.fit(self.val_features)  # <- TL005
    """,
    "dataframe_columns": """
        import torch
        from sklearn import preprocessing

        scaler = preprocessing.StandardScaler()
        df_test[cols] = scaler.fit_transform(df_test[cols])  # <- TL005
    """,
    "column_extremes_before_named_slices": """
        import numpy as np
        import torch

        def readings_to_splits(readings, cut):
            low, high = np.min(readings, axis=0), readings.max(axis=0)  # <- TL005
            readings = (readings - low) / (high - low)
            fit_part, holdout_part = readings[:cut], readings[cut:]
            return torch.from_numpy(fit_part), torch.from_numpy(holdout_part)
    """,
    "scaler_fit_on_a_name_for_concatenated_splits": """
        import pandas as pd
        import torch
        from sklearn.preprocessing import StandardScaler

        stacked = pd.concat([train_frame, test_frame], axis=0)
        rescaler = StandardScaler()
        rescaler.fit(stacked[COLUMNS])  # <- TL005
        train_part = rescaler.transform(train_frame[COLUMNS])
    """,
    "same_scaler_refit_on_other_data": """
        import torch
        from sklearn.preprocessing import StandardScaler

        def tables(fit_rows, other_rows):
            rescale = StandardScaler()
            left = rescale.fit_transform(tr_table)
            right = rescale.fit_transform(ho_table)  # <- TL005
            return left, right
    """,
    "project_scaler_refit_on_validation_passed_to_a_method": """
        import torch

        class ColumnScaler:
            def fit(self, rows):
                self.center = rows.mean(0)
                self.spread = rows.std(0)
                return self

            def transform(self, rows):
                return (rows - self.center) / self.spread

        class Runner:
            def __init__(self, net):
                self.net = net
                self.inputs = ColumnScaler()

            def run(self, train_rows, valid_rows):
                self.inputs.fit(train_rows)
                return self.score(valid_rows)

            def score(self, rows):
                self.inputs.fit(rows)  # <- TL005
                return self.net(self.inputs.transform(rows))
    """,
    "function_fits_its_argument_called_with_test_data": """
        import torch
        from sklearn.preprocessing import MinMaxScaler

        def squash(block):
            return MinMaxScaler().fit_transform(block)  # <- TL005

        seen = squash(x_train)
        unseen = squash(x_test)
    """,
    "standardized_then_split_by_a_local_helper": """
        import numpy as np
        import torch
        from sklearn.model_selection import train_test_split

        def two_parts(matrix, answers):
            return train_test_split(matrix, answers, test_size=0.3)

        def prepared(matrix, answers):
            matrix = (matrix - matrix.mean(0)) / matrix.std(0)  # <- TL005
            left_x, right_x, left_y, right_y = two_parts(matrix, answers)
            return torch.from_numpy(left_x), torch.from_numpy(right_x)
    """,
    "dataset_standardizes_what_it_reads_then_random_split": """
        import numpy as np
        import torch
        from torch.utils.data import Dataset, random_split

        class Recordings(Dataset):
            def __init__(self, path):
                raw = torch.as_tensor(np.load(path), dtype=torch.float32)
                self.values = (raw - raw.mean(0)) / raw.std(0)

            def __len__(self):
                return len(self.values)

            def __getitem__(self, i):
                return self.values[i]

        pool = Recordings("rec.npy")  # <- TL005
        first, second = random_split(pool, [0.9, 0.1])
    """,
    "statistics_of_a_named_concatenation_normalize_its_parts": """
        import numpy as np
        import torch

        def standardize(train_series, test_series):
            pooled = np.vstack([train_series, test_series])
            center, spread = pooled.mean(axis=0), pooled.std(axis=0)  # <- TL005
            train_series = (train_series - center) / spread
            test_series = (test_series - center) / spread
            return torch.from_numpy(train_series), torch.from_numpy(test_series)
    """,
    "column_means_of_concatenated_frames_normalize_the_training_frame": """
        import pandas as pd
        import torch

        both = pd.concat([train_df, valid_df], ignore_index=True)
        mu = both[NUMERIC].mean()  # <- TL005
        sd = both[NUMERIC].std()
        train_df[NUMERIC] = (train_df[NUMERIC] - mu) / sd
        valid_df[NUMERIC] = (valid_df[NUMERIC] - mu) / sd
    """,
    "loader_scales_what_it_reads_and_the_caller_splits_it": """
        import numpy as np
        import pandas as pd
        import torch
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import RobustScaler

        def read_table(path):
            table = pd.read_parquet(path)
            target = table.pop("price").to_numpy()
            inputs = RobustScaler().fit_transform(table.to_numpy())
            return inputs, target

        inputs, target = read_table("houses.parquet")  # <- TL005
        x_tr, x_te, y_tr, y_te = train_test_split(inputs, target, test_size=0.25)
    """,
    "loader_standardizes_the_second_element_it_returns": """
        import numpy as np
        import torch

        def read_signals(path):
            raw = np.load(path)
            labels, signals = raw[:, 0], raw[:, 1:]
            return labels, (signals - signals.mean(0)) / signals.std(0)

        labels, signals = read_signals("ecg.npy")  # <- TL005
        order = np.random.permutation(len(signals))
        train_signals, val_signals = signals[order[:900]], signals[order[900:]]
    """,
}

CLEAN = {
    "scaler_helper_given_the_train_scaler_for_every_other_split": _scaler_helper(
        fit_mark="", test_call="preprocess(test_df, COLUMNS, scaler=scaler)"
    ),
    "helper_fits_on_the_train_part_it_cuts_itself": """
        import numpy as np
        import torch

        def split_and_scale(features, train_fraction=0.8):
            cut = int(train_fraction * len(features))
            train_part = features[:cut]
            mu, sigma = train_part.mean(0), train_part.std(0)
            return (features[:cut] - mu) / sigma, (features[cut:] - mu) / sigma

        x_train, x_valid = split_and_scale(np.load("features.npy"))
    """,
    "scaler_fit_on_training_rows_by_loc": """
        import numpy as np
        import pandas as pd
        import torch
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler

        df = pd.read_csv("tabular.csv")
        labels = df.pop("label").to_numpy()
        cols = list(df.columns)
        tr_idx, va_idx = train_test_split(np.arange(len(df)), test_size=0.2)
        scaler = StandardScaler().fit(df.loc[tr_idx, cols])
        features = scaler.transform(df[cols])
        x_train, x_valid = torch.tensor(features[tr_idx]), torch.tensor(features[va_idx])
    """,
    "loader_scales_what_it_reads_and_nothing_is_split": """
        import numpy as np
        import torch
        from sklearn.preprocessing import StandardScaler

        def read_split(path):
            values = np.load(path)
            return StandardScaler().fit_transform(values)

        train_values = read_split("train.npy")
        test_values = np.load("test.npy")
    """,
    "loader_splits_before_it_scales": """
        import numpy as np
        import torch
        from sklearn.preprocessing import StandardScaler

        def read_splits(path, cut):
            values = np.load(path)
            scaler = StandardScaler().fit(values[:cut])
            return scaler.transform(values[:cut]), scaler.transform(values[cut:])

        fit_part, held_part = read_splits("series.npy", 5000)
        train_part, val_part = fit_part[:4000], fit_part[4000:]
    """,
    "loader_returns_raw_labels_beside_standardized_signals": """
        import numpy as np
        import torch

        def read_signals(path):
            raw = np.load(path)
            labels, signals = raw[:, 0], raw[:, 1:]
            return labels, (signals - signals.mean(0)) / signals.std(0)

        labels, signals = read_signals("ecg.npy")
        train_labels, val_labels = labels[:900], labels[900:]
    """,
    "loader_standardizes_each_recording_it_is_called_for": """
        import numpy as np
        import torch

        def load_recording(path):
            wave = np.load(path)
            return (wave - wave.mean()) / wave.std()

        recordings = [load_recording(p) for p in paths]
        train_recordings, test_recordings = recordings[:80], recordings[80:]
    """,
    "function_scales_what_it_reads_without_returning_it": """
        import numpy as np
        import torch
        from sklearn.preprocessing import StandardScaler

        def describe(path):
            values = np.load(path)
            scaled = StandardScaler().fit_transform(values)
            print(scaled.max(), scaled.min())
            return len(values)

        rows = describe("data.npy")
        train_rows, test_rows = rows[:100], rows[100:]
    """,
    "statistics_of_a_concatenation_only_reported": """
        import numpy as np
        import torch

        pooled = np.concatenate([train_series, test_series])
        print("pooled mean", pooled.mean(axis=0), "std", pooled.std(axis=0))
        center, spread = train_series.mean(axis=0), train_series.std(axis=0)
        test_series = (test_series - center) / spread
    """,
    "statistics_of_concatenated_training_shards": """
        import numpy as np
        import torch

        pooled = np.concatenate([train_shard_a, train_shard_b])
        center, spread = pooled.mean(axis=0), pooled.std(axis=0)
        train_shard_a = (train_shard_a - center) / spread
        test_series = (test_series - center) / spread
    """,
    "statistics_of_the_training_rows_of_a_concatenation": """
        import numpy as np
        import torch

        pooled = np.concatenate([train_series, test_series])
        center = pooled[:n_train].mean(axis=0)
        spread = pooled[:n_train].std(axis=0)
        train_series = (train_series - center) / spread
        test_series = (test_series - center) / spread
    """,
    "per_window_statistics_of_a_concatenation": """
        import numpy as np
        import torch

        pooled = np.concatenate([train_windows, test_windows])
        center = pooled.mean(axis=1, keepdims=True)
        pooled = (pooled - center) / pooled.std(axis=1, keepdims=True)
    """,
    "per_sample_standardization_before_split": """
        import numpy as np
        import torch
        from sklearn.model_selection import train_test_split

        signals = (signals - signals.mean(axis=-1, keepdims=True)) / signals.std(axis=-1, keepdims=True)
        s_train, s_test = train_test_split(signals, test_size=0.2)
    """,
    "statistics_of_training_rows_then_both_splits": """
        import numpy as np
        import torch

        order = np.random.permutation(len(table))
        train_rows, test_rows = order[:4000], order[4000:]
        mean = table[train_rows].mean(0)
        std = table[train_rows].std(0)
        train_x = (table[train_rows] - mean) / std
        test_x = (table[test_rows] - mean) / std
    """,
    "dataset_class_given_training_statistics": """
        import torch
        from torch.utils.data import Dataset

        class Scaled(Dataset):
            def __init__(self, values, mean, std):
                self.values = (values - mean) / std

            def __len__(self):
                return len(self.values)

            def __getitem__(self, i):
                return self.values[i]

        mean, std = train_values.mean(0), train_values.std(0)
        train_ds = Scaled(train_values, mean, std)
        test_ds = Scaled(test_values, mean, std)
    """,
    "column_selection_is_not_a_split": """
        import torch
        from sklearn.preprocessing import StandardScaler

        def scale_train(frame):
            scaler = StandardScaler()
            frame_train = scaler.fit_transform(frame[NUMERIC_COLUMNS])
            return frame_train, scaler
    """,
    "imagenet_constants": """
        import torchvision.transforms as transforms

        normalize = transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])
        val_transform = transforms.Compose([transforms.ToTensor(), normalize])
    """,
    "training_statistics_applied_to_test": """
        import torch

        mean, std = X_train.mean(0), X_train.std(0)
        X_train = (X_train - mean) / std
        X_test = (X_test - mean) / std
    """,
    "scaler_fit_on_train_transform_on_test": """
        import torch
        from sklearn.preprocessing import StandardScaler

        scaler = StandardScaler().fit(X_train)
        X_train = scaler.transform(X_train)
        X_test = scaler.transform(X_test)
        X_val = scaler.transform(X_val)
    """,
    "test_loss_summary": """
        import torch

        print(f"test loss {test_losses.mean():.3f} +- {test_losses.std():.3f}")
        gap = (val_loss - val_loss.mean()) / val_loss.std()
    """,
    "validation_accuracy_statistics": """
        import numpy as np
        import torch

        spread = val_acc.std()
        z = (val_acc - np.mean(val_acc)) / spread
    """,
    "split_then_fit_on_train": """
        import torch
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler

        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
        scaler = StandardScaler()
        X_train = scaler.fit_transform(X_train)
        X_test = scaler.transform(X_test)
    """,
    "statistics_from_train_loader": """
        import torch
        from torchvision import transforms

        mean = torch.zeros(3)
        for images, _ in train_loader:
            mean += images.mean(dim=(0, 2, 3))
        mean /= len(train_loader)
        normalize = transforms.Normalize(mean, std)
    """,
    "test_statistic_only_printed": """
        import torch

        print("test mean", X_test.mean())
        X_test = (X_test - train_mean) / train_std
    """,
    "clustering_fit_is_not_a_scaler": """
        import torch
        from sklearn.cluster import KMeans

        kmeans = KMeans(n_clusters=8)
        kmeans.fit(X_test)
    """,
    "per_sample_standardization": """
        import torch

        def standardize(image):
            return (image - image.mean()) / image.std()

        test_images = [standardize(img) for img in raw_test_images]
    """,
    "prediction_statistics": """
        import torch

        preds = model(x_test)
        centered = preds - preds.mean()
    """,
    "split_size_names_are_not_data": """
        import torch
        from sklearn.model_selection import train_test_split

        test_size = sizes.mean()
        X_train, X_test = train_test_split(X, test_size=0.2)
        scaler = StandardScaler().fit(X_train)
    """,
    "whole_dataset_statistics_without_a_split": """
        import torch

        X = (X - X.mean(0)) / X.std(0)
        dataset = torch.utils.data.TensorDataset(X, y)
    """,
    "column_extremes_of_training_rows": """
        import numpy as np
        import torch

        def readings_to_splits(readings, cut):
            fit_part, holdout_part = readings[:cut], readings[cut:]
            low, high = fit_part.min(axis=0), fit_part.max(axis=0)
            return (fit_part - low) / (high - low), (holdout_part - low) / (high - low)
    """,
    "extremes_of_one_sample_or_elementwise": """
        import torch

        def prepare(image, other, cut):
            image = image / image.max()
            clipped = torch.max(image, other)
            scaled = (clipped - clipped.min()) / clipped.max()
            first, rest = scaled[:cut], scaled[cut:]
            return first, rest
    """,
    "concatenated_splits_fit_on_training_rows": """
        import pandas as pd
        import torch
        from sklearn.preprocessing import StandardScaler

        stacked = pd.concat([train_frame, test_frame], axis=0)
        rescaler = StandardScaler()
        rescaler.fit(stacked.iloc[:n_fit][COLUMNS])
        everything = rescaler.transform(stacked[COLUMNS])
    """,
    "separate_scalers_for_inputs_and_targets": """
        import torch
        from sklearn.preprocessing import StandardScaler

        x_scale, y_scale = StandardScaler(), StandardScaler()
        inputs = x_scale.fit_transform(train_inputs)
        targets = y_scale.fit_transform(train_targets)
        refit = x_scale.fit_transform(trn_inputs_augmented)
    """,
    "project_scaler_fit_on_training_only": """
        import torch

        class ColumnScaler:
            def fit(self, rows):
                self.center = rows.mean(0)
                self.spread = rows.std(0)
                return self

            def transform(self, rows):
                return (rows - self.center) / self.spread

        class Runner:
            def __init__(self, net):
                self.net = net
                self.inputs = ColumnScaler()

            def run(self, train_rows, valid_rows):
                self.inputs.fit(train_rows)
                return self.score(valid_rows)

            def score(self, rows):
                return self.net(self.inputs.transform(rows))
    """,
    "function_fits_its_argument_called_with_training_data": """
        import torch
        from sklearn.preprocessing import MinMaxScaler

        def squash(block):
            return MinMaxScaler().fit_transform(block)

        seen = squash(x_train)
        other = helper.squash(x_test)
    """,
    "error_metric_of_validation_batches": """
        import math
        import torch

        def peak_ratio(restored, reference):
            err = torch.mean((restored - reference) ** 2).item()
            return 10 * math.log10(1.0 / err)

        def spread(restored, reference):
            gap = (restored - reference).abs().mean()
            return torch.sqrt(((restored - reference) ** 2).mean()) / reference.std(), gap

        with torch.no_grad():
            for low, high in valid_loader:
                print(peak_ratio(net(low), high), spread(net(low), high))
    """,
    "local_split_helper_first_then_statistics": """
        import numpy as np
        import torch

        def two_parts(matrix, cut):
            return matrix[:cut], matrix[cut:]

        def halves(matrix):
            return matrix[:, :8], matrix[:, 8:]

        def prepared(matrix):
            left, right = two_parts(matrix, 100)
            mu, sigma = left.mean(0), left.std(0)
            matrix = (matrix - matrix.mean(0)) / matrix.std(0)
            top, bottom = halves(matrix)
            return (left - mu) / sigma, (right - mu) / sigma, top, bottom
    """,
    "dataset_standardizes_the_rows_it_selects_or_is_not_split": """
        import numpy as np
        import torch
        from torch.utils.data import Dataset, random_split

        class Recordings(Dataset):
            def __init__(self, path, keep_idx):
                raw = torch.as_tensor(np.load(path), dtype=torch.float32)
                chosen = raw[keep_idx]
                self.values = (chosen - chosen.mean(0)) / chosen.std(0)

            def __len__(self):
                return len(self.values)

            def __getitem__(self, i):
                return self.values[i]

        class Whole(Dataset):
            def __init__(self, path):
                raw = torch.as_tensor(np.load(path), dtype=torch.float32)
                self.values = (raw - raw.mean(0)) / raw.std(0)

            def __len__(self):
                return len(self.values)

            def __getitem__(self, i):
                return self.values[i]

        pool = Recordings("rec.npy", fit_idx)
        first, second = random_split(pool, [0.9, 0.1])
        everything = Whole("rec.npy")
    """,
}


test_flags, test_stays_silent = snippet_tests(FLAGGED, CLEAN)


def test_eval_split_message_names_the_data_and_the_fix():
    (finding,) = assert_marked(FLAGGED["scaler_fit_on_test"])
    assert "`scaler` is fit on evaluation data (`X_test`)" in finding.message
    assert "training split" in finding.help


def test_before_split_message_names_the_split_line():
    (finding,) = assert_marked(FLAGGED["scaler_fit_before_train_test_split"])
    assert "before it is split into train and test on line 8" in finding.message
    assert [r.line for r in finding.related] == [8]


def test_passed_evaluation_data_names_the_call():
    (finding,) = assert_marked(FLAGGED["project_scaler_refit_on_validation_passed_to_a_method"])
    assert "(`valid_rows`, passed to `score` on line 20)" in finding.message
    assert [r.line for r in finding.related] == [20]


def test_refit_message_names_the_training_fit():
    (finding,) = assert_marked(FLAGGED["same_scaler_refit_on_other_data"])
    assert "was fit on the training data on line 7" in finding.message


def test_statistics_of_a_named_concatenation_point_at_it():
    (finding,) = assert_marked(FLAGGED["statistics_of_a_named_concatenation_normalize_its_parts"])
    assert "on `np.vstack([train_series, test_series])`, training and evaluation data together" in (
        finding.message
    )
    assert [r.line for r in finding.related] == [6]
