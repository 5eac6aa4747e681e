// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the VISP reference model as built into the kernel: the
 * memory geometry of the input and output formats, which the simulator's
 * DMA and the driver's buffer sizes both follow, the directional demosaic
 * on hand-computed frames, and the frame split in bands, as the simulator
 * runs it.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <kunit/test.h>
#include <linux/string.h>

#include "visp-model.h"

struct visp_geometry_case {
	const char *name;
	u8 format;
	u32 width;
	u32 height;
	unsigned int plane;
	u32 line_bytes;
	u32 lines;
};

/* Input line lengths, from the formats' definitions in the reference. */
static void visp_model_test_in_line_bytes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, visp_model_in_line_bytes(VISP_IN_TYPE_RAW8, 640), 640);
	KUNIT_EXPECT_EQ(test, visp_model_in_line_bytes(VISP_IN_TYPE_RAW10, 640), 1280);
	KUNIT_EXPECT_EQ(test, visp_model_in_line_bytes(VISP_IN_TYPE_RAW12, 34), 68);
	KUNIT_EXPECT_EQ(test, visp_model_in_line_bytes(VISP_IN_TYPE_RAW16, 4096), 8192);
	/* CSI-2 packed: 4 pixels in 5 bytes (10-bit), 2 pixels in 3 (12-bit). */
	KUNIT_EXPECT_EQ(test, visp_model_in_line_bytes(VISP_IN_TYPE_RAW10_CSI2P, 640), 800);
	KUNIT_EXPECT_EQ(test, visp_model_in_line_bytes(VISP_IN_TYPE_RAW12_CSI2P, 640), 960);
}

static void visp_model_test_in_line_bytes_bad_type(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, visp_model_in_line_bytes(VISP_IN_TYPE_RAW12_CSI2P + 1, 640), 0);
	KUNIT_EXPECT_EQ(test, visp_model_in_line_bytes(0xff, 640), 0);
}

static const struct visp_geometry_case visp_out_cases[] = {
	{ "nv12-y", VISP_OUT_FMT_NV12, 640, 480, 0, 640, 480 },
	{ "nv12-uv", VISP_OUT_FMT_NV12, 640, 480, 1, 640, 240 },
	{ "nv16-uv", VISP_OUT_FMT_NV16, 640, 480, 1, 640, 480 },
	{ "yuyv", VISP_OUT_FMT_YUYV, 320, 240, 0, 640, 240 },
	{ "yuyv-no-plane1", VISP_OUT_FMT_YUYV, 320, 240, 1, 0, 0 },
	{ "rgb24", VISP_OUT_FMT_RGB24, 100, 50, 0, 300, 50 },
	{ "xrgb32", VISP_OUT_FMT_XRGB32, 100, 50, 0, 400, 50 },
	{ "grey", VISP_OUT_FMT_GREY, 1920, 1080, 0, 1920, 1080 },
	{ "raw16", VISP_OUT_FMT_RAW16, 1920, 1080, 0, 3840, 1080 },
	{ "raw16-no-plane1", VISP_OUT_FMT_RAW16, 1920, 1080, 1, 0, 0 },
	{ "nv12-no-plane2", VISP_OUT_FMT_NV12, 640, 480, 2, 0, 0 },
	{ "unknown-format", VISP_OUT_FMT_RAW16 + 1, 640, 480, 0, 0, 0 },
};

static void visp_geometry_case_desc(const struct visp_geometry_case *c,
				    char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(visp_out, visp_out_cases, visp_geometry_case_desc);

static void visp_model_test_out_geometry(struct kunit *test)
{
	const struct visp_geometry_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, visp_model_out_line_bytes(c->format, c->width,
							c->plane),
			c->line_bytes);
	KUNIT_EXPECT_EQ(test, visp_model_out_lines(c->format, c->height,
						   c->plane),
			c->lines);
}

static void visp_model_test_out_planes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, visp_model_out_planes(VISP_OUT_FMT_NV12), 2);
	KUNIT_EXPECT_EQ(test, visp_model_out_planes(VISP_OUT_FMT_NV16), 2);
	KUNIT_EXPECT_EQ(test, visp_model_out_planes(VISP_OUT_FMT_YUYV), 1);
	KUNIT_EXPECT_EQ(test, visp_model_out_planes(VISP_OUT_FMT_RGB24), 1);
	KUNIT_EXPECT_EQ(test, visp_model_out_planes(VISP_OUT_FMT_XRGB32), 1);
	KUNIT_EXPECT_EQ(test, visp_model_out_planes(VISP_OUT_FMT_GREY), 1);
	KUNIT_EXPECT_EQ(test, visp_model_out_planes(VISP_OUT_FMT_RAW16), 1);
}

