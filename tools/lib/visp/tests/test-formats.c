// SPDX-License-Identifier: GPL-2.0
/*
 * Input unpacking and output packing tests, with hand-written byte
 * patterns and hand-derived pixel values.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <stdlib.h>
#include <string.h>

#include "tap.h"

#define W	64
#define H	32

/* Read a little-endian 16-bit RAW16 output sample. */
static u32 raw16(struct tb *t, u32 x, u32 y)
{
	u8 *p = tb_px(t, VISP_PATH_MAIN, 0, 2 * x, y);

	return p[0] | p[1] << 8;
}

static void raw_bench(struct tb *t, u8 type)
{
	tb_init(t, type, VISP_BAYER_RGGB, W, H);
	tb_path(t, VISP_PATH_MAIN, VISP_OUT_FMT_RAW16, 0, 0, W, H, W, H);
}

static void test_unpack_raw8(void)
{
	struct tb t;

	raw_bench(&t, VISP_IN_TYPE_RAW8);
	t.in[0] = 0xab;
	t.in[1] = 0x01;
	T_EQ(tb_run(&t), 0);
	T_EQ(raw16(&t, 0, 0), 0xab00);
	T_EQ(raw16(&t, 1, 0), 0x0100);
	T_EQ(raw16(&t, 2, 0), 0);
	tb_free(&t);
}

static void test_unpack_raw10(void)
{
	static const u8 bytes[] = { 0xff, 0x03, 0x55, 0x01, 0x01, 0xfc };
	struct tb t;

	raw_bench(&t, VISP_IN_TYPE_RAW10);
	memcpy(t.in, bytes, sizeof(bytes));
	T_EQ(tb_run(&t), 0);
	T_EQ(raw16(&t, 0, 0), 0xffc0);	/* 0x3ff << 6 */
	T_EQ(raw16(&t, 1, 0), 0x5540);	/* 0x155 << 6 */
	T_EQ(raw16(&t, 2, 0), 0x0040);	/* 0xfc01: bits 15:10 ignored */
	tb_free(&t);
}

static void test_unpack_raw12(void)
{
	static const u8 bytes[] = { 0xbc, 0x0a, 0x23, 0xf1 };
	struct tb t;

	raw_bench(&t, VISP_IN_TYPE_RAW12);
	memcpy(t.in, bytes, sizeof(bytes));
	T_EQ(tb_run(&t), 0);
	T_EQ(raw16(&t, 0, 0), 0xabc0);
	T_EQ(raw16(&t, 1, 0), 0x1230);	/* 0xf123: bits 15:12 ignored */
	tb_free(&t);
}

static void test_unpack_raw16(void)
{
	static const u8 bytes[] = { 0xef, 0xbe, 0x01, 0x00 };
	struct tb t;

	raw_bench(&t, VISP_IN_TYPE_RAW16);
	memcpy(t.in + t.buf.in_stride * 3, bytes, sizeof(bytes));
	T_EQ(tb_run(&t), 0);
	T_EQ(raw16(&t, 0, 3), 0xbeef);
	T_EQ(raw16(&t, 1, 3), 0x0001);
	tb_free(&t);
}

static void test_unpack_raw10_csi2p(void)
{
	/* 0x3ff, 0x001, 0x2aa, 0x155: LSBs 3 | 1 << 2 | 2 << 4 | 1 << 6 */
	static const u8 bytes[] = { 0xff, 0x00, 0xaa, 0x55, 0x67 };
	struct tb t;

	raw_bench(&t, VISP_IN_TYPE_RAW10_CSI2P);
	T_EQ(t.buf.in_stride, 80);
	memcpy(t.in + 5, bytes, sizeof(bytes));
	T_EQ(tb_run(&t), 0);
	T_EQ(raw16(&t, 4, 0), 0xffc0);
	T_EQ(raw16(&t, 5, 0), 0x0040);
	T_EQ(raw16(&t, 6, 0), 0xaa80);
	T_EQ(raw16(&t, 7, 0), 0x5540);
	T_EQ(raw16(&t, 3, 0), 0);
	tb_free(&t);
}

