from .tabular import TabularMLP, build_model

__all__ = ["TabularMLP", "build_model"]
