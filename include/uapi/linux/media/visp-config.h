/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * VISP ISP userspace API: parameters and statistics buffer formats
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef _UAPI_LINUX_MEDIA_VISP_CONFIG_H
#define _UAPI_LINUX_MEDIA_VISP_CONFIG_H

#include <linux/types.h>

/*
 * Out of tree: the meta formats of the parameters and statistics video
 * nodes and the base of the driver's controls, which <linux/videodev2.h>
 * and <linux/v4l2-controls.h> define in a kernel that includes this
 * driver. The formats are spelled out rather than built with v4l2_fourcc()
 * so that this header only depends on <linux/types.h>.
 */
#ifndef V4L2_META_FMT_VISP_PARAMS
/* 'V' 'I' 'S' 'P': VISP ISP parameters, see struct visp_params_buffer */
#define V4L2_META_FMT_VISP_PARAMS	((__u32)'V' | ((__u32)'I' << 8) | \
					 ((__u32)'S' << 16) | ((__u32)'P' << 24))
#endif
#ifndef V4L2_META_FMT_VISP_STATS
/* 'V' 'I' 'S' 'S': VISP ISP statistics, see struct visp_stats_buffer */
#define V4L2_META_FMT_VISP_STATS	((__u32)'V' | ((__u32)'I' << 8) | \
					 ((__u32)'S' << 16) | ((__u32)'S' << 24))
#endif
#ifndef V4L2_CID_USER_VISP_BASE
/* V4L2_CID_USER_BASE + 0x1f00, clear of the ranges upstream drivers took */
#define V4L2_CID_USER_VISP_BASE			(0x00980900 + 0x1f00)
#endif

/*
 * V4L2_CID_VISP_SUPPORTED_PARAMS_BLOCKS - read-only bitmask control
 *
 * Bit N is set when the driver accepts parameters blocks of type N (see
 * enum visp_params_block_type). The control is of type
 * V4L2_CTRL_TYPE_BITMASK and is exposed on the ISP subdevice and on the
 * parameters video node.
 */
#define V4L2_CID_VISP_SUPPORTED_PARAMS_BLOCKS	(V4L2_CID_USER_VISP_BASE + 0)

/* Processing limits, in pixels. */
#define VISP_MIN_WIDTH			32
#define VISP_MAX_WIDTH			4096
#define VISP_MIN_HEIGHT			16
#define VISP_MAX_HEIGHT			3072
#define VISP_SELF_MAX_WIDTH		2048
#define VISP_SELF_MAX_HEIGHT		2048

/* Internal Bayer/RGB working depth: 12 bits, values 0 .. 4095. */
#define VISP_PIXEL_MAX			4095

/* ------------------------------------------------------------------------
 * Parameters
 */

/**
 * enum visp_params_buffer_version - parameters buffer layout version
 *
 * @VISP_PARAMS_BUFFER_V0: the first version, as VISP_PARAMS_BUFFER_V1. The
 *	generic V4L2 ISP parameters helpers of Linux 6.19 accept both 0 and 1
 *	(V4L2_ISP_PARAMS_VERSION_V0 and V4L2_ISP_PARAMS_VERSION_V1) as the
 *	first version, as drivers used either; so does this driver. New code
 *	should set VISP_PARAMS_BUFFER_V1.
 * @VISP_PARAMS_BUFFER_V1: the first version. The layout of the buffer
 *	header and of the block headers is identical to the generic V4L2 ISP
 *	parameters buffer (struct v4l2_isp_params_buffer) introduced in
 *	Linux 6.19, the blocks are the ones of enum visp_params_block_type.
 *
 * Any other value is rejected. A later version, if any, will take the next
 * number and keep the buffer and block headers.
 */
enum visp_params_buffer_version {
	VISP_PARAMS_BUFFER_V0 = 0,
	VISP_PARAMS_BUFFER_V1 = 1,
};

