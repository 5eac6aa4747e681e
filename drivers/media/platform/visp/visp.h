/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VISP ISP driver - common definitions
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_H__
#define __VISP_H__

#include <linux/bitmap.h>
#include <linux/clk.h>
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/regmap.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <media/media-device.h>
#include <media/media-request.h>
#include <media/v4l2-async.h>
#include <media/v4l2-ctrls.h>
#include <media/v4l2-dev.h>
#include <media/v4l2-device.h>
#include <media/v4l2-subdev.h>
#include <media/videobuf2-v4l2.h>

#include <linux/media/visp-config.h>
#include <media/visp-regs.h>

#include "visp-params-core.h"

#define VISP_DRIVER_NAME		"visp"

/*
 * Pads of the ISP subdev: the processed frames leave on SOURCE_VIDEO, the
 * samples of the main path's raw bypass on SOURCE_RAW.
 */
enum visp_isp_pad {
	VISP_ISP_PAD_SINK_VIDEO,
	VISP_ISP_PAD_SINK_PARAMS,
	VISP_ISP_PAD_SOURCE_VIDEO,
	VISP_ISP_PAD_SOURCE_STATS,
	VISP_ISP_PAD_SOURCE_RAW,
	VISP_ISP_PAD_NUM,
};

/* Pads of the resizer subdevs. */
enum visp_rsz_pad {
	VISP_RSZ_PAD_SINK,
	VISP_RSZ_PAD_SOURCE,
	VISP_RSZ_PAD_NUM,
};

/* Pads of the CSI-2 receiver subdev. */
enum visp_csi_pad {
	VISP_CSI_PAD_SINK,
	VISP_CSI_PAD_SOURCE,
	VISP_CSI_PAD_NUM,
};

/* Video nodes. */
enum visp_video_id {
	VISP_VIDEO_INPUT,
	VISP_VIDEO_MAIN,
	VISP_VIDEO_SELF,
	VISP_VIDEO_PARAMS,
	VISP_VIDEO_STATS,
	VISP_VIDEO_NUM,
};

/* The capture node of output path @path, VISP_PATH_MAIN or VISP_PATH_SELF. */
static inline enum visp_video_id visp_path_video(unsigned int path)
{
	return path == VISP_PATH_MAIN ? VISP_VIDEO_MAIN : VISP_VIDEO_SELF;
}

/* Media bus code of the processed (12-bit RGB) ISP output. */
#define VISP_MBUS_PROCESSED		MEDIA_BUS_FMT_RGB121212_1X36

/* Autosuspend delay, ms. */
#define VISP_AUTOSUSPEND_DELAY_MS	100

/**
 * struct visp_in_fmt - input (raw Bayer) pixel format
 * @fourcc: V4L2 pixel format
 * @mbus_code: media bus code of the ISP video sink pad
 * @type: VISP_IN_TYPE_* of the IN_FMT register
 * @bayer: VISP_BAYER_* of the IN_FMT register
 */
struct visp_in_fmt {
	u32 fourcc;
	u32 mbus_code;
	u8 type;
	u8 bayer;
};

/**
 * struct visp_out_fmt - output pixel format of the capture nodes
 * @fourcc: V4L2 pixel format
 * @mbus_code: media bus code of the resizer source pad; 0 for RAW16, whose
 *	bus code is the Bayer code of the ISP input with the order @bayer
 * @hw_fmt: VISP_OUT_FMT_* of the PATH_CTRL register
 * @bpp: bytes per pixel of plane 0
 * @vsub: vertical subsampling of the chroma plane, 0 when there is none
 * @bayer: CFA order of RAW16 formats
 * @yuv: the format is a YUV or greyscale format
 */
struct visp_out_fmt {
	u32 fourcc;
	u32 mbus_code;
	u8 hw_fmt;
	u8 bpp;
	u8 vsub;
	u8 bayer;
	bool yuv;
};

/**
 * struct visp_buffer - VISP video buffer
 * @vb: vb2 buffer, must be first
 * @queue: entry in &visp_video.buffers
 * @params: validated copy of a parameters buffer (parameters node only)
 */
