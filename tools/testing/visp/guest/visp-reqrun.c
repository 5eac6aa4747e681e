// SPDX-License-Identifier: GPL-2.0
/*
 * visp-reqrun: stream a test case of visp-testgen through media requests
 * and check every output of every request against the reference model's
 * prediction for its frame, byte for byte. Built statically into the test
 * guest by vmtest.py.
 *
 *   visp-reqrun SCENARIO MEDIA INPUT PARAMS MAIN SELF STATS DIR
 *	DIR holds in.raw, params.bin (one parameters buffer per buffer
 *	size of the node) and main.exp, self.exp, stats.exp, as many frames
 *	each; the nodes are set up for the case (the parameters node and
 *	all outputs used). Request i holds input frame i and parameters
 *	buffer i, and the outputs SCENARIO gives it:
 *
 *	ahead	every output in every request; all requests are queued
 *		before visp-input starts streaming, so that all wait before
 *		the first completes, the capture buffers taken in reverse
 *		index order
 *	late	visp-input streams and all requests are queued before
 *		visp-main starts streaming: the jobs wait for its buffers.
 *		Request 1 has no visp-self buffer (its path is off for that
 *		frame), none has a statistics buffer; meanwhile, a
 *		statistics buffer queued without a request is refused, as
 *		the other nodes hold buffers of requests
 *	refuse	no stream: check that a request without an input buffer
 *		and one with two input buffers are refused, and that a
 *		buffer queued without a request is accepted again once the
 *		requests of the earlier runs have completed
 *
 * Prints one line per output checked; any difference, refusal missing or
 * error is one line on stderr and exit status 1.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/media.h>
#include <linux/videodev2.h>

#include "visp-guest.h"

#define NUM_BUFS	4
#define MAX_FRAMES	NUM_BUFS

enum { IN, PARAMS, MAIN, SELF, STATS, NUM_NODES };

static const char *const names[NUM_NODES] = {
	"input", "params", "main", "self", "stats",
};

static const char *const files[NUM_NODES] = {
	"in.raw", "params.bin", "main.exp", "self.exp", "stats.exp",
};

struct node {
	int fd;
	unsigned int type;
	unsigned int size;
	unsigned char *mem[NUM_BUFS];
	const unsigned char *data;
	size_t data_size;
	bool streaming;
};

static struct node nodes[NUM_NODES];
static unsigned int frames;

static void die(const char *fmt, const char *what)
{
	fprintf(stderr, "visp-reqrun: ");
	fprintf(stderr, fmt, what);
	fprintf(stderr, ": %s\n", strerror(errno));
	exit(1);
}

static bool is_mplane(unsigned int n)
{
	return n == IN || n == MAIN || n == SELF;
}

static void init_buf(struct v4l2_buffer *b, struct v4l2_plane *plane,
		     unsigned int n, unsigned int index)
{
	memset(b, 0, sizeof(*b));
	memset(plane, 0, sizeof(*plane));
	b->type = nodes[n].type;
	b->memory = V4L2_MEMORY_MMAP;
	b->index = index;
	if (is_mplane(n)) {
		b->m.planes = plane;
		b->length = 1;
	}
}

static void node_setup(unsigned int n, const char *dev, const char *dir)
{
	static const unsigned int types[NUM_NODES] = {
		V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE, V4L2_BUF_TYPE_META_OUTPUT,
		V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE,
		V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, V4L2_BUF_TYPE_META_CAPTURE,
	};
	struct node *nd = &nodes[n];
	struct v4l2_requestbuffers rb = { 0 };
	struct v4l2_format f = { 0 };
	struct v4l2_plane plane;
	struct v4l2_buffer b;
	char path[512];
	unsigned int i;

	nd->type = types[n];
	nd->fd = open(dev, O_RDWR | O_NONBLOCK);
	if (nd->fd < 0)
		die("%s", dev);
	f.type = nd->type;
	if (xioctl(nd->fd, VIDIOC_G_FMT, &f))
		die("%s: VIDIOC_G_FMT", names[n]);
	nd->size = is_mplane(n) ? f.fmt.pix_mp.plane_fmt[0].sizeimage :
		   f.fmt.meta.buffersize;
	rb.count = NUM_BUFS;
	rb.type = nd->type;
	rb.memory = V4L2_MEMORY_MMAP;
	if (xioctl(nd->fd, VIDIOC_REQBUFS, &rb) || rb.count != NUM_BUFS)
		die("%s: VIDIOC_REQBUFS", names[n]);
	if (!(rb.capabilities & V4L2_BUF_CAP_SUPPORTS_REQUESTS)) {
		fprintf(stderr, "visp-reqrun: %s does not support requests\n",
			names[n]);
		exit(1);
	}
	for (i = 0; i < NUM_BUFS; i++) {
		init_buf(&b, &plane, n, i);
		if (xioctl(nd->fd, VIDIOC_QUERYBUF, &b))
			die("%s: VIDIOC_QUERYBUF", names[n]);
		nd->mem[i] = mmap(NULL, nd->size, PROT_READ | PROT_WRITE,
				  MAP_SHARED, nd->fd,
				  is_mplane(n) ? plane.m.mem_offset : b.m.offset);
		if (nd->mem[i] == MAP_FAILED)
			die("%s: mmap", names[n]);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, files[n]);
	if (visp_map_file(path, &nd->data, &nd->data_size))
		die("%s", path);
	if (!nd->data_size || nd->data_size % nd->size ||
	    nd->data_size / nd->size < frames) {
		fprintf(stderr, "visp-reqrun: %s: %zu bytes, not %u frames of %u bytes\n",
			path, nd->data_size, frames, nd->size);
		exit(1);
	}
}

static void stream(unsigned int n, bool on)
{
	int type = nodes[n].type;

	if (xioctl(nodes[n].fd, on ? VIDIOC_STREAMON : VIDIOC_STREAMOFF, &type))
		die("%s: VIDIOC_STREAMON/OFF", names[n]);
	nodes[n].streaming = on;
}

/*
 * Queue buffer @index of node @n for frame @frame, in request @req (-1:
 * none); return 0 or errno.
 */
