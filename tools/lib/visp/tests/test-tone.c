// SPDX-License-Identifier: GPL-2.0
/*
 * Segmented tone curve tests: the points and the interpolation of the
 * model against their definition in visp-config.h, the curves libvisp
 * fills against the exact transfer functions (within 1 code at 12 bits),
 * and the flat grey round trip sRGB 8-bit -> linear 12-bit -> tone curve
 * -> 8-bit output through the whole model, exact for the 256 levels.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* The transfer functions, written here from their standards. */
static double exact(unsigned int preset, double x)
{
	switch (preset) {
	case VISP_TONE_SRGB:
		return x <= 0.0031308 ? x * 12.92 :
		       1.055 * pow(x, 1 / 2.4) - 0.055;
	case VISP_TONE_BT709:
		return x < 0.018 ? x * 4.5 : 1.099 * pow(x, 0.45) - 0.099;
	default:
		return log(1 + 63 * x) / log(64);
	}
}

/* Point i's input as visp-config.h words it: octaves of 16 points. */
static unsigned int point_def(unsigned int i)
{
	unsigned int octave, step;

	if (i < 32)
		return i;
	octave = 32 << ((i - 32) / 16);
	step = octave / 16;
	return octave + (i - 32) % 16 * step;
}

/* The curve at x from the two points around it, found by search. */
static unsigned int eval_def(const u16 *curve, unsigned int x)
{
	unsigned int i = 0, x0, w;

	while (point_def(i + 1) <= x)
		i++;
	x0 = point_def(i);
	w = point_def(i + 1) - x0;
	return (curve[i] * (w - (x - x0)) + curve[i + 1] * (x - x0) + w / 2) /
	       w;
}

static void test_points(void)
{
	unsigned int i;

	for (i = 0; i < VISP_TONE_POINTS; i++) {
		T_EQ(visp_tone_point(i), point_def(i));
		T_EQ(visp_model_tone_point(i), point_def(i));
	}
	T_EQ(visp_tone_point(31), 31);
	T_EQ(visp_tone_point(32), 32);
	T_EQ(visp_tone_point(33), 34);
	T_EQ(visp_tone_point(128), 2048);
	T_EQ(visp_tone_point(143), 3968);
	T_EQ(visp_tone_point(VISP_TONE_POINTS - 1), 4096);
	T_EQ(visp_tone_point(VISP_TONE_POINTS), 0);
}

static void test_model_interpolation(void)
{
	u16 curve[VISP_TONE_POINTS];
	unsigned int i, x, n, bad = 0;

	srand(7);
	for (n = 0; n < 20; n++) {
		for (i = 0; i < VISP_TONE_POINTS; i++)
			curve[i] = n == 0 ? VISP_PIXEL_MAX : rand() % 4096;
		for (x = 0; x <= VISP_PIXEL_MAX; x++)
			bad += visp_model_tone_eval(curve, x) !=
			       eval_def(curve, x);
		/* At a point, the point's value. */
		for (i = 0; i < VISP_TONE_POINTS - 1; i++)
			bad += visp_model_tone_eval(curve, point_def(i)) !=
			       curve[i];
	}
	T_EQ(bad, 0);
}

/* Worst |curve(x) - round(exact(x))| over the 12-bit inputs. */
static unsigned int worst_error(const u16 *curve, bool tone,
				unsigned int preset)
{
	unsigned int x, worst = 0;

	for (x = 0; x <= VISP_PIXEL_MAX; x++) {
		int want = lround(VISP_PIXEL_MAX *
				  exact(preset, (double)x / VISP_PIXEL_MAX));
		int got = tone ? (int)visp_model_tone_eval(curve, x) :
			  (int)((curve[x >> 6] * (64 - (x & 63)) +
				 curve[(x >> 6) + 1] * (x & 63) + 32) >> 6);

		if ((unsigned int)abs(got - want) > worst)
			worst = abs(got - want);
	}
	return worst;
}

static double preset_fn(double x, void *priv)
{
	return visp_tone_preset_eval(*(unsigned int *)priv, x);
}

static void test_presets_within_one_code(void)
{
	u16 tone[VISP_TONE_POINTS], gamma[VISP_GAMMA_POINTS];
	unsigned int p;

	for (p = 0; p < VISP_TONE_PRESET_COUNT; p++) {
		T_EQ(visp_tone_fill_preset(tone, p), 0);
		T_TRUE(worst_error(tone, true, p) <= 1);
		/* The uniform points cannot follow the start of the curve. */
		T_EQ(visp_gamma_fill(gamma, preset_fn, &p), 0);
		T_TRUE(worst_error(gamma, false, p) > 1);
	}
	T_EQ(visp_tone_fill_preset(tone, VISP_TONE_PRESET_COUNT), -EINVAL);
	T_TRUE(isnan(visp_tone_preset_eval(VISP_TONE_PRESET_COUNT, 0.5)));
}

