from .engine import Engine
from .models import AgeRegressor

__all__ = ["Engine", "AgeRegressor"]
