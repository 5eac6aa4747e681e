// SPDX-License-Identifier: GPL-2.0
/*
 * visp-fuzz: a bounded random tester of the visp driver, run in the test
 * guest. Built statically with libvispmodel (tools/lib/visp), whose
 * parameters validator is the driver's own source.
 *
 *   visp-fuzz params [-n COUNT] [-t SECONDS] [-s SEED] DEVICE
 *	Queue COUNT parameters buffers, valid ones mutated at random and
 *	random bytes, with bytesused exact, zero, short, long or random, on
 *	the parameters node DEVICE, which is not streaming. The validator
 *	says for each whether the driver must accept it: VIDIOC_QBUF must
 *	succeed for a valid buffer and fail with EINVAL for an invalid one.
 *	The capture formats must be at their default colorimetry (BT.601
 *	limited range), which a CSC block has to repeat.
 *
 *   visp-fuzz ioctl [-n COUNT] [-t SECONDS] [-s SEED] DEVICE...
 *	Issue COUNT ioctls drawn from the V4L2, subdev and media controller
 *	ioctls the nodes implement, on the nodes DEVICE... (video, subdev
 *	and media device nodes), with arguments of random bytes in which
 *	words are often small numbers, so that types, pads and indexes are
 *	often valid. Pointers in arguments point to a scratch area.
 *
 * Both stop after COUNT operations or SECONDS, print what they did on one
 * line and exit 0, or 1 when the driver disagreed with the validator.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <fcntl.h>
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

#include "libvisp.h"
#include "visp-guest.h"

#define NUM_BUFS	4
#define SCRATCH_SIZE	65536

static uint64_t rng_state;

/* xorshift64*: reproducible from the seed printed at the start. */
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static uint32_t rnd_below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

static void die(const char *what)
{
	fprintf(stderr, "visp-fuzz: %s: %s\n", what, strerror(errno));
	exit(2);
}

struct limits {
	unsigned long count;
	time_t end;
};

static bool more(const struct limits *l, unsigned long done)
{
	return done < l->count && time(NULL) < l->end;
}

/* -----------------------------------------------------------------------
 * Parameters buffers
 */

/* A valid buffer of random blocks with zero or small payloads. */
static void make_valid(struct visp_params_buffer *buf)
{
	static const uint16_t flags[] = {
		0, VISP_PARAMS_FL_BLOCK_ENABLE, VISP_PARAMS_FL_BLOCK_DISABLE,
	};
	unsigned int n = rnd_below(6), i;

	visp_params_init(buf, VISP_PARAMS_BUF_SIZE);
	for (i = 0; i < n; i++) {
		unsigned int type = rnd_below(VISP_PARAMS_BLOCK_TYPE_COUNT);
		struct visp_params_block_header *h;

		h = visp_params_append(buf, VISP_PARAMS_BUF_SIZE, type,
				       flags[rnd_below(3)]);
		if (!h)
			break;
		/* Small values in the payload: often in range. */
		if (rnd_below(2)) {
			uint8_t *p = (uint8_t *)(h + 1);
			size_t len = h->size - sizeof(*h);

			if (len)
				p[rnd_below(len)] = rnd_below(4);
		}
	}
}

static size_t pick_bytesused(const struct visp_params_buffer *buf,
			     size_t length)
{
	size_t exact = sizeof(*buf) + buf->data_size;

	switch (rnd_below(8)) {
	case 0:
		return 0;
	case 1:
		return exact ? exact - 1 - rnd_below(exact) : 0;
	case 2:
		return exact + 1 + rnd_below(64);
	case 3:
		return rnd_below(length + 1);
	default:
		return exact;
	}
}

static void mutate(uint8_t *p, size_t size)
{
	unsigned int n = rnd_below(5), i;

	for (i = 0; i < n; i++) {
		size_t at = rnd_below(size);

		switch (rnd_below(3)) {
		case 0:
			p[at] ^= 1u << rnd_below(8);
			break;
		case 1:
			p[at] = rnd();
			break;
		default:
			p[at] = rnd_below(2) ? 0 : 0xff;
			break;
		}
	}
}

