// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the VISP simulator as a device: a minimal ISP driver
 * binds to visp.0 and uses what the simulated SoC gives it, as the VISP
 * driver does: the register map, the clocks, the reset line, the power
 * domain through runtime PM, the interrupt and DMA memory. The cases are
 * skipped when another driver is bound to visp.0.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/bitfield.h>
#include <linux/clk.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/ioport.h>
#include <linux/ktime.h>
#include <linux/platform_device.h>
#include <linux/pm_runtime.h>
#include <linux/regmap.h>
#include <linux/sizes.h>
#include <linux/reset.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include <kunit/resource.h>
#include <kunit/test.h>

#include "visp-sim.h"

#define VISP_TEST_W		32
#define VISP_TEST_H		16
#define VISP_TEST_IN_STRIDE	48
#define VISP_TEST_OUT_STRIDE	112
#define VISP_TEST_IN_SIZE	(VISP_TEST_IN_STRIDE * VISP_TEST_H)
#define VISP_TEST_OUT_SIZE	(VISP_TEST_OUT_STRIDE * VISP_TEST_H)
#define VISP_TEST_STATS_SIZE	sizeof(struct visp_stats_buffer)
/* An address no memory answers on the test machine (firmware ROM). */
#define VISP_TEST_NO_RAM	0xfff00000

static const char * const visp_test_clk_names[] = { "core", "axi", "apb" };

/**
 * struct visp_dev_ctx - one test case's view of the ISP
 *
 * @test: the test case
 * @dev: visp.0
 * @sim: the simulator behind it
 * @map: its register map
 * @clks: its clocks
 * @rst: its reset line
 * @irq: its interrupt
 * @done: completed by the interrupt handler on FRAME_DONE
 * @isr: interrupts the handler saw
 * @calls: calls of the interrupt handler
 * @spurious: calls without an interrupt pending
 * @hold: calls that are still to leave the interrupts uncleared
 * @in: input buffer
 * @in_dma: its bus address
 * @out: output buffer, main path plane 0
 * @out_dma: its bus address
 * @stats: statistics buffer
 * @stats_dma: its bus address
 */
struct visp_dev_ctx {
	struct kunit *test;
	struct device *dev;
	struct visp_sim *sim;
	struct regmap *map;
	struct clk_bulk_data clks[ARRAY_SIZE(visp_test_clk_names)];
	struct reset_control *rst;
	int irq;
	struct completion done;
	u32 isr;
	unsigned int calls;
	unsigned int spurious;
	unsigned int hold;
	u8 *in;
	dma_addr_t in_dma;
	u8 *out;
	dma_addr_t out_dma;
	u8 *stats;
	dma_addr_t stats_dma;
};

static struct platform_device *visp_test_pdev;

static int visp_test_probe(struct platform_device *pdev)
{
	visp_test_pdev = pdev;

	return devm_pm_runtime_enable(&pdev->dev);
}

static void visp_test_remove(struct platform_device *pdev)
{
	visp_test_pdev = NULL;
}

static struct platform_driver visp_test_driver = {
	.probe = visp_test_probe,
	.remove = visp_test_remove,
	.driver = {
		.name = "visp",
	},
};

KUNIT_DEFINE_ACTION_WRAPPER(visp_test_put_device, put_device, struct device *);
KUNIT_DEFINE_ACTION_WRAPPER(visp_test_unregister, platform_driver_unregister,
			    struct platform_driver *);

static void visp_test_clk_put(void *data)
{
	struct visp_dev_ctx *ctx = data;

	clk_bulk_put(ARRAY_SIZE(ctx->clks), ctx->clks);
}

static void visp_test_reset_put(void *data)
{
	struct visp_dev_ctx *ctx = data;

	reset_control_put(ctx->rst);
}

static void visp_test_pm_put(void *data)
{
	pm_runtime_put_sync(data);
}

static void visp_test_clk_off(void *data)
{
	struct visp_dev_ctx *ctx = data;

	clk_bulk_disable_unprepare(ARRAY_SIZE(ctx->clks), ctx->clks);
}

static void visp_test_reset_assert(void *data)
{
	reset_control_assert(data);
}

static void visp_test_free_irq(void *data)
{
	struct visp_dev_ctx *ctx = data;

	free_irq(ctx->irq, ctx);
}

static void visp_test_free_bufs(void *data)
{
	struct visp_dev_ctx *ctx = data;

	dma_free_coherent(ctx->dev, VISP_TEST_STATS_SIZE, ctx->stats,
			  ctx->stats_dma);
	dma_free_coherent(ctx->dev, VISP_TEST_OUT_SIZE, ctx->out, ctx->out_dma);
	dma_free_coherent(ctx->dev, VISP_TEST_IN_SIZE, ctx->in, ctx->in_dma);
}

/* Run @fn(@data) when the test case ends, passed or not. */
static void visp_test_defer(struct kunit *test, kunit_action_t *fn,
			    void *data)
{
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, fn, data), 0);
}

/* Bind the test driver to visp.0 and get its resources. */
static struct visp_dev_ctx *visp_dev_get(struct kunit *test)
{
	struct visp_dev_ctx *ctx;
	struct device *dev;
	unsigned int i;
	int ret;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->test = test;
	init_completion(&ctx->done);

	dev = bus_find_device_by_name(&platform_bus_type, NULL, "visp.0");
	KUNIT_ASSERT_NOT_NULL_MSG(test, dev, "no visp.0 device");
	visp_test_defer(test, visp_test_put_device, dev);
	if (READ_ONCE(dev->driver))
		kunit_skip(test, "visp.0 is bound to another driver");

	ret = platform_driver_register(&visp_test_driver);
	KUNIT_ASSERT_EQ(test, ret, 0);
	visp_test_defer(test, visp_test_unregister, &visp_test_driver);
	KUNIT_ASSERT_PTR_EQ(test, &visp_test_pdev->dev, dev);
	ctx->dev = dev;
	ctx->sim = dev_get_drvdata(dev->parent);
	KUNIT_ASSERT_NOT_NULL(test, ctx->sim);

	/* What the VISP driver gets, the way it gets it. */
	ctx->map = dev_get_regmap(dev->parent, NULL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->map);

	for (i = 0; i < ARRAY_SIZE(ctx->clks); i++)
		ctx->clks[i].id = visp_test_clk_names[i];
	KUNIT_ASSERT_EQ(test, clk_bulk_get(dev, ARRAY_SIZE(ctx->clks),
					   ctx->clks), 0);
	visp_test_defer(test, visp_test_clk_put, ctx);

	ctx->rst = reset_control_get_optional_exclusive(dev, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->rst);
	visp_test_defer(test, visp_test_reset_put, ctx);

	ctx->irq = platform_get_irq(visp_test_pdev, 0);
	KUNIT_ASSERT_GT(test, ctx->irq, 0);

	KUNIT_EXPECT_EQ(test, dma_get_mask(dev), DMA_BIT_MASK(32));

