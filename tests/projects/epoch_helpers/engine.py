"""One epoch of training; the scheduler is whatever the caller passes."""

import torch.nn.functional as F


def train_one_epoch(model, loader, optimizer, scheduler, device):
    model.train()
    for images, labels in loader:
        images, labels = images.to(device), labels.to(device)
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        scheduler.step()


def train_epoch_then_decay(model, loader, optimizer, scheduler, device):
    model.train()
    for images, labels in loader:
        images, labels = images.to(device), labels.to(device)
        optimizer.zero_grad()
        F.cross_entropy(model(images), labels).backward()
        optimizer.step()
    scheduler.step()
