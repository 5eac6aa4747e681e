// SPDX-License-Identifier: GPL-2.0
/*
 * VISP simulator: frame execution
 *
 * A frame starts in the register file (CTRL.START, or the end of the
 * previous frame with a START queued). The frame worker then checks the
 * configuration and the DMA channels, reads the input into a private
 * buffer, runs the reference model, and writes the results to memory; the
 * frame ends at the later of the end of that work and the frame time of
 * the timing model. Memory is read and written in short steps under the
 * simulator's DMA lock, each checking that the frame may still access
 * memory: once a soft reset, the reset input or power loss has dropped the
 * frame, or its clocks stopped, nothing more of it reaches memory. The
 * register accesses that end its right to memory wait for the step in
 * progress; the others do not.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/bitops.h>
#include <linux/device.h>
#include <linux/export.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include <kunit/visibility.h>
#include <trace/events/visp_sim.h>

#include "visp-sim-host.h"
#include "visp-sim.h"

/* Bytes copied from or to memory per step under the DMA lock. */
#define VISP_SIM_COPY_STEP	SZ_32K

/**
 * visp_sim_cycles_ns() - time of a number of clock cycles
 * @cycles: clock cycles
 * @rate: clock rate, Hz
 *
 * Return: the time @cycles take at @rate, ns, rounded up.
 */
u64 visp_sim_cycles_ns(u64 cycles, unsigned long rate)
{
	return div64_u64(cycles * NSEC_PER_SEC + rate - 1, rate);
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_cycles_ns);

/**
 * visp_sim_frame_ns() - processing time of a frame
 * @cfg: configuration of the frame
 * @core_rate: rate of the core clock, Hz
 * @axi_rate: rate of the AXI clock, Hz
 *
 * The formula of the timing reference, with the directional demosaic's
 * extra lines of fill, stretched by the ratio of the memory bandwidth the
 * pipeline needs to the bandwidth it gets when the AXI clock runs at less
 * than half the core clock.
 *
 * Return: the frame time, ns.
 */
u64 visp_sim_frame_ns(const struct visp_model_config *cfg,
		      unsigned long core_rate, unsigned long axi_rate)
{
	u32 lines = cfg->in_height + VISP_TIMING_VBLANK;
	u64 cycles, ns;

	if (cfg->dms_mode == VISP_DEMOSAIC_DIRECTIONAL)
		lines += VISP_TIMING_DMSD_LINES;
	cycles = (u64)(DIV_ROUND_UP(cfg->in_width, VISP_TIMING_PPC) +
		       VISP_TIMING_HBLANK) * lines + VISP_TIMING_FRAME_OVERHEAD;
	ns = visp_sim_cycles_ns(cycles, core_rate);
	if (2 * (u64)axi_rate < core_rate)
		ns = mul_u64_u64_div_u64(ns, core_rate, 2 * (u64)axi_rate);

	return ns;
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_frame_ns);

/*
 * Give memory to the frame in progress while it is current and runs, take
 * it away otherwise; a step of memory accesses of the frame that lost it
 * is over on return.
 */
static void visp_sim_frame_dma_update(struct visp_sim *sim)
{
	lockdep_assert_held(&sim->lock);

	spin_lock(&sim->dma_lock);
	sim->dma_gen = sim->dead || sim->job.hung ? 0 : sim->gen;
	/* The host's model writes memory under the same rule. */
	if (sim->host)
		visp_sim_host_set_dma_gen(sim->host, sim->dma_gen);
	spin_unlock(&sim->dma_lock);
}

/**
 * visp_sim_frame_start() - a frame started in the register file
 * @sim: simulator
 *
 * Latches the frame's configuration, DMA channels and faults, and hands
 * the frame to the frame worker.
 */
