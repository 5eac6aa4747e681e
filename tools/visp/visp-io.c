// SPDX-License-Identifier: GPL-2.0
/*
 * visp-io: raw frames in PGM and plain files, the choice of a reader, and
 * the writing of files under a temporary name
 *
 * Copyright (C) 2026 The VISP authors
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "visp-io-priv.h"

/* Largest frame side the readers accept, pixels */
#define VISP_IO_DIM_MAX		16384

/* Write one sentence to @err and return @ret, a negative errno. */
int visp_io_fail(char *err, size_t err_size, int ret, const char *fmt, ...)
{
	va_list ap;

	if (err && err_size) {
		va_start(ap, fmt);
		vsnprintf(err, err_size, fmt, ap);
		va_end(ap);
	}
	return ret;
}

/*
 * Files are written under a temporary name in the directory of the final
 * one and renamed once complete, so that a failure leaves no partial file.
 */
int visp_io_out_open(struct visp_io_out *out, const char *path, char *err,
		     size_t err_size)
{
	mode_t mask;
	int ret;

	out->path = path;
	out->fd = -1;
	if (asprintf(&out->tmp, "%s.XXXXXX", path) < 0) {
		out->tmp = NULL;
		return visp_io_fail(err, err_size, -ENOMEM,
				    "%s: out of memory", path);
	}
	out->fd = mkstemp(out->tmp);
	if (out->fd < 0) {
		ret = -errno;
		free(out->tmp);
		out->tmp = NULL;
		return visp_io_fail(err, err_size, ret,
				    "%s: cannot be created: %s", path,
				    strerror(-ret));
	}
	/* mkstemp() makes the file 0600: give it the usual permissions. */
	mask = umask(0);
	umask(mask);
	if (fchmod(out->fd, 0666 & ~mask)) {
		ret = -errno;
		visp_io_out_abort(out, NULL);
		return visp_io_fail(err, err_size, ret,
				    "%s: cannot set its permissions: %s", path,
				    strerror(-ret));
	}
	return 0;
}

/* A stdio stream on the temporary file, which then owns the descriptor. */
FILE *visp_io_out_stdio(struct visp_io_out *out, char *err, size_t err_size)
{
	FILE *f = fdopen(out->fd, "wb");

	if (!f) {
		visp_io_fail(err, err_size, -errno, "%s: cannot be written: %s",
			     out->path, strerror(errno));
		visp_io_out_abort(out, NULL);
		return NULL;
	}
	out->fd = -1;
	return f;
}

/*
 * Close the temporary file, through @f if it has a stream, and give it
 * its final name; on failure, remove it.
 */
int visp_io_out_commit(struct visp_io_out *out, FILE *f, char *err,
		       size_t err_size)
{
	int ret = 0;

	if (f) {
		if (fflush(f) || ferror(f))
			ret = -errno ? -errno : -EIO;
		if (fclose(f) && !ret)
			ret = -errno;
	} else if (out->fd >= 0) {
		if (close(out->fd))
			ret = -errno;
	}
	out->fd = -1;
	if (!ret && rename(out->tmp, out->path))
		ret = -errno;
	if (ret) {
		visp_io_out_abort(out, NULL);
		return visp_io_fail(err, err_size, ret,
				    "%s: cannot be written: %s", out->path,
				    strerror(-ret));
	}
	free(out->tmp);
	out->tmp = NULL;
	return 0;
}

/* Drop a file that could not be written whole. */
void visp_io_out_abort(struct visp_io_out *out, FILE *f)
{
	if (f)
		fclose(f);
	else if (out->fd >= 0)
		close(out->fd);
	out->fd = -1;
	if (out->tmp) {
		unlink(out->tmp);
		free(out->tmp);
		out->tmp = NULL;
	}
}

/* A whole file in memory. */
static int visp_io_slurp(const char *path, uint8_t **data, size_t *size,
			 char *err, size_t err_size)
{
	struct stat st;
	size_t got;
	FILE *f;
	int ret;

	f = fopen(path, "rb");
	if (!f)
		return visp_io_fail(err, err_size, -errno,
				    "%s: cannot be opened: %s", path,
				    strerror(errno));
	if (fstat(fileno(f), &st)) {
		ret = -errno;
		fclose(f);
		return visp_io_fail(err, err_size, ret, "%s: cannot stat: %s",
				    path, strerror(-ret));
	}
	if (!S_ISREG(st.st_mode)) {
		fclose(f);
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: not a regular file", path);
	}
	*size = st.st_size;
	*data = malloc(*size ? *size : 1);
	if (!*data) {
		fclose(f);
		return visp_io_fail(err, err_size, -ENOMEM,
				    "%s: out of memory for its %zu bytes", path,
				    *size);
	}
	got = fread(*data, 1, *size, f);
	ret = ferror(f) ? -EIO : 0;
	fclose(f);
	if (ret || got != *size) {
		free(*data);
		*data = NULL;
		return visp_io_fail(err, err_size, ret ? ret : -EIO,
				    "%s: read error", path);
	}
	return 0;
}