struct visp_buffer {
	struct vb2_v4l2_buffer vb;
	struct list_head queue;
	struct visp_params_buffer *params;
};

static inline struct visp_buffer *to_visp_buffer(struct vb2_v4l2_buffer *vb)
{
	return container_of(vb, struct visp_buffer, vb);
}

/**
 * struct visp_request - a media request of the device
 * @req: the media request
 * @nodes: bitmask of the video nodes (BIT(enum visp_video_id)) the request
 *	has a buffer of; written when the request is validated, before its
 *	buffers are queued to the driver, and read by the job code with
 *	&visp_device.job_lock held once they are
 */
struct visp_request {
	struct media_request req;
	u32 nodes;
};

static inline struct visp_request *to_visp_request(struct media_request *req)
{
	return container_of(req, struct visp_request, req);
}

struct visp_device;
struct visp_video;

/**
 * struct visp_video_desc - what sets a kind of video node apart
 * @caps: V4L2_CAP_* of the node's buffer type
 * @ioctl_ops: ioctls of the node
 * @mem_ops: memory operations of its vb2 queue
 * @io_modes: VB2_* I/O modes of its vb2 queue
 * @allow_zero_bytesused: buffers queued with bytesused 0 keep it
 * @buf_init: allocate what a buffer needs besides its memory, or NULL
 * @buf_cleanup: free it, or NULL
 * @buf_prepare: check a buffer queued to the node, whose plane holds the
 *	size of the format; NULL for a node whose buffers the hardware fills
 * @link_code: the media bus code that the node's format needs on the pad
 *	at the other end of its link, which has @code; called with
 *	&visp_device.job_lock held. NULL for a node whose links have no
 *	format to validate
 * @link_check: further checks of a link whose format matches, or NULL;
 *	called with the media graph mutex held
 */
struct visp_video_desc {
	u32 caps;
	const struct v4l2_ioctl_ops *ioctl_ops;
	const struct vb2_mem_ops *mem_ops;
	unsigned int io_modes;
	bool allow_zero_bytesused;
	int (*buf_init)(struct visp_buffer *buf);
	void (*buf_cleanup)(struct visp_buffer *buf);
	int (*buf_prepare)(struct visp_video *video, struct visp_buffer *buf);
	u32 (*link_code)(const struct visp_video *video, u32 code);
	int (*link_check)(struct visp_video *video);
};

/**
 * struct visp_video - a video device node
 * @visp: the device
 * @id: which node this is
 * @desc: what sets the node apart
 * @vdev: video device
 * @pad: media pad of @vdev
 * @queue: vb2 queue
 * @lock: serialises the ioctls of the node and its vb2 queue
 * @fmt: current format, written with @lock and &visp_device.job_lock held,
 *	read with either held
 * @out_fmt: format information of a capture node, as @fmt
 * @in_fmt: format information of the input node, as @fmt
 * @buffers: queued buffers, protected by &visp_device.job_lock
 * @streaming: the queue streams, protected by &visp_device.job_lock
 * @num_jobs: number of jobs handed to the hardware that use a buffer of
 *	this node, written with &visp_device.job_lock held
 * @inline_user: the node streams and holds a reference to the inline
 *	stream, protected by &visp_device.stream_lock
 * @pipe_stopped: the node left its media pipeline when the camera went
 *	away, protected by &visp_device.stream_lock
 * @ctrls: control handler of the parameters node
 */
struct visp_video {
	struct visp_device *visp;
	enum visp_video_id id;
	const struct visp_video_desc *desc;
	struct video_device vdev;
	struct media_pad pad;
	struct vb2_queue queue;
	struct mutex lock; /* node ioctls, vb2 queue */
	struct v4l2_format fmt;
	const struct visp_out_fmt *out_fmt;
	const struct visp_in_fmt *in_fmt;
	struct list_head buffers;
	bool streaming;
	unsigned int num_jobs;
	bool inline_user;
	bool pipe_stopped;
	struct v4l2_ctrl_handler ctrls;
};

