// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the VISP simulator's register file, against the register
 * reference (Documentation/driver-api/media/drivers/visp/registers.rst and
 * timing.rst): shadow registers and commit, the command and status bits,
 * the interrupt registers, soft reset, power loss, the reset input, and
 * the accesses that fail or raise BUS_ERR.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/bitfield.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include <kunit/test.h>

#include "visp-sim-regs.h"

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);

static struct visp_sim_regs *visp_test_regs(struct kunit *test)
{
	struct visp_sim_regs *regs;

	regs = kunit_kzalloc(test, sizeof(*regs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, regs);
	visp_sim_regs_init(regs, 0);

	return regs;
}

static u32 visp_test_read(struct kunit *test, struct visp_sim_regs *regs,
			  u32 offset)
{
	u32 val;

	KUNIT_EXPECT_EQ(test, visp_sim_regs_read(regs, offset, &val), 0);
	return val;
}

static unsigned int visp_test_write(struct kunit *test,
				    struct visp_sim_regs *regs, u32 offset,
				    u32 val)
{
	unsigned int events;

	KUNIT_EXPECT_EQ(test, visp_sim_regs_write(regs, offset, val, &events),
			0);
	return events;
}

static u32 visp_test_active(struct visp_sim_regs *regs, u32 offset)
{
	return regs->active[offset / 4];
}

static void visp_sim_test_id(struct kunit *test)
{
	struct visp_sim_regs *regs = visp_test_regs(test);

	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_ID),
			VISP_ID_VALUE);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_VERSION),
			VISP_VERSION_VALUE);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_STATUS), 0);
	KUNIT_EXPECT_EQ(test, regs->isr, 0);
}

/* Shadow writes are read back, and reach the active set only on commit. */
static void visp_sim_test_shadow_commit(struct kunit *test)
{
	struct visp_sim_regs *regs = visp_test_regs(test);
	unsigned int events;

	visp_test_write(test, regs, VISP_REG_IN_SIZE, 0x00100020);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_IN_SIZE),
			0x00100020);
	KUNIT_EXPECT_EQ(test, visp_test_active(regs, VISP_REG_IN_SIZE), 0);

	/* A frame without a pending commit keeps the active set. */
	events = visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_START);
	KUNIT_EXPECT_EQ(test, events, VISP_SIM_EV_FRAME_START);
	KUNIT_EXPECT_EQ(test, visp_test_active(regs, VISP_REG_IN_SIZE), 0);
	KUNIT_EXPECT_EQ(test, visp_sim_regs_frame_done(regs, 0, 0, 0), 0);

	events = visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_COMMIT);
	KUNIT_EXPECT_EQ(test, events, 0);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_STATUS),
			VISP_STATUS_COMMIT_PENDING);
	/* Writes after COMMIT are latched with the others. */
	visp_test_write(test, regs, VISP_REG_IN_STRIDE, 64);
	KUNIT_EXPECT_EQ(test, visp_test_active(regs, VISP_REG_IN_SIZE), 0);

	events = visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_START);
	KUNIT_EXPECT_EQ(test, events, VISP_SIM_EV_FRAME_START);
	KUNIT_EXPECT_EQ(test, visp_test_active(regs, VISP_REG_IN_SIZE),
			0x00100020);
	KUNIT_EXPECT_EQ(test, visp_test_active(regs, VISP_REG_IN_STRIDE), 64);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_STATUS),
			VISP_STATUS_BUSY);
	KUNIT_EXPECT_TRUE(test, regs->isr & VISP_IRQ_FRAME_START);
	KUNIT_EXPECT_EQ(test, regs->frame, 1);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_FRAME_CNT), 2);
}

/* Frame N + 1 is programmed and queued while frame N runs. */
static void visp_sim_test_double_buffer(struct kunit *test)
{
	struct visp_sim_regs *regs = visp_test_regs(test);
	unsigned int events;

	visp_test_write(test, regs, VISP_REG_FRAME_CNT, 100);
	visp_test_write(test, regs, VISP_REG_DPC_THRESH, 1);
	visp_test_write(test, regs, VISP_REG_CTRL,
			VISP_CTRL_COMMIT | VISP_CTRL_START);
	KUNIT_EXPECT_EQ(test, regs->frame, 100);
	KUNIT_EXPECT_EQ(test, visp_test_active(regs, VISP_REG_DPC_THRESH), 1);

	visp_test_write(test, regs, VISP_REG_DPC_THRESH, 2);
	events = visp_test_write(test, regs, VISP_REG_CTRL,
				 VISP_CTRL_COMMIT | VISP_CTRL_START);
	KUNIT_EXPECT_EQ(test, events, 0);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_STATUS),
			VISP_STATUS_BUSY | VISP_STATUS_START_PENDING |
			VISP_STATUS_COMMIT_PENDING);
	/* Frame N still runs with its own configuration. */
	KUNIT_EXPECT_EQ(test, visp_test_active(regs, VISP_REG_DPC_THRESH), 1);

	visp_test_write(test, regs, VISP_REG_ICR, VISP_IRQ_ALL);
	events = visp_sim_regs_frame_done(regs, VISP_IRQ_STATS_DONE, 0, 0);
	KUNIT_EXPECT_EQ(test, events, VISP_SIM_EV_FRAME_START);
	KUNIT_EXPECT_EQ(test, regs->isr, VISP_IRQ_FRAME_DONE |
			VISP_IRQ_STATS_DONE | VISP_IRQ_FRAME_START);
	KUNIT_EXPECT_EQ(test, regs->frame, 101);
	KUNIT_EXPECT_EQ(test, visp_test_active(regs, VISP_REG_DPC_THRESH), 2);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_STATUS),
			VISP_STATUS_BUSY);

	/* The last frame ends with nothing queued: the core goes idle. */
	KUNIT_EXPECT_EQ(test, visp_sim_regs_frame_done(regs, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_STATUS), 0);
	/* A stale completion does nothing. */
	visp_test_write(test, regs, VISP_REG_ICR, VISP_IRQ_ALL);
	KUNIT_EXPECT_EQ(test, visp_sim_regs_frame_done(regs, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, regs->isr, 0);
}

static u32 visp_test_frame_err(u32 frame, u32 dma_err, u32 cfg_err)
{
	return FIELD_PREP(VISP_FRAME_ERR_FRAME, frame & 0xffff) |
	       FIELD_PREP(VISP_FRAME_ERR_DMA, dma_err) |
	       FIELD_PREP(VISP_FRAME_ERR_CFG, cfg_err);
}

/*
 * Two frames that fail back to back, the second queued while the first
 * runs, each keep their errors in their own FRAME_ERR slot, written when
 * the frame ends, until the frame VISP_FRAME_ERR_SLOTS later ends.
 */