/**
 * enum visp_params_block_type - parameters block types
 *
 * One block type exists per hardware block. Bit N of the
 * V4L2_CID_VISP_SUPPORTED_PARAMS_BLOCKS control is set when type N is
 * supported.
 *
 * @VISP_PARAMS_BLOCK_BLS: black level subtraction, struct visp_params_bls
 * @VISP_PARAMS_BLOCK_DPC: defective pixel correction, struct visp_params_dpc
 * @VISP_PARAMS_BLOCK_LSC: lens shading correction, struct visp_params_lsc
 * @VISP_PARAMS_BLOCK_AWB_GAINS: white balance gains,
 *	struct visp_params_awb_gains
 * @VISP_PARAMS_BLOCK_DEMOSAIC: demosaicing, struct visp_params_demosaic
 * @VISP_PARAMS_BLOCK_CCM: colour correction matrix, struct visp_params_ccm
 * @VISP_PARAMS_BLOCK_GAMMA: gamma/tone curve, struct visp_params_gamma
 * @VISP_PARAMS_BLOCK_CSC: RGB to YUV conversion, struct visp_params_csc
 * @VISP_PARAMS_BLOCK_AWB_STATS: AWB statistics, struct visp_params_awb_stats
 * @VISP_PARAMS_BLOCK_AE_STATS: AE statistics, struct visp_params_ae_stats
 * @VISP_PARAMS_BLOCK_AF_STATS: AF statistics, struct visp_params_af_stats
 * @VISP_PARAMS_BLOCK_TONE: segmented tone curve, struct visp_params_tone;
 *	programs the same tone stage as VISP_PARAMS_BLOCK_GAMMA with a curve
 *	that is fine near black (added after the first release: check bit
 *	VISP_PARAMS_BLOCK_TONE of V4L2_CID_VISP_SUPPORTED_PARAMS_BLOCKS)
 * @VISP_PARAMS_BLOCK_TYPE_COUNT: number of block types, not a valid type
 */
enum visp_params_block_type {
	VISP_PARAMS_BLOCK_BLS,
	VISP_PARAMS_BLOCK_DPC,
	VISP_PARAMS_BLOCK_LSC,
	VISP_PARAMS_BLOCK_AWB_GAINS,
	VISP_PARAMS_BLOCK_DEMOSAIC,
	VISP_PARAMS_BLOCK_CCM,
	VISP_PARAMS_BLOCK_GAMMA,
	VISP_PARAMS_BLOCK_CSC,
	VISP_PARAMS_BLOCK_AWB_STATS,
	VISP_PARAMS_BLOCK_AE_STATS,
	VISP_PARAMS_BLOCK_AF_STATS,
	VISP_PARAMS_BLOCK_TONE,
	VISP_PARAMS_BLOCK_TYPE_COUNT,
};

/*
 * Block flags. Bits 0 and 1 have the meaning of the generic
 * V4L2_ISP_PARAMS_FL_BLOCK_DISABLE and V4L2_ISP_PARAMS_FL_BLOCK_ENABLE flags.
 * Bits 2 to 7 are reserved for future generic flags and bits 8 to 15 for
 * VISP specific flags; none is defined and all must be zero.
 */
#define VISP_PARAMS_FL_BLOCK_DISABLE	(1U << 0)
#define VISP_PARAMS_FL_BLOCK_ENABLE	(1U << 1)
#define VISP_PARAMS_FL_DRIVER_SHIFT	8

/**
 * struct visp_params_block_header - parameters block header
 *
 * Every parameters block starts with this header. Blocks are laid out back
 * to back in &visp_params_buffer.data, each one starting at an offset that
 * is a multiple of 8 bytes from the start of the data.
 *
 * The @flags select what the block does:
 *
 * - Neither VISP_PARAMS_FL_BLOCK_ENABLE nor VISP_PARAMS_FL_BLOCK_DISABLE:
 *   the configuration is updated, the enable state of the block is left
 *   as it is.
 * - VISP_PARAMS_FL_BLOCK_ENABLE: the configuration is updated and the block
 *   is enabled.
 * - VISP_PARAMS_FL_BLOCK_DISABLE: the block is disabled (bypassed), its
 *   payload is ignored and may be omitted (@size may be the size of this
 *   header alone). Blocks that cannot be bypassed (demosaic, CSC) reject
 *   this flag.
 *
 * The kernel rejects, with -EINVAL, a block whose @type is not a supported
 * enum visp_params_block_type, whose @flags has both ENABLE and DISABLE set
 * or has any other bit set, or whose @size is neither the size of the block
 * structure for @type nor, with DISABLE, the size of this header.
 *
 * @type: block type, one of enum visp_params_block_type
 * @flags: VISP_PARAMS_FL_BLOCK_ENABLE or VISP_PARAMS_FL_BLOCK_DISABLE or 0
 * @size: size of the block in bytes, this header included; always a
 *	multiple of 8
 */
