// SPDX-License-Identifier: GPL-2.0
/*
 * libvisp: parameters buffer builders
 *
 * Each typed builder fills its block in a scratch buffer of its own, runs
 * the driver's validator on that one-block buffer and only then appends
 * the block: the validator is the only place where the value rules live,
 * and a rejected block leaves the caller's buffer as it was.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <string.h>

#include "libvisp.h"

#define VISP_HDR_SIZE	sizeof(struct visp_params_block_header)

int visp_params_init(struct visp_params_buffer *buf, size_t size)
{
	if (!buf || size < sizeof(*buf))
		return -ENOSPC;
	buf->version = VISP_PARAMS_BUFFER_V1;
	buf->data_size = 0;
	return 0;
}

/* Room for @bytes more bytes of blocks at the end of @buf, or NULL. */
static void *visp_params_reserve(struct visp_params_buffer *buf, size_t size,
				 size_t bytes)
{
	void *p;

	if (!buf || size < sizeof(*buf) ||
	    buf->data_size > VISP_PARAMS_MAX_SIZE ||
	    buf->data_size + bytes > size - sizeof(*buf) ||
	    buf->data_size + bytes > VISP_PARAMS_MAX_SIZE)
		return NULL;

	p = buf->data + buf->data_size;
	buf->data_size += bytes;
	return p;
}

void *visp_params_append(struct visp_params_buffer *buf, size_t size,
			 unsigned int type, unsigned int flags)
{
	struct visp_params_block_header *h;
	size_t bsize = visp_params_block_size(type);

	if (!bsize)
		return NULL;
	h = visp_params_reserve(buf, size, bsize);
	if (!h)
		return NULL;

	memset(h, 0, bsize);
	h->type = type;
	h->flags = flags;
	h->size = bsize;
	return h;
}

/*
 * A one-block parameters buffer where the builders prepare their block,
 * per thread as they may run in several threads: the largest block (LSC)
 * is more than the library puts on the stack.
 */
static __thread union {
	struct visp_params_buffer buf;
	u8 bytes[VISP_PARAMS_BUF_SIZE];
	u64 align;
} visp_scratch;

/* Start a block of @type in the scratch buffer, all its bytes zero. */
static void *visp_block_start(unsigned int type, bool enable)
{
	struct visp_params_block_header *h = (void *)visp_scratch.buf.data;
	size_t bsize = visp_params_block_size(type);

	memset(h, 0, bsize);
	h->type = type;
	h->flags = enable ? VISP_PARAMS_FL_BLOCK_ENABLE : 0;
	h->size = bsize;
	return h;
}

/*
 * Validate the block of the scratch buffer alone, with the driver's rules,
 * then append it to @buf.
 */
static int visp_block_commit(struct visp_params_buffer *buf, size_t size)
{
	const struct visp_params_block_header *h =
		(const void *)visp_scratch.buf.data;
	void *dst;

	if (!buf)
		return -EINVAL;
	visp_scratch.buf.version = VISP_PARAMS_BUFFER_V1;
	visp_scratch.buf.data_size = h->size;
	if (visp_params_validate(&visp_scratch.buf,
				 sizeof(visp_scratch.buf) + h->size))
		return -EINVAL;

	dst = visp_params_reserve(buf, size, h->size);
	if (!dst)
		return -ENOSPC;
	memcpy(dst, h, h->size);
	return 0;
}

static void visp_copy_window(struct visp_stats_window *dst,
			     const struct visp_stats_window *src)
{
	dst->x = src->x;
	dst->y = src->y;
	dst->zone_w = src->zone_w;
	dst->zone_h = src->zone_h;
	dst->grid_w = src->grid_w;
	dst->grid_h = src->grid_h;
}

int visp_params_set_bls(struct visp_params_buffer *buf, size_t size,
			bool enable, const u16 level[VISP_CFA_CHANNELS])
{
	struct visp_params_bls *b;

	if (!level)
		return -EINVAL;
	b = visp_block_start(VISP_PARAMS_BLOCK_BLS, enable);
	memcpy(b->level, level, sizeof(b->level));
	return visp_block_commit(buf, size);
}

int visp_params_set_dpc(struct visp_params_buffer *buf, size_t size,
			bool enable, u16 threshold)
{
	struct visp_params_dpc *b;

	b = visp_block_start(VISP_PARAMS_BLOCK_DPC, enable);
	b->threshold = threshold;
	return visp_block_commit(buf, size);
}

int visp_params_set_lsc(struct visp_params_buffer *buf, size_t size,
			bool enable,
			const u16 gain[VISP_CFA_CHANNELS][VISP_LSC_GRID_NODES])
{
	struct visp_params_lsc *b;

	if (!gain)
		return -EINVAL;
	b = visp_block_start(VISP_PARAMS_BLOCK_LSC, enable);
	memcpy(b->gain, gain, sizeof(b->gain));
	return visp_block_commit(buf, size);
}

