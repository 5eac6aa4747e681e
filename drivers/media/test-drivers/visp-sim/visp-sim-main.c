// SPDX-License-Identifier: GPL-2.0
/*
 * VISP simulator: a simulated SoC with a VISP ISP
 *
 * The module registers a platform device "visp-sim", the SoC, whose driver
 * provides what the ISP needs on a real SoC: a register map, an interrupt,
 * three clocks, a reset line and a power domain, and registers the ISP
 * platform device "visp.0" as its child. The VISP driver binds to it as to
 * real hardware. A camera module, the "visp-sensor" and "visp-lens"
 * devices, is connected to the ISP's CSI-2 receiver: software nodes
 * describe the three devices and the link between the sensor and the ISP
 * as a device tree graph would. See
 * Documentation/admin-guide/media/visp-sim.rst.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/clk-provider.h>
#include <linux/clkdev.h>
#include <linux/cpumask.h>
#include <linux/debugfs.h>
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/pm_domain.h>
#include <linux/property.h>
#include <linux/regmap.h>
#include <linux/reset.h>
#include <linux/reset-controller.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/unaligned.h>
#include <linux/vmalloc.h>

#include <dt-bindings/media/video-interfaces.h>
#include <kunit/visibility.h>
#include <media/v4l2-fwnode.h>

#include "visp-sensor.h"
#include "visp-sim-csi.h"
#include "visp-sim.h"

#define CREATE_TRACE_POINTS
#include <trace/events/visp_sim.h>

#define VISP_SIM_NAME		"visp-sim"
#define VISP_SIM_ISP_NAME	"visp"
#define VISP_SIM_ISP_DEV	"visp.0"
#define VISP_SIM_RESET_MARKER	"visp-sim-lookups"

bool visp_sim_timing = true;
module_param_named(timing, visp_sim_timing, bool, 0644);
MODULE_PARM_DESC(timing,
		 "Frames take the time of the timing model (default: true)");

bool visp_sim_pixels = true;
EXPORT_SYMBOL_IF_KUNIT(visp_sim_pixels);
module_param_named(pixels, visp_sim_pixels, bool, 0644);
MODULE_PARM_DESC(pixels,
		 "Frames compute their pixels; without, they read and write no pixel, for measuring the driver alone (default: true)");

bool visp_sim_host_model = true;
module_param_named(host, visp_sim_host_model, bool, 0644);
MODULE_PARM_DESC(host,
		 "Frames from memory run on the model of the host, visp-hostmodel, when it serves an ivshmem device (default: true)");

static unsigned int visp_sim_bands = 1;
module_param_named(bands, visp_sim_bands, uint, 0444);
MODULE_PARM_DESC(bands,
		 "Bands of lines each frame of the model is split in, run on as many CPUs, 1 to 4, 0 for one per online CPU (default 1)");

static bool visp_sim_camera = true;
module_param_named(camera, visp_sim_camera, bool, 0444);
MODULE_PARM_DESC(camera,
		 "A camera is connected to the ISP's CSI-2 receiver (default: true)");

/**
 * struct visp_sim_clk_desc - constant description of a clock
 *
 * @con_id: connection name the ISP uses
 * @src_name: name of the rate-settable source
 * @gate_name: name of the gate
 * @min_rate: lowest rate, Hz
 * @max_rate: highest rate, Hz
 * @offline: VISP_SIM_OFFLINE_* reason of a stopped clock, 0 when the
 *	register interface does not need it
 */
struct visp_sim_clk_desc {
	const char *con_id;
	const char *src_name;
	const char *gate_name;
	unsigned long min_rate;
	unsigned long max_rate;
	unsigned int offline;
};

static const struct visp_sim_clk_desc visp_sim_clk_descs[VISP_SIM_CLKS] = {
	[VISP_SIM_CLK_CORE] = {
		.con_id = "core",
		.src_name = "visp-sim-core-src",
		.gate_name = "visp-sim-core",
		.min_rate = VISP_CORE_CLK_MIN_HZ,
		.max_rate = VISP_CORE_CLK_MAX_HZ,
		.offline = VISP_SIM_OFFLINE_CORE_CLK,
	},
	[VISP_SIM_CLK_AXI] = {
		.con_id = "axi",
		.src_name = "visp-sim-axi-src",
		.gate_name = "visp-sim-axi",
		.min_rate = VISP_AXI_CLK_MIN_HZ,
		.max_rate = VISP_AXI_CLK_MAX_HZ,
	},
	[VISP_SIM_CLK_APB] = {
		.con_id = "apb",
		.src_name = "visp-sim-apb-src",
		.gate_name = "visp-sim-apb",
		.min_rate = VISP_APB_CLK_MIN_HZ,
		.max_rate = VISP_APB_CLK_MAX_HZ,
		.offline = VISP_SIM_OFFLINE_APB_CLK,
	},
};

static const char * const visp_sim_offline_names[] = {
	"apb clock stopped",
	"core clock stopped",
	"power domain off",
	"reset asserted",
};

/* ------------------------------------------------------------------------
 * Events and interrupt line
 */

/**
 * visp_sim_update_irq() - follow the interrupt line
 * @sim: simulator
 *
 * Delivers the interrupt when the line rises.
 */
void visp_sim_update_irq(struct visp_sim *sim)
{
	bool level = visp_sim_regs_irq_line(&sim->regs);

	lockdep_assert_held(&sim->lock);

	if (level && !sim->irq_level)
		irq_work_queue(&sim->irq_work);
	WRITE_ONCE(sim->irq_level, level);
}

/**
 * visp_sim_handle_events() - act on events of the register file
 * @sim: simulator
 * @events: VISP_SIM_EV_* events
 */
void visp_sim_handle_events(struct visp_sim *sim, unsigned int events)
{
	u64 ns;

	lockdep_assert_held(&sim->lock);

	if (events & VISP_SIM_EV_ABORT)
		visp_sim_frame_abort(sim);
	if (events & VISP_SIM_EV_RESET_BUSY) {
		if (visp_sim_timing) {
			ns = visp_sim_cycles_ns(VISP_TIMING_RESET_CYCLES,
						sim->clks[VISP_SIM_CLK_CORE].rate);
			sim->reset_end = ktime_add_ns(ktime_get(), ns);
		} else {
			visp_sim_regs_reset_done(&sim->regs);
		}
	}
	if (events & VISP_SIM_EV_FRAME_START)
		visp_sim_frame_start(sim);

	visp_sim_update_irq(sim);
}