static inline struct visp_video *to_visp_video(struct file *file)
{
	return container_of(video_devdata(file), struct visp_video, vdev);
}

/**
 * struct visp_reg_write - a register write
 * @reg: register offset
 * @val: value
 */
struct visp_reg_write {
	u32 reg;
	u32 val;
};

/*
 * Largest number of register writes of one parameters block: TONE's
 * control and curve (visp_params_block_regs()).
 */
#define VISP_PARAMS_MAX_REGS	(1 + VISP_TONE_POINTS)

/* Bytes of a lens shading table, from one table to the next. */
#define VISP_LSC_TABLE_ALLOC	ALIGN(VISP_LSC_TABLE_BYTES, VISP_DMA_ALIGN)

/* Number of shadowed registers, from VISP_REG_SHADOW_START to the end. */
#define VISP_SHADOW_REGS	((VISP_REG_SPACE_SIZE - VISP_REG_SHADOW_START) / 4)

/**
 * struct visp_path_geom - geometry of an output path for one stream
 * @enabled: the path's capture link is enabled
 * @fmt: output format
 * @crop: crop rectangle in input frame coordinates
 * @out_w: output width
 * @out_h: output height
 * @stride: bytes per line of both planes
 */
struct visp_path_geom {
	bool enabled;
	const struct visp_out_fmt *fmt;
	struct v4l2_rect crop;
	u32 out_w;
	u32 out_h;
	u32 stride;
};

/**
 * struct visp_job - one frame: a set of buffers processed together
 * @bufs: buffers of the job per video node, NULL when not used
 * @frame: hardware frame number (FRAME_CNT)
 * @sequence: V4L2 sequence of the job's buffers, @frame for a frame from
 *	memory. Inline, the number the CSI-2 receiver gave the camera frame
 *	(see VISP_REG_FRAME_SRC())
 * @write_failed: writing the job's processing blocks failed: the frame is
 *	processed with a configuration that is not the job's
 */
struct visp_job {
	struct visp_buffer *bufs[VISP_VIDEO_NUM];
	u32 frame;
	u32 sequence;
	bool write_failed;
};

/**
 * struct visp_isp - the ISP subdev
 * @sd: subdev
 * @pads: media pads
 * @ctrls: control handler
 */
struct visp_isp {
	struct v4l2_subdev sd;
	struct media_pad pads[VISP_ISP_PAD_NUM];
	struct v4l2_ctrl_handler ctrls;
};

/**
 * struct visp_resizer - a resizer subdev
 * @visp: the device
 * @path: VISP_PATH_MAIN or VISP_PATH_SELF
 * @sd: subdev
 * @pads: media pads
 * @raw_link: the enabled link into the sink pad comes from the ISP's raw
 *	source pad, and the sink takes its Bayer codes; written by the link
 *	setup with the media graph mutex held, read with READ_ONCE() by the
 *	pad operations, which only choose from it the codes they offer (link
 *	validation checks the formats when the pipeline starts)
 */
struct visp_resizer {
	struct visp_device *visp;
	unsigned int path;
	struct v4l2_subdev sd;
	struct media_pad pads[VISP_RSZ_PAD_NUM];
	bool raw_link;
};

/**
 * struct visp_csi - the CSI-2 receiver subdev and its camera
 * @visp: the device
 * @present: the firmware graph has a camera: the subdev is registered
 * @sd: subdev
 * @pads: media pads
 * @notifier: finds the sensor of the endpoint
 * @lanes: number of CSI-2 data lanes of the endpoint
 * @errors: CSI-2 errors the receiver reported, protected by
 *	&visp_device.job_lock
 */
struct visp_csi {
	struct visp_device *visp;
	bool present;
	struct v4l2_subdev sd;
	struct media_pad pads[VISP_CSI_PAD_NUM];
	struct v4l2_async_notifier notifier;
	u32 lanes;
	u64 errors;
};

