import torch
from torch.utils.data import DataLoader

from engine import dict_step, moved_step, predict_step, run_epoch, train_step


def to_gpu(rows):
    images = torch.stack([image for image, _ in rows]).cuda()
    return images, torch.tensor([label for _, label in rows]).cuda()


def train(model, train_set, val_set, epochs):
    device = torch.device("cuda")
    model = model.to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loader = DataLoader(train_set, batch_size=64, shuffle=True)
    val_loader = DataLoader(val_set, batch_size=256)
    for _ in range(epochs):
        for batch in loader:
            train_step(model, batch, optimizer, device)  # <- TL015
        for images, labels in val_loader:
            predict_step(model, images)  # <- TL015
        for images, labels in val_loader:
            images = images.to(device)
            predict_step(model, images)


def train_moved(model, train_set, epochs):
    device = torch.device("cuda")
    model.to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loader = DataLoader(train_set, batch_size=64, shuffle=True)
    gpu_loader = DataLoader(train_set, batch_size=64, shuffle=True, collate_fn=to_gpu)
    for _ in range(epochs):
        for batch in loader:
            moved_step(model, batch, optimizer, device)
        for batch in gpu_loader:
            train_step(model, batch, optimizer, device)


def train_epochs(model, train_set, epochs):
    device = torch.device("cuda")
    model.to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loader = DataLoader(train_set, batch_size=64, shuffle=True)
    for _ in range(epochs):
        run_epoch(model, loader, optimizer, device)  # <- TL015


def train_on_cpu(model, train_set, epochs):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loader = DataLoader(train_set, batch_size=64, shuffle=True)
    for _ in range(epochs):
        for batch in loader:
            train_step(model, batch, optimizer, "cpu")


def finetune(encoder, tokenized, epochs):
    device = torch.device("cuda")
    encoder.to(device)
    optimizer = torch.optim.AdamW(encoder.parameters(), lr=2e-5)
    loader = DataLoader(tokenized, batch_size=16, shuffle=True)
    for _ in range(epochs):
        for batch in loader:
            dict_step(encoder, batch, optimizer, device)
