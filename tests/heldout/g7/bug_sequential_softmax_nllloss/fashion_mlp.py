# Fashion-MNIST MLP baseline -- ported from the Keras notebook
import time

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

BATCH_SIZE = 64
EPOCHS = 25
LR = 1e-3
DEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")

transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.2860,), (0.3530,))])
trainset = datasets.FashionMNIST("~/.pytorch/F_MNIST_data/", download=True, train=True, transform=transform)
testset = datasets.FashionMNIST("~/.pytorch/F_MNIST_data/", download=True, train=False, transform=transform)
trainloader = DataLoader(trainset, batch_size=BATCH_SIZE, shuffle=True)
testloader = DataLoader(testset, batch_size=BATCH_SIZE)

model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(784, 256),
    nn.ReLU(),
    nn.Dropout(0.2),
    nn.Linear(256, 128),
    nn.ReLU(),
    nn.Dropout(0.2),
    nn.Linear(128, 64),
    nn.ReLU(),
    nn.Linear(64, 10),
    nn.Softmax(dim=1),  # EXPECT: TL008
).to(DEVICE)

criterion = nn.NLLLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=LR)

train_losses, test_losses, test_accs = [], [], []
for e in range(EPOCHS):
    start = time.time()
    model.train()
    running_loss = 0.0
    for images, labels in trainloader:
        images, labels = images.to(DEVICE), labels.to(DEVICE)
        optimizer.zero_grad()
        output = model(images)
        loss = criterion(output, labels)  # <- TL008
        loss.backward()
        optimizer.step()
        running_loss += loss.item()

    model.eval()
    test_loss, accuracy = 0.0, 0.0
    with torch.no_grad():
        for images, labels in testloader:
            images, labels = images.to(DEVICE), labels.to(DEVICE)
            output = model(images)
            test_loss += criterion(output, labels).item()  # <- TL008
            top_p, top_class = output.topk(1, dim=1)
            equals = top_class == labels.view(*top_class.shape)
            accuracy += equals.float().mean().item()

    train_losses.append(running_loss / len(trainloader))
    test_losses.append(test_loss / len(testloader))
    test_accs.append(accuracy / len(testloader))
    print(
        f"Epoch {e + 1}/{EPOCHS}.. Train loss: {train_losses[-1]:.3f}.. "
        f"Test loss: {test_losses[-1]:.3f}.. Test acc: {test_accs[-1]:.3f}.. ({time.time() - start:.1f}s)"
    )

plt.plot(train_losses, label="Training loss")
plt.plot(test_losses, label="Validation loss")
plt.legend(frameon=False)
plt.savefig("fashion_mlp_losses.png")
torch.save(model.state_dict(), "fashion_mlp.pth")
