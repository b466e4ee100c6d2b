import torch
import torch.nn.functional as F


def train_step(model, batch, optimizer, device):
    images, labels = batch
    images.to(device, non_blocking=True)
    labels = labels.to(device, non_blocking=True)
    optimizer.zero_grad()
    loss = F.cross_entropy(model(images), labels)
    loss.backward()
    optimizer.step()
    return loss.item()


def predict_step(net, inputs):
    with torch.no_grad():
        return net(inputs).argmax(1)


def moved_step(model, batch, optimizer, device):
    images, labels = batch
    images, labels = images.to(device), labels.to(device)
    optimizer.zero_grad()
    F.cross_entropy(model(images), labels).backward()
    optimizer.step()


def dict_step(model, batch, optimizer, device):
    batch = {k: v.to(device) for k, v in batch.items()}
    optimizer.zero_grad()
    model(**batch).loss.backward()
    optimizer.step()


def run_epoch(model, loader, optimizer, device):
    for batch in loader:
        train_step(model, batch, optimizer, device)
