// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the VISP parameters buffers: every validation rule with a
 * buffer that satisfies it and one that breaks it, the application of the
 * blocks to the configuration, and the register values of every block.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <kunit/test.h>
#include <linux/bitfield.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "visp.h"
#include "visp-params-cases.h"

#define HDR_SIZE	sizeof(struct visp_params_block_header)
#define BUF_SIZE	VISP_PARAMS_BUF_SIZE

static struct visp_params_buffer *new_buf(struct kunit *test)
{
	struct visp_params_buffer *buf = kunit_kzalloc(test, BUF_SIZE,
						       GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	buf->version = VISP_PARAMS_BUFFER_V1;
	return buf;
}

static void *one_block(struct kunit *test, struct visp_params_buffer **buf,
		       unsigned int type)
{
	*buf = new_buf(test);
	return vpc_add(*buf, type);
}

static int validate(const struct visp_params_buffer *buf)
{
	return visp_params_buf_validate(NULL, buf, sizeof(*buf) + buf->data_size);
}

/* ----------------------------------------------------------------------
 * Buffer rules
 */

static void test_buf_empty_valid(struct kunit *test)
{
	struct visp_params_buffer *buf = new_buf(test);

	KUNIT_EXPECT_EQ(test, validate(buf), 0);
}

static void test_buf_all_blocks_valid(struct kunit *test)
{
	struct visp_params_buffer *buf = new_buf(test);
	unsigned int type;

	for (type = 0; type < VISP_PARAMS_BLOCK_TYPE_COUNT; type++)
		vpc_add(buf, type);
	KUNIT_EXPECT_EQ(test, buf->data_size, VISP_PARAMS_MAX_SIZE);
	KUNIT_EXPECT_EQ(test, validate(buf), 0);
}

static void test_buf_bytesused_below_header(struct kunit *test)
{
	struct visp_params_buffer *buf = new_buf(test);

	KUNIT_EXPECT_EQ(test, visp_params_buf_validate(NULL, buf, sizeof(*buf)), 0);
	KUNIT_EXPECT_EQ(test,
			visp_params_buf_validate(NULL, buf, sizeof(*buf) - 1),
			-EINVAL);
}

static void test_buf_version(struct kunit *test)
{
	struct visp_params_buffer *buf = new_buf(test);

	/* 0 and 1 both name the first version, as in V4L2 ISP. */
	buf->version = VISP_PARAMS_BUFFER_V0;
	KUNIT_EXPECT_EQ(test, validate(buf), 0);
	buf->version = VISP_PARAMS_BUFFER_V1;
	KUNIT_EXPECT_EQ(test, validate(buf), 0);
	buf->version = VISP_PARAMS_BUFFER_V1 + 1;
	KUNIT_EXPECT_EQ(test, validate(buf), -EINVAL);
	buf->version = 0xffffffff;
	KUNIT_EXPECT_EQ(test, validate(buf), -EINVAL);
}

static void test_buf_size_limits(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, visp_params_check_size(NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, visp_params_check_size(NULL, 7), -EINVAL);
	KUNIT_EXPECT_EQ(test, visp_params_check_size(NULL, 8), 0);
	KUNIT_EXPECT_EQ(test, visp_params_check_size(NULL, BUF_SIZE), 0);
	KUNIT_EXPECT_EQ(test, visp_params_check_size(NULL, BUF_SIZE + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, visp_params_check_size(NULL, SIZE_MAX),
			-EINVAL);
}

static void test_buf_bytesused_zero(struct kunit *test)
{
	struct visp_params_buffer *buf = new_buf(test);

	/* An empty V4L2 buffer, even if its memory holds a valid header. */
	KUNIT_EXPECT_EQ(test, visp_params_buf_validate(NULL, buf, 0), -EINVAL);
}

static void test_buf_trailing_bytes(struct kunit *test)
{
	struct visp_params_buffer *buf = new_buf(test);
	size_t used;

	vpc_add(buf, VISP_PARAMS_BLOCK_CSC);
	used = sizeof(*buf) + buf->data_size;
	KUNIT_EXPECT_EQ(test, visp_params_buf_validate(NULL, buf, used), 0);
	KUNIT_EXPECT_EQ(test, visp_params_buf_validate(NULL, buf, used + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, visp_params_buf_validate(NULL, buf, used + 8),
			-EINVAL);
	/* An empty data section with trailing bytes. */
	buf->data_size = 0;
	KUNIT_EXPECT_EQ(test, visp_params_buf_validate(NULL, buf, used),
			-EINVAL);
}

static void test_buf_oversize(struct kunit *test)
{
	struct visp_params_buffer *buf;
	unsigned int type;

	buf = kunit_kzalloc(test, BUF_SIZE + 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	buf->version = VISP_PARAMS_BUFFER_V1;
	for (type = 0; type < VISP_PARAMS_BLOCK_TYPE_COUNT; type++)
		vpc_add(buf, type);
	KUNIT_EXPECT_EQ(test, visp_params_buf_validate(NULL, buf, BUF_SIZE),
			0);
	/* A valid block more: too large, whatever data_size says. */
	vpc_add_sized(buf, VISP_PARAMS_BLOCK_DPC, VISP_PARAMS_FL_BLOCK_DISABLE,
		      HDR_SIZE);
	KUNIT_EXPECT_EQ(test,
			visp_params_buf_validate(NULL, buf, BUF_SIZE + HDR_SIZE),
			-EINVAL);
}

static void test_buf_data_size_max(struct kunit *test)
{
	struct visp_params_buffer *buf = new_buf(test);
	unsigned int type;

	for (type = 0; type < VISP_PARAMS_BLOCK_TYPE_COUNT; type++)
		vpc_add(buf, type);
	buf->data_size = VISP_PARAMS_MAX_SIZE + 8;
	KUNIT_EXPECT_EQ(test, visp_params_buf_validate(NULL, buf, BUF_SIZE),
			-EINVAL);
}

static void test_buf_data_size_bytesused(struct kunit *test)
{
	struct visp_params_buffer *buf;

	one_block(test, &buf, VISP_PARAMS_BLOCK_BLS);
	KUNIT_EXPECT_EQ(test,
			visp_params_buf_validate(NULL, buf,
						 sizeof(*buf) + buf->data_size),
			0);
	KUNIT_EXPECT_EQ(test,
			visp_params_buf_validate(NULL, buf, sizeof(*buf) +
						 buf->data_size - 1),
			-EINVAL);
}

static void test_buf_header_does_not_fit(struct kunit *test)
{
	struct visp_params_buffer *buf;

	one_block(test, &buf, VISP_PARAMS_BLOCK_BLS);
	buf->data_size += HDR_SIZE - 1;
	KUNIT_EXPECT_EQ(test, validate(buf), -EINVAL);
}

/* ----------------------------------------------------------------------
 * Block header rules
 */

static void test_block_type(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_block_header *hdr;

	hdr = one_block(test, &buf, VISP_PARAMS_BLOCK_AF_STATS);
	KUNIT_EXPECT_EQ(test, validate(buf), 0);
	hdr->type = VISP_PARAMS_BLOCK_TYPE_COUNT;
	KUNIT_EXPECT_EQ(test, validate(buf), -EINVAL);
	hdr->type = 0xffff;
	KUNIT_EXPECT_EQ(test, validate(buf), -EINVAL);
}

static void test_block_flags_unknown(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_block_header *hdr;
	unsigned int bit;

	hdr = one_block(test, &buf, VISP_PARAMS_BLOCK_BLS);
	for (bit = 2; bit < 16; bit++) {
		hdr->flags = BIT(bit);
		KUNIT_EXPECT_EQ_MSG(test, validate(buf), -EINVAL, "bit %u", bit);
	}
	hdr->flags = 0;
	KUNIT_EXPECT_EQ(test, validate(buf), 0);
}

static void test_block_flags_both(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_block_header *hdr;

	hdr = one_block(test, &buf, VISP_PARAMS_BLOCK_BLS);
	hdr->flags = VISP_PARAMS_FL_BLOCK_DISABLE;
	KUNIT_EXPECT_EQ(test, validate(buf), 0);
	hdr->flags = VISP_PARAMS_FL_BLOCK_ENABLE | VISP_PARAMS_FL_BLOCK_DISABLE;
	KUNIT_EXPECT_EQ(test, validate(buf), -EINVAL);
}

static void test_block_disable_not_bypassable(struct kunit *test)
{
	static const unsigned int types[] = {
		VISP_PARAMS_BLOCK_DEMOSAIC, VISP_PARAMS_BLOCK_CSC,
	};
	struct visp_params_buffer *buf;
	struct visp_params_block_header *hdr;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		hdr = one_block(test, &buf, types[i]);
		hdr->flags = 0;
		KUNIT_EXPECT_EQ(test, validate(buf), 0);
		hdr->flags = VISP_PARAMS_FL_BLOCK_DISABLE;
		KUNIT_EXPECT_EQ(test, validate(buf), -EINVAL);
	}
}

static void test_block_disable_header_only(struct kunit *test)
{
	struct visp_params_buffer *buf = new_buf(test);
	unsigned int type;

	for (type = 0; type < VISP_PARAMS_BLOCK_TYPE_COUNT; type++) {
		if (type == VISP_PARAMS_BLOCK_DEMOSAIC ||
		    type == VISP_PARAMS_BLOCK_CSC)
			continue;
		vpc_add_sized(buf, type, VISP_PARAMS_FL_BLOCK_DISABLE, HDR_SIZE);
	}
	KUNIT_EXPECT_EQ(test, validate(buf), 0);

	/* Without DISABLE, a header alone is too small. */
	buf = new_buf(test);
	vpc_add_sized(buf, VISP_PARAMS_BLOCK_BLS, VISP_PARAMS_FL_BLOCK_ENABLE,
		      HDR_SIZE);
	KUNIT_EXPECT_EQ(test, validate(buf), -EINVAL);
}

static void test_block_size_wrong(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_block_header *hdr;
	unsigned int type;

	for (type = 0; type < VISP_PARAMS_BLOCK_TYPE_COUNT; type++) {
		hdr = one_block(test, &buf, type);
		KUNIT_EXPECT_EQ_MSG(test, validate(buf), 0, "type %u", type);
		/* One 8-byte unit more, the buffer being large enough. */
		hdr->size += 8;
		buf->data_size += 8;
		KUNIT_EXPECT_EQ_MSG(test, validate(buf), -EINVAL, "type %u",
				    type);
		hdr->size -= 16;
		buf->data_size -= 16;
		KUNIT_EXPECT_EQ_MSG(test, validate(buf), -EINVAL, "type %u",
				    type);
	}
}

static void test_block_size_exceeds_data(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_block_header *hdr;

	hdr = one_block(test, &buf, VISP_PARAMS_BLOCK_GAMMA);
	buf->data_size -= 8;
	KUNIT_EXPECT_EQ(test, validate(buf), -EINVAL);
	hdr->size = 0xffffffff;
	buf->data_size += 8;
	KUNIT_EXPECT_EQ(test, validate(buf), -EINVAL);
}

static void test_block_size_zero(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_block_header *hdr;

	hdr = one_block(test, &buf, VISP_PARAMS_BLOCK_BLS);
	hdr->size = 0;
	KUNIT_EXPECT_EQ(test, validate(buf), -EINVAL);
}

/* ----------------------------------------------------------------------
 * Payload rules: VALID(b) and INVALID(b) check a modified block.
 */

#define EXPECT_VALID(test, buf) \
	KUNIT_EXPECT_EQ(test, validate(buf), 0)
#define EXPECT_INVALID(test, buf) \
	KUNIT_EXPECT_EQ(test, validate(buf), -EINVAL)

static void test_bls_level(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_bls *b = one_block(test, &buf,
					      VISP_PARAMS_BLOCK_BLS);
	unsigned int c;

	for (c = 0; c < VISP_CFA_CHANNELS; c++) {
		b->level[c] = VISP_PIXEL_MAX;
		EXPECT_VALID(test, buf);
		b->level[c] = VISP_PIXEL_MAX + 1;
		EXPECT_INVALID(test, buf);
		b->level[c] = 0;
	}
}

static void test_dpc_threshold(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_dpc *b = one_block(test, &buf,
					      VISP_PARAMS_BLOCK_DPC);

	b->threshold = VISP_PIXEL_MAX;
	EXPECT_VALID(test, buf);
	b->threshold = VISP_PIXEL_MAX + 1;
	EXPECT_INVALID(test, buf);
}

static void test_dpc_reserved(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_dpc *b = one_block(test, &buf,
					      VISP_PARAMS_BLOCK_DPC);

	b->reserved[2] = 1;
	EXPECT_INVALID(test, buf);
}

static void test_lsc_gain(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_lsc *b = one_block(test, &buf,
					      VISP_PARAMS_BLOCK_LSC);

	b->gain[0][0] = VISP_GAIN_MAX;
	b->gain[3][VISP_LSC_GRID_NODES - 1] = VISP_GAIN_MAX;
	EXPECT_VALID(test, buf);
	b->gain[3][VISP_LSC_GRID_NODES - 1] = VISP_GAIN_MAX + 1;
	EXPECT_INVALID(test, buf);
	b->gain[3][VISP_LSC_GRID_NODES - 1] = 0;
	b->gain[1][100] = 0xffff;
	EXPECT_INVALID(test, buf);
}

static void test_awb_gains_gain(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_awb_gains *b =
		one_block(test, &buf, VISP_PARAMS_BLOCK_AWB_GAINS);
	unsigned int c;

	for (c = 0; c < VISP_CFA_CHANNELS; c++) {
		b->gain[c] = VISP_GAIN_MAX;
		EXPECT_VALID(test, buf);
		b->gain[c] = VISP_GAIN_MAX + 1;
		EXPECT_INVALID(test, buf);
		b->gain[c] = VISP_GAIN_UNITY;
	}
}

static void test_demosaic_mode(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_demosaic *b =
		one_block(test, &buf, VISP_PARAMS_BLOCK_DEMOSAIC);

	b->mode = VISP_DEMOSAIC_EDGE_AWARE;
	EXPECT_VALID(test, buf);
	b->mode = VISP_DEMOSAIC_DIRECTIONAL;
	EXPECT_VALID(test, buf);
	b->mode = VISP_DEMOSAIC_DIRECTIONAL + 1;
	EXPECT_INVALID(test, buf);
	b->mode = 0xff;
	EXPECT_INVALID(test, buf);
}

static void test_demosaic_reserved(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_demosaic *b =
		one_block(test, &buf, VISP_PARAMS_BLOCK_DEMOSAIC);

	b->reserved[6] = 0x80;
	EXPECT_INVALID(test, buf);
}

static void test_ccm_coeff(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_ccm *b = one_block(test, &buf,
					      VISP_PARAMS_BLOCK_CCM);
	unsigned int i;

	for (i = 0; i < 9; i++) {
		b->coeff[i / 3][i % 3] = VISP_CCM_COEFF_MIN;
		EXPECT_VALID(test, buf);
		b->coeff[i / 3][i % 3] = VISP_CCM_COEFF_MAX;
		EXPECT_VALID(test, buf);
		b->coeff[i / 3][i % 3] = VISP_CCM_COEFF_MIN - 1;
		EXPECT_INVALID(test, buf);
		b->coeff[i / 3][i % 3] = VISP_CCM_COEFF_MAX + 1;
		EXPECT_INVALID(test, buf);
		b->coeff[i / 3][i % 3] = 0;
	}
}

static void test_ccm_offset(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_ccm *b = one_block(test, &buf,
					      VISP_PARAMS_BLOCK_CCM);
	unsigned int i;

	for (i = 0; i < 3; i++) {
		b->offset[i] = VISP_CCM_OFFSET_MIN;
		EXPECT_VALID(test, buf);
		b->offset[i] = VISP_CCM_OFFSET_MAX;
		EXPECT_VALID(test, buf);
		b->offset[i] = VISP_CCM_OFFSET_MIN - 1;
		EXPECT_INVALID(test, buf);
		b->offset[i] = VISP_CCM_OFFSET_MAX + 1;
		EXPECT_INVALID(test, buf);
		b->offset[i] = 0;
	}
}

static void test_ccm_reserved(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_ccm *b = one_block(test, &buf,
					      VISP_PARAMS_BLOCK_CCM);

	b->reserved[0] = 1;
	EXPECT_INVALID(test, buf);
}

static void test_gamma_curve(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_gamma *b = one_block(test, &buf,
						VISP_PARAMS_BLOCK_GAMMA);

	b->curve[VISP_GAMMA_POINTS - 1] = VISP_PIXEL_MAX;
	EXPECT_VALID(test, buf);
	b->curve[VISP_GAMMA_POINTS - 1] = VISP_PIXEL_MAX + 1;
	EXPECT_INVALID(test, buf);
}

static void test_gamma_reserved(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_gamma *b = one_block(test, &buf,
						VISP_PARAMS_BLOCK_GAMMA);

	b->reserved[1] = 1;
	EXPECT_INVALID(test, buf);
}

static void test_tone_curve(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_tone *b = one_block(test, &buf,
					       VISP_PARAMS_BLOCK_TONE);
	unsigned int i;

	for (i = 0; i < VISP_TONE_POINTS; i++) {
		b->curve[i] = VISP_PIXEL_MAX;
		EXPECT_VALID(test, buf);
		b->curve[i] = VISP_PIXEL_MAX + 1;
		EXPECT_INVALID(test, buf);
		b->curve[i] = 0;
	}
}

static void test_tone_reserved(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_tone *b = one_block(test, &buf,
					       VISP_PARAMS_BLOCK_TONE);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(b->reserved); i++) {
		b->reserved[i] = 0x8000;
		EXPECT_INVALID(test, buf);
		b->reserved[i] = 0;
	}
	EXPECT_VALID(test, buf);
}

static void test_csc_matrix(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_csc *b = one_block(test, &buf,
					      VISP_PARAMS_BLOCK_CSC);

	b->matrix = VISP_CSC_BT2020;
	EXPECT_VALID(test, buf);
	b->matrix = VISP_CSC_BT2020 + 1;
	EXPECT_INVALID(test, buf);
}

static void test_csc_range(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_csc *b = one_block(test, &buf,
					      VISP_PARAMS_BLOCK_CSC);

	b->range = VISP_CSC_RANGE_FULL;
	EXPECT_VALID(test, buf);
	b->range = VISP_CSC_RANGE_FULL + 1;
	EXPECT_INVALID(test, buf);
}

static void test_csc_reserved(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_csc *b = one_block(test, &buf,
					      VISP_PARAMS_BLOCK_CSC);

	b->reserved[5] = 1;
	EXPECT_INVALID(test, buf);
}

/* Every CSC block must repeat the capture formats' setting. */
static int check_csc(const struct visp_params_buffer *buf, u8 matrix, u8 range)
{
	return visp_params_buf_check_csc(NULL, buf, matrix, range);
}

static void test_csc_matches_format(struct kunit *test)
{
	struct visp_params_buffer *buf = new_buf(test);
	struct visp_params_csc *a, *b;

	KUNIT_EXPECT_EQ(test, check_csc(buf, VISP_CSC_BT709,
					VISP_CSC_RANGE_FULL), 0);
	a = vpc_add_sized(buf, VISP_PARAMS_BLOCK_CSC, 0,
			  visp_params_block_size(VISP_PARAMS_BLOCK_CSC));
	b = vpc_add_sized(buf, VISP_PARAMS_BLOCK_CSC, 0,
			  visp_params_block_size(VISP_PARAMS_BLOCK_CSC));
	a->matrix = VISP_CSC_BT709;
	a->range = VISP_CSC_RANGE_FULL;
	*b = *a;
	KUNIT_ASSERT_EQ(test, validate(buf), 0);
	KUNIT_EXPECT_EQ(test, check_csc(buf, VISP_CSC_BT709,
					VISP_CSC_RANGE_FULL), 0);
	KUNIT_EXPECT_EQ(test, check_csc(buf, VISP_CSC_BT601,
					VISP_CSC_RANGE_FULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, check_csc(buf, VISP_CSC_BT709,
					VISP_CSC_RANGE_LIMITED), -EINVAL);
	/* The second block contradicts the format: the buffer is rejected. */
	b->matrix = VISP_CSC_BT2020;
	KUNIT_EXPECT_EQ(test, check_csc(buf, VISP_CSC_BT709,
					VISP_CSC_RANGE_FULL), -EINVAL);
}

/* The window rules apply to the three statistics blocks alike. */
static const unsigned int stats_types[] = {
	VISP_PARAMS_BLOCK_AWB_STATS,
	VISP_PARAMS_BLOCK_AE_STATS,
	VISP_PARAMS_BLOCK_AF_STATS,
};

#define WINDOW_TEST(name, good, bad)					\
static void name(struct kunit *test)					\
{									\
	struct visp_params_buffer *buf;					\
	struct visp_params_block_header *hdr;				\
	struct visp_stats_window *w;					\
	unsigned int i;							\
									\
	for (i = 0; i < ARRAY_SIZE(stats_types); i++) {			\
		hdr = one_block(test, &buf, stats_types[i]);		\
		w = (void *)(hdr + 1);					\
		good;							\
		KUNIT_EXPECT_EQ_MSG(test, validate(buf), 0,		\
				    "type %u", stats_types[i]);		\
		bad;							\
		KUNIT_EXPECT_EQ_MSG(test, validate(buf), -EINVAL,	\
				    "type %u", stats_types[i]);		\
	}								\
}

WINDOW_TEST(test_window_x_even, w->x = 2, w->x = 3)
WINDOW_TEST(test_window_y_even, w->y = 2, w->y = 1)
WINDOW_TEST(test_window_zone_w_even, w->zone_w = 10, w->zone_w = 11)
WINDOW_TEST(test_window_zone_h_even, w->zone_h = 10, w->zone_h = 9)
WINDOW_TEST(test_window_zone_w_min, w->zone_w = 8, w->zone_w = 6)
WINDOW_TEST(test_window_zone_h_min, w->zone_h = 8, w->zone_h = 6)
WINDOW_TEST(test_window_grid_w, w->grid_w = VISP_STATS_GRID_MAX,
	    w->grid_w = VISP_STATS_GRID_MAX + 1)
WINDOW_TEST(test_window_grid_h, w->grid_h = VISP_STATS_GRID_MAX,
	    w->grid_h = VISP_STATS_GRID_MAX + 1)
WINDOW_TEST(test_window_grid_w_zero, w->grid_w = 1, w->grid_w = 0)
WINDOW_TEST(test_window_grid_h_zero, w->grid_h = 1, w->grid_h = 0)
WINDOW_TEST(test_window_right_edge,
	    (w->x = 4096 - 16 * 256, w->zone_w = 256, w->grid_w = 16),
	    w->x = 2)
WINDOW_TEST(test_window_bottom_edge,
	    (w->y = 3072 - 16 * 192, w->zone_h = 192, w->grid_h = 16),
	    w->y = 2)
WINDOW_TEST(test_window_reserved, w->reserved[0] = 0, w->reserved[5] = 1)

static void test_awb_stats_threshold(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_awb_stats *b =
		one_block(test, &buf, VISP_PARAMS_BLOCK_AWB_STATS);

	b->sat_threshold = VISP_PIXEL_MAX;
	EXPECT_VALID(test, buf);
	b->sat_threshold = VISP_PIXEL_MAX + 1;
	EXPECT_INVALID(test, buf);
}

static void test_awb_stats_reserved(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_awb_stats *b =
		one_block(test, &buf, VISP_PARAMS_BLOCK_AWB_STATS);

	b->reserved[2] = 1;
	EXPECT_INVALID(test, buf);
}

static void test_ae_stats_tap(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_ae_stats *b =
		one_block(test, &buf, VISP_PARAMS_BLOCK_AE_STATS);

	b->tap = VISP_AE_TAP_POST_GAMMA;
	EXPECT_VALID(test, buf);
	b->tap = VISP_AE_TAP_POST_GAMMA + 1;
	EXPECT_INVALID(test, buf);
}

static void test_ae_stats_reserved(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_ae_stats *b =
		one_block(test, &buf, VISP_PARAMS_BLOCK_AE_STATS);

	b->reserved[0] = 1;
	EXPECT_INVALID(test, buf);
}

static void test_af_stats_threshold(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_af_stats *b =
		one_block(test, &buf, VISP_PARAMS_BLOCK_AF_STATS);

	b->threshold = VISP_PIXEL_MAX;
	EXPECT_VALID(test, buf);
	b->threshold = VISP_PIXEL_MAX + 1;
	EXPECT_INVALID(test, buf);
}

static void test_af_stats_reserved(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_af_stats *b =
		one_block(test, &buf, VISP_PARAMS_BLOCK_AF_STATS);

	b->reserved[2] = 1;
	EXPECT_INVALID(test, buf);
}

/* A disabled block's payload is ignored, even when out of range. */
static void test_disable_ignores_payload(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_bls *b = one_block(test, &buf,
					      VISP_PARAMS_BLOCK_BLS);

	b->level[0] = 0xffff;
	EXPECT_INVALID(test, buf);
	b->header.flags = VISP_PARAMS_FL_BLOCK_DISABLE;
	EXPECT_VALID(test, buf);
}

/* An invalid block anywhere invalidates the buffer. */
static void test_invalid_last_block(struct kunit *test)
{
	struct visp_params_buffer *buf = new_buf(test);
	struct visp_params_csc *csc;

	vpc_add(buf, VISP_PARAMS_BLOCK_BLS);
	vpc_add(buf, VISP_PARAMS_BLOCK_GAMMA);
	csc = vpc_add_sized(buf, VISP_PARAMS_BLOCK_CSC, 0,
			    visp_params_block_size(VISP_PARAMS_BLOCK_CSC));
	EXPECT_VALID(test, buf);
	csc->matrix = 3;
	EXPECT_INVALID(test, buf);
}

/* ----------------------------------------------------------------------
 * Application to the configuration
 */

static void test_apply_flags(struct kunit *test)
{
	struct visp_params_cfg *cfg = kunit_kzalloc(test, sizeof(*cfg),
						    GFP_KERNEL);
	struct visp_params_buffer *buf;
	struct visp_params_dpc *b;

	KUNIT_ASSERT_NOT_NULL(test, cfg);
	visp_params_cfg_init(cfg);
	KUNIT_EXPECT_FALSE(test, cfg->dpc_en);
	KUNIT_EXPECT_EQ(test, cfg->dpc_thresh, 256);

	/* ENABLE: enabled, configured. */
	b = one_block(test, &buf, VISP_PARAMS_BLOCK_DPC);
	b->threshold = 100;
	KUNIT_EXPECT_EQ(test, visp_params_buf_apply(cfg, buf),
			(u32)BIT(VISP_PARAMS_BLOCK_DPC));
	KUNIT_EXPECT_TRUE(test, cfg->dpc_en);
	KUNIT_EXPECT_EQ(test, cfg->dpc_thresh, 100);

	/* No flag: configured, enable state kept. */
	b->header.flags = 0;
	b->threshold = 200;
	visp_params_buf_apply(cfg, buf);
	KUNIT_EXPECT_TRUE(test, cfg->dpc_en);
	KUNIT_EXPECT_EQ(test, cfg->dpc_thresh, 200);

	/* DISABLE: disabled, configuration kept. */
	b->header.flags = VISP_PARAMS_FL_BLOCK_DISABLE;
	b->threshold = 300;
	visp_params_buf_apply(cfg, buf);
	KUNIT_EXPECT_FALSE(test, cfg->dpc_en);
	KUNIT_EXPECT_EQ(test, cfg->dpc_thresh, 200);
}

static void test_apply_in_order(struct kunit *test)
{
	struct visp_params_cfg *cfg = kunit_kzalloc(test, sizeof(*cfg),
						    GFP_KERNEL);
	struct visp_params_buffer *buf = new_buf(test);
	struct visp_params_awb_gains *g1, *g2;
	struct visp_params_csc *csc;

	KUNIT_ASSERT_NOT_NULL(test, cfg);
	visp_params_cfg_init(cfg);
	g1 = vpc_add(buf, VISP_PARAMS_BLOCK_AWB_GAINS);
	g2 = vpc_add_sized(buf, VISP_PARAMS_BLOCK_AWB_GAINS, 0,
			   visp_params_block_size(VISP_PARAMS_BLOCK_AWB_GAINS));
	csc = vpc_add_sized(buf, VISP_PARAMS_BLOCK_CSC, 0,
			    visp_params_block_size(VISP_PARAMS_BLOCK_CSC));
	g1->gain[0] = 1;
	g2->gain[0] = 2;
	csc->matrix = VISP_CSC_BT709;
	csc->range = VISP_CSC_RANGE_FULL;
	KUNIT_ASSERT_EQ(test, validate(buf), 0);

	KUNIT_EXPECT_EQ(test, visp_params_buf_apply(cfg, buf),
			(u32)(BIT(VISP_PARAMS_BLOCK_AWB_GAINS) |
			      BIT(VISP_PARAMS_BLOCK_CSC)));
	KUNIT_EXPECT_TRUE(test, cfg->wb_en);
	KUNIT_EXPECT_EQ(test, cfg->wb_gain[0], 2);
	KUNIT_EXPECT_EQ(test, cfg->csc_matrix, VISP_CSC_BT709);
	KUNIT_EXPECT_TRUE(test, cfg->csc_full_range);
}

/*
 * The GAMMA and TONE blocks share the tone stage's enable state; the last
 * one with a payload selects the curve.
 */
static void test_apply_tone_gamma(struct kunit *test)
{
	struct visp_params_cfg *cfg = kunit_kzalloc(test, sizeof(*cfg),
						    GFP_KERNEL);
	struct visp_params_buffer *buf = new_buf(test);
	struct visp_params_gamma *g;
	struct visp_params_tone *t;

	KUNIT_ASSERT_NOT_NULL(test, cfg);
	visp_params_cfg_init(cfg);
	KUNIT_EXPECT_FALSE(test, cfg->gamma_en);
	KUNIT_EXPECT_FALSE(test, cfg->tone_sel);
	KUNIT_EXPECT_EQ(test, cfg->tone_curve[31], 31);
	KUNIT_EXPECT_EQ(test, cfg->tone_curve[32], 32);
	KUNIT_EXPECT_EQ(test, cfg->tone_curve[143], 3968);
	KUNIT_EXPECT_EQ(test, cfg->tone_curve[144], 4095);

	g = vpc_add(buf, VISP_PARAMS_BLOCK_GAMMA);
	t = vpc_add(buf, VISP_PARAMS_BLOCK_TONE);
	g->curve[1] = 11;
	t->curve[1] = 22;
	KUNIT_ASSERT_EQ(test, validate(buf), 0);
	KUNIT_EXPECT_EQ(test, visp_params_buf_apply(cfg, buf),
			(u32)(BIT(VISP_PARAMS_BLOCK_GAMMA) |
			      BIT(VISP_PARAMS_BLOCK_TONE)));
	KUNIT_EXPECT_TRUE(test, cfg->gamma_en);
	KUNIT_EXPECT_TRUE(test, cfg->tone_sel);
	KUNIT_EXPECT_EQ(test, cfg->gamma_curve[1], 11);
	KUNIT_EXPECT_EQ(test, cfg->tone_curve[1], 22);

	/* A later GAMMA block selects the uniform curve, enable kept. */
	buf = new_buf(test);
	g = vpc_add_sized(buf, VISP_PARAMS_BLOCK_GAMMA, 0, sizeof(*g));
	KUNIT_ASSERT_EQ(test, validate(buf), 0);
	visp_params_buf_apply(cfg, buf);
	KUNIT_EXPECT_TRUE(test, cfg->gamma_en);
	KUNIT_EXPECT_FALSE(test, cfg->tone_sel);
	KUNIT_EXPECT_EQ(test, cfg->tone_curve[1], 22);

	/* TONE with DISABLE: the stage is off, nothing selected. */
	buf = new_buf(test);
	vpc_add_sized(buf, VISP_PARAMS_BLOCK_TONE, VISP_PARAMS_FL_BLOCK_DISABLE,
		      sizeof(struct visp_params_block_header));
	KUNIT_ASSERT_EQ(test, validate(buf), 0);
	visp_params_buf_apply(cfg, buf);
	KUNIT_EXPECT_FALSE(test, cfg->gamma_en);
	KUNIT_EXPECT_FALSE(test, cfg->tone_sel);

	/* TONE without flags: selected, the stage stays off. */
	buf = new_buf(test);
	vpc_add_sized(buf, VISP_PARAMS_BLOCK_TONE, 0, sizeof(*t));
	visp_params_buf_apply(cfg, buf);
	KUNIT_EXPECT_FALSE(test, cfg->gamma_en);
	KUNIT_EXPECT_TRUE(test, cfg->tone_sel);
	KUNIT_EXPECT_EQ(test, cfg->tone_curve[1], 0);
}

/* A block that changes nothing of the configuration is not reported. */
static void test_apply_reports_changes(struct kunit *test)
{
	struct visp_params_cfg *cfg = kunit_kzalloc(test, sizeof(*cfg),
						    GFP_KERNEL);
	struct visp_params_buffer *buf, *lsc_buf;
	struct visp_params_lsc *lsc;
	struct visp_params_dpc *b;

	KUNIT_ASSERT_NOT_NULL(test, cfg);
	visp_params_cfg_init(cfg);
	b = one_block(test, &buf, VISP_PARAMS_BLOCK_DPC);
	b->threshold = 100;
	KUNIT_ASSERT_EQ(test, validate(buf), 0);
	KUNIT_EXPECT_EQ(test, visp_params_buf_apply(cfg, buf),
			(u32)BIT(VISP_PARAMS_BLOCK_DPC));
	KUNIT_EXPECT_EQ(test, visp_params_buf_apply(cfg, buf), 0);

	/* The payload alone, then the enable state alone. */
	b->header.flags = 0;
	KUNIT_EXPECT_EQ(test, visp_params_buf_apply(cfg, buf), 0);
	b->threshold = 101;
	KUNIT_EXPECT_EQ(test, visp_params_buf_apply(cfg, buf),
			(u32)BIT(VISP_PARAMS_BLOCK_DPC));
	b->header.flags = VISP_PARAMS_FL_BLOCK_DISABLE;
	KUNIT_EXPECT_EQ(test, visp_params_buf_apply(cfg, buf),
			(u32)BIT(VISP_PARAMS_BLOCK_DPC));
	KUNIT_EXPECT_EQ(test, visp_params_buf_apply(cfg, buf), 0);

	/* One gain of the last node of the LSC grid. */
	lsc = one_block(test, &lsc_buf, VISP_PARAMS_BLOCK_LSC);
	KUNIT_EXPECT_EQ(test, visp_params_buf_apply(cfg, lsc_buf),
			(u32)BIT(VISP_PARAMS_BLOCK_LSC));
	KUNIT_EXPECT_EQ(test, visp_params_buf_apply(cfg, lsc_buf), 0);
	lsc->gain[VISP_CFA_B][VISP_LSC_GRID_NODES - 1] = 1;
	KUNIT_EXPECT_EQ(test, visp_params_buf_apply(cfg, lsc_buf),
			(u32)BIT(VISP_PARAMS_BLOCK_LSC));
	KUNIT_EXPECT_EQ(test, cfg->lsc_gain[VISP_CFA_B][VISP_LSC_GRID_NODES - 1],
			1);
}

/* ----------------------------------------------------------------------
 * Register values
 */

struct regs_ctx {
	struct visp_params_cfg cfg;
	struct visp_reg_write regs[VISP_PARAMS_MAX_REGS];
	unsigned int n;
};

static struct regs_ctx *regs_of(struct kunit *test,
				const struct visp_params_buffer *buf,
				unsigned int type, u32 w, u32 h)
{
	struct regs_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	visp_params_cfg_init(&ctx->cfg);
	if (buf) {
		KUNIT_ASSERT_EQ(test, validate(buf), 0);
		visp_params_buf_apply(&ctx->cfg, buf);
	}
	ctx->n = visp_params_block_regs(&ctx->cfg, type, w, h, ctx->regs);
	return ctx;
}

/* The value written to @reg, which must be written exactly once. */
static u32 reg_val(struct kunit *test, struct regs_ctx *ctx, u32 reg)
{
	unsigned int i, found = 0;
	u32 val = 0;

	for (i = 0; i < ctx->n; i++) {
		if (ctx->regs[i].reg == reg) {
			val = ctx->regs[i].val;
			found++;
		}
	}
	KUNIT_EXPECT_EQ_MSG(test, found, 1, "register 0x%04x", reg);
	return val;
}

/*
 * VISP_PARAMS_MAX_REGS is the largest number of writes of a block: no
 * block writes more, and one writes that many.
 */
static void test_regs_max(struct kunit *test)
{
	const unsigned int room = VISP_REG_SPACE_SIZE / 4;
	struct visp_reg_write *regs;
	struct visp_params_cfg *cfg;
	unsigned int type, n, most = 0;

	regs = kunit_kcalloc(test, room, sizeof(*regs), GFP_KERNEL);
	cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, regs);
	KUNIT_ASSERT_NOT_NULL(test, cfg);
	visp_params_cfg_init(cfg);
	for (type = 0; type < VISP_PARAMS_BLOCK_TYPE_COUNT; type++) {
		n = visp_params_block_regs(cfg, type, 640, 480, regs);
		KUNIT_EXPECT_LE_MSG(test, n, VISP_PARAMS_MAX_REGS, "block %u",
				    type);
		most = max(most, n);
	}
	KUNIT_EXPECT_EQ(test, most, VISP_PARAMS_MAX_REGS);
}

static void test_regs_bls(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_bls *b = one_block(test, &buf,
					      VISP_PARAMS_BLOCK_BLS);
	struct regs_ctx *ctx;

	b->level[VISP_CFA_R] = 0x101;
	b->level[VISP_CFA_GR] = 0x202;
	b->level[VISP_CFA_GB] = 0x303;
	b->level[VISP_CFA_B] = 0xfff;
	ctx = regs_of(test, buf, VISP_PARAMS_BLOCK_BLS, 640, 480);
	KUNIT_EXPECT_EQ(test, ctx->n, 3);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_BLS_CTRL), 1);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_BLS_R_GR),
			0x02020101);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_BLS_GB_B),
			0x0fff0303);

	ctx = regs_of(test, NULL, VISP_PARAMS_BLOCK_BLS, 640, 480);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_BLS_CTRL), 0);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_BLS_R_GR), 0);
}

