// SPDX-License-Identifier: GPL-2.0
/*
 * The model in bands: a frame split in bands, each processed with a
 * scratch buffer of its own and in any order, gives the bytes of the
 * outputs and the statistics that one visp_model_run() gives, for
 * scalers, crops and formats whose output lines straddle the bands.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <stdlib.h>
#include <string.h>

#include "tap.h"

#define W	196
#define H	150

/* A noisy frame with edges, so that every filter has work to do. */
static void bands_input(struct tb *t)
{
	u32 x, y, seed = 12345;

	for (y = 0; y < H; y++) {
		for (x = 0; x < W; x++) {
			seed = seed * 1103515245 + 12345;
			tb_set(t, x, y, ((x / 9 + y / 7) & 1 ? 2600 : 300) +
				  ((seed >> 16) & 1023));
		}
	}
	/* a few defects */
	tb_set(t, 50, 40, 4095);
	tb_set(t, 51, 75, 0);
	tb_set(t, 120, 74, 4095);
}

static void bands_blocks(struct tb *t)
{
	struct visp_model_config *c = &t->cfg;
	unsigned int i;

	c->bls_en = true;
	for (i = 0; i < 4; i++)
		c->bls_level[i] = 64 + i;
	c->dpc_en = true;
	c->dpc_thresh = 200;
	c->lsc_en = true;
	for (i = 0; i < VISP_LSC_GRID_NODES; i++)
		c->lsc_table[i % 4][i] = 1024 + (i * 37) % 700;
	c->wb_en = true;
	c->wb_gain[VISP_CFA_R] = 1900;
	c->wb_gain[VISP_CFA_B] = 1400;
	c->dms_mode = VISP_DEMOSAIC_EDGE_AWARE;
	c->ccm_en = true;
	c->ccm_coeff[0] = 1500;
	c->ccm_coeff[1] = -300;
	c->ccm_coeff[2] = -176;
	c->ccm_coeff[4] = 1300;
	c->ccm_coeff[3] = -200;
	c->ccm_coeff[5] = -76;
	c->ccm_coeff[8] = 1400;
	c->ccm_coeff[7] = -376;
	c->gamma_en = true;
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		c->gamma_lut[i] = i * 64 > 4095 ? 4095 :
				  (i * 64 * (8192 - i * 64)) / 4096;
	c->stats_en = true;
	c->awb_en = true;
	c->awb_thresh = 3500;
	c->awb_win = (struct visp_model_window){ 2, 4, 24, 18, 8, 8 };
	c->ae_en = true;
	c->ae_win = (struct visp_model_window){ 0, 2, 30, 14, 6, 10 };
	c->af_en = true;
	c->af_thresh = 8;
	c->af_win = (struct visp_model_window){ 6, 0, 20, 12, 9, 13 };
}

/*
 * Paths of each case: format, crop x, y, w, h, output w, h, for the main
 * then the self path (a zero width leaves the path off).
 */
struct bands_case {
	const char *name;
	u32 path[VISP_PATH_COUNT][7];
	bool post_gamma;
	u8 dms_mode;	/* edge-aware when 0 */
};

