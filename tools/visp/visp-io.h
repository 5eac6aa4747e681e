/* SPDX-License-Identifier: GPL-2.0 */
/*
 * visp-io: the image files of visp-cam and visp-tune
 *
 * Raw Bayer frames are read from camera raw files through LibRaw (DNG and
 * the other formats LibRaw knows), from 16-bit PGM files, or from plain
 * little-endian 16-bit samples of a given size, Bayer order and depth;
 * they are written as DNG through libtiff. Processed frames are written as
 * PNG through libpng, and the 3A convergence plot is drawn with cairo.
 *
 * Every function reports a failure as a negative errno and, in @err, one
 * sentence that names the file and says what is wrong with it, fit to be
 * printed as it is.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_IO_H__
#define __VISP_IO_H__

#include <stddef.h>
#include <stdint.h>

/**
 * enum visp_io_raw_format - raw file formats
 *
 * @VISP_IO_RAW_AUTO: from the file: PGM by its "P5" magic, plain raw when
 *	the caller gave a width and a height, else LibRaw
 * @VISP_IO_RAW_LIBRAW: a camera raw file LibRaw reads (DNG, CR2, NEF...)
 * @VISP_IO_RAW_PGM: a binary PGM ("P5") file, 8 or 16 bits per sample
 * @VISP_IO_RAW_PLAIN: samples only, little-endian 16 bits each, row by row
 */
enum visp_io_raw_format {
	VISP_IO_RAW_AUTO,
	VISP_IO_RAW_LIBRAW,
	VISP_IO_RAW_PGM,
	VISP_IO_RAW_PLAIN,
};

/**
 * struct visp_io_raw_hint - what the file does not say
 *
 * A zero field is unknown. PGM and plain raw files need @bayer and @bits
 * (PGM takes its size from its header); plain raw files need @width and
 * @height too. LibRaw files ignore the hint but for @format.
 *
 * @format: one of enum visp_io_raw_format
 * @width: frame width, pixels
 * @height: frame height, pixels
 * @bits: significant bits of a sample, 8 to 16
 * @bayer: CFA order of the top left pixel, VISP_BAYER_* of
 *	<media/visp-regs.h>, plus 1 (0 is unknown)
 * @black_level: black level, in units of @bits, when the file has none
 */
struct visp_io_raw_hint {
	uint32_t format;
	uint32_t width;
	uint32_t height;
	uint32_t bits;
	uint32_t bayer;
	uint32_t black_level;
};

/**
 * struct visp_io_raw - a raw Bayer frame
 *
 * @width: width, pixels
 * @height: height, pixels
 * @bits: significant bits of a sample, 8 to 16
 * @bayer: CFA order of the top left pixel, VISP_BAYER_*
 * @black_level: black level, in units of @bits
 * @white_level: largest sample value, in units of @bits
 * @exposure_us: exposure time, microseconds, 0 if unknown
 * @gain_q8: total gain, Q8 (256 is 1x), 0 if unknown
 * @data: @width * @height samples, row by row, allocated by
 *	visp_io_raw_read() or by the caller
 */
struct visp_io_raw {
	uint32_t width;
	uint32_t height;
	uint32_t bits;
	uint32_t bayer;
	uint32_t black_level;
	uint32_t white_level;
	uint32_t exposure_us;
	uint32_t gain_q8;
	uint16_t *data;
};

/**
 * visp_io_raw_read() - read a raw Bayer frame
 * @path: file to read
 * @hint: what the file does not say, or NULL
 * @raw: filled with the frame; free @raw->data with visp_io_raw_free()
 * @err: where to write the sentence describing a failure
 * @err_size: size of @err
 *
 * Return: 0, or a negative errno: -ENOENT or another errno of open(),
 * -EINVAL for a file that is not a raw frame or a hint that is missing
 * what the file needs, -ENOTSUP for a raw file that is not a Bayer mosaic
 * (LibRaw reads Foveon and linear DNGs too).
 */
int visp_io_raw_read(const char *path, const struct visp_io_raw_hint *hint,
		     struct visp_io_raw *raw, char *err, size_t err_size);

/**
 * visp_io_raw_free() - free the samples of a frame visp_io_raw_read() read
 * @raw: the frame; its @data is set to NULL
 */
void visp_io_raw_free(struct visp_io_raw *raw);

/**
 * visp_io_dng_write() - write a raw Bayer frame as a DNG file
 * @path: file to write
 * @raw: the frame
 * @model: camera model name for the file's UniqueCameraModel tag
 * @err: where to write the sentence describing a failure
 * @err_size: size of @err
 *
 * The file is a DNG 1.4 with one uncompressed CFA image of @raw's samples
 * (16 bits), its CFA pattern, black and white levels, and the exposure
 * and gain when known; visp_io_raw_read() reads it back as it was.
 *
 * Return: 0, or a negative errno.
 */
