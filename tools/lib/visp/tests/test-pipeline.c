// SPDX-License-Identifier: GPL-2.0
/*
 * Processing block tests. Every expected value is derived by hand from the
 * arithmetic in the hardware reference; the derivation is in the comments.
 * rgb8(v) below is the 12-bit to 8-bit conversion (v * 4081 + 32768) >> 16,
 * which is round(v * 255 / 4095) for the values used.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <stdlib.h>
#include <string.h>

#include "tap.h"

#define W	64
#define H	32

/* A 64 x 32 RAW12 frame through the main path as RGB24, 1:1. */
static void rgb_bench(struct tb *t, u8 bayer)
{
	tb_init(t, VISP_IN_TYPE_RAW12, bayer, W, H);
	tb_path(t, VISP_PATH_MAIN, VISP_OUT_FMT_RGB24, 0, 0, W, H, W, H);
}

/* Expect every pixel of the main RGB24 output in [x0, x1) to be r, g, b. */
static void expect_rgb(struct tb *t, u32 x0, u32 x1, int r, int g, int b)
{
	u32 x, y;
	int bad = 0;

	for (y = 0; y < t->cfg.path[0].out_h; y++) {
		for (x = x0; x < x1; x++) {
			u8 *p = tb_px(t, VISP_PATH_MAIN, 0, 3 * x, y);

			if (!bad && (p[0] != r || p[1] != g || p[2] != b)) {
				T_EQ(x * 1000 + y, -1);
				T_EQ(p[0], r);
				T_EQ(p[1], g);
				T_EQ(p[2], b);
				bad = 1;
			}
		}
	}
}

/* One AWB zone covering the whole 64 x 32 frame. */
static void awb_whole(struct tb *t)
{
	t->cfg.stats_en = true;
	t->cfg.awb_en = true;
	t->cfg.awb_win = (struct visp_model_window){ 0, 0, W, H, 1, 1 };
}

static void test_identity_grey(void)
{
	struct tb t;

	rgb_bench(&t, VISP_BAYER_RGGB);
	tb_fill(&t, 2048, 2048, 2048, 2048);
	T_EQ(visp_model_check(&t.cfg), 0);
	T_EQ(tb_run(&t), 0);
	/* rgb8(2048) = (8357888 + 32768) >> 16 = 128 */
	expect_rgb(&t, 0, W, 128, 128, 128);
	T_TRUE(tb_guards_ok(&t));
	tb_free(&t);
}

static void test_colour_patch_all_orders(void)
{
	u8 order;

	for (order = 0; order < 4; order++) {
		struct tb t;

		rgb_bench(&t, order);
		tb_fill(&t, 1000, 2000, 2000, 3000);
		T_EQ(tb_run(&t), 0);
		/* 1000 * 255 / 4095 = 62.3, 2000 -> 124.5, 3000 -> 186.8 */
		expect_rgb(&t, 0, W, 62, 125, 187);
		tb_free(&t);
	}
}

static void test_green_split(void)
{
	struct tb t;

	rgb_bench(&t, VISP_BAYER_RGGB);
	tb_fill(&t, 0, 2000, 0, 0);
	T_EQ(tb_run(&t), 0);
	/*
	 * At an R site (even x, even y) the horizontal neighbours are Gr
	 * (2000) and the vertical ones Gb (0): (4000 + 2) >> 2 = 1000,
	 * rgb8(1000) = 62. At Gr sites G = 2000 -> 125.
	 */
	T_EQ(tb_px(&t, VISP_PATH_MAIN, 0, 3 * 10 + 1, 10)[0], 62);
	T_EQ(tb_px(&t, VISP_PATH_MAIN, 0, 3 * 11 + 1, 10)[0], 125);
	T_EQ(tb_px(&t, VISP_PATH_MAIN, 0, 3 * 10 + 1, 11)[0], 0);
	tb_free(&t);
}

static void test_raw8_white(void)
{
	struct tb t;

	tb_init(&t, VISP_IN_TYPE_RAW8, VISP_BAYER_BGGR, W, H);
	tb_path(&t, VISP_PATH_MAIN, VISP_OUT_FMT_RGB24, 0, 0, W, H, W, H);
	tb_fill(&t, 255, 255, 255, 255);
	T_EQ(tb_run(&t), 0);
	/* 255 << 8 >> 4 = 4080; 4080 * 255 / 4095 = 254.07 */
	expect_rgb(&t, 0, W, 254, 254, 254);
	tb_free(&t);
}

