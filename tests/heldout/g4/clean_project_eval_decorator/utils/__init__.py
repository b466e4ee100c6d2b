from .decorators import evaluation_mode, timed

__all__ = ["evaluation_mode", "timed"]