int visp_io_dng_write(const char *path, const struct visp_io_raw *raw,
		      const char *model, char *err, size_t err_size);

/**
 * visp_io_pgm_write() - write a raw Bayer frame as a 16-bit PGM file
 * @path: file to write
 * @raw: the frame
 * @err: where to write the sentence describing a failure
 * @err_size: size of @err
 *
 * Return: 0, or a negative errno.
 */
int visp_io_pgm_write(const char *path, const struct visp_io_raw *raw,
		      char *err, size_t err_size);

/**
 * visp_io_png_write() - write an 8-bit RGB image as a PNG file
 * @path: file to write
 * @rgb: first pixel, R, G and B bytes
 * @width: width, pixels
 * @height: height, pixels
 * @stride: bytes from a line to the next
 * @err: where to write the sentence describing a failure
 * @err_size: size of @err
 *
 * Return: 0, or a negative errno.
 */
int visp_io_png_write(const char *path, const uint8_t *rgb, uint32_t width,
		      uint32_t height, uint32_t stride, char *err,
		      size_t err_size);

/**
 * visp_io_png_read() - read a PNG file as 8-bit RGB
 * @path: file to read
 * @rgb: set to the pixels, R, G and B bytes, lines of 3 * @width bytes;
 *	free() them
 * @width: set to the width, pixels
 * @height: set to the height, pixels
 * @err: where to write the sentence describing a failure
 * @err_size: size of @err
 *
 * Grey, palette, 16-bit and alpha images are converted to 8-bit RGB.
 *
 * Return: 0, or a negative errno.
 */
int visp_io_png_read(const char *path, uint8_t **rgb, uint32_t *width,
		     uint32_t *height, char *err, size_t err_size);

/**
 * struct visp_io_plot_series - a curve of a plot
 *
 * @name: legend
 * @unit: unit shown after the legend, or NULL
 * @values: one value per frame; NaN leaves a gap
 * @rgb: colour, 0xRRGGBB
 */
struct visp_io_plot_series {
	const char *name;
	const char *unit;
	const double *values;
	uint32_t rgb;
};

/* Curves of a plot, at most */
#define VISP_IO_PLOT_SERIES_MAX	8

/*
 * Layout of the plot, pixels: the title, a panel per curve, then the
 * frame axis's labels. Frame 0 is at x VISP_IO_PLOT_LEFT, the last frame
 * VISP_IO_PLOT_RIGHT from the right edge. In a panel, the legend takes
 * the top VISP_IO_PLOT_LEGEND_H lines; below them the curve's largest
 * value is at the top of the curve's area, its smallest at the bottom,
 * VISP_IO_PLOT_BOTTOM_PAD above the panel's end.
 */
#define VISP_IO_PLOT_WIDTH		800
#define VISP_IO_PLOT_TITLE_H		36
#define VISP_IO_PLOT_PANEL_H		180
#define VISP_IO_PLOT_AXIS_H		40
#define VISP_IO_PLOT_LEFT		80
#define VISP_IO_PLOT_RIGHT		24
#define VISP_IO_PLOT_LEGEND_H		28
#define VISP_IO_PLOT_BOTTOM_PAD		10
#define VISP_IO_PLOT_HEIGHT(n_series)					\
	(VISP_IO_PLOT_TITLE_H + (n_series) * VISP_IO_PLOT_PANEL_H +	\
	 VISP_IO_PLOT_AXIS_H)

/**
 * visp_io_plot_png() - draw curves against the frame number as a PNG file
 * @path: file to write
 * @title: title of the plot
 * @frames: values per curve
 * @series: the curves
 * @n_series: number of curves, 1 to VISP_IO_PLOT_SERIES_MAX
 * @err: where to write the sentence describing a failure
 * @err_size: size of @err
 *
 * Each curve gets a panel of its own, stacked vertically with a shared
 * frame axis, its own value axis scaled to its range, and its legend.
 * The image is VISP_IO_PLOT_WIDTH by VISP_IO_PLOT_HEIGHT(@n_series)
 * pixels. A curve whose values are all equal is drawn in the middle of
 * its panel's curve area; one without a value is left empty.
 *
 * Return: 0, or a negative errno.
 */
int visp_io_plot_png(const char *path, const char *title, unsigned int frames,
		     const struct visp_io_plot_series *series,
		     unsigned int n_series, char *err, size_t err_size);

#endif /* __VISP_IO_H__ */
