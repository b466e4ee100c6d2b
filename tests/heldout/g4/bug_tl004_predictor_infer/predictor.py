from typing import List, Sequence

import torch
import torch.nn.functional as F
from PIL import Image
from torchvision import transforms

from model import load_model


class Predictor:
    """Thin wrapper used both by the CLI and the Flask demo."""

    def __init__(self, ckpt_path, device=None, img_size=384):
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.model, self.classes = load_model(ckpt_path, map_location=self.device)
        self.model.to(self.device)
        self.model.eval()
        self.tf = transforms.Compose([
            transforms.Resize((img_size, img_size)),
            transforms.ToTensor(),
            transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
        ])

    def preprocess(self, paths: Sequence[str]) -> torch.Tensor:
        imgs = [self.tf(Image.open(p).convert("RGB")) for p in paths]
        return torch.stack(imgs).to(self.device)

    def infer(self, batch: torch.Tensor, topk: int = 3):
        logits = self.model(batch)  # EXPECT: TL004  # <- TL004
        probs = F.softmax(logits, dim=1)
        scores, idx = probs.topk(topk, dim=1)
        return scores.tolist(), idx.tolist()

    def predict_paths(self, paths: Sequence[str], batch_size: int = 16, topk: int = 3) -> List[dict]:
        results = []
        for start in range(0, len(paths), batch_size):
            chunk = paths[start: start + batch_size]
            scores, idx = self.infer(self.preprocess(chunk), topk=topk)
            for path, s_row, i_row in zip(chunk, scores, idx):
                results.append({
                    "path": path,
                    "labels": [self.classes[i] for i in i_row],
                    "scores": [round(s, 5) for s in s_row],
                })
        return results
