from torch.utils.data import DataLoader

PHASES = ("train", "val")


def pretraining_loaders(datasets, batch_size):
    return {
        phase: DataLoader(datasets[phase], batch_size=batch_size, shuffle=phase == "train")
        for phase in PHASES
    }


def finetuning_loaders(datasets, batch_size):
    loaders = {phase: DataLoader(datasets[phase], batch_size=batch_size) for phase in PHASES}
    return loaders, {phase: len(datasets[phase]) for phase in PHASES}
