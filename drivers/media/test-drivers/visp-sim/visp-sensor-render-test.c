// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the simulated sensor's frame renderer as built into the
 * kernel: test patterns, flips, reproducible noise, black level and
 * defective pixels, scene files, and the checksums of the reference
 * frames of visp-sensor-render-test.h, which the host tests check too.
 *
 * The renderer's source is compiled into this test module, so that the
 * module does not depend on the one the sensor's driver links it into.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <kunit/test.h>

#include "visp-sensor-render.c"
#include "visp-sensor-render-test.h"

#define VISP_RT_W	VISP_RENDER_TEST_W
#define VISP_RT_H	VISP_RENDER_TEST_H

static const struct visp_render_cfg visp_rt_cfg = {
	.crop_x = 1400,
	.crop_y = 480,
	.crop_w = VISP_RT_W,
	.crop_h = VISP_RT_H,
	.bin = 1,
	.bits = 12,
	.exposure_us = 5000,
	.again = 256,
	.dgain = 256,
	.focus = VISP_RENDER_BUILTIN_IN_FOCUS,
	.seed = 1,
	.illuminant = 6500,
};

/* Renders a frame of at most VISP_RT_W x VISP_RT_H, @stride VISP_RT_W. */
static int visp_rt_render(struct kunit *test,
			  const struct visp_render_scene *scene,
			  const struct visp_render_cfg *cfg, u16 *out)
{
	size_t size = visp_render_scratch_size(cfg);
	void *scratch;

	KUNIT_ASSERT_NE(test, size, 0);
	scratch = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, scratch);
	return visp_render_frame(scene, cfg, out, VISP_RT_W, scratch, size);
}

static u16 *visp_rt_frame(struct kunit *test)
{
	u16 *out = kunit_kcalloc(test, VISP_RT_W * VISP_RT_H, sizeof(u16),
				 GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, out);
	return out;
}

static void visp_render_test_patterns(struct kunit *test)
{
	struct visp_render_cfg cfg = visp_rt_cfg;
	struct visp_render_scene scene;
	u16 *out = visp_rt_frame(test);
	u32 x;

	visp_render_scene_builtin(&scene, VISP_RENDER_SCENE_NATURAL);
	cfg.pattern = VISP_RENDER_PATTERN_COLOUR_BARS;
	cfg.hflip = true;
	KUNIT_ASSERT_EQ(test, visp_rt_render(test, &scene, &cfg, out), 0);
	/* GRBG: the first line is G R G R; bars of 16 samples */
	for (x = 0; x < VISP_RT_W; x++) {
		u32 bar = x / 16;
		bool on = x & 1 ? !(bar & 2) : bar < 4;

		KUNIT_EXPECT_EQ(test, out[x], on ? 4095 : 0);
	}
	cfg.pattern = VISP_RENDER_PATTERN_GRADIENT;
	cfg.bits = 10;
	KUNIT_ASSERT_EQ(test, visp_rt_render(test, &scene, &cfg, out), 0);
	KUNIT_EXPECT_EQ(test, out[0], 0);
	KUNIT_EXPECT_EQ(test, out[64], (64 * 1023 + 63) / 127);
	KUNIT_EXPECT_EQ(test, out[VISP_RT_W * (VISP_RT_H - 1) + 127], 1023);
}

static void visp_render_test_flips(struct kunit *test)
{
	struct visp_render_cfg cfg = visp_rt_cfg;
	struct visp_render_scene scene;
	u16 *ref = visp_rt_frame(test), *out = visp_rt_frame(test);
	u32 x, y, bad = 0;

	visp_render_scene_builtin(&scene, VISP_RENDER_SCENE_NATURAL);
	KUNIT_ASSERT_EQ(test, visp_rt_render(test, &scene, &cfg, ref), 0);
	cfg.hflip = true;
	cfg.vflip = true;
	KUNIT_EXPECT_EQ(test, visp_render_bayer(&cfg), VISP_BAYER_BGGR);
	KUNIT_ASSERT_EQ(test, visp_rt_render(test, &scene, &cfg, out), 0);
	for (y = 0; y < VISP_RT_H; y++)
		for (x = 0; x < VISP_RT_W; x++)
			bad += out[y * VISP_RT_W + x] !=
			       ref[(VISP_RT_H - 1 - y) * VISP_RT_W +
				   VISP_RT_W - 1 - x];
	KUNIT_EXPECT_EQ(test, bad, 0);
}

static void visp_render_test_noise(struct kunit *test)
{
	struct visp_render_cfg cfg = visp_rt_cfg;
	struct visp_render_scene scene;
	u16 *a = visp_rt_frame(test), *b = visp_rt_frame(test);
	u32 i, diff = 0;

	visp_render_scene_builtin(&scene, VISP_RENDER_SCENE_GREY_RAMP);
	cfg.sequence = 5;
	KUNIT_ASSERT_EQ(test, visp_rt_render(test, &scene, &cfg, a), 0);
	KUNIT_ASSERT_EQ(test, visp_rt_render(test, &scene, &cfg, b), 0);
	KUNIT_EXPECT_EQ(test, memcmp(a, b, VISP_RT_W * VISP_RT_H * 2), 0);
	cfg.sequence = 6;
	KUNIT_ASSERT_EQ(test, visp_rt_render(test, &scene, &cfg, b), 0);
	for (i = 0; i < VISP_RT_W * VISP_RT_H; i++)
		diff += a[i] != b[i];
	KUNIT_EXPECT_GT(test, diff, VISP_RT_W * VISP_RT_H * 8 / 10);
}

