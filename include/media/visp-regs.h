/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VISP ISP register map
 *
 * The registers of the hardware, used by the VISP driver, the simulator,
 * its reference model and the userspace tools. The register file is
 * described in Documentation/driver-api/media/drivers/visp/registers.rst.
 * What exists only in the simulator is with it: its test registers in
 * drivers/media/test-drivers/visp-sim/visp-sim-regs.h, its timing model
 * in visp-sim.h.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __MEDIA_VISP_REGS_H__
#define __MEDIA_VISP_REGS_H__

#include <linux/bits.h>

/* Size of the register window. */
#define VISP_REG_SPACE_SIZE			0x2000

/*
 * Registers below VISP_REG_SHADOW_START take effect immediately. Registers
 * from VISP_REG_SHADOW_START to VISP_REG_SPACE_SIZE - 1 are shadowed: writes
 * go to the shadow set, reads return the shadow set, and the shadow set is
 * copied to the active set at the first frame start after CTRL.COMMIT.
 */
#define VISP_REG_SHADOW_START			0x0100

/* ------------------------------------------------------------------------
 * Global registers (not shadowed)
 */

#define VISP_REG_ID				0x0000
#define VISP_ID_VALUE				0x56495350 /* "VISP" */

#define VISP_REG_VERSION			0x0004
#define VISP_VERSION_MAJOR			GENMASK(15, 8)
#define VISP_VERSION_MINOR			GENMASK(7, 0)
#define VISP_VERSION_VALUE			0x00000100 /* 1.0 */

/* Write-only command bits, all self-clearing; reads return 0. */
#define VISP_REG_CTRL				0x0010
#define VISP_CTRL_START				BIT(0)
#define VISP_CTRL_STOP				BIT(1)
#define VISP_CTRL_SOFT_RESET			BIT(2)
#define VISP_CTRL_COMMIT			BIT(3)

#define VISP_REG_STATUS				0x0014
#define VISP_STATUS_BUSY			BIT(0)
#define VISP_STATUS_START_PENDING		BIT(1)
#define VISP_STATUS_COMMIT_PENDING		BIT(2)
#define VISP_STATUS_RESET_BUSY			BIT(3)

/* Number given to the next frame that starts; read/write, 32-bit wrap. */
#define VISP_REG_FRAME_CNT			0x0018

/* Interrupts: raw status, mask (1 = enabled), masked status, clear. */
#define VISP_REG_ISR				0x0020
#define VISP_REG_IMR				0x0024
#define VISP_REG_MIS				0x0028
#define VISP_REG_ICR				0x002c

#define VISP_IRQ_FRAME_DONE			BIT(0)
#define VISP_IRQ_STATS_DONE			BIT(1)
#define VISP_IRQ_FRAME_START			BIT(2)
#define VISP_IRQ_DMA_ERR			BIT(3)
#define VISP_IRQ_BUS_ERR			BIT(4)
#define VISP_IRQ_OVERFLOW			BIT(5)
#define VISP_IRQ_CFG_ERR			BIT(6)
#define VISP_IRQ_CSI_ERR			BIT(7)
#define VISP_IRQ_CSI_FS				BIT(8)
#define VISP_IRQ_ALL				GENMASK(8, 0)

/*
 * DMA channels that failed in the last frame; cleared at frame start. See
 * VISP_REG_FRAME_ERR() for the errors of each frame.
 */
#define VISP_REG_DMA_ERR_SRC			0x0034
#define VISP_DMA_CH_IN				BIT(0)
#define VISP_DMA_CH_MP_Y			BIT(1)
#define VISP_DMA_CH_MP_C			BIT(2)
#define VISP_DMA_CH_SP_Y			BIT(3)
#define VISP_DMA_CH_SP_C			BIT(4)
#define VISP_DMA_CH_STATS			BIT(5)
#define VISP_DMA_CH_LSC				BIT(6)

