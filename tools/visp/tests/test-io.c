// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of visp-io, the image files module of the camera tools, a
 * TAP program of its own: raw frames rendered by the simulated sensor's
 * renderer go through DNG, PGM and plain files and back, malformed files
 * and incomplete hints are refused with a sentence, PNG images go through
 * libpng and back, and the convergence plot's curves are where their
 * values put them.
 *
 * Copyright (C) 2026 The VISP authors
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "visp-io.h"
#include "visp-sensor-render.h"

#include "test-dir.h"

/* A crop of the colour checker, the size of a small sensor mode */
#define W		320
#define H		240
#define EXPOSURE_US	12345
#define GAIN_Q8		384

static char err[512];

/* Render a frame whose top left pixel has the Bayer order @bayer. */
static void render(struct visp_io_raw *raw, uint32_t bits, uint32_t bayer)
{
	struct visp_render_cfg cfg = {
		.crop_x = 640, .crop_y = 400, .crop_w = W, .crop_h = H,
		.bin = 1, .bits = bits, .exposure_us = 8000,
		.again = 256, .dgain = 256, .focus = 512, .seed = 7,
		.illuminant = 5000,
	};
	struct visp_render_scene scene;
	unsigned int f;
	void *scratch;
	size_t size;

	/* The native array is RGGB: flips give the other orders. */
	for (f = 0; f < 4; f++) {
		cfg.hflip = f & 1;
		cfg.vflip = f >> 1;
		if (visp_render_bayer(&cfg) == bayer)
			break;
	}
	CHECK(f < 4);
	CHECK(!visp_render_scene_builtin(&scene,
					 VISP_RENDER_SCENE_COLOUR_CHECKER));
	size = visp_render_scratch_size(&cfg);
	scratch = malloc(size);
	memset(raw, 0, sizeof(*raw));
	raw->data = malloc(W * H * sizeof(*raw->data));
	CHECK(scratch && raw->data);
	CHECK(!visp_render_frame(&scene, &cfg, raw->data, W, scratch, size));
	free(scratch);
	raw->width = W;
	raw->height = H;
	raw->bits = bits;
	raw->bayer = bayer;
	raw->black_level = visp_render_black_level(bits);
	raw->white_level = (1u << bits) - 1;
}

/* The frame read is the frame written, sample for sample. */
static void check_same(const struct visp_io_raw *got,
		       const struct visp_io_raw *exp)
{
	CHECK_EQ(got->width, exp->width);
	CHECK_EQ(got->height, exp->height);
	CHECK_EQ(got->bits, exp->bits);
	CHECK_EQ(got->bayer, exp->bayer);
	CHECK_EQ(got->black_level, exp->black_level);
	CHECK_EQ(got->white_level, exp->white_level);
	CHECK(got->data && got->width == exp->width &&
	      got->height == exp->height &&
	      !memcmp(got->data, exp->data,
		      (size_t)exp->width * exp->height * 2));
}

/* A failure: the errno expected and a sentence naming the file. */
static void check_refused(int ret, int expected, const char *path,
			  const char *words)
{
	CHECK_EQ(ret, expected);
	CHECK(strstr(err, path) == err);
	if (words && !strstr(err, words) && errors++ < 8)
		printf("#   message \"%s\" lacks \"%s\"\n", err, words);
	printf("#   %s\n", err);
}