static int qbuf(unsigned int n, unsigned int index, unsigned int frame,
		int req)
{
	struct node *nd = &nodes[n];
	unsigned int used = nd->size;
	struct v4l2_plane plane;
	struct v4l2_buffer b;

	if (n == IN || n == PARAMS) {
		memcpy(nd->mem[index], nd->data + (size_t)frame * nd->size,
		       nd->size);
		if (n == PARAMS)
			used = visp_params_size(nd->mem[index], nd->size);
	}
	init_buf(&b, &plane, n, index);
	if (is_mplane(n))
		plane.bytesused = used;
	else
		b.bytesused = used;
	if (req >= 0) {
		b.flags = V4L2_BUF_FLAG_REQUEST_FD;
		b.request_fd = req;
	}
	return xioctl(nd->fd, VIDIOC_QBUF, &b) ? errno : 0;
}

static int req_alloc(int media)
{
	int fd;

	if (xioctl(media, MEDIA_IOC_REQUEST_ALLOC, &fd))
		die("%s", "MEDIA_IOC_REQUEST_ALLOC");
	return fd;
}

static int req_queue(int req)
{
	return xioctl(req, MEDIA_REQUEST_IOC_QUEUE, NULL) ? errno : 0;
}

/* Dequeue one buffer of node @n, waiting up to 10 s; return its index. */
static unsigned int dqbuf(unsigned int n, unsigned int *sequence)
{
	struct pollfd pfd = { .fd = nodes[n].fd };
	struct v4l2_plane plane;
	struct v4l2_buffer b;

	pfd.events = V4L2_TYPE_IS_OUTPUT(nodes[n].type) ? POLLOUT : POLLIN;
	if (poll(&pfd, 1, 10000) != 1) {
		fprintf(stderr, "visp-reqrun: %s: no buffer done in 10 s\n",
			names[n]);
		exit(1);
	}
	init_buf(&b, &plane, n, 0);
	if (xioctl(nodes[n].fd, VIDIOC_DQBUF, &b))
		die("%s: VIDIOC_DQBUF", names[n]);
	if (b.flags & V4L2_BUF_FLAG_ERROR) {
		fprintf(stderr, "visp-reqrun: %s: buffer %u returned with an error\n",
			names[n], b.index);
		exit(1);
	}
	*sequence = b.sequence;
	return b.index;
}

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "visp-reqrun: refuse: %s\n", what);
		exit(1);
	}
	printf("refuse: %s\n", what);
}

