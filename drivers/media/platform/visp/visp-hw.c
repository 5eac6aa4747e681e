// SPDX-License-Identifier: GPL-2.0
/*
 * VISP ISP driver - job scheduling and hardware programming
 *
 * A job is one frame: an input buffer and a buffer of every output whose
 * link is enabled.
 * While the parameters node streams, it has a parameters buffer too.
 * When the input buffer was queued in a media request, the job is the
 * buffers of that request (see visp-request.c).
 * At most two jobs are handed to the hardware: the one being processed and
 * the next one, whose configuration is written to the shadow registers
 * once the current frame has started (its configuration is latched) and
 * committed with its START.
 *
 * Frames are numbered by the FRAME_CNT register, reset to 0 when streaming
 * starts. For a frame from memory the number is the V4L2 sequence of all
 * buffers of the job.
 * It is the frame_sequence of the job's statistics too.
 *
 * Inline, the frames come from the camera through the CSI-2 receiver: a
 * job has no input buffer, and its START arms the pipeline, whose frame
 * starts with the next frame the receiver takes. The receiver numbers the
 * camera's frames from 0 at stream start; that number, which the hardware
 * latches for each frame in FRAME_SRC, is the sequence of the job's
 * buffers, so a frame the ISP had no job for leaves a gap. The camera is
 * started when the first video node of the inline pipeline starts
 * streaming and stopped when the last one stops.
 *
 * Completion is derived from FRAME_CNT and STATUS.BUSY rather than from
 * counting interrupts, and the errors of each frame from the FRAME_ERR
 * slot the hardware latches them in, so that coalesced interrupts lose
 * neither a frame nor an error.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/pm_runtime.h>
#include <media/v4l2-event.h>
#include <media/videobuf2-dma-contig.h>

#include "visp.h"

#define CREATE_TRACE_POINTS
#include <trace/events/visp.h>

#define VISP_STOP_TIMEOUT_MS	1000
/*
 * The longest frame takes 16 ms at the lowest core clock rate times 4;
 * allow for a slow interconnect and interrupt latency.
 */
#define VISP_WATCHDOG_MS	1000
/*
 * Inline, a job waits for the camera's next frame: a frame time, up to a
 * second, plus the frame's processing.
 */
#define VISP_INLINE_TIMEOUT_MS	5000
/*
 * Passes of the interrupt thread over an error that keeps asserting before
 * it is taken for an interrupt storm.
 */
#define VISP_IRQ_STORM_PASSES	16

static void visp_recover(struct visp_device *visp);

/* How long a job may take before the hardware is deemed hung. */
static unsigned long visp_job_timeout(struct visp_device *visp)
{
	if (READ_ONCE(visp->inline_src))
		return msecs_to_jiffies(VISP_INLINE_TIMEOUT_MS);
	return msecs_to_jiffies(VISP_WATCHDOG_MS);
}

/*
 * Give the oldest job its full time from now. The watchdog is not moved
 * at every frame, which would cost a timer's removal and insertion a
 * frame: when it runs, it checks whether the time given has passed, and
 * waits for the rest when it has not. A pending watchdog is left as it
 * is, and none is cancelled when the jobs are done; visp_drain() cancels
 * it.
 */
static void visp_watchdog_kick(struct visp_device *visp)
{
	lockdep_assert_held(&visp->job_lock);

	visp->watchdog_start = jiffies;
	queue_delayed_work(system_wq, &visp->watchdog, visp_job_timeout(visp));
}

static void visp_write(struct visp_device *visp, u32 reg, u32 val)
{
	regmap_write(visp->regmap, reg, val);
}

static u32 visp_read(struct visp_device *visp, u32 reg)
{
	unsigned int val = 0;

	regmap_read(visp->regmap, reg, &val);
	return val;
}

/* Read FRAME_CNT, and remember it in &visp_device.frames_started. */
static u32 visp_read_frames_started(struct visp_device *visp)
{
	lockdep_assert_held(&visp->job_lock);

	visp->frames_started = visp_read(visp, VISP_REG_FRAME_CNT);
	return visp->frames_started;
}

/* Whether the frame of @job has started, and latched its configuration. */
static bool visp_job_started(struct visp_device *visp,
			     const struct visp_job *job)
{
	lockdep_assert_held(&visp->job_lock);

	/* The count last read tells when it shows the frame; else read it. */
	return (s32)(visp->frames_started - job->frame) > 0 ||
	       (s32)(visp_read_frames_started(visp) - job->frame) > 0;
}

static u32 visp_size(u32 w, u32 h)
{
	return FIELD_PREP(VISP_SIZE_W, w) | FIELD_PREP(VISP_SIZE_H, h);
}

/*
 * The shadow set keeps what was written to it until the hardware loses its
 * state (a reset, power loss), which visp_hw_setup() follows: a shadowed
 * register known to hold a value need not be written that value again.
 * Most of a job's registers, and the blocks of a parameters buffer that
 * repeats the previous one, then cost no register access.
 */
static unsigned int visp_shadow_index(u32 reg)
{
	return (reg - VISP_REG_SHADOW_START) / 4;
}

static bool visp_shadow_holds(struct visp_device *visp, u32 reg, u32 val)
{
	unsigned int i = visp_shadow_index(reg);

	lockdep_assert_held(&visp->job_lock);

	return test_bit(i, visp->shadow_known) && visp->shadow[i] == val;
}

/* Shadowed register @reg holds @val, or is unknown after a failed write. */
static void visp_shadow_update(struct visp_device *visp, u32 reg, u32 val,
			       bool written)
{
	unsigned int i = visp_shadow_index(reg);

	lockdep_assert_held(&visp->job_lock);

	visp->shadow[i] = val;
	if (written)
		__set_bit(i, visp->shadow_known);
	else
		__clear_bit(i, visp->shadow_known);
}

/* Write shadowed register @reg, unless it holds @val already. */
static void visp_write_shadow(struct visp_device *visp, u32 reg, u32 val)
{
	if (visp_shadow_holds(visp, reg, val))
		return;
	visp_shadow_update(visp, reg, val,
			   !regmap_write(visp->regmap, reg, val));
}

static void visp_write_addr(struct visp_device *visp, u32 lo, u32 hi,
			    dma_addr_t addr)
{
	visp_write_shadow(visp, lo, lower_32_bits(addr));
	visp_write_shadow(visp, hi, upper_32_bits(addr));
}

/* The CSC of the configuration is the one the capture formats ask for. */
static void visp_set_format_csc(struct visp_device *visp)
{
	lockdep_assert_held(&visp->job_lock);

	visp->cfg.csc_matrix = visp->csc_matrix;
	visp->cfg.csc_full_range = visp->csc_range == VISP_CSC_RANGE_FULL;
}

/*
 * Write the @n values of shadowed registers that the registers do not hold
 * already, each run of consecutive registers at once: a lookup table is
 * one run. Add the number of registers written to @written.
 */
static int visp_write_regs(struct visp_device *visp,
			   const struct visp_reg_write *regs, unsigned int n,
			   unsigned int *written)
{
	unsigned int i, j, run;
	int ret;

	lockdep_assert_held(&visp->job_lock);

	for (i = 0; i < n; i += run) {
		run = 1;
		if (visp_shadow_holds(visp, regs[i].reg, regs[i].val))
			continue;
		visp->reg_vals[0] = regs[i].val;
		for (; i + run < n &&
		     regs[i + run].reg == regs[i].reg + run * 4 &&
		     !visp_shadow_holds(visp, regs[i + run].reg,
					regs[i + run].val); run++)
			visp->reg_vals[run] = regs[i + run].val;
		/*
		 * regmap_bulk_write() copies the values first on a map with
		 * a bus, such as visp-sim's: not for one register.
		 */
		if (run == 1)
			ret = regmap_write(visp->regmap, regs[i].reg,
					   regs[i].val);
		else
			ret = regmap_bulk_write(visp->regmap, regs[i].reg,
						visp->reg_vals, run);
		for (j = i; j < i + run; j++)
			visp_shadow_update(visp, regs[j].reg, regs[j].val,
					   !ret);
		if (ret)
			return ret;
		*written += run;
	}
	return 0;
}

