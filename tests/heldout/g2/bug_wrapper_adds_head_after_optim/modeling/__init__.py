from .backbone import get_backbone
from .heads import MultiLabelHead

__all__ = ["get_backbone", "MultiLabelHead"]
