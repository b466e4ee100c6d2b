"""Denoising conv autoencoder on STL-10 unlabeled split; periodic validation PSNR."""
import argparse
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, random_split
from torchvision import datasets, transforms
from torchvision.utils import save_image
from tqdm import tqdm


def conv_bn(cin, cout, stride=1):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.LeakyReLU(0.2))


def deconv_bn(cin, cout):
    return nn.Sequential(nn.ConvTranspose2d(cin, cout, 4, 2, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU())


class DenoisingAE(nn.Module):
    def __init__(self, ch=64, p_drop=0.1):
        super().__init__()
        self.encoder = nn.Sequential(conv_bn(3, ch), conv_bn(ch, ch * 2, 2), conv_bn(ch * 2, ch * 4, 2),
                                     nn.Dropout2d(p_drop))
        self.decoder = nn.Sequential(deconv_bn(ch * 4, ch * 2), deconv_bn(ch * 2, ch),
                                     nn.Conv2d(ch, 3, 3, 1, 1), nn.Sigmoid())

    def forward(self, x):
        return self.decoder(self.encoder(x))


def add_noise(x, sigma):
    return (x + sigma * torch.randn_like(x)).clamp(0.0, 1.0)


def psnr(mse):
    return 10.0 * math.log10(1.0 / max(mse, 1e-10))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="./data")
    ap.add_argument("--steps", type=int, default=30000)
    ap.add_argument("--bs", type=int, default=64)
    ap.add_argument("--accum", type=int, default=2)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--sigma", type=float, default=0.1)
    ap.add_argument("--val-interval", type=int, default=1000)
    ap.add_argument("--val-batches", type=int, default=20)
    ap.add_argument("--out", default="runs/dae")
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    ds = datasets.STL10(args.data, split="unlabeled", download=True,
                        transform=transforms.Compose([transforms.Resize(64), transforms.ToTensor()]))
    train_ds, val_ds = random_split(ds, [len(ds) - 2000, 2000], generator=torch.Generator().manual_seed(1))
    train_dl = DataLoader(train_ds, batch_size=args.bs, shuffle=True, num_workers=4, drop_last=True)
    val_dl = DataLoader(val_ds, batch_size=128, shuffle=False, num_workers=4)

    ae = DenoisingAE().to(device)
    opt = torch.optim.Adam(ae.parameters(), lr=args.lr, betas=(0.5, 0.999))
    scaler = torch.cuda.amp.GradScaler(enabled=device.type == "cuda")

    step = 0
    ae.train()
    pbar = tqdm(total=args.steps)
    data_iter = iter(train_dl)
    while step < args.steps:
        opt.zero_grad(set_to_none=True)
        for _ in range(args.accum):
            try:
                clean, _ = next(data_iter)
            except StopIteration:
                data_iter = iter(train_dl)
                clean, _ = next(data_iter)
            clean = clean.to(device, non_blocking=True)
            with torch.autocast(device_type=device.type, enabled=device.type == "cuda"):
                recon = ae(add_noise(clean, args.sigma))
                loss = F.mse_loss(recon.float(), clean) / args.accum
            scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()
        step += 1
        pbar.update(1)
        pbar.set_postfix(mse=f"{loss.item() * args.accum:.5f}")

        if step % args.val_interval == 0:
            ae.eval()
            mse_sum, n = 0.0, 0
            with torch.no_grad():
                for i, (vclean, _) in enumerate(val_dl):
                    if i == args.val_batches:
                        break
                    vclean = vclean.to(device)
                    vrecon = ae(add_noise(vclean, args.sigma))
                    mse_sum += F.mse_loss(vrecon, vclean, reduction="sum").item()
                    n += vclean.numel()
                    if i == 0:
                        save_image(torch.cat([vclean[:8], vrecon[:8]]), os.path.join(args.out, f"val_{step}.png"))
            ae.train()
            tqdm.write(f"step {step}: val PSNR {psnr(mse_sum / n):.2f} dB")
            torch.save(ae.state_dict(), os.path.join(args.out, "dae.pt"))
    pbar.close()


if __name__ == "__main__":
    main()
