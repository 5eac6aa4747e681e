// SPDX-License-Identifier: GPL-2.0
/*
 * visp-inline: frame sync events and sensor control delays of the inline
 * pipeline, for the visp-inline test
 *
 *   visp-inline sync SUBDEV COUNT
 *	Subscribe to V4L2_EVENT_FRAME_SYNC on SUBDEV and print the frame
 *	sequence and time (CLOCK_MONOTONIC, s) of COUNT events, one per line.
 *
 *   visp-inline delay SENSOR CSI PARAMS STATS CTRL VALUE
 *	Stream the parameters (AWB statistics over the whole frame) and the
 *	statistics of the configured inline pipeline. Right after the frame
 *	sync event of camera frame N = 3 on CSI, set the sensor control CTRL
 *	(exposure, analogue_gain or digital_gain) to VALUE; print the first
 *	frame after N whose mean green level differs from frame N's by more
 *	than a quarter, as "changed N+D", and each frame's level.
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
 * Exit status 0 on success, 1 on a failure, which is said in one line.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
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

static int cmd_delay(char **argv)
{
	double level[MAX_SEQ];
	bool seen[MAX_SEQ] = { false };
	struct queue params, stats;
	int sensor, csi, type, ret = 1;
	long long sync = -1, seq;
	unsigned int i, changed = 0;
	struct pollfd pfd[3];

	sensor = open_node(argv[0]);
	csi = open_node(argv[1]);
	if (sensor < 0 || csi < 0)
		return 1;
	if (subscribe_sync(csi))
		return die("VIDIOC_SUBSCRIBE_EVENT");
	if (queue_init(&params, argv[2], V4L2_BUF_TYPE_META_OUTPUT) ||
	    queue_init(&stats, argv[3], V4L2_BUF_TYPE_META_CAPTURE))
		return 1;
	for (i = 0; i < NBUF; i++) {
		if (queue_buf(&params, i, fill_params(&params, i, !i)) ||
		    queue_buf(&stats, i, 0))
			return die("VIDIOC_QBUF");
	}
	type = params.type;
	if (xioctl(params.fd, VIDIOC_STREAMON, &type))
		return die("VIDIOC_STREAMON params");
	type = stats.type;
	if (xioctl(stats.fd, VIDIOC_STREAMON, &type))
		return die("VIDIOC_STREAMON stats");

	pfd[0] = (struct pollfd){ .fd = csi, .events = POLLPRI };
	pfd[1] = (struct pollfd){ .fd = stats.fd, .events = POLLIN };
	pfd[2] = (struct pollfd){ .fd = params.fd, .events = POLLOUT };
	for (;;) {
		if (poll(pfd, 3, 10000) <= 0) {
			printf("visp-inline: no frame for 10 s\n");
			goto out;
		}
		if (pfd[0].revents & POLLPRI) {
			struct v4l2_event ev;

			if (xioctl(csi, VIDIOC_DQEVENT, &ev))
				return die("VIDIOC_DQEVENT");
			if (sync < 0 &&
			    ev.u.frame_sync.frame_sequence >= SYNC_FRAME) {
				/* At once: the next frame has not started. */
				if (set_ctrl(sensor, argv[4], atoi(argv[5])))
					return die("VIDIOC_S_CTRL");
				sync = ev.u.frame_sync.frame_sequence;
			}
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
	type = stats.type;
	xioctl(stats.fd, VIDIOC_STREAMOFF, &type);
	type = params.type;
	xioctl(params.fd, VIDIOC_STREAMOFF, &type);
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
	if (argc == 8 && !strcmp(argv[1], "delay"))
		return cmd_delay(argv + 2);
	if (argc == 3 && !strcmp(argv[1], "scene"))
		return cmd_scene(argv[2]);
	if (argc == 7 && !strcmp(argv[1], "predict"))
		return cmd_predict(argv + 2);
	fprintf(stderr, "usage: visp-inline sync SUBDEV COUNT\n"
		"       visp-inline delay SENSOR CSI PARAMS STATS CTRL VALUE\n"
		"       visp-inline predict MAIN SENSOR LENS SCENE COUNT\n"
		"       visp-inline scene FILE\n");
	return 2;
}