static double nan_fn(double x, void *priv)
{
	(void)priv;
	return x > 0.5 ? NAN : x;
}

static double wide_fn(double x, void *priv)
{
	(void)priv;
	return 3 * x - 1;
}

static void test_fill(void)
{
	u16 curve[VISP_TONE_POINTS], gamma[VISP_GAMMA_POINTS];

	T_EQ(visp_tone_fill(NULL, wide_fn, NULL), -EINVAL);
	T_EQ(visp_tone_fill(curve, NULL, NULL), -EINVAL);
	T_EQ(visp_tone_fill(curve, nan_fn, NULL), -EINVAL);
	T_EQ(visp_gamma_fill(gamma, nan_fn, NULL), -EINVAL);
	/* Clamped to 0 .. 4095, the last point sampled at 4095. */
	T_EQ(visp_tone_fill(curve, wide_fn, NULL), 0);
	T_EQ(curve[0], 0);
	T_EQ(curve[31], 0);
	T_EQ(curve[VISP_TONE_POINTS - 1], VISP_PIXEL_MAX);
	T_EQ(curve[128], lround(4095 * (3 * 2048 / 4095.0 - 1)));
	T_EQ(visp_gamma_fill(gamma, wide_fn, NULL), 0);
	T_EQ(gamma[64], VISP_PIXEL_MAX);
	T_EQ(gamma[32], lround(4095 * (3 * 2048 / 4095.0 - 1)));
}

static union {
	struct visp_params_buffer buf;
	u8 bytes[sizeof(struct visp_params_buffer) + VISP_PARAMS_MAX_SIZE];
	u64 align;
} pbuf;

/* The 8-bit output of a flat grey frame at 12-bit linear @lin. */
static void grey_frame(u32 lin, u8 out[3])
{
	struct tb t;

	tb_init(&t, VISP_IN_TYPE_RAW12, VISP_BAYER_RGGB, 32, 16);
	tb_path(&t, VISP_PATH_MAIN, VISP_OUT_FMT_RGB24, 0, 0, 32, 16, 32, 16);
	tb_fill(&t, lin, lin, lin, lin);
	T_EQ(visp_params_apply(&t.cfg, &pbuf.buf,
			       sizeof(pbuf.buf) + pbuf.buf.data_size), 0);
	T_EQ(tb_run(&t), 0);
	memcpy(out, tb_px(&t, VISP_PATH_MAIN, 0, 3 * 17, 9), 3);
	tb_free(&t);
}

static void test_grey_round_trip(void)
{
	u16 curve[VISP_TONE_POINTS];
	unsigned int v, bad = 0;
	u8 out[3];

	T_EQ(visp_tone_fill_preset(curve, VISP_TONE_SRGB), 0);
	T_EQ(visp_params_init(&pbuf.buf, sizeof(pbuf)), 0);
	T_EQ(visp_params_set_tone(&pbuf.buf, sizeof(pbuf), true, curve), 0);
	for (v = 0; v < 256; v++) {
		double e = v / 255.0;
		double lin = e <= 0.04045 ? e / 12.92 :
			     pow((e + 0.055) / 1.055, 2.4);

		grey_frame(lround(lin * VISP_PIXEL_MAX), out);
		bad += out[0] != v || out[1] != v || out[2] != v;
	}
	T_EQ(bad, 0);
}

static void test_builder(void)
{
	u16 curve[VISP_TONE_POINTS] = { 0 };

	T_EQ(visp_params_init(&pbuf.buf, sizeof(pbuf)), 0);
	T_EQ(visp_params_set_tone(&pbuf.buf, sizeof(pbuf), false, NULL),
	     -EINVAL);
	curve[VISP_TONE_POINTS - 1] = VISP_PIXEL_MAX + 1;
	T_EQ(visp_params_set_tone(&pbuf.buf, sizeof(pbuf), false, curve),
	     -EINVAL);
	T_EQ(pbuf.buf.data_size, 0);
	curve[VISP_TONE_POINTS - 1] = VISP_PIXEL_MAX;
	T_EQ(visp_params_set_tone(&pbuf.buf, sizeof(pbuf), false, curve), 0);
	T_EQ(pbuf.buf.data_size, sizeof(struct visp_params_tone));
	T_EQ(((struct visp_params_tone *)pbuf.buf.data)->header.flags, 0);
	T_EQ(visp_params_validate(&pbuf.buf, sizeof(pbuf.buf) +
				  pbuf.buf.data_size), 0);
}

const struct tcase tone_tests[] = {
	{ "tone: points of the segmented curve", test_points },
	{ "tone: model interpolation as defined", test_model_interpolation },
	{ "tone: presets within 1 code at 12 bits", test_presets_within_one_code },
	{ "tone: fill from a function", test_fill },
	{ "tone: sRGB grey round trip exact for 256 levels",
	  test_grey_round_trip },
	{ "tone: builder", test_builder },
	{ NULL, NULL }
};
