from .wdcnn import WDCNN

__all__ = ["WDCNN"]
