from .carvana import CarvanaDataset, split_ids

__all__ = ["CarvanaDataset", "split_ids"]
