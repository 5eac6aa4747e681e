// SPDX-License-Identifier: GPL-2.0
/*
 * Closed-loop host tests of the libvisp auto exposure and auto white
 * balance (visp-3a.c), a TAP program of its own.
 *
 * Each frame of the colour checker is rendered by the simulated sensor's
 * renderer, processed by the reference model with the parameters buffer
 * the algorithms produced for it, and its statistics are fed back to
 * visp_3a_process(). The sensor controls go through a small queue that
 * delays them as the simulated sensor does: an exposure written during
 * frame N exposes frame N + 2, gains and the lens position written during
 * frame N frame N + 1.
 *
 * With the simulated sensor's tuning (tools/lib/visp/tuning, made by
 * visp-tune from the sensor's calibration captures, see
 * tools/visp/Makefile), the loop runs over the whole frame, every block
 * set by the 3A from the tuning, and the colours of the checker are
 * compared with the chart's in CIEDE2000.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libvisp.h"
#include "visp-checker.h"
#include "visp-sensor-render.h"

#include "tap-run.h"

/*
 * The 960 x 540 binned 10-bit mode of the simulated sensor, cropped to
 * the colour checker and a margin of its surround (832 x 448) to keep
 * the test short under the sanitizers.
 */
#define CROP_X		128
#define CROP_Y		112
#define W		832
#define H		448
/* The whole binned frame, which the tuning's shading tables cover */
#define FULL_W		(VISP_RENDER_NATIVE_W / 2)
#define FULL_H		(VISP_RENDER_NATIVE_H / 2)
#define BITS		10
#define LINE_LENGTH	1600
#define PIXEL_RATE	120000000
#define EXPOSURE_MAX	2400
#define DGAIN_MAX	1023
#define EXPOSURE_DELAY	2
#define GAIN_DELAY	1
#define LENS_DELAY	1

/* Frames run, and the frame from which AE must have converged */
#define FRAMES		12
#define SETTLED		10
#define AE_TOLERANCE	0.05

/*
 * AF: frames run, the frame by which the lens must be at the sharpest
 * position (blur radius 0) to stay, and the frames of a continuous AF run,
 * the scene's in-focus position changing half way.
 */
#define AF_FRAMES	32
#define AF_FOCUSED	20
/* The late writes' test: AF starts once AE has settled, as in visp-cam */
#define AF_LATE_START	8
#define AF_LATE_FRAMES	(AF_LATE_START + AF_FRAMES)
/* The late writes' frames: fixed pseudo-random sets */
#define AF_LATE_SEED	4
#define AF_LATE_SEEDS	3
#define AF_CONT_FRAMES	60
#define AF_CHANGE	24
#define MAX_FRAMES	AF_CONT_FRAMES
/* Frames at the end of a run over which AE must not move */
#define AE_HOLD_FRAMES	12

/* The checker's grey patches checked: neutral 8 to neutral 3.5 */
#define GREY_FIRST	VISP_CHECKER_GREY_FIRST
#define GREY_LAST	VISP_CHECKER_GREY_LAST
#define RATIO_TOLERANCE	0.03
#define LAB_TOLERANCE	2.0
/* Mean CIEDE2000 of the 24 patches with the tuning, at most */
#define DE2000_MAX	3.0
/* Corner over centre of the flat field after LSC, within */
#define FLAT_TOLERANCE	0.03

struct sensor_ctrls {
	u32 exposure;
	u32 again;
	u32 dgain;
	u32 focus;
};

struct loop {
	/* The frame: the crop of the binned array, ISP input and output */
	u32 crop_x;
	u32 crop_y;
	u32 w;
	u32 h;
	/* The 3A's tuning, or NULL */
	const struct visp_tuning *tuning;
	struct visp_render_scene scene;
	struct visp_model_config cfg;
	struct visp_model_buffers buf;
	u16 *raw;
	u8 *rgb;
	void *scratch;
	size_t scratch_size;
	void *rscratch;
	size_t rscratch_size;
	struct visp_stats_buffer *stats;
	/* The controls exposing each frame, from the writes' delays */
	struct sensor_ctrls applied[MAX_FRAMES + EXPOSURE_DELAY + 1];
	double ae_mean[MAX_FRAMES];
	/* Set to make the algorithm forget the delays: must fail */
	bool no_delays;
	/* Frames to run, FRAMES if 0 */
	unsigned int frames;
	/* A lens, starting at lens_start, AF in af_mode */
	bool lens;
	u32 lens_start;
	u32 af_mode;
	/* Added to the lens delay the algorithm is told: must fail */
	int lens_delay_off;
	/*
	 * Every late_every-th write comes a frame late; late_told: the
	 * algorithm is told with visp_3a_written() (without, AF must fail)
	 */
	unsigned int late_every;
	unsigned int late_seed;
	bool late_told;
	/* If not 0, AF is off until this frame, then in af_mode */
	unsigned int af_start;
	/* From frame change_frame (if not 0), the scene is sharp at change_to */
	unsigned int change_frame;
	u32 change_to;
	/* The blur radius and AF state of each frame */
	u32 blur[MAX_FRAMES];
	u32 af_state[MAX_FRAMES];
};

/*
 * The crop of the colour checker and its surround, or with @tuning the
 * whole frame.
 */
static void loop_init(struct loop *l, const struct visp_tuning *tuning)
{
	struct visp_params_buffer *p;
	u64 mem[64];
	u16 level[VISP_CFA_CHANNELS];
	struct visp_render_cfg rc = { .bin = 2, .bits = BITS };
	unsigned int i;
	u32 w, h;

	memset(l, 0, sizeof(*l));
	l->tuning = tuning;
	if (tuning) {
		w = FULL_W;
		h = FULL_H;
	} else {
		l->crop_x = CROP_X;
		l->crop_y = CROP_Y;
		w = W;
		h = H;
	}
	l->w = w;
	l->h = h;
	rc.crop_x = l->crop_x;
	rc.crop_y = l->crop_y;
	visp_render_scene_builtin(&l->scene, VISP_RENDER_SCENE_COLOUR_CHECKER);
	visp_config_init(&l->cfg);
	visp_config_set_input(&l->cfg, VISP_IN_TYPE_RAW10,
			      visp_render_bayer(&rc), w, h);
	visp_config_set_path(&l->cfg, VISP_PATH_MAIN, VISP_OUT_FMT_RGB24, 0, 0,
			     w, h, w, h);
	l->buf.in_stride = visp_model_in_line_bytes(VISP_IN_TYPE_RAW10, w);
	l->buf.in_size = l->buf.in_stride * h;
	l->raw = calloc(1, l->buf.in_size);
	l->buf.in = (u8 *)l->raw;
	l->buf.out[VISP_PATH_MAIN][0].stride =
		visp_model_out_line_bytes(VISP_OUT_FMT_RGB24, w, 0);
	l->buf.out[VISP_PATH_MAIN][0].size =
		l->buf.out[VISP_PATH_MAIN][0].stride * h;
	l->rgb = calloc(1, l->buf.out[VISP_PATH_MAIN][0].size);
	l->buf.out[VISP_PATH_MAIN][0].data = l->rgb;
	l->stats = calloc(1, sizeof(*l->stats));
	l->buf.stats = l->stats;
	l->cfg.stats_en = true;
	l->scratch_size = visp_model_scratch_size(&l->cfg);
	l->scratch = malloc(l->scratch_size);
	l->rscratch_size = VISP_RENDER_SCRATCH_SIZE(w * 2);
	l->rscratch = malloc(l->rscratch_size);

	/* The sensor's pedestal, in 12-bit units, and bilinear demosaic. */
	p = (void *)mem;
	for (i = 0; i < VISP_CFA_CHANNELS; i++)
		level[i] = visp_render_black_level(12);
	CHECK(!visp_params_init(p, sizeof(mem)));
	CHECK(!visp_params_set_bls(p, sizeof(mem), true, level));
	CHECK(!visp_params_apply(&l->cfg, p, sizeof(*p) + p->data_size));
}

