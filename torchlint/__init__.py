"""torchlint: a linter for PyTorch training scripts."""

__version__ = "0.1.0"
