// SPDX-License-Identifier: GPL-2.0
/*
 * libvispmodel benchmark: processing time of the reference model, on one
 * thread and split in bands across all the CPUs, next to the time of a
 * memcpy of the same input and output bytes, printed as Markdown tables.
 *
 * "full": RAW10 input, every block enabled (edge-aware demosaic), main
 * path NV12 at full size, self path RGB24 at half size (at most 1920
 * wide), AWB, AE and AF statistics on 16 x 16 grids.
 * "soft": the soft ISP subset, demosaic + gains + CCM + gamma to RGB24.
 *
 * Each case runs on every copy of the model this CPU runs (see
 * visp_model_isa_list()), or only on the one VISP_MODEL_ISA names when it
 * is set. One-thread times are the CPU time of the benchmark thread, so
 * that other load on the machine disturbs them less. The frame split in
 * one band per CPU is timed two ways: the CPU time of its longest band
 * plus the end of the frame, the frame time when each band has a CPU of
 * its own, compared with the one-thread time for the speed-up; and the
 * wall-clock time, compared with the wall-clock time of one thread, which
 * only means something on an idle machine. The last table adds the blocks
 * one by one, at 1920x1080.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "libvisp.h"

#define BENCH_THREADS	16

static clockid_t bench_clock = CLOCK_THREAD_CPUTIME_ID;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(bench_clock, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct bench {
	struct visp_model_config cfg;
	struct visp_model_buffers buf;
	struct visp_stats_buffer stats;
	void *scratch;
	size_t scratch_size;
	size_t bytes;		/* input + output bytes moved per frame */
	/* band-parallel runs */
	unsigned int bands;
	void *band_scratch[BENCH_THREADS];
	pthread_t thread[BENCH_THREADS];
	pthread_barrier_t start, done;
	bool quit;
	double band_ms[BENCH_THREADS];	/* CPU time of each band's last run */
	double crit_ms;			/* sum of the frames' longest bands */
};

static u8 *alloc_plane(struct visp_model_plane *pl, u32 stride, u32 lines)
{
	pl->stride = stride;
	pl->size = stride * lines;
	pl->data = malloc(pl->size);
	memset(pl->data, 0, pl->size);
	return pl->data;
}

/*
 * The blocks, enabled in this order: white balance, colour matrix and
 * gamma make the soft ISP subset (SOFT_BLOCKS), then black level, defect
 * correction, lens shading, the edge-aware demosaic and the AWB, AE and
 * AF statistics make the full pipeline (ALL_BLOCKS).
 */
#define SOFT_BLOCKS	3
#define ALL_BLOCKS	8

static const char *const block_names[ALL_BLOCKS + 1] = {
	"demosaic only", "+ white balance", "+ colour matrix", "+ gamma",
	"+ black level", "+ defect correction", "+ lens shading",
	"+ edge-aware demosaic", "+ AWB, AE, AF statistics",
};

/*
 * @blocks: the first @blocks blocks of the list above
 * @paths: the full pipeline's outputs, main path NV12 and self path RGB24
 *	at half size; otherwise the main path in RGB24
 */
