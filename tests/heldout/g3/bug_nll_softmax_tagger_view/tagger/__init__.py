from .loss import sequence_nll
from .model import BiLSTMTagger

__all__ = ["BiLSTMTagger", "sequence_nll"]
