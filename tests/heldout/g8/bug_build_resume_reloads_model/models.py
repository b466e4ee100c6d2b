import torch
import torch.nn as nn
import torch.nn.functional as F


class TextCNN(nn.Module):
    """Kim (2014) style convolutional sentence classifier."""

    def __init__(self, vocab_size, embed_dim=128, num_filters=100,
                 kernel_sizes=(3, 4, 5), num_classes=2, dropout=0.5, pad_idx=0):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=pad_idx)
        self.convs = nn.ModuleList(
            [nn.Conv1d(embed_dim, num_filters, k) for k in kernel_sizes]
        )
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(num_filters * len(kernel_sizes), num_classes)

    def forward(self, tokens):
        # tokens: (B, T)
        x = self.embedding(tokens).transpose(1, 2)  # (B, E, T)
        pooled = []
        for conv in self.convs:
            h = F.relu(conv(x))
            pooled.append(F.max_pool1d(h, h.size(2)).squeeze(2))
        x = torch.cat(pooled, dim=1)
        return self.fc(self.dropout(x))


def count_parameters(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
