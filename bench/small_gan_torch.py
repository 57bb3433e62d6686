"""PyTorch reference for bench/small-gan.bench.ts: the lessons' small GAN step (lesson 06's standard GAN: generator
16 -> 64 -> 64 -> 2, discriminator 2 -> 64 -> 64 -> 1, ReLU, batch 128, one discriminator step per generator step,
the minimax discriminator loss and the non-saturating generator loss on logits, Adam 1e-3 with betas (0.5, 0.999))
on the 8 Gaussians. Pinned: float32, 2 threads, eager autograd, no torch.compile. Prints one JSON line: per-step ms.

Usage: python small_gan_torch.py STEPS WARMUP
"""
import math
import sys

import torch
from torch import nn
import torch.nn.functional as F

from torch_timing import report, time_calls

steps, warmup = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(2)
torch.manual_seed(0)
B, H, LATENT = 128, 64, 16


def mlp(inp, out):
    return nn.Sequential(nn.Linear(inp, H), nn.ReLU(), nn.Linear(H, H), nn.ReLU(), nn.Linear(H, out))


G, D = mlp(LATENT, 2), mlp(2, 1)
optG = torch.optim.Adam(G.parameters(), lr=1e-3, betas=(0.5, 0.999))
optD = torch.optim.Adam(D.parameters(), lr=1e-3, betas=(0.5, 0.999))
r = math.sqrt(2)
centres = torch.tensor([[r * math.cos(k * math.pi / 4), r * math.sin(k * math.pi / 4)] for k in range(8)])
ones, zeros = torch.ones(B, 1), torch.zeros(B, 1)


def data():
    return centres[torch.randint(0, 8, (B,))] + 0.0141 * torch.randn(B, 2)


def step():
    real = data()
    with torch.no_grad():
        fake = G(torch.randn(B, LATENT))
    loss = F.binary_cross_entropy_with_logits(D(real), ones) + F.binary_cross_entropy_with_logits(D(fake), zeros)
    optD.zero_grad(set_to_none=True)
    loss.backward()
    optD.step()
    gl = F.binary_cross_entropy_with_logits(D(G(torch.randn(B, LATENT))), ones)   # -E log D(G(z))
    optG.zero_grad(set_to_none=True)
    gl.backward()
    optG.step()


report(time_calls(step, steps, warmup))
