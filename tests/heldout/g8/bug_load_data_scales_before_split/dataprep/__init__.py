from .loading import load_data, TabularDataset

__all__ = ["load_data", "TabularDataset"]
