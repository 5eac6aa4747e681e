// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the simulated sensor's frame renderer
 * (drivers/media/test-drivers/visp-sim/visp-sensor-render.c), a TAP
 * program of its own: the renderer does not depend on the model copies
 * that visp-tests runs its suites for. The expected figures come from the
 * model documented in Documentation/admin-guide/media/visp-sim.rst,
 * computed here in floating point.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "visp-sensor-render.h"

#include "tap-run.h"
#include "visp-sensor-render-test.h"


/* Electrons per 12-bit code at 1x gain, and per microsecond at full scale */
#define E_PER_DN12	4.0
#define E_PER_US	1.25

static void *xmalloc(size_t size)
{
	void *p = malloc(size);

	if (!p) {
		printf("Bail out! out of memory\n");
		exit(EXIT_FAILURE);
	}
	return p;
}

static struct visp_render_cfg cfg_default(void)
{
	struct visp_render_cfg c = {
		.crop_w = VISP_RENDER_NATIVE_W, .crop_h = VISP_RENDER_NATIVE_H,
		.bin = 1, .bits = 12, .exposure_us = 4000, .again = 256,
		.dgain = 256, .focus = VISP_RENDER_BUILTIN_IN_FOCUS,
		.seed = 1, .sequence = 0, .illuminant = 6500,
	};

	return c;
}

static void cfg_crop(struct visp_render_cfg *c, u32 x, u32 y, u32 w, u32 h)
{
	c->crop_x = x;
	c->crop_y = y;
	c->crop_w = w;
	c->crop_h = h;
}

