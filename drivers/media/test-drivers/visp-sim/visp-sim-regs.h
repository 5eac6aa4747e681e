/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VISP simulator: the register file
 *
 * The register file of the simulated ISP as a plain data structure, with
 * the semantics of Documentation/driver-api/media/drivers/visp/registers.rst:
 * global and shadowed registers, shadow to active latching at frame start,
 * the command and status bits, the interrupt registers, soft reset, and the
 * loss of state when the block loses power or is held in reset. It knows
 * nothing of devices, time or memory: its owner serialises the calls, runs
 * the frames and reports their end. The KUnit tests use it on its own.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_SIM_REGS_H__
#define __VISP_SIM_REGS_H__

#include <linux/types.h>

#include <media/visp-regs.h>

#include "visp-model.h"

/*
 * The simulator's test registers, which the hardware's register map
 * (<media/visp-regs.h>) does not have.
 */

/* Test: writing 1 to a bit sets it in ISR. */
#define VISP_REG_ISR_SET			0x0030

/* Fault injection, bits clear when consumed by a frame start. */
#define VISP_REG_TEST_INJECT			0x00f0
#define VISP_TEST_INJECT_HANG			BIT(0)
#define VISP_TEST_INJECT_DMA_ERR		BIT(1)

/* Number of 32-bit registers in the window. */
#define VISP_SIM_REGS		(VISP_REG_SPACE_SIZE / 4)

/*
 * Reasons why the register slave cannot answer (struct visp_sim_regs
 * @offline): a register access fails as an APB error.
 */
#define VISP_SIM_OFFLINE_APB_CLK	BIT(0)	/* apb clock stopped */
#define VISP_SIM_OFFLINE_CORE_CLK	BIT(1)	/* core clock stopped */
#define VISP_SIM_OFFLINE_POWER		BIT(2)	/* power domain off */
#define VISP_SIM_OFFLINE_RESET		BIT(3)	/* reset input asserted */
#define VISP_SIM_OFFLINE_ALL		GENMASK(3, 0)

/* Events returned to the owner of the register file. */
#define VISP_SIM_EV_FRAME_START		BIT(0)	/* a frame started: run it */
#define VISP_SIM_EV_ABORT		BIT(1)	/* the frame in progress is dropped */
#define VISP_SIM_EV_RESET_BUSY		BIT(2)	/* a reset sequence started */

/* DMA channels, in the order of the VISP_DMA_CH_* bits. */
enum visp_sim_dma_ch {
	VISP_SIM_DMA_IN,
	VISP_SIM_DMA_MP_Y,
	VISP_SIM_DMA_MP_C,
	VISP_SIM_DMA_SP_Y,
	VISP_SIM_DMA_SP_C,
	VISP_SIM_DMA_STATS,
	VISP_SIM_DMA_LSC,
	VISP_SIM_DMA_CHANNELS,
};

/**
 * struct visp_sim_dma - one DMA channel of a frame
 *
 * @addr: bus address of the buffer
 * @stride: bytes between line starts
 * @size: bytes of the buffer, as programmed
 * @line_bytes: bytes transferred per line
 * @lines: lines transferred, 0 when the channel is not used by the frame
 */
struct visp_sim_dma {
	u64 addr;
	u32 stride;
	u32 size;
	u32 line_bytes;
	u32 lines;
};

/**
 * visp_sim_dma_span() - bytes a DMA channel reads or writes
 * @ch: the channel, used by the frame (@lines not 0)
 *
 * Return: the bytes from the channel's first to its last, the end of its
 * last line.
 */
static inline u64 visp_sim_dma_span(const struct visp_sim_dma *ch)
{
	return (u64)ch->stride * (ch->lines - 1) + ch->line_bytes;
}

