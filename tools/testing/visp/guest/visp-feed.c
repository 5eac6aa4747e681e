// SPDX-License-Identifier: GPL-2.0
/*
 * visp-feed: queue raw frames on a multi-planar video output node with the
 * frame at a data offset in its buffer, or check which data offsets the
 * node accepts. Built statically into the test guest by vmtest.py, as
 * v4l2-ctl and yavta always queue output data at offset 0.
 *
 *   visp-feed [-o OFFSET] DEVICE FILE
 *	Stream the frames of FILE (a whole number of frames of the node's
 *	format) in a loop, each at OFFSET bytes into its buffer, until
 *	killed, which stops the stream when the file is closed. The bytes
 *	before the frame are 0xff, so a driver that ignores the offset gets
 *	the wrong image.
 *
 *   visp-feed -t OFFSET:BYTESUSED DEVICE
 *	Prepare one buffer with this data offset and bytesused and print
 *	"ok" or the error. BYTESUSED may be "size", the offset plus the
 *	format's image size.
 *
 *   visp-feed -p [-g] DEVICE FILE
 *	Stream the parameters buffers of FILE (one per buffer size of the
 *	metadata output node) in a loop until killed, each with bytesused
 *	its real size, the buffer header plus its data_size, as the driver
 *	requires (v4l2-ctl sets bytesused to the buffer size). With -g,
 *	every other buffer has the lowest bit of each gain of its lens
 *	shading block toggled, so that the whole grid changes every frame.
 *
 *   visp-feed -q [-u BYTESUSED] DEVICE FILE
 *	Queue FILE as one parameters buffer, with bytesused its size or
 *	BYTESUSED, in a buffer large enough for both, and print "qbuf: ok"
 *	or "qbuf: " and the error.
 *
 *   visp-feed -r COUNT [-g] INPUT FILE PARAMS PFILE CAPTURE
 *	Run the pipeline from one thread, as a camera stack's event loop
 *	does: the frames of FILE through the input node INPUT (each buffer
 *	filled once), the parameters buffers of PFILE through PARAMS as -p
 *	gives them, until the capture node CAPTURE has given back COUNT
 *	buffers; the status is 1 when a frame failed or stalled for 5 s.
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
#include <sys/stat.h>
#include <unistd.h>

#include <linux/media/visp-config.h>
#include <linux/videodev2.h>

#include "visp-guest.h"

#define NUM_BUFS	4

static void die(const char *what)
{
	fprintf(stderr, "visp-feed: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Allocate buffers of the node's format with room for @offset more bytes. */
static unsigned int alloc_bufs(int fd, unsigned int count, unsigned int offset,
			       unsigned int *sizeimage, unsigned int *length)
{
	struct v4l2_create_buffers cb;

	memset(&cb, 0, sizeof(cb));
	cb.count = count;
	cb.memory = V4L2_MEMORY_MMAP;
	cb.format.type = V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
	if (xioctl(fd, VIDIOC_G_FMT, &cb.format))
		die("VIDIOC_G_FMT");
	if (cb.format.fmt.pix_mp.num_planes != 1) {
		fprintf(stderr, "visp-feed: %u planes, expected 1\n",
			cb.format.fmt.pix_mp.num_planes);
		exit(1);
	}
	*sizeimage = cb.format.fmt.pix_mp.plane_fmt[0].sizeimage;
	cb.format.fmt.pix_mp.plane_fmt[0].sizeimage += offset;
	*length = cb.format.fmt.pix_mp.plane_fmt[0].sizeimage;
	if (xioctl(fd, VIDIOC_CREATE_BUFS, &cb))
		die("VIDIOC_CREATE_BUFS");
	if (cb.index != 0 || cb.count != count) {
		fprintf(stderr, "visp-feed: got buffers %u to %u, expected 0 to %u\n",
			cb.index, cb.index + cb.count - 1, count - 1);
		exit(1);
	}
	return cb.count;
}

static void init_buf(struct v4l2_buffer *buf, struct v4l2_plane *plane,
		     unsigned int index)
{
	memset(buf, 0, sizeof(*buf));
	memset(plane, 0, sizeof(*plane));
	buf->type = V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
	buf->memory = V4L2_MEMORY_MMAP;
	buf->index = index;
	buf->m.planes = plane;
	buf->length = 1;
}

