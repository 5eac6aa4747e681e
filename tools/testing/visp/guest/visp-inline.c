// SPDX-License-Identifier: GPL-2.0
/*
 * visp-inline: frame sync events and sensor control delays of the inline
 * pipeline, for the visp-inline test
 *
 *   visp-inline sync SUBDEV COUNT
 *	Subscribe to V4L2_EVENT_FRAME_SYNC on SUBDEV and print the frame
 *	sequence and time (CLOCK_MONOTONIC, s) of COUNT events, one per line.
 *
 *   visp-inline delay SENSOR CSI PARAMS STATS CTRL VALUE [WAIT_MS]
 *	Stream the parameters (AWB statistics over the whole frame) and the
 *	statistics of the configured inline pipeline. WAIT_MS ms (0 by
 *	default) after the frame sync event of camera frame N = 3 on CSI, as
 *	long as an IPA may take to compute the controls, set the sensor
 *	control CTRL (exposure, analogue_gain or digital_gain) to VALUE;
 *	print the first frame after N whose mean green level differs from
 *	frame N's by more than a quarter, as "changed N+D", and each frame's
 *	level.
 *
 *   visp-inline predict MAIN SENSOR LENS SCENE COUNT
 *	Capture COUNT frames from MAIN, the sensor's 960x540 binned mode in
 *	10 bits scaled to 480x270 NV12 with the default processing, and
 *	compare each, byte for byte, with the frame the sensor's renderer
 *	and the reference model predict for its sequence number, from the
 *	sensor's exposure and gains, the lens position, the sensor module's
 *	seed and illuminant, and SCENE: "natural" or a scene file.
 *
 *   visp-inline scene FILE
 *	Write a 320x180 scene file (see the simulator's documentation):
 *	colour ramps, sharp at focus position 400.
 *
 *   visp-inline af SENSOR CSI LENS PARAMS STATS START
 *	Stream the statistics of the configured inline pipeline (the
 *	sensor's 960x540 binned mode, the built-in natural scene) with the
 *	libvisp 3A context, the lens starting at START: write the sensor
 *	controls and the lens position it gives for each frame at the frame
 *	sync event of the next frame, queue its parameters buffers. AF is
 *	off until AE has converged (AF measures sharpness best at a steady
 *	exposure) or for AF_AE_FRAMES frames, then single AF runs for
 *	AF_FRAMES frames. Print each
 *	frame's lens position and sharpness, and the first frame, counted
 *	from the one AF started on, from which the lens stays at one
 *	position of blur radius 0 (the renderer's visp_render_blur_radius()),
 *	as "af from START: sharp from frame N"; fail if that is after frame
 *	AF_FOCUSED, if a write came a frame late, or if the last frame is
 *	not measured as sharp as the sharpest. With VISP_INLINE_DEBUG set
 *	in the environment, print each frame sync event and each frame's
 *	statistics (AE mean, AF sharpness) and the 3A's writes from them to
 *	standard error, with the monotonic time.
 *
 * Exit status 0 on success, 1 on a failure, which is said in one line.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/v4l2-subdev.h>
#include <linux/videodev2.h>

#include "libvisp.h"
#include "visp-guest.h"
#include "visp-sensor-render.h"

#define NBUF		4
#define SYNC_FRAME	3
#define FRAMES_AFTER	5
#define MAX_SEQ		64

static int die(const char *what)
{
	printf("visp-inline: %s: %s\n", what, strerror(errno));
	return 1;
}

static int open_node(const char *path)
{
	int fd = open(path, O_RDWR | O_NONBLOCK);

	if (fd < 0)
		printf("visp-inline: cannot open %s: %s\n", path,
		       strerror(errno));
	return fd;
}

static int subscribe_sync(int fd)
{
	struct v4l2_event_subscription sub = {
		.type = V4L2_EVENT_FRAME_SYNC,
	};

	return xioctl(fd, VIDIOC_SUBSCRIBE_EVENT, &sub);
}

/*
 * The next event of @fd, waiting up to 10 s: its sequence, or -1; its
 * time in *@ts, s.
 */
static long long next_sync(int fd, double *ts)
{
	struct pollfd pfd = { .fd = fd, .events = POLLPRI };
	struct v4l2_event ev;

	if (poll(&pfd, 1, 10000) <= 0)
		return -1;
	if (xioctl(fd, VIDIOC_DQEVENT, &ev) ||
	    ev.type != V4L2_EVENT_FRAME_SYNC)
		return -1;
	*ts = ev.timestamp.tv_sec + ev.timestamp.tv_nsec / 1e9;
	return ev.u.frame_sync.frame_sequence;
}