#define VISP_BANDS_W	160
#define VISP_BANDS_H	118

/* One frame's memory: input, both paths in two planes, statistics. */
struct visp_bands_frame {
	struct visp_model_buffers buf;
	struct visp_stats_buffer *stats;
};

/* Sets a path and its scaler the way the driver does. */
static void visp_bands_path(struct visp_model_path *path, u8 format,
			    u16 cx, u16 cy, u16 cw, u16 ch, u16 ow, u16 oh)
{
	*path = (struct visp_model_path){
		.enable = true, .format = format,
		.crop_x = cx, .crop_y = cy, .crop_w = cw, .crop_h = ch,
		.out_w = ow, .out_h = oh,
		.hstep = ((u32)cw << 16) / ow, .vstep = ((u32)ch << 16) / oh,
	};
	path->hphase = ((s32)path->hstep - 65536) / 2;
	path->vphase = ((s32)path->vstep - 65536) / 2;
}

/* Every block on, NV12 scaled down and RGB24 scaled up, all statistics. */
static void visp_bands_config(struct visp_model_config *cfg)
{
	unsigned int i;

	memset(cfg, 0, sizeof(*cfg));
	cfg->in_type = VISP_IN_TYPE_RAW12;
	cfg->bayer = VISP_BAYER_GBRG;
	cfg->in_width = VISP_BANDS_W;
	cfg->in_height = VISP_BANDS_H;
	cfg->bls_en = true;
	for (i = 0; i < VISP_CFA_CHANNELS; i++) {
		cfg->bls_level[i] = 60 + i;
		cfg->wb_gain[i] = 1024 + 100 * i;
	}
	cfg->dpc_en = true;
	cfg->dpc_thresh = 150;
	cfg->lsc_en = true;
	cfg->lsc_xstep = (16 << 16) / VISP_BANDS_W;
	cfg->lsc_ystep = (12 << 16) / VISP_BANDS_H;
	for (i = 0; i < VISP_LSC_GRID_NODES; i++)
		cfg->lsc_table[i % 4][i] = 1024 + (i * 53) % 900;
	cfg->wb_en = true;
	cfg->dms_mode = VISP_DEMOSAIC_EDGE_AWARE;
	cfg->ccm_en = true;
	for (i = 0; i < 9; i++)
		cfg->ccm_coeff[i] = i % 4 ? -150 : 1324;
	cfg->gamma_en = true;
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		cfg->gamma_lut[i] = min(i * 80, 4095U);
	visp_bands_path(&cfg->path[VISP_PATH_MAIN], VISP_OUT_FMT_NV12,
			4, 6, 150, 106, 100, 74);
	visp_bands_path(&cfg->path[VISP_PATH_SELF], VISP_OUT_FMT_RGB24,
			10, 3, 90, 61, 120, 93);
	cfg->stats_en = true;
	cfg->awb_en = true;
	cfg->awb_thresh = 3800;
	cfg->awb_win = (struct visp_model_window){ 2, 4, 18, 12, 8, 9 };
	cfg->ae_en = true;
	cfg->ae_win = (struct visp_model_window){ 0, 2, 24, 10, 6, 11 };
	cfg->af_en = true;
	cfg->af_thresh = 6;
	cfg->af_win = (struct visp_model_window){ 6, 0, 16, 14, 9, 8 };
}

static void visp_bands_alloc(struct kunit *test,
			     const struct visp_model_config *cfg,
			     struct visp_bands_frame *f, const u8 *in)
{
	unsigned int p, n;

	memset(f, 0, sizeof(*f));
	f->buf.in = in;
	f->buf.in_stride = VISP_BANDS_W * 2;
	f->buf.in_size = VISP_BANDS_W * 2 * VISP_BANDS_H;
	for (p = 0; p < VISP_PATH_COUNT; p++) {
		const struct visp_model_path *path = &cfg->path[p];

		for (n = 0; n < visp_model_out_planes(path->format); n++) {
			struct visp_model_plane *pl = &f->buf.out[p][n];
			u32 lines = visp_model_out_lines(path->format,
							 path->out_h, n);

			pl->stride = visp_model_out_line_bytes(path->format,
							       path->out_w, n);
			pl->size = pl->stride * lines;
			pl->data = kunit_kzalloc(test, pl->size, GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, pl->data);
		}
	}
	f->stats = kunit_kzalloc(test, sizeof(*f->stats), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->stats);
	f->buf.stats = f->stats;
}