	return ctx;
}

static u32 visp_test_rd(struct visp_dev_ctx *ctx, u32 reg)
{
	u32 val = 0xdeadbeef;

	KUNIT_EXPECT_EQ_MSG(ctx->test, regmap_read(ctx->map, reg, &val), 0,
			    "reading 0x%04x", reg);
	return val;
}

static void visp_test_wr(struct visp_dev_ctx *ctx, u32 reg, u32 val)
{
	KUNIT_EXPECT_EQ_MSG(ctx->test, regmap_write(ctx->map, reg, val), 0,
			    "writing 0x%04x", reg);
}

static bool visp_test_read_fails(struct visp_dev_ctx *ctx)
{
	u32 val;

	return regmap_read(ctx->map, VISP_REG_ID, &val) == -EIO;
}

static u64 visp_test_bus_errors(struct visp_dev_ctx *ctx)
{
	u64 n;

	spin_lock_irq(&ctx->sim->lock);
	n = ctx->sim->regs.bus_errors;
	spin_unlock_irq(&ctx->sim->lock);

	return n;
}

static u64 visp_test_count(struct visp_dev_ctx *ctx, enum visp_sim_counter c)
{
	u64 n;

	spin_lock_irq(&ctx->sim->lock);
	n = ctx->sim->count[c];
	spin_unlock_irq(&ctx->sim->lock);

	return n;
}

static void visp_test_wait_reset(struct visp_dev_ctx *ctx)
{
	unsigned int i;

	for (i = 0; i < 100; i++) {
		if (!(visp_test_rd(ctx, VISP_REG_STATUS) & VISP_STATUS_RESET_BUSY))
			return;
		usleep_range(100, 200);
	}
	KUNIT_FAIL(ctx->test, "reset sequence did not end");
}

/* Power, clocks and reset as a driver's runtime resume sets them. */
static void visp_dev_up(struct visp_dev_ctx *ctx)
{
	struct kunit *test = ctx->test;

	KUNIT_ASSERT_EQ(test, pm_runtime_resume_and_get(ctx->dev), 0);
	visp_test_defer(test, visp_test_pm_put, ctx->dev);
	KUNIT_ASSERT_EQ(test, clk_bulk_prepare_enable(ARRAY_SIZE(ctx->clks),
						      ctx->clks), 0);
	visp_test_defer(test, visp_test_clk_off, ctx);
	KUNIT_ASSERT_EQ(test, reset_control_deassert(ctx->rst), 0);
	visp_test_defer(test, visp_test_reset_assert, ctx->rst);
	visp_test_wait_reset(ctx);
	KUNIT_ASSERT_EQ(test, visp_test_rd(ctx, VISP_REG_ID), VISP_ID_VALUE);
}

static void visp_sim_dev_test_resources(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);
	struct reset_control *core;

	/* The reset line is also found by the name of the reset input. */
	reset_control_put(ctx->rst);
	ctx->rst = NULL;
	core = reset_control_get_exclusive(ctx->dev, "core");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, core);
	KUNIT_EXPECT_EQ(test, reset_control_status(core), 1);
	reset_control_put(core);
	/* The marker that keeps a reload from adding the lookups again. */
	core = reset_control_get_exclusive(ctx->dev->parent, "visp-sim-lookups");
	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, core);
	if (!IS_ERR(core))
		reset_control_put(core);
	ctx->rst = reset_control_get_exclusive(ctx->dev, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ctx->rst);

	/* Rates are clamped to the limits of each clock. */
	KUNIT_EXPECT_EQ(test, clk_round_rate(ctx->clks[0].clk, 1000000000),
			VISP_CORE_CLK_MAX_HZ);
	KUNIT_EXPECT_EQ(test, clk_round_rate(ctx->clks[0].clk, 1),
			VISP_CORE_CLK_MIN_HZ);
	KUNIT_EXPECT_EQ(test, clk_round_rate(ctx->clks[2].clk, 1),
			VISP_APB_CLK_MIN_HZ);
	KUNIT_EXPECT_EQ(test, clk_set_rate(ctx->clks[0].clk, 250000000), 0);
	KUNIT_EXPECT_EQ(test, clk_get_rate(ctx->clks[0].clk), 250000000);
	KUNIT_EXPECT_EQ(test, ctx->sim->clks[VISP_SIM_CLK_CORE].rate, 250000000);
	KUNIT_EXPECT_EQ(test, clk_set_rate(ctx->clks[0].clk,
					   VISP_CORE_CLK_MAX_HZ), 0);
}

/* Every access without power, clocks or out of reset is a bus error. */
static void visp_sim_dev_test_bus_errors(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);
	u64 errors = visp_test_bus_errors(ctx);
	struct clk *core = ctx->clks[0].clk;
	struct clk *axi = ctx->clks[1].clk;
	struct clk *apb = ctx->clks[2].clk;

	KUNIT_EXPECT_TRUE(test, visp_test_read_fails(ctx));
	KUNIT_EXPECT_EQ(test, regmap_write(ctx->map, VISP_REG_IMR, 1), -EIO);
	KUNIT_EXPECT_EQ(test, visp_test_bus_errors(ctx), errors + 2);

	KUNIT_ASSERT_EQ(test, pm_runtime_resume_and_get(ctx->dev), 0);
	KUNIT_EXPECT_TRUE(test, visp_test_read_fails(ctx));
	KUNIT_ASSERT_EQ(test, clk_bulk_prepare_enable(ARRAY_SIZE(ctx->clks),
						      ctx->clks), 0);
	/* Still in reset. */
	KUNIT_EXPECT_TRUE(test, visp_test_read_fails(ctx));
	KUNIT_EXPECT_EQ(test, reset_control_deassert(ctx->rst), 0);
	visp_test_wait_reset(ctx);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_ID), VISP_ID_VALUE);
	KUNIT_EXPECT_EQ(test, visp_test_bus_errors(ctx), errors + 4);

	/* Stopped clocks: accesses fail, the state stays. */
	visp_test_wr(ctx, VISP_REG_IMR, VISP_IRQ_DMA_ERR);
	clk_disable(core);
	KUNIT_EXPECT_TRUE(test, visp_test_read_fails(ctx));
	clk_enable(core);
	clk_disable(apb);
	KUNIT_EXPECT_TRUE(test, visp_test_read_fails(ctx));
	clk_enable(apb);
	clk_disable(axi);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_IMR), VISP_IRQ_DMA_ERR);
	clk_enable(axi);

	/* Reset: accesses fail, the state is lost. */
	KUNIT_EXPECT_EQ(test, reset_control_assert(ctx->rst), 0);
	KUNIT_EXPECT_TRUE(test, visp_test_read_fails(ctx));
	KUNIT_EXPECT_EQ(test, reset_control_deassert(ctx->rst), 0);
	visp_test_wait_reset(ctx);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_IMR), 0);

	/* Power off through runtime PM: accesses fail, the state is lost. */
	visp_test_wr(ctx, VISP_REG_IMR, VISP_IRQ_DMA_ERR);
	visp_test_wr(ctx, VISP_REG_PATH_STRIDE(1, 1), 4096);
	KUNIT_EXPECT_EQ(test, pm_runtime_put_sync(ctx->dev), 0);
	KUNIT_EXPECT_TRUE(test, visp_test_read_fails(ctx));
	KUNIT_ASSERT_EQ(test, pm_runtime_resume_and_get(ctx->dev), 0);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_IMR), 0);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_PATH_STRIDE(1, 1)), 0);
	KUNIT_EXPECT_EQ(test, visp_test_bus_errors(ctx), errors + 8);

	KUNIT_EXPECT_EQ(test, reset_control_assert(ctx->rst), 0);
	clk_bulk_disable_unprepare(ARRAY_SIZE(ctx->clks), ctx->clks);
	pm_runtime_put_sync(ctx->dev);
}