static int cmd_sync(const char *path, int count)
{
	long long seq;
	double ts;
	int fd, i;

	fd = open_node(path);
	if (fd < 0)
		return 1;
	if (subscribe_sync(fd))
		return die("VIDIOC_SUBSCRIBE_EVENT");
	for (i = 0; i < count; i++) {
		seq = next_sync(fd, &ts);
		if (seq < 0) {
			printf("visp-inline: no frame sync event %d\n", i);
			return 1;
		}
		printf("%lld %.6f\n", seq, ts);
		fflush(stdout);
	}
	return 0;
}

struct queue {
	int fd;
	enum v4l2_buf_type type;
	void *mem[NBUF];
	size_t len[NBUF];
};

static int queue_init(struct queue *q, const char *path,
		      enum v4l2_buf_type type)
{
	struct v4l2_requestbuffers req = {
		.count = NBUF, .type = type, .memory = V4L2_MEMORY_MMAP,
	};
	unsigned int i;

	q->type = type;
	q->fd = open_node(path);
	if (q->fd < 0)
		return -1;
	if (xioctl(q->fd, VIDIOC_REQBUFS, &req) || req.count != NBUF) {
		die("VIDIOC_REQBUFS");
		return -1;
	}
	for (i = 0; i < NBUF; i++) {
		struct v4l2_plane plane = { 0 };
		struct v4l2_buffer b = {
			.index = i, .type = type, .memory = V4L2_MEMORY_MMAP,
		};
		unsigned int offset;

		if (V4L2_TYPE_IS_MULTIPLANAR(type)) {
			b.m.planes = &plane;
			b.length = 1;
		}
		if (xioctl(q->fd, VIDIOC_QUERYBUF, &b)) {
			die("VIDIOC_QUERYBUF");
			return -1;
		}
		q->len[i] = V4L2_TYPE_IS_MULTIPLANAR(type) ? plane.length :
			    b.length;
		offset = V4L2_TYPE_IS_MULTIPLANAR(type) ? plane.m.mem_offset :
			 b.m.offset;
		q->mem[i] = mmap(NULL, q->len[i], PROT_READ | PROT_WRITE,
				 MAP_SHARED, q->fd, offset);
		if (q->mem[i] == MAP_FAILED) {
			die("mmap");
			return -1;
		}
	}
	return 0;
}

static int queue_buf(struct queue *q, unsigned int i, unsigned int used)
{
	struct v4l2_plane plane = { .bytesused = used };
	struct v4l2_buffer b = {
		.index = i, .type = q->type, .memory = V4L2_MEMORY_MMAP,
		.bytesused = used,
	};

	if (V4L2_TYPE_IS_MULTIPLANAR(q->type)) {
		b.m.planes = &plane;
		b.length = 1;
	}
	return xioctl(q->fd, VIDIOC_QBUF, &b);
}

/* A parameters buffer: AWB statistics over the frame on the first. */
static unsigned int fill_params(struct queue *q, unsigned int i, bool first)
{
	struct visp_params_buffer *buf = q->mem[i];
	struct visp_params_awb_stats *awb;

	memset(buf, 0, q->len[i]);
	visp_params_init(buf, q->len[i]);
	if (first) {
		awb = visp_params_append(buf, q->len[i],
					 VISP_PARAMS_BLOCK_AWB_STATS,
					 VISP_PARAMS_FL_BLOCK_ENABLE);
		awb->window.zone_w = 64;
		awb->window.zone_h = 64;
		awb->window.grid_w = 8;
		awb->window.grid_h = 8;
		awb->sat_threshold = 4095;
	}
	return sizeof(*buf) + buf->data_size;
}

/*
 * Subscribe to @csi's frame sync events, map the buffers of the parameters
 * node @pnode and the statistics node @snode, queue them all, the
 * parameters filled by @fill, and start both; @pfd is set to wait for
 * the events, statistics and parameters.
 */
