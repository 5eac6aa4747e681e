// SPDX-License-Identifier: GPL-2.0
/*
 * libvispmodel: colour accuracy of a developed colour checker
 *
 * See visp-checker.h.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <math.h>
#include <string.h>

#include <visp/libvisp.h>

#include "visp-checker.h"
#include "visp-sensor-render.h"

/* A native coordinate of the rectangle @off + @len in an image of @size. */
static uint64_t to_image(uint32_t native, uint32_t off, uint32_t len,
			 uint32_t size)
{
	return ((uint64_t)(native - off) * size + len / 2) / len;
}

/* Mean samples of patch @i, in a box of half its sizes about its centre. */
static int patch_mean(const struct visp_checker_image *img, uint32_t w,
		      uint32_t h, unsigned int i, double rgb[3])
{
	uint32_t ncx = VISP_RENDER_CHECKER_X0 +
		       (i % 6) * VISP_RENDER_CHECKER_PITCH_X +
		       VISP_RENDER_CHECKER_W / 2;
	uint32_t ncy = VISP_RENDER_CHECKER_Y0 +
		       (i / 6) * VISP_RENDER_CHECKER_PITCH_Y +
		       VISP_RENDER_CHECKER_H / 2;
	uint64_t hx = (uint64_t)VISP_RENDER_CHECKER_W * img->width / (4 * w);
	uint64_t hy = (uint64_t)VISP_RENDER_CHECKER_H * img->height / (4 * h);
	uint64_t cx, cy, x, y;
	unsigned int c;
	double n = 0;

	if (ncx < img->x || ncy < img->y)
		return -EINVAL;
	cx = to_image(ncx, img->x, w, img->width);
	cy = to_image(ncy, img->y, h, img->height);
	if (!hx || !hy || cx < hx || cy < hy || cx + hx > img->width ||
	    cy + hy > img->height)
		return -EINVAL;

	rgb[0] = rgb[1] = rgb[2] = 0;
	for (y = cy - hy; y < cy + hy; y++) {
		const uint8_t *p = img->rgb + y * img->stride;

		for (x = cx - hx; x < cx + hx; x++) {
			for (c = 0; c < 3; c++)
				rgb[c] += p[3 * x + c];
			n++;
		}
	}
	for (c = 0; c < 3; c++)
		rgb[c] /= n;
	return 0;
}

static double luminance(const double rgb[3])
{
	return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}

int visp_checker_measure(const struct visp_checker_image *img,
			 struct visp_checker_result *res)
{
	double (*lin)[3] = res->lab, ref[3], yo = 0, yr = 0;
	uint32_t w = img->w ? img->w : VISP_RENDER_NATIVE_W;
	uint32_t h = img->w ? img->h : VISP_RENDER_NATIVE_H;
	unsigned int i, c;
	int ret;

	memset(res, 0, sizeof(*res));
	if (!img->rgb || !img->width || !img->height || !h ||
	    img->stride < 3 * (uint64_t)img->width ||
	    (uint64_t)img->x + w > VISP_RENDER_NATIVE_W ||
	    (uint64_t)img->y + h > VISP_RENDER_NATIVE_H)
		return -EINVAL;

	for (i = 0; i < VISP_CHECKER_PATCHES; i++) {
		ret = patch_mean(img, w, h, i, res->rgb[i]);
		if (ret)
			return ret;
		/* res->lab holds the linear values until the last loop. */
		for (c = 0; c < 3; c++)
			lin[i][c] = img->srgb ?
				visp_colour_srgb_decode(res->rgb[i][c] / 255) :
				res->rgb[i][c] / 255;
	}

	/* The grey patches as the image shows them, and the exposure. */
	for (i = VISP_CHECKER_GREY_FIRST; i <= VISP_CHECKER_GREY_LAST; i++) {
		double lab[3];

		visp_colour_lab(lin[i], lab);
		res->grey_a = fmax(res->grey_a, fabs(lab[1]));
		res->grey_b = fmax(res->grey_b, fabs(lab[2]));
		for (c = 0; c < 3; c++)
			ref[c] = visp_render_checker[i][c] / 65535.0;
		yo += luminance(lin[i]);
		yr += luminance(ref);
	}
	if (!(yo > 0))
		return -EINVAL;
	res->scale = yr / yo;

	for (i = 0; i < VISP_CHECKER_PATCHES; i++) {
		double scaled[3];

		for (c = 0; c < 3; c++) {
			scaled[c] = lin[i][c] * res->scale;
			ref[c] = visp_render_checker[i][c] / 65535.0;
		}
		visp_colour_lab(scaled, res->lab[i]);
		visp_colour_lab(ref, res->chart_lab[i]);
		res->de[i] = visp_colour_delta_e2000(res->chart_lab[i],
						     res->lab[i]);
		res->de_mean += res->de[i];
		res->de_max = fmax(res->de_max, res->de[i]);
	}
	res->de_mean /= VISP_CHECKER_PATCHES;
	return 0;
}