static void loop_free(struct loop *l)
{
	free(l->raw);
	free(l->rgb);
	free(l->stats);
	free(l->scratch);
	free(l->rscratch);
}

/*
 * Linear value of an 8-bit output sample: sRGB encoded by the tuning's
 * gamma curve, linear without a tuning.
 */
static double output_linear(const struct loop *l, double v)
{
	return l->tuning ? visp_colour_srgb_decode(v / 255) : v / 255;
}

/*
 * The colour checker of the last frame measured: its output is sRGB
 * encoded by the tuning's gamma curve, linear without a tuning.
 */
static void measure(const struct loop *l, struct visp_checker_result *res)
{
	struct visp_checker_image img = {
		.rgb = l->rgb, .width = l->w, .height = l->h,
		.stride = l->buf.out[VISP_PATH_MAIN][0].stride,
		.x = l->crop_x, .y = l->crop_y, .w = 2 * l->w, .h = 2 * l->h,
		.srgb = l->tuning,
	};

	CHECK(!visp_checker_measure(&img, res));
}

/* The sensor's r/g and b/g of grey under the illuminants of the locus. */
static void fill_locus(struct visp_3a_config *c)
{
	static const u32 cts[] = { 2800, 3200, 4000, 5000, 6500, 7500 };
	unsigned int i, k, j;

	for (i = 0; i < ARRAY_SIZE(cts); i++) {
		double raw[3];
		u32 ill[3];

		visp_render_illuminant(cts[i], ill);
		for (k = 0; k < 3; k++) {
			raw[k] = 0;
			for (j = 0; j < 3; j++)
				raw[k] += visp_render_response[k][j] *
					  (double)ill[j];
		}
		c->ct_locus[i].ct = cts[i];
		c->ct_locus[i].r_g = raw[0] / raw[1];
		c->ct_locus[i].b_g = raw[2] / raw[1];
	}
	c->ct_points = ARRAY_SIZE(cts);
}

static double line_us(void)
{
	return LINE_LENGTH * 1e6 / PIXEL_RATE;
}

/* Sensor controls for a total exposure of @total microseconds at 1x. */
static void split(double total, struct sensor_ctrls *s)
{
	double lines = fmin(fmax(floor(total / line_us()), 1), EXPOSURE_MAX);

	s->exposure = lines;
	s->again = fmin(fmax(total / (lines * line_us()) * 256, 256),
			VISP_RENDER_GAIN_MAX);
	s->dgain = 256;
}

/*
 * A write during frame @n: exposure from n + 2, gains and lens position
 * from n + 1.
 */
static void sensor_write(struct loop *l, unsigned int n,
			 const struct visp_3a_result *r)
{
	unsigned int f;

	for (f = n + EXPOSURE_DELAY; f < ARRAY_SIZE(l->applied); f++)
		l->applied[f].exposure = r->exposure;
	for (f = n + GAIN_DELAY; f < ARRAY_SIZE(l->applied); f++) {
		l->applied[f].again = r->again;
		l->applied[f].dgain = r->dgain;
	}
	for (f = n + LENS_DELAY; l->lens && f < ARRAY_SIZE(l->applied); f++)
		l->applied[f].focus = r->focus;
}

/*
 * Whether the write of frame @n's results comes a frame late: one in
 * late_every on average, at frames a fixed pseudo-random sequence picks
 * (late writes at a fixed period would always hit the positions AF sends
 * again, which the next write then replaces within the same frame).
 */
static bool late_write(const struct loop *l, unsigned int n)
{
	u32 x = (n + l->late_seed) * 2654435761u;

	return (x >> 16) % l->late_every == 0;
}

/* The 3A configuration of the simulated sensor in the loop's mode. */
static void sensor_config(struct visp_3a_config *c, const struct loop *l)
{
	memset(c, 0, sizeof(*c));
	c->sensor.line_length = LINE_LENGTH;
	c->sensor.pixel_rate = PIXEL_RATE;
	c->sensor.exposure_min = 1;
	c->sensor.exposure_max = EXPOSURE_MAX;
	c->sensor.again_min = VISP_RENDER_GAIN_MIN;
	c->sensor.again_max = VISP_RENDER_GAIN_MAX;
	c->sensor.dgain_min = VISP_RENDER_GAIN_MIN;
	c->sensor.dgain_max = DGAIN_MAX;
	c->sensor.exposure_delay = EXPOSURE_DELAY;
	c->sensor.gain_delay = GAIN_DELAY;
	c->sensor.width = l->w;
	c->sensor.height = l->h;
	c->sensor.black_level = visp_render_black_level(12);
	c->tuning = l->tuning;
}

/*
 * Runs FRAMES frames from a total exposure of @start microseconds under
 * @kelvin; the last frame's output stays in @l.
 */
