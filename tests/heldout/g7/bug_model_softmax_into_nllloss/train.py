import argparse
import pickle

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from models import build_model


def load_split(path):
    with open(path, "rb") as f:
        blob = pickle.load(f)
    return TensorDataset(torch.tensor(blob["ids"], dtype=torch.long), torch.tensor(blob["labels"], dtype=torch.long))


def evaluate(model, loader, device):
    model.eval()
    correct = n = 0
    with torch.no_grad():
        for tokens, labels in loader:
            out = model(tokens.to(device))
            correct += (out.argmax(1).cpu() == labels).sum().item()
            n += len(labels)
    return correct / n


def main():
    parser = argparse.ArgumentParser(description="SST-5 TextCNN")
    parser.add_argument("--train", default="data/sst5_train.pkl")
    parser.add_argument("--dev", default="data/sst5_dev.pkl")
    parser.add_argument("--vocab-size", type=int, default=20000)
    parser.add_argument("--embeddings", default=None)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--lr", type=float, default=1.0)
    args = parser.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    train_loader = DataLoader(load_split(args.train), batch_size=args.batch_size, shuffle=True)
    dev_loader = DataLoader(load_split(args.dev), batch_size=256)

    emb = torch.load(args.embeddings) if args.embeddings else None
    model = build_model(args.vocab_size, n_classes=5, embeddings=emb).to(device)
    optimizer = torch.optim.Adadelta(model.parameters(), lr=args.lr)
    criterion = nn.NLLLoss()

    best = 0.0
    for epoch in range(args.epochs):
        model.train()
        for tokens, labels in train_loader:
            tokens, labels = tokens.to(device), labels.to(device)
            optimizer.zero_grad()
            loss = criterion(model(tokens), labels)  # <- TL008
            loss.backward()
            optimizer.step()
        acc = evaluate(model, dev_loader, device)
        print(f"epoch {epoch + 1}: loss={loss.item():.4f} dev_acc={acc:.4f}")
        if acc > best:
            best = acc
            torch.save(model.state_dict(), "textcnn_best.pt")


if __name__ == "__main__":
    main()
