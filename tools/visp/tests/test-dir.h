/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The temporary directory of a host test program of tools/visp: its files
 * by name, and tap_run() with the directory made before and removed after.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_TESTS_TEST_DIR_H__
#define __VISP_TESTS_TEST_DIR_H__

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap-run.h"

static char dir[64];

/* The path of file @name in the directory; the last 8 stay valid. */
static const char *path_of(const char *name)
{
	static char path[8][128];
	static unsigned int i;

	i = (i + 1) % ARRAY_SIZE(path);
	snprintf(path[i], sizeof(path[i]), "%s/%s", dir, name);
	return path[i];
}

static void remove_dir(void)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' || strlen(de->d_name) > 2)
			unlink(path_of(de->d_name));
	if (d)
		closedir(d);
	rmdir(dir);
}

/* tap_run() in a new directory /tmp/visp-@name-test.XXXXXX. */
static inline int tap_run_in_dir(const char *name,
				 const struct tap_test *tests, size_t n)
{
	int ret;

	snprintf(dir, sizeof(dir), "/tmp/visp-%s-test.XXXXXX", name);
	if (!mkdtemp(dir)) {
		printf("Bail out! cannot create a directory in /tmp\n");
		return EXIT_FAILURE;
	}
	ret = tap_run(name, tests, n);
	remove_dir();
	return ret;
}

#endif /* __VISP_TESTS_TEST_DIR_H__ */
