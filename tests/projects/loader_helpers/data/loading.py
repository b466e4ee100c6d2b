import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler


def load_scaled(path):
    frame = pd.read_csv(path)
    labels = frame.pop("label").to_numpy()
    features = frame.to_numpy(dtype=np.float64)
    features = StandardScaler().fit_transform(features)
    return features.astype(np.float32), labels


def load_standardized(path):
    table = np.loadtxt(path, delimiter=",", dtype=np.float32)
    signals, targets = table[:, 1:], table[:, 0]
    center, spread = signals.mean(axis=0), signals.std(axis=0) + 1e-6
    standardized = (signals - center) / spread
    return targets, standardized


def load_split_then_scaled(path, test_size=0.2):
    frame = pd.read_csv(path)
    labels = frame.pop("label").to_numpy()
    fit_x, held_x, fit_y, held_y = train_test_split(frame.to_numpy(), labels, test_size=test_size)
    scaler = MinMaxScaler().fit(fit_x)
    return scaler.transform(fit_x), scaler.transform(held_x), fit_y, held_y


def load_rows_scaled_by_themselves(path):
    table = np.loadtxt(path, delimiter=",", dtype=np.float32)
    rows = table[:, 1:]
    rows = (rows - rows.mean(axis=1, keepdims=True)) / rows.std(axis=1, keepdims=True)
    return rows, table[:, 0]


def load_reference(path):
    reference = np.load(path)
    low, high = reference.min(axis=0), reference.max(axis=0)
    return (reference - low) / (high - low + 1e-9)
