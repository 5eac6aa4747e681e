// SPDX-License-Identifier: GPL-2.0
/*
 * VISP simulator: the register file
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/align.h>
#include <linux/bitfield.h>
#include <linux/bits.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/string.h>

#include <kunit/visibility.h>

#include "visp-sim-regs.h"

#define VISP_SIM_SIZE_MASK	(VISP_SIZE_W | VISP_SIZE_H)
#define VISP_SIM_PAIR_12	(GENMASK(11, 0) | GENMASK(27, 16))
#define VISP_SIM_PAIR_14	(GENMASK(13, 0) | GENMASK(29, 16))
#define VISP_SIM_INJECT_MASK	(VISP_TEST_INJECT_HANG | VISP_TEST_INJECT_DMA_ERR)

/* Writable bits of the path register at @rel from the path base. */
static u32 visp_sim_path_mask(u32 rel)
{
	switch (rel) {
	case 0x00:
		return VISP_PATH_CTRL_EN | VISP_PATH_CTRL_FMT;
	case 0x04:
	case 0x08:
	case 0x0c:
		return VISP_SIM_SIZE_MASK;
	case 0x10:
	case 0x14:
		return VISP_SCALE_STEP;
	default:
		/* Phases, then address, stride and size of both planes. */
		return rel <= 0x3c ? GENMASK(31, 0) : 0;
	}
}

/* Writable bits of the statistics unit register at @rel from @base. */
static u32 visp_sim_stats_unit_mask(u32 base, u32 rel)
{
	switch (rel) {
	case 0x00:
		return base == VISP_AE_STATS_BASE ?
		       VISP_STATS_UNIT_EN | VISP_AE_CTRL_POST_GAMMA :
		       VISP_STATS_UNIT_EN;
	case 0x04:
	case 0x08:
		return VISP_SIM_SIZE_MASK;
	case 0x0c:
		return VISP_STATS_GRID_W | VISP_STATS_GRID_H;
	case 0x10:
		return VISP_STATS_THRESH;
	default:
		return 0;
	}
}

/*
 * Writable bits of the shadowed register at @offset; 0 when no register
 * is at @offset. Every shadowed register is read/write.
 */
