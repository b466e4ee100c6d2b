import torch
from torch.utils.data import DataLoader
from torchvision import datasets, transforms

MEAN = (0.4914, 0.4822, 0.4465)
STD = (0.2470, 0.2435, 0.2616)


def cifar10_loaders(root, batch_size, workers=4):
    train_tf = transforms.Compose([
        transforms.RandomCrop(32, padding=4, padding_mode="reflect"),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize(MEAN, STD),
    ])
    test_tf = transforms.Compose([
        transforms.ToTensor(),
        transforms.Normalize(MEAN, STD),
    ])
    train_set = datasets.CIFAR10(root, train=True, download=True, transform=train_tf)
    test_set = datasets.CIFAR10(root, train=False, download=True, transform=test_tf)
    train_loader = DataLoader(train_set, batch_size=batch_size, shuffle=True,
                              num_workers=workers, pin_memory=True, drop_last=True)
    test_loader = DataLoader(test_set, batch_size=512, shuffle=False,
                             num_workers=workers, pin_memory=True)
    return train_loader, test_loader, len(train_set.classes)


def infinite(loader):
    while True:
        for batch in loader:
            yield batch


def describe(loader):
    images, labels = next(iter(loader))
    return {
        "batch": tuple(images.shape),
        "dtype": str(images.dtype),
        "label_dtype": str(labels.dtype),
        "min": images.min().item(),
        "max": images.max().item(),
        "n_batches": len(loader),
        "cuda": torch.cuda.is_available(),
    }
