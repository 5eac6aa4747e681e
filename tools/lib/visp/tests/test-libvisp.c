// SPDX-License-Identifier: GPL-2.0
/*
 * libvisp interface tests: every typed builder yields a block the shared
 * validator accepts and whose effect shows through the reference model,
 * invalid values and full buffers are refused without touching the
 * buffer, and statistics buffers are parsed.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <string.h>

#include "tap.h"

#define W	64
#define H	32

static union {
	struct visp_params_buffer buf;
	u8 bytes[sizeof(struct visp_params_buffer) + VISP_PARAMS_MAX_SIZE];
	u64 align;
} pbuf, pcopy;

#define PB	(&pbuf.buf)
#define PSIZE	sizeof(pbuf)

static size_t used(void)
{
	return sizeof(struct visp_params_buffer) + PB->data_size;
}

/* The input of a frame: a flat Bayer frame, optionally an edge or a spot. */
struct scene {
	u32 r, g, b;
	u32 hot;		/* one R sample at (10, 10) set to this if not 0 */
	u32 right;		/* columns from W / 2 on set to this if not 0 */
	u8 format;		/* VISP_OUT_FMT_RGB24 or VISP_OUT_FMT_GREY */
};

/* What a frame gave: per channel means, the largest byte, statistics. */
struct result {
	u32 mean[3];
	u32 max;
	u8 px[W * H * 3];
	struct visp_stats_buffer stats;
};

static struct result res_a, res_b, res_c;

/*
 * Run one frame of @sc through the model, the parameters buffer PB applied
 * on top of the defaults when @params is set, into @res.
 */
static void frame(const struct scene *sc, bool params, struct result *res)
{
	u8 format = sc->format ? sc->format : VISP_OUT_FMT_RGB24;
	unsigned int bpp = format == VISP_OUT_FMT_GREY ? 1 : 3;
	u64 sum[3] = { 0 };
	struct tb t;
	u32 x, y, c;

	tb_init(&t, VISP_IN_TYPE_RAW12, VISP_BAYER_RGGB, W, H);
	tb_path(&t, VISP_PATH_MAIN, format, 0, 0, W, H, W, H);
	tb_fill(&t, sc->r, sc->g, sc->g, sc->b);
	if (sc->right)
		for (y = 0; y < H; y++)
			for (x = W / 2; x < W; x++)
				tb_set(&t, x, y, sc->right);
	if (sc->hot)
		tb_set(&t, 10, 10, sc->hot);
	t.cfg.stats_en = true;
	if (params)
		T_EQ(visp_params_apply(&t.cfg, PB, used()), 0);
	T_EQ(tb_run(&t), 0);

	memset(res, 0, sizeof(*res));
	for (y = 0; y < H; y++) {
		for (x = 0; x < W; x++) {
			for (c = 0; c < bpp; c++) {
				u8 v = *tb_px(&t, VISP_PATH_MAIN, 0,
					      x * bpp + c, y);

				res->px[(y * W + x) * 3 + c] = v;
				sum[c] += v;
				if (v > res->max)
					res->max = v;
			}
		}
	}
	for (c = 0; c < bpp; c++)
		res->mean[c] = (sum[c] + W * H / 2) / (W * H);
	res->stats = t.stats;
	tb_free(&t);
}

/* A builder call that must fail with @err and leave the buffer alone. */
#define T_REFUSED(call, err)						\
	do {								\
		memcpy(&pcopy, &pbuf, sizeof(pbuf));			\
		T_EQ(call, err);					\
		T_TRUE(!memcmp(&pcopy, &pbuf, sizeof(pbuf)));		\
	} while (0)

static const struct scene grey = { .r = 1600, .g = 1600, .b = 1600 };