static u32 visp_sim_shadow_mask(u32 offset)
{
	switch (offset) {
	case VISP_REG_IN_FMT:
		return VISP_IN_FMT_BAYER | VISP_IN_FMT_TYPE |
		       VISP_IN_FMT_SRC_CSI;
	case VISP_REG_IN_SIZE:
		return VISP_SIM_SIZE_MASK;
	case VISP_REG_IN_ADDR_LO:
	case VISP_REG_IN_ADDR_HI:
	case VISP_REG_IN_STRIDE:
	case VISP_REG_IN_BUF_SIZE:
	case VISP_REG_STATS_ADDR_LO:
	case VISP_REG_STATS_ADDR_HI:
	case VISP_REG_STATS_BUF_SIZE:
	case VISP_REG_LSC_ADDR_LO:
	case VISP_REG_LSC_ADDR_HI:
		return GENMASK(31, 0);
	case VISP_REG_STATS_CTRL:
	case VISP_REG_BLS_CTRL:
	case VISP_REG_DPC_CTRL:
	case VISP_REG_WB_CTRL:
	case VISP_REG_CCM_CTRL:
		return BIT(0);
	case VISP_REG_LSC_CTRL:
		return VISP_BLOCK_EN | VISP_LSC_CTRL_DMA;
	case VISP_REG_DMS_CTRL:
		return VISP_DMS_CTRL_MODE;
	case VISP_REG_GAMMA_CTRL:
		return VISP_BLOCK_EN | VISP_GAMMA_CTRL_TONE;
	case VISP_REG_BLS_R_GR:
	case VISP_REG_BLS_GB_B:
		return VISP_SIM_PAIR_12;
	case VISP_REG_DPC_THRESH:
		return VISP_DPC_THRESH;
	case VISP_REG_LSC_XSTEP:
	case VISP_REG_LSC_YSTEP:
		return VISP_LSC_STEP;
	case VISP_REG_WB_GAIN_R_GR:
	case VISP_REG_WB_GAIN_GB_B:
		return VISP_SIM_PAIR_14;
	case VISP_REG_CSC_CTRL:
		return VISP_CSC_CTRL_MATRIX | VISP_CSC_CTRL_FULL_RANGE;
	}

	if (offset >= VISP_PATH_BASE(0) && offset < VISP_PATH_BASE(VISP_PATH_COUNT))
		return visp_sim_path_mask((offset - VISP_PATH_BASE(0)) % 0x100);
	if (offset >= VISP_REG_CCM_COEFF(0) && offset <= VISP_REG_CCM_COEFF(8))
		return VISP_CCM_COEFF;
	if (offset >= VISP_REG_CCM_OFFSET(0) && offset <= VISP_REG_CCM_OFFSET(2))
		return VISP_CCM_OFFSET;
	if (offset >= VISP_AWB_STATS_BASE && offset < VISP_AF_STATS_BASE + 0x20) {
		u32 base = VISP_AWB_STATS_BASE +
			   (offset - VISP_AWB_STATS_BASE) / 0x20 * 0x20;

		return visp_sim_stats_unit_mask(base, offset - base);
	}
	if (offset >= VISP_REG_GAMMA_LUT(0) &&
	    offset < VISP_REG_GAMMA_LUT(VISP_GAMMA_LUT_ENTRIES))
		return VISP_GAMMA_LUT_VALUE;
	if (offset >= VISP_REG_TONE_LUT(0) &&
	    offset < VISP_REG_TONE_LUT(VISP_TONE_LUT_ENTRIES))
		return VISP_TONE_LUT_VALUE;
	if (offset >= VISP_REG_LSC_TABLE(0, 0) &&
	    offset < VISP_REG_LSC_TABLE(VISP_CFA_CHANNELS, 0) &&
	    (offset - VISP_REG_LSC_TABLE(0, 0)) % 0x400 <
	    VISP_LSC_TABLE_ENTRIES * 4)
		return VISP_LSC_TABLE_VALUE;

	return 0;
}

/* Return the hardware state to its reset value. */
static void visp_sim_regs_clear(struct visp_sim_regs *regs)
{
	memset(regs->shadow, 0, sizeof(regs->shadow));
	memset(regs->active, 0, sizeof(regs->active));
	regs->status = 0;
	regs->frame_cnt = 0;
	regs->isr = 0;
	regs->imr = 0;
	regs->dma_err_src = 0;
	regs->cfg_err_src = 0;
	regs->bus_err_addr = 0;
	memset(regs->frame_err, 0, sizeof(regs->frame_err));
	memset(regs->frame_src, 0, sizeof(regs->frame_src));
	regs->test_inject = 0;
	regs->csi_ctrl = 0;
	regs->csi_err_src = 0;
	regs->csi_crc_cnt = 0;
	regs->csi_ecc_cnt = 0;
	regs->csi_frame_cnt = 0;
	regs->csi_frame = 0;
	regs->csi_in_frame = false;
	regs->frame = 0;
	regs->frame_inject = 0;
}

/**
 * visp_sim_regs_init() - initialise a register file
 * @regs: register file
 * @offline: VISP_SIM_OFFLINE_* reasons why the block cannot be accessed
 *
 * Every register takes its reset value; the error counters are zeroed.
 */
void visp_sim_regs_init(struct visp_sim_regs *regs, unsigned int offline)
{
	visp_sim_regs_clear(regs);
	regs->offline = offline;
	regs->bus_errors = 0;
	regs->reg_errors = 0;
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_regs_init);