/*
 * End the reset sequence once its time has passed. Evaluated at each access
 * rather than by a timer, so that software that waits the 64 cycles of the
 * reference (a udelay(), say) finds the block ready whatever the latency of
 * the host's timers.
 */
static void visp_sim_reset_poll(struct visp_sim *sim)
{
	lockdep_assert_held(&sim->lock);

	if ((sim->regs.status & VISP_STATUS_RESET_BUSY) &&
	    !ktime_before(ktime_get(), sim->reset_end))
		visp_sim_regs_reset_done(&sim->regs);
}

static void visp_sim_irq_work_fn(struct irq_work *work)
{
	struct visp_sim *sim = container_of(work, struct visp_sim, irq_work);
	bool deliver;

	/* Masked: visp_sim_irq_unmask() queues the work again. */
	if (READ_ONCE(sim->irq_masked))
		return;

	spin_lock(&sim->lock);
	deliver = sim->irq_level || sim->irq_spurious;
	WRITE_ONCE(sim->irq_spurious, false);
	if (deliver)
		sim->count[VISP_SIM_CNT_IRQS]++;
	spin_unlock(&sim->lock);

	if (deliver)
		generic_handle_domain_irq(sim->irq_domain, 0);
}

static void visp_sim_irq_mask(struct irq_data *d)
{
	struct visp_sim *sim = irq_data_get_irq_chip_data(d);

	WRITE_ONCE(sim->irq_masked, true);
}

static void visp_sim_irq_unmask(struct irq_data *d)
{
	struct visp_sim *sim = irq_data_get_irq_chip_data(d);

	WRITE_ONCE(sim->irq_masked, false);
	/* Level triggered: a line still asserted interrupts again. */
	if (READ_ONCE(sim->irq_level) || READ_ONCE(sim->irq_spurious))
		irq_work_queue(&sim->irq_work);
}

static const struct irq_chip visp_sim_irq_chip = {
	.name = VISP_SIM_NAME,
	.irq_mask = visp_sim_irq_mask,
	.irq_unmask = visp_sim_irq_unmask,
	.flags = IRQCHIP_SKIP_SET_WAKE,
};

static int visp_sim_irq_map(struct irq_domain *domain, unsigned int virq,
			    irq_hw_number_t hwirq)
{
	irq_set_chip_data(virq, domain->host_data);
	irq_set_chip_and_handler(virq, &visp_sim_irq_chip, handle_level_irq);
	irq_set_status_flags(virq, IRQ_LEVEL);

	return 0;
}

static void visp_sim_irq_unmap(struct irq_domain *domain, unsigned int virq)
{
	irq_clear_status_flags(virq, IRQ_LEVEL);
	irq_set_chip_and_handler(virq, NULL, NULL);
	irq_set_chip_data(virq, NULL);
}

static const struct irq_domain_ops visp_sim_irq_ops = {
	.map = visp_sim_irq_map,
	.unmap = visp_sim_irq_unmap,
};

static void visp_sim_irq_remove(void *data)
{
	struct visp_sim *sim = data;

	irq_work_sync(&sim->irq_work);
	irq_dispose_mapping(sim->irq);
	irq_domain_remove(sim->irq_domain);
	irq_domain_free_fwnode(sim->irq_fwnode);
}

static int visp_sim_irq_init(struct visp_sim *sim)
{
	sim->irq_masked = true;
	init_irq_work(&sim->irq_work, visp_sim_irq_work_fn);

	sim->irq_fwnode = irq_domain_alloc_named_fwnode(VISP_SIM_NAME);
	if (!sim->irq_fwnode)
		return -ENOMEM;

	sim->irq_domain = irq_domain_create_linear(sim->irq_fwnode, 1,
						   &visp_sim_irq_ops, sim);
	if (!sim->irq_domain) {
		irq_domain_free_fwnode(sim->irq_fwnode);
		return -ENOMEM;
	}

	sim->irq = irq_create_mapping(sim->irq_domain, 0);
	if (!sim->irq) {
		irq_domain_remove(sim->irq_domain);
		irq_domain_free_fwnode(sim->irq_fwnode);
		return -ENOMEM;
	}

	return devm_add_action_or_reset(sim->dev, visp_sim_irq_remove, sim);
}

/* ------------------------------------------------------------------------
 * Register map
 */

static void visp_sim_bus_error(struct visp_sim *sim, const char *access,
			       unsigned int reg, unsigned int offline)
{
	dev_err_ratelimited(sim->dev, "bus error: %s of 0x%04x while %s\n",
			    access, reg,
			    visp_sim_offline_names[__ffs(offline)]);
}

/*
 * The register bus: the interconnect takes a burst of consecutive registers
 * in one access, as AXI does, so that a lookup table written with
 * regmap_bulk_write() costs one access rather than one a register. A burst
 * stops at its first register that fails. Registers and values are in the
 * CPU's byte order; the buffers regmap passes need not be aligned. regmap
 * checks max_register for single accesses only: a burst beyond the window
 * fails here, with -EINVAL.
 */
static int visp_sim_bus_read(void *context, const void *reg_buf,
			     size_t reg_size, void *val_buf, size_t val_size)
{
	struct visp_sim *sim = context;
	u32 reg = get_unaligned((const u32 *)reg_buf);
	unsigned int offline, i;
	unsigned long flags;
	u32 *vals = val_buf;
	int ret = 0;
	u32 val;

	if (reg_size != sizeof(u32) || val_size % sizeof(u32))
		return -EINVAL;

	spin_lock_irqsave(&sim->lock, flags);
	sim->count[VISP_SIM_CNT_BUS_ACCESSES]++;
	visp_sim_reset_poll(sim);
	offline = sim->regs.offline;
	for (i = 0; !ret && i < val_size / sizeof(u32); i++) {
		val = 0;
		ret = visp_sim_regs_read(&sim->regs, reg + i * sizeof(u32),
					 &val);
		put_unaligned(val, &vals[i]);
	}
	visp_sim_update_irq(sim);
	spin_unlock_irqrestore(&sim->lock, flags);

	if (ret == -EIO)
		visp_sim_bus_error(sim, "read", reg, offline);

	return ret;
}

