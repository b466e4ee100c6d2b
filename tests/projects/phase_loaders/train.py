import torch
import torch.nn as nn

from data import finetuning_loaders, pretraining_loaders


def pretrain(model, loaders, criterion, optimizer, epochs):
    for epoch in range(epochs):
        for phase in ("train", "val"):
            model.train(phase == "train")
            for inputs, labels in loaders[phase]:
                optimizer.zero_grad()
                with torch.set_grad_enabled(phase == "train"):
                    loss = criterion(model(inputs), labels)
                    if phase == "train":
                        loss.backward()
                        optimizer.step()


def finetune(model, loaders, sizes, criterion, optimizer, epochs):
    for epoch in range(epochs):
        for phase in ["train", "val"]:
            total = 0.0
            for inputs, labels in loaders[phase]:  # <- TL016
                loss = criterion(model(inputs), labels)
                if phase == "train":
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()
                total += loss.item() * inputs.size(0)
            print(phase, total / sizes[phase])


model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
pretrain(model, pretraining_loaders(mnist, 128), criterion, optimizer, 5)
loaders, sizes = finetuning_loaders(fashion, 128)
finetune(model, loaders, sizes, criterion, optimizer, 5)
