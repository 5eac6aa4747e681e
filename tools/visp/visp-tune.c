// SPDX-License-Identifier: GPL-2.0
/*
 * visp-tune: calibrate a sensor for the VISP 3A from raw captures
 *
 *   visp-tune [-o FILE] [options] CAPTURE...
 *
 * derives a tuning file (see visp_tuning_save()) from raw captures of
 * calibration scenes, each recognised by its file name:
 *
 *   dark*            a dark frame (lens capped): black level
 *   flat-<CT>k*      a uniformly lit flat grey field under an illuminant of
 *                    CT kelvin: lens shading tables at CT, and the noise
 *                    that sets the defective pixel threshold
 *   checker-<CT>k*   the 24-patch colour checker, framed as the sensor's
 *                    built-in one, under CT kelvin: the AWB locus point
 *                    and the colour matrix at CT
 *
 * The AE target and limits, the gamma and tone curves (sRGB) and the demosaicing
 * mode are choices rather than measurements: options set them. See
 * Documentation/userspace-api/media/visp-libvisp.rst, "visp-tune".
 *
 *   visp-tune check [--linear] [--max-de F] [--max-ab F]
 *                   [--region X,Y,W,H] FILE.png|FILE.ppm
 *
 * measures the colour accuracy of a developed frame of the colour checker
 * (8-bit RGB, sRGB encoded unless --linear) against the chart: the
 * CIEDE2000 of each patch and the neutrality of the grey patches (see
 * visp_checker_measure()), failing if a given limit is exceeded.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <visp/libvisp.h>

#include "visp-checker.h"
#include "visp-io.h"
#include "visp-sensor-render.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Shading fit: blocks of the frame, and the polynomial's degree */
#define SHADING_BLOCKS_X	32
#define SHADING_BLOCKS_Y	18
#define SHADING_DEGREE		4
#define SHADING_TERMS		15
/* Grey patches of the checker the locus is measured on: neutral 8 to 3.5 */
#define GREY_FIRST		19
#define GREY_LAST		22
/* Patches with a channel above this fraction of full scale are clipped */
#define PATCH_CLIPPED		0.9
/* DPC threshold, in noise standard deviations of a mid-grey flat field */
#define DPC_SIGMAS		4

/**
 * struct capture - a calibration capture
 *
 * @path: its file
 * @ct: illuminant, K (flat fields and checkers)
 * @raw: the frame
 */
struct capture {
	const char *path;
	unsigned int ct;
	struct visp_io_raw raw;
};

/**
 * struct shading - lens shading of a flat field, per channel
 *
 * @coef: polynomial in the normalised position, terms of degree up to
 *	SHADING_DEGREE, fitted to the black-subtracted flat field
 * @centre: its value at the centre of the frame
 */
struct shading {
	double coef[VISP_CFA_CHANNELS][SHADING_TERMS];
	double centre[VISP_CFA_CHANNELS];
};

