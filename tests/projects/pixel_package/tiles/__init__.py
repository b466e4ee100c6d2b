from .reader import TileSet

__all__ = ["TileSet"]