static void test_bls_clamp(void)
{
	struct tb t;

	rgb_bench(&t, VISP_BAYER_RGGB);
	tb_fill(&t, 300, 150, 150, 100);
	t.cfg.bls_en = true;
	t.cfg.bls_level[VISP_CFA_R] = 200;
	t.cfg.bls_level[VISP_CFA_GR] = 150;
	t.cfg.bls_level[VISP_CFA_GB] = 150;
	t.cfg.bls_level[VISP_CFA_B] = 200;
	awb_whole(&t);
	T_EQ(tb_run(&t), 0);
	/* R: 300 - 200 = 100; G: 150 - 150 = 0; B: 100 - 200 -> 0 */
	T_EQ(t.stats.awb[0].count, 32 * 16);
	T_EQ(t.stats.awb[0].sum_r, 32 * 16 * 100);
	T_EQ(t.stats.awb[0].sum_g, 0);
	T_EQ(t.stats.awb[0].sum_b, 0);
	/* rgb8(100) = 100 * 255 / 4095 = 6.2 */
	expect_rgb(&t, 0, W, 6, 0, 0);
	tb_free(&t);
}

static void test_dpc_threshold(void)
{
	static const u32 expect_on[4] = { 64256, 64000, 64000, 63744 };
	static const u32 expect_off[4] = { 64256, 64257, 63743, 63744 };
	int on;

	for (on = 0; on < 2; on++) {
		struct tb t;
		unsigned int i;

		rgb_bench(&t, VISP_BAYER_RGGB);
		tb_fill(&t, 1000, 1000, 1000, 1000);
		/* R samples, one per 16 x 16 zone, neighbours all 1000. */
		tb_set(&t, 4, 4, 1256);		/* 1256 > 1000 + 256: no */
		tb_set(&t, 20, 4, 1257);	/* 1257 > 1256: max = 1000 */
		tb_set(&t, 36, 4, 743);		/* 743 + 256 < 1000: min */
		tb_set(&t, 52, 4, 744);		/* 744 + 256 = 1000: kept */
		t.cfg.dpc_en = on;
		t.cfg.dpc_thresh = 256;
		t.cfg.stats_en = true;
		t.cfg.awb_en = true;
		t.cfg.awb_win = (struct visp_model_window){ 0, 0, 16, 16,
							     4, 2 };
		T_EQ(tb_run(&t), 0);
		/* Each zone has 64 R samples of 1000 but for the test one. */
		for (i = 0; i < 4; i++) {
			T_EQ(t.stats.awb[i].sum_r,
			     on ? expect_on[i] : expect_off[i]);
			T_EQ(t.stats.awb[i].count, 64);
		}
		tb_free(&t);
	}
}

static void test_lsc_uniform(void)
{
	struct tb t;
	unsigned int c, n;

	rgb_bench(&t, VISP_BAYER_RGGB);
	tb_fill(&t, 1000, 1000, 1000, 1000);
	t.cfg.lsc_en = true;
	for (c = 0; c < 4; c++)
		for (n = 0; n < VISP_LSC_GRID_NODES; n++)
			t.cfg.lsc_table[c][n] = 1536;
	awb_whole(&t);
	T_EQ(tb_run(&t), 0);
	/* (1000 * 1536 + 512) >> 10 = 1500 */
	T_EQ(t.stats.awb[0].sum_r, 512 * 1500);
	T_EQ(t.stats.awb[0].sum_g, 1024 * 1500);
	tb_free(&t);
}

static void test_lsc_ramp(void)
{
	struct tb t;
	unsigned int n;

	/* 32 x 16, GRBG: R samples at odd x, xstep = (16 << 16) / 32. */
	tb_init(&t, VISP_IN_TYPE_RAW12, VISP_BAYER_GRBG, 32, 16);
	tb_path(&t, VISP_PATH_MAIN, VISP_OUT_FMT_RGB24, 0, 0, 32, 16, 32, 16);
	tb_fill(&t, 1000, 1000, 1000, 1000);
	T_EQ(t.cfg.lsc_xstep, 32768);
	t.cfg.lsc_en = true;
	for (n = 0; n < VISP_LSC_GRID_NODES; n++)
		t.cfg.lsc_table[VISP_CFA_R][n] = 1024 + 128 * (n % 17);
	t.cfg.stats_en = true;
	t.cfg.awb_en = true;
	t.cfg.awb_win = (struct visp_model_window){ 0, 0, 32, 16, 1, 1 };
	T_EQ(tb_run(&t), 0);
	/*
	 * x = 2k + 1: cell k, fx = 512, gain = ((1024 + 128k) * 512 +
	 * (1152 + 128k) * 512 + 512) >> 10 = 1088 + 128k; sample =
	 * (1000 * (1088 + 128k) + 512) >> 10 = 1063 + 125k. Per line:
	 * sum over k = 0..15 = 16 * 1063 + 125 * 120 = 32008; 8 R lines.
	 */
	T_EQ(t.stats.awb[0].sum_r, 8 * 32008);
	T_EQ(t.stats.awb[0].sum_b, 8 * 16 * 1000);
	tb_free(&t);
}