struct visp_params_block_header {
	__u16 type;
	__u16 flags;
	__u32 size;
} __attribute__((aligned(8)));

/**
 * enum visp_cfa_channel - colour channel index of Bayer domain arrays
 *
 * Arrays indexed per colour channel (black levels, gains, shading tables)
 * are ordered by colour, not by position in the 2x2 CFA pattern. Gr is the
 * green sample that shares its row with the red samples, Gb the green
 * sample that shares its row with the blue samples.
 *
 * @VISP_CFA_R: red
 * @VISP_CFA_GR: green on red rows
 * @VISP_CFA_GB: green on blue rows
 * @VISP_CFA_B: blue
 * @VISP_CFA_CHANNELS: number of channels
 */
enum visp_cfa_channel {
	VISP_CFA_R,
	VISP_CFA_GR,
	VISP_CFA_GB,
	VISP_CFA_B,
	VISP_CFA_CHANNELS,
};

/**
 * struct visp_params_bls - black level subtraction
 *
 * Each sample, at the 12-bit working depth, is replaced by
 * max(sample - level, 0), level being the @level entry of the sample's
 * colour channel. No rescaling is done: software folds the
 * 4095 / (4095 - level) white point correction into the white balance gains.
 * Disabled: all levels are 0. Reset default: disabled, all levels 0.
 *
 * @header: block header, type VISP_PARAMS_BLOCK_BLS
 * @level: black level per enum visp_cfa_channel, 12-bit units, 0 to 4095;
 *	the kernel rejects larger values
 */
struct visp_params_bls {
	struct visp_params_block_header header;
	__u16 level[VISP_CFA_CHANNELS];
} __attribute__((aligned(8)));

/**
 * struct visp_params_dpc - defective pixel correction
 *
 * For each sample P, min and max are taken over its eight same-colour
 * neighbours (distance 2 horizontally, vertically and diagonally, mirrored
 * at the frame borders). If P > max + @threshold the sample is replaced by
 * max; if P + @threshold < min it is replaced by min; otherwise it is kept.
 * Reset default: disabled, threshold 256.
 *
 * @header: block header, type VISP_PARAMS_BLOCK_DPC
 * @threshold: detection threshold, 12-bit units, 0 to 4095; the kernel
 *	rejects larger values
 * @reserved: must be zero, the kernel rejects other values
 */
struct visp_params_dpc {
	struct visp_params_block_header header;
	__u16 threshold;
	__u16 reserved[3];
} __attribute__((aligned(8)));

/* Lens shading grid: 16 x 12 cells, 17 x 13 nodes, spread over the frame. */
#define VISP_LSC_GRID_CELLS_X		16
#define VISP_LSC_GRID_CELLS_Y		12
#define VISP_LSC_GRID_NODES_X		(VISP_LSC_GRID_CELLS_X + 1)
#define VISP_LSC_GRID_NODES_Y		(VISP_LSC_GRID_CELLS_Y + 1)
#define VISP_LSC_GRID_NODES		(VISP_LSC_GRID_NODES_X * \
					 VISP_LSC_GRID_NODES_Y)

/* Gains: unsigned 4.10 fixed point, 1024 is 1.0, maximum 16383 (~16.0). */
#define VISP_GAIN_UNITY			1024
#define VISP_GAIN_MAX			16383

/**
 * struct visp_params_lsc - lens shading correction
 *
 * A grid of 17 x 13 gain nodes per colour channel covers the whole input
 * frame, node (0, 0) at the top-left pixel and node (16, 12) just beyond
 * the bottom-right pixel. The gain of a sample is interpolated bilinearly,
 * vertically first, with 10-bit weights, then applied as
 * min((sample * gain + 512) >> 10, 4095). The exact arithmetic is given in
 * the hardware reference. Reset default: disabled, all gains 1024.
 *
 * @header: block header, type VISP_PARAMS_BLOCK_LSC
 * @gain: gains per enum visp_cfa_channel, node (i, j) at index j * 17 + i;
 *	unsigned 4.10 fixed point (1024 = 1.0), 0 to 16383; the kernel rejects
 *	larger values
 */
struct visp_params_lsc {
	struct visp_params_block_header header;
	__u16 gain[VISP_CFA_CHANNELS][VISP_LSC_GRID_NODES];
} __attribute__((aligned(8)));