void visp_sim_frame_start(struct visp_sim *sim)
{
	struct visp_sim_job *job = &sim->job;
	u64 ns = 0;

	lockdep_assert_held(&sim->lock);

	visp_sim_regs_decode(&sim->regs, &job->cfg);
	visp_sim_regs_dma(&sim->regs, &job->cfg, job->dma);
	job->sequence = sim->regs.frame;
	job->src = sim->regs.frame_src[job->sequence % VISP_FRAME_ERR_SLOTS];
	job->faults = sim->faults;
	job->dma_fault = job->faults & BIT(VISP_SIM_FAULT_DMA_ERR) ?
			 sim->dma_fault : 0;
	sim->faults = 0;
	if (sim->regs.frame_inject & VISP_TEST_INJECT_HANG)
		job->faults |= BIT(VISP_SIM_FAULT_HANG);
	if (sim->regs.frame_inject & VISP_TEST_INJECT_DMA_ERR) {
		job->faults |= BIT(VISP_SIM_FAULT_DMA_ERR);
		job->dma_fault |= VISP_DMA_CH_IN;
	}
	sim->count[VISP_SIM_CNT_INJECTED] += hweight_long(job->faults);

	if (visp_sim_timing)
		ns = visp_sim_frame_ns(&job->cfg,
				       sim->clks[VISP_SIM_CLK_CORE].rate,
				       sim->clks[VISP_SIM_CLK_AXI].rate);
	if (job->faults & BIT(VISP_SIM_FAULT_SLOW))
		ns += (u64)sim->slow_ms * NSEC_PER_MSEC;
	job->deadline = ktime_add_ns(ktime_get(), ns);

	job->gen = ++sim->gen;
	job->taken = false;
	job->processed = false;
	/* The receiver hands a camera's frame over, then runs the frame. */
	job->csi = job->cfg.in_csi;
	job->csi_ready = false;
	/* Started without the clocks of the pipeline and its DMA: stalled. */
	job->hung = !sim->clks[VISP_SIM_CLK_CORE].enabled ||
		    !sim->clks[VISP_SIM_CLK_AXI].enabled;
	visp_sim_frame_dma_update(sim);

	if (!sim->dead && !job->csi)
		queue_work(system_unbound_wq, &sim->frame_work);
}

/**
 * visp_sim_frame_abort() - drop the frame in progress
 * @sim: simulator
 *
 * Called when the register file lost its state; the frame never ends.
 */
void visp_sim_frame_abort(struct visp_sim *sim)
{
	lockdep_assert_held(&sim->lock);

	sim->gen++;
	visp_sim_frame_dma_update(sim);
	sim->count[VISP_SIM_CNT_ABORTS]++;
	hrtimer_try_to_cancel(&sim->frame_timer);
}

/**
 * visp_sim_frame_stall() - a clock the pipeline needs stopped
 * @sim: simulator
 *
 * A frame in progress hangs: it never ends, even if the clock restarts, and
 * makes no more DMA.
 */
void visp_sim_frame_stall(struct visp_sim *sim)
{
	lockdep_assert_held(&sim->lock);

	if (sim->regs.status & VISP_STATUS_BUSY) {
		sim->job.hung = true;
		visp_sim_frame_dma_update(sim);
	}
}

/* End the current frame, raising @irqs and FRAME_DONE. */
static void visp_sim_frame_end(struct visp_sim *sim, u32 irqs, u32 dma_err,
			       u32 cfg_err)
{
	unsigned int events;

	lockdep_assert_held(&sim->lock);

	sim->count[VISP_SIM_CNT_FRAMES]++;
	if (dma_err)
		sim->count[VISP_SIM_CNT_DMA_ERRORS]++;
	if (cfg_err)
		sim->count[VISP_SIM_CNT_CFG_ERRORS]++;
	events = visp_sim_regs_frame_done(&sim->regs, irqs, dma_err, cfg_err);
	visp_sim_handle_events(sim, events);
}

static enum hrtimer_restart visp_sim_frame_timer_fn(struct hrtimer *timer)
{
	struct visp_sim *sim = container_of(timer, struct visp_sim, frame_timer);
	u64 t0 = trace_visp_sim_timer_enabled() ? ktime_get_ns() : 0;
	struct visp_sim_job *job = &sim->job;
	unsigned long flags;

	spin_lock_irqsave(&sim->lock, flags);
	if (job->gen == sim->gen && job->processed && !job->hung)
		visp_sim_frame_end(sim, job->cfg.stats_en ? VISP_IRQ_STATS_DONE : 0,
				   0, 0);
	if (t0)
		trace_visp_sim_timer(ktime_get_ns() - t0);
	spin_unlock_irqrestore(&sim->lock, flags);