static int fuzz_params(const char *dev, const struct limits *lim)
{
	unsigned long done = 0, accepted = 0, rejected = 0, wrong = 0;
	struct v4l2_create_buffers cb;
	size_t length = 0;
	uint8_t *mem[NUM_BUFS];
	uint8_t *buf = malloc(4096);
	unsigned int i, used = 0;
	int type = V4L2_BUF_TYPE_META_OUTPUT;
	char msg[256];
	int fd;

	fd = open(dev, O_RDWR);
	if (fd < 0 || !buf)
		die(dev);

	/* Buffers larger than the format, for bytesused past the maximum. */
	memset(&cb, 0, sizeof(cb));
	cb.count = NUM_BUFS;
	cb.memory = V4L2_MEMORY_MMAP;
	cb.format.type = type;
	if (xioctl(fd, VIDIOC_G_FMT, &cb.format))
		die("VIDIOC_G_FMT");
	cb.format.fmt.meta.buffersize = 4096;
	if (xioctl(fd, VIDIOC_CREATE_BUFS, &cb) || cb.count != NUM_BUFS)
		die("VIDIOC_CREATE_BUFS");
	for (i = 0; i < NUM_BUFS; i++) {
		struct v4l2_buffer b = {
			.type = type, .memory = V4L2_MEMORY_MMAP, .index = i,
		};

		if (xioctl(fd, VIDIOC_QUERYBUF, &b))
			die("VIDIOC_QUERYBUF");
		length = b.length;
		mem[i] = mmap(NULL, b.length, PROT_READ | PROT_WRITE,
			      MAP_SHARED, fd, b.m.offset);
		if (mem[i] == MAP_FAILED)
			die("mmap");
	}
	if (length > 4096)
		length = 4096;

	for (; more(lim, done); done++) {
		struct v4l2_buffer b = {
			.type = type, .memory = V4L2_MEMORY_MMAP,
		};
		size_t bytesused;
		bool valid;
		int ret;

		/* Every buffer queued: STREAMOFF gives them back. */
		if (used == NUM_BUFS) {
			if (xioctl(fd, VIDIOC_STREAMOFF, &type))
				die("VIDIOC_STREAMOFF");
			used = 0;
		}

		memset(buf, 0, 4096);
		if (rnd_below(8)) {
			make_valid((struct visp_params_buffer *)buf);
			mutate(buf, sizeof(struct visp_params_buffer) +
			       ((struct visp_params_buffer *)buf)->data_size);
		} else {
			for (i = 0; i < length; i++)
				buf[i] = rnd();
			if (rnd_below(2))
				((struct visp_params_buffer *)buf)->version =
					VISP_PARAMS_BUFFER_V1;
		}
		bytesused = pick_bytesused((struct visp_params_buffer *)buf,
					   length);

		valid = !visp_params_check(buf, bytesused, msg, sizeof(msg)) &&
			!visp_params_buf_check_csc(NULL, (void *)buf,
					       VISP_CSC_BT601,
					       VISP_CSC_RANGE_LIMITED);

		memcpy(mem[used], buf, length);
		b.index = used;
		b.bytesused = bytesused;
		ret = xioctl(fd, VIDIOC_QBUF, &b);
		if (!ret) {
			used++;
			accepted++;
		} else if (errno == EINVAL) {
			rejected++;
		}
		if ((valid && ret) || (!valid && (!ret || errno != EINVAL))) {
			wrong++;
			fprintf(stderr,
				"buffer %lu: bytesused %zu, validator: %s, VIDIOC_QBUF: %s\n",
				done, bytesused, valid ? "valid" : msg,
				ret ? strerror(errno) : "accepted");
		}
	}

	printf("visp-fuzz params: %lu buffers, %lu accepted, %lu rejected with EINVAL, %lu disagreements with the validator\n",
	       done, accepted, rejected, wrong);
	close(fd);
	free(buf);
	return wrong ? 1 : 0;
}

/* -----------------------------------------------------------------------
 * ioctls
 */

/* Fields that hold user pointers, set to the scratch area. */
enum fix {
	FIX_NONE,
	FIX_BUFFER,		/* struct v4l2_buffer: m.planes, length */
	FIX_LINKS,		/* struct media_links_enum */
	FIX_TOPOLOGY,		/* struct media_v2_topology */
	FIX_EXT_CTRLS,		/* struct v4l2_ext_controls */
};

struct fuzz_ioctl {
	const char *name;
	unsigned long cmd;
	enum fix fix;
};

#define IOC(c, f)	{ #c, c, f }

