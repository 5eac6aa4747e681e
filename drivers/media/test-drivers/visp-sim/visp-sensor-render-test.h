/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reference frames of the simulated sensor's renderer: the KUnit suite
 * (visp-sensor-render-test.c) and the host tests
 * (tools/lib/visp/tests/test-render.c) both render them and check their
 * checksums, so that the kernel's build of the renderer is known to give
 * the frames the host predicts.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_SENSOR_RENDER_TEST_H__
#define __VISP_SENSOR_RENDER_TEST_H__

#include "visp-sensor-render.h"

/* Samples of a reference frame, at most */
#define VISP_RENDER_TEST_W	128
#define VISP_RENDER_TEST_H	64

/**
 * struct visp_render_test_frame - a reference frame
 *
 * @scene: built-in scene, enum visp_render_scene_id
 * @cfg: settings, for an output of at most VISP_RENDER_TEST_W x
 *	VISP_RENDER_TEST_H samples
 * @sum: visp_render_checksum() of the frame
 */
struct visp_render_test_frame {
	u32 scene;
	struct visp_render_cfg cfg;
	u32 sum;
};

static const struct visp_render_test_frame visp_render_test_frames[] = {
	/* The resolution chart of the natural scene, slightly defocused */
	{
		.scene = VISP_RENDER_SCENE_NATURAL,
		.cfg = {
			.crop_x = 1400, .crop_y = 480, .crop_w = 128,
			.crop_h = 64, .bin = 1, .bits = 12,
			.exposure_us = 5000, .again = 256, .dgain = 256,
			.focus = 600, .seed = 1, .sequence = 3,
			.illuminant = 6500,
		},
		.sum = 0x64ebafb8,
	},
	/* Colour checker patches: binned, flipped, gains, warm light */
	{
		.scene = VISP_RENDER_SCENE_COLOUR_CHECKER,
		.cfg = {
			.crop_x = 360, .crop_y = 280, .crop_w = 256,
			.crop_h = 128, .bin = 2, .bits = 10, .vflip = true,
			.exposure_us = 5000, .again = 700, .dgain = 300,
			.focus = 100, .seed = 1, .sequence = 3,
			.illuminant = 3000,
		},
		.sum = 0x8504b6b3,
	},
};

#endif /* __VISP_SENSOR_RENDER_TEST_H__ */
