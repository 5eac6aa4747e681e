/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VISP ISP driver - parameters buffers validation and configuration
 *
 * The rules of the parameters buffers and their translation into the
 * configuration of the processing blocks, shared by the driver and the
 * userspace predictor library (tools/lib/visp). visp-params-core.c calls no
 * library function; it reports why a buffer is invalid with dev_dbg(),
 * which tools/lib/visp/include/linux/device.h maps to an error message in
 * userspace.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_PARAMS_CORE_H__
#define __VISP_PARAMS_CORE_H__

#include <linux/types.h>

#include <linux/media/visp-config.h>

struct device;

/* The largest parameters buffer: the header and VISP_PARAMS_MAX_SIZE */
#define VISP_PARAMS_BUF_SIZE	(sizeof(struct visp_params_buffer) + \
				 VISP_PARAMS_MAX_SIZE)

/**
 * struct visp_params_cfg - configuration of the processing blocks
 *
 * A copy of the block registers, built from the reset defaults and
 * validated parameters buffers. The driver writes it to the hardware after
 * power up and whenever a parameters buffer changes it; the userspace
 * library converts it into a struct visp_model_config.
 *
 * @bls_en: BLS enabled
 * @bls_level: black levels per enum visp_cfa_channel
 * @dpc_en: DPC enabled
 * @dpc_thresh: DPC threshold
 * @lsc_en: LSC enabled
 * @lsc_gain: LSC gain table
 * @wb_en: white balance gains enabled
 * @wb_gain: white balance gains per enum visp_cfa_channel
 * @dms_mode: demosaicing mode, one of enum visp_demosaic_mode
 * @ccm_en: CCM enabled
 * @ccm_coeff: CCM coefficients, row-major
 * @ccm_offset: CCM offsets
 * @gamma_en: tone stage (gamma) enabled
 * @gamma_curve: uniform gamma curve (GAMMA block)
 * @tone_sel: the segmented curve @tone_curve is selected (the last of the
 *	GAMMA and TONE blocks applied was a TONE block)
 * @tone_curve: segmented tone curve (TONE block)
 * @csc_matrix: one of enum visp_csc_matrix
 * @csc_full_range: full range YUV
 * @awb_en: AWB statistics enabled
 * @awb_win: AWB window
 * @awb_thresh: AWB saturation threshold
 * @ae_en: AE statistics enabled
 * @ae_post_gamma: AE measured after gamma
 * @ae_win: AE window
 * @af_en: AF statistics enabled
 * @af_win: AF window
 * @af_thresh: AF coring threshold
 */
struct visp_params_cfg {
	bool bls_en;
	u16 bls_level[VISP_CFA_CHANNELS];
	bool dpc_en;
	u16 dpc_thresh;
	bool lsc_en;
	u16 lsc_gain[VISP_CFA_CHANNELS][VISP_LSC_GRID_NODES];
	bool wb_en;
	u16 wb_gain[VISP_CFA_CHANNELS];
	u8 dms_mode;
	bool ccm_en;
	s16 ccm_coeff[9];
	s16 ccm_offset[3];
	bool gamma_en;
	u16 gamma_curve[VISP_GAMMA_POINTS];
	bool tone_sel;
	u16 tone_curve[VISP_TONE_POINTS];
	u8 csc_matrix;
	bool csc_full_range;
	bool awb_en;
	struct visp_stats_window awb_win;
	u16 awb_thresh;
	bool ae_en;
	bool ae_post_gamma;
	struct visp_stats_window ae_win;
	bool af_en;
	struct visp_stats_window af_win;
	u16 af_thresh;
};

size_t visp_params_block_size(unsigned int type);
u32 visp_params_tone_point(unsigned int i);
void visp_params_cfg_init(struct visp_params_cfg *cfg);
int visp_params_check_size(struct device *dev, size_t bytesused);
int visp_params_buf_validate(struct device *dev,
			     const struct visp_params_buffer *buf,
			     size_t bytesused);
u32 visp_params_buf_apply(struct visp_params_cfg *cfg,
			  const struct visp_params_buffer *buf);
int visp_params_buf_check_csc(struct device *dev,
			      const struct visp_params_buffer *buf, u8 matrix,
			      u8 range);

#endif /* __VISP_PARAMS_CORE_H__ */
