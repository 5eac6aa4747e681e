// SPDX-License-Identifier: GPL-2.0
/*
 * libvispmodel: configuration helpers, parameters validation
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/device.h>

#include "libvisp.h"

/* The conversion below copies every field of the parameters configuration. */
static void visp_window_to_model(struct visp_model_window *win,
				 const struct visp_stats_window *w)
{
	win->x = w->x;
	win->y = w->y;
	win->zone_w = w->zone_w;
	win->zone_h = w->zone_h;
	win->grid_w = w->grid_w;
	win->grid_h = w->grid_h;
}

static void visp_window_from_model(struct visp_stats_window *w,
				   const struct visp_model_window *win)
{
	memset(w, 0, sizeof(*w));
	w->x = win->x;
	w->y = win->y;
	w->zone_w = win->zone_w;
	w->zone_h = win->zone_h;
	w->grid_w = win->grid_w;
	w->grid_h = win->grid_h;
}

void visp_config_set_params(struct visp_model_config *cfg,
			    const struct visp_params_cfg *pc)
{
	unsigned int i;

	cfg->bls_en = pc->bls_en;
	memcpy(cfg->bls_level, pc->bls_level, sizeof(cfg->bls_level));
	cfg->dpc_en = pc->dpc_en;
	cfg->dpc_thresh = pc->dpc_thresh;
	cfg->lsc_en = pc->lsc_en;
	memcpy(cfg->lsc_table, pc->lsc_gain, sizeof(cfg->lsc_table));
	cfg->wb_en = pc->wb_en;
	memcpy(cfg->wb_gain, pc->wb_gain, sizeof(cfg->wb_gain));
	cfg->dms_mode = pc->dms_mode;
	cfg->ccm_en = pc->ccm_en;
	for (i = 0; i < 9; i++)
		cfg->ccm_coeff[i] = pc->ccm_coeff[i];
	for (i = 0; i < 3; i++)
		cfg->ccm_offset[i] = pc->ccm_offset[i];
	cfg->gamma_en = pc->gamma_en;
	memcpy(cfg->gamma_lut, pc->gamma_curve, sizeof(cfg->gamma_lut));
	cfg->tone_seg = pc->tone_sel;
	memcpy(cfg->tone_lut, pc->tone_curve, sizeof(cfg->tone_lut));
	cfg->csc_matrix = pc->csc_matrix;
	cfg->csc_full_range = pc->csc_full_range;
	cfg->awb_en = pc->awb_en;
	visp_window_to_model(&cfg->awb_win, &pc->awb_win);
	cfg->awb_thresh = pc->awb_thresh;
	cfg->ae_en = pc->ae_en;
	cfg->ae_post_gamma = pc->ae_post_gamma;
	visp_window_to_model(&cfg->ae_win, &pc->ae_win);
	cfg->af_en = pc->af_en;
	visp_window_to_model(&cfg->af_win, &pc->af_win);
	cfg->af_thresh = pc->af_thresh;
}

void visp_config_get_params(const struct visp_model_config *cfg,
			    struct visp_params_cfg *pc)
{
	unsigned int i;

	memset(pc, 0, sizeof(*pc));
	pc->bls_en = cfg->bls_en;
	memcpy(pc->bls_level, cfg->bls_level, sizeof(pc->bls_level));
	pc->dpc_en = cfg->dpc_en;
	pc->dpc_thresh = cfg->dpc_thresh;
	pc->lsc_en = cfg->lsc_en;
	memcpy(pc->lsc_gain, cfg->lsc_table, sizeof(pc->lsc_gain));
	pc->wb_en = cfg->wb_en;
	memcpy(pc->wb_gain, cfg->wb_gain, sizeof(pc->wb_gain));
	pc->dms_mode = cfg->dms_mode;
	pc->ccm_en = cfg->ccm_en;
	for (i = 0; i < 9; i++)
		pc->ccm_coeff[i] = cfg->ccm_coeff[i];
	for (i = 0; i < 3; i++)
		pc->ccm_offset[i] = cfg->ccm_offset[i];
	pc->gamma_en = cfg->gamma_en;
	memcpy(pc->gamma_curve, cfg->gamma_lut, sizeof(pc->gamma_curve));
	pc->tone_sel = cfg->tone_seg;
	memcpy(pc->tone_curve, cfg->tone_lut, sizeof(pc->tone_curve));
	pc->csc_matrix = cfg->csc_matrix;
	pc->csc_full_range = cfg->csc_full_range;
	pc->awb_en = cfg->awb_en;
	visp_window_from_model(&pc->awb_win, &cfg->awb_win);
	pc->awb_thresh = cfg->awb_thresh;
	pc->ae_en = cfg->ae_en;
	pc->ae_post_gamma = cfg->ae_post_gamma;
	visp_window_from_model(&pc->ae_win, &cfg->ae_win);
	pc->af_en = cfg->af_en;
	visp_window_from_model(&pc->af_win, &cfg->af_win);
	pc->af_thresh = cfg->af_thresh;
}

/*
 * The parameters configuration that visp_config_init() and
 * visp_params_apply() go through: 2 KiB, more than the library's functions
 * put on the stack, and per thread as they may run in several threads.
 */
static __thread struct visp_params_cfg visp_tmp_cfg;

void visp_config_init(struct visp_model_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	visp_params_cfg_init(&visp_tmp_cfg);
	visp_config_set_params(cfg, &visp_tmp_cfg);
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

void visp_dev_dbg(struct device *dev, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	if (!dev || !dev->msg || !dev->size)
		return;
	va_start(ap, fmt);
	vsnprintf(dev->msg, dev->size, fmt, ap);
	va_end(ap);
	len = strlen(dev->msg);
	if (len && dev->msg[len - 1] == '\n')
		dev->msg[len - 1] = '\0';
}

int visp_params_check(const void *buf, size_t bytesused, char *msg,
		      size_t msg_size)
{
	struct device dev = { .msg = msg, .size = msg_size };

	if (msg && msg_size)
		msg[0] = '\0';
	if (!buf) {
		visp_dev_dbg(&dev, "params: no buffer");
		return -EINVAL;
	}
	return visp_params_buf_validate(&dev, buf, bytesused);
}

int visp_params_validate(const void *buf, size_t bytesused)
{
	return visp_params_check(buf, bytesused, NULL, 0);
}

int visp_params_apply(struct visp_model_config *cfg, const void *buf,
		      size_t bytesused)
{
	if (visp_params_validate(buf, bytesused))
		return -EINVAL;

	visp_config_get_params(cfg, &visp_tmp_cfg);
	visp_params_buf_apply(&visp_tmp_cfg, buf);
	visp_config_set_params(cfg, &visp_tmp_cfg);
	return 0;
}
