// SPDX-License-Identifier: GPL-2.0
/*
 * visp-faultrun: stream every node of the visp pipeline from one process
 * while hardware faults are injected in the simulator at random, and check
 * every buffer that comes back.
 *
 *   visp-faultrun [-j JOBS] [-g GAP] [-x SEED] [-f FAULT,...] -n FRAMES
 *		   -i DEV:FILE -p DEV:FILE -m DEV:FILE [-s DEV:FILE]
 *		   [-t DEV:FILE]
 *
 * -i feeds the raw frames of FILE to the input node, -p the parameters
 * buffers of FILE (one per buffer size of the node) to the parameters node,
 * both in a loop and in step: job N gets input frame N % FRAMES and
 * parameters buffer N % FRAMES. -m, -s and -t capture the main path, the
 * self path and the statistics, FILE holding what the reference model
 * predicts for each of the FRAMES frames (visp-testgen). The parameters
 * buffers must leave the same configuration whatever came before them in
 * the loop, as those of visp-testgen's cases do.
 *
 * Once at least JOBS (default 200) jobs have completed, feeding stops; the
 * last jobs are drained and the streams stopped. Every GAP jobs or fewer
 * (at random, default 4), when no fault is armed, one of the FAULTs (hang,
 * dma_error, corrupt_stats, slow, spurious_irq; default all) is armed in
 * /sys/kernel/debug/visp-sim/inject.
 *
 * Checked: every buffer of a job comes back, with the job's sequence; the
 * input and parameters of a job are those queued for it; a job's buffers
 * fail together (but for statistics corrupted alone); every buffer that
 * does not fail is byte for byte the model's prediction for the job's
 * input (capture buffers are poisoned before each QBUF); the driver's
 * frames_failed and stats_invalid and the simulator's injected_faults
 * counters moved by what was seen. The counts are printed for the caller
 * to check against the faults (a hang fails one or two jobs).
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/videodev2.h>

#include "visp-guest.h"

#define NUM_BUFS	4
#define MAX_PLANES	3
#define STALL_MS	10000
#define DRAIN_MS	3000
#define SIM		"/sys/kernel/debug/visp-sim/"
#define DRV_STATS	"/sys/kernel/debug/visp.0/stats"
/* Offset of frame_sequence in struct visp_stats_buffer. */
#define STATS_SEQ_OFF	8

enum node_id { N_INPUT, N_PARAMS, N_MAIN, N_SELF, N_STATS, N_NODES };

static const char * const node_names[N_NODES] = {
	"input", "params", "main", "self", "stats",
};

enum fault { F_HANG, F_DMA, F_CORRUPT, F_SLOW, F_SPURIOUS, F_NUM };

static const char * const fault_names[F_NUM] = {
	"hang", "dma_error", "corrupt_stats", "slow", "spurious_irq",
};

struct node {
	const char *dev;
	const char *file;
	int fd;
	enum v4l2_buf_type type;
	bool mplane;
	bool output;
	unsigned int num_planes;
	unsigned char *mem[NUM_BUFS][MAX_PLANES];
	unsigned int len[NUM_BUFS][MAX_PLANES];
	unsigned int buf_frame[NUM_BUFS];	/* frame index queued */
	const unsigned char *data;		/* the file */
	size_t frame_size;			/* bytes of one frame of it */
	unsigned int queued;			/* buffers owned by the driver */
	unsigned long long qcount;		/* buffers queued so far */
	unsigned long long dequeued;
};

/* What came back for one job (index: its sequence). */
struct job {
	unsigned int seen;		/* BIT(node) dequeued */
	unsigned int failed;		/* BIT(node) with V4L2_BUF_FLAG_ERROR */
	unsigned int frame[N_NODES];	/* input/params: frame queued */
};

static struct node nodes[N_NODES];
static struct job *jobs;
static unsigned int max_jobs;
static unsigned int num_frames;

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("visp-faultrun: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static unsigned long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000;
}

static unsigned long long read_counter(const char *path, const char *name,
				       char sep)
{
	unsigned long long val;
	char line[256];
	size_t n = strlen(name);
	FILE *f = fopen(path, "r");

	if (!f)
		die("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, name, n) && line[n] == sep) {
			val = strtoull(line + n + 1, NULL, 10);
			fclose(f);
			return val;
		}
	}
	die("%s: no counter %s", path, name);
	return 0;
}

static bool fault_armed(enum fault f)
{
	char path[128], c = '0';
	int fd;

	snprintf(path, sizeof(path), SIM "inject/%s", fault_names[f]);
	fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, &c, 1) != 1)
		die("%s: %s", path, strerror(errno));
	close(fd);
	return c == '1';
}

