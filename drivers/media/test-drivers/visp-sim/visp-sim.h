/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VISP simulator: internal interfaces
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_SIM_H__
#define __VISP_SIM_H__

#include <linux/clk-provider.h>
#include <linux/completion.h>
#include <linux/errno.h>
#include <linux/hrtimer.h>
#include <linux/irq_work.h>
#include <linux/mutex.h>
#include <linux/pm_domain.h>
#include <linux/reset-controller.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "visp-model.h"
#include "visp-sim-regs.h"

/*
 * The timing model of the simulated ISP. Processing time of a frame in core clock cycles:
 * (DIV_ROUND_UP(width, VISP_TIMING_PPC) + VISP_TIMING_HBLANK) *
 * (height + VISP_TIMING_VBLANK) + VISP_TIMING_FRAME_OVERHEAD, with
 * VISP_TIMING_DMSD_LINES more lines of fill in the directional demosaic
 */
#define VISP_TIMING_PPC				2
#define VISP_TIMING_HBLANK			32
#define VISP_TIMING_VBLANK			4
#define VISP_TIMING_DMSD_LINES			6
#define VISP_TIMING_FRAME_OVERHEAD		4096

/* Soft reset duration, core clock cycles. */
#define VISP_TIMING_RESET_CYCLES		64

struct clk_lookup;
struct device;
struct dentry;
struct irq_domain;
struct platform_device;
struct regmap;

/* The clocks of the ISP, indexes of struct visp_sim @clks. */
enum visp_sim_clk_id {
	VISP_SIM_CLK_CORE,
	VISP_SIM_CLK_AXI,
	VISP_SIM_CLK_APB,
	VISP_SIM_CLKS,
};

/* Faults injected through debugfs, bits of struct visp_sim @faults. */
enum visp_sim_fault {
	VISP_SIM_FAULT_HANG,
	VISP_SIM_FAULT_DMA_ERR,
	VISP_SIM_FAULT_CORRUPT_STATS,
	VISP_SIM_FAULT_SLOW,
	VISP_SIM_FAULT_SPURIOUS_IRQ,
	VISP_SIM_FAULTS,
};

/* Event counters, indexes of struct visp_sim @count. */
enum visp_sim_counter {
	VISP_SIM_CNT_FRAMES,
	VISP_SIM_CNT_BUS_ERRORS,
	VISP_SIM_CNT_REG_ERRORS,
	VISP_SIM_CNT_DMA_ERRORS,
	VISP_SIM_CNT_CFG_ERRORS,
	VISP_SIM_CNT_ABORTS,
	VISP_SIM_CNT_INJECTED,
	VISP_SIM_CNT_IRQS,
	VISP_SIM_CNT_CSI_FRAMES,
	VISP_SIM_CNT_CSI_LOST,
	VISP_SIM_CNT_CSI_DROPPED,
	VISP_SIM_CNT_BUS_ACCESSES,
	VISP_SIM_CNT_HOST_FRAMES,
	VISP_SIM_COUNTERS,
};

struct visp_sim;
struct visp_sim_host;

/**
 * struct visp_sim_clk - one clock of the ISP: a rate-settable source and
 * the gate the ISP is given
 *
 * @sim: simulator
 * @id: which clock
 * @src: the source, whose rate can be set within the clock's limits
 * @gate: the gate, child of @src
 * @rate: rate of @src, Hz; protected by &visp_sim.lock
 * @enabled: the gate is open; protected by &visp_sim.lock
 */
struct visp_sim_clk {
	struct visp_sim *sim;
	enum visp_sim_clk_id id;
	struct clk_hw src;
	struct clk_hw gate;
	unsigned long rate;
	bool enabled;
};

/**
 * struct visp_sim_job - one frame, as latched at frame start
 *
 * @cfg: active configuration
 * @dma: DMA channels
 * @gen: generation of the frame, see &visp_sim.gen
 * @sequence: frame number (FRAME_CNT at frame start)
 * @src: number of the source frame, see VISP_REG_FRAME_SRC()
 * @faults: BIT(enum visp_sim_fault) faults injected in this frame
 * @dma_fault: VISP_DMA_CH_* channels that fail with VISP_SIM_FAULT_DMA_ERR
 * @deadline: earliest completion time
 * @taken: the frame worker has taken the frame
 * @processed: the frame worker has written the frame
 * @hung: the frame will never end
 * @csi: the input comes from the CSI-2 receiver, in &visp_sim.csi_buf
 * @csi_ready: the receiver has written the whole input of the frame
 * @csi_width: samples per line the receiver received
 * @csi_height: lines the receiver received
 * @csi_dt: data type of the frame the receiver received
 */
struct visp_sim_job {
	struct visp_model_config cfg;
	struct visp_sim_dma dma[VISP_SIM_DMA_CHANNELS];
	u64 gen;
	u32 sequence;
	u32 src;
	unsigned long faults;
	u32 dma_fault;
	ktime_t deadline;
	bool taken;
	bool processed;
	bool hung;
	bool csi;
	bool csi_ready;
	u32 csi_width;
	u32 csi_height;
	u8 csi_dt;
};