/* Units whose configuration was invalid; cleared at frame start. */
#define VISP_REG_CFG_ERR_SRC			0x0038
#define VISP_CFG_ERR_IN				BIT(0)
#define VISP_CFG_ERR_MP				BIT(1)
#define VISP_CFG_ERR_SP				BIT(2)
#define VISP_CFG_ERR_LSC			BIT(3)
#define VISP_CFG_ERR_STATS			BIT(4)
#define VISP_CFG_ERR_BLOCK			BIT(5)

/* Offset of the last register access that raised VISP_IRQ_BUS_ERR. */
#define VISP_REG_BUS_ERR_ADDR			0x003c

/*
 * Errors of each frame, read-only: slot n holds the errors of the last
 * frame that ended whose number modulo VISP_FRAME_ERR_SLOTS is n, written
 * when it ends: the VISP_DMA_CH_* bits of the channels that failed, the
 * VISP_CFG_ERR_* bits of the invalid units, and bits 15:0 of the number
 * of the frame.
 */
#define VISP_REG_FRAME_ERR(n)			(0x0040 + (n) * 4)
#define VISP_FRAME_ERR_SLOTS			4
#define VISP_FRAME_ERR_DMA			GENMASK(6, 0)
#define VISP_FRAME_ERR_CFG			GENMASK(13, 8)
#define VISP_FRAME_ERR_FRAME			GENMASK(31, 16)

/*
 * Source frame of each frame, read-only: slot n holds, for the last frame
 * that started whose number modulo VISP_FRAME_ERR_SLOTS is n, the number
 * the CSI-2 receiver gave the camera frame it processes (CSI_FRAME_CNT
 * before the receiver counted it), or the frame's own number when it read
 * its input from memory. Written when the frame starts.
 */
#define VISP_REG_FRAME_SRC(n)			(0x0050 + (n) * 4)

/*
 * CSI-2 receiver. The data lanes and the data type of the sensor's frames;
 * errors are counted and raise VISP_IRQ_CSI_ERR.
 */
#define VISP_REG_CSI_CTRL			0x0080
#define VISP_CSI_CTRL_EN			BIT(0)
#define VISP_CSI_CTRL_LANES			GENMASK(3, 1)
#define VISP_CSI_CTRL_DT			GENMASK(13, 8)

#define VISP_CSI_DT_RAW10			0x2b
#define VISP_CSI_DT_RAW12			0x2c
#define VISP_CSI_LANES_MAX			4

#define VISP_REG_CSI_STATUS			0x0084
#define VISP_CSI_STATUS_ACTIVE			BIT(0)
#define VISP_CSI_STATUS_IN_FRAME		BIT(1)

/* Errors since they were last cleared, W1C. */
#define VISP_REG_CSI_ERR_SRC			0x0088
#define VISP_CSI_ERR_CRC			BIT(0)
#define VISP_CSI_ERR_ECC			BIT(1)
#define VISP_CSI_ERR_DT				BIT(2)
#define VISP_CSI_ERR_ALL			GENMASK(2, 0)

/* Error counters, 32-bit wrap; a write clears them. */
#define VISP_REG_CSI_CRC_CNT			0x008c
#define VISP_REG_CSI_ECC_CNT			0x0090
/*
 * Number given to the next frame the receiver takes, read/write, 32-bit
 * wrap; the receiver counts each frame it takes.
 */
#define VISP_REG_CSI_FRAME_CNT			0x0094

/* ------------------------------------------------------------------------
 * Input (shadowed)
 */

#define VISP_REG_IN_FMT				0x0100
#define VISP_IN_FMT_BAYER			GENMASK(1, 0)
#define VISP_IN_FMT_TYPE			GENMASK(6, 4)
/*
 * The frame comes from the CSI-2 receiver, not from memory: START arms the
 * pipeline, whose frame starts with the next frame the receiver takes.
 */