/**
 * struct visp_params_awb_gains - white balance gains
 *
 * Each sample becomes min((sample * gain[channel] + 512) >> 10, 4095).
 * Reset default: disabled (all gains 1024).
 *
 * @header: block header, type VISP_PARAMS_BLOCK_AWB_GAINS
 * @gain: gain per enum visp_cfa_channel, unsigned 4.10 fixed point
 *	(1024 = 1.0), 0 to 16383; the kernel rejects larger values
 */
struct visp_params_awb_gains {
	struct visp_params_block_header header;
	__u16 gain[VISP_CFA_CHANNELS];
} __attribute__((aligned(8)));

/**
 * enum visp_demosaic_mode - demosaicing algorithm
 *
 * @VISP_DEMOSAIC_BILINEAR: bilinear interpolation of the missing colours
 * @VISP_DEMOSAIC_EDGE_AWARE: green is interpolated along the direction of
 *	the smaller gradient at red and blue sites, red and blue bilinearly
 * @VISP_DEMOSAIC_DIRECTIONAL: in a square-root domain, green is
 *	interpolated horizontally and vertically through colour differences
 *	smoothed along each direction and the two are blended by their
 *	gradients, then smoothed along a diagonal where the image runs
 *	diagonally; red and blue are interpolated through their differences
 *	with green, along a diagonal or the direction of the smaller
 *	gradient, which a median filter then cleans of false colours; a
 *	15x15 window
 */
enum visp_demosaic_mode {
	VISP_DEMOSAIC_BILINEAR,
	VISP_DEMOSAIC_EDGE_AWARE,
	VISP_DEMOSAIC_DIRECTIONAL,
};

/**
 * struct visp_params_demosaic - demosaicing
 *
 * The demosaic block cannot be bypassed: the kernel rejects the
 * VISP_PARAMS_FL_BLOCK_DISABLE flag. Reset default: bilinear.
 *
 * @header: block header, type VISP_PARAMS_BLOCK_DEMOSAIC
 * @mode: one of enum visp_demosaic_mode; the kernel rejects other values
 * @reserved: must be zero, the kernel rejects other values
 */
struct visp_params_demosaic {
	struct visp_params_block_header header;
	__u8 mode;
	__u8 reserved[7];
} __attribute__((aligned(8)));

/* Colour matrix coefficients: signed 4.10 fixed point, 1024 is 1.0. */
#define VISP_CCM_COEFF_MIN		(-8192)
#define VISP_CCM_COEFF_MAX		8191
#define VISP_CCM_OFFSET_MIN		(-4096)
#define VISP_CCM_OFFSET_MAX		4095

/**
 * struct visp_params_ccm - colour correction matrix
 *
 * For each output channel i (0 = R, 1 = G, 2 = B), with 12-bit inputs R, G
 * and B: out[i] = clamp(((coeff[i][0] * R + coeff[i][1] * G +
 * coeff[i][2] * B + 512) >> 10) + offset[i], 0, 4095), where >> is an
 * arithmetic (flooring) shift. Disabled: identity matrix, zero offsets.
 * Reset default: disabled, identity matrix, zero offsets.
 *
 * @header: block header, type VISP_PARAMS_BLOCK_CCM
 * @coeff: matrix, row-major, signed 4.10 fixed point (1024 = 1.0), -8192 to
 *	8191; the kernel rejects values outside that range
 * @offset: offset added after the matrix, 12-bit units, -4096 to 4095; the
 *	kernel rejects values outside that range
 * @reserved: must be zero, the kernel rejects other values
 */
struct visp_params_ccm {
	struct visp_params_block_header header;
	__s16 coeff[3][3];
	__s16 offset[3];
	__u16 reserved[4];
} __attribute__((aligned(8)));

/* Gamma curve: 65 points, one every 64 input codes. */
#define VISP_GAMMA_POINTS		65

