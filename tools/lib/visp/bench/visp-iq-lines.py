#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""False colour of thin lines in the directional demosaic, in numbers.

The two regions where the directional mode shows false colour in make iq
(issue 15), at fixed places so that variants compare on the same pixels:

- rocket.jpg, the 48x48 crop at x 16, y 232: thin dark brown cables
  against blue sky. "thin cables" is the mean RGB (8-bit sRGB) of the
  crop's pixels right of the tower's leg (crop columns 12 to 47) whose
  original is dark and not blue (B - R < 10, R + G + B < 300), next to
  the original's; the cables come out blue when B is well above R.
- coffee.png, the 48x48 crop at x 4, y 184: near-Nyquist diagonal wood
  grain. "wood" is the chroma error per pixel, |(dR - dG, dB - dG)| of the
  output's error d against the original, 99th percentile and the number
  of pixels above 40: the green and pink patches.

It also prints the PSNR of each image of make iq as visp-iq.py computes
it. The images and their mosaics are those of visp-iq.py.

  visp-iq-lines.py --tool tools/lib/visp/build/visp-iq    the model
  visp-iq-lines.py --numpy                        visp_dmsd.py instead
  visp-iq-lines.py --tool ... --check     visp_dmsd.py against the model
  visp-iq-lines.py ... --crops DIR       4x crops, original then output

Not a test.
"""

import argparse
import importlib.util
import os
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import visp_dmsd  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "visp_iq", os.path.join(HERE, "visp-iq.py"))
iq = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(iq)

SIZE = 48
ROCKET = ("rocket.jpg", 16, 232)
COFFEE = ("coffee.png", 4, 184)


def load(name):
    """The original 8-bit image and its linear 12-bit RGGB mosaic."""
    from PIL import Image
    im = np.asarray(Image.open(os.path.join(iq.DATA, name)).convert("RGB"))
    im = im[:im.shape[0] & ~3, :im.shape[1] & ~3]
    lin = np.round(iq.srgb_decode(im.astype(np.float64)) * 4095)
    return im, iq.mosaic(lin.astype(np.int64))


def crop(a, x, y):
    return a[y:y + SIZE, x:x + SIZE]


def thin_cables(im, out):
    o = crop(im, *ROCKET[1:]).astype(np.float64)[:, 12:]
    r = crop(out, *ROCKET[1:]).astype(np.float64)[:, 12:]
    m = (o[..., 2] - o[..., 0] < 10) & (o.sum(-1) < 300)
    return r[m].mean(0), o[m].mean(0)


def wood(im, out):
    d = (crop(out, *COFFEE[1:]).astype(np.float64) -
         crop(im, *COFFEE[1:]))
    c = np.hypot(d[..., 0] - d[..., 1], d[..., 2] - d[..., 1])
    return np.percentile(c, 99), int((c > 40).sum())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", help="visp-iq binary (the model)")
    ap.add_argument("--numpy", action="store_true",
                    help="run visp_dmsd.py rather than the model")
    ap.add_argument("--check", action="store_true",
                    help="compare visp_dmsd.py with the model")
    ap.add_argument("--crops", help="directory for the 4x crops")
    args = ap.parse_args()
    if not args.tool and (args.check or not args.numpy):
        ap.error("--tool is needed without --numpy, and with --check")

    outs, ps = {}, []
    with tempfile.TemporaryDirectory() as tmp:
        for name in iq.IMAGES:
            im, m = load(name)
            if args.tool:
                out = iq.run_model(args.tool, tmp, m, 2)[0]
            if args.numpy or args.check:
                rgb = visp_dmsd.demosaic(m)[0]
                mine = iq.model_gamma(rgb)
                if args.check and not np.array_equal(mine, out):
                    sys.exit(f"visp-iq-lines.py: visp_dmsd.py differs from "
                             f"the model on {name}: "
                             f"{int((mine != out).sum())} values")
                if args.numpy:
                    out = mine
            outs[name] = (im, out)
            ps.append(iq.psnr(out, im))
    if args.check:
        print("visp_dmsd.py is bit-exact with the model on "
              f"{len(iq.IMAGES)} images")

    print("PSNR dB: " + ", ".join(f"{n} {p:.2f}"
                                  for n, p in zip(iq.IMAGES, ps)) +
          f"; mean {np.mean(ps):.3f}")
    out, orig = thin_cables(*outs[ROCKET[0]])
    print("thin cables RGB: " + "/".join(f"{v:.1f}" for v in out) +
          " (original " + "/".join(f"{v:.1f}" for v in orig) + ")")
    p99, n = wood(*outs[COFFEE[0]])
    print(f"wood chroma error: 99th percentile {p99:.1f}, {n} pixels > 40")

    if args.crops:
        from PIL import Image
        os.makedirs(args.crops, exist_ok=True)
        for name, x, y in (ROCKET, COFFEE):
            im, out = outs[name]
            t = np.concatenate([crop(im, x, y), crop(out, x, y)], 1)
            png = os.path.join(args.crops,
                               "lines-" + name.rsplit(".", 1)[0] + ".png")
            Image.fromarray(t).resize((t.shape[1] * 4, SIZE * 4),
                                      Image.NEAREST).save(png)


if __name__ == "__main__":
    main()
