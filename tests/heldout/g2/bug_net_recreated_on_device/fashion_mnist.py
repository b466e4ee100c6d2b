#!/usr/bin/env python
# coding: utf-8

# # Fashion-MNIST with a small CNN
# Exported from fashion_mnist.ipynb

# In[1]:

import matplotlib.pyplot as plt
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torchvision import datasets, transforms

torch.manual_seed(1)

# In[2]:

transform = transforms.Compose([
    transforms.ToTensor(),
    transforms.Normalize((0.2860,), (0.3530,)),
])
trainset = datasets.FashionMNIST("./data", train=True, download=True, transform=transform)
testset = datasets.FashionMNIST("./data", train=False, download=True, transform=transform)
trainloader = torch.utils.data.DataLoader(trainset, batch_size=64, shuffle=True)
testloader = torch.utils.data.DataLoader(testset, batch_size=1000, shuffle=False)

classes = ("T-shirt", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Boot")

# In[3]:


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = self.dropout2(F.relu(self.fc1(x)))
        return self.fc2(x)


net = Net()
print(net)
print("params:", sum(p.numel() for p in net.parameters()))

# In[4]:

criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)

# In[5]:

device = torch.device("cuda:0" if torch.cuda.is_available() else "cpu")
print(device)
net = Net().to(device)  # EXPECT: TL001  # <- TL001

# In[6]:

train_losses, test_accs = [], []
for epoch in range(15):
    net.train()
    running_loss = 0.0
    for i, (inputs, labels) in enumerate(trainloader, 0):
        inputs, labels = inputs.to(device), labels.to(device)
        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()

        running_loss += loss.item()
        if i % 200 == 199:
            print("[%d, %5d] loss: %.3f" % (epoch + 1, i + 1, running_loss / 200))
            train_losses.append(running_loss / 200)
            running_loss = 0.0
    scheduler.step()

    net.eval()
    correct = total = 0
    with torch.no_grad():
        for images, labels in testloader:
            images, labels = images.to(device), labels.to(device)
            predicted = net(images).argmax(dim=1)
            total += labels.size(0)
            correct += (predicted == labels).sum().item()
    test_accs.append(100 * correct / total)
    print("Epoch %d: test accuracy %.2f %%" % (epoch + 1, test_accs[-1]))

print("Finished Training")

# In[7]:

fig, ax = plt.subplots(1, 2, figsize=(10, 4))
ax[0].plot(train_losses)
ax[0].set_title("train loss")
ax[1].plot(test_accs)
ax[1].set_title("test acc")
plt.savefig("curves.png")
torch.save(net.state_dict(), "./fashion_net.pth")
