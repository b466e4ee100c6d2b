import numpy as np
import torch
from torch.utils.data import random_split

from prep.partition import columns, holdout, rescale
from prep.readings import FixedReadings, SensorReadings


def tabular(features, labels):
    features = rescale(features)  # <- TL005
    fit_x, held_x, fit_y, held_y = holdout(features, labels)
    return torch.from_numpy(fit_x), torch.from_numpy(held_x)


def tabular_split_first(features, labels):
    fit_x, held_x, fit_y, held_y = holdout(features, labels)
    low, high = fit_x.min(axis=0), fit_x.max(axis=0)
    return (fit_x - low) / (high - low), (held_x - low) / (high - low)


def wide_then_columns(features):
    features = rescale(features)
    left, right = columns(features, 4)
    return left, right


def readings(path):
    everything = SensorReadings(path)  # <- TL005
    return random_split(everything, [0.8, 0.2])


def fixed_readings(path):
    everything = FixedReadings(path)
    return random_split(everything, [0.8, 0.2])


if __name__ == "__main__":
    tabular(np.zeros((10, 3)), np.zeros(10))