static void test_bls(void)
{
	const struct scene grey800 = { .r = 800, .g = 800, .b = 800 };
	const u16 level[VISP_CFA_CHANNELS] = { 800, 800, 800, 800 };
	u16 bad[VISP_CFA_CHANNELS] = { 0, 0, 0, 4096 };
	unsigned int c;

	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_bls(PB, PSIZE, true, level), 0);
	T_EQ(PB->data_size, sizeof(struct visp_params_bls));
	T_EQ(visp_params_validate(PB, used()), 0);

	frame(&grey, false, &res_a);
	frame(&grey, true, &res_b);
	for (c = 0; c < 3; c++)
		T_TRUE(res_b.mean[c] < res_a.mean[c]);
	/* 1600 less a black level of 800: a grey of 800. */
	frame(&grey800, false, &res_a);
	T_TRUE(!memcmp(res_a.px, res_b.px, sizeof(res_a.px)));

	T_REFUSED(visp_params_set_bls(PB, PSIZE, true, bad), -EINVAL);
	bad[3] = 4095;
	T_EQ(visp_params_set_bls(PB, PSIZE, false, bad), 0);
	T_EQ(visp_params_validate(PB, used()), 0);
	T_REFUSED(visp_params_set_bls(PB, PSIZE, true, NULL), -EINVAL);
}

static void test_dpc(void)
{
	const struct scene spot = { .r = 1600, .g = 1600, .b = 1600,
				    .hot = 4000 };

	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_dpc(PB, PSIZE, true, 100), 0);
	T_EQ(visp_params_validate(PB, used()), 0);

	frame(&grey, false, &res_a);
	frame(&spot, false, &res_b);
	T_TRUE(res_b.max > res_a.max);
	/* The defective sample is replaced: the flat frame again. */
	frame(&spot, true, &res_b);
	T_EQ(res_b.max, res_a.max);
	T_TRUE(!memcmp(res_a.px, res_b.px, sizeof(res_a.px)));

	T_REFUSED(visp_params_set_dpc(PB, PSIZE, true, 4096), -EINVAL);
}

static u16 lsc_gain[VISP_CFA_CHANNELS][VISP_LSC_GRID_NODES];

static void test_lsc(void)
{
	const struct scene grey3200 = { .r = 3200, .g = 3200, .b = 3200 };
	unsigned int c, n;

	for (c = 0; c < VISP_CFA_CHANNELS; c++)
		for (n = 0; n < VISP_LSC_GRID_NODES; n++)
			lsc_gain[c][n] = 2 * VISP_GAIN_UNITY;
	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_lsc(PB, PSIZE, true, lsc_gain), 0);
	T_EQ(PB->data_size, sizeof(struct visp_params_lsc));
	T_EQ(visp_params_validate(PB, used()), 0);

	/* A gain of 2.0 over the whole grid: the grey of 3200. */
	frame(&grey, true, &res_b);
	frame(&grey3200, false, &res_a);
	T_TRUE(!memcmp(res_a.px, res_b.px, sizeof(res_a.px)));

	lsc_gain[VISP_CFA_GB][VISP_LSC_GRID_NODES - 1] = VISP_GAIN_MAX + 1;
	T_REFUSED(visp_params_set_lsc(PB, PSIZE, true, lsc_gain), -EINVAL);
}

static void test_awb_gains(void)
{
	const struct scene warm = { .r = 3200, .g = 1600, .b = 800 };
	const u16 gain[VISP_CFA_CHANNELS] = { 2048, 1024, 1024, 512 };
	const u16 bad[VISP_CFA_CHANNELS] = { 1024, 16384, 1024, 1024 };

	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_awb_gains(PB, PSIZE, true, gain), 0);
	T_EQ(visp_params_validate(PB, used()), 0);

	frame(&grey, false, &res_a);
	frame(&grey, true, &res_b);
	/* R doubles, G stays, B halves: the colour R 3200, G 1600, B 800. */
	T_TRUE(res_b.mean[0] > res_a.mean[0]);
	T_EQ(res_b.mean[1], res_a.mean[1]);
	T_TRUE(res_b.mean[2] < res_a.mean[2]);
	frame(&warm, false, &res_a);
	T_TRUE(!memcmp(res_a.px, res_b.px, sizeof(res_a.px)));

	T_REFUSED(visp_params_set_awb_gains(PB, PSIZE, true, bad), -EINVAL);
}

