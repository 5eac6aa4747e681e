/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP harness and test bench for the libvispmodel unit tests.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_TESTS_TAP_H__
#define __VISP_TESTS_TAP_H__

#include <stdio.h>

#include "libvisp.h"

extern int tap_errors;
/* Set by a test case that could not test all it covers: why, for # SKIP */
extern char tap_skip[128];

void tap_note_failure(const char *file, int line, const char *what,
		      long long got, long long expected);

/* Record a failed check; the test goes on so that all failures show. */
#define T_TRUE(cond)							\
	do {								\
		if (!(cond))						\
			tap_note_failure(__FILE__, __LINE__, #cond, 0, 0); \
	} while (0)

#define T_EQ(got, expected)						\
	do {								\
		long long g_ = (long long)(got);			\
		long long e_ = (long long)(expected);			\
		if (g_ != e_)						\
			tap_note_failure(__FILE__, __LINE__, #got, g_, e_); \
	} while (0)

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct tcase {
	const char *name;
	void (*fn)(void);
};

extern const struct tcase pipeline_tests[];
extern const struct tcase format_tests[];
extern const struct tcase params_tests[];
extern const struct tcase stats_tests[];
extern const struct tcase ref_tests[];
extern const struct tcase regs_tests[];
extern const struct tcase isa_tests[];
extern const struct tcase libvisp_tests[];
extern const struct tcase capture_tests[];
extern const struct tcase bands_tests[];
extern const struct tcase tone_tests[];

/* Test bench: one frame through the model. */
struct tb {
	struct visp_model_config cfg;
	struct visp_model_buffers buf;
	u8 *in;
	u8 *out[VISP_PATH_COUNT][2];
	u32 out_alloc[VISP_PATH_COUNT][2];
	struct visp_stats_buffer stats;
};

#define TB_GUARD	0xa5
#define TB_PAD		16

void tb_init(struct tb *t, u8 in_type, u8 bayer, u32 width, u32 height);
void tb_set(struct tb *t, u32 x, u32 y, u32 v);
void tb_fill(struct tb *t, u32 r, u32 gr, u32 gb, u32 b);
void tb_path(struct tb *t, unsigned int path, u8 format, u32 cx, u32 cy,
	     u32 cw, u32 ch, u32 ow, u32 oh);
int tb_run(struct tb *t);
u8 *tb_px(struct tb *t, unsigned int path, unsigned int plane, u32 x,
	  u32 y);
bool tb_guards_ok(struct tb *t);
bool tb_same(struct tb *a, struct tb *b);
void tb_free(struct tb *t);

#endif
