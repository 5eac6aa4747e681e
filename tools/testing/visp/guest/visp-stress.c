// SPDX-License-Identifier: GPL-2.0
/*
 * visp-stress: stress and fault injection helpers for the visp VM tests.
 * Built statically into the test guest by vmtest.py.
 *
 *   visp-stress cycles N -i INPUT -m MAIN [-s SELF] [-t STATS] [-p PARAMS]
 *	N cycles of STREAMON, a few frames and STREAMOFF on every node given,
 *	the order of STREAMON and STREAMOFF changing from cycle to cycle and
 *	the buffers freed and allocated again every 8 cycles. Every buffer
 *	must come back with the sequence of its frame, every buffer must be
 *	dequeued after STREAMOFF. Prints the time taken and the number of
 *	buffers returned with an error, which the caller checks against the
 *	driver's failed frames (a guest stalled by its host for a second
 *	makes the driver's watchdog fail a frame).
 *
 *   visp-stress opens SECONDS NODE...
 *	For SECONDS, a thread per node opens it up to 8 times at once and
 *	runs the read-only ioctls of its kind (media device, subdev, video
 *	node) on every file handle, which must succeed, or fail with EBUSY
 *	for REQBUFS(0) on a queue another file handle owns.
 *
 *   visp-stress threads SECONDS THREADS INPUT MAIN
 *	Stream INPUT to MAIN with THREADS threads per node doing poll,
 *	blocking DQBUF (EBUSY while another thread waits in it) and QBUF on
 *	one file handle of each node for SECONDS, then
 *	STREAMOFF under the threads' feet. No buffer may be dequeued twice
 *	and the frames dequeued from MAIN must be 0 to the last one, each
 *	once.
 *
 *   visp-stress fail [-k STEP] [-m MAX] OP ARGS...
 *	Run operation OP with the N-th fault injection point of the calling
 *	thread failing (/proc/thread-self/fail-nth), for N = 1, 1 + STEP,
 *	... until it succeeds with the fault left unused; an attempt whose
 *	fault is not used must succeed. Prints "OP N: consumed|unused:
 *	ok|<error>" per attempt, then how many faults made OP fail and how
 *	many it absorbed. The operations:
 *	  bind DRIVER-DIR DEVICE	bind DEVICE to the driver through sysfs
 *	  open NODE			open a video node
 *	  reqbufs NODE COUNT		REQBUFS of COUNT buffers on a video node
 *	  streamon INPUT MAIN		STREAMON of MAIN (the pipeline start),
 *					then of INPUT, one frame
 *	A successful operation is undone (unbind, REQBUFS(0), STREAMOFF) with
 *	no fault armed. The fault injection attributes (failslab,
 *	fail_page_alloc) must let the thread's allocations fail.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/media.h>
#include <linux/v4l2-subdev.h>
#include <linux/videodev2.h>

#include "visp-guest.h"

#define MAX_BUFS	16
#define MAX_OPENS	8
#define POLL_MS		5000

/* Parameters buffer header, version 1, no block: a valid buffer. */
#define PARAMS_V1	1

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("visp-stress: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* -----------------------------------------------------------------------
 * Video nodes
 */

struct node {
	const char *name;
	const char *path;
	int fd;
	enum v4l2_buf_type type;
	bool mplane;
	bool output;
	unsigned int size;
	unsigned int nbufs;
	void *mem[MAX_BUFS];
	size_t len[MAX_BUFS];
	/* Buffers dequeued in this cycle and the sequence of the last one. */
	unsigned int done;
	int last_seq;
};

static void node_open(struct node *n, const char *name, const char *path,
		      int flags)
{
	struct v4l2_capability cap;
	struct v4l2_format fmt;
	__u32 caps;

	memset(n, 0, sizeof(*n));
	n->name = name;
	n->path = path;
	n->fd = open(path, O_RDWR | flags);
	if (n->fd < 0)
		die("%s: open %s: %s", name, path, strerror(errno));
	if (xioctl(n->fd, VIDIOC_QUERYCAP, &cap))
		die("%s: VIDIOC_QUERYCAP: %s", name, strerror(errno));
	caps = cap.device_caps;
	if (caps & V4L2_CAP_VIDEO_OUTPUT_MPLANE)
		n->type = V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
	else if (caps & V4L2_CAP_VIDEO_CAPTURE_MPLANE)
		n->type = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
	else if (caps & V4L2_CAP_META_OUTPUT)
		n->type = V4L2_BUF_TYPE_META_OUTPUT;
	else if (caps & V4L2_CAP_META_CAPTURE)
		n->type = V4L2_BUF_TYPE_META_CAPTURE;
	else
		die("%s: unexpected capabilities 0x%08x", name, caps);
	n->mplane = n->type == V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE ||
		    n->type == V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
	n->output = n->type == V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE ||
		    n->type == V4L2_BUF_TYPE_META_OUTPUT;

	memset(&fmt, 0, sizeof(fmt));
	fmt.type = n->type;
	if (xioctl(n->fd, VIDIOC_G_FMT, &fmt))
		die("%s: VIDIOC_G_FMT: %s", name, strerror(errno));
	n->size = n->mplane ? fmt.fmt.pix_mp.plane_fmt[0].sizeimage :
		  fmt.fmt.meta.buffersize;
}

static void init_buf(struct node *n, struct v4l2_buffer *buf,
		     struct v4l2_plane *plane, unsigned int index)
{
	memset(buf, 0, sizeof(*buf));
	memset(plane, 0, sizeof(*plane));
	buf->type = n->type;
	buf->memory = V4L2_MEMORY_MMAP;
	buf->index = index;
	if (n->mplane) {
		buf->m.planes = plane;
		buf->length = 1;
	}
}

static int reqbufs(struct node *n, unsigned int count)
{
	struct v4l2_requestbuffers rb;

	memset(&rb, 0, sizeof(rb));
	rb.count = count;
	rb.type = n->type;
	rb.memory = V4L2_MEMORY_MMAP;
	if (xioctl(n->fd, VIDIOC_REQBUFS, &rb))
		return -errno;
	return rb.count;
}

/* Allocate and map @count buffers, fill those of an output node. */
static void node_alloc(struct node *n, unsigned int count)
{
	struct v4l2_plane plane;
	struct v4l2_buffer buf;
	unsigned int i, off;
	int ret;

	ret = reqbufs(n, count);
	if (ret < 0)
		die("%s: VIDIOC_REQBUFS(%u): %s", n->name, count,
		    strerror(-ret));
	if (ret < 2 || ret > MAX_BUFS)
		die("%s: VIDIOC_REQBUFS(%u) gave %d buffers", n->name, count,
		    ret);
	n->nbufs = ret;
	for (i = 0; i < n->nbufs; i++) {
		init_buf(n, &buf, &plane, i);
		if (xioctl(n->fd, VIDIOC_QUERYBUF, &buf))
			die("%s: VIDIOC_QUERYBUF: %s", n->name, strerror(errno));
		n->len[i] = n->mplane ? plane.length : buf.length;
		off = n->mplane ? plane.m.mem_offset : buf.m.offset;
		n->mem[i] = mmap(NULL, n->len[i], PROT_READ | PROT_WRITE,
				 MAP_SHARED, n->fd, off);
		if (n->mem[i] == MAP_FAILED)
			die("%s: mmap: %s", n->name, strerror(errno));
		if (n->type == V4L2_BUF_TYPE_META_OUTPUT) {
			uint32_t hdr[2] = { PARAMS_V1, 0 };

			memcpy(n->mem[i], hdr, sizeof(hdr));
		} else if (n->output) {
			memset(n->mem[i], 0x40 + i, n->len[i]);
		}
	}
}

static void node_free(struct node *n)
{
	unsigned int i;
	int ret;

	for (i = 0; i < n->nbufs; i++)
		munmap(n->mem[i], n->len[i]);
	n->nbufs = 0;
	ret = reqbufs(n, 0);
	if (ret < 0)
		die("%s: VIDIOC_REQBUFS(0): %s", n->name, strerror(-ret));
}

static int qbuf(struct node *n, unsigned int index)
{
	struct v4l2_plane plane;
	struct v4l2_buffer buf;
	unsigned int used = n->type == V4L2_BUF_TYPE_META_OUTPUT ?
			    2 * sizeof(uint32_t) : n->size;

	init_buf(n, &buf, &plane, index);
	if (n->mplane)
		plane.bytesused = used;
	else
		buf.bytesused = used;
	return xioctl(n->fd, VIDIOC_QBUF, &buf) ? -errno : 0;
}

static void stream(struct node *n, bool on)
{
	int type = n->type;

	if (xioctl(n->fd, on ? VIDIOC_STREAMON : VIDIOC_STREAMOFF, &type))
		die("%s: %s: %s", n->name,
		    on ? "VIDIOC_STREAMON" : "VIDIOC_STREAMOFF", strerror(errno));
}

/* Dequeue a buffer, -EAGAIN if none is ready. */
static int dqbuf(struct node *n, struct v4l2_buffer *buf,
		 struct v4l2_plane *plane)
{
	init_buf(n, buf, plane, 0);
	return xioctl(n->fd, VIDIOC_DQBUF, buf) ? -errno : 0;
}

/* -----------------------------------------------------------------------
 * cycles
 */

/* Buffers returned with an error, for the caller to check. */
static unsigned long errors;

/* Frames of every capture node per cycle. */
#define CYCLE_FRAMES	2
/* Cycles between two reallocations of the buffers. */
#define REALLOC_CYCLES	8

static void cycle_dequeue(struct node *n, unsigned int cycle)
{
	struct v4l2_plane plane;
	struct v4l2_buffer buf;
	int ret;

	ret = dqbuf(n, &buf, &plane);
	if (ret == -EAGAIN)
		return;
	if (ret)
		die("cycle %u: %s: VIDIOC_DQBUF: %s", cycle, n->name,
		    strerror(-ret));
	/* The driver's watchdog fails a frame the host stalled for 1 s. */
	if (buf.flags & V4L2_BUF_FLAG_ERROR)
		errors++;
	/*
	 * Every frame has a buffer of every node but the parameters, which a
	 * frame uses only once that node streams: the captures and the input
	 * count from frame 0 of the cycle.
	 */
	if (n->type == V4L2_BUF_TYPE_META_OUTPUT ?
	    (int)buf.sequence <= n->last_seq : buf.sequence != n->done)
		die("cycle %u: %s: frame %u after frame %d, buffer %u",
		    cycle, n->name, buf.sequence, n->last_seq, buf.index);
	n->last_seq = buf.sequence;
	n->done++;
	ret = qbuf(n, buf.index);
	if (ret)
		die("cycle %u: %s: VIDIOC_QBUF: %s", cycle, n->name,
		    strerror(-ret));
}

/* Once STREAMOFF returns, every buffer belongs to userspace again. */
static void check_dequeued(struct node *n, unsigned int cycle)
{
	struct v4l2_plane plane;
	struct v4l2_buffer buf;
	unsigned int i;

	for (i = 0; i < n->nbufs; i++) {
		init_buf(n, &buf, &plane, i);
		if (xioctl(n->fd, VIDIOC_QUERYBUF, &buf))
			die("%s: VIDIOC_QUERYBUF: %s", n->name, strerror(errno));
		if (buf.flags & (V4L2_BUF_FLAG_QUEUED | V4L2_BUF_FLAG_DONE))
			die("cycle %u: %s: buffer %u still queued after STREAMOFF (flags 0x%x)",
			    cycle, n->name, i, buf.flags);
	}
}

static int cmd_cycles(int argc, char *argv[])
{
	static const char * const names[] = {
		"input", "main", "self", "stats", "params",
	};
	const char *paths[5] = { };
	struct node nodes[5];
	struct pollfd pfd[5];
	unsigned int cycles, c, i, k, num = 0, frames = 0;
	double start;
	int opt;

	if (argc < 2)
		die("cycles: no count");
	cycles = strtoul(argv[1], NULL, 0);
	optind = 2;
	while ((opt = getopt(argc, argv, "i:m:s:t:p:")) != -1) {
		const char *o = strchr("imstp", opt);

		if (!o)
			return 2;
		paths[o - "imstp"] = optarg;
	}
	if (!paths[0] || !paths[1])
		die("cycles: -i INPUT and -m MAIN are needed");

	/* The input last: STREAMON order is shuffled from nodes[] order. */
	for (i = 0; i < 5; i++) {
		k = (i + 1) % 5;
		if (!paths[k])
			continue;
		node_open(&nodes[num], names[k], paths[k], O_NONBLOCK);
		pfd[num].fd = nodes[num].fd;
		pfd[num].events = nodes[num].output ? POLLOUT : POLLIN;
		num++;
	}

	start = now();
	for (c = 0; c < cycles; c++) {
		bool all;

		if (c % REALLOC_CYCLES == 0) {
			for (i = 0; i < num; i++) {
				if (c)
					node_free(&nodes[i]);
				node_alloc(&nodes[i], 3 + c / REALLOC_CYCLES % 3);
			}
		}
		for (i = 0; i < num; i++) {
			nodes[i].done = 0;
			nodes[i].last_seq = -1;
			for (k = 0; k < nodes[i].nbufs; k++)
				if (qbuf(&nodes[i], k))
					die("cycle %u: %s: VIDIOC_QBUF: %s", c,
					    nodes[i].name, strerror(errno));
		}

		/* Input last, first, or in the middle. */
		for (i = 0; i < num; i++)
			stream(&nodes[(i + c) % num], true);

		do {
			int ret = poll(pfd, num, POLL_MS);

			if (ret < 0 && errno != EINTR)
				die("poll: %s", strerror(errno));
			if (!ret)
				die("cycle %u: no frame for %d ms (%s: %u frames)",
				    c, POLL_MS, nodes[0].name, nodes[0].done);
			all = true;
			for (i = 0; i < num; i++) {
				if (pfd[i].revents & POLLERR)
					die("cycle %u: %s: POLLERR", c,
					    nodes[i].name);
				if (pfd[i].revents)
					cycle_dequeue(&nodes[i], c);
				if (!nodes[i].output &&
				    nodes[i].done < CYCLE_FRAMES)
					all = false;
			}
		} while (!all);
		frames += nodes[0].done;

		/* STREAMOFF with frames in flight, in every order. */
		for (i = 0; i < num; i++) {
			k = c / num % 2 ? num - 1 - i : i;
			stream(&nodes[(k + c) % num], false);
		}
		for (i = 0; i < num; i++)
			check_dequeued(&nodes[i], c);
	}
	for (i = 0; i < num; i++) {
		node_free(&nodes[i]);
		close(nodes[i].fd);
	}
	printf("%u cycles, %u frames of %s, %lu buffers with an error, in %.1f s: %.1f ms per cycle\n",
	       cycles, frames, nodes[0].name, errors, now() - start,
	       cycles ? (now() - start) * 1000 / cycles : 0);
	return 0;
}

/* -----------------------------------------------------------------------
 * opens
 */

enum node_kind { KIND_MEDIA, KIND_SUBDEV, KIND_VIDEO };

struct opener {
	pthread_t thread;
	const char *path;
	enum node_kind kind;
	double end;
	unsigned long opens;
	unsigned long ioctls;
};

static void media_ioctls(struct opener *o, int fd)
{
	struct media_v2_topology topo, topo2;
	struct media_device_info info;
	struct media_entity_desc ent;
	struct media_v2_entity *ents;
	struct media_v2_link *links;

	if (xioctl(fd, MEDIA_IOC_DEVICE_INFO, &info))
		die("%s: MEDIA_IOC_DEVICE_INFO: %s", o->path, strerror(errno));
	if (strcmp(info.driver, "visp"))
		die("%s: driver %s", o->path, info.driver);

	memset(&topo, 0, sizeof(topo));
	if (xioctl(fd, MEDIA_IOC_G_TOPOLOGY, &topo))
		die("%s: MEDIA_IOC_G_TOPOLOGY: %s", o->path, strerror(errno));
	ents = calloc(topo.num_entities + 1, sizeof(*ents));
	links = calloc(topo.num_links + 1, sizeof(*links));
	if (!ents || !links)
		die("out of memory");
	topo2 = topo;
	topo2.ptr_entities = (uintptr_t)ents;
	topo2.ptr_links = (uintptr_t)links;
	if (xioctl(fd, MEDIA_IOC_G_TOPOLOGY, &topo2))
		die("%s: MEDIA_IOC_G_TOPOLOGY: %s", o->path, strerror(errno));
	if (topo2.topology_version == topo.topology_version &&
	    (topo2.num_entities != topo.num_entities ||
	     topo2.num_links != topo.num_links))
		die("%s: topology %llu changed", o->path,
		    (unsigned long long)topo.topology_version);
	free(ents);
	free(links);

	memset(&ent, 0, sizeof(ent));
	ent.id = MEDIA_ENT_ID_FLAG_NEXT;
	while (!xioctl(fd, MEDIA_IOC_ENUM_ENTITIES, &ent)) {
		struct media_links_enum le;
		struct media_pad_desc pads[8];
		struct media_link_desc ld[8];

		o->ioctls++;
		if (ent.pads <= 8 && ent.links <= 8) {
			memset(&le, 0, sizeof(le));
			le.entity = ent.id;
			le.pads = pads;
			le.links = ld;
			if (xioctl(fd, MEDIA_IOC_ENUM_LINKS, &le))
				die("%s: MEDIA_IOC_ENUM_LINKS: %s", o->path,
				    strerror(errno));
		}
		ent.id |= MEDIA_ENT_ID_FLAG_NEXT;
	}
	if (errno != EINVAL)
		die("%s: MEDIA_IOC_ENUM_ENTITIES: %s", o->path, strerror(errno));
	o->ioctls += 3;
}

static void subdev_ioctls(struct opener *o, int fd)
{
	struct v4l2_subdev_mbus_code_enum code;
	struct v4l2_subdev_capability cap;
	struct v4l2_subdev_format fmt;
	struct v4l2_queryctrl qc;

	if (xioctl(fd, VIDIOC_SUBDEV_QUERYCAP, &cap))
		die("%s: VIDIOC_SUBDEV_QUERYCAP: %s", o->path, strerror(errno));
	memset(&fmt, 0, sizeof(fmt));
	fmt.which = V4L2_SUBDEV_FORMAT_ACTIVE;
	if (xioctl(fd, VIDIOC_SUBDEV_G_FMT, &fmt))
		die("%s: VIDIOC_SUBDEV_G_FMT: %s", o->path, strerror(errno));
	memset(&code, 0, sizeof(code));
	code.which = V4L2_SUBDEV_FORMAT_ACTIVE;
	if (xioctl(fd, VIDIOC_SUBDEV_ENUM_MBUS_CODE, &code))
		die("%s: VIDIOC_SUBDEV_ENUM_MBUS_CODE: %s", o->path,
		    strerror(errno));
	/* The ISP has controls, the resizers none. */
	memset(&qc, 0, sizeof(qc));
	qc.id = V4L2_CTRL_FLAG_NEXT_CTRL;
	if (xioctl(fd, VIDIOC_QUERYCTRL, &qc) && errno != EINVAL &&
	    errno != ENOTTY)
		die("%s: VIDIOC_QUERYCTRL: %s", o->path, strerror(errno));
	o->ioctls += 4;
}

static void video_ioctls(struct opener *o, int fd)
{
	struct v4l2_requestbuffers rb;
	struct v4l2_capability cap;
	struct v4l2_plane plane;
	struct v4l2_buffer buf;
	struct v4l2_fmtdesc fd_;
	struct v4l2_format fmt;
	struct node n;

	/* The type of the node, as node_open() finds it. */
	if (xioctl(fd, VIDIOC_QUERYCAP, &cap))
		die("%s: VIDIOC_QUERYCAP: %s", o->path, strerror(errno));
	if (strcmp((char *)cap.driver, "visp"))
		die("%s: driver %s", o->path, cap.driver);
	memset(&n, 0, sizeof(n));
	if (cap.device_caps & V4L2_CAP_VIDEO_OUTPUT_MPLANE)
		n.type = V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
	else if (cap.device_caps & V4L2_CAP_VIDEO_CAPTURE_MPLANE)
		n.type = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
	else if (cap.device_caps & V4L2_CAP_META_OUTPUT)
		n.type = V4L2_BUF_TYPE_META_OUTPUT;
	else
		n.type = V4L2_BUF_TYPE_META_CAPTURE;
	n.mplane = n.type == V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE ||
		   n.type == V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;

	memset(&fmt, 0, sizeof(fmt));
	fmt.type = n.type;
	if (xioctl(fd, VIDIOC_G_FMT, &fmt))
		die("%s: VIDIOC_G_FMT: %s", o->path, strerror(errno));
	if (xioctl(fd, VIDIOC_TRY_FMT, &fmt))
		die("%s: VIDIOC_TRY_FMT: %s", o->path, strerror(errno));
	memset(&fd_, 0, sizeof(fd_));
	fd_.type = n.type;
	if (xioctl(fd, VIDIOC_ENUM_FMT, &fd_))
		die("%s: VIDIOC_ENUM_FMT: %s", o->path, strerror(errno));
	/* Buffer 0 may or may not exist: the owner allocates and frees. */
	init_buf(&n, &buf, &plane, 0);
	if (xioctl(fd, VIDIOC_QUERYBUF, &buf) && errno != EINVAL)
		die("%s: VIDIOC_QUERYBUF: %s", o->path, strerror(errno));
	/* Not the owner of the queue: busy, or a no-op without buffers. */
	memset(&rb, 0, sizeof(rb));
	rb.type = n.type;
	rb.memory = V4L2_MEMORY_MMAP;
	if (xioctl(fd, VIDIOC_REQBUFS, &rb) && errno != EBUSY)
		die("%s: VIDIOC_REQBUFS(0): %s", o->path, strerror(errno));
	o->ioctls += 6;
}

static void *opener_thread(void *arg)
{
	struct opener *o = arg;
	int fds[MAX_OPENS];
	unsigned int i, n;

	for (n = 1; now() < o->end; n = n % MAX_OPENS + 1) {
		for (i = 0; i < n; i++) {
			fds[i] = open(o->path, O_RDWR | O_NONBLOCK);
			if (fds[i] < 0)
				die("open %s: %s", o->path, strerror(errno));
			o->opens++;
		}
		for (i = 0; i < n; i++) {
			switch (o->kind) {
			case KIND_MEDIA:
				media_ioctls(o, fds[i]);
				break;
			case KIND_SUBDEV:
				subdev_ioctls(o, fds[i]);
				break;
			default:
				video_ioctls(o, fds[i]);
				break;
			}
		}
		for (i = 0; i < n; i++)
			close(fds[i]);
	}
	return NULL;
}

static int cmd_opens(int argc, char *argv[])
{
	struct opener *o;
	double secs, end;
	unsigned long opens = 0, ioctls = 0;
	int i, num = argc - 2;

	if (num < 1)
		die("opens: SECONDS NODE...");
	secs = strtod(argv[1], NULL);
	end = now() + secs;
	o = calloc(num, sizeof(*o));
	if (!o)
		die("out of memory");
	for (i = 0; i < num; i++) {
		char real[PATH_MAX];
		const char *base;

		o[i].path = argv[i + 2];
		o[i].end = end;
		if (!realpath(o[i].path, real))
			die("%s: %s", o[i].path, strerror(errno));
		base = strrchr(real, '/') + 1;
		o[i].kind = !strncmp(base, "media", 5) ? KIND_MEDIA :
			    !strncmp(base, "v4l-subdev", 10) ? KIND_SUBDEV :
			    KIND_VIDEO;
		if (pthread_create(&o[i].thread, NULL, opener_thread, &o[i]))
			die("pthread_create failed");
	}
	for (i = 0; i < num; i++) {
		pthread_join(o[i].thread, NULL);
		opens += o[i].opens;
		ioctls += o[i].ioctls;
	}
	printf("%d nodes: %lu opens, %lu ioctls in %.0f s\n", num, opens,
	       ioctls, secs);
	free(o);
	return 0;
}

/* -----------------------------------------------------------------------
 * threads
 */

#define MAX_SEQ		(1U << 20)

static struct {
	struct node node[2];
	/* Per node and buffer: queued to the driver. */
	int queued[2][MAX_BUFS];
	unsigned char *seen;
	int stop;
	unsigned long frames[2];
	unsigned int max_seq;
} thr;

struct worker {
	pthread_t thread;
	unsigned int node;
};

static void *worker_thread(void *arg)
{
	struct worker *w = arg;
	struct node *n = &thr.node[w->node];
	struct v4l2_plane plane;
	struct v4l2_buffer buf;
	int ret;

	for (;;) {
		struct pollfd pfd = {
			.fd = n->fd,
			.events = n->output ? POLLOUT : POLLIN,
		};

		/*
		 * Poll, then a blocking DQBUF that another thread may have
		 * beaten to the buffer: vb2 lets one thread wait in DQBUF and
		 * fails the others with EBUSY.
		 */
		poll(&pfd, 1, 100);
		ret = dqbuf(n, &buf, &plane);
		if (__atomic_load_n(&thr.stop, __ATOMIC_ACQUIRE))
			break;
		if (ret == -EBUSY)
			continue;
		if (ret)
			die("%s: VIDIOC_DQBUF: %s", n->name, strerror(-ret));
		if (buf.index >= n->nbufs)
			die("%s: buffer %u of %u", n->name, buf.index, n->nbufs);
		if (!__atomic_exchange_n(&thr.queued[w->node][buf.index], 0,
					 __ATOMIC_ACQ_REL))
			die("%s: buffer %u dequeued twice", n->name, buf.index);
		if (buf.flags & V4L2_BUF_FLAG_ERROR)
			__atomic_fetch_add(&errors, 1, __ATOMIC_RELAXED);
		if (w->node == 1) {
			if (buf.sequence >= MAX_SEQ)
				die("frame %u: too many frames", buf.sequence);
			if (__atomic_exchange_n(&thr.seen[buf.sequence], 1,
						__ATOMIC_ACQ_REL))
				die("%s: frame %u dequeued twice", n->name,
				    buf.sequence);
			__atomic_fetch_add(&thr.frames[1], 1, __ATOMIC_RELAXED);
		} else {
			__atomic_fetch_add(&thr.frames[0], 1, __ATOMIC_RELAXED);
		}
		__atomic_store_n(&thr.queued[w->node][buf.index], 1,
				 __ATOMIC_RELEASE);
		ret = qbuf(n, buf.index);
		if (ret && !__atomic_load_n(&thr.stop, __ATOMIC_ACQUIRE))
			die("%s: VIDIOC_QBUF: %s", n->name, strerror(-ret));
	}
	return NULL;
}

static int cmd_threads(int argc, char *argv[])
{
	unsigned int secs, nthreads, i, k, last = 0;
	struct worker *w;

	if (argc != 5)
		die("threads: SECONDS THREADS INPUT MAIN");
	secs = strtoul(argv[1], NULL, 0);
	nthreads = strtoul(argv[2], NULL, 0);
	if (!nthreads)
		die("threads: no thread");
	thr.seen = calloc(MAX_SEQ, 1);
	w = calloc(2 * nthreads, sizeof(*w));
	if (!thr.seen || !w)
		die("out of memory");
	/* Blocking DQBUF: the threads wait in the driver's queue. */
	node_open(&thr.node[0], "input", argv[3], 0);
	node_open(&thr.node[1], "main", argv[4], 0);
	alarm(secs + 60);

	for (k = 0; k < 2; k++) {
		node_alloc(&thr.node[k], 8);
		for (i = 0; i < thr.node[k].nbufs; i++) {
			thr.queued[k][i] = 1;
			if (qbuf(&thr.node[k], i))
				die("%s: VIDIOC_QBUF: %s", thr.node[k].name,
				    strerror(errno));
		}
	}
	stream(&thr.node[1], true);
	stream(&thr.node[0], true);
	for (i = 0; i < 2 * nthreads; i++) {
		w[i].node = i % 2;
		if (pthread_create(&w[i].thread, NULL, worker_thread, &w[i]))
			die("pthread_create failed");
	}
	sleep(secs);

	/* Under the feet of the threads waiting in DQBUF or queueing. */
	__atomic_store_n(&thr.stop, 1, __ATOMIC_RELEASE);
	stream(&thr.node[0], false);
	stream(&thr.node[1], false);
	for (i = 0; i < 2 * nthreads; i++)
		pthread_join(w[i].thread, NULL);

	for (i = 0; i < MAX_SEQ; i++)
		if (thr.seen[i])
			last = i;
	for (i = 0; i <= last; i++)
		if (!thr.seen[i])
			die("main: frame %u of 0 to %u never dequeued", i, last);
	if (!thr.frames[1])
		die("main: no frame");
	printf("%u threads per node: %lu input buffers, %lu frames (0 to %u), %lu buffers with an error, in %u s\n",
	       nthreads, thr.frames[0], thr.frames[1], last, errors, secs);
	for (k = 0; k < 2; k++) {
		node_free(&thr.node[k]);
		close(thr.node[k].fd);
	}
	free(w);
	free(thr.seen);
	return 0;
}

/* -----------------------------------------------------------------------
 * fail
 */

static int failnth_fd = -1;

/* Outcome of an operation with a fault armed. */
enum {
	FAIL_UNUSED_OK,
	FAIL_UNUSED_ERR,
	FAIL_CONSUMED_OK,
	FAIL_CONSUMED_ERR,
};

static int fail_outcome(bool consumed, bool ok)
{
	return consumed ? (ok ? FAIL_CONSUMED_OK : FAIL_CONSUMED_ERR) :
			  (ok ? FAIL_UNUSED_OK : FAIL_UNUSED_ERR);
}

static void fail_arm(unsigned int nth)
{
	char s[16];
	int len = snprintf(s, sizeof(s), "%u", nth);

	if (failnth_fd < 0) {
		failnth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
		if (failnth_fd < 0)
			die("/proc/thread-self/fail-nth: %s", strerror(errno));
	}
	if (pwrite(failnth_fd, s, len, 0) != len)
		die("fail-nth: write: %s", strerror(errno));
}

/*
 * Disarm: true if the fault was injected. The counter reads 0 once the
 * N-th fault injection point has failed, the number of points left else.
 */
static bool fail_disarm(void)
{
	char s[16] = "";
	bool consumed;

	if (pread(failnth_fd, s, sizeof(s) - 1, 0) <= 0)
		die("fail-nth: read: %s", strerror(errno));
	consumed = strtoul(s, NULL, 0) == 0;
	if (pwrite(failnth_fd, "0", 1, 0) != 1)
		die("fail-nth: write: %s", strerror(errno));
	return consumed;
}

static int write_str(const char *dir, const char *file, const char *s)
{
	char path[PATH_MAX];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	if (write(fd, s, strlen(s)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static bool bound(const char *dir, const char *dev)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, dev);
	return access(path, F_OK) == 0;
}

static int fail_bind(unsigned int nth, const char *dir, const char *dev)
{
	char path[PATH_MAX];
	bool consumed;
	int fd, ret = 0;

	if (bound(dir, dev))
		die("%s bound before bind", dev);
	snprintf(path, sizeof(path), "%s/bind", dir);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	fail_arm(nth);
	if (write(fd, dev, strlen(dev)) < 0)
		ret = -errno;
	consumed = fail_disarm();
	close(fd);

	if (!ret != bound(dir, dev))
		die("bind %d: %s, but %s is %sbound", nth,
		    ret ? strerror(-ret) : "ok", dev, ret ? "" : "not ");
	if (!ret && write_str(dir, "unbind", dev))
		die("unbind %s: %s", dev, strerror(errno));
	printf("bind %u: %s: %s\n", nth, consumed ? "consumed" : "unused",
	       ret ? strerror(-ret) : "ok");
	return fail_outcome(consumed, !ret);
}

static int fail_open(unsigned int nth, const char *path)
{
	bool consumed;
	int fd, err;

	fail_arm(nth);
	fd = open(path, O_RDWR);
	err = errno;
	consumed = fail_disarm();
	if (fd >= 0)
		close(fd);
	printf("open %u: %s: %s\n", nth, consumed ? "consumed" : "unused",
	       fd < 0 ? strerror(err) : "ok");
	return fail_outcome(consumed, fd >= 0);
}

static int fail_reqbufs(unsigned int nth, const char *path, unsigned int count)
{
	struct node n;
	bool consumed;
	int ret;

	node_open(&n, "node", path, 0);
	fail_arm(nth);
	ret = reqbufs(&n, count);
	consumed = fail_disarm();
	if (ret >= 0) {
		/* vb2 settles for the buffers it could allocate. */
		if (ret > (int)count || (!consumed && ret != (int)count))
			die("REQBUFS(%u) gave %d buffers", count, ret);
		n.nbufs = 0;
		node_free(&n);
	}
	close(n.fd);
	printf("reqbufs %u: %s: %s\n", nth, consumed ? "consumed" : "unused",
	       ret < 0 ? strerror(-ret) : "ok");
	return fail_outcome(consumed, ret >= 0);
}

/*
 * STREAMON of the main capture, which starts the pipeline, then of the
 * input without a fault, and one frame.
 */
static int fail_streamon(unsigned int nth, const char *in, const char *main)
{
	struct v4l2_plane plane;
	struct v4l2_buffer buf;
	struct pollfd pfd;
	struct node n[2];
	bool consumed;
	unsigned int i, k;
	int type, ret;

	node_open(&n[0], "input", in, O_NONBLOCK);
	node_open(&n[1], "main", main, O_NONBLOCK);
	for (k = 0; k < 2; k++) {
		node_alloc(&n[k], 2);
		for (i = 0; i < n[k].nbufs; i++)
			if (qbuf(&n[k], i))
				die("%s: VIDIOC_QBUF: %s", n[k].name,
				    strerror(errno));
	}
	type = n[1].type;
	fail_arm(nth);
	ret = xioctl(n[1].fd, VIDIOC_STREAMON, &type) ? -errno : 0;
	consumed = fail_disarm();
	if (!ret) {
		stream(&n[0], true);
		pfd.fd = n[1].fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, POLL_MS) != 1)
			die("streamon %u: no frame", nth);
		if (dqbuf(&n[1], &buf, &plane))
			die("main: VIDIOC_DQBUF: %s", strerror(errno));
		stream(&n[0], false);
		stream(&n[1], false);
	}
	for (k = 0; k < 2; k++) {
		node_free(&n[k]);
		close(n[k].fd);
	}
	printf("streamon %u: %s: %s\n", nth, consumed ? "consumed" : "unused",
	       ret ? strerror(-ret) : "ok");
	return fail_outcome(consumed, !ret);
}

