// SPDX-License-Identifier: GPL-2.0
/*
 * VISP ISP driver - parameters buffers validation and configuration
 *
 * The rules of the parameters buffers documented in visp-config.h, the
 * application of validated buffers to the configuration and its reset
 * defaults. Compiled into the driver and into the userspace predictor
 * library (tools/lib/visp), so both apply the same rules; the code calls
 * no library function. Why a buffer is invalid is reported with dev_dbg(),
 * which the library maps to an error message (see
 * tools/lib/visp/include/linux/device.h).
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>

#include <kunit/visibility.h>
#include <media/visp-regs.h>

#include "visp-params-core.h"

#define VISP_HDR_SIZE	sizeof(struct visp_params_block_header)

/**
 * struct visp_block_info - parameters block type information
 * @name: name used in debug messages
 * @size: size of the block structure
 * @bypassable: the block accepts VISP_PARAMS_FL_BLOCK_DISABLE
 */
struct visp_block_info {
	const char *name;
	size_t size;
	bool bypassable;
};

static const struct visp_block_info visp_blocks[VISP_PARAMS_BLOCK_TYPE_COUNT] = {
	[VISP_PARAMS_BLOCK_BLS] = {
		"BLS", sizeof(struct visp_params_bls), true },
	[VISP_PARAMS_BLOCK_DPC] = {
		"DPC", sizeof(struct visp_params_dpc), true },
	[VISP_PARAMS_BLOCK_LSC] = {
		"LSC", sizeof(struct visp_params_lsc), true },
	[VISP_PARAMS_BLOCK_AWB_GAINS] = {
		"AWB gains", sizeof(struct visp_params_awb_gains), true },
	[VISP_PARAMS_BLOCK_DEMOSAIC] = {
		"demosaic", sizeof(struct visp_params_demosaic), false },
	[VISP_PARAMS_BLOCK_CCM] = {
		"CCM", sizeof(struct visp_params_ccm), true },
	[VISP_PARAMS_BLOCK_GAMMA] = {
		"gamma", sizeof(struct visp_params_gamma), true },
	[VISP_PARAMS_BLOCK_CSC] = {
		"CSC", sizeof(struct visp_params_csc), false },
	[VISP_PARAMS_BLOCK_AWB_STATS] = {
		"AWB stats", sizeof(struct visp_params_awb_stats), true },
	[VISP_PARAMS_BLOCK_AE_STATS] = {
		"AE stats", sizeof(struct visp_params_ae_stats), true },
	[VISP_PARAMS_BLOCK_AF_STATS] = {
		"AF stats", sizeof(struct visp_params_af_stats), true },
	[VISP_PARAMS_BLOCK_TONE] = {
		"tone", sizeof(struct visp_params_tone), true },
};

/**
 * visp_params_block_size() - size of a parameters block
 * @type: one of enum visp_params_block_type
 *
 * Return: the size of the block structure of @type, 0 for an unknown type.
 */
size_t visp_params_block_size(unsigned int type)
{
	return type < VISP_PARAMS_BLOCK_TYPE_COUNT ? visp_blocks[type].size : 0;
}
EXPORT_SYMBOL_IF_KUNIT(visp_params_block_size);

/**
 * visp_params_tone_point() - input of a point of the segmented tone curve
 * @i: point, 0 to VISP_TONE_POINTS - 1
 *
 * Return: the 12-bit input at which point @i of struct visp_params_tone
 * lies, 4096 for the last point; 0 for @i out of range.
 */
u32 visp_params_tone_point(unsigned int i)
{
	if (i >= VISP_TONE_POINTS)
		return 0;
	return visp_tone_lut_input(i);
}
EXPORT_SYMBOL_IF_KUNIT(visp_params_tone_point);

static void visp_default_window(struct visp_stats_window *win)
{
	*win = (struct visp_stats_window){ 0 };
	win->zone_w = 120;
	win->zone_h = 66;
	win->grid_w = VISP_STATS_GRID_MAX;
	win->grid_h = VISP_STATS_GRID_MAX;
}

