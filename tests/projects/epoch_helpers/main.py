import torch
from torch.optim import lr_scheduler

from engine import train_epoch_then_decay, train_one_epoch


def run_step_lr(model, loader, epochs, device):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)
    for epoch in range(epochs):
        train_one_epoch(model, loader, optimizer, scheduler, device)  # <- TL011


def run_one_cycle(model, loader, epochs, device):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=epochs * len(loader))
    for epoch in range(epochs):
        train_one_epoch(model, loader, optimizer, scheduler, device)


def run_decay_per_epoch(model, loader, epochs, device):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = lr_scheduler.MultiStepLR(optimizer, milestones=[30, 60])
    for epoch in range(epochs):
        train_epoch_then_decay(model, loader, optimizer, scheduler, device)
