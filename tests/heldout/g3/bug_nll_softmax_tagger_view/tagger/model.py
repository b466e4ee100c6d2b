import torch
import torch.nn as nn


class CharCNN(nn.Module):
    def __init__(self, n_chars, char_dim=30, out_dim=50, kernel=3):
        super().__init__()
        self.emb = nn.Embedding(n_chars, char_dim, padding_idx=0)
        self.conv = nn.Conv1d(char_dim, out_dim, kernel, padding=1)

    def forward(self, chars):
        b, t, c = chars.shape
        x = self.emb(chars.view(b * t, c)).transpose(1, 2)
        x = torch.relu(self.conv(x)).max(dim=2).values
        return x.view(b, t, -1)


class BiLSTMTagger(nn.Module):
    def __init__(self, vocab_size, n_chars, tagset_size, word_dim=100, hidden_dim=200,
                 dropout=0.5, pad_idx=0):
        super().__init__()
        self.word_emb = nn.Embedding(vocab_size, word_dim, padding_idx=pad_idx)
        self.char_cnn = CharCNN(n_chars)
        self.dropout = nn.Dropout(dropout)
        self.lstm = nn.LSTM(word_dim + 50, hidden_dim // 2, num_layers=1,
                            bidirectional=True, batch_first=True)
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)

    def load_embeddings(self, vectors, word2id):
        hits = 0
        for word, idx in word2id.items():
            if word in vectors:
                self.word_emb.weight.data[idx] = torch.as_tensor(vectors[word])
                hits += 1
        return hits

    def forward(self, words, chars):
        x = torch.cat([self.word_emb(words), self.char_cnn(chars)], dim=-1)
        out, _ = self.lstm(self.dropout(x))
        tag_space = self.hidden2tag(self.dropout(out))
        return tag_space.softmax(dim=-1)  # EXPECT: TL008
