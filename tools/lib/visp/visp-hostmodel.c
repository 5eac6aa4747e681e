// SPDX-License-Identifier: GPL-2.0
/*
 * visp-hostmodel: the VISP simulator's reference model, run on the host
 *
 * Serves the frames of a visp-sim in a QEMU guest whose RAM the host
 * shares, running the reference model natively rather than in the guest
 * kernel (see drivers/media/test-drivers/visp-sim/visp-sim-host.h for the
 * protocol):
 *
 *   visp-hostmodel --ram FILE --mailbox FILE [--bands N]
 *
 * --ram is the file of the guest's memory-backend-file (share=on), the
 * whole RAM of a pc or q35 machine, at most 2 GiB (all of it below 4 GiB,
 * from guest physical address 0 on); --mailbox the file of the memory
 * backend of its ivshmem-plain device. For each request, the program reads
 * the input channel from the guest's RAM, runs the model into buffers of
 * its own, exactly as visp_sim_frame_process() does in the guest, and
 * writes the output channels back in steps under the mailbox's lock, as
 * long as the frame may still access memory. --bands N splits each frame in N bands
 * of lines run on N threads (default 1).
 *
 * The program polls the mailbox: it spins briefly after a request, then
 * sleeps 50 us between polls, 1 ms once idle for 100 ms, leaving the CPUs
 * to QEMU. SIGTERM or SIGINT makes it withdraw from the mailbox (clear
 * @magic) and exit, printing how many requests it served.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "libvisp.h"
#include "visp-sim-host.h"

/*
 * The largest RAM served: the pc and q35 machines place up to 2 GiB of RAM
 * from guest physical address 0 on, the offset of each byte in the file.
 */
#define HM_RAM_MAX		0x80000000ULL

/* Polling: spin, then sleep 50 us, then 1 ms when idle. */
#define HM_SPIN_NS		50000LL
#define HM_POLL_NS		50000L
#define HM_IDLE_NS		100000000LL
#define HM_IDLE_POLL_NS		1000000L

#define HM_BANDS_MAX		16

/**
 * struct hm_band - a thread running one band of lines of each frame
 *
 * @thread: the thread, for bands other than the first
 * @index: band number
 * @ret: result of visp_model_run_band() on the last frame
 */
struct hm_band {
	pthread_t thread;
	unsigned int index;
	int ret;
};

/**
 * struct hm - state of visp-hostmodel
 *
 * @ram: the guest's RAM
 * @ram_size: bytes of @ram
 * @mb: the mailbox
 * @mb_size: bytes of the mailbox's file
 * @cfg: copy of the request's configuration
 * @ch: copy of the request's DMA channels
 * @buf: the model's memory for the request
 * @fbuf: private buffer of each channel, kept between requests
 * @fbuf_size: bytes of each of @fbuf
 * @nbands: bands per frame
 * @scratch: scratch memory of each band, VISP_MODEL_SCRATCH_MAX bytes
 * @band: the bands
 * @start: barrier the bands wait at before a frame
 * @done: barrier the bands wait at after a frame
 * @quit: the band threads exit at the next @start
 * @count: requests served, by VISP_HOST_* status
 * @model_ns: time spent in the model
 */
struct hm {
	u8 *ram;
	size_t ram_size;
	struct visp_host_mailbox *mb;
	size_t mb_size;
	struct visp_model_config cfg;
	struct visp_sim_dma ch[VISP_SIM_DMA_CHANNELS];
	struct visp_model_buffers buf;
	u8 *fbuf[VISP_SIM_DMA_CHANNELS];
	size_t fbuf_size[VISP_SIM_DMA_CHANNELS];
	unsigned int nbands;
	void *scratch[HM_BANDS_MAX];
	struct hm_band band[HM_BANDS_MAX];
	pthread_barrier_t start, done;
	bool quit;
	u64 count[VISP_HOST_ERR_ADDR + 1];
	u64 model_ns;
};

static struct hm hm;
/* Set by SIGTERM and SIGINT */
static int hm_stop;

static void hm_signal(int sig)
{
	(void)sig;
	__atomic_store_n(&hm_stop, 1, __ATOMIC_RELAXED);
}

