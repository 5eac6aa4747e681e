/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libvispmodel: colour accuracy of a developed colour checker
 *
 * Measures an 8-bit RGB image of the simulated sensor's built-in colour
 * checker (VISP_RENDER_SCENE_COLOUR_CHECKER, the chart visp_render_checker
 * on the VISP_RENDER_CHECKER_* geometry) against the chart, in CIELAB and
 * CIEDE2000. The tests of the 3A algorithms (tests/test-3a.c) and
 * visp-tune check share it. It is part of libvispmodel.a only, not of
 * the installed libvisp, as it needs the renderer's chart.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_CHECKER_H__
#define __VISP_CHECKER_H__

#include <stdbool.h>
#include <stdint.h>

#define VISP_CHECKER_PATCHES	24
/* The grey patches whose neutrality is measured: neutral 8 to 3.5 */
#define VISP_CHECKER_GREY_FIRST	19
#define VISP_CHECKER_GREY_LAST	22

/**
 * struct visp_checker_image - an image of the colour checker
 *
 * @rgb: first pixel, R, G and B bytes
 * @width: width, pixels
 * @height: height, pixels
 * @stride: bytes from a line to the next
 * @x: left edge of the rectangle of the native pixel array the image
 *	shows, native pixels
 * @y: top edge of that rectangle
 * @w: its width, native pixels; 0 for the whole array (@x and @y 0)
 * @h: its height, native pixels
 * @srgb: the samples are sRGB encoded; linear (sample / 255) if false
 *
 * The image may be scaled: the rectangle @w x @h fills @width x @height.
 */
struct visp_checker_image {
	const uint8_t *rgb;
	uint32_t width;
	uint32_t height;
	uint32_t stride;
	uint32_t x;
	uint32_t y;
	uint32_t w;
	uint32_t h;
	bool srgb;
};

/**
 * struct visp_checker_result - the colour checker measured
 *
 * @rgb: mean R, G and B samples (0 to 255) of each patch, in a box of half
 *	its width and height about its centre
 * @lab: CIELAB of each patch, after the exposure scale
 * @chart_lab: CIELAB of each patch of the chart
 * @de: CIEDE2000 of each patch from the chart's
 * @de_mean: mean of @de
 * @de_max: largest of @de
 * @scale: the exposure scale: the factor on the linear image making the
 *	grey patches' luminance the chart's
 * @grey_a: largest |a*| of the grey patches as the image shows them
 *	(before the exposure scale)
 * @grey_b: largest |b*| of the grey patches, likewise
 */
struct visp_checker_result {
	double rgb[VISP_CHECKER_PATCHES][3];
	double lab[VISP_CHECKER_PATCHES][3];
	double chart_lab[VISP_CHECKER_PATCHES][3];
	double de[VISP_CHECKER_PATCHES];
	double de_mean;
	double de_max;
	double scale;
	double grey_a;
	double grey_b;
};

/**
 * visp_checker_measure() - measure an image of the colour checker
 * @img: the image
 * @res: set to the measurements
 *
 * The exposure is the camera's choice, not a colour error: the linear
 * image is scaled so that the grey patches have the chart's luminance
 * before the CIEDE2000 of each patch is taken.
 *
 * Return: 0; -EINVAL if the rectangle is not within the native array, a
 * patch's box is not within the image or is empty, or the grey patches
 * are black.
 */
int visp_checker_measure(const struct visp_checker_image *img,
			 struct visp_checker_result *res);

#endif /* __VISP_CHECKER_H__ */