static int test_offset(int fd, const char *spec)
{
	unsigned int offset, sizeimage, length, bytesused;
	struct v4l2_plane plane;
	struct v4l2_buffer buf;
	char *end;

	offset = strtoul(spec, &end, 0);
	if (*end != ':') {
		fprintf(stderr, "visp-feed: bad test %s\n", spec);
		return 2;
	}
	alloc_bufs(fd, 1, offset, &sizeimage, &length);
	if (!strcmp(end + 1, "size"))
		bytesused = offset + sizeimage;
	else
		bytesused = strtoul(end + 1, NULL, 0);

	init_buf(&buf, &plane, 0);
	plane.bytesused = bytesused;
	plane.data_offset = offset;
	if (xioctl(fd, VIDIOC_PREPARE_BUF, &buf))
		printf("offset %u bytesused %u: %s\n", offset, bytesused,
		       strerror(errno));
	else
		printf("offset %u bytesused %u: ok\n", offset, bytesused);
	return 0;
}

/* Allocate metadata buffers of at least @size bytes; return their size. */
static unsigned int alloc_meta(int fd, unsigned int count, unsigned int size,
			       unsigned int *buffersize)
{
	struct v4l2_create_buffers cb;

	memset(&cb, 0, sizeof(cb));
	cb.count = count;
	cb.memory = V4L2_MEMORY_MMAP;
	cb.format.type = V4L2_BUF_TYPE_META_OUTPUT;
	if (xioctl(fd, VIDIOC_G_FMT, &cb.format))
		die("VIDIOC_G_FMT");
	*buffersize = cb.format.fmt.meta.buffersize;
	if (cb.format.fmt.meta.buffersize < size)
		cb.format.fmt.meta.buffersize = size;
	if (xioctl(fd, VIDIOC_CREATE_BUFS, &cb))
		die("VIDIOC_CREATE_BUFS");
	if (cb.index != 0 || cb.count != count) {
		fprintf(stderr, "visp-feed: got %u buffers, expected %u\n",
			cb.count, count);
		exit(1);
	}
	return cb.format.fmt.meta.buffersize;
}

static void *map_meta(int fd, unsigned int index)
{
	struct v4l2_buffer buf;
	void *mem;

	memset(&buf, 0, sizeof(buf));
	buf.type = V4L2_BUF_TYPE_META_OUTPUT;
	buf.memory = V4L2_MEMORY_MMAP;
	buf.index = index;
	if (xioctl(fd, VIDIOC_QUERYBUF, &buf))
		die("VIDIOC_QUERYBUF");
	mem = mmap(NULL, buf.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		   buf.m.offset);
	if (mem == MAP_FAILED)
		die("mmap");
	return mem;
}

static int queue_params(int fd, const char *path, long bytesused)
{
	const unsigned char *data;
	unsigned int buffersize, length;
	struct v4l2_buffer buf;
	unsigned char *mem;
	size_t size;

	if (visp_map_file(path, &data, &size))
		die(path);
	if (bytesused < 0)
		bytesused = size;
	length = alloc_meta(fd, 1, size > (size_t)bytesused ? size :
			    (size_t)bytesused,
			    &buffersize);
	mem = map_meta(fd, 0);
	memset(mem, 0, length);
	if (size)
		memcpy(mem, data, size);

	memset(&buf, 0, sizeof(buf));
	buf.type = V4L2_BUF_TYPE_META_OUTPUT;
	buf.memory = V4L2_MEMORY_MMAP;
	buf.index = 0;
	buf.bytesused = bytesused;
	if (xioctl(fd, VIDIOC_QBUF, &buf))
		printf("qbuf: %s\n", strerror(errno));
	else
		printf("qbuf: ok\n");
	return 0;
}

/*
 * Toggle the lowest bit of every gain of the lens shading blocks of the
 * parameters buffer at @p, of at most @max bytes.
 */
