"""An MLP classifier for flattened 28x28 images.

Bug (TL003): the model ends in nn.Softmax and its output goes to CrossEntropyLoss, which applies
log_softmax itself. Training stalls well below the accuracy the model can reach.
"""

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

images = torch.rand(600, 1, 28, 28)
labels = torch.randint(0, 10, (600,))
train_loader = DataLoader(TensorDataset(images, labels), batch_size=64, shuffle=True)

model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 128),
    nn.ReLU(),
    nn.Linear(128, 10),
    nn.Softmax(dim=1),
)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

for epoch in range(3):
    for batch, target in train_loader:
        optimizer.zero_grad()
        output = model(batch)
        loss = criterion(output, target)  # <- TL003
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch}: loss {loss.item():.3f}")
