#!/usr/bin/python3
"""Fits the rational tanh of include/infoplane/nn/simd_math.hpp and checks it in float32.

tanh(x) ~ x P(t) / Q(t), t = x^2, P and Q of degree 4 with P(0) = Q(0) = 1 (so that
tanh(x) = x exactly for tiny x). The weighted linear least-squares problem
P(t) - R(x) Q(t) = 0, R = tanh(x)/x, is solved repeatedly with weights 1/(R Q_previous)
(Loeb's linearisation of the relative error) times Lawson's multiplicative update, which
drives the solution towards the minimax (least maximum relative error) one on 0 < x <= 9.

Usage: /usr/bin/python3 scripts/fit-tanh-rational.py    (needs python3-numpy; ~2 s)
Prints the coefficients as float literals and the worst relative error of the float32
evaluation (Horner, as in simd_math.hpp) over [-12, 12].
"""
import numpy as np

DEGREE_P, DEGREE_Q, CLAMP = 4, 4, 9.0


def fit(m, n, c, iterations=80):
    x = np.concatenate([np.linspace(1e-4, c, 20000), c * (1 - np.cos(np.linspace(0, np.pi / 2, 4000)))])
    x = np.unique(x[x > 0])
    t = x * x
    ratio = np.tanh(x) / x
    a = np.hstack([t[:, None] ** np.arange(1, m + 1), -ratio[:, None] * t[:, None] ** np.arange(1, n + 1)])
    b = ratio - 1.0
    lawson = np.ones_like(x)
    q_previous = np.ones_like(x)
    best = None
    for _ in range(iterations):
        w = lawson / (ratio * q_previous)
        sol, *_ = np.linalg.lstsq(a * w[:, None], b * w, rcond=None)
        p = np.concatenate([[1.0], sol[:m]])
        q = np.concatenate([[1.0], sol[m:]])
        pp, qq = np.polyval(p[::-1], t), np.polyval(q[::-1], t)
        err = np.abs(x * pp / qq / np.tanh(x) - 1.0)
        if best is None or err.max() < best[0]:
            best = (err.max(), p, q)
        q_previous = qq
        lawson = lawson * np.sqrt(err / err.max()) + 1e-12
        lawson *= len(lawson) / lawson.sum()
    return best


def horner32(coefficients, t):
    acc = np.full_like(t, np.float32(coefficients[-1]))
    for c in coefficients[-2::-1]:
        acc = (acc * t + np.float32(c)).astype(np.float32)
    return acc


def float32_error(p, q, c):
    x = np.linspace(-12, 12, 2_000_001).astype(np.float32)
    xc = np.clip(x, -c, c).astype(np.float32)
    t = (xc * xc).astype(np.float32)
    r = np.clip((xc * horner32(p, t)).astype(np.float32) / horner32(q, t), -1, 1).astype(np.float32)
    exact = np.tanh(x.astype(np.float64))
    nonzero = x != 0
    return np.max(np.abs(r[nonzero] / exact[nonzero] - 1.0))


if __name__ == "__main__":
    exact_error, p, q = fit(DEGREE_P, DEGREE_Q, CLAMP)
    p32, q32 = np.float32(p).astype(np.float64), np.float32(q).astype(np.float64)
    print("P (t^0 .. t^4):", ", ".join("%.9e" % v for v in p32))
    print("Q (t^0 .. t^4):", ", ".join("%.9e" % v for v in q32))
    print("max relative error: exact arithmetic %.2e, float32 evaluation %.2e"
          % (exact_error, float32_error(p32, q32, CLAMP)))
