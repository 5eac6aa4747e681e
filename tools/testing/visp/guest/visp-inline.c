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
		struct v4l2_buffer b = {
			.index = i, .type = type, .memory = V4L2_MEMORY_MMAP,
		};

		if (xioctl(q->fd, VIDIOC_QUERYBUF, &b)) {
			die("VIDIOC_QUERYBUF");
			return -1;
		}
		q->len[i] = b.length;
		q->mem[i] = mmap(NULL, b.length, PROT_READ | PROT_WRITE,
				 MAP_SHARED, q->fd, b.m.offset);
		if (q->mem[i] == MAP_FAILED) {
			die("mmap");
			return -1;
		}
	}
	return 0;
}

static int queue_buf(struct queue *q, unsigned int i, unsigned int used)
{
	struct v4l2_buffer b = {
		.index = i, .type = q->type, .memory = V4L2_MEMORY_MMAP,
		.bytesused = used,
	};

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
			if (!(b.flags & V4L2_BUF_FLAG_ERROR) && seq < MAX_SEQ) {
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

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "sync"))
		return cmd_sync(argv[2], atoi(argv[3]));
	if (argc == 8 && !strcmp(argv[1], "delay"))
		return cmd_delay(argv + 2);
	fprintf(stderr, "usage: visp-inline sync SUBDEV COUNT\n"
		"       visp-inline delay SENSOR CSI PARAMS STATS CTRL VALUE\n");
	return 2;
}
