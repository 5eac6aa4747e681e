/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VISP ISP driver - parameters buffers test cases
 *
 * Good and bad parameters buffers with the result visp_params_buf_validate()
 * must return and the debug message it must print, run by the driver's
 * KUnit suite (visp-params-test.c) and by the userspace library's tests
 * (tools/lib/visp/tests/test-params.c) on the same source. Included once
 * by each; uses no library function.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_PARAMS_CASES_H__
#define __VISP_PARAMS_CASES_H__

#include <linux/errno.h>
#include <linux/types.h>

#include "visp-params-core.h"

/* Bytes of the buffer given to the cases: room for trailing bytes. */
#define VPC_BUF_SIZE	(sizeof(struct visp_params_buffer) + \
			 VISP_PARAMS_MAX_SIZE + 64)

/**
 * struct visp_params_case - one parameters buffer and its verdict
 * @name: name of the case
 * @make: fills a zeroed buffer of VPC_BUF_SIZE bytes and returns the
 *	bytesused to validate it with
 * @expect: the return value of visp_params_buf_validate()
 * @msg: text the debug message contains, empty for a valid buffer
 */
struct visp_params_case {
	const char *name;
	size_t (*make)(struct visp_params_buffer *buf);
	int expect;
	const char *msg;
};

static size_t vpc_used(const struct visp_params_buffer *buf)
{
	return sizeof(*buf) + buf->data_size;
}

/* Append a block of @size bytes, with a valid payload when full size. */
static void *vpc_add_sized(struct visp_params_buffer *buf, unsigned int type,
			   u16 flags, u32 size)
{
	struct visp_params_block_header *hdr =
		(void *)&buf->data[buf->data_size];

	hdr->type = type;
	hdr->flags = flags;
	hdr->size = size;
	buf->data_size += size;

	if (size == visp_params_block_size(type) &&
	    (type == VISP_PARAMS_BLOCK_AWB_STATS ||
	     type == VISP_PARAMS_BLOCK_AE_STATS ||
	     type == VISP_PARAMS_BLOCK_AF_STATS)) {
		/* All three start with the header then the window. */
		struct visp_stats_window *w = (void *)(hdr + 1);

		w->zone_w = 8;
		w->zone_h = 8;
		w->grid_w = 1;
		w->grid_h = 1;
	}
	return hdr;
}

static void *vpc_add(struct visp_params_buffer *buf, unsigned int type)
{
	return vpc_add_sized(buf, type, VISP_PARAMS_FL_BLOCK_ENABLE,
			     visp_params_block_size(type));
}

static size_t vpc_start(struct visp_params_buffer *buf)
{
	buf->version = VISP_PARAMS_BUFFER_V1;
	return vpc_used(buf);
}

/* Buffer rules */

static size_t vpc_empty(struct visp_params_buffer *buf)
{
	return vpc_start(buf);
}

static size_t vpc_all_blocks(struct visp_params_buffer *buf)
{
	unsigned int type;

	vpc_start(buf);
	for (type = 0; type < VISP_PARAMS_BLOCK_TYPE_COUNT; type++)
		vpc_add(buf, type);
	return vpc_used(buf);
}

static size_t vpc_below_header(struct visp_params_buffer *buf)
{
	return vpc_start(buf) - 1;
}

static size_t vpc_bytesused_zero(struct visp_params_buffer *buf)
{
	vpc_start(buf);
	return 0;
}

static size_t vpc_oversize(struct visp_params_buffer *buf)
{
	vpc_all_blocks(buf);
	return vpc_used(buf) + 8;
}

static size_t vpc_trailing(struct visp_params_buffer *buf)
{
	vpc_start(buf);
	vpc_add(buf, VISP_PARAMS_BLOCK_BLS);
	return vpc_used(buf) + 8;
}

static size_t vpc_trailing_one(struct visp_params_buffer *buf)
{
	return vpc_start(buf) + 1;
}