static void test_demosaic(void)
{
	/* A colour edge, where the algorithms interpolate differently. */
	const struct scene edge = { .r = 400, .g = 2400, .b = 800,
				    .right = 3600 };
	struct visp_model_config cfg;

	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_demosaic(PB, PSIZE, VISP_DEMOSAIC_EDGE_AWARE), 0);
	T_EQ(visp_params_validate(PB, used()), 0);
	visp_config_init(&cfg);
	visp_config_set_input(&cfg, VISP_IN_TYPE_RAW12, VISP_BAYER_RGGB, W, H);
	T_EQ(visp_params_apply(&cfg, PB, used()), 0);
	T_EQ(cfg.dms_mode, VISP_DEMOSAIC_EDGE_AWARE);

	frame(&edge, false, &res_a);
	frame(&edge, true, &res_b);
	T_TRUE(memcmp(res_a.px, res_b.px, sizeof(res_a.px)));
	/* Away from the edge both give the flat colour. */
	T_TRUE(!memcmp(res_a.px, res_b.px, 3 * 8));

	/* The directional mode: a third result, the same flat colour. */
	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_demosaic(PB, PSIZE, VISP_DEMOSAIC_DIRECTIONAL),
	     0);
	T_EQ(visp_params_validate(PB, used()), 0);
	T_EQ(visp_params_apply(&cfg, PB, used()), 0);
	T_EQ(cfg.dms_mode, VISP_DEMOSAIC_DIRECTIONAL);
	frame(&edge, true, &res_c);
	T_TRUE(memcmp(res_a.px, res_c.px, sizeof(res_a.px)));
	T_TRUE(memcmp(res_b.px, res_c.px, sizeof(res_b.px)));
	T_TRUE(!memcmp(res_a.px, res_c.px, 3 * 8));

	T_REFUSED(visp_params_set_demosaic(PB, PSIZE,
					   VISP_DEMOSAIC_DIRECTIONAL + 1),
		  -EINVAL);
	/* Not truncated to the 8-bit field. */
	T_REFUSED(visp_params_set_demosaic(PB, PSIZE, 0x100), -EINVAL);
}

static void test_ccm(void)
{
	const struct scene colour = { .r = 800, .g = 1600, .b = 2400 };
	const s16 ident[3][3] = { { 1024, 0, 0 }, { 0, 1024, 0 },
				  { 0, 0, 1024 } };
	const s16 swap[3][3] = { { 0, 0, 1024 }, { 0, 1024, 0 },
				 { 1024, 0, 0 } };
	const s16 zero[3] = { 0, 0, 0 };
	const s16 bad_offset[3] = { 0, VISP_CCM_OFFSET_MIN - 1, 0 };
	s16 bad[3][3] = { { 1024, 0, 0 }, { 0, 1024, 0 }, { 0, 0, 1024 } };

	frame(&colour, false, &res_a);
	T_TRUE(res_a.mean[0] < res_a.mean[2]);

	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_ccm(PB, PSIZE, true, ident, zero), 0);
	T_EQ(visp_params_validate(PB, used()), 0);
	frame(&colour, true, &res_b);
	T_TRUE(!memcmp(res_a.px, res_b.px, sizeof(res_a.px)));

	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_ccm(PB, PSIZE, true, swap, zero), 0);
	T_EQ(visp_params_validate(PB, used()), 0);
	frame(&colour, true, &res_b);
	T_EQ(res_b.mean[0], res_a.mean[2]);
	T_EQ(res_b.mean[1], res_a.mean[1]);
	T_EQ(res_b.mean[2], res_a.mean[0]);

	bad[1][2] = VISP_CCM_COEFF_MAX + 1;
	T_REFUSED(visp_params_set_ccm(PB, PSIZE, true, bad, zero), -EINVAL);
	T_REFUSED(visp_params_set_ccm(PB, PSIZE, true, ident, bad_offset),
		  -EINVAL);
}

