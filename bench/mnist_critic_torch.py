"""PyTorch reference for bench/mnist-critic.bench.ts: lesson 08's networks and steps on MNIST-sized batches.
Critic: 1x28x28 -> Conv2d(1, 16, 4, stride 2, padding 1) LeakyReLU(0.2) -> Conv2d(16, 32, 4, 2, 1) LeakyReLU(0.2) ->
Linear(7*7*32, 1) (TensorFlow's 'same' padding pads one pixel on each side here, as padding=1 does). Generator: 64 ->
Linear(64, 7*7*64) ReLU -> ConvTranspose2d(64, 32, 4, 2, 1) ReLU -> ConvTranspose2d(32, 1, 4, 2, 1) Tanh. Batch 64.
Times one WGAN-GP critic update (Wasserstein loss + gradient penalty, lambda 10, Adam), a whole WGAN-GP generator step
(5 critic updates, then the generator update) and a whole WGAN step with clipping (RMSProp 5e-5, c = 0.01).
Real batches are random [-1, 1] images (the data's values do not change the arithmetic). Pinned: float32, 2 threads,
eager autograd, no torch.compile; threads: TORCH_THREADS (default 2). Prints one JSON line: per-call ms of each part.

Usage: python mnist_critic_torch.py STEPS WARMUP
"""
import os
import sys

import torch
from torch import nn

from torch_timing import report, time_calls

steps, warmup = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))  # the bench also runs it with 1
torch.manual_seed(0)
B, Z = 64, 64


def critic():
    return nn.Sequential(nn.Conv2d(1, 16, 4, 2, 1), nn.LeakyReLU(0.2), nn.Conv2d(16, 32, 4, 2, 1), nn.LeakyReLU(0.2), nn.Flatten(), nn.Linear(7 * 7 * 32, 1))


def generator():
    return nn.Sequential(nn.Linear(Z, 7 * 7 * 64), nn.ReLU(), nn.Unflatten(1, (64, 7, 7)), nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(),
                         nn.ConvTranspose2d(32, 1, 4, 2, 1), nn.Tanh())


def real():
    return torch.rand(B, 1, 28, 28) * 2 - 1


def make(clip):
    G, D = generator(), critic()
    if clip:
        return G, D, torch.optim.RMSprop(G.parameters(), lr=5e-5), torch.optim.RMSprop(D.parameters(), lr=5e-5)
    return G, D, torch.optim.Adam(G.parameters(), lr=5e-4, betas=(0.5, 0.9)), torch.optim.Adam(D.parameters(), lr=5e-4, betas=(0.5, 0.9))


def critic_update(G, D, optD, clip):
    x = real()
    with torch.no_grad():
        fake = G(torch.randn(B, Z))
    loss = D(fake).mean() - D(x).mean()
    if not clip:
        eps = torch.rand(B, 1, 1, 1)
        interp = (eps * x + (1 - eps) * fake).requires_grad_(True)
        grad = torch.autograd.grad(D(interp).sum(), interp, create_graph=True)[0]
        loss = loss + 10 * ((grad.square().sum((1, 2, 3)) + 1e-12).sqrt() - 1).square().mean()
    optD.zero_grad(set_to_none=True)
    loss.backward()
    optD.step()
    if clip:
        with torch.no_grad():
            for p in D.parameters():
                p.clamp_(-0.01, 0.01)


def generator_step(G, D, optG, optD, clip):
    for _ in range(5):
        critic_update(G, D, optD, clip)
    loss = -D(G(torch.randn(B, Z))).mean()
    optG.zero_grad(set_to_none=True)
    loss.backward()
    optG.step()


gp = make(False)
clipped = make(True)
G, D, optG, optD = gp
out = {
    "critic update (GP)": time_calls(lambda: critic_update(G, D, optD, False), 5 * steps, warmup),
    "generator step (GP)": time_calls(lambda: generator_step(G, D, optG, optD, False), steps, warmup),
    "generator step (clipping)": time_calls(lambda: generator_step(clipped[0], clipped[1], clipped[2], clipped[3], True), steps, warmup),
}
report(out["critic update (GP)"], **out)
