// SPDX-License-Identifier: GPL-2.0
/*
 * visp-testgen: streaming test cases for the VISP driver
 *
 * Writes, for each case, the raw input frames, the parameters buffers and
 * the outputs and statistics the reference model predicts for them, in the
 * memory layout the driver uses (lines padded to 16 bytes, the chroma plane
 * of NV12/NV16 right after the luma plane), plus a case.conf the guest
 * test script sources to configure the pipeline with media-ctl and
 * v4l2-ctl. The guest streams the input and compares what it captures
 * with the expected files byte for byte.
 *
 * Inline cases (inline-*) take the simulated sensor's test pattern, in 10
 * or 12 bits, which
 * the host copy of its renderer predicts exactly, instead of a random
 * input, and name the sensor settings in case.conf.
 *
 *   visp-testgen OUTDIR
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "libvisp.h"
#include "visp-sensor-render.h"

#define MAX_FRAMES	3

struct gen_in_fmt {
	const char *fourcc;
	const char *code;
	u8 type;
	u8 bayer;
};

struct gen_out_fmt {
	const char *fourcc;
	const char *code;
	u8 fmt;
};

/* Bayer orders of RAW16 output formats, by VISP_BAYER_* */
static const char *const raw16_fourccs[] = { "RG16", "GR16", "GB16", "BYR2" };

struct gen_path {
	const struct gen_out_fmt *fmt;
	u32 crop[4];	/* resizer sink crop x, y, w, h */
	u32 out_w;
	u32 out_h;
};

struct gen_case {
	const char *name;
	struct gen_in_fmt in;
	u32 w;
	u32 h;
	u32 crop[4];	/* ISP sink crop */
	struct gen_path path[VISP_PATH_COUNT];
	/*
	 * Colorimetry of the YUV capture formats, which sets the CSC:
	 * enum visp_csc_matrix and enum visp_csc_range (BT.601 limited
	 * range, the default, when zero).
	 */
	u8 csc_matrix;
	u8 csc_range;
	bool stats;
	/*
	 * Inline: the input is the simulated sensor's colour bars in its
	 * binned mode (w x h, in the depth of @in), read out with these flips.
	 */
	bool inline_bars;
	bool hflip;
	bool vflip;
	unsigned int frames;
	/* Fills the parameters buffer of frame n, NULL without parameters. */
	void (*params)(struct visp_params_buffer *buf, size_t size,
		       unsigned int n);
};

static const struct gen_out_fmt fmt_nv12 = { "NV12", "YUV8_1X24",
					     VISP_OUT_FMT_NV12 };
static const struct gen_out_fmt fmt_nv16 = { "NV16", "YUV8_1X24",
					     VISP_OUT_FMT_NV16 };
static const struct gen_out_fmt fmt_yuyv = { "YUYV", "YUV8_1X24",
					     VISP_OUT_FMT_YUYV };
static const struct gen_out_fmt fmt_grey = { "GREY", "YUV8_1X24",
					     VISP_OUT_FMT_GREY };
static const struct gen_out_fmt fmt_rgb24 = { "RGB3", "RGB888_1X24",
					      VISP_OUT_FMT_RGB24 };
static const struct gen_out_fmt fmt_xrgb32 = { "BX24", "RGB888_1X24",
					       VISP_OUT_FMT_XRGB32 };
static const struct gen_out_fmt fmt_raw16 = { NULL, NULL,
					      VISP_OUT_FMT_RAW16 };

static void window(struct visp_stats_window *w, u16 x, u16 y, u16 zw, u16 zh,
		   u8 gw, u8 gh)
{
	w->x = x;
	w->y = y;
	w->zone_w = zw;
	w->zone_h = zh;
	w->grid_w = gw;
	w->grid_h = gh;
}

