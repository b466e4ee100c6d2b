import torch
import torch.nn as nn


class CharCNN(nn.Module):
    def __init__(self, n_chars, char_dim=30, out_dim=50, kernel=3):
        super().__init__()
        self.emb = nn.Embedding(n_chars, char_dim, padding_idx=0)
        self.conv = nn.Conv1d(char_dim, out_dim, kernel, padding=kernel // 2)

    def forward(self, chars):
        # chars: (B, T, L)
        b, t, l = chars.shape
        x = self.emb(chars.view(b * t, l)).transpose(1, 2)
        x = torch.relu(self.conv(x)).max(dim=2).values
        return x.view(b, t, -1)


class BiLSTMTagger(nn.Module):
    def __init__(self, n_words, n_chars, n_tags, word_dim=100, hidden=200, dropout=0.33):
        super().__init__()
        self.word_emb = nn.Embedding(n_words, word_dim, padding_idx=0)
        self.char_cnn = CharCNN(n_chars)
        self.lstm = nn.LSTM(word_dim + 50, hidden, num_layers=2, batch_first=True, bidirectional=True, dropout=dropout)
        self.dropout = nn.Dropout(dropout)
        self.proj = nn.Linear(2 * hidden, n_tags)

    def forward(self, words, chars):
        x = torch.cat([self.word_emb(words), self.char_cnn(chars)], dim=-1)
        h, _ = self.lstm(self.dropout(x))
        return self.proj(self.dropout(h))