static void test_regs_dpc(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_dpc *b = one_block(test, &buf,
					      VISP_PARAMS_BLOCK_DPC);
	struct regs_ctx *ctx;

	b->threshold = 0xabc;
	ctx = regs_of(test, buf, VISP_PARAMS_BLOCK_DPC, 640, 480);
	KUNIT_EXPECT_EQ(test, ctx->n, 2);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_DPC_CTRL), 1);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_DPC_THRESH), 0xabc);

	ctx = regs_of(test, NULL, VISP_PARAMS_BLOCK_DPC, 640, 480);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_DPC_CTRL), 0);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_DPC_THRESH), 256);
}

static void test_regs_lsc(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_lsc *b = one_block(test, &buf,
					      VISP_PARAMS_BLOCK_LSC);
	struct regs_ctx *ctx;
	unsigned int c, n;
	__le16 *table;

	for (c = 0; c < VISP_CFA_CHANNELS; c++)
		for (n = 0; n < VISP_LSC_GRID_NODES; n++)
			b->gain[c][n] = c * 1000 + n;
	ctx = regs_of(test, buf, VISP_PARAMS_BLOCK_LSC, 1920, 1080);
	/* The gains go by DMA, not through LSC_TABLE(c, n). */
	KUNIT_EXPECT_EQ(test, ctx->n, 3);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_LSC_CTRL),
			VISP_BLOCK_EN | VISP_LSC_CTRL_DMA);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_LSC_XSTEP),
			(16 << 16) / 1920);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_LSC_YSTEP),
			(12 << 16) / 1080);

	table = kunit_kzalloc(test, VISP_LSC_TABLE_BYTES, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, table);
	visp_params_lsc_table(&ctx->cfg, table);
	for (c = 0; c < VISP_CFA_CHANNELS; c++)
		for (n = 0; n < VISP_LSC_GRID_NODES; n++)
			KUNIT_EXPECT_EQ(test,
					le16_to_cpu(table[c * VISP_LSC_GRID_NODES +
							  n]),
					c * 1000 + n);
	KUNIT_EXPECT_EQ(test, VISP_LSC_TABLE_BYTES,
			sizeof(ctx->cfg.lsc_gain));
}

