// SPDX-License-Identifier: GPL-2.0
/*
 * visp-io-check: read a raw frame with visp-io and describe it
 *
 *   visp-io-check FILE [WIDTH HEIGHT BITS BAYER]
 *
 * prints "FILE: WxH BITS-bit ORDER, black B, white W, checksum 0xXXXXXXXX",
 * the checksum being visp_render_checksum() of the samples. A PGM file
 * needs BITS and BAYER (WIDTH and HEIGHT may be 0), a plain raw file all
 * four; BAYER is RGGB, GRBG, GBRG or BGGR.
 *
 *   visp-io-check --render BITS BAYER FILE.dng
 *
 * writes a 640x480 frame of the colour checker, rendered by the simulated
 * sensor's renderer at BITS (10 or 12) bits, as a DNG file: test data for
 * the first form, on another machine.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "visp-io.h"
#include "visp-sensor-render.h"

static const char *const bayer_names[] = {
	[VISP_BAYER_RGGB] = "RGGB",
	[VISP_BAYER_GRBG] = "GRBG",
	[VISP_BAYER_GBRG] = "GBRG",
	[VISP_BAYER_BGGR] = "BGGR",
};

#define RENDER_W	640
#define RENDER_H	480

static int usage(void)
{
	fprintf(stderr,
		"usage: visp-io-check FILE [WIDTH HEIGHT BITS RGGB|GRBG|GBRG|BGGR]\n"
		"       visp-io-check --render 10|12 RGGB|GRBG|GBRG|BGGR FILE.dng\n");
	return 2;
}

static int parse_bayer(const char *s)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(s, bayer_names[i]))
			return i;
	fprintf(stderr, "visp-io-check: %s is not a Bayer order (RGGB, GRBG, GBRG or BGGR).\n",
		s);
	return -1;
}

static int render(const char *bits, const char *order, const char *path)
{
	struct visp_render_cfg cfg = {
		.crop_x = 640, .crop_y = 300, .crop_w = RENDER_W,
		.crop_h = RENDER_H, .bin = 1, .exposure_us = 8000,
		.again = 384, .dgain = 256, .focus = VISP_RENDER_BUILTIN_IN_FOCUS,
		.seed = 1, .illuminant = 5000,
	};
	struct visp_render_scene scene;
	struct visp_io_raw raw = { 0 };
	void *scratch = NULL;
	int bayer, f, ret = 1;
	char err[256];

	bayer = parse_bayer(order);
	if (bayer < 0)
		return 2;
	cfg.bits = atoi(bits);
	if (cfg.bits != 10 && cfg.bits != 12) {
		fprintf(stderr, "visp-io-check: the renderer makes 10 or 12 bits, not %s.\n",
			bits);
		return 2;
	}
	/* The native array is RGGB: flips give the other orders. */
	for (f = 0; f < 4; f++) {
		cfg.hflip = f & 1;
		cfg.vflip = f >> 1;
		if (visp_render_bayer(&cfg) == bayer)
			break;
	}
	scratch = malloc(visp_render_scratch_size(&cfg));
	raw.data = malloc(RENDER_W * RENDER_H * sizeof(*raw.data));
	if (!scratch || !raw.data) {
		fprintf(stderr, "visp-io-check: out of memory.\n");
		goto out;
	}
	if (visp_render_scene_builtin(&scene,
				      VISP_RENDER_SCENE_COLOUR_CHECKER) ||
	    visp_render_frame(&scene, &cfg, raw.data, RENDER_W, scratch,
			      visp_render_scratch_size(&cfg))) {
		fprintf(stderr, "visp-io-check: the renderer refused the frame.\n");
		goto out;
	}
	raw.width = RENDER_W;
	raw.height = RENDER_H;
	raw.bits = cfg.bits;
	raw.bayer = bayer;
	raw.black_level = visp_render_black_level(cfg.bits);
	raw.white_level = (1u << cfg.bits) - 1;
	raw.exposure_us = cfg.exposure_us;
	raw.gain_q8 = cfg.again * cfg.dgain / 256;
	if (visp_io_dng_write(path, &raw, "VISP simulated sensor", err,
			      sizeof(err))) {
		fprintf(stderr, "visp-io-check: %s\n", err);
		goto out;
	}
	ret = 0;
out:
	free(scratch);
	free(raw.data);
	return ret;
}

static int parse_u32(const char *s, uint32_t *v)
{
	char *end;
	unsigned long n = strtoul(s, &end, 0);

	if (!*s || *end || n > UINT32_MAX)
		return -1;
	*v = n;
	return 0;
}

int main(int argc, char **argv)
{
	struct visp_io_raw_hint hint = { 0 };
	struct visp_io_raw raw;
	char err[256];
	int bayer;

	if (argc == 5 && !strcmp(argv[1], "--render"))
		return render(argv[2], argv[3], argv[4]);
	if (argc != 2 && argc != 6)
		return usage();
	if (argc == 6) {
		if (parse_u32(argv[2], &hint.width) ||
		    parse_u32(argv[3], &hint.height) ||
		    parse_u32(argv[4], &hint.bits)) {
			fprintf(stderr, "visp-io-check: WIDTH, HEIGHT and BITS must be numbers.\n");
			return 2;
		}
		bayer = parse_bayer(argv[5]);
		if (bayer < 0)
			return 2;
		hint.bayer = bayer + 1;
	}
	if (visp_io_raw_read(argv[1], &hint, &raw, err, sizeof(err))) {
		fprintf(stderr, "visp-io-check: %s\n", err);
		return 1;
	}
	printf("%s: %ux%u %u-bit %s, black %u, white %u, checksum 0x%08x\n",
	       argv[1], raw.width, raw.height, raw.bits,
	       bayer_names[raw.bayer], raw.black_level, raw.white_level,
	       visp_render_checksum(raw.data, raw.width, raw.height,
				    raw.width));
	visp_io_raw_free(&raw);
	return 0;
}