static void fault_set(enum fault f, bool arm)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), SIM "inject/%s", fault_names[f]);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, arm ? "1" : "0", 1) != 1)
		die("%s: %s", path, strerror(errno));
	close(fd);
}

static void init_buf(struct node *n, struct v4l2_buffer *buf,
		     struct v4l2_plane *planes, unsigned int index)
{
	memset(buf, 0, sizeof(*buf));
	memset(planes, 0, sizeof(*planes) * MAX_PLANES);
	buf->type = n->type;
	buf->memory = V4L2_MEMORY_MMAP;
	buf->index = index;
	if (n->mplane) {
		buf->m.planes = planes;
		buf->length = MAX_PLANES;
	}
}

static void node_open(struct node *n, enum node_id id)
{
	static const enum v4l2_buf_type types[N_NODES] = {
		[N_INPUT] = V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE,
		[N_PARAMS] = V4L2_BUF_TYPE_META_OUTPUT,
		[N_MAIN] = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE,
		[N_SELF] = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE,
		[N_STATS] = V4L2_BUF_TYPE_META_CAPTURE,
	};
	struct v4l2_plane planes[MAX_PLANES];
	struct v4l2_requestbuffers rb;
	struct v4l2_format fmt;
	struct v4l2_buffer buf;
	unsigned int i, p, size = 0;
	size_t file_size;

	n->type = types[id];
	n->mplane = id == N_INPUT || id == N_MAIN || id == N_SELF;
	n->output = id == N_INPUT || id == N_PARAMS;
	n->fd = open(n->dev, O_RDWR | O_NONBLOCK);
	if (n->fd < 0)
		die("%s: %s", n->dev, strerror(errno));

	memset(&fmt, 0, sizeof(fmt));
	fmt.type = n->type;
	if (xioctl(n->fd, VIDIOC_G_FMT, &fmt))
		die("%s: VIDIOC_G_FMT: %s", n->dev, strerror(errno));
	if (n->mplane) {
		n->num_planes = fmt.fmt.pix_mp.num_planes;
		if (n->num_planes > MAX_PLANES)
			die("%s: %u planes", n->dev, n->num_planes);
		for (p = 0; p < n->num_planes; p++)
			size += fmt.fmt.pix_mp.plane_fmt[p].sizeimage;
	} else {
		n->num_planes = 1;
		size = fmt.fmt.meta.buffersize;
	}

	if (visp_map_file(n->file, &n->data, &file_size))
		die("%s: %s", n->file, strerror(errno));
	if (!file_size)
		die("%s: empty", n->file);
	/* The parameters file holds buffers of the node's buffer size. */
	n->frame_size = file_size / num_frames;
	if (file_size % num_frames ||
	    (id == N_PARAMS ? n->frame_size != size : n->frame_size > size))
		die("%s: %zu bytes, not %u frames of %u bytes", n->file,
		    file_size, num_frames, size);

	memset(&rb, 0, sizeof(rb));
	rb.count = NUM_BUFS;
	rb.type = n->type;
	rb.memory = V4L2_MEMORY_MMAP;
	if (xioctl(n->fd, VIDIOC_REQBUFS, &rb))
		die("%s: VIDIOC_REQBUFS: %s", n->dev, strerror(errno));
	if (rb.count != NUM_BUFS)
		die("%s: %u buffers, expected %u", n->dev, rb.count, NUM_BUFS);

	for (i = 0; i < NUM_BUFS; i++) {
		init_buf(n, &buf, planes, i);
		if (xioctl(n->fd, VIDIOC_QUERYBUF, &buf))
			die("%s: VIDIOC_QUERYBUF: %s", n->dev, strerror(errno));
		for (p = 0; p < n->num_planes; p++) {
			unsigned int len = n->mplane ? planes[p].length :
					   buf.length;
			unsigned int off = n->mplane ? planes[p].m.mem_offset :
					   buf.m.offset;

			n->len[i][p] = len;
			n->mem[i][p] = mmap(NULL, len, PROT_READ | PROT_WRITE,
					    MAP_SHARED, n->fd, off);
			if (n->mem[i][p] == MAP_FAILED)
				die("%s: mmap: %s", n->dev, strerror(errno));
		}
	}
}

