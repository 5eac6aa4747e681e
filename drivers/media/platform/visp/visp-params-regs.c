// SPDX-License-Identifier: GPL-2.0
/*
 * VISP ISP driver - processing configuration to register values
 *
 * Translation of the configuration into register values. Buffers are
 * validated once, on a kernel copy, when they are prepared, and only
 * validated blocks are applied to the configuration (visp-params-core.c,
 * shared with the userspace library); only the configuration is
 * translated into register values.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include <kunit/visibility.h>

#include "visp.h"

/**
 * visp_params_supported_blocks() - supported parameters block types
 *
 * Return: the value of the V4L2_CID_VISP_SUPPORTED_PARAMS_BLOCKS control.
 */
u32 visp_params_supported_blocks(void)
{
	return GENMASK(VISP_PARAMS_BLOCK_TYPE_COUNT - 1, 0);
}
EXPORT_SYMBOL_IF_KUNIT(visp_params_supported_blocks);

static u32 visp_pair(u32 lo, u32 hi)
{
	return FIELD_PREP(VISP_PAIR_LO, lo) | FIELD_PREP(VISP_PAIR_HI, hi);
}

static u32 visp_pos(u32 x, u32 y)
{
	return FIELD_PREP(VISP_POS_X, x) | FIELD_PREP(VISP_POS_Y, y);
}

static unsigned int visp_window_regs(u32 base, u32 ctrl,
				     const struct visp_stats_window *w,
				     u32 thresh, struct visp_reg_write *r)
{
	r[0] = (struct visp_reg_write){ VISP_REG_STATS_UNIT_CTRL(base), ctrl };
	r[1] = (struct visp_reg_write){ VISP_REG_STATS_UNIT_POS(base),
				      visp_pos(w->x, w->y) };
	r[2] = (struct visp_reg_write){ VISP_REG_STATS_UNIT_ZONE(base),
				      visp_pos(w->zone_w, w->zone_h) };
	r[3] = (struct visp_reg_write){ VISP_REG_STATS_UNIT_GRID(base),
		FIELD_PREP(VISP_STATS_GRID_W, w->grid_w) |
		FIELD_PREP(VISP_STATS_GRID_H, w->grid_h) };
	r[4] = (struct visp_reg_write){ VISP_REG_STATS_UNIT_THRESH(base),
		FIELD_PREP(VISP_STATS_THRESH, thresh) };
	return 5;
}

/*
 * The GAMMA and TONE blocks program one tone stage: both write its control
 * register, from the configuration, so the order in which they are
 * programmed does not matter.
 */
static u32 visp_gamma_ctrl(const struct visp_params_cfg *cfg)
{
	return (cfg->gamma_en ? VISP_BLOCK_EN : 0) |
	       (cfg->tone_sel ? VISP_GAMMA_CTRL_TONE : 0);
}

#define VISP_REG(r, n, reg, val)	\
	((r)[(n)++] = (struct visp_reg_write){ (reg), (val) })

/**
 * visp_params_block_regs() - register values of one block
 * @cfg: configuration
 * @type: one of enum visp_params_block_type
 * @in_w: input width, for the lens shading grid steps
 * @in_h: input height, for the lens shading grid steps
 * @regs: array of at least VISP_PARAMS_MAX_REGS entries, filled with the
 *	register writes that program @type's block from @cfg
 *
 * Return: the number of entries of @regs filled in.
 */
unsigned int visp_params_block_regs(const struct visp_params_cfg *cfg,
				    unsigned int type, u32 in_w, u32 in_h,
				    struct visp_reg_write *regs)
{
	unsigned int n = 0, i;