/**
 * struct visp_device - VISP ISP device
 * @dev: the platform device's device
 * @regmap: register map
 * @clks: clocks; the array and the clocks are device-managed and released
 *	when the driver unbinds, after remove(), while this structure lives
 *	until the last file handle of a video or subdev node is closed:
 *	valid only while the driver is bound
 * @rst: reset control, may be NULL
 * @irq: interrupt number
 * @irq_status: interrupt bits acknowledged by the hard interrupt handler
 *	and not yet handled by the thread
 * @mdev: media device
 * @v4l2_dev: V4L2 device
 * @pipe: media pipeline of all nodes
 * @isp: the ISP subdev
 * @csi: the CSI-2 receiver
 * @rsz: main and self path resizers
 * @video: video nodes
 * @debugfs: debugfs directory
 * @stream_lock: serialises the start and stop of the inline stream by
 *	the video nodes; protects @inline_users
 * @inline_users: video nodes streaming from the camera
 * @job_lock: protects the buffer lists and streaming flags of the video
 *	nodes, @running, @suspended, @jobs, @num_jobs, @next_frame, @cfg,
 *	@cfg_dirty, @in, @path, @csc_matrix, @csc_range and the counters,
 *	and serialises the programming of the hardware while streaming
 * @running: the input node streams and the hardware is powered, but
 *	during system sleep
 * @suspended: the system sleeps, or a system resume failed: no job is
 *	handed to the hardware, whose registers are not to be accessed
 *	until they are programmed again
 * @inline_src: the current stream processes the camera's frames, which
 *	the CSI-2 receiver brings, rather than visp-input's buffers;
 *	protected by @job_lock, read with READ_ONCE() by the stop and
 *	timeout paths
 * @csi_next: number of the next frame of the receiver, restored after
 *	the hardware lost its state; protected by @job_lock
 * @sof_ns: time of the start of each frame, by frame number modulo
 *	VISP_FRAME_ERR_SLOTS, written by the hard interrupt handler
 * @jobs: jobs handed to the hardware, oldest first
 * @num_jobs: number of valid entries of @jobs, written with @job_lock held
 * @job_waiting: the next job's buffers are queued, but the frame of the
 *	running job has not started: the next job is programmed when it
 *	does, by the interrupt thread, which the frame start's interrupt
 *	wakes only while this is set. Written with @job_lock held, read by
 *	the hard interrupt handler
 * @sync_users: number of frame sync subscriptions of visp-isp; protected
 *	by @job_lock
 * @irq_mask: the interrupts unmasked in IMR while the hardware keeps its
 *	state, the frame start only while it has a use (see
 *	visp_irq_frame_start()); protected by @job_lock
 * @next_frame: frame number of the next job
 * @frames_started: FRAME_CNT as the driver last read or wrote it; the count
 *	of the frames started only grows while the hardware keeps its state,
 *	and visp_hw_setup() sets both after every loss of it. Should a read or
 *	that write fail, the value is 0 or @next_frame, neither of which
 *	shows a job started that has not: jobs are numbered from @next_frame
 *	on. Protected by @job_lock
 * @idle_wq: woken up when jobs complete
 * @watchdog: resets the hardware when the oldest job does not complete in
 *	time
 * @watchdog_start: jiffies when the oldest job was last given its full
 *	time, by progress or a new job. Protected by @job_lock
 * @cfg: configuration of the processing blocks
 * @cfg_dirty: bitmask of the blocks of @cfg not yet written to hardware
 * @regs: register writes of one block, used while writing @cfg
 * @reg_vals: values of a run of consecutive registers of @regs, written
 *	at once
 * @shadow: value last written to each shadowed register, by offset from
 *	VISP_REG_SHADOW_START, valid where @shadow_known has its bit;
 *	protected by @job_lock
 * @shadow_known: the shadowed registers whose value @shadow holds, cleared
 *	whenever the hardware may have lost its state; protected by @job_lock
 * @lsc_tables: the two lens shading tables the ISP reads by DMA, each
 *	VISP_LSC_TABLE_ALLOC bytes of coherent memory, used by the jobs by the
 *	parity of their frame number; written with @job_lock held
 * @lsc_tables_dma: bus address of @lsc_tables
 * @lsc_table_gen: the @lsc_gen whose gains each of @lsc_tables holds
 * @lsc_gen: generation of the LSC gains of @cfg, incremented whenever they
 *	may change; protected by @job_lock
 * @in: input format of the current stream
 * @in_w: input width of the current stream
 * @in_h: input height of the current stream
 * @in_stride: input bytes per line of the current stream
 * @path: output path geometry of the current stream
 * @stats_enabled: the statistics link is enabled for the current stream
 * @csc_matrix: CSC matrix the capture formats of the current stream ask for
 * @csc_range: CSC range the capture formats of the current stream ask for
 * @frames_done: number of frames completed, for debugfs
 * @frames_failed: number of frames the hardware reported errors for
 * @irq_storms: number of interrupt storms the hardware was reset for
 * @stats_invalid: number of statistics buffers returned with an error
 *	because their header was not the one the ISP writes
 * @req_bufs: buffers of media requests that the video nodes hold (queued
 *	to the driver and not given back), protected by @job_lock
 * @plain_bufs: buffers queued without a request that the video nodes
 *	hold, protected by @job_lock
 */
