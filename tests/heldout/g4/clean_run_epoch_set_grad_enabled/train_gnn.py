"""Graph classification on TU datasets (PROTEINS) with a GIN, shared train/eval epoch function."""
import argparse
import copy

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch_geometric.datasets import TUDataset
from torch_geometric.loader import DataLoader
from torch_geometric.nn import GINConv, global_add_pool


class GIN(nn.Module):
    def __init__(self, in_dim, hidden, n_classes, n_layers=5, dropout=0.5):
        super().__init__()
        self.convs = nn.ModuleList()
        for i in range(n_layers):
            mlp = nn.Sequential(
                nn.Linear(in_dim if i == 0 else hidden, hidden),
                nn.BatchNorm1d(hidden),
                nn.ReLU(),
                nn.Linear(hidden, hidden),
                nn.ReLU(),
            )
            self.convs.append(GINConv(mlp, train_eps=True))
        self.lin1 = nn.Linear(hidden * n_layers, hidden)
        self.lin2 = nn.Linear(hidden, n_classes)
        self.dropout = dropout

    def forward(self, x, edge_index, batch):
        hs = []
        for conv in self.convs:
            x = conv(x, edge_index)
            hs.append(global_add_pool(x, batch))
        h = F.relu(self.lin1(torch.cat(hs, dim=1)))
        h = F.dropout(h, p=self.dropout, training=self.training)
        return self.lin2(h)


def run_epoch(model, loader, device, optimizer=None):
    is_train = optimizer is not None
    model.train(is_train)
    total_loss, correct, count = 0.0, 0, 0
    with torch.set_grad_enabled(is_train):
        for data in loader:
            data = data.to(device)
            out = model(data.x, data.edge_index, data.batch)
            loss = F.cross_entropy(out, data.y)
            if is_train:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            total_loss += loss.item() * data.num_graphs
            correct += (out.argmax(-1) == data.y).sum().item()
            count += data.num_graphs
    return total_loss / count, correct / count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", default="PROTEINS")
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    dataset = TUDataset("data/TU", name=args.dataset).shuffle()
    n = len(dataset)
    test_ds, val_ds, train_ds = dataset[: n // 10], dataset[n // 10: n // 5], dataset[n // 5:]
    train_loader = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True)
    val_loader = DataLoader(val_ds, batch_size=args.batch_size)
    test_loader = DataLoader(test_ds, batch_size=args.batch_size)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = GIN(dataset.num_features, args.hidden, dataset.num_classes).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=50, gamma=0.5)

    best_val, best_state = 0.0, None
    for epoch in range(1, args.epochs + 1):
        tr_loss, tr_acc = run_epoch(model, train_loader, device, optimizer)
        va_loss, va_acc = run_epoch(model, val_loader, device)
        scheduler.step()
        if va_acc > best_val:
            best_val, best_state = va_acc, copy.deepcopy(model.state_dict())
        if epoch % 10 == 0:
            print(f"{epoch:03d} train {tr_loss:.3f}/{tr_acc:.3f} val {va_loss:.3f}/{va_acc:.3f}")

    model.load_state_dict(best_state)
    te_loss, te_acc = run_epoch(model, test_loader, device)
    print(f"best val acc {best_val:.4f}, test acc {te_acc:.4f}")


if __name__ == "__main__":
    main()
