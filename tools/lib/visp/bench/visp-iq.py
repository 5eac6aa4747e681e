#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Demosaicing image quality benchmark of the VISP reference model (make iq).

Natural photographs from Debian packages (scikit-image's data) are decoded
from sRGB to linear 12-bit, sampled as an RGGB mosaic and demosaiced by
every mode of the model (visp-iq: black level 0, unity white balance, no
colour matrix, the sRGB curve in the gamma block, RGB24 out), by OpenCV's
demosaicers and by a Malvar-He-Cutler implementation below. The peers'
linear outputs go through the same gamma block as the model's (its
65-point curve and its 12 to 8-bit conversion), so only the demosaic
differs. PSNR against the original 8-bit image, a 4-pixel border
excluded, overall and per channel.

Writes out/iq/iq.md, the crops of the directional mode's worst region
(out/iq/worst-*.png: original, directional, OpenCV VNG, visp bilinear,
4x nearest) and prints the Markdown. Each --append COMMAND, and the
command in the environment variable IQ_APPEND, is run through the shell
and its standard output (Markdown) appended to iq.md.

Not a test: it fails only when something cannot run.
"""

import argparse
import os
import subprocess
import sys
import tempfile

try:
    import cv2
    import numpy as np
    from PIL import Image
except ImportError as e:
    sys.exit(f"visp-iq.py: {e.name} is missing: apt-get install "
             "python3-opencv python3-numpy python3-pil python3-skimage")

DATA = "/usr/lib/python3/dist-packages/skimage/data"
# The colour photographs of python3-skimage (the others are synthetic,
# greyscale, microscopy or astronomy)
IMAGES = ["astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg",
          "motorcycle_left.png"]
BORDER = 4
MODES = ["bilinear", "edge-aware", "directional"]
PEERS = ["OpenCV bilinear", "OpenCV EA", "OpenCV VNG", "Malvar"]


def srgb_decode(v):
    v = v / 255.0
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


def srgb_encode(lin):
    lin = np.clip(lin, 0, 1)
    return np.where(lin <= 0.0031308, lin * 12.92,
                    1.055 * lin ** (1 / 2.4) - 0.055)


def model_gamma(rgb12):
    """The gamma block and the 12 to 8-bit conversion of the model."""
    pts = np.minimum(np.arange(65) * 64, 4095) / 4095.0
    lut = np.round(srgb_encode(pts) * 4095).astype(np.int64)
    v = np.clip(np.asarray(rgb12, np.int64), 0, 4095)
    k, f = v >> 6, v & 63
    g = (lut[k] * (64 - f) + lut[np.minimum(k + 1, 64)] * f + 32) >> 6
    return ((g * 4081 + 32768) >> 16).astype(np.uint8)


def mosaic(lin):
    """RGGB: R at (even, even), B at (odd, odd)."""
    m = lin[..., 1].copy()
    m[0::2, 0::2] = lin[0::2, 0::2, 0]
    m[1::2, 1::2] = lin[1::2, 1::2, 2]
    return m


def shifted(a, pad):
    """a padded by mirroring; s(dy, dx) is a shifted by (dy, dx)."""
    p = np.pad(a, pad, mode="reflect")
    h, w = a.shape
    return lambda dy, dx: p[pad + dy:pad + dy + h, pad + dx:pad + dx + w]


def malvar(m):
    """Malvar-He-Cutler (2004) gradient-corrected linear interpolation."""
    s = shifted(m.astype(np.float64), 2)
    c = s(0, 0)
    cross1 = s(-1, 0) + s(1, 0) + s(0, -1) + s(0, 1)
    cross2 = s(-2, 0) + s(2, 0) + s(0, -2) + s(0, 2)
    diag1 = s(-1, -1) + s(-1, 1) + s(1, -1) + s(1, 1)
    h1, v1 = s(0, -1) + s(0, 1), s(-1, 0) + s(1, 0)
    h2, v2 = s(0, -2) + s(0, 2), s(-2, 0) + s(2, 0)
    g_at_rb = (4 * c + 2 * cross1 - cross2) / 8
    # colour of the horizontal neighbours at a green site, and vertical
    along_h = (5 * c + 4 * h1 - diag1 - h2 + v2 / 2) / 8
    along_v = (5 * c + 4 * v1 - diag1 - v2 + h2 / 2) / 8
    rb_at_br = (6 * c + 2 * diag1 - 1.5 * cross2) / 8
    h, w = m.shape
    yy, xx = np.mgrid[0:h, 0:w]
    r_site = (yy % 2 == 0) & (xx % 2 == 0)
    b_site = (yy % 2 == 1) & (xx % 2 == 1)
    gr_site = (yy % 2 == 0) & (xx % 2 == 1)
    gb_site = (yy % 2 == 1) & (xx % 2 == 0)
    r = np.select([r_site, gr_site, gb_site], [c, along_h, along_v],
                  rb_at_br)
    g = np.where(r_site | b_site, g_at_rb, c)
    b = np.select([b_site, gb_site, gr_site], [c, along_h, along_v],
                  rb_at_br)
    return np.clip(np.round(np.stack([r, g, b], -1)), 0, 4095)


def check_orientation():
    """OpenCV names Bayer orders from the second line: check that its
    BayerBG is our RGGB, every demosaicer, on pure colours."""
    for k in range(3):
        img = np.zeros((16, 16, 3), np.int64)
        img[..., k] = 200
        m = np.ascontiguousarray(mosaic(img).astype(np.uint8))
        for code in (cv2.COLOR_BayerBG2RGB, cv2.COLOR_BayerBG2RGB_EA,
                     cv2.COLOR_BayerBG2RGB_VNG):
            o = cv2.cvtColor(m, code)[8, 8]
            if list(o) != list(img[8, 8]):
                sys.exit("visp-iq.py: OpenCV's BayerBG is not RGGB here: "
                         f"pure channel {k} came out as {list(o)}.")


def vng_offset():
    """OpenCV's VNG output is displaced on some versions: measure it."""
    h, w = 64, 64
    yy, xx = np.mgrid[0:h, 0:w]
    img = np.stack([yy * 3 + xx, yy * 2 + xx * 2 + 10, xx * 3 + yy + 5], -1)
    m = np.ascontiguousarray(mosaic(img).astype(np.uint8))
    o = cv2.cvtColor(m, cv2.COLOR_BayerBG2RGB_VNG).astype(int)
    best = None
    for dy in range(-3, 4):
        for dx in range(-3, 4):
            a = o[16 + dy:48 + dy, 16 + dx:48 + dx]
            e = np.abs(a - img[16:48, 16:48]).mean()
            if best is None or e < best[0]:
                best = (e, dy, dx)
    return best[1], best[2]