/* Queue buffer @index of @n with the next frame of its file. */
static void node_queue(struct node *n, enum node_id id, unsigned int index)
{
	struct v4l2_plane planes[MAX_PLANES];
	struct v4l2_buffer buf;
	unsigned int frame = n->qcount % num_frames, p;
	const unsigned char *src = n->data + (size_t)frame * n->frame_size;

	init_buf(n, &buf, planes, index);
	if (id == N_INPUT) {
		/* Frames of one plane: the input formats are. */
		memcpy(n->mem[index][0], src, n->frame_size);
		planes[0].bytesused = n->frame_size;
		buf.length = 1;
	} else if (id == N_PARAMS) {
		memcpy(n->mem[index][0], src, n->frame_size);
		buf.bytesused = visp_params_size(src, n->frame_size);
	} else {
		for (p = 0; p < n->num_planes; p++)
			memset(n->mem[index][p], 0xa5, n->len[index][p]);
		buf.length = n->mplane ? n->num_planes : buf.length;
	}
	n->buf_frame[index] = frame;
	if (xioctl(n->fd, VIDIOC_QBUF, &buf))
		die("%s: VIDIOC_QBUF: %s", n->dev, strerror(errno));
	n->queued++;
	n->qcount++;
}

/*
 * The frame of @n's expected file that @buf holds, checking the sequence
 * a statistics buffer carries; -1 for none.
 */
static int match_frame(struct node *n, enum node_id id,
		       const struct v4l2_buffer *buf)
{
	unsigned char *got = malloc(n->frame_size);
	unsigned int f, p, used, pos = 0, seq;
	int found = -1;

	if (!got)
		die("out of memory");
	for (p = 0; p < n->num_planes; p++) {
		used = n->mplane ? buf->m.planes[p].bytesused : buf->bytesused;
		if (pos + used > n->frame_size) {
			free(got);
			return -1;
		}
		memcpy(got + pos, n->mem[buf->index][p], used);
		pos += used;
	}
	if (pos != n->frame_size) {
		free(got);
		return -1;
	}
	if (id == N_STATS) {
		memcpy(&seq, got + STATS_SEQ_OFF, sizeof(seq));
		if (seq != buf->sequence) {
			free(got);
			return -1;
		}
	}
	for (f = 0; f < num_frames && found < 0; f++) {
		const unsigned char *exp = n->data + (size_t)f * n->frame_size;

		if (id == N_STATS) {
			if (!memcmp(got, exp, STATS_SEQ_OFF) &&
			    !memcmp(got + STATS_SEQ_OFF + 4,
				    exp + STATS_SEQ_OFF + 4,
				    n->frame_size - STATS_SEQ_OFF - 4))
				found = f;
		} else if (!memcmp(got, exp, n->frame_size)) {
			found = f;
		}
	}
	free(got);
	return found;
}

/* Dequeue and check a buffer of @n: its index, -1 if none is ready. */
static int node_dequeue(struct node *n, enum node_id id)
{
	struct v4l2_plane planes[MAX_PLANES];
	struct v4l2_buffer buf;
	struct job *j;
	int f;

	init_buf(n, &buf, planes, 0);
	if (xioctl(n->fd, VIDIOC_DQBUF, &buf)) {
		if (errno == EAGAIN)
			return -1;
		die("%s: VIDIOC_DQBUF: %s", n->dev, strerror(errno));
	}
	n->queued--;
	n->dequeued++;
	if (buf.sequence >= max_jobs)
		die("%s: sequence %u, at most %u jobs expected", n->dev,
		    buf.sequence, max_jobs);
	j = &jobs[buf.sequence];
	if (j->seen & (1U << id))
		die("%s: two buffers of sequence %u", n->dev, buf.sequence);
	j->seen |= 1U << id;
	if (buf.flags & V4L2_BUF_FLAG_ERROR)
		j->failed |= 1U << id;

	if (n->output) {
		j->frame[id] = n->buf_frame[buf.index];
	} else if (!(buf.flags & V4L2_BUF_FLAG_ERROR)) {
		f = match_frame(n, id, &buf);
		if (f < 0)
			die("%s: sequence %u: no frame of %s matches", n->dev,
			    buf.sequence, n->file);
		j->frame[id] = f;
	}
	return buf.index;
}

/*
 * Arm a fault when none is, @gap jobs or fewer after the last one; a fault
 * is consumed by the next frame that starts (a spurious interrupt at once).
 */
static void inject(unsigned int faults, unsigned int gap, bool feeding,
		   unsigned long long *injected, enum fault *armed,
		   unsigned long long *next)
{
	unsigned long long done = nodes[N_INPUT].dequeued;
	enum fault f;

	if (*armed < F_NUM) {
		if (fault_armed(*armed))
			return;
		*armed = F_NUM;
	}
	if (!feeding || done < *next)
		return;

	do {
		f = random() % F_NUM;
	} while (!(faults & (1U << f)));
	fault_set(f, true);
	injected[f]++;
	if (f != F_SPURIOUS)
		*armed = f;
	*next = done + 1 + random() % gap;
}