static void toggle_lsc(unsigned char *p, unsigned int max)
{
	unsigned int end = visp_params_size(p, max), off = 8, c, i;
	struct visp_params_block_header hdr;
	struct visp_params_lsc lsc;

	while (end - off >= sizeof(hdr)) {
		memcpy(&hdr, p + off, sizeof(hdr));
		if (hdr.size < sizeof(hdr) || hdr.size > end - off)
			return;
		if (hdr.type == VISP_PARAMS_BLOCK_LSC && hdr.size == sizeof(lsc)) {
			memcpy(&lsc, p + off, sizeof(lsc));
			for (c = 0; c < VISP_CFA_CHANNELS; c++)
				for (i = 0; i < VISP_LSC_GRID_NODES; i++)
					lsc.gain[c][i] ^= 1;
			memcpy(p + off, &lsc, sizeof(lsc));
		}
		off += hdr.size;
	}
}

/* A stream of parameters buffers: those of a file in turn. */
struct params_feed {
	int fd;
	bool toggle;
	unsigned int buffersize, n, next, count;
	const unsigned char *data;
	unsigned char *mem[NUM_BUFS];
};

/* Allocate and map the buffers of @pf for the buffers of the file @path. */
static int params_open(struct params_feed *pf, int fd, const char *path,
		       bool toggle)
{
	unsigned int i;
	size_t size;

	memset(pf, 0, sizeof(*pf));
	pf->fd = fd;
	pf->toggle = toggle;
	alloc_meta(fd, NUM_BUFS, 0, &pf->buffersize);
	if (visp_map_file(path, &pf->data, &size))
		die(path);
	pf->n = pf->buffersize ? size / pf->buffersize : 0;
	if (!pf->n || size % pf->buffersize) {
		fprintf(stderr, "visp-feed: %s: %zu bytes, not buffers of %u bytes\n",
			path, size, pf->buffersize);
		return 1;
	}
	for (i = 0; i < NUM_BUFS; i++)
		pf->mem[i] = map_meta(fd, i);
	return 0;
}

/* Fill buffer @index with the next buffer of the file and queue it. */
static void params_queue(struct params_feed *pf, unsigned int index)
{
	unsigned char *mem = pf->mem[index];
	struct v4l2_buffer buf;

	memset(&buf, 0, sizeof(buf));
	buf.type = V4L2_BUF_TYPE_META_OUTPUT;
	buf.memory = V4L2_MEMORY_MMAP;
	buf.index = index;
	memcpy(mem, pf->data + (size_t)pf->next * pf->buffersize,
	       pf->buffersize);
	if (pf->toggle && (pf->count++ & 1))
		toggle_lsc(mem, pf->buffersize);
	buf.bytesused = visp_params_size(mem, pf->buffersize);
	pf->next = (pf->next + 1) % pf->n;
	if (xioctl(pf->fd, VIDIOC_QBUF, &buf))
		die("VIDIOC_QBUF");
}

/* A multi-planar buffer @index of @type, its planes at @planes. */
static void init_mp_buf(struct v4l2_buffer *buf, struct v4l2_plane *planes,
			enum v4l2_buf_type type, unsigned int index)
{
	memset(buf, 0, sizeof(*buf));
	memset(planes, 0, VIDEO_MAX_PLANES * sizeof(*planes));
	buf->type = type;
	buf->memory = V4L2_MEMORY_MMAP;
	buf->index = index;
	buf->m.planes = planes;
	buf->length = VIDEO_MAX_PLANES;
}

/* Take back a buffer of @fd's queue of @type: its index. */
static unsigned int dqbuf(int fd, enum v4l2_buf_type type, unsigned int *flags)
{
	struct v4l2_plane planes[VIDEO_MAX_PLANES];
	struct v4l2_buffer buf;

	init_mp_buf(&buf, planes, type, 0);
	if (xioctl(fd, VIDIOC_DQBUF, &buf))
		die("VIDIOC_DQBUF");
	if (flags)
		*flags = buf.flags;
	return buf.index;
}

static void streamon(int fd, enum v4l2_buf_type type)
{
	if (xioctl(fd, VIDIOC_STREAMON, &type))
		die("VIDIOC_STREAMON");
}

static int stream_params(int fd, const char *path, bool toggle)
{
	struct params_feed pf;
	unsigned int i;

	if (params_open(&pf, fd, path, toggle))
		return 1;
	for (i = 0; i < NUM_BUFS; i++)
		params_queue(&pf, i);
	streamon(fd, V4L2_BUF_TYPE_META_OUTPUT);
	for (;;)
		params_queue(&pf, dqbuf(fd, V4L2_BUF_TYPE_META_OUTPUT, NULL));
}