/*
 * Write the blocks of the configuration whose bit is set in cfg_dirty;
 * return the number of registers written, those whose value changed. A
 * block whose registers could not all be written stays dirty, and the job
 * fails.
 */
static unsigned int visp_write_blocks(struct visp_device *visp,
				      struct visp_job *job)
{
	struct visp_reg_write *regs = visp->regs;
	unsigned int type, n, writes = 0;
	unsigned long dirty;
	int ret;

	lockdep_assert_held(&visp->job_lock);

	dirty = visp->cfg_dirty;
	for_each_set_bit(type, &dirty, VISP_PARAMS_BLOCK_TYPE_COUNT) {
		n = visp_params_block_regs(&visp->cfg, type, visp->in_w,
					   visp->in_h, regs);
		ret = visp_write_regs(visp, regs, n, &writes);
		if (ret) {
			dev_err_ratelimited(visp->dev,
					    "frame %u: cannot write block %u: %d\n",
					    job->frame, type, ret);
			job->write_failed = true;
			continue;
		}
		visp->cfg_dirty &= ~BIT(type);
	}
	return writes;
}

static void visp_write_path(struct visp_device *visp, unsigned int p,
			    struct visp_buffer *buf)
{
	const struct visp_path_geom *g = &visp->path[p];
	const struct v4l2_rect *c = &g->crop;
	u32 hstep, vstep;
	dma_addr_t addr;

	if (!buf) {
		visp_write_shadow(visp, VISP_REG_PATH_CTRL(p), 0);
		return;
	}

	hstep = (c->width << 16) / g->out_w;
	vstep = (c->height << 16) / g->out_h;
	visp_write_shadow(visp, VISP_REG_PATH_CTRL(p), VISP_PATH_CTRL_EN |
			  FIELD_PREP(VISP_PATH_CTRL_FMT, g->fmt->hw_fmt));
	visp_write_shadow(visp, VISP_REG_PATH_CROP_POS(p),
			  FIELD_PREP(VISP_POS_X, c->left) |
			  FIELD_PREP(VISP_POS_Y, c->top));
	visp_write_shadow(visp, VISP_REG_PATH_CROP_SIZE(p),
			  visp_size(c->width, c->height));
	visp_write_shadow(visp, VISP_REG_PATH_OUT_SIZE(p),
			  visp_size(g->out_w, g->out_h));
	visp_write_shadow(visp, VISP_REG_PATH_HSTEP(p), hstep);
	visp_write_shadow(visp, VISP_REG_PATH_VSTEP(p), vstep);
	visp_write_shadow(visp, VISP_REG_PATH_HPHASE(p),
			  ((s32)hstep - 65536) / 2);
	visp_write_shadow(visp, VISP_REG_PATH_VPHASE(p),
			  ((s32)vstep - 65536) / 2);

	addr = vb2_dma_contig_plane_dma_addr(&buf->vb.vb2_buf, 0);
	visp_write_addr(visp, VISP_REG_PATH_ADDR_LO(p, 0),
			VISP_REG_PATH_ADDR_HI(p, 0), addr);
	visp_write_shadow(visp, VISP_REG_PATH_STRIDE(p, 0), g->stride);
	visp_write_shadow(visp, VISP_REG_PATH_BUF_SIZE(p, 0),
			  g->stride * g->out_h);
	if (g->fmt->vsub) {
		addr += g->stride * g->out_h;
		visp_write_addr(visp, VISP_REG_PATH_ADDR_LO(p, 1),
				VISP_REG_PATH_ADDR_HI(p, 1), addr);
		visp_write_shadow(visp, VISP_REG_PATH_STRIDE(p, 1), g->stride);
		visp_write_shadow(visp, VISP_REG_PATH_BUF_SIZE(p, 1),
				  g->stride * (g->out_h / g->fmt->vsub));
	}
}

/*
 * Give the job's frame the lens shading table of its parity, holding the
 * gains of the configuration. The jobs the hardware holds have consecutive
 * numbers: the other one reads the other table.
 */
static void visp_write_lsc_table(struct visp_device *visp,
				 const struct visp_job *job)
{
	unsigned int t = job->frame & 1;

	lockdep_assert_held(&visp->job_lock);

	if (visp->lsc_table_gen[t] != visp->lsc_gen) {
		visp_params_lsc_table(&visp->cfg, visp->lsc_tables +
				      t * VISP_LSC_TABLE_ALLOC);
		visp->lsc_table_gen[t] = visp->lsc_gen;
	}
	visp_write_addr(visp, VISP_REG_LSC_ADDR_LO, VISP_REG_LSC_ADDR_HI,
			visp->lsc_tables_dma + t * VISP_LSC_TABLE_ALLOC);
}

static void visp_program_job(struct visp_device *visp, struct visp_job *job)
{
	struct visp_buffer *in = job->bufs[VISP_VIDEO_INPUT];
	struct visp_buffer *params = job->bufs[VISP_VIDEO_PARAMS];
	struct visp_buffer *stats = job->bufs[VISP_VIDEO_STATS];
	u64 t0 = trace_visp_job_program_enabled() ? ktime_get_ns() : 0;
	unsigned int writes;
	dma_addr_t in_addr;
	u32 in_fmt;

	lockdep_assert_held(&visp->job_lock);

	in_fmt = FIELD_PREP(VISP_IN_FMT_BAYER, visp->in->bayer) |
		 FIELD_PREP(VISP_IN_FMT_TYPE, visp->in->type);
	if (visp->inline_src)
		in_fmt |= VISP_IN_FMT_SRC_CSI;
	visp_write_shadow(visp, VISP_REG_IN_FMT, in_fmt);
	visp_write_shadow(visp, VISP_REG_IN_SIZE,
			  visp_size(visp->in_w, visp->in_h));
	if (in) {
		/* The frame starts at the data offset, checked in buf_prepare. */
		in_addr = vb2_dma_contig_plane_dma_addr(&in->vb.vb2_buf, 0) +
			  in->vb.vb2_buf.planes[0].data_offset;
		visp_write_addr(visp, VISP_REG_IN_ADDR_LO, VISP_REG_IN_ADDR_HI,
				in_addr);
		visp_write_shadow(visp, VISP_REG_IN_STRIDE, visp->in_stride);
		visp_write_shadow(visp, VISP_REG_IN_BUF_SIZE,
				  visp->in_stride * visp->in_h);
	}

	visp_write_path(visp, VISP_PATH_MAIN, job->bufs[VISP_VIDEO_MAIN]);
	visp_write_path(visp, VISP_PATH_SELF, job->bufs[VISP_VIDEO_SELF]);

	if (stats) {
		visp_write_shadow(visp, VISP_REG_STATS_CTRL,
				  VISP_STATS_CTRL_EN);
		visp_write_addr(visp, VISP_REG_STATS_ADDR_LO,
				VISP_REG_STATS_ADDR_HI,
				vb2_dma_contig_plane_dma_addr(&stats->vb.vb2_buf,
							      0));
		visp_write_shadow(visp, VISP_REG_STATS_BUF_SIZE,
				  sizeof(struct visp_stats_buffer));
	} else {
		visp_write_shadow(visp, VISP_REG_STATS_CTRL, 0);
	}

	if (params) {
		u32 changed = visp_params_buf_apply(&visp->cfg, params->params);

		visp->cfg_dirty |= changed;
		if (changed & BIT(VISP_PARAMS_BLOCK_LSC))
			visp->lsc_gen++;
		/*
		 * A CSC block repeats the formats' setting, checked when its
		 * buffer was prepared; a format set after that prevails.
		 */
		visp_set_format_csc(visp);
	}
	writes = visp_write_blocks(visp, job);
	if (visp->cfg.lsc_en)
		visp_write_lsc_table(visp, job);

	/* One write: the commit takes effect before the start. */
	visp_write(visp, VISP_REG_CTRL, VISP_CTRL_COMMIT | VISP_CTRL_START);
	trace_visp_job_program(job->frame, writes, t0 ? ktime_get_ns() - t0 : 0);
}