/* Colour processing and all statistics, changing from frame to frame. */
static void params_colour(struct visp_params_buffer *buf, size_t size,
			  unsigned int n)
{
	struct visp_params_awb_gains *wb;
	struct visp_params_ccm *ccm;
	struct visp_params_gamma *gamma;
	struct visp_params_awb_stats *awb;
	struct visp_params_ae_stats *ae;
	struct visp_params_af_stats *af;
	unsigned int i;

	if (n == 1)
		return;	/* an empty buffer: the configuration persists */

	wb = visp_params_append(buf, size, VISP_PARAMS_BLOCK_AWB_GAINS,
				VISP_PARAMS_FL_BLOCK_ENABLE);
	wb->gain[VISP_CFA_R] = 1800 + 100 * n;
	wb->gain[VISP_CFA_GR] = 1024;
	wb->gain[VISP_CFA_GB] = 1030;
	wb->gain[VISP_CFA_B] = 1500;

	ccm = visp_params_append(buf, size, VISP_PARAMS_BLOCK_CCM,
				 VISP_PARAMS_FL_BLOCK_ENABLE);
	ccm->coeff[0][0] = 1400;
	ccm->coeff[0][1] = -300;
	ccm->coeff[0][2] = -76;
	ccm->coeff[1][0] = -200;
	ccm->coeff[1][1] = 1350;
	ccm->coeff[1][2] = -126;
	ccm->coeff[2][0] = 30;
	ccm->coeff[2][1] = -500;
	ccm->coeff[2][2] = 1494;
	ccm->offset[0] = -16;
	ccm->offset[2] = 8;

	gamma = visp_params_append(buf, size, VISP_PARAMS_BLOCK_GAMMA,
				   n ? VISP_PARAMS_FL_BLOCK_DISABLE :
				   VISP_PARAMS_FL_BLOCK_ENABLE);
	/* out = 1 - (1 - in)^2 */
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		gamma->curve[i] = 4095 - 4095 * (64 - i) * (64 - i) / 4096;

	awb = visp_params_append(buf, size, VISP_PARAMS_BLOCK_AWB_STATS,
				 VISP_PARAMS_FL_BLOCK_ENABLE);
	window(&awb->window, 0, 0, 32, 20, 8, 8);
	awb->sat_threshold = 3000;

	ae = visp_params_append(buf, size, VISP_PARAMS_BLOCK_AE_STATS,
				VISP_PARAMS_FL_BLOCK_ENABLE);
	window(&ae->window, 16, 8, 40, 24, 6, 5);
	ae->tap = n ? VISP_AE_TAP_POST_GAMMA : VISP_AE_TAP_PRE_GAMMA;

	af = visp_params_append(buf, size, VISP_PARAMS_BLOCK_AF_STATS,
				VISP_PARAMS_FL_BLOCK_ENABLE);
	window(&af->window, 0, 0, 64, 64, 4, 2);
	af->threshold = 10 * n;
}

/* The Bayer blocks, with the main path in raw bypass. */
static void params_bayer(struct visp_params_buffer *buf, size_t size,
			 unsigned int n)
{
	struct visp_params_bls *bls;
	struct visp_params_dpc *dpc;
	struct visp_params_lsc *lsc;
	struct visp_params_awb_stats *awb;
	unsigned int c, i;

	bls = visp_params_append(buf, size, VISP_PARAMS_BLOCK_BLS,
				 VISP_PARAMS_FL_BLOCK_ENABLE);
	for (c = 0; c < VISP_CFA_CHANNELS; c++)
		bls->level[c] = 64 + 16 * c + n;

	dpc = visp_params_append(buf, size, VISP_PARAMS_BLOCK_DPC,
				 VISP_PARAMS_FL_BLOCK_ENABLE);
	dpc->threshold = 200;

	lsc = visp_params_append(buf, size, VISP_PARAMS_BLOCK_LSC,
				 VISP_PARAMS_FL_BLOCK_ENABLE);
	for (c = 0; c < VISP_CFA_CHANNELS; c++)
		for (i = 0; i < VISP_LSC_GRID_NODES; i++)
			lsc->gain[c][i] = 1024 + (i % 17) * 20 + (i / 17) * 30 +
					  c * 7;

	awb = visp_params_append(buf, size, VISP_PARAMS_BLOCK_AWB_STATS,
				 VISP_PARAMS_FL_BLOCK_ENABLE);
	window(&awb->window, 0, 0, 16, 16, 12, 8);
	awb->sat_threshold = 4095 - 100 * n;
}

/*
 * The LSC grid alone, its gains changed at frame 1 and kept after: the
 * driver gives the ISP the grid in memory, in two tables used by frames
 * of even and odd numbers in turn, so that frame 1 fills the second table,
 * frame 2 fills the first again and frame 3 reads the second as it is.
 */
static void params_lsc(struct visp_params_buffer *buf, size_t size,
		       unsigned int n)
{
	struct visp_params_lsc *lsc;
	unsigned int c, i;

	lsc = visp_params_append(buf, size, VISP_PARAMS_BLOCK_LSC,
				 VISP_PARAMS_FL_BLOCK_ENABLE);
	for (c = 0; c < VISP_CFA_CHANNELS; c++)
		for (i = 0; i < VISP_LSC_GRID_NODES; i++)
			lsc->gain[c][i] = n ?
					  2048 - (i % 17) * 40 - c * 100 :
					  1024 + (i / 17) * 50 + c * 30;
}

