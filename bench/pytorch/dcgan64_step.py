#!/usr/bin/env python3
"""The trainer's DCGAN-64 training step in PyTorch eager, for comparison only (not part of the product).

Same networks as io.ganzoo.trainer.nn.Dcgan.generator64/discriminator64 (Radford et al. 2016): G = Linear(z, 8 ngf x 4
x 4, no bias) + BN + ReLU, three ConvT(k4 s2 p1) + BN + ReLU, ConvT to 3 x 64 x 64 + Tanh; D = four Conv(k4 s2 p1) with
LeakyReLU(0.2), BN on all but the first, then Linear(1). One step = one D update (real and detached fake, BCE with
logits) + one G update (non-saturating), Adam 2e-4 (0.5, 0.999), batch 64, latent 100, float32.

usage: OMP_NUM_THREADS=2 python3 bench/pytorch/dcgan64_step.py [--width 64] [--threads 2] [--steps 40]
prints the median and quartiles of the milliseconds per step after 10 warm-up steps.
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn


def generator(ngf, latent=100, channels=3):
    return nn.Sequential(
        nn.Linear(latent, 8 * ngf * 16, bias=False), nn.BatchNorm1d(8 * ngf * 16), nn.ReLU(),
        nn.Unflatten(1, (8 * ngf, 4, 4)),
        nn.ConvTranspose2d(8 * ngf, 4 * ngf, 4, 2, 1, bias=False), nn.BatchNorm2d(4 * ngf), nn.ReLU(),
        nn.ConvTranspose2d(4 * ngf, 2 * ngf, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * ngf), nn.ReLU(),
        nn.ConvTranspose2d(2 * ngf, ngf, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf), nn.ReLU(),
        nn.ConvTranspose2d(ngf, channels, 4, 2, 1, bias=True), nn.Tanh())


def discriminator(ndf, channels=3):
    return nn.Sequential(
        nn.Conv2d(channels, ndf, 4, 2, 1, bias=True), nn.LeakyReLU(0.2),
        nn.Conv2d(ndf, 2 * ndf, 4, 2, 1, bias=False), nn.BatchNorm2d(2 * ndf), nn.LeakyReLU(0.2),
        nn.Conv2d(2 * ndf, 4 * ndf, 4, 2, 1, bias=False), nn.BatchNorm2d(4 * ndf), nn.LeakyReLU(0.2),
        nn.Conv2d(4 * ndf, 8 * ndf, 4, 2, 1, bias=False), nn.BatchNorm2d(8 * ndf), nn.LeakyReLU(0.2),
        nn.Flatten(), nn.Linear(8 * ndf * 16, 1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=40)
    p.add_argument("--batch", type=int, default=64)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(7)
    g, d = generator(a.width), discriminator(a.width)
    og = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999))
    od = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    real = torch.rand(a.batch, 3, 64, 64) * 2 - 1
    ones, zeros = torch.ones(a.batch, 1), torch.zeros(a.batch, 1)
    times = []
    for step in range(10 + a.steps):
        t0 = time.perf_counter()
        od.zero_grad(set_to_none=True)
        fake = g(torch.randn(a.batch, 100)).detach()
        loss_d = bce(d(real), ones) + bce(d(fake), zeros)
        loss_d.backward()
        od.step()
        og.zero_grad(set_to_none=True)
        loss_g = bce(d(g(torch.randn(a.batch, 100))), ones)
        loss_g.backward()
        og.step()
        if step >= 10:
            times.append((time.perf_counter() - t0) * 1000)
    q = statistics.quantiles(times, n=4)
    print(f"pytorch {torch.__version__} eager, DCGAN-64 width {a.width}, batch {a.batch}, {a.threads} threads: "
          f"median {statistics.median(times):.1f} ms per D+G step (quartiles {q[0]:.1f}-{q[2]:.1f}), {a.steps} steps")


if __name__ == "__main__":
    main()