#define VISP_IN_FMT_SRC_CSI			BIT(8)

#define VISP_BAYER_RGGB				0
#define VISP_BAYER_GRBG				1
#define VISP_BAYER_GBRG				2
#define VISP_BAYER_BGGR				3

#define VISP_IN_TYPE_RAW8			0
#define VISP_IN_TYPE_RAW10			1
#define VISP_IN_TYPE_RAW12			2
#define VISP_IN_TYPE_RAW16			3
#define VISP_IN_TYPE_RAW10_CSI2P		4
#define VISP_IN_TYPE_RAW12_CSI2P		5

/* Size registers: width in bits 12:0, height in bits 28:16. */
#define VISP_SIZE_W				GENMASK(12, 0)
#define VISP_SIZE_H				GENMASK(28, 16)
/* Position registers: x in bits 12:0, y in bits 28:16. */
#define VISP_POS_X				GENMASK(12, 0)
#define VISP_POS_Y				GENMASK(28, 16)

#define VISP_REG_IN_SIZE			0x0104
#define VISP_REG_IN_ADDR_LO			0x0108
#define VISP_REG_IN_ADDR_HI			0x010c
#define VISP_REG_IN_STRIDE			0x0110
#define VISP_REG_IN_BUF_SIZE			0x0114

/* DMA address and stride alignment, bytes. */
#define VISP_DMA_ALIGN				16
/* Address bits the DMA master drives: a buffer must lie below 1 TiB. */
#define VISP_DMA_ADDR_BITS			40

/* ------------------------------------------------------------------------
 * Output paths (shadowed): main path and self path share one layout.
 */

#define VISP_PATH_MAIN				0
#define VISP_PATH_SELF				1
#define VISP_PATH_COUNT				2

#define VISP_PATH_BASE(p)			(0x0200 + (p) * 0x0100)

#define VISP_REG_PATH_CTRL(p)			(VISP_PATH_BASE(p) + 0x00)
#define VISP_PATH_CTRL_EN			BIT(0)
#define VISP_PATH_CTRL_FMT			GENMASK(7, 4)

#define VISP_OUT_FMT_NV12			0
#define VISP_OUT_FMT_NV16			1
#define VISP_OUT_FMT_YUYV			2
#define VISP_OUT_FMT_RGB24			3
#define VISP_OUT_FMT_XRGB32			4
#define VISP_OUT_FMT_GREY			5
#define VISP_OUT_FMT_RAW16			6 /* main path only */

#define VISP_REG_PATH_CROP_POS(p)		(VISP_PATH_BASE(p) + 0x04)
#define VISP_REG_PATH_CROP_SIZE(p)		(VISP_PATH_BASE(p) + 0x08)
#define VISP_REG_PATH_OUT_SIZE(p)		(VISP_PATH_BASE(p) + 0x0c)

/* Scaler steps: unsigned 4.16 fixed point, input pixels per output pixel. */
#define VISP_REG_PATH_HSTEP(p)			(VISP_PATH_BASE(p) + 0x10)
#define VISP_REG_PATH_VSTEP(p)			(VISP_PATH_BASE(p) + 0x14)
#define VISP_SCALE_STEP				GENMASK(19, 0)
#define VISP_SCALE_STEP_ONE			0x10000
#define VISP_SCALE_STEP_MIN			0x04000 /* 4x upscale */
#define VISP_SCALE_STEP_MAX			0x80000 /* 8x downscale */
/* Scaler phases: signed 16.16 fixed point, two's complement. */
#define VISP_REG_PATH_HPHASE(p)			(VISP_PATH_BASE(p) + 0x18)
#define VISP_REG_PATH_VPHASE(p)			(VISP_PATH_BASE(p) + 0x1c)

