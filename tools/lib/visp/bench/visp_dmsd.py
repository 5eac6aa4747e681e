# SPDX-License-Identifier: GPL-2.0
"""The directional demosaic of the VISP model in numpy, for prototyping.

An implementation of "Directional demosaic" in
Documentation/driver-api/media/drivers/visp/hardware.rst on whole frames,
written from that text, bit-exact with the model's directional mode
(visp-iq-lines.py --check compares them on the images of make iq). Each
step is a function of whole planes, so that a variant of one step is a
few lines of numpy and runs on the five photographs in about a second:
pass another step 3 to demosaic(), or med=False to leave out step 7.

Not part of the model or of any test: the model is the reference.
"""

import numpy as np

QMAX = 16381


def _sqrt_table():
    t = np.zeros(4096, np.int64)
    q = 0
    for x in range(4096):
        while (q + 1) * (q + 1) <= x << 16:
            q += 1
        t[x] = q
    return t


SQRT = _sqrt_table()


class Plane:
    """s(dx, dy): plane @a shifted, mirrored at the frame's borders."""

    def __init__(self, a, pad=4):
        self.p = np.pad(a, pad, mode="reflect")
        self.h, self.w = a.shape
        self.o = pad

    def __call__(self, dx, dy):
        o = self.o
        return self.p[o + dy:o + dy + self.h, o + dx:o + dx + self.w]


def blend(a, b, ea, eb):
    wa = (2 + (eb > 2 * ea).astype(np.int64) + (eb > 4 * ea) -
          (ea > 2 * eb) - (ea > 4 * eb))
    return (wa * a + (4 - wa) * b + 2) >> 2


def med9(p):
    s = Plane(p)
    return np.sort(np.stack([s(i, j) for j in (-1, 0, 1)
                             for i in (-1, 0, 1)]), 0)[4]


def sites(h, w):
    """RGGB: R at (even, even), B at (odd, odd)."""
    yy, xx = np.mgrid[0:h, 0:w]
    r = (yy % 2 == 0) & (xx % 2 == 0)
    b = (yy % 2 == 1) & (xx % 2 == 1)
    return r, b, r | b


def step2(q, col):
    s = Plane(q)
    lh = 2 * q - s(-2, 0) - s(2, 0)
    lv = 2 * q - s(0, -2) - s(0, 2)
    eh = (2 * (s(-1, 0) + s(1, 0)) + lh + 2) >> 2
    ev = (2 * (s(0, -1) + s(0, 1)) + lv + 2) >> 2
    return dict(
        KH=np.where(col, eh - q, q - eh),
        KV=np.where(col, ev - q, q - ev),
        GH=abs(s(-1, 0) - s(1, 0)) + abs(lh),
        GV=abs(s(0, -1) - s(0, 1)) + abs(lv),
        GA=abs(s(-1, -1) - s(1, 1)) + abs(2 * q - s(-2, -2) - s(2, 2)),
        GB=abs(s(1, -1) - s(-1, 1)) + abs(2 * q - s(2, -2) - s(-2, 2)))


def step3(q, col, p):
    """Green G1: the model's step 3."""
    kh, kv = Plane(p["KH"]), Plane(p["KV"])
    gh = q + ((kh(-1, 0) + 2 * kh(0, 0) + kh(1, 0) + 2) >> 2)
    gv = q + ((kv(0, -1) + 2 * kv(0, 0) + kv(0, 1) + 2) >> 2)
    sh, sv = Plane(p["GH"]), Plane(p["GV"])
    nine = [(i, j) for i in (-1, 0, 1) for j in (-1, 0, 1)]
    SH = 1 + sum(sh(i, j) for i, j in nine)
    SV = 1 + sum(sv(i, j) for i, j in nine)
    k = sum((a * SH < 64 * SV).astype(np.int64) + (64 * SH < a * SV)
            for a in (17, 31, 43, 56))
    g = (k * gh + (8 - k) * gv + 4) >> 3
    return np.where(col, np.clip(g, 0, QMAX), q)


def step4(q, col, p, g1):
    """Green G and the colour sites' differences D."""
    def x5(s):
        return 2 * s(0, 0) + s(-1, -1) + s(1, -1) + s(-1, 1) + s(1, 1)
    ta, tb = x5(Plane(p["GA"])), x5(Plane(p["GB"]))
    m = np.minimum(x5(Plane(p["GH"])), x5(Plane(p["GV"])))
    s = Plane(g1)
    sa = (s(-1, -1) + 2 * g1 + s(1, 1) + 2) >> 2
    sb = (s(1, -1) + 2 * g1 + s(-1, 1) + 2) >> 2
    v = np.where((3 * ta < tb) & (2 * ta < m), sa,
                 np.where((3 * tb < ta) & (2 * tb < m), sb, g1))
    g = np.where(col, v, g1)
    return g, np.where(col, q - g, 0)


def step5(col, g, d):
    """X: the other colour's difference at the colour sites."""
    ds, gs = Plane(d), Plane(g)
    a1 = (ds(-1, -1) + ds(1, 1) + 1) >> 1
    a2 = (ds(1, -1) + ds(-1, 1) + 1) >> 1
    e1 = abs(ds(-1, -1) - ds(1, 1)) + abs(gs(-1, -1) - gs(1, 1))
    e2 = abs(ds(1, -1) - ds(-1, 1)) + abs(gs(1, -1) - gs(-1, 1))
    return np.where(col, blend(a1, a2, e1, e2), 0)


def step6(col, own, g, d, x):
    """One colour's difference with green at every site."""
    pl = np.where(own, d, np.where(col, x, 0))
    ps, gs = Plane(pl), Plane(g)
    h = (ps(-1, 0) + ps(1, 0) + 1) >> 1
    v = (ps(0, -1) + ps(0, 1) + 1) >> 1
    eh = abs(gs(-1, 0) - gs(1, 0)) + abs(ps(-1, 0) - ps(1, 0))
    ev = abs(gs(0, -1) - gs(0, 1)) + abs(ps(0, -1) - ps(0, 1))
    return np.where(col, pl, blend(h, v, eh, ev))


def expand(v):
    v = np.clip(v, 0, QMAX)
    return (v * v + 32768) >> 16


def demosaic(mosaic, green=step3, med=True):
    """12-bit RGB from a 12-bit RGGB mosaic (white balanced).

    @green(q, col, planes) computes G1 (step 3); @med applies step 7.
    Returns the RGB planes and a dict of the intermediate planes.
    """
    m = np.asarray(mosaic, np.int64)
    r, b, col = sites(*m.shape)
    q = SQRT[m]
    p = step2(q, col)
    g1 = green(q, col, p)
    g, d = step4(q, col, p, g1)
    x = step5(col, g, d)
    rg, bg = step6(col, r, g, d, x), step6(col, b, g, d, x)
    if med:
        rg, bg = med9(rg), med9(bg)
    rgb = np.stack([expand(g + rg), expand(g), expand(g + bg)], -1)
    return rgb, dict(q=q, col=col, r=r, b=b, G1=g1, G=g, D=d, X=x,
                     RG=rg, BG=bg, **p)