static void setup(struct bench *b, u32 w, u32 h, unsigned int blocks,
		  bool paths)
{
	unsigned int p, n, i;
	u16 *in;

	memset(b, 0, sizeof(*b));
	visp_config_init(&b->cfg);
	visp_config_set_input(&b->cfg, VISP_IN_TYPE_RAW10, VISP_BAYER_RGGB,
			      w, h);
	b->buf.in_stride = w * 2;
	b->buf.in_size = w * 2 * h;
	in = malloc(b->buf.in_size);
	srand(1);
	for (i = 0; i < w * h; i++)
		in[i] = 64 + (rand() & 511) + ((i % w) & 255);
	b->buf.in = (u8 *)in;
	b->buf.stats = &b->stats;
	b->bytes = b->buf.in_size;

	b->cfg.wb_en = blocks > 0;
	b->cfg.wb_gain[VISP_CFA_R] = 1800;
	b->cfg.wb_gain[VISP_CFA_B] = 1500;
	b->cfg.ccm_en = blocks > 1;
	b->cfg.ccm_coeff[0] = 1600;
	b->cfg.ccm_coeff[1] = -400;
	b->cfg.ccm_coeff[2] = -176;
	b->cfg.ccm_coeff[4] = 1400;
	b->cfg.ccm_coeff[3] = -300;
	b->cfg.ccm_coeff[5] = -76;
	b->cfg.ccm_coeff[8] = 1500;
	b->cfg.ccm_coeff[6] = -100;
	b->cfg.ccm_coeff[7] = -376;
	b->cfg.gamma_en = blocks > 2;
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		b->cfg.gamma_lut[i] = i * 64 > 4095 ? 4095 :
				      (i * 64 * (8192 - i * 64)) / 4096;
	b->cfg.bls_en = blocks > 3;
	for (i = 0; i < 4; i++)
		b->cfg.bls_level[i] = 256;
	b->cfg.dpc_en = blocks > 4;
	b->cfg.lsc_en = blocks > 5;
	for (i = 0; i < VISP_LSC_GRID_NODES; i++)
		b->cfg.lsc_table[0][i] = 1024 + (i % 17) * 16;
	b->cfg.dms_mode = blocks > 6 ? VISP_DEMOSAIC_EDGE_AWARE :
			  VISP_DEMOSAIC_BILINEAR;
	if (blocks > 7) {
		b->cfg.stats_en = true;
		b->cfg.awb_en = true;
		b->cfg.ae_en = true;
		b->cfg.af_en = true;
		b->cfg.awb_win = (struct visp_model_window){
			0, 0, (w / 16) & ~1u, (h / 16) & ~1u, 16, 16 };
		b->cfg.ae_win = b->cfg.awb_win;
		b->cfg.af_win = b->cfg.awb_win;
		b->bytes += sizeof(b->stats);
	}

	if (paths) {
		u32 sw = w / 2 > 1920 ? 1920 : w / 2;
		u32 sh = (u64)h * sw / w & ~1u;

		visp_config_set_path(&b->cfg, VISP_PATH_MAIN, VISP_OUT_FMT_NV12,
				     0, 0, w, h, w, h);
		visp_config_set_path(&b->cfg, VISP_PATH_SELF,
				     VISP_OUT_FMT_RGB24, 0, 0, w, h, sw, sh);
	} else {
		visp_config_set_path(&b->cfg, VISP_PATH_MAIN,
				     VISP_OUT_FMT_RGB24, 0, 0, w, h, w, h);
	}

	for (p = 0; p < VISP_PATH_COUNT; p++) {
		const struct visp_model_path *path = &b->cfg.path[p];

		if (!path->enable)
			continue;
		for (n = 0; n < visp_model_out_planes(path->format); n++) {
			u32 lb = visp_model_out_line_bytes(path->format,
							   path->out_w, n);
			u32 lines = visp_model_out_lines(path->format,
							 path->out_h, n);

			alloc_plane(&b->buf.out[p][n], lb, lines);
			b->bytes += (size_t)lb * lines;
		}
	}
}

/* Scratch for the copy of the model in use */
static void alloc_scratch(struct bench *b)
{
	free(b->scratch);
	b->scratch_size = visp_model_scratch_size(&b->cfg);
	b->scratch = malloc(b->scratch_size);
}

static void teardown(struct bench *b)
{
	unsigned int p, n;

	free((void *)b->buf.in);
	for (p = 0; p < VISP_PATH_COUNT; p++)
		for (n = 0; n < 2; n++)
			free(b->buf.out[p][n].data);
	free(b->scratch);
}

static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void run_band(struct bench *b, unsigned int i)
{
	double t0 = cpu_ms();

	if (visp_model_run_band(&b->cfg, &b->buf, b->band_scratch[i],
				b->scratch_size,
				visp_model_band_start(&b->cfg, i, b->bands),
				visp_model_band_start(&b->cfg, i + 1,
						      b->bands))) {
		fprintf(stderr, "visp_model_run_band failed\n");
		exit(EXIT_FAILURE);
	}
	b->band_ms[i] = cpu_ms() - t0;
}

struct worker {
	struct bench *b;
	unsigned int band;
};

static void *worker_main(void *arg)
{
	struct worker *wk = arg;
	struct bench *b = wk->b;

	for (;;) {
		pthread_barrier_wait(&b->start);
		if (b->quit)
			return NULL;
		run_band(b, wk->band);
		pthread_barrier_wait(&b->done);
	}
}

/*
 * One frame: band 0 here, the others on the workers. Adds to @crit_ms the
 * CPU time of the longest band and of the end of the frame: the frame
 * time when every band has a CPU of its own, whatever else loads the
 * machine.
 */
static int run_frame(struct bench *b)
{
	double most = 0, t0;
	unsigned int i;

	if (b->bands < 2)
		return visp_model_run(&b->cfg, &b->buf, b->scratch,
				      b->scratch_size);
	pthread_barrier_wait(&b->start);
	run_band(b, 0);
	pthread_barrier_wait(&b->done);
	t0 = cpu_ms();
	visp_model_finish(&b->cfg, &b->buf, b->band_scratch, b->bands);
	for (i = 0; i < b->bands; i++)
		most = b->band_ms[i] > most ? b->band_ms[i] : most;
	b->crit_ms += most + cpu_ms() - t0;
	return 0;
}

/*
 * Mean time of one frame over at least 3 runs and 0.5 s, in ms; @crit_ms
 * becomes the mean of the longest bands.
 */
static double time_model(struct bench *b)
{
	double t0, t;
	int n = 0;

	if (run_frame(b)) {
		fprintf(stderr, "visp_model_run failed\n");
		exit(EXIT_FAILURE);
	}
	b->crit_ms = 0;
	t0 = now_ms();
	do {
		run_frame(b);
		n++;
		t = now_ms() - t0;
	} while (n < 3 || t < 500);
	b->crit_ms /= n;
	return t / n;
}