static void run_loop(struct loop *l, u32 kelvin, double start,
		     bool locus, struct visp_3a_result *res)
{
	struct visp_3a_config c;
	struct visp_render_cfg rc = {
		.crop_x = l->crop_x, .crop_y = l->crop_y,
		.crop_w = 2 * l->w, .crop_h = 2 * l->h,
		.bin = 2, .bits = BITS, .seed = 0x3a3a, .illuminant = kelvin,
		.focus = VISP_RENDER_BUILTIN_IN_FOCUS,
	};
	u32 stride = l->buf.in_stride / 2;
	struct visp_stats_view view;
	unsigned int frames = l->frames ? l->frames : FRAMES;
	struct sensor_ctrls s0;
	struct visp_3a *ctx;
	unsigned int n, f;

	sensor_config(&c, l);
	split(start, &s0);
	s0.focus = l->lens ? l->lens_start : VISP_RENDER_BUILTIN_IN_FOCUS;
	for (f = 0; f < ARRAY_SIZE(l->applied); f++)
		l->applied[f] = s0;
	c.sensor.exposure = s0.exposure;
	c.sensor.again = s0.again;
	c.sensor.dgain = s0.dgain;
	if (locus)
		fill_locus(&c);
	if (l->no_delays)
		c.sensor.exposure_delay = c.sensor.gain_delay = 0;
	if (l->lens) {
		c.lens = (struct visp_3a_lens){
			.present = true, .min = 0,
			.max = VISP_RENDER_FOCUS_MAX,
			.delay = LENS_DELAY + l->lens_delay_off,
			.position = l->lens_start,
		};
		c.af_mode = l->af_start ? VISP_AF_MODE_OFF : l->af_mode;
	}

	ctx = visp_3a_init(&c, res);
	CHECK(ctx);
	if (!ctx)
		return;
	/* The first lens position is written during frame 0. */
	sensor_write(l, 0, res);
	for (n = 0; n < frames; n++) {
		if (l->change_frame && n == l->change_frame)
			l->scene.in_focus = l->change_to;
		if (l->af_start && n == l->af_start)
			CHECK(!visp_3a_set_af_mode(ctx, l->af_mode, 0));
		rc.sequence = n;
		rc.exposure_us = l->applied[n].exposure * 40 / 3;
		rc.again = l->applied[n].again;
		rc.dgain = l->applied[n].dgain;
		rc.focus = l->applied[n].focus;
		l->blur[n] = visp_render_blur_radius(&l->scene, &rc);
		CHECK(!visp_render_frame(&l->scene, &rc, l->raw, stride,
					 l->rscratch, l->rscratch_size));
		/* The parameters computed from the previous frame. */
		CHECK(!visp_params_apply(&l->cfg, res->params,
					 res->params_size));
		l->buf.frame_sequence = n;
		CHECK(!visp_model_run(&l->cfg, &l->buf, l->scratch,
				      l->scratch_size));
		CHECK(!visp_stats_parse(l->stats, sizeof(*l->stats), &view));
		CHECK(!visp_3a_process(ctx, &view, n, res));
		CHECK(!visp_params_validate(res->params, res->params_size));
		l->ae_mean[n] = res->ae_mean;
		l->af_state[n] = res->af_state;
		if (getenv("VISP_3A_DEBUG") && l->lens)
			printf("#   frame %u: lens %u blur %u sharpness %.4f -> %u (state %u)\n",
			       n, rc.focus, l->blur[n], res->af_sharpness,
			       res->focus, res->af_state);
		/* Written during the next frame, or the one after. */
		if (l->late_every && late_write(l, n)) {
			sensor_write(l, n + 2, res);
			if (l->late_told)
				CHECK(!visp_3a_written(ctx, n + 2));
		} else {
			sensor_write(l, n + 1, res);
		}
	}
	visp_3a_free(ctx);
}

/*
 * AE reaches its target within SETTLED frames, stays there, and crosses
 * it at most once on the way.
 */
static void check_ae(const struct loop *l, double target)
{
	unsigned int n, crossings = 0;
	int side = 0;

	for (n = 0; n < FRAMES; n++) {
		double e = l->ae_mean[n] / target - 1;

		if (getenv("VISP_3A_DEBUG"))
			printf("#   frame %u: ae mean %.4f (%+.1f %%)\n", n,
			       l->ae_mean[n], 100 * e);
		if (n >= SETTLED)
			CHECK_NEAR(l->ae_mean[n], target, AE_TOLERANCE * target);
		if (fabs(e) <= AE_TOLERANCE)
			continue;
		if (side && (e > 0 ? 1 : -1) != side)
			crossings++;
		side = e > 0 ? 1 : -1;
	}
	CHECK(crossings <= 1);
}

/* The grey patches of the last frame are neutral. */
static void check_grey(const struct loop *l)
{
	struct visp_checker_result res;
	unsigned int i;

	measure(l, &res);
	for (i = GREY_FIRST; i <= GREY_LAST; i++) {
		const double *rgb = res.rgb[i];

		CHECK(rgb[1] > 4 && rgb[1] < 250);
		if (!(rgb[1] > 0))
			continue;
		if (getenv("VISP_3A_DEBUG"))
			printf("#   patch %u: %.1f %.1f %.1f\n", i, rgb[0],
			       rgb[1], rgb[2]);
		CHECK_NEAR(rgb[0] / rgb[1], 1, RATIO_TOLERANCE);
		CHECK_NEAR(rgb[2] / rgb[1], 1, RATIO_TOLERANCE);
	}
	if (getenv("VISP_3A_DEBUG"))
		printf("#   grey |a*| <= %.2f, |b*| <= %.2f\n", res.grey_a,
		       res.grey_b);
	CHECK_NEAR(res.grey_a, 0, LAB_TOLERANCE);
	CHECK_NEAR(res.grey_b, 0, LAB_TOLERANCE);
}

/* The total exposure the loop settles at from a middle start. */
static double settled_total(u32 kelvin)
{
	struct visp_3a_result res;
	struct loop l;
	double total;

	loop_init(&l, NULL);
	run_loop(&l, kelvin, 8000, true, &res);
	total = res.exposure * line_us() * res.again / 256 * res.dgain / 256;
	loop_free(&l);
	return total;
}

static void closed_loop(u32 kelvin, double factor)
{
	static double settled[2];
	struct visp_3a_result res;
	unsigned int k = kelvin > 5000;
	struct loop l;

	if (!settled[k])
		settled[k] = settled_total(kelvin);
	loop_init(&l, NULL);
	run_loop(&l, kelvin, settled[k] * factor, true, &res);
	check_ae(&l, 0.16);
	check_grey(&l);
	if (getenv("VISP_3A_DEBUG"))
		printf("#   ct %u, gains %u %u %u\n", res.ct,
		       res.wb_gain[VISP_CFA_R], res.wb_gain[VISP_CFA_GR],
		       res.wb_gain[VISP_CFA_B]);
	CHECK_NEAR(res.ct, kelvin, kelvin / 10.0);
	loop_free(&l);
}

static void test_2800_dark(void)
{
	closed_loop(2800, 1.0 / 8);
}

static void test_2800_bright(void)
{
	closed_loop(2800, 8);
}

static void test_7500_dark(void)
{
	closed_loop(7500, 1.0 / 8);
}

static void test_7500_bright(void)
{
	closed_loop(7500, 8);
}

/*
 * The same loop with the algorithm told the sensor has no delays: it
 * corrects each error again until its change shows, and the AE check must
 * catch the overshoots.
 */
static void test_delays_matter(void)
{
	struct visp_3a_result res;
	int saved = errors;
	struct loop l;
	bool failed;

	loop_init(&l, NULL);
	l.no_delays = true;
	run_loop(&l, 5000, 8000.0 / 8, true, &res);
	/* Counted from 8 on, the failures expected are not printed. */
	errors = 8;
	check_ae(&l, 0.16);
	failed = errors > 8;
	errors = saved;
	CHECK(failed);
	loop_free(&l);
}

