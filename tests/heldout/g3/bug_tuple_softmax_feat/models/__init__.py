from .lenet_pp import LeNetPP

__all__ = ["LeNetPP"]