static void test_unpack_raw12_csi2p(void)
{
	/* 0xabc, 0x123: MSBs, then 0xc | 0x3 << 4 */
	static const u8 bytes[] = { 0xab, 0x12, 0x3c };
	struct tb t;

	raw_bench(&t, VISP_IN_TYPE_RAW12_CSI2P);
	T_EQ(t.buf.in_stride, 96);
	memcpy(t.in + t.buf.in_stride + 3 * 31, bytes, sizeof(bytes));
	T_EQ(tb_run(&t), 0);
	T_EQ(raw16(&t, 62, 1), 0xabc0);
	T_EQ(raw16(&t, 63, 1), 0x1230);
	tb_free(&t);
}

/* The test bench packer and the model's unpacker agree on every type. */
static void test_unpack_all_types(void)
{
	static const u32 depth[] = { 8, 10, 12, 16, 10, 12 };
	u8 type;

	for (type = 0; type <= VISP_IN_TYPE_RAW12_CSI2P; type++) {
		struct tb t;
		u32 x, y, mask = (1u << depth[type]) - 1;
		int bad = 0;

		raw_bench(&t, type);
		for (y = 0; y < H; y++)
			for (x = 0; x < W; x++)
				tb_set(&t, x, y, (x * 977 + y * 131) & mask);
		T_EQ(tb_run(&t), 0);
		for (y = 0; y < H && !bad; y++) {
			for (x = 0; x < W && !bad; x++) {
				u32 v = (x * 977 + y * 131) & mask;

				if (raw16(&t, x, y) != v << (16 - depth[type])) {
					T_EQ(raw16(&t, x, y),
					     v << (16 - depth[type]));
					bad = 1;
				}
			}
		}
		tb_free(&t);
	}
}

static void test_raw16_crop(void)
{
	struct tb t;
	u32 x, y;

	tb_init(&t, VISP_IN_TYPE_RAW12, VISP_BAYER_RGGB, W, H);
	tb_path(&t, VISP_PATH_MAIN, VISP_OUT_FMT_RAW16, 2, 4, 32, 16, 32, 16);
	for (y = 0; y < H; y++)
		for (x = 0; x < W; x++)
			tb_set(&t, x, y, y * 64 + x);
	T_EQ(tb_run(&t), 0);
	T_EQ(raw16(&t, 0, 0), (4 * 64 + 2) << 4);
	T_EQ(raw16(&t, 31, 15), (19 * 64 + 33) << 4);
	T_TRUE(tb_guards_ok(&t));
	tb_free(&t);
}

/* Flat red (4095, 0, 0) through a path in @fmt, BT.601 limited. */
static void red_bench(struct tb *t, u8 fmt)
{
	tb_init(t, VISP_IN_TYPE_RAW12, VISP_BAYER_RGGB, W, H);
	tb_fill(t, 4095, 0, 0, 0);
	tb_path(t, VISP_PATH_SELF, fmt, 0, 0, W, H, W, H);
	T_EQ(tb_run(t), 0);
	T_TRUE(tb_guards_ok(t));
}

/*
 * BT.601 limited range red: Y = ((1048 * 4095 + 32768) >> 16) + 16 = 81,
 * Cb = ((-605 * 4095 + 32768) >> 16) + 128 = -38 + 128 = 90,
 * Cr = ((1792 * 4095 + 32768) >> 16) + 128 = 240.
 * The exact values of the standard are 81.5, 90.2 and 240.
 */
#define RED_Y	81
#define RED_CB	90
#define RED_CR	240

static void expect_plane(struct tb *t, unsigned int plane, u32 line_bytes,
			 u32 lines, const u8 *pattern, u32 period)
{
	u32 x, y;

	for (y = 0; y < lines; y++) {
		for (x = 0; x < line_bytes; x++) {
			u8 v = *tb_px(t, VISP_PATH_SELF, plane, x, y);

			if (v != pattern[x % period]) {
				T_EQ(v, pattern[x % period]);
				return;
			}
		}
	}
}