/**
 * struct visp_sim_fault_file - debugfs file of one fault
 *
 * @sim: simulator
 * @fault: the fault
 */
struct visp_sim_fault_file {
	struct visp_sim *sim;
	enum visp_sim_fault fault;
};

/* Most bands a frame of the model is split in */
#define VISP_SIM_BANDS_MAX		4

/**
 * struct visp_sim_band - a band of the frame, run by a work item of its own
 *
 * The frame worker sets @buf and the band's lines, queues @work and waits
 * for @done; the work item reads the frame worker's job and @buf, which do
 * not change meanwhile, and writes the band's output lines, its scratch
 * and @ret only.
 *
 * @work: runs visp_model_run_band() on the band
 * @done: completed when the band is processed
 * @sim: the simulator
 * @buf: the frame's memory
 * @scratch: the band's scratch buffer, VISP_MODEL_SCRATCH_MAX bytes
 * @y0: first input line of the band
 * @y1: input line after the band
 * @ret: result of visp_model_run_band()
 */
struct visp_sim_band {
	struct work_struct work;
	struct completion done;
	struct visp_sim *sim;
	const struct visp_model_buffers *buf;
	void *scratch;
	u32 y0;
	u32 y1;
	int ret;
};

/**
 * struct visp_sim - the simulated SoC and its ISP
 *
 * @dev: the SoC device
 * @isp: the ISP device, child of @dev
 * @lock: protects @regs, @reset_end, @job, @gen, @dead, @faults,
 *	@dma_fault, @slow_ms, @count, the @rate and @enabled fields of @clks,
 *	and the writes of @irq_level and @irq_spurious
 * @dma_lock: protects the reads of @dma_gen without @lock; held by each
 *	step of a frame's memory accesses, so that register accesses do not
 *	wait for the steps (nested in @lock)
 * @dma_gen: generation of the frame that may access memory, 0 when none
 *	may: that of @job while it is current, not hung and @dead is false;
 *	written with @lock and @dma_lock held
 * @regs: register file of the ISP
 * @reset_end: end of the reset sequence in progress
 * @job: the frame in progress
 * @gen: generation counter, incremented when a frame starts or is dropped;
 *	the frame worker and the timers act only on the current generation
 * @dead: the simulator is being removed: no frame starts any more
 * @faults: BIT(enum visp_sim_fault) faults armed for the next frame
 *	(VISP_SIM_FAULT_SPURIOUS_IRQ is never armed: it acts at once)
 * @dma_fault: VISP_DMA_CH_* channels that fail when VISP_SIM_FAULT_DMA_ERR
 *	is armed
 * @slow_ms: extra time of a frame with VISP_SIM_FAULT_SLOW, ms
 * @count: event counters, indexed by enum visp_sim_counter, but for
 *	VISP_SIM_CNT_BUS_ERRORS and VISP_SIM_CNT_REG_ERRORS, which the
 *	register file counts (&visp_sim_regs.bus_errors and .reg_errors)
 * @regmap: register map of the ISP
 * @irq_fwnode: firmware node of @irq_domain
 * @irq_domain: interrupt domain of the simulator
 * @irq: the ISP's interrupt (Linux IRQ number)
 * @irq_work: delivers the interrupt in hard interrupt context
 * @irq_level: the interrupt line is asserted (lockless reads)
 * @irq_masked: the interrupt is masked (irq_desc lock)
 * @irq_spurious: an interrupt without cause is to be delivered (lockless
 *	reads)
 * @clks: the clocks, indexed by enum visp_sim_clk_id
 * @rcdev: the reset controller
 * @genpd: the ISP's power domain
 * @frame_work: runs the frames
 * @wjob: the frame worker's copy of @job
 * @scratch: the model's scratch buffer, VISP_MODEL_SCRATCH_MAX bytes, used
 *	by the frame worker only
 * @fbuf: the frame worker's private buffer of each DMA channel, kept from
 *	one frame to the next, NULL until a frame uses the channel; used by
 *	the frame worker only, freed once it cannot run any more
 * @fbuf_size: size of each of @fbuf, bytes
 * @csi_in: the frame worker's copy of a frame from the CSI-2 receiver,
 *	kept like @fbuf
 * @csi_in_size: size of @csi_in, bytes
 * @bands: the other bands of a frame, run alongside the frame worker's
 * @nbands: number of bands a frame is split in, at least 1: @bands holds
 *	@nbands - 1
 * @frame_timer: ends a frame at its deadline
 * @csi_lock: serialises the frames on the CSI-2 link; protects the
 *	allocation of @csi_buf and @csi_open to @csi_dt
 * @csi_buf: the receiver's frame buffer, VISP_SIM_CSI_BUF_SIZE bytes,
 *	allocated at the first frame; its contents are accessed with
 *	@dma_lock held, by the frame that the receiver's frame started only
 * @csi_open: the receiver took a frame start and waits for its lines
 * @csi_width: samples per line of that frame
 * @csi_height: lines of that frame
 * @csi_dt: data type of that frame
 * @debugfs: debugfs directory
 * @fault_files: the data of the debugfs fault files
 * @host: the link to the model on the host (visp-sim-host.c), or NULL;
 *	set at probe, cleared with @lock and @dma_lock held when given back
 *	at removal, once no frame runs
 */