static void test_gamma(void)
{
	u16 curve[VISP_GAMMA_POINTS];
	unsigned int i;

	/* The reset curve, x -> x: the output does not change. */
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		curve[i] = i * 64 < VISP_PIXEL_MAX ? i * 64 : VISP_PIXEL_MAX;
	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_gamma(PB, PSIZE, true, curve), 0);
	T_EQ(visp_params_validate(PB, used()), 0);
	frame(&grey, false, &res_a);
	frame(&grey, true, &res_b);
	T_TRUE(!memcmp(res_a.px, res_b.px, sizeof(res_a.px)));

	/* Inverted: x -> 4095 - x. */
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		curve[i] = VISP_PIXEL_MAX - (i * 64 < VISP_PIXEL_MAX ?
					     i * 64 : VISP_PIXEL_MAX);
	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_gamma(PB, PSIZE, true, curve), 0);
	frame(&grey, true, &res_b);
	T_TRUE(res_b.mean[1] > 255 - res_a.mean[1] - 2);
	T_TRUE(res_b.mean[1] < 255 - res_a.mean[1] + 2);

	curve[VISP_GAMMA_POINTS - 1] = VISP_PIXEL_MAX + 1;
	T_REFUSED(visp_params_set_gamma(PB, PSIZE, true, curve), -EINVAL);
}

static void test_csc(void)
{
	const struct scene black = { .format = VISP_OUT_FMT_GREY };

	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_csc(PB, PSIZE, VISP_CSC_BT709,
				 VISP_CSC_RANGE_FULL), 0);
	T_EQ(visp_params_validate(PB, used()), 0);

	/* Black: Y 16 in limited range (the default), 0 in full range. */
	frame(&black, false, &res_a);
	T_EQ(res_a.mean[0], 16);
	frame(&black, true, &res_b);
	T_EQ(res_b.mean[0], 0);

	T_REFUSED(visp_params_set_csc(PB, PSIZE, VISP_CSC_BT2020 + 1,
				      VISP_CSC_RANGE_FULL), -EINVAL);
	T_REFUSED(visp_params_set_csc(PB, PSIZE, VISP_CSC_BT601,
				      VISP_CSC_RANGE_FULL + 1), -EINVAL);
	T_REFUSED(visp_params_set_csc(PB, PSIZE, 0x100, 0), -EINVAL);
}

/* 4 x 2 zones of 16 x 16 pixels: the whole frame. */
static const struct visp_stats_window frame_window = {
	.zone_w = 16, .zone_h = 16, .grid_w = 4, .grid_h = 2,
};