struct visp_device {
	struct device *dev;
	struct regmap *regmap;
	struct clk_bulk_data *clks;
	struct reset_control *rst;
	int irq;
	atomic_t irq_status;

	struct media_device mdev;
	struct v4l2_device v4l2_dev;
	struct media_pipeline pipe;
	struct visp_isp isp;
	struct visp_csi csi;
	struct visp_resizer rsz[VISP_PATH_COUNT];
	struct visp_video video[VISP_VIDEO_NUM];
	struct dentry *debugfs;

	struct mutex stream_lock; /* inline stream start and stop */
	unsigned int inline_users;

	struct mutex job_lock; /* jobs, buffer lists, hardware programming */
	bool running;
	bool suspended;
	bool inline_src;
	u32 csi_next;
	u64 sof_ns[VISP_FRAME_ERR_SLOTS];
	struct visp_job jobs[2];
	unsigned int num_jobs;
	bool job_waiting;
	unsigned int sync_users;
	u32 irq_mask;
	u32 next_frame;
	u32 frames_started;
	wait_queue_head_t idle_wq;
	struct delayed_work watchdog;
	unsigned long watchdog_start;
	struct visp_params_cfg cfg;
	u32 cfg_dirty;
	struct visp_reg_write regs[VISP_PARAMS_MAX_REGS];
	u32 reg_vals[VISP_PARAMS_MAX_REGS];
	u32 shadow[VISP_SHADOW_REGS];
	DECLARE_BITMAP(shadow_known, VISP_SHADOW_REGS);
	void *lsc_tables;
	dma_addr_t lsc_tables_dma;
	u32 lsc_table_gen[2];
	u32 lsc_gen;
	const struct visp_in_fmt *in;
	u32 in_w;
	u32 in_h;
	u32 in_stride;
	struct visp_path_geom path[VISP_PATH_COUNT];
	bool stats_enabled;
	u8 csc_matrix;
	u8 csc_range;
	u64 frames_done;
	u64 frames_failed;
	u64 irq_storms;
	u64 stats_invalid;
	unsigned int req_bufs;
	unsigned int plain_bufs;
};

/* visp-formats.c */
/* The 16 Bayer media bus codes of the ISP input, in visp_in_fmts order. */
#define VISP_NUM_BAYER_CODES	16
extern const struct visp_in_fmt visp_in_fmts[];
extern const unsigned int visp_num_in_fmts;
extern const struct visp_out_fmt visp_out_fmts[];
extern const unsigned int visp_num_out_fmts;
const struct visp_in_fmt *visp_find_in_fmt(u32 fourcc);
const struct visp_in_fmt *visp_find_in_fmt_by_code(u32 mbus_code);
const struct visp_out_fmt *visp_find_out_fmt(u32 fourcc);
bool visp_mbus_code_is_bayer(u32 code);
int visp_mbus_code_bayer(u32 code);
void visp_set_colorimetry(struct v4l2_mbus_framefmt *fmt);
void visp_rect_adjust(struct v4l2_rect *r, u32 bound_w, u32 bound_h);
void visp_video_format_geometry(const struct visp_out_fmt *fmt, u32 width,
				u32 height, u32 *stride, u32 *sizeimage);
