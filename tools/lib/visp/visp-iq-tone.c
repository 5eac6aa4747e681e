// SPDX-License-Identifier: GPL-2.0
/*
 * visp-iq-tone: how closely the tone stage follows the sRGB, BT.709 and
 * log transfer functions, through the segmented curve of the TONE block
 * and through the 65 uniform points of the GAMMA block. Prints a Markdown
 * table:
 *
 * - the worst error of the curve, |out - round(exact)| in 12-bit codes
 *   over the 4096 inputs, where it is, and how many inputs are more than
 *   1 code off;
 * - the flat grey round trip: each 8-bit level v encoded by the curve's
 *   inverse to a 12-bit linear input round(4095 * inverse(v / 255)),
 *   processed by the reference model (Bayer frame, demosaic, tone stage,
 *   RGB24 output: the model's 12 to 8-bit reduction), how many of the
 *   256 levels come back exact, and the PSNR of the round trip over all
 *   levels and over the dark ones (0 to 63).
 *
 * Usage: visp-iq-tone    (no argument)
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libvisp.h"

#define LEVELS		256
#define COLS		16	/* columns of one grey level */
#define ROWS		16
#define FRAME_W		(LEVELS * COLS)

static const char *const names[VISP_TONE_PRESET_COUNT] = {
	[VISP_TONE_SRGB] = "sRGB",
	[VISP_TONE_BT709] = "BT.709",
	[VISP_TONE_LOG] = "log2(1 + 63 x) / 6",
};

/* The inverse of each preset: encoded value to linear. */
static double inverse(unsigned int preset, double e)
{
	switch (preset) {
	case VISP_TONE_SRGB:
		return visp_colour_srgb_decode(e);
	case VISP_TONE_BT709:
		return e < 0.081 ? e / 4.5 : pow((e + 0.099) / 1.099, 1 / 0.45);
	default:
		return (exp2(6 * e) - 1) / 63;
	}
}

/* The curve's output at @x: the TONE block's or the GAMMA block's. */
static u32 curve_at(const struct visp_model_config *cfg, u32 x)
{
	u32 k = x >> 6, f = x & 63;

	if (cfg->tone_seg)
		return visp_model_tone_eval(cfg->tone_lut, x);
	return (cfg->gamma_lut[k] * (64 - f) + cfg->gamma_lut[k + 1] * f +
		32) >> 6;
}

static double preset_fn(double x, void *priv)
{
	return visp_tone_preset_eval(*(const unsigned int *)priv, x);
}

struct figures {
	unsigned int worst, worst_at, off, worst8;
	unsigned int exact;
	double psnr, psnr_dark;
};

static double psnr(double sq, unsigned int n)
{
	return sq ? 10 * log10(255.0 * 255 * n / sq) : INFINITY;
}

/* The grey round trip of @preset through the model configured by @cfg. */
static int round_trip(struct visp_model_config *cfg, unsigned int preset,
		      struct figures *f)
{
	struct visp_model_buffers buf = { 0 };
	u32 stride = FRAME_W * 3;
	double sq = 0, sq_dark = 0;
	unsigned int v, x, y;
	static u16 lin[LEVELS];
	u16 *in;
	void *scratch;
	size_t size;
	u8 *out;
	int ret;

	visp_config_set_input(cfg, VISP_IN_TYPE_RAW12, VISP_BAYER_RGGB,
			      FRAME_W, ROWS);
	visp_config_set_path(cfg, VISP_PATH_MAIN, VISP_OUT_FMT_RGB24, 0, 0,
			     FRAME_W, ROWS, FRAME_W, ROWS);
	in = malloc(FRAME_W * ROWS * 2);
	out = malloc(stride * ROWS);
	size = visp_model_scratch_size(cfg);
	scratch = malloc(size);
	if (!in || !out || !scratch) {
		ret = -1;
		goto out;
	}
	for (v = 0; v < LEVELS; v++)
		lin[v] = lround(VISP_PIXEL_MAX * inverse(preset, v / 255.0));
	for (y = 0; y < ROWS; y++)
		for (x = 0; x < FRAME_W; x++)
			in[y * FRAME_W + x] = lin[x / COLS];
	buf.in = (const u8 *)in;
	buf.in_stride = FRAME_W * 2;
	buf.in_size = FRAME_W * ROWS * 2;
	buf.out[VISP_PATH_MAIN][0] = (struct visp_model_plane){
		out, stride, stride * ROWS };
	ret = visp_model_run(cfg, &buf, scratch, size);
	if (ret)
		goto out;