static int visp_sim_bus_gather_write(void *context, const void *reg_buf,
				     size_t reg_size, const void *val_buf,
				     size_t val_size)
{
	struct visp_sim *sim = context;
	u32 reg = get_unaligned((const u32 *)reg_buf);
	u64 t0 = trace_visp_sim_access_enabled() ? ktime_get_ns() : 0;
	unsigned int offline, events, all = 0, i;
	const u32 *vals = val_buf;
	unsigned long flags;
	int ret = 0;

	if (reg_size != sizeof(u32) || val_size % sizeof(u32))
		return -EINVAL;

	spin_lock_irqsave(&sim->lock, flags);
	sim->count[VISP_SIM_CNT_BUS_ACCESSES]++;
	visp_sim_reset_poll(sim);
	offline = sim->regs.offline;
	for (i = 0; !ret && i < val_size / sizeof(u32); i++) {
		ret = visp_sim_regs_write(&sim->regs, reg + i * sizeof(u32),
					  get_unaligned(&vals[i]), &events);
		if (events)
			visp_sim_handle_events(sim, events);
		all |= events;
	}
	/* The line follows the errors of the burst, if no event did. */
	visp_sim_update_irq(sim);
	/* Before the unlock, where the interrupt it raised may run. */
	if (t0 && all)
		trace_visp_sim_access(reg, all, ktime_get_ns() - t0);
	spin_unlock_irqrestore(&sim->lock, flags);

	if (ret == -EIO)
		visp_sim_bus_error(sim, "write", reg, offline);

	return ret;
}

/* A register offset followed by its values. */
static int visp_sim_bus_write(void *context, const void *data, size_t count)
{
	if (count < sizeof(u32))
		return -EINVAL;
	return visp_sim_bus_gather_write(context, data, sizeof(u32),
					 data + sizeof(u32),
					 count - sizeof(u32));
}

static const struct regmap_bus visp_sim_regmap_bus = {
	.fast_io = true,
	.read = visp_sim_bus_read,
	.write = visp_sim_bus_write,
	.gather_write = visp_sim_bus_gather_write,
	.reg_format_endian_default = REGMAP_ENDIAN_NATIVE,
	.val_format_endian_default = REGMAP_ENDIAN_NATIVE,
};

static const struct regmap_config visp_sim_regmap_config = {
	.reg_bits = 32,
	.val_bits = 32,
	.reg_stride = 4,
	.max_register = VISP_REG_SPACE_SIZE - 4,
	.reg_format_endian = REGMAP_ENDIAN_NATIVE,
	.val_format_endian = REGMAP_ENDIAN_NATIVE,
	.cache_type = REGCACHE_NONE,
};

/* ------------------------------------------------------------------------
 * Clocks
 */

static unsigned long visp_sim_src_recalc_rate(struct clk_hw *hw,
					      unsigned long parent_rate)
{
	struct visp_sim_clk *clk = container_of(hw, struct visp_sim_clk, src);
	unsigned long flags, rate;

	spin_lock_irqsave(&clk->sim->lock, flags);
	rate = clk->rate;
	spin_unlock_irqrestore(&clk->sim->lock, flags);

	return rate;
}

static int visp_sim_src_determine_rate(struct clk_hw *hw,
				       struct clk_rate_request *req)
{
	struct visp_sim_clk *clk = container_of(hw, struct visp_sim_clk, src);
	const struct visp_sim_clk_desc *desc = &visp_sim_clk_descs[clk->id];

	req->rate = clamp(req->rate, desc->min_rate, desc->max_rate);

	return 0;
}

static int visp_sim_src_set_rate(struct clk_hw *hw, unsigned long rate,
				 unsigned long parent_rate)
{
	struct visp_sim_clk *clk = container_of(hw, struct visp_sim_clk, src);
	const struct visp_sim_clk_desc *desc = &visp_sim_clk_descs[clk->id];
	unsigned long flags;

	if (rate < desc->min_rate || rate > desc->max_rate)
		return -EINVAL;

	spin_lock_irqsave(&clk->sim->lock, flags);
	clk->rate = rate;
	spin_unlock_irqrestore(&clk->sim->lock, flags);

	return 0;
}

static const struct clk_ops visp_sim_src_ops = {
	.recalc_rate = visp_sim_src_recalc_rate,
	.determine_rate = visp_sim_src_determine_rate,
	.set_rate = visp_sim_src_set_rate,
};

static void visp_sim_gate_set(struct visp_sim_clk *clk, bool enable)
{
	const struct visp_sim_clk_desc *desc = &visp_sim_clk_descs[clk->id];
	struct visp_sim *sim = clk->sim;
	unsigned long flags;

	spin_lock_irqsave(&sim->lock, flags);
	clk->enabled = enable;
	if (desc->offline)
		visp_sim_regs_set_offline(&sim->regs, desc->offline, !enable);
	/* The pipeline and its DMA stall without their clocks. */
	if (!enable && clk->id != VISP_SIM_CLK_APB)
		visp_sim_frame_stall(sim);
	spin_unlock_irqrestore(&sim->lock, flags);
}

static int visp_sim_gate_enable(struct clk_hw *hw)
{
	visp_sim_gate_set(container_of(hw, struct visp_sim_clk, gate), true);

	return 0;
}

static void visp_sim_gate_disable(struct clk_hw *hw)
{
	visp_sim_gate_set(container_of(hw, struct visp_sim_clk, gate), false);
}

static int visp_sim_gate_is_enabled(struct clk_hw *hw)
{
	struct visp_sim_clk *clk = container_of(hw, struct visp_sim_clk, gate);
	unsigned long flags;
	bool enabled;

	spin_lock_irqsave(&clk->sim->lock, flags);
	enabled = clk->enabled;
	spin_unlock_irqrestore(&clk->sim->lock, flags);

	return enabled;
}

static const struct clk_ops visp_sim_gate_ops = {
	.enable = visp_sim_gate_enable,
	.disable = visp_sim_gate_disable,
	.is_enabled = visp_sim_gate_is_enabled,
};

static int visp_sim_clk_init(struct visp_sim *sim, enum visp_sim_clk_id id)
{
	const struct visp_sim_clk_desc *desc = &visp_sim_clk_descs[id];
	struct visp_sim_clk *clk = &sim->clks[id];
	struct clk_init_data init = {};
	const struct clk_hw *parent;
	int ret;

	clk->sim = sim;
	clk->id = id;
	clk->rate = desc->max_rate;

	init.name = desc->src_name;
	init.ops = &visp_sim_src_ops;
	clk->src.init = &init;
	ret = devm_clk_hw_register(sim->dev, &clk->src);
	if (ret)
		return dev_err_probe(sim->dev, ret, "cannot register %s\n",
				     init.name);

	parent = &clk->src;
	init.name = desc->gate_name;
	init.ops = &visp_sim_gate_ops;
	init.parent_hws = &parent;
	init.num_parents = 1;
	init.flags = CLK_SET_RATE_PARENT;
	clk->gate.init = &init;
	ret = devm_clk_hw_register(sim->dev, &clk->gate);
	if (ret)
		return dev_err_probe(sim->dev, ret, "cannot register %s\n",
				     init.name);

	ret = devm_clk_hw_register_clkdev(sim->dev, &clk->gate, desc->con_id,
					  VISP_SIM_ISP_DEV);
	if (ret)
		return dev_err_probe(sim->dev, ret,
				     "cannot add the lookup of %s\n", init.name);

	return 0;
}