static void test_wb_rounding(void)
{
	struct tb t;

	rgb_bench(&t, VISP_BAYER_RGGB);
	tb_fill(&t, 17, 17, 17, 4000);
	t.cfg.wb_en = true;
	t.cfg.wb_gain[VISP_CFA_R] = 512;
	t.cfg.wb_gain[VISP_CFA_GR] = 500;
	t.cfg.wb_gain[VISP_CFA_GB] = 500;
	t.cfg.wb_gain[VISP_CFA_B] = 2048;
	T_EQ(tb_run(&t), 0);
	/*
	 * R: (17 * 512 + 512) >> 10 = 9 -> rgb8(9) = 1 (truncation would
	 * give 8 -> 0); G: (8500 + 512) >> 10 = 8 -> 0;
	 * B: 8000 clamps to 4095 -> 255.
	 */
	expect_rgb(&t, 0, W, 1, 0, 255);
	tb_free(&t);
}

static void test_ccm_floor_and_clamp(void)
{
	static const s16 m[9] = { 1024, 0, 0, 1024, 0, 0, -1, 0, 0 };
	static const s16 o[3] = { -992, -991, 9 };
	struct tb t;

	rgb_bench(&t, VISP_BAYER_RGGB);
	tb_fill(&t, 1000, 1000, 1000, 1000);
	t.cfg.ccm_en = true;
	memcpy(t.cfg.ccm_coeff, m, sizeof(m));
	memcpy(t.cfg.ccm_offset, o, sizeof(o));
	T_EQ(tb_run(&t), 0);
	/*
	 * R: 1000 - 992 = 8 -> 0; G: 9 -> 1; B: (-1000 + 512) >> 10 = -1
	 * (floor; truncation would give 0), + 9 = 8 -> 0.
	 */
	expect_rgb(&t, 0, W, 0, 1, 0);
	tb_free(&t);

	rgb_bench(&t, VISP_BAYER_RGGB);
	tb_fill(&t, 1000, 1000, 1000, 1000);
	t.cfg.ccm_en = true;
	t.cfg.ccm_coeff[0] = 8191;
	t.cfg.ccm_coeff[4] = -8192;
	t.cfg.ccm_coeff[8] = 1024;
	t.cfg.ccm_offset[2] = 4095;
	T_EQ(tb_run(&t), 0);
	/* 7999 -> 4095; -8000 -> 0; 1000 + 4095 -> 4095 */
	expect_rgb(&t, 0, W, 255, 0, 255);
	tb_free(&t);
}

static void test_gamma_interpolation(void)
{
	struct tb t;
	unsigned int i;

	rgb_bench(&t, VISP_BAYER_RGGB);
	tb_fill(&t, 2080, 0, 0, 4095);
	t.cfg.gamma_en = true;
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		t.cfg.gamma_lut[i] = i * 64 > 4095 ? 0 : 4095 - i * 64;
	T_EQ(tb_run(&t), 0);
	/*
	 * R 2080: i = 32, f = 32: (2047 * 32 + 1983 * 32 + 32) >> 6 = 2015
	 * -> rgb8 125. G 0 -> curve[0] = 4095 -> 255. B 4095: i = 63,
	 * f = 63: (63 * 1 + 0 * 63 + 32) >> 6 = 1 -> 0.
	 */
	expect_rgb(&t, 0, W, 125, 255, 0);
	tb_free(&t);
}

