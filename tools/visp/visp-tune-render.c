// SPDX-License-Identifier: GPL-2.0
/*
 * visp-tune-render: the calibration captures of the simulated sensor
 *
 *   visp-tune-render DIR
 *
 * renders with the sensor's own renderer (visp_render_frame(), what the
 * kernel's simulated sensor streams) the captures visp-tune calibrates
 * the sensor from, in its 960 x 540 binned 10-bit mode, as DNG files:
 *
 *   DIR/dark.dng            a black scene (the lens capped)
 *   DIR/flat-<CT>k.dng      a uniform grey scene under each illuminant
 *   DIR/checker-<CT>k.dng   the built-in colour checker under each
 *
 * at the colour temperatures of visp_tune_cts[]. The flat field and the
 * dark frame are scene files of one sample, built here, which the
 * renderer stretches over the array.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "visp-io.h"
#include "visp-sensor-render.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Illuminants of the captures, K, over the renderer's whole range */
static const unsigned int visp_tune_cts[] = {
	2800, 3200, 4000, 5000, 6500, 7500,
};

#define BIN		2
#define BITS		10
#define WIDTH		(VISP_RENDER_NATIVE_W / BIN)
#define HEIGHT		(VISP_RENDER_NATIVE_H / BIN)
/* Flat field radiance, and exposures putting the centre near half scale */
#define FLAT_LEVEL	32768
#define FLAT_US		10000
#define CHECKER_US	8000
#define SEED		0x7475

/* A scene file of one sample of the radiance @level. */
static void scene_file(unsigned char buf[VISP_RENDER_SCENE_HDR_SIZE + 6],
		       unsigned int level)
{
	static const unsigned int hdr[] = {
		VISP_RENDER_SCENE_VERSION, 1, 1, VISP_RENDER_BUILTIN_IN_FOCUS, 0,
	};
	unsigned int i;

	memcpy(buf, VISP_RENDER_SCENE_MAGIC, 4);
	for (i = 0; i < ARRAY_SIZE(hdr); i++) {
		buf[4 + 4 * i] = hdr[i];
		buf[5 + 4 * i] = hdr[i] >> 8;
		buf[6 + 4 * i] = hdr[i] >> 16;
		buf[7 + 4 * i] = hdr[i] >> 24;
	}
	for (i = 0; i < 3; i++) {
		buf[VISP_RENDER_SCENE_HDR_SIZE + 2 * i] = level;
		buf[VISP_RENDER_SCENE_HDR_SIZE + 2 * i + 1] = level >> 8;
	}
}

static int render(const char *dir, const char *name,
		  const struct visp_render_scene *scene, unsigned int ct,
		  unsigned int exposure_us, unsigned int sequence,
		  struct visp_io_raw *raw, void *scratch)
{
	struct visp_render_cfg rc = {
		.crop_w = VISP_RENDER_NATIVE_W, .crop_h = VISP_RENDER_NATIVE_H,
		.bin = BIN, .bits = BITS, .exposure_us = exposure_us,
		.again = 256, .dgain = 256, .focus = scene->in_focus,
		.seed = SEED, .sequence = sequence, .illuminant = ct,
	};
	char path[4096], err[256];

	if (visp_render_frame(scene, &rc, raw->data, WIDTH, scratch,
			      VISP_RENDER_SCRATCH_SIZE(VISP_RENDER_NATIVE_W))) {
		fprintf(stderr, "visp-tune-render: the renderer refused the settings of %s.\n",
			name);
		return -1;
	}
	raw->bayer = visp_render_bayer(&rc);
	raw->exposure_us = exposure_us;
	snprintf(path, sizeof(path), "%s/%s.dng", dir, name);
	if (visp_io_dng_write(path, raw, "VISP simulated sensor", err,
			      sizeof(err))) {
		fprintf(stderr, "visp-tune-render: %s\n", err);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char black[VISP_RENDER_SCENE_HDR_SIZE + 6];
	unsigned char flat[VISP_RENDER_SCENE_HDR_SIZE + 6];
	struct visp_render_scene s_dark, s_flat, s_checker;
	struct visp_io_raw raw = {
		.width = WIDTH, .height = HEIGHT, .bits = BITS,
		.black_level = VISP_RENDER_BLACK_12 >> (12 - BITS),
		.white_level = (1 << BITS) - 1, .gain_q8 = 256,
	};
	unsigned int i, seq = 0;
	void *scratch;
	char name[64];
	int ret = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: visp-tune-render DIR\n");
		return 2;
	}
	scene_file(black, 0);
	scene_file(flat, FLAT_LEVEL);
	raw.data = malloc(sizeof(*raw.data) * WIDTH * HEIGHT);
	scratch = malloc(VISP_RENDER_SCRATCH_SIZE(VISP_RENDER_NATIVE_W));
	if (!raw.data || !scratch ||
	    visp_render_scene_parse(&s_dark, black, sizeof(black)) ||
	    visp_render_scene_parse(&s_flat, flat, sizeof(flat)) ||
	    visp_render_scene_builtin(&s_checker,
				      VISP_RENDER_SCENE_COLOUR_CHECKER)) {
		fprintf(stderr, "visp-tune-render: out of memory.\n");
		return 1;
	}

	ret = render(argv[1], "dark", &s_dark, 5000, FLAT_US, seq++, &raw,
		     scratch);
	for (i = 0; !ret && i < ARRAY_SIZE(visp_tune_cts); i++) {
		snprintf(name, sizeof(name), "flat-%uk", visp_tune_cts[i]);
		ret = render(argv[1], name, &s_flat, visp_tune_cts[i], FLAT_US,
			     seq++, &raw, scratch);
		snprintf(name, sizeof(name), "checker-%uk", visp_tune_cts[i]);
		ret = ret ?: render(argv[1], name, &s_checker,
				    visp_tune_cts[i], CHECKER_US, seq++, &raw,
				    scratch);
	}
	free(raw.data);
	free(scratch);
	return ret ? 1 : 0;
}
