import torch
import torch.nn as nn

from layers import AdditiveAttentionPool, HighwayLayer


class AttnBiLSTMClassifier(nn.Module):
    def __init__(self, vocab_size, num_classes, embed_dim=300, hidden_dim=256,
                 num_layers=2, dropout=0.3, pad_idx=0):
        super().__init__()
        self.pad_idx = pad_idx
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=pad_idx)
        self.highway = HighwayLayer(embed_dim)
        self.encoder = nn.LSTM(embed_dim, hidden_dim, num_layers=num_layers, batch_first=True,
                               bidirectional=True, dropout=dropout)
        self.pool = AdditiveAttentionPool(2 * hidden_dim)
        self.dropout = nn.Dropout(dropout)
        self.out = nn.Linear(2 * hidden_dim, num_classes)

    def forward(self, tokens, return_attention=False):
        mask = tokens.ne(self.pad_idx)
        x = self.highway(self.embedding(tokens))
        h, _ = self.encoder(self.dropout(x))
        pooled, attn = self.pool(h, mask)
        logits = self.out(self.dropout(pooled))
        if return_attention:
            return logits, attn
        return logits


def load_glove(model, path, vocab, freeze=False):
    """Copy GloVe vectors for in-vocabulary words into the embedding matrix."""
    weight = model.embedding.weight.data
    found = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, *vec = line.rstrip().split(" ")
            idx = vocab.get(word)
            if idx is not None and len(vec) == weight.size(1):
                weight[idx] = torch.tensor([float(v) for v in vec])
                found += 1
    model.embedding.weight.requires_grad = not freeze
    return found