static void test_regs_awb_gains(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_awb_gains *b =
		one_block(test, &buf, VISP_PARAMS_BLOCK_AWB_GAINS);
	struct regs_ctx *ctx;

	b->gain[VISP_CFA_R] = 2048;
	b->gain[VISP_CFA_GR] = 1024;
	b->gain[VISP_CFA_GB] = 1025;
	b->gain[VISP_CFA_B] = 16383;
	ctx = regs_of(test, buf, VISP_PARAMS_BLOCK_AWB_GAINS, 640, 480);
	KUNIT_EXPECT_EQ(test, ctx->n, 3);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_WB_CTRL), 1);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_WB_GAIN_R_GR),
			(1024 << 16) | 2048);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_WB_GAIN_GB_B),
			(16383 << 16) | 1025);

	ctx = regs_of(test, NULL, VISP_PARAMS_BLOCK_AWB_GAINS, 640, 480);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_WB_GAIN_R_GR),
			(1024 << 16) | 1024);
}

static void test_regs_demosaic(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_demosaic *b =
		one_block(test, &buf, VISP_PARAMS_BLOCK_DEMOSAIC);
	struct regs_ctx *ctx;

	ctx = regs_of(test, NULL, VISP_PARAMS_BLOCK_DEMOSAIC, 640, 480);
	KUNIT_EXPECT_EQ(test, ctx->n, 1);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_DMS_CTRL), 0);

	b->mode = VISP_DEMOSAIC_EDGE_AWARE;
	ctx = regs_of(test, buf, VISP_PARAMS_BLOCK_DEMOSAIC, 640, 480);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_DMS_CTRL), 1);

	b->mode = VISP_DEMOSAIC_DIRECTIONAL;
	ctx = regs_of(test, buf, VISP_PARAMS_BLOCK_DEMOSAIC, 640, 480);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_DMS_CTRL), 2);
}