static void dng_round_trip(uint32_t bits)
{
	struct visp_io_raw raw, back;
	const char *path = path_of("frame.dng");
	uint32_t bayer;

	for (bayer = VISP_BAYER_RGGB; bayer <= VISP_BAYER_BGGR; bayer++) {
		render(&raw, bits, bayer);
		raw.exposure_us = EXPOSURE_US;
		raw.gain_q8 = GAIN_Q8;
		CHECK(!visp_io_dng_write(path, &raw, "VISP sim", err,
					 sizeof(err)));
		/* By its content, and as a LibRaw file. */
		CHECK(!visp_io_raw_read(path, NULL, &back, err, sizeof(err)));
		check_same(&back, &raw);
		CHECK_EQ(back.exposure_us, EXPOSURE_US);
		CHECK_EQ(back.gain_q8, GAIN_Q8);
		visp_io_raw_free(&back);
		CHECK(!visp_io_raw_read(path, &(struct visp_io_raw_hint){
					.format = VISP_IO_RAW_LIBRAW },
					&back, err, sizeof(err)));
		check_same(&back, &raw);
		visp_io_raw_free(&back);
		visp_io_raw_free(&raw);
	}

	/* A gain that is not a whole ISO speed comes back within 1/256. */
	render(&raw, bits, VISP_BAYER_RGGB);
	raw.gain_q8 = 300;
	CHECK(!visp_io_dng_write(path, &raw, "VISP sim", err, sizeof(err)));
	CHECK(!visp_io_raw_read(path, NULL, &back, err, sizeof(err)));
	CHECK(abs((int)back.gain_q8 - 300) <= 1);
	CHECK_EQ(back.exposure_us, 0);
	visp_io_raw_free(&back);
	visp_io_raw_free(&raw);
}

static void test_dng_10(void)
{
	dng_round_trip(10);
}

static void test_dng_12(void)
{
	dng_round_trip(12);
}

static void test_pgm(void)
{
	static const uint32_t depths[] = { 8, 10, 12, 16 };
	const char *path = path_of("frame.pgm");
	struct visp_io_raw raw, back;
	struct visp_io_raw_hint hint;
	unsigned int i;
	size_t j;

	for (i = 0; i < ARRAY_SIZE(depths); i++) {
		render(&raw, 12, (VISP_BAYER_GRBG + i) % 4);
		/* The renderer makes 10 or 12 bits: shift to the others. */
		raw.bits = depths[i];
		for (j = 0; j < W * H; j++)
			raw.data[j] = depths[i] >= 12 ?
				raw.data[j] << (depths[i] - 12) :
				raw.data[j] >> (12 - depths[i]);
		raw.white_level = (1u << depths[i]) - 1;
		raw.black_level = 0;
		CHECK(!visp_io_pgm_write(path, &raw, err, sizeof(err)));
		hint = (struct visp_io_raw_hint){
			.bits = raw.bits, .bayer = raw.bayer + 1,
		};
		CHECK(!visp_io_raw_read(path, &hint, &back, err, sizeof(err)));
		check_same(&back, &raw);
		visp_io_raw_free(&back);
		visp_io_raw_free(&raw);
	}
}

static int write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	int ret;

	if (!f)
		return -errno;
	ret = fwrite(data, 1, size, f) == size ? 0 : -EIO;
	if (fclose(f))
		ret = -EIO;
	return ret;
}

static void test_plain(void)
{
	const char *path = path_of("frame.raw");
	struct visp_io_raw raw, back;
	struct visp_io_raw_hint hint;
	uint8_t *le;
	size_t i;

	render(&raw, 10, VISP_BAYER_GBRG);
	le = malloc(W * H * 2);
	CHECK(le);
	for (i = 0; i < W * H; i++) {
		le[2 * i] = raw.data[i] & 0xff;
		le[2 * i + 1] = raw.data[i] >> 8;
	}
	CHECK(!write_file(path, le, W * H * 2));
	hint = (struct visp_io_raw_hint){
		.width = W, .height = H, .bits = 10,
		.bayer = VISP_BAYER_GBRG + 1, .black_level = raw.black_level,
	};
	CHECK(!visp_io_raw_read(path, &hint, &back, err, sizeof(err)));
	check_same(&back, &raw);
	visp_io_raw_free(&back);
	/* Forced: the same. */
	hint.format = VISP_IO_RAW_PLAIN;
	CHECK(!visp_io_raw_read(path, &hint, &back, err, sizeof(err)));
	check_same(&back, &raw);
	visp_io_raw_free(&back);
	free(le);
	visp_io_raw_free(&raw);
}