/*
 * Demosaic, CSC, the tone curve and AE statistics. The CSC block repeats
 * what the capture format of the case asks for: the driver rejects one
 * that contradicts it. The tone stage takes the curve of the last GAMMA
 * or TONE block: frame 0 a GAMMA block then an enabling TONE block (the
 * segmented sRGB curve), frame 1 a TONE block (log) then a GAMMA block,
 * both without flags (the uniform curve, the stage still enabled), with
 * AE measuring after the curve.
 */
static void params_csc(struct visp_params_buffer *buf, size_t size,
		       unsigned int n)
{
	struct visp_params_demosaic *dms;
	struct visp_params_csc *csc;
	struct visp_params_ae_stats *ae;
	struct visp_params_gamma *gamma = NULL;
	struct visp_params_tone *tone;
	unsigned int i;

	dms = visp_params_append(buf, size, VISP_PARAMS_BLOCK_DEMOSAIC, 0);
	dms->mode = VISP_DEMOSAIC_EDGE_AWARE;

	csc = visp_params_append(buf, size, VISP_PARAMS_BLOCK_CSC, 0);
	csc->matrix = VISP_CSC_BT2020;
	csc->range = VISP_CSC_RANGE_FULL;

	if (!n)
		gamma = visp_params_append(buf, size, VISP_PARAMS_BLOCK_GAMMA,
					   0);
	tone = visp_params_append(buf, size, VISP_PARAMS_BLOCK_TONE,
				  n ? 0 : VISP_PARAMS_FL_BLOCK_ENABLE);
	if (visp_tone_fill_preset(tone->curve, n ? VISP_TONE_LOG :
				  VISP_TONE_SRGB))
		abort();
	if (n)
		gamma = visp_params_append(buf, size, VISP_PARAMS_BLOCK_GAMMA,
					   0);
	/* out = 1 - (1 - in)^2 */
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		gamma->curve[i] = 4095 - 4095 * (64 - i) * (64 - i) / 4096;

	ae = visp_params_append(buf, size, VISP_PARAMS_BLOCK_AE_STATS,
				VISP_PARAMS_FL_BLOCK_ENABLE);
	window(&ae->window, 0, 0, 16, 16, 8, 4);
	ae->tap = n ? VISP_AE_TAP_POST_GAMMA : VISP_AE_TAP_PRE_GAMMA;
}

/* The colour blocks of params_colour() and the directional demosaic */
static void params_directional(struct visp_params_buffer *buf, size_t size,
			       unsigned int n)
{
	struct visp_params_demosaic *dms;

	params_colour(buf, size, n);
	dms = visp_params_append(buf, size, VISP_PARAMS_BLOCK_DEMOSAIC, 0);
	dms->mode = VISP_DEMOSAIC_DIRECTIONAL;
}

#define INLINE_BARS(n, fourcc, code, type, bayer, hf, vf) {		\
		.name = n,						\
		.in = { fourcc, code, type, bayer },			\
		.w = 960, .h = 540,					\
		.crop = { 0, 0, 960, 540 },				\
		.path = {						\
			{ &fmt_nv12, { 0, 0, 960, 540 }, 480, 270 },	\
			{ &fmt_yuyv, { 120, 60, 720, 420 }, 320, 180 },\
		},							\
		.stats = true,						\
		.inline_bars = true,					\
		.hflip = hf, .vflip = vf,				\
		.frames = 1,						\
	}