/* A stream of raw frames: those of a file in turn. */
struct input_feed {
	int fd;
	unsigned int offset, sizeimage, nframes, next;
	const unsigned char *frames;
	unsigned char *mem[NUM_BUFS];
};

/*
 * Allocate and map the buffers of @in for the frames of the file @path,
 * each at @offset bytes into its buffer.
 */
static int input_open(struct input_feed *in, int fd, const char *path,
		      unsigned int offset)
{
	struct v4l2_plane plane;
	struct v4l2_buffer buf;
	unsigned int length, i;
	size_t size;

	memset(in, 0, sizeof(*in));
	in->fd = fd;
	in->offset = offset;
	alloc_bufs(fd, NUM_BUFS, offset, &in->sizeimage, &length);
	if (visp_map_file(path, &in->frames, &size))
		die(path);
	in->nframes = size / in->sizeimage;
	if (!in->nframes || size % in->sizeimage) {
		fprintf(stderr, "visp-feed: %s: %zu bytes, not frames of %u bytes\n",
			path, size, in->sizeimage);
		return 1;
	}
	for (i = 0; i < NUM_BUFS; i++) {
		init_buf(&buf, &plane, i);
		if (xioctl(fd, VIDIOC_QUERYBUF, &buf))
			die("VIDIOC_QUERYBUF");
		in->mem[i] = mmap(NULL, plane.length, PROT_READ | PROT_WRITE,
				  MAP_SHARED, fd, plane.m.mem_offset);
		if (in->mem[i] == MAP_FAILED)
			die("mmap");
	}
	return 0;
}

/*
 * Queue buffer @index, first filled with the next frame of the file when
 * @fill is set. The bytes before the frame are 0xff, so a driver that
 * ignores the offset gets the wrong image.
 */
static void input_queue(struct input_feed *in, unsigned int index, bool fill)
{
	unsigned char *mem = in->mem[index];
	struct v4l2_plane plane;
	struct v4l2_buffer buf;

	if (fill) {
		memset(mem, 0xff, in->offset);
		memcpy(mem + in->offset,
		       in->frames + (size_t)in->next * in->sizeimage,
		       in->sizeimage);
		in->next = (in->next + 1) % in->nframes;
	}
	init_buf(&buf, &plane, index);
	plane.bytesused = in->offset + in->sizeimage;
	plane.data_offset = in->offset;
	if (xioctl(in->fd, VIDIOC_QBUF, &buf))
		die("VIDIOC_QBUF");
}

static int stream_input(int fd, const char *path, unsigned int offset)
{
	struct input_feed in;
	unsigned int i;

	if (input_open(&in, fd, path, offset))
		return 1;
	for (i = 0; i < NUM_BUFS; i++)
		input_queue(&in, i, true);
	streamon(fd, V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE);
	for (;;)
		input_queue(&in, dqbuf(fd, V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE,
				       NULL), true);
}

static void capture_queue(int fd, unsigned int index)
{
	struct v4l2_plane planes[VIDEO_MAX_PLANES];
	struct v4l2_buffer buf;

	init_mp_buf(&buf, planes, V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE, index);
	if (xioctl(fd, VIDIOC_QBUF, &buf))
		die("VIDIOC_QBUF");
}

/* Allocate the MMAP buffers of capture node @fd and queue them. */
static void capture_start(int fd)
{
	struct v4l2_requestbuffers rb;
	unsigned int i;

	memset(&rb, 0, sizeof(rb));
	rb.count = NUM_BUFS;
	rb.type = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
	rb.memory = V4L2_MEMORY_MMAP;
	if (xioctl(fd, VIDIOC_REQBUFS, &rb))
		die("VIDIOC_REQBUFS");
	for (i = 0; i < rb.count; i++)
		capture_queue(fd, i);
	streamon(fd, V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE);
}

static int open_node(const char *path)
{
	int fd = open(path, O_RDWR | O_NONBLOCK);

	if (fd < 0)
		die(path);
	return fd;
}

