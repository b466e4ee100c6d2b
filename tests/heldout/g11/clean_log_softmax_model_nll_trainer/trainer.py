import torch


class Trainer:
    def __init__(self, model, loss, optimizer, scheduler, device, log_interval=100, dry_run=False):
        self.model = model.to(device)
        self.loss = loss
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.device = device
        self.log_interval = log_interval
        self.dry_run = dry_run

    def train(self, loader, epoch):
        self.model.train()
        for batch_idx, (data, target) in enumerate(loader):
            data, target = data.to(self.device), target.to(self.device)
            self.optimizer.zero_grad()
            output = self.model(data)
            loss = self.loss(output, target)
            loss.backward()
            self.optimizer.step()
            if batch_idx % self.log_interval == 0:
                print(
                    "Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}".format(
                        epoch,
                        batch_idx * len(data),
                        len(loader.dataset),
                        100.0 * batch_idx / len(loader),
                        loss.item(),
                    )
                )
                if self.dry_run:
                    break

    def test(self, loader):
        self.model.eval()
        test_loss, correct = 0.0, 0
        with torch.no_grad():
            for data, target in loader:
                data, target = data.to(self.device), target.to(self.device)
                output = self.model(data)
                test_loss += self.loss(output, target).item() * data.size(0)
                pred = output.argmax(dim=1, keepdim=True)
                correct += pred.eq(target.view_as(pred)).sum().item()
        test_loss /= len(loader.dataset)
        acc = 100.0 * correct / len(loader.dataset)
        print(f"\nTest set: Average loss: {test_loss:.4f}, Accuracy: {correct}/{len(loader.dataset)} ({acc:.0f}%)\n")
        return acc

    def run(self, train_loader, test_loader, epochs):
        best = 0.0
        for epoch in range(1, epochs + 1):
            self.train(train_loader, epoch)
            acc = self.test(test_loader)
            self.scheduler.step()
            best = max(best, acc)
        return best