static void put32(u8 *p, u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* A scene file of @w x @h samples of one colour; free() it. */
static u8 *scene_file(u32 w, u32 h, u32 focus, u32 r, u32 g, u32 b,
		      size_t *size)
{
	size_t n = (size_t)w * h, i;
	u8 *f;

	*size = VISP_RENDER_SCENE_HDR_SIZE + 6 * n;
	f = xmalloc(*size);
	memcpy(f, "VSCN", 4);
	put32(f + 4, VISP_RENDER_SCENE_VERSION);
	put32(f + 8, w);
	put32(f + 12, h);
	put32(f + 16, focus);
	put32(f + 20, 0);
	for (i = 0; i < n; i++) {
		u8 *p = f + VISP_RENDER_SCENE_HDR_SIZE + 6 * i;

		p[0] = r;
		p[1] = r >> 8;
		p[2] = g;
		p[3] = g >> 8;
		p[4] = b;
		p[5] = b >> 8;
	}
	return f;
}

/* A rendered frame, with a guard band right of each line. */
struct frame {
	u16 *px;
	u32 w, h, stride;
};

#define GUARD		8
#define GUARD_VAL	0xdead

static int render(const struct visp_render_scene *s,
		  const struct visp_render_cfg *c, struct frame *f)
{
	size_t ss = visp_render_scratch_size(c), i;
	void *scratch = xmalloc(ss ? ss : 1);
	int ret;

	f->w = c->crop_w / c->bin;
	f->h = c->crop_h / c->bin;
	f->stride = f->w + GUARD;
	f->px = xmalloc(sizeof(u16) * f->stride * f->h);
	for (i = 0; i < (size_t)f->stride * f->h; i++)
		f->px[i] = GUARD_VAL;
	ret = visp_render_frame(s, c, f->px, f->stride, scratch, ss);
	free(scratch);
	return ret;
}

static bool guards_ok(const struct frame *f)
{
	u32 x, y;

	for (y = 0; y < f->h; y++)
		for (x = f->w; x < f->stride; x++)
			if (f->px[y * f->stride + x] != GUARD_VAL)
				return false;
	return true;
}

static u16 px(const struct frame *f, u32 x, u32 y)
{
	return f->px[(size_t)y * f->stride + x];
}

/* Mean and variance of the samples of CFA position (px, py) in a window */
static void stats(const struct frame *f, u32 x0, u32 y0, u32 w, u32 h,
		  u32 cx, u32 cy, double *mean, double *var)
{
	double s = 0, s2 = 0, n = 0, v;
	u32 x, y;

	for (y = y0 + ((y0 ^ cy) & 1); y < y0 + h; y += 2)
		for (x = x0 + ((x0 ^ cx) & 1); x < x0 + w; x += 2) {
			v = px(f, x, y);
			s += v;
			s2 += v * v;
			n++;
		}
	*mean = s / n;
	if (var)
		*var = s2 / n - *mean * *mean;
}

/* The documented vignetting polynomial, in floating point */
static double vignetting(double x, double y)
{
	double dx = 2 * x + 1 - VISP_RENDER_NATIVE_W;
	double dy = 2 * y + 1 - VISP_RENDER_NATIVE_H;
	double rho = (dx * dx + dy * dy) /
		     ((double)VISP_RENDER_NATIVE_W * VISP_RENDER_NATIVE_W +
		      (double)VISP_RENDER_NATIVE_H * VISP_RENDER_NATIVE_H);

	return 1 - 0.75 * rho + 0.25 * rho * rho;
}

/* Mean electrons of filter colour f (0 R, 1 G, 2 B) for a scene colour */
static double electrons(const struct visp_render_cfg *c, const double rgb[3],
			unsigned int f, double x, double y)
{
	u32 ill[3];
	double q = 0;
	unsigned int k;

	visp_render_illuminant(c->illuminant, ill);
	for (k = 0; k < 3; k++)
		q += visp_render_response[f][k] / 4096.0 * ill[k] / 4096.0 *
		     rgb[k];
	return q / 65536 * E_PER_US * c->exposure_us * vignetting(x, y);
}

static bool defect_in(u32 x0, u32 y0, u32 w, u32 h)
{
	struct visp_render_defect d;
	unsigned int i;

	for (i = 0; i < VISP_RENDER_DEFECTS; i++) {
		visp_render_defect(i, &d);
		if (d.x >= x0 && d.x < x0 + w && d.y >= y0 && d.y < y0 + h)
			return true;
	}
	return false;
}

/* --- tests ---------------------------------------------------------- */

/*
 * Signal: the mean of a flat grey scene's green pixels near the centre
 * follows exposure x analogue gain x digital gain x the documented
 * sensitivity, and doubles when any of them doubles.
 */
static void test_linearity(void)
{
	static const u32 set[][3] = {
		{ 1000, 256, 256 }, { 2000, 256, 256 }, { 4000, 256, 256 },
		{ 2000, 512, 256 }, { 1000, 1024, 256 }, { 2000, 256, 512 },
		{ 500, 2048, 256 }, { 8000, 256, 256 },
	};
	const double grey[3] = { 30000, 30000, 30000 };
	struct visp_render_scene s;
	struct visp_render_cfg c = cfg_default();
	double mean, var, mu, sig, first = 0;
	struct frame f;
	size_t size;
	unsigned int i;
	u8 *file = scene_file(4, 4, 512, 30000, 30000, 30000, &size);

	CHECK_EQ(visp_render_scene_parse(&s, file, size), 0);
	cfg_crop(&c, 928, 508, 64, 64);
	for (i = 0; i < ARRAY_SIZE(set); i++) {
		c.exposure_us = set[i][0];
		c.again = set[i][1];
		c.dgain = set[i][2];
		CHECK_EQ(render(&s, &c, &f), 0);
		stats(&f, 0, 0, 64, 64, 1, 0, &mean, &var);
		mu = electrons(&c, grey, 1, 960, 540);
		sig = mu * c.again / 256.0 * c.dgain / 256.0 / E_PER_DN12;
		/* 5 standard errors of the mean, 0.2 % for the arithmetic */
		CHECK_NEAR(mean - VISP_RENDER_BLACK_12, sig,
			   5 * sqrt(var / 1024) + 0.002 * sig + 0.1);
		if (!i)
			first = mean - VISP_RENDER_BLACK_12;
		else
			CHECK_NEAR((mean - VISP_RENDER_BLACK_12) / first,
				   (double)set[i][0] * set[i][1] * set[i][2] /
				   (1000.0 * 256 * 256), 0.01 * sig / first);
		free(f.px);
	}
	free(file);
}

/* Beyond the full well every pixel reads the largest code. */
static void test_saturation(void)
{
	struct visp_render_scene s;
	struct visp_render_cfg c = cfg_default();
	struct frame f;
	u32 x, y, bits;

	visp_render_scene_builtin(&s, VISP_RENDER_SCENE_NATURAL);
	/* The sky and the chart's white in 300 ms, away from defects */
	cfg_crop(&c, 1400, 100, 256, 128);
	CHECK(!defect_in(1400, 100, 256, 128));
	c.exposure_us = 300000;
	for (bits = 10; bits <= 12; bits += 2) {
		c.bits = bits;
		CHECK_EQ(render(&s, &c, &f), 0);
		for (y = 0; y < f.h; y++)
			for (x = 0; x < f.w; x++)
				if (px(&f, x, y) != (1u << bits) - 1) {
					CHECK_EQ(px(&f, x, y), (1u << bits) - 1);
					y = f.h;
					break;
				}
		free(f.px);
	}
	/*
	 * Below the full well at 1x nothing saturates: 16 ms of the chart's
	 * white, 9000 to 14000 electrons there.
	 */
	c.bits = 12;
	c.exposure_us = 16000;
	cfg_crop(&c, 1408, 480, 16, 16);	/* a white square of the chart */
	CHECK_EQ(render(&s, &c, &f), 0);
	for (y = 0; y < f.h; y++)
		for (x = 0; x < f.w; x++)
			CHECK(px(&f, x, y) > 2000 && px(&f, x, y) < 4095);
	free(f.px);
}

/* No light: the pedestal, with the read noise around it. */
static void test_black_level(void)
{
	struct visp_render_scene s;
	struct visp_render_cfg c = cfg_default();
	double mean, var;
	unsigned int i, bits;
	struct frame f;

	visp_render_scene_builtin(&s, VISP_RENDER_SCENE_NATURAL);
	c.exposure_us = 0;
	cfg_crop(&c, 800, 400, 256, 256);
	CHECK(!defect_in(800, 400, 256, 256));
	for (bits = 10; bits <= 12; bits += 2) {
		c.bits = bits;
		CHECK_EQ(visp_render_black_level(bits), bits == 12 ? 256 : 64);
		CHECK_EQ(render(&s, &c, &f), 0);
		for (i = 0; i < 4; i++) {
			stats(&f, 0, 0, 256, 256, i & 1, i >> 1, &mean, &var);
			CHECK_NEAR(mean, visp_render_black_level(bits), 0.05);
			if (bits == 12)	/* read noise 4 e- = 1 code */
				CHECK_NEAR(var, 1 + 1.0 / 12, 0.1);
		}
		free(f.px);
	}
	/* The pedestal is not scaled by the digital gain. */
	c.dgain = 1024;
	CHECK_EQ(render(&s, &c, &f), 0);
	stats(&f, 0, 0, 256, 256, 0, 0, &mean, NULL);
	CHECK_NEAR(mean, 256, 0.2);
	free(f.px);
}

/*
 * Shot noise: the variance of the difference of two frames (no fixed
 * pattern) is twice the documented variance, (mu + 16) / 16 codes^2 at
 * 12 bits and 1x, plus the quantisation's 1/12, at each level.
 */
static void test_shot_noise(void)
{
	static const u32 exposures[] = { 200, 1000, 4000, 9000 };
	const double grey[3] = { 40000, 40000, 40000 };
	struct visp_render_scene s;
	struct visp_render_cfg c = cfg_default();
	double d, sd, sd2, n, var, mu, expect, last = 0;
	struct frame a, b;
	unsigned int i;
	u32 x, y;
	size_t size;
	u8 *file = scene_file(1, 1, 512, 40000, 40000, 40000, &size);

	CHECK_EQ(visp_render_scene_parse(&s, file, size), 0);
	cfg_crop(&c, 832, 412, 256, 256);
	CHECK(!defect_in(832, 412, 256, 256));
	for (i = 0; i < ARRAY_SIZE(exposures); i++) {
		c.exposure_us = exposures[i];
		c.sequence = 0;
		CHECK_EQ(render(&s, &c, &a), 0);
		c.sequence = 1;
		CHECK_EQ(render(&s, &c, &b), 0);
		sd = 0;
		sd2 = 0;
		n = 0;
		for (y = 0; y < 256; y++)
			for (x = !(y & 1); x < 256; x += 2) {	/* green */
				d = (double)px(&a, x, y) - px(&b, x, y);
				sd += d;
				sd2 += d * d;
				n++;
			}
		var = (sd2 / n - (sd / n) * (sd / n)) / 2;
		mu = electrons(&c, grey, 1, 960, 540);
		expect = (mu + 16) / 16 + 1.0 / 12;
		/* 5 % for the estimate (n = 32768) and the approximations */
		CHECK_NEAR(var, expect, 0.05 * expect);
		CHECK(var > last);
		last = var;
		free(a.px);
		free(b.px);
	}
	free(file);
}

/* Same seed and sequence, same frame; another sequence or seed, other noise. */
static void test_reproducible(void)
{
	struct visp_render_scene s;
	struct visp_render_cfg c = cfg_default();
	struct frame a, b;
	size_t i, diff;
	unsigned int k;

	visp_render_scene_builtin(&s, VISP_RENDER_SCENE_NATURAL);
	cfg_crop(&c, 600, 300, 320, 240);
	c.seed = 1234;
	c.sequence = 7;
	CHECK_EQ(render(&s, &c, &a), 0);
	CHECK_EQ(render(&s, &c, &b), 0);
	CHECK(!memcmp(a.px, b.px, sizeof(u16) * a.stride * a.h));
	free(b.px);

	/* Read noise alone is a code rms: most samples change. */
	for (k = 0; k < 2; k++) {
		c.sequence = k ? 7 : 8;
		c.seed = k ? 1235 : 1234;
		CHECK_EQ(render(&s, &c, &b), 0);
		for (i = 0, diff = 0; i < (size_t)a.stride * a.h; i++)
			diff += a.px[i] != b.px[i];
		CHECK(diff > (size_t)a.w * a.h * 6 / 10);
		free(b.px);
	}
	free(a.px);
}

/* Flips set the CFA order and mirror the frame exactly, binned or not. */
static void test_flips(void)
{
	static const u8 order[4] = {
		VISP_BAYER_RGGB, VISP_BAYER_GRBG, VISP_BAYER_GBRG,
		VISP_BAYER_BGGR,
	};
	struct visp_render_scene s;
	struct visp_render_cfg c = cfg_default();
	struct frame ref, f;
	unsigned int i, bin;
	u32 x, y, fx, fy;

	visp_render_scene_builtin(&s, VISP_RENDER_SCENE_NATURAL);
	for (bin = 1; bin <= 2; bin++) {
		cfg_crop(&c, 1000, 600, 400, 240);
		c.bin = bin;
		c.hflip = false;
		c.vflip = false;
		CHECK_EQ(render(&s, &c, &ref), 0);
		for (i = 0; i < 4; i++) {
			c.hflip = i & 1;
			c.vflip = i & 2;
			CHECK_EQ(visp_render_bayer(&c), order[i]);
			CHECK_EQ(render(&s, &c, &f), 0);
			for (y = 0; y < f.h; y++)
				for (x = 0; x < f.w; x++) {
					fx = c.hflip ? f.w - 1 - x : x;
					fy = c.vflip ? f.h - 1 - y : y;
					if (px(&f, x, y) != px(&ref, fx, fy)) {
						CHECK_EQ(px(&f, x, y),
							 px(&ref, fx, fy));
						y = f.h;
						break;
					}
				}
			CHECK(guards_ok(&f));
			free(f.px);
		}
		free(ref.px);
	}
}

/*
 * Binning: half the size, each sample the average of the four same-colour
 * pixels of the unbinned frame (the same noise), to a code; half the
 * noise variance.
 */
static void test_binning(void)
{
	struct visp_render_scene s;
	struct visp_render_cfg c = cfg_default();
	struct frame one, two;
	double avg, m1, v1, m2, v2;
	u32 x, y, x0, y0, bad = 0;

	visp_render_scene_builtin(&s, VISP_RENDER_SCENE_NATURAL);
	cfg_crop(&c, 1000, 600, 512, 256);
	CHECK_EQ(render(&s, &c, &one), 0);
	c.bin = 2;
	CHECK_EQ(render(&s, &c, &two), 0);
	CHECK_EQ(two.w, 256);
	CHECK_EQ(two.h, 128);
	CHECK(guards_ok(&two));
	for (y = 0; y < two.h; y++)
		for (x = 0; x < two.w; x++) {
			x0 = (x & ~1u) * 2 + (x & 1);
			y0 = (y & ~1u) * 2 + (y & 1);
			avg = (px(&one, x0, y0) + px(&one, x0 + 2, y0) +
			       px(&one, x0, y0 + 2) + px(&one, x0 + 2, y0 + 2)) /
			      4.0;
			bad += fabs(px(&two, x, y) - avg) > 1.0;
		}
	CHECK_EQ(bad, 0);
	free(one.px);
	free(two.px);

	/* Noise: a flat dark frame, binned, has half the read noise variance */
	c.exposure_us = 0;
	c.bin = 1;
	cfg_crop(&c, 800, 400, 256, 256);
	CHECK_EQ(render(&s, &c, &one), 0);
	c.bin = 2;
	CHECK_EQ(render(&s, &c, &two), 0);
	stats(&one, 0, 0, 256, 256, 0, 0, &m1, &v1);
	stats(&two, 0, 0, 128, 128, 0, 0, &m2, &v2);
	CHECK_NEAR(m2, m1, 0.05);
	CHECK_NEAR(v2, 0.25 + 1.0 / 12, 0.05);
	free(one.px);
	free(two.px);
}

/*
 * Vignetting: the corners of a flat scene are darker than its centre by
 * the documented factor, 0.5006 at the corner pixels' centres.
 */
static void test_vignetting(void)
{
	static const u32 win[][2] = {
		{ 0, 0 }, { 1888, 0 }, { 0, 1048 }, { 1888, 1048 },
		{ 944, 0 }, { 0, 524 }, { 480, 270 },
	};
	const double grey[3] = { 40000, 40000, 40000 };
	struct visp_render_scene s;
	struct visp_render_cfg c = cfg_default();
	double centre, mean, expect;
	struct frame f;
	unsigned int i;
	size_t size;
	u8 *file = scene_file(1, 1, 512, 40000, 40000, 40000, &size);

	CHECK_NEAR(visp_render_vignetting(0, 0) / 32768.0, 0.5006, 0.0005);
	CHECK_NEAR(visp_render_vignetting(959, 539) / 32768.0, 1, 0.0001);
	CHECK_EQ(visp_render_vignetting(0, 0), visp_render_vignetting(1919, 1079));
	CHECK_EQ(visp_render_scene_parse(&s, file, size), 0);
	c.exposure_us = 8000;
	CHECK_EQ(render(&s, &c, &f), 0);
	stats(&f, 944, 524, 32, 32, 1, 0, &centre, NULL);
	centre -= VISP_RENDER_BLACK_12;
	for (i = 0; i < ARRAY_SIZE(win); i++) {
		stats(&f, win[i][0], win[i][1], 32, 32, 1, 0, &mean, NULL);
		expect = electrons(&c, grey, 1, win[i][0] + 15.5,
				   win[i][1] + 15.5) /
			 electrons(&c, grey, 1, 959.5, 539.5);
		CHECK_NEAR((mean - VISP_RENDER_BLACK_12) / centre, expect,
			   0.01);
	}
	free(f.px);
	free(file);
}

/* Sharpness: sum of the absolute differences of neighbouring greens */
static double sharpness(const struct frame *f)
{
	double s = 0;
	u32 x, y;

	for (y = 0; y < f->h; y += 2)
		for (x = 1; x + 2 < f->w; x += 2)
			s += abs((int)px(f, x + 2, y) - (int)px(f, x, y));
	return s;
}

/*
 * Defocus: the chart of the natural scene is sharpest in focus and less
 * sharp at each step away; the blur depends on the distance only.
 */
static void test_defocus(void)
{
	static const u32 dist[] = { 0, 15, 40, 80, 160, 320, 500 };
	struct visp_render_scene s;
	struct visp_render_cfg c = cfg_default();
	double sh, last = 0;
	struct frame f, g;
	unsigned int i;

	visp_render_scene_builtin(&s, VISP_RENDER_SCENE_NATURAL);
	cfg_crop(&c, 1400, 480, 400, 400);
	c.exposure_us = 6000;
	for (i = 0; i < ARRAY_SIZE(dist); i++) {
		c.focus = VISP_RENDER_BUILTIN_IN_FOCUS + dist[i];
		CHECK_EQ(visp_render_blur_radius(&s, &c),
			 dist[i] / 16 > 16 ? 16 : dist[i] / 16);
		CHECK_EQ(render(&s, &c, &f), 0);
		sh = sharpness(&f);
		if (i == 1)	/* within the depth of field: no blur */
			CHECK_NEAR(sh, last, 0.0);
		else if (i && dist[i] / 16 <= VISP_RENDER_BLUR_MAX)
			CHECK(sh < 0.9 * last);
		else if (i)
			CHECK(sh <= last);
		last = sh;
		if (dist[i] <= VISP_RENDER_BUILTIN_IN_FOCUS) {
			c.focus = VISP_RENDER_BUILTIN_IN_FOCUS - dist[i];
			CHECK_EQ(render(&s, &c, &g), 0);
			CHECK(!memcmp(f.px, g.px, sizeof(u16) * f.stride * f.h));
			free(g.px);
		}
		free(f.px);
	}
}

/*
 * The blur of a flat scene is exact, up to the edges of the array (where
 * the scene's edge pixels of each colour are repeated): the frame is the
 * sharp one, bit for bit, since the noise is the same.
 */
static void test_defocus_flat(void)
{
	static const u32 crops[][4] = {
		{ 0, 0, 1920, 1080 }, { 1856, 1016, 64, 64 }, { 0, 0, 64, 64 },
	};
	struct visp_render_scene s;
	struct visp_render_cfg c = cfg_default();
	struct frame f, g;
	unsigned int i, bin;
	size_t size;
	u8 *file = scene_file(4, 4, 900, 20000, 30000, 40000, &size);

	CHECK_EQ(visp_render_scene_parse(&s, file, size), 0);
	for (i = 0; i < ARRAY_SIZE(crops); i++)
		for (bin = 1; bin <= 2; bin++) {
			cfg_crop(&c, crops[i][0], crops[i][1], crops[i][2],
				 crops[i][3]);
			c.bin = bin;
			c.focus = 900;
			CHECK_EQ(render(&s, &c, &f), 0);
			c.focus = 0;
			CHECK_EQ(visp_render_blur_radius(&s, &c),
				 VISP_RENDER_BLUR_MAX);
			CHECK_EQ(render(&s, &c, &g), 0);
			CHECK(!memcmp(f.px, g.px,
				      sizeof(u16) * f.stride * f.h));
			free(f.px);
			free(g.px);
		}
	free(file);
}

/*
 * Colour checker: the means of each patch's red, green and blue pixels
 * follow its documented linear values through the illuminant and the
 * sensor's response.
 */
static void test_colour_checker(void)
{
	static const u32 temps[] = { 2800, 4100, 6500, 7500 };
	struct visp_render_scene s;
	struct visp_render_cfg c = cfg_default();
	double mean, var, e, rgb[3], m[3];
	unsigned int t, i, k;
	u32 x0, y0, cx, cy;
	struct frame f;

	visp_render_scene_builtin(&s, VISP_RENDER_SCENE_COLOUR_CHECKER);
	c.exposure_us = 7000;
	for (t = 0; t < ARRAY_SIZE(temps); t++) {
		c.illuminant = temps[t];
		c.sequence = t;
		CHECK_EQ(render(&s, &c, &f), 0);
		for (i = 0; i < 24; i++) {
			/* 64 x 64 in the middle of the 240 x 180 patch */
			x0 = 140 + (i % 6) * 280 + 88;
			y0 = 120 + (i / 6) * 220 + 58;
			if (defect_in(x0, y0, 64, 64))
				continue;
			for (k = 0; k < 3; k++)
				rgb[k] = visp_render_checker[i][k];
			for (k = 0; k < 3; k++) {
				/* R at (0, 0), G at (1, 0), B at (1, 1) */
				cx = k > 0;
				cy = k > 1;
				stats(&f, x0, y0, 64, 64, cx, cy, &mean, &var);
				m[k] = mean - VISP_RENDER_BLACK_12;
				e = electrons(&c, rgb, k, x0 + 31.5, y0 + 31.5) /
				    E_PER_DN12;
				CHECK_NEAR(m[k], e, 0.01 * e +
					   5 * sqrt(var / 1024) + 0.1);
			}
		}
		free(f.px);
	}
	/* The illuminant: warm light raises red and lowers blue. */
	{
		u32 a[3], b[3], d[3];

		visp_render_illuminant(2800, a);
		visp_render_illuminant(6500, b);
		visp_render_illuminant(7500, d);
		CHECK(a[0] > b[0] && b[0] > d[0]);
		CHECK(a[2] < b[2] && b[2] < d[2]);
		CHECK_EQ(b[0], 4096);
		CHECK_EQ(b[1], 4096);
		CHECK_EQ(b[2], 4096);
		visp_render_illuminant(3400, a);	/* between 3200 and 3600 */
		CHECK_EQ(a[0], (7478 + 6573 + 1) / 2);
	}
}

/* Scene files: each malformed field is rejected; the scaling is nearest. */
static void test_scene_file(void)
{
	static const struct {
		unsigned int off;
		u32 val;
	} bad[] = {
		{ 0, 'X' }, { 1, 'X' }, { 2, 'X' }, { 3, 'X' },
		{ 4, 0 }, { 4, 2 }, { 8, 0 }, { 8, 4097 }, { 12, 0 },
		{ 12, 4097 }, { 16, 1024 }, { 16, 0xffffffff }, { 20, 1 },
	};
	struct visp_render_scene s = { .id = 99 }, t;
	size_t size, i;
	u32 rgb[3];
	u8 *file = scene_file(3, 2, 300, 1000, 2000, 3000, &size);
	u8 *copy = xmalloc(size + 1);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memcpy(copy, file, size);
		if (bad[i].off < 4)
			copy[bad[i].off] = bad[i].val;
		else
			put32(copy + bad[i].off, bad[i].val);
		CHECK_EQ(visp_render_scene_parse(&s, copy, size), -EINVAL);
		CHECK_EQ(s.id, 99);
	}
	memcpy(copy, file, size);
	CHECK_EQ(visp_render_scene_parse(&s, copy, size - 1), -EINVAL);
	CHECK_EQ(visp_render_scene_parse(&s, copy, size + 1), -EINVAL);
	CHECK_EQ(visp_render_scene_parse(&s, copy, 0), -EINVAL);
	CHECK_EQ(visp_render_scene_parse(&s, copy, 23), -EINVAL);
	CHECK_EQ(visp_render_scene_parse(&s, NULL, size), -EINVAL);
	/* A large width times height must not wrap the size check */
	put32(copy + 8, 4096);
	put32(copy + 12, 4096);
	CHECK_EQ(visp_render_scene_parse(&s, copy, size), -EINVAL);
	CHECK_EQ(s.id, 99);

	CHECK_EQ(visp_render_scene_parse(&s, file, size), 0);
	CHECK_EQ(s.id, VISP_RENDER_SCENE_FILE);
	CHECK_EQ(s.width, 3);
	CHECK_EQ(s.height, 2);
	CHECK_EQ(s.in_focus, 300);
	CHECK(s.data == file + VISP_RENDER_SCENE_HDR_SIZE);

	/* Nearest neighbour: sample (x * 3 / 1920, y * 2 / 1080) */
	put32(file + VISP_RENDER_SCENE_HDR_SIZE + 6 * 5, 0xffffffff);
	visp_render_scene_rgb(&s, 1279, 539, rgb);
	CHECK_EQ(rgb[0], 1000);
	visp_render_scene_rgb(&s, 1280, 539, rgb);
	CHECK_EQ(rgb[0], 1000);
	visp_render_scene_rgb(&s, 1279, 540, rgb);
	CHECK_EQ(rgb[0], 1000);
	visp_render_scene_rgb(&s, 1280, 540, rgb);
	CHECK_EQ(rgb[0], 0xffff);
	CHECK_EQ(rgb[1], 0xffff);
	CHECK_EQ(rgb[2], 3000);
	visp_render_scene_rgb(&s, 1919, 1079, rgb);
	CHECK_EQ(rgb[0], 0xffff);

	/* Built-in scenes */
	CHECK_EQ(visp_render_scene_builtin(&t, VISP_RENDER_SCENE_FILE), -EINVAL);
	CHECK_EQ(visp_render_scene_builtin(&t, 7), -EINVAL);
	CHECK_EQ(visp_render_scene_builtin(&t, VISP_RENDER_SCENE_GREY_RAMP), 0);
	CHECK_EQ(t.in_focus, VISP_RENDER_BUILTIN_IN_FOCUS);
	visp_render_scene_rgb(&t, 0, 100, rgb);
	CHECK_EQ(rgb[1], 0);
	visp_render_scene_rgb(&t, 1919, 100, rgb);
	CHECK_EQ(rgb[1], 65535);
	free(copy);
	free(file);
}