	return HRTIMER_NORESTART;
}

/*
 * Whether the frame of generation @gen is still the current one and runs:
 * a frame stalled by its clocks makes no more DMA.
 */
static bool visp_sim_frame_current(struct visp_sim *sim, u64 gen)
{
	lockdep_assert_held(&sim->lock);

	return sim->gen == gen && !sim->dead && !sim->job.hung;
}

/*
 * Copy @lines lines of @bytes bytes between memory and a private buffer,
 * in steps under the DMA lock while the frame of generation @gen may
 * access memory.
 */
static bool visp_sim_copy_lines(struct visp_sim *sim, u64 gen, u8 *dst,
				u32 dst_stride, const u8 *src, u32 src_stride,
				u32 bytes, u32 lines)
{
	u32 y = 0, n;
	bool cur;

	while (y < lines) {
		spin_lock_irq(&sim->dma_lock);
		cur = sim->dma_gen == gen;
		for (n = 0; cur && y < lines && n < VISP_SIM_COPY_STEP; y++) {
			memcpy(dst + (size_t)y * dst_stride,
			       src + (size_t)y * src_stride, bytes);
			n += bytes;
		}
		spin_unlock_irq(&sim->dma_lock);
		if (!cur)
			return false;
		cond_resched();
	}

	return true;
}

static int visp_sim_ram_next(struct resource *res, void *arg)
{
	u64 *next = arg;

	/* The resources come in address order: a gap is a hole. */
	if (res->start != *next)
		return 1;
	*next = res->end + 1;

	return 0;
}

/*
 * Whether system RAM holds every byte of [@addr, @addr + @size): the System
 * RAM resources that overlap the range follow one another without a gap
 * from its first byte to its last. region_intersects() cannot tell: it
 * reports REGION_INTERSECTS for a range that overlaps RAM and a hole no
 * resource describes, and memremap() then maps the whole range from the
 * linear map of its first page.
 */
static bool visp_sim_is_ram(u64 addr, u64 size)
{
	u64 next = addr, end = addr + size;

	if (!size || end < addr)
		return false;

	/*
	 * Walk one byte past the range: the walk ends before a last piece of
	 * a single byte.
	 */
	walk_iomem_res_desc(IORES_DESC_NONE,
			    IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, addr, end,
			    &next, visp_sim_ram_next);

	return next >= end;
}

/**
 * visp_sim_dma_check_ram() - the interconnect check of the DMA channels
 * @dma: VISP_SIM_DMA_CHANNELS channels, from visp_sim_regs_dma()
 *
 * Checks that system RAM is behind every byte each used channel would
 * access, from its first byte to the end of its last line.
 *
 * Return: the VISP_DMA_CH_* bits of the channels that fail.
 */
u32 visp_sim_dma_check_ram(const struct visp_sim_dma *dma)
{
	u32 err = 0;
	unsigned int i;

	for (i = 0; i < VISP_SIM_DMA_CHANNELS; i++) {
		const struct visp_sim_dma *ch = &dma[i];

		if (ch->lines && !visp_sim_is_ram(ch->addr, visp_sim_dma_span(ch)))
			err |= BIT(i);
	}

	return err;
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_dma_check_ram);

/**
 * struct visp_sim_frame_mem - memory of the frame worker
 *
 * @map: the mapped memory of each channel
 * @buf: private buffer of each channel
 * @csi_in: private copy of the input from the CSI-2 receiver
 */
struct visp_sim_frame_mem {
	void *map[VISP_SIM_DMA_CHANNELS];
	u8 *buf[VISP_SIM_DMA_CHANNELS];
	u8 *csi_in;
};

static void visp_sim_frame_mem_unmap(struct visp_sim_frame_mem *mem)
{
	unsigned int i;

	for (i = 0; i < VISP_SIM_DMA_CHANNELS; i++)
		if (mem->map[i])
			memunmap(mem->map[i]);
}

