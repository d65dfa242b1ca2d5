#!/usr/bin/env python3
"""PyTorch reference for p2pgrid's `train` benchmark (Sources/Benchmarks/TrainBenchmark.swift).

The same predictor as p2pgrid's Learning module (DESIGN.md §6), written the
plain eager way: a linear embedding of the F features of each MG token plus a
learned MG-slot embedding, L pre-LayerNorm encoder layers (multi-head
self-attention over the tokens, GELU feed-forward block), a final LayerNorm,
a per-token head (P_acc, curtailment logit) and a proposal head on the mean of
the token states — 67,907 parameters at d 64, 4 heads, L 2, FFN 128, M 4, F 5.
Training as p2pgrid's: loss MSE + w·(token BCE + proposal BCE) with w = 1,
Adam (β 0.9/0.999, ε 1e-8) with warm-up + cosine learning rate, global-norm
clipping at 1, batch 256, one shuffle per epoch; synthetic data of the same
sizes and construction as the Swift benchmark's (values do not change the
work done).

Threads: `--threads` sets PyTorch's intra-op threads. Unless the environment
sets them, two more settings give PyTorch its best on a shared 2-core machine:
OPENBLAS_NUM_THREADS=1 — Debian's PyTorch calls OpenBLAS, whose own thread
pool torch.set_num_threads does not limit, and whose threads then compete
with PyTorch's (as in p2pgrid, every product runs on one thread) — and
OMP_WAIT_POLICY=PASSIVE, because libgomp's spinning threads starve each other
when other jobs hold the cores (2 threads trained 3.5× slower with the default
active waiting at a load average of 3.5, and no faster than 1 thread with
passive waiting).

Prints one JSON object: the versions, thread count, parameter count, the
timed epochs and inference latencies, measured like the Swift suite (median
of 5 epochs after 1 warm-up epoch; single-sample inference as the median over
15 runs of 1000 calls; batch-1024 inference as the median of 30 runs after
one warm-up).
"""
import argparse
import json
import math
import os
import platform
import resource
import statistics
import sys
import time


os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402 (after the thread settings, which are read when torch loads)
from torch import nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


class EncoderLayer(nn.Module):
    """Pre-LayerNorm encoder layer: x + attn(LN1(x)), then + FFN(LN2(·))."""

    def __init__(self, width, heads, feed_forward):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.attn_out = nn.Linear(width, width)
        self.ln2 = nn.LayerNorm(width)
        self.ffn_in = nn.Linear(width, feed_forward)
        self.ffn_out = nn.Linear(feed_forward, width)

    def forward(self, x):
        batch, tokens, width = x.shape
        head_size = width // self.heads
        q, k, v = self.qkv(self.ln1(x)).split(width, dim=-1)
        q, k, v = (t.view(batch, tokens, self.heads, head_size).transpose(1, 2) for t in (q, k, v))
        attention = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(head_size), dim=-1)
        y = (attention @ v).transpose(1, 2).reshape(batch, tokens, width)
        x = x + self.attn_out(y)
        return x + self.ffn_out(F.gelu(self.ffn_in(self.ln2(x))))


class Predictor(nn.Module):
    """The transformer predictor; returns token outputs [B, M, 2] and acceptance logits [B]."""

    def __init__(self, features, tokens, width=64, heads=4, layers=2, feed_forward=128):
        super().__init__()
        self.embedding = nn.Linear(features, width)
        self.slot_embedding = nn.Parameter(0.02 * torch.randn(tokens, width))
        self.layers = nn.ModuleList(EncoderLayer(width, heads, feed_forward) for _ in range(layers))
        self.final_ln = nn.LayerNorm(width)
        self.head = nn.Linear(width, 2)
        self.proposal_head = nn.Linear(width, 1)

    def forward(self, x):
        h = self.embedding(x) + self.slot_embedding
        for layer in self.layers:
            h = layer(h)
        h = self.final_ln(h)
        return self.head(h), self.proposal_head(h.mean(dim=1)).squeeze(-1)


def synthetic_data(samples, tokens, features, generator):
    """The Swift benchmark's construction: P_acc-like targets that need the other MGs."""
    inputs = torch.randn(samples, tokens, features, generator=generator)
    net = inputs[..., 2]
    targets = net - net.mean(dim=1, keepdim=True) + 0.3 * inputs[..., 0]
    curtailed = (net - targets > 0.5).float()
    accepted = (curtailed.sum(dim=1) == 0).float()
    # Standardised as p2pgrid's trainer does (statistics of the training split, here all samples).
    inputs = (inputs - inputs.mean(dim=(0, 1))) / inputs.std(dim=(0, 1))
    targets = (targets - targets.mean()) / targets.std()
    return inputs, targets, curtailed, accepted


