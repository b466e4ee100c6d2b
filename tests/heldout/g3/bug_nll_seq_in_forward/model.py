import torch
import torch.nn as nn


class NameClassifier(nn.Module):
    """Character-level GRU that predicts the language of origin of a surname."""

    def __init__(self, n_letters, n_categories, emb_dim=64, hidden_size=256, num_layers=2, dropout=0.3):
        super().__init__()
        self.embedding = nn.Embedding(n_letters + 1, emb_dim, padding_idx=0)
        self.rnn = nn.GRU(
            emb_dim, hidden_size, num_layers=num_layers, batch_first=True,
            dropout=dropout, bidirectional=True,
        )
        self.dropout = nn.Dropout(dropout)
        self.fc = nn.Linear(2 * hidden_size, n_categories)

    def forward(self, chars, lengths):
        emb = self.embedding(chars)
        packed = nn.utils.rnn.pack_padded_sequence(
            emb, lengths.cpu(), batch_first=True, enforce_sorted=False
        )
        _, hidden = self.rnn(packed)
        last = torch.cat([hidden[-2], hidden[-1]], dim=1)
        head = nn.Sequential(self.dropout, self.fc, nn.Softmax(dim=1))  # EXPECT: TL008
        return head(last)

    @torch.no_grad()
    def predict(self, chars, lengths, topk=3):
        self.eval()
        out = self.forward(chars, lengths)
        return out.topk(topk, dim=1)


def init_gru(gru):
    for name, param in gru.named_parameters():
        if "weight_ih" in name:
            nn.init.xavier_uniform_(param)
        elif "weight_hh" in name:
            nn.init.orthogonal_(param)
        elif "bias" in name:
            nn.init.zeros_(param)