static void visp_sim_test_frame_err(struct kunit *test)
{
	struct visp_sim_regs *regs = visp_test_regs(test);
	unsigned int i, events;

	/* Frames 0x1fffe to 0x20003, in slots 2, 3, 0, 1, 2, 3. */
	visp_test_write(test, regs, VISP_REG_FRAME_CNT, 0x1fffe);
	visp_test_write(test, regs, VISP_REG_CTRL,
			VISP_CTRL_COMMIT | VISP_CTRL_START);
	visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_START);
	events = visp_sim_regs_frame_done(regs, VISP_IRQ_DMA_ERR,
					  VISP_DMA_CH_IN, 0);
	KUNIT_EXPECT_EQ(test, events, VISP_SIM_EV_FRAME_START);
	visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_START);
	events = visp_sim_regs_frame_done(regs, VISP_IRQ_CFG_ERR, 0,
					  VISP_CFG_ERR_SP);
	KUNIT_EXPECT_EQ(test, events, VISP_SIM_EV_FRAME_START);

	/* The sources of the last frame have lost the first error. */
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_DMA_ERR_SRC),
			0);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_FRAME_ERR(2)),
			visp_test_frame_err(0x1fffe, VISP_DMA_CH_IN, 0));
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_FRAME_ERR(3)),
			visp_test_frame_err(0x1ffff, 0, VISP_CFG_ERR_SP));
	/* Frame 0x20000 runs: its slot is not written yet. */
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_FRAME_ERR(0)),
			0);

	KUNIT_EXPECT_EQ(test, visp_sim_regs_frame_done(regs, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_FRAME_ERR(0)),
			visp_test_frame_err(0x20000, 0, 0));

	/* Frame 0x20002 reuses slot 2 when it ends, not when it starts. */
	visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_START);
	visp_sim_regs_frame_done(regs, VISP_IRQ_DMA_ERR, VISP_DMA_CH_MP_Y |
				 VISP_DMA_CH_STATS, 0);
	visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_START);
	KUNIT_EXPECT_EQ(test, regs->frame, 0x20002);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_FRAME_ERR(2)),
			visp_test_frame_err(0x1fffe, VISP_DMA_CH_IN, 0));
	visp_sim_regs_frame_done(regs, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_FRAME_ERR(1)),
			visp_test_frame_err(0x20001, VISP_DMA_CH_MP_Y |
					    VISP_DMA_CH_STATS, 0));
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_FRAME_ERR(2)),
			visp_test_frame_err(0x20002, 0, 0));
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_FRAME_ERR(3)),
			visp_test_frame_err(0x1ffff, 0, VISP_CFG_ERR_SP));

	/* Read-only. */
	visp_test_write(test, regs, VISP_REG_FRAME_ERR(3), 0);
	KUNIT_EXPECT_EQ(test, regs->isr & VISP_IRQ_BUS_ERR, VISP_IRQ_BUS_ERR);
	KUNIT_EXPECT_EQ(test, regs->bus_err_addr, VISP_REG_FRAME_ERR(3));
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_FRAME_ERR(3)),
			visp_test_frame_err(0x1ffff, 0, VISP_CFG_ERR_SP));

	/* A soft reset clears them. */
	visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_SOFT_RESET);
	visp_sim_regs_reset_done(regs);
	for (i = 0; i < VISP_FRAME_ERR_SLOTS; i++)
		KUNIT_EXPECT_EQ(test, visp_test_read(test, regs,
						     VISP_REG_FRAME_ERR(i)), 0);
}

static void visp_sim_test_overflow_stop(struct kunit *test)
{
	struct visp_sim_regs *regs = visp_test_regs(test);

	visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_START);
	visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_START);
	KUNIT_EXPECT_FALSE(test, regs->isr & VISP_IRQ_OVERFLOW);
	visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_START);
	KUNIT_EXPECT_TRUE(test, regs->isr & VISP_IRQ_OVERFLOW);
	KUNIT_EXPECT_TRUE(test, regs->status & VISP_STATUS_START_PENDING);

	visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_STOP);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_STATUS),
			VISP_STATUS_BUSY);
	KUNIT_EXPECT_EQ(test, visp_sim_regs_frame_done(regs, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_STATUS), 0);
	/* CTRL is write-only. */
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_CTRL), 0);
}

static void visp_sim_test_interrupts(struct kunit *test)
{
	struct visp_sim_regs *regs = visp_test_regs(test);

	visp_test_write(test, regs, VISP_REG_ISR_SET, 0xffffffff);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_ISR),
			VISP_IRQ_ALL);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_MIS), 0);
	KUNIT_EXPECT_FALSE(test, visp_sim_regs_irq_line(regs));

	visp_test_write(test, regs, VISP_REG_IMR, 0xffffffff);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_IMR),
			VISP_IRQ_ALL);
	visp_test_write(test, regs, VISP_REG_IMR,
			VISP_IRQ_FRAME_DONE | VISP_IRQ_DMA_ERR);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_MIS),
			VISP_IRQ_FRAME_DONE | VISP_IRQ_DMA_ERR);
	KUNIT_EXPECT_TRUE(test, visp_sim_regs_irq_line(regs));

	/* Write 1 to clear, other bits untouched. */
	visp_test_write(test, regs, VISP_REG_ICR, VISP_IRQ_FRAME_DONE);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_ISR),
			VISP_IRQ_ALL & ~VISP_IRQ_FRAME_DONE);
	KUNIT_EXPECT_TRUE(test, visp_sim_regs_irq_line(regs));
	visp_test_write(test, regs, VISP_REG_ICR, VISP_IRQ_DMA_ERR);
	KUNIT_EXPECT_FALSE(test, visp_sim_regs_irq_line(regs));
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_MIS), 0);
	visp_test_write(test, regs, VISP_REG_ICR, VISP_IRQ_ALL);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_ISR), 0);
	/* ICR and ISR_SET are write-only. */
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_ICR), 0);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_ISR_SET), 0);
}