/* The refusals, without streaming. */
static int refuse(int media)
{
	int r0 = req_alloc(media), r1 = req_alloc(media);

	check(qbuf(MAIN, 0, 0, r0) == 0 && req_queue(r0) == EINVAL,
	      "a request without an input buffer: EINVAL");
	check(qbuf(IN, 0, 0, r1) == 0 && qbuf(IN, 1, 0, r1) == 0 &&
	      req_queue(r1) == EINVAL, "two input buffers: EINVAL");
	check(qbuf(STATS, 0, 0, -1) == 0,
	      "a buffer without a request, no request pending: accepted");
	return 0;
}

int main(int argc, char *argv[])
{
	bool ahead, late;
	unsigned int n, i, index[NUM_NODES][MAX_FRAMES], seq, want;
	bool has[NUM_NODES][MAX_FRAMES];
	int media, req[MAX_FRAMES], err;

	if (argc != 9) {
		fprintf(stderr, "usage: visp-reqrun ahead|late|refuse MEDIA INPUT PARAMS MAIN SELF STATS DIR\n");
		return 2;
	}
	ahead = !strcmp(argv[1], "ahead");
	late = !strcmp(argv[1], "late");
	media = open(argv[2], O_RDWR);
	if (media < 0)
		die("%s", argv[2]);
	frames = 3;
	for (n = 0; n < NUM_NODES; n++)
		node_setup(n, argv[3 + n], argv[8]);
	if (!ahead && !late)
		return refuse(media);

	for (i = 0; i < frames; i++) {
		for (n = 0; n < NUM_NODES; n++) {
			has[n][i] = true;
			index[n][i] = ahead && n != IN && n != PARAMS ?
				      NUM_BUFS - 1 - i : i;
		}
		if (late)
			has[STATS][i] = false;
	}
	if (late)
		has[SELF][1] = false;

	for (n = 0; n < NUM_NODES; n++)
		if (n != IN && !(late && n == MAIN))
			stream(n, true);
	if (late)
		stream(IN, true);

	for (i = 0; i < frames; i++) {
		req[i] = req_alloc(media);
		/* The outputs first, the input last. */
		for (n = NUM_NODES; n-- > 0;) {
			if (!has[n][i])
				continue;
			err = qbuf(n, index[n][i], i, req[i]);
			if (err) {
				errno = err;
				die("%s: VIDIOC_QBUF in a request", names[n]);
			}
		}
		err = req_queue(req[i]);
		if (err) {
			errno = err;
			die("%s", "MEDIA_REQUEST_IOC_QUEUE");
		}
	}
	printf("%s: %u requests queued\n", argv[1], frames);
	if (ahead) {
		stream(IN, true);
	} else {
		err = qbuf(STATS, 0, 0, -1);
		if (err != EBUSY) {
			fprintf(stderr, "visp-reqrun: late: a buffer queued without a request while the others are in requests: %s, expected EBUSY\n",
				strerror(err));
			return 1;
		}
		printf("late: a buffer without a request while requests are queued: EBUSY\n");
		stream(MAIN, true);
	}

	/* Each node gives its buffers back in request order. */
	for (n = 0; n < NUM_NODES; n++) {
		for (i = 0; i < frames; i++) {
			const unsigned char *exp;
			unsigned int got;

			if (!has[n][i])
				continue;
			got = dqbuf(n, &seq);
			if (got != index[n][i] || seq != i) {
				fprintf(stderr, "visp-reqrun: %s: buffer %u sequence %u, expected buffer %u of request %u\n",
					names[n], got, seq, index[n][i], i);
				return 1;
			}
			if (n == IN || n == PARAMS)
				continue;
			exp = nodes[n].data + (size_t)i * nodes[n].size;
			if (memcmp(nodes[n].mem[got], exp, nodes[n].size)) {
				fprintf(stderr, "visp-reqrun: %s: %s of request %u differs from the reference model\n",
					argv[1], names[n], i);
				return 1;
			}
			printf("%s: request %u: %s bit-exact\n", argv[1], i,
			       names[n]);
		}
	}

	/* Every request completed. */
	for (i = 0; i < frames; i++) {
		struct pollfd pfd = { .fd = req[i], .events = POLLPRI };

		want = poll(&pfd, 1, 1000) == 1;
		if (!want) {
			fprintf(stderr, "visp-reqrun: request %u not complete\n", i);
			return 1;
		}
	}
	for (n = 0; n < NUM_NODES; n++)
		stream(n, false);
	printf("%s: %u requests complete\n", argv[1], frames);
	return 0;
}
