import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


class CharCNN(nn.Module):
    def __init__(self, n_chars, dim=30, filters=50, k=3):
        super().__init__()
        self.emb = nn.Embedding(n_chars, dim, padding_idx=0)
        self.conv = nn.Conv1d(dim, filters, k, padding=1)

    def forward(self, chars):
        b, t, l = chars.shape
        x = self.emb(chars.view(b * t, l)).transpose(1, 2)
        return self.conv(x).max(dim=2).values.view(b, t, -1)


class BiLSTMTagger(nn.Module):
    def __init__(self, n_words, n_chars, n_tags, word_dim=100, hidden=200, dropout=0.5):
        super().__init__()
        self.word_emb = nn.Embedding(n_words, word_dim, padding_idx=0)
        self.char_cnn = CharCNN(n_chars)
        self.dropout = nn.Dropout(dropout)
        self.lstm = nn.LSTM(word_dim + 50, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, n_tags)

    def forward(self, words, chars, lengths):
        x = torch.cat([self.word_emb(words), self.char_cnn(chars)], dim=-1)
        x = self.dropout(x)
        packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = pad_packed_sequence(h, batch_first=True, total_length=words.size(1))
        return self.out(self.dropout(h))