static void test_demosaic_edge_aware(void)
{
	int ea;

	for (ea = 0; ea <= VISP_DEMOSAIC_DIRECTIONAL; ea++) {
		struct tb t;
		u32 x, y;

		rgb_bench(&t, VISP_BAYER_RGGB);
		for (y = 0; y < H; y++)
			for (x = 0; x < W; x++)
				tb_set(&t, x, y, x < 32 ? 0 : 4000);
		t.cfg.dms_mode = ea;
		T_EQ(tb_run(&t), 0);
		/*
		 * R site (32, 10): W = 0, E = N = S = 4000. Bilinear G =
		 * (12000 + 2) >> 2 = 3000 -> 187; edge-aware: dh = 4000 >
		 * dv = 0, G = (4000 + 4000 + 1) >> 1 = 4000 -> 249;
		 * directional: q = 16190 on the bright side, dh = 32380 >
		 * 4 dv = 0, G = gv = 16190 -> 4000 -> 249 (see the KUnit
		 * test visp_model_test_dms_edge()).
		 */
		T_EQ(tb_px(&t, VISP_PATH_MAIN, 0, 3 * 32 + 1, 10)[0],
		     ea ? 249 : 187);
		/* G site (33, 10) keeps its own green: 4000 -> 249 */
		T_EQ(tb_px(&t, VISP_PATH_MAIN, 0, 3 * 33 + 1, 10)[0], 249);
		tb_free(&t);
	}
}

/* Grey ramp v(x) = 64 x: bilinear demosaic keeps it exact inside. */
static void fill_ramp(struct tb *t)
{
	u32 x, y;

	for (y = 0; y < t->cfg.in_height; y++)
		for (x = 0; x < t->cfg.in_width; x++)
			tb_set(t, x, y, 64 * x);
}

static void test_scaler_down(void)
{
	struct tb t;

	rgb_bench(&t, VISP_BAYER_RGGB);
	visp_config_set_path(&t.cfg, VISP_PATH_MAIN, VISP_OUT_FMT_RGB24,
			     0, 0, W, H, W / 2, H);
	fill_ramp(&t);
	T_EQ(t.cfg.path[0].hstep, 0x20000);
	T_EQ(t.cfg.path[0].hphase, 0x8000);
	T_EQ(tb_run(&t), 0);
	/*
	 * ox = 10: pos = 0x8000 + 10 * 0x20000 -> column 20, weight 128:
	 * (1280 * 128 + 1344 * 128 + 128) >> 8 = 1312 -> rgb8 82.
	 */
	T_EQ(tb_px(&t, VISP_PATH_MAIN, 0, 30, 5)[0], 82);
	T_EQ(tb_px(&t, VISP_PATH_MAIN, 0, 31, 5)[0], 82);
	tb_free(&t);
}

static void test_scaler_up(void)
{
	struct tb t;

	tb_init(&t, VISP_IN_TYPE_RAW12, VISP_BAYER_RGGB, W, H);
	tb_path(&t, VISP_PATH_MAIN, VISP_OUT_FMT_RGB24, 0, 0, 32, 32, 64,
		32);
	fill_ramp(&t);
	T_EQ(t.cfg.path[0].hstep, 0x8000);
	T_EQ(t.cfg.path[0].hphase, -0x4000);
	T_EQ(tb_run(&t), 0);
	/*
	 * ox = 21: pos = -16384 + 21 * 32768 = 671744: column 10, weight
	 * 64: (640 * 192 + 704 * 64 + 128) >> 8 = 656 -> rgb8 41.
	 * ox = 63: column 31.25 is past the last column: 1984 -> 124.
	 * ox = 0: negative position, column 0: R site keeps 0.
	 */
	T_EQ(tb_px(&t, VISP_PATH_MAIN, 0, 3 * 21, 3)[0], 41);
	T_EQ(tb_px(&t, VISP_PATH_MAIN, 0, 3 * 63, 4)[0], 124);
	T_EQ(tb_px(&t, VISP_PATH_MAIN, 0, 0, 4)[0], 0);
	T_TRUE(tb_guards_ok(&t));
	tb_free(&t);
}

static void test_odd_sizes(void)
{
	struct tb t;
	u32 x, y;

	tb_init(&t, VISP_IN_TYPE_RAW12, VISP_BAYER_GBRG, 66, 34);
	tb_path(&t, VISP_PATH_MAIN, VISP_OUT_FMT_RGB24, 1, 1, 33, 17, 33, 17);
	tb_path(&t, VISP_PATH_SELF, VISP_OUT_FMT_GREY, 3, 1, 61, 31, 35, 19);
	tb_fill(&t, 4095, 4095, 4095, 4095);
	T_EQ(visp_model_check(&t.cfg), 0);
	T_EQ(tb_run(&t), 0);
	expect_rgb(&t, 0, 33, 255, 255, 255);
	/* White, BT.601 limited range: Y = 235. */
	for (y = 0; y < 19; y++)
		for (x = 0; x < 35; x++)
			if (*tb_px(&t, VISP_PATH_SELF, 0, x, y) != 235)
				T_EQ(*tb_px(&t, VISP_PATH_SELF, 0, x, y), 235);
	T_TRUE(tb_guards_ok(&t));
	tb_free(&t);
}

