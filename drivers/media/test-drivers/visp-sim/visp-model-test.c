// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the VISP reference model as built into the kernel: the
 * memory geometry of the input and output formats, which the simulator's
 * DMA and the driver's buffer sizes both follow.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <kunit/test.h>

#include "visp-model.h"

struct visp_geometry_case {
	const char *name;
	u8 format;
	u32 width;
	u32 height;
	unsigned int plane;
	u32 line_bytes;
	u32 lines;
};

/* Input line lengths, from the formats' definitions in the reference. */
static void visp_model_test_in_line_bytes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, visp_model_in_line_bytes(VISP_IN_TYPE_RAW8, 640), 640);
	KUNIT_EXPECT_EQ(test, visp_model_in_line_bytes(VISP_IN_TYPE_RAW10, 640), 1280);
	KUNIT_EXPECT_EQ(test, visp_model_in_line_bytes(VISP_IN_TYPE_RAW12, 34), 68);
	KUNIT_EXPECT_EQ(test, visp_model_in_line_bytes(VISP_IN_TYPE_RAW16, 4096), 8192);
	/* CSI-2 packed: 4 pixels in 5 bytes (10-bit), 2 pixels in 3 (12-bit). */
	KUNIT_EXPECT_EQ(test, visp_model_in_line_bytes(VISP_IN_TYPE_RAW10_CSI2P, 640), 800);
	KUNIT_EXPECT_EQ(test, visp_model_in_line_bytes(VISP_IN_TYPE_RAW12_CSI2P, 640), 960);
}

static void visp_model_test_in_line_bytes_bad_type(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, visp_model_in_line_bytes(VISP_IN_TYPE_RAW12_CSI2P + 1, 640), 0);
	KUNIT_EXPECT_EQ(test, visp_model_in_line_bytes(0xff, 640), 0);
}

static const struct visp_geometry_case visp_out_cases[] = {
	{ "nv12-y", VISP_OUT_FMT_NV12, 640, 480, 0, 640, 480 },
	{ "nv12-uv", VISP_OUT_FMT_NV12, 640, 480, 1, 640, 240 },
	{ "nv16-uv", VISP_OUT_FMT_NV16, 640, 480, 1, 640, 480 },
	{ "yuyv", VISP_OUT_FMT_YUYV, 320, 240, 0, 640, 240 },
	{ "yuyv-no-plane1", VISP_OUT_FMT_YUYV, 320, 240, 1, 0, 0 },
	{ "rgb24", VISP_OUT_FMT_RGB24, 100, 50, 0, 300, 50 },
	{ "xrgb32", VISP_OUT_FMT_XRGB32, 100, 50, 0, 400, 50 },
	{ "grey", VISP_OUT_FMT_GREY, 1920, 1080, 0, 1920, 1080 },
	{ "raw16", VISP_OUT_FMT_RAW16, 1920, 1080, 0, 3840, 1080 },
	{ "raw16-no-plane1", VISP_OUT_FMT_RAW16, 1920, 1080, 1, 0, 0 },
	{ "nv12-no-plane2", VISP_OUT_FMT_NV12, 640, 480, 2, 0, 0 },
	{ "unknown-format", VISP_OUT_FMT_RAW16 + 1, 640, 480, 0, 0, 0 },
};

static void visp_geometry_case_desc(const struct visp_geometry_case *c,
				    char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(visp_out, visp_out_cases, visp_geometry_case_desc);

static void visp_model_test_out_geometry(struct kunit *test)
{
	const struct visp_geometry_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, visp_model_out_line_bytes(c->format, c->width,
							c->plane),
			c->line_bytes);
	KUNIT_EXPECT_EQ(test, visp_model_out_lines(c->format, c->height,
						   c->plane),
			c->lines);
}

static void visp_model_test_out_planes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, visp_model_out_planes(VISP_OUT_FMT_NV12), 2);
	KUNIT_EXPECT_EQ(test, visp_model_out_planes(VISP_OUT_FMT_NV16), 2);
	KUNIT_EXPECT_EQ(test, visp_model_out_planes(VISP_OUT_FMT_YUYV), 1);
	KUNIT_EXPECT_EQ(test, visp_model_out_planes(VISP_OUT_FMT_RGB24), 1);
	KUNIT_EXPECT_EQ(test, visp_model_out_planes(VISP_OUT_FMT_XRGB32), 1);
	KUNIT_EXPECT_EQ(test, visp_model_out_planes(VISP_OUT_FMT_GREY), 1);
	KUNIT_EXPECT_EQ(test, visp_model_out_planes(VISP_OUT_FMT_RAW16), 1);
}

static struct kunit_case visp_model_test_cases[] = {
	KUNIT_CASE(visp_model_test_in_line_bytes),
	KUNIT_CASE(visp_model_test_in_line_bytes_bad_type),
	KUNIT_CASE_PARAM(visp_model_test_out_geometry, visp_out_gen_params),
	KUNIT_CASE(visp_model_test_out_planes),
	{}
};

static struct kunit_suite visp_model_test_suite = {
	.name = "visp-model",
	.test_cases = visp_model_test_cases,
};

kunit_test_suite(visp_model_test_suite);

MODULE_DESCRIPTION("KUnit tests for the VISP simulator and reference model");
MODULE_LICENSE("GPL");