/* The documented value of pattern p at output (x, y) of width w */
static u32 pattern_value(const struct visp_render_cfg *c, u32 w, u32 x,
			 u32 y)
{
	u32 max = (1u << c->bits) - 1, bar = x * 8 / w;
	/* colour of the output's CFA order: 0 R, 1 G, 2 B */
	u32 f = ((x ^ c->hflip) & 1) + ((y ^ c->vflip) & 1);

	switch (c->pattern) {
	case VISP_RENDER_PATTERN_COLOUR_BARS:
		return (f == 0 && !(bar & 2)) || (f == 1 && bar < 4) ||
		       (f == 2 && !(bar & 1)) ? max : 0;
	case VISP_RENDER_PATTERN_SOLID_GREY:
		return (max + 1) / 2;
	case VISP_RENDER_PATTERN_GRADIENT:
		return lround((double)x * max / (w - 1));
	default:
		return ((x / 64) + (y / 64)) % 2 ? 0 : max;
	}
}

/* Test patterns: exact codes, whatever the gains, in the output's CFA order */
static void test_patterns(void)
{
	struct visp_render_scene s;
	struct visp_render_cfg c = cfg_default();
	unsigned int i;
	u32 x, y, bad;
	struct frame fr;

	visp_render_scene_builtin(&s, VISP_RENDER_SCENE_GREY_RAMP);
	c.exposure_us = 123456;
	c.again = 1000;
	c.dgain = 700;
	cfg_crop(&c, 100, 60, 1600, 960);
	/* Every pattern, flip, binning and depth */
	for (i = 0; i < 16 * (VISP_RENDER_PATTERN_COUNT - 1); i++) {
		c.pattern = 1 + i / 16;
		c.hflip = i & 1;
		c.vflip = i & 2;
		c.bin = i & 4 ? 2 : 1;
		c.bits = i & 8 ? 12 : 10;
		CHECK_EQ(render(&s, &c, &fr), 0);
		bad = 0;
		for (y = 0; y < fr.h; y++)
			for (x = 0; x < fr.w; x++)
				bad += px(&fr, x, y) !=
				       pattern_value(&c, fr.w, x, y);
		CHECK_EQ(bad, 0);
		CHECK(guards_ok(&fr));
		free(fr.px);
	}
}

