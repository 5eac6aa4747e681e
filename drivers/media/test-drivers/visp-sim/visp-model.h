/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VISP ISP reference model
 *
 * Bit-exact integer model of the VISP processing pipeline, shared by the
 * VISP simulator (kernel) and the userspace predictor library. The model
 * calls no library function: the caller provides all memory.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_MODEL_H__
#define __VISP_MODEL_H__

/*
 * In userspace, tools/lib/visp/include/linux/types.h provides the kernel
 * integer types on top of <stdint.h>.
 */
#include <linux/types.h>

#include <linux/media/visp-config.h>
#include <media/visp-regs.h>

/**
 * struct visp_model_window - statistics window, as in the unit registers
 *
 * @x: VISP_REG_STATS_UNIT_POS x, pixels
 * @y: VISP_REG_STATS_UNIT_POS y, pixels
 * @zone_w: VISP_REG_STATS_UNIT_ZONE width, pixels
 * @zone_h: VISP_REG_STATS_UNIT_ZONE height, pixels
 * @grid_w: VISP_REG_STATS_UNIT_GRID columns
 * @grid_h: VISP_REG_STATS_UNIT_GRID rows
 */
struct visp_model_window {
	u16 x;
	u16 y;
	u16 zone_w;
	u16 zone_h;
	u8 grid_w;
	u8 grid_h;
};

/**
 * struct visp_model_path - one output path, as in its registers
 *
 * @enable: VISP_PATH_CTRL_EN
 * @format: VISP_PATH_CTRL_FMT, one of VISP_OUT_FMT_*
 * @crop_x: VISP_REG_PATH_CROP_POS x, pixels
 * @crop_y: VISP_REG_PATH_CROP_POS y, pixels
 * @crop_w: VISP_REG_PATH_CROP_SIZE width, pixels
 * @crop_h: VISP_REG_PATH_CROP_SIZE height, pixels
 * @out_w: VISP_REG_PATH_OUT_SIZE width, pixels
 * @out_h: VISP_REG_PATH_OUT_SIZE height, pixels
 * @hstep: VISP_REG_PATH_HSTEP, unsigned 4.16
 * @vstep: VISP_REG_PATH_VSTEP, unsigned 4.16
 * @hphase: VISP_REG_PATH_HPHASE, signed 16.16
 * @vphase: VISP_REG_PATH_VPHASE, signed 16.16
 */
struct visp_model_path {
	bool enable;
	u8 format;
	u16 crop_x;
	u16 crop_y;
	u16 crop_w;
	u16 crop_h;
	u16 out_w;
	u16 out_h;
	u32 hstep;
	u32 vstep;
	s32 hphase;
	s32 vphase;
};

/**
 * struct visp_model_config - decoded active register set
 *
 * A register-level view of the configuration of one frame. The simulator
 * fills it field by field from its active register file (each field names
 * its register); userspace fills it from V4L2 formats and a parameters
 * buffer. Signed register fields are sign-extended, 4.16 and 16.16 values
 * are kept as the raw register values.
 *
 * @in_type: VISP_IN_FMT_TYPE, one of VISP_IN_TYPE_*
 * @bayer: VISP_IN_FMT_BAYER, one of VISP_BAYER_*
 * @in_csi: VISP_IN_FMT_SRC_CSI, the input comes from the CSI-2 receiver
 * @in_width: VISP_REG_IN_SIZE width, pixels
 * @in_height: VISP_REG_IN_SIZE height, pixels
 * @bls_en: VISP_REG_BLS_CTRL enable
 * @bls_level: VISP_REG_BLS_R_GR and VISP_REG_BLS_GB_B, per enum
 *	visp_cfa_channel
 * @dpc_en: VISP_REG_DPC_CTRL enable
 * @dpc_thresh: VISP_REG_DPC_THRESH
 * @lsc_en: VISP_REG_LSC_CTRL enable
 * @lsc_xstep: VISP_REG_LSC_XSTEP, unsigned 4.16 grid cells per pixel
 * @lsc_ystep: VISP_REG_LSC_YSTEP, unsigned 4.16 grid cells per line
 * @lsc_table: VISP_REG_LSC_TABLE, per enum visp_cfa_channel and node
 * @wb_en: VISP_REG_WB_CTRL enable
 * @wb_gain: VISP_REG_WB_GAIN_R_GR and VISP_REG_WB_GAIN_GB_B, per enum
 *	visp_cfa_channel
 * @dms_mode: VISP_DMS_CTRL_MODE, one of enum visp_demosaic_mode
 * @ccm_en: VISP_REG_CCM_CTRL enable
 * @ccm_coeff: VISP_REG_CCM_COEFF, row-major
 * @ccm_offset: VISP_REG_CCM_OFFSET
 * @gamma_en: VISP_REG_GAMMA_CTRL enable
 * @gamma_lut: VISP_REG_GAMMA_LUT
 * @tone_seg: VISP_GAMMA_CTRL_TONE: the segmented curve @tone_lut is used
 *	instead of @gamma_lut
 * @tone_lut: VISP_REG_TONE_LUT
 * @csc_matrix: VISP_CSC_CTRL_MATRIX, one of enum visp_csc_matrix
 * @csc_full_range: VISP_CSC_CTRL_FULL_RANGE
 * @path: main and self path, indexed by VISP_PATH_MAIN and VISP_PATH_SELF
 * @stats_en: VISP_REG_STATS_CTRL enable (statistics DMA)
 * @awb_en: AWB unit enable
 * @awb_win: AWB unit window
 * @awb_thresh: AWB unit saturation threshold
 * @ae_en: AE unit enable
 * @ae_post_gamma: VISP_AE_CTRL_POST_GAMMA
 * @ae_win: AE unit window
 * @af_en: AF unit enable
 * @af_win: AF unit window
 * @af_thresh: AF unit coring threshold
 */
