import time

import torch


def accuracy(output, labels):
    preds = output.max(1)[1].type_as(labels)
    correct = preds.eq(labels).double()
    return correct.sum() / len(labels)


class NodeTrainer:
    def __init__(self, model, optimizer, criterion, data, patience=100):
        self.model = model
        self.optimizer = optimizer
        self.criterion = criterion
        self.features, self.adj, self.labels = data["features"], data["adj"], data["labels"]
        self.idx_train, self.idx_val, self.idx_test = data["idx_train"], data["idx_val"], data["idx_test"]
        self.patience = patience

    def step(self, epoch):
        t = time.time()
        self.model.train()
        self.optimizer.zero_grad()
        output = self.model(self.features, self.adj)
        loss_train = self.criterion(output[self.idx_train], self.labels[self.idx_train])
        acc_train = accuracy(output[self.idx_train], self.labels[self.idx_train])
        loss_train.backward()
        self.optimizer.step()

        self.model.eval()
        with torch.no_grad():
            output = self.model(self.features, self.adj)
        loss_val = self.criterion(output[self.idx_val], self.labels[self.idx_val])
        acc_val = accuracy(output[self.idx_val], self.labels[self.idx_val])
        print(f"Epoch: {epoch + 1:04d} loss_train: {loss_train.item():.4f} acc_train: {acc_train.item():.4f} "
              f"loss_val: {loss_val.item():.4f} acc_val: {acc_val.item():.4f} time: {time.time() - t:.4f}s")
        return loss_val.item()

    def fit(self, epochs):
        best, bad = float("inf"), 0
        for epoch in range(epochs):
            val_loss = self.step(epoch)
            if val_loss < best:
                best, bad = val_loss, 0
                torch.save(self.model.state_dict(), "gcn_best.pkl")
            else:
                bad += 1
                if bad == self.patience:
                    break
        self.model.load_state_dict(torch.load("gcn_best.pkl"))

    @torch.no_grad()
    def test(self):
        self.model.eval()
        output = self.model(self.features, self.adj)
        loss_test = self.criterion(output[self.idx_test], self.labels[self.idx_test])
        acc_test = accuracy(output[self.idx_test], self.labels[self.idx_test])
        print(f"Test set results: loss= {loss_test.item():.4f} accuracy= {acc_test.item():.4f}")