/*
 * A bulk write is one burst on the bus, one access: every register of a
 * lookup table lands and reads back, in one burst too, and a burst that
 * cannot be answered fails with one bus error.
 */
static void visp_sim_dev_test_burst(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);
	u64 errors, accesses;
	u32 *vals, *back;
	unsigned int i;

	vals = kunit_kcalloc(test, VISP_GAMMA_POINTS, sizeof(*vals), GFP_KERNEL);
	back = kunit_kcalloc(test, VISP_GAMMA_POINTS, sizeof(*back), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, vals);
	KUNIT_ASSERT_NOT_NULL(test, back);
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		vals[i] = 4095 - 63 * i;

	errors = visp_test_bus_errors(ctx);
	accesses = visp_test_count(ctx, VISP_SIM_CNT_BUS_ACCESSES);
	KUNIT_EXPECT_EQ(test, regmap_bulk_write(ctx->map, VISP_REG_GAMMA_LUT(0),
						vals, VISP_GAMMA_POINTS), -EIO);
	KUNIT_EXPECT_EQ(test, visp_test_bus_errors(ctx), errors + 1);
	KUNIT_EXPECT_EQ(test, visp_test_count(ctx, VISP_SIM_CNT_BUS_ACCESSES),
			accesses + 1);

	visp_dev_up(ctx);
	accesses = visp_test_count(ctx, VISP_SIM_CNT_BUS_ACCESSES);
	KUNIT_EXPECT_EQ(test, regmap_bulk_write(ctx->map, VISP_REG_GAMMA_LUT(0),
						vals, VISP_GAMMA_POINTS), 0);
	KUNIT_EXPECT_EQ(test, regmap_bulk_read(ctx->map, VISP_REG_GAMMA_LUT(0),
					       back, VISP_GAMMA_POINTS), 0);
	KUNIT_EXPECT_EQ(test, visp_test_count(ctx, VISP_SIM_CNT_BUS_ACCESSES),
			accesses + 2);
	KUNIT_EXPECT_MEMEQ(test, back, vals, VISP_GAMMA_POINTS * sizeof(*vals));
	for (i = 0; i < VISP_GAMMA_POINTS; i += 16)
		KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_GAMMA_LUT(i)),
				vals[i]);
	KUNIT_EXPECT_EQ(test, visp_test_bus_errors(ctx), errors + 1);
}

static irqreturn_t visp_test_irq(int irq, void *data)
{
	struct visp_dev_ctx *ctx = data;
	u32 mis;

	ctx->calls++;
	if (regmap_read(ctx->map, VISP_REG_MIS, &mis) || !mis) {
		ctx->spurious++;
		return IRQ_NONE;
	}
	if (ctx->hold) {
		/* Leave the line asserted: it must interrupt again. */
		ctx->hold--;
		return IRQ_HANDLED;
	}
	regmap_write(ctx->map, VISP_REG_ICR, mis);
	ctx->isr |= mis;
	if (mis & VISP_IRQ_FRAME_DONE)
		complete(&ctx->done);

	return IRQ_HANDLED;
}

/* Power up, take the interrupt, allocate and fill the frame's buffers. */
static void visp_dev_frame_setup(struct visp_dev_ctx *ctx)
{
	struct kunit *test = ctx->test;
	unsigned int i;

	visp_dev_up(ctx);

	KUNIT_ASSERT_EQ(test, request_irq(ctx->irq, visp_test_irq, 0,
					  "visp-sim-test", ctx), 0);
	visp_test_defer(test, visp_test_free_irq, ctx);

	ctx->in = dma_alloc_coherent(ctx->dev, VISP_TEST_IN_SIZE, &ctx->in_dma,
				     GFP_KERNEL);
	ctx->out = dma_alloc_coherent(ctx->dev, VISP_TEST_OUT_SIZE,
				      &ctx->out_dma, GFP_KERNEL);
	ctx->stats = dma_alloc_coherent(ctx->dev, VISP_TEST_STATS_SIZE,
					&ctx->stats_dma, GFP_KERNEL);
	if (!ctx->in || !ctx->out || !ctx->stats) {
		visp_test_free_bufs(ctx);
		KUNIT_FAIL_AND_ABORT(test, "cannot allocate the frame buffers");
	}
	visp_test_defer(test, visp_test_free_bufs, ctx);

	for (i = 0; i < VISP_TEST_IN_SIZE; i++)
		ctx->in[i] = i * 37 + (i >> 4);
	memset(ctx->out, 0xaa, VISP_TEST_OUT_SIZE);
	memset(ctx->stats, 0xaa, VISP_TEST_STATS_SIZE);

	visp_test_wr(ctx, VISP_REG_IMR, VISP_IRQ_ALL);
}

/* The frame's configuration, as the model takes it. */
static void visp_test_config(struct visp_model_config *cfg)
{
	struct visp_model_path *mp = &cfg->path[VISP_PATH_MAIN];

	memset(cfg, 0, sizeof(*cfg));
	cfg->in_type = VISP_IN_TYPE_RAW8;
	cfg->bayer = VISP_BAYER_GRBG;
	cfg->in_width = VISP_TEST_W;
	cfg->in_height = VISP_TEST_H;
	cfg->wb_en = true;
	cfg->wb_gain[VISP_CFA_R] = 1400;
	cfg->wb_gain[VISP_CFA_GR] = 1024;
	cfg->wb_gain[VISP_CFA_GB] = 1024;
	cfg->wb_gain[VISP_CFA_B] = 1700;
	mp->enable = true;
	mp->format = VISP_OUT_FMT_RGB24;
	mp->crop_w = VISP_TEST_W;
	mp->crop_h = VISP_TEST_H;
	mp->out_w = VISP_TEST_W;
	mp->out_h = VISP_TEST_H;
	mp->hstep = VISP_SCALE_STEP_ONE;
	mp->vstep = VISP_SCALE_STEP_ONE;
	cfg->stats_en = true;
	cfg->ae_en = true;
	cfg->ae_win.zone_w = 8;
	cfg->ae_win.zone_h = 8;
	cfg->ae_win.grid_w = 4;
	cfg->ae_win.grid_h = 2;
}