/* ------------------------------------------------------------------------
 * Reset controller
 */

static struct visp_sim *rcdev_to_sim(struct reset_controller_dev *rcdev)
{
	return container_of(rcdev, struct visp_sim, rcdev);
}

static void visp_sim_reset_set(struct visp_sim *sim, bool assert)
{
	unsigned int events;
	unsigned long flags;

	spin_lock_irqsave(&sim->lock, flags);
	events = visp_sim_regs_set_offline(&sim->regs, VISP_SIM_OFFLINE_RESET,
					   assert);
	visp_sim_handle_events(sim, events);
	spin_unlock_irqrestore(&sim->lock, flags);
}

static int visp_sim_reset_assert(struct reset_controller_dev *rcdev,
				 unsigned long id)
{
	visp_sim_reset_set(rcdev_to_sim(rcdev), true);

	return 0;
}

static int visp_sim_reset_deassert(struct reset_controller_dev *rcdev,
				   unsigned long id)
{
	visp_sim_reset_set(rcdev_to_sim(rcdev), false);

	return 0;
}

static int visp_sim_reset_reset(struct reset_controller_dev *rcdev,
				unsigned long id)
{
	struct visp_sim *sim = rcdev_to_sim(rcdev);

	visp_sim_reset_set(sim, true);
	visp_sim_reset_set(sim, false);

	return 0;
}

static int visp_sim_reset_status(struct reset_controller_dev *rcdev,
				 unsigned long id)
{
	struct visp_sim *sim = rcdev_to_sim(rcdev);
	unsigned long flags;
	int asserted;

	spin_lock_irqsave(&sim->lock, flags);
	asserted = !!(sim->regs.offline & VISP_SIM_OFFLINE_RESET);
	spin_unlock_irqrestore(&sim->lock, flags);

	return asserted;
}

static const struct reset_control_ops visp_sim_reset_ops = {
	.reset = visp_sim_reset_reset,
	.assert = visp_sim_reset_assert,
	.deassert = visp_sim_reset_deassert,
	.status = visp_sim_reset_status,
};

/**
 * struct visp_sim_reset_lookups - the reset lookups and their strings
 *
 * @lookup: for the ISP by con_id NULL and "core", and the marker
 * @provider: name of the SoC device, provider of the reset line
 * @isp: name of the ISP device
 * @core: name of the ISP's reset input
 * @marker: con_id of the marker, a lookup for the SoC device
 */
struct visp_sim_reset_lookups {
	struct reset_control_lookup lookup[3];
	char provider[sizeof(VISP_SIM_NAME)];
	char isp[sizeof(VISP_SIM_ISP_DEV)];
	char core[sizeof("core")];
	char marker[sizeof(VISP_SIM_RESET_MARKER)];
};

/*
 * Linux 6.12 cannot remove reset lookups, and has no lock a module could
 * take to unlink them itself. The lookups are therefore added once, at the
 * first load after boot, with their strings, in memory that is never freed,
 * and stay registered when the module is unloaded. They cannot dangle: a
 * lookup names its provider, which the reset core finds at each
 * reset_control_get(), and returns -EPROBE_DEFER without it. The third
 * lookup, for the SoC device itself, tells later loads they are there.
 */
static int visp_sim_reset_add_lookups(struct visp_sim *sim)
{
	struct visp_sim_reset_lookups *l;
	struct reset_control *rstc;

	rstc = reset_control_get_optional_exclusive(sim->dev,
						    VISP_SIM_RESET_MARKER);
	if (IS_ERR(rstc))
		return PTR_ERR(rstc);
	if (rstc) {
		reset_control_put(rstc);
		return 0;
	}

	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	strscpy(l->provider, VISP_SIM_NAME);
	strscpy(l->isp, VISP_SIM_ISP_DEV);
	strscpy(l->core, "core");
	strscpy(l->marker, VISP_SIM_RESET_MARKER);
	l->lookup[0] = (struct reset_control_lookup)
		RESET_LOOKUP(l->provider, 0, l->isp, NULL);
	l->lookup[1] = (struct reset_control_lookup)
		RESET_LOOKUP(l->provider, 0, l->isp, l->core);
	l->lookup[2] = (struct reset_control_lookup)
		RESET_LOOKUP(l->provider, 0, l->provider, l->marker);
	reset_controller_add_lookup(l->lookup, ARRAY_SIZE(l->lookup));

	return 0;
}

static int visp_sim_reset_init(struct visp_sim *sim)
{
	int ret;

	sim->rcdev.ops = &visp_sim_reset_ops;
	sim->rcdev.owner = THIS_MODULE;
	sim->rcdev.dev = sim->dev;
	sim->rcdev.nr_resets = 1;
	ret = devm_reset_controller_register(sim->dev, &sim->rcdev);
	if (ret)
		return dev_err_probe(sim->dev, ret,
				     "cannot register the reset controller\n");

	ret = visp_sim_reset_add_lookups(sim);
	if (ret)
		return dev_err_probe(sim->dev, ret,
				     "cannot add the reset lookups\n");

	return 0;
}

/* ------------------------------------------------------------------------
 * Power domain
 */

static int visp_sim_power_set(struct generic_pm_domain *genpd, bool on)
{
	struct visp_sim *sim = container_of(genpd, struct visp_sim, genpd);
	unsigned int events;
	unsigned long flags;

	spin_lock_irqsave(&sim->lock, flags);
	events = visp_sim_regs_set_offline(&sim->regs, VISP_SIM_OFFLINE_POWER,
					   !on);
	visp_sim_handle_events(sim, events);
	spin_unlock_irqrestore(&sim->lock, flags);

	return 0;
}

static int visp_sim_power_on(struct generic_pm_domain *genpd)
{
	return visp_sim_power_set(genpd, true);
}

static int visp_sim_power_off(struct generic_pm_domain *genpd)
{
	return visp_sim_power_set(genpd, false);
}

