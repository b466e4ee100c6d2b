"""Two-layer GCN on Cora (Kipf & Welling) with plain PyTorch sparse ops."""
import argparse
import copy
import time

import numpy as np
import scipy.sparse as sp
import torch
import torch.nn as nn
import torch.nn.functional as F


def load_cora(path="data/cora"):
    idx_features_labels = np.genfromtxt(f"{path}/cora.content", dtype=np.dtype(str))
    features = sp.csr_matrix(idx_features_labels[:, 1:-1], dtype=np.float32)
    classes = {c: i for i, c in enumerate(sorted(set(idx_features_labels[:, -1])))}
    labels = np.array([classes[c] for c in idx_features_labels[:, -1]])
    idx = np.array(idx_features_labels[:, 0], dtype=np.int32)
    idx_map = {j: i for i, j in enumerate(idx)}
    edges_unordered = np.genfromtxt(f"{path}/cora.cites", dtype=np.int32)
    edges = np.array([idx_map[e] for e in edges_unordered.flatten()]).reshape(edges_unordered.shape)
    adj = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])),
                        shape=(len(labels), len(labels)), dtype=np.float32)
    adj = adj + adj.T.multiply(adj.T > adj) - adj.multiply(adj.T > adj) + sp.eye(len(labels))
    deg = np.array(adj.sum(1)).flatten()
    d_inv_sqrt = sp.diags(np.power(deg, -0.5))
    adj = (d_inv_sqrt @ adj @ d_inv_sqrt).tocoo()
    features = features.multiply(1.0 / np.maximum(features.sum(1), 1)).tocsr()
    adj_t = torch.sparse_coo_tensor(np.vstack([adj.row, adj.col]), adj.data, adj.shape).float()
    return torch.FloatTensor(features.todense()), adj_t, torch.LongTensor(labels)


class GraphConv(nn.Module):
    def __init__(self, fin, fout):
        super().__init__()
        self.lin = nn.Linear(fin, fout)

    def forward(self, x, adj):
        return torch.sparse.mm(adj, self.lin(x))


class GCN(nn.Module):
    def __init__(self, nfeat, nhid, nclass, dropout=0.5):
        super().__init__()
        self.gc1, self.gc2 = GraphConv(nfeat, nhid), GraphConv(nhid, nclass)
        self.dropout = dropout

    def forward(self, x, adj):
        x = F.dropout(F.relu(self.gc1(x, adj)), self.dropout, self.training)
        return self.gc2(x, adj)


def accuracy(logits, y):
    return (logits.argmax(1) == y).float().mean().item()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=400)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--weight_decay", type=float, default=5e-4)
    ap.add_argument("--hidden", type=int, default=16)
    ap.add_argument("--patience", type=int, default=30)
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    features, adj, labels = load_cora()
    features, adj, labels = features.to(device), adj.to(device), labels.to(device)
    idx_train, idx_val, idx_test = torch.arange(140), torch.arange(200, 500), torch.arange(500, 1500)

    model = GCN(features.shape[1], args.hidden, int(labels.max()) + 1).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)

    best_val, best_state, wait, restarts = 0.0, copy.deepcopy(model.state_dict()), 0, 0
    t0 = time.time()
    for epoch in range(args.epochs):
        model.train()
        optimizer.zero_grad()
        out = model(features, adj)
        loss = F.cross_entropy(out[idx_train], labels[idx_train])
        loss.backward()
        optimizer.step()

        model.eval()
        with torch.no_grad():
            out = model(features, adj)
        val_acc = accuracy(out[idx_val], labels[idx_val])
        if val_acc > best_val:
            best_val, wait = val_acc, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            wait += 1
        if wait >= args.patience:
            restarts += 1
            if restarts > 3:
                break
            # go back to the best weights and continue with a lower lr
            model.load_state_dict(best_state)
            for g in optimizer.param_groups:
                g["lr"] *= 0.5
            wait = 0
        if epoch % 20 == 0:
            print(f"epoch {epoch:4d} loss {loss.item():.4f} val {val_acc:.4f} best {best_val:.4f}")

    model.load_state_dict(best_state)
    model.eval()
    with torch.no_grad():
        test_acc = accuracy(model(features, adj)[idx_test], labels[idx_test])
    print(f"done in {time.time() - t0:.1f}s, test acc {test_acc:.4f}")


if __name__ == "__main__":
    main()
