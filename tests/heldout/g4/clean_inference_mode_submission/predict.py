import argparse
import glob
import os

import albumentations as A
import cv2
import numpy as np
import pandas as pd
import torch
from albumentations.pytorch import ToTensorV2
from torch.utils.data import DataLoader, Dataset

from models import load_for_inference


class TestDataset(Dataset):
    def __init__(self, files, size):
        self.files = files
        self.tf = A.Compose([
            A.Resize(size, size),
            A.Normalize(),
            ToTensorV2(),
        ])

    def __len__(self):
        return len(self.files)

    def __getitem__(self, i):
        img = cv2.cvtColor(cv2.imread(self.files[i]), cv2.COLOR_BGR2RGB)
        return self.tf(image=img)["image"]


@torch.inference_mode()
def predict(models, loader, device, tta=True):
    out = []
    for images in loader:
        images = images.to(device)
        probs = 0
        for m in models:
            probs = probs + m(images).softmax(1)
            if tta:
                probs = probs + m(images.flip(-1)).softmax(1)
        probs = probs / (len(models) * (2 if tta else 1))
        out.append(probs.cpu().numpy())
    return np.concatenate(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--test-dir", default="../input/cassava-leaf-disease-classification/test_images")
    ap.add_argument("--weights", default="weights/*.pth")
    ap.add_argument("--arch", default="tf_efficientnet_b3_ns")
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--bs", type=int, default=16)
    ap.add_argument("--no-tta", action="store_true")
    args = ap.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    files = sorted(glob.glob(os.path.join(args.test_dir, "*.jpg")))
    loader = DataLoader(TestDataset(files, args.size), batch_size=args.bs, num_workers=2)

    models = [load_for_inference(p, args.arch, device) for p in sorted(glob.glob(args.weights))]
    print(f"{len(models)} fold models, {len(files)} test images")
    probs = predict(models, loader, device, tta=not args.no_tta)

    sub = pd.DataFrame({"image_id": [os.path.basename(f) for f in files], "label": probs.argmax(1)})
    sub.to_csv("submission.csv", index=False)
    print(sub.head())


if __name__ == "__main__":
    main()