/* The same configuration, through the registers. */
static void visp_test_program(struct visp_dev_ctx *ctx, u64 out_addr)
{
	const u32 size = FIELD_PREP(VISP_SIZE_W, VISP_TEST_W) |
			 FIELD_PREP(VISP_SIZE_H, VISP_TEST_H);

	visp_test_wr(ctx, VISP_REG_IN_FMT,
		     FIELD_PREP(VISP_IN_FMT_TYPE, VISP_IN_TYPE_RAW8) |
		     FIELD_PREP(VISP_IN_FMT_BAYER, VISP_BAYER_GRBG));
	visp_test_wr(ctx, VISP_REG_IN_SIZE, size);
	visp_test_wr(ctx, VISP_REG_IN_ADDR_LO, lower_32_bits(ctx->in_dma));
	visp_test_wr(ctx, VISP_REG_IN_ADDR_HI, upper_32_bits(ctx->in_dma));
	visp_test_wr(ctx, VISP_REG_IN_STRIDE, VISP_TEST_IN_STRIDE);
	visp_test_wr(ctx, VISP_REG_IN_BUF_SIZE, VISP_TEST_IN_SIZE);
	visp_test_wr(ctx, VISP_REG_WB_CTRL, VISP_BLOCK_EN);
	visp_test_wr(ctx, VISP_REG_WB_GAIN_R_GR, 1024 << 16 | 1400);
	visp_test_wr(ctx, VISP_REG_WB_GAIN_GB_B, 1700 << 16 | 1024);
	visp_test_wr(ctx, VISP_REG_PATH_CTRL(0), VISP_PATH_CTRL_EN |
		     FIELD_PREP(VISP_PATH_CTRL_FMT, VISP_OUT_FMT_RGB24));
	visp_test_wr(ctx, VISP_REG_PATH_CROP_SIZE(0), size);
	visp_test_wr(ctx, VISP_REG_PATH_OUT_SIZE(0), size);
	visp_test_wr(ctx, VISP_REG_PATH_HSTEP(0), VISP_SCALE_STEP_ONE);
	visp_test_wr(ctx, VISP_REG_PATH_VSTEP(0), VISP_SCALE_STEP_ONE);
	visp_test_wr(ctx, VISP_REG_PATH_ADDR_LO(0, 0), lower_32_bits(out_addr));
	visp_test_wr(ctx, VISP_REG_PATH_ADDR_HI(0, 0), upper_32_bits(out_addr));
	visp_test_wr(ctx, VISP_REG_PATH_STRIDE(0, 0), VISP_TEST_OUT_STRIDE);
	visp_test_wr(ctx, VISP_REG_PATH_BUF_SIZE(0, 0), VISP_TEST_OUT_SIZE);
	visp_test_wr(ctx, VISP_REG_STATS_CTRL, VISP_STATS_CTRL_EN);
	visp_test_wr(ctx, VISP_REG_STATS_ADDR_LO, lower_32_bits(ctx->stats_dma));
	visp_test_wr(ctx, VISP_REG_STATS_ADDR_HI, upper_32_bits(ctx->stats_dma));
	visp_test_wr(ctx, VISP_REG_STATS_BUF_SIZE, VISP_TEST_STATS_SIZE);
	visp_test_wr(ctx, VISP_REG_STATS_UNIT_CTRL(VISP_AE_STATS_BASE),
		     VISP_STATS_UNIT_EN);
	visp_test_wr(ctx, VISP_REG_STATS_UNIT_ZONE(VISP_AE_STATS_BASE),
		     FIELD_PREP(VISP_SIZE_W, 8) | FIELD_PREP(VISP_SIZE_H, 8));
	visp_test_wr(ctx, VISP_REG_STATS_UNIT_GRID(VISP_AE_STATS_BASE),
		     FIELD_PREP(VISP_STATS_GRID_W, 4) |
		     FIELD_PREP(VISP_STATS_GRID_H, 2));
}

static bool visp_test_wait_done(struct visp_dev_ctx *ctx, unsigned int ms)
{
	return wait_for_completion_timeout(&ctx->done, msecs_to_jiffies(ms));
}

/*
 * The output and statistics of the test frame number @sequence, from the
 * model run directly on the input, in buffers prefilled as the device's.
 */
static void visp_test_predict(struct visp_dev_ctx *ctx, u32 sequence,
			      u8 **out, u8 **stats)
{
	struct kunit *test = ctx->test;
	struct visp_model_buffers buf = {};
	struct visp_model_config *cfg;
	size_t scratch_size;
	u8 *scratch;

	cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	*out = kunit_kmalloc(test, VISP_TEST_OUT_SIZE, GFP_KERNEL);
	*stats = kunit_kmalloc(test, VISP_TEST_STATS_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cfg);
	KUNIT_ASSERT_NOT_NULL(test, *out);
	KUNIT_ASSERT_NOT_NULL(test, *stats);
	memset(*out, 0xaa, VISP_TEST_OUT_SIZE);
	memset(*stats, 0xaa, VISP_TEST_STATS_SIZE);

	visp_test_config(cfg);
	buf.in = ctx->in;
	buf.in_stride = VISP_TEST_IN_STRIDE;
	buf.in_size = VISP_TEST_IN_SIZE;
	buf.out[VISP_PATH_MAIN][0].data = *out;
	buf.out[VISP_PATH_MAIN][0].stride = VISP_TEST_OUT_STRIDE;
	buf.out[VISP_PATH_MAIN][0].size = VISP_TEST_OUT_SIZE;
	buf.stats = (struct visp_stats_buffer *)*stats;
	buf.frame_sequence = sequence;
	scratch_size = visp_model_scratch_size(cfg);
	scratch = vmalloc(scratch_size);
	KUNIT_ASSERT_NOT_NULL(test, scratch);
	KUNIT_EXPECT_EQ(test, visp_model_run(cfg, &buf, scratch, scratch_size),
			0);
	vfree(scratch);
}

/*
 * One frame through the registers, the interrupt and DMA: the output and
 * the statistics are those of the model run directly, the bytes between
 * the lines are untouched.
 */