static const struct bands_case bands_cases[] = {
	{ "NV12 full size, RGB24 half size",
	  { { VISP_OUT_FMT_NV12, 0, 0, W, H, W, H },
	    { VISP_OUT_FMT_RGB24, 0, 0, W, H, W / 2, H / 2 } }, false, 0 },
	{ "NV12 scaled down, XRGB32 scaled up",
	  { { VISP_OUT_FMT_NV12, 6, 10, 180, 130, 120, 98 },
	    { VISP_OUT_FMT_XRGB32, 20, 3, 90, 61, 128, 97 } }, true, 0 },
	{ "NV12 scaled up, YUYV cropped",
	  { { VISP_OUT_FMT_NV12, 2, 1, 120, 75, 160, 142 },
	    { VISP_OUT_FMT_YUYV, 4, 9, 100, 101, 100, 101 } }, false, 0 },
	{ "RAW16 cropped, NV16 scaled",
	  { { VISP_OUT_FMT_RAW16, 4, 6, 130, 120, 130, 120 },
	    { VISP_OUT_FMT_NV16, 0, 0, W, H, 150, 77 } }, false, 0 },
	{ "directional demosaic, one band does it all",
	  { { VISP_OUT_FMT_NV12, 0, 0, W, H, W, H },
	    { VISP_OUT_FMT_RGB24, 0, 0, W, H, W / 2, H / 2 } }, false,
	  VISP_DEMOSAIC_DIRECTIONAL },
	{ "GREY, NV12 at a third",
	  { { VISP_OUT_FMT_GREY, 0, 0, W, H, W, H },
	    { VISP_OUT_FMT_NV12, 0, 0, W, H, 64, 50 } }, false, 0 },
};

static void bands_setup(struct tb *t, const struct bands_case *bc)
{
	unsigned int p;

	tb_init(t, VISP_IN_TYPE_RAW12, VISP_BAYER_GRBG, W, H);
	bands_input(t);
	bands_blocks(t);
	t->cfg.ae_post_gamma = bc->post_gamma;
	if (bc->dms_mode)
		t->cfg.dms_mode = bc->dms_mode;
	for (p = 0; p < VISP_PATH_COUNT; p++) {
		const u32 *v = bc->path[p];

		if (v[3])
			tb_path(t, p, v[0], v[1], v[2], v[3], v[4], v[5],
				v[6]);
	}
	t->buf.frame_sequence = 42;
}

/* Run the frame in @n bands, the last first, each with its scratch. */
static int bands_run(struct tb *t, unsigned int n)
{
	size_t size = visp_model_scratch_size(&t->cfg);
	void *scratch[8];
	unsigned int b;
	int ret = 0;

	for (b = 0; b < n; b++)
		scratch[b] = malloc(size);
	for (b = n; b-- > 0 && !ret;)
		ret = visp_model_run_band(&t->cfg, &t->buf, scratch[b], size,
					  visp_model_band_start(&t->cfg, b, n),
					  visp_model_band_start(&t->cfg, b + 1,
								n));
	if (!ret)
		visp_model_finish(&t->cfg, &t->buf, scratch, n);
	for (b = 0; b < n; b++)
		free(scratch[b]);
	return ret;
}

static void test_bands_equal(void)
{
	static const unsigned int counts[] = { 1, 2, 3, 4, 5, 8 };
	unsigned int c, k;

	for (c = 0; c < ARRAY_SIZE(bands_cases); c++) {
		struct tb one;

		bands_setup(&one, &bands_cases[c]);
		T_EQ(tb_run(&one), 0);
		T_TRUE(one.stats.meas_valid);
		for (k = 0; k < ARRAY_SIZE(counts); k++) {
			struct tb split;
			bool same;

			bands_setup(&split, &bands_cases[c]);
			T_EQ(bands_run(&split, counts[k]), 0);
			same = tb_same(&one, &split);
			if (!same)
				printf("#   %s, %u bands: differs\n",
				       bands_cases[c].name, counts[k]);
			T_TRUE(same);
			T_TRUE(tb_guards_ok(&split));
			tb_free(&split);
		}
		tb_free(&one);
	}
}

/* Add 1 to @count[line] for each output line that is not all guard. */
static void bands_touched(struct tb *t, unsigned int p, unsigned int n,
			  u8 *count)
{
	const struct visp_model_path *path = &t->cfg.path[p];
	u32 lb = visp_model_out_line_bytes(path->format, path->out_w, n);
	u32 lines = visp_model_out_lines(path->format, path->out_h, n);
	u32 y, x;

	for (y = 0; y < lines; y++)
		for (x = 0; x < lb; x++)
			if (*tb_px(t, p, n, x, y) != TB_GUARD) {
				count[y]++;
				break;
			}
}