/* Plane 0 (Y, packed RGB/YUYV, GREY or RAW16) and plane 1 (CbCr). */
#define VISP_REG_PATH_ADDR_LO(p, n)		(VISP_PATH_BASE(p) + 0x20 + (n) * 0x10)
#define VISP_REG_PATH_ADDR_HI(p, n)		(VISP_PATH_BASE(p) + 0x24 + (n) * 0x10)
#define VISP_REG_PATH_STRIDE(p, n)		(VISP_PATH_BASE(p) + 0x28 + (n) * 0x10)
#define VISP_REG_PATH_BUF_SIZE(p, n)		(VISP_PATH_BASE(p) + 0x2c + (n) * 0x10)

/* ------------------------------------------------------------------------
 * Statistics DMA (shadowed)
 */

#define VISP_REG_STATS_CTRL			0x0400
#define VISP_STATS_CTRL_EN			BIT(0)
#define VISP_REG_STATS_ADDR_LO			0x0404
#define VISP_REG_STATS_ADDR_HI			0x0408
#define VISP_REG_STATS_BUF_SIZE			0x040c

/*
 * Lens shading table in memory, read during each frame whose LSC_CTRL has
 * EN and VISP_LSC_CTRL_DMA: VISP_LSC_TABLE_BYTES, the gains of
 * VISP_REG_LSC_TABLE() as little-endian 16-bit words in the same order
 * (channel c, node n at word c * VISP_LSC_TABLE_ENTRIES + n).
 */
#define VISP_REG_LSC_ADDR_LO			0x0410
#define VISP_REG_LSC_ADDR_HI			0x0414
#define VISP_LSC_TABLE_BYTES			(4 * VISP_LSC_TABLE_ENTRIES * 2)

/* ------------------------------------------------------------------------
 * Processing blocks (shadowed)
 */

/* Common enable bit of the *_CTRL registers of bypassable blocks. */
#define VISP_BLOCK_EN				BIT(0)

/* Two 16-bit wide fields packed in one register. */
#define VISP_PAIR_LO				GENMASK(15, 0)
#define VISP_PAIR_HI				GENMASK(31, 16)

#define VISP_REG_BLS_CTRL			0x0500
#define VISP_REG_BLS_R_GR			0x0504
#define VISP_REG_BLS_GB_B			0x0508
#define VISP_BLS_LEVEL				GENMASK(11, 0)

#define VISP_REG_DPC_CTRL			0x0510
#define VISP_REG_DPC_THRESH			0x0514
#define VISP_DPC_THRESH				GENMASK(11, 0)

#define VISP_REG_LSC_CTRL			0x0520
/* The gains come from the table at VISP_REG_LSC_ADDR_LO, not the registers. */
#define VISP_LSC_CTRL_DMA			BIT(1)
/* Grid steps: unsigned 4.16 fixed point grid cells per pixel. */
#define VISP_REG_LSC_XSTEP			0x0524
#define VISP_REG_LSC_YSTEP			0x0528
#define VISP_LSC_STEP				GENMASK(16, 0)

#define VISP_REG_WB_CTRL			0x0530
#define VISP_REG_WB_GAIN_R_GR			0x0534
#define VISP_REG_WB_GAIN_GB_B			0x0538
#define VISP_GAIN				GENMASK(13, 0)

#define VISP_REG_DMS_CTRL			0x0540
#define VISP_DMS_CTRL_MODE			GENMASK(1, 0)

#define VISP_REG_CCM_CTRL			0x0550
/* Coefficient i = row * 3 + column, signed 14-bit two's complement. */
#define VISP_REG_CCM_COEFF(i)			(0x0554 + (i) * 4)
#define VISP_CCM_COEFF				GENMASK(13, 0)
/* Offset i = output channel, signed 13-bit two's complement. */
#define VISP_REG_CCM_OFFSET(i)			(0x0578 + (i) * 4)
#define VISP_CCM_OFFSET				GENMASK(12, 0)