/* Check what a PGM or plain raw file needs from the hint. */
static int visp_io_hint_check(const char *path, const char *what,
			      const struct visp_io_raw_hint *hint,
			      bool need_size, char *err, size_t err_size)
{
	if (!hint || !hint->bayer)
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: a %s file does not say its Bayer order, it must be given",
				    path, what);
	if (hint->bayer > VISP_BAYER_BGGR + 1)
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: Bayer order %u given is not one of the four",
				    path, hint->bayer - 1);
	if (!hint->bits)
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: a %s file does not say its bit depth, it must be given",
				    path, what);
	if (hint->bits < 8 || hint->bits > 16)
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: bit depth %u given is not 8 to 16",
				    path, hint->bits);
	if (hint->black_level >= 1u << hint->bits)
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: black level %u given exceeds the %u-bit range",
				    path, hint->black_level, hint->bits);
	if (need_size && (!hint->width || !hint->height))
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: a %s file does not say its size, a width and a height must be given",
				    path, what);
	if (need_size && (hint->width > VISP_IO_DIM_MAX ||
			  hint->height > VISP_IO_DIM_MAX))
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: size %ux%u given exceeds %ux%u", path,
				    hint->width, hint->height, VISP_IO_DIM_MAX,
				    VISP_IO_DIM_MAX);
	return 0;
}

/* Fill @raw's description from the hint and allocate its samples. */
static int visp_io_raw_alloc(const char *path,
			     const struct visp_io_raw_hint *hint,
			     uint32_t width, uint32_t height,
			     struct visp_io_raw *raw, char *err,
			     size_t err_size)
{
	memset(raw, 0, sizeof(*raw));
	raw->width = width;
	raw->height = height;
	raw->bits = hint->bits;
	raw->bayer = hint->bayer - 1;
	raw->black_level = hint->black_level;
	raw->white_level = (1u << hint->bits) - 1;
	raw->data = malloc((size_t)width * height * sizeof(*raw->data));
	if (!raw->data)
		return visp_io_fail(err, err_size, -ENOMEM,
				    "%s: out of memory for a %ux%u frame",
				    path, width, height);
	return 0;
}

/* Refuse samples beyond the frame's depth: the hint is likely wrong. */
static int visp_io_raw_range(const char *path, struct visp_io_raw *raw,
			     char *err, size_t err_size)
{
	size_t i, n = (size_t)raw->width * raw->height;

	for (i = 0; i < n; i++)
		if (raw->data[i] > raw->white_level) {
			visp_io_fail(err, err_size, -EINVAL,
				     "%s: sample %u at (%zu, %zu) exceeds the %u-bit range",
				     path, raw->data[i], i % raw->width,
				     i / raw->width, raw->bits);
			visp_io_raw_free(raw);
			return -EINVAL;
		}
	return 0;
}

/* A decimal number of a PNM header, after white space and comments. */
static int visp_io_pgm_field(const uint8_t *data, size_t size, size_t *pos,
			     uint32_t *value)
{
	uint64_t v = 0;
	size_t digits = 0;

	for (;;) {
		while (*pos < size && isspace(data[*pos]))
			(*pos)++;
		if (*pos < size && data[*pos] == '#') {
			while (*pos < size && data[*pos] != '\n')
				(*pos)++;
			continue;
		}
		break;
	}
	while (*pos < size && isdigit(data[*pos]) && v <= UINT32_MAX) {
		v = v * 10 + data[(*pos)++] - '0';
		digits++;
	}
	if (!digits || v > UINT32_MAX)
		return -EINVAL;
	*value = v;
	return 0;
}

static int visp_io_pgm_read(const char *path,
			    const struct visp_io_raw_hint *hint,
			    const uint8_t *data, size_t size,
			    struct visp_io_raw *raw, char *err, size_t err_size)
{
	uint32_t width, height, maxval, bps;
	size_t pos = 2, i, n, need;
	int ret;