/* An access to an unused offset or a write to a read-only register. */
static void visp_sim_regs_bus_err(struct visp_sim_regs *regs, u32 offset)
{
	regs->bus_err_addr = offset;
	regs->isr |= VISP_IRQ_BUS_ERR;
	regs->reg_errors++;
}

static bool visp_sim_regs_offset_ok(u32 offset)
{
	return offset < VISP_REG_SPACE_SIZE && IS_ALIGNED(offset, 4);
}

/* The receiver is enabled with a lane count and a data type it supports. */
static bool visp_sim_regs_csi_active(const struct visp_sim_regs *regs)
{
	u32 lanes = FIELD_GET(VISP_CSI_CTRL_LANES, regs->csi_ctrl);
	u32 dt = FIELD_GET(VISP_CSI_CTRL_DT, regs->csi_ctrl);

	return (regs->csi_ctrl & VISP_CSI_CTRL_EN) && lanes &&
	       lanes <= VISP_CSI_LANES_MAX &&
	       (dt == VISP_CSI_DT_RAW10 || dt == VISP_CSI_DT_RAW12);
}

/**
 * visp_sim_regs_csi_error() - the CSI-2 receiver detects errors
 * @regs: register file
 * @errors: VISP_CSI_ERR_* bits, one error of each
 *
 * Counts CRC and ECC errors, latches @errors in VISP_REG_CSI_ERR_SRC and
 * raises VISP_IRQ_CSI_ERR. The receiver detects nothing while it is not
 * active (VISP_CSI_STATUS_ACTIVE).
 */
void visp_sim_regs_csi_error(struct visp_sim_regs *regs, u32 errors)
{
	errors &= VISP_CSI_ERR_ALL;
	if (!errors || !visp_sim_regs_csi_active(regs))
		return;

	if (errors & VISP_CSI_ERR_CRC)
		regs->csi_crc_cnt++;
	if (errors & VISP_CSI_ERR_ECC)
		regs->csi_ecc_cnt++;
	regs->csi_err_src |= errors;
	regs->isr |= VISP_IRQ_CSI_ERR;
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_regs_csi_error);

/**
 * visp_sim_regs_read() - read a register
 * @regs: register file
 * @offset: register offset
 * @val: the value read; 0 when the access fails
 *
 * Reads of write-only registers return 0. Reads of offsets that hold no
 * register return 0 and raise VISP_IRQ_BUS_ERR.
 *
 * Return: 0 on success, -EIO when the block cannot answer (a clock is
 * stopped, the power is off or the reset input is asserted; counted in
 * @regs->bus_errors), -EINVAL for an offset outside the register window.
 */
