/* SPDX-License-Identifier: GPL-2.0 */
/*
 * visp-io: helpers shared by the files of the module
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_IO_PRIV_H__
#define __VISP_IO_PRIV_H__

#include <stdio.h>

#include <media/visp-regs.h>

#include "visp-io.h"

int visp_io_fail(char *err, size_t err_size, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/**
 * struct visp_io_out - a file being written under a temporary name
 *
 * @path: the file's final name
 * @tmp: the temporary name, in the same directory
 * @fd: the temporary file's descriptor, -1 once closed
 */
struct visp_io_out {
	const char *path;
	char *tmp;
	int fd;
};

int visp_io_out_open(struct visp_io_out *out, const char *path, char *err,
		     size_t err_size);
FILE *visp_io_out_stdio(struct visp_io_out *out, char *err, size_t err_size);
int visp_io_out_commit(struct visp_io_out *out, FILE *f, char *err,
		       size_t err_size);
void visp_io_out_abort(struct visp_io_out *out, FILE *f);

int visp_io_raw_read_libraw(const char *path, struct visp_io_raw *raw,
			    char *err, size_t err_size);

#endif /* __VISP_IO_PRIV_H__ */
