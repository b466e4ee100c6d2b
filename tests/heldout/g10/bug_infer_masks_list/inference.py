import os

import numpy as np
import torch
from PIL import Image
from torch.utils.data import Dataset


class FolderDataset(Dataset):
    def __init__(self, root, size=256):
        self.root = root
        self.size = size
        self.files = sorted(f for f in os.listdir(root) if f.lower().endswith((".png", ".jpg")))

    def __len__(self):
        return len(self.files)

    def __getitem__(self, idx):
        img = Image.open(os.path.join(self.root, self.files[idx])).convert("RGB")
        img = img.resize((self.size, self.size), Image.BILINEAR)
        arr = np.asarray(img, dtype=np.float32) / 255.0
        arr = (arr - 0.5) / 0.5
        return torch.from_numpy(arr).permute(2, 0, 1), self.files[idx]


def load_checkpoint(model, path, device):
    state = torch.load(path, map_location=device)
    if "state_dict" in state:
        state = state["state_dict"]
    state = {k.replace("module.", ""): v for k, v in state.items()}
    model.load_state_dict(state)
    return model.to(device)


def infer(model, loader, device, tta=False):  # EXPECT: TL004
    model.eval()
    preds, names = [], []
    for imgs, fnames in loader:
        imgs = imgs.to(device)
        out = torch.sigmoid(model(imgs))  # <- TL004
        if tta:
            flipped = torch.sigmoid(model(torch.flip(imgs, dims=[3])))
            out = 0.5 * (out + torch.flip(flipped, dims=[3]))
        preds.append(out)
        names.extend(fnames)
    return preds, names


def save_masks(probs, names, out_dir, threshold=0.5):
    os.makedirs(out_dir, exist_ok=True)
    for prob, name in zip(probs, names):
        mask = (prob.squeeze(0).detach().cpu().numpy() > threshold).astype(np.uint8) * 255
        Image.fromarray(mask).save(os.path.join(out_dir, os.path.splitext(name)[0] + "_mask.png"))
