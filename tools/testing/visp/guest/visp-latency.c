// SPDX-License-Identifier: GPL-2.0
/*
 * visp-latency: the latency of single jobs, from the QBUF of a job's last
 * buffer to the DQBUF of its output, for make bench (tests/bench-latency.sh).
 *
 *   visp-latency INPUT-DEVICE CAPTURE-DEVICE FRAMES
 *
 * Streams the formats the nodes have, one job at a time: queues a capture
 * buffer, then the input frame that completes the job, and waits for the
 * capture buffer. Prints one line a job,
 *
 *   latency: SEQUENCE US QBUF_US DQBUF_US
 *
 * with the capture buffer's sequence, the microseconds from just before
 * the input QBUF to just after the capture DQBUF, and those two times
 * (CLOCK_MONOTONIC, the clock of the buffers' timestamps and of the trace
 * with trace_clock "mono"), or "failed" for a
 * buffer returned with an error (the watchdog's reset of a frame that a
 * slow emulated guest took more than a second to compute). The first two
 * jobs, which power the pipeline up, are not printed.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/videodev2.h>

#include "visp-guest.h"

#define NUM_BUFS	2
#define WARMUP		2

static void die(const char *what)
{
	fprintf(stderr, "visp-latency: %s: %s\n", what, strerror(errno));
	exit(1);
}

struct node {
	int fd;
	enum v4l2_buf_type type;
	unsigned int planes;
	unsigned int sizeimage[VIDEO_MAX_PLANES];
};

static void node_open(struct node *n, const char *path,
		      enum v4l2_buf_type type)
{
	struct v4l2_requestbuffers rb;
	struct v4l2_format fmt;
	unsigned int i;

	n->fd = open(path, O_RDWR);
	if (n->fd < 0)
		die(path);
	n->type = type;
	memset(&fmt, 0, sizeof(fmt));
	fmt.type = type;
	if (xioctl(n->fd, VIDIOC_G_FMT, &fmt))
		die("VIDIOC_G_FMT");
	n->planes = fmt.fmt.pix_mp.num_planes;
	for (i = 0; i < n->planes; i++)
		n->sizeimage[i] = fmt.fmt.pix_mp.plane_fmt[i].sizeimage;

	memset(&rb, 0, sizeof(rb));
	rb.count = NUM_BUFS;
	rb.type = type;
	rb.memory = V4L2_MEMORY_MMAP;
	if (xioctl(n->fd, VIDIOC_REQBUFS, &rb))
		die("VIDIOC_REQBUFS");
	if (rb.count < NUM_BUFS) {
		fprintf(stderr, "visp-latency: %u buffers, expected %u\n",
			rb.count, NUM_BUFS);
		exit(1);
	}
	if (xioctl(n->fd, VIDIOC_STREAMON, &type))
		die("VIDIOC_STREAMON");
}

static void init_buf(const struct node *n, struct v4l2_buffer *buf,
		     struct v4l2_plane *planes, unsigned int index)
{
	unsigned int i;

	memset(buf, 0, sizeof(*buf));
	memset(planes, 0, sizeof(*planes) * VIDEO_MAX_PLANES);
	buf->type = n->type;
	buf->memory = V4L2_MEMORY_MMAP;
	buf->index = index;
	buf->m.planes = planes;
	buf->length = n->planes;
	if (n->type == V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE)
		for (i = 0; i < n->planes; i++)
			planes[i].bytesused = n->sizeimage[i];
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
	struct v4l2_plane planes[VIDEO_MAX_PLANES];
	struct v4l2_buffer buf;
	struct node in, cap;
	unsigned int i, frames;
	double t0, t1;

	if (argc != 4) {
		fprintf(stderr, "usage: visp-latency INPUT-DEVICE CAPTURE-DEVICE FRAMES\n");
		return 2;
	}
	frames = strtoul(argv[3], NULL, 0);
	node_open(&cap, argv[2], V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE);
	node_open(&in, argv[1], V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE);

	for (i = 0; i < frames + WARMUP; i++) {
		init_buf(&cap, &buf, planes, i % NUM_BUFS);
		if (xioctl(cap.fd, VIDIOC_QBUF, &buf))
			die("VIDIOC_QBUF capture");
		init_buf(&in, &buf, planes, i % NUM_BUFS);
		t0 = now_us();
		if (xioctl(in.fd, VIDIOC_QBUF, &buf))
			die("VIDIOC_QBUF input");
		init_buf(&cap, &buf, planes, 0);
		if (xioctl(cap.fd, VIDIOC_DQBUF, &buf))
			die("VIDIOC_DQBUF capture");
		t1 = now_us();
		if (i < WARMUP)
			;
		else if (buf.flags & V4L2_BUF_FLAG_ERROR)
			printf("latency: %u failed\n", buf.sequence);
		else
			printf("latency: %u %.0f %.0f %.0f\n", buf.sequence,
			       t1 - t0, t0, t1);
		init_buf(&in, &buf, planes, 0);
		if (xioctl(in.fd, VIDIOC_DQBUF, &buf))
			die("VIDIOC_DQBUF input");
	}
	return 0;
}