static u64 hm_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void hm_sleep_ns(long ns)
{
	struct timespec ts = { .tv_nsec = ns };

	nanosleep(&ts, NULL);
}

static void *hm_map_file(const char *path, size_t *size)
{
	struct stat st;
	void *map;
	int fd;

	fd = open(path, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "visp-hostmodel: cannot open %s: %s\n", path,
			strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || st.st_size <= 0) {
		fprintf(stderr, "visp-hostmodel: %s is empty or cannot be read\n",
			path);
		close(fd);
		return NULL;
	}
	*size = st.st_size;
	map = mmap(NULL, *size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		fprintf(stderr, "visp-hostmodel: cannot map %s: %s\n", path,
			strerror(errno));
		return NULL;
	}
	return map;
}

/*
 * The host address of the @span bytes of guest RAM at guest physical
 * address @addr, or NULL unless every byte is RAM of the file.
 */
static u8 *hm_ram(u64 addr, u64 span)
{
	if (!span || addr > hm.ram_size || span > hm.ram_size - addr)
		return NULL;
	return hm.ram + addr;
}

/*
 * A private buffer of @size bytes for channel @i: the one of the previous
 * requests when it has that size, a new one, zeroed, otherwise, as the
 * simulator's visp_sim_frame_buf().
 */
static u8 *hm_buf(unsigned int i, size_t size)
{
	if (hm.fbuf[i] && hm.fbuf_size[i] == size)
		return hm.fbuf[i];
	free(hm.fbuf[i]);
	hm.fbuf_size[i] = 0;
	hm.fbuf[i] = calloc(1, size);
	if (hm.fbuf[i])
		hm.fbuf_size[i] = size;
	return hm.fbuf[i];
}

