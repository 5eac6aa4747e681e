// SPDX-License-Identifier: GPL-2.0
/*
 * VISP ISP reference model
 *
 * Bit-exact integer model of the VISP processing pipeline, as specified in
 * Documentation/driver-api/media/drivers/visp/hardware.rst. The frame is
 * processed line by line through small line buffers held in a scratch
 * buffer provided by the caller; the model calls no library function.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/prefetch.h>
#ifdef __KERNEL__
#include <linux/sched.h>
#endif

#include <kunit/visibility.h>

#include "visp-model.h"

/*
 * The host library's AVX2 copy writes a few kernels with the compiler's
 * vector intrinsics where the C forms do not vectorise to what the
 * instructions allow: the colour matrix and the luma with 32-bit sums of
 * pairs of products (VPMADDWD), which a compiler derives from C only in
 * reductions (visp_line_ccm_luma()), and the RGB24 formatter's byte
 * interleaving (visp_line_rgb24()). The results do not change.
 */
#if defined(__AVX2__) && !defined(__KERNEL__) && !defined(VISP_MODEL_SCALAR) && \
	defined(VISP_MODEL_VEC) && VISP_MODEL_VEC == 16
#define VISP_MODEL_AVX2
#include <immintrin.h>
/*
 * The host library's x86-64-v4 copy, built with AVX512VBMI and
 * AVX512VNNI too, looks up the gamma curve's points in 128-byte tables
 * with VPERMI2B (visp_gamma_chunks()) and adds the sums of pairs of
 * products with VPDPWSSD (visp_madd3()). The kernel never builds it.
 */
#if defined(__AVX512BW__) && defined(__AVX512VL__) && \
	defined(__AVX512VBMI__) && defined(__AVX512VNNI__)
#define VISP_MODEL_AVX512
#else
/*
 * The x86-64-v3 copy counts the AE histogram in the gamma curve's loop
 * (visp_line_gamma_ae()); in the x86-64-v4 copy, whose curve takes a
 * fifth of the instructions, that was slower than a loop of its own.
 */
#define VISP_MODEL_AE_FUSE
#endif
#endif

#define VISP_BAY_ROWS		5	/* DPC window */
#define VISP_CFA_ROWS		3	/* demosaic window */
#define VISP_DMSD_RING		8	/* directional demosaic: most lines of a plane */

/* The planes of the directional demosaic, rings of lines */
enum visp_dmsd_plane {
	VISP_DMSD_Q,
	VISP_DMSD_KH,
	VISP_DMSD_KV,
	VISP_DMSD_GH,
	VISP_DMSD_GV,
	VISP_DMSD_GA,
	VISP_DMSD_GB,
	VISP_DMSD_G1,
	VISP_DMSD_G,
	VISP_DMSD_D,
	VISP_DMSD_X,
	VISP_DMSD_RG,
	VISP_DMSD_BG,
	VISP_DMSD_PLANES
};

/*
 * Lines of each plane the model keeps: those a step reads, from the
 * oldest to the newest computed when it runs (visp_dmsd_need())
 */
static const u8 visp_dmsd_rows[VISP_DMSD_PLANES] = {
	[VISP_DMSD_Q] = 8,
	[VISP_DMSD_KH] = 2,
	[VISP_DMSD_KV] = 3,
	[VISP_DMSD_GH] = 4,
	[VISP_DMSD_GV] = 4,
	[VISP_DMSD_GA] = 4,
	[VISP_DMSD_GB] = 4,
	[VISP_DMSD_G1] = 3,
	[VISP_DMSD_G] = 4,
	[VISP_DMSD_D] = 4,
	[VISP_DMSD_X] = 3,
	[VISP_DMSD_RG] = 3,
	[VISP_DMSD_BG] = 3,
};

#define VISP_PAD		2	/* mirrored columns on each side */
#define VISP_ONE_16		0x10000
#define VISP_LUT_SIZE		4096
/*
 * Most kernels that need a per-lane pattern (the colour of the column)
 * work on steps of VISP_VEC samples, one vector of 16-bit lanes, and take
 * the pattern from a constant: 8 samples, 128 bits, unless the build sets
 * VISP_MODEL_VEC to 16 for 256-bit vectors (as the host library's AVX2
 * copy of the model does). The results do not depend on it.
 */
#ifdef VISP_MODEL_VEC
#define VISP_VEC		VISP_MODEL_VEC
#else
#define VISP_VEC		8
#endif
#if VISP_VEC != 8 && VISP_VEC != 16
#error "VISP_MODEL_VEC must be 8 or 16"
#endif
/*
 * Element-wise line operations work on chunks of two vectors, so that a
 * compiler can vectorise them without a remainder loop; line buffers are
 * sized accordingly.
 */
#define VISP_CHUNK		(2 * VISP_VEC)

/*
 * C code in the kernel has no vector registers: there the sums of
 * products below are computed in 32 bits, which is cheaper in scalar
 * code. Elsewhere they are split into 16-bit halves, which vectorises with
 * 16-bit lanes. Both forms give the same results.
 */
#ifdef __KERNEL__
#define VISP_MODEL_SCALAR
#endif

/*
 * A band takes milliseconds, many more under emulation: in the kernel, the
 * model lets the other tasks of its CPU run between lines (the simulator's
 * bands may keep every CPU busy, and its interrupt threads and the
 * sensor's frames must not wait for a whole band). Callers may sleep.
 */
#ifdef __KERNEL__
#define visp_model_yield()	cond_resched()
#else
#define visp_model_yield()	do { } while (0)
#endif

/*
 * Lines (AF) or quad rows (AWB) of 12-bit values summed per column in 16
 * bits: 16 * 4095 < 65536
 */
#define VISP_STATS_ROWS		16

/* Largest row sum of absolute colour matrix coefficients without a clamp */
#define VISP_CCM_SMALL_SUM	7000

/*
 * RGB to YUV coefficients per matrix and range (limited, full), rows Y, Cb
 * and Cr, applied to 12-bit RGB: out = ((c0 * R + c1 * G + c2 * B + 32768)
 * >> 16) + offset. They include the 255 / 4095 depth conversion.
 */
static const s16 visp_csc_coeffs[3][2][3][3] = {
	[VISP_CSC_BT601] = {
		{ { 1048, 2057, 400 }, { -605, -1187, 1792 },
		  { 1792, -1501, -291 } },
		{ { 1220, 2396, 465 }, { -689, -1351, 2040 },
		  { 2040, -1708, -332 } },
	},
	[VISP_CSC_BT709] = {
		{ { 745, 2507, 253 }, { -411, -1381, 1792 },
		  { 1792, -1628, -164 } },
		{ { 868, 2918, 295 }, { -468, -1572, 2040 },
		  { 2040, -1853, -187 } },
	},
	[VISP_CSC_BT2020] = {
		{ { 921, 2376, 208 }, { -501, -1291, 1792 },
		  { 1792, -1648, -144 } },
		{ { 1072, 2767, 242 }, { -570, -1470, 2040 },
		  { 2040, -1876, -164 } },
	},
};

/* All ones in the odd lanes of a chunk, of at most 32 lanes */
static const s16 visp_odd_lanes[32] = {
	0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1,
	0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1,
};

/* Colour channel of the CFA positions (0, 0), (1, 0), (0, 1), (1, 1). */
static const u8 visp_cfa_layout[4][4] = {
	[VISP_BAYER_RGGB] = { VISP_CFA_R, VISP_CFA_GR, VISP_CFA_GB, VISP_CFA_B },
	[VISP_BAYER_GRBG] = { VISP_CFA_GR, VISP_CFA_R, VISP_CFA_B, VISP_CFA_GB },
	[VISP_BAYER_GBRG] = { VISP_CFA_GB, VISP_CFA_B, VISP_CFA_R, VISP_CFA_GR },
	[VISP_BAYER_BGGR] = { VISP_CFA_B, VISP_CFA_GB, VISP_CFA_GR, VISP_CFA_R },
};

/**
 * struct visp_model_path_ws - per path working state
 *
 * @hidx: source column of each output column, relative to the crop
 * @hfrac: 8-bit weight of the next source column
 * @vrow: vertically interpolated line, per colour
 * @srow: scaled line, per colour
 * @prev: previous scaled line, per colour (NV12 chroma)
 * @prevp: previous scaled line, in @prev or in the RGB ring
 * @ytmp: luma of the current output line
 * @ctmp: interleaved Cb and Cr of the current output line
 * @next_oy: next output line to produce
 * @first_oy: first output line of the band: a line before it is computed
 *	for the chroma of NV12 but not written
 * @h_identity: the horizontal scaler is an identity
 * @h_step2: the horizontal step is 2 and no column is clamped
 * @v_identity: the vertical scaler is an identity, with clamping
 */
struct visp_model_path_ws {
	u16 *hidx;
	u16 *hfrac;
	u16 *vrow[3];
	u16 *srow[3];
	u16 *prev[3];
	const u16 *prevp[3];
	u8 *ytmp;
	u8 *ctmp;
	u32 next_oy;
	u32 first_oy;
	bool h_identity;
	bool h_step2;
	bool v_identity;
};

/**
 * struct visp_model_ws - working state, at the start of the scratch buffer
 *
 * @norm: formatter output line, 16-bit normalised samples
 * @bay: black-level corrected lines, ring of 5, with mirrored padding
 * @cfa: white-balanced lines, ring of 3, with mirrored padding
 * @pre_wb: lines after defect correction or lens shading, before white
 *	balance, for even and odd lines
 * @awb_prev: previous (even) line before white balance, for AWB quads
 * @rgb: RGB lines after gamma, ring of 2, per colour
 * @dmsd: directional demosaic: the planes of "Directional demosaic" in
 *	hardware.rst (&enum visp_dmsd_plane), each a ring of as many lines
 *	as visp_dmsd_rows[] says, with mirrored padding
 * @dmsd_sqrt: directional demosaic: square root of each 12-bit sample
 * @dmsd_odd: directional demosaic: the parity of each column, x & 1, which
 *	its line kernels read rather than computing it from the column
 *	shifted left by 16
 * @dmsd_next_p: directional demosaic: next line of the step 2 planes
 *	(KH to GB) to compute
 * @dmsd_next_g1: directional demosaic: next line of G1
 * @dmsd_next_g: directional demosaic: next line of G and D
 * @dmsd_next_x: directional demosaic: next line of X
 * @dmsd_next_c: directional demosaic: next line of RG and BG
 * @luma_lin: 12-bit luma of the colour matrix output
 * @luma_gam: 12-bit luma of the gamma output
 * @gamma_lut: expanded gamma curve, 4096 entries
 * @rgb8_lut: 12-bit to 8-bit conversion, 4096 entries, gamma included
 *	when @gamma_in_rgb8 is set
 * @lsc_idx: lens shading grid cell of each column
 * @lsc_frac: 10-bit horizontal weight of each column, shifted left by 5
 * @lsc_a: lens shading gain at the left node of each grid cell of the
 *	current line, even and odd columns interleaved
 * @lsc_d: difference of the gains at the right and left nodes, shifted
 *	left by 1, interleaved as @lsc_a
 * @bls_pat: black level of the columns of a chunk, for even and odd lines
 * @wb_pat: white balance gain of the columns of a chunk shifted left by 2,
 *	for even and odd lines
 * @awb_acc: AWB sums of each column over the last quad rows: even line
 *	samples, odd line samples and quad count
 * @awb_rows: number of quad rows in @awb_acc
 * @af_acc: AF sums of each column over the last lines
 * @af_rows: number of lines in @af_acc
 * @ae_y8: AE 8-bit luma of the current line
 * @ae_sum: AE zone luma sums
 * @ae_hist: four partial AE histograms, summed at the end of the frame
 * @path: per path state
 * @cfa_ch: colour channel of the CFA positions
 * @stats: the band's AWB and AF sums, in the scratch buffer, NULL when
 *	the statistics are not measured
 * @gamma_in_rgb8: the gamma curve is applied by @rgb8_lut
 * @gamma_vec: x86-64-v3 and v4 copies: visp_line_gamma() interpolates the 65-point
 *	curve in vectors (no segmented tone curve)
 * @gamma_seg: x86-64-v3 copy: the curve's points and slopes for
 *	visp_line_gamma(), four byte planes of four 16-segment tables
 * @gamma_pl: x86-64-v4 copy, in place of @gamma_seg: the curve's points
 *	then its slopes for visp_line_gamma(), each 64 low bytes then 64
 *	high bytes, a VPERMI2B table of two 512-bit vectors
 * @wc: line width rounded up to a whole number of chunks
 * @y0: first line of the band, whose outputs and statistics it produces
 * @y1: line after the last of the band
 * @ystart: first line through the colour stages: @y0, or the line before
 *	it that the first output lines of the band interpolate from
 * @lines_off: offset of the first line buffer in the scratch buffer
 * @size: bytes of scratch used
 */
struct visp_model_ws {
	u16 *norm;
	u16 *bay[VISP_BAY_ROWS];
	u16 *cfa[VISP_CFA_ROWS];
	u16 *pre_wb[2];
	const u16 *awb_prev;
	u16 *rgb[2][3];
	u16 *dmsd[VISP_DMSD_PLANES][VISP_DMSD_RING];
	u16 *dmsd_sqrt;
	u16 *dmsd_odd;
	u32 dmsd_next_p;
	u32 dmsd_next_g1;
	u32 dmsd_next_g;
	u32 dmsd_next_x;
	u32 dmsd_next_c;
	u16 *luma_lin;
	u16 *luma_gam;
	u16 *gamma_lut;
	u8 *rgb8_lut;
	u16 *lsc_idx;
	u16 *lsc_frac;
	u16 *lsc_a;
	u16 *lsc_d;
	u16 *awb_acc[3];
	u32 awb_rows;
	u16 *af_acc;
	u32 af_rows;
	u8 *ae_y8;
	u64 *ae_sum;
	u32 (*ae_hist)[VISP_STATS_HIST_BINS];
	u16 bls_pat[2][VISP_VEC];
	u16 wb_pat[2][VISP_VEC];
	struct visp_model_path_ws path[VISP_PATH_COUNT];
	const u8 *cfa_ch;
	struct visp_stats_buffer *stats;
	bool gamma_in_rgb8;
#ifdef VISP_MODEL_AVX2
	/* visp_line_gamma() (no segmented tone curve) and its tables */
	bool gamma_vec;
#ifdef VISP_MODEL_AVX512
	u8 gamma_pl[2][128];
#else
	u8 gamma_seg[4][4][16];
#endif
#endif
	u32 wc;
	u32 y0;
	u32 y1;
	u32 ystart;
	size_t lines_off;
	size_t size;
};

/* ------------------------------------------------------------------------
 * Geometry helpers
 */

/**
 * visp_model_in_line_bytes() - bytes of one input line
 * @in_type: one of VISP_IN_TYPE_*
 * @width: pixels
 *
 * Return: the number of bytes the input DMA reads per line, 0 for an
 * invalid type.
 */