static const struct gen_case cases[] = {
	{
		.name = "nv12-default",
		.in = { "RG10", "SRGGB10_1X10", VISP_IN_TYPE_RAW10,
			VISP_BAYER_RGGB },
		.w = 256, .h = 128,
		.crop = { 0, 0, 256, 128 },
		.path = {
			{ &fmt_nv12, { 0, 0, 256, 128 }, 256, 128 },
		},
		.frames = 2,
	}, {
		.name = "scale-params-stats",
		.in = { "pgCC", "SGRBG12_1X12", VISP_IN_TYPE_RAW12_CSI2P,
			VISP_BAYER_GRBG },
		.w = 320, .h = 192,
		.crop = { 16, 8, 256, 160 },
		.path = {
			{ &fmt_yuyv, { 0, 0, 256, 160 }, 128, 80 },
			{ &fmt_rgb24, { 32, 16, 128, 96 }, 192, 144 },
		},
		.stats = true,
		.frames = 3,
		.params = params_colour,
	}, {
		.name = "lsc-tables",
		.in = { "RG10", "SRGGB10_1X10", VISP_IN_TYPE_RAW10,
			VISP_BAYER_RGGB },
		.w = 128, .h = 96,
		.crop = { 0, 0, 128, 96 },
		.path = {
			{ &fmt_nv12, { 0, 0, 128, 96 }, 128, 96 },
		},
		.frames = 4,
		.params = params_lsc,
	}, {
		.name = "raw-bypass",
		.in = { "BA81", "SBGGR8_1X8", VISP_IN_TYPE_RAW8,
			VISP_BAYER_BGGR },
		.w = 192, .h = 128,
		.crop = { 0, 0, 192, 128 },
		/* The self path processes the frames the main path bypasses. */
		.path = {
			{ &fmt_raw16, { 32, 16, 128, 96 }, 128, 96 },
			{ &fmt_nv12, { 0, 0, 192, 128 }, 96, 64 },
		},
		.stats = true,
		.frames = 2,
		.params = params_bayer,
	}, {
		.name = "rgb-grey-csc",
		.in = { "GB16", "SGBRG16_1X16", VISP_IN_TYPE_RAW16,
			VISP_BAYER_GBRG },
		.w = 128, .h = 64,
		.crop = { 0, 0, 128, 64 },
		.path = {
			{ &fmt_xrgb32, { 0, 0, 128, 64 }, 64, 32 },
			{ &fmt_grey, { 32, 16, 64, 32 }, 128, 64 },
		},
		.csc_matrix = VISP_CSC_BT2020,
		.csc_range = VISP_CSC_RANGE_FULL,
		.stats = true,
		.frames = 2,
		.params = params_csc,
	}, {
		.name = "nv16-packed10",
		.in = { "pRAA", "SRGGB10_1X10", VISP_IN_TYPE_RAW10_CSI2P,
			VISP_BAYER_RGGB },
		.w = 256, .h = 64,
		.crop = { 64, 0, 192, 64 },
		.path = {
			{ NULL },
			{ &fmt_nv16, { 0, 0, 192, 64 }, 144, 48 },
		},
		/* The format alone sets the CSC: no parameters. */
		.csc_matrix = VISP_CSC_BT709,
		.frames = 2,
	},
	{
		.name = "directional",
		.in = { "BA12", "SGRBG12_1X12", VISP_IN_TYPE_RAW12,
			VISP_BAYER_GRBG },
		.w = 192, .h = 96,
		.crop = { 0, 0, 192, 96 },
		.path = {
			{ &fmt_rgb24, { 0, 0, 192, 96 }, 192, 96 },
			{ &fmt_nv12, { 8, 4, 160, 80 }, 96, 48 },
		},
		.stats = true,
		.frames = 2,
		.params = params_directional,
	},
	INLINE_BARS("inline-bars", "RG10", "SRGGB10_1X10", VISP_IN_TYPE_RAW10,
		    VISP_BAYER_RGGB, false, false),
	INLINE_BARS("inline-bars-hflip", "BA10", "SGRBG10_1X10",
		    VISP_IN_TYPE_RAW10, VISP_BAYER_GRBG, true, false),
	INLINE_BARS("inline-bars-vflip", "GB10", "SGBRG10_1X10",
		    VISP_IN_TYPE_RAW10, VISP_BAYER_GBRG, false, true),
	INLINE_BARS("inline-bars-hvflip", "BG10", "SBGGR10_1X10",
		    VISP_IN_TYPE_RAW10, VISP_BAYER_BGGR, true, true),
	INLINE_BARS("inline-bars-12bit", "RG12", "SRGGB12_1X12",
		    VISP_IN_TYPE_RAW12, VISP_BAYER_RGGB, false, false),
};

static u32 align16(u32 v)
{
	return (v + 15) & ~15u;
}

static u32 out_stride(const struct gen_path *p)
{
	return align16(visp_model_out_line_bytes(p->fmt->fmt, p->out_w, 0));
}

static u32 out_size(const struct gen_path *p)
{
	u32 stride = out_stride(p);

	return stride * (p->out_h + visp_model_out_lines(p->fmt->fmt,
							  p->out_h, 1));
}