static void visp_sim_genpd_remove(void *data)
{
	struct visp_sim *sim = data;

	pm_genpd_remove(&sim->genpd);
}

static int visp_sim_genpd_init(struct visp_sim *sim)
{
	int ret;

	sim->genpd.name = "visp-sim-pd";
	sim->genpd.power_on = visp_sim_power_on;
	sim->genpd.power_off = visp_sim_power_off;
	ret = pm_genpd_init(&sim->genpd, NULL, true);
	if (ret)
		return dev_err_probe(sim->dev, ret,
				     "cannot register the power domain\n");

	return devm_add_action_or_reset(sim->dev, visp_sim_genpd_remove, sim);
}

/* ------------------------------------------------------------------------
 * Firmware graph: the sensor's CSI-2 link to the ISP, the lens
 *
 * What a device tree would hold (see the ISP's binding, visp,visp-isp.yaml):
 * the ISP's ports/port@0/endpoint@0 and the sensor's port@0/endpoint@0
 * point to each other, both a CSI-2 D-PHY bus of two lanes, and the
 * sensor's "lens-focus" to the lens. The sensor's "orientation" (an
 * external camera) and "rotation" (mounted upright) are the properties of
 * video-interface-devices.yaml that camera stacks report to applications.
 */

static const struct software_node visp_sim_sensor_ep_node;
static const struct software_node visp_sim_isp_ep_node;

static const u32 visp_sim_data_lanes[VISP_SENSOR_LANES] = { 1, 2 };
static const u64 visp_sim_link_freqs[] = { VISP_SENSOR_LINK_FREQ };

static const struct software_node visp_sim_lens_node = {
	.name = "visp-sim-lens",
};

static const struct property_entry visp_sim_sensor_props[] = {
	PROPERTY_ENTRY_REF("lens-focus", &visp_sim_lens_node),
	PROPERTY_ENTRY_U32("orientation", V4L2_FWNODE_ORIENTATION_EXTERNAL),
	PROPERTY_ENTRY_U32("rotation", 0),
	{ }
};

static const struct software_node visp_sim_sensor_node = {
	.name = "visp-sim-sensor",
	.properties = visp_sim_sensor_props,
};

static const struct property_entry visp_sim_port_props[] = {
	PROPERTY_ENTRY_U32("reg", 0),
	{ }
};

static const struct software_node visp_sim_sensor_port_node = {
	.name = "port@0",
	.parent = &visp_sim_sensor_node,
	.properties = visp_sim_port_props,
};

static const struct property_entry visp_sim_sensor_ep_props[] = {
	PROPERTY_ENTRY_U32("reg", 0),
	PROPERTY_ENTRY_U32("bus-type", MEDIA_BUS_TYPE_CSI2_DPHY),
	PROPERTY_ENTRY_U32_ARRAY("data-lanes", visp_sim_data_lanes),
	PROPERTY_ENTRY_U64_ARRAY("link-frequencies", visp_sim_link_freqs),
	PROPERTY_ENTRY_REF("remote-endpoint", &visp_sim_isp_ep_node),
	{ }
};

static const struct software_node visp_sim_sensor_ep_node = {
	.name = "endpoint@0",
	.parent = &visp_sim_sensor_port_node,
	.properties = visp_sim_sensor_ep_props,
};

static const struct software_node visp_sim_isp_node = {
	.name = "visp-sim-isp",
};

static const struct software_node visp_sim_isp_ports_node = {
	.name = "ports",
	.parent = &visp_sim_isp_node,
};

static const struct software_node visp_sim_isp_port_node = {
	.name = "port@0",
	.parent = &visp_sim_isp_ports_node,
	.properties = visp_sim_port_props,
};

static const struct property_entry visp_sim_isp_ep_props[] = {
	PROPERTY_ENTRY_U32("reg", 0),
	PROPERTY_ENTRY_U32("bus-type", MEDIA_BUS_TYPE_CSI2_DPHY),
	PROPERTY_ENTRY_U32_ARRAY("data-lanes", visp_sim_data_lanes),
	PROPERTY_ENTRY_REF("remote-endpoint", &visp_sim_sensor_ep_node),
	{ }
};

static const struct software_node visp_sim_isp_ep_node = {
	.name = "endpoint@0",
	.parent = &visp_sim_isp_port_node,
	.properties = visp_sim_isp_ep_props,
};

/* Parents before their children. */
static const struct software_node *visp_sim_nodes[] = {
	&visp_sim_lens_node,
	&visp_sim_sensor_node,
	&visp_sim_sensor_port_node,
	&visp_sim_sensor_ep_node,
	&visp_sim_isp_node,
	&visp_sim_isp_ports_node,
	&visp_sim_isp_port_node,
	&visp_sim_isp_ep_node,
	NULL
};

static void visp_sim_nodes_remove(void *data)
{
	software_node_unregister_node_group(visp_sim_nodes);
}

/* Registered before the devices they describe, removed after them. */
static int visp_sim_nodes_add(struct visp_sim *sim)
{
	int ret;

	ret = software_node_register_node_group(visp_sim_nodes);
	if (ret)
		return dev_err_probe(sim->dev, ret,
				     "cannot register the software nodes\n");

	return devm_add_action_or_reset(sim->dev, visp_sim_nodes_remove, NULL);
}

static void visp_sim_camera_remove(void *data)
{
	platform_device_unregister(data);
}

/* A device of the camera module, a child of the SoC. */
static int visp_sim_camera_add(struct visp_sim *sim, const char *name,
			       const struct software_node *node)
{
	struct platform_device_info info = {
		.parent = sim->dev,
		.fwnode = software_node_fwnode(node),
		.name = name,
		.id = PLATFORM_DEVID_NONE,
	};
	struct platform_device *pdev;

	pdev = platform_device_register_full(&info);
	if (IS_ERR(pdev))
		return dev_err_probe(sim->dev, PTR_ERR(pdev),
				     "cannot add the %s device\n", name);

	return devm_add_action_or_reset(sim->dev, visp_sim_camera_remove, pdev);
}

/* ------------------------------------------------------------------------
 * The ISP device
 */

static void visp_sim_isp_remove(void *data)
{
	struct visp_sim *sim = data;

	platform_device_del(sim->isp);
	pm_genpd_remove_device(&sim->isp->dev);
	platform_device_put(sim->isp);
}