/**
 * struct visp_params_gamma - gamma / tone curve, uniform points
 *
 * A piecewise linear curve applied identically to R, G and B. For a 12-bit
 * input x, with i = x >> 6 and f = x & 63: out = (curve[i] * (64 - f) +
 * curve[i + 1] * f + 32) >> 6. Disabled: out = x. Reset default: disabled,
 * curve[i] = min(i * 64, 4095).
 *
 * Its points are too far apart for the steep start of the usual transfer
 * functions (sRGB, BT.709): struct visp_params_tone programs the same tone
 * stage with a curve that is fine near black and should be preferred. The
 * two blocks share the enable state of the tone stage; the curve used is
 * the one of the last GAMMA or TONE block applied (the stage keeps both
 * curves and a selector, see struct visp_params_tone). A GAMMA block with
 * the VISP_PARAMS_FL_BLOCK_DISABLE flag disables the stage whichever curve
 * is selected and selects nothing.
 *
 * @header: block header, type VISP_PARAMS_BLOCK_GAMMA
 * @curve: output value at input i * 64, 12-bit units, 0 to 4095; the
 *	kernel rejects larger values. The curve need not be monotonic.
 * @reserved: must be zero, the kernel rejects other values
 */
struct visp_params_gamma {
	struct visp_params_block_header header;
	__u16 curve[VISP_GAMMA_POINTS];
	__u16 reserved[3];
} __attribute__((aligned(8)));

/*
 * Segmented tone curve: 145 points. Points 0 to 31 are at inputs 0 to 31;
 * from there each octave [2^e, 2^(e + 1)) of the input, e = 5 to 11, holds
 * 16 points 2^(e - 4) apart. Point 144 is at input 4096.
 */
#define VISP_TONE_POINTS		145

/**
 * struct visp_params_tone - tone curve with segments fine near black
 *
 * A piecewise linear curve applied identically to R, G and B, as the
 * GAMMA block's, whose segments are narrow at the dark end: one input code
 * wide below 32, then 16 segments per octave, 2, 4, 8, 16, 32, 64 and 128
 * codes wide in the octaves starting at 32, 64, 128, 256, 512, 1024 and
 * 2048. Point i is at input p(i) = i for i < 32, otherwise
 * p(i) = (16 + (i & 15)) << ((i >> 4) - 1); p(144) = 4096.
 *
 * For a 12-bit input x: if x < 32, out = curve[x]. Otherwise, with
 * e = the index of the highest set bit of x (5 to 11), s = e - 4,
 * i = 16 * (e - 3) + ((x >> s) & 15) and f = x & ((1 << s) - 1):
 * out = (curve[i] * ((1 << s) - f) + curve[i + 1] * f + (1 << (s - 1))) >> s.
 * Every value is an integer; the sum fits in 19 bits. Sampled at its
 * points, the curve follows the sRGB, BT.709 and usual log curves within
 * 1 code of the exact curve at 12 bits, where the 65 points of struct
 * visp_params_gamma are up to 81 codes (5 8-bit codes) off near black.
 *
 * The tone stage keeps both curves and a selector: a TONE block selects
 * this curve and a GAMMA block the uniform one, whichever comes last in a
 * buffer, or in the sequence of buffers, wins. The enable state is the
 * stage's: VISP_PARAMS_FL_BLOCK_ENABLE or VISP_PARAMS_FL_BLOCK_DISABLE on
 * either block enables or disables the stage; a TONE block with DISABLE
 * selects nothing. Disabled: out = x. Reset default: disabled, the uniform
 * curve selected, curve[i] = min(p(i), 4095).
 *
 * Migration from VISP_PARAMS_BLOCK_GAMMA: userspace that finds bit
 * VISP_PARAMS_BLOCK_TONE set in V4L2_CID_VISP_SUPPORTED_PARAMS_BLOCKS
 * sends this block instead of the GAMMA block, its curve sampled at p(i);
 * a kernel without the bit rejects the block (unknown type), and
 * userspace then falls back on the GAMMA block. Buffers holding GAMMA
 * blocks only work as before.
 *
 * @header: block header, type VISP_PARAMS_BLOCK_TONE
 * @curve: output value at input p(i), 12-bit units, 0 to 4095; the kernel
 *	rejects larger values. The curve need not be monotonic.
 * @reserved: must be zero, the kernel rejects other values
 */
struct visp_params_tone {
	struct visp_params_block_header header;
	__u16 curve[VISP_TONE_POINTS];
	__u16 reserved[3];
} __attribute__((aligned(8)));

/**
 * enum visp_csc_matrix - RGB to YUV matrix
 *
 * @VISP_CSC_BT601: ITU-R BT.601 (Kr = 0.299, Kb = 0.114)
 * @VISP_CSC_BT709: ITU-R BT.709 (Kr = 0.2126, Kb = 0.0722)
 * @VISP_CSC_BT2020: ITU-R BT.2020 non-constant luminance (Kr = 0.2627,
 *	Kb = 0.0593)
 */