#define BAD(f, v)	{ offsetof(struct visp_render_cfg, f), v, false }
#define BAD_BIN2(f, v)	{ offsetof(struct visp_render_cfg, f), v, true }

/* Every invalid setting is refused, and so is too little scratch. */
static void test_invalid(void)
{
	static const struct {
		size_t field;
		u32 value;
		bool bin;
	} bad[] = {
		BAD(crop_x, 1), BAD(crop_y, 1), BAD(crop_w, 63),
		BAD(crop_h, 0), BAD(crop_w, 0),
		BAD(crop_x, VISP_RENDER_NATIVE_W - 62),
		BAD(crop_y, VISP_RENDER_NATIVE_H - 62),
		BAD(crop_w, VISP_RENDER_NATIVE_W + 2),
		BAD(crop_x, 0xfffffffe), BAD(crop_h, 0x80000000),
		BAD(bin, 0), BAD(bin, 3), BAD_BIN2(crop_w, 62),
		BAD_BIN2(crop_h, 62), BAD(bits, 8), BAD(bits, 14),
		BAD(exposure_us, VISP_RENDER_EXPOSURE_MAX + 1),
		BAD(again, 255), BAD(again, 4097), BAD(dgain, 0),
		BAD(dgain, 4097), BAD(pattern, VISP_RENDER_PATTERN_COUNT),
		BAD(focus, 1024), BAD(illuminant, 2799),
		BAD(illuminant, 7501), BAD(illuminant, 0),
	};
	struct visp_render_scene s;
	struct visp_render_cfg c, ok = cfg_default();
	size_t ss;
	void *scratch;
	u16 *out = xmalloc(sizeof(u16) * 64 * 64);
	unsigned int i;

	visp_render_scene_builtin(&s, VISP_RENDER_SCENE_NATURAL);
	cfg_crop(&ok, 0, 0, 64, 64);
	ss = visp_render_scratch_size(&ok);
	CHECK(ss > 0 && ss <= VISP_RENDER_SCRATCH_MAX);
	scratch = xmalloc(VISP_RENDER_SCRATCH_MAX);
	CHECK_EQ(visp_render_frame(&s, &ok, out, 64, scratch, ss), 0);
	CHECK_EQ(visp_render_frame(&s, &ok, out, 64, scratch, ss - 1), -EINVAL);
	CHECK_EQ(visp_render_frame(&s, &ok, out, 63, scratch, ss), -EINVAL);
	CHECK_EQ(visp_render_frame(&s, &ok, out, 64, (u8 *)scratch + 2, ss),
		 -EINVAL);
	CHECK_EQ(visp_render_frame(&s, &ok, out, 64, NULL, ss), -EINVAL);
	CHECK_EQ(visp_render_frame(&s, &ok, NULL, 64, scratch, ss), -EINVAL);
	CHECK_EQ(visp_render_frame(NULL, &ok, out, 64, scratch, ss), -EINVAL);

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		c = ok;
		*(u32 *)((u8 *)&c + bad[i].field) = bad[i].value;
		if (bad[i].bin)
			c.bin = 2;
		CHECK_EQ(visp_render_check(&c), -EINVAL);
		CHECK_EQ(visp_render_scratch_size(&c), 0);
		CHECK_EQ(visp_render_frame(&s, &c, out, 64, scratch,
					   VISP_RENDER_SCRATCH_MAX), -EINVAL);
	}
	/* A scene with a bad in-focus position or kind */
	s.in_focus = 1024;
	CHECK_EQ(visp_render_frame(&s, &ok, out, 64, scratch, ss), -EINVAL);
	s.in_focus = 0;
	s.id = 4;
	CHECK_EQ(visp_render_frame(&s, &ok, out, 64, scratch, ss), -EINVAL);
	/* The largest crop fits in VISP_RENDER_SCRATCH_MAX */
	c = cfg_default();
	CHECK_EQ(visp_render_scratch_size(&c), VISP_RENDER_SCRATCH_MAX);
	free(scratch);
	free(out);
}