static void visp_sim_test_bus_err(struct kunit *test)
{
	static const u32 bad[] = { 0x0008, 0x001c, 0x0060, 0x00fc, 0x0118,
				   0x0240, 0x0418, 0x050c, 0x0584, 0x0614,
				   0x0660, 0x0904, 0x09fc, 0x0c44, 0x1374,
				   0x1ffc };
	struct visp_sim_regs *regs = visp_test_regs(test);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		regs->isr = 0;
		KUNIT_EXPECT_EQ_MSG(test, visp_test_read(test, regs, bad[i]), 0,
				    "offset 0x%04x", bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, regs->isr, VISP_IRQ_BUS_ERR,
				    "offset 0x%04x", bad[i]);
		KUNIT_EXPECT_EQ(test, regs->bus_err_addr, bad[i]);
	}

	/* Writes to read-only registers are ignored and raise BUS_ERR. */
	regs->isr = 0;
	visp_test_write(test, regs, VISP_REG_STATUS, VISP_STATUS_BUSY);
	KUNIT_EXPECT_EQ(test, regs->isr, VISP_IRQ_BUS_ERR);
	KUNIT_EXPECT_EQ(test, regs->bus_err_addr, VISP_REG_STATUS);
	KUNIT_EXPECT_EQ(test, regs->status, 0);
	visp_test_write(test, regs, VISP_REG_ID, 0);
	KUNIT_EXPECT_EQ(test, regs->bus_err_addr, VISP_REG_ID);
	visp_test_write(test, regs, VISP_REG_ICR, VISP_IRQ_ALL);
	visp_test_write(test, regs, VISP_REG_MIS, VISP_IRQ_ALL);
	KUNIT_EXPECT_EQ(test, regs->isr, VISP_IRQ_BUS_ERR);
	KUNIT_EXPECT_EQ(test, regs->bus_err_addr, VISP_REG_MIS);
	KUNIT_EXPECT_EQ(test, regs->reg_errors, ARRAY_SIZE(bad) + 3);

	/* Registers at the edges of their blocks do exist. */
	regs->isr = 0;
	visp_test_read(test, regs, VISP_REG_PATH_BUF_SIZE(1, 1));
	visp_test_read(test, regs, VISP_REG_CCM_OFFSET(2));
	visp_test_read(test, regs, VISP_REG_STATS_UNIT_THRESH(VISP_AF_STATS_BASE));
	visp_test_read(test, regs, VISP_REG_GAMMA_LUT(64));
	visp_test_read(test, regs, VISP_REG_TONE_LUT(0));
	visp_test_read(test, regs, VISP_REG_TONE_LUT(VISP_TONE_LUT_ENTRIES - 1));
	visp_test_read(test, regs, VISP_REG_LSC_TABLE(3, 220));
	visp_test_read(test, regs, VISP_REG_FRAME_ERR(0));
	visp_test_read(test, regs, VISP_REG_FRAME_ERR(VISP_FRAME_ERR_SLOTS - 1));
	visp_test_read(test, regs, VISP_REG_FRAME_SRC(0));
	visp_test_read(test, regs, VISP_REG_FRAME_SRC(VISP_FRAME_ERR_SLOTS - 1));
	visp_test_read(test, regs, VISP_REG_TEST_INJECT);
	KUNIT_EXPECT_EQ(test, regs->isr, 0);

	/* Outside the window: not an access the bus can make. */
	KUNIT_EXPECT_EQ(test, visp_sim_regs_read(regs, VISP_REG_SPACE_SIZE,
						 &i), -EINVAL);
	KUNIT_EXPECT_EQ(test, visp_sim_regs_read(regs, 2, &i), -EINVAL);
}

static void visp_sim_test_reserved_bits(struct kunit *test)
{
	struct visp_sim_regs *regs = visp_test_regs(test);

	visp_test_write(test, regs, VISP_REG_IN_FMT, 0xffffffff);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_IN_FMT),
			VISP_IN_FMT_BAYER | VISP_IN_FMT_TYPE |
			VISP_IN_FMT_SRC_CSI);
	visp_test_write(test, regs, VISP_REG_PATH_HSTEP(1), 0xffffffff);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_PATH_HSTEP(1)),
			VISP_SCALE_STEP);
	visp_test_write(test, regs, VISP_REG_PATH_HPHASE(0), 0xfffe0000);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_PATH_HPHASE(0)),
			0xfffe0000);
	visp_test_write(test, regs,
			VISP_REG_STATS_UNIT_CTRL(VISP_AWB_STATS_BASE), 3);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs,
					     VISP_REG_STATS_UNIT_CTRL(VISP_AWB_STATS_BASE)),
			VISP_STATS_UNIT_EN);
	visp_test_write(test, regs,
			VISP_REG_STATS_UNIT_CTRL(VISP_AE_STATS_BASE), 3);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs,
					     VISP_REG_STATS_UNIT_CTRL(VISP_AE_STATS_BASE)),
			VISP_STATS_UNIT_EN | VISP_AE_CTRL_POST_GAMMA);
	visp_test_write(test, regs, VISP_REG_TEST_INJECT, 0xffffffff);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_TEST_INJECT),
			VISP_TEST_INJECT_HANG | VISP_TEST_INJECT_DMA_ERR);
	KUNIT_EXPECT_EQ(test, regs->isr, 0);
}

/* Programs a little of everything, as a state to see reset. */
static void visp_test_program(struct kunit *test, struct visp_sim_regs *regs)
{
	visp_test_write(test, regs, VISP_REG_IMR, VISP_IRQ_ALL);
	visp_test_write(test, regs, VISP_REG_FRAME_CNT, 7);
	visp_test_write(test, regs, VISP_REG_TEST_INJECT, VISP_TEST_INJECT_HANG);
	visp_test_write(test, regs, VISP_REG_LSC_TABLE(2, 5), 1024);
	visp_test_write(test, regs, VISP_REG_CTRL,
			VISP_CTRL_COMMIT | VISP_CTRL_START);
	visp_test_write(test, regs, VISP_REG_CTRL,
			VISP_CTRL_COMMIT | VISP_CTRL_START);
	visp_test_write(test, regs, VISP_REG_ISR_SET, VISP_IRQ_DMA_ERR);
	KUNIT_EXPECT_EQ(test, visp_test_active(regs, VISP_REG_LSC_TABLE(2, 5)),
			1024);
	KUNIT_EXPECT_EQ(test, regs->status, VISP_STATUS_BUSY |
			VISP_STATUS_START_PENDING | VISP_STATUS_COMMIT_PENDING);
}

/* Every register, shadow and active, at its reset value. */
static void visp_test_expect_reset(struct kunit *test,
				   struct visp_sim_regs *regs)
{
	unsigned int i, bad = 0;

	for (i = 0; i < VISP_SIM_REGS; i++)
		if (regs->shadow[i] || regs->active[i])
			bad++;
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, regs->frame_cnt, 0);
	KUNIT_EXPECT_EQ(test, regs->isr, 0);
	KUNIT_EXPECT_EQ(test, regs->imr, 0);
	KUNIT_EXPECT_EQ(test, regs->test_inject, 0);
	KUNIT_EXPECT_EQ(test, regs->dma_err_src, 0);
	KUNIT_EXPECT_EQ(test, regs->cfg_err_src, 0);
	KUNIT_EXPECT_EQ(test, regs->bus_err_addr, 0);
	KUNIT_EXPECT_EQ(test, regs->status & ~VISP_STATUS_RESET_BUSY, 0);
}

static void visp_sim_test_soft_reset(struct kunit *test)
{
	struct visp_sim_regs *regs = visp_test_regs(test);
	unsigned int events;

	visp_test_program(test, regs);
	events = visp_test_write(test, regs, VISP_REG_CTRL,
				 VISP_CTRL_SOFT_RESET | VISP_CTRL_START);
	KUNIT_EXPECT_EQ(test, events, VISP_SIM_EV_ABORT | VISP_SIM_EV_RESET_BUSY);
	visp_test_expect_reset(test, regs);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_STATUS),
			VISP_STATUS_RESET_BUSY);

	/* Writes are ignored until the reset sequence ends. */
	events = visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_START);
	KUNIT_EXPECT_EQ(test, events, 0);
	visp_test_write(test, regs, VISP_REG_IMR, VISP_IRQ_ALL);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_IMR), 0);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_ID),
			VISP_ID_VALUE);

	visp_sim_regs_reset_done(regs);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_STATUS), 0);
	visp_test_write(test, regs, VISP_REG_IMR, VISP_IRQ_ALL);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_IMR),
			VISP_IRQ_ALL);

	/* A soft reset of an idle core drops no frame. */
	events = visp_test_write(test, regs, VISP_REG_CTRL,
				 VISP_CTRL_SOFT_RESET);
	KUNIT_EXPECT_EQ(test, events, VISP_SIM_EV_RESET_BUSY);
}

