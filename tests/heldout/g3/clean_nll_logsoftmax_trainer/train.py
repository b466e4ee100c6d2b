import argparse

import numpy as np
import scipy.sparse as sp
import torch
import torch.nn as nn
import torch.optim as optim

from models import GCN
from trainer import NodeTrainer


def normalize(mx):
    rowsum = np.array(mx.sum(1))
    r_inv = np.power(rowsum, -1).flatten()
    r_inv[np.isinf(r_inv)] = 0.0
    return sp.diags(r_inv).dot(mx)


def sparse_to_torch(mx):
    mx = mx.tocoo().astype(np.float32)
    idx = torch.from_numpy(np.vstack((mx.row, mx.col)).astype(np.int64))
    return torch.sparse_coo_tensor(idx, torch.from_numpy(mx.data), torch.Size(mx.shape))


def load_cora(path="data/cora/"):
    idx_features_labels = np.genfromtxt(f"{path}cora.content", dtype=np.dtype(str))
    features = sp.csr_matrix(idx_features_labels[:, 1:-1], dtype=np.float32)
    classes = sorted(set(idx_features_labels[:, -1]))
    labels = np.array([classes.index(c) for c in idx_features_labels[:, -1]])
    idx = np.array(idx_features_labels[:, 0], dtype=np.int32)
    idx_map = {j: i for i, j in enumerate(idx)}
    edges_unordered = np.genfromtxt(f"{path}cora.cites", dtype=np.int32)
    edges = np.array(list(map(idx_map.get, edges_unordered.flatten())), dtype=np.int32).reshape(edges_unordered.shape)
    adj = sp.coo_matrix((np.ones(edges.shape[0]), (edges[:, 0], edges[:, 1])),
                        shape=(labels.shape[0], labels.shape[0]), dtype=np.float32)
    adj = adj + adj.T.multiply(adj.T > adj) - adj.multiply(adj.T > adj)
    return {
        "features": torch.FloatTensor(np.array(normalize(features).todense())),
        "adj": sparse_to_torch(normalize(adj + sp.eye(adj.shape[0]))),
        "labels": torch.LongTensor(labels),
        "idx_train": torch.arange(140),
        "idx_val": torch.arange(200, 500),
        "idx_test": torch.arange(500, 1500),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--weight_decay", type=float, default=5e-4)
    parser.add_argument("--hidden", type=int, default=16)
    parser.add_argument("--dropout", type=float, default=0.5)
    args = parser.parse_args()

    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    data = load_cora()
    model = GCN(nfeat=data["features"].shape[1], nhid=args.hidden,
                nclass=int(data["labels"].max()) + 1, dropout=args.dropout)
    optimizer = optim.Adam(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    criterion = nn.NLLLoss()

    trainer = NodeTrainer(model, optimizer, criterion, data)
    trainer.fit(args.epochs)
    trainer.test()
