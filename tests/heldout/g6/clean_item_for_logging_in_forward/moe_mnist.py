"""Top-2 mixture-of-experts MLP on MNIST, with a switch-style load-balancing loss."""
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms


class Expert(nn.Module):
    def __init__(self, d, hidden):
        super().__init__()
        self.fc1 = nn.Linear(d, hidden)
        self.fc2 = nn.Linear(hidden, d)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class MoELayer(nn.Module):
    def __init__(self, d, hidden, n_experts=8, k=2):
        super().__init__()
        self.n_experts = n_experts
        self.k = k
        self.gate = nn.Linear(d, n_experts, bias=False)
        self.experts = nn.ModuleList([Expert(d, hidden) for _ in range(n_experts)])
        self.aux_loss = torch.zeros(())
        self.last_max_load = 0.0
        self.last_gate_entropy = 0.0

    def _route(self, x):
        probs = self.gate(x).softmax(dim=-1)
        topv, topi = probs.topk(self.k, dim=-1)
        topv = topv / topv.sum(dim=-1, keepdim=True)

        importance = probs.mean(dim=0)
        load = F.one_hot(topi[:, 0], self.n_experts).float().mean(dim=0)
        self.aux_loss = self.n_experts * (importance * load).sum()
        # monitoring only
        self.last_max_load = load.max().item()
        self.last_gate_entropy = -(probs * probs.clamp_min(1e-9).log()).sum(-1).mean().item()
        return topv, topi

    def forward(self, x):
        weights, idx = self._route(x)
        out = torch.zeros_like(x)
        for e, expert in enumerate(self.experts):
            token_ids, slot = (idx == e).nonzero(as_tuple=True)
            if token_ids.numel() == 0:
                continue
            out.index_add_(0, token_ids, weights[token_ids, slot, None] * expert(x[token_ids]))
        return x + out


class MoENet(nn.Module):
    def __init__(self, d=256, hidden=512, n_layers=2, n_classes=10):
        super().__init__()
        self.inp = nn.Linear(28 * 28, d)
        self.layers = nn.ModuleList([MoELayer(d, hidden) for _ in range(n_layers)])
        self.norm = nn.LayerNorm(d)
        self.out = nn.Linear(d, n_classes)

    def forward(self, x):
        h = F.gelu(self.inp(x.flatten(1)))
        for layer in self.layers:
            h = layer(h)
        return self.out(self.norm(h))

    def aux_loss(self):
        return sum(layer.aux_loss for layer in self.layers)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--bs", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--aux-weight", type=float, default=0.01)
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    train_loader = DataLoader(datasets.MNIST("data", train=True, download=True, transform=tf),
                              batch_size=args.bs, shuffle=True, num_workers=2)
    test_loader = DataLoader(datasets.MNIST("data", train=False, transform=tf), batch_size=1000)

    model = MoENet().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    criterion = nn.CrossEntropyLoss()

    for epoch in range(args.epochs):
        model.train()
        for step, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
            logits = model(x)
            loss = criterion(logits, y) + args.aux_weight * model.aux_loss()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if step % 100 == 0:
                loads = [f"{layer.last_max_load:.2f}" for layer in model.layers]
                ents = [f"{layer.last_gate_entropy:.2f}" for layer in model.layers]
                print(f"ep {epoch} step {step} loss {loss.item():.4f} "
                      f"max-load {loads} gate-H {ents}")

        model.eval()
        correct = 0
        with torch.no_grad():
            for x, y in test_loader:
                x, y = x.to(device), y.to(device)
                correct += (model(x).argmax(1) == y).sum().item()
        print(f"epoch {epoch}: test acc {correct / len(test_loader.dataset):.4f}")


if __name__ == "__main__":
    main()