static struct visp_buffer *visp_first_buffer(struct visp_video *video)
{
	return list_first_entry_or_null(&video->buffers, struct visp_buffer,
					queue);
}

/* Is node @id an input of every job of the current stream? */
static bool visp_job_needs(struct visp_device *visp, enum visp_video_id id)
{
	switch (id) {
	case VISP_VIDEO_INPUT:
		/* Inline, the camera brings the frames. */
		if (visp->inline_src)
			return false;
		return true;
	case VISP_VIDEO_MAIN:
		return visp->path[VISP_PATH_MAIN].enabled;
	case VISP_VIDEO_SELF:
		return visp->path[VISP_PATH_SELF].enabled;
	case VISP_VIDEO_PARAMS:
		return visp->video[VISP_VIDEO_PARAMS].streaming;
	case VISP_VIDEO_STATS:
		return visp->stats_enabled;
	default:
		return false;
	}
}

/**
 * visp_buf_add() - a node's buffer is queued to the driver
 * @video: the node
 * @buf: the buffer
 *
 * The caller holds &visp_device.job_lock.
 */
void visp_buf_add(struct visp_video *video, struct visp_buffer *buf)
{
	struct visp_device *visp = video->visp;

	lockdep_assert_held(&visp->job_lock);

	list_add_tail(&buf->queue, &video->buffers);
	if (buf->vb.vb2_buf.req_obj.req)
		visp->req_bufs++;
	else
		visp->plain_bufs++;
}

/**
 * visp_buf_done() - give a buffer the driver holds back to vb2
 * @video: its node
 * @buf: the buffer, off the node's list
 * @state: state to give it back in
 *
 * A buffer of a request completes its part of the request.
 * The caller holds &visp_device.job_lock.
 */
void visp_buf_done(struct visp_video *video, struct visp_buffer *buf,
		   enum vb2_buffer_state state)
{
	struct visp_device *visp = video->visp;

	lockdep_assert_held(&visp->job_lock);

	if (buf->vb.vb2_buf.req_obj.req)
		visp->req_bufs--;
	else
		visp->plain_bufs--;
	vb2_buffer_done(&buf->vb.vb2_buf, state);
}

/* The buffer of a request that node @video holds, or NULL. */
static struct visp_buffer *visp_request_buffer(struct visp_video *video,
					       struct media_request *req)
{
	struct visp_buffer *buf;

	lockdep_assert_held(&video->visp->job_lock);

	list_for_each_entry(buf, &video->buffers, queue)
		if (buf->vb.vb2_buf.req_obj.req == req)
			return buf;
	return NULL;
}

/*
 * The buffers of the next job, per node, NULL for a node without one.
 * Return false when the job cannot be formed yet.
 *
 * Every node the stream needs gives its oldest buffer.
 * But when the oldest input buffer belongs to a media request, the job takes
 * exactly the buffers of that request, whichever place they have in their
 * nodes' queues: it waits until each of them is queued to the driver, a
 * path without a buffer in the request is off for the frame, the
 * statistics too, and without a parameters buffer the configuration stays
 * that of the previous frame. A buffer of a request is never taken by a
 * job without one.
 */
static bool visp_job_collect(struct visp_device *visp,
			     struct visp_buffer *bufs[VISP_VIDEO_NUM])
{
	struct media_request *req = NULL;
	struct visp_video *video;
	unsigned int id;
	u32 nodes = 0;

	lockdep_assert_held(&visp->job_lock);

	video = &visp->video[VISP_VIDEO_INPUT];
	if (visp_job_needs(visp, VISP_VIDEO_INPUT) && video->streaming &&
	    !list_empty(&video->buffers))
		req = visp_first_buffer(video)->vb.vb2_buf.req_obj.req;
	if (req)
		nodes = to_visp_request(req)->nodes;

	for (id = 0; id < VISP_VIDEO_NUM; id++) {
		video = &visp->video[id];
		bufs[id] = NULL;
		if (req && id != VISP_VIDEO_INPUT) {
			if (!(nodes & BIT(id)))
				continue;
			if (!video->streaming || !visp_job_needs(visp, id))
				return false;
			bufs[id] = visp_request_buffer(video, req);
			if (!bufs[id])
				return false;
			continue;
		}
		if (!visp_job_needs(visp, id))
			continue;
		if (!video->streaming)
			return false;
		bufs[id] = visp_first_buffer(video);
		if (!bufs[id])
			return false;
		if (!req && bufs[id]->vb.vb2_buf.req_obj.req)
			return false;
	}
	return true;
}

/* Whether the frame start interrupt has a use: see visp_irq_frame_start(). */
static bool visp_frame_start_used(struct visp_device *visp)
{
	lockdep_assert_held(&visp->job_lock);

	/* Inline, it stamps the buffers. */
	if (visp->inline_src)
		return true;
	return visp->job_waiting || visp->sync_users;
}

/*
 * Unmask the frame start interrupt while something uses it, mask it when
 * nothing does. It programs a job that waits for the running frame to
 * latch its configuration (see visp_job_latched()) and sends visp-isp's
 * frame sync events. A job programmed on idle hardware starts its frame
 * at once and the next job is programmed behind a started frame: unless an
 * application subscribed to the events, the interrupt would only cost a
 * pass of the hard interrupt handler a frame. A start raised while the
 * interrupt was masked is cleared before it is unmasked, not to be taken
 * for a later one.
 */
static void visp_irq_frame_start(struct visp_device *visp)
{
	u32 imr = visp->irq_mask & ~VISP_IRQ_FRAME_START;

	lockdep_assert_held(&visp->job_lock);

	if (!visp->running || visp->suspended)
		return;
	if (visp_frame_start_used(visp))
		imr |= VISP_IRQ_FRAME_START;
	if (imr == visp->irq_mask)
		return;
	if (imr & VISP_IRQ_FRAME_START)
		visp_write(visp, VISP_REG_ICR, VISP_IRQ_FRAME_START);
	visp_write(visp, VISP_REG_IMR, imr);
	visp->irq_mask = imr;
}

/**
 * visp_frame_sync_users() - count the frame sync subscriptions of visp-isp
 * @visp: the device
 * @delta: 1 for a subscription added, -1 for one removed
 *
 * The frame start interrupt that sends the events is unmasked while the
 * count is not zero.
 */
void visp_frame_sync_users(struct visp_device *visp, int delta)
{
	mutex_lock(&visp->job_lock);
	visp->sync_users += delta;
	visp_irq_frame_start(visp);
	mutex_unlock(&visp->job_lock);
}

/*
 * Whether the frame of the one job the hardware holds has started, and
 * latched its configuration: the next job can then be programmed. If not,
 * the next job waits for that frame's start, whose interrupt is then
 * unmasked and wakes the thread only while &visp_device.job_waiting is set
 * (see visp_irq()). The barrier orders the store of the flag before the
 * unmasking and the read of FRAME_CNT, and pairs with the barrier of
 * visp_irq(), which orders its read of the interrupt status before its
 * load of the flag: either the read below shows the frame started, or the
 * handler sees the flag.
 */