static void visp_sim_dev_test_frame(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);
	const struct visp_stats_buffer *st;
	u8 *out, *stats;

	visp_dev_frame_setup(ctx);
	visp_test_program(ctx, ctx->out_dma);
	visp_test_wr(ctx, VISP_REG_FRAME_CNT, 41);
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_COMMIT | VISP_CTRL_START);
	KUNIT_ASSERT_TRUE_MSG(test, visp_test_wait_done(ctx, 20000),
			      "no FRAME_DONE");

	KUNIT_EXPECT_EQ(test, ctx->isr, VISP_IRQ_FRAME_START |
			VISP_IRQ_STATS_DONE | VISP_IRQ_FRAME_DONE);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_STATUS), 0);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_FRAME_CNT), 42);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_DMA_ERR_SRC), 0);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_CFG_ERR_SRC), 0);

	visp_test_predict(ctx, 41, &out, &stats);
	KUNIT_EXPECT_EQ(test, memcmp(ctx->out, out, VISP_TEST_OUT_SIZE), 0);
	KUNIT_EXPECT_EQ(test, memcmp(ctx->stats, stats, VISP_TEST_STATS_SIZE),
			0);
	st = (const struct visp_stats_buffer *)ctx->stats;
	KUNIT_EXPECT_EQ(test, st->version, VISP_STATS_BUFFER_V1);
	KUNIT_EXPECT_EQ(test, st->size, sizeof(*st));
	KUNIT_EXPECT_EQ(test, st->frame_sequence, 41);
	/* Padding after the first line is left alone. */
	KUNIT_EXPECT_EQ(test, ctx->out[3 * VISP_TEST_W], 0xaa);
}

/* Program the test frame with its output at @out_addr, run it to its end. */
static void visp_test_run_frame(struct visp_dev_ctx *ctx, u64 out_addr)
{
	visp_test_program(ctx, out_addr);
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_COMMIT | VISP_CTRL_START);
	KUNIT_ASSERT_TRUE_MSG(ctx->test, visp_test_wait_done(ctx, 20000),
			      "no FRAME_DONE");
}

/* The frame failed its main path's DMA, and wrote no statistics. */
static void visp_test_expect_dma_error(struct visp_dev_ctx *ctx)
{
	struct kunit *test = ctx->test;

	KUNIT_EXPECT_EQ(test, ctx->isr, VISP_IRQ_FRAME_START |
			VISP_IRQ_DMA_ERR | VISP_IRQ_FRAME_DONE);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_DMA_ERR_SRC),
			VISP_DMA_CH_MP_Y);
	KUNIT_EXPECT_NULL(test, memchr_inv(ctx->stats, 0xaa,
					   VISP_TEST_STATS_SIZE));
}

/* A buffer where no memory is: DMA_ERR, and nothing is written. */
static void visp_sim_dev_test_dma_error(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);

	visp_dev_frame_setup(ctx);
	visp_test_run_frame(ctx, VISP_TEST_NO_RAM);
	visp_test_expect_dma_error(ctx);
}

static void visp_test_pixels_on(void *data)
{
	WRITE_ONCE(visp_sim_pixels, true);
}

/*
 * Module parameter pixels=0: the frame checks its DMA and ends as usual,
 * with its interrupts, but writes neither pixels nor statistics.
 */
static void visp_sim_dev_test_no_pixels(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);

	visp_dev_frame_setup(ctx);
	visp_test_defer(test, visp_test_pixels_on, NULL);
	WRITE_ONCE(visp_sim_pixels, false);
	visp_test_run_frame(ctx, ctx->out_dma);
	KUNIT_EXPECT_EQ(test, ctx->isr, VISP_IRQ_FRAME_START |
			VISP_IRQ_STATS_DONE | VISP_IRQ_FRAME_DONE);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_DMA_ERR_SRC), 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(ctx->out, 0xaa, VISP_TEST_OUT_SIZE));
	KUNIT_EXPECT_NULL(test, memchr_inv(ctx->stats, 0xaa,
					   VISP_TEST_STATS_SIZE));

	/* The DMA is checked all the same. */
	reinit_completion(&ctx->done);
	ctx->isr = 0;
	visp_test_run_frame(ctx, VISP_TEST_NO_RAM);
	visp_test_expect_dma_error(ctx);
}

/* TEST_INJECT.HANG: the frame never ends; a soft reset recovers. */
static void visp_sim_dev_test_hang(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);

	visp_dev_frame_setup(ctx);
	visp_test_program(ctx, ctx->out_dma);
	visp_test_wr(ctx, VISP_REG_TEST_INJECT, VISP_TEST_INJECT_HANG);
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_COMMIT | VISP_CTRL_START);
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_START);
	KUNIT_EXPECT_FALSE(test, visp_test_wait_done(ctx, 500));
	KUNIT_EXPECT_EQ(test, ctx->isr, VISP_IRQ_FRAME_START);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_STATUS),
			VISP_STATUS_BUSY | VISP_STATUS_START_PENDING);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_TEST_INJECT), 0);

	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_SOFT_RESET);
	visp_test_wait_reset(ctx);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_STATUS), 0);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_IMR), 0);

	/* Reprogrammed, the next frame runs. */
	ctx->isr = 0;
	visp_test_wr(ctx, VISP_REG_IMR, VISP_IRQ_ALL);
	visp_test_program(ctx, ctx->out_dma);
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_COMMIT | VISP_CTRL_START);
	KUNIT_ASSERT_TRUE_MSG(test, visp_test_wait_done(ctx, 20000),
			      "no FRAME_DONE after the soft reset");
	KUNIT_EXPECT_EQ(test, ctx->isr, VISP_IRQ_FRAME_START |
			VISP_IRQ_STATS_DONE | VISP_IRQ_FRAME_DONE);
}

static void visp_test_slow_restore(void *data)
{
	struct visp_sim *sim = data;

	visp_sim_inject(sim, VISP_SIM_FAULT_SLOW, false);
	spin_lock_irq(&sim->lock);
	sim->slow_ms = 500;
	spin_unlock_irq(&sim->lock);
}

/* Make the next frame @ms ms slow. */
static void visp_test_slow(struct visp_dev_ctx *ctx, u32 ms)
{
	visp_test_defer(ctx->test, visp_test_slow_restore, ctx->sim);
	spin_lock_irq(&ctx->sim->lock);
	ctx->sim->slow_ms = ms;
	spin_unlock_irq(&ctx->sim->lock);
	visp_sim_inject(ctx->sim, VISP_SIM_FAULT_SLOW, true);
}

/* Wait until the handler has seen @irqs, for at most @ms ms. */
static bool visp_test_wait_isr(struct visp_dev_ctx *ctx, u32 irqs,
			       unsigned int ms)
{
	unsigned int i;

	for (i = 0; i < ms / 20; i++) {
		if ((READ_ONCE(ctx->isr) & irqs) == irqs)
			return true;
		msleep(20);
	}
	return false;
}

/* Wait until the frame before number @next has ended, for at most 20 s. */
static bool visp_test_wait_frame(struct visp_dev_ctx *ctx, u32 next)
{
	unsigned int i;

	for (i = 0; i < 2000; i++) {
		if (visp_test_rd(ctx, VISP_REG_FRAME_CNT) == next &&
		    !(visp_test_rd(ctx, VISP_REG_STATUS) & VISP_STATUS_BUSY))
			return true;
		usleep_range(5000, 10000);
	}
	return false;
}