static void test_regs_ccm(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_ccm *b = one_block(test, &buf,
					      VISP_PARAMS_BLOCK_CCM);
	struct regs_ctx *ctx;
	unsigned int i;

	ctx = regs_of(test, NULL, VISP_PARAMS_BLOCK_CCM, 640, 480);
	KUNIT_EXPECT_EQ(test, ctx->n, 13);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_CCM_CTRL), 0);
	for (i = 0; i < 9; i++)
		KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_CCM_COEFF(i)),
				i % 4 ? 0 : 1024);

	b->coeff[0][0] = -1;
	b->coeff[1][2] = VISP_CCM_COEFF_MIN;
	b->coeff[2][2] = VISP_CCM_COEFF_MAX;
	b->offset[0] = -1;
	b->offset[1] = VISP_CCM_OFFSET_MIN;
	b->offset[2] = VISP_CCM_OFFSET_MAX;
	ctx = regs_of(test, buf, VISP_PARAMS_BLOCK_CCM, 640, 480);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_CCM_CTRL), 1);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_CCM_COEFF(0)),
			0x3fff);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_CCM_COEFF(5)),
			0x2000);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_CCM_COEFF(8)),
			0x1fff);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_CCM_COEFF(1)), 0);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_CCM_OFFSET(0)),
			0x1fff);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_CCM_OFFSET(1)),
			0x1000);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_CCM_OFFSET(2)),
			0x0fff);
}

