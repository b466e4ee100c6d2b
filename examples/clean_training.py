"""A correct training script: torchlint reports nothing here.

It uses the patterns the rules must not confuse with bugs: the model moved and compiled after the
optimizer, gradient accumulation, AMP-style scaling, logits into CrossEntropyLoss with softmax only
for probabilities, evaluation under no_grad, and normalization statistics from the training split.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

train_x, train_y = torch.randn(512, 16), torch.randint(0, 3, (512,))
val_x, val_y = torch.randn(128, 16), torch.randint(0, 3, (128,))
mean, std = train_x.mean(0), train_x.std(0)
train_x, val_x = (train_x - mean) / std, (val_x - mean) / std

train_loader = DataLoader(TensorDataset(train_x, train_y), batch_size=32, shuffle=True)
val_loader = DataLoader(TensorDataset(val_x, val_y), batch_size=64)

model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 3))
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
model = model.to(device)
criterion = nn.CrossEntropyLoss()
accumulation_steps = 2


@torch.no_grad()
def evaluate(model, loader):
    model.eval()
    correct, confidence = 0, 0.0
    for x, y in loader:
        logits = model(x.to(device))
        probs = F.softmax(logits, dim=1)
        correct += (probs.argmax(1) == y.to(device)).sum().item()
        confidence += probs.max(1).values.sum().item()
    return correct / len(loader.dataset), confidence / len(loader.dataset)


for epoch in range(3):
    model.train()
    for i, (x, y) in enumerate(train_loader):
        loss = criterion(model(x.to(device)), y.to(device)) / accumulation_steps
        loss.backward()
        if (i + 1) % accumulation_steps == 0:
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
    accuracy, confidence = evaluate(model, val_loader)
    print(f"epoch {epoch}: val accuracy {accuracy:.3f}, mean confidence {confidence:.3f}")
