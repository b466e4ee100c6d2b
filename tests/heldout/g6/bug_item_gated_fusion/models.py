import torch
import torch.nn as nn
import torch.nn.functional as F


class Projector(nn.Module):
    def __init__(self, d_in, d_out, dropout=0.1):
        super().__init__()
        self.net = nn.Sequential(
            nn.LayerNorm(d_in),
            nn.Linear(d_in, d_out),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(d_out, d_out),
        )

    def forward(self, x):
        return self.net(x)


class LateFusionClassifier(nn.Module):
    """Classifies a post from its (frozen, precomputed) image and text embeddings.

    Both modalities are projected into a shared space and mixed with a learned scalar gate.
    """

    def __init__(self, d_img, d_txt, d_model=256, n_classes=3, dropout=0.1):
        super().__init__()
        self.img_proj = Projector(d_img, d_model, dropout)
        self.txt_proj = Projector(d_txt, d_model, dropout)
        self.mix_logit = nn.Parameter(torch.zeros(()))
        self.head = nn.Sequential(nn.Dropout(dropout), nn.Linear(d_model, n_classes))

    def _fuse(self, a, b):
        w = torch.sigmoid(self.mix_logit).item()  # EXPECT: TL010  # <- TL010
        return w * a + (1.0 - w) * b

    def forward(self, img_emb, txt_emb):
        a = F.normalize(self.img_proj(img_emb), dim=-1)
        b = F.normalize(self.txt_proj(txt_emb), dim=-1)
        fused = self._fuse(a, b)
        return self.head(fused)