def quartile_spread(values):
    """q(0.75) − q(0.25) with the Swift suite's nearest-rank quantiles."""
    s = sorted(values)
    q = lambda p: s[min(len(s) - 1, math.floor((len(s) - 1) * p + 0.5))]
    return q(0.75) - q(0.25)


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=20_000)
    parser.add_argument("--tokens", type=int, default=4)
    parser.add_argument("--features", type=int, default=5)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--epochs", type=int, default=5, help="timed epochs, after one warm-up epoch")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()

    torch.set_num_threads(arguments.threads)
    torch.manual_seed(arguments.seed)
    generator = torch.Generator().manual_seed(arguments.seed)
    inputs, targets, curtailed, accepted = synthetic_data(arguments.samples, arguments.tokens, arguments.features, generator)
    model = Predictor(arguments.features, arguments.tokens)
    parameters = sum(p.numel() for p in model.parameters())

    total_epochs = 100
    steps_per_epoch = math.ceil(arguments.samples / arguments.batch)
    total_steps, warmup_steps = total_epochs * steps_per_epoch, round(0.05 * total_epochs * steps_per_epoch)
    peak, minimum = 1e-3, 1e-5
    optimizer = torch.optim.Adam(model.parameters(), lr=peak, betas=(0.9, 0.999), eps=1e-8)

    def learning_rate(step):
        if step < warmup_steps:
            return peak * (step + 1) / warmup_steps
        progress = min((step - warmup_steps) / max(total_steps - warmup_steps, 1), 1)
        return minimum + 0.5 * (peak - minimum) * (1 + math.cos(math.pi * progress))

    step = 0

    def epoch():
        nonlocal step
        model.train()
        order = torch.randperm(arguments.samples, generator=generator)
        for start in range(0, arguments.samples, arguments.batch):
            batch = order[start:start + arguments.batch]
            tokens, acceptance = model(inputs[batch])
            loss = (F.mse_loss(tokens[..., 0], targets[batch])
                    + F.binary_cross_entropy_with_logits(tokens[..., 1], curtailed[batch])
                    + F.binary_cross_entropy_with_logits(acceptance, accepted[batch]))
            for group in optimizer.param_groups:
                group["lr"] = learning_rate(step)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            step += 1

    epoch()
    epoch_seconds = []
    cpu_start = cpu_seconds()
    for _ in range(arguments.epochs):
        start = time.perf_counter()
        epoch()
        epoch_seconds.append(time.perf_counter() - start)
    cpu_per_epoch = (cpu_seconds() - cpu_start) / arguments.epochs

    model.eval()
    with torch.inference_mode():
        one = inputs[:1]
        calls = 1000
        model(one)
        single = []
        for _ in range(15):
            start = time.perf_counter()
            for _ in range(calls):
                model(one)
            single.append((time.perf_counter() - start) / calls)
        batch_inputs = inputs[:1024]
        model(batch_inputs)
        batch = []
        for _ in range(30):
            start = time.perf_counter()
            model(batch_inputs)
            batch.append(time.perf_counter() - start)

    median_epoch = statistics.median(epoch_seconds)
    config = torch.__config__.show()
    blas = next((item.split("=", 1)[1] for line in config.splitlines() for item in line.replace(",", " ").split()
                 if item.startswith("BLAS_INFO=")), "unknown")
    json.dump({
        "torch": torch.__version__,
        "python": platform.python_version(),
        "blas": blas,
        "mkldnn": torch.backends.mkldnn.is_available(),
        "threads": torch.get_num_threads(),
        "openblas_threads": os.environ["OPENBLAS_NUM_THREADS"],
        "omp_wait_policy": os.environ["OMP_WAIT_POLICY"],
        "parameters": parameters,
        "samples": arguments.samples,
        "batch": arguments.batch,
        "epoch_seconds": epoch_seconds,
        "median_epoch_seconds": median_epoch,
        "iqr_epoch_seconds": quartile_spread(epoch_seconds),
        "samples_per_second": arguments.samples / median_epoch,
        "cpu_seconds_per_epoch": cpu_per_epoch,
        "single_inference_seconds": statistics.median(single),
        "batch_inference_seconds": statistics.median(batch),
    }, sys.stdout)
    print()


if __name__ == "__main__":
    main()
