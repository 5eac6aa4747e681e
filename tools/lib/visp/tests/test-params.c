// SPDX-License-Identifier: GPL-2.0
/*
 * Parameters buffer tests: layout, builder, validation and application.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "tap.h"
#include "visp-params-cases.h"

static union {
	struct visp_params_buffer buf;
	u8 bytes[sizeof(struct visp_params_buffer) + VISP_PARAMS_MAX_SIZE +
		 64];
	u64 align;
} pbuf;

#define PB	(&pbuf.buf)
#define PSIZE	sizeof(pbuf)

static size_t used(void)
{
	return sizeof(struct visp_params_buffer) + PB->data_size;
}

static void test_uapi_layout(void)
{
	/* Generic V4L2 ISP layout: 8-byte buffer and block headers. */
	T_EQ(offsetof(struct visp_params_buffer, data), 8);
	T_EQ(sizeof(struct visp_params_block_header), 8);
	T_EQ(offsetof(struct visp_params_block_header, flags), 2);
	T_EQ(offsetof(struct visp_params_block_header, size), 4);
	T_EQ(VISP_PARAMS_FL_BLOCK_DISABLE, 1);
	T_EQ(VISP_PARAMS_FL_BLOCK_ENABLE, 2);
	/* 5 x 16 + LSC 8 + 4 * 221 * 2 + CCM 40 + gamma 144 + 3 x 32 */
	T_EQ(sizeof(struct visp_params_lsc), 1776);
	T_EQ(sizeof(struct visp_params_ccm), 40);
	T_EQ(sizeof(struct visp_params_gamma), 144);
	T_EQ(sizeof(struct visp_params_tone), 304);
	T_EQ(offsetof(struct visp_params_tone, reserved), 298);
	/* ... + tone 8 + 145 * 2 + 6 */
	T_EQ(VISP_PARAMS_MAX_SIZE, 2440);
	/* 8 + 16 + 256 * 32 + 256 * 4 + 256 * 2 + 256 * 8 */
	T_EQ(sizeof(struct visp_stats_buffer), 11800);
	T_EQ(offsetof(struct visp_stats_buffer, version), 0);
	T_EQ(offsetof(struct visp_stats_buffer, size), 4);
	T_EQ(offsetof(struct visp_stats_buffer, frame_sequence), 8);
	T_EQ(offsetof(struct visp_stats_buffer, awb), 24);
	T_EQ(offsetof(struct visp_stats_buffer, af_sharpness), 9752);
	T_EQ(V4L2_META_FMT_VISP_PARAMS, 0x50534956);	/* "VISP" */
	T_EQ(V4L2_META_FMT_VISP_STATS, 0x53534956);	/* "VISS" */
	T_EQ(V4L2_CID_VISP_SUPPORTED_PARAMS_BLOCKS, 0x00980900 + 0x1f00);
}

static void test_builder_all_blocks(void)
{
	unsigned int type;
	size_t total = 0;

	T_EQ(visp_params_init(PB, PSIZE), 0);
	for (type = 0; type < VISP_PARAMS_BLOCK_TYPE_COUNT; type++) {
		struct visp_params_block_header *h =
			visp_params_append(PB, PSIZE, type, 0);

		T_TRUE(h);
		if (!h)
			return;
		T_EQ((u8 *)h - PB->data, total);
		T_EQ(h->type, type);
		T_EQ(h->size % 8, 0);
		total += h->size;
	}
	T_EQ(PB->data_size, VISP_PARAMS_MAX_SIZE);
	T_EQ(PB->version, VISP_PARAMS_BUFFER_V1);
	/* All-zero payloads are valid except where windows need a grid. */
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	T_TRUE(!visp_params_append(PB, PSIZE, VISP_PARAMS_BLOCK_BLS, 0));
	T_TRUE(!visp_params_append(PB, PSIZE, VISP_PARAMS_BLOCK_TYPE_COUNT,
				   0));
	T_EQ(visp_params_init(PB, 7), -ENOSPC);
}

static struct visp_model_config base_cfg(void)
{
	struct visp_model_config cfg;

	visp_config_init(&cfg);
	visp_config_set_input(&cfg, VISP_IN_TYPE_RAW10, VISP_BAYER_RGGB,
			      1920, 1080);
	return cfg;
}

