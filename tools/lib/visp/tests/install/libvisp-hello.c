// SPDX-License-Identifier: GPL-2.0
/*
 * A libvisp user built against the installed library alone (see
 * test-install.sh): builds a parameters buffer, validates it and parses a
 * statistics buffer. Compiled as C and, for the header, as C++.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <libvisp.h>

static union {
	struct visp_params_buffer buf;
	unsigned char bytes[sizeof(struct visp_params_buffer) +
			    VISP_PARAMS_MAX_SIZE];
} params;

static struct visp_stats_buffer stats;

int main(void)
{
	const uint16_t level[VISP_CFA_CHANNELS] = { 64, 64, 64, 64 };
	struct visp_params_buffer *buf = &params.buf;
	struct visp_stats_view view;
	struct visp_stats_awb awb;

	if (visp_params_init(buf, sizeof(params)) ||
	    visp_params_set_bls(buf, sizeof(params), true, level) ||
	    visp_params_disable(buf, sizeof(params), VISP_PARAMS_BLOCK_LSC) ||
	    visp_params_validate(buf, sizeof(*buf) + buf->data_size)) {
		fprintf(stderr, "parameters buffer not built\n");
		return 1;
	}

	memset(&stats, 0, sizeof(stats));
	stats.version = VISP_STATS_BUFFER_V1;
	stats.size = sizeof(stats);
	stats.frame_sequence = 7;
	if (visp_stats_parse(&stats, sizeof(stats), &view) ||
	    view.frame_sequence != 7 ||
	    visp_stats_get_awb(&view, 0, 0, &awb) != -ENODATA) {
		fprintf(stderr, "statistics buffer not parsed\n");
		return 1;
	}

	printf("libvisp %d.%d.%d: %u bytes of parameters\n",
	       LIBVISP_VERSION_MAJOR, LIBVISP_VERSION_MINOR,
	       LIBVISP_VERSION_PATCH, buf->data_size);
	return 0;
}
