// SPDX-License-Identifier: GPL-2.0
/*
 * visp-io: camera raw files, read through LibRaw, and DNG files, written
 * through libtiff
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libraw/libraw.h>
#include <tiffio.h>

#include "visp-io-priv.h"

/* ISO speed of the sensor at a gain of 1x */
#define VISP_IO_ISO_BASE		100

/* CFA colours of the 2x2 pattern, 0 red, 1 green, 2 blue, per order */
static const uint8_t visp_io_cfa[4][4] = {
	[VISP_BAYER_RGGB] = { 0, 1, 1, 2 },
	[VISP_BAYER_GRBG] = { 1, 0, 2, 1 },
	[VISP_BAYER_GBRG] = { 1, 2, 0, 1 },
	[VISP_BAYER_BGGR] = { 2, 1, 1, 0 },
};

int visp_io_raw_read_libraw(const char *path, struct visp_io_raw *raw,
			    char *err, size_t err_size)
{
	unsigned int i, c[4], black, pitch, y;
	libraw_data_t *lr;
	const uint16_t *src;
	FILE *f;
	int ret;

	memset(raw, 0, sizeof(*raw));
	lr = libraw_init(0);
	if (!lr)
		return visp_io_fail(err, err_size, -ENOMEM,
				    "%s: LibRaw cannot start: out of memory",
				    path);
	/* LibRaw says "input/output error" for a file it cannot open. */
	f = fopen(path, "rb");
	if (!f) {
		ret = visp_io_fail(err, err_size, -errno,
				   "%s: cannot be opened: %s", path,
				   strerror(errno));
		goto out;
	}
	fclose(f);
	ret = libraw_open_file(lr, path);
	/* LibRaw tells neither from a truncated file. */
	if (ret == LIBRAW_FILE_UNSUPPORTED || ret == LIBRAW_IO_ERROR) {
		ret = visp_io_fail(err, err_size, -EINVAL,
				   "%s: not a raw file LibRaw can read, or a truncated one",
				   path);
		goto out;
	}
	if (ret) {
		ret = visp_io_fail(err, err_size, -EINVAL,
				   "%s: LibRaw cannot read it: %s", path,
				   libraw_strerror(ret));
		goto out;
	}
	ret = libraw_unpack(lr);
	if (ret) {
		ret = visp_io_fail(err, err_size, -EINVAL,
				   "%s: LibRaw cannot unpack its image: %s",
				   path, libraw_strerror(ret));
		goto out;
	}
	if (!lr->rawdata.raw_image || lr->idata.filters < 1000 ||
	    lr->idata.colors != 3) {
		ret = visp_io_fail(err, err_size, -ENOTSUP,
				   "%s: its image is not a Bayer mosaic of red, green and blue",
				   path);
		goto out;
	}

	/* The order of the 2x2 pattern's colours; LibRaw's 3 is green too. */
	for (i = 0; i < 4; i++) {
		c[i] = libraw_COLOR(lr, i / 2, i % 2);
		if (c[i] == 3)
			c[i] = 1;
	}
	for (i = 0; i < 4; i++)
		if (!memcmp(c, (unsigned int[4]){ visp_io_cfa[i][0],
			    visp_io_cfa[i][1], visp_io_cfa[i][2],
			    visp_io_cfa[i][3] }, sizeof(c)))
			break;
	if (i == 4) {
		ret = visp_io_fail(err, err_size, -ENOTSUP,
				   "%s: its CFA pattern is not one of the four Bayer orders",
				   path);
		goto out;
	}
	raw->bayer = i;

	/* One black level for the four colours. */
	black = lr->color.black + lr->color.cblack[0];
	for (i = 1; i < 4; i++)
		if (lr->color.cblack[i] != lr->color.cblack[0]) {
			ret = visp_io_fail(err, err_size, -ENOTSUP,
					   "%s: its black level differs between colours",
					   path);
			goto out;
		}
	if (lr->color.cblack[4] && lr->color.cblack[5])
		black += lr->color.cblack[6];

	raw->width = lr->sizes.width;
	raw->height = lr->sizes.height;
	raw->white_level = lr->color.maximum;
	raw->black_level = black;
	for (raw->bits = 8; raw->bits < 16 &&
	     raw->white_level >> raw->bits; raw->bits++)
		;
	if (raw->white_level >> 16 || black >= raw->white_level) {
		ret = visp_io_fail(err, err_size, -ENOTSUP,
				   "%s: its white level %u or black level %u is out of range",
				   path, raw->white_level, black);
		goto out;
	}
	raw->exposure_us = lround(lr->other.shutter * 1e6);
	raw->gain_q8 = lround(lr->other.iso_speed * 256 / VISP_IO_ISO_BASE);

	raw->data = malloc((size_t)raw->width * raw->height *
			   sizeof(*raw->data));
	if (!raw->data) {
		ret = visp_io_fail(err, err_size, -ENOMEM,
				   "%s: out of memory for a %ux%u frame", path,
				   raw->width, raw->height);
		goto out;
	}
	pitch = lr->sizes.raw_pitch / sizeof(*src);
	src = lr->rawdata.raw_image + (size_t)lr->sizes.top_margin * pitch +
	      lr->sizes.left_margin;
	for (y = 0; y < raw->height; y++)
		memcpy(raw->data + (size_t)y * raw->width, src + y * pitch,
		       raw->width * sizeof(*src));
	ret = 0;
out:
	libraw_close(lr);
	return ret;
}

static int visp_io_tiff_fail(char *err, size_t err_size, const char *path,
			     const char *what)
{
	return visp_io_fail(err, err_size, -EIO,
			    "%s: libtiff failed to write %s", path, what);
}