/*
 * The first frame from which every frame of @first to @last - 1 is sharp
 * (blur radius 0) with the lens at one position, or @last if none.
 */
static unsigned int af_settled(const struct loop *l, unsigned int first,
			       unsigned int last)
{
	unsigned int n = last;

	while (n > first && !l->blur[n - 1] &&
	       (n == last || l->applied[n - 1].focus == l->applied[n].focus))
		n--;
	return n;
}

/* The loop of @frames frames of @scene with a lens in AF mode @mode. */
static void af_loop_init(struct loop *l, enum visp_render_scene_id scene,
			 unsigned int frames, u32 mode, u32 start)
{
	loop_init(l, NULL);
	visp_render_scene_builtin(&l->scene, scene);
	l->frames = frames;
	l->lens = true;
	l->lens_start = start;
	l->af_mode = mode;
}

/*
 * Single AF from lens position @start on @scene: the lens is at the
 * sharpest position by frame AF_FOCUSED and stays there to the end.
 */
static void af_single(enum visp_render_scene_id scene, u32 start,
		      int delay_off)
{
	struct visp_3a_result res;
	unsigned int settled;
	struct loop l;

	af_loop_init(&l, scene, AF_FRAMES, VISP_AF_MODE_SINGLE, start);
	l.lens_delay_off = delay_off;
	run_loop(&l, 5000, 8000, true, &res);
	settled = af_settled(&l, 0, AF_FRAMES);
	printf("#   %s, lens from %u: sharp and still from frame %u, at %u\n",
	       scene == VISP_RENDER_SCENE_NATURAL ? "natural" : "checker",
	       start, settled, l.applied[AF_FRAMES - 1].focus);
	CHECK(settled <= AF_FOCUSED);
	CHECK(l.af_state[AF_FRAMES - 1] == VISP_AF_STATE_FOCUSED);
	loop_free(&l);
}

static void test_af_natural_0(void)
{
	af_single(VISP_RENDER_SCENE_NATURAL, 0, 0);
}

static void test_af_natural_1023(void)
{
	af_single(VISP_RENDER_SCENE_NATURAL, VISP_RENDER_FOCUS_MAX, 0);
}

static void test_af_natural_near(void)
{
	af_single(VISP_RENDER_SCENE_NATURAL, VISP_RENDER_BUILTIN_IN_FOCUS - 40,
		  0);
}

static void test_af_checker_0(void)
{
	af_single(VISP_RENDER_SCENE_COLOUR_CHECKER, 0, 0);
}

static void test_af_checker_1023(void)
{
	af_single(VISP_RENDER_SCENE_COLOUR_CHECKER, VISP_RENDER_FOCUS_MAX, 0);
}

static void test_af_checker_near(void)
{
	af_single(VISP_RENDER_SCENE_COLOUR_CHECKER,
		  VISP_RENDER_BUILTIN_IN_FOCUS + 40, 0);
}

/*
 * Continuous AF: focused on the natural scene from position 0, then the
 * scene becomes sharp at another position at frame AF_CHANGE: the lens
 * is there again within AF_FOCUSED frames of the change, and stays.
 */
static void test_af_continuous(void)
{
	struct visp_3a_result res;
	unsigned int first, second;
	struct loop l;

	af_loop_init(&l, VISP_RENDER_SCENE_NATURAL, AF_CONT_FRAMES,
		     VISP_AF_MODE_CONTINUOUS, 0);
	l.change_frame = AF_CHANGE;
	l.change_to = 300;
	run_loop(&l, 5000, 8000, true, &res);
	first = af_settled(&l, 0, AF_CHANGE);
	second = af_settled(&l, AF_CHANGE, AF_CONT_FRAMES);
	printf("#   continuous: sharp from frame %u, at %u; sharp again %u frames after the change, at %u\n",
	       first, l.applied[AF_CHANGE - 1].focus, second - AF_CHANGE,
	       l.applied[AF_CONT_FRAMES - 1].focus);
	CHECK(first <= AF_FOCUSED);
	CHECK(second <= AF_CHANGE + AF_FOCUSED);
	CHECK(l.af_state[AF_CONT_FRAMES - 1] == VISP_AF_STATE_FOCUSED);
	loop_free(&l);
}

/*
 * The same search with the algorithm told a lens delay one frame shorter
 * than the lens's: it gives each frame's sharpness to the wrong position,
 * and the AF check must catch it.
 */
static void test_af_delay_matters(void)
{
	int saved = errors;
	bool failed;

	errors = 8;
	af_single(VISP_RENDER_SCENE_NATURAL, 0, -1);
	failed = errors > 8;
	errors = saved;
	CHECK(failed);
}

/*
 * Single AF from position 0, started once AE has settled, with one write
 * in three a frame late, as on a busy system, at the frames @seed picks:
 * told of them, AF ends sharp.
 */
static void af_late(bool told, unsigned int seed)
{
	struct visp_3a_result res;
	unsigned int settled;
	struct loop l;

	af_loop_init(&l, VISP_RENDER_SCENE_COLOUR_CHECKER, AF_LATE_FRAMES,
		     VISP_AF_MODE_SINGLE, 0);
	l.late_every = 3;
	l.late_seed = seed;
	l.late_told = told;
	l.af_start = AF_LATE_START;
	run_loop(&l, 5000, 8000, true, &res);
	settled = af_settled(&l, AF_LATE_START, AF_LATE_FRAMES);
	printf("#   checker, late writes %u%s: sharp and still from frame %u, at %u\n",
	       seed, told ? " told" : " not told", settled,
	       l.applied[AF_LATE_FRAMES - 1].focus);
	CHECK(settled <= AF_LATE_START + AF_FOCUSED);
	CHECK(l.af_state[AF_LATE_FRAMES - 1] == VISP_AF_STATE_FOCUSED);
	loop_free(&l);
}

static void test_af_late(void)
{
	unsigned int seed;

	for (seed = AF_LATE_SEED; seed < AF_LATE_SEED + AF_LATE_SEEDS; seed++)
		af_late(true, seed);
}

/*
 * The same runs, the algorithm not told of the late writes: it gives
 * frames' sharpness to the positions before, and the AF check must fail
 * in some of them.
 */
static void test_af_late_matters(void)
{
	int saved = errors;
	unsigned int seed;
	bool failed;

	errors = 8;
	for (seed = AF_LATE_SEED; seed < AF_LATE_SEED + AF_LATE_SEEDS; seed++)
		af_late(false, seed);
	failed = errors > 8;
	errors = saved;
	CHECK(failed);
}

/* Manual focus: the lens holds the position it is given. */
/*
 * The tuning's af section drives the search. Five coarse positions: from
 * lens 0 the scan goes 0, 256, 512 (nine would give 0, 128, 256), and the
 * lens still ends sharp; the coring threshold reaches the AF statistics;
 * a contrast no scene has makes the search fail.
 */
