// SPDX-License-Identifier: GPL-2.0
/*
 * libvisp: tone curves
 *
 * Sampling a transfer function at the points of the segmented tone curve
 * (struct visp_params_tone) or of the uniform gamma curve (struct
 * visp_params_gamma), and the preset transfer functions.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <math.h>

#include "libvisp.h"

unsigned int visp_tone_point(unsigned int i)
{
	return visp_params_tone_point(i);
}

double visp_tone_preset_eval(unsigned int preset, double x)
{
	switch (preset) {
	case VISP_TONE_SRGB:
		return visp_colour_srgb_encode(x);
	case VISP_TONE_BT709:
		return x < 0.018 ? 4.5 * x : 1.099 * pow(x, 0.45) - 0.099;
	case VISP_TONE_LOG:
		return log2(1 + 63 * x) / 6;
	}
	return NAN;
}

/* 4095 * fn(x / 4095), rounded and clamped; -1 for NaN. */
static int visp_tone_sample(double (*fn)(double x, void *priv), void *priv,
			    unsigned int x)
{
	double y;

	if (x > VISP_PIXEL_MAX)
		x = VISP_PIXEL_MAX;
	y = fn((double)x / VISP_PIXEL_MAX, priv);
	if (isnan(y))
		return -1;
	y = round(y * VISP_PIXEL_MAX);
	return y < 0 ? 0 : y > VISP_PIXEL_MAX ? VISP_PIXEL_MAX : (int)y;
}

/* Sample @fn at the @count points of a tone (@tone) or gamma curve. */
static int visp_curve_fill(u16 *curve, unsigned int count, bool tone,
			   double (*fn)(double x, void *priv), void *priv)
{
	unsigned int i;
	int v;

	if (!curve || !fn)
		return -EINVAL;
	for (i = 0; i < count; i++) {
		v = visp_tone_sample(fn, priv, tone ? visp_tone_point(i) :
					       i * 64);
		if (v < 0)
			return -EINVAL;
		curve[i] = v;
	}
	return 0;
}

int visp_tone_fill(u16 curve[VISP_TONE_POINTS],
		   double (*fn)(double x, void *priv), void *priv)
{
	return visp_curve_fill(curve, VISP_TONE_POINTS, true, fn, priv);
}

static double visp_tone_preset_fn(double x, void *priv)
{
	return visp_tone_preset_eval(*(const unsigned int *)priv, x);
}

int visp_tone_fill_preset(u16 curve[VISP_TONE_POINTS], unsigned int preset)
{
	if (preset >= VISP_TONE_PRESET_COUNT)
		return -EINVAL;
	return visp_tone_fill(curve, visp_tone_preset_fn, &preset);
}

int visp_gamma_fill(u16 curve[VISP_GAMMA_POINTS],
		    double (*fn)(double x, void *priv), void *priv)
{
	return visp_curve_fill(curve, VISP_GAMMA_POINTS, false, fn, priv);
}