/*
 * A private buffer of @size bytes at *@buf, of *@cur bytes: the one of
 * the previous frames when it has that size, a new one, zeroed, otherwise.
 * The frames of a stream keep their sizes: a stream allocates its buffers
 * at its first frame only, rather than at every frame, and frees those of
 * the previous stream's sizes then. What the model does not write of a
 * buffer is what an earlier frame left there, never uninitialised memory.
 */
static u8 *visp_sim_frame_buf(u8 **buf, size_t *cur, size_t size)
{
	if (*buf && *cur == size)
		return *buf;
	vfree(*buf);
	*cur = 0;
	*buf = vzalloc(size);
	if (*buf)
		*cur = size;
	return *buf;
}

/*
 * Map the channels of the frame of @job and get their private buffers;
 * with @host, the LSC table's only: the host's model reads and writes the
 * others itself.
 */
static int visp_sim_frame_mem_alloc(struct visp_sim *sim,
				    struct visp_sim_frame_mem *mem,
				    const struct visp_sim_job *job, bool host)
{
	unsigned int i;

	for (i = 0; i < VISP_SIM_DMA_CHANNELS; i++) {
		const struct visp_sim_dma *ch = &job->dma[i];

		if (!ch->lines || (host && i != VISP_SIM_DMA_LSC))
			continue;
		mem->map[i] = memremap(ch->addr, visp_sim_dma_span(ch),
				       MEMREMAP_WB);
		mem->buf[i] = visp_sim_frame_buf(&sim->fbuf[i],
						 &sim->fbuf_size[i],
						 (size_t)ch->line_bytes *
						 ch->lines);
		if (!mem->map[i] || !mem->buf[i])
			return -ENOMEM;
	}
	/* The model adds its statistics to a zeroed buffer. */
	if (mem->buf[VISP_SIM_DMA_STATS])
		memset(mem->buf[VISP_SIM_DMA_STATS], 0,
		       sim->fbuf_size[VISP_SIM_DMA_STATS]);
	if (job->csi) {
		mem->csi_in = visp_sim_frame_buf(&sim->csi_in,
						 &sim->csi_in_size,
						 array3_size(job->csi_width,
							     job->csi_height,
							     sizeof(u16)));
		if (!mem->csi_in)
			return -ENOMEM;
	}

	return 0;
}

/* Flip every bit of the statistics, as a broken statistics unit might. */
static void visp_sim_corrupt_stats(u8 *stats, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++)
		stats[i] ^= 0xff;
}

static void visp_sim_band_work(struct work_struct *work)
{
	struct visp_sim_band *band = container_of(work, struct visp_sim_band,
						  work);

	band->ret = visp_model_run_band(&band->sim->wjob.cfg, band->buf,
					band->scratch, VISP_MODEL_SCRATCH_MAX,
					band->y0, band->y1);
	complete(&band->done);
}

/*
 * Run the model on the frame of @sim->wjob, split in @sim->nbands bands
 * of lines: the first here, the others on work items of their own, which
 * the unbound workqueue runs on the other CPUs. A band whose work item has
 * not started when the first is done (its CPUs are busy) runs here too,
 * so that the frame never takes longer than in one band. The result does
 * not depend on the split.
 */
static int visp_sim_frame_model(struct visp_sim *sim,
				const struct visp_model_buffers *buf)
{
	const struct visp_model_config *cfg = &sim->wjob.cfg;
	void *scratch[VISP_SIM_BANDS_MAX];
	unsigned int n = sim->nbands, i;
	int ret;

	scratch[0] = sim->scratch;
	for (i = 1; i < n; i++) {
		struct visp_sim_band *band = &sim->bands[i - 1];

		band->buf = buf;
		band->y0 = visp_model_band_start(cfg, i, n);
		band->y1 = visp_model_band_start(cfg, i + 1, n);
		scratch[i] = band->scratch;
		reinit_completion(&band->done);
		queue_work(system_unbound_wq, &band->work);
	}

	ret = visp_model_run_band(cfg, buf, sim->scratch,
				  VISP_MODEL_SCRATCH_MAX, 0,
				  visp_model_band_start(cfg, 1, n));
	for (i = 1; i < n; i++) {
		struct visp_sim_band *band = &sim->bands[i - 1];

		if (cancel_work(&band->work))
			visp_sim_band_work(&band->work);
		wait_for_completion(&band->done);
		ret = ret ?: band->ret;
	}
	if (!ret)
		visp_model_finish(cfg, buf, scratch, n);
	return ret;
}