/**
 * visp_params_cfg_init() - reset the configuration to its defaults
 * @cfg: configuration
 *
 * Sets the reset defaults documented in the parameters blocks structures:
 * every bypassable block disabled with neutral values, bilinear
 * demosaicing, BT.601 limited range, statistics units disabled.
 */
void visp_params_cfg_init(struct visp_params_cfg *cfg)
{
	unsigned int c, n;

	*cfg = (struct visp_params_cfg){ 0 };
	cfg->dpc_thresh = 256;
	for (c = 0; c < VISP_CFA_CHANNELS; c++) {
		cfg->wb_gain[c] = VISP_GAIN_UNITY;
		for (n = 0; n < VISP_LSC_GRID_NODES; n++)
			cfg->lsc_gain[c][n] = VISP_GAIN_UNITY;
	}
	for (n = 0; n < 3; n++)
		cfg->ccm_coeff[n * 4] = VISP_GAIN_UNITY;
	for (n = 0; n < VISP_GAMMA_POINTS; n++)
		cfg->gamma_curve[n] = n * 64 < VISP_PIXEL_MAX ?
				      n * 64 : VISP_PIXEL_MAX;
	/* The identity: each point's input. */
	for (n = 0; n < VISP_TONE_POINTS; n++) {
		u32 x = visp_params_tone_point(n);

		cfg->tone_curve[n] = x < VISP_PIXEL_MAX ? x : VISP_PIXEL_MAX;
	}
	cfg->tone_sel = false;
	cfg->csc_matrix = VISP_CSC_BT601;
	cfg->csc_full_range = false;
	visp_default_window(&cfg->awb_win);
	cfg->awb_thresh = VISP_PIXEL_MAX;
	visp_default_window(&cfg->ae_win);
	visp_default_window(&cfg->af_win);
}
EXPORT_SYMBOL_IF_KUNIT(visp_params_cfg_init);

static bool visp_is_zero(const void *p, size_t size)
{
	const u8 *b = p;

	while (size--)
		if (*b++)
			return false;
	return true;
}

/*
 * Copy @size bytes from @src to @dst; return whether @dst changed. A table
 * that repeats the previous buffer's costs a memcmp().
 */
static bool visp_update(void *dst, const void *src, size_t size)
{
	if (!memcmp(dst, src, size))
		return false;
	memcpy(dst, src, size);
	return true;
}

/* Copy @src to @dst, of the same type; return whether @dst changed. */
#define visp_copy(dst, src)						\
	visp_update(&(dst), &(src), sizeof(typeof(dst)) +		\
		    BUILD_BUG_ON_ZERO(!__builtin_types_compatible_p(	\
				      typeof(dst), typeof(src))))

/* Set field @dst to @val; return whether it changed. */
#define visp_set(dst, val) \
	visp_update(&(dst), &(typeof(dst)){ val }, sizeof(typeof(dst)))