static bool visp_job_latched(struct visp_device *visp)
{
	lockdep_assert_held(&visp->job_lock);

	if (visp_job_started(visp, &visp->jobs[0]))
		return true;

	WRITE_ONCE(visp->job_waiting, true);
	/* The flag before FRAME_CNT; pairs with the barrier of visp_irq(). */
	mb();
	visp_irq_frame_start(visp);
	if (!visp_job_started(visp, &visp->jobs[0]))
		return false;
	/* Started meanwhile: the job is programmed now, none waits. */
	WRITE_ONCE(visp->job_waiting, false);
	return true;
}

/*
 * Hand the next job to the hardware if it can take it; return whether it
 * did, for the caller to arm the watchdog.
 */
static bool visp_start_job(struct visp_device *visp)
{
	struct visp_buffer *bufs[VISP_VIDEO_NUM];
	struct visp_job *job;
	unsigned int id;

	lockdep_assert_held(&visp->job_lock);

	/* Set again below if the next job still waits for a frame start. */
	WRITE_ONCE(visp->job_waiting, false);

	if (!visp->running || visp->suspended ||
	    visp->num_jobs == ARRAY_SIZE(visp->jobs))
		return false;

	if (!visp_job_collect(visp, bufs))
		return false;

	/* The running frame must have latched its configuration. */
	if (visp->num_jobs == 1 && !visp_job_latched(visp))
		return false;

	job = &visp->jobs[visp->num_jobs];
	WRITE_ONCE(visp->num_jobs, visp->num_jobs + 1);
	memset(job, 0, sizeof(*job));
	job->frame = visp->next_frame++;
	job->sequence = job->frame;
	for (id = 0; id < VISP_VIDEO_NUM; id++) {
		struct visp_video *video = &visp->video[id];

		if (!bufs[id])
			continue;
		job->bufs[id] = bufs[id];
		list_del(&bufs[id]->queue);
		WRITE_ONCE(video->num_jobs, video->num_jobs + 1);
	}

	visp_program_job(visp, job);
	return true;
}

/**
 * visp_try_run() - hand the next job to the hardware if possible
 * @visp: the device
 *
 * A job is started when the hardware is idle, or when it processes a frame
 * whose configuration has been latched and no other job is queued, and
 * when the buffers of the job are queued (see visp_job_collect()).
 */
void visp_try_run(struct visp_device *visp)
{
	lockdep_assert_held(&visp->job_lock);

	if (visp_start_job(visp))
		visp_watchdog_kick(visp);
	visp_irq_frame_start(visp);
}

/*
 * The ISP writes the header of the statistics with the rest of them: a
 * buffer whose layout version, size or frame sequence is not what this
 * job asked for was not written whole by the ISP, and is not handed to
 * userspace as valid. Only MMAP buffers, coherent and mapped in the
 * kernel, are checked; the CPU does not read imported ones.
 */
static bool visp_stats_valid(struct visp_device *visp, struct visp_buffer *buf,
			     u32 sequence)
{
	const struct visp_stats_buffer *st;

	lockdep_assert_held(&visp->job_lock);

	if (buf->vb.vb2_buf.memory != VB2_MEMORY_MMAP)
		return true;
	st = vb2_plane_vaddr(&buf->vb.vb2_buf, 0);
	if (st && st->version == VISP_STATS_BUFFER_V1 &&
	    st->size == sizeof(*st) && st->frame_sequence == sequence)
		return true;

	visp->stats_invalid++;
	dev_err_ratelimited(visp->dev, "frame %u: invalid statistics header\n",
			    sequence);
	return false;
}

/* The timestamp of the buffers of @job: that of its input buffer. */
static u64 visp_job_timestamp(struct visp_device *visp, struct visp_job *job)
{
	struct visp_buffer *in = job->bufs[VISP_VIDEO_INPUT];

	/* Inline, the start of the frame. */
	if (!in)
		return READ_ONCE(visp->sof_ns[job->frame % VISP_FRAME_ERR_SLOTS]);
	return in->vb.vb2_buf.timestamp;
}

/*
 * Give the buffers of a job back in @state: VB2_BUF_STATE_DONE or
 * VB2_BUF_STATE_ERROR.
 * Inline, VB2_BUF_STATE_QUEUED when the camera failed to start.
 * A statistics buffer whose header is not valid is given back with an error.
 */
static void visp_job_return(struct visp_device *visp, struct visp_job *job,
			    enum vb2_buffer_state state)
{
	enum vb2_buffer_state buf_state;
	unsigned int id;
	u64 ts;

	lockdep_assert_held(&visp->job_lock);

	ts = visp_job_timestamp(visp, job);

	for (id = 0; id < VISP_VIDEO_NUM; id++) {
		struct visp_buffer *buf = job->bufs[id];

		if (!buf)
			continue;
		WRITE_ONCE(visp->video[id].num_jobs,
			   visp->video[id].num_jobs - 1);
		buf->vb.sequence = job->sequence;
		buf->vb.vb2_buf.timestamp = ts;
		buf->vb.field = V4L2_FIELD_NONE;
		buf_state = state;
		if (state == VB2_BUF_STATE_DONE && id == VISP_VIDEO_STATS &&
		    !visp_stats_valid(visp, buf, job->sequence))
			buf_state = VB2_BUF_STATE_ERROR;
		trace_visp_buf_done(id, buf->vb.vb2_buf.index, job->sequence,
				    buf_state);
		visp_buf_done(&visp->video[id], buf, buf_state);
	}
}

static void visp_job_done(struct visp_device *visp, struct visp_job *job,
			  bool error)
{
	lockdep_assert_held(&visp->job_lock);

	if (error)
		visp->frames_failed++;
	else
		visp->frames_done++;
	visp_job_return(visp, job, error ? VB2_BUF_STATE_ERROR :
			VB2_BUF_STATE_DONE);
}

/*
 * Whether the frame numbered @frame, which has ended, failed. The hardware
 * latches the errors of each frame when it ends, in the FRAME_ERR slot of
 * its number, tagged with the low bits of the number. A job is handed to
 * the hardware only while fewer than two are, so no frame after the next
 * one starts before the oldest job is completed: the slot of its frame
 * still holds that frame.
 */
static bool visp_frame_failed(struct visp_device *visp, u32 frame)
{
	u32 err = visp_read(visp, VISP_REG_FRAME_ERR(frame %
						      VISP_FRAME_ERR_SLOTS));

	if (FIELD_GET(VISP_FRAME_ERR_FRAME, err) !=
	    (frame & FIELD_MAX(VISP_FRAME_ERR_FRAME))) {
		dev_err_ratelimited(visp->dev,
				    "frame %u: no error status, FRAME_ERR 0x%08x\n",
				    frame, err);
		return true;
	}
	if (!(err & (VISP_FRAME_ERR_DMA | VISP_FRAME_ERR_CFG)))
		return false;

	dev_dbg(visp->dev, "frame %u: error, DMA 0x%lx, config 0x%lx\n",
		frame, FIELD_GET(VISP_FRAME_ERR_DMA, err),
		FIELD_GET(VISP_FRAME_ERR_CFG, err));
	return true;
}

/*
 * The number of the source of frame @frame, see VISP_REG_FRAME_SRC(): its
 * own number for a frame from memory.
 */
static u32 visp_frame_src(struct visp_device *visp, u32 frame)
{
	return visp_read(visp, VISP_REG_FRAME_SRC(frame % VISP_FRAME_ERR_SLOTS));
}

/*
 * Return the jobs whose frame has not started, newest first, their buffers
 * in @state: after CTRL.STOP, no frame starts. The caller holds
 * &visp_device.job_lock.
 */
static void visp_cancel_unstarted(struct visp_device *visp,
				  enum vb2_buffer_state state)
{
	u32 started = visp_read_frames_started(visp);
	struct visp_job *job;