static int meta_start(struct queue *params, struct queue *stats,
		      const char *pnode, const char *snode,
		      unsigned int (*fill)(struct queue *q, unsigned int i,
					   const void *priv),
		      const void *priv, int csi, struct pollfd pfd[3])
{
	unsigned int i;
	int type;

	if (subscribe_sync(csi))
		return die("VIDIOC_SUBSCRIBE_EVENT");
	if (queue_init(params, pnode, V4L2_BUF_TYPE_META_OUTPUT) ||
	    queue_init(stats, snode, V4L2_BUF_TYPE_META_CAPTURE))
		return -1;
	for (i = 0; i < NBUF; i++) {
		if (queue_buf(params, i, fill(params, i, priv)) ||
		    queue_buf(stats, i, 0))
			return die("VIDIOC_QBUF");
	}
	type = params->type;
	if (xioctl(params->fd, VIDIOC_STREAMON, &type))
		return die("VIDIOC_STREAMON params");
	type = stats->type;
	if (xioctl(stats->fd, VIDIOC_STREAMON, &type))
		return die("VIDIOC_STREAMON stats");

	pfd[0] = (struct pollfd){ .fd = csi, .events = POLLPRI };
	pfd[1] = (struct pollfd){ .fd = stats->fd, .events = POLLIN };
	pfd[2] = (struct pollfd){ .fd = params->fd, .events = POLLOUT };
	return 0;
}

/*
 * Wait up to 10 s for meta_start()'s nodes: 0 with the sequence of the
 * frame sync event that came in *@sync, or -1 if none came; -1 when
 * nothing came.
 */
static int meta_wait(struct pollfd pfd[3], long long *sync)
{
	struct v4l2_event ev;

	*sync = -1;
	if (poll(pfd, 3, 10000) <= 0) {
		printf("visp-inline: no frame for 10 s\n");
		return -1;
	}
	if (!(pfd[0].revents & POLLPRI))
		return 0;
	if (xioctl(pfd[0].fd, VIDIOC_DQEVENT, &ev)) {
		die("VIDIOC_DQEVENT");
		return -1;
	}
	*sync = ev.u.frame_sync.frame_sequence;
	return 0;
}

static void meta_stop(struct queue *params, struct queue *stats)
{
	int type = stats->type;

	xioctl(stats->fd, VIDIOC_STREAMOFF, &type);
	type = params->type;
	xioctl(params->fd, VIDIOC_STREAMOFF, &type);
}

/* meta_start()'s @fill for the delay command: the first buffer only. */
static unsigned int fill_first(struct queue *q, unsigned int i,
			       const void *priv)
{
	(void)priv;
	return fill_params(q, i, !i);
}

/* Mean green level of the AWB zones, 12-bit units; -1 if none. */
static double green_level(const struct visp_stats_buffer *st)
{
	unsigned long long g = 0, n = 0;
	unsigned int z;

	if (!(st->meas_valid & VISP_STATS_MEAS_AWB))
		return -1;
	for (z = 0; z < VISP_STATS_ZONES_MAX; z++) {
		g += st->awb[z].sum_g;
		n += 2ULL * st->awb[z].count;
	}
	return n ? (double)g / n : -1;
}

static int set_ctrl(int fd, const char *name, int value)
{
	struct v4l2_control c = { .value = value };

	if (!strcmp(name, "exposure"))
		c.id = V4L2_CID_EXPOSURE;
	else if (!strcmp(name, "analogue_gain"))
		c.id = V4L2_CID_ANALOGUE_GAIN;
	else if (!strcmp(name, "digital_gain"))
		c.id = V4L2_CID_DIGITAL_GAIN;
	else
		return -1;
	return xioctl(fd, VIDIOC_S_CTRL, &c);
}