static void test_regs_gamma(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_gamma *b = one_block(test, &buf,
						VISP_PARAMS_BLOCK_GAMMA);
	struct regs_ctx *ctx;
	unsigned int i;

	ctx = regs_of(test, NULL, VISP_PARAMS_BLOCK_GAMMA, 640, 480);
	KUNIT_EXPECT_EQ(test, ctx->n, 1 + VISP_GAMMA_POINTS);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_GAMMA_CTRL), 0);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_GAMMA_LUT(1)), 64);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_GAMMA_LUT(64)),
			4095);

	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		b->curve[i] = 4095 - i;
	ctx = regs_of(test, buf, VISP_PARAMS_BLOCK_GAMMA, 640, 480);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_GAMMA_CTRL), 1);
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_GAMMA_LUT(i)),
				4095 - i);
}

static void test_regs_tone(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_tone *b = one_block(test, &buf,
					       VISP_PARAMS_BLOCK_TONE);
	struct regs_ctx *ctx;
	unsigned int i;

	ctx = regs_of(test, NULL, VISP_PARAMS_BLOCK_TONE, 640, 480);
	KUNIT_EXPECT_EQ(test, ctx->n, 1 + VISP_TONE_POINTS);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_GAMMA_CTRL), 0);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_TONE_LUT(48)), 64);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_TONE_LUT(144)),
			4095);

	for (i = 0; i < VISP_TONE_POINTS; i++)
		b->curve[i] = 4095 - 3 * i;
	ctx = regs_of(test, buf, VISP_PARAMS_BLOCK_TONE, 640, 480);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_GAMMA_CTRL),
			VISP_BLOCK_EN | VISP_GAMMA_CTRL_TONE);
	for (i = 0; i < VISP_TONE_POINTS; i++)
		KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_TONE_LUT(i)),
				4095 - 3 * i);
	/* The GAMMA block's registers carry the same control value. */
	ctx = regs_of(test, buf, VISP_PARAMS_BLOCK_GAMMA, 640, 480);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_GAMMA_CTRL),
			VISP_BLOCK_EN | VISP_GAMMA_CTRL_TONE);
}

