// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics tests with hand-derived expectations.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <string.h>

#include "tap.h"

#define W	64
#define H	32

static void grey_bench(struct tb *t, u32 v)
{
	tb_init(t, VISP_IN_TYPE_RAW12, VISP_BAYER_RGGB, W, H);
	tb_path(t, VISP_PATH_MAIN, VISP_OUT_FMT_GREY, 0, 0, W, H, W, H);
	tb_fill(t, v, v, v, v);
	t->cfg.stats_en = true;
}

static void test_awb_saturation(void)
{
	struct tb t;

	grey_bench(&t, 1000);
	/* One R sample of 4000 in each of the two 32 x 32 zones. */
	tb_set(&t, 4, 4, 4000);
	tb_set(&t, 36, 4, 4000);
	t.cfg.awb_en = true;
	t.cfg.awb_win = (struct visp_model_window){ 0, 0, 32, 32, 2, 1 };
	t.cfg.awb_thresh = 3999;
	T_EQ(tb_run(&t), 0);
	/* 16 x 16 quads per zone, the one holding 4000 is not counted. */
	T_EQ(t.stats.awb[0].count, 255);
	T_EQ(t.stats.awb[0].sum_r, 255 * 1000);
	T_EQ(t.stats.awb[0].sum_g, 255 * 2000);
	T_EQ(t.stats.awb[0].sum_b, 255 * 1000);
	T_EQ(t.stats.awb[1].count, 255);
	tb_free(&t);

	grey_bench(&t, 1000);
	tb_set(&t, 4, 4, 4000);
	t.cfg.awb_en = true;
	t.cfg.awb_win = (struct visp_model_window){ 0, 0, 32, 32, 2, 1 };
	t.cfg.awb_thresh = 4000;		/* equal: counted */
	T_EQ(tb_run(&t), 0);
	T_EQ(t.stats.awb[0].count, 256);
	T_EQ(t.stats.awb[0].sum_r, 255 * 1000 + 4000);
	tb_free(&t);
}

static void test_awb_window_offset(void)
{
	struct tb t;
	u32 rgb[3];

	grey_bench(&t, 0);
	tb_fill(&t, 400, 800, 800, 1200);
	t.cfg.awb_en = true;
	/* 3 x 2 zones of 16 x 8 from (8, 6); the third column ends at 56. */
	t.cfg.awb_win = (struct visp_model_window){ 8, 6, 16, 8, 3, 2 };
	T_EQ(tb_run(&t), 0);
	T_EQ(t.stats.awb_grid_w, 3);
	T_EQ(t.stats.awb_grid_h, 2);
	T_EQ(t.stats.awb[5].count, 8 * 4);
	T_EQ(visp_stats_awb_mean(&t.stats, 2, 1, rgb), 32);
	T_EQ(rgb[0], 400);
	T_EQ(rgb[1], 800);
	T_EQ(rgb[2], 1200);
	T_EQ(t.stats.awb[6].count, 0);		/* beyond the grid */
	tb_free(&t);
}

static void test_ae_histogram_and_means(void)
{
	struct tb t;
	unsigned int i;

	grey_bench(&t, 2000);
	t.cfg.ae_en = true;
	/* 5 x 4 zones of 16 x 8: the fifth column lies outside the frame. */
	t.cfg.ae_win = (struct visp_model_window){ 0, 0, 16, 8, 5, 4 };
	T_EQ(tb_run(&t), 0);
	/* Grey: Y12 = (4096 * 2000 + 2048) >> 12 = 2000, Y8 = 125. */
	T_EQ(t.stats.ae_hist[125], W * H);
	T_EQ(visp_stats_hist_total(&t.stats), W * H);
	for (i = 0; i < 20; i++)
		T_EQ(t.stats.ae_zone_mean[i], i % 5 == 4 ? 0 : 125 * 256);
	T_EQ(t.stats.meas_valid,
	     VISP_STATS_MEAS_AE_HIST | VISP_STATS_MEAS_AE_ZONES);
	tb_free(&t);
}

static void test_ae_post_gamma(void)
{
	struct tb t;
	unsigned int i;

	grey_bench(&t, 2000);
	t.cfg.gamma_en = true;
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		t.cfg.gamma_lut[i] = i * 64 > 4095 ? 0 : 4095 - i * 64;
	t.cfg.ae_en = true;
	t.cfg.ae_post_gamma = true;
	t.cfg.ae_win = (struct visp_model_window){ 0, 0, 32, 16, 2, 2 };
	T_EQ(tb_run(&t), 0);
	/*
	 * 2000: i = 31, f = 16: (2111 * 48 + 2047 * 16 + 32) >> 6 = 2095,
	 * Y8 = 2095 >> 4 = 130.
	 */
	T_EQ(t.stats.ae_hist[130], W * H);
	T_EQ(t.stats.ae_zone_mean[3], 130 * 256);
	tb_free(&t);

	grey_bench(&t, 2000);
	t.cfg.gamma_en = true;
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		t.cfg.gamma_lut[i] = i * 64 > 4095 ? 0 : 4095 - i * 64;
	t.cfg.ae_en = true;
	t.cfg.ae_win = (struct visp_model_window){ 0, 0, 32, 16, 2, 2 };
	T_EQ(tb_run(&t), 0);
	T_EQ(t.stats.ae_hist[125], W * H);	/* pre-gamma */
	tb_free(&t);
}

