// SPDX-License-Identifier: GPL-2.0
/*
 * libvispmodel: configuration helpers, parameters buffers and statistics
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <string.h>

#include "libvisp.h"

#define VISP_HDR_SIZE	sizeof(struct visp_params_block_header)

static const size_t visp_block_sizes[VISP_PARAMS_BLOCK_TYPE_COUNT] = {
	[VISP_PARAMS_BLOCK_BLS] = sizeof(struct visp_params_bls),
	[VISP_PARAMS_BLOCK_DPC] = sizeof(struct visp_params_dpc),
	[VISP_PARAMS_BLOCK_LSC] = sizeof(struct visp_params_lsc),
	[VISP_PARAMS_BLOCK_AWB_GAINS] = sizeof(struct visp_params_awb_gains),
	[VISP_PARAMS_BLOCK_DEMOSAIC] = sizeof(struct visp_params_demosaic),
	[VISP_PARAMS_BLOCK_CCM] = sizeof(struct visp_params_ccm),
	[VISP_PARAMS_BLOCK_GAMMA] = sizeof(struct visp_params_gamma),
	[VISP_PARAMS_BLOCK_CSC] = sizeof(struct visp_params_csc),
	[VISP_PARAMS_BLOCK_AWB_STATS] = sizeof(struct visp_params_awb_stats),
	[VISP_PARAMS_BLOCK_AE_STATS] = sizeof(struct visp_params_ae_stats),
	[VISP_PARAMS_BLOCK_AF_STATS] = sizeof(struct visp_params_af_stats),
};

static void visp_default_window(struct visp_model_window *win)
{
	win->x = 0;
	win->y = 0;
	win->zone_w = 120;
	win->zone_h = 66;
	win->grid_w = VISP_STATS_GRID_MAX;
	win->grid_h = VISP_STATS_GRID_MAX;
}

void visp_config_init(struct visp_model_config *cfg)
{
	unsigned int i, n;

	memset(cfg, 0, sizeof(*cfg));

	cfg->dpc_thresh = 256;
	for (i = 0; i < VISP_CFA_CHANNELS; i++) {
		cfg->wb_gain[i] = VISP_GAIN_UNITY;
		for (n = 0; n < VISP_LSC_GRID_NODES; n++)
			cfg->lsc_table[i][n] = VISP_GAIN_UNITY;
	}
	for (i = 0; i < 3; i++)
		cfg->ccm_coeff[i * 4] = 1024;
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		cfg->gamma_lut[i] = i * 64 > VISP_PIXEL_MAX ?
				    VISP_PIXEL_MAX : i * 64;
	cfg->csc_matrix = VISP_CSC_BT601;
	cfg->csc_full_range = false;
	visp_default_window(&cfg->awb_win);
	cfg->awb_thresh = VISP_PIXEL_MAX;
	visp_default_window(&cfg->ae_win);
	visp_default_window(&cfg->af_win);
}

void visp_config_set_input(struct visp_model_config *cfg, u8 in_type,
			   u8 bayer, u32 width, u32 height)
{
	cfg->in_type = in_type;
	cfg->bayer = bayer;
	cfg->in_width = width;
	cfg->in_height = height;
	cfg->lsc_xstep = width ? (VISP_LSC_GRID_CELLS_X << 16) / width : 0;
	cfg->lsc_ystep = height ? (VISP_LSC_GRID_CELLS_Y << 16) / height : 0;
}

static void visp_scale(u32 in, u32 out, u32 *step, s32 *phase)
{
	*step = out ? (in << 16) / out : 0;
	*phase = ((s32)*step - 65536) / 2;
}

void visp_config_set_path(struct visp_model_config *cfg, unsigned int path,
			  u8 format, u32 crop_x, u32 crop_y, u32 crop_w,
			  u32 crop_h, u32 out_w, u32 out_h)
{
	struct visp_model_path *p = &cfg->path[path];

	p->enable = true;
	p->format = format;
	p->crop_x = crop_x;
	p->crop_y = crop_y;
	p->crop_w = crop_w;
	p->crop_h = crop_h;
	p->out_w = out_w;
	p->out_h = out_h;
	visp_scale(crop_w, out_w, &p->hstep, &p->hphase);
	visp_scale(crop_h, out_h, &p->vstep, &p->vphase);
}

size_t visp_params_block_size(unsigned int type)
{
	return type < VISP_PARAMS_BLOCK_TYPE_COUNT ? visp_block_sizes[type] : 0;
}

static bool visp_zero(const void *p, size_t n)
{
	const u8 *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

static bool visp_window_ok(const struct visp_stats_window *w)
{
	return w->grid_w >= 1 && w->grid_w <= VISP_STATS_GRID_MAX &&
	       w->grid_h >= 1 && w->grid_h <= VISP_STATS_GRID_MAX &&
	       w->zone_w >= VISP_STATS_ZONE_MIN &&
	       w->zone_h >= VISP_STATS_ZONE_MIN &&
	       !((w->x | w->y | w->zone_w | w->zone_h) & 1) &&
	       (u32)w->x + (u32)w->zone_w * w->grid_w <= VISP_MAX_WIDTH &&
	       (u32)w->y + (u32)w->zone_h * w->grid_h <= VISP_MAX_HEIGHT &&
	       visp_zero(w->reserved, sizeof(w->reserved));
}

static bool visp_all_le(const u16 *v, size_t n, u16 max)
{
	while (n--)
		if (*v++ > max)
			return false;
	return true;
}

/* Check the payload of a block whose DISABLE flag is not set. */
static bool visp_block_payload_ok(const struct visp_params_block_header *h)
{
	unsigned int i;

	switch (h->type) {
	case VISP_PARAMS_BLOCK_BLS: {
		const struct visp_params_bls *b = (const void *)h;

		return visp_all_le(b->level, VISP_CFA_CHANNELS,
				   VISP_PIXEL_MAX);
	}
	case VISP_PARAMS_BLOCK_DPC: {
		const struct visp_params_dpc *b = (const void *)h;

		return b->threshold <= VISP_PIXEL_MAX &&
		       visp_zero(b->reserved, sizeof(b->reserved));
	}
	case VISP_PARAMS_BLOCK_LSC: {
		const struct visp_params_lsc *b = (const void *)h;

		return visp_all_le(&b->gain[0][0],
				   VISP_CFA_CHANNELS * VISP_LSC_GRID_NODES,
				   VISP_GAIN_MAX);
	}
	case VISP_PARAMS_BLOCK_AWB_GAINS: {
		const struct visp_params_awb_gains *b = (const void *)h;

		return visp_all_le(b->gain, VISP_CFA_CHANNELS, VISP_GAIN_MAX);
	}
	case VISP_PARAMS_BLOCK_DEMOSAIC: {
		const struct visp_params_demosaic *b = (const void *)h;

		return b->mode <= VISP_DEMOSAIC_EDGE_AWARE &&
		       visp_zero(b->reserved, sizeof(b->reserved));
	}
	case VISP_PARAMS_BLOCK_CCM: {
		const struct visp_params_ccm *b = (const void *)h;

		for (i = 0; i < 9; i++)
			if (b->coeff[i / 3][i % 3] < VISP_CCM_COEFF_MIN ||
			    b->coeff[i / 3][i % 3] > VISP_CCM_COEFF_MAX)
				return false;
		for (i = 0; i < 3; i++)
			if (b->offset[i] < VISP_CCM_OFFSET_MIN ||
			    b->offset[i] > VISP_CCM_OFFSET_MAX)
				return false;
		return visp_zero(b->reserved, sizeof(b->reserved));
	}
	case VISP_PARAMS_BLOCK_GAMMA: {
		const struct visp_params_gamma *b = (const void *)h;

		return visp_all_le(b->curve, VISP_GAMMA_POINTS,
				   VISP_PIXEL_MAX) &&
		       visp_zero(b->reserved, sizeof(b->reserved));
	}
	case VISP_PARAMS_BLOCK_CSC: {
		const struct visp_params_csc *b = (const void *)h;

		return b->matrix <= VISP_CSC_BT2020 &&
		       b->range <= VISP_CSC_RANGE_FULL &&
		       visp_zero(b->reserved, sizeof(b->reserved));
	}
	case VISP_PARAMS_BLOCK_AWB_STATS: {
		const struct visp_params_awb_stats *b = (const void *)h;

		return visp_window_ok(&b->window) &&
		       b->sat_threshold <= VISP_PIXEL_MAX &&
		       visp_zero(b->reserved, sizeof(b->reserved));
	}
	case VISP_PARAMS_BLOCK_AE_STATS: {
		const struct visp_params_ae_stats *b = (const void *)h;

		return visp_window_ok(&b->window) &&
		       b->tap <= VISP_AE_TAP_POST_GAMMA &&
		       visp_zero(b->reserved, sizeof(b->reserved));
	}
	case VISP_PARAMS_BLOCK_AF_STATS: {
		const struct visp_params_af_stats *b = (const void *)h;

		return visp_window_ok(&b->window) &&
		       b->threshold <= VISP_PIXEL_MAX &&
		       visp_zero(b->reserved, sizeof(b->reserved));
	}
	default:
		return false;
	}
}

