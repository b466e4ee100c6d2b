import torchvision.transforms as T
from torch.utils.data import DataLoader
from torchvision.datasets import ImageFolder

MEAN, STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)


def make_loaders(root, size, batch_size, workers=8):
    train_tf = T.Compose([T.RandomResizedCrop(size, scale=(0.35, 1.0)), T.RandomHorizontalFlip(),
                          T.ToTensor(), T.Normalize(MEAN, STD)])
    val_tf = T.Compose([T.Resize(int(size * 1.14)), T.CenterCrop(size), T.ToTensor(),
                        T.Normalize(MEAN, STD)])
    train_ds = ImageFolder(f"{root}/train", train_tf)
    val_ds = ImageFolder(f"{root}/val", val_tf)
    return (DataLoader(train_ds, batch_size, shuffle=True, num_workers=workers, drop_last=True,
                       pin_memory=True),
            DataLoader(val_ds, batch_size * 2, num_workers=workers))