enum visp_csc_matrix {
	VISP_CSC_BT601,
	VISP_CSC_BT709,
	VISP_CSC_BT2020,
};

/**
 * enum visp_csc_range - YUV quantisation range
 *
 * @VISP_CSC_RANGE_LIMITED: Y 16 to 235, Cb/Cr 16 to 240
 * @VISP_CSC_RANGE_FULL: Y, Cb and Cr 0 to 255
 */
enum visp_csc_range {
	VISP_CSC_RANGE_LIMITED,
	VISP_CSC_RANGE_FULL,
};

/**
 * struct visp_params_csc - RGB to YUV conversion
 *
 * The fixed matrix and range used by both output paths when they produce
 * YUV or greyscale. The colorimetry of the YUV capture formats sets them:
 * ycbcr_enc V4L2_YCBCR_ENC_601, _709 or _BT2020 and quantization
 * V4L2_QUANTIZATION_LIM_RANGE or _FULL_RANGE, chosen with
 * V4L2_PIX_FMT_FLAG_SET_CSC (the main path's format when both paths
 * capture YUV, which must then agree). This block repeats that setting:
 * the kernel rejects a buffer whose CSC block contradicts the capture
 * formats when the buffer is queued. The block cannot be bypassed: the
 * kernel rejects the VISP_PARAMS_FL_BLOCK_DISABLE flag.
 * Reset default: the capture formats' setting, BT.601 limited range when
 * no linked capture node produces YUV.
 *
 * @header: block header, type VISP_PARAMS_BLOCK_CSC
 * @matrix: one of enum visp_csc_matrix; the kernel rejects other values
 * @range: one of enum visp_csc_range; the kernel rejects other values
 * @reserved: must be zero, the kernel rejects other values
 */
struct visp_params_csc {
	struct visp_params_block_header header;
	__u8 matrix;
	__u8 range;
	__u8 reserved[6];
} __attribute__((aligned(8)));

/* Statistics grids: up to 16 x 16 zones. */
#define VISP_STATS_GRID_MAX		16
#define VISP_STATS_ZONES_MAX		(VISP_STATS_GRID_MAX * VISP_STATS_GRID_MAX)
#define VISP_STATS_ZONE_MIN		8

/**
 * struct visp_stats_window - statistics measurement window
 *
 * The window is a grid of @grid_w x @grid_h zones of @zone_w x @zone_h
 * pixels whose top-left corner is at (@x, @y) in the input frame. Pixels of
 * the window that lie outside the frame are not measured. The kernel
 * rejects, with -EINVAL, odd values of @x, @y, @zone_w and @zone_h, zones
 * smaller than 8 x 8 pixels, grids of 0 or more than 16 zones in either
 * direction, and windows that extend beyond 4096 x 3072.
 *
 * @x: left edge, pixels, even
 * @y: top edge, pixels, even
 * @zone_w: zone width, pixels, even, 8 or more
 * @zone_h: zone height, pixels, even, 8 or more
 * @grid_w: number of zone columns, 1 to 16
 * @grid_h: number of zone rows, 1 to 16
 * @reserved: must be zero, the kernel rejects other values
 */
struct visp_stats_window {
	__u16 x;
	__u16 y;
	__u16 zone_w;
	__u16 zone_h;
	__u8 grid_w;
	__u8 grid_h;
	__u8 reserved[6];
};

/**
 * struct visp_params_awb_stats - AWB statistics configuration
 *
 * AWB statistics are measured on the Bayer data after lens shading and
 * before the white balance gains, per 2x2 CFA quad. A quad is counted when
 * none of its four samples exceeds @sat_threshold. Reset default: disabled,
 * 16 x 16 zones of 120 x 66 pixels from (0, 0), threshold 4095.
 *
 * @header: block header, type VISP_PARAMS_BLOCK_AWB_STATS
 * @window: measurement window
 * @sat_threshold: highest sample value of a counted quad, 12-bit units,
 *	0 to 4095; the kernel rejects larger values
 * @reserved: must be zero, the kernel rejects other values
 */
struct visp_params_awb_stats {
	struct visp_params_block_header header;
	struct visp_stats_window window;
	__u16 sat_threshold;
	__u16 reserved[3];
} __attribute__((aligned(8)));