static void test_af_sharpness(void)
{
	struct tb t;
	u32 x, y;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		grey_bench(&t, 0);
		for (y = 0; y < H; y++)
			for (x = 0; x < W; x++)
				tb_set(&t, x, y, 64 * x);
		t.cfg.af_en = true;
		t.cfg.af_win = (struct visp_model_window){ 16, 8, 16, 8, 1, 1 };
		t.cfg.af_thresh = pass ? 65 : 64;
		T_EQ(tb_run(&t), 0);
		/* 15 pairs of 64 per line inside the zone, 8 lines. */
		T_EQ(t.stats.af_sharpness[0], pass ? 0 : 15 * 64 * 8);
		T_EQ(t.stats.meas_valid, VISP_STATS_MEAS_AF);
		T_EQ(t.stats.af_grid_w, 1);
		tb_free(&t);
	}
}

static void test_stats_header(void)
{
	struct tb t;

	grey_bench(&t, 100);
	t.cfg.awb_en = true;
	t.cfg.awb_win = (struct visp_model_window){ 0, 0, 8, 8, 2, 3 };
	t.cfg.ae_en = true;
	t.cfg.af_en = true;
	memset(&t.stats, 0xee, sizeof(t.stats));
	T_EQ(tb_run(&t), 0);
	T_EQ(t.stats.version, VISP_STATS_BUFFER_V1);
	T_EQ(t.stats.size, sizeof(t.stats));
	T_EQ(t.stats.frame_sequence, 42);
	T_EQ(t.stats.meas_valid, 0xf);
	T_EQ(t.stats.awb_grid_w, 2);
	T_EQ(t.stats.awb_grid_h, 3);
	T_EQ(t.stats.ae_grid_w, 16);
	T_EQ(t.stats.af_grid_h, 16);
	T_EQ(t.stats.reserved[0] | t.stats.reserved[1], 0);
	T_EQ(t.stats.awb[6].count, 0);
	T_EQ(t.stats.awb[0].reserved, 0);
	T_EQ(visp_stats_validate(&t.stats, sizeof(t.stats)), 0);
	T_EQ(visp_stats_validate(&t.stats, sizeof(t.stats) - 1), -EINVAL);
	/* A later version that appends fields is read as version 1. */
	t.stats.version = VISP_STATS_BUFFER_V1 + 1;
	t.stats.size = sizeof(t.stats) + 64;
	T_EQ(visp_stats_validate(&t.stats, sizeof(t.stats) + 64), 0);
	T_EQ(visp_stats_validate(&t.stats, sizeof(t.stats) + 63), -EINVAL);
	t.stats.version = 0;
	T_EQ(visp_stats_validate(&t.stats, sizeof(t.stats) + 64), -EINVAL);
	t.stats.version = VISP_STATS_BUFFER_V1;
	t.stats.size = sizeof(t.stats) - 1;
	T_EQ(visp_stats_validate(&t.stats, sizeof(t.stats)), -EINVAL);
	t.stats.size = sizeof(t.stats);
	T_EQ(visp_stats_validate(&t.stats, sizeof(t.stats)), 0);
	t.stats.ae_grid_w = 17;
	T_EQ(visp_stats_validate(&t.stats, sizeof(t.stats)), -EINVAL);
	tb_free(&t);

	/* Statistics DMA disabled: the buffer is not touched. */
	grey_bench(&t, 100);
	t.cfg.stats_en = false;
	t.cfg.ae_en = true;
	memset(&t.stats, 0xee, sizeof(t.stats));
	T_EQ(tb_run(&t), 0);
	T_EQ(t.stats.version, 0xeeeeeeee);
	T_EQ(t.stats.frame_sequence, 0xeeeeeeee);
	tb_free(&t);
}

const struct tcase stats_tests[] = {
	{ "awb: saturation threshold excludes quads", test_awb_saturation },
	{ "awb: window offset, grid and means", test_awb_window_offset },
	{ "ae: histogram and zone means, zones off frame",
	  test_ae_histogram_and_means },
	{ "ae: pre- and post-gamma tap", test_ae_post_gamma },
	{ "af: sharpness and coring threshold", test_af_sharpness },
	{ "stats: header, validation, DMA disabled", test_stats_header },
	{ NULL, NULL },
};