u32 visp_model_in_line_bytes(u8 in_type, u32 width)
{
	switch (in_type) {
	case VISP_IN_TYPE_RAW8:
		return width;
	case VISP_IN_TYPE_RAW10:
	case VISP_IN_TYPE_RAW12:
	case VISP_IN_TYPE_RAW16:
		return width * 2;
	case VISP_IN_TYPE_RAW10_CSI2P:
		return width / 4 * 5;
	case VISP_IN_TYPE_RAW12_CSI2P:
		return width / 2 * 3;
	default:
		return 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(visp_model_in_line_bytes);

/**
 * visp_model_out_planes() - number of memory planes of an output format
 * @format: one of VISP_OUT_FMT_*
 *
 * Return: 2 for NV12 and NV16, 1 otherwise.
 */
unsigned int visp_model_out_planes(u8 format)
{
	return format == VISP_OUT_FMT_NV12 || format == VISP_OUT_FMT_NV16 ?
	       2 : 1;
}
EXPORT_SYMBOL_IF_KUNIT(visp_model_out_planes);

/**
 * visp_model_out_line_bytes() - bytes of one line of an output plane
 * @format: one of VISP_OUT_FMT_*
 * @width: pixels
 * @plane: plane index
 *
 * Return: the number of bytes the path writes per line of @plane, 0 when
 * the format has no such plane.
 */
u32 visp_model_out_line_bytes(u8 format, u32 width, unsigned int plane)
{
	if (plane >= visp_model_out_planes(format))
		return 0;

	switch (format) {
	case VISP_OUT_FMT_NV12:
	case VISP_OUT_FMT_NV16:
	case VISP_OUT_FMT_GREY:
		return width;
	case VISP_OUT_FMT_YUYV:
	case VISP_OUT_FMT_RAW16:
		return width * 2;
	case VISP_OUT_FMT_RGB24:
		return width * 3;
	case VISP_OUT_FMT_XRGB32:
		return width * 4;
	default:
		return 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(visp_model_out_line_bytes);

/**
 * visp_model_out_lines() - lines of an output plane
 * @format: one of VISP_OUT_FMT_*
 * @height: pixels
 * @plane: plane index
 *
 * Return: the number of lines the path writes to @plane, 0 when the format
 * has no such plane or is unknown.
 */
u32 visp_model_out_lines(u8 format, u32 height, unsigned int plane)
{
	if (format > VISP_OUT_FMT_RAW16 ||
	    plane >= visp_model_out_planes(format))
		return 0;
	if (format == VISP_OUT_FMT_NV12 && plane == 1)
		return height / 2;
	return height;
}
EXPORT_SYMBOL_IF_KUNIT(visp_model_out_lines);

static bool visp_model_fits(u32 start, u32 size, u32 limit)
{
	return size <= limit && start <= limit - size;
}

static u32 visp_model_check_path(const struct visp_model_config *cfg,
				 unsigned int p)
{
	const struct visp_model_path *path = &cfg->path[p];
	u32 max_w = p == VISP_PATH_MAIN ? VISP_MAX_WIDTH : VISP_SELF_MAX_WIDTH;
	u32 max_h = p == VISP_PATH_MAIN ? VISP_MAX_HEIGHT :
		    VISP_SELF_MAX_HEIGHT;

	if (!path->enable)
		return 0;

	if (path->format > VISP_OUT_FMT_RAW16 ||
	    (path->format == VISP_OUT_FMT_RAW16 && p != VISP_PATH_MAIN))
		return 1;
	if (path->crop_w < VISP_MIN_WIDTH || path->crop_h < VISP_MIN_HEIGHT ||
	    !visp_model_fits(path->crop_x, path->crop_w, cfg->in_width) ||
	    !visp_model_fits(path->crop_y, path->crop_h, cfg->in_height))
		return 1;
	if (path->out_w < VISP_MIN_WIDTH || path->out_h < VISP_MIN_HEIGHT ||
	    path->out_w > max_w || path->out_h > max_h)
		return 1;

	if (path->format == VISP_OUT_FMT_RAW16)
		return (path->crop_x & 1) || (path->crop_y & 1) ||
		       path->out_w != path->crop_w ||
		       path->out_h != path->crop_h;
	if (path->format <= VISP_OUT_FMT_YUYV && (path->out_w & 1))
		return 1;
	if (path->format == VISP_OUT_FMT_NV12 && (path->out_h & 1))
		return 1;

	return path->hstep < VISP_SCALE_STEP_MIN ||
	       path->hstep > VISP_SCALE_STEP_MAX ||
	       path->vstep < VISP_SCALE_STEP_MIN ||
	       path->vstep > VISP_SCALE_STEP_MAX;
}

static bool visp_model_check_window(const struct visp_model_window *win)
{
	return win->grid_w < 1 || win->grid_w > VISP_STATS_GRID_MAX ||
	       win->grid_h < 1 || win->grid_h > VISP_STATS_GRID_MAX ||
	       win->zone_w < VISP_STATS_ZONE_MIN ||
	       win->zone_h < VISP_STATS_ZONE_MIN ||
	       ((win->x | win->y | win->zone_w | win->zone_h) & 1) ||
	       !visp_model_fits(win->x, (u32)win->zone_w * win->grid_w,
				VISP_MAX_WIDTH) ||
	       !visp_model_fits(win->y, (u32)win->zone_h * win->grid_h,
				VISP_MAX_HEIGHT);
}

static bool visp_model_check_blocks(const struct visp_model_config *cfg)
{
	unsigned int i;
	bool bad = false;

	for (i = 0; i < VISP_CFA_CHANNELS; i++)
		bad |= cfg->bls_level[i] > VISP_PIXEL_MAX ||
		       cfg->wb_gain[i] > VISP_GAIN_MAX;
	for (i = 0; i < 9; i++)
		bad |= cfg->ccm_coeff[i] < VISP_CCM_COEFF_MIN ||
		       cfg->ccm_coeff[i] > VISP_CCM_COEFF_MAX;
	for (i = 0; i < 3; i++)
		bad |= cfg->ccm_offset[i] < VISP_CCM_OFFSET_MIN ||
		       cfg->ccm_offset[i] > VISP_CCM_OFFSET_MAX;
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		bad |= cfg->gamma_lut[i] > VISP_PIXEL_MAX;
	for (i = 0; i < VISP_TONE_POINTS; i++)
		bad |= cfg->tone_lut[i] > VISP_PIXEL_MAX;

	return bad || cfg->dpc_thresh > VISP_PIXEL_MAX ||
	       cfg->dms_mode > VISP_DEMOSAIC_DIRECTIONAL ||
	       cfg->csc_matrix > VISP_CSC_BT2020 ||
	       cfg->awb_thresh > VISP_PIXEL_MAX ||
	       cfg->af_thresh > VISP_PIXEL_MAX;
}

static bool visp_model_check_lsc(const struct visp_model_config *cfg)
{
	unsigned int c, n;
	bool bad = false;

	for (c = 0; c < VISP_CFA_CHANNELS; c++)
		for (n = 0; n < VISP_LSC_GRID_NODES; n++)
			bad |= cfg->lsc_table[c][n] > VISP_GAIN_MAX;

	return bad || cfg->lsc_xstep > VISP_LSC_STEP ||
	       cfg->lsc_ystep > VISP_LSC_STEP;
}

/**
 * visp_model_check() - check a configuration the way the hardware does
 * @cfg: configuration
 *
 * The hardware performs these checks when it latches a configuration at
 * frame start; a failure raises VISP_IRQ_CFG_ERR and the frame is not
 * processed.
 *
 * Return: 0 when the configuration is valid, otherwise the VISP_CFG_ERR_*
 * bits of the units whose configuration is invalid, as reported in
 * VISP_REG_CFG_ERR_SRC.
 */
u32 visp_model_check(const struct visp_model_config *cfg)
{
	u32 err = 0;

	if (cfg->in_type > VISP_IN_TYPE_RAW12_CSI2P || cfg->bayer > 3 ||
	    cfg->in_width < VISP_MIN_WIDTH || cfg->in_width > VISP_MAX_WIDTH ||
	    cfg->in_height < VISP_MIN_HEIGHT ||
	    cfg->in_height > VISP_MAX_HEIGHT ||
	    (cfg->in_width & 1) || (cfg->in_height & 1) ||
	    (cfg->in_type == VISP_IN_TYPE_RAW10_CSI2P && (cfg->in_width & 3)) ||
	    (cfg->in_csi && cfg->in_type != VISP_IN_TYPE_RAW10 &&
	     cfg->in_type != VISP_IN_TYPE_RAW12))
		err |= VISP_CFG_ERR_IN;
	if (visp_model_check_path(cfg, VISP_PATH_MAIN))
		err |= VISP_CFG_ERR_MP;
	if (visp_model_check_path(cfg, VISP_PATH_SELF))
		err |= VISP_CFG_ERR_SP;
	if (visp_model_check_lsc(cfg))
		err |= VISP_CFG_ERR_LSC;
	if (cfg->stats_en &&
	    ((cfg->awb_en && visp_model_check_window(&cfg->awb_win)) ||
	     (cfg->ae_en && visp_model_check_window(&cfg->ae_win)) ||
	     (cfg->af_en && visp_model_check_window(&cfg->af_win))))
		err |= VISP_CFG_ERR_STATS;
	if (visp_model_check_blocks(cfg))
		err |= VISP_CFG_ERR_BLOCK;

	return err;
}
EXPORT_SYMBOL_IF_KUNIT(visp_model_check);

/* ------------------------------------------------------------------------
 * Register decoding
 */

/* Field @mask of @v, shifted down. */
static inline u32 visp_get(u32 v, u32 mask)
{
	return (v & mask) / (mask & -mask);
}

/* Sign-extend the @bits-bit two's complement field @mask of @v. */
static inline s32 visp_get_signed(u32 v, u32 mask, unsigned int bits)
{
	u32 f = visp_get(v, mask);

	return f & (1u << (bits - 1)) ? (s32)(f | ~((1u << bits) - 1)) :
	       (s32)f;
}

/* Decode the statistics unit at @base; returns its CTRL register. */
static u32 visp_decode_unit(const u32 *regs, u32 base,
			    struct visp_model_window *win, u16 *thresh)
{
	u32 pos = regs[VISP_REG_STATS_UNIT_POS(base) / 4];
	u32 zone = regs[VISP_REG_STATS_UNIT_ZONE(base) / 4];
	u32 grid = regs[VISP_REG_STATS_UNIT_GRID(base) / 4];

	win->x = visp_get(pos, VISP_POS_X);
	win->y = visp_get(pos, VISP_POS_Y);
	win->zone_w = visp_get(zone, VISP_SIZE_W);
	win->zone_h = visp_get(zone, VISP_SIZE_H);
	win->grid_w = visp_get(grid, VISP_STATS_GRID_W);
	win->grid_h = visp_get(grid, VISP_STATS_GRID_H);
	*thresh = visp_get(regs[VISP_REG_STATS_UNIT_THRESH(base) / 4],
			   VISP_STATS_THRESH);
	return regs[VISP_REG_STATS_UNIT_CTRL(base) / 4];
}

/**
 * visp_model_decode_regs() - decode a register set into a configuration
 * @regs: register values, indexed by offset / 4, VISP_REG_SPACE_SIZE / 4
 *	entries (the simulator's active set)
 * @cfg: configuration to fill
 *
 * Fills every field of @cfg from the registers it names, sign-extending the
 * signed fields. Reserved bits are ignored.
 */
void visp_model_decode_regs(const u32 *regs, struct visp_model_config *cfg)
{
	u32 v = regs[VISP_REG_IN_FMT / 4];
	unsigned int p, i, n;
	u16 unused;

	cfg->in_type = visp_get(v, VISP_IN_FMT_TYPE);
	cfg->in_csi = v & VISP_IN_FMT_SRC_CSI;
	cfg->bayer = visp_get(v, VISP_IN_FMT_BAYER);
	v = regs[VISP_REG_IN_SIZE / 4];
	cfg->in_width = visp_get(v, VISP_SIZE_W);
	cfg->in_height = visp_get(v, VISP_SIZE_H);

	cfg->bls_en = regs[VISP_REG_BLS_CTRL / 4] & VISP_BLOCK_EN;
	v = regs[VISP_REG_BLS_R_GR / 4];
	cfg->bls_level[VISP_CFA_R] = visp_get(v, VISP_PAIR_LO) & VISP_BLS_LEVEL;
	cfg->bls_level[VISP_CFA_GR] = visp_get(v, VISP_PAIR_HI) &
				      VISP_BLS_LEVEL;
	v = regs[VISP_REG_BLS_GB_B / 4];
	cfg->bls_level[VISP_CFA_GB] = visp_get(v, VISP_PAIR_LO) &
				      VISP_BLS_LEVEL;
	cfg->bls_level[VISP_CFA_B] = visp_get(v, VISP_PAIR_HI) & VISP_BLS_LEVEL;

	cfg->dpc_en = regs[VISP_REG_DPC_CTRL / 4] & VISP_BLOCK_EN;
	cfg->dpc_thresh = visp_get(regs[VISP_REG_DPC_THRESH / 4],
				   VISP_DPC_THRESH);

	cfg->lsc_en = regs[VISP_REG_LSC_CTRL / 4] & VISP_BLOCK_EN;
	cfg->lsc_xstep = visp_get(regs[VISP_REG_LSC_XSTEP / 4], VISP_LSC_STEP);
	cfg->lsc_ystep = visp_get(regs[VISP_REG_LSC_YSTEP / 4], VISP_LSC_STEP);
	for (i = 0; i < VISP_CFA_CHANNELS; i++)
		for (n = 0; n < VISP_LSC_GRID_NODES; n++)
			cfg->lsc_table[i][n] =
				visp_get(regs[VISP_REG_LSC_TABLE(i, n) / 4],
					 VISP_LSC_TABLE_VALUE);

	cfg->wb_en = regs[VISP_REG_WB_CTRL / 4] & VISP_BLOCK_EN;
	v = regs[VISP_REG_WB_GAIN_R_GR / 4];
	cfg->wb_gain[VISP_CFA_R] = visp_get(v, VISP_PAIR_LO) & VISP_GAIN;
	cfg->wb_gain[VISP_CFA_GR] = visp_get(v, VISP_PAIR_HI) & VISP_GAIN;
	v = regs[VISP_REG_WB_GAIN_GB_B / 4];
	cfg->wb_gain[VISP_CFA_GB] = visp_get(v, VISP_PAIR_LO) & VISP_GAIN;
	cfg->wb_gain[VISP_CFA_B] = visp_get(v, VISP_PAIR_HI) & VISP_GAIN;

	cfg->dms_mode = visp_get(regs[VISP_REG_DMS_CTRL / 4],
				 VISP_DMS_CTRL_MODE);

	cfg->ccm_en = regs[VISP_REG_CCM_CTRL / 4] & VISP_BLOCK_EN;
	for (i = 0; i < 9; i++)
		cfg->ccm_coeff[i] =
			visp_get_signed(regs[VISP_REG_CCM_COEFF(i) / 4],
					VISP_CCM_COEFF, 14);
	for (i = 0; i < 3; i++)
		cfg->ccm_offset[i] =
			visp_get_signed(regs[VISP_REG_CCM_OFFSET(i) / 4],
					VISP_CCM_OFFSET, 13);

	cfg->gamma_en = regs[VISP_REG_GAMMA_CTRL / 4] & VISP_BLOCK_EN;
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		cfg->gamma_lut[i] = visp_get(regs[VISP_REG_GAMMA_LUT(i) / 4],
					     VISP_GAMMA_LUT_VALUE);
	cfg->tone_seg = regs[VISP_REG_GAMMA_CTRL / 4] & VISP_GAMMA_CTRL_TONE;
	for (i = 0; i < VISP_TONE_POINTS; i++)
		cfg->tone_lut[i] = visp_get(regs[VISP_REG_TONE_LUT(i) / 4],
					    VISP_TONE_LUT_VALUE);

	v = regs[VISP_REG_CSC_CTRL / 4];
	cfg->csc_matrix = visp_get(v, VISP_CSC_CTRL_MATRIX);
	cfg->csc_full_range = v & VISP_CSC_CTRL_FULL_RANGE;

	for (p = 0; p < VISP_PATH_COUNT; p++) {
		struct visp_model_path *path = &cfg->path[p];

		v = regs[VISP_REG_PATH_CTRL(p) / 4];
		path->enable = v & VISP_PATH_CTRL_EN;
		path->format = visp_get(v, VISP_PATH_CTRL_FMT);
		v = regs[VISP_REG_PATH_CROP_POS(p) / 4];
		path->crop_x = visp_get(v, VISP_POS_X);
		path->crop_y = visp_get(v, VISP_POS_Y);
		v = regs[VISP_REG_PATH_CROP_SIZE(p) / 4];
		path->crop_w = visp_get(v, VISP_SIZE_W);
		path->crop_h = visp_get(v, VISP_SIZE_H);
		v = regs[VISP_REG_PATH_OUT_SIZE(p) / 4];
		path->out_w = visp_get(v, VISP_SIZE_W);
		path->out_h = visp_get(v, VISP_SIZE_H);
		path->hstep = visp_get(regs[VISP_REG_PATH_HSTEP(p) / 4],
				       VISP_SCALE_STEP);
		path->vstep = visp_get(regs[VISP_REG_PATH_VSTEP(p) / 4],
				       VISP_SCALE_STEP);
		path->hphase = (s32)regs[VISP_REG_PATH_HPHASE(p) / 4];
		path->vphase = (s32)regs[VISP_REG_PATH_VPHASE(p) / 4];
	}

	cfg->stats_en = regs[VISP_REG_STATS_CTRL / 4] & VISP_STATS_CTRL_EN;
	v = visp_decode_unit(regs, VISP_AWB_STATS_BASE, &cfg->awb_win,
			     &cfg->awb_thresh);
	cfg->awb_en = v & VISP_STATS_UNIT_EN;
	v = visp_decode_unit(regs, VISP_AE_STATS_BASE, &cfg->ae_win,
			     &unused);
	cfg->ae_en = v & VISP_STATS_UNIT_EN;
	cfg->ae_post_gamma = v & VISP_AE_CTRL_POST_GAMMA;
	v = visp_decode_unit(regs, VISP_AF_STATS_BASE, &cfg->af_win,
			     &cfg->af_thresh);
	cfg->af_en = v & VISP_STATS_UNIT_EN;
}

/* ------------------------------------------------------------------------
 * Scratch layout
 */

/* Reserve @bytes of scratch at *@off, 8-byte aligned. */
static u8 *visp_model_take(u8 *base, size_t *off, size_t bytes)
{
	u8 *p = base ? base + *off : NULL;

	*off += (bytes + 7) & ~(size_t)7;
	return p;
}

static void visp_model_take16(u16 **slot, u8 *base, size_t *off,
			      size_t count)
{
	u8 *p = visp_model_take(base, off, count * sizeof(u16));

	if (slot)
		*slot = (u16 *)p;
}

/* As visp_model_take16(), with VISP_PAD samples before the returned start */
static void visp_model_take16p(u16 **slot, u8 *base, size_t *off,
			       size_t count)
{
	visp_model_take16(slot, base, off, count + VISP_PAD);
	if (slot)
		*slot += VISP_PAD;
}

static void visp_model_take8(u8 **slot, u8 *base, size_t *off, size_t count)
{
	u8 *p = visp_model_take(base, off, count);

	if (slot)
		*slot = p;
}

static u32 visp_model_round_chunk(u32 n)
{
	return (n + VISP_CHUNK - 1) & ~(u32)(VISP_CHUNK - 1);
}

/*
 * Assign the working buffers that follow @ws in the scratch buffer, or only
 * compute the size when @ws is NULL. Every line buffer holds a whole number
 * of chunks plus the mirrored padding and one chunk of slack, so that
 * chunked loops may run past the end of the line. Returns the number of
 * bytes used, @ws included.
 */
static size_t visp_model_layout(const struct visp_model_config *cfg,
				struct visp_model_ws *ws)
{
	u8 *base = (u8 *)ws;
	u32 wc = visp_model_round_chunk(cfg->in_width);
	size_t line = wc + 2 * VISP_PAD + VISP_CHUNK;
	size_t off = 0;
	unsigned int i, p, c;

	visp_model_take(base, &off, sizeof(*ws));
	if (ws) {
		ws->wc = wc;
		ws->lines_off = off;
	}
	visp_model_take16(ws ? &ws->norm : NULL, base, &off, line);
	for (i = 0; i < VISP_BAY_ROWS; i++)
		visp_model_take16(ws ? &ws->bay[i] : NULL, base, &off, line);
	for (i = 0; i < VISP_CFA_ROWS; i++)
		visp_model_take16(ws ? &ws->cfa[i] : NULL, base, &off, line);
	for (i = 0; i < 2; i++)
		visp_model_take16p(ws ? &ws->pre_wb[i] : NULL, base, &off,
				   line);
	for (i = 0; i < 2; i++)
		for (c = 0; c < 3; c++)
			visp_model_take16p(ws ? &ws->rgb[i][c] : NULL, base,
					   &off, line);
	/* the directional demosaic's lines, in that mode only */
	for (c = 0; c < VISP_DMSD_PLANES; c++)
		for (i = 0; i < visp_dmsd_rows[c] &&
		     cfg->dms_mode == VISP_DEMOSAIC_DIRECTIONAL; i++)
			visp_model_take16(ws ? &ws->dmsd[c][i] : NULL, base,
					  &off, line);
	visp_model_take16(ws ? &ws->dmsd_sqrt : NULL, base, &off,
			  VISP_LUT_SIZE);
	if (cfg->dms_mode == VISP_DEMOSAIC_DIRECTIONAL)
		visp_model_take16(ws ? &ws->dmsd_odd : NULL, base, &off, line);
	visp_model_take16(ws ? &ws->luma_lin : NULL, base, &off, line);
	visp_model_take16(ws ? &ws->luma_gam : NULL, base, &off, line);
	visp_model_take16(ws ? &ws->gamma_lut : NULL, base, &off,
			  VISP_LUT_SIZE);
	visp_model_take8(ws ? &ws->rgb8_lut : NULL, base, &off,
			 VISP_LUT_SIZE);
	visp_model_take16(ws ? &ws->lsc_idx : NULL, base, &off, line);
	visp_model_take16(ws ? &ws->lsc_frac : NULL, base, &off,
			  line);
	visp_model_take16(ws ? &ws->lsc_a : NULL, base, &off,
			  2 * VISP_LSC_GRID_CELLS_X);
	visp_model_take16(ws ? &ws->lsc_d : NULL, base, &off,
			  2 * VISP_LSC_GRID_CELLS_X);
	for (i = 0; i < 3; i++)
		visp_model_take16(ws ? &ws->awb_acc[i] : NULL, base, &off,
				  line);
	visp_model_take16(ws ? &ws->af_acc : NULL, base, &off, line);
	visp_model_take8(ws ? &ws->ae_y8 : NULL, base, &off, line);
	p = VISP_STATS_ZONES_MAX * sizeof(u64);
	if (ws)
		ws->ae_sum = (u64 *)visp_model_take(base, &off, p);
	else
		visp_model_take(base, &off, p);
	p = 4 * VISP_STATS_HIST_BINS * sizeof(u32);
	if (ws)
		ws->ae_hist = (u32 (*)[VISP_STATS_HIST_BINS])
			      visp_model_take(base, &off, p);
	else
		visp_model_take(base, &off, p);
	p = sizeof(struct visp_stats_buffer);
	if (ws)
		ws->stats = (struct visp_stats_buffer *)
			    visp_model_take(base, &off, p);
	else
		visp_model_take(base, &off, p);

	for (p = 0; p < VISP_PATH_COUNT; p++) {
		struct visp_model_path_ws *pw = ws ? &ws->path[p] : NULL;
		size_t ow = visp_model_round_chunk(cfg->path[p].out_w) +
			    VISP_CHUNK;
		size_t cw = visp_model_round_chunk(cfg->path[p].crop_w) +
			    VISP_CHUNK;

		if (!cfg->path[p].enable)
			continue;
		visp_model_take16(pw ? &pw->hidx : NULL, base, &off, ow);
		visp_model_take16(pw ? &pw->hfrac : NULL, base, &off, ow);
		visp_model_take8(pw ? &pw->ytmp : NULL, base, &off, ow);
		visp_model_take8(pw ? &pw->ctmp : NULL, base, &off, ow);
		for (c = 0; c < 3; c++) {
			visp_model_take16p(pw ? &pw->vrow[c] : NULL, base,
					   &off, cw);
			visp_model_take16p(pw ? &pw->srow[c] : NULL, base,
					   &off, ow);
			visp_model_take16p(pw ? &pw->prev[c] : NULL, base,
					   &off, ow);
		}
	}

	if (ws)
		ws->size = off;
	return off;
}

/**
 * visp_model_scratch_size() - size of the scratch buffer
 * @cfg: configuration; only the input width and the path sizes matter
 *
 * Return: the number of bytes of scratch memory visp_model_run() needs for
 * @cfg. The buffer must be 8-byte aligned. At most
 * VISP_MODEL_SCRATCH_MAX.
 */
size_t visp_model_scratch_size(const struct visp_model_config *cfg)
{
	return visp_model_layout(cfg, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(visp_model_scratch_size);

/* ------------------------------------------------------------------------
 * Arithmetic helpers
 */

static inline u32 visp_min_u32(u32 a, u32 b)
{
	return a < b ? a : b;
}

static inline s32 visp_clamp_s32(s32 v, s32 lo, s32 hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Mirror a coordinate into 0 .. n - 1 without repeating the edge. */
static inline u32 visp_reflect(s32 i, u32 n)
{
	if (i < 0)
		return -i;
	if (i >= (s32)n)
		return 2 * (n - 1) - i;
	return i;
}

/* Unsigned 64 by 32 bit division, shift and subtract. */
static u64 visp_div_u64(u64 num, u32 den)
{
	u64 q = 0, r = 0;
	int i;

	for (i = 63; i >= 0; i--) {
		r = (r << 1) | ((num >> i) & 1);
		if (r >= den) {
			r -= den;
			q |= 1ULL << i;
		}
	}
	return q;
}

/*
 * Rounded high half of a 16 x 16 bit product, (a * b + 32768) >> 16, in
 * 16-bit arithmetic: the high half plus bit 15 of the low half. Written so
 * that a compiler vectorises it with 16-bit lanes (pmulhuw/pmulhw and
 * pmullw on x86).
 */
static inline u16 visp_mulr_u16(u16 a, u16 b)
{
	u16 hi = ((u32)a * b) >> 16;
	u16 lo = (u32)a * b;

	return hi + (lo >> 15);
}

static inline s16 visp_mulr_s16(s16 a, s16 b)
{
	s16 hi = ((s32)a * b) >> 16;
	u16 lo = (u32)(u16)a * (u16)b;

	return hi + (lo >> 15);
}

/* max(a - b, 0), a saturating subtraction (psubusw on x86) */
static inline u16 visp_subs_u16(u16 a, u16 b)
{
	return a > b ? a - b : 0;
}

/*
 * min((v * g + 512) >> 10, 4095) for a 12-bit sample and a 4.10 gain
 * passed as g << 2: (v << 4) * (g << 2) = v * g * 64, so the rounded
 * high half is (v * g + 512) >> 10, at most 65517. The minimum is a
 * saturating subtraction and a subtraction where vectors of unsigned
 * 16-bit lanes have no minimum (SSE2) and in scalar code, one VPMINUW
 * with AVX2.
 */
static inline u16 visp_gain12(u16 v, u16 g4)
{
	u16 r = visp_mulr_u16(v << 4, g4);

#ifdef VISP_MODEL_AVX2
	return r < VISP_PIXEL_MAX ? r : VISP_PIXEL_MAX;
#else
	return r - visp_subs_u16(r, VISP_PIXEL_MAX);
#endif
}

#ifdef VISP_MODEL_SCALAR
/* (c0 * x0 + c1 * x1 + c2 * x2 + 32768) >> 16, the samples passed as 4x */
static inline s16 visp_dot3(s16 c0, s16 c1, s16 c2, s16 x0, s16 x1, s16 x2)
{
	return (c0 * x0 + c1 * x1 + c2 * x2 + 131072) >> 18;
}
#else
/*
 * (c0 * x0 + c1 * x1 + c2 * x2 + 32768) >> 16 for 12-bit samples, passed
 * shifted left by 2, and coefficients of at most 13 bits: each product P
 * is split as 16384 * q + r, q = P >> 14 being the high half and r << 2
 * the low half of c * 4x, so that the result is (sum(q) + 2 +
 * (sum(r) >> 14)) >> 2 with every sum within 16 bits.
 */
static inline s16 visp_dot3(s16 c0, s16 c1, s16 c2, s16 x0, s16 x1, s16 x2)
{
	s16 q = (s16)(((s32)c0 * x0) >> 16) + (s16)(((s32)c1 * x1) >> 16) +
		(s16)(((s32)c2 * x2) >> 16);
	u16 r = ((u16)((u32)(u16)c0 * (u16)x0) >> 2) +
		((u16)((u32)(u16)c1 * (u16)x1) >> 2) +
		((u16)((u32)(u16)c2 * (u16)x2) >> 2);

	return (s16)(q + 2 + (r >> 14)) >> 2;
}
#endif

/* Fill the mirrored padding columns of a padded line. */
static void visp_model_pad(u16 *row, u32 w)
{
	row[-1] = row[1];
	row[-2] = row[2];
	row[w] = row[w - 2];
	row[w + 1] = row[w - 3];
}

/* ------------------------------------------------------------------------
 * Chunked line kernels. @n is a multiple of VISP_CHUNK.
 */

/* The black level of a normalised 16-bit sample: max((v >> 4) - l, 0) */
static inline u16 visp_bls(u16 v, u16 l)
{
	v >>= 4;
	return v > l ? v - l : 0;
}

/* dst = max((src >> 4) - l, 0), @l holding the levels of a chunk */
static noinline void visp_line_bls(u16 *restrict dst, const u16 *restrict src,
				   const u16 *restrict l, u32 n)
{
	u32 x;
	int j;

	for (x = 0; x < n; x += VISP_VEC) {
		u16 *d = dst + x;
		const u16 *s = src + x;

		for (j = 0; j < VISP_VEC; j++)
			d[j] = visp_bls(s[j], l[j]);
	}
}

/*
 * dst = min((src * gain + 512) >> 10, 4095), @g holding the gains of a
 * chunk shifted left by 2
 */
static noinline void visp_line_gain(u16 *restrict dst, const u16 *restrict src,
				    const u16 *restrict g, u32 n)
{
	u32 x;
	int j;

	for (x = 0; x < n; x += VISP_VEC) {
		const u16 *s = src + x;
		u16 *d = dst + x;

		for (j = 0; j < VISP_VEC; j++)
			d[j] = visp_gain12(s[j], g[j]);
	}
}

static noinline void visp_line_copy(u16 *restrict dst, const u16 *restrict src,
				    u32 n)
{
	u32 x;

	n &= ~(u32)(VISP_CHUNK - 1);
	for (x = 0; x < n; x++)
		dst[x] = src[x];
}

static inline s16 visp_min_s16(s16 a, s16 b)
{
	return a < b ? a : b;
}

static inline s16 visp_max_s16(s16 a, s16 b)
{
	return a > b ? a : b;
}

/*
 * Defect correction against the 8 same-colour neighbours. The samples are
 * 12-bit: signed 16-bit lanes hold them and the sums below, and have
 * min/max instructions on baseline x86-64.
 */
static noinline void visp_line_dpc(u16 *restrict dst, const u16 *restrict prev,
				   const u16 *restrict cur,
				   const u16 *restrict next, s16 thr, u32 n)
{
	const s16 *p = (const s16 *)prev, *c = (const s16 *)cur;
	const s16 *q = (const s16 *)next;
	int x, m = n & ~(u32)(VISP_CHUNK - 1);

	/* a signed index: the first columns read the padding before them */
	for (x = 0; x < m; x++) {
		s16 lo, hi, lo2, hi2, top, vt, v = c[x];

		lo = visp_min_s16(visp_min_s16(p[x - 2], p[x]),
				  visp_min_s16(p[x + 2], c[x - 2]));
		hi = visp_max_s16(visp_max_s16(p[x - 2], p[x]),
				  visp_max_s16(p[x + 2], c[x - 2]));
		lo2 = visp_min_s16(visp_min_s16(c[x + 2], q[x - 2]),
				   visp_min_s16(q[x], q[x + 2]));
		hi2 = visp_max_s16(visp_max_s16(c[x + 2], q[x - 2]),
				   visp_max_s16(q[x], q[x + 2]));
		lo = visp_min_s16(lo, lo2);
		hi = visp_max_s16(hi, hi2);
		top = hi + thr;
		vt = v + thr;
		/* two selects, the second taking precedence */
		v = vt < lo ? lo : v;
		dst[x] = c[x] > top ? hi : v;
	}
}

#ifdef VISP_MODEL_SCALAR
/*
 * One column of visp_dms_line() in scalar code, which computes only what
 * the kind of site needs: the same results as the lanes of the vector
 * form below.
 */
static __always_inline void visp_dms_px(u16 *restrict o, u16 *restrict g,
					u16 *restrict t, const s16 *p,
					const s16 *c, const s16 *q, bool site,
					s16 ea)
{
	s16 w = c[-1], e = c[1], nn = p[0], s = q[0];
	s16 we = w + e, ns = nn + s;
	s16 hor = (s16)(we + 1) >> 1;
	s16 ver = (s16)(ns + 1) >> 1;
	s16 cross, dh, dv;

	if (!site) {
		*o = hor;
		*g = c[0];
		*t = ver;
		return;
	}
	cross = (s16)(we + ns + 2) >> 2;
	*o = c[0];
	*t = (s16)((s16)(p[-1] + p[1]) + (s16)(q[-1] + q[1]) + 2) >> 2;
	if (!ea) {
		*g = cross;
		return;
	}
	dh = visp_max_s16(w, e) - visp_min_s16(w, e);
	dv = visp_max_s16(nn, s) - visp_min_s16(nn, s);
	*g = dh < dv ? hor : dv < dh ? ver : cross;
}

/*
 * Demosaic one line whose colour sites (R or B) are the columns of parity
 * @phase. @own receives the colour of the line's colour sites, @oth the
 * other colour. @ea is all ones for edge-aware green, 0 for bilinear.
 */
static __always_inline void visp_dms_line(u16 *restrict own,
					  u16 *restrict grn,
					  u16 *restrict oth,
					  const u16 *restrict prev,
					  const u16 *restrict cur,
					  const u16 *restrict next, s16 phase,
					  s16 ea, u32 n)
{
	const s16 *p = (const s16 *)prev, *c = (const s16 *)cur;
	const s16 *q = (const s16 *)next;
	u32 x;

	/* n is a whole number of vectors: even */
	for (x = 0; x < n; x += 2) {
		visp_dms_px(own + x, grn + x, oth + x, p + x, c + x, q + x,
			    !phase, ea);
		visp_dms_px(own + x + 1, grn + x + 1, oth + x + 1, p + x + 1,
			    c + x + 1, q + x + 1, phase, ea);
	}
}
#else
/*
 * Demosaic one line whose colour sites (R or B) are the columns of parity
 * @phase. @own receives the colour of the line's colour sites, @oth the
 * other colour. @ea is all ones for edge-aware green, 0 for bilinear.
 */
static __always_inline void visp_dms_line(u16 *restrict own,
					  u16 *restrict grn,
					  u16 *restrict oth,
					  const u16 *restrict prev,
					  const u16 *restrict cur,
					  const u16 *restrict next, s16 phase,
					  s16 ea, u32 n)
{
	s16 even = phase ? 0 : -1;
	u32 x;
	int j;

	/*
	 * 12-bit samples: every sum below fits in signed 16-bit lanes, which
	 * have compare instructions on baseline x86-64.
	 */
	for (x = 0; x < n; x += VISP_VEC) {
		const s16 *p = (const s16 *)prev + x, *c = (const s16 *)cur + x;
		const s16 *q = (const s16 *)next + x;
		u16 *o = own + x, *g = grn + x, *t = oth + x;

		for (j = 0; j < VISP_VEC; j++) {
			s16 w = c[j - 1], e = c[j + 1], nn = p[j], s = q[j];
			s16 we = w + e, ns = nn + s;
			s16 hor = (s16)(we + 1) >> 1;
			s16 ver = (s16)(ns + 1) >> 1;
			s16 cross = (s16)(we + ns + 2) >> 2;
			s16 diag = (s16)((s16)(p[j - 1] + p[j + 1]) +
					 (s16)(q[j - 1] + q[j + 1]) + 2) >> 2;
			s16 dh = visp_max_s16(w, e) - visp_min_s16(w, e);
			s16 dv = visp_max_s16(nn, s) - visp_min_s16(nn, s);
			s16 green = dh < dv ? hor : dv < dh ? ver : cross;
			/* all ones on colour sites */
			s16 site = visp_odd_lanes[j] ^ even;

			green = (green & ea) | (cross & ~ea);
			o[j] = (c[j] & site) | (hor & ~site);
			g[j] = (green & site) | (c[j] & ~site);
			t[j] = (diag & site) | (ver & ~site);
		}
	}
}
#endif

#ifdef VISP_MODEL_AVX2
/*
 * The edge-aware visp_dms_line() in AVX2 intrinsics: the green of the
 * colour sites in two selects, and the sites taken with VPBLENDW, whose
 * lane mask is an immediate, where the C form selects with three logical
 * operations.
 */
static __always_inline void visp_dms_ea_avx2(u16 *restrict own,
					     u16 *restrict grn,
					     u16 *restrict oth,
					     const u16 *restrict prev,
					     const u16 *restrict cur,
					     const u16 *restrict next,
					     const bool odd_sites, u32 n)
{
	const __m256i one = _mm256_set1_epi16(1), two = _mm256_set1_epi16(2);
	__m256i w, e, nn, s, c, we, ns, hor, ver, cross, diag, dh, dv, gr;
	int x;

	/* a signed index: the first columns read the padding before them */
#define VISP_LD(p, i)	_mm256_loadu_si256((const __m256i *)((p) + (i)))
	for (x = 0; x < (int)n; x += 16) {
		w = VISP_LD(cur, x - 1);
		e = VISP_LD(cur, x + 1);
		nn = VISP_LD(prev, x);
		s = VISP_LD(next, x);
		c = VISP_LD(cur, x);
		we = _mm256_add_epi16(w, e);
		ns = _mm256_add_epi16(nn, s);
		hor = _mm256_srai_epi16(_mm256_add_epi16(we, one), 1);
		ver = _mm256_srai_epi16(_mm256_add_epi16(ns, one), 1);
		cross = _mm256_add_epi16(_mm256_add_epi16(we, ns), two);
		cross = _mm256_srai_epi16(cross, 2);
		diag = _mm256_add_epi16(VISP_LD(prev, x - 1), VISP_LD(prev, x + 1));
		diag = _mm256_add_epi16(diag, VISP_LD(next, x - 1));
		diag = _mm256_add_epi16(diag, VISP_LD(next, x + 1));
		diag = _mm256_srai_epi16(_mm256_add_epi16(diag, two), 2);
		dh = _mm256_sub_epi16(_mm256_max_epi16(w, e),
				      _mm256_min_epi16(w, e));
		dv = _mm256_sub_epi16(_mm256_max_epi16(nn, s),
				      _mm256_min_epi16(nn, s));
		/* dh < dv ? hor : dv < dh ? ver : cross */
		gr = _mm256_blendv_epi8(cross, ver, _mm256_cmpgt_epi16(dh, dv));
		gr = _mm256_blendv_epi8(gr, hor, _mm256_cmpgt_epi16(dv, dh));
		if (odd_sites) {
			hor = _mm256_blend_epi16(hor, c, 0xaa);
			gr = _mm256_blend_epi16(c, gr, 0xaa);
			ver = _mm256_blend_epi16(ver, diag, 0xaa);
		} else {
			hor = _mm256_blend_epi16(hor, c, 0x55);
			gr = _mm256_blend_epi16(c, gr, 0x55);
			ver = _mm256_blend_epi16(ver, diag, 0x55);
		}
		_mm256_storeu_si256((__m256i *)(own + x), hor);
		_mm256_storeu_si256((__m256i *)(grn + x), gr);
		_mm256_storeu_si256((__m256i *)(oth + x), ver);
	}
#undef VISP_LD
}
#endif

/*
 * visp_dms_line() with @ea and @phase as constants for the edge-aware
 * demosaic, the default: the select of the bilinear green and the lane
 * masks of the colour sites fold away.
 */
static noinline void visp_line_dms_ea(u16 *restrict own, u16 *restrict grn,
				      u16 *restrict oth,
				      const u16 *restrict prev,
				      const u16 *restrict cur,
				      const u16 *restrict next, s16 phase,
				      u32 n)
{
#ifdef VISP_MODEL_AVX2
	/* the colour sites are the columns of parity @phase */
	if (phase)
		visp_dms_ea_avx2(own, grn, oth, prev, cur, next, true, n);
	else
		visp_dms_ea_avx2(own, grn, oth, prev, cur, next, false, n);
#else
	if (phase)
		visp_dms_line(own, grn, oth, prev, cur, next, 1, -1, n);
	else
		visp_dms_line(own, grn, oth, prev, cur, next, 0, -1, n);
#endif
}

static noinline void visp_line_dms(u16 *restrict own, u16 *restrict grn,
				   u16 *restrict oth, const u16 *restrict prev,
				   const u16 *restrict cur,
				   const u16 *restrict next, s16 phase, s16 ea,
				   u32 n)
{
	if (ea)
		visp_line_dms_ea(own, grn, oth, prev, cur, next, phase, n);
	else
		visp_dms_line(own, grn, oth, prev, cur, next, phase, 0, n);
}

/* ------------------------------------------------------------------------
 * Directional demosaic (VISP_DEMOSAIC_DIRECTIONAL), as "Directional
 * demosaic" in hardware.rst specifies it. It keeps its own rings of
 * lines: the white-balanced lines companded to square roots, filled as
 * they arrive (visp_dmsd_push()), and green, the colour site differences
 * and the interpolated R - G and B - G differences, computed as the
 * output lines need them, up to two lines ahead (visp_dmsd_line()).
 */

#define VISP_DMSD_QMAX		16381	/* square root of 4095 << 16 */

/* The floor of the square root of x << 16 for every 12-bit x */
static void visp_dmsd_init(struct visp_model_ws *ws)
{
	u32 x, q = 0;

	for (x = 0; x < VISP_LUT_SIZE; x++) {
		while ((q + 1) * (q + 1) <= x << 16)
			q++;
		ws->dmsd_sqrt[x] = q;
	}
	for (x = 0; x < ws->wc; x++)
		ws->dmsd_odd[x] = x & 1;
	ws->dmsd_next_p = 0;
	ws->dmsd_next_g1 = 0;
	ws->dmsd_next_g = 0;
	ws->dmsd_next_x = 0;
	ws->dmsd_next_c = 0;
}

/* Back from the square-root domain: (q * q + 32768) >> 16, 12-bit */
static inline u16 visp_dmsd_expand(s32 q)
{
	q = visp_clamp_s32(q, 0, VISP_DMSD_QMAX);
	return ((u32)q * (u32)q + 32768) >> 16;
}

static inline s32 visp_abs_s32(s32 v)
{
	return v < 0 ? -v : v;
}

/* |v| of a 16-bit value other than -32768, in 16 bits */
static inline s16 visp_abs_s16(s16 v)
{
	return v < 0 ? -v : v;
}

static inline s32 visp_min_s32(s32 a, s32 b)
{
	return a < b ? a : b;
}

static inline s32 visp_max_s32(s32 a, s32 b)
{
	return a > b ? a : b;
}

/*
 * The blend of two estimates by the gradients across them, in five steps:
 * @a along the direction of gradient @ea, @b along that of @eb.
 */
static inline s32 visp_dmsd_blend5(s32 a, s32 b, s32 ea, s32 eb)
{
	/*
	 * The weight of @a in quarters, without branches: the gradients are
	 * not negative, so eb > 4 ea implies eb > 2 ea and excludes ea > 2 eb
	 * (and the same the other way), and (2 a + 2 b + 2) >> 2 is
	 * (a + b + 1) >> 1.
	 */
	s32 wa = 2 + (eb > 2 * ea) + (eb > 4 * ea) - (ea > 2 * eb) -
		 (ea > 4 * eb);

	return (wa * a + (4 - wa) * b + 2) >> 2;
}

/* Columns of line @y that hold R or B: 0 for even, 1 for odd */
static inline u32 visp_dmsd_phase(const struct visp_model_ws *ws, u32 y)
{
	u8 c = ws->cfa_ch[(y & 1) * 2];

	return c == VISP_CFA_R || c == VISP_CFA_B ? 0 : 1;
}

/* Line @y of plane @p, mirrored at the top and bottom of the frame */
static inline u16 *visp_dmsd_row(struct visp_model_ws *ws,
				 enum visp_dmsd_plane p, s32 y, u32 h)
{
	return ws->dmsd[p][visp_reflect(y, h) % visp_dmsd_rows[p]] + VISP_PAD;
}

/* Compand white-balanced line @y into the ring of square roots. */
static void visp_dmsd_push(const struct visp_model_config *cfg,
			   struct visp_model_ws *ws, u32 y)
{
	const u16 *src = ws->cfa[y % VISP_CFA_ROWS] + VISP_PAD;
	u16 *q = visp_dmsd_row(ws, VISP_DMSD_Q, y, cfg->in_height);
	u32 x;

	for (x = 0; x < cfg->in_width; x++)
		q[x] = ws->dmsd_sqrt[src[x]];
	visp_model_pad(q, cfg->in_width);
}

/*
 * The line kernels of the directional demosaic compute their step at every
 * sample of the line and keep the result at the sites where the step
 * applies, with selects rather than branches or steps of two columns, so
 * that a compiler vectorises them. @phase is the parity of the columns of
 * the line's colour sites (visp_dmsd_phase()).
 */

/*
 * Whether a column of parity @odd (dmsd_odd) is a colour site on a line of
 * phase @phase
 */
static inline bool visp_dmsd_colour(u16 odd, int phase)
{
	return odd == phase;
}

/*
 * Without vector registers (in the kernel) the kernels of the steps that
 * apply at one site of two run on those sites only, the others filled
 * first: VISP_DMSD_STEP is 2 and the loops start at the first column of
 * those sites. With vectors every column is computed, VISP_DMSD_STEP is 1.
 */
#ifdef VISP_MODEL_SCALAR
#define VISP_DMSD_STEP		2
#else
#define VISP_DMSD_STEP		1
#endif

/* The first column of a kernel's loop, @first that of the sites it needs */
static inline int visp_dmsd_first(int first)
{
	return VISP_DMSD_STEP == 2 ? first : 0;
}

/*
 * Whether a kernel whose loop starts at visp_dmsd_first(@first) is at one
 * of the sites it computes, columns of parity @first: always with steps of
 * two columns
 */
static inline bool visp_dmsd_at(u16 odd, int first)
{
	return VISP_DMSD_STEP == 2 || visp_dmsd_colour(odd, first);
}

/* @a if @c, else @b, with a mask rather than a branch */
static inline s32 visp_dmsd_sel(bool c, s32 a, s32 b)
{
	s32 m = -(s32)c;

	return (a & m) | (b & ~m);
}

/*
 * Step 2 at every sample of a line, from square-root lines @q0 to @q4
 * (y - 2 to y + 2): green minus colour estimated horizontally (@kh) and
 * vertically (@kv), the gradients across (@gh, @gv) and along the
 * diagonals (@ga, @gb).
 */
static noinline void visp_dmsd_planes_line(s16 *restrict kh, s16 *restrict kv,
					   u16 *restrict gh, u16 *restrict gv,
					   u16 *restrict ga, u16 *restrict gb,
					   const u16 *restrict q0,
					   const u16 *restrict q1,
					   const u16 *restrict q2,
					   const u16 *restrict q3,
					   const u16 *restrict q4,
					   const u16 *restrict odd, int phase,
					   u32 n)
{
	int x, nc = n & ~(u32)(VISP_CHUNK - 1);

	/*
	 * In 16-bit lanes: the samples are 14-bit, every difference below is
	 * within -32768 to 32767 and the gradients, sums of two absolute
	 * values, within 0 to 65535. Green minus colour is computed as
	 * (A + (L >> 1)) >> 1, which equals (2 A + L) >> 2 for all integers,
	 * with A = gw + ge - c and L = 2 - q(-2, 0) - q(2, 0) (horizontally):
	 * eh - c = (2 (gw + ge) + lh + 2 - 4 c) >> 2 without 17-bit sums.
	 */
	for (x = 0; x < nc; x++) {
		s16 c = q2[x], gw = q2[x - 1], ge = q2[x + 1];
		s16 gn = q1[x], gs = q3[x];
		s16 lh = 2 * c - q2[x - 2] - q2[x + 2];
		s16 lv = 2 * c - q0[x] - q4[x];
		s16 ah = gw + ge - c, av = gn + gs - c;
		s16 bh = 2 - q2[x - 2] - q2[x + 2], bv = 2 - q0[x] - q4[x];
		s16 dh = (s16)(ah + (bh >> 1)) >> 1;
		s16 dv = (s16)(av + (bv >> 1)) >> 1;
		s16 la = 2 * c - q0[x - 2] - q4[x + 2];
		s16 lb = 2 * c - q0[x + 2] - q4[x - 2];
		s16 da = q1[x - 1] - q3[x + 1], db = q1[x + 1] - q3[x - 1];
		s16 dwe = gw - ge, dns = gn - gs;
		bool col = visp_dmsd_colour(odd[x], phase);

		/* green minus colour: the sign flips at the green sites */
		kh[x] = col ? dh : -dh;
		kv[x] = col ? dv : -dv;
		gh[x] = (u16)visp_abs_s16(dwe) + (u16)visp_abs_s16(lh);
		gv[x] = (u16)visp_abs_s16(dns) + (u16)visp_abs_s16(lv);
		ga[x] = (u16)visp_abs_s16(da) + (u16)visp_abs_s16(la);
		gb[x] = (u16)visp_abs_s16(db) + (u16)visp_abs_s16(lb);
	}
}

/* Step 2 of line @y, from square-root lines y - 2 to y + 2 */
static void visp_dmsd_planes(const struct visp_model_config *cfg,
			     struct visp_model_ws *ws, u32 y)
{
	int h = cfg->in_height, w = cfg->in_width;
	s16 *kh = (s16 *)visp_dmsd_row(ws, VISP_DMSD_KH, y, h);
	s16 *kv = (s16 *)visp_dmsd_row(ws, VISP_DMSD_KV, y, h);
	u16 *gh = visp_dmsd_row(ws, VISP_DMSD_GH, y, h);
	u16 *gv = visp_dmsd_row(ws, VISP_DMSD_GV, y, h);
	u16 *ga = visp_dmsd_row(ws, VISP_DMSD_GA, y, h);
	u16 *gb = visp_dmsd_row(ws, VISP_DMSD_GB, y, h);

	visp_dmsd_planes_line(kh, kv, gh, gv, ga, gb,
			      visp_dmsd_row(ws, VISP_DMSD_Q, (s32)y - 2, h),
			      visp_dmsd_row(ws, VISP_DMSD_Q, (s32)y - 1, h),
			      visp_dmsd_row(ws, VISP_DMSD_Q, y, h),
			      visp_dmsd_row(ws, VISP_DMSD_Q, y + 1, h),
			      visp_dmsd_row(ws, VISP_DMSD_Q, y + 2, h),
			      ws->dmsd_odd,
			      visp_dmsd_phase(ws, y), ws->wc);
	visp_model_pad((u16 *)kh, w);
	visp_model_pad((u16 *)kv, w);
	visp_model_pad(gh, w);
	visp_model_pad(gv, w);
	visp_model_pad(ga, w);
	visp_model_pad(gb, w);
}

/* The sum of sample @x of lines @a, @b and @c and of their neighbours */
static inline s32 visp_dmsd_sum9(const u16 *a, const u16 *b, const u16 *c,
				 int x)
{
	return a[x - 1] + a[x] + a[x + 1] + b[x - 1] + b[x] + b[x + 1] +
	       c[x - 1] + c[x] + c[x + 1];
}

/*
 * Step 3: green @g of a line of square roots @q, from the step 2 planes
 * of lines y - 1 to y + 1 (@kh of line y only): the colour differences
 * smoothed along each direction, blended in eighths by the gradients
 * summed over 3x3 samples.
 */
static noinline void visp_dmsd_green_line(u16 *restrict g,
					  const u16 *restrict q,
					  const s16 *restrict kh,
					  const s16 *restrict kv0,
					  const s16 *restrict kv1,
					  const s16 *restrict kv2,
					  const u16 *restrict const *gh,
					  const u16 *restrict const *gv,
					  const u16 *restrict odd, int phase,
					  u32 n)
{
	const u16 *restrict gh0 = gh[0], *restrict gh1 = gh[1];
	const u16 *restrict gh2 = gh[2], *restrict gv0 = gv[0];
	const u16 *restrict gv1 = gv[1], *restrict gv2 = gv[2];
	int x, nc = n & ~(u32)(VISP_CHUNK - 1);

	if (VISP_DMSD_STEP == 2)
		for (x = 0; x < nc; x++)
			g[x] = q[x];
	for (x = visp_dmsd_first(phase); x < nc; x += VISP_DMSD_STEP) {
		s32 c = q[x], k, v, t, u;
		s32 eh = c + ((kh[x - 1] + 2 * kh[x] + kh[x + 1] + 2) >> 2);
		s32 ev = c + ((kv0[x] + 2 * kv1[x] + kv2[x] + 2) >> 2);
		s32 sh = 1 + visp_dmsd_sum9(gh0, gh1, gh2, x);
		s32 sv = 1 + visp_dmsd_sum9(gv0, gv1, gv2, x);

		/*
		 * k / 8, the weight of the horizontal estimate, about
		 * 8 sv^2 / (sh^2 + sv^2) rounded: the number of the ratios
		 * 17, 31, 43 and 56 in 64ths and their inverses that sv / sh
		 * exceeds (the products are below 2^25)
		 */
		t = 64 * sh;
		u = 64 * sv;
		k = (17 * sh < u) + (31 * sh < u) + (43 * sh < u) +
		    (56 * sh < u) + (t < 56 * sv) + (t < 43 * sv) +
		    (t < 31 * sv) + (t < 17 * sv);
		v = (k * eh + (8 - k) * ev + 4) >> 3;
		v = visp_clamp_s32(v, 0, VISP_DMSD_QMAX);
		g[x] = visp_dmsd_sel(visp_dmsd_at(odd[x], phase), v, c);
	}
}

/* Step 3: green of line @y, from the step 2 planes of lines y - 1 to y + 1 */
static void visp_dmsd_green(const struct visp_model_config *cfg,
			    struct visp_model_ws *ws, u32 y)
{
	int h = cfg->in_height, w = cfg->in_width, i;
	u16 *g = visp_dmsd_row(ws, VISP_DMSD_G1, y, h);
	const u16 *gh[3], *gv[3];

	for (i = 0; i < 3; i++) {
		gh[i] = visp_dmsd_row(ws, VISP_DMSD_GH, (s32)y + i - 1, h);
		gv[i] = visp_dmsd_row(ws, VISP_DMSD_GV, (s32)y + i - 1, h);
	}
	visp_dmsd_green_line(g, visp_dmsd_row(ws, VISP_DMSD_Q, y, h),
			     (const s16 *)visp_dmsd_row(ws, VISP_DMSD_KH, y, h),
			     (const s16 *)visp_dmsd_row(ws, VISP_DMSD_KV,
							(s32)y - 1, h),
			     (const s16 *)visp_dmsd_row(ws, VISP_DMSD_KV, y, h),
			     (const s16 *)visp_dmsd_row(ws, VISP_DMSD_KV,
							y + 1, h),
			     gh, gv, ws->dmsd_odd,
			      visp_dmsd_phase(ws, y), ws->wc);
	visp_model_pad(g, w);
}

/* Sample @x of line @b, twice, and its four diagonals on lines @a and @c */
static inline s32 visp_dmsd_x5(const u16 *a, const u16 *b, const u16 *c,
			       int x)
{
	return 2 * b[x] + a[x - 1] + a[x + 1] + c[x - 1] + c[x + 1];
}

/*
 * The planes step 4 reads on lines y - 1 to y + 1: G1 and the gradients
 * of step 2, three lines each
 */
struct visp_dmsd_refine_in {
	const u16 *g1[3];
	const u16 *ga[3];
	const u16 *gb[3];
	const u16 *gh[3];
	const u16 *gv[3];
};

/*
 * Step 4: green @g of a line of square roots @q smoothed along a diagonal
 * at the colour sites where the samples vary much less along it than along
 * the other diagonal and across the horizontal and vertical directions
 * (gradients of the site and its four diagonal neighbours), and the
 * differences colour - green @d at those sites.
 */
static noinline void visp_dmsd_refine_line(u16 *restrict g, s16 *restrict d,
					   const u16 *restrict q,
					   const struct visp_dmsd_refine_in *in,
					   const u16 *restrict odd, int phase,
					   u32 n)
{
	const u16 *restrict g0 = in->g1[0], *restrict g1 = in->g1[1];
	const u16 *restrict g2 = in->g1[2];
	const u16 *restrict a0 = in->ga[0], *restrict a1 = in->ga[1];
	const u16 *restrict a2 = in->ga[2];
	const u16 *restrict b0 = in->gb[0], *restrict b1 = in->gb[1];
	const u16 *restrict b2 = in->gb[2];
	const u16 *restrict h0 = in->gh[0], *restrict h1 = in->gh[1];
	const u16 *restrict h2 = in->gh[2];
	const u16 *restrict v0 = in->gv[0], *restrict v1 = in->gv[1];
	const u16 *restrict v2 = in->gv[2];
	int x, nc = n & ~(u32)(VISP_CHUNK - 1);

	if (VISP_DMSD_STEP == 2)
		for (x = 0; x < nc; x++) {
			g[x] = g1[x];
			d[x] = 0;
		}
	for (x = visp_dmsd_first(phase); x < nc; x += VISP_DMSD_STEP) {
		s32 c = g1[x], v;
		bool col;
		s32 ta = visp_dmsd_x5(a0, a1, a2, x);
		s32 tb = visp_dmsd_x5(b0, b1, b2, x);
		s32 m = visp_min_s32(visp_dmsd_x5(h0, h1, h2, x),
				     visp_dmsd_x5(v0, v1, v2, x));
		s32 sa = (g0[x - 1] + 2 * c + g2[x + 1] + 2) >> 2;
		s32 sb = (g0[x + 1] + 2 * c + g2[x - 1] + 2) >> 2;

		/* at most one of the two holds: the gradients are positive */
		v = visp_dmsd_sel((3 * ta < tb) & (2 * ta < m), sa,
				  visp_dmsd_sel((3 * tb < ta) & (2 * tb < m),
						sb, c));
		col = visp_dmsd_at(odd[x], phase);
		g[x] = visp_dmsd_sel(col, v, c);
		d[x] = visp_dmsd_sel(col, q[x] - v, 0);
	}
}

/* Step 4: green and D of line @y, from lines y - 1 to y + 1 */
static void visp_dmsd_refine(const struct visp_model_config *cfg,
			     struct visp_model_ws *ws, u32 y)
{
	int h = cfg->in_height, w = cfg->in_width, i;
	u16 *g = visp_dmsd_row(ws, VISP_DMSD_G, y, h);
	s16 *d = (s16 *)visp_dmsd_row(ws, VISP_DMSD_D, y, h);
	struct visp_dmsd_refine_in in;

	for (i = 0; i < 3; i++) {
		s32 r = (s32)y + i - 1;

		in.g1[i] = visp_dmsd_row(ws, VISP_DMSD_G1, r, h);
		in.ga[i] = visp_dmsd_row(ws, VISP_DMSD_GA, r, h);
		in.gb[i] = visp_dmsd_row(ws, VISP_DMSD_GB, r, h);
		in.gh[i] = visp_dmsd_row(ws, VISP_DMSD_GH, r, h);
		in.gv[i] = visp_dmsd_row(ws, VISP_DMSD_GV, r, h);
	}
	visp_dmsd_refine_line(g, d, visp_dmsd_row(ws, VISP_DMSD_Q, y, h), &in,
			      ws->dmsd_odd,
			      visp_dmsd_phase(ws, y), ws->wc);
	visp_model_pad(g, w);
	visp_model_pad((u16 *)d, w);
}

/*
 * Step 5: the other colour's difference with green @o at the colour sites
 * of a line, along the diagonal of the two whose differences and green
 * vary less, from D and green of the lines above (@dp, @gp) and below
 * (@dn, @gn).
 */
static noinline void visp_dmsd_other_line(s16 *restrict o,
					  const s16 *restrict dp,
					  const s16 *restrict dn,
					  const u16 *restrict gp,
					  const u16 *restrict gn,
					  const u16 *restrict odd, int phase,
					  u32 n)
{
	int x, nc = n & ~(u32)(VISP_CHUNK - 1);

	if (VISP_DMSD_STEP == 2)
		for (x = 0; x < nc; x++)
			o[x] = 0;
	for (x = visp_dmsd_first(phase); x < nc; x += VISP_DMSD_STEP) {
		s32 a1 = (dp[x - 1] + dn[x + 1] + 1) >> 1;
		s32 a2 = (dp[x + 1] + dn[x - 1] + 1) >> 1;
		s32 e1 = visp_abs_s32(dp[x - 1] - dn[x + 1]) +
			 visp_abs_s32(gp[x - 1] - gn[x + 1]);
		s32 e2 = visp_abs_s32(dp[x + 1] - dn[x - 1]) +
			 visp_abs_s32(gp[x + 1] - gn[x - 1]);
		s32 v = visp_dmsd_blend5(a1, a2, e1, e2);

		o[x] = visp_dmsd_at(odd[x], phase) ? v : 0;
	}
}

/* Step 5: X of line @y, from lines y - 1 and y + 1 */
static void visp_dmsd_other(const struct visp_model_config *cfg,
			    struct visp_model_ws *ws, u32 y)
{
	int h = cfg->in_height, w = cfg->in_width;
	s16 *o = (s16 *)visp_dmsd_row(ws, VISP_DMSD_X, y, h);

	visp_dmsd_other_line(o,
			     (const s16 *)visp_dmsd_row(ws, VISP_DMSD_D,
							(s32)y - 1, h),
			     (const s16 *)visp_dmsd_row(ws, VISP_DMSD_D,
							y + 1, h),
			     visp_dmsd_row(ws, VISP_DMSD_G, (s32)y - 1, h),
			     visp_dmsd_row(ws, VISP_DMSD_G, y + 1, h),
			     ws->dmsd_odd,
			      visp_dmsd_phase(ws, y), ws->wc);
	visp_model_pad((u16 *)o, w);
}

/*
 * The planes step 6 reads: D, X and green of lines y - 1 to y + 1, the
 * middle line the current one
 */
struct visp_dmsd_diff_in {
	const s16 *d[3];
	const s16 *x[3];
	const u16 *g[3];
};

/*
 * Step 6: the differences with green of a line, @own of the colour of the
 * line's colour sites, @oth of the other colour: at the colour sites from
 * steps 4 and 5, at the green sites from the four neighbours, horizontal
 * and vertical pairs blended by their gradients.
 */
static noinline void visp_dmsd_diff_line(s16 *restrict own, s16 *restrict oth,
					 const struct visp_dmsd_diff_in *in,
					 const u16 *restrict odd, int phase,
					 u32 n)
{
	const s16 *restrict dp = in->d[0], *restrict dc = in->d[1];
	const s16 *restrict dn = in->d[2];
	const s16 *restrict op = in->x[0], *restrict oc = in->x[1];
	const s16 *restrict on = in->x[2];
	const u16 *restrict gp = in->g[0], *restrict g = in->g[1];
	const u16 *restrict gn = in->g[2];
	int x, nc = n & ~(u32)(VISP_CHUNK - 1);

	if (VISP_DMSD_STEP == 2)
		for (x = phase; x < nc; x += 2) {
			own[x] = dc[x];
			oth[x] = oc[x];
		}
	for (x = visp_dmsd_first(phase ^ 1); x < nc; x += VISP_DMSD_STEP) {
		s32 gh = visp_abs_s32(g[x - 1] - g[x + 1]);
		s32 gv = visp_abs_s32(gp[x] - gn[x]);
		bool col = VISP_DMSD_STEP == 1 &&
			   visp_dmsd_colour(odd[x], phase);
		/* the line's colour: measured left and right, estimated above */
		s32 vo = visp_dmsd_blend5((dc[x - 1] + dc[x + 1] + 1) >> 1,
					  (op[x] + on[x] + 1) >> 1,
					  gh + visp_abs_s32(dc[x - 1] - dc[x + 1]),
					  gv + visp_abs_s32(op[x] - on[x]));
		s32 vt = visp_dmsd_blend5((oc[x - 1] + oc[x + 1] + 1) >> 1,
					  (dp[x] + dn[x] + 1) >> 1,
					  gh + visp_abs_s32(oc[x - 1] - oc[x + 1]),
					  gv + visp_abs_s32(dp[x] - dn[x]));

		own[x] = visp_dmsd_sel(col, dc[x], vo);
		oth[x] = visp_dmsd_sel(col, oc[x], vt);
	}
}

/* Step 6: R - G and B - G of every sample of line @y */
static void visp_dmsd_diff(const struct visp_model_config *cfg,
			   struct visp_model_ws *ws, u32 y)
{
	int h = cfg->in_height, w = cfg->in_width, i;
	int phase = visp_dmsd_phase(ws, y);
	struct visp_dmsd_diff_in in;
	s16 *own, *oth;

	for (i = 0; i < 3; i++) {
		s32 r = (s32)y + i - 1;

		in.d[i] = (const s16 *)visp_dmsd_row(ws, VISP_DMSD_D, r, h);
		in.x[i] = (const s16 *)visp_dmsd_row(ws, VISP_DMSD_X, r, h);
		in.g[i] = visp_dmsd_row(ws, VISP_DMSD_G, r, h);
	}
	/* @own: the colour of the line's colour sites, @oth: the other one */
	if (ws->cfa_ch[(y & 1) * 2 + phase] == VISP_CFA_R) {
		own = (s16 *)visp_dmsd_row(ws, VISP_DMSD_RG, y, h);
		oth = (s16 *)visp_dmsd_row(ws, VISP_DMSD_BG, y, h);
	} else {
		own = (s16 *)visp_dmsd_row(ws, VISP_DMSD_BG, y, h);
		oth = (s16 *)visp_dmsd_row(ws, VISP_DMSD_RG, y, h);
	}
	visp_dmsd_diff_line(own, oth, &in, ws->dmsd_odd, phase, ws->wc);
	visp_model_pad((u16 *)own, w);
	visp_model_pad((u16 *)oth, w);
}

static inline s32 visp_min3_s32(s32 a, s32 b, s32 c)
{
	return visp_min_s32(visp_min_s32(a, b), c);
}

static inline s32 visp_max3_s32(s32 a, s32 b, s32 c)
{
	return visp_max_s32(visp_max_s32(a, b), c);
}

/* The median of three values */
static inline s32 visp_med3(s32 a, s32 b, s32 c)
{
	return visp_max_s32(visp_min_s32(a, b),
			    visp_min_s32(visp_max_s32(a, b), c));
}

/*
 * The median of the nine values of three lines @a, @b and @c at columns
 * @x - 1 to @x + 1, with min and max operations only: the median of the
 * largest of the columns' smallest values, the median of their medians
 * and the smallest of their largest values.
 */
static inline s32 visp_med9(const s16 *a, const s16 *b, const s16 *c, int x)
{
	s32 a0 = a[x - 1], a1 = a[x], a2 = a[x + 1];
	s32 b0 = b[x - 1], b1 = b[x], b2 = b[x + 1];
	s32 c0 = c[x - 1], c1 = c[x], c2 = c[x + 1];
	s32 lo = visp_max3_s32(visp_min3_s32(a0, b0, c0),
			       visp_min3_s32(a1, b1, c1),
			       visp_min3_s32(a2, b2, c2));
	s32 md = visp_med3(visp_med3(a0, b0, c0), visp_med3(a1, b1, c1),
			   visp_med3(a2, b2, c2));
	s32 hi = visp_min3_s32(visp_max3_s32(a0, b0, c0),
			       visp_max3_s32(a1, b1, c1),
			       visp_max3_s32(a2, b2, c2));

	return visp_med3(lo, md, hi);
}

/*
 * Step 7 and the output: one colour of output line @y: @c holds the
 * colour's difference with green on lines y - 1 to y + 1, replaced by the
 * median of its 3x3 neighbourhood at every sample.
 */
static noinline void visp_dmsd_out(u16 *restrict out, const u16 *restrict g,
				   const s16 *const *c, u32 n)
{
	const s16 *restrict up = c[0], *restrict mid = c[1];
	const s16 *restrict dn = c[2];
	int x, nc = n & ~(u32)(VISP_CHUNK - 1);

	for (x = 0; x < nc; x++)
		out[x] = visp_dmsd_expand(g[x] + visp_med9(up, mid, dn, x));
}

/* Green and D up to line @y, and the lines before them that they read */
static void visp_dmsd_need_g(const struct visp_model_config *cfg,
			     struct visp_model_ws *ws, u32 y)
{
	u32 last = cfg->in_height - 1;

	while (ws->dmsd_next_g <= visp_min_u32(y, last)) {
		while (ws->dmsd_next_g1 <= visp_min_u32(ws->dmsd_next_g + 1,
							last)) {
			while (ws->dmsd_next_p <=
			       visp_min_u32(ws->dmsd_next_g1 + 1, last))
				visp_dmsd_planes(cfg, ws, ws->dmsd_next_p++);
			visp_dmsd_green(cfg, ws, ws->dmsd_next_g1++);
		}
		visp_dmsd_refine(cfg, ws, ws->dmsd_next_g++);
	}
}

/*
 * Compute the lines of each plane up to line @y (the last line at most),
 * with the lines of the planes before them that they read.
 */
static noinline void visp_dmsd_need(const struct visp_model_config *cfg,
				    struct visp_model_ws *ws, u32 y)
{
	u32 last = cfg->in_height - 1;

	while (ws->dmsd_next_c <= visp_min_u32(y, last)) {
		while (ws->dmsd_next_x <= visp_min_u32(ws->dmsd_next_c + 1,
						       last)) {
			visp_dmsd_need_g(cfg, ws, ws->dmsd_next_x + 1);
			visp_dmsd_other(cfg, ws, ws->dmsd_next_x++);
		}
		visp_dmsd_diff(cfg, ws, ws->dmsd_next_c++);
	}
}

static void visp_dmsd_line(const struct visp_model_config *cfg,
			   struct visp_model_ws *ws, u32 y,
			   u16 *r, u16 *g, u16 *b)
{
	u32 h = cfg->in_height, x;
	const s16 *rg[3], *bg[3];
	const u16 *gq;
	int i;

	/* the differences one line ahead, and what they need before them */
	visp_dmsd_need(cfg, ws, y + 1);

	for (i = 0; i < 3; i++) {
		rg[i] = (const s16 *)visp_dmsd_row(ws, VISP_DMSD_RG,
						   (s32)y + i - 1, h);
		bg[i] = (const s16 *)visp_dmsd_row(ws, VISP_DMSD_BG,
						   (s32)y + i - 1, h);
	}
	gq = visp_dmsd_row(ws, VISP_DMSD_G, y, h);
	visp_dmsd_out(r, gq, rg, ws->wc);
	visp_dmsd_out(b, gq, bg, ws->wc);
	for (x = 0; x < ws->wc; x++)
		g[x] = visp_dmsd_expand(gq[x]);
}

#ifndef VISP_MODEL_AVX2
#ifdef VISP_MODEL_SCALAR
/*
 * One output of the colour matrix, the samples passed as 4x. The sum of
 * products has 32 bits: @clampq does not matter.
 */
static inline s16 visp_ccm1(s16 r4, s16 g4, s16 b4, s16 m0, s16 m1, s16 m2,
			    s16 off, bool clampq)
{
	s32 v = ((m0 * r4 + m1 * g4 + m2 * b4 + 2048) >> 12) + off;

	return visp_clamp_s32(v, 0, VISP_PIXEL_MAX);
}
#else
/*
 * One output of the colour matrix in 16-bit arithmetic. Each product P =
 * m * x is split as 16384 * q + r: q = P >> 14 is the high half and r << 2
 * the low half of m * 4x, so that (sum(P) + 512) >> 10 = 16 * sum(q) +
 * ((sum(r) + 512) >> 10). With @clampq, sum(q) is clamped to -513 .. 512
 * first, which does not change the clamped result (beyond it the output
 * saturates whatever the offset) and keeps every sum within 16 bits;
 * without, the caller guarantees that 16 * sum(q) fits (see
 * visp_line_ccm()). @r4, @g4 and @b4 are the 12-bit samples shifted left
 * by 2.
 */
static __always_inline s16 visp_ccm1(s16 r4, s16 g4, s16 b4, s16 m0, s16 m1,
				     s16 m2, s16 off, bool clampq)
{
	s16 q = (s16)(((s32)m0 * r4) >> 16) + (s16)(((s32)m1 * g4) >> 16) +
		(s16)(((s32)m2 * b4) >> 16);
	u16 l = ((u16)((u32)(u16)m0 * (u16)r4) >> 2) +
		((u16)((u32)(u16)m1 * (u16)g4) >> 2) +
		((u16)((u32)(u16)m2 * (u16)b4) >> 2) + 512;
	s16 v;

	if (clampq) {
		q = q < -513 ? -513 : q;
		q = q > 512 ? 512 : q;
	}
	v = q * 16 + (l >> 10) + off;
	v = v < 0 ? 0 : v;
	return v > VISP_PIXEL_MAX ? VISP_PIXEL_MAX : v;
}
#endif

static __always_inline void visp_ccm_line(u16 *restrict r, u16 *restrict g,
					  u16 *restrict b, const s16 *m,
					  const s16 *o, u32 n, bool clampq)
{
	s16 m0 = m[0], m1 = m[1], m2 = m[2], m3 = m[3], m4 = m[4];
	s16 m5 = m[5], m6 = m[6], m7 = m[7], m8 = m[8];
	s16 o0 = o[0], o1 = o[1], o2 = o[2];
	u32 x;

	n &= ~(u32)(VISP_CHUNK - 1);
	for (x = 0; x < n; x++) {
		/* 12-bit samples: 4x fits in signed 16 bits */
		s16 r4 = r[x] * 4, g4 = g[x] * 4, b4 = b[x] * 4;

		r[x] = visp_ccm1(r4, g4, b4, m0, m1, m2, o0, clampq);
		g[x] = visp_ccm1(r4, g4, b4, m3, m4, m5, o1, clampq);
		b[x] = visp_ccm1(r4, g4, b4, m6, m7, m8, o2, clampq);
	}
}

static noinline void visp_line_ccm_small(u16 *restrict r, u16 *restrict g,
					 u16 *restrict b, const s16 *m,
					 const s16 *o, u32 n)
{
	visp_ccm_line(r, g, b, m, o, n, false);
}

/*
 * The colour matrix of a line. For 12-bit samples each high half q of a
 * row's products is at least -|m| / 4 - 1 and below |m| / 4, so with a
 * sum of absolute coefficients of at most VISP_CCM_SMALL_SUM per row,
 * |sum(q)| <= 1753 and 16 * sum(q) + 48 + offset stays within -32144 ..
 * 32191: the usual matrices, close to identity, skip the clamp of sum(q).
 */
static noinline void visp_line_ccm(u16 *restrict r, u16 *restrict g,
				   u16 *restrict b, const s16 *m, const s16 *o,
				   u32 n)
{
	u32 i, sum = 0, most = 0;

	for (i = 0; i < 9; i++) {
		sum += m[i] < 0 ? -m[i] : m[i];
		if (i % 3 == 2) {
			most = sum > most ? sum : most;
			sum = 0;
		}
	}
	if (most <= VISP_CCM_SMALL_SUM)
		visp_line_ccm_small(r, g, b, m, o, n);
	else
		visp_ccm_line(r, g, b, m, o, n, true);
}
#endif /* !VISP_MODEL_AVX2 */

#ifdef VISP_MODEL_AVX2
/*
 * (c0 * r + c1 * g + c2 * b + 512 * k) >> @shift for 16 samples of 12
 * bits, saturated to 16 bits: @c01 holds the pair c0, c1 and @c2k the
 * pair c2, k in each 32-bit lane. @rg holds the samples of r and g, @bk
 * those of b with 512, interleaved in 32-bit pairs by visp_pairs() (low
 * and high halves of 8 columns each, the order VPUNPCK gives and
 * VPACKSSDW restores), whose products VPMADDWD sums in 32 bits: exact for
 * any 16-bit coefficients.
 */
static __always_inline __m256i visp_madd3(const __m256i *rg,
					  const __m256i *bk, __m256i c01,
					  __m256i c2k, const int shift)
{
#ifdef VISP_MODEL_AVX512
	/* VPDPWSSD adds the second pair of products to the first */
	__m256i lo = _mm256_dpwssd_epi32(_mm256_madd_epi16(rg[0], c01),
					 bk[0], c2k);
	__m256i hi = _mm256_dpwssd_epi32(_mm256_madd_epi16(rg[1], c01),
					 bk[1], c2k);
#else
	__m256i lo = _mm256_add_epi32(_mm256_madd_epi16(rg[0], c01),
				      _mm256_madd_epi16(bk[0], c2k));
	__m256i hi = _mm256_add_epi32(_mm256_madd_epi16(rg[1], c01),
				      _mm256_madd_epi16(bk[1], c2k));
#endif

	return _mm256_packs_epi32(_mm256_srai_epi32(lo, shift),
				  _mm256_srai_epi32(hi, shift));
}

/* The pairs of visp_madd3() of @r, @g and @b */
static __always_inline void visp_pairs(__m256i *rg, __m256i *bk, __m256i r,
				       __m256i g, __m256i b)
{
	const __m256i k512 = _mm256_set1_epi16(512);

	rg[0] = _mm256_unpacklo_epi16(r, g);
	rg[1] = _mm256_unpackhi_epi16(r, g);
	bk[0] = _mm256_unpacklo_epi16(b, k512);
	bk[1] = _mm256_unpackhi_epi16(b, k512);
}

/* No colour matrix, for visp_ccm_luma() */
static const s16 visp_ccm_none[9];

/* The coefficients @a and @b as a pair in each 32-bit lane */
static inline __m256i visp_pair16(s16 a, s16 b)
{
	return _mm256_set1_epi32((s32)(((u32)(u16)b << 16) | (u16)a));
}

/*
 * The colour matrix of a line (when @m is NULL, none) and, when @luma is
 * not NULL, the 12-bit luma of its output, (1225 * r + 2404 * g + 467 * b
 * + 2048) >> 12 as visp_luma4(), in one pass: the samples stay in
 * registers from the matrix to the luma. An output of the matrix is
 * visp_madd3() of its row with k = 2 * offset + 1, (sum(m * x) + 512 +
 * 1024 * offset) >> 10, clamped (saturating to 16 bits keeps the clamped
 * result of visp_ccm1()). The rows of the matrix need no bound on their
 * coefficients.
 */
static __always_inline void visp_ccm_luma(u16 *restrict r, u16 *restrict g,
					  u16 *restrict b,
					  u16 *restrict luma, const s16 *m,
					  const s16 *o, u32 n)
{
	const __m256i zero = _mm256_setzero_si256();
	const __m256i max = _mm256_set1_epi16(VISP_PIXEL_MAX);
	const __m256i y01 = visp_pair16(1225, 2404), y2k = visp_pair16(467, 4);
	const __m256i c01r = visp_pair16(m[0], m[1]);
	const __m256i c2kr = visp_pair16(m[2], 2 * o[0] + 1);
	const __m256i c01g = visp_pair16(m[3], m[4]);
	const __m256i c2kg = visp_pair16(m[5], 2 * o[1] + 1);
	const __m256i c01b = visp_pair16(m[6], m[7]);
	const __m256i c2kb = visp_pair16(m[8], 2 * o[2] + 1);
	__m256i vr, vg, vb, rg[2], bk[2];
	u32 x;

	n &= ~(u32)(VISP_CHUNK - 1);
	for (x = 0; x < n; x += 16) {
		vr = _mm256_loadu_si256((const __m256i *)(r + x));
		vg = _mm256_loadu_si256((const __m256i *)(g + x));
		vb = _mm256_loadu_si256((const __m256i *)(b + x));
		if (m != visp_ccm_none) {
			visp_pairs(rg, bk, vr, vg, vb);
			vr = visp_madd3(rg, bk, c01r, c2kr, 10);
			vg = visp_madd3(rg, bk, c01g, c2kg, 10);
			vb = visp_madd3(rg, bk, c01b, c2kb, 10);
			vr = _mm256_min_epi16(_mm256_max_epi16(vr, zero), max);
			vg = _mm256_min_epi16(_mm256_max_epi16(vg, zero), max);
			vb = _mm256_min_epi16(_mm256_max_epi16(vb, zero), max);
			_mm256_storeu_si256((__m256i *)(r + x), vr);
			_mm256_storeu_si256((__m256i *)(g + x), vg);
			_mm256_storeu_si256((__m256i *)(b + x), vb);
		}
		if (!luma)
			continue;
		visp_pairs(rg, bk, vr, vg, vb);
		_mm256_storeu_si256((__m256i *)(luma + x),
				    visp_madd3(rg, bk, y01, y2k, 12));
	}
}

/*
 * The colour matrix of a line (when @m is NULL, none) and, when @luma is
 * not NULL, the 12-bit luma of its output, (1225 * r + 2404 * g + 467 * b
 * + 2048) >> 12 as visp_luma4(), in one pass: the samples stay in
 * registers from the matrix to the luma. An output of the matrix is
 * visp_madd3() of its row with k = 2 * offset + 1, (sum(m * x) + 512 +
 * 1024 * offset) >> 10, clamped (saturating to 16 bits keeps the clamped
 * result of visp_ccm1()). The rows of the matrix need no bound on their
 * coefficients.
 */
static noinline void visp_line_ccm_luma(u16 *restrict r, u16 *restrict g,
					u16 *restrict b, u16 *restrict luma,
					const s16 *m, const s16 *o, u32 n)
{
	if (!m)
		visp_ccm_luma(r, g, b, luma, visp_ccm_none, o, n);
	else if (!luma)
		visp_ccm_luma(r, g, b, NULL, m, o, n);
	else
		visp_ccm_luma(r, g, b, luma, m, o, n);
}
#endif

#ifdef VISP_MODEL_SCALAR
/* 12-bit luma, the samples passed as 4x */
static inline u16 visp_luma4(s16 r4, s16 g4, s16 b4)
{
	return (1225 * r4 + 2404 * g4 + 467 * b4 + 8192) >> 14;
}
#else
/*
 * 12-bit luma, (1225 * r + 2404 * g + 467 * b + 2048) >> 12, in 16-bit
 * lanes from the samples shifted left by 2: with the products split as for
 * visp_dot3(), 4 * sum(q) + ((sum(r) + 2048) >> 12).
 */
static inline u16 visp_luma4(s16 r4, s16 g4, s16 b4)
{
	s16 q = (s16)((1225 * r4) >> 16) + (s16)((2404 * g4) >> 16) +
		(s16)((467 * b4) >> 16);
	u16 m = ((u16)(1225 * r4) >> 2) + ((u16)(2404 * g4) >> 2) +
		((u16)(467 * b4) >> 2) + 2048;

	return q * 4 + (m >> 12);
}
#endif

static noinline void visp_line_luma(u16 *restrict l, const u16 *restrict r,
				    const u16 *restrict g,
				    const u16 *restrict b, u32 n)
{
	u32 x;

	n &= ~(u32)(VISP_CHUNK - 1);
	for (x = 0; x < n; x++)
		/* 12-bit samples: 4x fits in signed 16 bits */
		l[x] = visp_luma4(r[x] * 4, g[x] * 4, b[x] * 4);
}

/*
 * c = lut[c] for the three colours of a line, any @n. Two columns per
 * iteration: the loads are issued before the stores, which a compiler
 * may also merge.
 */
static noinline void visp_line_lut(u16 *restrict r, u16 *restrict g,
				   u16 *restrict b, const u16 *restrict lut,
				   u32 n)
{
	u32 x;

	for (x = 0; x + 2 <= n; x += 2) {
		u16 r0 = r[x], r1 = r[x + 1], g0 = g[x], g1 = g[x + 1];
		u16 b0 = b[x], b1 = b[x + 1];

		r[x] = lut[r0];
		r[x + 1] = lut[r1];
		g[x] = lut[g0];
		g[x + 1] = lut[g1];
		b[x] = lut[b0];
		b[x + 1] = lut[b1];
	}
	for (; x < n; x++) {
		r[x] = lut[r[x]];
		g[x] = lut[g[x]];
		b[x] = lut[b[x]];
	}
}

#ifdef VISP_MODEL_AE_FUSE
/**
 * struct visp_ae_fuse - AE histogram counted in the gamma curve's loop
 * @hist: the four partial histograms
 * @y8: the next byte of luma to count
 * @n: the number of groups of 12 bytes still to count
 */
struct visp_ae_fuse {
	u32 (*hist)[VISP_STATS_HIST_BINS];
	const u8 *y8;
	u32 n;
};

/* Count 12 bytes of AE luma in the four partial histograms */
static __always_inline void
visp_ae_hist12(u32 (*restrict hist)[VISP_STATS_HIST_BINS],
	       const u8 *restrict l)
{
	int i;

	for (i = 0; i < 12; i += 4) {
		hist[0][l[i]]++;
		hist[1][l[i + 1]]++;
		hist[2][l[i + 2]]++;
		hist[3][l[i + 3]]++;
	}
}
#endif

#ifdef VISP_MODEL_AVX2
/*
 * The curve of 65 points in steps of 64 codes (no segmented tone curve),
 * computed in vectors where the look-up table takes three memory
 * operations a sample: at input x, segment k = x >> 6 and f = x & 63, the
 * table's (L(k) * (64 - f) + L(k + 1) * f + 32) >> 6 is L(k) + ((D(k) * f
 * + 32) >> 6) with D(k) = L(k + 1) - L(k), and the second term is the
 * rounded high half of VPMULHRSW, (D(k) * (f << 9) + 16384) >> 15.
 *
 * L(k) and D(k) are looked up with VPSHUFB, which takes one of 16 bytes:
 * four byte planes (the low and high bytes of L and D) of four tables of
 * 16 segments each. Table j is looked up at k - 16 * j, whose bit 7, set
 * when k < 16 * j, gives 0; the tables are stored XORed with the one
 * before them, so that the XOR of the look-ups is table k >> 4's byte.
 */
#ifdef VISP_MODEL_AVX512
/*
 * With AVX512VBMI, in place of VPSHUFB's tables, VPERMI2B looks up the
 * 16-bit L(k) and D(k) of 32 samples in one instruction each: a table of
 * 128 bytes in two vectors, the low bytes of the 64 segments then their
 * high bytes, taken at index k | (k + 64) << 8. VPMULTISHIFTQB copies
 * bits 6-13 of each sample, k, into both bytes of its lane (bits 12 and
 * 13 are 0), and an OR sets bit 6 of the high byte, which selects the
 * second vector.
 */
static void visp_gamma_tables(const struct visp_model_config *cfg,
			      struct visp_model_ws *ws)
{
	unsigned int k;

	for (k = 0; k < 64; k++) {
		u16 l = cfg->gamma_lut[k];
		u16 d = cfg->gamma_lut[k + 1] - l;

		ws->gamma_pl[0][k] = l;
		ws->gamma_pl[0][k + 64] = l >> 8;
		ws->gamma_pl[1][k] = d;
		ws->gamma_pl[1][k + 64] = d >> 8;
	}
}

/* c = curve(c) for the whole chunks of a line of 12-bit samples */
static void visp_gamma_chunks(u16 *c, const u8 (*t)[128], u32 n)
{
	const __m512i l0 = _mm512_loadu_si512(t[0]);
	const __m512i l1 = _mm512_loadu_si512(t[0] + 64);
	const __m512i d0 = _mm512_loadu_si512(t[1]);
	const __m512i d1 = _mm512_loadu_si512(t[1] + 64);
	/* bit offsets 6, 22, 38 and 54 in the 64-bit lanes, twice each */
	const __m512i sel = _mm512_set1_epi64(0x3636262616160606);
	const __m512i hi = _mm512_set1_epi16(0x4000);
	const __m512i fmask = _mm512_set1_epi16(0x7e00);
	const u16 *end = c + (n & ~31u);
	__m512i a, k, l, d;

	for (; c < end; c += 32) {
		a = _mm512_loadu_si512(c);
		k = _mm512_or_si512(_mm512_multishift_epi64_epi8(sel, a), hi);
		l = _mm512_permutex2var_epi8(l0, k, l1);
		d = _mm512_permutex2var_epi8(d0, k, d1);
		/* f << 9 */
		a = _mm512_and_si512(_mm512_slli_epi16(a, 9), fmask);
		a = _mm512_add_epi16(l, _mm512_mulhrs_epi16(d, a));
		_mm512_storeu_si512(c, a);
	}
}
#else
static void visp_gamma_tables(const struct visp_model_config *cfg,
			      struct visp_model_ws *ws)
{
	u8 v[4][64];
	unsigned int k, p;

	for (k = 0; k < 64; k++) {
		u16 l = cfg->gamma_lut[k];
		u16 d = cfg->gamma_lut[k + 1] - l;

		v[0][k] = l;
		v[1][k] = l >> 8;
		v[2][k] = d;
		v[3][k] = d >> 8;
	}
	for (p = 0; p < 4; p++)
		for (k = 0; k < 64; k++)
			ws->gamma_seg[p][k >> 4][k & 15] =
				v[p][k] ^ (k < 16 ? 0 : v[p][k - 16]);
}

/* The bytes of plane @t at the segments @k, k - 16, k - 32 and k - 48 */
static __always_inline __m256i visp_gamma_plane(const u8 (*t)[16],
						const __m256i *k)
{
	__m256i v = _mm256_setzero_si256(), tj;
	const __m128i *tp;
	int j;

	for (j = 0; j < 4; j++) {
		tp = (const __m128i *)t[j];
		tj = _mm256_broadcastsi128_si256(_mm_loadu_si128(tp));
		v = _mm256_xor_si256(v, _mm256_shuffle_epi8(tj, k[j]));
	}
	return v;
}

/*
 * c = curve(c) for the whole chunks of a line of 12-bit samples; and,
 * when @ae is not NULL, 12 more bytes of its AE histogram an iteration,
 * while any remain: the histogram's memory increments, bound by the
 * CPU's stores, then run beside the curve's byte shuffles.
 */
static void visp_gamma_chunks(u16 *c, const u8 (*t)[4][16], u32 n,
			      struct visp_ae_fuse *ae)
{
	u32 (*restrict hist)[VISP_STATS_HIST_BINS] = ae ? ae->hist : NULL;
	const __m256i k16 = _mm256_set1_epi8(16);
	const u16 *end = c + (n & ~31u);
	const u8 *y8 = ae ? ae->y8 : NULL;
	u32 left = ae ? ae->n : 0;
	__m256i a, b, k[4], l0, l1, d0, d1;

	for (; c < end; c += 32) {
		a = _mm256_loadu_si256((const __m256i *)c);
		b = _mm256_loadu_si256((const __m256i *)(c + 16));
		/* the segments of a and b, in VPACKUSWB's lane order */
		k[0] = _mm256_packus_epi16(_mm256_srli_epi16(a, 6),
					   _mm256_srli_epi16(b, 6));
		/* saturating, which does not saturate here, to keep the chain */
		k[1] = _mm256_subs_epi8(k[0], k16);
		k[2] = _mm256_subs_epi8(k[1], k16);
		k[3] = _mm256_subs_epi8(k[2], k16);
		l0 = visp_gamma_plane(t[0], k);
		l1 = visp_gamma_plane(t[1], k);
		d0 = visp_gamma_plane(t[2], k);
		d1 = visp_gamma_plane(t[3], k);
		/* f << 9, from bits 0-5 to 9-14 */
		a = _mm256_srli_epi16(_mm256_slli_epi16(a, 10), 1);
		b = _mm256_srli_epi16(_mm256_slli_epi16(b, 10), 1);
		/* VPUNPCK undoes the lane order of VPACKUSWB */
		a = _mm256_mulhrs_epi16(_mm256_unpacklo_epi8(d0, d1), a);
		b = _mm256_mulhrs_epi16(_mm256_unpackhi_epi8(d0, d1), b);
		a = _mm256_add_epi16(_mm256_unpacklo_epi8(l0, l1), a);
		b = _mm256_add_epi16(_mm256_unpackhi_epi8(l0, l1), b);
		_mm256_storeu_si256((__m256i *)c, a);
		_mm256_storeu_si256((__m256i *)(c + 16), b);
		if (left) {
			visp_ae_hist12(hist, y8);
			y8 += 12;
			left--;
		}
	}
	if (ae) {
		ae->y8 = y8;
		ae->n = left;
	}
}
#endif

/*
 * The curve of the three colours of a line, any @n: the whole chunks in
 * vectors, the rest with the look-up table
 */
static noinline void visp_line_gamma(u16 *restrict r, u16 *restrict g,
				     u16 *restrict b,
				     const struct visp_model_ws *ws, u32 n)
{
	u32 m = n & ~31u;

#ifdef VISP_MODEL_AVX512
	visp_gamma_chunks(r, ws->gamma_pl, m);
	visp_gamma_chunks(g, ws->gamma_pl, m);
	visp_gamma_chunks(b, ws->gamma_pl, m);
#else
	visp_gamma_chunks(r, ws->gamma_seg, m, NULL);
	visp_gamma_chunks(g, ws->gamma_seg, m, NULL);
	visp_gamma_chunks(b, ws->gamma_seg, m, NULL);
#endif
	if (m < n)
		visp_line_lut(r + m, g + m, b + m, ws->gamma_lut, n - m);
}
#endif

#ifdef VISP_MODEL_AE_FUSE
/* visp_line_gamma() and, spread over its three loops, @ae's histogram */
static noinline void visp_line_gamma_ae(u16 *restrict r, u16 *restrict g,
					u16 *restrict b,
					const struct visp_model_ws *ws, u32 n,
					struct visp_ae_fuse *ae)
{
	u32 m = n & ~31u;

	visp_gamma_chunks(r, ws->gamma_seg, m, ae);
	visp_gamma_chunks(g, ws->gamma_seg, m, ae);
	visp_gamma_chunks(b, ws->gamma_seg, m, ae);
	if (m < n)
		visp_line_lut(r + m, g + m, b + m, ws->gamma_lut, n - m);
}
#endif

/*
 * dst = (a * (256 - f) + b * f + 128) >> 8 = a + (((b - a) * f + 128) >> 8),
 * the second term being the rounded high half of ((b - a) << 3) * (f << 5).
 */
static noinline void visp_line_lerp(u16 *restrict dst, const u16 *restrict a,
				    const u16 *restrict b, u32 f, u32 n)
{
	s16 f32 = f << 5;
	u32 x;

	n &= ~(u32)(VISP_CHUNK - 1);
	if (f == 128) {
		/* a midpoint, as a 2:1 scaler has: (a + b + 1) >> 1 */
		for (x = 0; x < n; x++)
			dst[x] = (a[x] + b[x] + 1) >> 1;
		return;
	}
	for (x = 0; x < n; x++)
		dst[x] = a[x] + visp_mulr_s16((s16)((b[x] - a[x]) * 8), f32);
}

/* 8-bit luma of a line, with the Y row @m of a CSC matrix. */
static noinline void visp_line_y8(u8 *restrict y, const u16 *restrict r,
				  const u16 *restrict g, const u16 *restrict b,
				  const s16 *m, s16 yoff, u32 n)
{
#ifdef VISP_MODEL_AVX2
	/*
	 * visp_dot3() + yoff = (sum(m * x) + 32768 + 65536 * yoff) >> 16,
	 * VPACKUSWB clamping to 0 .. 255, VPERMQ undoing its lane order
	 */
	const __m256i c01 = visp_pair16(m[0], m[1]);
	const __m256i c2k = visp_pair16(m[2], 64 + 128 * yoff);
	u32 x;

	n &= ~(u32)(VISP_CHUNK - 1);
	for (x = 0; x < n; x += 32) {
		__m256i v[2];
		int i;

		for (i = 0; i < 2; i++) {
			const u32 k = x + 16 * i;

			__m256i rg[2], bk[2];

			visp_pairs(rg, bk,
				   _mm256_loadu_si256((const __m256i *)(r + k)),
				   _mm256_loadu_si256((const __m256i *)(g + k)),
				   _mm256_loadu_si256((const __m256i *)(b + k)));
			v[i] = visp_madd3(rg, bk, c01, c2k, 16);
		}
		v[0] = _mm256_packus_epi16(v[0], v[1]);
		_mm256_storeu_si256((__m256i *)(y + x),
				    _mm256_permute4x64_epi64(v[0], 0xd8));
	}
#else
	const s16 *pr = (const s16 *)r, *pg = (const s16 *)g;
	const s16 *pb = (const s16 *)b;
	s16 m0 = m[0], m1 = m[1], m2 = m[2];
	u32 x;

	n &= ~(u32)(VISP_CHUNK - 1);
	for (x = 0; x < n; x++) {
		/* 12-bit samples */
		s16 v = visp_dot3(m0, m1, m2, pr[x] * 4, pg[x] * 4,
				  pb[x] * 4) + yoff;

		y[x] = v < 0 ? 0 : v > 255 ? 255 : v;
	}
#endif
}

/* ------------------------------------------------------------------------
 * Stage 1: input formatter, raw output, black level
 */

/*
 * Little-endian 16-bit containers. Whole chunks first, then the tail: the
 * input line is not read past its last sample.
 */
/*
 * Asks for the cache lines of the next input line while the current one is
 * processed: a line of a large frame spans pages, where hardware
 * prefetchers stop.
 */
static void visp_prefetch_line(const u8 *p, u32 bytes)
{
	u32 i;

	for (i = 0; i < bytes; i += 64)
		prefetch(p + i);
}

/*
 * A little-endian 16-bit container: on little-endian CPUs one 16-bit load
 * (compilers vectorise it to plain vector loads, where the bytes put
 * together take shuffles), elsewhere two bytes.
 */
static inline u16 visp_le16(const u8 *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	u16 v;

	__builtin_memcpy(&v, p, 2);
	return v;
#else
	return p[0] | p[1] << 8;
#endif
}

/*
 * The sample of the 16-bit container at @p: (c & mask) << shift as a
 * 16-bit product by mul = 1 << shift
 */
static inline u16 visp_in16(const u8 *p, u16 mask, u16 mul)
{
	return (u16)(visp_le16(p) & mask) * mul;
}

static void visp_model_unpack16(u16 *restrict dst, const u8 *restrict src,
				u16 mask, u16 mul, u32 w)
{
	u32 x, n = w & ~(u32)(VISP_CHUNK - 1);

	for (x = 0; x < n; x++)
		dst[x] = visp_in16(src + 2 * x, mask, mul);
	for (; x < w; x++)
		dst[x] = visp_in16(src + 2 * x, mask, mul);
}

/*
 * The inputs in 16-bit containers: the sample is (c & @mask) * @mul, a
 * shift. False for the other inputs.
 */
static bool visp_model_in16(u8 in_type, u16 *mask, u16 *mul)
{
	switch (in_type) {
	case VISP_IN_TYPE_RAW10:
		*mask = 0x3ff;
		*mul = 1 << 6;
		return true;
	case VISP_IN_TYPE_RAW12:
		*mask = 0xfff;
		*mul = 1 << 4;
		return true;
	case VISP_IN_TYPE_RAW16:
		*mask = 0xffff;
		*mul = 1;
		return true;
	default:
		return false;
	}
}

static void visp_model_unpack(const struct visp_model_config *cfg,
			      const u8 *src, u16 *dst)
{
	u32 w = cfg->in_width;
	u16 mask, mul;
	u32 x;

	if (visp_model_in16(cfg->in_type, &mask, &mul)) {
		visp_model_unpack16(dst, src, mask, mul, w);
		return;
	}
	switch (cfg->in_type) {
	case VISP_IN_TYPE_RAW8:
		for (x = 0; x < w; x++)
			dst[x] = (u16)src[x] << 8;
		break;
	case VISP_IN_TYPE_RAW10_CSI2P:
		for (x = 0; x < w; x += 4, src += 5) {
			dst[x] = (src[0] << 2 | (src[4] & 3)) << 6;
			dst[x + 1] = (src[1] << 2 | ((src[4] >> 2) & 3)) << 6;
			dst[x + 2] = (src[2] << 2 | ((src[4] >> 4) & 3)) << 6;
			dst[x + 3] = (src[3] << 2 | (src[4] >> 6)) << 6;
		}
		break;
	case VISP_IN_TYPE_RAW12_CSI2P:
		for (x = 0; x < w; x += 2, src += 3) {
			dst[x] = (src[0] << 4 | (src[2] & 15)) << 4;
			dst[x + 1] = (src[1] << 4 | (src[2] >> 4)) << 4;
		}
		break;
	}
}

static void visp_model_raw_out(const struct visp_model_config *cfg,
			       const struct visp_model_buffers *buf,
			       const u16 *norm, u32 y)
{
	const struct visp_model_path *path = &cfg->path[VISP_PATH_MAIN];
	u8 *dst;
	u32 x;

	if (y < path->crop_y || y >= (u32)path->crop_y + path->crop_h)
		return;

	dst = buf->out[VISP_PATH_MAIN][0].data +
	      (size_t)(y - path->crop_y) * buf->out[VISP_PATH_MAIN][0].stride;
	norm += path->crop_x;
	for (x = 0; x < path->crop_w; x++) {
		dst[2 * x] = norm[x] & 0xff;
		dst[2 * x + 1] = norm[x] >> 8;
	}
}

/*
 * The input formatter of 16-bit containers and the black level in one
 * pass, for the lines the raw output does not take: dst = max((((c &
 * @mask) * @mul) mod 65536 >> 4) - l, 0), @l holding the levels of a
 * chunk. The columns from @w to @wc, which visp_model_unpack() does not
 * write, are 0.
 */
static noinline void visp_line_unpack_bls(u16 *restrict dst,
					  const u8 *restrict src, u16 mask,
					  u16 mul, const u16 *restrict l,
					  u32 w, u32 wc)
{
	u32 x, n = w & ~(u32)(VISP_CHUNK - 1);
	int j;

	for (x = 0; x < n; x += VISP_VEC)
		for (j = 0; j < VISP_VEC; j++)
			dst[x + j] = visp_bls(visp_in16(src + 2 * (x + j),
							mask, mul), l[j]);
	for (; x < w; x++)
		dst[x] = visp_bls(visp_in16(src + 2 * x, mask, mul), l[x & 1]);
	for (; x < wc; x++)
		dst[x] = 0;
}

static noinline void visp_stage_input(const struct visp_model_config *cfg,
				      const struct visp_model_buffers *buf,
				      struct visp_model_ws *ws, u32 y)
{
	u16 *dst = ws->bay[y % VISP_BAY_ROWS] + VISP_PAD;
	const u8 *src = buf->in + (size_t)y * buf->in_stride;
	const u16 *bls = ws->bls_pat[y & 1];
	bool raw = cfg->path[VISP_PATH_MAIN].enable &&
		   cfg->path[VISP_PATH_MAIN].format == VISP_OUT_FMT_RAW16 &&
		   y >= ws->y0 && y < ws->y1;
	u32 w = cfg->in_width;
	u16 mask, mul;
	bool fused = !raw && visp_model_in16(cfg->in_type, &mask, &mul);

	if (fused)
		visp_line_unpack_bls(dst, src, mask, mul, bls, w, ws->wc);
	else
		visp_model_unpack(cfg, src, ws->norm);
	if (y + 1 < cfg->in_height)
		visp_prefetch_line(src + buf->in_stride,
				   visp_model_in_line_bytes(cfg->in_type, w));

	if (raw)
		visp_model_raw_out(cfg, buf, ws->norm, y);
	if (!fused)
		visp_line_bls(dst, ws->norm, bls, ws->wc);
	visp_model_pad(dst, w);
}

/* ------------------------------------------------------------------------
 * Stage 2: defect correction, lens shading, AWB statistics, white balance
 */

/*
 * Lens shading of a line: gain = v(i) + ((d(i) * fx + 512) >> 10), with
 * d(i) = v(i + 1) - v(i), computed as the rounded high half of
 * (d(i) << 1) * (fx << 5). @a holds v(i) and @d holds d(i) << 1 of the
 * line's two colours, even and odd columns interleaved per grid cell; @idx
 * holds the cell and @frac32 holds fx << 5 of each column. @idx is
 * non-decreasing and extends to the end of the last chunk, so a chunk
 * usually lies in one cell and takes one pass.
 */
static noinline void visp_line_lsc(u16 *restrict dst, const u16 *restrict src,
				   const u16 *restrict idx,
				   const s16 *restrict frac32,
				   const s16 *restrict a,
				   const s16 *restrict d, u32 n)
{
	u16 g[VISP_CHUNK];
	u32 x, k;
	int j;

	for (x = 0; x < n; x += VISP_CHUNK) {
		const u16 *pi = idx + x, *ps = src + x;
		const s16 *pf = frac32 + x;
		u16 *pd = dst + x;

		k = pi[0];
		if (k == pi[VISP_CHUNK - 1]) {
			/* one cell, the common case */
			s16 a0 = a[2 * k], a01 = a0 ^ a[2 * k + 1];
			s16 d0 = d[2 * k], d01 = d0 ^ d[2 * k + 1];

			for (j = 0; j < VISP_CHUNK; j++) {
				s16 odd = visp_odd_lanes[j];
				u16 v = (a0 ^ (a01 & odd)) +
					visp_mulr_s16(d0 ^ (d01 & odd), pf[j]);

				pd[j] = visp_gain12(ps[j], v << 2);
			}
			continue;
		}

		/* lanes outside the cell are replaced by the next passes */
		for (; k <= pi[VISP_CHUNK - 1]; k++) {
			s16 a0 = a[2 * k], a01 = a0 ^ a[2 * k + 1];
			s16 d0 = d[2 * k], d01 = d0 ^ d[2 * k + 1];
			u16 all = k == pi[0] ? 0xffff : 0;
			u16 k16 = k;

			for (j = 0; j < VISP_CHUNK; j++) {
				s16 odd = visp_odd_lanes[j];
				s16 av = a0 ^ (a01 & odd);
				s16 dv = d0 ^ (d01 & odd);
				u16 v = av + visp_mulr_s16(dv, pf[j]);
				u16 m = all | -(u16)(pi[j] == k16);

				g[j] = (v & m) | (g[j] & ~m);
			}
		}
		for (j = 0; j < VISP_CHUNK; j++)
			pd[j] = visp_gain12(ps[j], g[j] << 2);
	}
}

static void visp_model_lsc(const struct visp_model_config *cfg,
			   struct visp_model_ws *ws, u32 y, u16 *dst,
			   const u16 *src)
{
	u32 gy = visp_min_u32(y * cfg->lsc_ystep,
			      (VISP_LSC_GRID_CELLS_Y << 16) - 1);
	u32 j = gy >> 16;
	u32 fy = (gy >> 6) & 0x3ff;
	const u8 *ch = ws->cfa_ch + (y & 1) * 2;
	u32 p, i;

	for (p = 0; p < 2; p++) {
		const u16 *t0 = cfg->lsc_table[ch[p]] +
				j * VISP_LSC_GRID_NODES_X;
		const u16 *t1 = t0 + VISP_LSC_GRID_NODES_X;
		u16 v[2];

		v[0] = (t0[0] * (1024 - fy) + t1[0] * fy + 512) >> 10;
		for (i = 0; i < VISP_LSC_GRID_CELLS_X; i++) {
			v[1] = (t0[i + 1] * (1024 - fy) + t1[i + 1] * fy +
				512) >> 10;
			ws->lsc_a[2 * i + p] = v[0];
			ws->lsc_d[2 * i + p] = (v[1] - v[0]) * 2;
			v[0] = v[1];
		}
	}

	visp_line_lsc(dst, src, ws->lsc_idx, (const s16 *)ws->lsc_frac,
		      (const s16 *)ws->lsc_a, (const s16 *)ws->lsc_d, ws->wc);
}

/* The column after the last zone of @win, within a line of @w columns */
static u32 visp_model_win_end(const struct visp_model_window *win, u32 w)
{
	return visp_min_u32(win->x + (u32)win->zone_w * win->grid_w, w);
}

/* Return the first column of zone column @gx, and in @x1 its end. */
static u32 visp_model_zone_cols(const struct visp_model_window *win, u32 gx,
				u32 w, u32 *x1)
{
	u32 x0 = win->x + gx * win->zone_w;

	*x1 = visp_min_u32(x0 + win->zone_w, w);
	return x0;
}

/*
 * AWB quads of a line pair, added to per-column sums: the samples of the
 * even line @prev to @top and of the odd line @cur to @bot, and 1 to the
 * even column of @cnt, for the quads whose largest sample is at most
 * @thr. The lines are read from one sample before their start, which lies
 * in their padding, to one past the last chunk.
 */
static noinline void visp_line_awb(u16 *restrict top, u16 *restrict bot,
				   u16 *restrict cnt, const u16 *restrict prev,
				   const u16 *restrict cur, s16 thr, u32 n)
{
	u32 x;
	int j;

	for (x = 0; x < n; x += VISP_VEC) {
		const s16 *p = (const s16 *)prev + x, *c = (const s16 *)cur + x;
		u16 *pt = top + x, *pb = bot + x, *pc = cnt + x;

		for (j = 0; j < VISP_VEC; j++) {
			/* 12-bit samples; the quads are the lane pairs */
			s16 odd = visp_odd_lanes[j];
			s16 pn = (p[j + 1] & ~odd) | (p[j - 1] & odd);
			s16 cn = (c[j + 1] & ~odd) | (c[j - 1] & odd);
			s16 m = visp_max_s16(visp_max_s16(p[j], c[j]),
					     visp_max_s16(pn, cn));
			u16 in = -(u16)(m <= thr);

			pt[j] += (u16)p[j] & in;
			pb[j] += (u16)c[j] & in;
			pc[j] += in & ~odd & 1;
		}
	}
}

/* Add the per-column AWB sums to the zones of zone row @gy. */
static void visp_model_awb_flush(const struct visp_model_config *cfg,
				 struct visp_model_ws *ws, u32 gy)
{
	const struct visp_model_window *win = &cfg->awb_win;
	struct visp_stats_awb_zone *zone = &ws->stats->awb[gy * win->grid_w];
	const u16 *top = ws->awb_acc[0], *bot = ws->awb_acc[1];
	const u16 *cnt = ws->awb_acc[2];
	u32 gx, x, x1, i;

	for (gx = 0; gx < win->grid_w; gx++, zone++) {
		u32 s[4] = { 0, 0, 0, 0 };
		u32 count = 0;

		x = visp_model_zone_cols(win, gx, cfg->in_width, &x1);
		for (; x < x1; x += 2) {
			s[0] += top[x];
			s[1] += top[x + 1];
			s[2] += bot[x];
			s[3] += bot[x + 1];
			count += cnt[x];
		}

		for (i = 0; i < 4; i++) {
			switch (ws->cfa_ch[i]) {
			case VISP_CFA_R:
				zone->sum_r += s[i];
				break;
			case VISP_CFA_B:
				zone->sum_b += s[i];
				break;
			default:
				zone->sum_g += s[i];
				break;
			}
		}
		zone->count += count;
	}
}

/*
 * The quads are summed per column over up to VISP_STATS_ROWS quad rows of a
 * zone row (the 16-bit sums do not overflow), then per zone.
 */
static void visp_model_awb_stats(const struct visp_model_config *cfg,
				 struct visp_model_ws *ws, u32 y,
				 const u16 *cur)
{
	const struct visp_model_window *win = &cfg->awb_win;
	u32 y0 = y - 1, gy, x0, x1, n, i, x;

	/*
	 * Quads start on even lines: keep the even line, which stays valid
	 * for one more line, and process on odd lines.
	 */
	if (!(y & 1)) {
		ws->awb_prev = cur;
		return;
	}
	if (y0 < win->y)
		return;
	gy = (y0 - win->y) / win->zone_h;
	if (gy >= win->grid_h)
		return;

	x0 = win->x & ~(u32)(VISP_CHUNK - 1);
	x1 = visp_model_win_end(win, cfg->in_width);
	n = x1 > x0 ? visp_model_round_chunk(x1 - x0) : 0;
	visp_line_awb(ws->awb_acc[0] + x0, ws->awb_acc[1] + x0,
		      ws->awb_acc[2] + x0, ws->awb_prev + x0, cur + x0,
		      cfg->awb_thresh, n);

	if (++ws->awb_rows < VISP_STATS_ROWS && y + 2 < ws->y1 &&
	    (y0 + 2 - win->y) / win->zone_h == gy)
		return;

	visp_model_awb_flush(cfg, ws, gy);
	ws->awb_rows = 0;
	for (i = 0; i < 3; i++)
		for (x = x0; x < x0 + n; x++)
			ws->awb_acc[i][x] = 0;
}

static noinline void visp_stage_cfa(const struct visp_model_config *cfg,
				    struct visp_model_ws *ws, u32 y)
{
	u32 h = cfg->in_height;
	const u16 *src = ws->bay[y % VISP_BAY_ROWS] + VISP_PAD;
	u16 *dst = ws->cfa[y % VISP_CFA_ROWS] + VISP_PAD;
	u16 *pre = ws->pre_wb[y & 1];

	/*
	 * The line before white balance ends in the black level ring (no DPC
	 * nor LSC) or in pre_wb[y & 1]: either way the previous line stays
	 * valid for the AWB quads. The formatter line is free here.
	 */
	if (cfg->dpc_en) {
		const u16 *p = ws->bay[visp_reflect((s32)y - 2, h) %
				       VISP_BAY_ROWS];
		const u16 *n = ws->bay[visp_reflect((s32)y + 2, h) %
				       VISP_BAY_ROWS];
		u16 *d = cfg->lsc_en ? ws->norm : pre;

		visp_line_dpc(d, p + VISP_PAD, src, n + VISP_PAD,
			      cfg->dpc_thresh, ws->wc);
		src = d;
	}

	if (cfg->lsc_en) {
		visp_model_lsc(cfg, ws, y, pre, src);
		src = pre;
	}

	if (ws->stats && cfg->awb_en && y >= ws->y0 && y < ws->y1)
		visp_model_awb_stats(cfg, ws, y, src);

	if (cfg->wb_en)
		visp_line_gain(dst, src, ws->wb_pat[y & 1], ws->wc);
	else
		visp_line_copy(dst, src, ws->wc);
	visp_model_pad(dst, cfg->in_width);

	if (cfg->dms_mode == VISP_DEMOSAIC_DIRECTIONAL)
		visp_dmsd_push(cfg, ws, y);
}

/* ------------------------------------------------------------------------
 * Stage 3: demosaic, colour matrix, gamma, AE and AF statistics
 */

static inline u32 visp_absdiff(u32 a, u32 b)
{
	return a > b ? a - b : b - a;
}

static void visp_model_demosaic(const struct visp_model_config *cfg,
				struct visp_model_ws *ws, u32 y,
				u16 *r, u16 *g, u16 *b)
{
	u32 h = cfg->in_height;
	const u16 *p = ws->cfa[visp_reflect((s32)y - 1, h) % VISP_CFA_ROWS];
	const u16 *c = ws->cfa[y % VISP_CFA_ROWS];
	const u16 *n = ws->cfa[visp_reflect((s32)y + 1, h) % VISP_CFA_ROWS];
	const u8 *ch = ws->cfa_ch + (y & 1) * 2;
	s16 phase = ch[0] == VISP_CFA_R || ch[0] == VISP_CFA_B ? 0 : 1;
	s16 ea = cfg->dms_mode == VISP_DEMOSAIC_EDGE_AWARE ? -1 : 0;

	if (cfg->dms_mode == VISP_DEMOSAIC_DIRECTIONAL) {
		visp_dmsd_line(cfg, ws, y, r, g, b);
		return;
	}

	/* The colour sites of the line hold R or B, the others green. */
	if (ch[phase] == VISP_CFA_R)
		visp_line_dms(r, g, b, p + VISP_PAD, c + VISP_PAD,
			      n + VISP_PAD, phase, ea, ws->wc);
	else
		visp_line_dms(b, g, r, p + VISP_PAD, c + VISP_PAD,
			      n + VISP_PAD, phase, ea, ws->wc);
}

/* Return the zone row of line @y, or -1 when outside the window. */
static s32 visp_model_zone_row(const struct visp_model_window *win, u32 y)
{
	u32 gy;

	if (y < win->y)
		return -1;
	gy = (y - win->y) / win->zone_h;
	return gy < win->grid_h ? (s32)gy : -1;
}

/*
 * Histogram and luma sum of columns @x to @x1 - 1 of a line. Consecutive
 * pixels go to four partial histograms, so that increments of the same bin
 * do not wait for each other; eight pixels per iteration halve the loop
 * overhead.
 */
static u32 visp_ae_span(u32 (*restrict hist)[VISP_STATS_HIST_BINS],
			const u8 *restrict y8, u32 x, u32 x1)
{
	const u8 *l = y8 + x, *end = y8 + x1;
	u32 sum = 0;

	for (; end - l >= 8; l += 8) {
		u32 v0 = l[0], v1 = l[1], v2 = l[2], v3 = l[3];
		u32 v4 = l[4], v5 = l[5], v6 = l[6], v7 = l[7];

		hist[0][v0]++;
		hist[1][v1]++;
		hist[2][v2]++;
		hist[3][v3]++;
		hist[0][v4]++;
		hist[1][v5]++;
		hist[2][v6]++;
		hist[3][v7]++;
		sum += v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7;
	}
	for (; end - l >= 4; l += 4) {
		u32 v0 = l[0], v1 = l[1], v2 = l[2], v3 = l[3];

		hist[0][v0]++;
		hist[1][v1]++;
		hist[2][v2]++;
		hist[3][v3]++;
		sum += v0 + v1 + v2 + v3;
	}
	for (; l < end; l++) {
		hist[0][*l]++;
		sum += *l;
	}
	return sum;
}

/* y8 = l >> 4 */
static noinline void visp_line_ae8(u8 *restrict y8, const u16 *restrict l,
				   u32 n)
{
	u32 x;

	n &= ~(u32)(VISP_CHUNK - 1);
	for (x = 0; x < n; x++)
		y8[x] = l[x] >> 4;
}

/* The 8-bit luma of the AE window, whole chunks, from @luma */
static void visp_model_ae_y8(const struct visp_model_config *cfg,
			     struct visp_model_ws *ws, const u16 *luma)
{
	const struct visp_model_window *win = &cfg->ae_win;
	u32 x = win->x & ~(u32)(VISP_CHUNK - 1);
	u32 x1 = visp_model_win_end(win, cfg->in_width);

	if (x1 > x)
		visp_line_ae8(ws->ae_y8 + x, luma + x,
			      visp_model_round_chunk(x1 - x));
}

static void visp_model_ae_stats(const struct visp_model_config *cfg,
				struct visp_model_ws *ws, u32 y,
				const u16 *luma)
{
	const struct visp_model_window *win = &cfg->ae_win;
	s32 gy = visp_model_zone_row(win, y);
	u32 gx, x, x1;

	if (gy < 0)
		return;

	visp_model_ae_y8(cfg, ws, luma);
	for (gx = 0; gx < win->grid_w; gx++) {
		x = visp_model_zone_cols(win, gx, cfg->in_width, &x1);
		ws->ae_sum[gy * win->grid_w + gx] +=
			visp_ae_span(ws->ae_hist, ws->ae_y8, x, x1);
	}
}

#ifdef VISP_MODEL_AE_FUSE
/*
 * When line @y is in the AE window, its 8-bit luma, and in @f the columns
 * of the window whose histogram visp_line_gamma_ae() counts, the whole
 * groups of 12 from its start (the 160 groups of 1920 columns fit in
 * the 180 iterations of the three colours' loops, 60 each). Returns @f,
 * or NULL outside the window.
 */
static struct visp_ae_fuse *
visp_model_ae_fuse(const struct visp_model_config *cfg,
		   struct visp_model_ws *ws, u32 y, struct visp_ae_fuse *f)
{
	const struct visp_model_window *win = &cfg->ae_win;
	u32 x1 = visp_model_win_end(win, cfg->in_width);

	if (visp_model_zone_row(win, y) < 0)
		return NULL;
	visp_model_ae_y8(cfg, ws, ws->luma_lin);
	f->hist = ws->ae_hist;
	f->y8 = ws->ae_y8 + win->x;
	f->n = x1 > win->x ? (x1 - win->x) / 12 : 0;
	return f;
}

/* The sum of @n bytes, 32 at a time with VPSADBW */
static u32 visp_ae_sum8(const u8 *l, u32 n)
{
	const __m256i zero = _mm256_setzero_si256();
	__m256i acc = zero, v;
	__m128i s, q;
	u32 i = 0, sum;

	for (; i + 32 <= n; i += 32) {
		v = _mm256_loadu_si256((const __m256i *)(l + i));
		acc = _mm256_add_epi64(acc, _mm256_sad_epu8(v, zero));
	}
	s = _mm_add_epi64(_mm256_castsi256_si128(acc),
			  _mm256_extracti128_si256(acc, 1));
	for (; i + 8 <= n; i += 8) {
		q = _mm_loadl_epi64((const __m128i *)(l + i));
		s = _mm_add_epi64(s, _mm_sad_epu8(q, _mm256_castsi256_si128(zero)));
	}
	sum = (u32)_mm_cvtsi128_si32(s) + (u32)_mm_extract_epi32(s, 2);
	for (; i < n; i++)
		sum += l[i];
	return sum;
}

/*
 * visp_model_ae_stats() after visp_line_gamma_ae(): the histogram of the
 * columns it left, and the luma sums of the zones
 */
static void visp_model_ae_rest(const struct visp_model_config *cfg,
			       struct visp_model_ws *ws, u32 y,
			       const struct visp_ae_fuse *f)
{
	const struct visp_model_window *win = &cfg->ae_win;
	s32 gy = visp_model_zone_row(win, y);
	u32 gx, x = f->y8 - ws->ae_y8, x1;

	x1 = visp_model_win_end(win, cfg->in_width);
	visp_ae_span(ws->ae_hist, ws->ae_y8, x, x1);
	for (gx = 0; gx < win->grid_w; gx++) {
		x = visp_model_zone_cols(win, gx, cfg->in_width, &x1);
		if (x1 > x)
			ws->ae_sum[gy * win->grid_w + gx] +=
				visp_ae_sum8(ws->ae_y8 + x, x1 - x);
	}
}
#endif

/*
 * AF differences of a line, |l[x + 1] - l[x]| when at least @thr, added to
 * per-column sums.
 */
static noinline void visp_line_af(u16 *restrict acc, const u16 *restrict l,
				  s16 thr, u32 n)
{
	u32 x;
	int j;

	for (x = 0; x < n; x += VISP_VEC) {
		const s16 *pl = (const s16 *)l + x;
		u16 *pa = acc + x;

		for (j = 0; j < VISP_VEC; j++) {
			/* 12-bit luma */
			s16 d = visp_max_s16(pl[j], pl[j + 1]) -
				visp_min_s16(pl[j], pl[j + 1]);

			pa[j] += d >= thr ? d : 0;
		}
	}
}

/*
 * The AF differences are summed per column in 16 bits over up to
 * VISP_STATS_ROWS lines of a zone row, then per zone. The sum of a
 * zone's last column, whose pair crosses into the next zone or out of
 * the frame, is dropped.
 */
static void visp_model_af_stats(const struct visp_model_config *cfg,
				struct visp_model_ws *ws, u32 y)
{
	const struct visp_model_window *win = &cfg->af_win;
	s32 gy = visp_model_zone_row(win, y);
	u32 x0, x1, n, gx, x;

	if (gy < 0)
		return;

	x0 = win->x & ~(u32)(VISP_CHUNK - 1);
	x1 = visp_model_win_end(win, cfg->in_width);
	n = x1 > x0 ? visp_model_round_chunk(x1 - x0) : 0;
	visp_line_af(ws->af_acc + x0, ws->luma_lin + x0, cfg->af_thresh, n);

	if (++ws->af_rows < VISP_STATS_ROWS && y + 1 < ws->y1 &&
	    visp_model_zone_row(win, y + 1) == gy)
		return;

	for (gx = 0; gx < win->grid_w; gx++) {
		u32 sum = 0;

		x = visp_model_zone_cols(win, gx, cfg->in_width, &x1);
		for (; x + 1 < x1; x++)
			sum += ws->af_acc[x];
		ws->stats->af_sharpness[gy * win->grid_w + gx] += sum;
	}
	ws->af_rows = 0;
	for (x = x0; x < x0 + n; x++)
		ws->af_acc[x] = 0;
}

/* The gamma curve (or the tone curve) of the three colours of a line */
static void visp_model_gamma(const struct visp_model_ws *ws, u16 *r, u16 *g,
			     u16 *b, u32 n)
{
#ifdef VISP_MODEL_AVX2
	if (ws->gamma_vec) {
		visp_line_gamma(r, g, b, ws, n);
		return;
	}
#endif
	visp_line_lut(r, g, b, ws->gamma_lut, n);
}

static noinline void visp_stage_rgb(const struct visp_model_config *cfg,
				    struct visp_model_ws *ws, u32 y)
{
	u16 **rgb = ws->rgb[y & 1];
	u16 *r = rgb[0], *g = rgb[1], *b = rgb[2];
	bool ae = ws->stats && cfg->ae_en && y >= ws->y0;
	bool af = ws->stats && cfg->af_en && y >= ws->y0;
	u32 w = cfg->in_width;
#ifdef VISP_MODEL_AE_FUSE
	struct visp_ae_fuse ae_fuse, *fuse = NULL;
#endif

	visp_model_demosaic(cfg, ws, y, r, g, b);

#ifdef VISP_MODEL_AVX2
	if (cfg->ccm_en || af || (ae && !cfg->ae_post_gamma))
		visp_line_ccm_luma(r, g, b, af || (ae && !cfg->ae_post_gamma) ?
				   ws->luma_lin : NULL,
				   cfg->ccm_en ? cfg->ccm_coeff : NULL,
				   cfg->ccm_offset, ws->wc);
#else
	if (cfg->ccm_en)
		visp_line_ccm(r, g, b, cfg->ccm_coeff, cfg->ccm_offset, ws->wc);

	if (af || (ae && !cfg->ae_post_gamma))
		visp_line_luma(ws->luma_lin, r, g, b, ws->wc);
#endif

	if (cfg->gamma_en && !ws->gamma_in_rgb8) {
#ifdef VISP_MODEL_AE_FUSE
		/* the linear luma's AE histogram in the curve's loop */
		if (ae && !cfg->ae_post_gamma && ws->gamma_vec)
			fuse = visp_model_ae_fuse(cfg, ws, y, &ae_fuse);
		if (fuse)
			visp_line_gamma_ae(r, g, b, ws, w, fuse);
		else
			visp_model_gamma(ws, r, g, b, w);
#else
		visp_model_gamma(ws, r, g, b, w);
#endif
	}

	if (ae) {
		const u16 *l = ws->luma_lin;

		if (cfg->ae_post_gamma) {
			visp_line_luma(ws->luma_gam, r, g, b, ws->wc);
			l = ws->luma_gam;
		}
#ifdef VISP_MODEL_AE_FUSE
		if (fuse)
			visp_model_ae_rest(cfg, ws, y, fuse);
		else
			visp_model_ae_stats(cfg, ws, y, l);
#else
		visp_model_ae_stats(cfg, ws, y, l);
#endif
	}
	if (af)
		visp_model_af_stats(cfg, ws, y);
}

/* ------------------------------------------------------------------------
 * Output paths: scaler and formatter
 */

static u8 *visp_model_out_row(const struct visp_model_buffers *buf,
			      unsigned int p, unsigned int plane, u32 row)
{
	const struct visp_model_plane *pl = &buf->out[p][plane];

	return pl->data + (size_t)row * pl->stride;
}

/*
 * A 12-bit sample to 8 bits, (v * 4081 + 32768) >> 16, in 16-bit lanes:
 * the high half of v * 4081, plus one when its low half is 32768 or more.
 */
static inline u8 visp_to8(u16 v)
{
	u16 hi = ((u32)v * 4081) >> 16, lo = v * 4081;

	return hi + (lo >> 15);
}

#ifdef VISP_MODEL_AVX2
/* visp_to8() of 16 samples */
static inline __m128i visp_to8_x16(const u16 *s)
{
	const __m256i k = _mm256_set1_epi16(4081);
	__m256i v = _mm256_loadu_si256((const __m256i *)s);

	v = _mm256_add_epi16(_mm256_mulhi_epu16(v, k),
			     _mm256_srli_epi16(_mm256_mullo_epi16(v, k), 15));
	return _mm_packus_epi16(_mm256_castsi256_si128(v),
				_mm256_extracti128_si256(v, 1));
}

/*
 * RGB24 of 12-bit samples without the gamma curve: 16 pixels at a time
 * converted to bytes, then interleaved with byte shuffles (each 16 bytes
 * of output take their bytes from the three colours), then the tail. The
 * line is not read nor written past its end.
 */
static noinline void visp_line_rgb24(u8 *restrict d, const u16 *restrict r,
				     const u16 *restrict g,
				     const u16 *restrict b, u32 w)
{
	u8 idx[3][3][16];
	__m128i sh[3][3], c[3];
	u32 x, t, k;

	/* output byte k of block t: colour (16t + k) % 3 of pixel / 3 */
	for (t = 0; t < 3; t++)
		for (k = 0; k < 16; k++)
			for (x = 0; x < 3; x++)
				idx[t][x][k] = (16 * t + k) % 3 == x ?
					       (16 * t + k) / 3 : 0x80;
	for (t = 0; t < 3; t++)
		for (x = 0; x < 3; x++)
			sh[t][x] = _mm_loadu_si128((const __m128i *)idx[t][x]);

	for (x = 0; x + 16 <= w; x += 16, d += 48) {
		c[0] = visp_to8_x16(r + x);
		c[1] = visp_to8_x16(g + x);
		c[2] = visp_to8_x16(b + x);
		for (t = 0; t < 3; t++) {
			__m128i o = _mm_or_si128(_mm_shuffle_epi8(c[0], sh[t][0]),
						 _mm_shuffle_epi8(c[1], sh[t][1]));

			o = _mm_or_si128(o, _mm_shuffle_epi8(c[2], sh[t][2]));
			_mm_storeu_si128((__m128i *)(d + 16 * t), o);
		}
	}
	for (; x < w; x++, d += 3) {
		d[0] = visp_to8(r[x]);
		d[1] = visp_to8(g[x]);
		d[2] = visp_to8(b[x]);
	}
}
#endif

static void visp_model_pack_rgb(const u8 *restrict lut, u8 *restrict d,
				u32 bpp, const u16 *const *s, u32 w)
{
	const u16 *restrict r = s[0], *restrict g = s[1], *restrict b = s[2];
	u32 x;

	if (bpp == 4) {
		for (x = 0; x < w; x++, d += 4) {
			d[0] = 0xff;
			d[1] = lut[r[x]];
			d[2] = lut[g[x]];
			d[3] = lut[b[x]];
		}
		return;
	}
	for (x = 0; x + 2 <= w; x += 2, d += 6) {
		u16 r0 = r[x], g0 = g[x], b0 = b[x];
		u16 r1 = r[x + 1], g1 = g[x + 1], b1 = b[x + 1];

		d[0] = lut[r0];
		d[1] = lut[g0];
		d[2] = lut[b0];
		d[3] = lut[r1];
		d[4] = lut[g1];
		d[5] = lut[b1];
	}
	for (; x < w; x++, d += 3) {
		d[0] = lut[r[x]];
		d[1] = lut[g[x]];
		d[2] = lut[b[x]];
	}
}

#ifdef VISP_MODEL_SCALAR
/* Average of the pair at @x of the lines @p and @q, 12-bit samples */
static inline s16 visp_pair_avg4(const u16 *p, const u16 *q, u32 x)
{
	return ((p[x] + p[x + 1] + q[x] + q[x + 1] + 2) >> 2) * 4;
}

/*
 * In scalar code, each pair's averages are computed once, for its Cb and
 * its Cr: the same results as the lanes of the vector form below.
 */
static noinline void visp_line_chroma(u8 *restrict d,
				      const u16 *restrict r0,
				      const u16 *restrict g0,
				      const u16 *restrict b0,
				      const u16 *restrict r1,
				      const u16 *restrict g1,
				      const u16 *restrict b1,
				      const s16 (*m)[3], u32 n)
{
	u32 x;

	for (x = 0; x < n; x += 2) {
		s16 ra = visp_pair_avg4(r0, r1, x);
		s16 ga = visp_pair_avg4(g0, g1, x);
		s16 ba = visp_pair_avg4(b0, b1, x);
		s16 cb = visp_dot3(m[1][0], m[1][1], m[1][2], ra, ga, ba) + 128;
		s16 cr = visp_dot3(m[2][0], m[2][1], m[2][2], ra, ga, ba) + 128;

		d[x] = cb < 0 ? 0 : cb > 255 ? 255 : cb;
		d[x + 1] = cr < 0 ? 0 : cr > 255 ? 255 : cr;
	}
}
#elif defined(VISP_MODEL_AVX2)
/* The averages of the 2x2 blocks of 32 columns of @p and @q, see below */
static inline __m256i visp_avg4_x16(const u16 *p, const u16 *q)
{
	const __m256i *vp = (const __m256i *)p, *vq = (const __m256i *)q;
	__m256i a = _mm256_add_epi16(_mm256_loadu_si256(vp),
				     _mm256_loadu_si256(vq));
	__m256i b = _mm256_add_epi16(_mm256_loadu_si256(vp + 1),
				     _mm256_loadu_si256(vq + 1));

	/* 12-bit samples: the sums of four fit in 16 bits */
	a = _mm256_hadd_epi16(a, b);
	return _mm256_srli_epi16(_mm256_add_epi16(a, _mm256_set1_epi16(2)), 2);
}

/*
 * Interleaved Cb, Cr as in the C form below, 16 pairs a step: VPHADDW
 * sums the pairs of 2 vectors in the order pairs 0-3, 8-11 | 4-7, 12-15,
 * which the Cb and Cr sums keep, VPUNPCK of Cb and Cr puts back in pairs
 * 0-7 | 8-15 and VPACKUSWB (clamping to 0 .. 255) and VPERMQ in order.
 * Cb and Cr are visp_madd3() with k = 64 + 128 * 128, the offset 128 and
 * the rounding of visp_dot3().
 */
static noinline void visp_line_chroma(u8 *restrict d,
				      const u16 *restrict r0,
				      const u16 *restrict g0,
				      const u16 *restrict b0,
				      const u16 *restrict r1,
				      const u16 *restrict g1,
				      const u16 *restrict b1,
				      const s16 (*m)[3], u32 n)
{
	const __m256i u01 = visp_pair16(m[1][0], m[1][1]);
	const __m256i u2k = visp_pair16(m[1][2], 64 + 128 * 128);
	const __m256i v01 = visp_pair16(m[2][0], m[2][1]);
	const __m256i v2k = visp_pair16(m[2][2], 64 + 128 * 128);
	__m256i rg[2], bk[2], cb, cr;
	u32 x;

	for (x = 0; x < n; x += VISP_CHUNK) {
		visp_pairs(rg, bk, visp_avg4_x16(r0 + x, r1 + x),
			   visp_avg4_x16(g0 + x, g1 + x),
			   visp_avg4_x16(b0 + x, b1 + x));
		cb = visp_madd3(rg, bk, u01, u2k, 16);
		cr = visp_madd3(rg, bk, v01, v2k, 16);
		cb = _mm256_packus_epi16(_mm256_unpacklo_epi16(cb, cr),
					 _mm256_unpackhi_epi16(cb, cr));
		_mm256_storeu_si256((__m256i *)(d + x),
				    _mm256_permute4x64_epi64(cb, 0xd8));
	}
}
#else
/* Sum of the two lines at lane j and at the other lane of its pair */
static inline u16 visp_pair_sum(const u16 *p, const u16 *q, int j, s16 odd)
{
	u16 prev = p[j - 1] + q[j - 1], next = p[j + 1] + q[j + 1];

	return p[j] + q[j] + ((next & ~odd) | (prev & odd));
}

/*
 * Interleaved Cb, Cr of the pixel pairs of a line (4:2:2), or of the 2x2
 * blocks of the previous line @r0, @g0, @b0 and the line @r1, @g1, @b1
 * (4:2:0). @n is a multiple of VISP_CHUNK. Every lane averages its pair
 * and computes Cb (even lanes) or Cr (odd lanes). The lines are read from
 * one sample before their start, in their padding, to one past their
 * last chunk.
 */
static noinline void visp_line_chroma(u8 *restrict d,
				      const u16 *restrict r0,
				      const u16 *restrict g0,
				      const u16 *restrict b0,
				      const u16 *restrict r1,
				      const u16 *restrict g1,
				      const u16 *restrict b1,
				      const s16 (*m)[3], u32 n)
{
	s16 u0 = m[1][0], u1 = m[1][1], u2 = m[1][2];
	s16 v0 = m[2][0], v1 = m[2][1], v2 = m[2][2];
	u32 x;
	int j;

	for (x = 0; x < n; x += VISP_CHUNK) {
		const u16 *pr = r0 + x, *pg = g0 + x, *pb = b0 + x;
		const u16 *qr = r1 + x, *qg = g1 + x, *qb = b1 + x;
		u8 *pd = d + x;

		for (j = 0; j < VISP_CHUNK; j++) {
			s16 odd = visp_odd_lanes[j];
			/* 12-bit samples: the sums fit in 16 bits */
			u16 ra = (u16)(visp_pair_sum(pr, qr, j, odd) + 2) >> 2;
			u16 ga = (u16)(visp_pair_sum(pg, qg, j, odd) + 2) >> 2;
			u16 ba = (u16)(visp_pair_sum(pb, qb, j, odd) + 2) >> 2;
			/* the Cb coefficients in even, Cr in odd lanes */
			s16 c0 = (u0 & ~odd) | (v0 & odd);
			s16 c1 = (u1 & ~odd) | (v1 & odd);
			s16 c2 = (u2 & ~odd) | (v2 & odd);
			s16 v = visp_dot3(c0, c1, c2, ra * 4, ga * 4, ba * 4) +
				128;

			pd[j] = v < 0 ? 0 : v > 255 ? 255 : v;
		}
	}
}
#endif

/* d[x * step] = s[x] */
static void visp_model_copy8(u8 *restrict d, const u8 *restrict s, u32 n,
			     u32 step)
{
	u32 x;

	if (step == 1) {
		for (x = 0; x < n; x++)
			d[x] = s[x];
		return;
	}
	for (x = 0; x < n; x++)
		d[x * step] = s[x];
}

/*
 * Luma of a line to @d, whole chunks directly, the tail through @tmp: the
 * output line is not written past its end.
 */
static void visp_model_y8_out(u8 *d, u8 *tmp, const u16 *const *s,
			      const s16 *m, s16 yoff, u32 w)
{
	u32 wf = w & ~(u32)(VISP_CHUNK - 1);

	visp_line_y8(d, s[0], s[1], s[2], m, yoff, wf);
	if (wf < w) {
		visp_line_y8(tmp, s[0] + wf, s[1] + wf, s[2] + wf, m, yoff,
			     VISP_CHUNK);
		visp_model_copy8(d + wf, tmp, w - wf, 1);
	}
}

/* Chroma of a line to @d, as visp_model_y8_out() */
static void visp_model_chroma_out(u8 *d, u8 *tmp, const u16 *const *p,
				  const u16 *const *s,
				  const s16 (*m)[3], u32 w)
{
	u32 wf = w & ~(u32)(VISP_CHUNK - 1);

	visp_line_chroma(d, p[0], p[1], p[2], s[0], s[1], s[2], m, wf);
	if (wf < w) {
		visp_line_chroma(tmp, p[0] + wf, p[1] + wf, p[2] + wf,
				 s[0] + wf, s[1] + wf, s[2] + wf, m,
				 VISP_CHUNK);
		visp_model_copy8(d + wf, tmp, w - wf, 1);
	}
}

static noinline void visp_model_pack(const struct visp_model_config *cfg,
				     const struct visp_model_buffers *buf,
				     struct visp_model_ws *ws, unsigned int p,
				     u32 oy, const u16 *const *s)
{
	const struct visp_model_path *path = &cfg->path[p];
	struct visp_model_path_ws *pw = &ws->path[p];
	const s16 (*m)[3] =
		visp_csc_coeffs[cfg->csc_matrix][cfg->csc_full_range];
	s16 yoff = cfg->csc_full_range ? 0 : 16;
	u32 w = path->out_w;
	u32 wc = visp_model_round_chunk(w);
	u8 *d0 = visp_model_out_row(buf, p, 0, oy);
	u32 c;

	switch (path->format) {
	case VISP_OUT_FMT_RGB24:
	case VISP_OUT_FMT_XRGB32:
#ifdef VISP_MODEL_AVX2
		if (path->format == VISP_OUT_FMT_RGB24 && !ws->gamma_in_rgb8) {
			visp_line_rgb24(d0, s[0], s[1], s[2], w);
			break;
		}
#endif
		visp_model_pack_rgb(ws->rgb8_lut, d0,
				    path->format == VISP_OUT_FMT_RGB24 ? 3 : 4,
				    s, w);
		break;
	case VISP_OUT_FMT_YUYV:
		visp_line_y8(pw->ytmp, s[0], s[1], s[2], m[0], yoff, wc);
		visp_model_copy8(d0, pw->ytmp, w, 2);
		/* A pair averaged with itself: (2a + 2b + 2) >> 2 */
		visp_line_chroma(pw->ctmp, s[0], s[1], s[2], s[0], s[1], s[2],
				 m, wc);
		visp_model_copy8(d0 + 1, pw->ctmp, w, 2);
		break;
	case VISP_OUT_FMT_NV16:
		visp_model_y8_out(d0, pw->ytmp, s, m[0], yoff, w);
		visp_model_chroma_out(visp_model_out_row(buf, p, 1, oy),
				      pw->ctmp, s, s, m, w);
		break;
	case VISP_OUT_FMT_NV12:
		/* a line before the band, for the chroma of the next one */
		if (oy >= pw->first_oy)
			visp_model_y8_out(d0, pw->ytmp, s, m[0], yoff, w);
		if (oy & 1) {
			visp_model_chroma_out(visp_model_out_row(buf, p, 1,
								 oy / 2),
					      pw->ctmp,
					      pw->prevp, s,
					      m, w);
			break;
		}
		/*
		 * An unscaled line stays in the RGB ring until the next
		 * output line, which uses the same or the next input line.
		 */
		for (c = 0; c < 3; c++) {
			pw->prevp[c] = s[c];
			if (!pw->h_identity || !pw->v_identity) {
				visp_line_copy(pw->prev[c], s[c], wc);
				pw->prevp[c] = pw->prev[c];
			}
		}
		break;
	default:	/* GREY */
		visp_model_y8_out(d0, pw->ytmp, s, m[0], yoff, w);
		break;
	}
}

/*
 * Horizontal scaler: d = (v[i] * (256 - f) + v[i + 1] * f + 128) >> 8 for
 * each colour, @idx holding i and @frac holding f of each output column.
 * With f = 0 the result is v[i]; v[i + 1] is then read but not used.
 */
static noinline void visp_line_hscale(u16 *const *d, const u16 *const *v,
				      const u16 *restrict idx,
				      const u16 *restrict frac, u32 n)
{
	const u16 *restrict v0 = v[0], *restrict v1 = v[1];
	const u16 *restrict v2 = v[2];
	u16 *restrict d0 = d[0], *restrict d1 = d[1], *restrict d2 = d[2];
	u32 x;

	for (x = 0; x < n; x++) {
		u32 i = idx[x], f = frac[x], g = 256 - f;

		d0[x] = (v0[i] * g + v0[i + 1] * f + 128) >> 8;
		d1[x] = (v1[i] * g + v1[i + 1] * f + 128) >> 8;
		d2[x] = (v2[i] * g + v2[i + 1] * f + 128) >> 8;
	}
}

/*
 * Horizontal scaler with a step of exactly 2 and no clamped column: every
 * output column has the weight @f and the source columns 2x and 2x + 1 of
 * @s, which points at the first one. The first @n & ~15 columns are
 * computed in chunks, the rest one by one.
 */
static noinline void visp_line_hscale2(u16 *restrict d, const u16 *restrict s,
				       u32 f, u32 n)
{
	s16 f32 = f << 5;
	u32 x = 0;
	int j;

	/* a midpoint, as the driver's 2:1 phase gives: (a + b + 1) >> 1 */
	for (; f == 128 && x + VISP_CHUNK <= n; x += VISP_CHUNK) {
		const u16 *ps = s + 2 * x;
		u16 *pd = d + x;

		for (j = 0; j < VISP_CHUNK; j++)
			pd[j] = (ps[2 * j] + ps[2 * j + 1] + 1) >> 1;
	}
	for (; x + VISP_CHUNK <= n; x += VISP_CHUNK) {
		const u16 *ps = s + 2 * x;
		u16 *pd = d + x;

		for (j = 0; j < VISP_CHUNK; j++)
			pd[j] = ps[2 * j] +
				visp_mulr_s16((s16)((ps[2 * j + 1] - ps[2 * j]) *
						    8), f32);
	}
	for (; x < n; x++)
		d[x] = (s[2 * x] * (256 - f) + s[2 * x + 1] * f + 128) >> 8;
}

/*
 * Both scalers at 2:1 with midpoint weights, as the driver's half-size
 * phases give: visp_line_lerp() of lines @a and @b, then
 * visp_line_hscale2(), in one pass. @a and @b point at the first source
 * column.
 */
static noinline void visp_line_half2(u16 *restrict d, const u16 *restrict a,
				     const u16 *restrict b, u32 n)
{
	u16 t[2 * VISP_CHUNK];
	u32 x = 0;
	int j;

	for (; x + VISP_CHUNK <= n; x += VISP_CHUNK) {
		const u16 *pa = a + 2 * x, *pb = b + 2 * x;
		u16 *pd = d + x;

		for (j = 0; j < 2 * VISP_CHUNK; j++)
			t[j] = (pa[j] + pb[j] + 1) >> 1;
		for (j = 0; j < VISP_CHUNK; j++)
			pd[j] = (t[2 * j] + t[2 * j + 1] + 1) >> 1;
	}
	for (; x < n; x++) {
		u16 v0 = (a[2 * x] + b[2 * x] + 1) >> 1;
		u16 v1 = (a[2 * x + 1] + b[2 * x + 1] + 1) >> 1;

		d[x] = (v0 + v1 + 1) >> 1;
	}
}

/* The horizontal scaler and the RGB24 or XRGB32 formatter, @bpp bytes */
static noinline void visp_line_hscale_rgb(u8 *restrict d, u32 bpp,
					  const u8 *restrict lut,
					  const u16 *const *v,
					  const u16 *restrict idx,
					  const u16 *restrict frac, u32 n)
{
	const u16 *restrict v0 = v[0], *restrict v1 = v[1];
	const u16 *restrict v2 = v[2];
	u32 o = bpp - 3, x;

	for (x = 0; x < n; x++, d += bpp) {
		u32 i = idx[x], f = frac[x], g = 256 - f;

		if (o)
			d[0] = 0xff;
		d[o] = lut[(v0[i] * g + v0[i + 1] * f + 128) >> 8];
		d[o + 1] = lut[(v1[i] * g + v1[i + 1] * f + 128) >> 8];
		d[o + 2] = lut[(v2[i] * g + v2[i + 1] * f + 128) >> 8];
	}
}

/* Source position of output pixel @o: index and 8-bit weight. */
static void visp_model_scale_pos(s32 phase, u32 step, u32 o, u32 size,
				 u32 *idx, u32 *frac)
{
	s64 pos = (s64)phase + (s64)o * step;

	if (pos < 0) {
		*idx = 0;
		*frac = 0;
		return;
	}
	*idx = pos >> 16;
	*frac = (pos >> 8) & 0xff;
	if (*idx >= size - 1) {
		*idx = size - 1;
		*frac = 0;
	}
}

/*
 * The first output line of a path in the band: the first whose last source
 * line is in the band. For NV12, whose odd lines take their chroma from
 * the line before, the band starts one line earlier when that line is odd.
 * Moves @ws->ystart back to the first source line of the band's first
 * output line.
 */
static void visp_model_path_band(const struct visp_model_path *path,
				 struct visp_model_ws *ws,
				 struct visp_model_path_ws *pw)
{
	u32 oy, r0, fy;

	for (oy = 0; oy < path->out_h; oy++) {
		visp_model_scale_pos(path->vphase, path->vstep, oy,
				     path->crop_h, &r0, &fy);
		if (path->crop_y + r0 + (fy ? 1 : 0) >= ws->y0)
			break;
	}
	pw->first_oy = oy;
	if (path->format == VISP_OUT_FMT_NV12 && (oy & 1))
		oy--;
	pw->next_oy = oy;
	if (oy < path->out_h) {
		visp_model_scale_pos(path->vphase, path->vstep, oy,
				     path->crop_h, &r0, &fy);
		ws->ystart = visp_min_u32(ws->ystart, path->crop_y + r0);
	}
}

static void visp_model_path_init(const struct visp_model_config *cfg,
				 struct visp_model_ws *ws, unsigned int p)
{
	const struct visp_model_path *path = &cfg->path[p];
	struct visp_model_path_ws *pw = &ws->path[p];
	u32 x, idx, frac;

	visp_model_path_band(path, ws, pw);
	pw->h_identity = path->hstep == VISP_ONE_16 && path->hphase == 0 &&
			 path->out_w <= path->crop_w;
	pw->v_identity = path->vstep == VISP_ONE_16 && path->vphase == 0;
	/* the source column of the last output column is not clamped */
	pw->h_step2 = path->hstep == 2 * VISP_ONE_16 && path->hphase >= 0 &&
		      (path->hphase >> 16) + 2 * (path->out_w - 1) + 1 <
		      path->crop_w;
	for (x = 0; x < path->out_w; x++) {
		visp_model_scale_pos(path->hphase, path->hstep, x,
				     path->crop_w, &idx, &frac);
		pw->hidx[x] = idx;
		pw->hfrac[x] = frac;
	}
}

static noinline void visp_path_rows(const struct visp_model_config *cfg,
				    const struct visp_model_buffers *buf,
				    struct visp_model_ws *ws, unsigned int p,
				    u32 y)
{
	const struct visp_model_path *path = &cfg->path[p];
	struct visp_model_path_ws *pw = &ws->path[p];
	u32 cw = visp_model_round_chunk(path->crop_w);
	u32 r0, fy, c;

	while (pw->next_oy < path->out_h) {
		const u16 *v[3], *s[3];

		visp_model_scale_pos(path->vphase, path->vstep, pw->next_oy,
				     path->crop_h, &r0, &fy);
		if (path->crop_y + r0 + (fy ? 1 : 0) > y)
			break;

		if (fy == 128 && pw->h_step2 && pw->hfrac[0] == 128) {
			u16 *const *ra = ws->rgb[(path->crop_y + r0) & 1];
			u16 *const *rb = ws->rgb[(path->crop_y + r0 + 1) & 1];
			u32 o = path->crop_x + pw->hidx[0];

			for (c = 0; c < 3; c++) {
				visp_line_half2(pw->srow[c], ra[c] + o,
						rb[c] + o, path->out_w);
				s[c] = pw->srow[c];
			}
			visp_model_pack(cfg, buf, ws, p, pw->next_oy, s);
			pw->next_oy++;
			continue;
		}

		for (c = 0; c < 3; c++) {
			const u16 *a = ws->rgb[(path->crop_y + r0) & 1][c] +
				       path->crop_x;
			const u16 *b = ws->rgb[(path->crop_y + r0 + 1) & 1][c] +
				       path->crop_x;

			if (!fy) {
				v[c] = a;
				continue;
			}
			visp_line_lerp(pw->vrow[c], a, b, fy, cw);
			v[c] = pw->vrow[c];
		}

		if (pw->h_identity) {
			for (c = 0; c < 3; c++)
				s[c] = v[c];
		} else if (pw->h_step2) {
			for (c = 0; c < 3; c++) {
				visp_line_hscale2(pw->srow[c],
						  v[c] + pw->hidx[0],
						  pw->hfrac[0], path->out_w);
				s[c] = pw->srow[c];
			}
		} else if (path->format == VISP_OUT_FMT_RGB24 ||
			   path->format == VISP_OUT_FMT_XRGB32) {
			visp_line_hscale_rgb(visp_model_out_row(buf, p, 0,
								pw->next_oy),
					     path->format == VISP_OUT_FMT_RGB24 ?
					     3 : 4, ws->rgb8_lut, v, pw->hidx,
					     pw->hfrac, path->out_w);
			pw->next_oy++;
			continue;
		} else {
			visp_line_hscale(pw->srow, v, pw->hidx, pw->hfrac,
					 path->out_w);
			for (c = 0; c < 3; c++)
				s[c] = pw->srow[c];
		}

		visp_model_pack(cfg, buf, ws, p, pw->next_oy, s);
		pw->next_oy++;
	}
}

/* ------------------------------------------------------------------------
 * Frame
 */

static bool visp_model_plane_ok(const struct visp_model_plane *pl,
				u32 line_bytes, u32 lines)
{
	if (!lines)
		return true;
	return pl->data && pl->stride >= line_bytes &&
	       (u64)pl->stride * (lines - 1) + line_bytes <= pl->size;
}

static bool visp_model_buffers_ok(const struct visp_model_config *cfg,
				  const struct visp_model_buffers *buf)
{
	u32 in_bytes = visp_model_in_line_bytes(cfg->in_type, cfg->in_width);
	struct visp_model_plane in = {
		.data = (u8 *)buf->in,
		.stride = buf->in_stride,
		.size = buf->in_size,
	};
	unsigned int p, n;

	if (!visp_model_plane_ok(&in, in_bytes, cfg->in_height))
		return false;

	for (p = 0; p < VISP_PATH_COUNT; p++) {
		const struct visp_model_path *path = &cfg->path[p];

		if (!path->enable)
			continue;
		for (n = 0; n < visp_model_out_planes(path->format); n++) {
			u32 lb = visp_model_out_line_bytes(path->format,
							   path->out_w, n);
			u32 lines = visp_model_out_lines(path->format,
							 path->out_h, n);

			if (!visp_model_plane_ok(&buf->out[p][n], lb, lines))
				return false;
		}
	}

	return !cfg->stats_en || buf->stats;
}

/*
 * When the gamma output only goes through the 12 to 8-bit conversion of
 * RGB formatters, unscaled, the gamma curve is folded into the conversion
 * table: one look-up per sample instead of two.
 */
static bool visp_model_gamma_in_rgb8(const struct visp_model_config *cfg,
				     const struct visp_model_ws *ws)
{
	unsigned int p;

	if (!cfg->gamma_en || (ws->stats && cfg->ae_en && cfg->ae_post_gamma))
		return false;

	for (p = 0; p < VISP_PATH_COUNT; p++) {
		const struct visp_model_path *path = &cfg->path[p];

		if (!path->enable || path->format == VISP_OUT_FMT_RAW16)
			continue;
		if ((path->format != VISP_OUT_FMT_RGB24 &&
		     path->format != VISP_OUT_FMT_XRGB32) ||
		    path->hstep != VISP_ONE_16 || path->hphase ||
		    path->out_w > path->crop_w ||
		    path->vstep != VISP_ONE_16 || path->vphase)
			return false;
	}
	return true;
}

/**
 * visp_model_tone_point() - input of a point of the segmented tone curve
 * @i: point, 0 to VISP_TONE_POINTS - 1
 *
 * Return: the 12-bit input at which point @i of struct visp_params_tone
 * lies, 4096 for the last point.
 */
u32 visp_model_tone_point(unsigned int i)
{
	return visp_tone_lut_input(i);
}
EXPORT_SYMBOL_IF_KUNIT(visp_model_tone_point);

/**
 * visp_model_tone_eval() - the segmented tone curve at one input
 * @curve: VISP_TONE_POINTS points, 0 to 4095
 * @x: 12-bit input, 0 to 4095
 *
 * The interpolation the hardware does, see struct visp_params_tone.
 *
 * Return: the 12-bit output.
 */
u32 visp_model_tone_eval(const u16 *curve, u32 x)
{
	u32 s, i, f;

	if (x < 32)
		return curve[x];
	/* Segments of 2^s codes in the octave [2^(s + 4), 2^(s + 5)) */
	for (s = 1; x >> (s + 5); s++)
		;
	i = 16 * (s + 1) + ((x >> s) & 15);
	f = x & ((1U << s) - 1);
	return (curve[i] * ((1U << s) - f) + curve[i + 1] * f +
		(1U << (s - 1))) >> s;
}
EXPORT_SYMBOL_IF_KUNIT(visp_model_tone_eval);

/* The selected curve at input @x, one entry of the expanded table */
static u32 visp_model_tone_at(const struct visp_model_config *cfg, u32 x)
{
	u32 k = x >> 6, f = x & 63;

	if (cfg->tone_seg)
		return visp_model_tone_eval(cfg->tone_lut, x);
	return (cfg->gamma_lut[k] * (64 - f) + cfg->gamma_lut[k + 1] * f +
		32) >> 6;
}

static void visp_model_frame_init(const struct visp_model_config *cfg,
				  struct visp_model_ws *ws, u32 y0, u32 y1)
{
	u64 *lines = (u64 *)((u8 *)ws + ws->lines_off);
	u32 i, x, p;

	/*
	 * Start from zeroed line buffers, as chunks read past the lines, and
	 * zeroed statistics sums.
	 */
	for (i = 0; i < (ws->size - ws->lines_off) / sizeof(u64); i++)
		lines[i] = 0;

	ws->cfa_ch = visp_cfa_layout[cfg->bayer];
	if (!cfg->stats_en)
		ws->stats = NULL;
	ws->y0 = y0;
	ws->y1 = y1;
	ws->ystart = y0;
	ws->awb_rows = 0;
	ws->af_rows = 0;

	for (x = 0; x < VISP_VEC; x++) {
		for (p = 0; p < 2; p++) {
			u8 ch = ws->cfa_ch[p * 2 + (x & 1)];

			ws->bls_pat[p][x] = cfg->bls_en ?
					    cfg->bls_level[ch] : 0;
			ws->wb_pat[p][x] = cfg->wb_gain[ch] << 2;
		}
	}

	if (cfg->dms_mode == VISP_DEMOSAIC_DIRECTIONAL)
		visp_dmsd_init(ws);

	ws->gamma_in_rgb8 = visp_model_gamma_in_rgb8(cfg, ws);
#ifdef VISP_MODEL_AVX2
	ws->gamma_vec = !cfg->tone_seg;
	if (ws->gamma_vec)
		visp_gamma_tables(cfg, ws);
#endif
	for (i = 0; i < VISP_LUT_SIZE; i++) {
		u32 g = visp_model_tone_at(cfg, i);

		ws->gamma_lut[i] = g;
		ws->rgb8_lut[i] = visp_to8(ws->gamma_in_rgb8 ? g : i);
	}

	for (x = 0; x < ws->wc; x++) {
		/* Columns past the line repeat the last one. */
		u32 gx = visp_min_u32(visp_min_u32(x, cfg->in_width - 1) *
				      cfg->lsc_xstep,
				      (VISP_LSC_GRID_CELLS_X << 16) - 1);

		ws->lsc_idx[x] = gx >> 16;
		ws->lsc_frac[x] = ((gx >> 6) & 0x3ff) << 5;
	}

	for (p = 0; p < VISP_PATH_COUNT; p++)
		if (cfg->path[p].enable)
			visp_model_path_init(cfg, ws, p);
}

static u32 visp_model_span(u32 start, u32 size, u32 limit)
{
	if (start >= limit)
		return 0;
	return visp_min_u32(size, limit - start);
}

/*
 * Add the statistics sums of the bands to @st, zeroed, and those of AE to
 * the first band's, which the means are computed from. The sums of a
 * frame do not depend on how its lines were split in bands.
 */
static void visp_model_merge_stats(struct visp_stats_buffer *st,
				   void *const *scratch, unsigned int bands)
{
	struct visp_model_ws *ws0 = scratch[0];
	u8 *s = (u8 *)st;
	unsigned int b, i, k;

	for (i = 0; i < sizeof(*st); i++)
		s[i] = 0;

	for (b = 0; b < bands; b++) {
		const struct visp_model_ws *ws = scratch[b];
		const struct visp_stats_buffer *part = ws->stats;

		for (i = 0; i < VISP_STATS_ZONES_MAX; i++) {
			st->awb[i].sum_r += part->awb[i].sum_r;
			st->awb[i].sum_g += part->awb[i].sum_g;
			st->awb[i].sum_b += part->awb[i].sum_b;
			st->awb[i].count += part->awb[i].count;
			st->af_sharpness[i] += part->af_sharpness[i];
		}
		if (!b)
			continue;
		for (i = 0; i < VISP_STATS_ZONES_MAX; i++)
			ws0->ae_sum[i] += ws->ae_sum[i];
		for (k = 0; k < 4; k++)
			for (i = 0; i < VISP_STATS_HIST_BINS; i++)
				ws0->ae_hist[k][i] += ws->ae_hist[k][i];
	}
}

static void visp_model_frame_stats(const struct visp_model_config *cfg,
				   const struct visp_model_buffers *buf,
				   void *const *scratch, unsigned int bands)
{
	struct visp_stats_buffer *st = buf->stats;
	struct visp_model_ws *ws = scratch[0];
	const struct visp_model_window *win = &cfg->ae_win;
	u32 gx, gy;

	visp_model_merge_stats(st, scratch, bands);
	st->version = VISP_STATS_BUFFER_V1;
	st->size = sizeof(*st);
	st->frame_sequence = buf->frame_sequence;

	if (cfg->awb_en) {
		st->meas_valid |= VISP_STATS_MEAS_AWB;
		st->awb_grid_w = cfg->awb_win.grid_w;
		st->awb_grid_h = cfg->awb_win.grid_h;
	}
	if (cfg->af_en) {
		st->meas_valid |= VISP_STATS_MEAS_AF;
		st->af_grid_w = cfg->af_win.grid_w;
		st->af_grid_h = cfg->af_win.grid_h;
	}
	if (!cfg->ae_en)
		return;

	st->meas_valid |= VISP_STATS_MEAS_AE_HIST | VISP_STATS_MEAS_AE_ZONES;
	for (gx = 0; gx < VISP_STATS_HIST_BINS; gx++)
		st->ae_hist[gx] = ws->ae_hist[0][gx] + ws->ae_hist[1][gx] +
				  ws->ae_hist[2][gx] + ws->ae_hist[3][gx];
	st->ae_grid_w = win->grid_w;
	st->ae_grid_h = win->grid_h;
	for (gy = 0; gy < win->grid_h; gy++) {
		u32 zh = visp_model_span(win->y + gy * win->zone_h,
					 win->zone_h, cfg->in_height);

		for (gx = 0; gx < win->grid_w; gx++) {
			u32 zw = visp_model_span(win->x + gx * win->zone_w,
						 win->zone_w, cfg->in_width);
			u32 n = zw * zh;
			u32 i = gy * win->grid_w + gx;

			st->ae_zone_mean[i] = n ?
				visp_div_u64((ws->ae_sum[i] << 8) + n / 2, n) :
				0;
		}
	}
}

/**
 * visp_model_band_start() - first line of a band
 * @cfg: configuration
 * @band: band index, 0 to @bands
 * @bands: number of bands the frame is split in, at least 1
 *
 * Splits the input lines of a frame in @bands bands of about the same
 * height, each starting on an even line, for visp_model_run_band(). With
 * the directional demosaic, the first band holds every line and the
 * others none.
 *
 * Return: the first input line of band @band, the input height for
 * @band = @bands.
 */
u32 visp_model_band_start(const struct visp_model_config *cfg,
			  unsigned int band, unsigned int bands)
{
	/* The directional demosaic's rings of lines do not split yet. */
	if (cfg->dms_mode == VISP_DEMOSAIC_DIRECTIONAL)
		return band ? cfg->in_height : 0;
	if (band >= bands)
		return cfg->in_height;
	return (u32)((u64)(cfg->in_height / 2) * band / bands) * 2;
}
EXPORT_SYMBOL_IF_KUNIT(visp_model_band_start);

/**
 * visp_model_run_band() - process the lines of one band of a frame
 * @cfg: active configuration
 * @buf: input, output and statistics memory
 * @scratch: working memory of the band, 8-byte aligned
 * @scratch_size: size of @scratch, at least visp_model_scratch_size(@cfg)
 * @y0: first input line of the band, even
 * @y1: input line after the band, even, at most the input height; @y0
 *	for an empty band, which only zeroes its statistics sums
 *
 * Writes the output lines whose last source line is in @y0 .. @y1 - 1,
 * and the raw lines of that range, reading the input lines around the
 * band that the filters and the scalers need, and leaves the band's
 * statistics sums in @scratch for visp_model_finish(). The bands of a
 * frame, each with a scratch buffer of its own, may run concurrently:
 * they write different lines and read @buf->in only. The result does not
 * depend on the split.
 *
 * Context: may sleep: in the kernel, the model yields the CPU between
 * lines.
 *
 * Return: as visp_model_run(); VISP_MODEL_ERR_CONFIG too when the band
 * is not a valid range of lines.
 */
int visp_model_run_band(const struct visp_model_config *cfg,
			const struct visp_model_buffers *buf,
			void *scratch, size_t scratch_size, u32 y0, u32 y1)
{
	struct visp_model_ws *ws = scratch;
	u32 h = cfg->in_height;
	/* lines the demosaic looks ahead, and back */
	u32 ahead = cfg->dms_mode == VISP_DEMOSAIC_DIRECTIONAL ? 7 : 1;
	u32 s1, s2, y, p;

	if (visp_model_check(cfg) || y0 > y1 || y1 > h || ((y0 | y1) & 1))
		return VISP_MODEL_ERR_CONFIG;
	if (!visp_model_buffers_ok(cfg, buf))
		return VISP_MODEL_ERR_BUFFER;
	if (!scratch || scratch_size < visp_model_scratch_size(cfg))
		return VISP_MODEL_ERR_SCRATCH;

	visp_model_layout(cfg, scratch);
	visp_model_frame_init(cfg, ws, y0, y1);

	/*
	 * The colour stages start at ystart, the filters before them at the
	 * lines their windows reach back to.
	 */
	s2 = ws->ystart > ahead ? ws->ystart - ahead : 0;
	s1 = s2 > 2 ? s2 - 2 : 0;
	for (y = ws->ystart; y < y1; y++) {
		while (s2 <= y + ahead && s2 < h) {
			while (s1 <= s2 + 2 && s1 < h)
				visp_stage_input(cfg, buf, ws, s1++);
			visp_stage_cfa(cfg, ws, s2++);
		}
		visp_stage_rgb(cfg, ws, y);

		for (p = 0; p < VISP_PATH_COUNT; p++)
			if (cfg->path[p].enable &&
			    cfg->path[p].format != VISP_OUT_FMT_RAW16)
				visp_path_rows(cfg, buf, ws, p, y);
		visp_model_yield();
	}

	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(visp_model_run_band);

/**
 * visp_model_finish() - end a frame processed in bands
 * @cfg: active configuration
 * @buf: input, output and statistics memory
 * @scratch: the scratch buffers of the bands, in any order
 * @bands: number of bands
 *
 * Writes the statistics of the frame, when &visp_model_config.stats_en is
 * set, from the sums visp_model_run_band() left in the scratch buffers,
 * after every band of the frame succeeded. Modifies the scratch buffers.
 */
void visp_model_finish(const struct visp_model_config *cfg,
		       const struct visp_model_buffers *buf,
		       void *const *scratch, unsigned int bands)
{
	if (cfg->stats_en && bands)
		visp_model_frame_stats(cfg, buf, scratch, bands);
}
EXPORT_SYMBOL_IF_KUNIT(visp_model_finish);

/**
 * visp_model_run() - process one frame
 * @cfg: active configuration
 * @buf: input, output and statistics memory
 * @scratch: working memory, 8-byte aligned
 * @scratch_size: size of @scratch, at least visp_model_scratch_size(@cfg)
 *
 * Processes the frame in @buf->in and writes the enabled output paths and,
 * if &visp_model_config.stats_en is set, the statistics, exactly as the
 * hardware does. Memory outside the lines and pixels the hardware writes
 * (stride padding, for instance) is left untouched. The same as one band
 * of visp_model_run_band() and visp_model_finish().
 *
 * Context: may sleep, as visp_model_run_band().
 *
 * Return: 0 on success, VISP_MODEL_ERR_CONFIG when visp_model_check()
 * fails, VISP_MODEL_ERR_BUFFER when a buffer is missing or too small for
 * the configuration, VISP_MODEL_ERR_SCRATCH when @scratch is too small. On
 * error nothing is written.
 */
int visp_model_run(const struct visp_model_config *cfg,
		   const struct visp_model_buffers *buf,
		   void *scratch, size_t scratch_size)
{
	int ret;

	ret = visp_model_run_band(cfg, buf, scratch, scratch_size, 0,
				  cfg->in_height);
	if (!ret)
		visp_model_finish(cfg, buf, &scratch, 1);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(visp_model_run);
