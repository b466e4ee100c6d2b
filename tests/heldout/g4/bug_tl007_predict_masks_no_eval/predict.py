import argparse
import logging
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from models import UNet


def preprocess(pil_img, scale):
    w, h = pil_img.size
    new_w, new_h = int(scale * w), int(scale * h)
    img = np.asarray(pil_img.resize((new_w, new_h), resample=Image.BICUBIC), dtype=np.float32)
    if img.ndim == 2:
        img = img[np.newaxis, ...]
    else:
        img = img.transpose((2, 0, 1))
    return torch.from_numpy(img / 255.0)


def predict_img(net, full_img, device, scale_factor=0.5, out_threshold=0.5):
    img = preprocess(full_img, scale_factor).unsqueeze(0).to(device=device, dtype=torch.float32)
    with torch.inference_mode():
        output = net(img)  # EXPECT: TL007  # <- TL007
        output = F.interpolate(output, (full_img.size[1], full_img.size[0]), mode="bilinear")
        if net.n_classes > 1:
            mask = output.argmax(dim=1)
        else:
            mask = torch.sigmoid(output) > out_threshold
    return mask[0].long().squeeze().cpu().numpy()


def mask_to_image(mask, n_classes):
    if n_classes == 1:
        return Image.fromarray((mask * 255).astype(np.uint8))
    return Image.fromarray((mask * (255 // (n_classes - 1))).astype(np.uint8))


def get_args():
    parser = argparse.ArgumentParser(description="Predict masks from input images")
    parser.add_argument("--model", "-m", default="checkpoints/best.pth", metavar="FILE")
    parser.add_argument("--input", "-i", nargs="+", required=True, help="input images")
    parser.add_argument("--output-dir", "-o", default="pred_masks")
    parser.add_argument("--threshold", "-t", type=float, default=0.5)
    parser.add_argument("--scale", "-s", type=float, default=0.5)
    parser.add_argument("--classes", "-c", type=int, default=2)
    return parser.parse_args()


if __name__ == "__main__":
    args = get_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    os.makedirs(args.output_dir, exist_ok=True)

    net = UNet(n_channels=3, n_classes=args.classes)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    logging.info(f"Loading model {args.model} on {device}")
    state_dict = torch.load(args.model, map_location=device)
    state_dict.pop("mask_values", None)
    net.load_state_dict(state_dict)
    net.to(device=device)
    logging.info("Model loaded!")

    for filename in args.input:
        logging.info(f"Predicting image {filename} ...")
        img = Image.open(filename).convert("RGB")
        mask = predict_img(net, img, device, scale_factor=args.scale, out_threshold=args.threshold)
        out_path = os.path.join(args.output_dir, os.path.splitext(os.path.basename(filename))[0] + "_mask.png")
        mask_to_image(mask, net.n_classes).save(out_path)
        logging.info(f"Mask saved to {out_path}")