	while (visp->num_jobs) {
		job = &visp->jobs[visp->num_jobs - 1];
		if ((s32)(started - job->frame) > 0)
			break;
		visp_job_return(visp, job, state);
		WRITE_ONCE(visp->num_jobs, visp->num_jobs - 1);
	}
	wake_up_all(&visp->idle_wq);
}

static void visp_complete_oldest(struct visp_device *visp, bool error)
{
	lockdep_assert_held(&visp->job_lock);

	visp_job_done(visp, &visp->jobs[0], error);
	visp->jobs[0] = visp->jobs[1];
	WRITE_ONCE(visp->num_jobs, visp->num_jobs - 1);
}

/*
 * Complete the jobs whose frame has ended, start the next one. With
 * @done_ns, tracing: the time the completions took, their error status
 * read and their buffers given back, is added to *@done_ns.
 */
static void visp_handle_frames(struct visp_device *visp, u64 *done_ns)
{
	const u32 err_irqs = VISP_IRQ_DMA_ERR | VISP_IRQ_CFG_ERR;
	unsigned int passes = 0;
	u32 started, done, pending;
	bool busy, failed, progress;
	u64 t0;

	lockdep_assert_held(&visp->job_lock);

	if (!visp->num_jobs)
		return;

	/*
	 * Read FRAME_CNT before STATUS: a frame that ends between the two
	 * reads is then counted as running, never the other way round. Read
	 * again until no frame started while reading. The errors of each
	 * frame are in its FRAME_ERR slot: error interrupts raised meanwhile
	 * are only acknowledged, and one that keeps asserting is a storm.
	 */
	do {
		started = visp_read_frames_started(visp);
		busy = visp_read(visp, VISP_REG_STATUS) & VISP_STATUS_BUSY;
		pending = visp_read(visp, VISP_REG_MIS) & err_irqs;
		if (pending)
			visp_write(visp, VISP_REG_ICR, pending);
		if (++passes > VISP_IRQ_STORM_PASSES) {
			/* Storm: mask the source, reset, fail the jobs. */
			visp_write(visp, VISP_REG_IMR, 0);
			visp->irq_storms++;
			dev_err_ratelimited(visp->dev,
					    "interrupt storm (0x%x), resetting\n",
					    pending);
			visp_recover(visp);
			return;
		}
	} while (pending || visp_read_frames_started(visp) != started);
	done = busy ? started - 1 : started;

	t0 = done_ns ? ktime_get_ns() : 0;
	progress = (s32)(done - visp->jobs[0].frame) > 0;
	while (visp->num_jobs && (s32)(done - visp->jobs[0].frame) > 0) {
		failed = visp_frame_failed(visp, visp->jobs[0].frame) ||
			 visp->jobs[0].write_failed;
		/* FRAME_ERR told the slots hold this frame. */
		if (visp->inline_src)
			visp->jobs[0].sequence =
				visp_frame_src(visp, visp->jobs[0].frame);
		trace_visp_frame_done(visp->jobs[0].frame, failed);
		visp_complete_oldest(visp, failed);
	}
	if (done_ns)
		*done_ns += ktime_get_ns() - t0;

	/*
	 * Progress, or a new job: give the oldest job its full time, once
	 * for both. Without jobs the watchdog finds nothing to do.
	 */
	if ((visp_start_job(visp) || progress) && visp->num_jobs)
		visp_watchdog_kick(visp);
	visp_irq_frame_start(visp);
	wake_up_all(&visp->idle_wq);
}

/* Read and clear the errors of the CSI-2 receiver. */
static void visp_csi_errors(struct visp_device *visp)
{
	u32 err;

	lockdep_assert_held(&visp->job_lock);

	err = visp_read(visp, VISP_REG_CSI_ERR_SRC);
	if (!err)
		return;
	visp_write(visp, VISP_REG_CSI_ERR_SRC, err);
	visp->csi.errors++;
	dev_err_ratelimited(visp->dev, "CSI-2 receiver error 0x%x\n", err);
}

/* V4L2_EVENT_FRAME_SYNC of frame @sequence on the devnode of @sd. */
static void visp_frame_sync(struct v4l2_subdev *sd, u32 sequence)
{
	struct v4l2_event ev = {
		.type = V4L2_EVENT_FRAME_SYNC,
		.u.frame_sync.frame_sequence = sequence,
	};

	if (sd->devnode)
		v4l2_event_queue(sd->devnode, &ev);
}

irqreturn_t visp_irq(int irq, void *data)
{
	struct visp_device *visp = data;
	u64 t0 = trace_visp_irq_enabled() ? ktime_get_ns() : 0;
	u32 mis = visp_read(visp, VISP_REG_MIS);
	irqreturn_t ret = IRQ_WAKE_THREAD;
	u32 frame;

	if (!mis)
		return IRQ_NONE;

	visp_write(visp, VISP_REG_ICR, mis);

	/* Frame starts are events of their own, at once. */
	if (mis & VISP_IRQ_CSI_FS)
		visp_frame_sync(&visp->csi.sd,
				visp_read(visp, VISP_REG_CSI_FRAME_CNT) - 1);
	if (mis & VISP_IRQ_FRAME_START) {
		frame = visp_read(visp, VISP_REG_FRAME_CNT) - 1;
		WRITE_ONCE(visp->sof_ns[frame % VISP_FRAME_ERR_SLOTS],
			   ktime_get_ns());
		visp_frame_sync(&visp->isp.sd, visp_frame_src(visp, frame));
	}
	atomic_or(mis, &visp->irq_status);

	/*
	 * A frame start alone, without an error, needs the thread only when
	 * a job waits for it (see visp_job_latched() for the barrier).
	 * Otherwise the thread would find nothing to do, often after
	 * waiting for the lock of the process that has just programmed the
	 * frame's job from VIDIOC_QBUF.
	 */
	if (!(mis & ~(VISP_IRQ_FRAME_START | VISP_IRQ_CSI_FS))) {
		/* MIS before the flag; pairs with visp_job_latched(). */
		mb();
		if (!READ_ONCE(visp->job_waiting))
			ret = IRQ_HANDLED;
	}
	trace_visp_irq(mis, t0 ? ktime_get_ns() - t0 : 0);
	return ret;
}

irqreturn_t visp_irq_thread(int irq, void *data)
{
	struct visp_device *visp = data;
	u32 irqs = atomic_xchg(&visp->irq_status, 0);
	u64 ended, t0, done_ns = 0;

	if (irqs & VISP_IRQ_BUS_ERR)
		dev_err_ratelimited(visp->dev, "register access error at 0x%04x\n",
				    visp_read(visp, VISP_REG_BUS_ERR_ADDR));
	if (irqs & VISP_IRQ_OVERFLOW)
		dev_err_ratelimited(visp->dev, "start request overflow\n");

	mutex_lock(&visp->job_lock);
	if (irqs & VISP_IRQ_CSI_ERR)
		visp_csi_errors(visp);
	t0 = trace_visp_irq_thread_enabled() ? ktime_get_ns() : 0;
	ended = visp->frames_done + visp->frames_failed;
	visp_handle_frames(visp, t0 ? &done_ns : NULL);
	ended = visp->frames_done + visp->frames_failed - ended;
	trace_visp_irq_thread(ended, t0 ? ktime_get_ns() - t0 : 0, done_ns);
	mutex_unlock(&visp->job_lock);

	return IRQ_HANDLED;
}

/**
 * visp_hw_reset() - soft reset the hardware and wait for completion
 * @visp: the device, powered
 *
 * Return: 0 on success, -ETIMEDOUT if the reset did not complete.
 */
int visp_hw_reset(struct visp_device *visp)
{
	unsigned int status;

	visp_write(visp, VISP_REG_CTRL, VISP_CTRL_SOFT_RESET);
	return regmap_read_poll_timeout(visp->regmap, VISP_REG_STATUS, status,
					!(status & VISP_STATUS_RESET_BUSY),
					1, 1000);
}

