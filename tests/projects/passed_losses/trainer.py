import torch
import torch.nn.functional as F


class Trainer:
    """Given its model and loss by the script that builds them."""

    def __init__(self, model, criterion, optimizer, device="cpu"):
        self.model = model.to(device)
        self.criterion = criterion
        self.optimizer = optimizer

    def train_epoch(self, loader):
        self.model.train()
        for x, y in loader:
            self.optimizer.zero_grad()
            scores = self.model(x)
            loss = self.criterion(scores, y)
            loss.backward()
            self.optimizer.step()

    @torch.no_grad()
    def evaluate(self, loader):
        self.model.eval()
        return sum(self.criterion(self.model(x), y).item() for x, y in loader)


class LogSoftmaxTrainer(Trainer):
    """Takes log-probabilities itself before its NLL loss."""

    def __init__(self, model, optimizer):
        self.model = model
        self.optimizer = optimizer
        self.criterion = torch.nn.NLLLoss()

    def train_epoch(self, loader):
        for x, y in loader:
            self.optimizer.zero_grad()
            self.criterion(F.log_softmax(self.model(x), dim=1), y).backward()
            self.optimizer.step()


def fit(net, loss_fn, opt, loader, epochs):
    for _ in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            loss_fn(net(x), y).backward()
            opt.step()


def run_training(model, criterion, optimizer, loader):
    fit(model, criterion, optimizer, loader, epochs=1)


class BinaryTrainer:
    """Builds its own loss; runs the model through a helper method."""

    def __init__(self, net, optimizer):
        self.net = net
        self.optimizer = optimizer
        self.loss = torch.nn.BCEWithLogitsLoss()

    def _forward(self, batch):
        return self.net(batch["image"])

    def step(self, batch):
        self.optimizer.zero_grad()
        self.loss(self._forward(batch), batch["target"]).backward()
        self.optimizer.step()