/*
 * The frame in 2 to 5 bands, run last band first, gives the bytes of one
 * visp_model_run(): the output lines that the bands share and the
 * statistics that they sum.
 */
static void visp_model_test_bands(struct kunit *test)
{
	struct visp_model_config *cfg;
	struct visp_bands_frame one, split;
	void *scratch[5];
	unsigned int n, b, p, k;
	size_t size;
	u32 seed = 1;
	u16 *in;

	cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	in = kunit_kmalloc_array(test, VISP_BANDS_W * VISP_BANDS_H,
				 sizeof(*in), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cfg);
	KUNIT_ASSERT_NOT_NULL(test, in);
	visp_bands_config(cfg);
	KUNIT_ASSERT_EQ(test, visp_model_check(cfg), 0);
	for (k = 0; k < VISP_BANDS_W * VISP_BANDS_H; k++) {
		seed = seed * 1103515245 + 12345;
		in[k] = (((k % VISP_BANDS_W) / 11 + k / VISP_BANDS_W / 7) & 1 ?
			 2500 : 400) + ((seed >> 16) & 1023);
	}
	size = visp_model_scratch_size(cfg);
	for (b = 0; b < ARRAY_SIZE(scratch); b++) {
		scratch[b] = kunit_kmalloc(test, size, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, scratch[b]);
	}

	visp_bands_alloc(test, cfg, &one, (const u8 *)in);
	KUNIT_ASSERT_EQ(test, visp_model_run(cfg, &one.buf, scratch[0], size),
			0);
	KUNIT_EXPECT_NE(test, one.stats->meas_valid, 0);

	for (n = 2; n <= ARRAY_SIZE(scratch); n++) {
		visp_bands_alloc(test, cfg, &split, (const u8 *)in);
		for (b = n; b-- > 0;) {
			u32 y0 = visp_model_band_start(cfg, b, n);
			u32 y1 = visp_model_band_start(cfg, b + 1, n);

			KUNIT_ASSERT_EQ(test,
					visp_model_run_band(cfg, &split.buf,
							    scratch[b], size,
							    y0, y1), 0);
		}
		visp_model_finish(cfg, &split.buf, scratch, n);

		for (p = 0; p < VISP_PATH_COUNT; p++) {
			for (k = 0; k < 2; k++) {
				const struct visp_model_plane *want =
					&one.buf.out[p][k];

				if (!want->data)
					continue;
				KUNIT_EXPECT_MEMEQ_MSG(test,
						       split.buf.out[p][k].data,
						       want->data, want->size,
						       "%u bands, path %u plane %u",
						       n, p, k);
			}
		}
		KUNIT_EXPECT_MEMEQ_MSG(test, split.stats, one.stats,
				       sizeof(*one.stats), "%u bands", n);
	}
}

#define VISP_DMS_W	32
#define VISP_DMS_H	16

/* 12-bit to 8-bit of the RGB output paths, gamma disabled */
static u8 visp_dms_rgb8(u32 v)
{
	return (v * 4081 + 32768) >> 16;
}

/*
 * Run a RAW12 RGGB frame of VISP_DMS_W x VISP_DMS_H samples through the
 * model with demosaic @mode and every other block off, into @rgb (RGB24).
 */
static int visp_dms_run(struct kunit *test, const u16 *in, u8 mode, u8 *rgb)
{
	struct visp_model_path *p;
	struct visp_model_config *cfg;
	struct visp_model_buffers *buf;
	size_t size;
	void *scratch;

	cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	buf = kunit_kzalloc(test, sizeof(*buf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cfg);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	cfg->in_type = VISP_IN_TYPE_RAW12;
	cfg->bayer = VISP_BAYER_RGGB;
	cfg->in_width = VISP_DMS_W;
	cfg->in_height = VISP_DMS_H;
	cfg->dms_mode = mode;
	p = &cfg->path[VISP_PATH_MAIN];
	p->enable = true;
	p->format = VISP_OUT_FMT_RGB24;
	p->crop_w = VISP_DMS_W;
	p->crop_h = VISP_DMS_H;
	p->out_w = VISP_DMS_W;
	p->out_h = VISP_DMS_H;
	p->hstep = 1 << 16;
	p->vstep = 1 << 16;

	buf->in = (const u8 *)in;
	buf->in_stride = VISP_DMS_W * 2;
	buf->in_size = VISP_DMS_W * 2 * VISP_DMS_H;
	buf->out[VISP_PATH_MAIN][0].data = rgb;
	buf->out[VISP_PATH_MAIN][0].stride = VISP_DMS_W * 3;
	buf->out[VISP_PATH_MAIN][0].size = VISP_DMS_W * 3 * VISP_DMS_H;

	size = visp_model_scratch_size(cfg);
	scratch = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, scratch);
	return visp_model_run(cfg, buf, scratch, size);
}