	f->exact = 0;
	for (v = 0; v < LEVELS; v++) {
		/* The middle of the level's columns, away from its edges */
		const u8 *px = out + (ROWS / 2) * stride +
			       (v * COLS + COLS / 2) * 3;
		double d = px[1] - (double)v;

		f->exact += px[0] == v && px[1] == v && px[2] == v;
		sq += d * d;
		if (v < 64)
			sq_dark += d * d;
	}
	f->psnr = psnr(sq, LEVELS);
	f->psnr_dark = psnr(sq_dark, 64);
out:
	free(in);
	free(out);
	free(scratch);
	return ret;
}

static void curve_error(const struct visp_model_config *cfg,
			unsigned int preset, struct figures *f)
{
	unsigned int x, e, e8;

	f->worst = 0;
	f->worst_at = 0;
	f->off = 0;
	f->worst8 = 0;
	for (x = 0; x <= VISP_PIXEL_MAX; x++) {
		long want = lround(VISP_PIXEL_MAX *
				   visp_tone_preset_eval(preset,
							 (double)x / VISP_PIXEL_MAX));

		e = labs((long)curve_at(cfg, x) - want);
		f->off += e > 1;
		/* After the model's 12 to 8-bit reduction */
		e8 = labs((long)((curve_at(cfg, x) * 4081 + 32768) >> 16) -
			  lround(255.0 * want / VISP_PIXEL_MAX));
		if (e8 > f->worst8)
			f->worst8 = e8;
		if (e > f->worst) {
			f->worst = e;
			f->worst_at = x;
		}
	}
}

static const char *db(double v)
{
	static char s[2][16];
	static unsigned int n;

	n ^= 1;
	if (isinf(v))
		return "exact";
	snprintf(s[n], sizeof(s[n]), "%.2f", v);
	return s[n];
}

int main(int argc, char **argv)
{
	static struct visp_model_config cfg;
	static struct visp_params_cfg pc;
	unsigned int p, tone;
	struct figures f;

	(void)argv;
	if (argc > 1) {
		fprintf(stderr, "visp-iq-tone takes no argument: it prints the figures of the tone curves.\n");
		return 1;
	}
	printf("| curve | block | points | worst error, 12-bit codes | at input | inputs > 1 code off | worst error, 8-bit codes | grey levels exact | round trip PSNR dB | dark (0-63) PSNR dB |\n");
	printf("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
	for (p = 0; p < VISP_TONE_PRESET_COUNT; p++) {
		for (tone = 0; tone < 2; tone++) {
			visp_config_init(&cfg);
			visp_config_get_params(&cfg, &pc);
			pc.gamma_en = true;
			pc.tone_sel = tone;
			if (visp_tone_fill_preset(pc.tone_curve, p) ||
			    visp_gamma_fill(pc.gamma_curve, preset_fn, &p))
				return 1;
			visp_config_set_params(&cfg, &pc);
			curve_error(&cfg, p, &f);
			if (round_trip(&cfg, p, &f)) {
				fprintf(stderr, "visp-iq-tone: the model refused the frame.\n");
				return 1;
			}
			printf("| %s | %s | %u | %u | %u | %u | %u | %u / %u | %s | %s |\n",
			       names[p], tone ? "TONE" : "GAMMA",
			       tone ? VISP_TONE_POINTS : VISP_GAMMA_POINTS,
			       f.worst, f.worst_at, f.off, f.worst8, f.exact,
			       LEVELS, db(f.psnr), db(f.psnr_dark));
		}
	}
	return 0;
}