static const char *out_fourcc(const struct gen_case *c,
			      const struct gen_path *p)
{
	return p->fmt->fmt == VISP_OUT_FMT_RAW16 ? raw16_fourccs[c->in.bayer] :
	       p->fmt->fourcc;
}

static int write_file(const char *dir, const char *name, const void *data,
		      size_t size, const char *mode)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, mode);
	if (!f || fwrite(data, 1, size, f) != size) {
		perror(path);
		return -1;
	}
	return fclose(f);
}

/* v4l2-ctl's names of the YUV encodings, per enum visp_csc_matrix. */
static const char *const ycbcr_names[] = {
	[VISP_CSC_BT601] = "601",
	[VISP_CSC_BT709] = "709",
	[VISP_CSC_BT2020] = "bt2020",
};

static int write_conf(const char *dir, const struct gen_case *c)
{
	static const char *const names[] = { "MAIN", "SELF" };
	char path[1024];
	unsigned int p;
	FILE *f;

	snprintf(path, sizeof(path), "%s/case.conf", dir);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		return -1;
	}
	fprintf(f, "# generated by visp-testgen\n");
	fprintf(f, "FRAMES=%u\nIN_FOURCC=%s\nIN_CODE=%s\nW=%u\nH=%u\n",
		c->frames, c->in.fourcc, c->in.code, c->w, c->h);
	fprintf(f, "CROP='(%u,%u)/%ux%u'\nCROP_W=%u\nCROP_H=%u\n",
		c->crop[0], c->crop[1], c->crop[2], c->crop[3], c->crop[2],
		c->crop[3]);
	for (p = 0; p < VISP_PATH_COUNT; p++) {
		const struct gen_path *gp = &c->path[p];
		bool raw = gp->fmt && gp->fmt->fmt == VISP_OUT_FMT_RAW16;

		if (!gp->fmt) {
			fprintf(f, "%s=0\n", names[p]);
			continue;
		}
		/* The raw bypass leaves visp-isp on its raw source pad. */
		fprintf(f, "%s_ISP_PAD=%u\n%s_SRC_CODE=%s\n", names[p],
			raw ? 4 : 2, names[p],
			raw ? c->in.code : "RGB121212_1X36");
		fprintf(f, "%s=1\n%s_FOURCC=%s\n%s_CODE=%s\n", names[p],
			names[p], out_fourcc(c, gp), names[p],
			gp->fmt->code ? gp->fmt->code : c->in.code);
		fprintf(f, "%s_CROP='(%u,%u)/%ux%u'\n%s_W=%u\n%s_H=%u\n",
			names[p], gp->crop[0], gp->crop[1], gp->crop[2],
			gp->crop[3], names[p], gp->out_w, names[p], gp->out_h);
	}
	fprintf(f, "STATS=%u\nPARAMS=%u\n", c->stats, !!c->params);
	fprintf(f, "INLINE=%u\nHFLIP=%u\nVFLIP=%u\n", c->inline_bars,
		c->hflip, c->vflip);
	fprintf(f, "COLORIMETRY=ycbcr=%s,quantization=%s\n",
		ycbcr_names[c->csc_matrix],
		c->csc_range == VISP_CSC_RANGE_FULL ? "full-range" :
		"lim-range");
	return fclose(f);
}

static void fill_random(u8 *data, size_t size, u32 *seed)
{
	size_t i;

	for (i = 0; i < size; i++) {
		*seed = *seed * 1103515245 + 12345;
		data[i] = *seed >> 16;
	}
}

/* The sensor's colour bars, as it renders them in its binned mode. */
static int render_bars(const struct gen_case *c, u8 *in, u32 in_stride)
{
	struct visp_render_cfg rc = {
		.crop_w = VISP_RENDER_NATIVE_W,
		.crop_h = VISP_RENDER_NATIVE_H,
		.bin = 2,
		.bits = c->in.type == VISP_IN_TYPE_RAW12 ? 12 : 10,
		.hflip = c->hflip,
		.vflip = c->vflip,
		.exposure_us = 10000,
		.again = VISP_RENDER_GAIN_MIN,
		.dgain = VISP_RENDER_GAIN_MIN,
		.pattern = VISP_RENDER_PATTERN_COLOUR_BARS,
		.illuminant = 5000,
	};
	struct visp_render_scene scene;
	size_t scratch_size;
	void *scratch;
	int ret;

	if (c->w != rc.crop_w / 2 || c->h != rc.crop_h / 2 ||
	    visp_render_bayer(&rc) != c->in.bayer) {
		fprintf(stderr, "%s: not the sensor's binned mode\n", c->name);
		return -1;
	}
	visp_render_scene_builtin(&scene, VISP_RENDER_SCENE_GREY_RAMP);
	scratch_size = visp_render_scratch_size(&rc);
	scratch = malloc(scratch_size);
	ret = scratch ? visp_render_frame(&scene, &rc, (u16 *)in,
					  in_stride / 2, scratch,
					  scratch_size) : -1;
	free(scratch);
	if (ret)
		fprintf(stderr, "%s: render error %d\n", c->name, ret);
	return ret;
}

