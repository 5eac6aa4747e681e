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
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <fcntl.h>
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

static int stream_params(int fd, const char *path, bool toggle)
{
	enum v4l2_buf_type type = V4L2_BUF_TYPE_META_OUTPUT;
	unsigned int buffersize, i, n, next = 0, count = 0;
	unsigned char *mem[NUM_BUFS];
	const unsigned char *data;
	struct v4l2_buffer buf;
	size_t size;

	alloc_meta(fd, NUM_BUFS, 0, &buffersize);
	if (visp_map_file(path, &data, &size))
		die(path);
	n = buffersize ? size / buffersize : 0;
	if (!n || size % buffersize) {
		fprintf(stderr, "visp-feed: %s: %zu bytes, not buffers of %u bytes\n",
			path, size, buffersize);
		return 1;
	}
	for (i = 0; i < NUM_BUFS; i++)
		mem[i] = map_meta(fd, i);

	for (i = 0; ; i += i < NUM_BUFS) {
		memset(&buf, 0, sizeof(buf));
		buf.type = V4L2_BUF_TYPE_META_OUTPUT;
		buf.memory = V4L2_MEMORY_MMAP;
		buf.index = i;
		if (i >= NUM_BUFS && xioctl(fd, VIDIOC_DQBUF, &buf))
			die("VIDIOC_DQBUF");
		memcpy(mem[buf.index], data + (size_t)next * buffersize,
		       buffersize);
		if (toggle && (count++ & 1))
			toggle_lsc(mem[buf.index], buffersize);
		buf.bytesused = visp_params_size(mem[buf.index], buffersize);
		next = (next + 1) % n;
		if (xioctl(fd, VIDIOC_QBUF, &buf))
			die("VIDIOC_QBUF");
		if (i == NUM_BUFS - 1 && xioctl(fd, VIDIOC_STREAMON, &type))
			die("VIDIOC_STREAMON");
	}
}

static void fill(unsigned char *mem, unsigned int offset, const unsigned char *frame,
		 unsigned int size)
{
	memset(mem, 0xff, offset);
	memcpy(mem + offset, frame, size);
}

int main(int argc, char *argv[])
{
	unsigned int offset = 0, sizeimage, length, nframes, i, next = 0;
	unsigned char *mem[NUM_BUFS];
	enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
	const char *test = NULL;
	bool params = false, queue = false, toggle = false;
	long bytesused = -1;
	struct v4l2_plane plane;
	struct v4l2_buffer buf;
	const unsigned char *frames;
	size_t size;
	int fd, opt;

	while ((opt = getopt(argc, argv, "o:t:gpqu:")) != -1) {
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
	if (argc - optind != (test ? 1 : 2)) {
		fprintf(stderr, "usage: visp-feed [-o OFFSET] DEVICE FILE\n"
			"       visp-feed -t OFFSET:BYTESUSED DEVICE\n"
			"       visp-feed -p [-g] DEVICE FILE\n"
			"       visp-feed -q [-u BYTESUSED] DEVICE FILE\n");
		return 2;
	}

	fd = open(argv[optind], O_RDWR);
	if (fd < 0)
		die(argv[optind]);
	if (test)
		return test_offset(fd, test);
	if (queue)
		return queue_params(fd, argv[optind + 1], bytesused);
	if (params)
		return stream_params(fd, argv[optind + 1], toggle);

	alloc_bufs(fd, NUM_BUFS, offset, &sizeimage, &length);

	if (visp_map_file(argv[optind + 1], &frames, &size))
		die(argv[optind + 1]);
	nframes = size / sizeimage;
	if (!nframes || size % sizeimage) {
		fprintf(stderr, "visp-feed: %s: %zu bytes, not frames of %u bytes\n",
			argv[optind + 1], size, sizeimage);
		return 1;
	}

	for (i = 0; i < NUM_BUFS; i++) {
		init_buf(&buf, &plane, i);
		if (xioctl(fd, VIDIOC_QUERYBUF, &buf))
			die("VIDIOC_QUERYBUF");
		mem[i] = mmap(NULL, plane.length, PROT_READ | PROT_WRITE,
			      MAP_SHARED, fd, plane.m.mem_offset);
		if (mem[i] == MAP_FAILED)
			die("mmap");
	}

	/* Queue every buffer, then take one back and queue it again. */
	for (i = 0; ; i += i < NUM_BUFS) {
		init_buf(&buf, &plane, i);
		if (i >= NUM_BUFS && xioctl(fd, VIDIOC_DQBUF, &buf))
			die("VIDIOC_DQBUF");
		fill(mem[buf.index], offset,
		     frames + (size_t)next * sizeimage, sizeimage);
		next = (next + 1) % nframes;
		plane.bytesused = offset + sizeimage;
		plane.data_offset = offset;
		if (xioctl(fd, VIDIOC_QBUF, &buf))
			die("VIDIOC_QBUF");
		if (i == NUM_BUFS - 1 && xioctl(fd, VIDIOC_STREAMON, &type))
			die("VIDIOC_STREAMON");
	}
}