static void visp_sim_test_power_loss(struct kunit *test)
{
	struct visp_sim_regs *regs = visp_test_regs(test);
	unsigned int events;

	visp_test_program(test, regs);
	events = visp_sim_regs_set_offline(regs, VISP_SIM_OFFLINE_POWER, true);
	KUNIT_EXPECT_EQ(test, events, VISP_SIM_EV_ABORT);
	events = visp_sim_regs_set_offline(regs, VISP_SIM_OFFLINE_POWER, false);
	KUNIT_EXPECT_EQ(test, events, 0);
	visp_test_expect_reset(test, regs);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_STATUS), 0);
	KUNIT_EXPECT_FALSE(test, visp_sim_regs_irq_line(regs));
}

static void visp_sim_test_reset_input(struct kunit *test)
{
	struct visp_sim_regs *regs = visp_test_regs(test);
	unsigned int events;

	visp_test_program(test, regs);
	events = visp_sim_regs_set_offline(regs, VISP_SIM_OFFLINE_RESET, true);
	KUNIT_EXPECT_EQ(test, events, VISP_SIM_EV_ABORT);
	events = visp_sim_regs_set_offline(regs, VISP_SIM_OFFLINE_RESET, false);
	KUNIT_EXPECT_EQ(test, events, VISP_SIM_EV_RESET_BUSY);
	visp_test_expect_reset(test, regs);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_STATUS),
			VISP_STATUS_RESET_BUSY);
	visp_sim_regs_reset_done(regs);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_STATUS), 0);

	/* Releasing a reset that was not asserted starts nothing. */
	events = visp_sim_regs_set_offline(regs, VISP_SIM_OFFLINE_RESET, false);
	KUNIT_EXPECT_EQ(test, events, 0);
}

/* A stopped clock makes accesses fail but keeps the state. */
static void visp_sim_test_clock_stop(struct kunit *test)
{
	struct visp_sim_regs *regs = visp_test_regs(test);
	unsigned int events;

	visp_test_program(test, regs);
	events = visp_sim_regs_set_offline(regs, VISP_SIM_OFFLINE_CORE_CLK,
					   true);
	KUNIT_EXPECT_EQ(test, events, 0);
	events = visp_sim_regs_set_offline(regs, VISP_SIM_OFFLINE_CORE_CLK,
					   false);
	KUNIT_EXPECT_EQ(test, events, 0);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_FRAME_CNT), 8);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_LSC_TABLE(2, 5)),
			1024);
}

static const unsigned int visp_offline_cases[] = {
	VISP_SIM_OFFLINE_APB_CLK,
	VISP_SIM_OFFLINE_CORE_CLK,
	VISP_SIM_OFFLINE_POWER,
	VISP_SIM_OFFLINE_RESET,
	VISP_SIM_OFFLINE_APB_CLK | VISP_SIM_OFFLINE_POWER,
};

static void visp_offline_desc(const unsigned int *c, char *desc)
{
	static const char * const names[] = {
		"apb-clock", "core-clock", "power", "reset",
	};
	unsigned int i;

	desc[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(*c & BIT(i)))
			continue;
		if (desc[0])
			strlcat(desc, "+", KUNIT_PARAM_DESC_SIZE);
		strlcat(desc, names[i], KUNIT_PARAM_DESC_SIZE);
	}
}

KUNIT_ARRAY_PARAM(visp_offline, visp_offline_cases, visp_offline_desc);

/* Accesses without clocks, power or out of reset fail as APB errors. */
static void visp_sim_test_offline_access(struct kunit *test)
{
	const unsigned int *reason = test->param_value;
	struct visp_sim_regs *regs = visp_test_regs(test);
	unsigned int events;
	u32 val = 0xdead;

	visp_test_write(test, regs, VISP_REG_IMR, VISP_IRQ_FRAME_DONE);
	visp_sim_regs_set_offline(regs, *reason, true);

	KUNIT_EXPECT_EQ(test, visp_sim_regs_read(regs, VISP_REG_ID, &val), -EIO);
	KUNIT_EXPECT_EQ(test, val, 0);
	KUNIT_EXPECT_EQ(test, visp_sim_regs_write(regs, VISP_REG_CTRL,
						  VISP_CTRL_START, &events),
			-EIO);
	KUNIT_EXPECT_EQ(test, events, 0);
	KUNIT_EXPECT_EQ(test, visp_sim_regs_write(regs, VISP_REG_IMR,
						  VISP_IRQ_ALL, &events),
			-EIO);
	/* An unused offset fails the same way: nothing answers. */
	KUNIT_EXPECT_EQ(test, visp_sim_regs_read(regs, 0x0008, &val), -EIO);
	KUNIT_EXPECT_EQ(test, regs->bus_errors, 4);
	/* No interrupt, nothing recorded. */
	KUNIT_EXPECT_EQ(test, regs->isr, 0);
	KUNIT_EXPECT_EQ(test, regs->reg_errors, 0);
	KUNIT_EXPECT_EQ(test, regs->status, 0);

	visp_sim_regs_set_offline(regs, *reason, false);
	visp_sim_regs_reset_done(regs);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_ID),
			VISP_ID_VALUE);
	KUNIT_EXPECT_EQ(test, regs->bus_errors, 4);
	/* State survives a stopped clock only. */
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_IMR),
			*reason & (VISP_SIM_OFFLINE_POWER | VISP_SIM_OFFLINE_RESET) ?
			0 : VISP_IRQ_FRAME_DONE);
}