static bool visp_block_ok(const struct visp_params_block_header *h,
			  size_t remaining)
{
	u16 both = VISP_PARAMS_FL_BLOCK_ENABLE | VISP_PARAMS_FL_BLOCK_DISABLE;
	bool disable = h->flags & VISP_PARAMS_FL_BLOCK_DISABLE;

	if (h->type >= VISP_PARAMS_BLOCK_TYPE_COUNT)
		return false;
	if ((h->flags & ~both) || (h->flags & both) == both)
		return false;
	if (h->size > remaining)
		return false;
	if (disable) {
		if (h->type == VISP_PARAMS_BLOCK_DEMOSAIC ||
		    h->type == VISP_PARAMS_BLOCK_CSC)
			return false;
		return h->size == VISP_HDR_SIZE ||
		       h->size == visp_block_sizes[h->type];
	}
	return h->size == visp_block_sizes[h->type] &&
	       visp_block_payload_ok(h);
}

int visp_params_validate(const void *buf, size_t bytesused)
{
	const struct visp_params_buffer *pb = buf;
	size_t off = 0;

	if (!buf || bytesused < sizeof(*pb))
		return -EINVAL;
	if (pb->version != VISP_PARAMS_BUFFER_V1 ||
	    pb->data_size > VISP_PARAMS_MAX_SIZE ||
	    pb->data_size > bytesused - sizeof(*pb))
		return -EINVAL;

	while (off < pb->data_size) {
		const struct visp_params_block_header *h =
			(const void *)(pb->data + off);
		size_t remaining = pb->data_size - off;

		if (remaining < VISP_HDR_SIZE || !visp_block_ok(h, remaining))
			return -EINVAL;
		off += h->size;
	}

	return 0;
}