/* Fill @in with a flat colour: R 1000, Gr and Gb 2000, B 300 */
static void visp_dms_flat(u16 *in)
{
	static const u16 val[4] = { 1000, 2000, 2000, 300 }; /* R Gr Gb B */
	unsigned int x, y;

	for (y = 0; y < VISP_DMS_H; y++)
		for (x = 0; x < VISP_DMS_W; x++)
			in[y * VISP_DMS_W + x] = val[(y & 1) * 2 + (x & 1)];
}

/* A flat colour comes out exactly: the square roots go back losslessly. */
static void visp_model_test_dms_flat(struct kunit *test)
{
	u16 *in = kunit_kzalloc(test, VISP_DMS_W * VISP_DMS_H * 2, GFP_KERNEL);
	u8 *rgb = kunit_kzalloc(test, VISP_DMS_W * 3 * VISP_DMS_H, GFP_KERNEL);
	unsigned int x;

	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, rgb);
	visp_dms_flat(in);
	KUNIT_ASSERT_EQ(test, visp_dms_run(test, in, VISP_DEMOSAIC_DIRECTIONAL,
					   rgb), 0);
	for (x = 0; x < VISP_DMS_W * VISP_DMS_H; x++) {
		KUNIT_EXPECT_EQ(test, rgb[3 * x], visp_dms_rgb8(1000));
		KUNIT_EXPECT_EQ(test, rgb[3 * x + 1], visp_dms_rgb8(2000));
		KUNIT_EXPECT_EQ(test, rgb[3 * x + 2], visp_dms_rgb8(300));
	}
}

/*
 * A vertical edge, 0 left of column 16 and 4000 from it on. At the R site
 * (16, 8): q = sqrt(4000 << 16) = 16190 on the bright side; KV = 0 around
 * (every column is flat), so gv = 16190; the vertical gradients are 0 and
 * the horizontal ones are not, so SV = 1, k = 0 and green = gv = 16190 ->
 * (16190^2 + 32768) >> 16 = 4000 (gh, 13155, has no weight). GA = GB
 * there by symmetry: no diagonal refinement. Every colour difference
 * around is 0, so R = G = B = 4000 -> 249, where bilinear green is
 * (3 * 4000 + 2) >> 2 = 3000 -> 187.
 */
static void visp_model_test_dms_edge(struct kunit *test)
{
	u16 *in = kunit_kzalloc(test, VISP_DMS_W * VISP_DMS_H * 2, GFP_KERNEL);
	u8 *rgb = kunit_kzalloc(test, VISP_DMS_W * 3 * VISP_DMS_H, GFP_KERNEL);
	const u8 *px = rgb + (8 * VISP_DMS_W + 16) * 3;
	unsigned int x, y;

	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, rgb);
	for (y = 0; y < VISP_DMS_H; y++)
		for (x = 16; x < VISP_DMS_W; x++)
			in[y * VISP_DMS_W + x] = 4000;

	KUNIT_ASSERT_EQ(test, visp_dms_run(test, in, VISP_DEMOSAIC_BILINEAR,
					   rgb), 0);
	KUNIT_EXPECT_EQ(test, px[1], 187);

	KUNIT_ASSERT_EQ(test, visp_dms_run(test, in, VISP_DEMOSAIC_DIRECTIONAL,
					   rgb), 0);
	KUNIT_EXPECT_EQ(test, px[0], 249);
	KUNIT_EXPECT_EQ(test, px[1], 249);
	KUNIT_EXPECT_EQ(test, px[2], 249);
	/* the dark side stays dark */
	KUNIT_EXPECT_EQ(test, px[-3 * 2 + 1], 0);

	/* DMS_CTRL.MODE = 3 is a configuration error */
	KUNIT_EXPECT_EQ(test, visp_dms_run(test, in,
					   VISP_DEMOSAIC_DIRECTIONAL + 1, rgb),
			VISP_MODEL_ERR_CONFIG);
}