/**
 * struct visp_sim_regs - state of the register file
 *
 * @shadow: shadow set, indexed by offset / 4; the entries below
 *	VISP_REG_SHADOW_START are unused and stay 0
 * @active: active set, the configuration of the frame in progress, indexed
 *	as @shadow
 * @status: VISP_REG_STATUS
 * @frame_cnt: VISP_REG_FRAME_CNT
 * @isr: VISP_REG_ISR
 * @imr: VISP_REG_IMR
 * @dma_err_src: VISP_REG_DMA_ERR_SRC
 * @cfg_err_src: VISP_REG_CFG_ERR_SRC
 * @bus_err_addr: VISP_REG_BUS_ERR_ADDR
 * @frame_err: VISP_REG_FRAME_ERR(0) to VISP_REG_FRAME_ERR(VISP_FRAME_ERR_SLOTS - 1)
 * @frame_src: VISP_REG_FRAME_SRC(0) to VISP_REG_FRAME_SRC(VISP_FRAME_ERR_SLOTS - 1)
 * @test_inject: VISP_REG_TEST_INJECT
 * @csi_ctrl: VISP_REG_CSI_CTRL
 * @csi_err_src: VISP_REG_CSI_ERR_SRC
 * @csi_crc_cnt: VISP_REG_CSI_CRC_CNT
 * @csi_ecc_cnt: VISP_REG_CSI_ECC_CNT
 * @csi_frame_cnt: VISP_REG_CSI_FRAME_CNT
 * @csi_frame: the receiver's number of the frame it took last
 * @csi_in_frame: VISP_CSI_STATUS_IN_FRAME: the receiver took a frame
 *	start and waits for its lines
 * @frame: number of the frame in progress (FRAME_CNT when it started)
 * @frame_inject: the TEST_INJECT bits consumed by the frame in progress
 * @offline: VISP_SIM_OFFLINE_* reasons why accesses fail, 0 when none
 * @bus_errors: register accesses refused because of @offline
 * @reg_errors: accesses that raised VISP_IRQ_BUS_ERR
 *
 * Everything but @offline and the two error counters is hardware state,
 * returned to its reset value by a soft reset, the reset input and power
 * loss.
 */
struct visp_sim_regs {
	u32 shadow[VISP_SIM_REGS];
	u32 active[VISP_SIM_REGS];
	u32 status;
	u32 frame_cnt;
	u32 isr;
	u32 imr;
	u32 dma_err_src;
	u32 cfg_err_src;
	u32 bus_err_addr;
	u32 frame_err[VISP_FRAME_ERR_SLOTS];
	u32 frame_src[VISP_FRAME_ERR_SLOTS];
	u32 test_inject;
	u32 csi_ctrl;
	u32 csi_err_src;
	u32 csi_crc_cnt;
	u32 csi_ecc_cnt;
	u32 csi_frame_cnt;
	u32 csi_frame;
	bool csi_in_frame;
	u32 frame;
	u32 frame_inject;
	unsigned int offline;
	u64 bus_errors;
	u64 reg_errors;
};

void visp_sim_regs_init(struct visp_sim_regs *regs, unsigned int offline);
int visp_sim_regs_read(struct visp_sim_regs *regs, u32 offset, u32 *val);
int visp_sim_regs_write(struct visp_sim_regs *regs, u32 offset, u32 val,
			unsigned int *events);
unsigned int visp_sim_regs_set_offline(struct visp_sim_regs *regs,
				       unsigned int reason, bool offline);
void visp_sim_regs_reset_done(struct visp_sim_regs *regs);
unsigned int visp_sim_regs_frame_done(struct visp_sim_regs *regs, u32 irqs,
				      u32 dma_err_src, u32 cfg_err_src);
void visp_sim_regs_csi_error(struct visp_sim_regs *regs, u32 errors);
void visp_sim_regs_csi_frame(struct visp_sim_regs *regs, u8 dt, u8 lanes,
			     bool *received);
unsigned int visp_sim_regs_csi_lines(struct visp_sim_regs *regs);
void visp_sim_regs_csi_drop(struct visp_sim_regs *regs);
bool visp_sim_regs_irq_line(const struct visp_sim_regs *regs);
void visp_sim_regs_decode(const struct visp_sim_regs *regs,
			  struct visp_model_config *cfg);
void visp_sim_regs_dma(const struct visp_sim_regs *regs,
		       const struct visp_model_config *cfg,
		       struct visp_sim_dma *dma);
u32 visp_sim_dma_check(const struct visp_sim_dma *dma);

#endif /* __VISP_SIM_REGS_H__ */