/* Program the frame counter and the interrupts. */
static void visp_hw_setup(struct visp_device *visp)
{
	u32 imr = VISP_IRQ_FRAME_DONE | VISP_IRQ_DMA_ERR | VISP_IRQ_BUS_ERR |
		  VISP_IRQ_OVERFLOW | VISP_IRQ_CFG_ERR;

	lockdep_assert_held(&visp->job_lock);

	/* After a reset or a power loss, the shadow set is unknown. */
	bitmap_zero(visp->shadow_known, VISP_SHADOW_REGS);
	visp_write(visp, VISP_REG_FRAME_CNT, visp->next_frame);
	visp->frames_started = visp->next_frame;
	/* The CSI-2 receiver of an inline stream. */
	if (visp->inline_src) {
		visp_write(visp, VISP_REG_CSI_FRAME_CNT, visp->csi_next);
		visp_write(visp, VISP_REG_CSI_ERR_SRC, VISP_CSI_ERR_ALL);
		visp_write(visp, VISP_REG_CSI_CTRL, VISP_CSI_CTRL_EN |
			   FIELD_PREP(VISP_CSI_CTRL_LANES, visp->csi.lanes) |
			   FIELD_PREP(VISP_CSI_CTRL_DT,
				      visp->in->type == VISP_IN_TYPE_RAW12 ?
				      VISP_CSI_DT_RAW12 : VISP_CSI_DT_RAW10));
		imr |= VISP_IRQ_CSI_FS | VISP_IRQ_CSI_ERR;
	}
	if (visp_frame_start_used(visp))
		imr |= VISP_IRQ_FRAME_START;
	visp_write(visp, VISP_REG_ICR, VISP_IRQ_ALL);
	visp_write(visp, VISP_REG_IMR, imr);
	visp->irq_mask = imr;
}

/* Without the lock: a wait_event() condition must not sleep. */
static bool visp_is_idle(struct visp_device *visp, enum visp_video_id id)
{
	if (id == VISP_VIDEO_NUM)
		return !READ_ONCE(visp->num_jobs);
	return !READ_ONCE(visp->video[id].num_jobs);
}

/*
 * The hardware hangs: soft reset it, give the buffers of the jobs back with
 * an error, and carry on with the next job, all registers reprogrammed.
 */
static void visp_recover(struct visp_device *visp)
{
	lockdep_assert_held(&visp->job_lock);

	/* The receiver goes on numbering the camera's frames. */
	if (visp->inline_src)
		visp->csi_next = visp_read(visp, VISP_REG_CSI_FRAME_CNT);
	if (visp_hw_reset(visp))
		dev_err(visp->dev, "soft reset failed\n");
	atomic_set(&visp->irq_status, 0);
	while (visp->num_jobs)
		visp_complete_oldest(visp, true);
	visp->cfg_dirty = GENMASK(VISP_PARAMS_BLOCK_TYPE_COUNT - 1, 0);
	visp_hw_setup(visp);
	wake_up_all(&visp->idle_wq);
	visp_try_run(visp);
}

/**
 * visp_watchdog() - recover from a hung frame
 * @work: &visp_device.watchdog
 *
 * The oldest job is hung when its time, given at
 * &visp_device.watchdog_start, has passed; until then the watchdog waits
 * for the rest. Without jobs it does nothing: jobs exist only while the
 * device is powered for streaming.
 */
void visp_watchdog(struct work_struct *work)
{
	struct visp_device *visp = container_of(to_delayed_work(work),
						struct visp_device, watchdog);
	unsigned long deadline;

	mutex_lock(&visp->job_lock);
	if (visp->num_jobs) {
		deadline = visp->watchdog_start + visp_job_timeout(visp);
		if (time_before(jiffies, deadline)) {
			/* The jobs progressed since it was queued. */
			queue_delayed_work(system_wq, &visp->watchdog,
					   deadline - jiffies);
		} else {
			dev_err(visp->dev, "frame %u timed out, resetting\n",
				visp->jobs[0].frame);
			visp_recover(visp);
		}
	}
	mutex_unlock(&visp->job_lock);
}

/* How long a stopping node waits for the jobs that use it. */
static unsigned long visp_stop_timeout(struct visp_device *visp)
{
	if (READ_ONCE(visp->inline_src))
		return msecs_to_jiffies(VISP_INLINE_TIMEOUT_MS);
	return msecs_to_jiffies(VISP_STOP_TIMEOUT_MS);
}

/* Wait until no job uses node @id (any job for VISP_VIDEO_NUM). */
static void visp_wait_jobs(struct visp_device *visp, enum visp_video_id id)
{
	if (wait_event_timeout(visp->idle_wq, visp_is_idle(visp, id),
			       visp_stop_timeout(visp)))
		return;

	/* The hardware hangs: reset it and give the buffers back. */
	dev_warn(visp->dev, "timeout waiting for the hardware, resetting\n");
	if (pm_runtime_get_if_active(visp->dev) <= 0)
		return;

	mutex_lock(&visp->job_lock);
	if (visp->num_jobs)
		visp_recover(visp);
	mutex_unlock(&visp->job_lock);

	pm_runtime_put_autosuspend(visp->dev);
}

/**
 * visp_wait_idle() - wait for the jobs using a stopping node to end
 * @visp: the device
 * @id: the node
 *
 * The node no longer streams, so no new job uses it. The input node may
 * be stopping at the same time: wait regardless of &visp_device.running.
 */
static void visp_wait_idle(struct visp_device *visp, enum visp_video_id id)
{
	visp_wait_jobs(visp, id);
}

/**
 * visp_path_linked() - the links of an output path are enabled
 * @visp: the device
 * @path: VISP_PATH_MAIN or VISP_PATH_SELF
 *
 * The caller holds the media graph mutex, or the pipeline streams, which
 * keeps the links as they are.
 *
 * Return: true when the ISP feeds the path's resizer and the resizer its
 * capture node.
 */
bool visp_path_linked(struct visp_device *visp, unsigned int path)
{
	return media_pad_remote_pad_first(&visp->rsz[path].pads[VISP_RSZ_PAD_SINK]) &&
	       media_pad_remote_pad_first(&visp->video[visp_path_video(path)].pad);
}

/**
 * visp_video_pipeline_csc() - CSC setting the capture formats ask for
 * @visp: the device
 * @linked: per output path, visp_path_linked()
 * @matrix: one of enum visp_csc_matrix
 * @range: one of enum visp_csc_range
 *
 * One CSC serves both paths: the YUV format of the first linked capture
 * node, main path first, sets it, and link validation makes the other
 * agree. Without a linked YUV node, the CSC keeps its default, BT.601
 * limited range. The caller holds &visp_device.job_lock, which protects
 * the formats of the nodes.
 */
void visp_video_pipeline_csc(struct visp_device *visp,
			     const bool linked[VISP_PATH_COUNT], u8 *matrix,
			     u8 *range)
{
	unsigned int p;

	lockdep_assert_held(&visp->job_lock);

	*matrix = VISP_CSC_BT601;
	*range = VISP_CSC_RANGE_LIMITED;
	for (p = 0; p < VISP_PATH_COUNT; p++) {
		struct visp_video *video = &visp->video[visp_path_video(p)];

		if (linked[p] && video->out_fmt->yuv) {
			visp_video_csc(&video->fmt.fmt.pix_mp, matrix, range);
			return;
		}
	}
}

/**
 * visp_csi_linked() - whether visp-isp takes the camera's frames
 * @visp: the device
 *
 * Return: true when the link from visp-csi to the video sink pad of
 * visp-isp is enabled.
 */