/*
 * Read the LSC table of the frame from memory into its configuration, in
 * place of that of the registers. Returns false when the frame was dropped
 * meanwhile.
 */
static bool visp_sim_frame_lsc(struct visp_sim *sim,
			       struct visp_sim_frame_mem *mem)
{
	struct visp_sim_job *job = &sim->wjob;
	const struct visp_sim_dma *ch = &job->dma[VISP_SIM_DMA_LSC];
	const __le16 *table = (const __le16 *)mem->buf[VISP_SIM_DMA_LSC];
	unsigned int c, n;

	if (!ch->lines)
		return true;
	if (!visp_sim_copy_lines(sim, job->gen, mem->buf[VISP_SIM_DMA_LSC],
				 ch->line_bytes, mem->map[VISP_SIM_DMA_LSC],
				 ch->stride, ch->line_bytes, 1))
		return false;
	/* As from LSC_TABLE(c, n): the bits above the gain are dropped. */
	for (c = 0; c < VISP_CFA_CHANNELS; c++)
		for (n = 0; n < VISP_LSC_TABLE_ENTRIES; n++)
			job->cfg.lsc_table[c][n] = le16_to_cpu(*table++) &
						   VISP_LSC_TABLE_VALUE;
	return true;
}

/*
 * Run the frame of @sim->wjob on the host's model, which reads the input
 * and writes the results itself, under the rule of visp_sim_copy_lines().
 * Returns false when the frame was dropped meanwhile; sets @dma_err when
 * the model fails or the host does not answer.
 */
static bool visp_sim_frame_host(struct visp_sim *sim, u32 *dma_err)
{
	const struct visp_sim_job *job = &sim->wjob;
	u32 flags = 0;
	int ret;

	if (job->faults & BIT(VISP_SIM_FAULT_CORRUPT_STATS))
		flags |= VISP_HOST_CORRUPT_STATS;

	ret = visp_sim_host_run(sim->host, job, flags);
	if (ret == VISP_HOST_DROPPED)
		return false;
	if (ret != VISP_HOST_OK) {
		dev_err_ratelimited(sim->dev,
				    "the host's model failed on frame %u: %d, failing its DMA\n",
				    job->sequence, ret);
		*dma_err = VISP_DMA_CH_IN;
		return true;
	}

	spin_lock_irq(&sim->lock);
	sim->count[VISP_SIM_CNT_HOST_FRAMES]++;
	spin_unlock_irq(&sim->lock);
	return true;
}

/*
 * Read the input, run the model and write the results of the frame in
 * @sim->wjob, on the host's model with @host. Returns false when the
 * frame was dropped meanwhile; sets @dma_err, and writes nothing, when the
 * model fails.
 */