	switch (type) {
	case VISP_PARAMS_BLOCK_BLS:
		VISP_REG(regs, n, VISP_REG_BLS_CTRL,
			 cfg->bls_en ? VISP_BLOCK_EN : 0);
		VISP_REG(regs, n, VISP_REG_BLS_R_GR,
			 visp_pair(cfg->bls_level[VISP_CFA_R],
				   cfg->bls_level[VISP_CFA_GR]));
		VISP_REG(regs, n, VISP_REG_BLS_GB_B,
			 visp_pair(cfg->bls_level[VISP_CFA_GB],
				   cfg->bls_level[VISP_CFA_B]));
		break;
	case VISP_PARAMS_BLOCK_DPC:
		VISP_REG(regs, n, VISP_REG_DPC_CTRL,
			 cfg->dpc_en ? VISP_BLOCK_EN : 0);
		VISP_REG(regs, n, VISP_REG_DPC_THRESH,
			 FIELD_PREP(VISP_DPC_THRESH, cfg->dpc_thresh));
		break;
	case VISP_PARAMS_BLOCK_LSC:
		/* The gains go by DMA: visp_params_lsc_table(). */
		VISP_REG(regs, n, VISP_REG_LSC_CTRL, VISP_LSC_CTRL_DMA |
			 (cfg->lsc_en ? VISP_BLOCK_EN : 0));
		VISP_REG(regs, n, VISP_REG_LSC_XSTEP,
			 in_w ? (VISP_LSC_GRID_CELLS_X << 16) / in_w : 0);
		VISP_REG(regs, n, VISP_REG_LSC_YSTEP,
			 in_h ? (VISP_LSC_GRID_CELLS_Y << 16) / in_h : 0);
		break;
	case VISP_PARAMS_BLOCK_AWB_GAINS:
		VISP_REG(regs, n, VISP_REG_WB_CTRL,
			 cfg->wb_en ? VISP_BLOCK_EN : 0);
		VISP_REG(regs, n, VISP_REG_WB_GAIN_R_GR,
			 visp_pair(cfg->wb_gain[VISP_CFA_R],
				   cfg->wb_gain[VISP_CFA_GR]));
		VISP_REG(regs, n, VISP_REG_WB_GAIN_GB_B,
			 visp_pair(cfg->wb_gain[VISP_CFA_GB],
				   cfg->wb_gain[VISP_CFA_B]));
		break;
	case VISP_PARAMS_BLOCK_DEMOSAIC:
		VISP_REG(regs, n, VISP_REG_DMS_CTRL,
			 FIELD_PREP(VISP_DMS_CTRL_MODE, cfg->dms_mode));
		break;
	case VISP_PARAMS_BLOCK_CCM:
		VISP_REG(regs, n, VISP_REG_CCM_CTRL,
			 cfg->ccm_en ? VISP_BLOCK_EN : 0);
		for (i = 0; i < 9; i++)
			VISP_REG(regs, n, VISP_REG_CCM_COEFF(i),
				 (u32)cfg->ccm_coeff[i] & VISP_CCM_COEFF);
		for (i = 0; i < 3; i++)
			VISP_REG(regs, n, VISP_REG_CCM_OFFSET(i),
				 (u32)cfg->ccm_offset[i] & VISP_CCM_OFFSET);
		break;
	case VISP_PARAMS_BLOCK_GAMMA:
		VISP_REG(regs, n, VISP_REG_GAMMA_CTRL, visp_gamma_ctrl(cfg));
		for (i = 0; i < VISP_GAMMA_POINTS; i++)
			VISP_REG(regs, n, VISP_REG_GAMMA_LUT(i),
				 cfg->gamma_curve[i]);
		break;
	case VISP_PARAMS_BLOCK_TONE:
		VISP_REG(regs, n, VISP_REG_GAMMA_CTRL, visp_gamma_ctrl(cfg));
		for (i = 0; i < VISP_TONE_POINTS; i++)
			VISP_REG(regs, n, VISP_REG_TONE_LUT(i),
				 cfg->tone_curve[i]);
		break;
	case VISP_PARAMS_BLOCK_CSC:
		VISP_REG(regs, n, VISP_REG_CSC_CTRL,
			 FIELD_PREP(VISP_CSC_CTRL_MATRIX, cfg->csc_matrix) |
			 (cfg->csc_full_range ? VISP_CSC_CTRL_FULL_RANGE : 0));
		break;
	case VISP_PARAMS_BLOCK_AWB_STATS:
		n = visp_window_regs(VISP_AWB_STATS_BASE,
				     cfg->awb_en ? VISP_STATS_UNIT_EN : 0,
				     &cfg->awb_win, cfg->awb_thresh, regs);
		break;
	case VISP_PARAMS_BLOCK_AE_STATS:
		n = visp_window_regs(VISP_AE_STATS_BASE,
				     (cfg->ae_en ? VISP_STATS_UNIT_EN : 0) |
				     (cfg->ae_post_gamma ?
				      VISP_AE_CTRL_POST_GAMMA : 0),
				     &cfg->ae_win, 0, regs);
		break;
	case VISP_PARAMS_BLOCK_AF_STATS:
		n = visp_window_regs(VISP_AF_STATS_BASE,
				     cfg->af_en ? VISP_STATS_UNIT_EN : 0,
				     &cfg->af_win, cfg->af_thresh, regs);
		break;
	}

	return n;
}
EXPORT_SYMBOL_IF_KUNIT(visp_params_block_regs);

/**
 * visp_params_lsc_table() - the lens shading table the ISP reads by DMA
 * @cfg: configuration
 * @table: VISP_LSC_TABLE_BYTES of memory, filled with the gains of @cfg
 *	in the layout of VISP_REG_LSC_ADDR_LO
 */
void visp_params_lsc_table(const struct visp_params_cfg *cfg, __le16 *table)
{
	unsigned int c, i;

	for (c = 0; c < VISP_CFA_CHANNELS; c++)
		for (i = 0; i < VISP_LSC_GRID_NODES; i++)
			*table++ = cpu_to_le16(cfg->lsc_gain[c][i]);
}
EXPORT_SYMBOL_IF_KUNIT(visp_params_lsc_table);
