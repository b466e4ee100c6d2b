from dataclasses import dataclass, field


@dataclass
class CFG:
    train_csv: str = "input/dog-breed/labels.csv"
    image_dir: str = "input/dog-breed/train"
    model_name: str = "convnext_tiny"
    image_size: int = 288
    batch_size: int = 32
    epochs: int = 10
    lr: float = 1e-4
    min_lr: float = 1e-6
    weight_decay: float = 0.05
    n_folds: int = 5
    fold: int = 0
    seed: int = 42
    num_workers: int = 6
    mean: tuple = (0.485, 0.456, 0.406)
    std: tuple = (0.229, 0.224, 0.225)
    breeds: list = field(default_factory=list)
