import json
import logging
import os

import torch
from torch.utils.data import DataLoader, Dataset

from tagger import BiLSTMTagger, sequence_nll
from tagger.loss import token_accuracy

logging.basicConfig(level=logging.INFO, format="%(asctime)s | %(message)s")
log = logging.getLogger("pos")

HPARAMS = {
    "data_dir": "data/ud_en_ewt",
    "batch_size": 32,
    "epochs": 30,
    "lr": 0.015,
    "momentum": 0.9,
    "decay": 0.05,
    "clip": 5.0,
    "max_word_len": 20,
}


class TaggingDataset(Dataset):
    def __init__(self, path, word2id, char2id, tag2id, max_word_len):
        with open(path) as f:
            self.sents = [json.loads(line) for line in f]
        self.word2id, self.char2id, self.tag2id = word2id, char2id, tag2id
        self.max_word_len = max_word_len

    def __len__(self):
        return len(self.sents)

    def __getitem__(self, i):
        words, tags = self.sents[i]["tokens"], self.sents[i]["upos"]
        w = [self.word2id.get(x.lower(), 1) for x in words]
        c = [[self.char2id.get(ch, 1) for ch in x[: self.max_word_len]] for x in words]
        t = [self.tag2id[x] for x in tags]
        return w, c, t


def collate(batch, max_word_len):
    max_len = max(len(w) for w, _, _ in batch)
    words = torch.zeros(len(batch), max_len, dtype=torch.long)
    chars = torch.zeros(len(batch), max_len, max_word_len, dtype=torch.long)
    tags = torch.zeros(len(batch), max_len, dtype=torch.long)
    for i, (w, c, t) in enumerate(batch):
        words[i, : len(w)] = torch.tensor(w)
        tags[i, : len(t)] = torch.tensor(t)
        for j, cc in enumerate(c):
            chars[i, j, : len(cc)] = torch.tensor(cc)
    return words, chars, tags


def main(hp):
    with open(os.path.join(hp["data_dir"], "vocab.json")) as f:
        vocab = json.load(f)
    word2id, char2id, tag2id = vocab["words"], vocab["chars"], vocab["tags"]
    mk = lambda split: TaggingDataset(
        os.path.join(hp["data_dir"], f"{split}.jsonl"), word2id, char2id, tag2id, hp["max_word_len"]
    )
    coll = lambda b: collate(b, hp["max_word_len"])
    train_dl = DataLoader(mk("train"), hp["batch_size"], shuffle=True, collate_fn=coll)
    dev_dl = DataLoader(mk("dev"), hp["batch_size"], collate_fn=coll)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = BiLSTMTagger(len(word2id), len(char2id), len(tag2id)).to(device)
    optim = torch.optim.SGD(model.parameters(), lr=hp["lr"], momentum=hp["momentum"])
    sched = torch.optim.lr_scheduler.LambdaLR(optim, lambda e: 1.0 / (1.0 + hp["decay"] * e))

    for epoch in range(hp["epochs"]):
        model.train()
        total = 0.0
        for words, chars, tags in train_dl:
            words, chars, tags = words.to(device), chars.to(device), tags.to(device)
            scores = model(words, chars)
            loss = sequence_nll(scores, tags)  # <- TL008
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), hp["clip"])
            optim.step()
            total += loss.item()
        sched.step()

        model.eval()
        accs = []
        with torch.no_grad():
            for words, chars, tags in dev_dl:
                scores = model(words.to(device), chars.to(device))
                accs.append(token_accuracy(scores, tags.to(device)).item())
        log.info("epoch %d loss %.4f dev acc %.4f", epoch, total / len(train_dl), sum(accs) / len(accs))


if __name__ == "__main__":
    main(HPARAMS)