static const struct fuzz_ioctl video_ioctls[] = {
	IOC(VIDIOC_QUERYCAP, FIX_NONE),
	IOC(VIDIOC_ENUM_FMT, FIX_NONE),
	IOC(VIDIOC_G_FMT, FIX_NONE),
	IOC(VIDIOC_S_FMT, FIX_NONE),
	IOC(VIDIOC_TRY_FMT, FIX_NONE),
	IOC(VIDIOC_ENUM_FRAMESIZES, FIX_NONE),
	IOC(VIDIOC_REQBUFS, FIX_NONE),
	IOC(VIDIOC_CREATE_BUFS, FIX_NONE),
	IOC(VIDIOC_QUERYBUF, FIX_BUFFER),
	IOC(VIDIOC_PREPARE_BUF, FIX_BUFFER),
	IOC(VIDIOC_QBUF, FIX_BUFFER),
	IOC(VIDIOC_DQBUF, FIX_BUFFER),
	IOC(VIDIOC_STREAMON, FIX_NONE),
	IOC(VIDIOC_STREAMOFF, FIX_NONE),
	IOC(VIDIOC_QUERYCTRL, FIX_NONE),
	IOC(VIDIOC_QUERY_EXT_CTRL, FIX_NONE),
	IOC(VIDIOC_G_CTRL, FIX_NONE),
	IOC(VIDIOC_S_CTRL, FIX_NONE),
	IOC(VIDIOC_G_EXT_CTRLS, FIX_EXT_CTRLS),
	IOC(VIDIOC_S_EXT_CTRLS, FIX_EXT_CTRLS),
	IOC(VIDIOC_TRY_EXT_CTRLS, FIX_EXT_CTRLS),
	IOC(VIDIOC_SUBSCRIBE_EVENT, FIX_NONE),
	IOC(VIDIOC_UNSUBSCRIBE_EVENT, FIX_NONE),
	IOC(VIDIOC_DQEVENT, FIX_NONE),
	IOC(VIDIOC_G_PRIORITY, FIX_NONE),
	IOC(VIDIOC_S_PRIORITY, FIX_NONE),
	IOC(VIDIOC_LOG_STATUS, FIX_NONE),
	IOC(VIDIOC_SUBDEV_QUERYCAP, FIX_NONE),
	IOC(VIDIOC_SUBDEV_G_FMT, FIX_NONE),
	IOC(VIDIOC_SUBDEV_S_FMT, FIX_NONE),
	IOC(VIDIOC_SUBDEV_G_SELECTION, FIX_NONE),
	IOC(VIDIOC_SUBDEV_S_SELECTION, FIX_NONE),
	IOC(VIDIOC_SUBDEV_ENUM_MBUS_CODE, FIX_NONE),
	IOC(VIDIOC_SUBDEV_ENUM_FRAME_SIZE, FIX_NONE),
#ifdef VIDIOC_SUBDEV_G_CLIENT_CAP	/* the build host's headers may lack it */
	IOC(VIDIOC_SUBDEV_G_CLIENT_CAP, FIX_NONE),
	IOC(VIDIOC_SUBDEV_S_CLIENT_CAP, FIX_NONE),
#endif
	IOC(MEDIA_IOC_DEVICE_INFO, FIX_NONE),
	IOC(MEDIA_IOC_ENUM_ENTITIES, FIX_NONE),
	IOC(MEDIA_IOC_ENUM_LINKS, FIX_LINKS),
	IOC(MEDIA_IOC_SETUP_LINK, FIX_NONE),
	IOC(MEDIA_IOC_G_TOPOLOGY, FIX_TOPOLOGY),
};

#define NUM_IOCTLS	(sizeof(video_ioctls) / sizeof(video_ioctls[0]))

/* Random bytes, with words often replaced by small numbers. */
static void fill_arg(uint8_t *arg, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++)
		arg[i] = rnd();
	for (i = 0; i + 4 <= size; i += 4) {
		uint32_t v = rnd_below(8);

		if (rnd_below(3))
			memcpy(arg + i, &v, 4);
	}
}