static size_t vpc_version_0(struct visp_params_buffer *buf)
{
	vpc_all_blocks(buf);
	buf->version = 0;
	return vpc_used(buf);
}

static size_t vpc_version_2(struct visp_params_buffer *buf)
{
	vpc_start(buf);
	buf->version = 2;
	return vpc_used(buf);
}

static size_t vpc_data_size_max(struct visp_params_buffer *buf)
{
	vpc_all_blocks(buf);
	vpc_add_sized(buf, VISP_PARAMS_BLOCK_DPC, 0, 8);
	return vpc_used(buf) - 8;
}

static size_t vpc_data_size_bytesused(struct visp_params_buffer *buf)
{
	vpc_start(buf);
	vpc_add(buf, VISP_PARAMS_BLOCK_BLS);
	return vpc_used(buf) - 1;
}

static size_t vpc_header_does_not_fit(struct visp_params_buffer *buf)
{
	vpc_start(buf);
	vpc_add(buf, VISP_PARAMS_BLOCK_BLS);
	buf->data_size += 7;
	return vpc_used(buf);
}

/* Block header rules */

static size_t vpc_type_unknown(struct visp_params_buffer *buf)
{
	struct visp_params_block_header *hdr;

	vpc_start(buf);
	hdr = vpc_add(buf, VISP_PARAMS_BLOCK_DPC);
	hdr->type = VISP_PARAMS_BLOCK_TYPE_COUNT;
	return vpc_used(buf);
}

static size_t vpc_flags_unknown(struct visp_params_buffer *buf)
{
	struct visp_params_block_header *hdr;

	vpc_start(buf);
	hdr = vpc_add(buf, VISP_PARAMS_BLOCK_DPC);
	hdr->flags = 0x8000;
	return vpc_used(buf);
}

static size_t vpc_flags_both(struct visp_params_buffer *buf)
{
	vpc_start(buf);
	vpc_add_sized(buf, VISP_PARAMS_BLOCK_DPC,
		      VISP_PARAMS_FL_BLOCK_ENABLE |
		      VISP_PARAMS_FL_BLOCK_DISABLE,
		      sizeof(struct visp_params_dpc));
	return vpc_used(buf);
}

static size_t vpc_disable_header_only(struct visp_params_buffer *buf)
{
	unsigned int type;

	vpc_start(buf);
	for (type = 0; type < VISP_PARAMS_BLOCK_TYPE_COUNT; type++)
		if (type != VISP_PARAMS_BLOCK_DEMOSAIC &&
		    type != VISP_PARAMS_BLOCK_CSC)
			vpc_add_sized(buf, type, VISP_PARAMS_FL_BLOCK_DISABLE,
				      sizeof(struct visp_params_block_header));
	return vpc_used(buf);
}

static size_t vpc_disable_ignores_payload(struct visp_params_buffer *buf)
{
	struct visp_params_gamma *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_GAMMA);
	b->header.flags = VISP_PARAMS_FL_BLOCK_DISABLE;
	b->curve[0] = 0xffff;
	return vpc_used(buf);
}

static size_t vpc_disable_demosaic(struct visp_params_buffer *buf)
{
	vpc_start(buf);
	vpc_add_sized(buf, VISP_PARAMS_BLOCK_DEMOSAIC,
		      VISP_PARAMS_FL_BLOCK_DISABLE,
		      sizeof(struct visp_params_demosaic));
	return vpc_used(buf);
}

static size_t vpc_disable_csc(struct visp_params_buffer *buf)
{
	vpc_start(buf);
	vpc_add_sized(buf, VISP_PARAMS_BLOCK_CSC, VISP_PARAMS_FL_BLOCK_DISABLE,
		      sizeof(struct visp_params_block_header));
	return vpc_used(buf);
}

