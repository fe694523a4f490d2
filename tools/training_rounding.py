#!/usr/bin/env python3
"""Rounding analysis of one CLIP4Cir Combiner training step, in float64, for the Java parity bounds.

The Java trainer and PyTorch run the same float32 step on the same inputs, weights and dropout masks: they can differ
only by rounding, since libtorch picks other kernels (summation orders, FMA; AVX2, AVX-512, AMX) on other CPUs.
What a float32 evaluation may differ from the exact one by is derived here from the exact (float64) step under the
probabilistic model of rounding errors (Higham and Mary, "A new approach to probabilistic rounding error analysis",
SIAM J. Sci. Comput. 41(5), 2019): every rounding multiplies by (1 + d) with |d| <= u = 2^-24, the d independent and
of mean zero. A reduction of n terms of absolute sum M (y = x W^T + b: M = |x| |W|^T + |b|) then carries an error
sum_k d_k s_k over its n partial sums |s_k| <= M: a sum of independent bounded terms, so by Hoeffding's inequality
|error| <= lambda * u * sqrt(n) * M except with probability 2 exp(-lambda^2 / 2).

* ``loss_deviation``: the loss is one scalar, so its first-order error is sum over every rounded intermediate z_k of
  dL/dz_k times z_k's own rounding; autograd gives every dL/dz_k in one backward pass, and the deviation returned is
  u * sqrt(sum_k sum (dL/dz_k * sqrt(n_k) * M_k)^2): the Hoeffding scale of the loss's error.
* ``grad_magnitude``: for every Linear layer, |delta|^T |X| (weight) and sum over the batch of |delta| (bias), where X
  is the layer's input and delta = dL/d(the layer's output): the magnitude against which the weight gradient
  G = delta^T X carries the rounding of the chain that computed delta and X.

Dropout masks are given explicitly (0 or 2): multiplying by them is exact.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

UNIT_ROUNDOFF = 2.0**-24

#: The Combiner's Linear layers by CLIP4Cir's state-dict prefix.
LINEARS = {
    "text_projection_layer": lambda m: m.text_projection_layer,
    "image_projection_layer": lambda m: m.image_projection_layer,
    "combiner_layer": lambda m: m.combiner_layer,
    "output_layer": lambda m: m.output_layer,
    "dynamic_scalar.0": lambda m: m.dynamic_scalar[0],
    "dynamic_scalar.3": lambda m: m.dynamic_scalar[3],
}


def analyse(model, batch: dict, masks: list, lambda_dropout: bool = True) -> dict:
    """The exact (float64) step of ``model`` (a Combiner) on ``batch`` with ``masks`` [text, image, combiner, scalar].

    Returns the exact loss, the exact gradients and their magnitudes (by state-dict key), ``loss_deviation`` and
    ``logit_deviation``: the largest Hoeffding scale of a logit's rounding error (one adjoint per logit, as for the
    loss); ``query_condition``: max over the batch of |M_q| / |q|, the query's absolute forward chain over its value (how much
    cancellation the forward pass does before the logits).
    ``lambda_dropout=False`` leaves the dynamic-scalar branch's dropout out: a deliberately wrong variant the parity
    test must reject.
    """
    weights = {name: (get(model).weight.detach().double().requires_grad_(),
                      get(model).bias.detach().double().requires_grad_()) for name, get in LINEARS.items()}
    text, image = (batch[k].double() for k in ("text", "image"))
    target = batch["target"].double().requires_grad_()  # not trained; its normalisation rounds like the rest
    m = [mask.double() for mask in masks]
    inputs, outputs, rounded = {}, {}, []  # rounded: (z, n, M) of every rounding operation of the forward pass

    def linear(name: str, x: torch.Tensor) -> torch.Tensor:
        w, b = weights[name]
        y = x @ w.T + b
        y.retain_grad()
        inputs[name], outputs[name] = x, y
        rounded.append((y, w.shape[1] + 1, (x.abs() @ w.abs().T + b.abs()).detach()))
        return y

    def op(z: torch.Tensor, n: int, magnitude: torch.Tensor) -> torch.Tensor:
        z.retain_grad()
        rounded.append((z, n, magnitude.detach()))
        return z

    tp = F.relu(linear("text_projection_layer", text)) * m[0]
    ip = F.relu(linear("image_projection_layer", image)) * m[1]
    c = torch.cat((tp, ip), -1)
    cf = F.relu(linear("combiner_layer", c)) * m[2]
    hidden = F.relu(linear("dynamic_scalar.0", c))
    if lambda_dropout:
        hidden = hidden * m[3]
    s = linear("dynamic_scalar.3", hidden)
    lam = op(torch.sigmoid(s), 4, torch.sigmoid(s))  # exp, add, divide
    v = linear("output_layer", cf)
    mixed = op(v + lam * text + (1 - lam) * image, 5,
               v.abs() + (lam * text).abs() + ((1 - lam) * image).abs())
    dim = text.shape[1]
    query = op(F.normalize(mixed, dim=-1), dim + 3, F.normalize(mixed, dim=-1).abs())  # squares, sqrt, divide
    target_n = op(F.normalize(target, dim=-1), dim + 3, F.normalize(target, dim=-1).abs())
    logits = op(100 * query @ target_n.T, dim + 1, 100 * query.abs() @ target_n.abs().T)
    size = logits.shape[0]
    logit_deviation = _logit_deviation(logits, rounded)
    for z, _, _ in rounded:  # retained gradients also collect autograd.grad's adjoints: start the loss's afresh
        z.grad = None
    for w, b in weights.values():
        w.grad = b.grad = None
    loss = F.cross_entropy(logits, torch.arange(size))
    loss.backward()

    # the loss itself: per row max + log(sum exp(z - max)) - z_ii (B + 4 roundings), then the mean (B)
    row_max = logits.detach().max(dim=1).values
    own = math.sqrt(size + 4) * (row_max.abs() + logits.detach().diagonal().abs() + 1).mean().item()
    variance = own**2
    for z, n, magnitude in rounded:
        variance += ((z.grad * math.sqrt(n) * magnitude) ** 2).sum().item()

    magnitudes, condition = _magnitudes(weights, inputs, outputs, m, lambda_dropout, text, image, mixed, target_n, logits)
    gradients = {}
    for name in LINEARS:
        w, b = weights[name]
        gradients[f"{name}.weight"], gradients[f"{name}.bias"] = w.grad, b.grad
    return {"loss": loss.item(), "gradients": gradients, "grad_magnitude": magnitudes,
            "loss_deviation": UNIT_ROUNDOFF * math.sqrt(variance), "query_condition": condition,
            "logit_deviation": logit_deviation}


def _magnitudes(weights, inputs, outputs, m, lambda_dropout, text, image, mixed, target_n, logits) -> dict:
    """Per gradient element, the magnitude A = M_delta^T M_X (weight) or sum M_delta (bias): M_X is the layer input's
    absolute forward chain (|x| |W|^T + |b| through every layer before it) and M_delta the absolute backward chain
    (the backward pass with every Jacobian replaced by its absolute value). Exact values can cancel to nearly zero
    where their rounding does not; these magnitudes cannot, so they bound the scale of the rounding in each element."""
    w = {name: weights[name][0].detach().abs() for name in LINEARS}
    b = {name: weights[name][1].detach().abs() for name in LINEARS}
    gate = {name: ((outputs[name] > 0).double() * mask).detach()
            for name, mask in (("text_projection_layer", m[0]), ("image_projection_layer", m[1]),
                               ("combiner_layer", m[2]), ("dynamic_scalar.0", m[3] if lambda_dropout else 1.0))}
    t, i = text.abs(), image.abs()
    # absolute forward chain
    mc = torch.cat(((t @ w["text_projection_layer"].T + b["text_projection_layer"]) * gate["text_projection_layer"],
                    (i @ w["image_projection_layer"].T + b["image_projection_layer"])
                    * gate["image_projection_layer"]), 1)
    mcf = (mc @ w["combiner_layer"].T + b["combiner_layer"]) * gate["combiner_layer"]
    mh = (mc @ w["dynamic_scalar.0"].T + b["dynamic_scalar.0"]) * gate["dynamic_scalar.0"]
    # absolute backward chain
    size = logits.shape[0]
    p = torch.softmax(logits.detach(), 1)
    mgz = (p + torch.eye(size, dtype=torch.float64)) / size
    yh = target_n.detach().abs()
    qn = mixed.detach().norm(dim=1, keepdim=True)
    qh = (mixed.detach() / qn).abs()
    mgqh = 100 * mgz @ yh
    mgq = (mgqh + qh * (qh * mgqh).sum(1, keepdim=True)) / qn
    lam = torch.sigmoid(outputs["dynamic_scalar.3"].detach())
    mgs = (mgq * (t + i)).sum(1, keepdim=True) * lam * (1 - lam)
    mgh = (mgs @ w["dynamic_scalar.3"]) * gate["dynamic_scalar.0"]
    mgcf = (mgq @ w["output_layer"]) * gate["combiner_layer"]
    mgc = mgcf @ w["combiner_layer"] + mgh @ w["dynamic_scalar.0"]
    half = mc.shape[1] // 2
    flows = {  # layer -> (M_X, M_delta)
        "text_projection_layer": (t, mgc[:, :half] * gate["text_projection_layer"]),
        "image_projection_layer": (i, mgc[:, half:] * gate["image_projection_layer"]),
        "combiner_layer": (mc, mgcf),
        "output_layer": (mcf, mgq),
        "dynamic_scalar.0": (mc, mgh),
        "dynamic_scalar.3": (mh, mgs),
    }
    magnitudes = {}
    for name, (mx, md) in flows.items():
        magnitudes[f"{name}.weight"] = md.T @ mx
        magnitudes[f"{name}.bias"] = md.sum(0)
    mq = (mcf @ w["output_layer"].T + b["output_layer"]) + lam * t + (1 - lam) * i
    condition = (mq.norm(dim=1, keepdim=True) / qn).max().item()
    return magnitudes, condition


def _logit_deviation(logits: torch.Tensor, rounded: list) -> float:
    """max over the logits z_ij of u * sqrt(sum_k sum (dz_ij/dz_k * sqrt(n_k) * M_k)^2): the Hoeffding scale of each
    logit's first-order rounding error, by one adjoint pass per logit (``rounded`` ends with the logits' own op)."""
    upstream = rounded[:-1]
    _, n_logits, m_logits = rounded[-1]
    worst = 0.0
    for a in range(logits.shape[0]):
        for c in range(logits.shape[1]):
            grads = torch.autograd.grad(logits[a, c], [z for z, _, _ in upstream], retain_graph=True,
                                        allow_unused=True)
            variance = n_logits * m_logits[a, c].item() ** 2
            for grad, (_, n, magnitude) in zip(grads, upstream):
                if grad is not None:
                    variance += ((grad * math.sqrt(n) * magnitude) ** 2).sum().item()
            worst = max(worst, variance)
    return UNIT_ROUNDOFF * math.sqrt(worst)