static void test_apply_blocks(void)
{
	struct visp_model_config cfg = base_cfg();
	struct visp_params_bls *bls;
	struct visp_params_ccm *ccm;
	struct visp_params_csc *csc;
	struct visp_params_ae_stats *ae;
	struct visp_params_gamma *gam;

	visp_params_init(PB, PSIZE);
	bls = visp_params_append(PB, PSIZE, VISP_PARAMS_BLOCK_BLS,
				 VISP_PARAMS_FL_BLOCK_ENABLE);
	bls->level[VISP_CFA_B] = 4095;
	ccm = visp_params_append(PB, PSIZE, VISP_PARAMS_BLOCK_CCM,
				 VISP_PARAMS_FL_BLOCK_ENABLE);
	ccm->coeff[2][1] = -8192;
	ccm->offset[2] = -4096;
	csc = visp_params_append(PB, PSIZE, VISP_PARAMS_BLOCK_CSC, 0);
	csc->matrix = VISP_CSC_BT2020;
	csc->range = VISP_CSC_RANGE_FULL;
	ae = visp_params_append(PB, PSIZE, VISP_PARAMS_BLOCK_AE_STATS,
				VISP_PARAMS_FL_BLOCK_ENABLE);
	ae->window = (struct visp_stats_window){ .x = 2, .y = 4, .zone_w = 8,
						 .zone_h = 10, .grid_w = 16,
						 .grid_h = 1 };
	ae->tap = VISP_AE_TAP_POST_GAMMA;
	gam = visp_params_append(PB, PSIZE, VISP_PARAMS_BLOCK_GAMMA, 0);
	gam->curve[64] = 4095;

	T_EQ(visp_params_apply(&cfg, PB, used()), 0);
	T_TRUE(cfg.bls_en);
	T_EQ(cfg.bls_level[VISP_CFA_B], 4095);
	T_TRUE(cfg.ccm_en);
	T_EQ(cfg.ccm_coeff[7], -8192);
	T_EQ(cfg.ccm_coeff[0], 0);
	T_EQ(cfg.ccm_offset[2], -4096);
	T_EQ(cfg.csc_matrix, VISP_CSC_BT2020);
	T_TRUE(cfg.csc_full_range);
	T_TRUE(cfg.ae_en);
	T_TRUE(cfg.ae_post_gamma);
	T_EQ(cfg.ae_win.zone_h, 10);
	T_EQ(cfg.ae_win.grid_w, 16);
	/* No flag: configuration updated, enable state kept (disabled). */
	T_TRUE(!cfg.gamma_en);
	T_EQ(cfg.gamma_lut[64], 4095);
	T_EQ(cfg.gamma_lut[1], 0);
	T_EQ(visp_model_check(&cfg), 0);
	T_EQ(cfg.lsc_xstep, (16 << 16) / 1920);
	T_EQ(cfg.lsc_ystep, (12 << 16) / 1080);
}

static void test_disable_header_only(void)
{
	struct visp_model_config cfg = base_cfg();
	struct visp_params_block_header *h;

	cfg.dpc_en = true;
	cfg.dpc_thresh = 77;
	visp_params_init(PB, PSIZE);
	h = visp_params_append(PB, PSIZE, VISP_PARAMS_BLOCK_DPC,
			       VISP_PARAMS_FL_BLOCK_DISABLE);
	h->size = sizeof(*h);
	PB->data_size = sizeof(*h);
	T_EQ(visp_params_apply(&cfg, PB, used()), 0);
	T_TRUE(!cfg.dpc_en);
	T_EQ(cfg.dpc_thresh, 77);

	/* Full size with DISABLE: payload ignored, even if invalid. */
	visp_params_init(PB, PSIZE);
	h = visp_params_append(PB, PSIZE, VISP_PARAMS_BLOCK_DPC,
			       VISP_PARAMS_FL_BLOCK_DISABLE);
	((struct visp_params_dpc *)h)->threshold = 9999;
	T_EQ(visp_params_apply(&cfg, PB, used()), 0);
	T_EQ(cfg.dpc_thresh, 77);

	/* The demosaic and CSC blocks cannot be disabled. */
	visp_params_init(PB, PSIZE);
	visp_params_append(PB, PSIZE, VISP_PARAMS_BLOCK_DEMOSAIC,
			   VISP_PARAMS_FL_BLOCK_DISABLE);
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	visp_params_init(PB, PSIZE);
	visp_params_append(PB, PSIZE, VISP_PARAMS_BLOCK_CSC,
			   VISP_PARAMS_FL_BLOCK_DISABLE);
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
}

/* Build a one-block buffer of @type for the rejection tests. */
static void *one_block(unsigned int type, unsigned int flags)
{
	visp_params_init(PB, PSIZE);
	return visp_params_append(PB, PSIZE, type, flags);
}