static void test_hints(void)
{
	const char *pgm = path_of("hint.pgm");
	const char *plain = path_of("hint.raw");
	struct visp_io_raw raw, back;
	struct visp_io_raw_hint hint;

	render(&raw, 10, VISP_BAYER_RGGB);
	CHECK(!visp_io_pgm_write(pgm, &raw, err, sizeof(err)));
	CHECK(!write_file(plain, raw.data, W * H * 2));

	hint = (struct visp_io_raw_hint){ .bits = 10 };
	check_refused(visp_io_raw_read(pgm, &hint, &back, err, sizeof(err)),
		      -EINVAL, pgm, "Bayer order");
	hint = (struct visp_io_raw_hint){ .bayer = 1 };
	check_refused(visp_io_raw_read(pgm, &hint, &back, err, sizeof(err)),
		      -EINVAL, pgm, "bit depth");
	check_refused(visp_io_raw_read(pgm, NULL, &back, err, sizeof(err)),
		      -EINVAL, pgm, "Bayer order");
	/* 10-bit samples are not 8-bit ones. */
	hint = (struct visp_io_raw_hint){ .bits = 8, .bayer = 1 };
	check_refused(visp_io_raw_read(pgm, &hint, &back, err, sizeof(err)),
		      -EINVAL, pgm, "exceeds the 8-bit range");

	hint = (struct visp_io_raw_hint){
		.format = VISP_IO_RAW_PLAIN, .bits = 10, .bayer = 1,
	};
	check_refused(visp_io_raw_read(plain, &hint, &back, err, sizeof(err)),
		      -EINVAL, plain, "width and a height");
	hint = (struct visp_io_raw_hint){ .width = W, .height = H, .bits = 10 };
	check_refused(visp_io_raw_read(plain, &hint, &back, err, sizeof(err)),
		      -EINVAL, plain, "Bayer order");
	hint = (struct visp_io_raw_hint){ .width = W, .height = H, .bayer = 4 };
	check_refused(visp_io_raw_read(plain, &hint, &back, err, sizeof(err)),
		      -EINVAL, plain, "bit depth");
	hint = (struct visp_io_raw_hint){
		.width = 640, .height = 480, .bits = 10, .bayer = 1,
	};
	check_refused(visp_io_raw_read(plain, &hint, &back, err, sizeof(err)),
		      -EINVAL, plain,
		      "153600 bytes, a 640x480 16-bit frame needs 614400");
	hint.bayer = 5;
	check_refused(visp_io_raw_read(plain, &hint, &back, err, sizeof(err)),
		      -EINVAL, plain, "not one of the four");
	visp_io_raw_free(&raw);
}

static void test_malformed(void)
{
	const char *dng = path_of("frame.dng");
	const char *cut = path_of("cut.dng");
	const char *text = path_of("text.dng");
	const char *empty = path_of("empty.dng");
	const char *none = path_of("none.dng");
	static const char words[] = "This is not a raw frame but a text.\n";
	struct visp_io_raw raw, back;
	uint8_t *data;
	long size;
	FILE *f;

	render(&raw, 12, VISP_BAYER_BGGR);
	CHECK(!visp_io_dng_write(dng, &raw, "VISP sim", err, sizeof(err)));
	visp_io_raw_free(&raw);
	f = fopen(dng, "rb");
	CHECK(f);
	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	data = malloc(size);
	CHECK(data && fread(data, 1, size, f) == (size_t)size);
	fclose(f);

	/* The header and the first half of the samples. */
	CHECK(!write_file(cut, data, size / 2));
	check_refused(visp_io_raw_read(cut, NULL, &back, err, sizeof(err)),
		      -EINVAL, cut, NULL);
	CHECK(!back.data);
	/* The TIFF header alone. */
	CHECK(!write_file(cut, data, 8));
	check_refused(visp_io_raw_read(cut, NULL, &back, err, sizeof(err)),
		      -EINVAL, cut, NULL);
	free(data);

	CHECK(!write_file(text, words, sizeof(words) - 1));
	check_refused(visp_io_raw_read(text, NULL, &back, err, sizeof(err)),
		      -EINVAL, text, "not a raw file LibRaw can read");
	CHECK(!write_file(empty, "", 0));
	check_refused(visp_io_raw_read(empty, NULL, &back, err, sizeof(err)),
		      -EINVAL, empty, "empty");
	check_refused(visp_io_raw_read(none, NULL, &back, err, sizeof(err)),
		      -ENOENT, none, NULL);
	check_refused(visp_io_raw_read(none, &(struct visp_io_raw_hint){
				       .format = VISP_IO_RAW_LIBRAW },
				       &back, err, sizeof(err)),
		      -ENOENT, none, NULL);
	/* A PGM header and too few samples. */
	CHECK(!write_file(text, "P5 4 4 1023\n\1\2", 14));
	check_refused(visp_io_raw_read(text, &(struct visp_io_raw_hint){
				       .bits = 10, .bayer = 1 },
				       &back, err, sizeof(err)),
		      -EINVAL, text, "2 bytes of samples");
}