struct visp_model_config {
	u8 in_type;
	u8 bayer;
	bool in_csi;
	u16 in_width;
	u16 in_height;

	bool bls_en;
	u16 bls_level[VISP_CFA_CHANNELS];

	bool dpc_en;
	u16 dpc_thresh;

	bool lsc_en;
	u32 lsc_xstep;
	u32 lsc_ystep;
	u16 lsc_table[VISP_CFA_CHANNELS][VISP_LSC_GRID_NODES];

	bool wb_en;
	u16 wb_gain[VISP_CFA_CHANNELS];

	u8 dms_mode;

	bool ccm_en;
	s16 ccm_coeff[9];
	s16 ccm_offset[3];

	bool gamma_en;
	u16 gamma_lut[VISP_GAMMA_POINTS];
	bool tone_seg;
	u16 tone_lut[VISP_TONE_POINTS];

	u8 csc_matrix;
	bool csc_full_range;

	struct visp_model_path path[VISP_PATH_COUNT];

	bool stats_en;
	bool awb_en;
	struct visp_model_window awb_win;
	u16 awb_thresh;
	bool ae_en;
	bool ae_post_gamma;
	struct visp_model_window ae_win;
	bool af_en;
	struct visp_model_window af_win;
	u16 af_thresh;
};

/**
 * struct visp_model_plane - one output plane
 *
 * @data: first byte of the plane, or NULL if the plane is not used
 * @stride: bytes between the starts of two lines
 * @size: bytes available from @data
 */
struct visp_model_plane {
	u8 *data;
	u32 stride;
	u32 size;
};

/**
 * struct visp_model_buffers - memory of one frame
 *
 * @in: first byte of the input frame
 * @in_stride: bytes between the starts of two input lines
 * @in_size: bytes available from @in
 * @out: output planes, indexed by path then plane
 * @stats: statistics buffer, written when &visp_model_config.stats_en is
 *	set, may be NULL otherwise
 * @frame_sequence: value written to &visp_stats_buffer.frame_sequence
 */
struct visp_model_buffers {
	const u8 *in;
	u32 in_stride;
	u32 in_size;
	struct visp_model_plane out[VISP_PATH_COUNT][2];
	struct visp_stats_buffer *stats;
	u32 frame_sequence;
};

/*
 * Upper bound of visp_model_scratch_size() over all valid configurations,
 * for a scratch buffer allocated once.
 */
#define VISP_MODEL_SCRATCH_MAX		(808 * 1024)

/* Error codes of visp_model_run() */
#define VISP_MODEL_ERR_CONFIG		(-1)
#define VISP_MODEL_ERR_BUFFER		(-2)
#define VISP_MODEL_ERR_SCRATCH		(-3)

void visp_model_decode_regs(const u32 *regs, struct visp_model_config *cfg);
u32 visp_model_check(const struct visp_model_config *cfg);
u32 visp_model_tone_point(unsigned int i);
u32 visp_model_tone_eval(const u16 *curve, u32 x);
u32 visp_model_in_line_bytes(u8 in_type, u32 width);
u32 visp_model_out_line_bytes(u8 format, u32 width, unsigned int plane);
u32 visp_model_out_lines(u8 format, u32 height, unsigned int plane);
unsigned int visp_model_out_planes(u8 format);
size_t visp_model_scratch_size(const struct visp_model_config *cfg);
int visp_model_run(const struct visp_model_config *cfg,
		   const struct visp_model_buffers *buf,
		   void *scratch, size_t scratch_size);
u32 visp_model_band_start(const struct visp_model_config *cfg,
			  unsigned int band, unsigned int bands);
int visp_model_run_band(const struct visp_model_config *cfg,
			const struct visp_model_buffers *buf,
			void *scratch, size_t scratch_size, u32 y0, u32 y1);
void visp_model_finish(const struct visp_model_config *cfg,
		       const struct visp_model_buffers *buf,
		       void *const *scratch, unsigned int bands);

#endif /* __VISP_MODEL_H__ */