int visp_sim_regs_read(struct visp_sim_regs *regs, u32 offset, u32 *val)
{
	*val = 0;

	if (!visp_sim_regs_offset_ok(offset))
		return -EINVAL;
	if (regs->offline) {
		regs->bus_errors++;
		return -EIO;
	}

	if (offset >= VISP_REG_SHADOW_START) {
		if (visp_sim_shadow_mask(offset))
			*val = regs->shadow[offset / 4];
		else
			visp_sim_regs_bus_err(regs, offset);
		return 0;
	}

	switch (offset) {
	case VISP_REG_ID:
		*val = VISP_ID_VALUE;
		break;
	case VISP_REG_VERSION:
		*val = VISP_VERSION_VALUE;
		break;
	case VISP_REG_CTRL:
	case VISP_REG_ICR:
	case VISP_REG_ISR_SET:
		break;
	case VISP_REG_STATUS:
		*val = regs->status;
		break;
	case VISP_REG_FRAME_CNT:
		*val = regs->frame_cnt;
		break;
	case VISP_REG_ISR:
		*val = regs->isr;
		break;
	case VISP_REG_IMR:
		*val = regs->imr;
		break;
	case VISP_REG_MIS:
		*val = regs->isr & regs->imr;
		break;
	case VISP_REG_DMA_ERR_SRC:
		*val = regs->dma_err_src;
		break;
	case VISP_REG_CFG_ERR_SRC:
		*val = regs->cfg_err_src;
		break;
	case VISP_REG_BUS_ERR_ADDR:
		*val = regs->bus_err_addr;
		break;
	case VISP_REG_FRAME_ERR(0) ...
	     VISP_REG_FRAME_ERR(VISP_FRAME_ERR_SLOTS - 1):
		*val = regs->frame_err[(offset - VISP_REG_FRAME_ERR(0)) / 4];
		break;
	case VISP_REG_FRAME_SRC(0) ...
	     VISP_REG_FRAME_SRC(VISP_FRAME_ERR_SLOTS - 1):
		*val = regs->frame_src[(offset - VISP_REG_FRAME_SRC(0)) / 4];
		break;
	case VISP_REG_TEST_INJECT:
		*val = regs->test_inject;
		break;
	case VISP_REG_CSI_CTRL:
		*val = regs->csi_ctrl;
		break;
	case VISP_REG_CSI_STATUS:
		*val = visp_sim_regs_csi_active(regs) ?
		       VISP_CSI_STATUS_ACTIVE : 0;
		if (regs->csi_in_frame)
			*val |= VISP_CSI_STATUS_IN_FRAME;
		break;
	case VISP_REG_CSI_ERR_SRC:
		*val = regs->csi_err_src;
		break;
	case VISP_REG_CSI_CRC_CNT:
		*val = regs->csi_crc_cnt;
		break;
	case VISP_REG_CSI_ECC_CNT:
		*val = regs->csi_ecc_cnt;
		break;
	case VISP_REG_CSI_FRAME_CNT:
		*val = regs->csi_frame_cnt;
		break;
	default:
		visp_sim_regs_bus_err(regs, offset);
		break;
	}

	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_regs_read);

/*
 * Whether the next frame takes its input from the CSI-2 receiver: the
 * IN_FMT of the set it will latch, the shadow set when a commit is pending.
 */
static bool visp_sim_regs_next_csi(const struct visp_sim_regs *regs)
{
	const u32 *set = regs->status & VISP_STATUS_COMMIT_PENDING ?
			 regs->shadow : regs->active;

	return set[VISP_REG_IN_FMT / 4] & VISP_IN_FMT_SRC_CSI;
}

/*
 * Frame start: latch a pending commit and start the frame, whose source
 * frame is @src (see VISP_REG_FRAME_SRC()).
 */
static unsigned int visp_sim_regs_start_frame(struct visp_sim_regs *regs,
					      u32 src)
{
	if (regs->status & VISP_STATUS_COMMIT_PENDING) {
		memcpy(regs->active, regs->shadow, sizeof(regs->active));
		regs->status &= ~VISP_STATUS_COMMIT_PENDING;
	}
	regs->frame = regs->frame_cnt++;
	regs->frame_src[regs->frame % VISP_FRAME_ERR_SLOTS] = src;
	regs->frame_inject = regs->test_inject;
	regs->test_inject = 0;
	regs->dma_err_src = 0;
	regs->cfg_err_src = 0;
	regs->status |= VISP_STATUS_BUSY;
	regs->isr |= VISP_IRQ_FRAME_START;

	return VISP_SIM_EV_FRAME_START;
}

/* Soft reset, reset input and power loss: the whole state is lost. */
static unsigned int visp_sim_regs_lose_state(struct visp_sim_regs *regs)
{
	unsigned int events = 0;

	if (regs->status & VISP_STATUS_BUSY)
		events |= VISP_SIM_EV_ABORT;
	visp_sim_regs_clear(regs);

	return events;
}