void visp_video_csc(const struct v4l2_pix_format_mplane *pix, u8 *matrix,
		    u8 *range);

/* visp-isp.c */
int visp_isp_register(struct visp_device *visp);
void visp_isp_unregister(struct visp_device *visp);
int visp_subdev_register(struct visp_device *visp, struct v4l2_subdev *sd);
void visp_subdev_unregister(struct v4l2_subdev *sd);
int visp_supported_blocks_ctrl_init(struct v4l2_ctrl_handler *hdl);

/* visp-resizer.c */
int visp_rsz_register(struct visp_device *visp, unsigned int path);
void visp_rsz_unregister(struct visp_device *visp, unsigned int path);

/* visp-request.c */
extern const struct media_device_ops visp_media_ops;

/* visp-csi.c */
int visp_csi_register(struct visp_device *visp);
void visp_csi_unregister(struct visp_device *visp);
int visp_csi_notifier_register(struct visp_device *visp);
void visp_csi_notifier_unregister(struct visp_device *visp);

/* visp-video.c: what the video nodes share */
extern const struct v4l2_ioctl_ops visp_meta_ioctl_ops;
void visp_pix_clear_unused(struct v4l2_pix_format_mplane *pix);
int visp_querycap(struct file *file, void *fh, struct v4l2_capability *cap);
void visp_video_framesizes(struct v4l2_frmsizeenum *fsize, u32 step_width,
			   u32 max_width, u32 max_height);
int visp_g_fmt(struct file *file, void *fh, struct v4l2_format *f);
int visp_qbuf(struct file *file, void *fh, struct v4l2_buffer *b);
int visp_video_set_fmt(struct visp_video *video, const struct v4l2_format *f,
		       const struct visp_in_fmt *in_fmt,
		       const struct visp_out_fmt *out_fmt);
size_t visp_buf_data_size(struct visp_video *video, struct vb2_buffer *vb);
int visp_video_register(struct visp_video *video, const char *name,
			const struct visp_video_desc *desc);
void visp_video_unregister(struct visp_device *visp, enum visp_video_id id);

/* The video nodes, one file each */
int visp_input_register(struct visp_device *visp);
int visp_capture_register(struct visp_device *visp, unsigned int path);
int visp_params_register(struct visp_device *visp);
int visp_stats_register(struct visp_device *visp);

/*
 * visp-hw.c: the job code. The video nodes call it; it calls none of
 * their functions.
 */
int visp_stream_join(struct visp_video *video);
void visp_stream_leave(struct visp_video *video);
void visp_stream_camera_lost(struct visp_device *visp);
void visp_video_pipeline_stop(struct visp_video *video);
bool visp_path_linked(struct visp_device *visp, unsigned int path);
void visp_video_pipeline_csc(struct visp_device *visp,
			     const bool linked[VISP_PATH_COUNT], u8 *matrix,
			     u8 *range);
void visp_stream_suspend(struct visp_device *visp);
void visp_stream_resume(struct visp_device *visp);
void visp_try_run(struct visp_device *visp);
void visp_frame_sync_users(struct visp_device *visp, int delta);
void visp_buf_add(struct visp_video *video, struct visp_buffer *buf);
void visp_buf_done(struct visp_video *video, struct visp_buffer *buf,
		   enum vb2_buffer_state state);
irqreturn_t visp_irq(int irq, void *data);
irqreturn_t visp_irq_thread(int irq, void *data);
int visp_hw_reset(struct visp_device *visp);
void visp_watchdog(struct work_struct *work);

/* visp-params-regs.c; the rest of the parameters in visp-params-core.h */
unsigned int visp_params_block_regs(const struct visp_params_cfg *cfg,
				    unsigned int type, u32 in_w, u32 in_h,
				    struct visp_reg_write *regs);
void visp_params_lsc_table(const struct visp_params_cfg *cfg, __le16 *table);
u32 visp_params_supported_blocks(void);

#endif /* __VISP_H__ */