struct visp_sim {
	struct device *dev;
	struct platform_device *isp;

	spinlock_t lock; /* see above: the register file and the frame state */
	struct visp_sim_regs regs;
	ktime_t reset_end;
	struct visp_sim_job job;
	u64 gen;
	spinlock_t dma_lock; /* @dma_gen: see above */
	u64 dma_gen;
	bool dead;
	unsigned long faults;
	u32 dma_fault;
	u32 slow_ms;
	u64 count[VISP_SIM_COUNTERS];

	struct regmap *regmap;

	struct fwnode_handle *irq_fwnode;
	struct irq_domain *irq_domain;
	unsigned int irq;
	struct irq_work irq_work;
	bool irq_level;
	bool irq_masked;
	bool irq_spurious;

	struct visp_sim_clk clks[VISP_SIM_CLKS];
	struct reset_controller_dev rcdev;
	struct generic_pm_domain genpd;

	struct work_struct frame_work;
	struct visp_sim_job wjob;
	void *scratch;
	u8 *fbuf[VISP_SIM_DMA_CHANNELS];
	size_t fbuf_size[VISP_SIM_DMA_CHANNELS];
	u8 *csi_in;
	size_t csi_in_size;
	struct visp_sim_band bands[VISP_SIM_BANDS_MAX - 1];
	unsigned int nbands;
	struct hrtimer frame_timer;

	struct mutex csi_lock; /* the link, @csi_buf to @csi_dt: see above */
	u16 *csi_buf;
	bool csi_open;
	u32 csi_width;
	u32 csi_height;
	u8 csi_dt;

	struct dentry *debugfs;
	struct visp_sim_fault_file fault_files[VISP_SIM_FAULTS];

	struct visp_sim_host *host;
};

/* Largest frame the CSI-2 receiver buffers, samples and lines. */
#define VISP_SIM_CSI_MAX_WIDTH		2048
#define VISP_SIM_CSI_MAX_HEIGHT		1536
#define VISP_SIM_CSI_BUF_SIZE \
	(VISP_SIM_CSI_MAX_WIDTH * VISP_SIM_CSI_MAX_HEIGHT * sizeof(u16))

extern bool visp_sim_timing;
extern bool visp_sim_pixels;
extern bool visp_sim_host_model;

void visp_sim_handle_events(struct visp_sim *sim, unsigned int events);
void visp_sim_inject(struct visp_sim *sim, enum visp_sim_fault fault,
		     u32 arm);
void visp_sim_update_irq(struct visp_sim *sim);

void visp_sim_frame_init(struct visp_sim *sim);
void visp_sim_frame_start(struct visp_sim *sim);
void visp_sim_frame_abort(struct visp_sim *sim);
void visp_sim_frame_stall(struct visp_sim *sim);
void visp_sim_frame_stop(struct visp_sim *sim);
u64 visp_sim_frame_ns(const struct visp_model_config *cfg,
		      unsigned long core_rate, unsigned long axi_rate);
u64 visp_sim_cycles_ns(u64 cycles, unsigned long rate);
u32 visp_sim_dma_check_ram(const struct visp_sim_dma *dma);
int visp_sim_frame_csi_start(struct visp_sim *sim, u32 width, u32 height,
			     u8 dt, u8 lanes);
int visp_sim_frame_csi_data(struct visp_sim *sim, const u16 *data, u32 width,
			    u32 height, u32 stride);

/*
 * The link to the model on the host (visp-sim-host.c): a PCI device, whose
 * mailbox has the layout of x86-64.
 */
#define VISP_SIM_HOST_LINK	(IS_ENABLED(CONFIG_PCI) && IS_ENABLED(CONFIG_X86_64))

#if VISP_SIM_HOST_LINK
int visp_sim_host_register(void);
void visp_sim_host_unregister(void);
struct visp_sim_host *visp_sim_host_claim(struct device *consumer);
void visp_sim_host_release(struct visp_sim_host *host);
void visp_sim_host_set_dma_gen(struct visp_sim_host *host, u64 gen);
bool visp_sim_host_alive(struct visp_sim_host *host);
int visp_sim_host_run(struct visp_sim_host *host,
		      const struct visp_sim_job *job, u32 flags);
#else
static inline int visp_sim_host_register(void)
{
	return 0;
}

static inline void visp_sim_host_unregister(void)
{
}

static inline struct visp_sim_host *visp_sim_host_claim(struct device *consumer)
{
	return NULL;
}

static inline void visp_sim_host_release(struct visp_sim_host *host)
{
}

static inline void visp_sim_host_set_dma_gen(struct visp_sim_host *host,
					     u64 gen)
{
}

static inline bool visp_sim_host_alive(struct visp_sim_host *host)
{
	return false;
}

static inline int visp_sim_host_run(struct visp_sim_host *host,
				    const struct visp_sim_job *job, u32 flags)
{
	return -ENODEV;
}
#endif

#endif /* __VISP_SIM_H__ */
