// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of visp-hostmodel, the reference model that serves visp-sim from
 * the host: this program plays the guest, on a RAM file and a mailbox
 * file of its own (drivers/media/test-drivers/visp-sim/visp-sim-host.h),
 * and compares what the program writes in the "guest's RAM" with
 * visp_model_run() called directly.
 *
 *   visp-hostmodel-tests PATH-OF-VISP-HOSTMODEL
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libvisp.h"
#include "tap-run.h"
#include "visp-sim-host.h"

#define RAM_SIZE	(64 << 20)
#define MB_SIZE		(1024 * 1024)
#define W		64
#define H		48
/* Bytes around the outputs that the program must not write */
#define PAD		0xa5
#define IN_ADDR		0x100000
#define OUT_ADDR	0x200000

static const char *tool;
/* The files, mkstemp() templates until made */
static char ram_path[64];
static char mb_path[64];
static u8 *ram;
static struct visp_host_mailbox *mb;
static pid_t pid;
static u64 gen = 100;

static struct visp_model_config cfg;
static struct visp_sim_dma ch[VISP_SIM_DMA_CHANNELS];
static u8 input[W * H];

static void *map_file(char *path, size_t size)
{
	int fd = mkstemp(path);
	void *map;

	if (fd < 0 || ftruncate(fd, size)) {
		perror(path);
		exit(EXIT_FAILURE);
	}
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		perror(path);
		exit(EXIT_FAILURE);
	}
	return map;
}

static pid_t run_tool(const char *bands, const char *ram_file)
{
	pid_t child = fork();

	if (!child) {
		execl(tool, tool, "--ram", ram_file, "--mailbox", mb_path,
		      "--bands", bands, (char *)NULL);
		_exit(127);
	}
	return child;
}

/* Start the program with @bands bands; false if it does not serve. */
static bool start(const char *bands)
{
	int i;

	pid = run_tool(bands, ram_path);
	for (i = 0; i < 500; i++) {
		if (__atomic_load_n(&mb->magic, __ATOMIC_ACQUIRE) ==
		    VISP_HOST_MAGIC)
			return true;
		usleep(10000);
	}
	return false;
}

/*
 * Stop the program, within 5 s or killed; its exit status, -1 if it was
 * killed.
 */