static bool visp_sim_frame_process(struct visp_sim *sim,
				   struct visp_sim_frame_mem *mem, bool host,
				   u32 *dma_err)
{
	const struct visp_sim_job *job = &sim->wjob;
	const struct visp_sim_dma *dma = job->dma;
	struct visp_model_buffers buf = {};
	unsigned int i, p, n;
	int ret;

	if (!visp_sim_frame_lsc(sim, mem))
		return false;
	/* Without pixels, the frame reads and writes nothing more. */
	if (!READ_ONCE(visp_sim_pixels))
		return true;
	if (host)
		return visp_sim_frame_host(sim, dma_err);

	if (job->csi) {
		buf.in_stride = job->csi_width * sizeof(u16);
		if (!visp_sim_copy_lines(sim, job->gen, mem->csi_in,
					 buf.in_stride, (u8 *)sim->csi_buf,
					 buf.in_stride, buf.in_stride,
					 job->csi_height))
			return false;
		buf.in = mem->csi_in;
		buf.in_size = buf.in_stride * job->csi_height;
	} else {
		if (!visp_sim_copy_lines(sim, job->gen,
					 mem->buf[VISP_SIM_DMA_IN],
					 dma[VISP_SIM_DMA_IN].line_bytes,
					 mem->map[VISP_SIM_DMA_IN],
					 dma[VISP_SIM_DMA_IN].stride,
					 dma[VISP_SIM_DMA_IN].line_bytes,
					 dma[VISP_SIM_DMA_IN].lines))
			return false;
		buf.in = mem->buf[VISP_SIM_DMA_IN];
		buf.in_stride = dma[VISP_SIM_DMA_IN].line_bytes;
		buf.in_size = buf.in_stride * dma[VISP_SIM_DMA_IN].lines;
	}
	for (p = 0; p < VISP_PATH_COUNT; p++) {
		for (n = 0; n < 2; n++) {
			i = VISP_SIM_DMA_MP_Y + 2 * p + n;
			if (!dma[i].lines)
				continue;
			buf.out[p][n].data = mem->buf[i];
			buf.out[p][n].stride = dma[i].line_bytes;
			buf.out[p][n].size = dma[i].line_bytes * dma[i].lines;
		}
	}
	buf.stats = (struct visp_stats_buffer *)mem->buf[VISP_SIM_DMA_STATS];
	buf.frame_sequence = job->src;

	ret = visp_sim_frame_model(sim, &buf);
	if (ret) {
		dev_err_ratelimited(sim->dev,
				    "reference model failed on frame %u: %d, failing its DMA\n",
				    job->sequence, ret);
		*dma_err = VISP_DMA_CH_IN;
		return true;
	}

	if (buf.stats && (job->faults & BIT(VISP_SIM_FAULT_CORRUPT_STATS)))
		visp_sim_corrupt_stats(mem->buf[VISP_SIM_DMA_STATS],
				       sizeof(*buf.stats));

	/* The outputs: the channels from MP_Y to STATS. */
	for (i = VISP_SIM_DMA_MP_Y; i <= VISP_SIM_DMA_STATS; i++) {
		if (!dma[i].lines)
			continue;
		if (!visp_sim_copy_lines(sim, job->gen, mem->map[i],
					 dma[i].stride, mem->buf[i],
					 dma[i].line_bytes, dma[i].line_bytes,
					 dma[i].lines))
			return false;
	}

	return true;
}

/* The frame is in memory: end it at its deadline, unless it hangs. */
static void visp_sim_frame_processed(struct visp_sim *sim)
{
	struct visp_sim_job *job = &sim->job;

	lockdep_assert_held(&sim->lock);

	job->processed = true;
	if (job->faults & BIT(VISP_SIM_FAULT_HANG)) {
		job->hung = true;
		visp_sim_frame_dma_update(sim);
	}
	if (job->hung)
		return;

	if (ktime_before(ktime_get(), job->deadline))
		hrtimer_start(&sim->frame_timer, job->deadline,
			      HRTIMER_MODE_ABS);
	else
		visp_sim_frame_end(sim, job->cfg.stats_en ?
				   VISP_IRQ_STATS_DONE : 0, 0, 0);
}