static void test_awb_stats(void)
{
	const struct scene colour = { .r = 800, .g = 1600, .b = 2400 };
	struct visp_stats_window win = frame_window;
	struct visp_stats_view view;
	struct visp_stats_awb awb;

	T_EQ(visp_params_init(PB, PSIZE), 0);
	/* Reserved bytes of the caller's window are not copied. */
	win.reserved[0] = 1;
	T_EQ(visp_params_set_awb_stats(PB, PSIZE, true, &win, 4095), 0);
	T_EQ(visp_params_validate(PB, used()), 0);

	frame(&colour, true, &res_a);
	T_EQ(visp_stats_parse(&res_a.stats, sizeof(res_a.stats), &view), 0);
	T_EQ(view.meas_valid, VISP_STATS_MEAS_AWB);
	T_EQ(view.awb_grid_w, 4);
	T_EQ(view.awb_grid_h, 2);
	T_EQ(visp_stats_get_awb(&view, 3, 1, &awb), 0);
	T_EQ(awb.count, 8 * 8);
	T_EQ(awb.r, 800);
	T_EQ(awb.g, 1600);
	T_EQ(awb.b, 2400);
	/* Every quad above the threshold: none counted. */
	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_awb_stats(PB, PSIZE, true, &win, 1000), 0);
	frame(&colour, true, &res_a);
	T_EQ(visp_stats_parse(&res_a.stats, sizeof(res_a.stats), &view), 0);
	T_EQ(visp_stats_get_awb(&view, 0, 0, &awb), 0);
	T_EQ(awb.count, 0);

	T_REFUSED(visp_params_set_awb_stats(PB, PSIZE, true, &win, 4096),
		  -EINVAL);
	win.zone_w = 6;
	T_REFUSED(visp_params_set_awb_stats(PB, PSIZE, true, &win, 4095),
		  -EINVAL);
	win = frame_window;
	win.grid_w = 0;
	T_REFUSED(visp_params_set_awb_stats(PB, PSIZE, true, &win, 4095),
		  -EINVAL);
	win = frame_window;
	win.x = 1;
	T_REFUSED(visp_params_set_awb_stats(PB, PSIZE, true, &win, 4095),
		  -EINVAL);
	T_REFUSED(visp_params_set_awb_stats(PB, PSIZE, true, NULL, 4095),
		  -EINVAL);
}

static void test_ae_stats(void)
{
	struct visp_stats_window win = frame_window;
	struct visp_stats_view view;
	const u32 *hist;
	u16 mean;
	u32 i;
	u64 total = 0;

	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_ae_stats(PB, PSIZE, true, &win,
				      VISP_AE_TAP_PRE_GAMMA), 0);
	T_EQ(visp_params_validate(PB, used()), 0);

	frame(&grey, true, &res_a);
	T_EQ(visp_stats_parse(&res_a.stats, sizeof(res_a.stats), &view), 0);
	T_EQ(view.meas_valid,
	     VISP_STATS_MEAS_AE_HIST | VISP_STATS_MEAS_AE_ZONES);
	T_EQ(view.ae_grid_w, 4);
	T_EQ(view.ae_grid_h, 2);
	T_EQ(visp_stats_get_ae_hist(&view, &hist), 0);
	for (i = 0; hist && i < VISP_STATS_HIST_BINS; i++)
		total += hist[i];
	T_EQ(total, W * H);
	/* A grey of 1600 / 16 = 100 in 8-bit luma, all in one bin. */
	T_EQ(hist ? hist[100] : 0, W * H);
	T_EQ(visp_stats_get_ae_zone(&view, 2, 1, &mean), 0);
	T_EQ(mean, 100 << 8);

	T_REFUSED(visp_params_set_ae_stats(PB, PSIZE, true, &win,
					   VISP_AE_TAP_POST_GAMMA + 1),
		  -EINVAL);
	win.grid_h = VISP_STATS_GRID_MAX + 1;
	T_REFUSED(visp_params_set_ae_stats(PB, PSIZE, true, &win,
					   VISP_AE_TAP_PRE_GAMMA), -EINVAL);
}

static void test_af_stats(void)
{
	const struct scene edge = { .r = 400, .g = 400, .b = 400,
				    .right = 3600 };
	const struct visp_stats_window win = frame_window;
	struct visp_stats_view view;
	u64 sharp, edge_sharp;

	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_af_stats(PB, PSIZE, true, &win, 16), 0);
	T_EQ(visp_params_validate(PB, used()), 0);

	frame(&edge, true, &res_a);
	T_EQ(visp_stats_parse(&res_a.stats, sizeof(res_a.stats), &view), 0);
	T_EQ(view.meas_valid, VISP_STATS_MEAS_AF);
	T_EQ(view.af_grid_w, 4);
	T_EQ(view.af_grid_h, 2);
	/* Flat zones are not sharp; the edge at x = 32 is. */
	T_EQ(visp_stats_get_af(&view, 0, 0, &sharp), 0);
	T_EQ(sharp, 0);
	T_EQ(visp_stats_get_af(&view, 3, 1, &sharp), 0);
	T_EQ(sharp, 0);
	T_EQ(visp_stats_get_af(&view, 1, 1, &sharp), 0);
	edge_sharp = sharp;
	T_EQ(visp_stats_get_af(&view, 2, 1, &sharp), 0);
	edge_sharp += sharp;
	T_TRUE(edge_sharp > 0);
	T_EQ(visp_stats_get_af(&view, 4, 0, &sharp), -EINVAL);

	T_REFUSED(visp_params_set_af_stats(PB, PSIZE, true, &win, 4096),
		  -EINVAL);
}