static int stop(void)
{
	int status, i;

	kill(pid, SIGTERM);
	for (i = 0; i < 500 && !waitpid(pid, &status, WNOHANG); i++)
		usleep(10000);
	if (i == 500) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * Send a request of a new frame, which has memory unless @lost; with
 * @hold, hold the lock while it runs, then take the frame's memory away.
 * Returns the status, -1 if it was not answered.
 */
static int request(u32 flags, bool lost, bool hold)
{
	u64 req, g = ++gen;
	int i;

	memcpy(&mb->cfg, &cfg, sizeof(cfg));
	memcpy(mb->ch, ch, sizeof(ch));
	mb->gen = g;
	mb->flags = flags;
	mb->frame_sequence = 7;
	mb->dma_gen = lost ? g + 1 : g;
	if (hold)
		__atomic_store_n(&mb->lock, 1, __ATOMIC_RELEASE);
	req = mb->req + 1;
	__atomic_store_n(&mb->req, req, __ATOMIC_RELEASE);
	if (hold) {
		usleep(100000);
		/* No step without the lock: the frame is not done. */
		CHECK(__atomic_load_n(&mb->done, __ATOMIC_ACQUIRE) != req);
		mb->dma_gen = 0;
		__atomic_store_n(&mb->lock, 0, __ATOMIC_RELEASE);
	}
	for (i = 0; i < 1000; i++) {
		if (__atomic_load_n(&mb->done, __ATOMIC_ACQUIRE) == req)
			return mb->status;
		usleep(10000);
	}
	return -1;
}

/*
 * A frame of @input at @in_stride: NV12 on the main path, RGB24 on the
 * self path, the statistics; every output line 64 bytes shorter than its
 * stride, and the outputs filled with PAD.
 */
static void setup(u32 in_stride)
{
	u64 addr = OUT_ADDR;
	unsigned int p, n, i;

	visp_config_init(&cfg);
	visp_config_set_input(&cfg, VISP_IN_TYPE_RAW8, VISP_BAYER_RGGB, W, H);
	visp_config_set_path(&cfg, VISP_PATH_MAIN, VISP_OUT_FMT_NV12,
			     0, 0, W, H, W, H);
	visp_config_set_path(&cfg, VISP_PATH_SELF, VISP_OUT_FMT_RGB24,
			     4, 2, 56, 40, 32, 24);
	cfg.wb_en = true;
	cfg.wb_gain[VISP_CFA_R] = 1900;
	cfg.stats_en = true;
	cfg.awb_en = true;
	cfg.ae_en = true;
	cfg.af_en = true;
	CHECK_EQ(visp_model_check(&cfg), 0);

	memset(ch, 0, sizeof(ch));
	ch[VISP_SIM_DMA_IN] = (struct visp_sim_dma){
		IN_ADDR, in_stride, in_stride * H, W, H };
	for (p = 0; p < VISP_PATH_COUNT; p++) {
		u8 fmt = cfg.path[p].format;

		for (n = 0; n < visp_model_out_planes(fmt); n++) {
			u32 bytes = visp_model_out_line_bytes(fmt,
							      cfg.path[p].out_w,
							      n);
			u32 lines = visp_model_out_lines(fmt,
							 cfg.path[p].out_h, n);

			ch[VISP_SIM_DMA_MP_Y + 2 * p + n] = (struct visp_sim_dma){
				addr, bytes + 64, (bytes + 64) * lines,
				bytes, lines };
			addr += 0x10000;
		}
	}
	ch[VISP_SIM_DMA_STATS] = (struct visp_sim_dma){
		addr, sizeof(struct visp_stats_buffer),
		sizeof(struct visp_stats_buffer),
		sizeof(struct visp_stats_buffer), 1 };

	for (i = 0; i < H; i++)
		memcpy(ram + IN_ADDR + (size_t)i * in_stride, input + i * W, W);
	memset(ram + OUT_ADDR, PAD, addr + 0x10000 - OUT_ADDR);
}

/*
 * The outputs in the RAM: those of visp_model_run() with @written, with
 * the statistics flipped for @flags' VISP_HOST_CORRUPT_STATS, else PAD;
 * the bytes between the lines PAD in both cases.
 */
static void check_outputs(u32 flags, bool written)
{
	static u8 out[VISP_SIM_DMA_CHANNELS][1 << 16];
	static u8 scratch[VISP_MODEL_SCRATCH_MAX];
	struct visp_model_buffers buf = {
		.in = input, .in_stride = W, .in_size = W * H,
		.stats = (struct visp_stats_buffer *)out[VISP_SIM_DMA_STATS],
		.frame_sequence = 7,
	};
	unsigned int p, n, i, y, k, bad = 0, pad = 0;

	memset(out, 0, sizeof(out));
	for (p = 0; p < VISP_PATH_COUNT; p++) {
		for (n = 0; n < 2; n++) {
			i = VISP_SIM_DMA_MP_Y + 2 * p + n;
			if (!ch[i].lines)
				continue;
			buf.out[p][n] = (struct visp_model_plane){
				out[i], ch[i].line_bytes,
				ch[i].line_bytes * ch[i].lines };
		}
	}
	if (written)
		CHECK_EQ(visp_model_run(&cfg, &buf, scratch, sizeof(scratch)),
			 0);
	if (flags & VISP_HOST_CORRUPT_STATS)
		for (k = 0; k < sizeof(struct visp_stats_buffer); k++)
			out[VISP_SIM_DMA_STATS][k] ^= 0xff;

	for (i = VISP_SIM_DMA_MP_Y; i <= VISP_SIM_DMA_STATS; i++) {
		for (y = 0; y < ch[i].lines; y++) {
			const u8 *got = ram + ch[i].addr + (size_t)y * ch[i].stride;

			for (k = 0; k < ch[i].line_bytes; k++)
				bad += got[k] != (written ?
						  out[i][y * ch[i].line_bytes + k] :
						  PAD);
			for (; k < ch[i].stride; k++)
				pad += got[k] != PAD;
		}
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(pad, 0);
}

static void test_serves(void)
{
	CHECK_EQ(mb->version, VISP_HOST_VERSION);
	CHECK_EQ(mb->cfg_size, sizeof(struct visp_model_config));
	CHECK_EQ(mb->cfg_offset, offsetof(struct visp_host_mailbox, cfg));
	CHECK_EQ(mb->done, mb->req);
}

static void test_gathered(void)
{
	setup(128);
	CHECK_EQ(request(0, false, false), VISP_HOST_OK);
	check_outputs(0, true);
}

static void test_in_place_corrupt_stats(void)
{
	setup(W);
	CHECK_EQ(request(VISP_HOST_CORRUPT_STATS, false, false),
		 VISP_HOST_OK);
	check_outputs(VISP_HOST_CORRUPT_STATS, true);
}

static void test_dropped_before(void)
{
	setup(128);
	CHECK_EQ(request(0, true, false), VISP_HOST_DROPPED);
	check_outputs(0, false);
}

static void test_dropped_under_lock(void)
{
	setup(128);
	CHECK_EQ(request(0, false, true), VISP_HOST_DROPPED);
	check_outputs(0, false);
}

static void test_model_error(void)
{
	setup(128);
	cfg.path[VISP_PATH_MAIN].out_w = 0;
	CHECK_EQ(request(0, false, false), VISP_HOST_ERR_MODEL);
	cfg.path[VISP_PATH_MAIN].out_w = W;
	check_outputs(0, false);
}

static void test_addresses(void)
{
	static const u64 addrs[] = {
		RAM_SIZE - 64,		/* its lines run past the end */
		RAM_SIZE,		/* past the end */
		(u64)-4096,		/* wraps */
		1ULL << 32,		/* above 4 GiB */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(addrs); i++) {
		setup(128);
		ch[VISP_SIM_DMA_MP_C].addr = addrs[i];
		CHECK_EQ(request(0, false, false), VISP_HOST_ERR_ADDR);
		ch[VISP_SIM_DMA_MP_C].lines = 0;
		check_outputs(0, false);
	}
	/* And the next frame is served. */
	test_gathered();
}

static void test_bands(void)
{
	CHECK_EQ(stop(), 0);
	CHECK(start("3"));
	test_gathered();
	test_in_place_corrupt_stats();
}

static void test_lost_at_restart(void)
{
	CHECK_EQ(stop(), 0);
	CHECK_EQ(mb->magic, 0);
	/* A request sent while no program served, and a lock left taken. */
	mb->lock = 1;
	mb->req = mb->done + 1;
	CHECK(start("1"));
	CHECK_EQ(mb->done, mb->req);
	CHECK_EQ(mb->status, VISP_HOST_ERR_LOST);
	CHECK_EQ(mb->lock, 0);
	test_gathered();
}

static void test_ram_too_large(void)
{
	char big[64] = "/tmp/visp-hostmodel-big-XXXXXX";
	int fd = mkstemp(big), status, i;
	pid_t child;

	CHECK(fd >= 0 && !ftruncate(fd, (3ULL << 30)));
	close(fd);
	child = run_tool("1", big);
	/* It exits at once; one that serves is stopped after 5 s. */
	for (i = 0; i < 500 && !waitpid(child, &status, WNOHANG); i++)
		usleep(10000);
	if (i == 500) {
		kill(child, SIGKILL);
		waitpid(child, &status, 0);
	}
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == EXIT_FAILURE);
	unlink(big);
}

static const struct tap_test tests[] = {
	{ "serves its mailbox", test_serves },
	{ "input gathered from its lines", test_gathered },
	{ "input in place, statistics corrupted", test_in_place_corrupt_stats },
	{ "frame without memory writes nothing", test_dropped_before },
	{ "memory taken under the lock", test_dropped_under_lock },
	{ "model error writes nothing", test_model_error },
	{ "channels outside the RAM", test_addresses },
	{ "three bands", test_bands },
	{ "request pending at start is lost", test_lost_at_restart },
	{ "RAM over 2 GiB refused", test_ram_too_large },
};

int main(int argc, char **argv)
{
	unsigned int i;
	int ret;

	if (argc != 2) {
		fprintf(stderr, "usage: %s VISP-HOSTMODEL\n", argv[0]);
		return EXIT_FAILURE;
	}
	tool = argv[1];
	snprintf(ram_path, sizeof(ram_path), "/tmp/visp-hostmodel-ram-XXXXXX");
	snprintf(mb_path, sizeof(mb_path), "/tmp/visp-hostmodel-mbox-XXXXXX");
	for (i = 0; i < sizeof(input); i++)
		input[i] = ((i * 2654435761u) >> 24) ^ ((i / W) * 3);
	ram = map_file(ram_path, RAM_SIZE);
	mb = map_file(mb_path, MB_SIZE);
	if (!start("1")) {
		fprintf(stderr, "%s does not serve its mailbox\n", tool);
		return EXIT_FAILURE;
	}

	ret = tap_run("hostmodel", tests, ARRAY_SIZE(tests));

	if (stop())
		ret = EXIT_FAILURE;
	unlink(ram_path);
	unlink(mb_path);
	return ret;
}