static void fix_arg(uint8_t *arg, enum fix fix, uint8_t *scratch)
{
	switch (fix) {
	case FIX_BUFFER: {
		struct v4l2_buffer *b = (void *)arg;

		b->m.planes = (void *)scratch;
		b->length = rnd_below(VIDEO_MAX_PLANES + 1);
		break;
	}
	case FIX_LINKS: {
		struct media_links_enum *l = (void *)arg;

		l->pads = (void *)scratch;
		l->links = (void *)(scratch + SCRATCH_SIZE / 2);
		break;
	}
	case FIX_TOPOLOGY: {
		struct media_v2_topology *t = (void *)arg;

		t->ptr_entities = (uintptr_t)scratch;
		t->ptr_interfaces = (uintptr_t)(scratch + SCRATCH_SIZE / 4);
		t->ptr_pads = (uintptr_t)(scratch + SCRATCH_SIZE / 2);
		t->ptr_links = (uintptr_t)(scratch + 3 * SCRATCH_SIZE / 4);
		t->num_entities = rnd_below(32);
		t->num_interfaces = rnd_below(32);
		t->num_pads = rnd_below(64);
		t->num_links = rnd_below(64);
		break;
	}
	case FIX_EXT_CTRLS: {
		struct v4l2_ext_controls *c = (void *)arg;
		struct v4l2_ext_control *ctrl = (void *)scratch;
		unsigned int i;

		c->count = rnd_below(4);
		c->controls = ctrl;
		/* Compound payloads point into the scratch area too. */
		for (i = 0; i < 4; i++) {
			ctrl[i].size = rnd_below(64);
			ctrl[i].ptr = scratch + SCRATCH_SIZE / 2;
		}
		break;
	}
	default:
		break;
	}
}

static int fuzz_ioctls(int argc, char **argv, const struct limits *lim)
{
	unsigned long done = 0, ok = 0, calls[NUM_IOCTLS] = { 0 };
	unsigned long succeeded[NUM_IOCTLS] = { 0 };
	uint8_t *scratch = malloc(SCRATCH_SIZE);
	int fds[16], nfds = 0, i;
	uint8_t arg[1024];

	if (!scratch)
		die("malloc");
	for (i = 0; i < argc && nfds < 16; i++) {
		fds[nfds] = open(argv[i], O_RDWR | O_NONBLOCK);
		if (fds[nfds] < 0)
			die(argv[i]);
		nfds++;
	}

	for (; more(lim, done); done++) {
		unsigned int k = rnd_below(NUM_IOCTLS);
		const struct fuzz_ioctl *io = &video_ioctls[k];
		size_t size = _IOC_SIZE(io->cmd);
		int fd = fds[rnd_below(nfds)];

		for (i = 0; i < SCRATCH_SIZE; i += 8)
			memset(scratch + i, rnd_below(2) ? 0 : 0x5a, 8);
		fill_arg(arg, size);
		fix_arg(arg, io->fix, scratch);
		calls[k]++;
		if (!xioctl(fd, io->cmd, size ? arg : NULL)) {
			succeeded[k]++;
			ok++;
		}

		/* Now and then, a node is closed and opened again. */
		if (!rnd_below(200)) {
			int n = rnd_below(nfds);

			close(fds[n]);
			fds[n] = open(argv[n], O_RDWR | O_NONBLOCK);
			if (fds[n] < 0)
				die(argv[n]);
		}
	}

	for (i = 0; i < nfds; i++)
		close(fds[i]);
	printf("visp-fuzz ioctl: %lu ioctls on %d nodes, %lu succeeded\n",
	       done, nfds, ok);
	for (i = 0; i < (int)NUM_IOCTLS; i++)
		printf("  %-30s %5lu calls, %5lu succeeded\n",
		       video_ioctls[i].name, calls[i], succeeded[i]);
	free(scratch);
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: visp-fuzz params|ioctl [-n COUNT] [-t SECONDS] [-s SEED] DEVICE...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct limits lim = { .count = 10000, .end = 0 };
	unsigned long seconds = 60;
	const char *mode;
	int opt;

	if (argc < 2)
		usage();
	mode = argv[1];
	argv++;
	argc--;
	rng_state = time(NULL) ^ ((uint64_t)getpid() << 32);
	while ((opt = getopt(argc, argv, "n:t:s:")) != -1) {
		switch (opt) {
		case 'n':
			lim.count = strtoul(optarg, NULL, 0);
			break;
		case 't':
			seconds = strtoul(optarg, NULL, 0);
			break;
		case 's':
			rng_state = strtoull(optarg, NULL, 0);
			break;
		default:
			usage();
		}
	}
	if (!rng_state)
		rng_state = 1;
	if (optind >= argc)
		usage();
	lim.end = time(NULL) + seconds;
	printf("visp-fuzz %s: seed %llu\n", mode,
	       (unsigned long long)rng_state);
	fflush(stdout);

	if (!strcmp(mode, "params"))
		return fuzz_params(argv[optind], &lim);
	if (!strcmp(mode, "ioctl"))
		return fuzz_ioctls(argc - optind, argv + optind, &lim);
	usage();
	return 2;
}
