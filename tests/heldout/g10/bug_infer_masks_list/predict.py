import argparse

import torch
from torch.utils.data import DataLoader

from inference import FolderDataset, infer, load_checkpoint, save_masks
from models import UNet


def get_args():
    ap = argparse.ArgumentParser(description="Run a trained UNet over a folder of images")
    ap.add_argument("--images", required=True)
    ap.add_argument("--weights", default="checkpoints/unet_best.pth")
    ap.add_argument("--out", default="predictions")
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--tta", action="store_true")
    return ap.parse_args()


def main():
    args = get_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    model = load_checkpoint(UNet(in_channels=3, out_channels=1), args.weights, device)
    dataset = FolderDataset(args.images, size=args.size)
    loader = DataLoader(dataset, batch_size=args.batch_size, shuffle=False, num_workers=2)
    print(f"Running inference on {len(dataset)} images")

    batch_preds, names = infer(model, loader, device, tta=args.tta)
    probs = torch.cat(batch_preds, dim=0)
    print(f"mean foreground fraction: {(probs > args.threshold).float().mean().item():.4f}")
    save_masks(probs, names, args.out, threshold=args.threshold)
    print(f"Saved {len(names)} masks to {args.out}")


if __name__ == "__main__":
    main()