/*
 * Sweep N from 1 on: each attempt must fail if its fault was injected and
 * the operation did not absorb it, succeed otherwise.
 */
static int cmd_fail(int argc, char *argv[])
{
	unsigned int nth, step = 1, max = 100000, failed = 0, absorbed = 0;
	const char *op;
	double start = now();
	int opt, ret;

	while ((opt = getopt(argc, argv, "+k:m:")) != -1) {
		switch (opt) {
		case 'k':
			step = strtoul(optarg, NULL, 0);
			break;
		case 'm':
			max = strtoul(optarg, NULL, 0);
			break;
		default:
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2 || !step)
		die("fail: [-k STEP] [-m MAX] OP ARGS...");
	op = argv[0];

	for (nth = 1; nth <= max; nth += step) {
		if (!strcmp(op, "bind") && argc == 3)
			ret = fail_bind(nth, argv[1], argv[2]);
		else if (!strcmp(op, "open") && argc == 2)
			ret = fail_open(nth, argv[1]);
		else if (!strcmp(op, "reqbufs") && argc == 3)
			ret = fail_reqbufs(nth, argv[1],
					   strtoul(argv[2], NULL, 0));
		else if (!strcmp(op, "streamon") && argc == 3)
			ret = fail_streamon(nth, argv[1], argv[2]);
		else
			die("fail: bad operation %s", op);

		if (ret == FAIL_UNUSED_OK) {
			printf("%s: %u injection points, %u faults made it fail, %u absorbed, %.1f s\n",
			       op, nth - 1, failed, absorbed, now() - start);
			return 0;
		}
		if (ret == FAIL_UNUSED_ERR)
			die("%s %u: failed without an injected fault", op, nth);
		if (ret == FAIL_CONSUMED_OK)
			absorbed++;
		else
			failed++;
	}
	die("%s: still injecting faults after %u points", op, max);
}

int main(int argc, char *argv[])
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2)
		die("usage: visp-stress cycles|opens|threads|fail ...");
	if (!strcmp(argv[1], "cycles"))
		return cmd_cycles(argc - 1, argv + 1);
	if (!strcmp(argv[1], "opens"))
		return cmd_opens(argc - 1, argv + 1);
	if (!strcmp(argv[1], "threads"))
		return cmd_threads(argc - 1, argv + 1);
	if (!strcmp(argv[1], "fail"))
		return cmd_fail(argc - 1, argv + 1);
	die("unknown command %s", argv[1]);
}