/*
 * Run the memory-to-memory pipeline from one thread, as a camera stack's
 * event loop does: the frames of @argv[1] through input node @argv[0],
 * with the parameters buffers of @argv[3] through node @argv[2], until
 * capture node @argv[4] has given back @count frames. The input buffers
 * are filled once, when the stream starts.
 */
static int run_pipeline(char *argv[], unsigned int count, bool toggle)
{
	enum { CAP, PAR, IN };
	unsigned int done = 0, errors = 0, flags;
	struct params_feed pf;
	struct input_feed in;
	struct pollfd p[3];
	unsigned int i;
	int ret;

	p[CAP].fd = open_node(argv[4]);
	p[PAR].fd = open_node(argv[2]);
	p[IN].fd = open_node(argv[0]);
	if (params_open(&pf, p[PAR].fd, argv[3], toggle) ||
	    input_open(&in, p[IN].fd, argv[1], 0))
		return 1;

	capture_start(p[CAP].fd);
	for (i = 0; i < NUM_BUFS; i++)
		params_queue(&pf, i);
	streamon(p[PAR].fd, V4L2_BUF_TYPE_META_OUTPUT);
	for (i = 0; i < NUM_BUFS; i++)
		input_queue(&in, i, true);
	streamon(p[IN].fd, V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE);

	p[CAP].events = POLLIN;
	p[PAR].events = POLLOUT;
	p[IN].events = POLLOUT;
	while (done < count) {
		ret = poll(p, 3, 5000);
		if (ret < 0 && errno != EINTR)
			die("poll");
		if (!ret) {
			fprintf(stderr, "visp-feed: no frame in 5 s after %u frames\n",
				done);
			return 1;
		}
		if (p[CAP].revents & POLLIN) {
			i = dqbuf(p[CAP].fd, V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE,
				  &flags);
			if (flags & V4L2_BUF_FLAG_ERROR)
				errors++;
			if (++done < count)
				capture_queue(p[CAP].fd, i);
		}
		if (p[PAR].revents & POLLOUT)
			params_queue(&pf, dqbuf(p[PAR].fd,
						V4L2_BUF_TYPE_META_OUTPUT,
						NULL));
		if (p[IN].revents & POLLOUT)
			input_queue(&in, dqbuf(p[IN].fd,
					       V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE,
					       NULL), false);
	}
	if (errors) {
		fprintf(stderr, "visp-feed: %u of %u frames failed\n", errors,
			done);
		return 1;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	unsigned int offset = 0, count = 0;
	const char *test = NULL;
	bool params = false, queue = false, toggle = false;
	long bytesused = -1;
	int fd, opt, args;

	while ((opt = getopt(argc, argv, "o:r:t:gpqu:")) != -1) {
		switch (opt) {
		case 'g':
			toggle = true;
			break;
		case 'p':
			params = true;
			break;
		case 'q':
			queue = true;
			break;
		case 'r':
			count = strtoul(optarg, NULL, 0);
			break;
		case 'u':
			bytesused = strtoul(optarg, NULL, 0);
			break;
		case 'o':
			offset = strtoul(optarg, NULL, 0);
			break;
		case 't':
			test = optarg;
			break;
		default:
			return 2;
		}
	}
	args = test ? 1 : count ? 5 : 2;
	if (argc - optind != args) {
		fprintf(stderr, "usage: visp-feed [-o OFFSET] DEVICE FILE\n"
			"       visp-feed -t OFFSET:BYTESUSED DEVICE\n"
			"       visp-feed -p [-g] DEVICE FILE\n"
			"       visp-feed -q [-u BYTESUSED] DEVICE FILE\n"
			"       visp-feed -r COUNT [-g] INPUT FILE PARAMS FILE CAPTURE\n");
		return 2;
	}
	if (count)
		return run_pipeline(argv + optind, count, toggle);

	fd = open(argv[optind], O_RDWR);
	if (fd < 0)
		die(argv[optind]);
	if (test)
		return test_offset(fd, test);
	if (queue)
		return queue_params(fd, argv[optind + 1], bytesused);
	if (params)
		return stream_params(fd, argv[optind + 1], toggle);
	return stream_input(fd, argv[optind + 1], offset);
}
