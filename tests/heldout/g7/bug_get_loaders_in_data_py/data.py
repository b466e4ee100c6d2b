import os

import torch
from torch.utils.data import DataLoader, random_split
from torchvision import datasets, transforms

MEAN = (0.4914, 0.4822, 0.4465)
STD = (0.2470, 0.2435, 0.2616)


def build_transforms(train: bool):
    if train:
        return transforms.Compose(
            [
                transforms.RandomCrop(32, padding=4),
                transforms.RandomHorizontalFlip(),
                transforms.ToTensor(),
                transforms.Normalize(MEAN, STD),
            ]
        )
    return transforms.Compose([transforms.ToTensor(), transforms.Normalize(MEAN, STD)])


def get_loaders(root, batch_size=128, val_size=5000, workers=4, seed=0):
    full_train = datasets.CIFAR10(root, train=True, download=True, transform=build_transforms(True))
    full_eval = datasets.CIFAR10(root, train=True, download=False, transform=build_transforms(False))
    test_set = datasets.CIFAR10(root, train=False, download=True, transform=build_transforms(False))

    g = torch.Generator().manual_seed(seed)
    n_train = len(full_train) - val_size
    train_idx, val_idx = random_split(range(len(full_train)), [n_train, val_size], generator=g)
    train_set = torch.utils.data.Subset(full_train, list(train_idx))
    val_set = torch.utils.data.Subset(full_eval, list(val_idx))

    train_loader = DataLoader(  # EXPECT: TL016
        train_set,
        batch_size=batch_size,
        num_workers=workers,
        pin_memory=True,
        drop_last=True,
        persistent_workers=workers > 0,
    )
    val_loader = DataLoader(val_set, batch_size=batch_size * 2, num_workers=workers, pin_memory=True)
    test_loader = DataLoader(test_set, batch_size=batch_size * 2, num_workers=workers)
    return train_loader, val_loader, test_loader


def dataset_root():
    return os.environ.get("CIFAR_ROOT", os.path.expanduser("~/datasets/cifar10"))