static void test_af_tuning(void)
{
	struct visp_tuning t = {
		.version = VISP_TUNING_VERSION, .sections = VISP_TUNING_AF,
		.af = { .threshold = 40, .restart = 0.25, .coarse_steps = 5,
			.fine_divisor = 8, .contrast = 0.15 },
	};
	u32 order[3], expect[3] = { 0, 256, 512 };
	struct visp_3a_result res;
	unsigned int n, k = 0;
	struct loop l;

	af_loop_init(&l, VISP_RENDER_SCENE_NATURAL, AF_FRAMES,
		     VISP_AF_MODE_SINGLE, 0);
	l.tuning = &t;
	run_loop(&l, 5000, 8000, true, &res);
	for (n = 0; n < AF_FRAMES && k < ARRAY_SIZE(order); n++)
		if (!k || l.applied[n].focus != order[k - 1])
			order[k++] = l.applied[n].focus;
	printf("#   first positions %u, %u, %u; at %u, state %u\n", order[0],
	       order[1], order[2], l.applied[AF_FRAMES - 1].focus,
	       l.af_state[AF_FRAMES - 1]);
	CHECK(k == 3 && !memcmp(order, expect, sizeof(order)));
	CHECK(af_settled(&l, 0, AF_FRAMES) <= AF_FOCUSED);
	CHECK(l.af_state[AF_FRAMES - 1] == VISP_AF_STATE_FOCUSED);
	CHECK(l.cfg.af_thresh == 40);
	loop_free(&l);

	t.af.threshold = 16;
	t.af.contrast = 10;
	af_loop_init(&l, VISP_RENDER_SCENE_NATURAL, AF_FRAMES,
		     VISP_AF_MODE_SINGLE, 0);
	l.tuning = &t;
	run_loop(&l, 5000, 8000, true, &res);
	CHECK(l.af_state[AF_FRAMES - 1] == VISP_AF_STATE_FAILED);
	loop_free(&l);
}

static void test_af_manual(void)
{
	struct visp_3a_result res;
	struct loop l;
	unsigned int n;

	af_loop_init(&l, VISP_RENDER_SCENE_NATURAL, FRAMES, VISP_AF_MODE_OFF,
		     200);
	run_loop(&l, 5000, 8000, false, &res);
	for (n = 0; n < FRAMES; n++)
		CHECK(l.applied[n].focus == 200);
	CHECK(res.focus == 200 && res.af_state == VISP_AF_STATE_IDLE);
	loop_free(&l);
}

/*
 * Once in its dead band AE holds its last write: the sensor's settings
 * stay the same over the last AE_HOLD_FRAMES frames of a long run, and
 * the last frame reports AE converged. A frame's own settings, which are
 * older writes with the delays, written again would replay the writes in
 * flight for ever (a cycle of three on the natural scene).
 */
static void test_ae_holds(void)
{
	struct visp_3a_result res;
	struct loop l;
	unsigned int n;

	af_loop_init(&l, VISP_RENDER_SCENE_NATURAL, AF_FRAMES,
		     VISP_AF_MODE_OFF, VISP_RENDER_BUILTIN_IN_FOCUS);
	run_loop(&l, 5000, 8000, true, &res);
	for (n = AF_FRAMES - AE_HOLD_FRAMES; n < AF_FRAMES; n++) {
		if (getenv("VISP_3A_DEBUG"))
			printf("#   frame %u: exposure %u again %u dgain %u\n",
			       n, l.applied[n].exposure, l.applied[n].again,
			       l.applied[n].dgain);
		CHECK(l.applied[n].exposure == l.applied[n - 1].exposure &&
		      l.applied[n].again == l.applied[n - 1].again &&
		      l.applied[n].dgain == l.applied[n - 1].dgain);
	}
	CHECK(res.ae_converged);
	loop_free(&l);
}

/* Invalid configurations and arguments are rejected. */
static void test_invalid(void)
{
	struct visp_3a_config c = {
		.sensor = {
			.line_length = LINE_LENGTH, .pixel_rate = PIXEL_RATE,
			.exposure_min = 1, .exposure_max = EXPOSURE_MAX,
			.again_min = 256, .again_max = 4096,
			.dgain_min = 256, .dgain_max = DGAIN_MAX,
			.width = W, .height = H,
		},
	};
	struct visp_stats_buffer *st = calloc(1, sizeof(*st));
	struct visp_3a_result res;
	struct visp_stats_view view = { .stats = st };
	struct visp_3a *ctx;

	ctx = visp_3a_init(&c, &res);
	CHECK(ctx);
	/* Nothing measured: the controls stay, the buffer is valid. */
	CHECK(!visp_3a_process(ctx, &view, 5, &res));
	CHECK(res.exposure == 1 && res.again == 256 && res.dgain == 256);
	CHECK(res.ae_mean < 0);
	CHECK(!visp_params_validate(res.params, res.params_size));
	CHECK(visp_3a_process(ctx, &view, 4, &res) == -EINVAL);
	CHECK(visp_3a_process(ctx, NULL, 6, &res) == -EINVAL);
	/* The write was counted for frame 6: not earlier, later is fine. */
	CHECK(visp_3a_written(NULL, 7) == -EINVAL);
	CHECK(visp_3a_written(ctx, 5) == -EINVAL);
	CHECK(!visp_3a_written(ctx, 8));
	/* Frames after 5 are still taken. */
	CHECK(!visp_3a_process(ctx, &view, 6, &res));
	visp_3a_free(ctx);
	visp_3a_free(NULL);

	c.sensor.again_min = 5000;
	CHECK(!visp_3a_init(&c, &res));
	c.sensor.again_min = 256;
	c.ct_points = 1;
	CHECK(!visp_3a_init(&c, &res));
	c.ct_points = 0;
	c.metering = VISP_3A_METERING_SPOT + 1;
	CHECK(!visp_3a_init(&c, &res));
	c.metering = 0;

	/* No lens: AF cannot be set. */
	ctx = visp_3a_init(&c, &res);
	CHECK(ctx && res.focus == 0 && res.af_state == VISP_AF_STATE_IDLE);
	CHECK(visp_3a_set_af_mode(ctx, VISP_AF_MODE_SINGLE, 0) == -ENODEV);
	CHECK(visp_3a_set_af_window(ctx, NULL) == -ENODEV);
	visp_3a_free(ctx);
	CHECK(visp_3a_set_af_mode(NULL, VISP_AF_MODE_SINGLE, 0) == -EINVAL);

	c.lens = (struct visp_3a_lens){
		.present = true, .min = 100, .max = 900, .delay = 1,
		.position = 50,
	};
	CHECK(!visp_3a_init(&c, &res));
	c.lens.position = 100;
	c.lens.delay = 15;
	CHECK(!visp_3a_init(&c, &res));
	c.lens.delay = 1;
	c.af_mode = VISP_AF_MODE_CONTINUOUS + 1;
	CHECK(!visp_3a_init(&c, &res));
	c.af_mode = VISP_AF_MODE_OFF;
	c.af_window = (struct visp_3a_af_window){ 800, 0, 64, 64 };
	CHECK(!visp_3a_init(&c, &res));
	c.af_window.x = 0;
	ctx = visp_3a_init(&c, &res);
	CHECK(ctx && res.focus == 100);
	CHECK(!visp_params_validate(res.params, res.params_size));
	CHECK(visp_3a_set_af_mode(ctx, VISP_AF_MODE_OFF, 901) == -EINVAL);
	CHECK(visp_3a_set_af_mode(ctx, VISP_AF_MODE_CONTINUOUS + 1, 0) ==
	      -EINVAL);
	CHECK(!visp_3a_set_af_mode(ctx, VISP_AF_MODE_OFF, 900));
	c.af_window.width = 8;
	CHECK(visp_3a_set_af_window(ctx, &c.af_window) == -EINVAL);
	c.af_window.width = W;
	CHECK(!visp_3a_set_af_window(ctx, &c.af_window));
	CHECK(!visp_3a_process(ctx, &view, 7, &res));
	CHECK(res.focus == 900 && res.af_sharpness < 0);
	CHECK(!visp_params_validate(res.params, res.params_size));
	visp_3a_free(ctx);
	free(st);
}

