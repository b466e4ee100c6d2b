import torch
from torch.utils.data import DataLoader


def pack(rows):
    width = max(len(tokens) for tokens, _ in rows)
    tokens = torch.zeros(len(rows), width, dtype=torch.long)
    for i, (row, _) in enumerate(rows):
        tokens[i, : len(row)] = torch.tensor(row)
    return {"tokens": tokens, "label": torch.tensor([label for _, label in rows])}


def pack_on_gpu(rows):
    return {key: value.to("cuda") for key, value in pack(rows).items()}


def text_loaders(train_rows, val_rows):
    train = DataLoader(train_rows, batch_size=32, shuffle=True, collate_fn=pack)
    val = DataLoader(val_rows, batch_size=64, collate_fn=pack)
    return train, val


def gpu_text_loader(rows):
    return DataLoader(rows, batch_size=32, shuffle=True, collate_fn=pack_on_gpu)


def image_loader(dataset):
    return DataLoader(dataset, batch_size=128, shuffle=True)
