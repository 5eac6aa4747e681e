// SPDX-License-Identifier: GPL-2.0
/*
 * Register decoding: a configuration encoded into registers by hand, from
 * the tables of Documentation/driver-api/media/drivers/visp/registers.rst,
 * must decode back to itself.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <string.h>

#include "tap.h"

static u32 regs[0x2000 / 4];
static u32 seed;

static u32 rnd(u32 n)
{
	seed = seed * 1664525u + 1013904223u;
	return (seed >> 8) % n;
}

#define R(off)	regs[(off) / 4]

static void encode_window(u32 base, const struct visp_model_window *w,
			  u32 ctrl, u32 thresh)
{
	R(base) = ctrl;
	R(base + 0x4) = w->x | w->y << 16;
	R(base + 0x8) = w->zone_w | w->zone_h << 16;
	R(base + 0xc) = w->grid_w | w->grid_h << 8;
	R(base + 0x10) = thresh;
}

static void encode(const struct visp_model_config *c)
{
	unsigned int i, n, p;

	memset(regs, 0, sizeof(regs));
	R(0x100) = c->bayer | c->in_type << 4;
	R(0x104) = c->in_width | c->in_height << 16;
	R(0x500) = c->bls_en;
	R(0x504) = c->bls_level[0] | c->bls_level[1] << 16;
	R(0x508) = c->bls_level[2] | c->bls_level[3] << 16;
	R(0x510) = c->dpc_en;
	R(0x514) = c->dpc_thresh;
	R(0x520) = c->lsc_en;
	R(0x524) = c->lsc_xstep;
	R(0x528) = c->lsc_ystep;
	for (i = 0; i < 4; i++)
		for (n = 0; n < 221; n++)
			R(0x1000 + i * 0x400 + n * 4) = c->lsc_table[i][n];
	R(0x530) = c->wb_en;
	R(0x534) = c->wb_gain[0] | c->wb_gain[1] << 16;
	R(0x538) = c->wb_gain[2] | c->wb_gain[3] << 16;
	R(0x540) = c->dms_mode;
	R(0x550) = c->ccm_en;
	for (i = 0; i < 9; i++)
		R(0x554 + 4 * i) = c->ccm_coeff[i] & 0x3fff;
	for (i = 0; i < 3; i++)
		R(0x578 + 4 * i) = c->ccm_offset[i] & 0x1fff;
	R(0x590) = c->gamma_en | c->tone_seg << 1;
	for (i = 0; i < 65; i++)
		R(0x800 + 4 * i) = c->gamma_lut[i];
	for (i = 0; i < 145; i++)
		R(0xa00 + 4 * i) = c->tone_lut[i];
	R(0x5a0) = c->csc_matrix | c->csc_full_range << 4;
	for (p = 0; p < 2; p++) {
		const struct visp_model_path *pa = &c->path[p];
		u32 b = 0x200 + 0x100 * p;

		R(b) = pa->enable | pa->format << 4;
		R(b + 0x4) = pa->crop_x | pa->crop_y << 16;
		R(b + 0x8) = pa->crop_w | pa->crop_h << 16;
		R(b + 0xc) = pa->out_w | pa->out_h << 16;
		R(b + 0x10) = pa->hstep;
		R(b + 0x14) = pa->vstep;
		R(b + 0x18) = (u32)pa->hphase;
		R(b + 0x1c) = (u32)pa->vphase;
	}
	R(0x400) = c->stats_en;
	encode_window(0x600, &c->awb_win, c->awb_en, c->awb_thresh);
	encode_window(0x620, &c->ae_win, c->ae_en | c->ae_post_gamma << 1, 0);
	encode_window(0x640, &c->af_win, c->af_en, c->af_thresh);
}

static void random_window(struct visp_model_window *w)
{
	w->x = rnd(4096);
	w->y = rnd(3072);
	w->zone_w = rnd(4097);
	w->zone_h = rnd(3073);
	w->grid_w = 1 + rnd(16);
	w->grid_h = 1 + rnd(16);
}

static void random_cfg(struct visp_model_config *c)
{
	unsigned int i, n, p;

	memset(c, 0, sizeof(*c));
	c->in_type = rnd(6);
	c->bayer = rnd(4);
	c->in_width = rnd(4097);
	c->in_height = rnd(3073);
	c->bls_en = rnd(2);
	c->dpc_en = rnd(2);
	c->lsc_en = rnd(2);
	c->wb_en = rnd(2);
	c->dms_mode = rnd(3);
	c->ccm_en = rnd(2);
	c->gamma_en = rnd(2);
	c->csc_matrix = rnd(3);
	c->csc_full_range = rnd(2);
	c->stats_en = rnd(2);
	c->awb_en = rnd(2);
	c->ae_en = rnd(2);
	c->ae_post_gamma = rnd(2);
	c->af_en = rnd(2);
	c->dpc_thresh = rnd(4096);
	c->lsc_xstep = rnd(0x20000);
	c->lsc_ystep = rnd(0x20000);
	c->awb_thresh = rnd(4096);
	c->af_thresh = rnd(4096);
	for (i = 0; i < 4; i++) {
		c->bls_level[i] = rnd(4096);
		c->wb_gain[i] = rnd(16384);
		for (n = 0; n < 221; n++)
			c->lsc_table[i][n] = rnd(16384);
	}
	for (i = 0; i < 9; i++)
		c->ccm_coeff[i] = (int)rnd(16384) - 8192;
	for (i = 0; i < 3; i++)
		c->ccm_offset[i] = (int)rnd(8192) - 4096;
	for (i = 0; i < 65; i++)
		c->gamma_lut[i] = rnd(4096);
	c->tone_seg = rnd(2);
	for (i = 0; i < 145; i++)
		c->tone_lut[i] = rnd(4096);
	for (p = 0; p < 2; p++) {
		struct visp_model_path *pa = &c->path[p];

		pa->enable = rnd(2);
		pa->format = rnd(7);
		pa->crop_x = rnd(4096);
		pa->crop_y = rnd(3072);
		pa->crop_w = rnd(4097);
		pa->crop_h = rnd(3073);
		pa->out_w = rnd(4097);
		pa->out_h = rnd(3073);
		pa->hstep = rnd(0x100000);
		pa->vstep = rnd(0x100000);
		pa->hphase = (s32)rnd(1u << 24) * 128 - (1 << 30);
		pa->vphase = -(s32)rnd(1u << 20);
	}
	random_window(&c->awb_win);
	random_window(&c->ae_win);
	random_window(&c->af_win);
}

static void test_decode_roundtrip(void)
{
	struct visp_model_config in, out;
	int i, bad = 0;

	for (i = 0; i < 200; i++) {
		random_cfg(&in);
		encode(&in);
		memset(&out, 0, sizeof(out));
		visp_model_decode_regs(regs, &out);
		if (memcmp(&in, &out, sizeof(in)) && !bad++)
			T_EQ(i, -1);
	}
}

static void test_decode_ignores_reserved(void)
{
	struct visp_model_config in, out;

	random_cfg(&in);
	encode(&in);
	/* Reserved bits set: the decoded configuration does not change. */
	R(0x100) |= 0xffffff8c;
	R(0x554) |= 0xffffc000 & ~0u;
	R(0x514) |= 0xfffff000;
	R(0x200) |= 0xffffff0e;
	memset(&out, 0, sizeof(out));
	visp_model_decode_regs(regs, &out);
	/* The coefficient's bits 31:14 are not part of the field. */
	T_EQ(out.ccm_coeff[0], in.ccm_coeff[0]);
	T_EQ(out.dpc_thresh, in.dpc_thresh);
	T_EQ(out.in_type, in.in_type);
	T_EQ(out.bayer, in.bayer);
	T_EQ(out.path[0].format, in.path[0].format);
	T_EQ(out.path[0].enable, in.path[0].enable);

	/* Sign extension of the 14- and 13-bit fields. */
	R(0x554) = 0x2000;
	R(0x578) = 0x1fff;
	visp_model_decode_regs(regs, &out);
	T_EQ(out.ccm_coeff[0], -8192);
	T_EQ(out.ccm_offset[0], -1);
}

const struct tcase regs_tests[] = {
	{ "regs: decode of hand-encoded registers", test_decode_roundtrip },
	{ "regs: reserved bits ignored, signed fields",
	  test_decode_ignores_reserved },
	{ NULL, NULL },
};