/*
 * Defective pixels: at documented positions, apart from each other; hot
 * ones read the largest code at 1x, dead ones the black level.
 */
static void test_defects(void)
{
	struct visp_render_defect d, e;
	struct visp_render_scene s;
	struct visp_render_cfg c = cfg_default();
	unsigned int i, j;
	struct frame f;

	visp_render_scene_builtin(&s, VISP_RENDER_SCENE_NATURAL);
	c.exposure_us = 2000;
	for (i = 0; i < VISP_RENDER_DEFECTS; i++) {
		visp_render_defect(i, &d);
		printf("# defect %u: (%u, %u) %s\n", i, d.x, d.y,
		       d.hot ? "hot" : "dead");
		CHECK(d.x < VISP_RENDER_NATIVE_W && d.y < VISP_RENDER_NATIVE_H);
		CHECK_EQ(d.hot, !(i & 1));
		for (j = 0; j < i; j++) {
			visp_render_defect(j, &e);
			CHECK(abs(d.x - e.x) > 4 || abs(d.y - e.y) > 4);
		}
		cfg_crop(&c, d.x & ~1u, d.y & ~1u, 2, 2);
		CHECK_EQ(render(&s, &c, &f), 0);
		CHECK_EQ(px(&f, d.x & 1, d.y & 1), d.hot ? 4095 : 256);
		free(f.px);
	}
}