static size_t vpc_header_only_enable(struct visp_params_buffer *buf)
{
	vpc_start(buf);
	vpc_add_sized(buf, VISP_PARAMS_BLOCK_BLS, VISP_PARAMS_FL_BLOCK_ENABLE,
		      sizeof(struct visp_params_block_header));
	return vpc_used(buf);
}

static size_t vpc_size_larger(struct visp_params_buffer *buf)
{
	vpc_start(buf);
	vpc_add_sized(buf, VISP_PARAMS_BLOCK_GAMMA, 0,
		      sizeof(struct visp_params_gamma) + 8);
	return vpc_used(buf);
}

static size_t vpc_size_smaller(struct visp_params_buffer *buf)
{
	vpc_start(buf);
	vpc_add_sized(buf, VISP_PARAMS_BLOCK_GAMMA, 0,
		      sizeof(struct visp_params_gamma) - 8);
	return vpc_used(buf);
}

static size_t vpc_size_zero(struct visp_params_buffer *buf)
{
	vpc_start(buf);
	vpc_add_sized(buf, VISP_PARAMS_BLOCK_BLS, 0, 0);
	buf->data_size = sizeof(struct visp_params_bls);
	return vpc_used(buf);
}

static size_t vpc_size_beyond_data(struct visp_params_buffer *buf)
{
	struct visp_params_block_header *hdr;

	vpc_start(buf);
	hdr = vpc_add(buf, VISP_PARAMS_BLOCK_BLS);
	hdr->size = 0xffffffff;
	return vpc_used(buf);
}

/* Payload rules */

static size_t vpc_bls_level(struct visp_params_buffer *buf)
{
	struct visp_params_bls *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_BLS);
	b->level[VISP_CFA_B] = VISP_PIXEL_MAX + 1;
	return vpc_used(buf);
}

static size_t vpc_dpc_threshold(struct visp_params_buffer *buf)
{
	struct visp_params_dpc *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_DPC);
	b->threshold = VISP_PIXEL_MAX + 1;
	return vpc_used(buf);
}

static size_t vpc_dpc_reserved(struct visp_params_buffer *buf)
{
	struct visp_params_dpc *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_DPC);
	b->reserved[0] = 1;
	return vpc_used(buf);
}

static size_t vpc_lsc_gain_max(struct visp_params_buffer *buf)
{
	struct visp_params_lsc *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_LSC);
	b->gain[3][VISP_LSC_GRID_NODES - 1] = VISP_GAIN_MAX;
	return vpc_used(buf);
}

static size_t vpc_lsc_gain(struct visp_params_buffer *buf)
{
	struct visp_params_lsc *b;

	vpc_lsc_gain_max(buf);
	b = (void *)buf->data;
	b->gain[3][VISP_LSC_GRID_NODES - 1] = VISP_GAIN_MAX + 1;
	return vpc_used(buf);
}

static size_t vpc_awb_gains_gain(struct visp_params_buffer *buf)
{
	struct visp_params_awb_gains *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_AWB_GAINS);
	b->gain[VISP_CFA_GB] = VISP_GAIN_MAX + 1;
	return vpc_used(buf);
}

static size_t vpc_demosaic_mode(struct visp_params_buffer *buf)
{
	struct visp_params_demosaic *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_DEMOSAIC);
	b->mode = VISP_DEMOSAIC_DIRECTIONAL + 1;
	return vpc_used(buf);
}

static size_t vpc_ccm_limits(struct visp_params_buffer *buf)
{
	struct visp_params_ccm *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_CCM);
	b->coeff[0][0] = VISP_CCM_COEFF_MIN;
	b->coeff[2][2] = VISP_CCM_COEFF_MAX;
	b->offset[0] = VISP_CCM_OFFSET_MIN;
	b->offset[2] = VISP_CCM_OFFSET_MAX;
	return vpc_used(buf);
}

static size_t vpc_ccm_coeff(struct visp_params_buffer *buf)
{
	struct visp_params_ccm *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_CCM);
	b->coeff[2][1] = VISP_CCM_COEFF_MIN - 1;
	return vpc_used(buf);
}

