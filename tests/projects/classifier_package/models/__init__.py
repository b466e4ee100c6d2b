from .heads import ProbabilityHead
from .backbone import SmallConvNet

__all__ = ["ProbabilityHead", "SmallConvNet", "build_model"]


def build_model(num_classes):
    return SmallConvNet(num_classes)
