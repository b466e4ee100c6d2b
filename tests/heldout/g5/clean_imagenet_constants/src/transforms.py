from torchvision import transforms

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


def build_transforms(img_size=384, is_train=True):
    normalize = transforms.Normalize(mean=IMAGENET_MEAN, std=IMAGENET_STD)
    if is_train:
        return transforms.Compose([
            transforms.RandomResizedCrop(img_size, scale=(0.6, 1.0)),
            transforms.RandomHorizontalFlip(),
            transforms.RandomVerticalFlip(),
            transforms.RandomApply([transforms.ColorJitter(0.2, 0.2, 0.2, 0.05)], p=0.5),
            transforms.ToTensor(),
            normalize,
            transforms.RandomErasing(p=0.25),
        ])
    return transforms.Compose([
        transforms.Resize(int(img_size * 1.14)),
        transforms.CenterCrop(img_size),
        transforms.ToTensor(),
        normalize,
    ])


def denormalize(t):
    """Undo Normalize for visualisation (C, H, W) tensors."""
    mean = t.new_tensor(IMAGENET_MEAN).view(-1, 1, 1)
    std = t.new_tensor(IMAGENET_STD).view(-1, 1, 1)
    return (t * std + mean).clamp(0, 1)


def build_tta_transforms(img_size=384):
    """Deterministic test-time-augmentation views; each returns a normalized tensor."""
    normalize = transforms.Normalize(mean=IMAGENET_MEAN, std=IMAGENET_STD)
    base = [transforms.Resize(int(img_size * 1.14)), transforms.CenterCrop(img_size)]
    views = [
        [],
        [transforms.RandomHorizontalFlip(p=1.0)],
        [transforms.RandomVerticalFlip(p=1.0)],
    ]
    return [transforms.Compose(base + v + [transforms.ToTensor(), normalize]) for v in views]
