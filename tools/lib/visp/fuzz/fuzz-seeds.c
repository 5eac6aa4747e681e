// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-seeds: write the seed corpus of fuzz-params, one file per buffer:
 * the good and bad buffers of the driver's test table
 * (drivers/media/platform/visp/visp-params-cases.h), every block type
 * alone, enabled and disabled, and every block type at once, built with
 * the library's builder.
 *
 *   fuzz-seeds DIR
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <stdio.h>
#include <string.h>

#include "libvisp.h"
#include "visp-params-cases.h"

static union {
	struct visp_params_buffer buf;
	u8 bytes[VPC_BUF_SIZE];
	u64 align;
} seed;

static int write_seed(const char *dir, const char *name, size_t size)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fwrite(seed.bytes, 1, size, f) != size) {
		perror(path);
		return -1;
	}
	return fclose(f);
}

/* A block with a payload the validator accepts. */
static void add_valid(unsigned int type, unsigned int flags)
{
	struct visp_params_block_header *h =
		visp_params_append(&seed.buf, sizeof(seed), type, flags);
	struct visp_stats_window *w = (void *)(h + 1);

	if (type >= VISP_PARAMS_BLOCK_AWB_STATS) {
		w->zone_w = 16;
		w->zone_h = 16;
		w->grid_w = 4;
		w->grid_h = 4;
	}
}

int main(int argc, char **argv)
{
	unsigned int i, type;
	char name[64];

	if (argc != 2) {
		fprintf(stderr, "usage: fuzz-seeds DIR\n");
		return 2;
	}

	for (i = 0; i < sizeof(visp_params_cases) /
			sizeof(visp_params_cases[0]); i++) {
		memset(&seed, 0, sizeof(seed));
		snprintf(name, sizeof(name), "case-%s",
			 visp_params_cases[i].name);
		if (write_seed(argv[1], name,
			       visp_params_cases[i].make(&seed.buf)))
			return 1;
	}

	for (i = 0; i < 2 * VISP_PARAMS_BLOCK_TYPE_COUNT; i++) {
		type = i / 2;
		memset(&seed, 0, sizeof(seed));
		visp_params_init(&seed.buf, sizeof(seed));
		add_valid(type, i & 1 ? VISP_PARAMS_FL_BLOCK_DISABLE :
			  VISP_PARAMS_FL_BLOCK_ENABLE);
		snprintf(name, sizeof(name), "block-%u-%s", type,
			 i & 1 ? "disable" : "enable");
		if (write_seed(argv[1], name,
			       sizeof(seed.buf) + seed.buf.data_size))
			return 1;
	}

	memset(&seed, 0, sizeof(seed));
	visp_params_init(&seed.buf, sizeof(seed));
	for (type = 0; type < VISP_PARAMS_BLOCK_TYPE_COUNT; type++)
		add_valid(type, type == VISP_PARAMS_BLOCK_DEMOSAIC ||
				type == VISP_PARAMS_BLOCK_CSC ?
				0 : VISP_PARAMS_FL_BLOCK_ENABLE);
	return write_seed(argv[1], "all-blocks",
			  sizeof(seed.buf) + seed.buf.data_size) ? 1 : 0;
}
