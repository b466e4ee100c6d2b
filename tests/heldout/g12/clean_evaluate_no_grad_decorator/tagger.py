import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


class BiLSTMTagger(nn.Module):
    def __init__(self, vocab_size, num_tags, char_vocab_size=100, emb_dim=100, char_dim=25,
                 hidden=200, dropout=0.5, pad_idx=0):
        super().__init__()
        self.word_emb = nn.Embedding(vocab_size, emb_dim, padding_idx=pad_idx)
        self.char_emb = nn.Embedding(char_vocab_size, char_dim, padding_idx=0)
        self.char_cnn = nn.Conv1d(char_dim, char_dim, kernel_size=3, padding=1)
        self.lstm = nn.LSTM(emb_dim + char_dim, hidden // 2, num_layers=1,
                            bidirectional=True, batch_first=True)
        self.dropout = nn.Dropout(dropout)
        self.proj = nn.Linear(hidden, num_tags)
        self._init_weights()

    def _init_weights(self):
        for name, param in self.lstm.named_parameters():
            if "weight" in name:
                nn.init.orthogonal_(param)
            elif "bias" in name:
                nn.init.zeros_(param)
                # forget gate bias = 1
                n = param.size(0)
                param.data[n // 4: n // 2].fill_(1.0)
        nn.init.xavier_uniform_(self.proj.weight)
        nn.init.zeros_(self.proj.bias)

    def load_pretrained(self, vectors, freeze=False):
        """vectors: (vocab_size, emb_dim) tensor, e.g. GloVe rows aligned with word2id."""
        with torch.no_grad():
            self.word_emb.weight.copy_(vectors)
        self.word_emb.weight.requires_grad_(not freeze)

    def _char_features(self, chars):
        b, t, c = chars.shape
        x = self.char_emb(chars.view(b * t, c)).transpose(1, 2)
        x = torch.relu(self.char_cnn(x)).max(dim=-1).values
        return x.view(b, t, -1)

    def forward(self, words, chars, lengths):
        x = torch.cat([self.word_emb(words), self._char_features(chars)], dim=-1)
        x = self.dropout(x)
        packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=words.size(1))
        return self.proj(self.dropout(out))
