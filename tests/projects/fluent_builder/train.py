import torch
import torch.nn as nn

from builder import Config

model = Config().with_width(64).with_classes(10).with_lr(0.1).build()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
criterion = nn.CrossEntropyLoss()
loader = torch.utils.data.DataLoader(
    torch.utils.data.TensorDataset(torch.randn(256, 64), torch.randint(0, 10, (256,))),
    batch_size=32,
    shuffle=True,
)
for x, y in loader:
    optimizer.zero_grad()
    loss = criterion(model(x), y)  # <- TL003
    loss.backward()
    optimizer.step()