static void visp_sim_test_decode(struct kunit *test)
{
	struct visp_sim_regs *regs = visp_test_regs(test);
	struct visp_model_config *cfg;

	cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cfg);

	visp_test_write(test, regs, VISP_REG_IN_FMT,
			FIELD_PREP(VISP_IN_FMT_TYPE, VISP_IN_TYPE_RAW12_CSI2P) |
			FIELD_PREP(VISP_IN_FMT_BAYER, VISP_BAYER_GBRG));
	visp_test_write(test, regs, VISP_REG_IN_SIZE, 0x04380780);
	visp_test_write(test, regs, VISP_REG_BLS_GB_B, 0x0fff0010);
	visp_test_write(test, regs, VISP_REG_CCM_COEFF(4), 0x2000);
	visp_test_write(test, regs, VISP_REG_CCM_OFFSET(1), 0x1fff);
	visp_test_write(test, regs, VISP_REG_WB_GAIN_R_GR, 0x3fff0400);
	visp_test_write(test, regs, VISP_REG_GAMMA_LUT(64), 4095);
	visp_test_write(test, regs, VISP_REG_GAMMA_CTRL,
			VISP_BLOCK_EN | VISP_GAMMA_CTRL_TONE);
	visp_test_write(test, regs, VISP_REG_TONE_LUT(1), 0xf013);
	visp_test_write(test, regs, VISP_REG_TONE_LUT(144), 4095);
	visp_test_write(test, regs, VISP_REG_LSC_TABLE(3, 220), 2048);
	visp_test_write(test, regs, VISP_REG_CSC_CTRL, 0x12);
	visp_test_write(test, regs, VISP_REG_PATH_CTRL(1),
			VISP_PATH_CTRL_EN |
			FIELD_PREP(VISP_PATH_CTRL_FMT, VISP_OUT_FMT_NV12));
	visp_test_write(test, regs, VISP_REG_PATH_CROP_POS(1), 0x00020004);
	visp_test_write(test, regs, VISP_REG_PATH_VPHASE(1), 0xffff8000);
	visp_test_write(test, regs, VISP_REG_STATS_UNIT_CTRL(VISP_AE_STATS_BASE),
			VISP_STATS_UNIT_EN | VISP_AE_CTRL_POST_GAMMA);
	visp_test_write(test, regs, VISP_REG_STATS_UNIT_GRID(VISP_AE_STATS_BASE),
			0x0f10);
	visp_test_write(test, regs, VISP_REG_STATS_UNIT_THRESH(VISP_AF_STATS_BASE),
			77);

	/* Nothing is decoded before it is latched. */
	visp_sim_regs_decode(regs, cfg);
	KUNIT_EXPECT_EQ(test, cfg->in_width, 0);

	visp_test_write(test, regs, VISP_REG_CTRL,
			VISP_CTRL_COMMIT | VISP_CTRL_START);
	visp_sim_regs_decode(regs, cfg);
	KUNIT_EXPECT_EQ(test, cfg->in_type, VISP_IN_TYPE_RAW12_CSI2P);
	KUNIT_EXPECT_EQ(test, cfg->bayer, VISP_BAYER_GBRG);
	KUNIT_EXPECT_EQ(test, cfg->in_width, 1920);
	KUNIT_EXPECT_EQ(test, cfg->in_height, 1080);
	KUNIT_EXPECT_EQ(test, cfg->bls_level[VISP_CFA_GB], 0x10);
	KUNIT_EXPECT_EQ(test, cfg->bls_level[VISP_CFA_B], 0xfff);
	KUNIT_EXPECT_EQ(test, cfg->ccm_coeff[4], -8192);
	KUNIT_EXPECT_EQ(test, cfg->ccm_offset[1], -1);
	KUNIT_EXPECT_EQ(test, cfg->wb_gain[VISP_CFA_R], 1024);
	KUNIT_EXPECT_EQ(test, cfg->wb_gain[VISP_CFA_GR], 16383);
	KUNIT_EXPECT_EQ(test, cfg->gamma_lut[64], 4095);
	KUNIT_EXPECT_TRUE(test, cfg->gamma_en);
	KUNIT_EXPECT_TRUE(test, cfg->tone_seg);
	KUNIT_EXPECT_EQ(test, cfg->tone_lut[1], 0x013);
	KUNIT_EXPECT_EQ(test, cfg->tone_lut[144], 4095);
	KUNIT_EXPECT_EQ(test, cfg->lsc_table[VISP_CFA_B][220], 2048);
	KUNIT_EXPECT_EQ(test, cfg->csc_matrix, VISP_CSC_BT2020);
	KUNIT_EXPECT_TRUE(test, cfg->csc_full_range);
	KUNIT_EXPECT_FALSE(test, cfg->path[VISP_PATH_MAIN].enable);
	KUNIT_EXPECT_TRUE(test, cfg->path[VISP_PATH_SELF].enable);
	KUNIT_EXPECT_EQ(test, cfg->path[VISP_PATH_SELF].format, VISP_OUT_FMT_NV12);
	KUNIT_EXPECT_EQ(test, cfg->path[VISP_PATH_SELF].crop_x, 4);
	KUNIT_EXPECT_EQ(test, cfg->path[VISP_PATH_SELF].crop_y, 2);
	KUNIT_EXPECT_EQ(test, cfg->path[VISP_PATH_SELF].vphase, -32768);
	KUNIT_EXPECT_TRUE(test, cfg->ae_en);
	KUNIT_EXPECT_TRUE(test, cfg->ae_post_gamma);
	KUNIT_EXPECT_EQ(test, cfg->ae_win.grid_w, 16);
	KUNIT_EXPECT_EQ(test, cfg->ae_win.grid_h, 15);
	KUNIT_EXPECT_FALSE(test, cfg->awb_en);
	KUNIT_EXPECT_EQ(test, cfg->af_thresh, 77);
}

static void visp_sim_test_dma_check(struct kunit *test)
{
	struct visp_sim_dma dma[VISP_SIM_DMA_CHANNELS] = {};
	struct visp_sim_dma *in = &dma[VISP_SIM_DMA_IN];

	*in = (struct visp_sim_dma) {
		.addr = 0x1000, .stride = 64, .size = 64 * 15 + 40,
		.line_bytes = 40, .lines = 16,
	};
	/* An unused channel is not checked. */
	dma[VISP_SIM_DMA_SP_C].addr = 1;
	KUNIT_EXPECT_EQ(test, visp_sim_dma_check(dma), 0);

	in->size--;
	KUNIT_EXPECT_EQ(test, visp_sim_dma_check(dma), VISP_DMA_CH_IN);
	in->size++;
	in->addr += 8;
	KUNIT_EXPECT_EQ(test, visp_sim_dma_check(dma), VISP_DMA_CH_IN);
	in->addr -= 8;
	in->stride = 32;
	KUNIT_EXPECT_EQ(test, visp_sim_dma_check(dma), VISP_DMA_CH_IN);
	in->stride = 40;
	KUNIT_EXPECT_EQ(test, visp_sim_dma_check(dma), VISP_DMA_CH_IN);
	in->stride = 64;

	/* The buffer must lie within the 40 address bits of the master. */
	in->addr = BIT_ULL(VISP_DMA_ADDR_BITS) - ALIGN(in->size, VISP_DMA_ALIGN);
	KUNIT_EXPECT_EQ(test, visp_sim_dma_check(dma), 0);
	in->addr += VISP_DMA_ALIGN;
	KUNIT_EXPECT_EQ(test, visp_sim_dma_check(dma), VISP_DMA_CH_IN);
	in->addr = BIT_ULL(VISP_DMA_ADDR_BITS);
	KUNIT_EXPECT_EQ(test, visp_sim_dma_check(dma), VISP_DMA_CH_IN);
	in->addr = ALIGN_DOWN(U64_MAX, VISP_DMA_ALIGN);
	KUNIT_EXPECT_EQ(test, visp_sim_dma_check(dma), VISP_DMA_CH_IN);

	/* 15 strides of 1 GiB: the span does not wrap at 4 GiB. */
	*in = (struct visp_sim_dma) {
		.addr = 0x1000, .stride = SZ_1G, .size = U32_MAX,
		.line_bytes = 40, .lines = 16,
	};
	KUNIT_EXPECT_EQ(test, visp_sim_dma_check(dma), VISP_DMA_CH_IN);
	*in = (struct visp_sim_dma) {
		.addr = 0x1000, .stride = 48, .size = 48 * 15 + 40,
		.line_bytes = 40, .lines = 16,
	};
	KUNIT_EXPECT_EQ(test, visp_sim_dma_check(dma), 0);

	dma[VISP_SIM_DMA_STATS] = (struct visp_sim_dma) {
		.addr = 0x8000, .stride = 16, .size = 100, .line_bytes = 101,
		.lines = 1,
	};
	KUNIT_EXPECT_EQ(test, visp_sim_dma_check(dma), VISP_DMA_CH_STATS);
}