static void hm_lock(void)
{
	u32 unlocked;

	for (;;) {
		unlocked = 0;
		if (__atomic_compare_exchange_n(&hm.mb->lock, &unlocked, 1,
						false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return;
		/* The guest's vCPU holding it may wait for a host CPU. */
		while (__atomic_load_n(&hm.mb->lock, __ATOMIC_RELAXED))
			sched_yield();
	}
}

static void hm_unlock(void)
{
	__atomic_store_n(&hm.mb->lock, 0, __ATOMIC_RELEASE);
}

/*
 * Write @lines lines of @bytes bytes from @src, @bytes apart, to @dst,
 * @stride apart, in steps of at most VISP_HOST_STEP bytes under the lock
 * while the frame of generation @gen may access memory. Returns false
 * when it lost that right.
 */
static bool hm_write_lines(u8 *dst, u32 stride, const u8 *src, u32 bytes,
			   u32 lines, u64 gen)
{
	u32 y = 0, x = 0, n, len;
	bool cur;

	while (y < lines) {
		hm_lock();
		cur = __atomic_load_n(&hm.mb->dma_gen, __ATOMIC_RELAXED) == gen;
		for (n = 0; cur && y < lines && n < VISP_HOST_STEP; n += len) {
			len = bytes - x;
			if (len > VISP_HOST_STEP - n)
				len = VISP_HOST_STEP - n;
			memcpy(dst + (size_t)y * stride + x,
			       src + (size_t)y * bytes + x, len);
			x += len;
			if (x == bytes) {
				x = 0;
				y++;
			}
		}
		hm_unlock();
		if (!cur)
			return false;
	}

	return true;
}

static void hm_run_band(unsigned int i)
{
	hm.band[i].ret = visp_model_run_band(&hm.cfg, &hm.buf, hm.scratch[i],
					     VISP_MODEL_SCRATCH_MAX,
					     visp_model_band_start(&hm.cfg, i,
								   hm.nbands),
					     visp_model_band_start(&hm.cfg, i + 1,
								   hm.nbands));
}

static void *hm_band_main(void *arg)
{
	struct hm_band *band = arg;

	for (;;) {
		pthread_barrier_wait(&hm.start);
		if (hm.quit)
			return NULL;
		hm_run_band(band->index);
		pthread_barrier_wait(&hm.done);
	}
}

/* Run the model on @hm.buf, in @hm.nbands bands, as visp_sim_frame_model(). */
static int hm_model(void)
{
	unsigned int i;
	int ret;

	if (hm.nbands == 1)
		return visp_model_run(&hm.cfg, &hm.buf, hm.scratch[0],
				      VISP_MODEL_SCRATCH_MAX);

	pthread_barrier_wait(&hm.start);
	hm_run_band(0);
	pthread_barrier_wait(&hm.done);
	ret = 0;
	for (i = 0; i < hm.nbands && !ret; i++)
		ret = hm.band[i].ret;
	if (!ret)
		visp_model_finish(&hm.cfg, &hm.buf, hm.scratch, hm.nbands);
	return ret;
}

/*
 * Serve one request, of the configuration, channels and flags copied from
 * the mailbox, for the frame of generation @gen. Returns its VISP_HOST_*
 * status.
 */
static int hm_process(u64 gen, u32 flags, u32 frame_sequence)
{
	const struct visp_sim_dma *dma = hm.ch;
	const struct visp_sim_dma *in = &dma[VISP_SIM_DMA_IN];
	u8 *map[VISP_SIM_DMA_CHANNELS] = {};
	unsigned int i, p, n;
	u64 t0;
	int ret;

	memset(&hm.buf, 0, sizeof(hm.buf));

	/* Every byte of every channel used is in the RAM. */
	for (i = VISP_SIM_DMA_IN; i <= VISP_SIM_DMA_STATS; i++) {
		if (!dma[i].lines)
			continue;
		/* What the guest checked, against buffers too large here. */
		if (dma[i].stride < dma[i].line_bytes || !dma[i].line_bytes)
			return VISP_HOST_ERR_ADDR;
		map[i] = hm_ram(dma[i].addr, visp_sim_dma_span(&dma[i]));
		if (!map[i])
			return VISP_HOST_ERR_ADDR;
	}
	if (!in->lines)
		return VISP_HOST_ERR_MODEL;

	/* The input, gathered unless its lines follow one another. */
	if (in->stride == in->line_bytes || in->lines == 1) {
		hm.buf.in = map[VISP_SIM_DMA_IN];
	} else {
		u8 *b = hm_buf(VISP_SIM_DMA_IN,
			       (size_t)in->line_bytes * in->lines);

		if (!b)
			return VISP_HOST_ERR_MODEL;
		for (n = 0; n < in->lines; n++)
			memcpy(b + (size_t)n * in->line_bytes,
			       map[VISP_SIM_DMA_IN] + (size_t)n * in->stride,
			       in->line_bytes);
		hm.buf.in = b;
	}
	hm.buf.in_stride = in->line_bytes;
	hm.buf.in_size = in->line_bytes * in->lines;

	for (p = 0; p < VISP_PATH_COUNT; p++) {
		for (n = 0; n < 2; n++) {
			i = VISP_SIM_DMA_MP_Y + 2 * p + n;
			if (!dma[i].lines)
				continue;
			hm.buf.out[p][n].data =
				hm_buf(i, (size_t)dma[i].line_bytes *
					  dma[i].lines);
			if (!hm.buf.out[p][n].data)
				return VISP_HOST_ERR_MODEL;
			hm.buf.out[p][n].stride = dma[i].line_bytes;
			hm.buf.out[p][n].size = dma[i].line_bytes * dma[i].lines;
		}
	}
	/* The model adds its statistics to a zeroed buffer. */
	if (dma[VISP_SIM_DMA_STATS].lines) {
		size_t size = (size_t)dma[VISP_SIM_DMA_STATS].line_bytes *
			      dma[VISP_SIM_DMA_STATS].lines;

		if (size < sizeof(struct visp_stats_buffer))
			size = sizeof(struct visp_stats_buffer);
		if (!hm_buf(VISP_SIM_DMA_STATS, size))
			return VISP_HOST_ERR_MODEL;
		memset(hm.fbuf[VISP_SIM_DMA_STATS], 0, size);
		hm.buf.stats = (struct visp_stats_buffer *)
			       hm.fbuf[VISP_SIM_DMA_STATS];
	}
	hm.buf.frame_sequence = frame_sequence;

	t0 = hm_now_ns();
	ret = hm_model();
	hm.model_ns += hm_now_ns() - t0;
	if (ret)
		return VISP_HOST_ERR_MODEL;

	if (hm.buf.stats && (flags & VISP_HOST_CORRUPT_STATS)) {
		u8 *s = (u8 *)hm.buf.stats;
		size_t k;

		for (k = 0; k < sizeof(*hm.buf.stats); k++)
			s[k] ^= 0xff;
	}

	/* The outputs: the channels from MP_Y to STATS. */
	for (i = VISP_SIM_DMA_MP_Y; i <= VISP_SIM_DMA_STATS; i++) {
		if (!dma[i].lines)
			continue;
		if (!hm_write_lines(map[i], dma[i].stride, hm.fbuf[i],
				    dma[i].line_bytes, dma[i].lines, gen))
			return VISP_HOST_DROPPED;
	}

	return VISP_HOST_OK;
}

/* Wait for a request other than @done; returns its number, or @done. */
static u64 hm_wait(u64 done)
{
	u64 idle = hm_now_ns(), req, t;

	while (!__atomic_load_n(&hm_stop, __ATOMIC_RELAXED)) {
		req = __atomic_load_n(&hm.mb->req, __ATOMIC_ACQUIRE);
		if (req != done)
			return req;
		t = hm_now_ns() - idle;
		if (t < HM_SPIN_NS)
			continue;
		if (t < HM_IDLE_NS)
			hm_sleep_ns(HM_POLL_NS);
		else
			hm_sleep_ns(HM_IDLE_POLL_NS);
	}
	return done;
}

static void hm_serve(void)
{
	struct visp_host_mailbox *mb = hm.mb;
	u64 req, done, gen;
	u32 flags, seq;
	int status;

	done = __atomic_load_n(&mb->done, __ATOMIC_RELAXED);
	for (;;) {
		req = hm_wait(done);
		if (req == done)
			break;
		/*
		 * The guest may change the mailbox at any time: what the
		 * request uses is copied first.
		 */
		gen = __atomic_load_n(&mb->gen, __ATOMIC_RELAXED);
		flags = __atomic_load_n(&mb->flags, __ATOMIC_RELAXED);
		seq = __atomic_load_n(&mb->frame_sequence, __ATOMIC_RELAXED);
		memcpy(hm.ch, mb->ch, sizeof(hm.ch));
		memcpy(&hm.cfg, &mb->cfg, sizeof(hm.cfg));

		status = hm_process(gen, flags, seq);
		hm.count[status]++;
		__atomic_store_n(&mb->status, status, __ATOMIC_RELAXED);
		__atomic_store_n(&mb->done, req, __ATOMIC_RELEASE);
		done = req;
	}
}

static int hm_bands_start(void)
{
	unsigned int i;

	for (i = 0; i < hm.nbands; i++) {
		hm.band[i].index = i;
		hm.scratch[i] = malloc(VISP_MODEL_SCRATCH_MAX);
		if (!hm.scratch[i]) {
			fprintf(stderr, "visp-hostmodel: out of memory\n");
			return -1;
		}
	}
	if (hm.nbands == 1)
		return 0;
	pthread_barrier_init(&hm.start, NULL, hm.nbands);
	pthread_barrier_init(&hm.done, NULL, hm.nbands);
	for (i = 1; i < hm.nbands; i++) {
		if (pthread_create(&hm.band[i].thread, NULL, hm_band_main,
				   &hm.band[i])) {
			fprintf(stderr, "visp-hostmodel: cannot start a thread\n");
			/* The barriers wait for every band: no way back. */
			exit(EXIT_FAILURE);
		}
	}
	return 0;
}

static void hm_bands_stop(void)
{
	unsigned int i;

	if (hm.nbands > 1) {
		hm.quit = true;
		pthread_barrier_wait(&hm.start);
		for (i = 1; i < hm.nbands; i++)
			pthread_join(hm.band[i].thread, NULL);
		pthread_barrier_destroy(&hm.start);
		pthread_barrier_destroy(&hm.done);
	}
	for (i = 0; i < hm.nbands; i++)
		free(hm.scratch[i]);
	for (i = 0; i < VISP_SIM_DMA_CHANNELS; i++)
		free(hm.fbuf[i]);
}

static void hm_usage(void)
{
	fprintf(stderr,
		"usage: visp-hostmodel --ram FILE --mailbox FILE [--bands N]\n");
	exit(EXIT_FAILURE);
}

int main(int argc, char **argv)
{
	const char *ram_path = NULL, *mb_path = NULL;
	struct visp_host_mailbox *mb;
	struct sigaction sa = {};
	u64 served = 0, req;
	char *end;
	int i;

	hm.nbands = 1;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--ram") && i + 1 < argc) {
			ram_path = argv[++i];
		} else if (!strcmp(argv[i], "--mailbox") && i + 1 < argc) {
			mb_path = argv[++i];
		} else if (!strcmp(argv[i], "--bands") && i + 1 < argc) {
			hm.nbands = strtoul(argv[++i], &end, 0);
			if (*end || !hm.nbands || hm.nbands > HM_BANDS_MAX) {
				fprintf(stderr,
					"visp-hostmodel: --bands takes 1 to %d\n",
					HM_BANDS_MAX);
				return EXIT_FAILURE;
			}
		} else {
			hm_usage();
		}
	}
	if (!ram_path || !mb_path)
		hm_usage();

	hm.ram = hm_map_file(ram_path, &hm.ram_size);
	if (!hm.ram)
		return EXIT_FAILURE;
	hm.mb = hm_map_file(mb_path, &hm.mb_size);
	if (!hm.mb)
		return EXIT_FAILURE;
	if (hm.mb_size < sizeof(*hm.mb)) {
		fprintf(stderr,
			"visp-hostmodel: %s has %zu bytes, the mailbox needs %zu\n",
			mb_path, hm.mb_size, sizeof(*hm.mb));
		return EXIT_FAILURE;
	}
	if (hm.ram_size > HM_RAM_MAX) {
		fprintf(stderr,
			"visp-hostmodel: %s has %zu MiB: it serves guests of at most %llu MiB, all of it below 4 GiB\n",
			ram_path, hm.ram_size >> 20, HM_RAM_MAX >> 20);
		return EXIT_FAILURE;
	}
	if (hm_bands_start())
		return EXIT_FAILURE;

	sa.sa_handler = hm_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	/* The fields of the host, then the magic that tells the guest. */
	mb = hm.mb;
	__atomic_store_n(&mb->magic, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&mb->version, VISP_HOST_VERSION, __ATOMIC_RELAXED);
	__atomic_store_n(&mb->cfg_size, sizeof(struct visp_model_config),
			 __ATOMIC_RELAXED);
	__atomic_store_n(&mb->cfg_offset,
			 offsetof(struct visp_host_mailbox, cfg),
			 __ATOMIC_RELAXED);
	/* A program that stopped mid-step left the lock taken. */
	__atomic_store_n(&mb->lock, 0, __ATOMIC_RELEASE);
	/* A request it left pending was not served: never "written". */
	req = __atomic_load_n(&mb->req, __ATOMIC_ACQUIRE);
	if (req != __atomic_load_n(&mb->done, __ATOMIC_RELAXED)) {
		__atomic_store_n(&mb->status, VISP_HOST_ERR_LOST,
				 __ATOMIC_RELAXED);
		__atomic_store_n(&mb->done, req, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&mb->magic, VISP_HOST_MAGIC, __ATOMIC_RELEASE);

	fprintf(stderr,
		"visp-hostmodel: serving %s, RAM %zu MiB, model copy %s, %u band%s\n",
		mb_path, hm.ram_size >> 20, visp_model_isa_name(), hm.nbands,
		hm.nbands == 1 ? "" : "s");

	hm_serve();

	__atomic_store_n(&mb->magic, 0, __ATOMIC_RELEASE);
	hm_bands_stop();
	for (i = 0; i <= VISP_HOST_ERR_ADDR; i++)
		served += hm.count[i];
	fprintf(stderr,
		"visp-hostmodel: %llu requests: %llu written, %llu dropped, %llu model errors, %llu address errors; %.1f ms in the model\n",
		(unsigned long long)served,
		(unsigned long long)hm.count[VISP_HOST_OK],
		(unsigned long long)hm.count[VISP_HOST_DROPPED],
		(unsigned long long)hm.count[VISP_HOST_ERR_MODEL],
		(unsigned long long)hm.count[VISP_HOST_ERR_ADDR],
		hm.model_ns / 1e6);
	munmap(hm.mb, hm.mb_size);
	munmap(hm.ram, hm.ram_size);
	return EXIT_SUCCESS;
}