static void test_png(void)
{
	const char *path = path_of("image.png");
	uint32_t w = 37, h = 23, stride = 3 * 37 + 5, x, y, gw, gh;
	uint8_t *rgb, *back;

	rgb = malloc(stride * h);
	CHECK(rgb);
	if (!rgb)
		return;
	for (y = 0; y < h; y++)
		for (x = 0; x < stride; x++)
			rgb[y * stride + x] = (x * 7 + y * 13 + x * y) & 0xff;
	CHECK(!visp_io_png_write(path, rgb, w, h, stride, err, sizeof(err)));
	CHECK(!visp_io_png_read(path, &back, &gw, &gh, err, sizeof(err)));
	CHECK_EQ(gw, w);
	CHECK_EQ(gh, h);
	for (y = 0; back && y < h; y++)
		CHECK(!memcmp(back + y * 3 * w, rgb + y * stride, 3 * w));
	free(back);

	/* A short stride, a file that is not a PNG. */
	check_refused(visp_io_png_write(path, rgb, w, h, 3 * w - 1, err,
					sizeof(err)), -EINVAL, path, "stride");
	CHECK(!write_file(path_of("text.png"), "text\n", 5));
	check_refused(visp_io_png_read(path_of("text.png"), &back, &gw, &gh,
				       err, sizeof(err)),
		      -EINVAL, path_of("text.png"), "not a PNG file");
	CHECK(!back);
	check_refused(visp_io_png_write(path_of("none/image.png"), rgb, w, h,
					stride, err, sizeof(err)),
		      -ENOENT, path_of("none/image.png"), NULL);
	free(rgb);
}

/* Plot: frames, and the pixel of a frame's value in a panel */
#define PLOT_FRAMES	20

static double plot_x(unsigned int i)
{
	return VISP_IO_PLOT_LEFT + (double)(VISP_IO_PLOT_WIDTH -
		VISP_IO_PLOT_LEFT - VISP_IO_PLOT_RIGHT) * i / (PLOT_FRAMES - 1);
}

static double plot_y(unsigned int panel, double v, double lo, double hi)
{
	double top = VISP_IO_PLOT_TITLE_H + panel * VISP_IO_PLOT_PANEL_H;
	double y0 = top + VISP_IO_PLOT_LEGEND_H;
	double y1 = top + VISP_IO_PLOT_PANEL_H - VISP_IO_PLOT_BOTTOM_PAD;

	return hi > lo ? y1 - (v - lo) / (hi - lo) * (y1 - y0) : (y0 + y1) / 2;
}

/* Whether a pixel of @rgb's colour is within a pixel of (x, y). */
static bool plot_has(const uint8_t *img, uint32_t w, uint32_t h, double x,
		     double y, uint32_t rgb)
{
	int px = floor(x), py = floor(y), dx, dy, c;
	const uint8_t *p;

	for (dy = -1; dy <= 1; dy++)
		for (dx = -1; dx <= 1; dx++) {
			if (px + dx < 0 || py + dy < 0 ||
			    px + dx >= (int)w || py + dy >= (int)h)
				continue;
			p = img + 3 * ((size_t)(py + dy) * w + px + dx);
			for (c = 0; c < 3; c++)
				if (abs(p[c] - (int)(rgb >> (16 - 8 * c) & 0xff)) > 40)
					break;
			if (c == 3)
				return true;
		}
	return false;
}