/**
 * enum visp_ae_tap - where AE statistics are measured
 *
 * @VISP_AE_TAP_PRE_GAMMA: linear RGB at the output of the colour matrix
 * @VISP_AE_TAP_POST_GAMMA: non-linear RGB at the output of the gamma curve
 */
enum visp_ae_tap {
	VISP_AE_TAP_PRE_GAMMA,
	VISP_AE_TAP_POST_GAMMA,
};

/**
 * struct visp_params_ae_stats - AE statistics configuration
 *
 * AE statistics are measured on the 8-bit luma
 * Y = ((1225 * R + 2404 * G + 467 * B + 2048) >> 12) >> 4 of the RGB data
 * selected by @tap. The histogram counts every pixel of the window, the
 * zone means are computed per zone. Reset default: disabled, pre-gamma,
 * 16 x 16 zones of 120 x 66 pixels from (0, 0).
 *
 * @header: block header, type VISP_PARAMS_BLOCK_AE_STATS
 * @window: measurement window
 * @tap: one of enum visp_ae_tap; the kernel rejects other values
 * @reserved: must be zero, the kernel rejects other values
 */
struct visp_params_ae_stats {
	struct visp_params_block_header header;
	struct visp_stats_window window;
	__u8 tap;
	__u8 reserved[7];
} __attribute__((aligned(8)));

/**
 * struct visp_params_af_stats - AF statistics configuration
 *
 * The sharpness of a zone is the sum of the absolute horizontal differences
 * between Y12(x + 1, y) and Y12(x, y) of the 12-bit linear luma
 * Y12 = (1225 * R + 2404 * G + 467 * B + 2048) >> 12 (taken at the output of
 * the colour matrix) over all pixel pairs of the zone, counting only
 * differences greater than or equal to @threshold. Reset default: disabled,
 * threshold 0, 16 x 16 zones of 120 x 66 pixels from (0, 0).
 *
 * @header: block header, type VISP_PARAMS_BLOCK_AF_STATS
 * @window: measurement window
 * @threshold: coring threshold, 12-bit units, 0 to 4095; the kernel rejects
 *	larger values
 * @reserved: must be zero, the kernel rejects other values
 */
struct visp_params_af_stats {
	struct visp_params_block_header header;
	struct visp_stats_window window;
	__u16 threshold;
	__u16 reserved[3];
} __attribute__((aligned(8)));

/**
 * VISP_PARAMS_MAX_SIZE - largest payload of a parameters buffer
 *
 * The size of one block of every type. A buffer may hold the same type more
 * than once (the blocks are applied in order), but its &data_size may not
 * exceed this value.
 */
#define VISP_PARAMS_MAX_SIZE					\
	(sizeof(struct visp_params_bls) +			\
	 sizeof(struct visp_params_dpc) +			\
	 sizeof(struct visp_params_lsc) +			\
	 sizeof(struct visp_params_awb_gains) +			\
	 sizeof(struct visp_params_demosaic) +			\
	 sizeof(struct visp_params_ccm) +			\
	 sizeof(struct visp_params_gamma) +			\
	 sizeof(struct visp_params_csc) +			\
	 sizeof(struct visp_params_awb_stats) +			\
	 sizeof(struct visp_params_ae_stats) +			\
	 sizeof(struct visp_params_af_stats) +			\
	 sizeof(struct visp_params_tone))

/**
 * struct visp_params_buffer - parameters buffer
 *
 * The buffer queued on the parameters video node. Its layout is identical to
 * the generic V4L2 ISP parameters buffer of Linux 6.19. @data holds
 * @data_size bytes of parameters blocks, each starting with a struct
 * visp_params_block_header. Blocks not present keep their previous
 * configuration; the configuration is reset to the documented defaults when
 * streaming starts.
 *
 * The kernel rejects the buffer (VIDIOC_QBUF or VIDIOC_PREPARE_BUF fails
 * with -EINVAL) when the V4L2 buffer's bytesused (less its data offset) is
 * 0, larger than the header plus VISP_PARAMS_MAX_SIZE or not equal to the
 * header plus @data_size (trailing bytes are an error, as in the generic
 * V4L2 ISP parameters format), when @version is neither
 * VISP_PARAMS_BUFFER_V0 nor VISP_PARAMS_BUFFER_V1, when @data_size exceeds
 * VISP_PARAMS_MAX_SIZE, when a block header does not fit in the remaining
 * data or a block's size exceeds it, or when any block is invalid as
 * described in its structure. A rejected buffer changes no configuration.
 *
 * @version: one of enum visp_params_buffer_version
 * @data_size: number of bytes used in @data, 0 to VISP_PARAMS_MAX_SIZE
 * @data: parameters blocks
 */