static void test_regs_csc(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_csc *b = one_block(test, &buf,
					      VISP_PARAMS_BLOCK_CSC);
	struct regs_ctx *ctx;

	ctx = regs_of(test, NULL, VISP_PARAMS_BLOCK_CSC, 640, 480);
	KUNIT_EXPECT_EQ(test, ctx->n, 1);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_CSC_CTRL), 0);

	b->header.flags = 0;
	b->matrix = VISP_CSC_BT2020;
	b->range = VISP_CSC_RANGE_FULL;
	ctx = regs_of(test, buf, VISP_PARAMS_BLOCK_CSC, 640, 480);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_CSC_CTRL),
			2 | VISP_CSC_CTRL_FULL_RANGE);
}

static void test_regs_awb_stats(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_awb_stats *b =
		one_block(test, &buf, VISP_PARAMS_BLOCK_AWB_STATS);
	struct regs_ctx *ctx;
	u32 base = VISP_AWB_STATS_BASE;

	ctx = regs_of(test, NULL, VISP_PARAMS_BLOCK_AWB_STATS, 640, 480);
	KUNIT_EXPECT_EQ(test, ctx->n, 5);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_STATS_UNIT_CTRL(base)),
			0);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_STATS_UNIT_ZONE(base)),
			(66 << 16) | 120);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_STATS_UNIT_GRID(base)),
			0x1010);
	KUNIT_EXPECT_EQ(test,
			reg_val(test, ctx, VISP_REG_STATS_UNIT_THRESH(base)),
			4095);

	b->window.x = 4;
	b->window.y = 6;
	b->window.zone_w = 32;
	b->window.zone_h = 16;
	b->window.grid_w = 3;
	b->window.grid_h = 5;
	b->sat_threshold = 1000;
	ctx = regs_of(test, buf, VISP_PARAMS_BLOCK_AWB_STATS, 640, 480);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_STATS_UNIT_CTRL(base)),
			1);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_STATS_UNIT_POS(base)),
			(6 << 16) | 4);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_STATS_UNIT_ZONE(base)),
			(16 << 16) | 32);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_STATS_UNIT_GRID(base)),
			0x0503);
	KUNIT_EXPECT_EQ(test,
			reg_val(test, ctx, VISP_REG_STATS_UNIT_THRESH(base)),
			1000);
}