/* Report an invalid field and return -EINVAL. */
#define visp_invalid(dev, hdr, fmt, ...)				\
	({								\
		dev_dbg(dev, "params: %s block: " fmt "\n",		\
			visp_blocks[(hdr)->type].name, ##__VA_ARGS__);	\
		-EINVAL;						\
	})

static int visp_check_u16_max(struct device *dev,
			      const struct visp_params_block_header *hdr,
			      const char *field, const u16 *v,
			      unsigned int count, u16 max)
{
	unsigned int i;

	for (i = 0; i < count; i++)
		if (v[i] > max)
			return visp_invalid(dev, hdr, "%s[%u] = %u exceeds %u",
					    field, i, v[i], max);
	return 0;
}

#define visp_check_reserved(dev, hdr, blk)				\
	(visp_is_zero((blk)->reserved, sizeof((blk)->reserved)) ? 0 :	\
	 visp_invalid(dev, hdr, "reserved field is not zero"))

static int visp_check_window(struct device *dev,
			     const struct visp_params_block_header *hdr,
			     const struct visp_stats_window *w)
{
	if ((w->x | w->y) & 1)
		return visp_invalid(dev, hdr, "window.x/y (%u, %u) not even",
				    w->x, w->y);
	if ((w->zone_w | w->zone_h) & 1)
		return visp_invalid(dev, hdr,
				    "window.zone_w/h %ux%u not even",
				    w->zone_w, w->zone_h);
	if (w->zone_w < VISP_STATS_ZONE_MIN || w->zone_h < VISP_STATS_ZONE_MIN)
		return visp_invalid(dev, hdr,
				    "window.zone_w/h %ux%u smaller than %u",
				    w->zone_w, w->zone_h, VISP_STATS_ZONE_MIN);
	if (!w->grid_w || w->grid_w > VISP_STATS_GRID_MAX)
		return visp_invalid(dev, hdr, "window.grid_w %u out of range",
				    w->grid_w);
	if (!w->grid_h || w->grid_h > VISP_STATS_GRID_MAX)
		return visp_invalid(dev, hdr, "window.grid_h %u out of range",
				    w->grid_h);
	if (w->x + w->zone_w * w->grid_w > VISP_MAX_WIDTH)
		return visp_invalid(dev, hdr, "window ends beyond x = %u",
				    VISP_MAX_WIDTH);
	if (w->y + w->zone_h * w->grid_h > VISP_MAX_HEIGHT)
		return visp_invalid(dev, hdr, "window ends beyond y = %u",
				    VISP_MAX_HEIGHT);
	if (!visp_is_zero(w->reserved, sizeof(w->reserved)))
		return visp_invalid(dev, hdr, "window.reserved is not zero");
	return 0;
}

static int visp_check_payload(struct device *dev,
			      const struct visp_params_block_header *hdr)
{
	unsigned int i;
	int ret;

	switch (hdr->type) {
	case VISP_PARAMS_BLOCK_BLS: {
		const struct visp_params_bls *b = (const void *)hdr;

		return visp_check_u16_max(dev, hdr, "level", b->level,
					  VISP_CFA_CHANNELS, VISP_PIXEL_MAX);
	}
	case VISP_PARAMS_BLOCK_DPC: {
		const struct visp_params_dpc *b = (const void *)hdr;

		ret = visp_check_u16_max(dev, hdr, "threshold", &b->threshold,
					 1, VISP_PIXEL_MAX);
		return ret ? : visp_check_reserved(dev, hdr, b);
	}
	case VISP_PARAMS_BLOCK_LSC: {
		const struct visp_params_lsc *b = (const void *)hdr;

		return visp_check_u16_max(dev, hdr, "gain", &b->gain[0][0],
					  VISP_CFA_CHANNELS *
					  VISP_LSC_GRID_NODES, VISP_GAIN_MAX);
	}
	case VISP_PARAMS_BLOCK_AWB_GAINS: {
		const struct visp_params_awb_gains *b = (const void *)hdr;

		return visp_check_u16_max(dev, hdr, "gain", b->gain,
					  VISP_CFA_CHANNELS, VISP_GAIN_MAX);
	}
	case VISP_PARAMS_BLOCK_DEMOSAIC: {
		const struct visp_params_demosaic *b = (const void *)hdr;

		if (b->mode > VISP_DEMOSAIC_DIRECTIONAL)
			return visp_invalid(dev, hdr, "mode %u invalid",
					    b->mode);
		return visp_check_reserved(dev, hdr, b);
	}
	case VISP_PARAMS_BLOCK_CCM: {
		const struct visp_params_ccm *b = (const void *)hdr;

		for (i = 0; i < 9; i++) {
			s16 v = b->coeff[i / 3][i % 3];

			if (v < VISP_CCM_COEFF_MIN || v > VISP_CCM_COEFF_MAX)
				return visp_invalid(dev, hdr,
						    "coeff[%u][%u] = %d out of range",
						    i / 3, i % 3, v);
		}
		for (i = 0; i < 3; i++) {
			s16 v = b->offset[i];

			if (v < VISP_CCM_OFFSET_MIN || v > VISP_CCM_OFFSET_MAX)
				return visp_invalid(dev, hdr,
						    "offset[%u] = %d out of range",
						    i, v);
		}
		return visp_check_reserved(dev, hdr, b);
	}
	case VISP_PARAMS_BLOCK_GAMMA: {
		const struct visp_params_gamma *b = (const void *)hdr;

		ret = visp_check_u16_max(dev, hdr, "curve", b->curve,
					 VISP_GAMMA_POINTS, VISP_PIXEL_MAX);
		return ret ? : visp_check_reserved(dev, hdr, b);
	}
	case VISP_PARAMS_BLOCK_TONE: {
		const struct visp_params_tone *b = (const void *)hdr;

		ret = visp_check_u16_max(dev, hdr, "curve", b->curve,
					 VISP_TONE_POINTS, VISP_PIXEL_MAX);
		return ret ? : visp_check_reserved(dev, hdr, b);
	}
	case VISP_PARAMS_BLOCK_CSC: {
		const struct visp_params_csc *b = (const void *)hdr;

		if (b->matrix > VISP_CSC_BT2020)
			return visp_invalid(dev, hdr, "matrix %u invalid",
					    b->matrix);
		if (b->range > VISP_CSC_RANGE_FULL)
			return visp_invalid(dev, hdr, "range %u invalid",
					    b->range);
		return visp_check_reserved(dev, hdr, b);
	}
	case VISP_PARAMS_BLOCK_AWB_STATS: {
		const struct visp_params_awb_stats *b = (const void *)hdr;

		ret = visp_check_window(dev, hdr, &b->window);
		if (!ret)
			ret = visp_check_u16_max(dev, hdr, "sat_threshold",
						 &b->sat_threshold, 1,
						 VISP_PIXEL_MAX);
		return ret ? : visp_check_reserved(dev, hdr, b);
	}
	case VISP_PARAMS_BLOCK_AE_STATS: {
		const struct visp_params_ae_stats *b = (const void *)hdr;

		ret = visp_check_window(dev, hdr, &b->window);
		if (ret)
			return ret;
		if (b->tap > VISP_AE_TAP_POST_GAMMA)
			return visp_invalid(dev, hdr, "tap %u invalid", b->tap);
		return visp_check_reserved(dev, hdr, b);
	}
	case VISP_PARAMS_BLOCK_AF_STATS: {
		const struct visp_params_af_stats *b = (const void *)hdr;

		ret = visp_check_window(dev, hdr, &b->window);
		if (!ret)
			ret = visp_check_u16_max(dev, hdr, "threshold",
						 &b->threshold, 1,
						 VISP_PIXEL_MAX);
		return ret ? : visp_check_reserved(dev, hdr, b);
	}
	}

	return -EINVAL;
}

static int visp_check_block(struct device *dev,
			    const struct visp_params_block_header *hdr,
			    size_t offset, size_t remaining)
{
	const u16 both = VISP_PARAMS_FL_BLOCK_ENABLE |
			 VISP_PARAMS_FL_BLOCK_DISABLE;
	const struct visp_block_info *info;
	bool disable;

	if (hdr->type >= VISP_PARAMS_BLOCK_TYPE_COUNT) {
		dev_dbg(dev, "params: block at offset %zu: unknown type %u\n",
			offset, hdr->type);
		return -EINVAL;
	}
	info = &visp_blocks[hdr->type];

	if (hdr->flags & ~both)
		return visp_invalid(dev, hdr, "flags 0x%04x: unknown flags",
				    hdr->flags);
	if ((hdr->flags & both) == both)
		return visp_invalid(dev, hdr,
				    "flags: both ENABLE and DISABLE set");

	disable = hdr->flags & VISP_PARAMS_FL_BLOCK_DISABLE;
	if (disable && !info->bypassable)
		return visp_invalid(dev, hdr,
				    "flags: the block cannot be disabled");

	if (hdr->size > remaining)
		return visp_invalid(dev, hdr,
				    "size %u exceeds the remaining %zu bytes",
				    hdr->size, remaining);
	if (hdr->size != info->size &&
	    !(disable && hdr->size == VISP_HDR_SIZE))
		return visp_invalid(dev, hdr, "size %u, expected %zu",
				    hdr->size, info->size);

	return disable ? 0 : visp_check_payload(dev, hdr);
}

/**
 * visp_params_check_size() - check the size of a parameters buffer
 * @dev: device for debug messages, may be NULL
 * @bytesused: bytes used in the V4L2 buffer, from its data offset on
 *
 * The size rules of struct visp_params_buffer that do not need its
 * contents: not empty, not larger than VISP_PARAMS_BUF_SIZE (the most a
 * kernel copy holds) and at least the buffer header. Reports the first
 * violation with dev_dbg().
 *
 * Return: 0 if the size is valid, -EINVAL otherwise.
 */
int visp_params_check_size(struct device *dev, size_t bytesused)
{
	if (!bytesused) {
		dev_dbg(dev, "params: bytesused is 0, the buffer is empty\n");
		return -EINVAL;
	}
	if (bytesused > VISP_PARAMS_BUF_SIZE) {
		dev_dbg(dev, "params: %zu bytes, more than the maximum %zu\n",
			bytesused, VISP_PARAMS_BUF_SIZE);
		return -EINVAL;
	}
	if (bytesused < sizeof(struct visp_params_buffer)) {
		dev_dbg(dev, "params: %zu bytes, smaller than the header\n",
			bytesused);
		return -EINVAL;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(visp_params_check_size);

/**
 * visp_params_buf_validate() - validate a parameters buffer
 * @dev: device for debug messages, may be NULL
 * @buf: kernel copy of the buffer
 * @bytesused: bytes used in the V4L2 buffer, from its data offset on;
 *	@buf holds at least that many bytes
 *
 * Applies the rules documented in struct visp_params_buffer and in the
 * block structures and reports the first violation with dev_dbg(). As the
 * generic V4L2 ISP parameters helpers, it accepts versions
 * VISP_PARAMS_BUFFER_V0 and VISP_PARAMS_BUFFER_V1, both the first version
 * of the layout, and requires bytesused to be exactly the header plus
 * &visp_params_buffer.data_size.
 *
 * Return: 0 if the buffer is valid, -EINVAL otherwise.
 */
int visp_params_buf_validate(struct device *dev,
			     const struct visp_params_buffer *buf,
			     size_t bytesused)
{
	size_t offset = 0, data = bytesused - sizeof(*buf);
	int ret;

	ret = visp_params_check_size(dev, bytesused);
	if (ret)
		return ret;
	if (buf->version != VISP_PARAMS_BUFFER_V0 &&
	    buf->version != VISP_PARAMS_BUFFER_V1) {
		dev_dbg(dev, "params: unsupported version %u\n", buf->version);
		return -EINVAL;
	}
	if (buf->data_size > VISP_PARAMS_MAX_SIZE) {
		dev_dbg(dev, "params: data_size %u exceeds %zu\n",
			buf->data_size, VISP_PARAMS_MAX_SIZE);
		return -EINVAL;
	}
	if (buf->data_size > data) {
		dev_dbg(dev, "params: data_size %u exceeds the %zu bytes used\n",
			buf->data_size, data);
		return -EINVAL;
	}
	if (buf->data_size < data) {
		dev_dbg(dev,
			"params: %zu bytes past the header and data_size %u\n",
			data - buf->data_size, buf->data_size);
		return -EINVAL;
	}

	while (offset < buf->data_size) {
		const struct visp_params_block_header *hdr =
			(const void *)&buf->data[offset];
		size_t remaining = buf->data_size - offset;

		if (remaining < VISP_HDR_SIZE) {
			dev_dbg(dev,
				"params: block at offset %zu: %zu bytes left, header does not fit\n",
				offset, remaining);
			return -EINVAL;
		}

		ret = visp_check_block(dev, hdr, offset, remaining);
		if (ret)
			return ret;

		offset += hdr->size;
	}

	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(visp_params_buf_validate);

/* Apply a block's enable flags to @en; return whether it changed. */
static bool visp_apply_flags(bool *en, u16 flags)
{
	if (flags & VISP_PARAMS_FL_BLOCK_ENABLE)
		return visp_set(*en, true);
	if (flags & VISP_PARAMS_FL_BLOCK_DISABLE)
		return visp_set(*en, false);
	return false;
}

/* Apply a block to @cfg; return whether the block's part of @cfg changed. */
static bool visp_apply_block(struct visp_params_cfg *cfg,
			     const struct visp_params_block_header *hdr)
{
	bool payload = !(hdr->flags & VISP_PARAMS_FL_BLOCK_DISABLE);
	bool changed;
	unsigned int i;

	switch (hdr->type) {
	case VISP_PARAMS_BLOCK_BLS: {
		const struct visp_params_bls *b = (const void *)hdr;

		changed = visp_apply_flags(&cfg->bls_en, hdr->flags);
		if (payload)
			changed |= visp_copy(cfg->bls_level, b->level);
		break;
	}
	case VISP_PARAMS_BLOCK_DPC: {
		const struct visp_params_dpc *b = (const void *)hdr;

		changed = visp_apply_flags(&cfg->dpc_en, hdr->flags);
		if (payload)
			changed |= visp_set(cfg->dpc_thresh, b->threshold);
		break;
	}
	case VISP_PARAMS_BLOCK_LSC: {
		const struct visp_params_lsc *b = (const void *)hdr;

		changed = visp_apply_flags(&cfg->lsc_en, hdr->flags);
		if (payload)
			changed |= visp_copy(cfg->lsc_gain, b->gain);
		break;
	}
	case VISP_PARAMS_BLOCK_AWB_GAINS: {
		const struct visp_params_awb_gains *b = (const void *)hdr;

		changed = visp_apply_flags(&cfg->wb_en, hdr->flags);
		if (payload)
			changed |= visp_copy(cfg->wb_gain, b->gain);
		break;
	}
	case VISP_PARAMS_BLOCK_DEMOSAIC: {
		const struct visp_params_demosaic *b = (const void *)hdr;

		changed = visp_set(cfg->dms_mode, b->mode);
		break;
	}
	case VISP_PARAMS_BLOCK_CCM: {
		const struct visp_params_ccm *b = (const void *)hdr;

		changed = visp_apply_flags(&cfg->ccm_en, hdr->flags);
		if (!payload)
			break;
		for (i = 0; i < 9; i++)
			changed |= visp_set(cfg->ccm_coeff[i],
					    b->coeff[i / 3][i % 3]);
		for (i = 0; i < 3; i++)
			changed |= visp_set(cfg->ccm_offset[i], b->offset[i]);
		break;
	}
	case VISP_PARAMS_BLOCK_GAMMA: {
		const struct visp_params_gamma *b = (const void *)hdr;

		changed = visp_apply_flags(&cfg->gamma_en, hdr->flags);
		if (!payload)
			break;
		changed |= visp_copy(cfg->gamma_curve, b->curve);
		changed |= visp_set(cfg->tone_sel, false);
		break;
	}
	case VISP_PARAMS_BLOCK_TONE: {
		const struct visp_params_tone *b = (const void *)hdr;

		/* The GAMMA and TONE blocks share the tone stage. */
		changed = visp_apply_flags(&cfg->gamma_en, hdr->flags);
		if (!payload)
			break;
		changed |= visp_copy(cfg->tone_curve, b->curve);
		changed |= visp_set(cfg->tone_sel, true);
		break;
	}
	case VISP_PARAMS_BLOCK_CSC: {
		const struct visp_params_csc *b = (const void *)hdr;

		changed = visp_set(cfg->csc_matrix, b->matrix);
		changed |= visp_set(cfg->csc_full_range,
				    b->range == VISP_CSC_RANGE_FULL);
		break;
	}
	case VISP_PARAMS_BLOCK_AWB_STATS: {
		const struct visp_params_awb_stats *b = (const void *)hdr;

		changed = visp_apply_flags(&cfg->awb_en, hdr->flags);
		if (!payload)
			break;
		changed |= visp_copy(cfg->awb_win, b->window);
		changed |= visp_set(cfg->awb_thresh, b->sat_threshold);
		break;
	}
	case VISP_PARAMS_BLOCK_AE_STATS: {
		const struct visp_params_ae_stats *b = (const void *)hdr;

		changed = visp_apply_flags(&cfg->ae_en, hdr->flags);
		if (!payload)
			break;
		changed |= visp_copy(cfg->ae_win, b->window);
		changed |= visp_set(cfg->ae_post_gamma,
				    b->tap == VISP_AE_TAP_POST_GAMMA);
		break;
	}
	case VISP_PARAMS_BLOCK_AF_STATS: {
		const struct visp_params_af_stats *b = (const void *)hdr;

		changed = visp_apply_flags(&cfg->af_en, hdr->flags);
		if (!payload)
			break;
		changed |= visp_copy(cfg->af_win, b->window);
		changed |= visp_set(cfg->af_thresh, b->threshold);
		break;
	}
	default:
		changed = false;
	}
	return changed;
}

/**
 * visp_params_buf_apply() - apply a validated parameters buffer
 * @cfg: configuration to update
 * @buf: buffer that visp_params_buf_validate() accepted
 *
 * Applies the blocks in order. A block updates the enable state of its
 * hardware block only when it carries the ENABLE or DISABLE flag, and its
 * configuration unless it carries DISABLE; the result persists until a
 * later block changes it or streaming restarts.
 *
 * Return: a bitmask of the block types whose part of @cfg the buffer
 * changed: the blocks whose registers must be written again.
 */
u32 visp_params_buf_apply(struct visp_params_cfg *cfg,
			  const struct visp_params_buffer *buf)
{
	size_t offset = 0;
	u32 types = 0;

	while (offset < buf->data_size) {
		const struct visp_params_block_header *hdr =
			(const void *)&buf->data[offset];

		if (visp_apply_block(cfg, hdr))
			types |= BIT(hdr->type);
		offset += hdr->size;
	}

	return types;
}
EXPORT_SYMBOL_IF_KUNIT(visp_params_buf_apply);

/**
 * visp_params_buf_check_csc() - check the CSC blocks of a parameters buffer
 * @dev: device for debug messages, may be NULL
 * @buf: buffer that visp_params_buf_validate() accepted
 * @matrix: the matrix the capture formats ask for, enum visp_csc_matrix
 * @range: the range the capture formats ask for, enum visp_csc_range
 *
 * The capture formats set the CSC; a CSC block must repeat their setting.
 *
 * Return: 0 when every CSC block of @buf sets @matrix and @range, -EINVAL
 * otherwise.
 */
int visp_params_buf_check_csc(struct device *dev,
			      const struct visp_params_buffer *buf, u8 matrix,
			      u8 range)
{
	size_t offset = 0;

	while (offset < buf->data_size) {
		const struct visp_params_block_header *hdr =
			(const void *)&buf->data[offset];
		const struct visp_params_csc *b = (const void *)hdr;

		if (hdr->type == VISP_PARAMS_BLOCK_CSC &&
		    (b->matrix != matrix || b->range != range))
			return visp_invalid(dev, hdr,
					    "matrix %u range %u contradict the capture format's %u %u",
					    b->matrix, b->range, matrix, range);
		offset += hdr->size;
	}

	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(visp_params_buf_check_csc);