static void test_config_errors(void)
{
	struct tb t;

	tb_init(&t, VISP_IN_TYPE_RAW12, VISP_BAYER_RGGB, W, H);
	tb_path(&t, VISP_PATH_MAIN, VISP_OUT_FMT_NV12, 0, 0, W, H, W, H);
	T_EQ(visp_model_check(&t.cfg), 0);

	t.cfg.in_width = 63;
	T_EQ(visp_model_check(&t.cfg), VISP_CFG_ERR_IN | VISP_CFG_ERR_MP);
	t.cfg.in_width = 30;
	T_EQ(visp_model_check(&t.cfg) & VISP_CFG_ERR_IN, VISP_CFG_ERR_IN);
	t.cfg.in_width = W;
	t.cfg.in_type = VISP_IN_TYPE_RAW10_CSI2P;
	T_EQ(visp_model_check(&t.cfg), 0);
	t.cfg.in_width = 62;
	T_EQ(visp_model_check(&t.cfg) & VISP_CFG_ERR_IN, VISP_CFG_ERR_IN);
	t.cfg.in_width = W;
	t.cfg.in_type = 6;
	T_EQ(visp_model_check(&t.cfg), VISP_CFG_ERR_IN);
	t.cfg.in_type = VISP_IN_TYPE_RAW12;

	t.cfg.path[0].out_h = H - 1;		/* NV12 needs even height */
	T_EQ(visp_model_check(&t.cfg), VISP_CFG_ERR_MP);
	t.cfg.path[0].out_h = H;
	t.cfg.path[0].crop_x = 2;		/* crop beyond the frame */
	T_EQ(visp_model_check(&t.cfg), VISP_CFG_ERR_MP);
	t.cfg.path[0].crop_x = 0;
	t.cfg.path[0].hstep = VISP_SCALE_STEP_MAX + 1;
	T_EQ(visp_model_check(&t.cfg), VISP_CFG_ERR_MP);
	t.cfg.path[0].hstep = VISP_SCALE_STEP_ONE;

	visp_config_set_path(&t.cfg, VISP_PATH_SELF, VISP_OUT_FMT_RAW16, 0, 0,
			     W, H, W, H);
	T_EQ(visp_model_check(&t.cfg), VISP_CFG_ERR_SP);
	t.cfg.path[1].format = VISP_OUT_FMT_YUYV;
	t.cfg.path[1].out_w = 33;
	T_EQ(visp_model_check(&t.cfg), VISP_CFG_ERR_SP);
	t.cfg.path[1].enable = false;

	t.cfg.lsc_table[2][5] = 16384;
	T_EQ(visp_model_check(&t.cfg), VISP_CFG_ERR_LSC);
	t.cfg.lsc_table[2][5] = 16383;

	t.cfg.stats_en = true;
	t.cfg.af_en = true;
	t.cfg.af_win = (struct visp_model_window){ 2, 2, 9, 8, 2, 2 };
	T_EQ(visp_model_check(&t.cfg), VISP_CFG_ERR_STATS);
	t.cfg.af_win.zone_w = 256;
	t.cfg.af_win.grid_w = 16;		/* 2 + 4096 > 4096 */
	T_EQ(visp_model_check(&t.cfg), VISP_CFG_ERR_STATS);
	t.cfg.af_win.x = 0;
	T_EQ(visp_model_check(&t.cfg), 0);

	t.cfg.csc_matrix = 3;
	T_EQ(visp_model_check(&t.cfg), VISP_CFG_ERR_BLOCK);
	t.cfg.csc_matrix = 0;
	t.cfg.ccm_coeff[3] = -8193;
	T_EQ(visp_model_check(&t.cfg), VISP_CFG_ERR_BLOCK);
	t.cfg.ccm_coeff[3] = 0;

	t.cfg.in_width = 63;
	T_EQ(tb_run(&t), VISP_MODEL_ERR_CONFIG);
	T_TRUE(tb_guards_ok(&t));
	T_EQ(*tb_px(&t, VISP_PATH_MAIN, 0, 0, 0), TB_GUARD);
	tb_free(&t);
}