/*
 * Tone stage: VISP_BLOCK_EN enables it; VISP_GAMMA_CTRL_TONE selects the
 * segmented curve of VISP_REG_TONE_LUT instead of the uniform one of
 * VISP_REG_GAMMA_LUT.
 */
#define VISP_REG_GAMMA_CTRL			0x0590
#define VISP_GAMMA_CTRL_TONE			BIT(1)

#define VISP_REG_CSC_CTRL			0x05a0
#define VISP_CSC_CTRL_MATRIX			GENMASK(1, 0)
#define VISP_CSC_CTRL_FULL_RANGE		BIT(4)

/* ------------------------------------------------------------------------
 * Statistics units (shadowed): AWB, AE and AF share one layout.
 */

#define VISP_AWB_STATS_BASE			0x0600
#define VISP_AE_STATS_BASE			0x0620
#define VISP_AF_STATS_BASE			0x0640

#define VISP_REG_STATS_UNIT_CTRL(b)		((b) + 0x00)
#define VISP_STATS_UNIT_EN			BIT(0)
#define VISP_AE_CTRL_POST_GAMMA			BIT(1)
#define VISP_REG_STATS_UNIT_POS(b)		((b) + 0x04)
#define VISP_REG_STATS_UNIT_ZONE(b)		((b) + 0x08)
#define VISP_REG_STATS_UNIT_GRID(b)		((b) + 0x0c)
#define VISP_STATS_GRID_W			GENMASK(4, 0)
#define VISP_STATS_GRID_H			GENMASK(12, 8)
/* AWB saturation threshold, AF coring threshold; unused for AE. */
#define VISP_REG_STATS_UNIT_THRESH(b)		((b) + 0x10)
#define VISP_STATS_THRESH			GENMASK(11, 0)

/* ------------------------------------------------------------------------
 * Look-up tables (shadowed)
 */

/* Gamma curve point i (0 to 64), 12-bit. */
#define VISP_REG_GAMMA_LUT(i)			(0x0800 + (i) * 4)
#define VISP_GAMMA_LUT_ENTRIES			65
#define VISP_GAMMA_LUT_VALUE			GENMASK(11, 0)

/*
 * Segmented tone curve point i (0 to 144), 12-bit; point i is at the
 * input given in struct visp_params_tone.
 */
#define VISP_REG_TONE_LUT(i)			(0x0a00 + (i) * 4)
#define VISP_TONE_LUT_ENTRIES			145
#define VISP_TONE_LUT_VALUE			GENMASK(11, 0)

/**
 * visp_tone_lut_input() - input of a point of the segmented tone curve
 * @i: point, 0 to VISP_TONE_LUT_ENTRIES - 1
 *
 * Points 0 to 31 lie at inputs 0 to 31, then 16 points per octave.
 *
 * Return: the 12-bit input at which VISP_REG_TONE_LUT(@i) lies, 4096 for
 * the last point.
 */
static inline unsigned int visp_tone_lut_input(unsigned int i)
{
	return i < 32 ? i : (16 + (i & 15)) << ((i >> 4) - 1);
}

/* Lens shading gain of channel c (R, Gr, Gb, B), node n = j * 17 + i. */
#define VISP_REG_LSC_TABLE(c, n)		(0x1000 + (c) * 0x0400 + (n) * 4)
#define VISP_LSC_TABLE_ENTRIES			221
#define VISP_LSC_TABLE_VALUE			GENMASK(13, 0)

/* ------------------------------------------------------------------------
 * Clocks
 */

/* Clock rate limits, Hz. */
#define VISP_CORE_CLK_MIN_HZ			100000000
#define VISP_CORE_CLK_MAX_HZ			400000000
#define VISP_AXI_CLK_MIN_HZ			100000000
#define VISP_AXI_CLK_MAX_HZ			400000000
#define VISP_APB_CLK_MIN_HZ			25000000
#define VISP_APB_CLK_MAX_HZ			200000000

#endif /* __MEDIA_VISP_REGS_H__ */