static size_t vpc_ccm_offset(struct visp_params_buffer *buf)
{
	struct visp_params_ccm *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_CCM);
	b->offset[1] = VISP_CCM_OFFSET_MAX + 1;
	return vpc_used(buf);
}

static size_t vpc_ccm_reserved(struct visp_params_buffer *buf)
{
	struct visp_params_ccm *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_CCM);
	b->reserved[0] = 1;
	return vpc_used(buf);
}

static size_t vpc_gamma_curve(struct visp_params_buffer *buf)
{
	struct visp_params_gamma *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_GAMMA);
	b->curve[VISP_GAMMA_POINTS - 1] = VISP_PIXEL_MAX + 1;
	return vpc_used(buf);
}

static size_t vpc_tone_curve_max(struct visp_params_buffer *buf)
{
	struct visp_params_tone *b;
	unsigned int i;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_TONE);
	for (i = 0; i < VISP_TONE_POINTS; i++)
		b->curve[i] = VISP_PIXEL_MAX;
	return vpc_used(buf);
}

static size_t vpc_tone_curve(struct visp_params_buffer *buf)
{
	struct visp_params_tone *b;

	vpc_tone_curve_max(buf);
	b = (void *)buf->data;
	b->curve[VISP_TONE_POINTS - 1] = VISP_PIXEL_MAX + 1;
	return vpc_used(buf);
}

static size_t vpc_tone_curve_first(struct visp_params_buffer *buf)
{
	struct visp_params_tone *b;

	vpc_start(buf);
	vpc_add(buf, VISP_PARAMS_BLOCK_GAMMA);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_TONE);
	b->curve[0] = 0xffff;
	return vpc_used(buf);
}

static size_t vpc_tone_reserved(struct visp_params_buffer *buf)
{
	struct visp_params_tone *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_TONE);
	b->reserved[2] = 1;
	return vpc_used(buf);
}

static size_t vpc_tone_size_gamma(struct visp_params_buffer *buf)
{
	vpc_start(buf);
	vpc_add_sized(buf, VISP_PARAMS_BLOCK_TONE, 0,
		      sizeof(struct visp_params_gamma));
	return vpc_used(buf);
}

static size_t vpc_csc_matrix(struct visp_params_buffer *buf)
{
	struct visp_params_csc *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_CSC);
	b->matrix = VISP_CSC_BT2020 + 1;
	return vpc_used(buf);
}

static size_t vpc_csc_range(struct visp_params_buffer *buf)
{
	struct visp_params_csc *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_CSC);
	b->range = VISP_CSC_RANGE_FULL + 1;
	return vpc_used(buf);
}

static struct visp_stats_window *vpc_window(struct visp_params_buffer *buf)
{
	struct visp_params_awb_stats *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_AWB_STATS);
	return &b->window;
}

static size_t vpc_window_full(struct visp_params_buffer *buf)
{
	struct visp_stats_window *w = vpc_window(buf);

	w->zone_w = VISP_MAX_WIDTH / VISP_STATS_GRID_MAX;
	w->zone_h = VISP_MAX_HEIGHT / VISP_STATS_GRID_MAX;
	w->grid_w = VISP_STATS_GRID_MAX;
	w->grid_h = VISP_STATS_GRID_MAX;
	return vpc_used(buf);
}

static size_t vpc_window_x_odd(struct visp_params_buffer *buf)
{
	vpc_window(buf)->x = 1;
	return vpc_used(buf);
}

static size_t vpc_window_zone_h_odd(struct visp_params_buffer *buf)
{
	vpc_window(buf)->zone_h = 9;
	return vpc_used(buf);
}

static size_t vpc_window_zone_w_min(struct visp_params_buffer *buf)
{
	vpc_window(buf)->zone_w = VISP_STATS_ZONE_MIN - 2;
	return vpc_used(buf);
}