static int cmd_delay(char **argv, unsigned int wait_ms)
{
	double level[MAX_SEQ];
	bool seen[MAX_SEQ] = { false };
	struct queue params, stats;
	int sensor, csi, ret = 1;
	long long sync = -1, seq;
	unsigned int changed = 0;
	struct pollfd pfd[3];

	sensor = open_node(argv[0]);
	csi = open_node(argv[1]);
	if (sensor < 0 || csi < 0)
		return 1;
	if (meta_start(&params, &stats, argv[2], argv[3], fill_first, NULL,
		       csi, pfd))
		return 1;
	for (;;) {
		if (meta_wait(pfd, &seq))
			goto out;
		if (sync < 0 && seq >= SYNC_FRAME) {
			/* Frame N + 1 starts a frame period after the event. */
			usleep(wait_ms * 1000);
			if (set_ctrl(sensor, argv[4], atoi(argv[5])))
				return die("VIDIOC_S_CTRL");
			sync = seq;
		}
		if (pfd[2].revents & POLLOUT) {
			struct v4l2_buffer b = {
				.type = params.type, .memory = V4L2_MEMORY_MMAP,
			};

			if (!xioctl(params.fd, VIDIOC_DQBUF, &b) &&
			    queue_buf(&params, b.index,
				      fill_params(&params, b.index, false)))
				return die("VIDIOC_QBUF params");
		}
		if (pfd[1].revents & POLLIN) {
			struct v4l2_buffer b = {
				.type = stats.type, .memory = V4L2_MEMORY_MMAP,
			};

			if (xioctl(stats.fd, VIDIOC_DQBUF, &b))
				return die("VIDIOC_DQBUF stats");
			seq = b.sequence;
			/* The statistics carry the camera frame's number. */
			if ((b.flags & V4L2_BUF_FLAG_ERROR) ||
			    ((struct visp_stats_buffer *)stats.mem[b.index])->frame_sequence != seq) {
				printf("visp-inline: statistics of frame %lld failed or misnumbered\n",
				       seq);
				goto out;
			}
			if (seq < MAX_SEQ) {
				level[seq] = green_level(stats.mem[b.index]);
				seen[seq] = true;
				printf("frame %lld level %.1f\n", seq, level[seq]);
			}
			if (queue_buf(&stats, b.index, 0))
				return die("VIDIOC_QBUF stats");
			if (sync >= 0 && seq >= sync + FRAMES_AFTER)
				break;
			if (seq >= MAX_SEQ - 1) {
				printf("visp-inline: no frame sync at frame %d\n",
				       SYNC_FRAME);
				goto out;
			}
		}
	}

	if (!seen[sync] || level[sync] <= 0) {
		printf("visp-inline: no statistics of frame %lld\n", sync);
		goto out;
	}
	for (seq = sync + 1; seq <= sync + FRAMES_AFTER; seq++) {
		if (!seen[seq]) {
			printf("visp-inline: no statistics of frame %lld\n", seq);
			goto out;
		}
		if (!changed && (level[seq] > 1.25 * level[sync] ||
				 level[seq] < 0.75 * level[sync]))
			changed = seq - sync;
	}
	printf("changed N+%u\n", changed);
	ret = 0;
out:
	meta_stop(&params, &stats);
	return ret;
}

/* The sensor's binned mode: 1600 x (540 + VBLANK) at 120 Mpixel/s. */
#define PRED_W		960
#define PRED_H		540
#define PRED_LINE	1600
#define PRED_RATE	120000000ULL
#define PRED_OUT_W	480
#define PRED_OUT_H	270

static int get_ctrl(int fd, unsigned int id, int *val)
{
	struct v4l2_control c = { .id = id };

	if (xioctl(fd, VIDIOC_G_CTRL, &c))
		return -1;
	*val = c.value;
	return 0;
}

static int module_param(const char *name, unsigned int *val)
{
	char path[128];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "/sys/module/visp_sensor/parameters/%s",
		 name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	ret = fscanf(f, "%u", val) == 1 ? 0 : -1;
	fclose(f);
	return ret;
}

/* Render the frame of sequence @seq and run the model on it into @exp. */
static int predict(const struct visp_render_scene *scene,
		   struct visp_render_cfg *rc, u32 seq, u16 *raw, u8 *exp,
		   size_t exp_size)
{
	struct visp_model_config cfg;
	struct visp_model_buffers mb = { 0 };
	size_t scratch_size;
	void *scratch;
	int ret;

	rc->sequence = seq;
	scratch_size = visp_render_scratch_size(rc);
	scratch = malloc(scratch_size);
	if (!scratch)
		return -1;
	ret = visp_render_frame(scene, rc, raw, PRED_W, scratch, scratch_size);
	free(scratch);
	if (ret)
		return ret;

	visp_config_init(&cfg);
	visp_config_set_input(&cfg, VISP_IN_TYPE_RAW10, VISP_BAYER_RGGB,
			      PRED_W, PRED_H);
	visp_config_set_path(&cfg, VISP_PATH_MAIN, VISP_OUT_FMT_NV12, 0, 0,
			     PRED_W, PRED_H, PRED_OUT_W, PRED_OUT_H);
	mb.in = (u8 *)raw;
	mb.in_stride = PRED_W * 2;
	mb.in_size = PRED_W * 2 * PRED_H;
	mb.out[0][0].data = exp;
	mb.out[0][0].stride = PRED_OUT_W;
	mb.out[0][0].size = PRED_OUT_W * PRED_OUT_H;
	mb.out[0][1].data = exp + PRED_OUT_W * PRED_OUT_H;
	mb.out[0][1].stride = PRED_OUT_W;
	mb.out[0][1].size = exp_size - PRED_OUT_W * PRED_OUT_H;
	scratch_size = visp_model_scratch_size(&cfg);
	scratch = malloc(scratch_size);
	if (!scratch)
		return -1;
	ret = visp_model_run(&cfg, &mb, scratch, scratch_size);
	free(scratch);
	return ret;
}

