"""Binary classification of tabular data with standardized features.

Bug (TL005): the test features are standardized with their own mean and standard deviation
instead of the training set's, so the reported test accuracy is optimistic.
"""

import torch
import torch.nn as nn

torch.manual_seed(0)
X_train, y_train = torch.randn(800, 12) * 3 + 1, torch.randint(0, 2, (800, 1)).float()
X_test, y_test = torch.randn(200, 12) * 3 + 1, torch.randint(0, 2, (200, 1)).float()

mean, std = X_train.mean(0), X_train.std(0)
X_train = (X_train - mean) / std
X_test = (X_test - X_test.mean(0)) / X_test.std(0)  # <- TL005

model = nn.Sequential(nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
criterion = nn.BCEWithLogitsLoss()

for step in range(200):
    optimizer.zero_grad()
    loss = criterion(model(X_train), y_train)
    loss.backward()
    optimizer.step()

with torch.no_grad():
    accuracy = ((model(X_test) > 0).float() == y_test).float().mean()
print(f"test accuracy {accuracy:.3f}")
