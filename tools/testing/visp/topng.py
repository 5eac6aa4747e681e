#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a raw V4L2 frame as a PNG file, for looking at captured frames.

usage: topng.py FOURCC WIDTH HEIGHT RAWFILE PNGFILE [--stride BYTES] [--frame N]

FOURCC is one of RGB3, BGR3, XR24 (B,G,R,X in memory), YUYV, NV12, NV16,
GREY. YUV is shown with the BT.601 limited-range matrix. Pure Python, no
imaging library needed.
"""

import argparse
import struct
import sys
import zlib


def clamp(v):
    return 0 if v < 0 else 255 if v > 255 else v


def yuv2rgb(y, u, v):
    c, d, e = y - 16, u - 128, v - 128
    return (clamp((298 * c + 409 * e + 128) >> 8),
            clamp((298 * c - 100 * d - 208 * e + 128) >> 8),
            clamp((298 * c + 516 * d + 128) >> 8))


def frame_layout(fourcc, w, h, stride):
    """Return (bytes per line of the first plane, total frame bytes)."""
    bpp = {'RGB3': 3, 'BGR3': 3, 'XR24': 4, 'YUYV': 2, 'NV12': 1, 'NV16': 1, 'GREY': 1}
    if fourcc not in bpp:
        sys.exit(f'topng: unsupported format {fourcc}')
    stride = stride or w * bpp[fourcc]
    size = stride * h
    if fourcc == 'NV12':
        size += stride * (h // 2)
    elif fourcc == 'NV16':
        size += stride * h
    return stride, size


def to_rgb(fourcc, w, h, stride, data):
    rows = []
    for y in range(h):
        line = data[y * stride:(y * stride) + stride]
        row = bytearray()
        if fourcc == 'RGB3':
            row += line[:w * 3]
        elif fourcc == 'BGR3':
            for x in range(w):
                row += bytes((line[3 * x + 2], line[3 * x + 1], line[3 * x]))
        elif fourcc == 'XR24':
            for x in range(w):
                row += bytes((line[4 * x + 2], line[4 * x + 1], line[4 * x]))
        elif fourcc == 'GREY':
            for x in range(w):
                row += bytes((line[x],) * 3)
        elif fourcc == 'YUYV':
            for x in range(w):
                u = line[(x & ~1) * 2 + 1]
                v = line[(x & ~1) * 2 + 3]
                row += bytes(yuv2rgb(line[2 * x], u, v))
        else:
            cy = y // 2 if fourcc == 'NV12' else y
            c = data[stride * h + cy * stride:]
            for x in range(w):
                row += bytes(yuv2rgb(line[x], c[x & ~1], c[(x & ~1) + 1]))
        rows.append(bytes(row))
    return rows


def write_png(path, w, h, rows):
    def chunk(kind, payload):
        body = kind + payload
        return struct.pack('>I', len(payload)) + body + struct.pack('>I', zlib.crc32(body))

    raw = b''.join(b'\x00' + r for r in rows)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n')
        f.write(chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)))
        f.write(chunk(b'IDAT', zlib.compress(raw, 6)))
        f.write(chunk(b'IEND', b''))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('fourcc')
    ap.add_argument('width', type=int)
    ap.add_argument('height', type=int)
    ap.add_argument('raw')
    ap.add_argument('png')
    ap.add_argument('--stride', type=int, default=0)
    ap.add_argument('--frame', type=int, default=0, help='frame index in RAWFILE')
    a = ap.parse_args()
    stride, size = frame_layout(a.fourcc, a.width, a.height, a.stride)
    with open(a.raw, 'rb') as f:
        f.seek(a.frame * size)
        data = f.read(size)
    if len(data) != size:
        sys.exit(f'topng: {a.raw}: {len(data)} bytes, a frame needs {size}')
    write_png(a.png, a.width, a.height, to_rgb(a.fourcc, a.width, a.height, stride, data))


if __name__ == '__main__':
    main()
