import torch
import torch.nn as nn
import torch.nn.functional as F


class TextCNN(nn.Module):
    """Kim (2014) CNN for sentence classification."""

    def __init__(self, vocab_size, embed_dim, num_classes, kernel_sizes=(3, 4, 5),
                 num_filters=100, dropout=0.5, pad_idx=0, pretrained=None):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=pad_idx)
        if pretrained is not None:
            self.embedding.weight.data.copy_(pretrained)
        self.convs = nn.ModuleList(
            [nn.Conv1d(embed_dim, num_filters, k) for k in kernel_sizes]
        )
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(num_filters * len(kernel_sizes), num_classes)

    def forward(self, tokens):
        x = self.embedding(tokens).transpose(1, 2)
        pooled = [F.relu(conv(x)).max(dim=2).values for conv in self.convs]
        h = self.dropout(torch.cat(pooled, dim=1))
        return self.fc(h)


def init_weights(module):
    if isinstance(module, (nn.Linear, nn.Conv1d)):
        nn.init.xavier_uniform_(module.weight)
        if module.bias is not None:
            nn.init.zeros_(module.bias)


def load_pretrained_vectors(path, vocab, dim):
    """Build an embedding matrix from a word2vec/GloVe text file; OOV rows are U(-0.25, 0.25)."""
    matrix = torch.empty(len(vocab), dim).uniform_(-0.25, 0.25)
    matrix[0].zero_()
    with open(path, encoding="utf-8", errors="ignore") as f:
        for line in f:
            parts = line.rstrip().split(" ")
            if len(parts) != dim + 1:
                continue
            idx = vocab.get(parts[0])
            if idx is not None:
                matrix[idx] = torch.tensor([float(x) for x in parts[1:]])
    return matrix
