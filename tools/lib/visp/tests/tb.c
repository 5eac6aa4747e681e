// SPDX-License-Identifier: GPL-2.0
/*
 * Test bench helpers: input frames written sample by sample with an
 * independent packer, output planes surrounded by guard bytes.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <stdlib.h>
#include <string.h>

#include "tap.h"

/* Colour channel at (x, y) for each Bayer order, written out by hand. */
static const char *const tb_orders[4] = { "RGGB", "GRBG", "GBRG", "BGGR" };

static u32 tb_round16(u32 v)
{
	return (v + 15) & ~15u;
}

void tb_init(struct tb *t, u8 in_type, u8 bayer, u32 width, u32 height)
{
	memset(t, 0, sizeof(*t));
	visp_config_init(&t->cfg);
	visp_config_set_input(&t->cfg, in_type, bayer, width, height);
	t->buf.in_stride = tb_round16(visp_model_in_line_bytes(in_type,
							       width));
	t->buf.in_size = t->buf.in_stride * height;
	t->in = calloc(1, t->buf.in_size);
	t->buf.in = t->in;
	t->buf.stats = &t->stats;
}

/* Write the sample at (x, y), in the native depth of the input type. */
void tb_set(struct tb *t, u32 x, u32 y, u32 v)
{
	u8 *row = t->in + (size_t)y * t->buf.in_stride;
	u8 *g;

	switch (t->cfg.in_type) {
	case VISP_IN_TYPE_RAW8:
		row[x] = v;
		break;
	case VISP_IN_TYPE_RAW10:
	case VISP_IN_TYPE_RAW12:
	case VISP_IN_TYPE_RAW16:
		row[2 * x] = v & 0xff;
		row[2 * x + 1] = v >> 8;
		break;
	case VISP_IN_TYPE_RAW10_CSI2P:
		/* 4 pixels in 5 bytes: MSBs, then the 2-bit LSBs, p0 low. */
		g = row + x / 4 * 5;
		g[x % 4] = v >> 2;
		g[4] &= ~(3 << (2 * (x % 4)));
		g[4] |= (v & 3) << (2 * (x % 4));
		break;
	case VISP_IN_TYPE_RAW12_CSI2P:
		/* 2 pixels in 3 bytes: MSBs, then the 4-bit LSBs, p0 low. */
		g = row + x / 2 * 3;
		g[x % 2] = v >> 4;
		g[2] &= ~(15 << (4 * (x % 2)));
		g[2] |= (v & 15) << (4 * (x % 2));
		break;
	}
}

void tb_fill(struct tb *t, u32 r, u32 gr, u32 gb, u32 b)
{
	const char *o = tb_orders[t->cfg.bayer];
	u32 x, y;

	for (y = 0; y < t->cfg.in_height; y++) {
		for (x = 0; x < t->cfg.in_width; x++) {
			char c = o[(y & 1) * 2 + (x & 1)];
			u32 v;

			if (c == 'R')
				v = r;
			else if (c == 'B')
				v = b;
			else
				v = (y & 1) == ((o[0] == 'R' || o[1] == 'R') ?
						0 : 1) ? gr : gb;
			tb_set(t, x, y, v);
		}
	}
}

void tb_path(struct tb *t, unsigned int path, u8 format, u32 cx, u32 cy,
	     u32 cw, u32 ch, u32 ow, u32 oh)
{
	unsigned int n;

	visp_config_set_path(&t->cfg, path, format, cx, cy, cw, ch, ow, oh);
	for (n = 0; n < visp_model_out_planes(format); n++) {
		u32 lb = visp_model_out_line_bytes(format, ow, n);
		u32 lines = visp_model_out_lines(format, oh, n);
		struct visp_model_plane *pl = &t->buf.out[path][n];

		pl->stride = lb + TB_PAD;
		pl->size = pl->stride * lines;
		t->out_alloc[path][n] = pl->size + TB_PAD;
		t->out[path][n] = malloc(t->out_alloc[path][n]);
		memset(t->out[path][n], TB_GUARD, t->out_alloc[path][n]);
		pl->data = t->out[path][n];
	}
}

int tb_run(struct tb *t)
{
	size_t size = visp_model_scratch_size(&t->cfg);
	void *scratch = malloc(size);
	int ret;

	t->buf.frame_sequence = 42;
	ret = visp_model_run(&t->cfg, &t->buf, scratch, size);
	free(scratch);
	return ret;
}

u8 *tb_px(struct tb *t, unsigned int path, unsigned int plane, u32 x,
	  u32 y)
{
	return t->out[path][plane] +
	       (size_t)y * t->buf.out[path][plane].stride + x;
}

/* The padding after each line and after the plane is untouched. */
bool tb_guards_ok(struct tb *t)
{
	unsigned int p, n;
	u32 i, y;

	for (p = 0; p < VISP_PATH_COUNT; p++) {
		for (n = 0; n < 2; n++) {
			const struct visp_model_path *path = &t->cfg.path[p];
			u32 lb, lines;

			if (!t->out[p][n])
				continue;
			lb = visp_model_out_line_bytes(path->format,
						       path->out_w, n);
			lines = visp_model_out_lines(path->format,
						     path->out_h, n);
			for (y = 0; y < lines; y++)
				for (i = lb; i < lb + TB_PAD; i++)
					if (*tb_px(t, p, n, i, y) != TB_GUARD)
						return false;
			for (i = t->buf.out[p][n].size;
			     i < t->out_alloc[p][n]; i++)
				if (t->out[p][n][i] != TB_GUARD)
					return false;
		}
	}
	return true;
}

/* Two benches with the same configuration wrote the same bytes. */
bool tb_same(struct tb *a, struct tb *b)
{
	unsigned int p, n;

	for (p = 0; p < VISP_PATH_COUNT; p++)
		for (n = 0; n < 2; n++)
			if (a->out[p][n] &&
			    memcmp(a->out[p][n], b->out[p][n],
				   a->out_alloc[p][n]))
				return false;
	return !memcmp(&a->stats, &b->stats, sizeof(a->stats));
}

void tb_free(struct tb *t)
{
	unsigned int p, n;

	free(t->in);
	for (p = 0; p < VISP_PATH_COUNT; p++)
		for (n = 0; n < 2; n++)
			free(t->out[p][n]);
}
