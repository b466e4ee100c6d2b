"""DDPM on CIFAR-10 (eps-prediction, linear beta schedule)."""
import argparse
import os

import torch
import torch.nn.functional as F
import torchvision
import torchvision.transforms as T
from torchvision.utils import save_image

from ddpm.ema import EMA
from ddpm.unet import SmallUNet


class Diffusion:
    def __init__(self, T_steps=1000, device="cpu"):
        self.T = T_steps
        self.betas = torch.linspace(1e-4, 0.02, T_steps, device=device)
        self.alphas = 1.0 - self.betas
        self.abar = torch.cumprod(self.alphas, 0)

    def q_sample(self, x0, t, noise):
        a = self.abar[t].sqrt()[:, None, None, None]
        s = (1 - self.abar[t]).sqrt()[:, None, None, None]
        return a * x0 + s * noise

    @torch.no_grad()
    def sample(self, net, n, device):
        x = torch.randn(n, 3, 32, 32, device=device)
        for i in reversed(range(self.T)):
            t = torch.full((n,), i, device=device, dtype=torch.long)
            eps = net(x, t)
            a, ab, b = self.alphas[i], self.abar[i], self.betas[i]
            x = (x - b / (1 - ab).sqrt() * eps) / a.sqrt()
            if i > 0:
                x = x + b.sqrt() * torch.randn_like(x)
        return x.clamp(-1, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iters", type=int, default=200_000)
    ap.add_argument("--bs", type=int, default=128)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--sample-every", type=int, default=5000)
    ap.add_argument("--out", default="ddpm_out")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    device = "cuda" if torch.cuda.is_available() else "cpu"

    ds = torchvision.datasets.CIFAR10("data", train=True, download=True, transform=T.Compose([
        T.RandomHorizontalFlip(), T.ToTensor(), T.Normalize((0.5,) * 3, (0.5,) * 3)]))
    loader = torch.utils.data.DataLoader(ds, args.bs, shuffle=True, num_workers=4, drop_last=True)

    model = SmallUNet().to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    ema = EMA(model, decay=0.9999)
    diffusion = Diffusion(device=device)

    step = 0
    while step < args.iters:
        for x0, _ in loader:
            model.train()
            x0 = x0.to(device)
            t = torch.randint(0, diffusion.T, (x0.size(0),), device=device)
            noise = torch.randn_like(x0)
            loss = F.mse_loss(model(diffusion.q_sample(x0, t, noise), t), noise)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            ema.update(model)
            step += 1

            if step % 500 == 0:
                print(f"step {step} loss {loss.item():.4f}")
            if step % args.sample_every == 0:
                imgs = diffusion.sample(ema.shadow, 64, device)
                save_image(imgs * 0.5 + 0.5, f"{args.out}/sample_{step:07d}.png", nrow=8)
                torch.save({"model": model.state_dict(), "ema": ema.state_dict(),
                            "opt": opt.state_dict(), "step": step}, f"{args.out}/ckpt.pt")
            if step >= args.iters:
                break


if __name__ == "__main__":
    main()