static int cmd_predict(char **argv)
{
	const size_t exp_size = PRED_OUT_W * (PRED_OUT_H + PRED_OUT_H / 2);
	struct v4l2_format fmt = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE };
	struct visp_render_cfg rc = {
		.crop_w = VISP_RENDER_NATIVE_W,
		.crop_h = VISP_RENDER_NATIVE_H,
		.bin = 2,
		.bits = 10,
		.pattern = VISP_RENDER_PATTERN_NONE,
	};
	struct visp_render_scene scene;
	const unsigned char *file = NULL;
	int sensor, lens, exposure, again, dgain, focus, type;
	int count = atoi(argv[4]), n = 0, ret = 1;
	unsigned int seed, illuminant;
	struct queue q;
	size_t file_size;
	u16 *raw;
	u8 *exp;

	sensor = open_node(argv[1]);
	lens = open_node(argv[2]);
	if (sensor < 0 || lens < 0)
		return 1;
	if (get_ctrl(sensor, V4L2_CID_EXPOSURE, &exposure) ||
	    get_ctrl(sensor, V4L2_CID_ANALOGUE_GAIN, &again) ||
	    get_ctrl(sensor, V4L2_CID_DIGITAL_GAIN, &dgain) ||
	    get_ctrl(lens, V4L2_CID_FOCUS_ABSOLUTE, &focus))
		return die("VIDIOC_G_CTRL");
	if (module_param("seed", &seed) || module_param("illuminant", &illuminant)) {
		printf("visp-inline: no visp_sensor module parameters\n");
		return 1;
	}
	if (!strcmp(argv[3], "natural")) {
		visp_render_scene_builtin(&scene, VISP_RENDER_SCENE_NATURAL);
	} else if (visp_map_file(argv[3], &file, &file_size) ||
		   visp_render_scene_parse(&scene, file, file_size)) {
		printf("visp-inline: %s is not a scene file\n", argv[3]);
		return 1;
	}
	rc.exposure_us = (u64)exposure * PRED_LINE * 1000000 / PRED_RATE;
	rc.again = again;
	rc.dgain = dgain;
	rc.focus = focus;
	rc.seed = seed;
	rc.illuminant = illuminant < VISP_RENDER_ILLUMINANT_MIN ?
			VISP_RENDER_ILLUMINANT_MIN :
			illuminant > VISP_RENDER_ILLUMINANT_MAX ?
			VISP_RENDER_ILLUMINANT_MAX : illuminant;

	raw = malloc(PRED_W * PRED_H * 2);
	exp = malloc(exp_size);
	if (!raw || !exp || queue_init(&q, argv[0],
				       V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE))
		return 1;
	if (xioctl(q.fd, VIDIOC_G_FMT, &fmt) ||
	    fmt.fmt.pix_mp.plane_fmt[0].sizeimage < exp_size ||
	    fmt.fmt.pix_mp.plane_fmt[0].bytesperline != PRED_OUT_W) {
		printf("visp-inline: %s is not %ux%u NV12\n", argv[0],
		       PRED_OUT_W, PRED_OUT_H);
		return 1;
	}
	for (unsigned int i = 0; i < NBUF; i++)
		if (queue_buf(&q, i, 0))
			return die("VIDIOC_QBUF");
	type = q.type;
	if (xioctl(q.fd, VIDIOC_STREAMON, &type))
		return die("VIDIOC_STREAMON");

	while (n < count) {
		struct v4l2_plane planes[1];
		struct v4l2_buffer b = {
			.type = q.type, .memory = V4L2_MEMORY_MMAP,
			.m.planes = planes, .length = 1,
		};
		struct pollfd pfd = { .fd = q.fd, .events = POLLIN };

		if (poll(&pfd, 1, 20000) <= 0) {
			printf("visp-inline: no frame for 20 s\n");
			goto out;
		}
		if (xioctl(q.fd, VIDIOC_DQBUF, &b))
			return die("VIDIOC_DQBUF");
		if (b.flags & V4L2_BUF_FLAG_ERROR) {
			printf("visp-inline: frame %u failed\n", b.sequence);
			goto out;
		}
		if (predict(&scene, &rc, b.sequence, raw, exp, exp_size)) {
			printf("visp-inline: cannot predict frame %u\n",
			       b.sequence);
			goto out;
		}
		if (memcmp(q.mem[b.index], exp, exp_size)) {
			printf("visp-inline: frame %u differs from the prediction\n",
			       b.sequence);
			goto out;
		}
		printf("frame %u bit-exact\n", b.sequence);
		fflush(stdout);
		n++;
		if (queue_buf(&q, b.index, 0))
			return die("VIDIOC_QBUF");
	}
	ret = 0;
