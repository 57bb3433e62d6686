"""PyTorch reference for bench/wgan-gp.bench.ts: the same WGAN-GP toy step (gan_toy.py's sizes: generator and
critic 2 -> 512 -> 512 -> 512 -> out, ReLU, batch 256, 5 critic iterations per generator step, Adam 1e-4 with
betas (0.5, 0.9), lambda 0.1) on 8-Gaussians-like data. Pinned: float32, 2 threads, eager autograd, no
torch.compile. Prints one JSON line: per-generator-step times in ms, and the bare 256 x 512 x 512 matrix product's.

Usage: python wgan_gp_torch.py STEPS WARMUP
"""
import sys

import torch
from torch import nn

from torch_timing import report, time_calls

steps, warmup = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(2)
torch.manual_seed(0)
B, H, LAMBDA, CRITIC_ITERS = 256, 512, 0.1, 5


def mlp(out):
    return nn.Sequential(nn.Linear(2, H), nn.ReLU(), nn.Linear(H, H), nn.ReLU(), nn.Linear(H, H), nn.ReLU(), nn.Linear(H, out))


G, D = mlp(2), mlp(1)
optG = torch.optim.Adam(G.parameters(), lr=1e-4, betas=(0.5, 0.9))
optD = torch.optim.Adam(D.parameters(), lr=1e-4, betas=(0.5, 0.9))
centres = torch.tensor([[1, 0], [-1, 0], [0, 1], [0, -1], [0.7071, 0.7071], [0.7071, -0.7071], [-0.7071, 0.7071], [-0.7071, -0.7071]]) * 2


def data():
    return (centres[torch.randint(0, 8, (B,))] + 0.02 * torch.randn(B, 2)) / 1.414


def step():
    for _ in range(CRITIC_ITERS):
        real = data()
        with torch.no_grad():
            fake = G(torch.randn(B, 2))
        eps = torch.rand(B, 1)
        interp = (eps * real + (1 - eps) * fake).requires_grad_(True)
        grad = torch.autograd.grad(D(interp).sum(), interp, create_graph=True)[0]
        gp = LAMBDA * ((grad.square().sum(1) + 1e-12).sqrt() - 1).square().mean()
        loss = D(fake).mean() - D(real).mean() + gp
        optD.zero_grad(set_to_none=True)
        loss.backward()
        optD.step()
    gl = -D(G(torch.randn(B, 2))).mean()
    optG.zero_grad(set_to_none=True)
    gl.backward()
    optG.step()


times = time_calls(step, steps, warmup)
# The floor of the step: the bare product of a batch with a 512 x 512 weight (median of 200 calls, in ms).
a, w = torch.randn(B, H), torch.randn(H, H)
mm = sorted(time_calls(lambda: a @ w, 200, 20))
report(times, matmulMs=mm[len(mm) // 2])