static unsigned int visp_sim_regs_ctrl(struct visp_sim_regs *regs, u32 val)
{
	if (val & VISP_CTRL_SOFT_RESET) {
		unsigned int events = visp_sim_regs_lose_state(regs);

		regs->status = VISP_STATUS_RESET_BUSY;
		return events | VISP_SIM_EV_RESET_BUSY;
	}

	if (val & VISP_CTRL_COMMIT)
		regs->status |= VISP_STATUS_COMMIT_PENDING;
	if (val & VISP_CTRL_STOP)
		regs->status &= ~VISP_STATUS_START_PENDING;
	if (!(val & VISP_CTRL_START))
		return 0;

	if (regs->status & VISP_STATUS_START_PENDING) {
		regs->isr |= VISP_IRQ_OVERFLOW;
		return 0;
	}
	/* A frame from the receiver waits for the receiver's next frame. */
	if (!(regs->status & VISP_STATUS_BUSY) && !visp_sim_regs_next_csi(regs))
		return visp_sim_regs_start_frame(regs, regs->frame_cnt);
	regs->status |= VISP_STATUS_START_PENDING;

	return 0;
}

/**
 * visp_sim_regs_write() - write a register
 * @regs: register file
 * @offset: register offset
 * @val: value; reserved bits are dropped
 * @events: set to the VISP_SIM_EV_* events the write caused
 *
 * Writes to read-only registers and to offsets that hold no register are
 * ignored and raise VISP_IRQ_BUS_ERR. All writes are ignored while a reset
 * sequence runs (VISP_STATUS_RESET_BUSY).
 *
 * Return: 0 on success, -EIO when the block cannot answer (the write is
 * lost; counted in @regs->bus_errors), -EINVAL for an offset outside the
 * register window.
 */
int visp_sim_regs_write(struct visp_sim_regs *regs, u32 offset, u32 val,
			unsigned int *events)
{
	u32 mask;

	*events = 0;

	if (!visp_sim_regs_offset_ok(offset))
		return -EINVAL;
	if (regs->offline) {
		regs->bus_errors++;
		return -EIO;
	}
	if (regs->status & VISP_STATUS_RESET_BUSY)
		return 0;

	if (offset >= VISP_REG_SHADOW_START) {
		mask = visp_sim_shadow_mask(offset);
		if (mask)
			regs->shadow[offset / 4] = val & mask;
		else
			visp_sim_regs_bus_err(regs, offset);
		return 0;
	}

	switch (offset) {
	case VISP_REG_CTRL:
		*events = visp_sim_regs_ctrl(regs, val);
		break;
	case VISP_REG_FRAME_CNT:
		regs->frame_cnt = val;
		break;
	case VISP_REG_IMR:
		regs->imr = val & VISP_IRQ_ALL;
		break;
	case VISP_REG_ICR:
		regs->isr &= ~val;
		break;
	case VISP_REG_ISR_SET:
		regs->isr |= val & VISP_IRQ_ALL;
		break;
	case VISP_REG_TEST_INJECT:
		regs->test_inject = val & VISP_SIM_INJECT_MASK;
		break;
	case VISP_REG_CSI_CTRL:
		regs->csi_ctrl = val & (VISP_CSI_CTRL_EN | VISP_CSI_CTRL_LANES |
					VISP_CSI_CTRL_DT);
		break;
	case VISP_REG_CSI_ERR_SRC:
		regs->csi_err_src &= ~val;
		break;
	case VISP_REG_CSI_CRC_CNT:
		regs->csi_crc_cnt = 0;
		break;
	case VISP_REG_CSI_ECC_CNT:
		regs->csi_ecc_cnt = 0;
		break;
	case VISP_REG_CSI_FRAME_CNT:
		regs->csi_frame_cnt = val;
		break;
	default:
		/* Read-only registers and unused offsets. */
		visp_sim_regs_bus_err(regs, offset);
		break;
	}

	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_regs_write);

/**
 * visp_sim_regs_set_offline() - set or clear a reason for being offline
 * @regs: register file
 * @reason: one VISP_SIM_OFFLINE_* bit
 * @offline: true when the reason appears, false when it goes away
 *
 * Power loss and the assertion of the reset input return the whole state to
 * its reset value; the release of the reset input starts the reset sequence
 * (VISP_STATUS_RESET_BUSY), which the owner ends with
 * visp_sim_regs_reset_done() after VISP_TIMING_RESET_CYCLES core cycles.
 * Stopping or starting a clock changes nothing but the accessibility.
 *
 * Return: the VISP_SIM_EV_* events caused.
 */
