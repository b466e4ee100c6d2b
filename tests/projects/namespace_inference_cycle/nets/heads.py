import numpy as np
import torch
from torch import nn

from lib.grad_modes import inference


class Predictor(nn.Module):
    """Wraps a trained network for inference on raw images."""

    def __init__(self, network):
        super().__init__()
        self.network = network

    @inference()
    def forward(self, images):
        arrays = [np.asarray(image, dtype=np.float32) / 255.0 for image in images]
        batch = torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2)
        return self.network(batch).softmax(1).cpu().numpy()