static bool visp_csi_linked(struct visp_device *visp)
{
	struct media_pad *remote;

	if (!visp->csi.present)
		return false;

	mutex_lock(&visp->mdev.graph_mutex);
	remote = media_pad_remote_pad_first(&visp->isp.pads[VISP_ISP_PAD_SINK_VIDEO]);
	mutex_unlock(&visp->mdev.graph_mutex);

	return remote && remote->entity == &visp->csi.sd.entity;
}

/* Path @g writes the format of its node, @fmt. */
static void visp_path_set_fmt(struct visp_path_geom *g,
			      const struct visp_out_fmt *fmt)
{
	u32 sizeimage;

	g->fmt = fmt;
	visp_video_format_geometry(fmt, g->out_w, g->out_h, &g->stride,
				   &sizeimage);
}

/**
 * visp_path_join() - an output node joins the running stream
 * @visp: the device
 * @id: the node
 *
 * Since the stream started, visp-main or visp-self may have changed its
 * pixel format to another of the same media bus code and size, or its
 * colorimetry (its link has just been validated, which makes the
 * colorimetry agree with the other path's): its path writes the format the
 * node has now, and the CSC follows the formats. No job uses the path of
 * a node that does not stream. The caller holds &visp_device.job_lock.
 */
static void visp_path_join(struct visp_device *visp, enum visp_video_id id)
{
	bool linked[VISP_PATH_COUNT];
	unsigned int p;

	lockdep_assert_held(&visp->job_lock);

	if (!visp->running)
		return;
	for (p = 0; p < VISP_PATH_COUNT; p++) {
		if (visp_path_video(p) == id)
			visp_path_set_fmt(&visp->path[p],
					  visp->video[id].out_fmt);
		linked[p] = visp->path[p].enabled;
	}
	visp_video_pipeline_csc(visp, linked, &visp->csc_matrix,
				&visp->csc_range);
	visp_set_format_csc(visp);
	visp->cfg_dirty |= BIT(VISP_PARAMS_BLOCK_CSC);
}

/* Snapshot the formats of the pipeline for the stream about to start. */
static void visp_stream_setup(struct visp_device *visp)
{
	struct visp_video *in = &visp->video[VISP_VIDEO_INPUT];
	struct visp_path_geom geom[VISP_PATH_COUNT] = { };
	bool linked[VISP_PATH_COUNT];
	struct v4l2_subdev_state *state;
	struct v4l2_rect isp_crop;
	bool stats_enabled;
	unsigned int p;

	state = v4l2_subdev_lock_and_get_active_state(&visp->isp.sd);
	isp_crop = *v4l2_subdev_state_get_crop(state, VISP_ISP_PAD_SINK_VIDEO);
	v4l2_subdev_unlock_state(state);

	for (p = 0; p < VISP_PATH_COUNT; p++) {
		struct visp_path_geom *g = &geom[p];
		struct v4l2_rect compose;

		state = v4l2_subdev_lock_and_get_active_state(&visp->rsz[p].sd);
		g->crop = *v4l2_subdev_state_get_crop(state, VISP_RSZ_PAD_SINK);
		compose = *v4l2_subdev_state_get_compose(state,
							 VISP_RSZ_PAD_SINK);
		v4l2_subdev_unlock_state(state);

		/* The links cannot change while the pipeline streams. */
		g->enabled = visp_path_linked(visp, p);
		g->crop.left += isp_crop.left;
		g->crop.top += isp_crop.top;
		g->out_w = compose.width;
		g->out_h = compose.height;
	}
	stats_enabled =
		media_pad_remote_pad_first(&visp->video[VISP_VIDEO_STATS].pad);

	mutex_lock(&visp->job_lock);
	visp->in = in->in_fmt;
	visp->in_w = in->fmt.fmt.pix_mp.width;
	visp->in_h = in->fmt.fmt.pix_mp.height;
	visp->in_stride = in->fmt.fmt.pix_mp.plane_fmt[0].bytesperline;
	for (p = 0; p < VISP_PATH_COUNT; p++) {
		struct visp_path_geom *g = &geom[p];

		visp_path_set_fmt(g, visp->video[visp_path_video(p)].out_fmt);
		visp->path[p] = *g;
		linked[p] = g->enabled;
	}
	visp_video_pipeline_csc(visp, linked, &visp->csc_matrix,
				&visp->csc_range);
	visp->stats_enabled = stats_enabled;
	mutex_unlock(&visp->job_lock);
}

/* Wait for the jobs of the hardware to end; none is handed to it anymore. */
static void visp_drain(struct visp_device *visp)
{
	visp_wait_jobs(visp, VISP_VIDEO_NUM);
	cancel_delayed_work_sync(&visp->watchdog);
}

/*
 * Stop handing jobs to the hardware, wait for the frames in progress and
 * power down.
 * Inline, a job whose frame has not started is given back at once, its
 * buffers in @state: with CTRL.STOP no camera frame starts one any more.
 */
static void visp_stream_halt(struct visp_device *visp,
			     enum vb2_buffer_state state)
{
	mutex_lock(&visp->job_lock);
	visp->running = false;
	if (visp->inline_src && !visp->suspended) {
		visp_write(visp, VISP_REG_CTRL, VISP_CTRL_STOP);
		visp_cancel_unstarted(visp, state);
	}
	mutex_unlock(&visp->job_lock);

	visp_drain(visp);

	mutex_lock(&visp->job_lock);
	if (!visp->suspended) {
		visp_write(visp, VISP_REG_IMR, 0);
		visp_write(visp, VISP_REG_ICR, VISP_IRQ_ALL);
		if (visp->inline_src)
			visp_write(visp, VISP_REG_CSI_CTRL, 0);
	}
	WRITE_ONCE(visp->inline_src, false);
	mutex_unlock(&visp->job_lock);

	pm_runtime_mark_last_busy(visp->dev);
	pm_runtime_put_autosuspend(visp->dev);
}

/*
 * The input of an inline stream, instead of visp-input's format: the
 * format of the ISP's video sink pad, which link validation made the
 * receiver's, in 10 or 12 bits.
 */
static int visp_stream_inline_input(struct visp_device *visp)
{
	const struct v4l2_mbus_framefmt *fmt;
	struct v4l2_subdev_state *state;
	const struct visp_in_fmt *in;
	int ret = 0;

	state = v4l2_subdev_lock_and_get_active_state(&visp->isp.sd);
	fmt = v4l2_subdev_state_get_format(state, VISP_ISP_PAD_SINK_VIDEO);
	in = visp_find_in_fmt_by_code(fmt->code);
	if (!in || (in->type != VISP_IN_TYPE_RAW10 &&
		    in->type != VISP_IN_TYPE_RAW12)) {
		dev_dbg(visp->dev, "inline: media bus code 0x%04x not RAW10/12\n",
			fmt->code);
		ret = -EPIPE;
	} else {
		mutex_lock(&visp->job_lock);
		visp->in = in;
		visp->in_w = fmt->width;
		visp->in_h = fmt->height;
		visp->in_stride = 0;
		mutex_unlock(&visp->job_lock);
	}
	v4l2_subdev_unlock_state(state);

	return ret;
}

/* Start the camera of the inline stream that has just started. */
static int visp_stream_camera_start(struct visp_device *visp)
{
	int ret;

	ret = v4l2_subdev_enable_streams(&visp->csi.sd, VISP_CSI_PAD_SOURCE,
					 BIT(0));
	if (ret) {
		dev_dbg(visp->dev, "cannot start the camera: %d\n", ret);
		/* start_streaming gives its buffers back queued. */
		visp_stream_halt(visp, VB2_BUF_STATE_QUEUED);
	}

	return ret;
}

/**
 * visp_stream_start() - power up and start processing jobs
 * @visp: the device
 *
 * Called with the pipeline started, when the input node starts streaming.
 * Inline, when the first node of the stream does, which starts the camera.
 *
 * Return: 0 on success or a negative error code.
 */
