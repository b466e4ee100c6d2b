import torch.nn as nn
import torch.nn.functional as F

from layers import GraphConvolution


class GCN(nn.Module):
    def __init__(self, nfeat, nhid, nclass, dropout):
        super().__init__()
        self.gc1 = GraphConvolution(nfeat, nhid)
        self.gc2 = GraphConvolution(nhid, nclass)
        self.dropout = dropout

    def forward(self, x, adj):
        x = F.relu(self.gc1(x, adj))
        x = F.dropout(x, self.dropout, training=self.training)
        x = self.gc2(x, adj)
        return F.log_softmax(x, dim=1)


class MLPBaseline(nn.Module):
    """Graph-agnostic baseline: same depth as GCN but ignores the adjacency."""

    def __init__(self, nfeat, nhid, nclass, dropout):
        super().__init__()
        self.fc1 = nn.Linear(nfeat, nhid)
        self.fc2 = nn.Linear(nhid, nclass)
        self.dropout = dropout

    def forward(self, x, adj=None):
        x = F.relu(self.fc1(x))
        x = F.dropout(x, self.dropout, training=self.training)
        return F.log_softmax(self.fc2(x), dim=1)


def build_model(name, **kwargs):
    models = {"gcn": GCN, "mlp": MLPBaseline}
    if name not in models:
        raise ValueError(f"unknown model {name!r}")
    return models[name](**kwargs)