def vng(m8, off):
    """OpenCV's VNG on a mirrored 8-bit mosaic, realigned by off."""
    p = 8
    big = np.ascontiguousarray(np.pad(m8, p, mode="reflect"))
    o = cv2.cvtColor(big, cv2.COLOR_BayerBG2RGB_VNG)
    h, w = m8.shape
    dy, dx = off
    return o[p + dy:p + dy + h, p + dx:p + dx + w]


def opencv(m, code):
    """OpenCV's 16-bit demosaic (BayerBG is OpenCV's name of RGGB)."""
    return cv2.cvtColor(np.ascontiguousarray(m.astype(np.uint16)), code)


def psnr(a, b):
    a = a[BORDER:-BORDER, BORDER:-BORDER].astype(np.float64)
    b = b[BORDER:-BORDER, BORDER:-BORDER].astype(np.float64)
    mse = ((a - b) ** 2).mean()
    return 10 * np.log10(255.0 ** 2 / mse) if mse else float("inf")


def run_model(tool, tmp, m, mode, timed=False):
    h, w = m.shape
    raw = os.path.join(tmp, "in.raw")
    out = os.path.join(tmp, "out.rgb")
    m.astype("<u2").tofile(raw)
    cmd = [tool, raw, str(w), str(h), str(mode), out]
    res = subprocess.run(cmd + (["--time"] if timed else []), check=True,
                         capture_output=True, text=True)
    rgb = np.fromfile(out, np.uint8).reshape(h, w, 3)
    return rgb, float(res.stdout) if timed else None