/*
 * Two frames that fail back to back, the second queued while the first
 * runs, then a good one: FRAME_ERR holds the errors of each, with its
 * number, where DMA_ERR_SRC has only those of the last frame.
 */
static void visp_sim_dev_test_frame_err(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);
	u64 errors = visp_test_count(ctx, VISP_SIM_CNT_DMA_ERRORS);
	const u32 err = FIELD_PREP(VISP_FRAME_ERR_DMA, VISP_DMA_CH_IN);

	visp_dev_frame_setup(ctx);
	visp_test_program(ctx, ctx->out_dma);
	visp_test_wr(ctx, VISP_REG_FRAME_CNT, 0x1fffe);
	visp_test_wr(ctx, VISP_REG_TEST_INJECT, VISP_TEST_INJECT_DMA_ERR);
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_COMMIT | VISP_CTRL_START);
	visp_test_wr(ctx, VISP_REG_TEST_INJECT, VISP_TEST_INJECT_DMA_ERR);
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_START);
	KUNIT_ASSERT_TRUE_MSG(test, visp_test_wait_frame(ctx, 0x20000),
			      "the failing frames did not end");
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_START);
	KUNIT_ASSERT_TRUE_MSG(test, visp_test_wait_frame(ctx, 0x20001),
			      "the good frame did not end");

	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_FRAME_ERR(2)),
			FIELD_PREP(VISP_FRAME_ERR_FRAME, 0xfffe) | err);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_FRAME_ERR(3)),
			FIELD_PREP(VISP_FRAME_ERR_FRAME, 0xffff) | err);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_FRAME_ERR(0)),
			FIELD_PREP(VISP_FRAME_ERR_FRAME, 0));
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_DMA_ERR_SRC), 0);
	KUNIT_EXPECT_EQ(test, visp_test_count(ctx, VISP_SIM_CNT_DMA_ERRORS),
			errors + 2);
	KUNIT_EXPECT_EQ(test, ((struct visp_stats_buffer *)ctx->stats)->frame_sequence,
			0x20000);
}

/* The slow fault delays FRAME_DONE by slow_ms. */
static void visp_sim_dev_test_slow(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);
	ktime_t start;
	s64 ms;

	visp_dev_frame_setup(ctx);
	visp_test_program(ctx, ctx->out_dma);

	visp_test_slow(ctx, 300);

	start = ktime_get();
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_COMMIT | VISP_CTRL_START);
	KUNIT_ASSERT_TRUE_MSG(test, visp_test_wait_done(ctx, 20000),
			      "no FRAME_DONE");
	ms = ktime_ms_delta(ktime_get(), start);

	KUNIT_EXPECT_GE(test, ms, 300);
	KUNIT_EXPECT_EQ(test, ctx->isr, VISP_IRQ_FRAME_START |
			VISP_IRQ_STATS_DONE | VISP_IRQ_FRAME_DONE);
}

/* The corrupt_stats fault inverts every bit of the statistics. */
static void visp_sim_dev_test_corrupt_stats(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);
	unsigned int i, bad = 0;
	u8 *out, *stats;

	visp_dev_frame_setup(ctx);
	visp_test_program(ctx, ctx->out_dma);
	visp_sim_inject(ctx->sim, VISP_SIM_FAULT_CORRUPT_STATS, true);
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_COMMIT | VISP_CTRL_START);
	KUNIT_ASSERT_TRUE_MSG(test, visp_test_wait_done(ctx, 20000),
			      "no FRAME_DONE");

	visp_test_predict(ctx, 0, &out, &stats);
	KUNIT_EXPECT_EQ(test, memcmp(ctx->out, out, VISP_TEST_OUT_SIZE), 0);
	for (i = 0; i < VISP_TEST_STATS_SIZE; i++)
		if (ctx->stats[i] != (u8)~stats[i])
			bad++;
	KUNIT_EXPECT_EQ(test, bad, 0);
}

/*
 * The line is level triggered: a handler that leaves the interrupt set is
 * called again. A spurious interrupt reaches the handler with nothing set.
 */
static void visp_sim_dev_test_irq_level(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);

	visp_dev_frame_setup(ctx);
	ctx->hold = 2;
	visp_test_wr(ctx, VISP_REG_ISR_SET, VISP_IRQ_OVERFLOW);
	KUNIT_EXPECT_TRUE(test, visp_test_wait_isr(ctx, VISP_IRQ_OVERFLOW, 2000));
	KUNIT_EXPECT_EQ(test, ctx->calls, 3);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_ISR), 0);

	/* Masked in IMR: no interrupt. */
	visp_test_wr(ctx, VISP_REG_IMR, VISP_IRQ_FRAME_DONE);
	visp_test_wr(ctx, VISP_REG_ISR_SET, VISP_IRQ_OVERFLOW);
	msleep(100);
	KUNIT_EXPECT_EQ(test, ctx->calls, 3);
	/* Enabled while set: the line rises. */
	visp_test_wr(ctx, VISP_REG_IMR, VISP_IRQ_OVERFLOW);
	msleep(100);
	KUNIT_EXPECT_EQ(test, ctx->calls, 4);

	visp_sim_inject(ctx->sim, VISP_SIM_FAULT_SPURIOUS_IRQ, true);
	msleep(100);
	KUNIT_EXPECT_EQ(test, ctx->calls, 5);
	KUNIT_EXPECT_EQ(test, ctx->spurious, 1);
}

/* START while busy is queued, a third START overflows. */
static void visp_sim_dev_test_queue(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);
	u64 frames = visp_test_count(ctx, VISP_SIM_CNT_FRAMES);

	visp_dev_frame_setup(ctx);
	visp_test_program(ctx, ctx->out_dma);
	visp_test_slow(ctx, 200);
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_COMMIT | VISP_CTRL_START);
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_START);
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_START);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_STATUS),
			VISP_STATUS_BUSY | VISP_STATUS_START_PENDING);
	KUNIT_ASSERT_TRUE_MSG(test, visp_test_wait_done(ctx, 20000),
			      "no first FRAME_DONE");
	KUNIT_ASSERT_TRUE_MSG(test, visp_test_wait_done(ctx, 20000),
			      "no second FRAME_DONE");
	KUNIT_EXPECT_TRUE(test, ctx->isr & VISP_IRQ_OVERFLOW);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_FRAME_CNT), 2);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_STATUS), 0);
	KUNIT_EXPECT_EQ(test, visp_test_count(ctx, VISP_SIM_CNT_FRAMES),
			frames + 2);
}

