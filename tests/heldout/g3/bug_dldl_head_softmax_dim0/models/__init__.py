from .age_net import AgeDistributionNet

__all__ = ["AgeDistributionNet"]
