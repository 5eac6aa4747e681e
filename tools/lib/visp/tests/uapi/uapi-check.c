// SPDX-License-Identifier: GPL-2.0
/*
 * Build check: the VISP UAPI header compiles on its own in C and C++
 * userspace (this file is compiled as both), with only <linux/types.h>.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/media/visp-config.h>

#ifdef __cplusplus
#define VISP_ASSERT(c, m)	static_assert(c, m)
#else
#define VISP_ASSERT(c, m)	_Static_assert(c, m)
#endif

VISP_ASSERT(sizeof(struct visp_params_block_header) == 8, "block header");
VISP_ASSERT(sizeof(struct visp_params_buffer) == 8, "buffer header");
VISP_ASSERT(sizeof(struct visp_params_tone) == 304, "tone block");
VISP_ASSERT(VISP_PARAMS_MAX_SIZE == 2440, "max size");
VISP_ASSERT(sizeof(struct visp_stats_buffer) == 11800, "stats size");

int visp_uapi_check(void);

int visp_uapi_check(void)
{
	struct visp_params_ccm ccm = {};

	return ccm.header.size + V4L2_META_FMT_VISP_PARAMS +
	       V4L2_CID_VISP_SUPPORTED_PARAMS_BLOCKS;
}
