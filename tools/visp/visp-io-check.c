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

static int usage(void)
{
	fprintf(stderr,
		"usage: visp-io-check FILE [WIDTH HEIGHT BITS RGGB|GRBG|GBRG|BGGR]\n");
	return 2;
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
	unsigned int i;

	if (argc != 2 && argc != 6)
		return usage();
	if (argc == 6) {
		if (parse_u32(argv[2], &hint.width) ||
		    parse_u32(argv[3], &hint.height) ||
		    parse_u32(argv[4], &hint.bits)) {
			fprintf(stderr, "visp-io-check: WIDTH, HEIGHT and BITS must be numbers.\n");
			return 2;
		}
		for (i = 0; i < 4; i++)
			if (!strcmp(argv[5], bayer_names[i]))
				hint.bayer = i + 1;
		if (!hint.bayer) {
			fprintf(stderr, "visp-io-check: %s is not a Bayer order (RGGB, GRBG, GBRG or BGGR).\n",
				argv[5]);
			return 2;
		}
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