static size_t vpc_window_grid_w_zero(struct visp_params_buffer *buf)
{
	vpc_window(buf)->grid_w = 0;
	return vpc_used(buf);
}

static size_t vpc_window_grid_h_max(struct visp_params_buffer *buf)
{
	vpc_window(buf)->grid_h = VISP_STATS_GRID_MAX + 1;
	return vpc_used(buf);
}

static size_t vpc_window_right_edge(struct visp_params_buffer *buf)
{
	vpc_window_full(buf);
	((struct visp_params_awb_stats *)buf->data)->window.x = 2;
	return vpc_used(buf);
}

static size_t vpc_window_bottom_edge(struct visp_params_buffer *buf)
{
	vpc_window_full(buf);
	((struct visp_params_awb_stats *)buf->data)->window.y = 2;
	return vpc_used(buf);
}

static size_t vpc_window_reserved(struct visp_params_buffer *buf)
{
	vpc_window(buf)->reserved[5] = 1;
	return vpc_used(buf);
}

static size_t vpc_awb_threshold(struct visp_params_buffer *buf)
{
	vpc_window(buf);
	((struct visp_params_awb_stats *)buf->data)->sat_threshold =
		VISP_PIXEL_MAX + 1;
	return vpc_used(buf);
}

static size_t vpc_ae_tap(struct visp_params_buffer *buf)
{
	struct visp_params_ae_stats *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_AE_STATS);
	b->tap = VISP_AE_TAP_POST_GAMMA + 1;
	return vpc_used(buf);
}

static size_t vpc_af_threshold(struct visp_params_buffer *buf)
{
	struct visp_params_af_stats *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_AF_STATS);
	b->threshold = VISP_PIXEL_MAX + 1;
	return vpc_used(buf);
}

static size_t vpc_af_reserved(struct visp_params_buffer *buf)
{
	struct visp_params_af_stats *b;

	vpc_start(buf);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_AF_STATS);
	b->reserved[0] = 1;
	return vpc_used(buf);
}

static size_t vpc_invalid_last_block(struct visp_params_buffer *buf)
{
	struct visp_params_bls *b;

	vpc_all_blocks(buf);
	buf->data_size -=
		visp_params_block_size(VISP_PARAMS_BLOCK_TYPE_COUNT - 1);
	b = vpc_add(buf, VISP_PARAMS_BLOCK_BLS);
	b->level[0] = VISP_PIXEL_MAX + 1;
	return vpc_used(buf);
}

#define VPC_GOOD(n)		{ #n, vpc_##n, 0, "" }
#define VPC_BAD(n, m)		{ #n, vpc_##n, -EINVAL, m }