static void test_plot(void)
{
	const char *path = path_of("plot.png");
	double ramp[PLOT_FRAMES], gaps[PLOT_FRAMES], flat[PLOT_FRAMES];
	const struct visp_io_plot_series series[] = {
		{ "exposure", "us", ramp, 0xd62728 },
		{ "mean", NULL, gaps, 0x1f77b4 },
		{ "gain", "x", flat, 0x2ca02c },
	};
	uint32_t w, h;
	unsigned int i;
	uint8_t *img;

	for (i = 0; i < PLOT_FRAMES; i++) {
		ramp[i] = 1000 + 250.0 * i;
		gaps[i] = i == 6 || i == 7 ? NAN : 0.5 - 0.04 * i + 0.1 * (i & 1);
		flat[i] = 3;
	}
	CHECK(!visp_io_plot_png(path, "AE and AWB convergence", PLOT_FRAMES,
				series, ARRAY_SIZE(series), err, sizeof(err)));
	CHECK(!visp_io_png_read(path, &img, &w, &h, err, sizeof(err)));
	CHECK_EQ(w, VISP_IO_PLOT_WIDTH);
	CHECK_EQ(h, VISP_IO_PLOT_HEIGHT(ARRAY_SIZE(series)));
	if (!img || w != VISP_IO_PLOT_WIDTH ||
	    h != VISP_IO_PLOT_HEIGHT(ARRAY_SIZE(series))) {
		free(img);
		return;
	}
	for (i = 0; i < PLOT_FRAMES; i += 3) {
		CHECK(plot_has(img, w, h, plot_x(i),
			       plot_y(0, ramp[i], 1000, 1000 + 250.0 * 19),
			       series[0].rgb));
		if (!isnan(gaps[i]))
			CHECK(plot_has(img, w, h, plot_x(i),
				       plot_y(1, gaps[i], 0.5 - 0.04 * 18,
					      0.5 - 0.04 * 1 + 0.1),
				       series[1].rgb));
		CHECK(plot_has(img, w, h, plot_x(i), plot_y(2, 3, 3, 3),
			       series[2].rgb));
	}
	/* Where the curves are not: the ramp's top left, the gap. */
	CHECK(!plot_has(img, w, h, plot_x(1),
			plot_y(0, ramp[18], 1000, 1000 + 250.0 * 19),
			series[0].rgb));
	CHECK(!plot_has(img, w, h, (plot_x(6) + plot_x(7)) / 2,
			plot_y(1, 0.5 - 0.04 * 6.5 + 0.05, 0.5 - 0.04 * 18,
			       0.5 - 0.04 * 1 + 0.1), series[1].rgb));
	CHECK(!plot_has(img, w, h, plot_x(10), plot_y(2, 0, -1, 1) - 40,
			series[2].rgb));
	free(img);

	check_refused(visp_io_plot_png(path, "none", PLOT_FRAMES, series, 0,
				       err, sizeof(err)), -EINVAL, path, NULL);
	check_refused(visp_io_plot_png(path, "none", 0, series, 1, err,
				       sizeof(err)), -EINVAL, path, NULL);
}

/* Every file was written whole and renamed: no temporary file is left. */
static void test_no_leftovers(void)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	CHECK(d);
	while (d && (de = readdir(d)))
		if (strchr(de->d_name, '.') &&
		    strlen(strrchr(de->d_name, '.')) == 7 &&
		    errors++ < 8)
			printf("#   temporary file %s left\n", de->d_name);
	if (d)
		closedir(d);
}

static const struct tap_test tests[] = {
	{ "DNG round trip, 10 bits, 4 Bayer orders", test_dng_10 },
	{ "DNG round trip, 12 bits, 4 Bayer orders", test_dng_12 },
	{ "PGM round trip, 8 to 16 bits", test_pgm },
	{ "plain raw round trip", test_plain },
	{ "incomplete hints refused", test_hints },
	{ "malformed files refused", test_malformed },
	{ "PNG round trip", test_png },
	{ "plot curves where their values are", test_plot },
	{ "no temporary file left", test_no_leftovers },
};

int main(void)
{
	return tap_run_in_dir("io", tests, ARRAY_SIZE(tests));
}
