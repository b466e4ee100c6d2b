import torch.nn as nn


class Net(nn.Module):
    def __init__(self, width, classes):
        super().__init__()
        self.fc = nn.Linear(width, classes)

    def forward(self, x):
        return self.fc(x).softmax(dim=1)


class Config:
    """A fluent builder: each of its dozen setters returns a new Config. Its exports share one
    table of methods; copied into every instance a method returns, they grew as 12 to the
    power of the depth bound and the run never ended."""

    def __init__(self, **fields):
        self.fields = fields

    def with_width(self, width):
        return Config(**{**self.fields, "width": width})

    def with_depth(self, depth):
        return Config(**{**self.fields, "depth": depth})

    def with_lr(self, lr):
        return Config(**{**self.fields, "lr": lr})

    def with_momentum(self, momentum):
        return Config(**{**self.fields, "momentum": momentum})

    def with_decay(self, decay):
        return Config(**{**self.fields, "decay": decay})

    def with_dropout(self, dropout):
        return Config(**{**self.fields, "dropout": dropout})

    def with_epochs(self, epochs):
        return Config(**{**self.fields, "epochs": epochs})

    def with_batch(self, batch):
        return Config(**{**self.fields, "batch": batch})

    def with_seed(self, seed):
        return Config(**{**self.fields, "seed": seed})

    def with_warmup(self, warmup):
        return Config(**{**self.fields, "warmup": warmup})

    def with_clip(self, clip):
        return Config(**{**self.fields, "clip": clip})

    def with_classes(self, classes):
        return Config(**{**self.fields, "classes": classes})

    def build(self):
        return Net(self.fields["width"], self.fields["classes"])