int visp_params_set_awb_gains(struct visp_params_buffer *buf, size_t size,
			      bool enable, const u16 gain[VISP_CFA_CHANNELS])
{
	struct visp_params_awb_gains *b;

	if (!gain)
		return -EINVAL;
	b = visp_block_start(VISP_PARAMS_BLOCK_AWB_GAINS, enable);
	memcpy(b->gain, gain, sizeof(b->gain));
	return visp_block_commit(buf, size);
}

int visp_params_set_demosaic(struct visp_params_buffer *buf, size_t size,
			     unsigned int mode)
{
	struct visp_params_demosaic *b;

	/* The field is 8 bits wide: larger values must not wrap to valid. */
	if (mode > UINT8_MAX)
		return -EINVAL;
	b = visp_block_start(VISP_PARAMS_BLOCK_DEMOSAIC, false);
	b->mode = mode;
	return visp_block_commit(buf, size);
}

int visp_params_set_ccm(struct visp_params_buffer *buf, size_t size,
			bool enable, const s16 coeff[3][3], const s16 offset[3])
{
	struct visp_params_ccm *b;

	if (!coeff || !offset)
		return -EINVAL;
	b = visp_block_start(VISP_PARAMS_BLOCK_CCM, enable);
	memcpy(b->coeff, coeff, sizeof(b->coeff));
	memcpy(b->offset, offset, sizeof(b->offset));
	return visp_block_commit(buf, size);
}

int visp_params_set_gamma(struct visp_params_buffer *buf, size_t size,
			  bool enable, const u16 curve[VISP_GAMMA_POINTS])
{
	struct visp_params_gamma *b;

	if (!curve)
		return -EINVAL;
	b = visp_block_start(VISP_PARAMS_BLOCK_GAMMA, enable);
	memcpy(b->curve, curve, sizeof(b->curve));
	return visp_block_commit(buf, size);
}

int visp_params_set_tone(struct visp_params_buffer *buf, size_t size,
			 bool enable, const u16 curve[VISP_TONE_POINTS])
{
	struct visp_params_tone *b;

	if (!curve)
		return -EINVAL;
	b = visp_block_start(VISP_PARAMS_BLOCK_TONE, enable);
	memcpy(b->curve, curve, sizeof(b->curve));
	return visp_block_commit(buf, size);
}

int visp_params_set_csc(struct visp_params_buffer *buf, size_t size,
			unsigned int matrix, unsigned int range)
{
	struct visp_params_csc *b;

	if (matrix > UINT8_MAX || range > UINT8_MAX)
		return -EINVAL;
	b = visp_block_start(VISP_PARAMS_BLOCK_CSC, false);
	b->matrix = matrix;
	b->range = range;
	return visp_block_commit(buf, size);
}

int visp_params_set_awb_stats(struct visp_params_buffer *buf, size_t size,
			      bool enable,
			      const struct visp_stats_window *window,
			      u16 sat_threshold)
{
	struct visp_params_awb_stats *b;

	if (!window)
		return -EINVAL;
	b = visp_block_start(VISP_PARAMS_BLOCK_AWB_STATS, enable);
	visp_copy_window(&b->window, window);
	b->sat_threshold = sat_threshold;
	return visp_block_commit(buf, size);
}

int visp_params_set_ae_stats(struct visp_params_buffer *buf, size_t size,
			     bool enable,
			     const struct visp_stats_window *window,
			     unsigned int tap)
{
	struct visp_params_ae_stats *b;

	if (!window || tap > UINT8_MAX)
		return -EINVAL;
	b = visp_block_start(VISP_PARAMS_BLOCK_AE_STATS, enable);
	visp_copy_window(&b->window, window);
	b->tap = tap;
	return visp_block_commit(buf, size);
}

int visp_params_set_af_stats(struct visp_params_buffer *buf, size_t size,
			     bool enable,
			     const struct visp_stats_window *window,
			     u16 threshold)
{
	struct visp_params_af_stats *b;

	if (!window)
		return -EINVAL;
	b = visp_block_start(VISP_PARAMS_BLOCK_AF_STATS, enable);
	visp_copy_window(&b->window, window);
	b->threshold = threshold;
	return visp_block_commit(buf, size);
}

int visp_params_disable(struct visp_params_buffer *buf, size_t size,
			unsigned int type)
{
	struct visp_params_block_header *h;

	if (!visp_params_block_size(type))
		return -EINVAL;
	/* The header alone, which the driver accepts with DISABLE only. */
	h = visp_block_start(type, false);
	h->flags = VISP_PARAMS_FL_BLOCK_DISABLE;
	h->size = VISP_HDR_SIZE;
	return visp_block_commit(buf, size);
}