unsigned int visp_sim_regs_set_offline(struct visp_sim_regs *regs,
				       unsigned int reason, bool offline)
{
	unsigned int events = 0;

	if (offline) {
		if (reason & (VISP_SIM_OFFLINE_POWER | VISP_SIM_OFFLINE_RESET))
			events = visp_sim_regs_lose_state(regs);
		regs->offline |= reason;
		return events;
	}

	if ((reason & VISP_SIM_OFFLINE_RESET) &&
	    (regs->offline & VISP_SIM_OFFLINE_RESET)) {
		regs->status = VISP_STATUS_RESET_BUSY;
		events = VISP_SIM_EV_RESET_BUSY;
	}
	regs->offline &= ~reason;

	return events;
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_regs_set_offline);

/**
 * visp_sim_regs_reset_done() - end of the reset sequence
 * @regs: register file
 */
void visp_sim_regs_reset_done(struct visp_sim_regs *regs)
{
	regs->status &= ~VISP_STATUS_RESET_BUSY;
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_regs_reset_done);

/**
 * visp_sim_regs_frame_done() - end of the frame in progress
 * @regs: register file
 * @irqs: VISP_IRQ_* bits to raise besides VISP_IRQ_FRAME_DONE
 * @dma_err_src: VISP_DMA_CH_* bits of the channels that failed
 * @cfg_err_src: VISP_CFG_ERR_* bits of the invalid units
 *
 * Records the errors of the frame in its VISP_REG_FRAME_ERR() slot, raises
 * @irqs then VISP_IRQ_FRAME_DONE and, if a START is queued for a frame from
 * memory, starts the next frame.
 *
 * Return: VISP_SIM_EV_FRAME_START when the next frame started, else 0.
 */
unsigned int visp_sim_regs_frame_done(struct visp_sim_regs *regs, u32 irqs,
				      u32 dma_err_src, u32 cfg_err_src)
{
	if (!(regs->status & VISP_STATUS_BUSY))
		return 0;

	regs->dma_err_src = dma_err_src;
	regs->cfg_err_src = cfg_err_src;
	regs->frame_err[regs->frame % VISP_FRAME_ERR_SLOTS] =
		FIELD_PREP(VISP_FRAME_ERR_DMA, dma_err_src) |
		FIELD_PREP(VISP_FRAME_ERR_CFG, cfg_err_src) |
		FIELD_PREP(VISP_FRAME_ERR_FRAME, regs->frame);
	regs->isr |= (irqs & VISP_IRQ_ALL) | VISP_IRQ_FRAME_DONE;
	regs->status &= ~VISP_STATUS_BUSY;

	if (!(regs->status & VISP_STATUS_START_PENDING) ||
	    visp_sim_regs_next_csi(regs))
		return 0;
	regs->status &= ~VISP_STATUS_START_PENDING;

	return visp_sim_regs_start_frame(regs, regs->frame_cnt);
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_regs_frame_done);

/**
 * visp_sim_regs_csi_frame() - the CSI-2 receiver sees a frame start
 * @regs: register file
 * @dt: data type of the frame's lines, VISP_CSI_DT_*
 * @lanes: data lanes the transmitter drives
 * @received: set when the receiver takes the frame
 *
 * An active receiver takes a frame sent on its lanes with its data type:
 * it numbers the frame with VISP_REG_CSI_FRAME_CNT, counts it, raises
 * VISP_IRQ_CSI_FS and is in the frame (VISP_CSI_STATUS_IN_FRAME) until
 * its lines come, see visp_sim_regs_csi_lines(). A frame on other lanes is
 * an ECC error, one of another data type a DT error.
 */