static int visp_sim_isp_add(struct visp_sim *sim)
{
	struct resource res = DEFINE_RES_IRQ(sim->irq);
	struct platform_device *isp;
	int ret;

	res.flags |= IORESOURCE_IRQ_HIGHLEVEL;

	isp = platform_device_alloc(VISP_SIM_ISP_NAME, 0);
	if (!isp)
		return -ENOMEM;
	isp->dev.parent = sim->dev;
	if (visp_sim_camera)
		device_set_node(&isp->dev,
				software_node_fwnode(&visp_sim_isp_node));

	/* No IOMMU: the ISP masters 32-bit physical addresses. */
	ret = dma_set_mask_and_coherent(&isp->dev, DMA_BIT_MASK(32));
	if (ret)
		goto err_put;

	ret = platform_device_add_resources(isp, &res, 1);
	if (ret)
		goto err_put;

	ret = pm_genpd_add_device(&sim->genpd, &isp->dev);
	if (ret)
		goto err_put;

	ret = platform_device_add(isp);
	if (ret)
		goto err_genpd;

	sim->isp = isp;

	return devm_add_action_or_reset(sim->dev, visp_sim_isp_remove, sim);

err_genpd:
	pm_genpd_remove_device(&isp->dev);
err_put:
	platform_device_put(isp);
	return dev_err_probe(sim->dev, ret, "cannot add the ISP device\n");
}

/* ------------------------------------------------------------------------
 * debugfs
 */

static int visp_sim_counters_show(struct seq_file *s, void *unused)
{
	static const char * const names[VISP_SIM_COUNTERS] = {
		[VISP_SIM_CNT_FRAMES] = "frames",
		[VISP_SIM_CNT_BUS_ERRORS] = "bus_errors",
		[VISP_SIM_CNT_REG_ERRORS] = "reg_errors",
		[VISP_SIM_CNT_DMA_ERRORS] = "dma_errors",
		[VISP_SIM_CNT_CFG_ERRORS] = "cfg_errors",
		[VISP_SIM_CNT_ABORTS] = "aborts",
		[VISP_SIM_CNT_INJECTED] = "injected_faults",
		[VISP_SIM_CNT_IRQS] = "irqs",
		[VISP_SIM_CNT_CSI_FRAMES] = "csi_frames",
		[VISP_SIM_CNT_CSI_LOST] = "csi_lost",
		[VISP_SIM_CNT_CSI_DROPPED] = "csi_dropped",
		[VISP_SIM_CNT_BUS_ACCESSES] = "bus_accesses",
		[VISP_SIM_CNT_HOST_FRAMES] = "host_frames",
	};
	struct visp_sim *sim = s->private;
	u64 count[VISP_SIM_COUNTERS];
	unsigned int i;

	spin_lock_irq(&sim->lock);
	memcpy(count, sim->count, sizeof(count));
	count[VISP_SIM_CNT_BUS_ERRORS] = sim->regs.bus_errors;
	count[VISP_SIM_CNT_REG_ERRORS] = sim->regs.reg_errors;
	spin_unlock_irq(&sim->lock);

	for (i = 0; i < VISP_SIM_COUNTERS; i++)
		seq_printf(s, "%s %llu\n", names[i], count[i]);

	return 0;
}
DEFINE_SHOW_ATTRIBUTE(visp_sim_counters);

static int visp_sim_state_show(struct seq_file *s, void *unused)
{
	struct visp_sim *sim = s->private;
	unsigned long rate[VISP_SIM_CLKS];
	bool enabled[VISP_SIM_CLKS];
	unsigned int offline, i;
	u32 status, isr, imr;
	bool hung;

	spin_lock_irq(&sim->lock);
	visp_sim_reset_poll(sim);
	offline = sim->regs.offline;
	status = sim->regs.status;
	isr = sim->regs.isr;
	imr = sim->regs.imr;
	hung = (status & VISP_STATUS_BUSY) && sim->job.hung;
	for (i = 0; i < VISP_SIM_CLKS; i++) {
		rate[i] = sim->clks[i].rate;
		enabled[i] = sim->clks[i].enabled;
	}
	spin_unlock_irq(&sim->lock);

	seq_printf(s, "power %s\n",
		   offline & VISP_SIM_OFFLINE_POWER ? "off" : "on");
	seq_printf(s, "reset %s\n",
		   offline & VISP_SIM_OFFLINE_RESET ? "asserted" : "deasserted");
	for (i = 0; i < VISP_SIM_CLKS; i++)
		seq_printf(s, "clock %s %s %lu\n", visp_sim_clk_descs[i].con_id,
			   enabled[i] ? "on" : "off", rate[i]);
	seq_printf(s, "status 0x%08x\n", status);
	seq_printf(s, "isr 0x%08x\n", isr);
	seq_printf(s, "imr 0x%08x\n", imr);
	seq_printf(s, "hung %u\n", hung);

	return 0;
}
DEFINE_SHOW_ATTRIBUTE(visp_sim_state);

static int visp_sim_fault_get(void *data, u64 *val)
{
	struct visp_sim_fault_file *f = data;
	struct visp_sim *sim = f->sim;

	spin_lock_irq(&sim->lock);
	*val = test_bit(f->fault, &sim->faults);
	if (*val && f->fault == VISP_SIM_FAULT_DMA_ERR)
		*val = sim->dma_fault;
	spin_unlock_irq(&sim->lock);

	return 0;
}

/**
 * visp_sim_inject() - arm or disarm a fault
 * @sim: simulator
 * @fault: the fault
 * @arm: 0 to disarm it, else to arm it for the next frame; for
 *	VISP_SIM_FAULT_DMA_ERR, the VISP_DMA_CH_* bits of the channels that
 *	fail (1, the input, as TEST_INJECT.DMA_ERR)
 *
 * VISP_SIM_FAULT_SPURIOUS_IRQ is not armed: it interrupts at once, without
 * a cause in ISR, as soon as the interrupt is unmasked.
 */
void visp_sim_inject(struct visp_sim *sim, enum visp_sim_fault fault,
		     u32 arm)
{
	unsigned long flags;

	spin_lock_irqsave(&sim->lock, flags);
	if (fault == VISP_SIM_FAULT_SPURIOUS_IRQ) {
		if (arm) {
			sim->count[VISP_SIM_CNT_INJECTED]++;
			WRITE_ONCE(sim->irq_spurious, true);
			irq_work_queue(&sim->irq_work);
		}
	} else if (arm) {
		__set_bit(fault, &sim->faults);
		if (fault == VISP_SIM_FAULT_DMA_ERR)
			sim->dma_fault = arm;
	} else {
		__clear_bit(fault, &sim->faults);
	}
	spin_unlock_irqrestore(&sim->lock, flags);
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_inject);