/* The shipped tuning of the simulated sensor, loaded once. */
static const struct visp_tuning *sensor_tuning(void)
{
	static struct visp_tuning *t;
	char err[256];

	if (!t) {
		t = visp_tuning_load(VISP_TUNING_FILE, err, sizeof(err));
		if (!t)
			printf("#   %s\n", err);
	}
	return t;
}

/*
 * Mean CIEDE2000 of the 24 patches of the last frame against the chart.
 * The exposure is the camera's choice, not a colour error: the output is
 * first scaled so that the grey patches have the chart's luminance.
 */
static double checker_de2000(const struct loop *l, u32 kelvin)
{
	struct visp_checker_result res;
	unsigned int i;

	measure(l, &res);
	for (i = 0; i < 24 && getenv("VISP_3A_DEBUG"); i++)
		printf("#   patch %2u: L %5.1f a %6.1f b %6.1f, chart L %5.1f a %6.1f b %6.1f, dE2000 %.2f\n",
		       i, res.lab[i][0], res.lab[i][1], res.lab[i][2],
		       res.chart_lab[i][0], res.chart_lab[i][1],
		       res.chart_lab[i][2], res.de[i]);
	printf("#   %u K: mean CIEDE2000 %.2f, largest %.2f (exposure scale %.3f)\n",
	       kelvin, res.de_mean, res.de_max, res.scale);
	return res.de_mean;
}

/*
 * The parameters buffer programs every block but the CSC, validly; the
 * tone curve through the TONE block, not the GAMMA block.
 */
static void check_blocks(const struct visp_3a_result *res)
{
	const struct visp_params_buffer *p = (const void *)res->params;
	unsigned int seen = 0, off;

	CHECK(!visp_params_validate(res->params, res->params_size));
	for (off = 0; off + sizeof(struct visp_params_block_header) <=
		      p->data_size;) {
		const struct visp_params_block_header *h =
			(const void *)(p->data + off);

		if (!h->size)
			break;
		seen |= 1u << h->type;
		off += h->size;
	}
	CHECK(seen == (((1u << VISP_PARAMS_BLOCK_TYPE_COUNT) - 1) &
		       ~(1u << VISP_PARAMS_BLOCK_CSC) &
		       ~(1u << VISP_PARAMS_BLOCK_GAMMA)));
}

/*
 * The whole frame with the tuning, from an exposure 8x too low: AE,
 * neutral greys, the colour temperature and the colours of the chart.
 */
static double tuned_loop(u32 kelvin, const struct visp_tuning *t)
{
	struct visp_3a_result res;
	double settled, de;
	struct loop l;

	CHECK(t);
	if (!t)
		return -1;
	loop_init(&l, t);
	run_loop(&l, kelvin, 8000, false, &res);
	settled = res.exposure * line_us() * res.again / 256 * res.dgain / 256;
	loop_free(&l);

	loop_init(&l, t);
	run_loop(&l, kelvin, settled / 8, false, &res);
	check_ae(&l, t->ae_target);
	check_grey(&l);
	check_blocks(&res);
	CHECK_NEAR(res.ct, kelvin, kelvin / 10.0);
	de = checker_de2000(&l, kelvin);
	CHECK_NEAR(de, 0, DE2000_MAX);
	loop_free(&l);
	return de;
}

static void test_tuned_2800(void)
{
	tuned_loop(2800, sensor_tuning());
}

/* Between the calibrated temperatures: the tables are interpolated. */
static void test_tuned_4500(void)
{
	tuned_loop(4500, sensor_tuning());
}

static void test_tuned_7500(void)
{
	tuned_loop(7500, sensor_tuning());
}

/*
 * The colour check can fail: with the 5000 K matrix at 2800 K (the
 * tuning's CCM section cut to that one matrix), it must.
 */
static void test_tuned_wrong_ccm(void)
{
	const struct visp_tuning *t = sensor_tuning();
	struct visp_tuning *bad;
	unsigned int i;
	int saved = errors;
	double de;

	CHECK(t);
	bad = t ? malloc(sizeof(*bad)) : NULL;
	if (!bad)
		return;
	*bad = *t;
	for (i = 0; i < bad->ccm_count && bad->ccm[i].ct != 5000; i++)
		;
	CHECK(i < bad->ccm_count);
	bad->ccm[0] = bad->ccm[i < bad->ccm_count ? i : 0];
	bad->ccm_count = 1;
	errors = 8;
	de = tuned_loop(2800, bad);
	errors = saved;
	CHECK(de > DE2000_MAX);
	free(bad);
}

/* Mean linear green of a box of 32 x 32 output pixels at (@x, @y). */
static double box_green(const struct loop *l, u32 x, u32 y)
{
	u32 stride = l->buf.out[VISP_PATH_MAIN][0].stride, i, j;
	double sum = 0;

	for (j = y; j < y + 32; j++)
		for (i = x; i < x + 32; i++)
			sum += output_linear(l, l->rgb[j * stride + 3 * i + 1]);
	return sum / (32 * 32);
}

/*
 * A flat grey field through the parameters the tuned 3A starts with: the
 * shading tables make its corners as bright as its centre, which the
 * lens leaves at half.
 */