/* Disabling a block restores the output of the reset configuration. */
static void test_disable(void)
{
	const u16 level[VISP_CFA_CHANNELS] = { 800, 800, 800, 800 };
	struct visp_model_config cfg;
	unsigned int type;

	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_bls(PB, PSIZE, true, level), 0);
	T_EQ(visp_params_disable(PB, PSIZE, VISP_PARAMS_BLOCK_BLS), 0);
	/* The header alone. */
	T_EQ(PB->data_size, sizeof(struct visp_params_bls) +
			    sizeof(struct visp_params_block_header));
	T_EQ(visp_params_validate(PB, used()), 0);
	visp_config_init(&cfg);
	T_EQ(visp_params_apply(&cfg, PB, used()), 0);
	T_TRUE(!cfg.bls_en);
	T_EQ(cfg.bls_level[0], 800);

	frame(&grey, false, &res_a);
	frame(&grey, true, &res_b);
	T_TRUE(!memcmp(res_a.px, res_b.px, sizeof(res_a.px)));

	/* Every bypassable block, in one buffer. */
	T_EQ(visp_params_init(PB, PSIZE), 0);
	for (type = 0; type < VISP_PARAMS_BLOCK_TYPE_COUNT; type++) {
		if (type == VISP_PARAMS_BLOCK_DEMOSAIC ||
		    type == VISP_PARAMS_BLOCK_CSC)
			T_REFUSED(visp_params_disable(PB, PSIZE, type),
				  -EINVAL);
		else
			T_EQ(visp_params_disable(PB, PSIZE, type), 0);
	}
	T_EQ(visp_params_validate(PB, used()), 0);
	T_REFUSED(visp_params_disable(PB, PSIZE, VISP_PARAMS_BLOCK_TYPE_COUNT),
		  -EINVAL);
}