/* Every buffer of jobs 0 to @last is back. */
static bool jobs_back(unsigned int last, unsigned int want)
{
	unsigned int s;

	for (s = 0; s <= last; s++)
		if ((jobs[s].seen & want) != want)
			return false;
	return true;
}

/* Check what came back for jobs 0 to @last; count them. */
static void check_jobs(unsigned int last, unsigned int want,
		       unsigned long long *good, unsigned long long *failed,
		       unsigned long long *stats_bad)
{
	unsigned int images = want & ~(1U << N_STATS);
	unsigned int s;
	int id;

	for (s = 0; s <= last; s++) {
		struct job *j = &jobs[s];

		if (j->frame[N_PARAMS] != j->frame[N_INPUT])
			die("job %u: input frame %u with parameters %u", s,
			    j->frame[N_INPUT], j->frame[N_PARAMS]);
		if (j->failed & (1U << N_INPUT)) {
			if ((j->failed & want) != want)
				die("job %u failed, but not its buffers 0x%x",
				    s, want & ~j->failed);
			(*failed)++;
			continue;
		}
		if (j->failed & images)
			die("job %u: buffers 0x%x failed, not its input", s,
			    j->failed & images);
		for (id = N_MAIN; id < N_NODES; id++) {
			if (!(want & (1U << id)) || (j->failed & (1U << id)))
				continue;
			if (j->frame[id] != j->frame[N_INPUT])
				die("job %u: %s is frame %u, input frame %u",
				    s, node_names[id], j->frame[id],
				    j->frame[N_INPUT]);
		}
		if (j->failed & (1U << N_STATS))
			(*stats_bad)++;
		(*good)++;
	}
}

static void check_counter(const char *path, const char *name, char sep,
			  unsigned long long before, unsigned long long seen)
{
	unsigned long long now = read_counter(path, name, sep);

	if (now - before != seen)
		die("%s counts %llu %s, %llu seen", path, now - before, name,
		    seen);
}

