import torch

from models import build_model


class Trainer:
    def __init__(self, cfg, train_loader):
        self.model = build_model(cfg.num_classes)
        self.criterion = torch.nn.CrossEntropyLoss()
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=cfg.lr, momentum=0.9)
        self.train_loader = train_loader

    def compute_loss(self, images, labels):
        return self.criterion(self.model(images), labels)  # <- TL003

    def optimizer_step(self):
        self.optimizer.step()

    def training_step(self, batch):
        images, labels = batch
        loss = self.compute_loss(images, labels)
        loss.backward()
        self.optimizer_step()
        return loss.item()

    def fit(self, epochs):
        for epoch in range(epochs):
            self.model.train()
            for batch in self.train_loader:
                self.training_step(batch)  # <- TL002