/*
 * A one-pixel diagonal line through the R and B sites (x - y = 8 in
 * RGGB), dark in B and hardly in R, as a cable against the sky: no green
 * sample on it. Without the diagonal refinement green follows each site's
 * own colour and alternates along the line (322 at the R sites, 40 at the
 * B sites: a zipper); with it, it is smoothed along the line: one value
 * at every site of the line, and one along the diagonal next to it.
 */
static void visp_model_test_dms_diagonal(struct kunit *test)
{
	u16 *in = kunit_kzalloc(test, VISP_DMS_W * VISP_DMS_H * 2, GFP_KERNEL);
	u8 *rgb = kunit_kzalloc(test, VISP_DMS_W * 3 * VISP_DMS_H, GFP_KERNEL);
	static const u16 sky[4] = { 190, 350, 350, 820 }; /* R Gr Gb B */
	unsigned int x, y;

	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, rgb);
	for (y = 0; y < VISP_DMS_H; y++)
		for (x = 0; x < VISP_DMS_W; x++)
			in[y * VISP_DMS_W + x] = sky[(y & 1) * 2 + (x & 1)];
	for (y = 0; y < VISP_DMS_H; y++)
		in[y * VISP_DMS_W + y + 8] = y & 1 ? 15 : 150;

	KUNIT_ASSERT_EQ(test, visp_dms_run(test, in, VISP_DEMOSAIC_DIRECTIONAL,
					   rgb), 0);
	for (y = 4; y < 12; y++) {
		const u8 *on = rgb + (y * VISP_DMS_W + y + 8) * 3;
		const u8 *next = rgb + (y * VISP_DMS_W + y + 10) * 3;

		/* green of the next pixel down the line, and beside it */
		KUNIT_EXPECT_EQ(test, on[1], on[(VISP_DMS_W + 1) * 3 + 1]);
		KUNIT_EXPECT_EQ(test, next[1], next[(VISP_DMS_W + 1) * 3 + 1]);
	}
}

/*
 * A flat colour with one R site brighter (1600 instead of 1000): a lone
 * sample that disagrees with its neighbours, as aliased texture makes. The
 * median of nine at step 7 gives the site the colour differences of its
 * neighbours: its R is no longer its own sample (visp_dms_rgb8(1600)) but
 * its green plus the flat R - G, and the samples around keep the flat R.
 */
static void visp_model_test_dms_false_colour(struct kunit *test)
{
	u16 *in = kunit_kzalloc(test, VISP_DMS_W * VISP_DMS_H * 2, GFP_KERNEL);
	u8 *rgb = kunit_kzalloc(test, VISP_DMS_W * 3 * VISP_DMS_H, GFP_KERNEL);
	const u8 *px = rgb + (8 * VISP_DMS_W + 16) * 3;

	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, rgb);
	visp_dms_flat(in);
	in[8 * VISP_DMS_W + 16] = 1600;
	KUNIT_ASSERT_EQ(test, visp_dms_run(test, in, VISP_DEMOSAIC_DIRECTIONAL,
					   rgb), 0);
	KUNIT_EXPECT_LT(test, px[0], visp_dms_rgb8(1600));
	KUNIT_EXPECT_GT(test, px[0], visp_dms_rgb8(1000));
	KUNIT_EXPECT_EQ(test, px[-3 * 2], visp_dms_rgb8(1000));
	KUNIT_EXPECT_EQ(test, px[3 * 2], visp_dms_rgb8(1000));
	KUNIT_EXPECT_EQ(test, px[-3 * VISP_DMS_W], visp_dms_rgb8(1000));
}

static struct kunit_case visp_model_test_cases[] = {
	KUNIT_CASE(visp_model_test_in_line_bytes),
	KUNIT_CASE(visp_model_test_in_line_bytes_bad_type),
	KUNIT_CASE_PARAM(visp_model_test_out_geometry, visp_out_gen_params),
	KUNIT_CASE(visp_model_test_out_planes),
	KUNIT_CASE(visp_model_test_bands),
	KUNIT_CASE(visp_model_test_dms_flat),
	KUNIT_CASE(visp_model_test_dms_edge),
	KUNIT_CASE(visp_model_test_dms_diagonal),
	KUNIT_CASE(visp_model_test_dms_false_colour),
	{}
};

static struct kunit_suite visp_model_test_suite = {
	.name = "visp-model",
	.test_cases = visp_model_test_cases,
};

kunit_test_suite(visp_model_test_suite);

MODULE_DESCRIPTION("KUnit tests for the VISP simulator and reference model");
MODULE_LICENSE("GPL");
