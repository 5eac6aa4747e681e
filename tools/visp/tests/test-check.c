// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of visp-tune check, a TAP program of its own: PNG images of
 * the colour checker's own colours, laid out on the simulated sensor's
 * checker geometry and scaled as visp-cam's outputs are, measure a
 * CIEDE2000 near 0 and neutral greys; a colour cast fails the limits,
 * and unreadable files and images not showing the chart are refused with
 * a sentence and a non-zero exit status.
 *
 * Copyright (C) 2026 The VISP authors
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <visp/libvisp.h>

#include "visp-io.h"
#include "visp-sensor-render.h"

#include "test-dir.h"

#ifndef VISP_TUNE
#define VISP_TUNE	"visp-tune"
#endif

static char err[512];

/* Patch of the native pixel (@x, @y), or -1 for the surround. */
static int patch_at(double x, double y)
{
	double px = x - VISP_RENDER_CHECKER_X0, py = y - VISP_RENDER_CHECKER_Y0;
	int col = floor(px / VISP_RENDER_CHECKER_PITCH_X);
	int row = floor(py / VISP_RENDER_CHECKER_PITCH_Y);

	if (px < 0 || py < 0 || col > 5 || row > 3 ||
	    px - col * VISP_RENDER_CHECKER_PITCH_X >= VISP_RENDER_CHECKER_W ||
	    py - row * VISP_RENDER_CHECKER_PITCH_Y >= VISP_RENDER_CHECKER_H)
		return -1;
	return row * 6 + col;
}

static uint8_t encode(double linear, bool srgb)
{
	linear = fmin(fmax(linear, 0), 1);
	return lround(255 * (srgb ? visp_colour_srgb_encode(linear) : linear));
}

/*
 * A @w x @h PNG (or PPM, as libcamera's cam writes, for a path ending in
 * .ppm) of the chart in the native rectangle (@rx, @ry, @rw, @rh),
 * each channel's linear value times @gain[c].
 */
static void write_chart(const char *path, uint32_t w, uint32_t h,
			uint32_t rx, uint32_t ry, uint32_t rw, uint32_t rh,
			const double gain[3], bool srgb)
{
	uint8_t *rgb = malloc(3 * w * h);
	uint32_t x, y, c;
	size_t len;

	CHECK(rgb);
	if (!rgb)
		return;
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			int i = patch_at(rx + (x + 0.5) * rw / w,
					 ry + (y + 0.5) * rh / h);

			for (c = 0; c < 3; c++) {
				double v = i < 0 ?
					VISP_RENDER_CHECKER_SURROUND :
					visp_render_checker[i][c];

				rgb[3 * (y * w + x) + c] =
					encode(v / 65535 * gain[c], srgb);
			}
		}
	}
	len = strlen(path);
	if (len > 4 && !strcmp(path + len - 4, ".ppm")) {
		FILE *f = fopen(path, "wb");

		CHECK(f);
		if (f) {
			fprintf(f, "P6\n%u %u\n255\n", w, h);
			CHECK_EQ(fwrite(rgb, 1, 3 * w * h, f), 3 * w * h);
			fclose(f);
		}
	} else {
		CHECK(!visp_io_png_write(path, rgb, w, h, 3 * w, err,
					 sizeof(err)));
	}
	free(rgb);
}

struct run {
	int status;
	double de_mean, de_max, grey_a, grey_b;
	bool summary;
	unsigned int patches;
	unsigned int err_lines;
};

/* Run visp-tune check @args; its output and exit status in @r. */
static void run_check(const char *args, struct run *r)
{
	char cmd[512], line[512];
	const char *err_path = path_of("stderr");
	FILE *f;

	memset(r, 0, sizeof(*r));
	snprintf(cmd, sizeof(cmd), "%s check %s 2>%s", VISP_TUNE, args,
		 err_path);
	f = popen(cmd, "r");
	CHECK(f);
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "patch ", 6))
			r->patches++;
		if (sscanf(line, "checker: mean CIEDE2000 %lf, largest %lf, grey |a| <= %lf, |b| <= %lf",
			   &r->de_mean, &r->de_max, &r->grey_a,
			   &r->grey_b) == 4)
			r->summary = true;
	}
	r->status = pclose(f);
	r->status = WIFEXITED(r->status) ? WEXITSTATUS(r->status) : -1;
	f = fopen(err_path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		printf("#   stderr: %s", line);
		r->err_lines++;
	}
	if (f)
		fclose(f);
	if (r->summary)
		printf("#   %s: mean CIEDE2000 %.3f, largest %.3f, grey |a| %.3f, |b| %.3f, exit %d\n",
		       args, r->de_mean, r->de_max, r->grey_a, r->grey_b,
		       r->status);
}

static const double unity[3] = { 1, 1, 1 };

/* The whole array at 1/6, as visp-cam's 320x180 main output shows it. */
static void test_chart(void)
{
	const char *png = path_of("chart.png");
	char args[256];
	struct run r;

	write_chart(png, 320, 180, 0, 0, VISP_RENDER_NATIVE_W,
		    VISP_RENDER_NATIVE_H, unity, true);
	snprintf(args, sizeof(args), "--max-de 0.5 --max-ab 2 %s", png);
	run_check(args, &r);
	CHECK_EQ(r.status, 0);
	CHECK(r.summary);
	CHECK_EQ(r.patches, 24);
	CHECK_NEAR(r.de_mean, 0, 0.5);
	/* The chart's neutral 5 has a b* of -0.55 of its own. */
	CHECK_NEAR(r.grey_a, 0, 2);
	CHECK_NEAR(r.grey_b, 0, 2);
	CHECK_EQ(r.err_lines, 0);
}