static void test_pack_nv12(void)
{
	static const u8 y[] = { RED_Y }, c[] = { RED_CB, RED_CR };
	struct tb t;

	red_bench(&t, VISP_OUT_FMT_NV12);
	expect_plane(&t, 0, W, H, y, 1);
	expect_plane(&t, 1, W, H / 2, c, 2);
	tb_free(&t);
}

static void test_pack_nv16(void)
{
	static const u8 y[] = { RED_Y }, c[] = { RED_CB, RED_CR };
	struct tb t;

	red_bench(&t, VISP_OUT_FMT_NV16);
	expect_plane(&t, 0, W, H, y, 1);
	expect_plane(&t, 1, W, H, c, 2);
	tb_free(&t);
}

static void test_pack_yuyv(void)
{
	static const u8 p[] = { RED_Y, RED_CB, RED_Y, RED_CR };
	struct tb t;

	red_bench(&t, VISP_OUT_FMT_YUYV);
	expect_plane(&t, 0, 2 * W, H, p, 4);
	tb_free(&t);
}

static void test_pack_rgb24(void)
{
	static const u8 p[] = { 255, 0, 0 };
	struct tb t;

	red_bench(&t, VISP_OUT_FMT_RGB24);
	expect_plane(&t, 0, 3 * W, H, p, 3);
	tb_free(&t);
}

static void test_pack_xrgb32(void)
{
	static const u8 p[] = { 0xff, 255, 0, 0 };
	struct tb t;

	red_bench(&t, VISP_OUT_FMT_XRGB32);
	expect_plane(&t, 0, 4 * W, H, p, 4);
	tb_free(&t);
}

static void test_pack_grey(void)
{
	static const u8 p[] = { RED_Y };
	struct tb t;

	red_bench(&t, VISP_OUT_FMT_GREY);
	expect_plane(&t, 0, W, H, p, 1);
	tb_free(&t);
}

/* Exact values for every matrix and range, derived by hand. */
static void test_csc_white_black(void)
{
	u8 m, full;

	for (m = 0; m < 3; m++) {
		for (full = 0; full < 2; full++) {
			u8 val;

			for (val = 0; val < 2; val++) {
				static const u8 py[2][2] = { { 16, 235 },
							     { 0, 255 } };
				struct tb t;
				u8 *p;

				tb_init(&t, VISP_IN_TYPE_RAW12,
					VISP_BAYER_RGGB, W, H);
				tb_path(&t, VISP_PATH_SELF, VISP_OUT_FMT_YUYV,
					0, 0, W, H, W, H);
				t.cfg.csc_matrix = m;
				t.cfg.csc_full_range = full;
				if (val)
					tb_fill(&t, 4095, 4095, 4095, 4095);
				T_EQ(tb_run(&t), 0);
				p = tb_px(&t, VISP_PATH_SELF, 0, 8, 8);
				T_EQ(p[0], py[full][val]);
				T_EQ(p[1], 128);
				T_EQ(p[3], 128);
				tb_free(&t);
			}
		}
	}
}

/*
 * Primaries against the standards' equations computed here in floating
 * point from Kr and Kb: the model may differ by at most 1.
 */
