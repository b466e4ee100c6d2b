import torch
import torch.nn as nn
import torch.nn.functional as F


class TextCNN(nn.Module):
    def __init__(self, vocab_size, emb_dim, num_classes, kernel_sizes=(3, 4, 5),
                 num_filters=128, dropout=0.5, pad_idx=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, emb_dim, padding_idx=pad_idx)
        self.convs = nn.ModuleList(
            [nn.Conv1d(emb_dim, num_filters, k) for k in kernel_sizes]
        )
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(num_filters * len(kernel_sizes), num_classes)

    def forward(self, tokens):
        x = self.embedding(tokens).transpose(1, 2)           # B x E x T
        pooled = [F.relu(conv(x)).amax(dim=2) for conv in self.convs]
        return self.fc(self.dropout(torch.cat(pooled, dim=1)))


class BiLSTMClassifier(nn.Module):
    def __init__(self, vocab_size, emb_dim, num_classes, hidden=256, layers=2,
                 dropout=0.3, pad_idx=0):
        super().__init__()
        self.pad_idx = pad_idx
        self.embedding = nn.Embedding(vocab_size, emb_dim, padding_idx=pad_idx)
        self.rnn = nn.LSTM(emb_dim, hidden, num_layers=layers, batch_first=True,
                           bidirectional=True, dropout=dropout if layers > 1 else 0.0)
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(hidden * 2, num_classes)

    def forward(self, tokens):
        mask = (tokens != self.pad_idx).unsqueeze(-1).float()
        out, _ = self.rnn(self.embedding(tokens))
        pooled = (out * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.fc(self.dropout(pooled))


def build_model(cfg):
    arch = cfg["arch"].lower()
    common = dict(vocab_size=cfg["vocab_size"], emb_dim=cfg["emb_dim"],
                  num_classes=cfg["num_classes"], dropout=cfg["dropout"])
    if arch == "textcnn":
        return TextCNN(**common, num_filters=cfg.get("num_filters", 128))
    if arch == "bilstm":
        return BiLSTMClassifier(**common, hidden=cfg.get("hidden", 256),
                                layers=cfg.get("layers", 2))
    raise ValueError(f"unknown arch: {cfg['arch']}")