int main(int argc, char *argv[])
{
	static const enum node_id start_order[N_NODES] = {
		N_PARAMS, N_MAIN, N_SELF, N_STATS, N_INPUT,
	};
	unsigned long long injected[F_NUM] = { 0 };
	unsigned long long failed0, invalid0, sim0, last_event, next_fault;
	unsigned long long failed = 0, stats_bad = 0, good = 0, sum = 0;
	unsigned long long drain_start = 0;
	unsigned int target = 200, gap = 4, seed = 1;
	unsigned int faults = (1U << F_NUM) - 1;
	unsigned int i, want = 0, last = 0;
	struct pollfd pfd[N_NODES];
	int ids[N_NODES], npfd = 0, index, id;
	enum fault armed = F_NUM;
	bool feeding = true;
	unsigned long long feed_end = 0;
	char *tok, *spec;
	int opt;

	while ((opt = getopt(argc, argv, "j:g:x:f:n:i:p:m:s:t:")) != -1) {
		static const char node_opts[] = "ipmst";

		switch (opt) {
		case 'j':
			target = strtoul(optarg, NULL, 0);
			break;
		case 'g':
			gap = strtoul(optarg, NULL, 0);
			break;
		case 'x':
			seed = strtoul(optarg, NULL, 0);
			break;
		case 'n':
			num_frames = strtoul(optarg, NULL, 0);
			break;
		case 'f':
			faults = 0;
			for (tok = strtok(optarg, ","); tok;
			     tok = strtok(NULL, ",")) {
				for (i = 0; i < F_NUM; i++)
					if (!strcmp(tok, fault_names[i]))
						break;
				if (i == F_NUM)
					die("no fault %s", tok);
				faults |= 1U << i;
			}
			break;
		case 'i': case 'p': case 'm': case 's': case 't':
			id = strchr(node_opts, opt) - node_opts;
			spec = strchr(optarg, ':');
			if (!spec)
				die("-%c DEV:FILE", opt);
			*spec = '\0';
			nodes[id].dev = optarg;
			nodes[id].file = spec + 1;
			break;
		default:
			return 2;
		}
	}
	if (!num_frames || !gap || !target || !nodes[N_INPUT].dev ||
	    !nodes[N_PARAMS].dev || !nodes[N_MAIN].dev) {
		fprintf(stderr, "usage: visp-faultrun [-j JOBS] [-g GAP] [-x SEED]\n"
			"\t[-f FAULT,...] -n FRAMES -i DEV:FILE -p DEV:FILE\n"
			"\t-m DEV:FILE [-s DEV:FILE] [-t DEV:FILE]\n");
		return 2;
	}
	srandom(seed);
	max_jobs = target + 64;
	jobs = calloc(max_jobs, sizeof(*jobs));
	if (!jobs)
		die("out of memory");

	for (id = 0; id < N_NODES; id++) {
		if (!nodes[id].dev)
			continue;
		node_open(&nodes[id], id);
		want |= 1U << id;
	}

	failed0 = read_counter(DRV_STATS, "frames_failed", ':');
	invalid0 = read_counter(DRV_STATS, "stats_invalid", ':');
	sim0 = read_counter(SIM "counters", "injected_faults", ' ');

	/*
	 * The parameters stream first, so that every job has a buffer of
	 * them, the input last, which starts the jobs.
	 */
	for (i = 0; i < N_NODES; i++) {
		struct node *n = &nodes[start_order[i]];

		if (!n->dev)
			continue;
		for (index = 0; index < NUM_BUFS; index++)
			node_queue(n, start_order[i], index);
		if (xioctl(n->fd, VIDIOC_STREAMON, &n->type))
			die("%s: VIDIOC_STREAMON: %s", n->dev, strerror(errno));
		pfd[npfd].fd = n->fd;
		pfd[npfd].events = n->output ? POLLOUT : POLLIN;
		ids[npfd++] = start_order[i];
	}
	next_fault = 1 + random() % gap;
	last_event = now_ms();

	for (;;) {
		bool progress = false;

		if (poll(pfd, npfd, 500) < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
		for (i = 0; i < (unsigned int)npfd; i++) {
			struct node *n = &nodes[ids[i]];

			while (n->queued &&
			       (index = node_dequeue(n, ids[i])) >= 0) {
				progress = true;
				/*
				 * Outputs stop with the feeding, in step: each
				 * is given as many buffers as the others, or
				 * the input's last ones wait for parameters
				 * forever.
				 */
				if (feeding || !n->output || n->qcount < feed_end)
					node_queue(n, ids[i], index);
			}
		}
		if (progress)
			last_event = now_ms();
		else if (now_ms() - last_event > STALL_MS)
			die("no buffer for %u ms after %llu jobs, %s armed",
			    STALL_MS, nodes[N_INPUT].dequeued,
			    armed < F_NUM ? fault_names[armed] : "no fault");

		inject(faults, gap, feeding, injected, &armed, &next_fault);

		if (feeding && nodes[N_INPUT].dequeued >= target) {
			/*
			 * The input's buffer of a job may come back a poll
			 * before the parameters' one: the outputs that are
			 * behind catch up.
			 */
			for (id = 0; id < N_NODES; id++)
				if (nodes[id].dev && nodes[id].output &&
				    nodes[id].qcount > feed_end)
					feed_end = nodes[id].qcount;
			feeding = false;
			drain_start = now_ms();
		}
		/* Drained: no job left, every buffer of the jobs back. */
		if (!feeding && !nodes[N_INPUT].queued) {
			last = nodes[N_INPUT].dequeued - 1;
			if (jobs_back(last, want))
				break;
			if (now_ms() - drain_start > DRAIN_MS + STALL_MS)
				die("the buffers of the last jobs did not all come back");
		}
	}

	/* No frame starts without input: an armed fault stays unused. */
	if (armed < F_NUM && fault_armed(armed)) {
		fault_set(armed, false);
		injected[armed]--;
	}
	for (id = 0; id < N_NODES; id++)
		if (nodes[id].dev &&
		    xioctl(nodes[id].fd, VIDIOC_STREAMOFF, &nodes[id].type))
			die("%s: VIDIOC_STREAMOFF: %s", nodes[id].dev,
			    strerror(errno));

	check_jobs(last, want, &good, &failed, &stats_bad);
	printf("jobs %u good %llu failed %llu stats_invalid %llu\n", last + 1,
	       good, failed, stats_bad);
	for (i = 0; i < F_NUM; i++) {
		printf("fault %s %llu\n", fault_names[i], injected[i]);
		sum += injected[i];
	}

	check_counter(DRV_STATS, "frames_failed", ':', failed0, failed);
	check_counter(DRV_STATS, "stats_invalid", ':', invalid0, stats_bad);
	check_counter(SIM "counters", "injected_faults", ' ', sim0, sum);
	return 0;
}