static const struct visp_params_case visp_params_cases[] = {
	VPC_GOOD(empty),
	VPC_GOOD(all_blocks),
	VPC_BAD(bytesused_zero, "bytesused is 0"),
	VPC_BAD(below_header, "7 bytes, smaller than the header"),
	VPC_BAD(oversize, "2456 bytes, more than the maximum 2448"),
	VPC_BAD(trailing, "8 bytes past the header and data_size 16"),
	VPC_BAD(trailing_one, "1 bytes past the header and data_size 0"),
	VPC_GOOD(version_0),
	VPC_BAD(version_2, "unsupported version 2"),
	VPC_BAD(data_size_max, "data_size 2448 exceeds 2440"),
	VPC_BAD(data_size_bytesused, "data_size 16 exceeds the 15 bytes used"),
	VPC_BAD(header_does_not_fit,
		"block at offset 16: 7 bytes left, header does not fit"),
	VPC_BAD(type_unknown, "block at offset 0: unknown type 12"),
	VPC_BAD(flags_unknown, "DPC block: flags 0x8000: unknown flags"),
	VPC_BAD(flags_both, "DPC block: flags: both ENABLE and DISABLE set"),
	VPC_GOOD(disable_header_only),
	VPC_GOOD(disable_ignores_payload),
	VPC_BAD(disable_demosaic,
		"demosaic block: flags: the block cannot be disabled"),
	VPC_BAD(disable_csc, "CSC block: flags: the block cannot be disabled"),
	VPC_BAD(header_only_enable, "BLS block: size 8, expected 16"),
	VPC_BAD(size_larger, "gamma block: size 152, expected 144"),
	VPC_BAD(size_smaller, "gamma block: size 136, expected 144"),
	VPC_BAD(size_zero, "BLS block: size 0, expected 16"),
	VPC_BAD(size_beyond_data,
		"BLS block: size 4294967295 exceeds the remaining 16 bytes"),
	VPC_BAD(bls_level, "BLS block: level[3] = 4096 exceeds 4095"),
	VPC_BAD(dpc_threshold, "DPC block: threshold[0] = 4096 exceeds 4095"),
	VPC_BAD(dpc_reserved, "DPC block: reserved field is not zero"),
	VPC_GOOD(lsc_gain_max),
	VPC_BAD(lsc_gain, "LSC block: gain[883] = 16384 exceeds 16383"),
	VPC_BAD(awb_gains_gain,
		"AWB gains block: gain[2] = 16384 exceeds 16383"),
	VPC_BAD(demosaic_mode, "demosaic block: mode 3 invalid"),
	VPC_GOOD(ccm_limits),
	VPC_BAD(ccm_coeff, "CCM block: coeff[2][1] = -8193 out of range"),
	VPC_BAD(ccm_offset, "CCM block: offset[1] = 4096 out of range"),
	VPC_BAD(ccm_reserved, "CCM block: reserved field is not zero"),
	VPC_BAD(gamma_curve, "gamma block: curve[64] = 4096 exceeds 4095"),
	VPC_GOOD(tone_curve_max),
	VPC_BAD(tone_curve, "tone block: curve[144] = 4096 exceeds 4095"),
	VPC_BAD(tone_curve_first,
		"tone block: curve[0] = 65535 exceeds 4095"),
	VPC_BAD(tone_reserved, "tone block: reserved field is not zero"),
	VPC_BAD(tone_size_gamma, "tone block: size 144, expected 304"),
	VPC_BAD(csc_matrix, "CSC block: matrix 3 invalid"),
	VPC_BAD(csc_range, "CSC block: range 2 invalid"),
	VPC_GOOD(window_full),
	VPC_BAD(window_x_odd, "AWB stats block: window.x/y (1, 0) not even"),
	VPC_BAD(window_zone_h_odd,
		"AWB stats block: window.zone_w/h 8x9 not even"),
	VPC_BAD(window_zone_w_min,
		"AWB stats block: window.zone_w/h 6x8 smaller than 8"),
	VPC_BAD(window_grid_w_zero,
		"AWB stats block: window.grid_w 0 out of range"),
	VPC_BAD(window_grid_h_max,
		"AWB stats block: window.grid_h 17 out of range"),
	VPC_BAD(window_right_edge,
		"AWB stats block: window ends beyond x = 4096"),
	VPC_BAD(window_bottom_edge,
		"AWB stats block: window ends beyond y = 3072"),
	VPC_BAD(window_reserved,
		"AWB stats block: window.reserved is not zero"),
	VPC_BAD(awb_threshold,
		"AWB stats block: sat_threshold[0] = 4096 exceeds 4095"),
	VPC_BAD(ae_tap, "AE stats block: tap 2 invalid"),
	VPC_BAD(af_threshold,
		"AF stats block: threshold[0] = 4096 exceeds 4095"),
	VPC_BAD(af_reserved, "AF stats block: reserved field is not zero"),
	VPC_BAD(invalid_last_block, "BLS block: level[0] = 4096 exceeds 4095"),
};

#endif /* __VISP_PARAMS_CASES_H__ */