static void visp_apply_flags(bool *en, u16 flags)
{
	if (flags & VISP_PARAMS_FL_BLOCK_ENABLE)
		*en = true;
	else if (flags & VISP_PARAMS_FL_BLOCK_DISABLE)
		*en = false;
}

static void visp_apply_window(struct visp_model_window *win,
			      const struct visp_stats_window *w)
{
	win->x = w->x;
	win->y = w->y;
	win->zone_w = w->zone_w;
	win->zone_h = w->zone_h;
	win->grid_w = w->grid_w;
	win->grid_h = w->grid_h;
}

static void visp_apply_block(struct visp_model_config *cfg,
			     const struct visp_params_block_header *h)
{
	bool payload = !(h->flags & VISP_PARAMS_FL_BLOCK_DISABLE);
	unsigned int i;

	switch (h->type) {
	case VISP_PARAMS_BLOCK_BLS: {
		const struct visp_params_bls *b = (const void *)h;

		visp_apply_flags(&cfg->bls_en, h->flags);
		if (payload)
			memcpy(cfg->bls_level, b->level, sizeof(b->level));
		break;
	}
	case VISP_PARAMS_BLOCK_DPC: {
		const struct visp_params_dpc *b = (const void *)h;

		visp_apply_flags(&cfg->dpc_en, h->flags);
		if (payload)
			cfg->dpc_thresh = b->threshold;
		break;
	}
	case VISP_PARAMS_BLOCK_LSC: {
		const struct visp_params_lsc *b = (const void *)h;

		visp_apply_flags(&cfg->lsc_en, h->flags);
		if (payload)
			memcpy(cfg->lsc_table, b->gain, sizeof(b->gain));
		break;
	}
	case VISP_PARAMS_BLOCK_AWB_GAINS: {
		const struct visp_params_awb_gains *b = (const void *)h;

		visp_apply_flags(&cfg->wb_en, h->flags);
		if (payload)
			memcpy(cfg->wb_gain, b->gain, sizeof(b->gain));
		break;
	}
	case VISP_PARAMS_BLOCK_DEMOSAIC: {
		const struct visp_params_demosaic *b = (const void *)h;

		cfg->dms_edge_aware = b->mode == VISP_DEMOSAIC_EDGE_AWARE;
		break;
	}
	case VISP_PARAMS_BLOCK_CCM: {
		const struct visp_params_ccm *b = (const void *)h;

		visp_apply_flags(&cfg->ccm_en, h->flags);
		if (!payload)
			break;
		for (i = 0; i < 9; i++)
			cfg->ccm_coeff[i] = b->coeff[i / 3][i % 3];
		for (i = 0; i < 3; i++)
			cfg->ccm_offset[i] = b->offset[i];
		break;
	}
	case VISP_PARAMS_BLOCK_GAMMA: {
		const struct visp_params_gamma *b = (const void *)h;

		visp_apply_flags(&cfg->gamma_en, h->flags);
		if (payload)
			memcpy(cfg->gamma_lut, b->curve, sizeof(b->curve));
		break;
	}
	case VISP_PARAMS_BLOCK_CSC: {
		const struct visp_params_csc *b = (const void *)h;

		cfg->csc_matrix = b->matrix;
		cfg->csc_full_range = b->range == VISP_CSC_RANGE_FULL;
		break;
	}
	case VISP_PARAMS_BLOCK_AWB_STATS: {
		const struct visp_params_awb_stats *b = (const void *)h;

		visp_apply_flags(&cfg->awb_en, h->flags);
		if (!payload)
			break;
		visp_apply_window(&cfg->awb_win, &b->window);
		cfg->awb_thresh = b->sat_threshold;
		break;
	}
	case VISP_PARAMS_BLOCK_AE_STATS: {
		const struct visp_params_ae_stats *b = (const void *)h;

		visp_apply_flags(&cfg->ae_en, h->flags);
		if (!payload)
			break;
		visp_apply_window(&cfg->ae_win, &b->window);
		cfg->ae_post_gamma = b->tap == VISP_AE_TAP_POST_GAMMA;
		break;
	}
	case VISP_PARAMS_BLOCK_AF_STATS: {
		const struct visp_params_af_stats *b = (const void *)h;

		visp_apply_flags(&cfg->af_en, h->flags);
		if (!payload)
			break;
		visp_apply_window(&cfg->af_win, &b->window);
		cfg->af_thresh = b->threshold;
		break;
	}
	}
}

