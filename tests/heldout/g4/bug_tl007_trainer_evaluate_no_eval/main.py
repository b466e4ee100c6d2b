"""Train CIFAR10 with PyTorch."""
import argparse

import torch
import torch.optim as optim
import torchvision
import torchvision.transforms as transforms

from models import resnet18, resnet34
from trainer import Trainer

parser = argparse.ArgumentParser(description="PyTorch CIFAR10 Training")
parser.add_argument("--lr", default=0.1, type=float, help="learning rate")
parser.add_argument("--epochs", default=200, type=int)
parser.add_argument("--arch", default="resnet18", choices=["resnet18", "resnet34"])
parser.add_argument("--out", default="./checkpoint")
args = parser.parse_args()

device = "cuda" if torch.cuda.is_available() else "cpu"

print("==> Preparing data..")
transform_train = transforms.Compose([
    transforms.RandomCrop(32, padding=4),
    transforms.RandomHorizontalFlip(),
    transforms.ToTensor(),
    transforms.Normalize((0.4914, 0.4822, 0.4465), (0.2023, 0.1994, 0.2010)),
])
transform_test = transforms.Compose([
    transforms.ToTensor(),
    transforms.Normalize((0.4914, 0.4822, 0.4465), (0.2023, 0.1994, 0.2010)),
])
trainset = torchvision.datasets.CIFAR10(root="./data", train=True, download=True, transform=transform_train)
trainloader = torch.utils.data.DataLoader(trainset, batch_size=128, shuffle=True, num_workers=2)
testset = torchvision.datasets.CIFAR10(root="./data", train=False, download=True, transform=transform_test)
testloader = torch.utils.data.DataLoader(testset, batch_size=100, shuffle=False, num_workers=2)

print("==> Building model..")
net = {"resnet18": resnet18, "resnet34": resnet34}[args.arch]().to(device)
if device == "cuda":
    torch.backends.cudnn.benchmark = True

optimizer = optim.SGD(net.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4)
scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs)

trainer = Trainer(net, optimizer, scheduler, trainloader, testloader, device, args.out)
best = trainer.fit(args.epochs)
print(f"best test acc: {best:.2f}")
