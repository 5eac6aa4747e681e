// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the parameters buffer validator shared by the VISP
 * driver and libvispmodel (drivers/media/platform/visp/visp-params-core.c).
 *
 * The input is the buffer, its size the bytesused. The buffer is copied to
 * a heap block of exactly that size, so that AddressSanitizer catches any
 * read past bytesused. A rejected buffer must come with -EINVAL and a
 * message. An accepted buffer is checked again, independently: its blocks
 * must tile data_size exactly with known types and sizes, applying it must
 * read nothing past data_size and leave every field of the configuration
 * in its documented range, and the reference model's own configuration
 * check (what the hardware checks at frame start) must pass. Any
 * disagreement aborts, which libFuzzer reports as a crash.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/device.h>

#include "libvisp.h"

#define HDR_SIZE	sizeof(struct visp_params_block_header)

static void fail(const char *what, const char *msg)
{
	fprintf(stderr, "fuzz-params: %s (%s)\n", what, msg);
	abort();
}

/*
 * The walk again, written from the UAPI documentation: the block types
 * present, and in *@blocks the number of blocks.
 */
static u32 rewalk(const struct visp_params_buffer *buf, unsigned int *blocks)
{
	const u16 both = VISP_PARAMS_FL_BLOCK_ENABLE |
			 VISP_PARAMS_FL_BLOCK_DISABLE;
	size_t off = 0;
	u32 types = 0;

	if (buf->version > VISP_PARAMS_BUFFER_V1)
		fail("accepted an unknown version", "");
	if (buf->data_size > VISP_PARAMS_MAX_SIZE)
		fail("accepted data_size above the maximum", "");
	while (off < buf->data_size) {
		const struct visp_params_block_header *h =
			(const void *)(buf->data + off);

		if (buf->data_size - off < HDR_SIZE)
			fail("accepted a truncated block header", "");
		if (h->type >= VISP_PARAMS_BLOCK_TYPE_COUNT ||
		    (h->flags & ~both) || (h->flags & both) == both)
			fail("accepted a bad block header", "");
		if (h->size != visp_params_block_size(h->type) &&
		    !((h->flags & VISP_PARAMS_FL_BLOCK_DISABLE) &&
		      h->size == HDR_SIZE))
			fail("accepted a bad block size", "");
		if (h->size > buf->data_size - off)
			fail("accepted a block past data_size", "");
		types |= 1u << h->type;
		off += h->size;
		(*blocks)++;
	}
	return types;
}

/* A copy of @buf that holds its blocks of @types only. */
static struct visp_params_buffer *keep_types(const struct visp_params_buffer *buf,
					     u32 types)
{
	struct visp_params_buffer *out = malloc(sizeof(*buf) + buf->data_size);
	size_t off = 0;

	if (!out)
		fail("out of memory", "");
	memcpy(out, buf, sizeof(*buf));
	out->data_size = 0;
	while (off < buf->data_size) {
		const struct visp_params_block_header *h =
			(const void *)(buf->data + off);

		if (types & (1u << h->type)) {
			memcpy(out->data + out->data_size, h, h->size);
			out->data_size += h->size;
		}
		off += h->size;
	}
	return out;
}

static void check_window(const struct visp_stats_window *w)
{
	if (!w->grid_w || w->grid_w > VISP_STATS_GRID_MAX ||
	    !w->grid_h || w->grid_h > VISP_STATS_GRID_MAX ||
	    w->zone_w < VISP_STATS_ZONE_MIN || w->zone_h < VISP_STATS_ZONE_MIN ||
	    ((w->x | w->y | w->zone_w | w->zone_h) & 1) ||
	    (u32)w->x + (u32)w->zone_w * w->grid_w > VISP_MAX_WIDTH ||
	    (u32)w->y + (u32)w->zone_h * w->grid_h > VISP_MAX_HEIGHT)
		fail("window out of range", "");
}

static void check_u16(const u16 *v, size_t n, u16 max, const char *what)
{
	while (n--)
		if (*v++ > max)
			fail("value out of range", what);
}

