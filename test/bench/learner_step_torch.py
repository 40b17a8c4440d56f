"""PyTorch twin of archwalk's learner step, driven by test/bench/learner-compare.ts.

The same Q-network as src-main/nas/agent/q-network.ts (token embedding + sinusoidal positions,
L pre-LN encoder layers with h-head self-attention over masked padding, dropout on the attention
probabilities and on both residual branches, ReLU FFN, a final layer norm, a 2-output head per
token), the dueling aggregation of dueling.ts, and the full step of learner.ts: a
priority-proportional sample with importance weights, online and target Q of the next
observations, double-DQN targets, the weighted Huber loss, backward, Adam with global-norm
clipping, new priorities |TD|, the target copy every U steps. The replay holds the transitions
archwalk's bench wrote; sampling is numpy's (cumulative sums), not a sum tree.

Protocol (stdin/stdout, one line each): "STEPS n" is answered with the n step times in
milliseconds; "QUIT" ends it. The first line says which torch and which BLAS is loaded, the
parameter count and the single-thread sgemm rate.

    python3 learner_step_torch.py DIR   (DIR/meta.json and the .f32/.i32 arrays it names)
"""
import json
import math
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_twin import serve

MASK_NEGATIVE = -1e9


def positional_encoding(tokens, dim):
    pe = np.zeros((tokens, dim), dtype=np.float32)
    for pos in range(tokens):
        for i in range(dim):
            angle = pos / math.pow(10000, (2 * (i // 2)) / dim)
            pe[pos, i] = math.sin(angle) if i % 2 == 0 else math.cos(angle)
    return torch.from_numpy(pe)


class EncoderLayer(nn.Module):
    def __init__(self, d, heads, ffn, dropout):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d, eps=1e-5)
        self.qkv = nn.Linear(d, 3 * d)
        self.out = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d, eps=1e-5)
        self.ff1 = nn.Linear(d, ffn)
        self.ff2 = nn.Linear(ffn, d)
        self.dropout = dropout

    def forward(self, h, mask):
        b, t, d = h.shape
        dh = d // self.heads
        q, k, v = self.qkv(self.ln1(h)).view(b, t, 3, self.heads, dh).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(dh) + mask
        probs = F.dropout(torch.softmax(scores, -1), self.dropout, self.training)
        o = (probs @ v).transpose(1, 2).reshape(b, t, d)
        h = h + F.dropout(self.out(o), self.dropout, self.training)
        return h + F.dropout(self.ff2(F.relu(self.ff1(self.ln2(h)))), self.dropout, self.training)


class QNetwork(nn.Module):
    def __init__(self, shape):
        super().__init__()
        d = shape['latentDim']
        self.tokens = shape['maxNeighbours'] + 1
        self.embed = nn.Linear(shape['encodingSize'], d)
        self.register_buffer('pe', positional_encoding(self.tokens, d))
        self.layers = nn.ModuleList(EncoderLayer(d, shape['heads'], shape['ffnDim'], shape['dropout']) for _ in range(shape['layers']))
        self.final = nn.LayerNorm(d, eps=1e-5)
        self.head = nn.Linear(d, 2)

    def forward(self, x, counts):
        """Dueling Q [B, N] with -inf at padded actions."""
        b = x.shape[0]
        positions = torch.arange(self.tokens)
        real = positions[None, :] <= counts[:, None]  # token 0 and the real neighbours
        mask = torch.where(real, 0.0, MASK_NEGATIVE)[:, None, None, :]
        h = self.embed(x) + self.pe
        for layer in self.layers:
            h = layer(h, mask)
        out = self.head(self.final(h))
        value = out[:, 0, 0:1]
        advantage = out[:, 1:, 1]
        actions = real[:, 1:]
        mean = (advantage * actions).sum(1, keepdim=True) / counts.clamp(min=1)[:, None]
        return torch.where(actions, value + advantage - mean, torch.tensor(float('-inf')))


def load(directory):
    with open(f'{directory}/meta.json') as f:
        meta = json.load(f)
    arrays = {}
    for name, dtype in meta['arrays'].items():
        arrays[name] = torch.from_numpy(np.fromfile(f'{directory}/{name}', dtype=np.float32 if dtype == 'f32' else np.int32))
    return meta, arrays


def torch_name(name):
    """archwalk's parameter name (q-network.ts) → this module's: w/b → weight/bias, gamma/beta → weight/bias."""
    parts = name.split('.')
    if parts[0].startswith('l') and parts[0][1:].isdigit():
        parts[0] = f'layers.{parts[0][1:]}'
    parts[-1] = {'w': 'weight', 'b': 'bias', 'gamma': 'weight', 'beta': 'bias'}[parts[-1]]
    return '.'.join(parts)


def load_archwalk_weights(net, specs, flat, x, counts, q_expected):
    """Copy archwalk's weights ([in, out] matrices, transposed here) and return the largest |ΔQ| on x."""
    state = {'pe': net.pe}
    offset = 0
    for spec in specs:
        n = int(np.prod(spec['shape']))
        value = flat[offset:offset + n].view(*spec['shape'])
        offset += n
        state[torch_name(spec['name'])] = value.t().contiguous() if value.dim() == 2 else value
    net.load_state_dict(state, strict=True)
    net.eval()
    with torch.no_grad():
        q = net(x, counts).flatten()
    finite = torch.isfinite(q_expected)
    if not torch.equal(finite, torch.isfinite(q)):
        raise SystemExit('the PyTorch Q-network pads other actions than archwalk\'s: the twin is wrong')
    difference = (q[finite] - q_expected[finite]).abs().max().item()
    if difference > 1e-5 + 1e-3 * q_expected[finite].abs().max().item():
        raise SystemExit(f'the PyTorch Q-values differ from archwalk\'s by {difference}: the twin is wrong')
    return difference


def huber(x, delta=1.0):
    a = x.abs()
    return torch.where(a <= delta, 0.5 * x * x, delta * (a - 0.5 * delta))


def main():
    directory = sys.argv[1]
    torch.set_num_threads(1)
    torch.manual_seed(0)
    meta, a = load(directory)
    shape, hyper = meta['shape'], meta['hyper']
    size, tokens, enc = meta['size'], shape['maxNeighbours'] + 1, shape['encodingSize']
    obs = a['obs.f32'].view(size, tokens, enc)
    nxt = a['next.f32'].view(size, tokens, enc)
    obs_counts, next_counts = a['obsCounts.i32'].long(), a['nextCounts.i32'].long()
    actions, rewards, discounts = a['actions.i32'].long(), a['rewards.f32'], a['discounts.f32']
    online = QNetwork(shape)
    target = QNetwork(shape)
    target.load_state_dict(online.state_dict())
    count = sum(p.numel() for p in online.parameters())
    if count != meta['parameters']:
        raise SystemExit(f"the PyTorch Q-network has {count} parameters, archwalk's {meta['parameters']}: the twin is wrong")
    difference = load_archwalk_weights(online, meta['weights'], a['weights.f32'], nxt[:hyper['batchSize']], next_counts[:hyper['batchSize']], a['q.f32'])
    target.load_state_dict(online.state_dict())
    optimizer = torch.optim.Adam(online.parameters(), lr=hyper['learningRate'])
    priorities = np.ones(size)
    rng = np.random.default_rng(0)
    batch = hyper['batchSize']
    steps = 0

    def step():
        nonlocal steps
        beta = hyper['importanceExponentStart']
        scaled = priorities ** hyper['priorityExponent']
        cumulative = np.cumsum(scaled)
        idx = np.minimum(np.searchsorted(cumulative, rng.random(batch) * cumulative[-1]), size - 1)
        p = scaled / cumulative[-1]
        weights = torch.from_numpy(((size * p[idx]) ** -beta / (size * p.min()) ** -beta).astype(np.float32))
        index = torch.from_numpy(idx)
        with torch.no_grad():
            online.eval()
            best = online(nxt[index], next_counts[index]).argmax(1)
            q_target = target(nxt[index], next_counts[index]).gather(1, best[:, None])[:, 0]
            bootstrap = torch.where(next_counts[index] > 0, q_target, torch.zeros(()))
            y = rewards[index] + discounts[index] * bootstrap
        online.train()
        q = online(obs[index], obs_counts[index]).gather(1, actions[index][:, None])[:, 0]
        td = q - y
        loss = (weights * huber(td)).sum() / batch
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(online.parameters(), hyper['gradientClipNorm'])
        optimizer.step()
        priorities[idx] = td.detach().abs().numpy() + 1e-6
        steps += 1
        if steps % hyper['targetUpdateInterval'] == 0:
            target.load_state_dict(online.state_dict())

    serve(step, f'{count} parameters, Q-values equal to archwalk\'s within {difference:.1e}')

if __name__ == '__main__':
    main()