static void test_csc_primaries(void)
{
	static const double kr[3] = { 0.299, 0.2126, 0.2627 };
	static const double kb[3] = { 0.114, 0.0722, 0.0593 };
	static const u32 col[6][3] = {
		{ 4095, 0, 0 }, { 0, 4095, 0 }, { 0, 0, 4095 },
		{ 4095, 4095, 0 }, { 1000, 2000, 3000 }, { 3000, 100, 2000 },
	};
	u8 m, full, c;

	for (m = 0; m < 3; m++) {
		for (full = 0; full < 2; full++) {
			for (c = 0; c < 6; c++) {
				double r = col[c][0] / 4095.0;
				double g = col[c][1] / 4095.0;
				double b = col[c][2] / 4095.0;
				double kg = 1 - kr[m] - kb[m];
				double yy = kr[m] * r + kg * g + kb[m] * b;
				double cb = (b - yy) / (2 * (1 - kb[m]));
				double cr = (r - yy) / (2 * (1 - kr[m]));
				double e[3];
				struct tb t;
				u8 *p;
				int i;

				if (full) {
					e[0] = yy * 255;
					e[1] = 128 + cb * 255;
					e[2] = 128 + cr * 255;
				} else {
					e[0] = 16 + yy * 219;
					e[1] = 128 + cb * 224;
					e[2] = 128 + cr * 224;
				}
				tb_init(&t, VISP_IN_TYPE_RAW12,
					VISP_BAYER_RGGB, W, H);
				tb_path(&t, VISP_PATH_MAIN, VISP_OUT_FMT_NV16,
					0, 0, W, H, W, H);
				t.cfg.csc_matrix = m;
				t.cfg.csc_full_range = full;
				tb_fill(&t, col[c][0], col[c][1], col[c][1],
					col[c][2]);
				T_EQ(tb_run(&t), 0);
				p = tb_px(&t, VISP_PATH_MAIN, 1, 8, 8);
				for (i = 0; i < 3; i++) {
					double v = i ? p[i - 1] :
						   *tb_px(&t, 0, 0, 8, 8);
					double lim = e[i] > 255 ? 255 :
						     e[i] < 0 ? 0 : e[i];

					if (v - lim > 1.0 || lim - v > 1.0)
						T_EQ((int)v, (int)(lim + 0.5));
				}
				tb_free(&t);
			}
		}
	}
}

static void test_two_paths(void)
{
	static const u8 y[] = { RED_Y }, c[] = { RED_CB, RED_CR };
	struct tb t;
	u32 x, yy;

	tb_init(&t, VISP_IN_TYPE_RAW12, VISP_BAYER_RGGB, W, H);
	tb_fill(&t, 4095, 0, 0, 0);
	tb_path(&t, VISP_PATH_MAIN, VISP_OUT_FMT_RGB24, 0, 0, W, H, W, H);
	tb_path(&t, VISP_PATH_SELF, VISP_OUT_FMT_NV12, 0, 0, W, H, 32, 16);
	T_EQ(tb_run(&t), 0);
	for (yy = 0; yy < H; yy++)
		for (x = 0; x < W; x++)
			if (tb_px(&t, 0, 0, 3 * x, yy)[0] != 255)
				T_EQ(tb_px(&t, 0, 0, 3 * x, yy)[0], 255);
	expect_plane(&t, 0, 32, 16, y, 1);
	expect_plane(&t, 1, 32, 8, c, 2);
	T_TRUE(tb_guards_ok(&t));
	tb_free(&t);
}

const struct tcase format_tests[] = {
	{ "unpack: RAW8", test_unpack_raw8 },
	{ "unpack: RAW10 in 16-bit containers", test_unpack_raw10 },
	{ "unpack: RAW12 in 16-bit containers", test_unpack_raw12 },
	{ "unpack: RAW16", test_unpack_raw16 },
	{ "unpack: RAW10 CSI-2 packed", test_unpack_raw10_csi2p },
	{ "unpack: RAW12 CSI-2 packed", test_unpack_raw12_csi2p },
	{ "unpack: every type, every pixel", test_unpack_all_types },
	{ "pack: RAW16 bypass with crop", test_raw16_crop },
	{ "pack: NV12", test_pack_nv12 },
	{ "pack: NV16", test_pack_nv16 },
	{ "pack: YUYV", test_pack_yuyv },
	{ "pack: RGB24", test_pack_rgb24 },
	{ "pack: XRGB32", test_pack_xrgb32 },
	{ "pack: GREY", test_pack_grey },
	{ "csc: white and black, all matrices and ranges",
	  test_csc_white_black },
	{ "csc: primaries within 1 of the standards", test_csc_primaries },
	{ "paths: main and self together", test_two_paths },
	{ NULL, NULL },
};
