"""What the PyTorch twins of the side-by-side benchmarks share (live_step_torch.py,
learner_step_torch.py): which BLAS is loaded, the single-thread sgemm ceiling, and the
stdin/stdout protocol: the first line printed describes torch, its BLAS and the model; then
each "STEPS n" is answered with the n step times in milliseconds, space-separated, "SGEMM"
with the sgemm rate measured again (GFLOP/s; under load the best of several is the ceiling);
"QUIT" ends.
"""
import sys
import time

import torch


def loaded_blas():
    with open('/proc/self/maps') as maps:
        libs = {line.split()[-1] for line in maps if 'blas' in line.lower() or 'mkl' in line.lower()}
    return ', '.join(sorted(p for p in libs if p.startswith('/'))) or 'none mapped'


def sgemm_gflops(n=1024, reps=5):
    """The machine's practical single-thread ceiling: the best of a few float32 n³ products."""
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    torch.mm(a, b)
    best = min(timed(lambda: torch.mm(a, b)) for _ in range(reps))
    return 2 * n ** 3 / best / 1e9


def timed(f):
    started = time.perf_counter()
    f()
    return time.perf_counter() - started


def serve(step, model):
    """Print the banner, then time `step` on request until QUIT."""
    print(f'torch {torch.__version__}, {torch.get_num_threads()} thread; BLAS loaded: {loaded_blas()}; {model}; single-thread sgemm 1024³: {sgemm_gflops():.1f} GFLOP/s', flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == 'QUIT':
            break
        if words[0] == 'SGEMM':
            print(f'{sgemm_gflops():.2f}', flush=True)
            continue
        times = []
        for _ in range(int(words[1])):
            started = time.perf_counter()
            step()
            times.append((time.perf_counter() - started) * 1000)
        print(' '.join(f'{t:.4f}' for t in times), flush=True)
