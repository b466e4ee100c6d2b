from .torch_utils import select_device, smart_inference_mode, seed_everything

__all__ = ["select_device", "smart_inference_mode", "seed_everything"]
