"""Hinton-style distillation of a fine-tuned BERT teacher into a BiLSTM student (SST-2)."""
import yaml
import torch
import torch.nn as nn
import torch.nn.functional as F
from datasets import load_dataset
from torch.utils.data import DataLoader
from transformers import AutoModelForSequenceClassification, AutoTokenizer
from tqdm import tqdm


class BiLSTMStudent(nn.Module):
    def __init__(self, vocab_size, num_labels=2, emb=300, hidden=300, pad_id=0):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, emb, padding_idx=pad_id)
        self.lstm = nn.LSTM(emb, hidden, batch_first=True, bidirectional=True)
        self.fc = nn.Sequential(nn.Linear(4 * hidden, 400), nn.ReLU(), nn.Linear(400, num_labels))

    def forward(self, input_ids, attention_mask):
        h, _ = self.lstm(self.emb(input_ids))
        mask = attention_mask.unsqueeze(-1).float()
        mean = (h * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        mx = h.masked_fill(mask == 0, -1e4).max(1).values
        return self.fc(torch.cat([mean, mx], dim=-1))


def distillation_loss(student_logits, teacher_logits, labels, T, alpha):
    soft_teacher = F.softmax(teacher_logits / T, dim=1)
    log_soft_student = F.log_softmax(student_logits / T, dim=-1)
    kd = F.kl_div(log_soft_student, soft_teacher, reduction="batchmean") * T ** 2
    ce = F.cross_entropy(student_logits, labels)
    return alpha * kd + (1 - alpha) * ce, kd.detach(), ce.detach()


def evaluate(student, loader, device):
    student.eval()
    correct = total = 0
    with torch.no_grad():
        for batch in loader:
            batch = {k: v.to(device) for k, v in batch.items()}
            logits = student(batch["input_ids"], batch["attention_mask"])
            correct += (logits.argmax(1) == batch["labels"]).sum().item()
            total += batch["labels"].numel()
    return correct / total


def main(cfg_path="configs/kd_sst2.yaml"):
    with open(cfg_path) as f:
        cfg = yaml.safe_load(f)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    tok = AutoTokenizer.from_pretrained(cfg["teacher"])
    teacher = AutoModelForSequenceClassification.from_pretrained(cfg["teacher"]).to(device).eval()
    student = BiLSTMStudent(tok.vocab_size, pad_id=tok.pad_token_id).to(device)

    ds = load_dataset("glue", "sst2")
    ds = ds.map(lambda b: tok(b["sentence"], truncation=True, max_length=cfg["max_len"]), batched=True)
    ds = ds.rename_column("label", "labels")
    ds.set_format("torch", columns=["input_ids", "attention_mask", "labels"])
    pad = lambda b: tok.pad(b, return_tensors="pt")
    train_dl = DataLoader(ds["train"], batch_size=cfg["batch_size"], shuffle=True, collate_fn=pad)
    dev_dl = DataLoader(ds["validation"], batch_size=256, collate_fn=pad)

    optimizer = torch.optim.Adadelta(student.parameters(), lr=cfg["lr"])
    T, alpha = cfg["temperature"], cfg["alpha"]
    for epoch in range(cfg["epochs"]):
        student.train()
        pbar = tqdm(train_dl, desc=f"epoch {epoch}")
        for batch in pbar:
            batch = {k: v.to(device) for k, v in batch.items()}
            with torch.no_grad():
                t_logits = teacher(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
            s_logits = student(batch["input_ids"], batch["attention_mask"])
            loss, kd, ce = distillation_loss(s_logits, t_logits, batch["labels"], T, alpha)
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(student.parameters(), 1.0)
            optimizer.step()
            pbar.set_postfix(loss=f"{loss.item():.3f}", kd=f"{kd.item():.3f}", ce=f"{ce.item():.3f}")
        print(f"epoch {epoch}: dev acc {evaluate(student, dev_dl, device):.4f}")
    torch.save(student.state_dict(), cfg.get("out", "student_bilstm.pt"))


if __name__ == "__main__":
    main()