static int visp_stream_start(struct visp_device *visp)
{
	bool inline_src = visp_csi_linked(visp);
	int ret;

	visp_stream_setup(visp);
	if (inline_src) {
		ret = visp_stream_inline_input(visp);
		if (ret)
			return ret;
	}

	ret = pm_runtime_resume_and_get(visp->dev);
	if (ret)
		return ret;

	mutex_lock(&visp->job_lock);
	/*
	 * The configuration starts from the defaults at every stream, the
	 * CSC from the capture formats.
	 */
	visp_params_cfg_init(&visp->cfg);
	visp->lsc_gen++;
	visp_set_format_csc(visp);
	visp->cfg_dirty = GENMASK(VISP_PARAMS_BLOCK_TYPE_COUNT - 1, 0);
	WRITE_ONCE(visp->inline_src, inline_src);
	visp->csi_next = 0;
	WRITE_ONCE(visp->num_jobs, 0);
	visp->next_frame = 0;
	atomic_set(&visp->irq_status, 0);
	visp_hw_setup(visp);

	/* Powered up and programmed: a failed system resume is over. */
	visp->suspended = false;
	visp->running = true;
	visp_try_run(visp);
	mutex_unlock(&visp->job_lock);

	/* The receiver is ready: start the camera. */
	if (inline_src)
		return visp_stream_camera_start(visp);

	return 0;
}

/**
 * visp_stream_stop() - wait for the jobs to end and power down
 * @visp: the device
 *
 * Called when the input node stops streaming.
 * Inline, when the last node of the stream does, which stops the camera
 * first.
 */
static void visp_stream_stop(struct visp_device *visp)
{
	if (READ_ONCE(visp->inline_src))
		v4l2_subdev_disable_streams(&visp->csi.sd, VISP_CSI_PAD_SOURCE,
					    BIT(0));
	visp_stream_halt(visp, VB2_BUF_STATE_ERROR);
}

/**
 * visp_inline_get() - a video node of the pipeline starts streaming
 * @video: the node, not visp-input
 *
 * When visp-isp takes the camera's frames, the first node to stream
 * starts the stream: the ISP, the receiver and the camera.
 *
 * Return: 0 on success or a negative error code.
 */
static int visp_inline_get(struct visp_video *video)
{
	struct visp_device *visp = video->visp;
	int ret = 0;

	if (!visp_csi_linked(visp))
		return 0;

	mutex_lock(&visp->stream_lock);
	if (!visp->inline_users)
		ret = visp_stream_start(visp);
	if (!ret) {
		visp->inline_users++;
		video->inline_user = true;
	}
	mutex_unlock(&visp->stream_lock);

	return ret;
}

/**
 * visp_stream_camera_lost() - the camera of the inline stream goes away
 * @visp: the device
 *
 * Called while the camera's subdev is still registered. No frame will
 * come: the queues of the streaming nodes fail, so that userspace waiting
 * for a buffer gets an error and stops the stream. The media pipeline of
 * the stream holds the camera's pads, which are freed with the camera:
 * the nodes leave the pipeline now rather than when they stop streaming.
 * The caller holds &visp_device.stream_lock.
 */
void visp_stream_camera_lost(struct visp_device *visp)
{
	struct visp_video *video;
	unsigned int id;

	lockdep_assert_held(&visp->stream_lock);

	for (id = 0; id < VISP_VIDEO_NUM; id++) {
		video = &visp->video[id];
		if (!video->inline_user || video->pipe_stopped)
			continue;
		vb2_queue_error(&video->queue);
		video_device_pipeline_stop(&video->vdev);
		video->pipe_stopped = true;
	}
}

/**
 * visp_video_pipeline_stop() - a node that stopped streaming leaves its
 *	pipeline
 * @video: the node
 *
 * Unless it left it already, see visp_stream_camera_lost().
 */
void visp_video_pipeline_stop(struct visp_video *video)
{
	struct visp_device *visp = video->visp;

	guard(mutex)(&visp->stream_lock);
	if (video->pipe_stopped) {
		video->pipe_stopped = false;
		return;
	}
	video_device_pipeline_stop(&video->vdev);
}

/**
 * visp_inline_put() - a video node of the pipeline stopped streaming
 * @video: the node, not visp-input
 *
 * The last node of an inline stream stops it.
 */
static void visp_inline_put(struct visp_video *video)
{
	struct visp_device *visp = video->visp;

	mutex_lock(&visp->stream_lock);
	if (video->inline_user) {
		video->inline_user = false;
		if (!--visp->inline_users)
			visp_stream_stop(visp);
	}
	mutex_unlock(&visp->stream_lock);
}

/**
 * visp_stream_join() - a video node starts streaming
 * @video: the node, which has joined the media pipeline
 *
 * visp-input starts the stream. Another node joins it.
 * Inline, the first node to stream starts the camera: it joins first, so
 * that its buffers make the job the first frame starts.
 *
 * Return: 0 on success or a negative error code.
 */
int visp_stream_join(struct visp_video *video)
{
	struct visp_device *visp = video->visp;
	int ret;

	if (video->id == VISP_VIDEO_INPUT) {
		ret = visp_stream_start(visp);
		if (ret)
			return ret;
	} else {
		mutex_lock(&visp->job_lock);
		visp_path_join(visp, video->id);
		video->streaming = true;
		mutex_unlock(&visp->job_lock);
		ret = visp_inline_get(video);
		if (ret) {
			mutex_lock(&visp->job_lock);
			video->streaming = false;
			mutex_unlock(&visp->job_lock);
			return ret;
		}
	}

	mutex_lock(&visp->job_lock);
	visp_path_join(visp, video->id);
	video->streaming = true;
	visp_try_run(visp);
	mutex_unlock(&visp->job_lock);
	return 0;
}

/**
 * visp_stream_leave() - a video node stops streaming
 * @video: the node
 *
 * No job uses the node once this returns. visp-input stops the stream.
 * Inline, the last node of the stream stops it.
 */
void visp_stream_leave(struct visp_video *video)
{
	struct visp_device *visp = video->visp;

	mutex_lock(&visp->job_lock);
	video->streaming = false;
	mutex_unlock(&visp->job_lock);

	if (video->id == VISP_VIDEO_INPUT) {
		visp_stream_stop(visp);
		return;
	}

	visp_wait_idle(visp, video->id);
	visp_inline_put(video);
}

/**
 * visp_stream_suspend() - let the hardware go idle for system sleep
 * @visp: the device
 *
 * No job is handed to the hardware from now on. The jobs it has complete
 * normally, or with an error after a timeout, before this returns; the
 * buffers queued on the nodes stay queued for visp_stream_resume().
 */
void visp_stream_suspend(struct visp_device *visp)
{
	mutex_lock(&visp->job_lock);
	visp->suspended = true;
	mutex_unlock(&visp->job_lock);

	visp_drain(visp);

	/* Still powered: the receiver numbers frames on after the sleep. */
	mutex_lock(&visp->job_lock);
	if (visp->running && visp->inline_src)
		visp->csi_next = visp_read(visp, VISP_REG_CSI_FRAME_CNT);
	mutex_unlock(&visp->job_lock);
}

/**
 * visp_stream_resume() - carry on processing after system sleep
 * @visp: the device, powered again if it streams
 *
 * The power domain may have been off and the block has been reset: while
 * streaming, write every register again, from the frame counter to the
 * whole configuration, and hand the hardware the next job.
 */
void visp_stream_resume(struct visp_device *visp)
{
	mutex_lock(&visp->job_lock);
	visp->suspended = false;
	if (visp->running) {
		atomic_set(&visp->irq_status, 0);
		visp->cfg_dirty = GENMASK(VISP_PARAMS_BLOCK_TYPE_COUNT - 1, 0);
		visp_hw_setup(visp);
		visp_try_run(visp);
	}
	mutex_unlock(&visp->job_lock);
}
