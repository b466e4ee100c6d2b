import torch
import torch.nn as nn


class TabNetLite(nn.Module):
    """Embeddings for categoricals + numeric features -> MLP -> logit."""

    def __init__(self, n_num, cards, emb_dim=4, hidden=(64, 32), dropout=0.2):
        super().__init__()
        self.embs = nn.ModuleList([nn.Embedding(c, min(emb_dim, (c + 1) // 2)) for c in cards])
        d = n_num + sum(e.embedding_dim for e in self.embs)
        layers = []
        for h in hidden:
            layers += [nn.Linear(d, h), nn.ReLU(), nn.Dropout(dropout)]
            d = h
        layers.append(nn.Linear(d, 1))
        self.mlp = nn.Sequential(*layers)

    def forward(self, x_num, x_cat):
        embs = [emb(x_cat[:, i]) for i, emb in enumerate(self.embs)]
        x = torch.cat([x_num] + embs, dim=1)
        return self.mlp(x).squeeze(1)


def build_model(n_num, cards, cfg):
    return TabNetLite(n_num, cards, emb_dim=cfg.get("emb_dim", 4),
                      hidden=tuple(cfg.get("hidden", (64, 32))),
                      dropout=cfg.get("dropout", 0.2))


def count_params(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def load_checkpoint(model, path, device="cpu"):
    state = torch.load(path, map_location=device)
    model.load_state_dict(state)
    return model.to(device).eval()


def predict_proba(model, x_num, x_cat):
    with torch.no_grad():
        return torch.sigmoid(model(x_num, x_cat))
