from dataclasses import dataclass, field


@dataclass
class TrainConfig:
    data_dir: str = "data/eurosat"
    image_size: int = 64
    batch_size: int = 128
    eval_batch_size: int = 512
    shuffle: bool = True
    num_workers: int = 4
    lr: float = 1e-3
    weight_decay: float = 1e-4
    epochs: int = 20
    eval_every: int = 2
    out_dir: str = "runs/eurosat"
    classes: list = field(default_factory=lambda: [
        "AnnualCrop", "Forest", "HerbaceousVegetation", "Highway", "Industrial",
        "Pasture", "PermanentCrop", "Residential", "River", "SeaLake",
    ])