/* An invalid configuration: CFG_ERR, and nothing is written. */
static void visp_sim_dev_test_cfg_error(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);

	visp_dev_frame_setup(ctx);
	visp_test_program(ctx, ctx->out_dma);
	visp_test_wr(ctx, VISP_REG_IN_SIZE, FIELD_PREP(VISP_SIZE_W, 30) |
		     FIELD_PREP(VISP_SIZE_H, VISP_TEST_H));
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_COMMIT | VISP_CTRL_START);
	KUNIT_ASSERT_TRUE_MSG(test, visp_test_wait_done(ctx, 20000),
			      "no FRAME_DONE");
	KUNIT_EXPECT_EQ(test, ctx->isr, VISP_IRQ_FRAME_START |
			VISP_IRQ_CFG_ERR | VISP_IRQ_FRAME_DONE);
	KUNIT_EXPECT_TRUE(test, visp_test_rd(ctx, VISP_REG_CFG_ERR_SRC) &
			  VISP_CFG_ERR_IN);
	KUNIT_EXPECT_NULL(test, memchr_inv(ctx->out, 0xaa, VISP_TEST_OUT_SIZE));
	KUNIT_EXPECT_NULL(test, memchr_inv(ctx->stats, 0xaa,
					   VISP_TEST_STATS_SIZE));
}

/* Stopping the core clock during a frame hangs it for good. */
static void visp_sim_dev_test_clock_stop_hangs(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);
	struct clk *core = ctx->clks[0].clk;

	visp_dev_frame_setup(ctx);
	visp_test_program(ctx, ctx->out_dma);
	visp_test_slow(ctx, 300);
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_COMMIT | VISP_CTRL_START);
	clk_disable(core);
	msleep(100);
	clk_enable(core);
	KUNIT_EXPECT_FALSE(test, visp_test_wait_done(ctx, 600));
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_STATUS),
			VISP_STATUS_BUSY);

	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_SOFT_RESET);
	visp_test_wait_reset(ctx);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_STATUS), 0);
}

/*
 * A frame started while the AXI clock is stopped hangs at once: it never
 * ends, even once the clock runs again, and writes nothing.
 */
static void visp_sim_dev_test_axi_stopped(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);
	struct clk *axi = ctx->clks[1].clk;

	visp_dev_frame_setup(ctx);
	visp_test_program(ctx, ctx->out_dma);
	clk_disable(axi);
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_COMMIT | VISP_CTRL_START);
	KUNIT_EXPECT_FALSE(test, visp_test_wait_done(ctx, 300));
	clk_enable(axi);
	KUNIT_EXPECT_FALSE(test, visp_test_wait_done(ctx, 300));
	KUNIT_EXPECT_EQ(test, ctx->isr, VISP_IRQ_FRAME_START);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_STATUS),
			VISP_STATUS_BUSY);
	KUNIT_EXPECT_NULL(test, memchr_inv(ctx->out, 0xaa, VISP_TEST_OUT_SIZE));
	KUNIT_EXPECT_NULL(test, memchr_inv(ctx->stats, 0xaa,
					   VISP_TEST_STATS_SIZE));

	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_SOFT_RESET);
	visp_test_wait_reset(ctx);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_STATUS), 0);
}

/* Power loss during a frame drops it: it never ends. */
static void visp_sim_dev_test_power_loss(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);
	u64 frames = visp_test_count(ctx, VISP_SIM_CNT_FRAMES);
	u64 aborts = visp_test_count(ctx, VISP_SIM_CNT_ABORTS);

	visp_dev_frame_setup(ctx);
	visp_test_program(ctx, ctx->out_dma);
	visp_test_slow(ctx, 300);
	visp_test_wr(ctx, VISP_REG_CTRL, VISP_CTRL_COMMIT | VISP_CTRL_START);
	KUNIT_EXPECT_EQ(test, pm_runtime_put_sync(ctx->dev), 0);
	KUNIT_ASSERT_EQ(test, pm_runtime_resume_and_get(ctx->dev), 0);
	msleep(600);

	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_STATUS), 0);
	KUNIT_EXPECT_EQ(test, visp_test_rd(ctx, VISP_REG_ISR), 0);
	KUNIT_EXPECT_EQ(test, visp_test_count(ctx, VISP_SIM_CNT_FRAMES), frames);
	KUNIT_EXPECT_EQ(test, visp_test_count(ctx, VISP_SIM_CNT_ABORTS),
			aborts + 1);
}

KUNIT_DEFINE_ACTION_WRAPPER(visp_test_remove_resource, remove_resource,
			    struct resource *);

/*
 * Add a fake System RAM resource of @pages pages at @page pages from
 * @base; skip the test when it cannot be made a top-level resource, as RAM
 * beside a hole no resource describes is.
 */
static void visp_test_add_ram(struct kunit *test, struct resource *res,
			      u64 base, unsigned int page, unsigned int pages)
{
	res->name = "visp-sim-test RAM";
	res->start = base + page * PAGE_SIZE;
	res->end = res->start + pages * PAGE_SIZE - 1;
	res->flags = IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY;
	res->desc = IORES_DESC_NONE;
	if (insert_resource(&iomem_resource, res))
		kunit_skip(test, "cannot add a RAM resource at %pa",
			   &res->start);
	visp_test_defer(test, visp_test_remove_resource, res);
	if (res->parent != &iomem_resource)
		kunit_skip(test, "%pa is inside another resource", &res->start);
}

/* A gigabyte of the physical address space where no resource is, or 0. */
static u64 visp_test_free_gigabyte(void)
{
	u64 base;

	for (base = ALIGN_DOWN(iomem_resource.end + 1, SZ_1G); base > SZ_4G;
	     base -= SZ_1G) {
		if (region_intersects(base - SZ_1G, SZ_1G, IORESOURCE_MEM,
				      IORES_DESC_NONE) == REGION_DISJOINT)
			return base - SZ_1G;
	}

	return 0;
}

/* The DMA channel IN from page @page, @lines lines of a page, at @base. */
static u32 visp_test_dma_ram(u64 base, unsigned int page, unsigned int lines)
{
	struct visp_sim_dma dma[VISP_SIM_DMA_CHANNELS] = {};

	dma[VISP_SIM_DMA_IN].addr = base + page * PAGE_SIZE;
	dma[VISP_SIM_DMA_IN].stride = PAGE_SIZE;
	dma[VISP_SIM_DMA_IN].size = lines * PAGE_SIZE;
	dma[VISP_SIM_DMA_IN].line_bytes = PAGE_SIZE;
	dma[VISP_SIM_DMA_IN].lines = lines;

	return visp_sim_dma_check_ram(dma);
}

/*
 * The interconnect check: a channel passes only when system RAM holds all
 * its bytes, also when the RAM beside the range is followed by a hole that
 * no resource describes, or when the range crosses such a hole.
 */