int visp_params_apply(struct visp_model_config *cfg, const void *buf,
		      size_t bytesused)
{
	const struct visp_params_buffer *pb = buf;
	size_t off = 0;

	if (visp_params_validate(buf, bytesused))
		return -EINVAL;

	while (off < pb->data_size) {
		const struct visp_params_block_header *h =
			(const void *)(pb->data + off);

		visp_apply_block(cfg, h);
		off += h->size;
	}

	return 0;
}

int visp_params_init(struct visp_params_buffer *buf, size_t size)
{
	if (size < sizeof(*buf))
		return -ENOSPC;
	buf->version = VISP_PARAMS_BUFFER_V1;
	buf->data_size = 0;
	return 0;
}

void *visp_params_append(struct visp_params_buffer *buf, size_t size,
			 unsigned int type, unsigned int flags)
{
	struct visp_params_block_header *h;
	size_t bsize = visp_params_block_size(type);

	if (!bsize || size < sizeof(*buf) ||
	    buf->data_size + bsize > size - sizeof(*buf) ||
	    buf->data_size + bsize > VISP_PARAMS_MAX_SIZE)
		return NULL;

	h = (void *)(buf->data + buf->data_size);
	memset(h, 0, bsize);
	h->type = type;
	h->flags = flags;
	h->size = bsize;
	buf->data_size += bsize;
	return h;
}

int visp_stats_validate(const void *buf, size_t bytesused)
{
	const struct visp_stats_buffer *st = buf;
	u32 meas = VISP_STATS_MEAS_AWB | VISP_STATS_MEAS_AE_HIST |
		   VISP_STATS_MEAS_AE_ZONES | VISP_STATS_MEAS_AF;

	if (!buf || bytesused < sizeof(*st))
		return -EINVAL;
	if (st->version < VISP_STATS_BUFFER_V1 || st->size < sizeof(*st) ||
	    st->size > bytesused)
		return -EINVAL;
	if (st->meas_valid & ~meas)
		return -EINVAL;
	if (st->awb_grid_w > VISP_STATS_GRID_MAX ||
	    st->awb_grid_h > VISP_STATS_GRID_MAX ||
	    st->ae_grid_w > VISP_STATS_GRID_MAX ||
	    st->ae_grid_h > VISP_STATS_GRID_MAX ||
	    st->af_grid_w > VISP_STATS_GRID_MAX ||
	    st->af_grid_h > VISP_STATS_GRID_MAX)
		return -EINVAL;
	return visp_zero(st->reserved, sizeof(st->reserved)) ? 0 : -EINVAL;
}

u32 visp_stats_awb_mean(const struct visp_stats_buffer *st, unsigned int gx,
			unsigned int gy, u32 rgb[3])
{
	const struct visp_stats_awb_zone *z;
	u64 n;

	rgb[0] = 0;
	rgb[1] = 0;
	rgb[2] = 0;
	if (!(st->meas_valid & VISP_STATS_MEAS_AWB) ||
	    gx >= st->awb_grid_w || gy >= st->awb_grid_h)
		return 0;

	z = &st->awb[gy * st->awb_grid_w + gx];
	n = z->count;
	if (!n)
		return 0;
	rgb[0] = (z->sum_r + n / 2) / n;
	rgb[1] = (z->sum_g + n) / (2 * n);
	rgb[2] = (z->sum_b + n / 2) / n;
	return z->count;
}

u64 visp_stats_hist_total(const struct visp_stats_buffer *st)
{
	u64 total = 0;
	unsigned int i;

	for (i = 0; i < VISP_STATS_HIST_BINS; i++)
		total += st->ae_hist[i];
	return total;
}