/*
 * The reference frames, whose checksums the KUnit suite checks too (see
 * visp-sensor-render-test.h).
 */
static void test_checksums(void)
{
	const struct visp_render_test_frame *t;
	struct visp_render_scene s;
	struct frame f;
	unsigned int i;
	u32 sum;

	for (i = 0; i < ARRAY_SIZE(visp_render_test_frames); i++) {
		t = &visp_render_test_frames[i];
		CHECK_EQ(visp_render_scene_builtin(&s, t->scene), 0);
		CHECK_EQ(render(&s, &t->cfg, &f), 0);
		CHECK(f.w <= VISP_RENDER_TEST_W && f.h <= VISP_RENDER_TEST_H);
		sum = visp_render_checksum(f.px, f.w, f.h, f.stride);
		printf("# reference frame %u: %#010x\n", i, sum);
		CHECK_EQ(sum, t->sum);
		free(f.px);
	}
}

/* Render time of a full frame of the natural scene */
static void test_time(void)
{
	struct visp_render_scene s;
	struct visp_render_cfg c = cfg_default();
	size_t ss = visp_render_scratch_size(&c);
	void *scratch = xmalloc(ss);
	u16 *out = xmalloc(sizeof(u16) * VISP_RENDER_NATIVE_W *
			   VISP_RENDER_NATIVE_H);
	struct timespec t0, t1;
	double ms, best = 1e9;
	unsigned int i, focus;

	visp_render_scene_builtin(&s, VISP_RENDER_SCENE_NATURAL);
	for (focus = 0; focus < 2; focus++) {
		c.focus = focus ? 0 : VISP_RENDER_BUILTIN_IN_FOCUS;
		best = 1e9;
		for (i = 0; i < 3; i++) {
			clock_gettime(CLOCK_MONOTONIC, &t0);
			CHECK_EQ(visp_render_frame(&s, &c, out,
						   VISP_RENDER_NATIVE_W,
						   scratch, ss), 0);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			ms = (t1.tv_sec - t0.tv_sec) * 1e3 +
			     (t1.tv_nsec - t0.tv_nsec) / 1e6;
			if (ms < best)
				best = ms;
		}
		printf("# 1920x1080 natural scene, blur radius %u: %.1f ms\n",
		       visp_render_blur_radius(&s, &c), best);
	}
	free(out);
	free(scratch);
}

static const struct tap_test tests[] = {
	{ "linearity", test_linearity },
	{ "saturation", test_saturation },
	{ "black_level", test_black_level },
	{ "shot_noise", test_shot_noise },
	{ "reproducible", test_reproducible },
	{ "flips", test_flips },
	{ "binning", test_binning },
	{ "vignetting", test_vignetting },
	{ "defocus", test_defocus },
	{ "defocus_flat", test_defocus_flat },
	{ "colour_checker", test_colour_checker },
	{ "scene_file", test_scene_file },
	{ "patterns", test_patterns },
	{ "invalid", test_invalid },
	{ "defects", test_defects },
	{ "checksums", test_checksums },
	{ "time", test_time },
};

int main(void)
{
	return tap_run("render", tests, ARRAY_SIZE(tests));
}
