import argparse
import logging

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

log = logging.getLogger(__name__)


class KuzushijiCNN(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 64, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(64)
        self.conv2 = nn.Conv2d(64, 128, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(128)
        self.conv3 = nn.Conv2d(128, 256, 3, padding=1)
        self.bn3 = nn.BatchNorm2d(256)
        self.fc1 = nn.Linear(256 * 3 * 3, 256)
        self.fc2 = nn.Linear(256, num_classes)
        self.drop = nn.Dropout(0.4)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        x = F.max_pool2d(F.relu(self.bn3(self.conv3(x))), 2)
        x = self.drop(F.relu(self.fc1(x.flatten(1))))
        return F.log_softmax(self.fc2(x), dim=1)


def train_epoch(model, loader, optimizer, device, accum_steps, epoch):
    model.train()
    optimizer.zero_grad()
    for i, (data, target) in enumerate(loader):
        data, target = data.to(device), target.to(device)
        output = model(data)
        loss = F.nll_loss(output, target) / accum_steps
        loss.backward()
        if (i + 1) % accum_steps == 0:
            optimizer.step()
            optimizer.zero_grad()
        if i % 100 == 0:
            with torch.no_grad():
                probs = torch.exp(output)
                entropy = -(probs * output).sum(dim=1).mean()
                conf = probs.max(dim=1).values.mean()
            log.info("epoch %d it %d loss %.4f entropy %.3f conf %.3f",
                     epoch, i, loss.item() * accum_steps, entropy.item(), conf.item())


@torch.no_grad()
def evaluate(model, loader, device):
    model.eval()
    nll, correct, n = 0.0, 0, 0
    for data, target in loader:
        data, target = data.to(device), target.to(device)
        output = model(data)
        nll += F.nll_loss(output, target, reduction="sum").item()
        correct += output.argmax(1).eq(target).sum().item()
        n += target.size(0)
    return nll / n, correct / n


def main():
    parser = argparse.ArgumentParser(description="KMNIST classifier")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--accum-steps", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--lr", type=float, default=0.05)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tf_train = transforms.Compose([transforms.RandomAffine(10, translate=(0.1, 0.1)), transforms.ToTensor(),
                                   transforms.Normalize((0.1918,), (0.3483,))])
    tf_test = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1918,), (0.3483,))])
    train_loader = DataLoader(datasets.KMNIST("data", train=True, download=True, transform=tf_train),
                              batch_size=args.batch_size, shuffle=True, num_workers=2)
    test_loader = DataLoader(datasets.KMNIST("data", train=False, download=True, transform=tf_test),
                             batch_size=1000)

    model = KuzushijiCNN().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4)
    scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[10, 15], gamma=0.1)
    for epoch in range(1, args.epochs + 1):
        train_epoch(model, train_loader, optimizer, device, args.accum_steps, epoch)
        scheduler.step()
        test_nll, test_acc = evaluate(model, test_loader, device)
        log.info("epoch %d test nll %.4f acc %.4f", epoch, test_nll, test_acc)
    torch.save(model.state_dict(), "kmnist_cnn.pt")


if __name__ == "__main__":
    main()
