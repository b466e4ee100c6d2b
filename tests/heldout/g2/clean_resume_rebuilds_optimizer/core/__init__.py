from .builder import build_everything, save_state

__all__ = ["build_everything", "save_state"]
