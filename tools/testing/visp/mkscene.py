#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Render a synthetic scene as a raw Bayer frame, the input of make demo.

usage: mkscene.py WIDTH HEIGHT OUTFILE [--frames N]

Writes 10-bit RGGB samples in 16-bit little-endian containers (V4L2 RG10),
linear light: a sky gradient, a ground plane, a sun, and a row of colour
patches, so that demosaicing, white balance and gamma have something to
show.
"""

import argparse
import math
import struct

PATCHES = [  # linear RGB, 0..1
    (0.40, 0.20, 0.14), (0.80, 0.55, 0.45), (0.20, 0.30, 0.55), (0.20, 0.30, 0.10),
    (0.45, 0.40, 0.70), (0.25, 0.75, 0.65), (0.90, 0.40, 0.05), (0.15, 0.20, 0.60),
    (0.80, 0.20, 0.25), (0.25, 0.10, 0.30), (0.55, 0.75, 0.10), (0.95, 0.65, 0.05),
]


def scene(x, y, w, h):
    """Linear RGB of the scene at pixel (x, y)."""
    u, v = x / w, y / h
    if v < 0.55:
        r, g, b = 0.25 + 0.3 * v, 0.45 + 0.3 * v, 0.95 - 0.2 * v
        d = math.hypot(u - 0.78, v - 0.18)
        if d < 0.08:
            r, g, b = 1.0, 0.95, 0.7
        elif d < 0.14:
            k = (0.14 - d) / 0.06
            r, g, b = r + (1 - r) * k, g + (0.9 - g) * k, b + (0.6 - b) * k
    else:
        t = (v - 0.55) / 0.45
        stripe = 0.08 if int(u * 24 + t * 6) % 2 else 0.0
        r, g, b = 0.25 + stripe, 0.45 - 0.15 * t + stripe, 0.12
    # A row of colour patches in the lower half.
    if 0.64 < v < 0.88 and 0.04 < u < 0.96:
        col = int((u - 0.04) / 0.92 * 6)
        row = 0 if v < 0.76 else 1
        pu = (u - 0.04) / 0.92 * 6 - col
        pv = (v - 0.64) / 0.12 - row
        if 0.08 < pu < 0.92 and 0.1 < pv < 0.9:
            r, g, b = PATCHES[row * 6 + col]
    return r, g, b


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('width', type=int)
    ap.add_argument('height', type=int)
    ap.add_argument('out')
    ap.add_argument('--frames', type=int, default=1)
    a = ap.parse_args()
    w, h = a.width, a.height
    data = bytearray()
    for y in range(h):
        line = []
        for x in range(w):
            rgb = scene(x, y, w, h)
            # RGGB: R at (even, even), B at (odd, odd), G elsewhere.
            c = 0 if (y % 2 == 0 and x % 2 == 0) else 2 if (y % 2 and x % 2) else 1
            line.append(min(1023, int(rgb[c] * 900 + 16)))
        data += struct.pack(f'<{w}H', *line)
    with open(a.out, 'wb') as f:
        for _ in range(a.frames):
            f.write(data)


if __name__ == '__main__':
    main()