def worst_block(ref, img, size=48):
    e = ((ref.astype(np.float64) - img) ** 2).sum(-1)
    h, w = e.shape
    best = (-1, 0, 0)
    for y in range(BORDER, h - size - BORDER, size // 4):
        for x in range(BORDER, w - size - BORDER, size // 4):
            v = e[y:y + size, x:x + size].mean()
            if v > best[0]:
                best = (v, y, x)
    return best[1], best[2], size


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True, help="visp-iq binary")
    ap.add_argument("--out", default="out/iq", help="output directory")
    ap.add_argument("--append", action="append", default=[],
                    help="command whose Markdown output is appended")
    args = ap.parse_args()
    if os.environ.get("IQ_APPEND"):
        args.append.append(os.environ["IQ_APPEND"])
    os.makedirs(args.out, exist_ok=True)

    check_orientation()
    off = vng_offset()
    names = [f"visp {m}" for m in MODES] + PEERS
    rows, chans, crops = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for name in IMAGES:
            im = np.asarray(Image.open(os.path.join(DATA, name))
                            .convert("RGB"))
            h, w = im.shape[0] & ~3, im.shape[1] & ~3
            im = im[:h, :w]
            lin = np.round(srgb_decode(im.astype(np.float64)) * 4095)
            m = mosaic(lin.astype(np.int64))
            outs = [run_model(args.tool, tmp, m, k)[0]
                    for k in range(len(MODES))]
            outs.append(model_gamma(opencv(m, cv2.COLOR_BayerBG2RGB)))
            outs.append(model_gamma(opencv(m, cv2.COLOR_BayerBG2RGB_EA)))
            # VNG is 8-bit only: the linear mosaic rounded to 8 bits
            m8 = np.clip((m + 8) >> 4, 0, 255).astype(np.uint8)
            v = vng(m8, off).astype(np.int64)
            outs.append(model_gamma((v * 4095 + 127) // 255))
            outs.append(model_gamma(malvar(m)))
            rows.append([psnr(o, im) for o in outs])
            chans.append([[psnr(o[..., c], im[..., c]) for c in range(3)]
                          for o in outs])
            # VNG on the sRGB-encoded mosaic, for information
            s8 = np.ascontiguousarray(mosaic(im.astype(np.int64))
                                      .astype(np.uint8))
            rows[-1].append(psnr(vng(s8, off), im))
            y, x, s = worst_block(im, outs[2])
            crop = [im, outs[2], outs[5], outs[0]]
            tile = np.concatenate([c[y:y + s, x:x + s] for c in crop], 1)
            png = os.path.join(args.out,
                               "worst-" + name.rsplit(".", 1)[0] + ".png")
            Image.fromarray(tile).resize((tile.shape[1] * 4, s * 4),
                                         Image.NEAREST).save(png)
            crops.append((name, x, y, s, psnr(outs[2][y:y + s, x:x + s],
                                              im[y:y + s, x:x + s]), png))
            print(f"visp-iq.py: {name} done", file=sys.stderr)

        # speed: a 1920x1080 mosaic mirrored out of the first image
        im = np.asarray(Image.open(os.path.join(DATA, IMAGES[0]))
                        .convert("RGB"))
        big = np.pad(im, ((0, 1080 - im.shape[0] % 1080),
                          (0, 1920 - im.shape[1] % 1920), (0, 0)),
                     mode="symmetric")[:1080, :1920]
        lin = np.round(srgb_decode(big.astype(np.float64)) * 4095)
        m = mosaic(lin.astype(np.int64))
        times = [run_model(args.tool, tmp, m, k, True)[1]
                 for k in range(len(MODES))]

    md = []
    md.append("## Demosaicing: PSNR (dB) against the original, RGB\n")
    md.append("sRGB photographs of python3-skimage -> linear 12-bit -> "
              "RGGB mosaic -> demosaic -> the model's gamma block (sRGB "
              "curve) -> 8-bit; border of %d pixels excluded. OpenCV %s's "
              "bilinear and EA run on the 12-bit mosaic, VNG (8-bit only) "
              "on the mosaic rounded to 8 bits (its output is displaced by "
              "%d, %d pixels here, which is undone); Malvar-He-Cutler in "
              "floating point. \"VNG sRGB\" demosaics the sRGB-encoded "
              "mosaic, after the gamma curve, which the pipeline cannot do:"
              " for information, not a peer.\n" %
              (BORDER, cv2.__version__, off[0], off[1]))
    hdr = ["image"] + names + ["VNG sRGB"]
    md.append("| " + " | ".join(hdr) + " |")
    md.append("| --- |" + " ---: |" * (len(hdr) - 1))
    for name, r in zip(IMAGES, rows):
        best = max(r[:len(names)])
        cells = [("**%.2f**" if v == best else "%.2f") % v for v in r]
        md.append(f"| {name} | " + " | ".join(cells) + " |")
    mean = np.mean(rows, 0)
    md.append("| mean | " + " | ".join("%.2f" % v for v in mean) + " |")
    md.append("")
    md.append("### Per channel (R / G / B)\n")
    md.append("| image | " + " | ".join(names) + " |")
    md.append("| --- |" + " ---: |" * len(names))
    for name, cs in zip(IMAGES, chans):
        md.append(f"| {name} | " + " | ".join(
            " / ".join("%.2f" % v for v in c) for c in cs) + " |")
    md.append("")
    d = mean[2] - mean[names.index("OpenCV VNG")]
    peers = [max(r[3:len(names)]) for r in rows]
    wins = sum(r[2] > p for r, p in zip(rows, peers))
    md.append("Directional mode: mean %.2f dB, %+.2f dB over OpenCV's VNG; "
              "above every peer on %d of %d images.\n" %
              (mean[2], d, wins, len(rows)))
    md.append("### Worst 48x48 region of the directional mode per image\n")
    md.append("Crops (original, directional, OpenCV VNG, visp bilinear; "
              "4x): ")
    md.append(", ".join("`%s` (%s at %d,%d: %.2f dB)" %
                        (os.path.basename(c[5]), c[0], c[1], c[2], c[4])
                        for c in crops) + ".\n")
    md.append("### Model time, one thread, 1920x1080 RGB24\n")
    md.append("| mode | ms/frame |")
    md.append("| --- | ---: |")
    for k, t in zip(MODES, times):
        md.append(f"| {k} | {t:.1f} |")
    md.append("")
    for cmd in args.append:
        res = subprocess.run(cmd, shell=True, check=True,
                             capture_output=True, text=True)
        md.append(res.stdout.rstrip("\n") + "\n")

    text = "\n".join(md) + "\n"
    with open(os.path.join(args.out, "iq.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
