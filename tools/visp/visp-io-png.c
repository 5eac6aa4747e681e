// SPDX-License-Identifier: GPL-2.0
/*
 * visp-io: PNG files, through libpng's simplified API
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "visp-io-priv.h"

int visp_io_png_write(const char *path, const uint8_t *rgb, uint32_t width,
		      uint32_t height, uint32_t stride, char *err,
		      size_t err_size)
{
	struct visp_io_out out;
	png_image image;
	FILE *f;
	int ret;

	if (!rgb || !width || !height || stride < 3ull * width ||
	    stride > INT32_MAX)
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: the image to write is empty or its stride is shorter than its lines",
				    path);
	ret = visp_io_out_open(&out, path, err, err_size);
	if (ret)
		return ret;
	f = visp_io_out_stdio(&out, err, err_size);
	if (!f)
		return -EIO;

	memset(&image, 0, sizeof(image));
	image.version = PNG_IMAGE_VERSION;
	image.width = width;
	image.height = height;
	image.format = PNG_FORMAT_RGB;
	if (!png_image_write_to_stdio(&image, f, 0, rgb, stride, NULL)) {
		visp_io_fail(err, err_size, -EIO, "%s: libpng failed: %s",
			     path, image.message);
		png_image_free(&image);
		visp_io_out_abort(&out, f);
		return -EIO;
	}
	return visp_io_out_commit(&out, f, err, err_size);
}

int visp_io_png_read(const char *path, uint8_t **rgb, uint32_t *width,
		     uint32_t *height, char *err, size_t err_size)
{
	png_image image;
	uint8_t *px;
	FILE *f;

	*rgb = NULL;
	f = fopen(path, "rb");
	if (!f)
		return visp_io_fail(err, err_size, -errno,
				    "%s: cannot be opened: %s", path,
				    strerror(errno));
	memset(&image, 0, sizeof(image));
	image.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_stdio(&image, f)) {
		fclose(f);
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: not a PNG file libpng can read: %s",
				    path, image.message);
	}
	image.format = PNG_FORMAT_RGB;
	/*
	 * Without a background colour, libpng composes alpha onto the
	 * buffer: black.
	 */
	px = calloc(1, PNG_IMAGE_SIZE(image));
	if (!px) {
		png_image_free(&image);
		fclose(f);
		return visp_io_fail(err, err_size, -ENOMEM,
				    "%s: out of memory for a %ux%u image", path,
				    image.width, image.height);
	}
	if (!png_image_finish_read(&image, NULL, px, 0, NULL)) {
		free(px);
		fclose(f);
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: PNG data is damaged: %s", path,
				    image.message);
	}
	fclose(f);
	*rgb = px;
	*width = image.width;
	*height = image.height;
	return 0;
}
