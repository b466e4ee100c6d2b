from .wide_resnet import WideResNet

__all__ = ["WideResNet"]
