from .timeseries import WindowDataset, load_series

__all__ = ["WindowDataset", "load_series"]
