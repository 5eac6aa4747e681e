// SPDX-License-Identifier: GPL-2.0
/*
 * libvispmodel benchmark: single-thread processing time of the reference
 * model, next to the time of a memcpy of the same input and output bytes.
 *
 * "full": RAW10 input, every block enabled (edge-aware demosaic), main
 * path NV12 at full size, self path RGB24 at half size (at most 1920
 * wide), AWB, AE and AF statistics on 16 x 16 grids.
 * "soft": the soft ISP subset, demosaic + gains + CCM + gamma to RGB24.
 *
 * Each case runs on every copy of the model this CPU runs (see
 * visp_model_isa_list()), or only on the one VISP_MODEL_ISA names when it
 * is set. Times are the CPU time of the benchmark thread, so that other
 * load on the machine disturbs them less.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libvisp.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

struct bench {
	struct visp_model_config cfg;
	struct visp_model_buffers buf;
	struct visp_stats_buffer stats;
	void *scratch;
	size_t scratch_size;
	size_t bytes;		/* input + output bytes moved per frame */
};

static u8 *alloc_plane(struct visp_model_plane *pl, u32 stride, u32 lines)
{
	pl->stride = stride;
	pl->size = stride * lines;
	pl->data = malloc(pl->size);
	memset(pl->data, 0, pl->size);
	return pl->data;
}

static void setup(struct bench *b, u32 w, u32 h, bool full)
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

	b->cfg.wb_en = true;
	b->cfg.wb_gain[VISP_CFA_R] = 1800;
	b->cfg.wb_gain[VISP_CFA_B] = 1500;
	b->cfg.ccm_en = true;
	b->cfg.ccm_coeff[0] = 1600;
	b->cfg.ccm_coeff[1] = -400;
	b->cfg.ccm_coeff[2] = -176;
	b->cfg.ccm_coeff[4] = 1400;
	b->cfg.ccm_coeff[3] = -300;
	b->cfg.ccm_coeff[5] = -76;
	b->cfg.ccm_coeff[8] = 1500;
	b->cfg.ccm_coeff[6] = -100;
	b->cfg.ccm_coeff[7] = -376;
	b->cfg.gamma_en = true;
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		b->cfg.gamma_lut[i] = i * 64 > 4095 ? 4095 :
				      (i * 64 * (8192 - i * 64)) / 4096;

	if (full) {
		u32 sw = w / 2 > 1920 ? 1920 : w / 2;
		u32 sh = (u64)h * sw / w & ~1u;

		b->cfg.bls_en = true;
		for (i = 0; i < 4; i++)
			b->cfg.bls_level[i] = 256;
		b->cfg.dpc_en = true;
		b->cfg.lsc_en = true;
		for (i = 0; i < VISP_LSC_GRID_NODES; i++)
			b->cfg.lsc_table[0][i] = 1024 + (i % 17) * 16;
		b->cfg.dms_mode = VISP_DEMOSAIC_EDGE_AWARE;
		visp_config_set_path(&b->cfg, VISP_PATH_MAIN, VISP_OUT_FMT_NV12,
				     0, 0, w, h, w, h);
		visp_config_set_path(&b->cfg, VISP_PATH_SELF,
				     VISP_OUT_FMT_RGB24, 0, 0, w, h, sw, sh);
		b->cfg.stats_en = true;
		b->cfg.awb_en = true;
		b->cfg.ae_en = true;
		b->cfg.af_en = true;
		b->cfg.awb_win = (struct visp_model_window){
			0, 0, (w / 16) & ~1u, (h / 16) & ~1u, 16, 16 };
		b->cfg.ae_win = b->cfg.awb_win;
		b->cfg.af_win = b->cfg.awb_win;
		b->bytes += sizeof(b->stats);
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

/* Mean time of one call over at least 3 runs and 0.5 s, in ms. */
static double time_model(struct bench *b)
{
	double t0, t;
	int n = 0;

	if (visp_model_run(&b->cfg, &b->buf, b->scratch, b->scratch_size)) {
		fprintf(stderr, "visp_model_run failed\n");
		exit(EXIT_FAILURE);
	}
	t0 = now_ms();
	do {
		visp_model_run(&b->cfg, &b->buf, b->scratch, b->scratch_size);
		n++;
		t = now_ms() - t0;
	} while (n < 3 || t < 500);
	return t / n;
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
	const char *row = "%-6s %-11s %-10s %10.2f %9.1f %12.3f %10.2f\n";
	const char *env = getenv("VISP_MODEL_ISA"), *isa[8];
	unsigned int s, full, i, n = 0;

	if (env)
		isa[n++] = visp_model_isa_name();
	else
		while (n < 8 && (isa[n] = visp_model_isa_list(n)))
			n++;

	printf("VISP reference model, single thread\n");
	printf("copy of the model the library runs: %s", visp_model_isa_name());
	if (env)
		printf(" (VISP_MODEL_ISA=%s)", env);
	printf("\n\n");
	printf("%-6s %-11s %-10s %10s %9s %12s %10s\n", "pipe", "size",
	       "copy", "ms/frame", "Mpix/s", "memcpy ms", "MB moved");
	for (full = 1; full <= 1; full--) {
		for (s = 0; s < 3; s++) {
			struct bench b;
			u32 w = sizes[s][0], h = sizes[s][1];
			double ms, mc;
			char size[16];

			setup(&b, w, h, full);
			mc = time_memcpy(b.bytes);
			snprintf(size, sizeof(size), "%ux%u", w, h);
			for (i = 0; i < n; i++) {
				visp_model_isa_select(isa[i]);
				alloc_scratch(&b);
				ms = time_model(&b);
				printf(row, full ? "full" : "soft", size, isa[i], ms,
				       (double)w * h / ms / 1e3, mc,
				       b.bytes / 1e6);
			}
			teardown(&b);
		}
	}
	return 0;
}