static void test_regs_ae_stats(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_ae_stats *b =
		one_block(test, &buf, VISP_PARAMS_BLOCK_AE_STATS);
	struct regs_ctx *ctx;
	u32 base = VISP_AE_STATS_BASE;

	b->tap = VISP_AE_TAP_POST_GAMMA;
	b->window.grid_w = 16;
	b->window.grid_h = 1;
	ctx = regs_of(test, buf, VISP_PARAMS_BLOCK_AE_STATS, 640, 480);
	KUNIT_EXPECT_EQ(test, ctx->n, 5);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_STATS_UNIT_CTRL(base)),
			VISP_STATS_UNIT_EN | VISP_AE_CTRL_POST_GAMMA);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_STATS_UNIT_GRID(base)),
			0x0110);

	b->header.flags = VISP_PARAMS_FL_BLOCK_DISABLE;
	ctx = regs_of(test, buf, VISP_PARAMS_BLOCK_AE_STATS, 640, 480);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_STATS_UNIT_CTRL(base)),
			0);
}

static void test_regs_af_stats(struct kunit *test)
{
	struct visp_params_buffer *buf;
	struct visp_params_af_stats *b =
		one_block(test, &buf, VISP_PARAMS_BLOCK_AF_STATS);
	struct regs_ctx *ctx;
	u32 base = VISP_AF_STATS_BASE;

	b->threshold = 12;
	b->window.x = 100;
	b->window.y = 200;
	ctx = regs_of(test, buf, VISP_PARAMS_BLOCK_AF_STATS, 640, 480);
	KUNIT_EXPECT_EQ(test, ctx->n, 5);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_STATS_UNIT_CTRL(base)),
			1);
	KUNIT_EXPECT_EQ(test, reg_val(test, ctx, VISP_REG_STATS_UNIT_POS(base)),
			(200 << 16) | 100);
	KUNIT_EXPECT_EQ(test,
			reg_val(test, ctx, VISP_REG_STATS_UNIT_THRESH(base)),
			12);
}

/* ----------------------------------------------------------------------
 * The table of good and bad buffers the userspace library's tests also run
 */

static void visp_params_case_desc(const struct visp_params_case *c,
				  char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(visp_params_cases, visp_params_cases,
		  visp_params_case_desc);

/* Write the registers of the blocks in @types of @cfg to @file. */
static void write_blocks(struct regs_ctx *ctx,
			 const struct visp_params_cfg *cfg, u32 types,
			 u32 w, u32 h, u32 *file)
{
	unsigned int type, i, n;

	for (type = 0; type < VISP_PARAMS_BLOCK_TYPE_COUNT; type++) {
		if (!(types & BIT(type)))
			continue;
		n = visp_params_block_regs(cfg, type, w, h, ctx->regs);
		for (i = 0; i < n; i++)
			file[(ctx->regs[i].reg - VISP_REG_SHADOW_START) / 4] =
				ctx->regs[i].val;
	}
}

/*
 * Apply @buf to @ctx[0]'s configuration into @ctx[1]'s: registers holding
 * the blocks of the first, then given the blocks that
 * visp_params_buf_apply() reports, must hold those of the second, at two
 * input sizes.
 */
static void expect_reported_blocks_suffice(struct kunit *test,
					   struct regs_ctx *ctx,
					   const struct visp_params_buffer *buf)
{
	static const u32 sizes[][2] = { { 640, 480 }, { 1920, 1080 } };
	const u32 all = GENMASK(VISP_PARAMS_BLOCK_TYPE_COUNT - 1, 0);
	u32 *file[2], types;
	unsigned int s;

	file[0] = kunit_kcalloc(test, VISP_SHADOW_REGS, sizeof(u32), GFP_KERNEL);
	file[1] = kunit_kcalloc(test, VISP_SHADOW_REGS, sizeof(u32), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, file[0]);
	KUNIT_ASSERT_NOT_NULL(test, file[1]);

	ctx[1].cfg = ctx[0].cfg;
	types = visp_params_buf_apply(&ctx[1].cfg, buf);
	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		write_blocks(ctx, &ctx[0].cfg, all, sizes[s][0], sizes[s][1],
			     file[0]);
		write_blocks(ctx, &ctx[1].cfg, types, sizes[s][0], sizes[s][1],
			     file[0]);
		write_blocks(ctx, &ctx[1].cfg, all, sizes[s][0], sizes[s][1],
			     file[1]);
		KUNIT_EXPECT_MEMEQ_MSG(test, file[0], file[1],
				       VISP_SHADOW_REGS * sizeof(u32),
				       "blocks reported 0x%x", types);
	}
}

