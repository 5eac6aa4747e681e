// SPDX-License-Identifier: GPL-2.0
/*
 * libvisp: statistics buffers
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "libvisp.h"

static bool visp_zero(const void *p, size_t n)
{
	const u8 *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
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

int visp_stats_parse(const void *buf, size_t bytesused,
		     struct visp_stats_view *view)
{
	const struct visp_stats_buffer *st = buf;

	if (!view)
		return -EINVAL;
	memset(view, 0, sizeof(*view));
	/* The zone sums are 64-bit: read them at their natural alignment. */
	if ((uintptr_t)buf % sizeof(u64))
		return -EINVAL;
	if (visp_stats_validate(buf, bytesused))
		return -EINVAL;

	view->stats = st;
	view->version = st->version;
	view->frame_sequence = st->frame_sequence;
	view->meas_valid = st->meas_valid;
	view->awb_grid_w = st->awb_grid_w;
	view->awb_grid_h = st->awb_grid_h;
	view->ae_grid_w = st->ae_grid_w;
	view->ae_grid_h = st->ae_grid_h;
	view->af_grid_w = st->af_grid_w;
	view->af_grid_h = st->af_grid_h;
	return 0;
}

/*
 * Index of zone (@gx, @gy) of measurement @bit (VISP_STATS_MEAS_AWB,
 * _AE_ZONES or _AF), or a negative error: -ENODATA when the measurement is
 * not valid, -EINVAL when the zone is outside its grid.
 */
static int visp_stats_zone(const struct visp_stats_view *view, u32 bit,
			   unsigned int gx, unsigned int gy)
{
	unsigned int w, h;

	if (!view || !view->stats)
		return -EINVAL;
	if (!(view->meas_valid & bit))
		return -ENODATA;

	switch (bit) {
	case VISP_STATS_MEAS_AWB:
		w = view->awb_grid_w;
		h = view->awb_grid_h;
		break;
	case VISP_STATS_MEAS_AE_ZONES:
		w = view->ae_grid_w;
		h = view->ae_grid_h;
		break;
	default:
		w = view->af_grid_w;
		h = view->af_grid_h;
		break;
	}
	if (gx >= w || gy >= h)
		return -EINVAL;
	return gy * w + gx;
}

int visp_stats_get_awb(const struct visp_stats_view *view, unsigned int gx,
		       unsigned int gy, struct visp_stats_awb *awb)
{
	u32 rgb[3];
	int i;

	if (!awb)
		return -EINVAL;
	memset(awb, 0, sizeof(*awb));
	i = visp_stats_zone(view, VISP_STATS_MEAS_AWB, gx, gy);
	if (i < 0)
		return i;

	awb->count = visp_stats_awb_mean(view->stats, gx, gy, rgb);
	awb->r = rgb[0];
	awb->g = rgb[1];
	awb->b = rgb[2];
	return 0;
}

int visp_stats_get_ae_hist(const struct visp_stats_view *view,
			   const u32 **hist)
{
	if (!view || !view->stats || !hist)
		return -EINVAL;
	*hist = NULL;
	if (!(view->meas_valid & VISP_STATS_MEAS_AE_HIST))
		return -ENODATA;
	*hist = view->stats->ae_hist;
	return 0;
}

int visp_stats_get_ae_zone(const struct visp_stats_view *view,
			   unsigned int gx, unsigned int gy, u16 *mean)
{
	int i;

	if (!mean)
		return -EINVAL;
	*mean = 0;
	i = visp_stats_zone(view, VISP_STATS_MEAS_AE_ZONES, gx, gy);
	if (i < 0)
		return i;
	*mean = view->stats->ae_zone_mean[i];
	return 0;
}

int visp_stats_get_af(const struct visp_stats_view *view, unsigned int gx,
		      unsigned int gy, u64 *sharpness)
{
	int i;

	if (!sharpness)
		return -EINVAL;
	*sharpness = 0;
	i = visp_stats_zone(view, VISP_STATS_MEAS_AF, gx, gy);
	if (i < 0)
		return i;
	*sharpness = view->stats->af_sharpness[i];
	return 0;
}