static void test_reject_buffer(void)
{
	struct visp_model_config cfg = base_cfg(), before;
	struct visp_params_bls *bls;

	one_block(VISP_PARAMS_BLOCK_BLS, 0);
	T_EQ(visp_params_validate(PB, used()), 0);
	T_EQ(visp_params_validate(PB, used() - 1), -EINVAL);
	T_EQ(visp_params_validate(PB, 7), -EINVAL);
	T_EQ(visp_params_validate(NULL, 100), -EINVAL);

	/* 0 and 1 are both the first version, as in V4L2 ISP. */
	PB->version = 0;
	T_EQ(visp_params_validate(PB, used()), 0);
	PB->version = 2;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	PB->version = VISP_PARAMS_BUFFER_V1;

	PB->data_size = VISP_PARAMS_MAX_SIZE + 8;
	T_EQ(visp_params_validate(PB, PSIZE), -EINVAL);

	/* Empty buffers are valid and change nothing. */
	PB->data_size = 0;
	T_EQ(visp_params_validate(PB, 8), 0);

	/* A truncated header. */
	PB->data_size = 4;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);

	/* Trailing bytes, and more than the largest buffer. */
	T_EQ(visp_params_validate(PB, used() + 8), -EINVAL);
	T_EQ(visp_params_validate(PB, PSIZE), -EINVAL);
	T_EQ(visp_params_validate(PB, 0), -EINVAL);

	/* A block running past data_size. */
	bls = one_block(VISP_PARAMS_BLOCK_BLS, VISP_PARAMS_FL_BLOCK_ENABLE);
	PB->data_size -= 8;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	PB->data_size += 8;

	/* A bad second block leaves the first unapplied. */
	bls->level[0] = 100;
	bls = visp_params_append(PB, PSIZE, VISP_PARAMS_BLOCK_BLS, 0);
	bls->level[1] = 4096;
	before = cfg;
	T_EQ(visp_params_apply(&cfg, PB, used()), -EINVAL);
	T_EQ(memcmp(&before, &cfg, sizeof(cfg)), 0);
	bls->level[1] = 4095;
	T_EQ(visp_params_apply(&cfg, PB, used()), 0);
	/* Later blocks of the same type win, the enable state is kept. */
	T_EQ(cfg.bls_level[0], 0);
	T_EQ(cfg.bls_level[1], 4095);
	T_TRUE(cfg.bls_en);
}

static void test_reject_header(void)
{
	struct visp_params_block_header *h;

	h = one_block(VISP_PARAMS_BLOCK_DPC, 0);
	h->type = VISP_PARAMS_BLOCK_TYPE_COUNT;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	h->type = 0xffff;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	h->type = VISP_PARAMS_BLOCK_DPC;
	T_EQ(visp_params_validate(PB, used()), 0);

	h->flags = VISP_PARAMS_FL_BLOCK_ENABLE | VISP_PARAMS_FL_BLOCK_DISABLE;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	h->flags = 1 << 2;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	h->flags = 1 << 8;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	h->flags = 0;

	h->size = 8;		/* header only without DISABLE */
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	h->size = 24;		/* larger than the structure */
	PB->data_size = 24;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	h->size = 12;		/* not a multiple of 8 */
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
}

static void test_reject_values(void)
{
	struct visp_params_lsc *lsc;
	struct visp_params_awb_gains *wb;
	struct visp_params_ccm *ccm;
	struct visp_params_gamma *gam;
	struct visp_params_csc *csc;
	struct visp_params_demosaic *dms;
	struct visp_params_dpc *dpc;
	struct visp_params_awb_stats *awb;
	struct visp_params_af_stats *af;
	struct visp_params_ae_stats *ae;

	lsc = one_block(VISP_PARAMS_BLOCK_LSC, 0);
	lsc->gain[3][220] = 16383;
	T_EQ(visp_params_validate(PB, used()), 0);
	lsc->gain[3][220] = 16384;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);

	wb = one_block(VISP_PARAMS_BLOCK_AWB_GAINS, 0);
	wb->gain[2] = 16384;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);

	ccm = one_block(VISP_PARAMS_BLOCK_CCM, 0);
	ccm->coeff[1][1] = 8191;
	ccm->offset[0] = 4095;
	T_EQ(visp_params_validate(PB, used()), 0);
	ccm->coeff[1][1] = -8193;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	ccm->coeff[1][1] = 0;
	ccm->offset[1] = -4097;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	ccm->offset[1] = 0;
	ccm->reserved[3] = 1;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);

	gam = one_block(VISP_PARAMS_BLOCK_GAMMA, 0);
	gam->curve[0] = 4096;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);

	csc = one_block(VISP_PARAMS_BLOCK_CSC, 0);
	csc->matrix = 3;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	csc->matrix = 0;
	csc->range = 2;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);

	dms = one_block(VISP_PARAMS_BLOCK_DEMOSAIC, 0);
	dms->mode = VISP_DEMOSAIC_DIRECTIONAL + 1;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);

	dpc = one_block(VISP_PARAMS_BLOCK_DPC, 0);
	dpc->threshold = 4096;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);

	awb = one_block(VISP_PARAMS_BLOCK_AWB_STATS, 0);
	awb->window = (struct visp_stats_window){ .zone_w = 8, .zone_h = 8,
						  .grid_w = 16,
						  .grid_h = 16 };
	T_EQ(visp_params_validate(PB, used()), 0);
	awb->window.x = 1;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	awb->window.x = 0;
	awb->window.grid_h = 17;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	awb->window.grid_h = 0;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	awb->window.grid_h = 1;
	awb->window.zone_w = 6;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	awb->window.zone_w = 256;
	T_EQ(visp_params_validate(PB, used()), 0);
	awb->window.x = 2;	/* 2 + 16 * 256 > 4096 */
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	awb->window.x = 0;
	awb->window.reserved[5] = 1;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	awb->window.reserved[5] = 0;
	awb->sat_threshold = 4096;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);

	ae = one_block(VISP_PARAMS_BLOCK_AE_STATS, 0);
	ae->window = (struct visp_stats_window){ .zone_w = 8, .zone_h = 8,
						 .grid_w = 1, .grid_h = 1,
						 .y = 3064 };
	T_EQ(visp_params_validate(PB, used()), 0);
	ae->window.y = 3066;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
	ae->window.y = 0;
	ae->tap = 2;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);

	af = one_block(VISP_PARAMS_BLOCK_AF_STATS, 0);
	af->window = (struct visp_stats_window){ .zone_w = 8, .zone_h = 8,
						 .grid_w = 1, .grid_h = 1 };
	af->threshold = 4096;
	T_EQ(visp_params_validate(PB, used()), -EINVAL);
}

