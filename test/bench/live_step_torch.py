"""PyTorch twin of archwalk's live-training step, driven by test/bench/live-compare.ts.

Builds the network from the plan archwalk computes (planNetwork in
src-main/nas/live/nb101-network.ts: the same convolutions, channel counts and wiring), then
times full training steps (forward, cross-entropy, backward, Adam with L2 on the conv and
dense weights, batch-norm moving averages) on the batch the caller wrote.

Protocol (stdin/stdout, one line each): the caller sends "STEPS n", the script answers with
the n step times in milliseconds, space-separated; "QUIT" ends it. The first line it prints
says which torch and which BLAS library is loaded.

    python3 live_step_torch.py PLAN.json IMAGES.f32 LABELS.i32
"""
import json
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_twin import serve


class ConvBn(nn.Module):
    def __init__(self, spec, momentum):
        super().__init__()
        size = spec['size']
        self.conv = nn.Conv2d(spec['inChannels'], spec['outChannels'], size, padding=size // 2, bias=False)
        nn.init.kaiming_normal_(self.conv.weight)
        # torch's momentum is the weight of the new batch: archwalk's 0.9 is torch's 0.1.
        self.bn = nn.BatchNorm2d(spec['outChannels'], eps=1e-5, momentum=1 - momentum)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


class Cell(nn.Module):
    def __init__(self, graph, plan, momentum):
        super().__init__()
        self.n = graph['n']
        self.out = graph['out']
        self.channels = plan['channels']
        self.projections = nn.ModuleDict({str(v): ConvBn(p, momentum) for v, p in enumerate(plan['projections']) if p})
        self.convs = nn.ModuleDict({str(v): ConvBn(c, momentum) for v, c in enumerate(plan['vertexConvs']) if c})
        self.output_projection = ConvBn(plan['outputProjection'], momentum) if plan['outputProjection'] else None

    def edge(self, u, v):
        return (self.out[u] >> v) & 1 == 1

    def forward(self, x):
        n = self.n
        values = [x]
        to_output = []
        for v in range(1, n - 1):
            inputs = [values[u][:, : self.channels[v]] for u in range(1, v) if self.edge(u, v)]
            if str(v) in self.projections:
                inputs.append(self.projections[str(v)](x))
            summed = inputs[0] if len(inputs) == 1 else sum(inputs[1:], inputs[0])
            if str(v) in self.convs:
                value = self.convs[str(v)](summed)
            else:
                value = F.max_pool2d(summed, 3, 1, padding=1)
            values.append(value)
            if self.edge(v, n - 1):
                to_output.append(value)
        parts = []
        if to_output:
            parts.append(torch.cat(to_output, 1) if len(to_output) > 1 else to_output[0])
        if self.output_projection is not None:
            parts.append(self.output_projection(x))
        return parts[0] if len(parts) == 1 else parts[0] + parts[1]


class Network(nn.Module):
    def __init__(self, plan, momentum):
        super().__init__()
        self.stem = ConvBn(plan['stem'], momentum)
        self.downsample = [s['downsample'] for s in plan['stacks']]
        self.stacks = nn.ModuleList(nn.ModuleList(Cell(plan['graph'], c, momentum) for c in s['cells']) for s in plan['stacks'])
        self.dense = nn.Linear(plan['denseIn'], plan['classes'])

    def forward(self, x):
        x = self.stem(x)
        for down, cells in zip(self.downsample, self.stacks):
            if down:
                x = F.max_pool2d(x, 2, 2, ceil_mode=True)
            for cell in cells:
                x = cell(x)
        return self.dense(x.mean((2, 3)))


def main():
    plan_path, images_path, labels_path = sys.argv[1:4]
    torch.set_num_threads(1)
    torch.manual_seed(0)
    with open(plan_path) as f:
        plan = json.load(f)
    recipe = plan['recipe']
    shape = plan['shape']
    images = np.fromfile(images_path, dtype=np.float32).reshape(-1, shape['height'], shape['width'], shape['channels'])
    labels = np.fromfile(labels_path, dtype=np.int32)
    x = torch.from_numpy(images).permute(0, 3, 1, 2).contiguous()
    y = torch.from_numpy(labels.astype(np.int64))
    net = Network(plan, recipe['batchNormMomentum'])
    net.train()
    decayed = [p for name, p in net.named_parameters() if name.endswith('conv.weight') or name == 'dense.weight']
    plain = [p for name, p in net.named_parameters() if not (name.endswith('conv.weight') or name == 'dense.weight')]
    count = sum(p.numel() for p in net.parameters())
    if count != plan['parameters']:
        raise SystemExit(f'the PyTorch network has {count} parameters, archwalk\'s {plan["parameters"]}: the twin is wrong')
    optimizer = torch.optim.Adam([{'params': decayed, 'weight_decay': recipe['weightDecay']}, {'params': plain, 'weight_decay': 0}], lr=recipe['learningRate'])

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    serve(step, f'{count} parameters')


if __name__ == '__main__':
    main()