static void visp_sim_dev_test_dma_ram(struct kunit *test)
{
	struct resource *ram;
	u64 base;

	ram = kunit_kcalloc(test, 3, sizeof(*ram), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ram);

	/* Pages 0-1 and 2-3 RAM, page 4 a hole, page 5 RAM, then nothing. */
	base = visp_test_free_gigabyte();
	if (!base)
		kunit_skip(test, "no free physical address range");
	visp_test_add_ram(test, &ram[0], base, 0, 2);
	visp_test_add_ram(test, &ram[1], base, 2, 2);
	visp_test_add_ram(test, &ram[2], base, 5, 1);

	KUNIT_EXPECT_EQ(test, visp_test_dma_ram(base, 0, 1), 0);
	/* Across the boundary of two adjacent RAM resources. */
	KUNIT_EXPECT_EQ(test, visp_test_dma_ram(base, 1, 2), 0);
	KUNIT_EXPECT_EQ(test, visp_test_dma_ram(base, 0, 4), 0);
	/* Into the hole, across it, and past the end of the last RAM. */
	KUNIT_EXPECT_EQ(test, visp_test_dma_ram(base, 3, 2), VISP_DMA_CH_IN);
	KUNIT_EXPECT_EQ(test, visp_test_dma_ram(base, 3, 3), VISP_DMA_CH_IN);
	KUNIT_EXPECT_EQ(test, visp_test_dma_ram(base, 5, 2), VISP_DMA_CH_IN);
	KUNIT_EXPECT_EQ(test, visp_test_dma_ram(base, 4, 1), VISP_DMA_CH_IN);
	KUNIT_EXPECT_EQ(test, visp_test_dma_ram(base, 5, 1), 0);
	/* A range that wraps around the address space. */
	KUNIT_EXPECT_EQ(test, visp_test_dma_ram(U64_MAX - PAGE_SIZE + 1, 0, 2),
			VISP_DMA_CH_IN);
}

/* Reference figures of the timing documentation. */
static void visp_sim_dev_test_timing(struct kunit *test)
{
	struct visp_model_config *cfg;

	cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cfg);
	cfg->in_width = 1920;
	cfg->in_height = 1080;

	KUNIT_EXPECT_EQ(test, visp_sim_frame_ns(cfg, 400000000, 400000000),
			2698560);
	/* AXI at half the core rate keeps up; below, frames stretch. */
	KUNIT_EXPECT_EQ(test, visp_sim_frame_ns(cfg, 400000000, 200000000),
			2698560);
	KUNIT_EXPECT_EQ(test, visp_sim_frame_ns(cfg, 400000000, 100000000),
			2 * 2698560);
	KUNIT_EXPECT_EQ(test, visp_sim_frame_ns(cfg, 100000000, 100000000),
			4 * 2698560);
	cfg->in_width = 4096;
	cfg->in_height = 3072;
	KUNIT_EXPECT_EQ(test, visp_sim_frame_ns(cfg, 400000000, 400000000),
			16005440);
	/* 6 more lines of fill: (2048 + 32) * 6 cycles, 31.2 us at 400 MHz */
	cfg->dms_mode = VISP_DEMOSAIC_DIRECTIONAL;
	KUNIT_EXPECT_EQ(test, visp_sim_frame_ns(cfg, 400000000, 400000000),
			16036640);
	cfg->in_width = 1920;
	cfg->in_height = 1080;
	KUNIT_EXPECT_EQ(test, visp_sim_frame_ns(cfg, 400000000, 400000000),
			2713440);
	KUNIT_EXPECT_EQ(test, visp_sim_cycles_ns(VISP_TIMING_RESET_CYCLES,
						 VISP_CORE_CLK_MIN_HZ), 640);
}

/*
 * Lines that are not those of the frame whose start the receiver took
 * (only a faulty sensor sends them): the receiver leaves the frame and
 * drops it, counted in csi_dropped.
 */
static void visp_sim_dev_test_csi_mismatch(struct kunit *test)
{
	struct visp_dev_ctx *ctx = visp_dev_get(test);
	struct visp_sim *sim = ctx->sim;
	u16 *lines;
	int ret;

	lines = kunit_kcalloc(test, 16 * 8, sizeof(*lines), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, lines);
	visp_dev_up(ctx);
	visp_test_wr(ctx, VISP_REG_CSI_CTRL, VISP_CSI_CTRL_EN |
		     FIELD_PREP(VISP_CSI_CTRL_LANES, 2) |
		     FIELD_PREP(VISP_CSI_CTRL_DT, VISP_CSI_DT_RAW10));

	mutex_lock(&sim->csi_lock);
	ret = visp_sim_frame_csi_start(sim, 16, 8, VISP_CSI_DT_RAW10, 2);
	mutex_unlock(&sim->csi_lock);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_TRUE(test, visp_test_rd(ctx, VISP_REG_CSI_STATUS) &
			  VISP_CSI_STATUS_IN_FRAME);

	/* One line short of what the frame start announced. */
	mutex_lock(&sim->csi_lock);
	ret = visp_sim_frame_csi_data(sim, lines, 16, 7, 16 * sizeof(*lines));
	mutex_unlock(&sim->csi_lock);
	KUNIT_EXPECT_EQ(test, ret, -EINVAL);
	KUNIT_EXPECT_FALSE(test, visp_test_rd(ctx, VISP_REG_CSI_STATUS) &
			   VISP_CSI_STATUS_IN_FRAME);
	KUNIT_EXPECT_EQ(test, visp_test_count(ctx, VISP_SIM_CNT_CSI_DROPPED), 1);
	KUNIT_EXPECT_EQ(test, visp_test_count(ctx, VISP_SIM_CNT_CSI_FRAMES), 1);
}

static struct kunit_case visp_sim_dev_test_cases[] = {
	KUNIT_CASE(visp_sim_dev_test_timing),
	KUNIT_CASE(visp_sim_dev_test_dma_ram),
	KUNIT_CASE(visp_sim_dev_test_resources),
	KUNIT_CASE(visp_sim_dev_test_bus_errors),
	KUNIT_CASE(visp_sim_dev_test_burst),
	KUNIT_CASE(visp_sim_dev_test_frame),
	KUNIT_CASE(visp_sim_dev_test_dma_error),
	KUNIT_CASE(visp_sim_dev_test_no_pixels),
	KUNIT_CASE(visp_sim_dev_test_frame_err),
	KUNIT_CASE(visp_sim_dev_test_hang),
	KUNIT_CASE(visp_sim_dev_test_slow),
	KUNIT_CASE(visp_sim_dev_test_corrupt_stats),
	KUNIT_CASE(visp_sim_dev_test_irq_level),
	KUNIT_CASE(visp_sim_dev_test_queue),
	KUNIT_CASE(visp_sim_dev_test_cfg_error),
	KUNIT_CASE(visp_sim_dev_test_clock_stop_hangs),
	KUNIT_CASE(visp_sim_dev_test_axi_stopped),
	KUNIT_CASE(visp_sim_dev_test_power_loss),
	KUNIT_CASE(visp_sim_dev_test_csi_mismatch),
	{}
};

static struct kunit_suite visp_sim_dev_test_suite = {
	.name = "visp-sim-device",
	.test_cases = visp_sim_dev_test_cases,
};

kunit_test_suite(visp_sim_dev_test_suite);