static void test_tuned_flat(void)
{
	/* A scene file of one mid-grey sample, stretched over the array */
	static const u8 flat[VISP_RENDER_SCENE_HDR_SIZE + 6] = {
		'V', 'S', 'C', 'N', 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0,
		0x00, 0x02, 0, 0, 0, 0, 0, 0,
		0x00, 0x60, 0x00, 0x60, 0x00, 0x60,
	};
	const struct visp_tuning *t = sensor_tuning();
	struct visp_render_cfg rc = {
		.crop_w = VISP_RENDER_NATIVE_W, .crop_h = VISP_RENDER_NATIVE_H,
		.bin = 2, .bits = BITS, .exposure_us = 8000, .again = 256,
		.dgain = 256, .focus = VISP_RENDER_BUILTIN_IN_FOCUS,
		.seed = 0xf1a7, .illuminant = 5000,
	};
	struct visp_3a_config c;
	struct visp_3a_result res;
	double centre, corner[4], ratio;
	struct visp_3a *ctx;
	unsigned int pass, k;
	struct loop l;

	CHECK(t);
	if (!t)
		return;
	loop_init(&l, t);
	sensor_config(&c, &l);
	c.sensor.exposure = 600;
	CHECK(!visp_render_scene_parse(&l.scene, flat, sizeof(flat)));
	CHECK(!visp_render_frame(&l.scene, &rc, l.raw, l.buf.in_stride / 2,
				 l.rscratch, l.rscratch_size));
	ctx = visp_3a_init(&c, &res);
	CHECK(ctx);
	visp_3a_free(ctx);
	/* Without the shading tables, then with them. */
	for (pass = 0; pass < 2; pass++) {
		CHECK(!visp_params_apply(&l.cfg, res.params, res.params_size));
		if (!pass)
			l.cfg.lsc_en = false;
		CHECK(!visp_model_run(&l.cfg, &l.buf, l.scratch,
				      l.scratch_size));
		centre = box_green(&l, FULL_W / 2 - 16, FULL_H / 2 - 16);
		corner[0] = box_green(&l, 0, 0);
		corner[1] = box_green(&l, FULL_W - 32, 0);
		corner[2] = box_green(&l, 0, FULL_H - 32);
		corner[3] = box_green(&l, FULL_W - 32, FULL_H - 32);
		for (k = 0; k < 4; k++) {
			ratio = corner[k] / centre;
			printf("#   %s LSC: corner %u / centre %.3f\n",
			       pass ? "with" : "without", k, ratio);
			if (pass)
				CHECK_NEAR(ratio, 1, FLAT_TOLERANCE);
			else
				CHECK(ratio < 0.8);
		}
	}
	loop_free(&l);
}

/*
 * The first parameters of the 3A with tuning @t for a driver accepting
 * @blocks: the curve of its GAMMA block in @gamma (true if there is one)
 * and whether it has a TONE block with the tuning's tone curve.
 */
static bool tone_blocks(const struct visp_tuning *t, u32 blocks,
			u16 gamma[VISP_GAMMA_POINTS], bool *tone)
{
	const struct visp_params_buffer *p;
	struct visp_3a_result res;
	struct visp_3a_config c;
	struct visp_3a *ctx;
	bool has_gamma = false;
	unsigned int off;
	struct loop l;

	loop_init(&l, t);
	sensor_config(&c, &l);
	c.params_blocks = blocks;
	ctx = visp_3a_init(&c, &res);
	CHECK(ctx);
	visp_3a_free(ctx);
	loop_free(&l);
	CHECK(!visp_params_validate(res.params, res.params_size));
	*tone = false;
	p = (const void *)res.params;
	for (off = 0; off < p->data_size;) {
		const struct visp_params_block_header *h =
			(const void *)(p->data + off);

		if (h->type == VISP_PARAMS_BLOCK_GAMMA) {
			memcpy(gamma, ((const struct visp_params_gamma *)h)->curve,
			       VISP_GAMMA_POINTS * sizeof(u16));
			has_gamma = true;
		}
		if (h->type == VISP_PARAMS_BLOCK_TONE)
			*tone = !memcmp(((const struct visp_params_tone *)h)->curve,
					t->tone, sizeof(t->tone));
		off += h->size;
	}
	return has_gamma;
}

/*
 * The tone curve reaches the drivers with the TONE block through it, the
 * others through the GAMMA block: the tuning's gamma curve, or its tone
 * curve at the GAMMA block's points when it has none (within a code of
 * the sRGB curve the gamma section holds). A tuning of before the TONE
 * block, without a tone section, still sends its gamma curve.
 */
static void test_tuned_tone(void)
{
	const u32 all = (1u << VISP_PARAMS_BLOCK_TYPE_COUNT) - 1;
	const u32 old = all & ~(1u << VISP_PARAMS_BLOCK_TONE);
	const struct visp_tuning *t = sensor_tuning();
	u16 gamma[VISP_GAMMA_POINTS];
	struct visp_tuning *copy;
	unsigned int i, worst = 0;
	bool tone;

	CHECK(t);
	copy = t ? malloc(sizeof(*copy)) : NULL;
	if (!copy)
		return;
	CHECK(!tone_blocks(t, 0, gamma, &tone) && tone);
	CHECK(!tone_blocks(t, all, gamma, &tone) && tone);
	CHECK(tone_blocks(t, old, gamma, &tone) && !tone);
	CHECK(!memcmp(gamma, t->gamma, sizeof(gamma)));

	*copy = *t;
	copy->sections &= ~VISP_TUNING_TONE;
	CHECK(tone_blocks(copy, 0, gamma, &tone) && !tone);
	CHECK(!memcmp(gamma, t->gamma, sizeof(gamma)));

	*copy = *t;
	copy->sections &= ~VISP_TUNING_GAMMA;
	memset(copy->gamma, 0, sizeof(copy->gamma));
	CHECK(tone_blocks(copy, old, gamma, &tone) && !tone);
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		if ((unsigned int)abs(gamma[i] - t->gamma[i]) > worst)
			worst = abs(gamma[i] - t->gamma[i]);
	CHECK(worst <= 1);
	free(copy);
}

/* A temporary file holding @text. */
static void write_file(char *path, const char *text)
{
	int fd;

	strcpy(path, "/tmp/visp-tuning-XXXXXX");
	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
}

/* A file of before the tone section, gamma only, still loads. */
static void test_tuning_old(void)
{
	char text[1024], path[64], err[256];
	struct visp_tuning *t;
	unsigned int i, n;

	n = snprintf(text, sizeof(text),
		     "version: 1\nalgorithms:\n- gamma:\n    curve: [");
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		n += snprintf(text + n, sizeof(text) - n, "%s%u", i ? ", " : "",
			      i * 63);
	snprintf(text + n, sizeof(text) - n, "]\n");
	write_file(path, text);
	t = visp_tuning_load(path, err, sizeof(err));
	CHECK(t && t->sections == VISP_TUNING_GAMMA);
	CHECK(t && t->gamma[64] == 64 * 63);
	if (!t)
		printf("#   %s\n", err);
	visp_tuning_free(t);
	unlink(path);
}

