// SPDX-License-Identifier: GPL-2.0
/*
 * libvisp unit tests: what of the capture pipeline (visp-pipeline.c) runs
 * without the device: opening something that is not the visp media device
 * fails with one sentence naming it. The VM test visp-cam streams through
 * the driver.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static void open_missing(void)
{
	struct visp_pipeline *pl = (void *)1;
	char err[256] = "";

	T_EQ(visp_pipeline_open("/nonexistent/media9", &pl, err, sizeof(err)),
	     -ENOENT);
	T_TRUE(pl == NULL);
	T_TRUE(strstr(err, "/nonexistent/media9") != NULL);
	T_TRUE(strchr(err, '\n') == NULL);
}

static void open_not_media(void)
{
	char path[] = "/tmp/visp-capture-XXXXXX";
	struct visp_pipeline *pl = (void *)1;
	char err[256] = "";
	int fd = mkstemp(path);

	T_TRUE(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	T_EQ(visp_pipeline_open(path, &pl, err, sizeof(err)), -ENODEV);
	T_TRUE(pl == NULL);
	T_TRUE(strstr(err, "is not the media device of visp") != NULL);
	unlink(path);
}

static void close_null(void)
{
	visp_pipeline_close(NULL);
	T_TRUE(1);
}

const struct tcase capture_tests[] = {
	{ "capture: open a missing media device", open_missing },
	{ "capture: open a file that is no media device", open_not_media },
	{ "capture: close NULL", close_null },
	{ NULL, NULL },
};