/*
 * Each output line is written by one band only: bands running at the
 * same time never write the same memory.
 */
static void test_bands_disjoint(void)
{
	static u8 count[VISP_PATH_COUNT][2][H * 2];
	unsigned int c, b, p, n, y, bands = 5;

	for (c = 0; c < ARRAY_SIZE(bands_cases); c++) {
		memset(count, 0, sizeof(count));
		for (b = 0; b < bands; b++) {
			size_t size;
			void *scratch;
			struct tb t;
			u32 y0, y1;

			bands_setup(&t, &bands_cases[c]);
			size = visp_model_scratch_size(&t.cfg);
			scratch = malloc(size);
			y0 = visp_model_band_start(&t.cfg, b, bands);
			y1 = visp_model_band_start(&t.cfg, b + 1, bands);
			T_EQ(visp_model_run_band(&t.cfg, &t.buf, scratch, size,
						 y0, y1), 0);
			for (p = 0; p < VISP_PATH_COUNT; p++)
				for (n = 0; n < 2; n++)
					if (t.out[p][n])
						bands_touched(&t, p, n,
							      count[p][n]);
			free(scratch);
			tb_free(&t);
		}
		for (p = 0; p < VISP_PATH_COUNT; p++) {
			const u32 *v = bands_cases[c].path[p];

			for (n = 0; n < 2 && v[3]; n++)
				for (y = 0;
				     y < visp_model_out_lines(v[0], v[6], n);
				     y++)
					T_EQ(count[p][n][y], 1);
		}
	}
}

static void test_bands_split(void)
{
	struct visp_model_config cfg;
	unsigned int n, b;

	visp_config_init(&cfg);
	visp_config_set_input(&cfg, VISP_IN_TYPE_RAW10, VISP_BAYER_RGGB,
			      1920, 1080);
	for (n = 1; n <= 8; n++) {
		T_EQ(visp_model_band_start(&cfg, 0, n), 0);
		T_EQ(visp_model_band_start(&cfg, n, n), 1080);
		for (b = 0; b < n; b++) {
			u32 y0 = visp_model_band_start(&cfg, b, n);
			u32 y1 = visp_model_band_start(&cfg, b + 1, n);

			T_EQ(y0 & 1, 0);
			T_TRUE(y1 > y0);
			T_TRUE(y1 - y0 <= 1080 / n + 2);
		}
	}
}

static void test_bands_bad(void)
{
	struct tb t;
	size_t size;
	void *scratch;

	bands_setup(&t, &bands_cases[0]);
	size = visp_model_scratch_size(&t.cfg);
	scratch = malloc(size);
	T_EQ(visp_model_run_band(&t.cfg, &t.buf, scratch, size, 4, 2),
	     VISP_MODEL_ERR_CONFIG);
	T_EQ(visp_model_run_band(&t.cfg, &t.buf, scratch, size, 1, 10),
	     VISP_MODEL_ERR_CONFIG);
	T_EQ(visp_model_run_band(&t.cfg, &t.buf, scratch, size, 0, H + 2),
	     VISP_MODEL_ERR_CONFIG);
	T_EQ(visp_model_run_band(&t.cfg, &t.buf, scratch, size - 1, 0, H),
	     VISP_MODEL_ERR_SCRATCH);
	/* nothing written */
	T_TRUE(tb_guards_ok(&t));
	T_EQ(*tb_px(&t, VISP_PATH_MAIN, 0, 0, 0), TB_GUARD);
	free(scratch);
	tb_free(&t);
}

const struct tcase bands_tests[] = {
	{ "bands: any split gives the frame of one run", test_bands_equal },
	{ "bands: each output line written by one band", test_bands_disjoint },
	{ "bands: even starts, about equal heights", test_bands_split },
	{ "bands: invalid ranges are refused", test_bands_bad },
	{ NULL, NULL },
};
