import torch
from datasets import load_dataset
from torch.nn.utils.rnn import pad_sequence
from torch.utils.data import DataLoader
from transformers import AutoTokenizer

from models import TransformerClassifier
from runner import Runner, RunnerConfig

MAX_LEN = 256


def make_collate(pad_id):
    def collate(examples):
        ids = [torch.tensor(e["input_ids"][:MAX_LEN]) for e in examples]
        return {
            "input_ids": pad_sequence(ids, batch_first=True, padding_value=pad_id),
            "label": torch.tensor([e["label"] for e in examples]),
        }
    return collate


def main():
    cfg = RunnerConfig(epochs=5, lr=3e-4)
    tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")
    ds = load_dataset("ag_news")
    ds = ds.map(lambda b: tokenizer(b["text"], truncation=True, max_length=MAX_LEN),
                batched=True, remove_columns=["text"])

    collate = make_collate(tokenizer.pad_token_id)
    train_loader = DataLoader(ds["train"], batch_size=64, shuffle=True, collate_fn=collate)
    test_loader = DataLoader(ds["test"], batch_size=128, collate_fn=collate)

    backbone = TransformerClassifier(
        vocab_size=tokenizer.vocab_size,
        num_classes=4,
        dropout=0.15,
        pad_idx=tokenizer.pad_token_id,
    )
    runner = Runner(backbone, cfg)

    for epoch in range(cfg.epochs):
        runner.train(train_loader)
        metrics = runner.run_eval(test_loader)
        print(f"epoch {epoch}: acc={metrics['acc']:.4f} macro_f1={metrics['macro_f1']:.4f}")

    torch.save(backbone.state_dict(), "ag_news_transformer.pt")


if __name__ == "__main__":
    main()