int visp_io_dng_write(const char *path, const struct visp_io_raw *raw,
		      const char *model, char *err, size_t err_size)
{
	static const uint8_t dng_version[4] = { 1, 4, 0, 0 };
	static const uint8_t dng_backward[4] = { 1, 1, 0, 0 };
	static const uint8_t plane_colours[3] = { 0, 1, 2 };
	static const uint16_t repeat[2] = { 2, 2 };
	uint32_t white, y;
	struct visp_io_out out;
	uint64_t exif = 0;
	uint16_t iso;
	float black;
	TIFF *tif;
	int ret;

	if (!raw->width || !raw->height || !raw->data ||
	    raw->bits < 8 || raw->bits > 16 || raw->bayer > VISP_BAYER_BGGR)
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: the frame to write is empty, not 8 to 16 bits or of no Bayer order",
				    path);
	white = raw->white_level ? raw->white_level : (1u << raw->bits) - 1;
	if (white >> raw->bits || raw->black_level >= white)
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: white level %u or black level %u of the frame do not fit its %u bits",
				    path, white, raw->black_level, raw->bits);
	ret = visp_io_out_open(&out, path, err, err_size);
	if (ret)
		return ret;
	tif = TIFFFdOpen(out.fd, out.tmp, "w");
	if (!tif) {
		visp_io_out_abort(&out, NULL);
		return visp_io_tiff_fail(err, err_size, path, "its header");
	}
	/*
	 * The exposure and the gain, as an exposure time and an ISO speed
	 * (ISO 100 at 1x, rounded), go in an EXIF IFD, written first.
	 */
	iso = (raw->gain_q8 * VISP_IO_ISO_BASE + 128) / 256;
	if (raw->exposure_us || raw->gain_q8) {
		if (TIFFCreateEXIFDirectory(tif) ||
		    (raw->exposure_us &&
		     !TIFFSetField(tif, EXIFTAG_EXPOSURETIME,
				   raw->exposure_us / 1e6)) ||
		    (raw->gain_q8 &&
		     !TIFFSetField(tif, EXIFTAG_ISOSPEEDRATINGS, 1, &iso)) ||
		    !TIFFWriteCustomDirectory(tif, &exif) ||
		    TIFFCreateDirectory(tif)) {
			ret = visp_io_tiff_fail(err, err_size, path,
						"its EXIF tags");
			goto fail;
		}
	}
	black = raw->black_level;
	if ((exif && !TIFFSetField(tif, TIFFTAG_EXIFIFD, exif)) ||
	    !TIFFSetField(tif, TIFFTAG_SUBFILETYPE, 0) ||
	    !TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, raw->width) ||
	    !TIFFSetField(tif, TIFFTAG_IMAGELENGTH, raw->height) ||
	    !TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 16) ||
	    !TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1) ||
	    !TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_NONE) ||
	    !TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_CFA) ||
	    !TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG) ||
	    !TIFFSetField(tif, TIFFTAG_ORIENTATION, ORIENTATION_TOPLEFT) ||
	    !TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP,
			  TIFFDefaultStripSize(tif, 0)) ||
	    !TIFFSetField(tif, TIFFTAG_MAKE, "VISP") ||
	    !TIFFSetField(tif, TIFFTAG_MODEL, model) ||
	    !TIFFSetField(tif, TIFFTAG_UNIQUECAMERAMODEL, model) ||
	    !TIFFSetField(tif, TIFFTAG_SOFTWARE, "visp-io") ||
	    !TIFFSetField(tif, TIFFTAG_DNGVERSION, dng_version) ||
	    !TIFFSetField(tif, TIFFTAG_DNGBACKWARDVERSION, dng_backward) ||
	    !TIFFSetField(tif, TIFFTAG_CFAREPEATPATTERNDIM, repeat) ||
	    !TIFFSetField(tif, TIFFTAG_CFAPATTERN, 4,
			  visp_io_cfa[raw->bayer]) ||
	    !TIFFSetField(tif, TIFFTAG_CFAPLANECOLOR, 3, plane_colours) ||
	    !TIFFSetField(tif, TIFFTAG_CFALAYOUT, 1) ||
	    !TIFFSetField(tif, TIFFTAG_BLACKLEVELREPEATDIM, (uint16_t[2]){ 1, 1 }) ||
	    !TIFFSetField(tif, TIFFTAG_BLACKLEVEL, 1, &black) ||
	    !TIFFSetField(tif, TIFFTAG_WHITELEVEL, 1, &white)) {
		ret = visp_io_tiff_fail(err, err_size, path, "its tags");
		goto fail;
	}
	for (y = 0; y < raw->height; y++)
		if (TIFFWriteScanline(tif, (void *)(raw->data +
				      (size_t)y * raw->width),
				      y, 0) < 0) {
			ret = visp_io_tiff_fail(err, err_size, path,
						"its samples");
			goto fail;
		}
	if (!TIFFWriteDirectory(tif)) {
		ret = visp_io_tiff_fail(err, err_size, path, "its directory");
		goto fail;
	}
	/* TIFFClose() closes the descriptor. */
	ret = TIFFFlush(tif) ? 0 : -EIO;
	TIFFClose(tif);
	out.fd = -1;
	if (ret) {
		visp_io_out_abort(&out, NULL);
		return visp_io_tiff_fail(err, err_size, path, "its end");
	}
	return visp_io_out_commit(&out, NULL, err, err_size);

fail:
	TIFFClose(tif);
	out.fd = -1;
	visp_io_out_abort(&out, NULL);
	return ret;
}
