// SPDX-License-Identifier: GPL-2.0
/*
 * visp-iq: run the reference model's demosaic on a linear RGGB mosaic for
 * the image quality benchmark (make iq, visp-iq.py).
 *
 *   visp-iq IN.raw WIDTH HEIGHT MODE OUT.rgb [--time]
 *
 * IN.raw holds WIDTH x HEIGHT 12-bit samples in 16-bit little-endian
 * words, an RGGB mosaic, processed as RAW12 with black level 0, unity
 * white balance, no colour matrix, the demosaic MODE (0 bilinear, 1
 * edge-aware, 2 directional) and the sRGB curve in the gamma block, into
 * RGB24 at full size, written to OUT.rgb. With --time, the model runs
 * again for at least 3 frames and 1 s and the mean CPU time of a frame,
 * in ms, is printed.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libvisp.h"

static void fail(const char *msg, const char *arg)
{
	fprintf(stderr, "visp-iq: ");
	fprintf(stderr, msg, arg);
	fprintf(stderr, "\n");
	exit(EXIT_FAILURE);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	struct visp_model_config cfg;
	struct visp_model_buffers buf;
	struct visp_model_plane *out;
	size_t scratch_size, in_size;
	void *scratch;
	unsigned int i;
	u32 w, h, mode;
	FILE *f;
	u8 *in;

	if (argc < 6 || argc > 7 || (argc == 7 && strcmp(argv[6], "--time")))
		fail("usage: visp-iq IN.raw WIDTH HEIGHT MODE OUT.rgb [--time]%s",
		     "");
	w = strtoul(argv[2], NULL, 0);
	h = strtoul(argv[3], NULL, 0);
	mode = strtoul(argv[4], NULL, 0);

	visp_config_init(&cfg);
	visp_config_set_input(&cfg, VISP_IN_TYPE_RAW12, VISP_BAYER_RGGB, w, h);
	visp_config_set_path(&cfg, VISP_PATH_MAIN, VISP_OUT_FMT_RGB24, 0, 0,
			     w, h, w, h);
	cfg.dms_mode = mode;
	cfg.gamma_en = true;
	for (i = 0; i < VISP_GAMMA_POINTS; i++) {
		double x = (i * 64 > 4095 ? 4095 : i * 64) / 4095.0;

		cfg.gamma_lut[i] = lround(visp_colour_srgb_encode(x) * 4095);
	}
	if (visp_model_check(&cfg))
		fail("the size %s or the mode is not one the model takes.",
		     argv[2]);

	in_size = (size_t)w * h * 2;
	in = malloc(in_size);
	f = fopen(argv[1], "rb");
	if (!in || !f || fread(in, 1, in_size, f) != in_size)
		fail("cannot read %s.", argv[1]);
	fclose(f);

	memset(&buf, 0, sizeof(buf));
	buf.in = in;
	buf.in_stride = w * 2;
	buf.in_size = in_size;
	out = &buf.out[VISP_PATH_MAIN][0];
	out->stride = w * 3;
	out->size = (size_t)w * 3 * h;
	out->data = malloc(out->size);
	scratch_size = visp_model_scratch_size(&cfg);
	scratch = malloc(scratch_size);
	if (!out->data || !scratch)
		fail("out of memory%s.", "");

	if (visp_model_run(&cfg, &buf, scratch, scratch_size))
		fail("the model refused the frame%s.", "");
	f = fopen(argv[5], "wb");
	if (!f || fwrite(out->data, 1, out->size, f) != out->size ||
	    fclose(f))
		fail("cannot write %s.", argv[5]);

	if (argc == 7) {
		double t0 = now_ms(), t;
		int n = 0;

		do {
			visp_model_run(&cfg, &buf, scratch, scratch_size);
			n++;
			t = now_ms() - t0;
		} while (n < 3 || t < 1000);
		printf("%.2f\n", t / n);
	}
	free(scratch);
	free(out->data);
	free(in);
	return 0;
}