/*
 * The LSC table channel of a frame started with @ctrl in LSC_CTRL and the
 * table at 0x2_0000_0000 + @lo, in @dma; returns visp_sim_dma_check().
 */
static u32 visp_test_lsc_channel(struct kunit *test, u32 ctrl, u32 lo,
				 struct visp_sim_dma *dma)
{
	struct visp_sim_regs *regs = visp_test_regs(test);
	struct visp_model_config *cfg;

	cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cfg);
	visp_test_write(test, regs, VISP_REG_LSC_ADDR_LO, lo);
	visp_test_write(test, regs, VISP_REG_LSC_ADDR_HI, 0x2);
	visp_test_write(test, regs, VISP_REG_LSC_CTRL, ctrl);
	visp_test_write(test, regs, VISP_REG_CTRL,
			VISP_CTRL_COMMIT | VISP_CTRL_START);
	visp_sim_regs_decode(regs, cfg);
	visp_sim_regs_dma(regs, cfg, dma);
	return visp_sim_dma_check(dma);
}

/*
 * The LSC table channel: read in a frame whose LSC_CTRL has EN and DMA, at
 * LSC_ADDR, one line of VISP_LSC_TABLE_BYTES; not with EN or DMA alone.
 */
static void visp_sim_test_lsc_dma(struct kunit *test)
{
	const u32 on = VISP_BLOCK_EN | VISP_LSC_CTRL_DMA;
	struct visp_sim_dma dma[VISP_SIM_DMA_CHANNELS];
	const struct visp_sim_dma *ch = &dma[VISP_SIM_DMA_LSC];

	KUNIT_EXPECT_EQ(test, BIT(VISP_SIM_DMA_LSC), VISP_DMA_CH_LSC);

	KUNIT_EXPECT_EQ(test, visp_test_lsc_channel(test, on, 0x30010, dma), 0);
	KUNIT_EXPECT_EQ(test, ch->addr, 0x200030010ULL);
	KUNIT_EXPECT_EQ(test, ch->line_bytes, VISP_LSC_TABLE_BYTES);
	KUNIT_EXPECT_EQ(test, ch->lines, 1);

	visp_test_lsc_channel(test, VISP_BLOCK_EN, 0x30010, dma);
	KUNIT_EXPECT_EQ(test, ch->lines, 0);
	visp_test_lsc_channel(test, VISP_LSC_CTRL_DMA, 0x30010, dma);
	KUNIT_EXPECT_EQ(test, ch->lines, 0);

	/* Aligned to 16 bytes, as every channel. */
	KUNIT_EXPECT_EQ(test, visp_test_lsc_channel(test, on, 0x30018, dma),
			VISP_DMA_CH_LSC);
}

/*
 * One frame programmed through the registers: the configuration and the
 * DMA channels the simulator decodes from them are those the model is run
 * with directly, and so is the output.
 */
