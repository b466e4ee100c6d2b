"""Physics-informed NN for 1D viscous Burgers: u_t + u u_x - (0.01/pi) u_xx = 0."""
import argparse
import math

import numpy as np
import torch
import torch.nn as nn

NU = 0.01 / math.pi


class PINN(nn.Module):
    def __init__(self, layers=(2, 20, 20, 20, 20, 20, 20, 20, 20, 1)):
        super().__init__()
        mods = []
        for i in range(len(layers) - 2):
            mods += [nn.Linear(layers[i], layers[i + 1]), nn.Tanh()]
        mods.append(nn.Linear(layers[-2], layers[-1]))
        self.net = nn.Sequential(*mods)
        for m in self.net:
            if isinstance(m, nn.Linear):
                nn.init.xavier_normal_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x, t):
        return self.net(torch.cat([x, t], dim=1))


def residual(model, x, t):
    x.requires_grad_(True)
    t.requires_grad_(True)
    u = model(x, t)
    ones = torch.ones_like(u)
    u_t = torch.autograd.grad(u, t, ones, create_graph=True)[0]
    u_x = torch.autograd.grad(u, x, ones, create_graph=True)[0]
    u_xx = torch.autograd.grad(u_x, x, torch.ones_like(u_x), create_graph=True)[0]
    return u_t + u * u_x - NU * u_xx


def sample_points(n_f, n_b, device):
    x_f = torch.rand(n_f, 1, device=device) * 2 - 1
    t_f = torch.rand(n_f, 1, device=device)
    # initial condition u(x, 0) = -sin(pi x)
    x0 = torch.rand(n_b, 1, device=device) * 2 - 1
    t0 = torch.zeros_like(x0)
    u0 = -torch.sin(math.pi * x0)
    # boundary u(+-1, t) = 0
    tb = torch.rand(n_b, 1, device=device)
    xb = torch.where(torch.rand(n_b, 1, device=device) < 0.5, -1.0, 1.0)
    ub = torch.zeros_like(tb)
    return (x_f, t_f), (torch.cat([x0, xb]), torch.cat([t0, tb]), torch.cat([u0, ub]))


def pinn_loss(model, colloc, data):
    x_f, t_f = colloc
    x_d, t_d, u_d = data
    mse_u = torch.mean((model(x_d, t_d) - u_d) ** 2)
    mse_f = torch.mean(residual(model, x_f, t_f) ** 2)
    return mse_u + mse_f, mse_u.detach(), mse_f.detach()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n-colloc", type=int, default=10000)
    ap.add_argument("--n-bc", type=int, default=200)
    ap.add_argument("--adam-iters", type=int, default=2000)
    ap.add_argument("--lbfgs-iters", type=int, default=5000)
    args = ap.parse_args()

    torch.manual_seed(1234)
    np.random.seed(1234)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = PINN().to(device)
    colloc, data = sample_points(args.n_colloc, args.n_bc, device)

    # phase 1: Adam warm start
    adam = torch.optim.Adam(model.parameters(), lr=1e-3)
    for it in range(args.adam_iters):
        adam.zero_grad()
        loss, mse_u, mse_f = pinn_loss(model, colloc, data)
        loss.backward()
        adam.step()
        if it % 500 == 0:
            print(f"[adam {it}] loss {loss.item():.3e} (u {mse_u.item():.2e}, f {mse_f.item():.2e})")

    # phase 2: full-batch L-BFGS
    lbfgs = torch.optim.LBFGS(model.parameters(), lr=1.0, max_iter=args.lbfgs_iters,
                              max_eval=int(args.lbfgs_iters * 1.25), history_size=50,
                              tolerance_grad=1e-7, tolerance_change=1.0 * np.finfo(float).eps,
                              line_search_fn="strong_wolfe")
    n_calls = [0]

    def closure():
        lbfgs.zero_grad()
        loss, mse_u, mse_f = pinn_loss(model, colloc, data)
        loss.backward()
        n_calls[0] += 1
        if n_calls[0] % 200 == 0:
            print(f"[lbfgs {n_calls[0]}] loss {loss.item():.3e} (u {mse_u.item():.2e}, f {mse_f.item():.2e})")
        return loss

    model.train()
    lbfgs.step(closure)

    model.eval()
    x = torch.linspace(-1, 1, 256, device=device).view(-1, 1)
    with torch.no_grad():
        for t_val in (0.25, 0.5, 0.75):
            u = model(x, torch.full_like(x, t_val))
            print(f"t={t_val}: u range [{u.min().item():.3f}, {u.max().item():.3f}]")
    torch.save(model.state_dict(), "pinn_burgers.pt")


if __name__ == "__main__":
    main()
