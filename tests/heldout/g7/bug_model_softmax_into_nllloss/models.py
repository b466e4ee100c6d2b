import torch
import torch.nn as nn
import torch.nn.functional as F


class TextCNN(nn.Module):
    """Kim (2014) style sentence classifier."""

    def __init__(self, vocab_size, embed_dim=300, n_filters=100, kernel_sizes=(3, 4, 5), n_classes=5, dropout=0.5,
                 pretrained=None):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        if pretrained is not None:
            self.embedding.weight.data.copy_(pretrained)
        self.convs = nn.ModuleList([nn.Conv1d(embed_dim, n_filters, k) for k in kernel_sizes])
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(n_filters * len(kernel_sizes), n_classes)

    def forward(self, tokens):
        x = self.embedding(tokens).transpose(1, 2)
        pooled = [F.relu(conv(x)).max(dim=2).values for conv in self.convs]
        x = self.dropout(torch.cat(pooled, dim=1))
        x = self.fc(x)
        return F.softmax(x, dim=1)  # EXPECT: TL008


def build_model(vocab_size, n_classes, embeddings=None):
    model = TextCNN(vocab_size, n_classes=n_classes, pretrained=embeddings)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"TextCNN with {n_params / 1e6:.2f}M parameters")
    return model