static int visp_sim_fault_set(void *data, u64 val)
{
	struct visp_sim_fault_file *f = data;
	u64 max = f->fault == VISP_SIM_FAULT_DMA_ERR ?
		  GENMASK(VISP_SIM_DMA_CHANNELS - 1, 0) : 1;

	if (val > max)
		return -EINVAL;
	visp_sim_inject(f->sim, f->fault, val);

	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(visp_sim_fault_fops, visp_sim_fault_get,
			 visp_sim_fault_set, "%llu\n");

static int visp_sim_slow_ms_get(void *data, u64 *val)
{
	struct visp_sim *sim = data;

	spin_lock_irq(&sim->lock);
	*val = sim->slow_ms;
	spin_unlock_irq(&sim->lock);

	return 0;
}

static int visp_sim_slow_ms_set(void *data, u64 val)
{
	struct visp_sim *sim = data;

	if (val > U32_MAX)
		return -EINVAL;

	spin_lock_irq(&sim->lock);
	sim->slow_ms = val;
	spin_unlock_irq(&sim->lock);

	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(visp_sim_slow_ms_fops, visp_sim_slow_ms_get,
			 visp_sim_slow_ms_set, "%llu\n");

/* CSI-2 errors: detected at once, by an active receiver. */
static int visp_sim_csi_error_set(void *data, u64 val)
{
	struct visp_sim *sim = data;

	if (!val || val & ~(u64)VISP_CSI_ERR_ALL)
		return -EINVAL;

	spin_lock_irq(&sim->lock);
	visp_sim_regs_csi_error(&sim->regs, val);
	visp_sim_update_irq(sim);
	spin_unlock_irq(&sim->lock);

	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(visp_sim_csi_error_fops, NULL, visp_sim_csi_error_set,
			 "%llu\n");

static void visp_sim_debugfs_remove(void *data)
{
	struct visp_sim *sim = data;

	debugfs_remove_recursive(sim->debugfs);
}

static int visp_sim_debugfs_init(struct visp_sim *sim)
{
	static const char * const fault_names[VISP_SIM_FAULTS] = {
		[VISP_SIM_FAULT_HANG] = "hang",
		[VISP_SIM_FAULT_DMA_ERR] = "dma_error",
		[VISP_SIM_FAULT_CORRUPT_STATS] = "corrupt_stats",
		[VISP_SIM_FAULT_SLOW] = "slow",
		[VISP_SIM_FAULT_SPURIOUS_IRQ] = "spurious_irq",
	};
	struct dentry *inject;
	unsigned int i;

	sim->debugfs = debugfs_create_dir(VISP_SIM_NAME, NULL);
	debugfs_create_file("counters", 0444, sim->debugfs, sim,
			    &visp_sim_counters_fops);
	debugfs_create_file("state", 0444, sim->debugfs, sim,
			    &visp_sim_state_fops);

	inject = debugfs_create_dir("inject", sim->debugfs);
	for (i = 0; i < VISP_SIM_FAULTS; i++) {
		sim->fault_files[i].sim = sim;
		sim->fault_files[i].fault = i;
		debugfs_create_file_unsafe(fault_names[i], 0644, inject,
					   &sim->fault_files[i],
					   &visp_sim_fault_fops);
	}
	debugfs_create_file_unsafe("slow_ms", 0644, inject, sim,
				   &visp_sim_slow_ms_fops);
	debugfs_create_file_unsafe("csi_error", 0200, inject, sim,
				   &visp_sim_csi_error_fops);

	return devm_add_action_or_reset(sim->dev, visp_sim_debugfs_remove, sim);
}

/* ------------------------------------------------------------------------
 * The SoC driver
 */

static void visp_sim_csi_free(void *data)
{
	struct visp_sim *sim = data;

	vfree(sim->csi_buf);
}

static void visp_sim_scratch_free(void *data)
{
	vfree(data);
}

static void visp_sim_frame_remove(void *data)
{
	visp_sim_frame_stop(data);
}

static void visp_sim_host_free(void *data)
{
	struct visp_sim *sim = data;
	struct visp_sim_host *host = sim->host;

	/* The teardown after this stops no frame on the host. */
	spin_lock_irq(&sim->lock);
	spin_lock(&sim->dma_lock);
	sim->host = NULL;
	spin_unlock(&sim->dma_lock);
	spin_unlock_irq(&sim->lock);
	visp_sim_host_release(host);
}

static int visp_sim_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct visp_sim *sim;
	unsigned int i;
	int ret;

	sim = devm_kzalloc(dev, sizeof(*sim), GFP_KERNEL);
	if (!sim)
		return -ENOMEM;
	sim->dev = dev;
	spin_lock_init(&sim->lock);
	spin_lock_init(&sim->dma_lock);
	sim->slow_ms = 500;
	/* At power-up the domain is off, the clocks stopped, reset asserted. */
	visp_sim_regs_init(&sim->regs, VISP_SIM_OFFLINE_ALL);
	platform_set_drvdata(pdev, sim);

	visp_sim_frame_init(sim);
	sim->nbands = clamp(visp_sim_bands ?: num_online_cpus(), 1U,
			    VISP_SIM_BANDS_MAX);
	sim->scratch = vmalloc(VISP_MODEL_SCRATCH_MAX);
	if (!sim->scratch)
		return -ENOMEM;
	ret = devm_add_action_or_reset(dev, visp_sim_scratch_free, sim->scratch);
	if (ret)
		return ret;
	for (i = 0; i + 1 < sim->nbands; i++) {
		sim->bands[i].scratch = vmalloc(VISP_MODEL_SCRATCH_MAX);
		if (!sim->bands[i].scratch)
			return -ENOMEM;
		ret = devm_add_action_or_reset(dev, visp_sim_scratch_free,
					       sim->bands[i].scratch);
		if (ret)
			return ret;
	}
	ret = devm_mutex_init(dev, &sim->csi_lock);
	if (ret)
		return ret;
	/* Freed after the camera's devices, which are removed first. */
	ret = devm_add_action_or_reset(dev, visp_sim_csi_free, sim);
	if (ret)
		return ret;

	ret = visp_sim_irq_init(sim);
	if (ret)
		return dev_err_probe(dev, ret, "cannot create the interrupt\n");

	/*
	 * After the interrupt, which its accesses raise: removed before it,
	 * with its debugfs files, whose reads can raise BUS_ERR.
	 */
	sim->regmap = devm_regmap_init(dev, &visp_sim_regmap_bus, sim,
				       &visp_sim_regmap_config);
	if (IS_ERR(sim->regmap))
		return dev_err_probe(dev, PTR_ERR(sim->regmap),
				     "cannot create the register map\n");

	for (i = 0; i < VISP_SIM_CLKS; i++) {
		ret = visp_sim_clk_init(sim, i);
		if (ret)
			return ret;
	}

	ret = visp_sim_reset_init(sim);
	if (ret)
		return ret;

	ret = visp_sim_genpd_init(sim);
	if (ret)
		return ret;

	ret = visp_sim_debugfs_init(sim);
	if (ret)
		return ret;

	if (visp_sim_camera) {
		ret = visp_sim_nodes_add(sim);
		if (ret)
			return ret;
	}

	/* Given back once no frame runs: after visp_sim_frame_remove(). */
	sim->host = visp_sim_host_claim(dev);
	ret = devm_add_action_or_reset(dev, visp_sim_host_free, sim);
	if (ret)
		return ret;

	/* Removed right after the ISP: no frame runs during the teardown. */
	ret = devm_add_action_or_reset(dev, visp_sim_frame_remove, sim);
	if (ret)
		return ret;

	ret = visp_sim_isp_add(sim);
	if (ret || !visp_sim_camera)
		return ret;

	ret = visp_sim_camera_add(sim, VISP_LENS_NAME, &visp_sim_lens_node);
	if (ret)
		return ret;

	return visp_sim_camera_add(sim, VISP_SENSOR_NAME,
				   &visp_sim_sensor_node);
}

static struct platform_driver visp_sim_driver = {
	.probe = visp_sim_probe,
	.driver = {
		.name = VISP_SIM_NAME,
		/* visp_sim_init() tells whether the probe succeeded. */
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
	},
};

static struct platform_device *visp_sim_pdev;

/* The simulator at the other end of @sensor's link, or NULL. */
static struct visp_sim *visp_sim_csi_peer(struct device *sensor)
{
	if (!visp_sim_pdev || sensor->parent != &visp_sim_pdev->dev)
		return NULL;
	return dev_get_drvdata(sensor->parent);
}

/**
 * visp_sim_csi_frame_start() - a sensor starts sending a frame to the ISP
 * @sensor: the sensor's device, a child of the simulated SoC
 * @frame: the frame; its data is not read, and may be NULL
 *
 * The frame start short packet goes to the CSI-2 receiver of the ISP at
 * once, see visp_sim_frame_csi_start(). The sensor sends the frame's lines
 * and frame end later with visp_sim_csi_transmit(). May sleep.
 *
 * Return: 0 when the receiver took the frame start, -ENODEV when @sensor
 * is not on the simulated SoC, -EINVAL for a frame no CSI-2 link carries
 * or larger than the receiver's buffer, -ENOLINK when the receiver did not
 * take it.
 */
int visp_sim_csi_frame_start(struct device *sensor,
			     const struct visp_sim_csi_frame *frame)
{
	struct visp_sim *sim = visp_sim_csi_peer(sensor);
	int ret;

	if (!sim)
		return -ENODEV;
	if (!frame->width || !frame->height ||
	    frame->width > VISP_SIM_CSI_MAX_WIDTH ||
	    frame->height > VISP_SIM_CSI_MAX_HEIGHT)
		return -EINVAL;

	mutex_lock(&sim->csi_lock);
	ret = visp_sim_frame_csi_start(sim, frame->width, frame->height,
				       frame->dt, frame->lanes);
	mutex_unlock(&sim->csi_lock);

	return ret;
}
EXPORT_SYMBOL_GPL(visp_sim_csi_frame_start);

/**
 * visp_sim_csi_transmit() - a sensor sends the lines of a frame to the ISP
 * @sensor: the sensor's device, a child of the simulated SoC
 * @frame: the frame, as given to visp_sim_csi_frame_start()
 *
 * The lines and the frame end of the frame whose start
 * visp_sim_csi_frame_start() sent go to the CSI-2 receiver of the ISP at
 * once, see visp_sim_frame_csi_data(). The caller may reuse the frame's
 * memory when this returns. May sleep.
 *
 * Return: 0 when the receiver took the frame, -ENODEV when @sensor is not
 * on the simulated SoC, -EINVAL for a frame other than the one started,
 * -ENOLINK when the receiver did not take the frame start, -ENOMEM when its
 * buffer cannot be allocated.
 */
int visp_sim_csi_transmit(struct device *sensor,
			  const struct visp_sim_csi_frame *frame)
{
	struct visp_sim *sim = visp_sim_csi_peer(sensor);
	int ret;

	if (!sim)
		return -ENODEV;
	if (!frame->data || frame->stride < frame->width * sizeof(u16))
		return -EINVAL;

	mutex_lock(&sim->csi_lock);
	ret = visp_sim_frame_csi_data(sim, frame->data, frame->width,
				      frame->height, frame->stride);
	mutex_unlock(&sim->csi_lock);

	return ret;
}
EXPORT_SYMBOL_GPL(visp_sim_csi_transmit);

static int __init visp_sim_init(void)
{
	bool bound;
	int ret;

	/* The link to the host's model, if any, before the simulator. */
	ret = visp_sim_host_register();
	if (ret)
		return ret;

	ret = platform_driver_register(&visp_sim_driver);
	if (ret)
		goto err_host;

	visp_sim_pdev = platform_device_register_simple(VISP_SIM_NAME,
							PLATFORM_DEVID_NONE,
							NULL, 0);
	if (IS_ERR(visp_sim_pdev)) {
		ret = PTR_ERR(visp_sim_pdev);
		goto err_driver;
	}

	/* Without the SoC, the module would be loaded for nothing. */
	device_lock(&visp_sim_pdev->dev);
	bound = device_is_bound(&visp_sim_pdev->dev);
	device_unlock(&visp_sim_pdev->dev);
	if (!bound) {
		ret = -ENODEV;
		goto err_device;
	}

	return 0;

err_device:
	platform_device_unregister(visp_sim_pdev);
err_driver:
	platform_driver_unregister(&visp_sim_driver);
err_host:
	visp_sim_host_unregister();
	return ret;
}

static void __exit visp_sim_exit(void)
{
	platform_device_unregister(visp_sim_pdev);
	platform_driver_unregister(&visp_sim_driver);
	visp_sim_host_unregister();
}

module_init(visp_sim_init);
module_exit(visp_sim_exit);

MODULE_DESCRIPTION("Simulated SoC with a VISP image signal processor");
MODULE_AUTHOR("The VISP authors");
MODULE_LICENSE("GPL");