void visp_sim_regs_csi_frame(struct visp_sim_regs *regs, u8 dt, u8 lanes,
			     bool *received)
{
	*received = false;
	regs->csi_in_frame = false;
	if (!visp_sim_regs_csi_active(regs))
		return;
	if (lanes != FIELD_GET(VISP_CSI_CTRL_LANES, regs->csi_ctrl)) {
		visp_sim_regs_csi_error(regs, VISP_CSI_ERR_ECC);
		return;
	}
	if (dt != FIELD_GET(VISP_CSI_CTRL_DT, regs->csi_ctrl)) {
		visp_sim_regs_csi_error(regs, VISP_CSI_ERR_DT);
		return;
	}

	*received = true;
	regs->csi_in_frame = true;
	regs->csi_frame = regs->csi_frame_cnt++;
	regs->isr |= VISP_IRQ_CSI_FS;
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_regs_csi_frame);

/**
 * visp_sim_regs_csi_lines() - the lines of the receiver's frame come
 * @regs: register file
 *
 * The lines and frame end of the frame whose start the receiver took
 * last: when a START is queued for a frame from the receiver and the
 * pipeline is idle, they start that frame, with the receiver's number of
 * the camera frame as its source.
 *
 * Return: VISP_SIM_EV_FRAME_START when a frame of the pipeline started,
 * else 0.
 */
unsigned int visp_sim_regs_csi_lines(struct visp_sim_regs *regs)
{
	if (!regs->csi_in_frame)
		return 0;
	regs->csi_in_frame = false;

	if (!(regs->status & VISP_STATUS_START_PENDING) ||
	    (regs->status & VISP_STATUS_BUSY) || !visp_sim_regs_next_csi(regs))
		return 0;
	regs->status &= ~VISP_STATUS_START_PENDING;

	return visp_sim_regs_start_frame(regs, regs->csi_frame);
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_regs_csi_lines);

/**
 * visp_sim_regs_csi_drop() - the receiver drops the frame it is in
 * @regs: register file
 *
 * What came after the frame start the receiver took last was not that
 * frame's lines: the receiver leaves the frame, which starts nothing.
 */
void visp_sim_regs_csi_drop(struct visp_sim_regs *regs)
{
	regs->csi_in_frame = false;
}

/**
 * visp_sim_regs_irq_line() - level of the interrupt line
 * @regs: register file
 *
 * Return: true while a raw interrupt status bit is set and enabled.
 */
bool visp_sim_regs_irq_line(const struct visp_sim_regs *regs)
{
	return regs->isr & regs->imr;
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_regs_irq_line);

static u32 visp_sim_active(const struct visp_sim_regs *regs, u32 offset)
{
	return regs->active[offset / 4];
}

/**
 * visp_sim_regs_decode() - decode the active set
 * @regs: register file
 * @cfg: the configuration of the frame in progress, as the model takes it
 */
void visp_sim_regs_decode(const struct visp_sim_regs *regs,
			  struct visp_model_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	visp_model_decode_regs(regs->active, cfg);
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_regs_decode);

static u64 visp_sim_active_addr(const struct visp_sim_regs *regs, u32 lo)
{
	return (u64)visp_sim_active(regs, lo + 4) << 32 |
	       visp_sim_active(regs, lo);
}

/**
 * visp_sim_regs_dma() - the DMA channels of the frame in progress
 * @regs: register file
 * @cfg: the frame's configuration, from visp_sim_regs_decode()
 * @dma: filled with VISP_SIM_DMA_CHANNELS channels; channels the frame
 *	does not use have no lines
 */
void visp_sim_regs_dma(const struct visp_sim_regs *regs,
		       const struct visp_model_config *cfg,
		       struct visp_sim_dma *dma)
{
	struct visp_sim_dma *ch;
	unsigned int p, n;

	memset(dma, 0, sizeof(*dma) * VISP_SIM_DMA_CHANNELS);