static void visp_sim_test_frame(struct kunit *test)
{
	const u32 w = 32, h = 16, stride = 48, out_stride = 112;
	struct visp_sim_regs *regs = visp_test_regs(test);
	struct visp_sim_dma dma[VISP_SIM_DMA_CHANNELS];
	struct visp_model_config *want, *got;
	struct visp_model_buffers buf = {};
	struct visp_model_path *mp;
	u8 *in, *out_want, *out_got, *scratch;
	size_t scratch_size;
	unsigned int i;

	want = kunit_kzalloc(test, sizeof(*want), GFP_KERNEL);
	got = kunit_kzalloc(test, sizeof(*got), GFP_KERNEL);
	in = kunit_kzalloc(test, stride * h, GFP_KERNEL);
	out_want = kunit_kzalloc(test, out_stride * h, GFP_KERNEL);
	out_got = kunit_kzalloc(test, out_stride * h, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	KUNIT_ASSERT_NOT_NULL(test, got);
	KUNIT_ASSERT_NOT_NULL(test, in);
	KUNIT_ASSERT_NOT_NULL(test, out_want);
	KUNIT_ASSERT_NOT_NULL(test, out_got);
	for (i = 0; i < stride * h; i++)
		in[i] = i * 37 + (i >> 4);

	want->in_type = VISP_IN_TYPE_RAW8;
	want->bayer = VISP_BAYER_BGGR;
	want->in_width = w;
	want->in_height = h;
	want->wb_en = true;
	want->wb_gain[VISP_CFA_R] = 1500;
	want->wb_gain[VISP_CFA_GR] = 1024;
	want->wb_gain[VISP_CFA_GB] = 1024;
	want->wb_gain[VISP_CFA_B] = 1800;
	want->ccm_en = true;
	want->ccm_coeff[0] = 1200;
	want->ccm_coeff[1] = -100;
	want->ccm_coeff[2] = -76;
	want->ccm_coeff[4] = 1024;
	want->ccm_coeff[8] = 1024;
	want->ccm_offset[2] = -20;
	mp = &want->path[VISP_PATH_MAIN];
	mp->enable = true;
	mp->format = VISP_OUT_FMT_RGB24;
	mp->crop_w = w;
	mp->crop_h = h;
	mp->out_w = w;
	mp->out_h = h;
	mp->hstep = VISP_SCALE_STEP_ONE;
	mp->vstep = VISP_SCALE_STEP_ONE;

	visp_test_write(test, regs, VISP_REG_IN_FMT,
			FIELD_PREP(VISP_IN_FMT_TYPE, VISP_IN_TYPE_RAW8) |
			FIELD_PREP(VISP_IN_FMT_BAYER, VISP_BAYER_BGGR));
	visp_test_write(test, regs, VISP_REG_IN_SIZE,
			FIELD_PREP(VISP_SIZE_W, w) | FIELD_PREP(VISP_SIZE_H, h));
	visp_test_write(test, regs, VISP_REG_IN_ADDR_LO, 0x10000);
	visp_test_write(test, regs, VISP_REG_IN_ADDR_HI, 0x1);
	visp_test_write(test, regs, VISP_REG_IN_STRIDE, stride);
	visp_test_write(test, regs, VISP_REG_IN_BUF_SIZE, stride * h);
	visp_test_write(test, regs, VISP_REG_WB_CTRL, VISP_BLOCK_EN);
	visp_test_write(test, regs, VISP_REG_WB_GAIN_R_GR, 1024 << 16 | 1500);
	visp_test_write(test, regs, VISP_REG_WB_GAIN_GB_B, 1800 << 16 | 1024);
	visp_test_write(test, regs, VISP_REG_CCM_CTRL, VISP_BLOCK_EN);
	visp_test_write(test, regs, VISP_REG_CCM_COEFF(0), 1200);
	visp_test_write(test, regs, VISP_REG_CCM_COEFF(1), -100 & VISP_CCM_COEFF);
	visp_test_write(test, regs, VISP_REG_CCM_COEFF(2), -76 & VISP_CCM_COEFF);
	visp_test_write(test, regs, VISP_REG_CCM_COEFF(4), 1024);
	visp_test_write(test, regs, VISP_REG_CCM_COEFF(8), 1024);
	visp_test_write(test, regs, VISP_REG_CCM_OFFSET(2), -20 & VISP_CCM_OFFSET);
	visp_test_write(test, regs, VISP_REG_PATH_CTRL(0),
			VISP_PATH_CTRL_EN |
			FIELD_PREP(VISP_PATH_CTRL_FMT, VISP_OUT_FMT_RGB24));
	visp_test_write(test, regs, VISP_REG_PATH_CROP_SIZE(0),
			FIELD_PREP(VISP_SIZE_W, w) | FIELD_PREP(VISP_SIZE_H, h));
	visp_test_write(test, regs, VISP_REG_PATH_OUT_SIZE(0),
			FIELD_PREP(VISP_SIZE_W, w) | FIELD_PREP(VISP_SIZE_H, h));
	visp_test_write(test, regs, VISP_REG_PATH_HSTEP(0), VISP_SCALE_STEP_ONE);
	visp_test_write(test, regs, VISP_REG_PATH_VSTEP(0), VISP_SCALE_STEP_ONE);
	visp_test_write(test, regs, VISP_REG_PATH_ADDR_LO(0, 0), 0x20000);
	visp_test_write(test, regs, VISP_REG_PATH_STRIDE(0, 0), out_stride);
	visp_test_write(test, regs, VISP_REG_PATH_BUF_SIZE(0, 0), out_stride * h);
	visp_test_write(test, regs, VISP_REG_CTRL,
			VISP_CTRL_COMMIT | VISP_CTRL_START);

	visp_sim_regs_decode(regs, got);
	KUNIT_EXPECT_EQ(test, memcmp(got, want, sizeof(*want)), 0);
	KUNIT_EXPECT_EQ(test, visp_model_check(got), 0);

	visp_sim_regs_dma(regs, got, dma);
	KUNIT_EXPECT_EQ(test, dma[VISP_SIM_DMA_IN].addr, 0x100010000ULL);
	KUNIT_EXPECT_EQ(test, dma[VISP_SIM_DMA_IN].line_bytes, w);
	KUNIT_EXPECT_EQ(test, dma[VISP_SIM_DMA_IN].lines, h);
	KUNIT_EXPECT_EQ(test, dma[VISP_SIM_DMA_MP_Y].addr, 0x20000);
	KUNIT_EXPECT_EQ(test, dma[VISP_SIM_DMA_MP_Y].line_bytes, 3 * w);
	KUNIT_EXPECT_EQ(test, dma[VISP_SIM_DMA_MP_Y].lines, h);
	KUNIT_EXPECT_EQ(test, dma[VISP_SIM_DMA_MP_C].lines, 0);
	KUNIT_EXPECT_EQ(test, dma[VISP_SIM_DMA_SP_Y].lines, 0);
	KUNIT_EXPECT_EQ(test, dma[VISP_SIM_DMA_STATS].lines, 0);
	KUNIT_EXPECT_EQ(test, visp_sim_dma_check(dma), 0);

	scratch_size = visp_model_scratch_size(got);
	scratch = vmalloc(scratch_size);
	KUNIT_ASSERT_NOT_NULL(test, scratch);

	buf.in = in;
	buf.in_stride = stride;
	buf.in_size = stride * h;
	buf.out[VISP_PATH_MAIN][0].stride = out_stride;
	buf.out[VISP_PATH_MAIN][0].size = out_stride * h;
	buf.out[VISP_PATH_MAIN][0].data = out_want;
	KUNIT_EXPECT_EQ(test, visp_model_run(want, &buf, scratch, scratch_size), 0);
	buf.out[VISP_PATH_MAIN][0].data = out_got;
	KUNIT_EXPECT_EQ(test, visp_model_run(got, &buf, scratch, scratch_size), 0);
	vfree(scratch);

	KUNIT_EXPECT_EQ(test, memcmp(out_got, out_want, out_stride * h), 0);
	/* The frame was processed: not all the output is black. */
	KUNIT_EXPECT_NOT_NULL(test, memchr_inv(out_got, 0, 3 * w));
}

/*
 * The CSI-2 receiver counts errors only while active, latches them in
 * ERR_SRC, raises CSI_ERR, and its counters clear on a write.
 */
static void visp_sim_test_csi(struct kunit *test)
{
	struct visp_sim_regs *regs = visp_test_regs(test);
	u32 ctrl = VISP_CSI_CTRL_EN | FIELD_PREP(VISP_CSI_CTRL_LANES, 2) |
		   FIELD_PREP(VISP_CSI_CTRL_DT, VISP_CSI_DT_RAW10);

	visp_sim_regs_csi_error(regs, VISP_CSI_ERR_CRC);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_CSI_CRC_CNT),
			0);
	KUNIT_EXPECT_EQ(test, regs->isr, 0);

	/* No lane: not active. */
	visp_test_write(test, regs, VISP_REG_CSI_CTRL, VISP_CSI_CTRL_EN |
			FIELD_PREP(VISP_CSI_CTRL_DT, VISP_CSI_DT_RAW10));
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_CSI_STATUS),
			0);

	visp_test_write(test, regs, VISP_REG_CSI_CTRL, ctrl | BIT(31));
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_CSI_CTRL),
			ctrl);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_CSI_STATUS),
			VISP_CSI_STATUS_ACTIVE);

	visp_sim_regs_csi_error(regs, VISP_CSI_ERR_CRC);
	visp_sim_regs_csi_error(regs, VISP_CSI_ERR_CRC | VISP_CSI_ERR_ECC);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_CSI_CRC_CNT),
			2);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_CSI_ECC_CNT),
			1);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_CSI_ERR_SRC),
			VISP_CSI_ERR_CRC | VISP_CSI_ERR_ECC);
	KUNIT_EXPECT_EQ(test, regs->isr, VISP_IRQ_CSI_ERR);

	visp_test_write(test, regs, VISP_REG_CSI_ERR_SRC, VISP_CSI_ERR_CRC);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_CSI_ERR_SRC),
			VISP_CSI_ERR_ECC);
	visp_test_write(test, regs, VISP_REG_CSI_CRC_CNT, 0x1234);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_CSI_CRC_CNT),
			0);

	/* STATUS is read-only. */
	visp_test_write(test, regs, VISP_REG_CSI_STATUS, 0);
	KUNIT_EXPECT_EQ(test, regs->isr, VISP_IRQ_CSI_ERR | VISP_IRQ_BUS_ERR);
}

/* A whole frame on the link: its start, then its lines. */
static unsigned int visp_test_csi_frame(struct visp_sim_regs *regs, u8 dt,
					u8 lanes, bool *received)
{
	visp_sim_regs_csi_frame(regs, dt, lanes, received);
	return visp_sim_regs_csi_lines(regs);
}

/*
 * Inline frames: with IN_FMT.SRC_CSI, START arms the pipeline and the
 * receiver's next frame starts it; frames of other lanes or data types,
 * or taken while nothing is armed, start nothing. FRAME_SRC holds the
 * receiver's number of each frame, FRAME_CNT goes on counting frames.
 */