static void test_buffer_errors(void)
{
	struct tb t;
	size_t size;
	u8 *scratch;

	tb_init(&t, VISP_IN_TYPE_RAW12, VISP_BAYER_RGGB, W, H);
	tb_path(&t, VISP_PATH_MAIN, VISP_OUT_FMT_NV12, 0, 0, W, H, W, H);
	/* The last line needs its pixels only, not the whole stride. */
	t.buf.out[0][1].size -= TB_PAD;
	T_EQ(tb_run(&t), 0);
	t.buf.out[0][1].size -= 1;
	T_EQ(tb_run(&t), VISP_MODEL_ERR_BUFFER);
	t.buf.out[0][1].size += TB_PAD + 1;
	t.buf.out[0][0].stride = W - 1;
	T_EQ(tb_run(&t), VISP_MODEL_ERR_BUFFER);
	t.buf.out[0][0].stride = W + TB_PAD;
	t.buf.in_size -= 1;
	T_EQ(tb_run(&t), VISP_MODEL_ERR_BUFFER);
	t.buf.in_size += 1;
	t.cfg.stats_en = true;
	t.buf.stats = NULL;
	T_EQ(tb_run(&t), VISP_MODEL_ERR_BUFFER);
	t.buf.stats = &t.stats;

	size = visp_model_scratch_size(&t.cfg);
	scratch = malloc(size);
	T_EQ(visp_model_run(&t.cfg, &t.buf, scratch, size - 1),
	     VISP_MODEL_ERR_SCRATCH);
	T_EQ(visp_model_run(&t.cfg, &t.buf, scratch, size), 0);
	free(scratch);
	T_TRUE(tb_guards_ok(&t));
	tb_free(&t);
}

static void test_scratch_max(void)
{
	struct visp_model_config cfg;

	/*
	 * The largest line buffers: 4096 wide, both paths at their widest,
	 * the directional demosaic's rings of lines.
	 */
	visp_config_init(&cfg);
	visp_config_set_input(&cfg, VISP_IN_TYPE_RAW16, VISP_BAYER_RGGB, 4096,
			      3072);
	cfg.dms_mode = VISP_DEMOSAIC_DIRECTIONAL;
	visp_config_set_path(&cfg, VISP_PATH_MAIN, VISP_OUT_FMT_NV12, 0, 0,
			     4096, 3072, 4096, 3072);
	visp_config_set_path(&cfg, VISP_PATH_SELF, VISP_OUT_FMT_NV12, 0, 0,
			     4096, 3072, 2048, 2048);
	T_EQ(visp_model_check(&cfg), 0);
	T_TRUE(visp_model_scratch_size(&cfg) <= VISP_MODEL_SCRATCH_MAX);
	T_TRUE(visp_model_scratch_size(&cfg) > VISP_MODEL_SCRATCH_MAX * 9 / 10);
}

const struct tcase pipeline_tests[] = {
	{ "identity: flat grey", test_identity_grey },
	{ "identity: colour patch, all Bayer orders",
	  test_colour_patch_all_orders },
	{ "demosaic: Gr and Gb are separate channels", test_green_split },
	{ "formatter: 8-bit white normalises to 4080", test_raw8_white },
	{ "bls: subtraction clamps at zero", test_bls_clamp },
	{ "dpc: threshold edges, on and off", test_dpc_threshold },
	{ "lsc: uniform gain rounding", test_lsc_uniform },
	{ "lsc: bilinear interpolation across cells", test_lsc_ramp },
	{ "wb: rounding and clamping", test_wb_rounding },
	{ "ccm: flooring shift and clamping", test_ccm_floor_and_clamp },
	{ "gamma: piecewise-linear interpolation", test_gamma_interpolation },
	{ "demosaic: bilinear vs edge-aware vs directional",
	  test_demosaic_edge_aware },
	{ "scaler: 2x downscale phase and weights", test_scaler_down },
	{ "scaler: 2x upscale, edges clamp", test_scaler_up },
	{ "odd sizes: crop and scale, guards intact", test_odd_sizes },
	{ "check: configuration errors", test_config_errors },
	{ "run: buffer and scratch errors", test_buffer_errors },
	{ "scratch: largest configuration fits the maximum", test_scratch_max },
	{ NULL, NULL },
};