	ch = &dma[VISP_SIM_DMA_IN];
	ch->addr = visp_sim_active_addr(regs, VISP_REG_IN_ADDR_LO);
	ch->stride = visp_sim_active(regs, VISP_REG_IN_STRIDE);
	ch->size = visp_sim_active(regs, VISP_REG_IN_BUF_SIZE);
	ch->line_bytes = visp_model_in_line_bytes(cfg->in_type, cfg->in_width);
	/* The CSI-2 receiver, not this channel, brings a camera's frame. */
	ch->lines = cfg->in_csi ? 0 : cfg->in_height;

	for (p = 0; p < VISP_PATH_COUNT; p++) {
		const struct visp_model_path *path = &cfg->path[p];

		for (n = 0; n < 2; n++) {
			ch = &dma[VISP_SIM_DMA_MP_Y + 2 * p + n];
			ch->addr = visp_sim_active_addr(regs,
							VISP_REG_PATH_ADDR_LO(p, n));
			ch->stride = visp_sim_active(regs,
						     VISP_REG_PATH_STRIDE(p, n));
			ch->size = visp_sim_active(regs,
						   VISP_REG_PATH_BUF_SIZE(p, n));
			if (!path->enable)
				continue;
			ch->line_bytes = visp_model_out_line_bytes(path->format,
								   path->out_w, n);
			ch->lines = visp_model_out_lines(path->format,
							 path->out_h, n);
		}
	}

	ch = &dma[VISP_SIM_DMA_STATS];
	ch->addr = visp_sim_active_addr(regs, VISP_REG_STATS_ADDR_LO);
	ch->size = visp_sim_active(regs, VISP_REG_STATS_BUF_SIZE);
	if (cfg->stats_en) {
		ch->line_bytes = sizeof(struct visp_stats_buffer);
		ch->stride = ALIGN(ch->line_bytes, VISP_DMA_ALIGN);
		ch->lines = 1;
	}

	/* The LSC table: one line, no size register. */
	ch = &dma[VISP_SIM_DMA_LSC];
	ch->addr = visp_sim_active_addr(regs, VISP_REG_LSC_ADDR_LO);
	if (cfg->lsc_en &&
	    (visp_sim_active(regs, VISP_REG_LSC_CTRL) & VISP_LSC_CTRL_DMA)) {
		ch->line_bytes = VISP_LSC_TABLE_BYTES;
		ch->stride = ALIGN(ch->line_bytes, VISP_DMA_ALIGN);
		ch->size = ch->line_bytes;
		ch->lines = 1;
	}
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_regs_dma);

/**
 * visp_sim_dma_check() - check the DMA channels of a frame
 * @dma: VISP_SIM_DMA_CHANNELS channels, from visp_sim_regs_dma()
 *
 * Checks what the hardware checks before the first transfer of a frame,
 * except the existence of the memory: address and stride alignment, the
 * stride against the line length and the buffer size against the bytes
 * transferred.
 *
 * Return: the VISP_DMA_CH_* bits of the channels that fail.
 */
u32 visp_sim_dma_check(const struct visp_sim_dma *dma)
{
	u32 err = 0;
	unsigned int i;

	for (i = 0; i < VISP_SIM_DMA_CHANNELS; i++) {
		const struct visp_sim_dma *ch = &dma[i];

		if (!ch->lines)
			continue;
		if (!IS_ALIGNED(ch->addr, VISP_DMA_ALIGN) ||
		    !IS_ALIGNED(ch->stride, VISP_DMA_ALIGN) ||
		    ch->stride < ch->line_bytes ||
		    visp_sim_dma_span(ch) > ch->size ||
		    ch->addr + ch->size - 1 >= BIT_ULL(VISP_DMA_ADDR_BITS) ||
		    ch->addr + ch->size - 1 < ch->addr)
			err |= BIT(i);
	}

	return err;
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_dma_check);