/*
 * The same as a PPM file, as cam writes RGB frames: the same figures; a
 * truncated one is refused with a sentence.
 */
static void test_ppm(void)
{
	const char *ppm = path_of("chart.ppm");
	char args[256];
	struct run r;
	FILE *f;

	write_chart(ppm, 320, 180, 0, 0, VISP_RENDER_NATIVE_W,
		    VISP_RENDER_NATIVE_H, unity, true);
	snprintf(args, sizeof(args), "--max-de 0.5 --max-ab 2 %s", ppm);
	run_check(args, &r);
	CHECK_EQ(r.status, 0);
	CHECK_EQ(r.patches, 24);
	CHECK_NEAR(r.de_mean, 0, 0.5);
	CHECK_EQ(r.err_lines, 0);

	CHECK(!truncate(ppm, 1000));
	snprintf(args, sizeof(args), "%s", ppm);
	run_check(args, &r);
	CHECK(r.status != 0 && !r.summary && r.err_lines == 1);

	f = fopen(ppm, "w");
	CHECK(f);
	if (f) {
		fputs("P3\n2 2\n255\n", f);
		fclose(f);
	}
	run_check(args, &r);
	CHECK(r.status != 0 && !r.summary && r.err_lines == 1);
}

/* A crop of the array at 1/4, --region telling where it is. */
static void test_region(void)
{
	const char *png = path_of("crop.png");
	char args[256];
	struct run r;

	write_chart(png, 416, 224, 128, 112, 1664, 896, unity, true);
	snprintf(args, sizeof(args),
		 "--region 128,112,1664,896 --max-de 0.5 --max-ab 2 %s", png);
	run_check(args, &r);
	CHECK_EQ(r.status, 0);
	CHECK_NEAR(r.de_mean, 0, 0.5);
	/* Taken for the whole array, the boxes miss the patches. */
	snprintf(args, sizeof(args), "--max-de 0.5 %s", png);
	run_check(args, &r);
	CHECK(r.status != 0);
}

/* Linear samples with --linear; read as sRGB they are far off. */
static void test_linear(void)
{
	const char *png = path_of("linear.png");
	char args[256];
	struct run r;

	write_chart(png, 320, 180, 0, 0, VISP_RENDER_NATIVE_W,
		    VISP_RENDER_NATIVE_H, unity, false);
	snprintf(args, sizeof(args), "--linear --max-de 3 --max-ab 2 %s", png);
	run_check(args, &r);
	CHECK_EQ(r.status, 0);
	snprintf(args, sizeof(args), "--max-de 3 %s", png);
	run_check(args, &r);
	CHECK(r.status != 0 && r.summary && r.de_mean > 3);
	CHECK_EQ(r.err_lines, 1);
}

/* A red cast: measured, and refused by --max-ab 2 with a sentence. */
static void test_cast(void)
{
	static const double red[3] = { 1.2, 1, 1 };
	const char *png = path_of("cast.png");
	char args[256];
	struct run r;

	write_chart(png, 320, 180, 0, 0, VISP_RENDER_NATIVE_W,
		    VISP_RENDER_NATIVE_H, red, true);
	snprintf(args, sizeof(args), "%s", png);
	run_check(args, &r);
	CHECK_EQ(r.status, 0);
	CHECK(r.summary && r.grey_a > 2);
	snprintf(args, sizeof(args), "--max-ab 2 %s", png);
	run_check(args, &r);
	CHECK(r.status != 0);
	CHECK(r.summary);
	CHECK_EQ(r.err_lines, 1);
}

/* Missing, not PNG, too small, or a region off the array: refused. */
static void test_refused(void)
{
	static const uint8_t tiny[3 * 8 * 8];
	const char *bad = path_of("bad.png");
	char args[256];
	struct run r;
	FILE *f;

	snprintf(args, sizeof(args), "%s", path_of("missing.png"));
	run_check(args, &r);
	CHECK(r.status != 0 && !r.summary && r.err_lines == 1);

	f = fopen(bad, "w");
	CHECK(f);
	if (f) {
		fputs("not a PNG file\n", f);
		fclose(f);
	}
	snprintf(args, sizeof(args), "%s", bad);
	run_check(args, &r);
	CHECK(r.status != 0 && !r.summary && r.err_lines == 1);

	CHECK(!visp_io_png_write(path_of("tiny.png"), tiny, 8, 8, 24, err,
				 sizeof(err)));
	snprintf(args, sizeof(args), "%s", path_of("tiny.png"));
	run_check(args, &r);
	CHECK(r.status != 0 && !r.summary && r.err_lines == 1);

	snprintf(args, sizeof(args), "--region 100,0,1920,1080 %s",
		 path_of("chart.png"));
	run_check(args, &r);
	CHECK(r.status != 0 && !r.summary && r.err_lines == 1);
}

static const struct tap_test tests[] = {
	{ "chart at 320x180: CIEDE2000 near 0, neutral greys", test_chart },
	{ "the chart as a PPM file, as cam writes", test_ppm },
	{ "a crop of the array with --region", test_region },
	{ "linear samples with --linear", test_linear },
	{ "a red cast fails --max-ab 2", test_cast },
	{ "unreadable files and wrong framings refused", test_refused },
};

int main(void)
{
	return tap_run_in_dir("check", tests, ARRAY_SIZE(tests));
}
