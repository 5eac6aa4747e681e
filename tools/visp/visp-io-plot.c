// SPDX-License-Identifier: GPL-2.0
/*
 * visp-io: the convergence plot, drawn with cairo
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>

#include "visp-io-priv.h"

#define PLOT_FONT		"sans-serif"
#define PLOT_GRID_RGB		0xdddddd
#define PLOT_FRAME_RGB		0x404040
#define PLOT_TEXT_RGB		0x202020

/* Curve area of a panel, pixels */
#define PLOT_X0		VISP_IO_PLOT_LEFT
#define PLOT_X1		(VISP_IO_PLOT_WIDTH - VISP_IO_PLOT_RIGHT)

static void plot_rgb(cairo_t *cr, uint32_t rgb)
{
	cairo_set_source_rgb(cr, (rgb >> 16 & 0xff) / 255.0,
			     (rgb >> 8 & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

/* A step of 1, 2 or 5 times a power of ten giving about @n ticks. */
static double plot_step(double range, unsigned int n)
{
	double raw = range / n, p = pow(10, floor(log10(raw))), m = raw / p;

	return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

static void plot_text(cairo_t *cr, double x, double y, double align,
		      const char *text)
{
	cairo_text_extents_t te;

	cairo_text_extents(cr, text, &te);
	cairo_move_to(cr, x - align * te.x_advance, y);
	cairo_show_text(cr, text);
}

static double plot_x(unsigned int i, unsigned int frames)
{
	if (frames < 2)
		return (PLOT_X0 + PLOT_X1) / 2.0;
	return PLOT_X0 + (double)(PLOT_X1 - PLOT_X0) * i / (frames - 1);
}

/* The frame axis: vertical grid lines through every panel, labels below. */
static void plot_frame_axis(cairo_t *cr, unsigned int frames,
			    unsigned int n_series)
{
	double top = VISP_IO_PLOT_TITLE_H;
	double bottom = top + n_series * VISP_IO_PLOT_PANEL_H;
	double step = frames > 1 ? plot_step(frames - 1, 10) : 1;
	char label[32];
	double f, x;

	if (step < 1)
		step = 1;
	cairo_set_font_size(cr, 12);
	for (f = 0; f <= frames - 1 + 1e-9; f += step) {
		x = frames > 1 ? PLOT_X0 + (PLOT_X1 - PLOT_X0) * f /
				 (frames - 1) : plot_x(0, 1);
		x = floor(x) + 0.5;
		plot_rgb(cr, PLOT_GRID_RGB);
		cairo_move_to(cr, x, top);
		cairo_line_to(cr, x, bottom);
		cairo_stroke(cr);
		plot_rgb(cr, PLOT_FRAME_RGB);
		cairo_move_to(cr, x, bottom);
		cairo_line_to(cr, x, bottom + 5);
		cairo_stroke(cr);
		plot_rgb(cr, PLOT_TEXT_RGB);
		snprintf(label, sizeof(label), "%.0f", f);
		plot_text(cr, x, bottom + 18, 0.5, label);
	}
	plot_text(cr, (PLOT_X0 + PLOT_X1) / 2.0,
		  bottom + VISP_IO_PLOT_AXIS_H - 6, 0.5, "frame");
}

static void plot_panel(cairo_t *cr, unsigned int k, unsigned int frames,
		       const struct visp_io_plot_series *s)
{
	double top = VISP_IO_PLOT_TITLE_H + k * VISP_IO_PLOT_PANEL_H;
	double y0 = top + VISP_IO_PLOT_LEGEND_H;
	double y1 = top + VISP_IO_PLOT_PANEL_H - VISP_IO_PLOT_BOTTOM_PAD;
	double lo = INFINITY, hi = -INFINITY, step, v, y;
	bool pen = false, have;
	char label[96];
	unsigned int i;

	for (i = 0; i < frames; i++)
		if (!isnan(s->values[i])) {
			lo = fmin(lo, s->values[i]);
			hi = fmax(hi, s->values[i]);
		}
	have = lo <= hi;

	/* The panel's box and its value axis */
	plot_rgb(cr, PLOT_FRAME_RGB);
	cairo_rectangle(cr, PLOT_X0 - 8.5, top + 0.5,
			PLOT_X1 - PLOT_X0 + 16, VISP_IO_PLOT_PANEL_H - 1);
	cairo_stroke(cr);
	cairo_set_font_size(cr, 11);
	if (have && hi > lo) {
		step = plot_step(hi - lo, 4);
		for (v = ceil(lo / step) * step; v <= hi + step * 1e-9;
		     v += step) {
			y = floor(y1 - (v - lo) / (hi - lo) * (y1 - y0)) + 0.5;
			plot_rgb(cr, PLOT_GRID_RGB);
			cairo_move_to(cr, PLOT_X0 - 8, y);
			cairo_line_to(cr, PLOT_X1 + 8, y);
			cairo_stroke(cr);
			plot_rgb(cr, PLOT_TEXT_RGB);
			snprintf(label, sizeof(label), "%g",
				 fabs(v) < step * 1e-9 ? 0 : v);
			plot_text(cr, PLOT_X0 - 12, y + 4, 1, label);
		}
	} else if (have) {
		plot_rgb(cr, PLOT_TEXT_RGB);
		snprintf(label, sizeof(label), "%g", lo);
		plot_text(cr, PLOT_X0 - 12, (y0 + y1) / 2 + 4, 1, label);
	}

	/* The legend: a stroke of the curve's colour, its name and unit */
	plot_rgb(cr, s->rgb);
	cairo_set_line_width(cr, 2);
	cairo_move_to(cr, PLOT_X0, top + 15);
	cairo_line_to(cr, PLOT_X0 + 24, top + 15);
	cairo_stroke(cr);
	plot_rgb(cr, PLOT_TEXT_RGB);
	cairo_set_font_size(cr, 13);
	snprintf(label, sizeof(label), "%s%s%s%s", s->name,
		 s->unit ? " (" : "", s->unit ? s->unit : "",
		 s->unit ? ")" : "");
	plot_text(cr, PLOT_X0 + 32, top + 19, 0, label);

	/* The curve, broken where a value is missing */
	plot_rgb(cr, s->rgb);
	for (i = 0; have && i < frames; i++) {
		if (isnan(s->values[i])) {
			pen = false;
			continue;
		}
		y = hi > lo ? y1 - (s->values[i] - lo) / (hi - lo) * (y1 - y0) :
			(y0 + y1) / 2;
		if (pen) {
			cairo_line_to(cr, plot_x(i, frames), y);
			continue;
		}
		/* A value alone between gaps is a dot. */
		if (i + 1 >= frames || isnan(s->values[i + 1])) {
			cairo_new_sub_path(cr);
			cairo_arc(cr, plot_x(i, frames), y, 2.5, 0, 2 * M_PI);
			cairo_fill(cr);
			continue;
		}
		cairo_move_to(cr, plot_x(i, frames), y);
		pen = true;
	}
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 1);
}

static cairo_status_t plot_write(void *closure, const unsigned char *data,
				 unsigned int length)
{
	return fwrite(data, 1, length, closure) == length ?
		CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int visp_io_plot_png(const char *path, const char *title, unsigned int frames,
		     const struct visp_io_plot_series *series,
		     unsigned int n_series, char *err, size_t err_size)
{
	cairo_surface_t *surface;
	cairo_status_t status;
	struct visp_io_out out;
	unsigned int k;
	cairo_t *cr;
	FILE *f;
	int ret;

	if (!frames || !series || !n_series ||
	    n_series > VISP_IO_PLOT_SERIES_MAX)
		return visp_io_fail(err, err_size, -EINVAL,
				    "%s: a plot needs frames and 1 to %u curves",
				    path, VISP_IO_PLOT_SERIES_MAX);
	for (k = 0; k < n_series; k++)
		if (!series[k].values || !series[k].name)
			return visp_io_fail(err, err_size, -EINVAL,
					    "%s: curve %u of the plot has no values or no name",
					    path, k);

	surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
					     VISP_IO_PLOT_WIDTH,
					     VISP_IO_PLOT_HEIGHT(n_series));
	cr = cairo_create(surface);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_select_font_face(cr, PLOT_FONT, CAIRO_FONT_SLANT_NORMAL,
			       CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_line_width(cr, 1);

	plot_frame_axis(cr, frames, n_series);
	for (k = 0; k < n_series; k++)
		plot_panel(cr, k, frames, &series[k]);
	if (title) {
		plot_rgb(cr, PLOT_TEXT_RGB);
		cairo_select_font_face(cr, PLOT_FONT, CAIRO_FONT_SLANT_NORMAL,
				       CAIRO_FONT_WEIGHT_BOLD);
		cairo_set_font_size(cr, 16);
		plot_text(cr, VISP_IO_PLOT_WIDTH / 2.0, 24, 0.5, title);
	}
	status = cairo_status(cr);
	cairo_destroy(cr);
	if (status) {
		cairo_surface_destroy(surface);
		return visp_io_fail(err, err_size, -EIO,
				    "%s: cairo failed to draw the plot: %s",
				    path, cairo_status_to_string(status));
	}

	ret = visp_io_out_open(&out, path, err, err_size);
	if (ret) {
		cairo_surface_destroy(surface);
		return ret;
	}
	f = visp_io_out_stdio(&out, err, err_size);
	if (!f) {
		cairo_surface_destroy(surface);
		return -EIO;
	}
	status = cairo_surface_write_to_png_stream(surface, plot_write, f);
	cairo_surface_destroy(surface);
	if (status) {
		visp_io_out_abort(&out, f);
		return visp_io_fail(err, err_size, -EIO,
				    "%s: cairo failed to write the plot: %s",
				    path, cairo_status_to_string(status));
	}
	return visp_io_out_commit(&out, f, err, err_size);
}