	if (size < 2 || data[0] != 'P' || data[1] != '5')
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: not a binary PGM file (no P5 magic)",
				    path);
	ret = visp_io_hint_check(path, "PGM", hint, false, err, err_size);
	if (ret)
		return ret;
	if (visp_io_pgm_field(data, size, &pos, &width) ||
	    visp_io_pgm_field(data, size, &pos, &height) ||
	    visp_io_pgm_field(data, size, &pos, &maxval) ||
	    pos >= size || !isspace(data[pos]))
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: PGM header is malformed", path);
	pos++;
	if (!width || !height || width > VISP_IO_DIM_MAX ||
	    height > VISP_IO_DIM_MAX)
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: PGM size %ux%u is not 1x1 to %ux%u",
				    path, width, height, VISP_IO_DIM_MAX,
				    VISP_IO_DIM_MAX);
	if (!maxval || maxval > 65535)
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: PGM maximum value %u is not 1 to 65535",
				    path, maxval);
	bps = maxval < 256 ? 1 : 2;
	n = (size_t)width * height;
	need = n * bps;
	if (size - pos < need)
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: %zu bytes of samples, a %ux%u %u-byte PGM needs %zu",
				    path, size - pos, width, height, bps,
				    need);
	ret = visp_io_raw_alloc(path, hint, width, height, raw, err,
				err_size);
	if (ret)
		return ret;
	data += pos;
	for (i = 0; i < n; i++)
		raw->data[i] = bps == 1 ? data[i] :
			(uint16_t)(data[2 * i] << 8 | data[2 * i + 1]);
	return visp_io_raw_range(path, raw, err, err_size);
}

static int visp_io_plain_read(const char *path,
			      const struct visp_io_raw_hint *hint,
			      const uint8_t *data, size_t size,
			      struct visp_io_raw *raw, char *err,
			      size_t err_size)
{
	size_t i, n, need;
	int ret;

	ret = visp_io_hint_check(path, "plain raw", hint, true, err,
				 err_size);
	if (ret)
		return ret;
	n = (size_t)hint->width * hint->height;
	need = n * 2;
	if (size != need)
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: %zu bytes, a %ux%u 16-bit frame needs %zu",
				    path, size, hint->width, hint->height,
				    need);
	ret = visp_io_raw_alloc(path, hint, hint->width, hint->height, raw,
				err, err_size);
	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		raw->data[i] = data[2 * i] | data[2 * i + 1] << 8;
	return visp_io_raw_range(path, raw, err, err_size);
}

int visp_io_raw_read(const char *path, const struct visp_io_raw_hint *hint,
		     struct visp_io_raw *raw, char *err, size_t err_size)
{
	uint32_t format = hint ? hint->format : VISP_IO_RAW_AUTO;
	uint8_t *data = NULL;
	size_t size = 0;
	int ret;

	memset(raw, 0, sizeof(*raw));
	if (format > VISP_IO_RAW_PLAIN)
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: raw format %u given is unknown", path,
				    format);
	if (format == VISP_IO_RAW_LIBRAW)
		return visp_io_raw_read_libraw(path, raw, err, err_size);

	ret = visp_io_slurp(path, &data, &size, err, err_size);
	if (ret)
		return ret;
	if (!size) {
		free(data);
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: empty file, not a raw frame", path);
	}
	if (format == VISP_IO_RAW_AUTO) {
		if (size >= 2 && data[0] == 'P' && data[1] == '5')
			format = VISP_IO_RAW_PGM;
		else if (hint && (hint->width || hint->height))
			format = VISP_IO_RAW_PLAIN;
		else
			format = VISP_IO_RAW_LIBRAW;
	}
	switch (format) {
	case VISP_IO_RAW_PGM:
		ret = visp_io_pgm_read(path, hint, data, size, raw, err,
				       err_size);
		break;
	case VISP_IO_RAW_PLAIN:
		ret = visp_io_plain_read(path, hint, data, size, raw, err,
					 err_size);
		break;
	default:
		ret = visp_io_raw_read_libraw(path, raw, err, err_size);
		break;
	}
	free(data);
	return ret;
}

void visp_io_raw_free(struct visp_io_raw *raw)
{
	free(raw->data);
	raw->data = NULL;
}

int visp_io_pgm_write(const char *path, const struct visp_io_raw *raw,
		      char *err, size_t err_size)
{
	struct visp_io_out out;
	size_t i, n;
	uint32_t maxval;
	FILE *f;
	int ret;

	if (!raw->width || !raw->height || !raw->data ||
	    raw->bits < 8 || raw->bits > 16)
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: the frame to write is empty or not 8 to 16 bits",
				    path);
	ret = visp_io_out_open(&out, path, err, err_size);
	if (ret)
		return ret;
	f = visp_io_out_stdio(&out, err, err_size);
	if (!f)
		return -EIO;
	/* One byte a sample at 8 bits, two (big-endian) above. */
	maxval = (1u << raw->bits) - 1;
	fprintf(f, "P5\n%u %u\n%u\n", raw->width, raw->height, maxval);
	n = (size_t)raw->width * raw->height;
	for (i = 0; i < n; i++) {
		if (raw->bits > 8)
			putc(raw->data[i] >> 8, f);
		putc(raw->data[i] & 0xff, f);
	}
	return visp_io_out_commit(&out, f, err, err_size);
}