/* Wall-clock time of a frame in @bands bands, one thread each, in ms. */
static double time_bands(struct bench *b, unsigned int bands)
{
	static struct worker wk[BENCH_THREADS];
	unsigned int i;
	double ms;

	b->bands = bands;
	b->quit = false;
	pthread_barrier_init(&b->start, NULL, bands);
	pthread_barrier_init(&b->done, NULL, bands);
	for (i = 0; i < bands; i++)
		b->band_scratch[i] = malloc(b->scratch_size);
	for (i = 1; i < bands; i++) {
		wk[i] = (struct worker){ b, i };
		pthread_create(&b->thread[i], NULL, worker_main, &wk[i]);
	}

	bench_clock = CLOCK_MONOTONIC;
	ms = time_model(b);
	bench_clock = CLOCK_THREAD_CPUTIME_ID;

	b->quit = true;
	pthread_barrier_wait(&b->start);
	for (i = 1; i < bands; i++)
		pthread_join(b->thread[i], NULL);
	for (i = 0; i < bands; i++)
		free(b->band_scratch[i]);
	pthread_barrier_destroy(&b->start);
	pthread_barrier_destroy(&b->done);
	b->bands = 0;
	return ms;
}

static double time_memcpy(size_t bytes)
{
	u8 *src = malloc(bytes), *dst = malloc(bytes);
	double t0, t;
	int n = 0;

	memset(src, 1, bytes);
	memset(dst, 2, bytes);
	t0 = now_ms();
	do {
		memcpy(dst, src, bytes);
		src[n % bytes] = dst[(n * 7) % bytes];
		n++;
		t = now_ms() - t0;
	} while (n < 10 || t < 200);
	free(src);
	free(dst);
	return t / n;
}

int main(void)
{
	static const u32 sizes[][2] = {
		{ 640, 480 }, { 1920, 1080 }, { 3840, 2160 },
	};
	const char *env = getenv("VISP_MODEL_ISA"), *isa[8];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int s, full, i, k, n = 0, threads;
	struct bench b;

	threads = cpus < 1 ? 1 : cpus > BENCH_THREADS ? BENCH_THREADS : cpus;
	if (env)
		isa[n++] = visp_model_isa_name();
	else
		while (n < 8 && (isa[n] = visp_model_isa_list(n)))
			n++;

	printf("VISP reference model: copy the library runs %s", isa[0]);
	if (env)
		printf(" (VISP_MODEL_ISA=%s)", env);
	printf(", %u CPUs online\n\n", threads);
	printf("| pipeline | size | copy | ms/frame | Mpix/s | ns/pixel ");
	printf("| memcpy ms | x memcpy | %u bands: longest ms | speed-up ",
	       threads);
	printf("| wall ms 1 thread | wall ms %u bands | wall speed-up |\n",
	       threads);
	printf("| --- | --- | --- |");
	for (i = 0; i < 10; i++)
		printf(" ---: |");
	printf("\n");
	for (full = 1; full <= 1; full--) {
		for (s = 0; s < 3; s++) {
			u32 w = sizes[s][0], h = sizes[s][1];
			double ms, mc, w1, wn;

			setup(&b, w, h, full ? ALL_BLOCKS : SOFT_BLOCKS, full);
			mc = time_memcpy(b.bytes);
			for (i = 0; i < n; i++) {
				visp_model_isa_select(isa[i]);
				alloc_scratch(&b);
				ms = time_model(&b);
				bench_clock = CLOCK_MONOTONIC;
				w1 = time_model(&b);
				bench_clock = CLOCK_THREAD_CPUTIME_ID;
				wn = w1;
				b.crit_ms = ms;
				if (threads > 1)
					wn = time_bands(&b, threads);
				printf("| %s | %ux%u | %s | %.2f | %.0f | %.2f ",
				       full ? "full" : "soft", w, h, isa[i],
				       ms, (double)w * h / ms / 1e3,
				       ms * 1e6 / ((double)w * h));
				printf("| %.3f | %.1f | %.2f | %.2f ", mc,
				       ms / mc, b.crit_ms, ms / b.crit_ms);
				printf("| %.2f | %.2f | %.2f |\n", w1, wn,
				       w1 / wn);
				fflush(stdout);
			}
			teardown(&b);
		}
	}

	printf("\nCost of the blocks, 1920x1080 to RGB24, copy %s, one thread:\n\n",
	       isa[0]);
	printf("| blocks | enabled | ms/frame | ns/pixel |\n");
	printf("| ---: | --- | ---: | ---: |\n");
	visp_model_isa_select(isa[0]);
	for (k = 0; k <= ALL_BLOCKS; k++) {
		double ms;

		setup(&b, 1920, 1080, k, false);
		alloc_scratch(&b);
		ms = time_model(&b);
		printf("| %u | %s | %.2f | %.2f |\n", k, block_names[k], ms,
		       ms * 1e6 / (1920.0 * 1080));
		fflush(stdout);
		teardown(&b);
	}
	return 0;
}