struct visp_params_buffer {
	__u32 version;
	__u32 data_size;
	__u8 data[];
};

/* ------------------------------------------------------------------------
 * Statistics
 */

/* Bits of &visp_stats_buffer.meas_valid */
#define VISP_STATS_MEAS_AWB		(1U << 0)
#define VISP_STATS_MEAS_AE_HIST		(1U << 1)
#define VISP_STATS_MEAS_AE_ZONES	(1U << 2)
#define VISP_STATS_MEAS_AF		(1U << 3)

#define VISP_STATS_HIST_BINS		256

/**
 * enum visp_stats_buffer_version - statistics buffer layout version
 *
 * @VISP_STATS_BUFFER_V1: first version, the layout of struct
 *	visp_stats_buffer. A later version may only append fields: the fields
 *	of version 1 keep their offsets and meaning.
 */
enum visp_stats_buffer_version {
	VISP_STATS_BUFFER_V1 = 1,
};

/**
 * struct visp_stats_awb_zone - AWB measurement of one zone
 *
 * @sum_r: sum of the red samples of the counted quads, 12-bit units
 * @sum_g: sum of both green samples (Gr + Gb) of the counted quads
 * @sum_b: sum of the blue samples of the counted quads
 * @count: number of counted quads (a quad holds one R, two G and one B)
 * @reserved: written as zero
 */
struct visp_stats_awb_zone {
	__u64 sum_r;
	__u64 sum_g;
	__u64 sum_b;
	__u32 count;
	__u32 reserved;
};

/**
 * struct visp_stats_buffer - statistics buffer
 *
 * Written by the ISP by DMA at the end of each frame, little-endian. Zone
 * arrays are indexed row-major: zone (gx, gy) is at gy * grid_w + gx;
 * entries beyond the configured grid and all entries of a measurement that
 * is not valid are zero.
 *
 * The buffer starts with its layout version and size, so that it can grow:
 * a later version only appends fields and raises @size. Userspace built for
 * version N accepts a buffer whose @version is at least N and whose @size
 * covers the version N structure and fits in the V4L2 buffer's bytesused,
 * and reads the fields it knows; it rejects a @version below N.
 *
 * @version: one of enum visp_stats_buffer_version, the layout the ISP wrote
 * @size: bytes written from the start of the buffer, header included:
 *	sizeof(struct visp_stats_buffer) of that version
 * @frame_sequence: V4L2 sequence number of the frame that was measured
 * @meas_valid: VISP_STATS_MEAS_* bits of the measurements that were enabled
 *	for this frame
 * @awb_grid_w: AWB zone columns
 * @awb_grid_h: AWB zone rows
 * @ae_grid_w: AE zone columns
 * @ae_grid_h: AE zone rows
 * @af_grid_w: AF zone columns
 * @af_grid_h: AF zone rows
 * @reserved: written as zero
 * @awb: AWB zones
 * @ae_hist: AE histogram, bin n counts the pixels of the window whose 8-bit
 *	luma is n
 * @ae_zone_mean: AE mean 8-bit luma per zone, unsigned 8.8 fixed point,
 *	round(256 * sum / pixels); 0 for a zone without pixels
 * @af_sharpness: AF sharpness per zone, see struct visp_params_af_stats
 */
struct visp_stats_buffer {
	__u32 version;
	__u32 size;
	__u32 frame_sequence;
	__u32 meas_valid;
	__u8 awb_grid_w;
	__u8 awb_grid_h;
	__u8 ae_grid_w;
	__u8 ae_grid_h;
	__u8 af_grid_w;
	__u8 af_grid_h;
	__u8 reserved[2];
	struct visp_stats_awb_zone awb[VISP_STATS_ZONES_MAX];
	__u32 ae_hist[VISP_STATS_HIST_BINS];
	__u16 ae_zone_mean[VISP_STATS_ZONES_MAX];
	__u64 af_sharpness[VISP_STATS_ZONES_MAX];
};

#endif /* _UAPI_LINUX_MEDIA_VISP_CONFIG_H */