static void visp_sim_frame_work(struct work_struct *work)
{
	struct visp_sim *sim = container_of(work, struct visp_sim, frame_work);
	struct visp_sim_job *job = &sim->wjob;
	struct visp_sim_frame_mem mem = {};
	u32 cfg_err, dma_err = 0;
	bool processed, host;

	spin_lock_irq(&sim->lock);
	if (sim->job.taken || (sim->job.csi && !sim->job.csi_ready) ||
	    !visp_sim_frame_current(sim, sim->job.gen)) {
		spin_unlock_irq(&sim->lock);
		return;
	}
	sim->job.taken = true;
	*job = sim->job;
	spin_unlock_irq(&sim->lock);

	/* The camera's frames, in the receiver's buffer, run here. */
	host = sim->host && visp_sim_host_alive(sim->host) && !job->csi &&
	       READ_ONCE(visp_sim_host_model) && READ_ONCE(visp_sim_pixels);

	cfg_err = visp_model_check(&job->cfg);
	/* The receiver's frame must be the one the input is set up for. */
	if (job->csi && (job->csi_width != job->cfg.in_width ||
			 job->csi_height != job->cfg.in_height ||
			 job->csi_dt != (job->cfg.in_type == VISP_IN_TYPE_RAW12 ?
					 VISP_CSI_DT_RAW12 : VISP_CSI_DT_RAW10)))
		cfg_err |= VISP_CFG_ERR_IN;
	if (!cfg_err) {
		dma_err = visp_sim_dma_check(job->dma);
		dma_err |= visp_sim_dma_check_ram(job->dma);
		dma_err |= job->dma_fault;
	}
	if (!cfg_err && !dma_err && visp_sim_frame_mem_alloc(sim, &mem, job, host)) {
		dev_err_ratelimited(sim->dev,
				    "out of memory for frame %u, failing its DMA\n",
				    job->sequence);
		dma_err = VISP_DMA_CH_IN;
	}

	if (cfg_err || dma_err) {
		visp_sim_frame_mem_unmap(&mem);
		spin_lock_irq(&sim->lock);
		/* A configuration error leaves the DMA unchecked. */
		if (visp_sim_frame_current(sim, job->gen))
			visp_sim_frame_end(sim, cfg_err ? VISP_IRQ_CFG_ERR :
					   VISP_IRQ_DMA_ERR, dma_err, cfg_err);
		spin_unlock_irq(&sim->lock);
		return;
	}

	processed = visp_sim_frame_process(sim, &mem, host, &dma_err);
	visp_sim_frame_mem_unmap(&mem);
	if (!processed)
		return;

	spin_lock_irq(&sim->lock);
	if (visp_sim_frame_current(sim, job->gen)) {
		if (dma_err)
			visp_sim_frame_end(sim, VISP_IRQ_DMA_ERR, dma_err, 0);
		else
			visp_sim_frame_processed(sim);
	}
	spin_unlock_irq(&sim->lock);
}

/**
 * visp_sim_frame_csi_start() - the CSI-2 receiver sees a frame start
 * @sim: simulator
 * @width: samples per line of the frame
 * @height: lines of the frame
 * @dt: data type, VISP_CSI_DT_*
 * @lanes: data lanes of the transmitter
 *
 * The frame start goes to the register file, which counts the frame and
 * raises CSI_FS; visp_sim_frame_csi_data() brings the frame's lines.
 * Frames on the link are serialised by &visp_sim.csi_lock, held by the
 * caller.
 *
 * Return: 0 when the receiver took the frame, -ENOLINK when it did not
 * (disabled, other lanes or data type).
 */
int visp_sim_frame_csi_start(struct visp_sim *sim, u32 width, u32 height,
			     u8 dt, u8 lanes)
{
	bool received;

	lockdep_assert_held(&sim->csi_lock);

	sim->csi_open = false;
	spin_lock_irq(&sim->lock);
	if (sim->dead) {
		spin_unlock_irq(&sim->lock);
		return -ENOLINK;
	}
	visp_sim_regs_csi_frame(&sim->regs, dt, lanes, &received);
	if (received)
		sim->count[VISP_SIM_CNT_CSI_FRAMES]++;
	else
		sim->count[VISP_SIM_CNT_CSI_LOST]++;
	visp_sim_handle_events(sim, 0);
	spin_unlock_irq(&sim->lock);

	if (!received)
		return -ENOLINK;
	sim->csi_open = true;
	sim->csi_width = width;
	sim->csi_height = height;
	sim->csi_dt = dt;

	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_frame_csi_start);

/* The receiver drops the frame it is in, counted: it starts nothing. */
static void visp_sim_frame_csi_drop(struct visp_sim *sim)
{
	spin_lock_irq(&sim->lock);
	visp_sim_regs_csi_drop(&sim->regs);
	sim->count[VISP_SIM_CNT_CSI_DROPPED]++;
	spin_unlock_irq(&sim->lock);
}