out:
	type = q.type;
	xioctl(q.fd, VIDIOC_STREAMOFF, &type);
	free(raw);
	free(exp);
	return ret;
}

static void put_le32(u8 *p, u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* Monotonic time, seconds. */
static double mono_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* AF: frames streamed, and the frame by which the lens must be sharp */
#define AF_FRAMES	30
/* Frames AE may take to converge, at most, and all frames streamed */
#define AF_AE_FRAMES	12
#define AF_ALL		(AF_AE_FRAMES + AF_FRAMES)
#define AF_FOCUSED	20

/* A control's range, or -1. */
static int ctrl_range(int fd, unsigned int id, uint32_t *min, uint32_t *max)
{
	struct v4l2_queryctrl q = { .id = id };

	if (xioctl(fd, VIDIOC_QUERYCTRL, &q))
		return -1;
	*min = q.minimum;
	*max = q.maximum;
	return 0;
}

/* The sensor controls and the lens position of @r. */
static int af_write(int sensor, int lens, const struct visp_3a_result *r)
{
	struct v4l2_ext_control c[3] = {
		{ .id = V4L2_CID_EXPOSURE, .value = r->exposure },
		{ .id = V4L2_CID_ANALOGUE_GAIN, .value = r->again },
		{ .id = V4L2_CID_DIGITAL_GAIN, .value = r->dgain },
	};
	struct v4l2_ext_controls cs = {
		.which = V4L2_CTRL_WHICH_CUR_VAL, .count = 3, .controls = c,
	};
	struct v4l2_control f = {
		.id = V4L2_CID_FOCUS_ABSOLUTE, .value = r->focus,
	};

	if (xioctl(sensor, VIDIOC_S_EXT_CTRLS, &cs) ||
	    xioctl(lens, VIDIOC_S_CTRL, &f))
		return -1;
	return 0;
}

/* The lens position of frame @k: the last one written before it. */
static u32 af_position(const long long *written, const u32 *pos,
		       unsigned int n, long long k)
{
	u32 p = pos[0];
	unsigned int i;

	for (i = 0; i < n; i++)
		if (written[i] + 1 <= k)
			p = pos[i];
	return p;
}

/* meta_start()'s @fill for the af command: the 3A's parameters. */
static unsigned int fill_result(struct queue *q, unsigned int i,
				const void *priv)
{
	const struct visp_3a_result *r = priv;

	memcpy(q->mem[i], r->params, r->params_size);
	return r->params_size;
}

static int cmd_af(char **argv)
{
	struct visp_3a_config c = {
		.sensor = {
			.line_length = PRED_LINE, .pixel_rate = PRED_RATE,
			.exposure_delay = 2, .gain_delay = 1,
			.width = PRED_W, .height = PRED_H,
			.black_level = visp_render_black_level(12),
		},
		.lens = { .present = true, .delay = 1 },
		.af_mode = VISP_AF_MODE_OFF,
	};
	/* The writes: the frame during which each was made, -1 before. */
	long long written[AF_ALL + 2], sync = -1, pending = -1, seq;
	long long start = -1, end = AF_ALL - 1;
	bool ae_converged = false, debug = getenv("VISP_INLINE_DEBUG");
	double sharp[AF_ALL], best = 0;
	u32 pos[AF_ALL + 2], p, blur;
	long long last = -1;
	int sensor, csi, lens, ret = 1, late = 0, focus;
	unsigned int nw = 0, i, settled;
	struct visp_render_scene scene;
	struct visp_render_cfg rc = { 0 };
	struct visp_3a_result res;
	struct queue params, stats;
	struct pollfd pfd[3];
	struct visp_3a *ctx;

	sensor = open_node(argv[0]);
	csi = open_node(argv[1]);
	lens = open_node(argv[2]);
	if (sensor < 0 || csi < 0 || lens < 0)
		return 1;
	/* The limits of the 3A context from the controls' ranges. */
	if (ctrl_range(sensor, V4L2_CID_EXPOSURE, &c.sensor.exposure_min,
		       &c.sensor.exposure_max) ||
	    ctrl_range(sensor, V4L2_CID_ANALOGUE_GAIN, &c.sensor.again_min,
		       &c.sensor.again_max) ||
	    ctrl_range(sensor, V4L2_CID_DIGITAL_GAIN, &c.sensor.dgain_min,
		       &c.sensor.dgain_max) ||
	    ctrl_range(lens, V4L2_CID_FOCUS_ABSOLUTE, &c.lens.min, &c.lens.max))
		return die("VIDIOC_QUERYCTRL");
	c.lens.position = atoi(argv[5]);
	c.sensor.exposure = 1000;
	c.sensor.again = c.sensor.dgain = 256;
	ctx = visp_3a_init(&c, &res);
	if (!ctx) {
		printf("visp-inline: the 3A context refused the camera's limits\n");
		return 1;
	}
	/* Before streaming: the first frame already has them. */
	if (af_write(sensor, lens, &res))
		return die("VIDIOC_S_CTRL");
	written[nw] = -1;
	pos[nw++] = res.focus;

	if (meta_start(&params, &stats, argv[3], argv[4], fill_result, &res,
		       csi, pfd))
		return 1;
	for (i = 0; i < AF_ALL; i++)
		sharp[i] = -1;
	while (last < end) {
		if (meta_wait(pfd, &seq))
			goto out;
		if (seq >= 0) {
			sync = seq;
			if (debug)
				fprintf(stderr, "%.3f sync %lld\n", mono_s(),
					sync);
		}
		if (pfd[1].revents & POLLIN) {
			struct v4l2_buffer b = {
				.type = stats.type, .memory = V4L2_MEMORY_MMAP,
			};
			struct visp_stats_view view;

			if (xioctl(stats.fd, VIDIOC_DQBUF, &b))
				return die("VIDIOC_DQBUF stats");
			seq = b.sequence;
			if ((b.flags & V4L2_BUF_FLAG_ERROR) ||
			    visp_stats_parse(stats.mem[b.index], b.bytesused,
					     &view) ||
			    seq >= AF_ALL ||
			    visp_3a_process(ctx, &view, seq, &res)) {
				printf("visp-inline: statistics of frame %lld failed\n",
				       seq);
				goto out;
			}
			sharp[seq] = res.af_sharpness;
			/* What each frame measured, and the writes it gave. */
			if (debug)
				fprintf(stderr, "%.3f stats %lld sync %lld mean %.4f conv %d exp %u again %u dgain %u focus %u sharpness %.4f state %u\n",
					mono_s(), seq, sync, res.ae_mean,
					res.ae_converged, res.exposure,
					res.again, res.dgain, res.focus,
					res.af_sharpness, res.af_state);
			pending = last = seq;
			/* AF from the results of the next frame on. */
			if (start < 0 && (res.ae_converged ||
					  seq + 1 == AF_AE_FRAMES)) {
				if (visp_3a_set_af_mode(ctx,
							VISP_AF_MODE_SINGLE, 0))
					goto out;
				start = seq + 1;
				ae_converged = res.ae_converged;
				end = start + AF_FRAMES - 1;
			}
			if (queue_buf(&stats, b.index, 0))
				return die("VIDIOC_QBUF stats");
		}
		/* Written during the frame after the measured one. */
		if (pending >= 0 && sync >= pending + 1 && nw < AF_ALL + 2) {
			if (af_write(sensor, lens, &res))
				return die("VIDIOC_S_EXT_CTRLS");
			/* Late writes of AF's frames are errors. */
			if (sync > pending + 1 && start >= 0)
				late++;
			written[nw] = sync;
			pos[nw++] = res.focus;
			pending = -1;
		}
		if (pfd[2].revents & POLLOUT) {
			struct v4l2_buffer b = {
				.type = params.type, .memory = V4L2_MEMORY_MMAP,
			};

			if (!xioctl(params.fd, VIDIOC_DQBUF, &b) &&
			    queue_buf(&params, b.index,
				      fill_result(&params, b.index, &res)))
				return die("VIDIOC_QBUF params");
		}
	}

	/* The frames from the last one back that are sharp at its position. */
	visp_render_scene_builtin(&scene, VISP_RENDER_SCENE_NATURAL);
	printf("AF started on frame %lld, AE %sconverged\n", start,
	       ae_converged ? "" : "not ");
	p = af_position(written, pos, nw, end);
	settled = AF_FRAMES;
	for (i = 0; i < AF_FRAMES; i++) {
		rc.focus = af_position(written, pos, nw, start + i);
		blur = visp_render_blur_radius(&scene, &rc);
		printf("frame %lld (%u) lens %u blur %u sharpness %.4f\n",
		       start + i, i, rc.focus, blur, sharp[start + i]);
		best = fmax(best, sharp[start + i]);
		if (blur || rc.focus != p)
			settled = AF_FRAMES;
		else if (settled == AF_FRAMES)
			settled = i;
	}
	printf("af from %s: sharp from frame %u, at %u, state %u, %d late writes\n",
	       argv[5], settled, p, res.af_state, late);
	if (get_ctrl(lens, V4L2_CID_FOCUS_ABSOLUTE, &focus) || focus != (int)p)
		printf("visp-inline: the lens is not where AF put it\n");
	else if (settled > AF_FOCUSED || res.af_state != VISP_AF_STATE_FOCUSED)
		printf("visp-inline: AF from %s not sharp by frame %d\n",
		       argv[5], AF_FOCUSED);
	else if (late)
		printf("visp-inline: %d writes came a frame late\n", late);
	else if (!(sharp[end] > 0.9 * best))
		printf("visp-inline: the last frame is not measured sharp\n");
	else
		ret = 0;
out:
	meta_stop(&params, &stats);
	visp_3a_free(ctx);
	return ret;
}

static int cmd_scene(const char *path)
{
	const u32 w = 320, h = 180;
	size_t size = VISP_RENDER_SCENE_HDR_SIZE + (size_t)w * h * 6;
	u8 *buf = calloc(1, size), *p;
	u32 x, y, c, v;
	FILE *f;

	if (!buf)
		return 1;
	memcpy(buf, VISP_RENDER_SCENE_MAGIC, 4);
	put_le32(buf + 4, VISP_RENDER_SCENE_VERSION);
	put_le32(buf + 8, w);
	put_le32(buf + 12, h);
	put_le32(buf + 16, 400);
	p = buf + VISP_RENDER_SCENE_HDR_SIZE;
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			for (c = 0; c < 3; c++) {
				/* Red across, green down, blue in squares. */
				v = c == 0 ? x * 65535 / (w - 1) :
				    c == 1 ? y * 65535 / (h - 1) :
				    ((x / 20 + y / 20) & 1) * 40000;
				*p++ = v;
				*p++ = v >> 8;
			}
		}
	}
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, size, f) != size || fclose(f)) {
		printf("visp-inline: cannot write %s\n", path);
		free(buf);
		return 1;
	}
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "sync"))
		return cmd_sync(argv[2], atoi(argv[3]));
	if ((argc == 8 || argc == 9) && !strcmp(argv[1], "delay"))
		return cmd_delay(argv + 2, argc == 9 ? atoi(argv[8]) : 0);
	if (argc == 3 && !strcmp(argv[1], "scene"))
		return cmd_scene(argv[2]);
	if (argc == 7 && !strcmp(argv[1], "predict"))
		return cmd_predict(argv + 2);
	if (argc == 8 && !strcmp(argv[1], "af"))
		return cmd_af(argv + 2);
	fprintf(stderr, "usage: visp-inline sync SUBDEV COUNT\n"
		"       visp-inline delay SENSOR CSI PARAMS STATS CTRL VALUE [WAIT_MS]\n"
		"       visp-inline predict MAIN SENSOR LENS SCENE COUNT\n"
		"       visp-inline scene FILE\n"
		"       visp-inline af SENSOR CSI LENS PARAMS STATS START\n");
	return 2;
}