static int gen_case(const char *outdir, const struct gen_case *c, u32 seed)
{
	const size_t params_size = sizeof(struct visp_params_buffer) +
				   VISP_PARAMS_MAX_SIZE;
	u32 in_stride = align16(visp_model_in_line_bytes(c->in.type, c->w));
	u32 in_size = in_stride * c->h;
	struct visp_params_buffer *params = malloc(params_size);
	struct visp_stats_buffer *stats = malloc(sizeof(*stats));
	struct visp_model_config cfg;
	struct visp_model_buffers mb;
	u8 *in = malloc(in_size);
	u8 *out[VISP_PATH_COUNT] = { NULL };
	char dir[512];
	unsigned int n, p;
	int ret = -1;

	snprintf(dir, sizeof(dir), "%s/%s", outdir, c->name);
	if (mkdir(dir, 0755) && errno != EEXIST) {
		perror(dir);
		goto out;
	}
	if (write_conf(dir, c))
		goto out;

	visp_config_init(&cfg);
	visp_config_set_input(&cfg, c->in.type, c->in.bayer, c->w, c->h);
	for (p = 0; p < VISP_PATH_COUNT; p++) {
		const struct gen_path *gp = &c->path[p];

		if (!gp->fmt)
			continue;
		visp_config_set_path(&cfg, p, gp->fmt->fmt,
				     c->crop[0] + gp->crop[0],
				     c->crop[1] + gp->crop[1], gp->crop[2],
				     gp->crop[3], gp->out_w, gp->out_h);
		out[p] = calloc(1, out_size(gp));
	}
	cfg.stats_en = c->stats;
	cfg.csc_matrix = c->csc_matrix;
	cfg.csc_full_range = c->csc_range == VISP_CSC_RANGE_FULL;

	for (n = 0; n < c->frames; n++) {
		const char *mode = n ? "a" : "w";
		size_t scratch_size;
		void *scratch;

		if (c->inline_bars) {
			if (render_bars(c, in, in_stride))
				goto out;
		} else {
			fill_random(in, in_size, &seed);
		}
		if (write_file(dir, "in.raw", in, in_size, mode))
			goto out;

		if (c->params) {
			memset(params, 0, params_size);
			visp_params_init(params, params_size);
			c->params(params, params_size, n);
			/*
			 * params.bin holds one buffer per frame at the
			 * buffer size; its bytesused is the real size.
			 */
			if (visp_params_apply(&cfg, params, sizeof(*params) +
					      params->data_size)) {
				fprintf(stderr, "%s: invalid parameters\n",
					c->name);
				goto out;
			}
			if (write_file(dir, "params.bin", params, params_size,
				       mode))
				goto out;
		}

		memset(&mb, 0, sizeof(mb));
		mb.in = in;
		mb.in_stride = in_stride;
		mb.in_size = in_size;
		mb.stats = c->stats ? stats : NULL;
		mb.frame_sequence = n;
		for (p = 0; p < VISP_PATH_COUNT; p++) {
			const struct gen_path *gp = &c->path[p];
			u32 stride;

			if (!gp->fmt)
				continue;
			stride = out_stride(gp);
			mb.out[p][0].data = out[p];
			mb.out[p][0].stride = stride;
			mb.out[p][0].size = stride * gp->out_h;
			if (visp_model_out_planes(gp->fmt->fmt) > 1) {
				mb.out[p][1].data = out[p] + stride * gp->out_h;
				mb.out[p][1].stride = stride;
				mb.out[p][1].size = out_size(gp) -
						    stride * gp->out_h;
			}
		}

		scratch_size = visp_model_scratch_size(&cfg);
		scratch = malloc(scratch_size);
		ret = visp_model_run(&cfg, &mb, scratch, scratch_size);
		free(scratch);
		if (ret) {
			fprintf(stderr, "%s: model error %d\n", c->name, ret);
			goto out;
		}
		ret = -1;

		for (p = 0; p < VISP_PATH_COUNT; p++)
			if (out[p] && write_file(dir, p ? "self.exp" : "main.exp",
						 out[p], out_size(&c->path[p]),
						 mode))
				goto out;
		if (c->stats &&
		    write_file(dir, "stats.exp", stats, sizeof(*stats), mode))
			goto out;
	}
	ret = 0;

out:
	for (p = 0; p < VISP_PATH_COUNT; p++)
		free(out[p]);
	free(in);
	free(stats);
	free(params);
	return ret;
}