static void __attribute__((format(printf, 1, 2))) fail(const char *fmt, ...)
{
	va_list ap;

	fputs("visp-tune: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Colour channel of pixel (@x, @y) for the CFA order @bayer. */
static unsigned int channel(unsigned int bayer, unsigned int x,
			    unsigned int y)
{
	/* GRBG is RGGB mirrored, GBRG flipped, BGGR both. */
	return ((y ^ (bayer >> 1)) & 1) * 2 + ((x ^ bayer) & 1);
}

/* Sample (@x, @y) in 12-bit units. */
static double sample(const struct visp_io_raw *raw, unsigned int x,
		     unsigned int y)
{
	return raw->data[(size_t)y * raw->width + x] *
	       (double)(1 << (12 - raw->bits));
}

/* Per channel median of the dark frame, 12-bit units. */
static void black_level(const struct capture *c, uint16_t level[4])
{
	const struct visp_io_raw *raw = &c->raw;
	unsigned int x, y, ch, v;
	uint32_t *hist = calloc(VISP_CFA_CHANNELS, 4096 * sizeof(*hist));
	uint64_t n[VISP_CFA_CHANNELS] = { 0 }, acc;

	if (!hist)
		fail("out of memory.");
	for (y = 0; y < raw->height; y++) {
		for (x = 0; x < raw->width; x++) {
			ch = channel(raw->bayer, x, y);
			hist[ch * 4096 + (unsigned int)sample(raw, x, y)]++;
			n[ch]++;
		}
	}
	for (ch = 0; ch < VISP_CFA_CHANNELS; ch++) {
		for (v = 0, acc = 0; v < 4095; v++) {
			acc += hist[ch * 4096 + v];
			if (2 * acc >= n[ch])
				break;
		}
		level[ch] = v;
	}
	free(hist);
}

/* Noise of the centre of a flat field's Gr samples, 12-bit units. */
static double flat_noise(const struct capture *c)
{
	const struct visp_io_raw *raw = &c->raw;
	unsigned int x, y, w = raw->width, h = raw->height;
	double sum = 0, n = 0, d;

	for (y = 3 * h / 8; y < 5 * h / 8; y++) {
		for (x = 3 * w / 8; x < 5 * w / 8; x++) {
			if (channel(raw->bayer, x, y) != VISP_CFA_GR)
				continue;
			d = sample(raw, x, y) - sample(raw, x + 2, y);
			sum += d * d;
			n++;
		}
	}
	/* The difference of two samples has twice their variance. */
	return sqrt(sum / n / 2);
}

/*
 * Solves the symmetric positive definite system @a x = @b of size @n in
 * place (Gauss-Jordan with partial pivoting); @b receives x.
 */
static int solve(double *a, double *b, unsigned int n)
{
	unsigned int i, j, k, p;
	double t;

	for (i = 0; i < n; i++) {
		for (p = i, j = i + 1; j < n; j++)
			if (fabs(a[j * n + i]) > fabs(a[p * n + i]))
				p = j;
		if (fabs(a[p * n + i]) < 1e-12)
			return -1;
		for (k = 0; k < n; k++) {
			t = a[i * n + k];
			a[i * n + k] = a[p * n + k];
			a[p * n + k] = t;
		}
		t = b[i];
		b[i] = b[p];
		b[p] = t;
		for (j = 0; j < n; j++) {
			if (j == i)
				continue;
			t = a[j * n + i] / a[i * n + i];
			for (k = i; k < n; k++)
				a[j * n + k] -= t * a[i * n + k];
			b[j] -= t * b[i];
		}
	}
	for (i = 0; i < n; i++)
		b[i] /= a[i * n + i];
	return 0;
}

/* The terms u^a v^b, a + b <= SHADING_DEGREE, at (@u, @v). */
static void shading_terms(double u, double v, double t[SHADING_TERMS])
{
	unsigned int a, b, k = 0;

	for (a = 0; a <= SHADING_DEGREE; a++)
		for (b = 0; a + b <= SHADING_DEGREE; b++)
			t[k++] = pow(u, a) * pow(v, b);
}

/* Normalised position of pixel coordinate (@x, @y): -1 to 1 */
static void shading_pos(const struct visp_io_raw *raw, double x, double y,
			double *u, double *v)
{
	*u = (2 * x + 1 - raw->width) / raw->width;
	*v = (2 * y + 1 - raw->height) / raw->height;
}

static double shading_eval(const struct shading *s, unsigned int ch,
			   const struct visp_io_raw *raw, double x, double y)
{
	double t[SHADING_TERMS], u, v, sum = 0;
	unsigned int k;

	shading_pos(raw, x, y, &u, &v);
	shading_terms(u, v, t);
	for (k = 0; k < SHADING_TERMS; k++)
		sum += s->coef[ch][k] * t[k];
	return sum;
}

/*
 * Fits the shading polynomials to the means of blocks of the flat field,
 * least squares: a smooth surface that reaches the borders of the frame,
 * where the grid's outer nodes lie.
 */
static void shading_fit(const struct capture *c, const uint16_t black[4],
			struct shading *s)
{
	const struct visp_io_raw *raw = &c->raw;
	unsigned int bx, by, x, y, ch, i, j;
	double ata[SHADING_TERMS * SHADING_TERMS], atb[SHADING_TERMS];
	double t[SHADING_TERMS], sum[4], n[4], u, v;

	for (ch = 0; ch < VISP_CFA_CHANNELS; ch++) {
		memset(ata, 0, sizeof(ata));
		memset(atb, 0, sizeof(atb));
		for (by = 0; by < SHADING_BLOCKS_Y; by++) {
			unsigned int y0 = by * raw->height / SHADING_BLOCKS_Y;
			unsigned int y1 = (by + 1) * raw->height /
					  SHADING_BLOCKS_Y;

			for (bx = 0; bx < SHADING_BLOCKS_X; bx++) {
				unsigned int x0 = bx * raw->width /
						  SHADING_BLOCKS_X;
				unsigned int x1 = (bx + 1) * raw->width /
						  SHADING_BLOCKS_X;

				memset(sum, 0, sizeof(sum));
				memset(n, 0, sizeof(n));
				for (y = y0; y < y1; y++) {
					for (x = x0; x < x1; x++) {
						unsigned int k = channel(raw->bayer, x, y);

						sum[k] += sample(raw, x, y);
						n[k]++;
					}
				}
				shading_pos(raw, (x0 + x1 - 1) / 2.0,
					    (y0 + y1 - 1) / 2.0, &u, &v);
				shading_terms(u, v, t);
				for (i = 0; i < SHADING_TERMS; i++) {
					for (j = 0; j < SHADING_TERMS; j++)
						ata[i * SHADING_TERMS + j] +=
							t[i] * t[j];
					atb[i] += t[i] *
						  (sum[ch] / n[ch] - black[ch]);
				}
			}
		}
		if (solve(ata, atb, SHADING_TERMS))
			fail("%s: the flat field's shading cannot be fitted.",
			     c->path);
		memcpy(s->coef[ch], atb, sizeof(atb));
		s->centre[ch] = shading_eval(s, ch, raw, (raw->width - 1) / 2.0,
					     (raw->height - 1) / 2.0);
		if (!(s->centre[ch] > 16))
			fail("%s: the flat field is black.", c->path);
	}
}

/* LSC gains: the centre's level over each node's. */
static void lsc_table(const struct capture *c, const struct shading *s,
		      struct visp_tuning_lsc *l)
{
	const struct visp_io_raw *raw = &c->raw;
	unsigned int ch, i, j;

	l->ct = c->ct;
	for (ch = 0; ch < VISP_CFA_CHANNELS; ch++) {
		for (j = 0; j < VISP_LSC_GRID_NODES_Y; j++) {
			for (i = 0; i < VISP_LSC_GRID_NODES_X; i++) {
				double x = (double)i * raw->width /
					   VISP_LSC_GRID_CELLS_X;
				double y = (double)j * raw->height /
					   VISP_LSC_GRID_CELLS_Y;
				double v = shading_eval(s, ch, raw, x, y);
				double g = v > 0 ? s->centre[ch] / v : 16;

				l->gain[ch][j * VISP_LSC_GRID_NODES_X + i] =
					fmin(floor(g * VISP_GAIN_UNITY + 0.5),
					     VISP_GAIN_MAX);
			}
		}
	}
}

/*
 * Mean R, G and B of the inner half of checker patch @p, black level
 * subtracted and shading corrected; false when it is clipped.
 */
static bool patch_rgb(const struct capture *c, const uint16_t black[4],
		      const struct shading *s, unsigned int p, double rgb[3])
{
	const struct visp_io_raw *raw = &c->raw;
	double scale = (double)raw->width / VISP_RENDER_NATIVE_W;
	double x0 = VISP_RENDER_CHECKER_X0 +
		    (p % 6) * VISP_RENDER_CHECKER_PITCH_X +
		    VISP_RENDER_CHECKER_W / 4.0;
	double y0 = VISP_RENDER_CHECKER_Y0 +
		    (p / 6) * VISP_RENDER_CHECKER_PITCH_Y +
		    VISP_RENDER_CHECKER_H / 4.0;
	unsigned int xs = x0 * scale, ys = y0 * scale, x, y, ch;
	unsigned int xe = (x0 + VISP_RENDER_CHECKER_W / 2.0) * scale;
	unsigned int ye = (y0 + VISP_RENDER_CHECKER_H / 2.0) * scale;
	double sum[4] = { 0 }, n[4] = { 0 }, mean[4];
	bool ok = true;

	for (y = ys; y < ye; y++) {
		for (x = xs; x < xe; x++) {
			ch = channel(raw->bayer, x, y);
			sum[ch] += sample(raw, x, y);
			n[ch]++;
		}
	}
	for (ch = 0; ch < VISP_CFA_CHANNELS; ch++) {
		mean[ch] = sum[ch] / n[ch] - black[ch];
		if (mean[ch] > PATCH_CLIPPED * (VISP_PIXEL_MAX - black[ch]))
			ok = false;
		mean[ch] *= s->centre[ch] /
			    shading_eval(s, ch, raw, (xs + xe) / 2.0,
					 (ys + ye) / 2.0);
	}
	rgb[0] = mean[VISP_CFA_R];
	rgb[1] = (mean[VISP_CFA_GR] + mean[VISP_CFA_GB]) / 2;
	rgb[2] = mean[VISP_CFA_B];
	return ok;
}

/*
 * The locus point and the colour matrix of a checker: grey's r/g and b/g,
 * then the matrix from the white balanced camera RGB to the patches'
 * linear sRGB, least squares over the unclipped patches with each row
 * summing to 1 so that grey stays grey.
 */
static void checker_calibrate(const struct capture *c,
			      const uint16_t black[4], const struct shading *s,
			      struct visp_3a_ct_point *pt,
			      struct visp_tuning_ccm *m)
{
	double cam[24][3], sum[3] = { 0 }, ref_g = 0, k;
	bool ok[24];
	unsigned int p, r;

	for (p = 0; p < 24; p++)
		ok[p] = patch_rgb(c, black, s, p, cam[p]);
	for (p = GREY_FIRST; p <= GREY_LAST; p++) {
		if (!ok[p])
			fail("%s: grey patch %u is clipped: lower the exposure.",
			     c->path, p + 1);
		for (r = 0; r < 3; r++)
			sum[r] += cam[p][r];
		ref_g += visp_render_checker[p][1] / 65535.0;
	}
	if (!(sum[1] > 0 && sum[0] > 0 && sum[2] > 0))
		fail("%s: the grey patches are black.", c->path);
	pt->ct = c->ct;
	pt->r_g = sum[0] / sum[1];
	pt->b_g = sum[2] / sum[1];

	/* White balanced, and scaled so that grey matches the chart. */
	k = ref_g / sum[1];
	for (p = 0; p < 24; p++) {
		cam[p][0] *= k / pt->r_g;
		cam[p][1] *= k;
		cam[p][2] *= k / pt->b_g;
	}

	/*
	 * Row r: m0 c0 + m1 c1 + (1 - m0 - m1) c2 = ref, that is
	 * m0 (c0 - c2) + m1 (c1 - c2) = ref - c2.
	 */
	m->ct = c->ct;
	for (r = 0; r < 3; r++) {
		double a[4] = { 0 }, b[2] = { 0 };

		for (p = 0; p < 24; p++) {
			double d0 = cam[p][0] - cam[p][2];
			double d1 = cam[p][1] - cam[p][2];
			double e = visp_render_checker[p][r] / 65535.0 -
				   cam[p][2];

			if (!ok[p])
				continue;
			a[0] += d0 * d0;
			a[1] += d0 * d1;
			a[3] += d1 * d1;
			b[0] += d0 * e;
			b[1] += d1 * e;
		}
		a[2] = a[1];
		if (solve(a, b, 2))
			fail("%s: the colour matrix cannot be fitted.",
			     c->path);
		m->ccm[r][0] = b[0];
		m->ccm[r][1] = b[1];
		m->ccm[r][2] = 1 - b[0] - b[1];
	}
}

/* The sRGB curve at the gamma block's points. */
static void srgb_curve(uint16_t curve[VISP_GAMMA_POINTS])
{
	unsigned int i;

	for (i = 0; i < VISP_GAMMA_POINTS; i++) {
		double x = fmin(i * 64.0 / VISP_PIXEL_MAX, 1);

		curve[i] = floor(visp_colour_srgb_encode(x) * VISP_PIXEL_MAX +
				 0.5);
	}
}

static int by_ct(const void *a, const void *b)
{
	const struct capture *x = a, *y = b;

	return (x->ct > y->ct) - (x->ct < y->ct);
}

/* "<prefix><CT>k...": the colour temperature, or 0. */
static unsigned int name_ct(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	unsigned long ct;
	char *end;

	if (strncmp(name, prefix, n))
		return 0;
	ct = strtoul(name + n, &end, 10);
	if (end == name + n || (*end != 'k' && *end != 'K') || !ct ||
	    ct > 40000)
		return 0;
	return ct;
}

static void read_capture(struct capture *c)
{
	char err[256];

	if (visp_io_raw_read(c->path, NULL, &c->raw, err, sizeof(err)))
		fail("%s", err);
	if (c->raw.bits > 12 || c->raw.width < 64 || c->raw.height < 64 ||
	    c->raw.width % 2 || c->raw.height % 2)
		fail("%s: a capture must have even sizes from 64 and up to 12 bits.",
		     c->path);
	if ((uint64_t)c->raw.width * VISP_RENDER_NATIVE_H !=
	    (uint64_t)c->raw.height * VISP_RENDER_NATIVE_W)
		fail("%s: the capture does not cover the whole pixel array.",
		     c->path);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: visp-tune [-o FILE] [--ae-target F] [--exposure-max-us N]\n"
		"                 [--gain-max F]\n"
		"                 [--demosaic bilinear|edge-aware|directional]\n"
		"                 dark* flat-<CT>k* ... checker-<CT>k* ...\n"
		"       visp-tune check [--linear] [--max-de F] [--max-ab F]\n"
		"                 [--region X,Y,W,H] FILE.png|FILE.ppm\n");
}

static double parse_num(const char *opt, const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (!*s || *end)
		fail("%s takes a number, not '%s'.", opt, s);
	return v;
}

/* X,Y,W,H: the rectangle of the native array an image shows. */
static void parse_region(const char *s, struct visp_checker_image *img)
{
	char end;

	if (sscanf(s, "%u,%u,%u,%u%c", &img->x, &img->y, &img->w, &img->h,
		   &end) != 4 || !img->w || !img->h)
		fail("--region takes X,Y,W,H in native pixels, not '%s'.", s);
}

/*
 * A binary PPM (P6, maxval 255), as libcamera's cam writes its RGB frames:
 * its samples in *@rgb (malloc()ed), R, G, B per pixel.
 */
static int read_ppm(const char *path, uint8_t **rgb, uint32_t *width,
		    uint32_t *height, char *err, size_t len)
{
	unsigned int w, h, maxval;
	size_t size;
	FILE *f;
	int end;

	*rgb = NULL;
	f = fopen(path, "rb");
	if (!f) {
		snprintf(err, len, "%s: %s.", path, strerror(errno));
		return -1;
	}
	end = 0;
	if (fscanf(f, "P6 %u %u %u%n", &w, &h, &maxval, &end) != 3 || !end ||
	    fgetc(f) == EOF || maxval != 255 || !w || !h ||
	    w > VISP_MAX_WIDTH || h > VISP_MAX_HEIGHT) {
		snprintf(err, len, "%s: not a binary PPM of 8-bit samples.", path);
		fclose(f);
		return -1;
	}
	size = (size_t)3 * w * h;
	*rgb = malloc(size);
	if (!*rgb || fread(*rgb, 1, size, f) != size) {
		snprintf(err, len, "%s: the PPM file is truncated.", path);
		free(*rgb);
		*rgb = NULL;
		fclose(f);
		return -1;
	}
	fclose(f);
	*width = w;
	*height = h;
	return 0;
}

/* visp-tune check: the colour accuracy of a developed colour checker. */
static int check_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "linear", no_argument, NULL, 'l' },
		{ "max-de", required_argument, NULL, 'd' },
		{ "max-ab", required_argument, NULL, 'a' },
		{ "region", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct visp_checker_image img = { .srgb = true };
	struct visp_checker_result res;
	double max_de = INFINITY, max_ab = INFINITY;
	uint8_t *rgb = NULL;
	const char *path;
	char err[256];
	unsigned int i;
	size_t len;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'l':
			img.srgb = false;
			break;
		case 'd':
			max_de = parse_num("--max-de", optarg);
			break;
		case 'a':
			max_ab = parse_num("--max-ab", optarg);
			break;
		case 'r':
			parse_region(optarg, &img);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr);
		return 2;
	}
	path = argv[optind];

	len = strlen(path);
	if (len > 4 && !strcmp(path + len - 4, ".ppm") ?
	    read_ppm(path, &rgb, &img.width, &img.height, err, sizeof(err)) :
	    visp_io_png_read(path, &rgb, &img.width, &img.height, err,
			     sizeof(err)))
		fail("%s", err);
	img.rgb = rgb;
	img.stride = 3 * img.width;
	if (visp_checker_measure(&img, &res))
		fail("%s: the %ux%u image does not show the colour checker's patches in the region %u,%u,%u,%u of the array, or its grey patches are black.",
		     path, img.width, img.height, img.x, img.y,
		     img.w ? img.w : VISP_RENDER_NATIVE_W,
		     img.w ? img.h : VISP_RENDER_NATIVE_H);
	free(rgb);

	for (i = 0; i < VISP_CHECKER_PATCHES; i++)
		printf("patch %2u: RGB %5.1f %5.1f %5.1f, L %5.1f a %6.1f b %6.1f, chart L %5.1f a %6.1f b %6.1f, CIEDE2000 %5.2f\n",
		       i, res.rgb[i][0], res.rgb[i][1], res.rgb[i][2],
		       res.lab[i][0], res.lab[i][1], res.lab[i][2],
		       res.chart_lab[i][0], res.chart_lab[i][1],
		       res.chart_lab[i][2], res.de[i]);
	printf("exposure scale %.3f\n", res.scale);
	printf("checker: mean CIEDE2000 %.2f, largest %.2f, grey |a| <= %.2f, |b| <= %.2f\n",
	       res.de_mean, res.de_max, res.grey_a, res.grey_b);
	fflush(stdout);

	if (!(res.de_mean <= max_de))
		fail("%s: the mean CIEDE2000 %.2f exceeds %g.", path,
		     res.de_mean, max_de);
	if (!(res.grey_a <= max_ab && res.grey_b <= max_ab))
		fail("%s: the grey patches are not neutral: |a| %.2f, |b| %.2f exceed %g.",
		     path, res.grey_a, res.grey_b, max_ab);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "ae-target", required_argument, NULL, 't' },
		{ "exposure-max-us", required_argument, NULL, 'e' },
		{ "gain-max", required_argument, NULL, 'g' },
		{ "demosaic", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct capture dark = { 0 }, flats[VISP_TUNING_CT_MAX];
	struct capture checkers[VISP_TUNING_CT_MAX];
	unsigned int nflat = 0, nchecker = 0, i, j, best;
	const char *out = "tuning.yaml";
	struct shading *shade;
	struct visp_tuning *t;
	char err[256];
	int opt, ret;

	if (argc > 1 && !strcmp(argv[1], "check"))
		return check_main(argc - 1, argv + 1);

	t = calloc(1, sizeof(*t));
	shade = calloc(VISP_TUNING_CT_MAX, sizeof(*shade));
	if (!t || !shade)
		fail("out of memory.");
	t->version = VISP_TUNING_VERSION;
	t->ae_target = 0.16;
	t->ae_exposure_max_us = 66666;
	t->ae_gain_max = 16;
	t->demosaic_mode = VISP_DEMOSAIC_EDGE_AWARE;
	/* Not calibrated: the library's own, written for the 3A to read. */
	t->af.threshold = VISP_AF_DEFAULT_THRESHOLD;
	t->af.restart = VISP_AF_DEFAULT_RESTART;
	t->af.coarse_steps = VISP_AF_DEFAULT_COARSE_STEPS;
	t->af.fine_divisor = VISP_AF_DEFAULT_FINE_DIVISOR;
	t->af.contrast = VISP_AF_DEFAULT_CONTRAST;

	while ((opt = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			out = optarg;
			break;
		case 't':
			t->ae_target = parse_num("--ae-target", optarg);
			break;
		case 'e':
			t->ae_exposure_max_us = parse_num("--exposure-max-us",
							  optarg);
			break;
		case 'g':
			t->ae_gain_max = parse_num("--gain-max", optarg);
			break;
		case 'd':
			if (!strcmp(optarg, "bilinear"))
				t->demosaic_mode = VISP_DEMOSAIC_BILINEAR;
			else if (!strcmp(optarg, "edge-aware"))
				t->demosaic_mode = VISP_DEMOSAIC_EDGE_AWARE;
			else if (!strcmp(optarg, "directional"))
				t->demosaic_mode = VISP_DEMOSAIC_DIRECTIONAL;
			else
				fail("--demosaic is bilinear, edge-aware or directional, not '%s'.",
				     optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}

	for (i = optind; i < (unsigned int)argc; i++) {
		char *copy = strdup(argv[i]);
		const char *name = copy ? basename(copy) : "";
		struct capture *c = NULL;
		unsigned int ct = 0;

		if (!strncmp(name, "dark", 4)) {
			if (dark.path)
				fail("%s: a second dark frame.", argv[i]);
			c = &dark;
		} else if ((ct = name_ct(name, "flat-"))) {
			if (nflat == VISP_TUNING_CT_MAX)
				fail("%s: more than %u flat fields.", argv[i],
				     VISP_TUNING_CT_MAX);
			c = &flats[nflat++];
		} else if ((ct = name_ct(name, "checker-"))) {
			if (nchecker == VISP_TUNING_CT_MAX)
				fail("%s: more than %u checkers.", argv[i],
				     VISP_TUNING_CT_MAX);
			c = &checkers[nchecker++];
		} else {
			fail("%s: not named dark*, flat-<CT>k* nor checker-<CT>k*.",
			     argv[i]);
		}
		free(copy);
		memset(c, 0, sizeof(*c));
		c->path = argv[i];
		c->ct = ct;
		read_capture(c);
	}
	if (!dark.path || !nflat || nchecker < 2)
		fail("a dark frame, a flat field and checkers under two illuminants at least are needed.");
	qsort(flats, nflat, sizeof(flats[0]), by_ct);
	qsort(checkers, nchecker, sizeof(checkers[0]), by_ct);
	for (i = 1; i < nflat; i++)
		if (flats[i].ct == flats[i - 1].ct)
			fail("%s: a second flat field at %u K.", flats[i].path,
			     flats[i].ct);
	for (i = 1; i < nchecker; i++)
		if (checkers[i].ct == checkers[i - 1].ct)
			fail("%s: a second checker at %u K.", checkers[i].path,
			     checkers[i].ct);

	black_level(&dark, t->black_level);
	t->sections |= VISP_TUNING_BLACK_LEVEL;

	t->dpc_threshold = fmin(ceil(DPC_SIGMAS * flat_noise(&flats[0])),
				VISP_PIXEL_MAX);
	t->sections |= VISP_TUNING_DPC;

	for (i = 0; i < nflat; i++) {
		shading_fit(&flats[i], t->black_level, &shade[i]);
		lsc_table(&flats[i], &shade[i], &t->lsc[i]);
	}
	t->lsc_count = nflat;
	t->sections |= VISP_TUNING_LSC;

	/* Each checker with the shading of the flat field nearest in CT. */
	for (i = 0; i < nchecker; i++) {
		for (best = 0, j = 1; j < nflat; j++)
			if (abs((int)flats[j].ct - (int)checkers[i].ct) <
			    abs((int)flats[best].ct - (int)checkers[i].ct))
				best = j;
		checker_calibrate(&checkers[i], t->black_level, &shade[best],
				  &t->ct_locus[i], &t->ccm[i]);
	}
	t->ct_points = nchecker;
	t->ccm_count = nchecker;
	t->sections |= VISP_TUNING_AWB | VISP_TUNING_CCM;

	t->sections |= VISP_TUNING_AE | VISP_TUNING_DEMOSAIC | VISP_TUNING_AF;
	srgb_curve(t->gamma);
	if (visp_tone_fill_preset(t->tone, VISP_TONE_SRGB))
		fail("The sRGB tone curve cannot be built.");
	t->sections |= VISP_TUNING_GAMMA | VISP_TUNING_TONE;

	ret = visp_tuning_save(t, out, err, sizeof(err));
	if (ret)
		fail("%s", err);

	visp_io_raw_free(&dark.raw);
	for (i = 0; i < nflat; i++)
		visp_io_raw_free(&flats[i].raw);
	for (i = 0; i < nchecker; i++)
		visp_io_raw_free(&checkers[i].raw);
	free(shade);
	free(t);
	return 0;
}
