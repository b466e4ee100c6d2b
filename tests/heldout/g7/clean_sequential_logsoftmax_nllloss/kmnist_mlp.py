# KMNIST MLP -- Udacity-style notebook converted to a script
import matplotlib.pyplot as plt
import torch
import torch.nn as nn
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

BATCH_SIZE = 64
EPOCHS = 20
LR = 0.003
DEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")

transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5,), (0.5,))])
trainset = datasets.KMNIST("~/.pytorch/KMNIST_data/", download=True, train=True, transform=transform)
testset = datasets.KMNIST("~/.pytorch/KMNIST_data/", download=True, train=False, transform=transform)
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
    nn.LogSoftmax(dim=1),
).to(DEVICE)

criterion = nn.NLLLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=0.9)

train_losses, test_losses = [], []
for e in range(EPOCHS):
    model.train()
    running_loss = 0.0
    for images, labels in trainloader:
        images, labels = images.to(DEVICE), labels.to(DEVICE)
        optimizer.zero_grad()
        log_ps = model(images)
        loss = criterion(log_ps, labels)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()

    model.eval()
    test_loss, accuracy = 0.0, 0.0
    with torch.no_grad():
        for images, labels in testloader:
            images, labels = images.to(DEVICE), labels.to(DEVICE)
            log_ps = model(images)
            test_loss += criterion(log_ps, labels).item()
            ps = torch.exp(log_ps)
            top_p, top_class = ps.topk(1, dim=1)
            equals = top_class == labels.view(*top_class.shape)
            accuracy += equals.float().mean().item()

    train_losses.append(running_loss / len(trainloader))
    test_losses.append(test_loss / len(testloader))
    print(
        f"Epoch {e + 1}/{EPOCHS}.. Train loss: {train_losses[-1]:.3f}.. "
        f"Test loss: {test_losses[-1]:.3f}.. Test accuracy: {accuracy / len(testloader):.3f}"
    )

plt.plot(train_losses, label="Training loss")
plt.plot(test_losses, label="Validation loss")
plt.legend(frameon=False)
plt.savefig("kmnist_losses.png")
torch.save(model.state_dict(), "kmnist_mlp.pth")