/*
 * Parameters buffers the driver must reject at VIDIOC_QBUF, each with the
 * text its dev_dbg() message contains, and one it must accept. Each file
 * is queued whole: its size, the header plus data_size plus @extra, is
 * the bytesused.
 */
struct gen_bad_params {
	const char *name;
	const char *message;
	void (*make)(struct visp_params_buffer *buf, size_t size);
	int extra;
};

static void bad_version(struct visp_params_buffer *buf, size_t size)
{
	(void)size;
	buf->version = 2;
}

static void bad_data_size(struct visp_params_buffer *buf, size_t size)
{
	(void)size;
	buf->data_size = VISP_PARAMS_MAX_SIZE + 8;
}

static void bad_type(struct visp_params_buffer *buf, size_t size)
{
	struct visp_params_block_header *h =
		visp_params_append(buf, size, VISP_PARAMS_BLOCK_BLS, 0);

	h->type = VISP_PARAMS_BLOCK_TYPE_COUNT;
}

static void bad_flags(struct visp_params_buffer *buf, size_t size)
{
	visp_params_append(buf, size, VISP_PARAMS_BLOCK_DPC,
			   VISP_PARAMS_FL_BLOCK_ENABLE |
			   VISP_PARAMS_FL_BLOCK_DISABLE);
}

static void bad_size(struct visp_params_buffer *buf, size_t size)
{
	struct visp_params_block_header *h =
		visp_params_append(buf, size, VISP_PARAMS_BLOCK_GAMMA, 0);

	h->size -= 8;
	buf->data_size -= 8;
}

static void bad_tone(struct visp_params_buffer *buf, size_t size)
{
	struct visp_params_tone *tone =
		visp_params_append(buf, size, VISP_PARAMS_BLOCK_TONE,
				   VISP_PARAMS_FL_BLOCK_ENABLE);

	tone->curve[VISP_TONE_POINTS - 1] = VISP_PIXEL_MAX + 1;
}

static void bad_gain(struct visp_params_buffer *buf, size_t size)
{
	struct visp_params_lsc *lsc =
		visp_params_append(buf, size, VISP_PARAMS_BLOCK_LSC,
				   VISP_PARAMS_FL_BLOCK_ENABLE);

	lsc->gain[VISP_CFA_B][VISP_LSC_GRID_NODES - 1] = VISP_GAIN_MAX + 1;
}

static void bad_ccm(struct visp_params_buffer *buf, size_t size)
{
	struct visp_params_ccm *ccm =
		visp_params_append(buf, size, VISP_PARAMS_BLOCK_CCM,
				   VISP_PARAMS_FL_BLOCK_ENABLE);

	ccm->coeff[2][1] = VISP_CCM_COEFF_MIN - 1;
}

static void bad_window(struct visp_params_buffer *buf, size_t size)
{
	struct visp_params_af_stats *af =
		visp_params_append(buf, size, VISP_PARAMS_BLOCK_AF_STATS,
				   VISP_PARAMS_FL_BLOCK_ENABLE);

	window(&af->window, 2, 0, 256, 8, 16, 1);
}

static void bad_disable(struct visp_params_buffer *buf, size_t size)
{
	visp_params_append(buf, size, VISP_PARAMS_BLOCK_CSC,
			   VISP_PARAMS_FL_BLOCK_DISABLE);
}

static void bad_trailing(struct visp_params_buffer *buf, size_t size)
{
	visp_params_append(buf, size, VISP_PARAMS_BLOCK_BLS,
			   VISP_PARAMS_FL_BLOCK_ENABLE);
}