/* The predictor applied to a frame: parameters then model. */
static void test_params_to_frame(void)
{
	struct visp_params_awb_gains *wb;
	struct tb t;

	tb_init(&t, VISP_IN_TYPE_RAW12, VISP_BAYER_RGGB, 64, 32);
	tb_path(&t, VISP_PATH_MAIN, VISP_OUT_FMT_RGB24, 0, 0, 64, 32, 64, 32);
	tb_fill(&t, 1000, 1000, 1000, 1000);
	visp_params_init(PB, PSIZE);
	wb = visp_params_append(PB, PSIZE, VISP_PARAMS_BLOCK_AWB_GAINS,
				VISP_PARAMS_FL_BLOCK_ENABLE);
	wb->gain[VISP_CFA_R] = 2048;
	wb->gain[VISP_CFA_GR] = 1024;
	wb->gain[VISP_CFA_GB] = 1024;
	wb->gain[VISP_CFA_B] = 512;
	T_EQ(visp_params_apply(&t.cfg, PB, used()), 0);
	T_EQ(tb_run(&t), 0);
	/* 2000 -> 125, 1000 -> 62, 500 -> 31 (500 * 255 / 4095 = 31.1) */
	T_EQ(tb_px(&t, 0, 0, 30, 5)[0], 125);
	T_EQ(tb_px(&t, 0, 0, 30, 5)[1], 62);
	T_EQ(tb_px(&t, 0, 0, 30, 5)[2], 31);
	tb_free(&t);
}

/* The driver's table of good and bad buffers, on the library's build. */
static void test_shared_cases(void)
{
	static union {
		struct visp_params_buffer buf;
		u8 bytes[VPC_BUF_SIZE];
		u64 align;
	} cbuf;
	struct visp_model_config cfg = base_cfg();
	unsigned int i;
	char msg[160];
	size_t used;
	int ret;

	for (i = 0; i < ARRAY_SIZE(visp_params_cases); i++) {
		const struct visp_params_case *c = &visp_params_cases[i];

		memset(&cbuf, 0, sizeof(cbuf));
		used = c->make(&cbuf.buf);
		ret = visp_params_check(&cbuf.buf, used, msg, sizeof(msg));
		if (ret != c->expect || !strstr(msg, c->msg) ||
		    (!c->expect && msg[0])) {
			printf("#   case %s: %d \"%s\", expected %d \"%s\"\n",
			       c->name, ret, msg, c->expect, c->msg);
			tap_errors++;
		}
		T_EQ(visp_params_apply(&cfg, &cbuf.buf, used), c->expect);
	}
}

const struct tcase params_tests[] = {
	{ "params: the driver's good and bad buffers", test_shared_cases },
	{ "uapi: binary layout", test_uapi_layout },
	{ "params: builder appends every block type", test_builder_all_blocks },
	{ "params: blocks applied to the configuration", test_apply_blocks },
	{ "params: DISABLE with and without payload",
	  test_disable_header_only },
	{ "params: bad buffers rejected, nothing applied", test_reject_buffer },
	{ "params: bad block headers rejected", test_reject_header },
	{ "params: out-of-range values rejected", test_reject_values },
	{ "params: buffer applied to a frame", test_params_to_frame },
	{ NULL, NULL },
};