/* Every builder into one buffer: the driver's largest valid buffer. */
static void test_all_blocks(void)
{
	const u16 four[VISP_CFA_CHANNELS] = { 1024, 1024, 1024, 1024 };
	const s16 ident[3][3] = { { 1024, 0, 0 }, { 0, 1024, 0 },
				  { 0, 0, 1024 } };
	const s16 zero[3] = { 0, 0, 0 };
	u16 curve[VISP_GAMMA_POINTS] = { 0 };
	u16 tone[VISP_TONE_POINTS];
	unsigned int c, n;

	for (c = 0; c < VISP_CFA_CHANNELS; c++)
		for (n = 0; n < VISP_LSC_GRID_NODES; n++)
			lsc_gain[c][n] = VISP_GAIN_UNITY;
	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_bls(PB, PSIZE, true, four), 0);
	T_EQ(visp_params_set_dpc(PB, PSIZE, true, 256), 0);
	T_EQ(visp_params_set_lsc(PB, PSIZE, true, lsc_gain), 0);
	T_EQ(visp_params_set_awb_gains(PB, PSIZE, true, four), 0);
	T_EQ(visp_params_set_demosaic(PB, PSIZE, VISP_DEMOSAIC_BILINEAR), 0);
	T_EQ(visp_params_set_ccm(PB, PSIZE, true, ident, zero), 0);
	T_EQ(visp_params_set_gamma(PB, PSIZE, false, curve), 0);
	T_EQ(visp_params_set_csc(PB, PSIZE, VISP_CSC_BT601,
				 VISP_CSC_RANGE_LIMITED), 0);
	T_EQ(visp_params_set_awb_stats(PB, PSIZE, true, &frame_window, 4095),
	     0);
	T_EQ(visp_params_set_ae_stats(PB, PSIZE, true, &frame_window,
				      VISP_AE_TAP_POST_GAMMA), 0);
	T_EQ(visp_params_set_af_stats(PB, PSIZE, true, &frame_window, 0), 0);
	T_EQ(visp_tone_fill_preset(tone, VISP_TONE_SRGB), 0);
	T_EQ(visp_params_set_tone(PB, PSIZE, true, tone), 0);
	T_EQ(PB->data_size, VISP_PARAMS_MAX_SIZE);
	T_EQ(visp_params_validate(PB, used()), 0);

	/* VISP_PARAMS_MAX_SIZE reached, however large the memory. */
	T_REFUSED(visp_params_disable(PB, PSIZE, VISP_PARAMS_BLOCK_BLS),
		  -ENOSPC);
	T_REFUSED(visp_params_set_dpc(PB, PSIZE, true, 256), -ENOSPC);
	/* An invalid value is reported first. */
	T_REFUSED(visp_params_set_dpc(PB, PSIZE, true, 4096), -EINVAL);
}

static void test_full(void)
{
	const u16 level[VISP_CFA_CHANNELS] = { 1, 2, 3, 4 };
	/* Room for the header and one BLS block. */
	size_t size = sizeof(struct visp_params_buffer) +
		      sizeof(struct visp_params_bls);

	T_EQ(visp_params_init(PB, 7), -ENOSPC);
	T_EQ(visp_params_init(PB, size), 0);
	T_REFUSED(visp_params_set_lsc(PB, size, true, lsc_gain), -ENOSPC);
	T_EQ(visp_params_set_bls(PB, size, true, level), 0);
	T_REFUSED(visp_params_set_bls(PB, size, true, level), -ENOSPC);
	T_REFUSED(visp_params_disable(PB, size, VISP_PARAMS_BLOCK_DPC),
		  -ENOSPC);
	T_EQ(PB->data_size, sizeof(struct visp_params_bls));
	T_EQ(visp_params_validate(PB, used()), 0);
	T_EQ(visp_params_set_dpc(NULL, size, true, 0), -EINVAL);
}

static union {
	struct visp_stats_buffer st;
	u8 bytes[sizeof(struct visp_stats_buffer) + 64];
} sbuf;