/* Every field of the configuration within its documented range. */
static void check_cfg(const struct visp_params_cfg *c)
{
	unsigned int i;

	check_u16(c->bls_level, VISP_CFA_CHANNELS, VISP_PIXEL_MAX, "bls");
	check_u16(&c->dpc_thresh, 1, VISP_PIXEL_MAX, "dpc");
	check_u16(&c->lsc_gain[0][0], VISP_CFA_CHANNELS * VISP_LSC_GRID_NODES,
		  VISP_GAIN_MAX, "lsc");
	check_u16(c->wb_gain, VISP_CFA_CHANNELS, VISP_GAIN_MAX, "wb");
	for (i = 0; i < 9; i++)
		if (c->ccm_coeff[i] < VISP_CCM_COEFF_MIN ||
		    c->ccm_coeff[i] > VISP_CCM_COEFF_MAX)
			fail("value out of range", "ccm coeff");
	for (i = 0; i < 3; i++)
		if (c->ccm_offset[i] < VISP_CCM_OFFSET_MIN ||
		    c->ccm_offset[i] > VISP_CCM_OFFSET_MAX)
			fail("value out of range", "ccm offset");
	check_u16(c->gamma_curve, VISP_GAMMA_POINTS, VISP_PIXEL_MAX, "gamma");
	if (c->csc_matrix > VISP_CSC_BT2020)
		fail("value out of range", "csc");
	check_window(&c->awb_win);
	check_window(&c->ae_win);
	check_window(&c->af_win);
	check_u16(&c->awb_thresh, 1, VISP_PIXEL_MAX, "awb");
	check_u16(&c->af_thresh, 1, VISP_PIXEL_MAX, "af");
}

/* What the hardware checks at frame start, every unit enabled. */
static void check_model(const struct visp_params_cfg *pc)
{
	static struct visp_model_config cfg;
	u32 err;

	visp_config_init(&cfg);
	visp_config_set_input(&cfg, VISP_IN_TYPE_RAW10, VISP_BAYER_RGGB,
			      640, 480);
	visp_config_set_path(&cfg, VISP_PATH_MAIN, VISP_OUT_FMT_NV12, 0, 0,
			     640, 480, 640, 480);
	visp_config_set_params(&cfg, pc);
	cfg.stats_en = true;
	cfg.bls_en = cfg.dpc_en = cfg.lsc_en = cfg.wb_en = true;
	cfg.ccm_en = cfg.gamma_en = true;
	cfg.awb_en = cfg.ae_en = cfg.af_en = true;
	err = visp_model_check(&cfg);
	if (err) {
		char what[32];

		snprintf(what, sizeof(what), "0x%x", err);
		fail("the model rejects the configuration", what);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const u32 tone = (1u << VISP_PARAMS_BLOCK_GAMMA) |
			 (1u << VISP_PARAMS_BLOCK_TONE);
	static struct visp_params_cfg cfg, prev, kept_cfg;
	struct visp_params_buffer *buf, *kept;
	unsigned int blocks = 0;
	char msg[160] = "";
	struct device dev = { .msg = msg, .size = sizeof(msg) };
	u32 types, walked;
	int ret;

	/* At least one byte for malloc; only @size bytes are readable. */
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);

	ret = visp_params_buf_validate(&dev, buf, size);
	if (ret) {
		if (ret != -EINVAL)
			fail("rejected with an error other than EINVAL", msg);
		if (!msg[0])
			fail("rejected without a message", "");
		free(buf);
		return 0;
	}
	if (msg[0])
		fail("accepted with a message", msg);
	if (memcmp(buf, data, size))
		fail("the validator changed the buffer", "");
	if (size != sizeof(*buf) + buf->data_size)
		fail("accepted bytesused other than header plus data_size", "");
	walked = rewalk(buf, &blocks);

	visp_params_cfg_init(&cfg);
	memcpy(&prev, &cfg, sizeof(cfg));
	types = visp_params_buf_apply(&cfg, buf);
	if (types & ~walked)
		fail("apply reported blocks the walk did not see", "");
	/*
	 * The blocks of a type not reported each changed nothing: without
	 * them, the buffer gives the same configuration.
	 */
	kept = keep_types(buf, types);
	memcpy(&kept_cfg, &prev, sizeof(prev));
	visp_params_buf_apply(&kept_cfg, kept);
	free(kept);
	if (memcmp(&kept_cfg, &cfg, sizeof(cfg)))
		fail("a block type not reported changed the configuration", "");
	/*
	 * Applied again, a buffer changes nothing when no two of its blocks
	 * set the same fields: one block a type, not both of GAMMA and TONE.
	 */
	if (blocks == (unsigned int)__builtin_popcount(walked) &&
	    (walked & tone) != tone && visp_params_buf_apply(&cfg, buf))
		fail("applied twice, a buffer reported changes", "");
	check_cfg(&cfg);
	check_model(&cfg);

	/* The library's own entry points agree. */
	if (visp_params_validate(buf, size) || visp_params_check(buf, size,
								  msg,
								  sizeof(msg)))
		fail("the library disagrees", msg);

	free(buf);
	return 0;
}
