from .dataset import BuildingSegDataset, list_tiles

__all__ = ["BuildingSegDataset", "list_tiles"]