/* The shipped file is read, and written back byte for byte. */
static void test_tuning_good(void)
{
	const struct visp_tuning *t = sensor_tuning();
	struct visp_tuning *back;
	char path[64], err[256], cmd[256];
	int fd;

	CHECK(t);
	if (!t)
		return;
	CHECK(t->sections == (VISP_TUNING_AF * 2 - 1));
	CHECK(t->lsc_count >= 2 && t->ccm_count >= 2 && t->ct_points >= 2);
	strcpy(path, "/tmp/visp-tuning-XXXXXX");
	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	CHECK(!visp_tuning_save(t, path, err, sizeof(err)));
	snprintf(cmd, sizeof(cmd), "cmp -s %s %s", path, VISP_TUNING_FILE);
	CHECK(!system(cmd));
	back = visp_tuning_load(path, err, sizeof(err));
	CHECK(back && !memcmp(back, t, sizeof(*t)));
	visp_tuning_free(back);
	unlink(path);
	CHECK(!visp_tuning_load("/nonexistent/tuning.yaml", err, sizeof(err)));
	CHECK(errno == ENOENT);
}

/* Each malformed file is refused with the sentence naming its line. */
static void test_tuning_malformed(void)
{
	static const struct {
		const char *text;
		const char *msg;
	} cases[] = {
		{ "algorithms: []\n", ":1: the file lacks 'version'." },
		{ "version: 2\nalgorithms: []\n",
		  ":1: version 2 is not version 1." },
		{ "version: 1\nalgorithms:\n  - dpc:\n      threshold: high\n",
		  ":4: the DPC threshold is not an integer: 'high'." },
		{ "version: 1\nalgorithms:\n  - ccm:\n      matrices:\n"
		  "        - ct: 5000\n          ccm: [1, 0, 0, 0, 1, 0, 0, 0]\n",
		  ":6: the CCM has 8 values, not 9." },
		{ "version: 1\nalgorithms:\n  - awb:\n      locus:\n"
		  "        - { ct: 5000, r_g: 0.7, b_g: 0.6 }\n"
		  "        - { ct: 4000, r_g: 0.8, b_g: 0.5 }\n",
		  ":6: the locus point's ct 4000 does not increase from 5000." },
		{ "version: 1\nalgorithms:\n  - lsc:\n      tables:\n"
		  "        - ct: 5000\n          r: [1024, 1024, 1024]\n"
		  "          gr: []\n          gb: []\n          b: []\n",
		  ":6: the LSC grid has 3 values, not 221." },
		{ "version: 1\nalgorithms:\n  - agc:\n      target: 1\n",
		  ":3: 'agc' is not an algorithm of version 1." },
		{ "version: 1\nalgorithms:\n  - dpc:\n      threshold: 3\n"
		  "      thresold: 4\n",
		  ":5: the dpc section has no key 'thresold'." },
		{ "version: 1\nalgorithms:\n  - gamma:\n      curve: 5\n",
		  ":4: the gamma curve is not a list." },
		{ "version: 1\nalgorithms:\n  - tone:\n      curve: [1, 2]\n",
		  ":4: the tone curve has 2 values, not 145." },
		{ "version: 1\nalgorithms:\n  - af:\n      threshold: 0\n"
		  "      restart: 0.25\n      coarse_steps: 9\n"
		  "      fine_divisor: 4\n      contrast: 0.15\n",
		  ":4: the AF threshold is 0." },
		{ "version: 1\nalgorithms:\n  - af:\n      threshold: 16\n"
		  "      restart: 1.5\n      coarse_steps: 9\n"
		  "      fine_divisor: 4\n      contrast: 0.15\n",
		  ":5: the AF restart drop 1.5 is not within 0.01 to 0.99." },
		{ "version: 1\nalgorithms:\n  - af:\n      threshold: 16\n"
		  "      restart: 0.25\n      coarse_steps: 2\n"
		  "      fine_divisor: 4\n      contrast: 0.15\n",
		  ":6: the AF coarse steps are fewer than 3." },
		{ "version: 1\nalgorithms:\n  - af:\n      threshold: 16\n"
		  "      restart: 0.25\n      coarse_steps: 9\n"
		  "      fine_divisor: 17\n      contrast: 0.15\n",
		  ":7: the AF fine divisor 17 is above 16." },
		{ "version: 1\nalgorithms:\n  - af:\n      threshold: 16\n"
		  "      restart: 0.25\n      coarse_steps: 9\n"
		  "      fine_divisor: 4\n",
		  ":4: the af section lacks 'contrast'." },
		{ "version: 1\nalgorithms: [\n",
		  ":3: did not find expected node content." },
	};
	char path[64], err[256];
	struct visp_tuning *t;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		write_file(path, cases[i].text);
		t = visp_tuning_load(path, err, sizeof(err));
		CHECK(!t && errno == EINVAL);
		if (strncmp(err, path, strlen(path)) ||
		    strcmp(err + strlen(path), cases[i].msg)) {
			printf("#   case %u: \"%s\"\n", i, err);
			CHECK(!"the message names the file, line and fault");
		}
		visp_tuning_free(t);
		unlink(path);
	}
}

static const struct tap_test tests[] = {
	{ "2800 K, exposure 8x too low", test_2800_dark },
	{ "2800 K, exposure 8x too high", test_2800_bright },
	{ "7500 K, exposure 8x too low", test_7500_dark },
	{ "7500 K, exposure 8x too high", test_7500_bright },
	{ "AE check fails when the delays are ignored", test_delays_matter },
	{ "AF single, natural scene, lens from 0", test_af_natural_0 },
	{ "AF single, natural scene, lens from 1023", test_af_natural_1023 },
	{ "AF single, natural scene, lens near focus", test_af_natural_near },
	{ "AF single, colour checker, lens from 0", test_af_checker_0 },
	{ "AF single, colour checker, lens from 1023", test_af_checker_1023 },
	{ "AF single, colour checker, lens near focus", test_af_checker_near },
	{ "AF continuous refocuses when the scene changes",
	  test_af_continuous },
	{ "AF check fails when the lens delay is ignored",
	  test_af_delay_matters },
	{ "AF with late writes, told", test_af_late },
	{ "AF with late writes, not told: the check fails", test_af_late_matters },
	{ "AF off holds the manual position", test_af_manual },
	{ "AF settings from the tuning", test_af_tuning },
	{ "AE holds its settings once converged", test_ae_holds },
	{ "invalid arguments", test_invalid },
	{ "tuning file read and written back", test_tuning_good },
	{ "malformed tuning files refused", test_tuning_malformed },
	{ "tuning file without a tone section", test_tuning_old },
	{ "tone curve as TONE or GAMMA block, old tunings",
	  test_tuned_tone },
	{ "tuned, 2800 K: every block, AE, grey and CIEDE2000", test_tuned_2800 },
	{ "tuned, 4500 K: every block, AE, grey and CIEDE2000", test_tuned_4500 },
	{ "tuned, 7500 K: every block, AE, grey and CIEDE2000", test_tuned_7500 },
	{ "tuned: CIEDE2000 check fails with the wrong CCM",
	  test_tuned_wrong_ccm },
	{ "tuned: LSC flattens a flat field", test_tuned_flat },
};

int main(void)
{
	return tap_run("3a", tests, ARRAY_SIZE(tests));
}
