# The PyTorch side of `make bench` (embedlab bench runs it when python3-torch is
# installed; nothing else does). It times the same shapes as embedlab with the same
# thread count and prints one JSON object per line: {"name", "path", "pass", "V", "C",
# "N", "threads", "seconds"} with the median of RUNS runs after a warm-up.
#   torch_peer.py embedding THREADS RUNS V:C:N ...
#   torch_peer.py train THREADS RUNS B T V C STEPS
import json
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def median_seconds(fn, runs):
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def emit(**kw):
    print(json.dumps(kw), flush=True)


def embedding(threads, runs, shapes):
    g = torch.Generator().manual_seed(0)
    for shape in shapes:
        V, C, N = (int(v) for v in shape.split(":"))
        emb = nn.Embedding(V, C)
        ids = torch.randint(0, V, (N,), generator=g)
        dout = torch.randn(N, C, generator=g)

        def fwd():
            with torch.no_grad():
                emb(ids)

        def fwd_bwd():
            emb.weight.grad = None
            emb(ids).backward(dout)

        emit(name="nn.Embedding", path="torch-lookup", **{"pass": "forward"}, V=V, C=C, N=N,
             threads=threads, seconds=median_seconds(fwd, runs))
        emit(name="nn.Embedding", path="torch-lookup", **{"pass": "forward+backward"}, V=V, C=C,
             N=N, threads=threads, seconds=median_seconds(fwd_bwd, runs))
        if N * V * 4 <= 2e9:
            x = F.one_hot(ids, V).float()
            W = emb.weight.detach()

            def onehot():
                x @ W

            emit(name="one_hot @ W", path="torch-onehot", **{"pass": "forward"}, V=V, C=C, N=N,
                 threads=threads, seconds=median_seconds(onehot, runs))


class Twin(nn.Module):
    def __init__(self, V, C, T):
        super().__init__()
        self.tok = nn.Embedding(V, C)
        self.pos = nn.Embedding(T, C)
        self.head = nn.Linear(C, V)

    def forward(self, x, y):
        h = self.tok(x) + self.pos.weight[: x.shape[1]]
        logits = self.head(h)
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))


def train(threads, runs, B, T, V, C, steps):
    torch.manual_seed(0)
    model = Twin(V, C, T)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    data = torch.randint(0, V, (steps, B, T + 1))

    def run():
        for s in range(steps):
            x, y = data[s, :, :-1], data[s, :, 1:]
            opt.zero_grad()
            model(x, y).backward()
            opt.step()

    secs = median_seconds(run, runs)
    emit(name="twin training", path="torch", **{"pass": "train step"}, V=V, C=C, N=B * T,
         threads=threads, seconds=secs / steps, tokens_per_s=B * T * steps / secs)


def main():
    what, threads, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    if what == "embedding":
        embedding(threads, runs, sys.argv[4:])
    elif what == "train":
        train(threads, runs, *(int(v) for v in sys.argv[4:9]))
    else:
        sys.exit("unknown benchmark " + what)


if __name__ == "__main__":
    main()