static void visp_sim_test_csi_frames(struct kunit *test)
{
	struct visp_sim_regs *regs = visp_test_regs(test);
	u32 ctrl = VISP_CSI_CTRL_EN | FIELD_PREP(VISP_CSI_CTRL_LANES, 2) |
		   FIELD_PREP(VISP_CSI_CTRL_DT, VISP_CSI_DT_RAW10);
	bool received;

	/* Receiver off: nothing taken, nothing counted. */
	KUNIT_EXPECT_EQ(test, visp_test_csi_frame(regs, VISP_CSI_DT_RAW10,
						  2, &received), 0);
	KUNIT_EXPECT_FALSE(test, received);

	visp_test_write(test, regs, VISP_REG_CSI_CTRL, ctrl);
	visp_test_write(test, regs, VISP_REG_CSI_FRAME_CNT, 7);
	visp_test_write(test, regs, VISP_REG_FRAME_CNT, 100);

	/* Nothing armed: counted, dropped by the pipeline. */
	KUNIT_EXPECT_EQ(test, visp_test_csi_frame(regs, VISP_CSI_DT_RAW10,
						  2, &received), 0);
	KUNIT_EXPECT_TRUE(test, received);
	KUNIT_EXPECT_EQ(test, regs->isr, VISP_IRQ_CSI_FS);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_CSI_FRAME_CNT),
			8);

	/* START of an inline configuration waits for the receiver. */
	visp_test_write(test, regs, VISP_REG_IN_FMT, VISP_IN_FMT_SRC_CSI |
			FIELD_PREP(VISP_IN_FMT_TYPE, VISP_IN_TYPE_RAW10));
	visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_COMMIT);
	KUNIT_EXPECT_EQ(test, visp_test_write(test, regs, VISP_REG_CTRL,
					      VISP_CTRL_START), 0);
	KUNIT_EXPECT_EQ(test, regs->status, VISP_STATUS_START_PENDING |
			VISP_STATUS_COMMIT_PENDING);

	/* Wrong lanes, wrong data type: errors, no frame. */
	KUNIT_EXPECT_EQ(test, visp_test_csi_frame(regs, VISP_CSI_DT_RAW10,
						  1, &received), 0);
	KUNIT_EXPECT_FALSE(test, received);
	KUNIT_EXPECT_EQ(test, visp_test_csi_frame(regs, VISP_CSI_DT_RAW12,
						  2, &received), 0);
	KUNIT_EXPECT_FALSE(test, received);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_CSI_ERR_SRC),
			VISP_CSI_ERR_ECC | VISP_CSI_ERR_DT);

	/*
	 * The frame start is counted and raises CSI_FS at once; the frame
	 * of the pipeline starts with the lines.
	 */
	visp_test_write(test, regs, VISP_REG_ICR, VISP_IRQ_ALL);
	visp_sim_regs_csi_frame(regs, VISP_CSI_DT_RAW10, 2, &received);
	KUNIT_EXPECT_TRUE(test, received);
	KUNIT_EXPECT_EQ(test, regs->isr, VISP_IRQ_CSI_FS);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_CSI_STATUS),
			VISP_CSI_STATUS_ACTIVE | VISP_CSI_STATUS_IN_FRAME);
	KUNIT_EXPECT_EQ(test, regs->status, VISP_STATUS_START_PENDING |
			VISP_STATUS_COMMIT_PENDING);
	KUNIT_EXPECT_EQ(test, visp_sim_regs_csi_lines(regs),
			VISP_SIM_EV_FRAME_START);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_CSI_STATUS),
			VISP_CSI_STATUS_ACTIVE);
	/* Lines with no frame start before them: no frame. */
	KUNIT_EXPECT_EQ(test, visp_sim_regs_csi_lines(regs), 0);
	KUNIT_EXPECT_EQ(test, regs->status, VISP_STATUS_BUSY);
	KUNIT_EXPECT_EQ(test, visp_test_active(regs, VISP_REG_IN_FMT) &
			VISP_IN_FMT_SRC_CSI, VISP_IN_FMT_SRC_CSI);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs, VISP_REG_FRAME_CNT),
			101);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs,
					     VISP_REG_FRAME_SRC(100 % VISP_FRAME_ERR_SLOTS)),
			8);

	/* Armed while busy: the end of the frame does not start the next. */
	visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_START);
	KUNIT_EXPECT_EQ(test, visp_test_csi_frame(regs, VISP_CSI_DT_RAW10,
						  2, &received), 0);
	KUNIT_EXPECT_TRUE(test, received);
	KUNIT_EXPECT_EQ(test, visp_sim_regs_frame_done(regs, 0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, regs->status, VISP_STATUS_START_PENDING);
	KUNIT_EXPECT_EQ(test, visp_test_csi_frame(regs, VISP_CSI_DT_RAW10,
						  2, &received),
			VISP_SIM_EV_FRAME_START);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs,
					     VISP_REG_FRAME_SRC(101 % VISP_FRAME_ERR_SLOTS)),
			10);

	/* STOP disarms. */
	visp_sim_regs_frame_done(regs, 0, 0, 0);
	visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_START);
	visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_STOP);
	KUNIT_EXPECT_EQ(test, visp_test_csi_frame(regs, VISP_CSI_DT_RAW10,
						  2, &received), 0);
	KUNIT_EXPECT_EQ(test, regs->status, 0);

	/* A memory frame's source is the frame itself. */
	visp_test_write(test, regs, VISP_REG_IN_FMT, 0);
	visp_test_write(test, regs, VISP_REG_CTRL, VISP_CTRL_COMMIT);
	KUNIT_EXPECT_EQ(test, visp_test_write(test, regs, VISP_REG_CTRL,
					      VISP_CTRL_START),
			VISP_SIM_EV_FRAME_START);
	KUNIT_EXPECT_EQ(test, visp_test_read(test, regs,
					     VISP_REG_FRAME_SRC(102 % VISP_FRAME_ERR_SLOTS)),
			102);
}

static struct kunit_case visp_sim_regs_test_cases[] = {
	KUNIT_CASE(visp_sim_test_id),
	KUNIT_CASE(visp_sim_test_shadow_commit),
	KUNIT_CASE(visp_sim_test_double_buffer),
	KUNIT_CASE(visp_sim_test_frame_err),
	KUNIT_CASE(visp_sim_test_overflow_stop),
	KUNIT_CASE(visp_sim_test_interrupts),
	KUNIT_CASE(visp_sim_test_csi),
	KUNIT_CASE(visp_sim_test_csi_frames),
	KUNIT_CASE(visp_sim_test_bus_err),
	KUNIT_CASE(visp_sim_test_reserved_bits),
	KUNIT_CASE(visp_sim_test_soft_reset),
	KUNIT_CASE(visp_sim_test_power_loss),
	KUNIT_CASE(visp_sim_test_reset_input),
	KUNIT_CASE(visp_sim_test_clock_stop),
	KUNIT_CASE_PARAM(visp_sim_test_offline_access, visp_offline_gen_params),
	KUNIT_CASE(visp_sim_test_decode),
	KUNIT_CASE(visp_sim_test_dma_check),
	KUNIT_CASE(visp_sim_test_lsc_dma),
	KUNIT_CASE(visp_sim_test_frame),
	{}
};

static struct kunit_suite visp_sim_regs_test_suite = {
	.name = "visp-sim-regs",
	.test_cases = visp_sim_regs_test_cases,
};

kunit_test_suite(visp_sim_regs_test_suite);