static void visp_render_test_dark(struct kunit *test)
{
	struct visp_render_cfg cfg = visp_rt_cfg;
	struct visp_render_defect d;
	struct visp_render_scene scene;
	u16 *out = visp_rt_frame(test);
	u32 i, sum = 0;

	visp_render_scene_builtin(&scene, VISP_RENDER_SCENE_NATURAL);
	cfg.exposure_us = 0;
	cfg.bits = 10;
	KUNIT_ASSERT_EQ(test, visp_rt_render(test, &scene, &cfg, out), 0);
	for (i = 0; i < VISP_RT_W * VISP_RT_H; i++)
		sum += out[i];
	/* 64 at 10 bits; the read noise is a quarter of a code rms */
	KUNIT_EXPECT_EQ(test, (sum + VISP_RT_W * VISP_RT_H / 2) /
			(VISP_RT_W * VISP_RT_H), 64);

	/* The first hot and the first dead pixel, in a lit frame */
	cfg.exposure_us = 2000;
	cfg.bits = 12;
	cfg.crop_w = 2;
	cfg.crop_h = 2;
	for (i = 0; i < 2; i++) {
		visp_render_defect(i, &d);
		cfg.crop_x = d.x & ~1;
		cfg.crop_y = d.y & ~1;
		KUNIT_ASSERT_EQ(test,
				visp_rt_render(test, &scene, &cfg, out), 0);
		KUNIT_EXPECT_EQ(test, out[(d.y & 1) * VISP_RT_W + (d.x & 1)],
				d.hot ? 4095 : 256);
	}
}

static void visp_render_test_scene_file(struct kunit *test)
{
	static const u8 file[VISP_RENDER_SCENE_HDR_SIZE + 12] = {
		'V', 'S', 'C', 'N', 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0,
		0x20, 0, 0, 0, 0, 0, 0, 0,
		0x10, 0x27, 0x20, 0x4e, 0x30, 0x75,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	struct visp_render_scene scene;
	u8 *bad = kunit_kzalloc(test, sizeof(file), GFP_KERNEL);
	u32 rgb[3];
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, bad);
	memcpy(bad, file, sizeof(file));
	KUNIT_ASSERT_EQ(test, visp_render_scene_parse(&scene, file,
						      sizeof(file)), 0);
	KUNIT_EXPECT_EQ(test, scene.width, 2);
	KUNIT_EXPECT_EQ(test, scene.height, 1);
	KUNIT_EXPECT_EQ(test, scene.in_focus, 32);
	visp_render_scene_rgb(&scene, 959, 1079, rgb);
	KUNIT_EXPECT_EQ(test, rgb[0], 10000);
	KUNIT_EXPECT_EQ(test, rgb[2], 30000);
	visp_render_scene_rgb(&scene, 960, 0, rgb);
	KUNIT_EXPECT_EQ(test, rgb[1], 65535);

	KUNIT_EXPECT_EQ(test, visp_render_scene_parse(&scene, file,
						      sizeof(file) - 1),
			-EINVAL);
	/* Any change of a byte of the header but the focus' low byte */
	for (i = 0; i < VISP_RENDER_SCENE_HDR_SIZE; i++) {
		if (i == 16)
			continue;
		bad[i] ^= 0x40;
		KUNIT_EXPECT_EQ(test, visp_render_scene_parse(&scene, bad,
							      sizeof(file)),
				-EINVAL);
		bad[i] ^= 0x40;
	}
}

/*
 * The reference frames of visp-sensor-render-test.h, whose checksums the
 * host tests check too: the kernel's build renders what the host's does.
 */
static void visp_render_test_checksum(struct kunit *test)
{
	const struct visp_render_test_frame *t;
	struct visp_render_scene scene;
	u16 *out = visp_rt_frame(test);
	unsigned int i;
	u32 w, h;

	for (i = 0; i < ARRAY_SIZE(visp_render_test_frames); i++) {
		t = &visp_render_test_frames[i];
		w = t->cfg.crop_w / t->cfg.bin;
		h = t->cfg.crop_h / t->cfg.bin;
		KUNIT_ASSERT_LE(test, w, VISP_RT_W);
		KUNIT_ASSERT_LE(test, h, VISP_RT_H);
		KUNIT_ASSERT_EQ(test, visp_render_scene_builtin(&scene,
								t->scene), 0);
		KUNIT_ASSERT_EQ(test, visp_rt_render(test, &scene, &t->cfg,
						     out), 0);
		KUNIT_EXPECT_EQ_MSG(test, visp_render_checksum(out, w, h,
							       VISP_RT_W),
				    t->sum, "reference frame %u", i);
	}
}

static struct kunit_case visp_render_test_cases[] = {
	KUNIT_CASE(visp_render_test_patterns),
	KUNIT_CASE(visp_render_test_flips),
	KUNIT_CASE(visp_render_test_noise),
	KUNIT_CASE(visp_render_test_dark),
	KUNIT_CASE(visp_render_test_scene_file),
	KUNIT_CASE(visp_render_test_checksum),
	{}
};

static struct kunit_suite visp_render_test_suite = {
	.name = "visp-sensor-render",
	.test_cases = visp_render_test_cases,
};

kunit_test_suite(visp_render_test_suite);