static void test_shared_cases(struct kunit *test)
{
	const struct visp_params_case *c = test->param_value;
	struct visp_params_buffer *buf, *prev;
	struct regs_ctx *ctx;
	unsigned int i;
	size_t used;

	buf = kunit_kzalloc(test, VPC_BUF_SIZE, GFP_KERNEL);
	ctx = kunit_kcalloc(test, 2, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, ctx);

	used = c->make(buf);
	KUNIT_EXPECT_EQ_MSG(test, visp_params_buf_validate(NULL, buf, used),
			    c->expect, "expected: %s", c->msg);
	if (c->expect)
		return;

	/* From the reset defaults, then again from the result. */
	visp_params_cfg_init(&ctx[0].cfg);
	expect_reported_blocks_suffice(test, ctx, buf);
	ctx[0].cfg = ctx[1].cfg;
	expect_reported_blocks_suffice(test, ctx, buf);

	/* From what each valid case leaves. */
	prev = kunit_kzalloc(test, VPC_BUF_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, prev);
	for (i = 0; i < ARRAY_SIZE(visp_params_cases); i++) {
		if (visp_params_cases[i].expect)
			continue;
		memset(prev, 0, VPC_BUF_SIZE);
		visp_params_cases[i].make(prev);
		visp_params_cfg_init(&ctx[0].cfg);
		visp_params_buf_apply(&ctx[0].cfg, prev);
		expect_reported_blocks_suffice(test, ctx, buf);
	}
}

/* The eleven blocks of the first release and the TONE block, bit 11. */
static void test_supported_blocks(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, visp_params_supported_blocks(), 0xfffU);
	KUNIT_EXPECT_TRUE(test, visp_params_supported_blocks() &
			  BIT(VISP_PARAMS_BLOCK_TONE));
}

static struct kunit_case visp_params_test_cases[] = {
	KUNIT_CASE(test_buf_empty_valid),
	KUNIT_CASE(test_buf_all_blocks_valid),
	KUNIT_CASE(test_buf_bytesused_below_header),
	KUNIT_CASE(test_buf_version),
	KUNIT_CASE(test_buf_size_limits),
	KUNIT_CASE(test_buf_bytesused_zero),
	KUNIT_CASE(test_buf_trailing_bytes),
	KUNIT_CASE(test_buf_oversize),
	KUNIT_CASE(test_buf_data_size_max),
	KUNIT_CASE(test_buf_data_size_bytesused),
	KUNIT_CASE(test_buf_header_does_not_fit),
	KUNIT_CASE(test_block_type),
	KUNIT_CASE(test_block_flags_unknown),
	KUNIT_CASE(test_block_flags_both),
	KUNIT_CASE(test_block_disable_not_bypassable),
	KUNIT_CASE(test_block_disable_header_only),
	KUNIT_CASE(test_block_size_wrong),
	KUNIT_CASE(test_block_size_exceeds_data),
	KUNIT_CASE(test_block_size_zero),
	KUNIT_CASE(test_bls_level),
	KUNIT_CASE(test_dpc_threshold),
	KUNIT_CASE(test_dpc_reserved),
	KUNIT_CASE(test_lsc_gain),
	KUNIT_CASE(test_awb_gains_gain),
	KUNIT_CASE(test_demosaic_mode),
	KUNIT_CASE(test_demosaic_reserved),
	KUNIT_CASE(test_ccm_coeff),
	KUNIT_CASE(test_ccm_offset),
	KUNIT_CASE(test_ccm_reserved),
	KUNIT_CASE(test_gamma_curve),
	KUNIT_CASE(test_gamma_reserved),
	KUNIT_CASE(test_tone_curve),
	KUNIT_CASE(test_tone_reserved),
	KUNIT_CASE(test_csc_matrix),
	KUNIT_CASE(test_csc_range),
	KUNIT_CASE(test_csc_reserved),
	KUNIT_CASE(test_csc_matches_format),
	KUNIT_CASE(test_window_x_even),
	KUNIT_CASE(test_window_y_even),
	KUNIT_CASE(test_window_zone_w_even),
	KUNIT_CASE(test_window_zone_h_even),
	KUNIT_CASE(test_window_zone_w_min),
	KUNIT_CASE(test_window_zone_h_min),
	KUNIT_CASE(test_window_grid_w),
	KUNIT_CASE(test_window_grid_h),
	KUNIT_CASE(test_window_grid_w_zero),
	KUNIT_CASE(test_window_grid_h_zero),
	KUNIT_CASE(test_window_right_edge),
	KUNIT_CASE(test_window_bottom_edge),
	KUNIT_CASE(test_window_reserved),
	KUNIT_CASE(test_awb_stats_threshold),
	KUNIT_CASE(test_awb_stats_reserved),
	KUNIT_CASE(test_ae_stats_tap),
	KUNIT_CASE(test_ae_stats_reserved),
	KUNIT_CASE(test_af_stats_threshold),
	KUNIT_CASE(test_af_stats_reserved),
	KUNIT_CASE(test_disable_ignores_payload),
	KUNIT_CASE(test_invalid_last_block),
	KUNIT_CASE(test_apply_flags),
	KUNIT_CASE(test_apply_in_order),
	KUNIT_CASE(test_apply_tone_gamma),
	KUNIT_CASE(test_apply_reports_changes),
	KUNIT_CASE(test_regs_max),
	KUNIT_CASE(test_regs_bls),
	KUNIT_CASE(test_regs_dpc),
	KUNIT_CASE(test_regs_lsc),
	KUNIT_CASE(test_regs_awb_gains),
	KUNIT_CASE(test_regs_demosaic),
	KUNIT_CASE(test_regs_ccm),
	KUNIT_CASE(test_regs_gamma),
	KUNIT_CASE(test_regs_tone),
	KUNIT_CASE(test_regs_csc),
	KUNIT_CASE(test_regs_awb_stats),
	KUNIT_CASE(test_regs_ae_stats),
	KUNIT_CASE(test_regs_af_stats),
	KUNIT_CASE_PARAM(test_shared_cases, visp_params_cases_gen_params),
	KUNIT_CASE(test_supported_blocks),
	{}
};

static struct kunit_suite visp_params_test_suite = {
	.name = "visp-params",
	.test_cases = visp_params_test_cases,
};

kunit_test_suite(visp_params_test_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_DESCRIPTION("KUnit tests of the VISP driver parameters");
MODULE_LICENSE("GPL");