/**
 * visp_sim_frame_csi_data() - the lines and frame end of a frame
 * @sim: simulator
 * @data: first sample of the frame, one per u16
 * @width: samples per line, as at the frame start
 * @height: lines, at most VISP_SIM_CSI_MAX_HEIGHT, as at the frame start
 * @stride: bytes between the line starts of @data
 *
 * The lines go to the register file, which may start a frame of the
 * pipeline with them; the lines of that frame then go to the receiver's
 * buffer and the frame runs. Serialised by &visp_sim.csi_lock, held by
 * the caller.
 *
 * Return: 0 when the receiver took the lines, -ENOLINK when it had not
 * taken the frame start, -EINVAL when the frame is not the one its start
 * announced, -ENOMEM when its buffer cannot be allocated; in both cases
 * the receiver leaves the frame and drops it, counted in csi_dropped.
 */
int visp_sim_frame_csi_data(struct visp_sim *sim, const u16 *data, u32 width,
			    u32 height, u32 stride)
{
	struct visp_sim_job *job = &sim->job;
	unsigned int events;
	u64 gen = 0;
	bool copied;

	lockdep_assert_held(&sim->csi_lock);

	if (!sim->csi_open)
		return -ENOLINK;
	sim->csi_open = false;
	if (width != sim->csi_width || height != sim->csi_height) {
		visp_sim_frame_csi_drop(sim);
		return -EINVAL;
	}

	/* Allocated once, when no frame can be using it. */
	if (!sim->csi_buf) {
		sim->csi_buf = vmalloc(VISP_SIM_CSI_BUF_SIZE);
		if (!sim->csi_buf) {
			visp_sim_frame_csi_drop(sim);
			return -ENOMEM;
		}
	}

	spin_lock_irq(&sim->lock);
	if (sim->dead) {
		spin_unlock_irq(&sim->lock);
		return -ENOLINK;
	}
	events = visp_sim_regs_csi_lines(&sim->regs);
	if (!(events & VISP_SIM_EV_FRAME_START))
		sim->count[VISP_SIM_CNT_CSI_DROPPED]++;
	visp_sim_handle_events(sim, events);
	if ((events & VISP_SIM_EV_FRAME_START) && job->csi) {
		gen = job->gen;
		job->csi_width = width;
		job->csi_height = height;
		job->csi_dt = sim->csi_dt;
	}
	spin_unlock_irq(&sim->lock);

	if (!gen)
		return 0;

	copied = visp_sim_copy_lines(sim, gen, (u8 *)sim->csi_buf,
				     width * sizeof(u16), (const u8 *)data,
				     stride, width * sizeof(u16), height);

	spin_lock_irq(&sim->lock);
	if (copied && visp_sim_frame_current(sim, gen)) {
		job->csi_ready = true;
		queue_work(system_unbound_wq, &sim->frame_work);
	}
	spin_unlock_irq(&sim->lock);

	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(visp_sim_frame_csi_data);

/**
 * visp_sim_frame_init() - initialise the frame engine
 * @sim: simulator
 */
void visp_sim_frame_init(struct visp_sim *sim)
{
	unsigned int i;

	INIT_WORK(&sim->frame_work, visp_sim_frame_work);
	for (i = 0; i < ARRAY_SIZE(sim->bands); i++) {
		INIT_WORK(&sim->bands[i].work, visp_sim_band_work);
		init_completion(&sim->bands[i].done);
		sim->bands[i].sim = sim;
	}
	hrtimer_init(&sim->frame_timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	sim->frame_timer.function = visp_sim_frame_timer_fn;
}

/**
 * visp_sim_frame_stop() - stop the frame engine for good
 * @sim: simulator
 *
 * No frame starts after this; a frame in progress is dropped.
 */
void visp_sim_frame_stop(struct visp_sim *sim)
{
	unsigned int i;

	spin_lock_irq(&sim->lock);
	sim->dead = true;
	sim->gen++;
	visp_sim_frame_dma_update(sim);
	spin_unlock_irq(&sim->lock);

	cancel_work_sync(&sim->frame_work);
	/* the frame worker waited for its bands: they are done */
	for (i = 0; i < ARRAY_SIZE(sim->bands); i++)
		flush_work(&sim->bands[i].work);
	hrtimer_cancel(&sim->frame_timer);

	for (i = 0; i < VISP_SIM_DMA_CHANNELS; i++) {
		vfree(sim->fbuf[i]);
		sim->fbuf[i] = NULL;
	}
	vfree(sim->csi_in);
	sim->csi_in = NULL;
}