static void test_stats_parse(void)
{
	const struct scene colour = { .r = 800, .g = 1600, .b = 2400 };
	struct visp_stats_view view;
	struct visp_stats_awb awb;
	const u32 *hist = NULL;
	u64 sharp;
	u16 mean;

	T_EQ(visp_params_init(PB, PSIZE), 0);
	T_EQ(visp_params_set_awb_stats(PB, PSIZE, true, &frame_window, 4095),
	     0);
	frame(&colour, true, &res_a);
	sbuf.st = res_a.stats;

	/* A buffer the model wrote. */
	T_EQ(visp_stats_parse(&sbuf, sizeof(sbuf.st), &view), 0);
	T_TRUE(view.stats == &sbuf.st);
	T_EQ(view.version, VISP_STATS_BUFFER_V1);
	T_EQ(view.frame_sequence, 42);
	T_EQ(view.meas_valid, VISP_STATS_MEAS_AWB);
	T_EQ(visp_stats_get_awb(&view, 0, 0, &awb), 0);
	T_EQ(awb.r, 800);

	/* Measurements not enabled: their validity bit is clear. */
	T_EQ(view.ae_grid_w, 0);
	T_EQ(visp_stats_get_ae_hist(&view, &hist), -ENODATA);
	T_TRUE(!hist);
	T_EQ(visp_stats_get_ae_zone(&view, 0, 0, &mean), -ENODATA);
	T_EQ(visp_stats_get_af(&view, 0, 0, &sharp), -ENODATA);
	/* Zones outside the grid. */
	T_EQ(visp_stats_get_awb(&view, 4, 0, &awb), -EINVAL);
	T_EQ(visp_stats_get_awb(&view, 0, 2, &awb), -EINVAL);
	T_EQ(awb.count, 0);

	/* Truncated, wrong version, inconsistent size, unknown bits. */
	T_EQ(visp_stats_parse(&sbuf, sizeof(sbuf.st) - 1, &view), -EINVAL);
	T_TRUE(!view.stats);
	T_EQ(visp_stats_parse(&sbuf, 0, &view), -EINVAL);
	T_EQ(visp_stats_parse(NULL, sizeof(sbuf.st), &view), -EINVAL);
	sbuf.st.version = 0;
	T_EQ(visp_stats_parse(&sbuf, sizeof(sbuf.st), &view), -EINVAL);
	sbuf.st.version = VISP_STATS_BUFFER_V1;
	sbuf.st.size = sizeof(sbuf.st) + 8;
	T_EQ(visp_stats_parse(&sbuf, sizeof(sbuf.st), &view), -EINVAL);
	/* A later version that appended fields is read as version 1. */
	sbuf.st.version = VISP_STATS_BUFFER_V1 + 1;
	T_EQ(visp_stats_parse(&sbuf, sizeof(sbuf), &view), 0);
	T_EQ(view.version, VISP_STATS_BUFFER_V1 + 1);
	sbuf.st.size = sizeof(sbuf.st);
	sbuf.st.version = VISP_STATS_BUFFER_V1;
	sbuf.st.meas_valid |= 1U << 4;
	T_EQ(visp_stats_parse(&sbuf, sizeof(sbuf.st), &view), -EINVAL);
	sbuf.st.meas_valid = VISP_STATS_MEAS_AWB;
	sbuf.st.awb_grid_w = VISP_STATS_GRID_MAX + 1;
	T_EQ(visp_stats_parse(&sbuf, sizeof(sbuf.st), &view), -EINVAL);
	sbuf.st.awb_grid_w = 4;
	/* Misaligned. */
	T_EQ(visp_stats_parse(sbuf.bytes + 4, sizeof(sbuf.st), &view),
	     -EINVAL);
	T_EQ(visp_stats_parse(&sbuf, sizeof(sbuf.st), NULL), -EINVAL);

	/* A zeroed view (a failed parse) gives nothing. */
	memset(&view, 0, sizeof(view));
	T_EQ(visp_stats_get_awb(&view, 0, 0, &awb), -EINVAL);
	T_EQ(visp_stats_get_ae_hist(&view, &hist), -EINVAL);
}

const struct tcase libvisp_tests[] = {
	{ "libvisp: BLS builder", test_bls },
	{ "libvisp: DPC builder", test_dpc },
	{ "libvisp: LSC builder", test_lsc },
	{ "libvisp: AWB gains builder", test_awb_gains },
	{ "libvisp: demosaic builder", test_demosaic },
	{ "libvisp: CCM builder", test_ccm },
	{ "libvisp: gamma builder", test_gamma },
	{ "libvisp: CSC builder", test_csc },
	{ "libvisp: AWB statistics builder", test_awb_stats },
	{ "libvisp: AE statistics builder", test_ae_stats },
	{ "libvisp: AF statistics builder", test_af_stats },
	{ "libvisp: disabling blocks", test_disable },
	{ "libvisp: every builder in one buffer", test_all_blocks },
	{ "libvisp: full buffer", test_full },
	{ "libvisp: statistics parser", test_stats_parse },
	{ NULL, NULL },
};