/* Every block, then a valid header-only block past the largest buffer. */
static void bad_oversize(struct visp_params_buffer *buf, size_t size)
{
	struct visp_params_block_header *h;
	unsigned int type;

	for (type = 0; type < VISP_PARAMS_BLOCK_TYPE_COUNT; type++)
		visp_params_append(buf, size, type, 0);
	for (h = (void *)buf->data; (u8 *)h < buf->data + buf->data_size;
	     h = (void *)((u8 *)h + h->size))
		if (h->type >= VISP_PARAMS_BLOCK_AWB_STATS)
			h->flags = VISP_PARAMS_FL_BLOCK_DISABLE;
	h->type = VISP_PARAMS_BLOCK_DPC;
	h->flags = VISP_PARAMS_FL_BLOCK_DISABLE;
	h->size = sizeof(*h);
	buf->data_size += sizeof(*h);
}

static const struct gen_bad_params bad_params[] = {
	{ "version", "unsupported version 2", bad_version, 0 },
	{ "data-size", "data_size 2448 exceeds 2440", bad_data_size, -8 },
	{ "trailing", "8 bytes past the header and data_size 16", bad_trailing,
	  8 },
	{ "oversize", "2456 bytes, more than the maximum 2448", bad_oversize,
	  0 },
	{ "type", "unknown type 12", bad_type, 0 },
	{ "flags", "DPC block: flags: both ENABLE and DISABLE set", bad_flags,
	  0 },
	{ "size", "gamma block: size 136, expected 144", bad_size, 0 },
	{ "tone-curve", "tone block: curve[144] = 4096 exceeds 4095",
	  bad_tone, 0 },
	{ "lsc-gain", "LSC block: gain[883] = 16384 exceeds 16383", bad_gain,
	  0 },
	{ "ccm-coeff", "CCM block: coeff[2][1] = -8193 out of range", bad_ccm,
	  0 },
	{ "af-window", "AF stats block: window ends beyond x = 4096",
	  bad_window, 0 },
	{ "csc-disable", "CSC block: flags: the block cannot be disabled",
	  bad_disable, 0 },
};

/* bad-params/NAME.bin and bad-params/expect: "NAME message" lines. */
static int gen_bad_params(const char *outdir)
{
	const size_t size = sizeof(struct visp_params_buffer) +
			    VISP_PARAMS_MAX_SIZE;
	struct visp_params_buffer *buf = malloc(size + 64);
	char dir[512], name[64], path[1024], msg[160];
	size_t used;
	unsigned int i;
	FILE *expect;
	int ret = -1;

	snprintf(dir, sizeof(dir), "%s/bad-params", outdir);
	snprintf(path, sizeof(path), "%s/expect", dir);
	if ((mkdir(dir, 0755) && errno != EEXIST) || !buf)
		goto out;
	expect = fopen(path, "w");
	if (!expect)
		goto out;

	/* The control: a valid buffer, accepted. */
	memset(buf, 0, size);
	visp_params_init(buf, size);
	params_colour(buf, size, 0);
	used = sizeof(*buf) + buf->data_size;
	if (visp_params_check(buf, used, msg, sizeof(msg))) {
		fprintf(stderr, "bad-params good.bin: %s\n", msg);
		goto out_close;
	}
	if (write_file(dir, "good.bin", buf, used, "w"))
		goto out_close;

	for (i = 0; i < sizeof(bad_params) / sizeof(bad_params[0]); i++) {
		memset(buf, 0, size + 64);
		visp_params_init(buf, size);
		bad_params[i].make(buf, size);
		used = sizeof(*buf) + buf->data_size + bad_params[i].extra;
		if (!visp_params_check(buf, used, msg, sizeof(msg)) ||
		    !strstr(msg, bad_params[i].message)) {
			fprintf(stderr, "bad-params %s: \"%s\", expected \"%s\"\n",
				bad_params[i].name, msg, bad_params[i].message);
			goto out_close;
		}
		snprintf(name, sizeof(name), "%s.bin", bad_params[i].name);
		if (write_file(dir, name, buf, used, "w"))
			goto out_close;
		fprintf(expect, "%s %s\n", bad_params[i].name,
			bad_params[i].message);
	}
	ret = 0;
out_close:
	if (fclose(expect))
		ret = -1;
out:
	free(buf);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned int i;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
		return 2;
	}
	if (mkdir(argv[1], 0755) && errno != EEXIST) {
		perror(argv[1]);
		return 1;
	}

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (gen_case(argv[1], &cases[i], 0x5eed + i))
			return 1;
		printf("%s\n", cases[i].name);
	}
	if (gen_bad_params(argv[1]))
		return 1;
	printf("bad-params\n");
	return 0;
}
