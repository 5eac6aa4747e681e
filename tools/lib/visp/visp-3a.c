// SPDX-License-Identifier: GPL-2.0
/*
 * libvisp: auto exposure and auto white balance
 *
 * AE meters the linear luma of the AE zones and corrects the total
 * exposure multiplicatively, in logarithmic steps. The sensor applies an
 * exposure and gains some frames after they are written: the context
 * records what it wrote for which frame, and works out from that record
 * the settings each frame's statistics were measured with. The correction
 * is computed from those settings, never from the last ones written, so
 * that statistics taken before a change reached the sensor ask again for
 * the same settings instead of correcting the same error twice.
 *
 * AWB is a grey world over the AWB zones (measured before the white
 * balance gains, so free of any feedback), restricted with a colour
 * temperature locus to the zones that look grey under the most likely
 * illuminant.
 *
 * With a tuning (visp-tuning.c), every other block of the parameters
 * buffer follows it: the black level, the defective pixel threshold, the
 * demosaicing mode and the gamma curve as they are, the lens shading
 * tables and the colour matrix interpolated at the colour temperature
 * AWB estimates.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <visp/libvisp.h>

#include "visp-af.h"

/* Writes the context remembers, at least the largest delay plus one */
#define VISP_3A_HISTORY		16
/* Samples of the colour temperature locus searched for grey zones */
#define VISP_3A_LOCUS_SAMPLES	64
/* Largest control delay accepted, frames */
#define VISP_3A_DELAY_MAX	(VISP_3A_HISTORY - 2)
/* Relative exposure error within which nothing is changed */
#define VISP_3A_AE_DEADBAND	0.02
/* Relative exposure error within which AE has converged */
#define VISP_3A_AE_CONVERGED	0.05
/* Largest exposure change of one adjustment, either way */
#define VISP_3A_AE_STEP_MAX	16.0
/* Fraction of the AE histogram in its top bins that means clipping */
#define VISP_3A_AE_CLIPPED	0.02
/* AWB zones with fewer quads counted than this fraction are saturated */
#define VISP_3A_AWB_MIN_COUNT	0.5
/* AWB saturation threshold and highest zone mean, of full scale */
#define VISP_3A_AWB_SAT		0.95
#define VISP_3A_AWB_HIGH	0.9
/* Colour temperature of the tables before AWB has an estimate, K */
#define VISP_3A_CT_DEFAULT	5000
/* AF statistics coring threshold, 12-bit units */
#define VISP_3A_AF_THRESHOLD	16

/**
 * struct visp_3a_write - sensor controls written for a frame
 *
 * @frame: sequence of the frame during which they were written
 * @exposure: lines
 * @again: analogue gain, Q8
 * @dgain: digital gain, Q8
 */
struct visp_3a_write {
	uint32_t frame;
	uint32_t exposure;
	uint32_t again;
	uint32_t dgain;
};

/**
 * struct visp_3a - AE and AWB context
 *
 * @cfg: configuration, defaults filled in
 * @line_us: line duration, microseconds
 * @win: statistics window over the frame
 * @sat_threshold: AWB saturation threshold, 12-bit units
 * @full_scale: largest sample after the black level, 12-bit units
 * @hist: the last writes, oldest first, @hist_n of them
 * @hist_n: entries of @hist
 * @base: the controls in force before the writes of @hist
 * @last: the last controls written
 * @seq_min: the lowest sequence visp_3a_process() takes: that of its last
 *	call, or 0
 * @wb_u: current white balance: natural logarithm of red over green of
 *	grey in the statistics
 * @wb_v: the same for blue over green
 * @wb_valid: @wb_u and @wb_v hold an estimate
 * @ct: colour temperature of the current white balance, K, or 0
 * @locus: the locus sampled, natural logarithms of r/g and b/g
 * @tuning: copy of the configuration's tuning, which then points to it
 * @total_max: longest total exposure the tuning allows, microseconds at
 *	unity gain; 0 without a limit
 * @af: the AF context (visp-af.c), NULL without a lens
 */
struct visp_3a {
	struct visp_3a_config cfg;
	double line_us;
	struct visp_stats_window win;
	uint16_t sat_threshold;
	double full_scale;
	struct visp_3a_write hist[VISP_3A_HISTORY];
	unsigned int hist_n;
	struct visp_3a_write base;
	struct visp_3a_write last;
	uint32_t seq_min;
	double wb_u;
	double wb_v;
	bool wb_valid;
	uint32_t ct;
	double locus[VISP_3A_LOCUS_SAMPLES][2];
	struct visp_tuning tuning;
	double total_max;
	struct visp_af *af;
};

static double visp_3a_clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* A grid of up to 16 zones of even size, at least 8, centred on @len. */
static void visp_3a_grid(uint32_t len, __u16 *pos, __u16 *zone, __u8 *grid)
{
	unsigned int n = VISP_STATS_GRID_MAX;

	while (n > 1 && len / n < VISP_STATS_ZONE_MIN)
		n--;
	*grid = n;
	*zone = (len / n) & ~1u;
	*pos = ((len - *zone * n) / 2) & ~1u;
}

static int visp_3a_check(const struct visp_3a_config *c)
{
	const struct visp_3a_sensor *s = &c->sensor;
	unsigned int i;

	if (!s->line_length || !s->pixel_rate || !s->exposure_min ||
	    s->exposure_min > s->exposure_max || !s->again_min ||
	    s->again_min > s->again_max || !s->dgain_min ||
	    s->dgain_min > s->dgain_max ||
	    s->exposure_delay > VISP_3A_DELAY_MAX ||
	    s->gain_delay > VISP_3A_DELAY_MAX ||
	    s->width < VISP_MIN_WIDTH || s->width > VISP_MAX_WIDTH ||
	    s->height < VISP_MIN_HEIGHT || s->height > VISP_MAX_HEIGHT ||
	    s->black_level >= VISP_PIXEL_MAX)
		return -EINVAL;
	if (c->metering > VISP_3A_METERING_SPOT ||
	    c->ae_target < 0 || c->ae_target >= 1 ||
	    c->ae_speed < 0 || c->ae_speed > 1 ||
	    c->awb_speed < 0 || c->awb_speed > 1 ||
	    c->awb_dark < 0 || c->awb_dark >= 1 ||
	    c->awb_grey_radius < 0 || c->awb_locus_tolerance < 0)
		return -EINVAL;
	if (c->ct_points == 1 || c->ct_points > VISP_3A_CT_POINTS_MAX)
		return -EINVAL;
	if (c->tuning && visp_tuning_check(c->tuning, NULL, 0))
		return -EINVAL;
	for (i = 0; i < c->ct_points; i++) {
		const struct visp_3a_ct_point *p = &c->ct_locus[i];

		if (!(p->r_g > 0) || !(p->b_g > 0) || !(p->ct > 0) ||
		    (i && !(p->ct > c->ct_locus[i - 1].ct)))
			return -EINVAL;
	}
	return 0;
}

/* The locus sampled evenly in colour temperature. */
static void visp_3a_sample_locus(struct visp_3a *ctx)
{
	const struct visp_3a_ct_point *p = ctx->cfg.ct_locus;
	unsigned int n = ctx->cfg.ct_points, i, j = 0;
	double lo = p[0].ct, hi = p[n - 1].ct;

	for (i = 0; i < VISP_3A_LOCUS_SAMPLES; i++) {
		double ct = lo + (hi - lo) * i / (VISP_3A_LOCUS_SAMPLES - 1);
		double f;

		while (j + 2 < n && ct > p[j + 1].ct)
			j++;
		f = visp_3a_clamp((ct - p[j].ct) / (p[j + 1].ct - p[j].ct),
				  0, 1);
		ctx->locus[i][0] = log(p[j].r_g) * (1 - f) +
				   log(p[j + 1].r_g) * f;
		ctx->locus[i][1] = log(p[j].b_g) * (1 - f) +
				   log(p[j + 1].b_g) * f;
	}
}

/*
 * The point of the locus closest to (*u, *v), in the logarithms of the
 * ratios: (*u, *v) is moved to within the locus tolerance of it and its
 * colour temperature returned.
 */
static double visp_3a_project(const struct visp_3a *ctx, double *u,
			      double *v)
{
	const struct visp_3a_ct_point *p = ctx->cfg.ct_locus;
	double best_d = INFINITY, best_ct = 0, pu = 0, pv = 0, d, tol;
	unsigned int i;

	for (i = 0; i + 1 < ctx->cfg.ct_points; i++) {
		double u0 = log(p[i].r_g), v0 = log(p[i].b_g);
		double du = log(p[i + 1].r_g) - u0, dv = log(p[i + 1].b_g) - v0;
		double len2 = du * du + dv * dv, t = 0, qu, qv;

		if (len2 > 0)
			t = visp_3a_clamp(((*u - u0) * du + (*v - v0) * dv) /
					  len2, 0, 1);
		qu = u0 + t * du;
		qv = v0 + t * dv;
		d = hypot(*u - qu, *v - qv);
		if (d < best_d) {
			best_d = d;
			best_ct = p[i].ct + t * (p[i + 1].ct - p[i].ct);
			pu = qu;
			pv = qv;
		}
	}

	tol = ctx->cfg.awb_locus_tolerance;
	if (best_d > tol) {
		*u = pu + (*u - pu) * tol / best_d;
		*v = pv + (*v - pv) * tol / best_d;
	}
	return best_ct;
}

/* The controls that reach the sensor for @total microseconds at unity. */
static void visp_3a_split(const struct visp_3a *ctx, double total,
			  struct visp_3a_write *w)
{
	const struct visp_3a_sensor *s = &ctx->cfg.sensor;
	double lines, gain;

	lines = visp_3a_clamp(floor(total / ctx->line_us), s->exposure_min,
			      s->exposure_max);
	gain = total / (lines * ctx->line_us);
	w->exposure = lines;
	w->again = visp_3a_clamp(floor(gain * 256 + 0.5), s->again_min,
				 s->again_max);
	gain = gain * 256 / w->again;
	w->dgain = visp_3a_clamp(floor(gain * 256 + 0.5), s->dgain_min,
				 s->dgain_max);
}

static double visp_3a_total(const struct visp_3a *ctx, uint32_t exposure,
			    uint32_t again, uint32_t dgain)
{
	return exposure * ctx->line_us * again / 256.0 * dgain / 256.0;
}

/*
 * The controls frame @frame was exposed with: for each control the last
 * write that had reached the sensor, given its delay.
 */
static void visp_3a_applied(const struct visp_3a *ctx, uint32_t frame,
			    struct visp_3a_write *w)
{
	const struct visp_3a_sensor *s = &ctx->cfg.sensor;
	bool exp_found = false, gain_found = false;
	unsigned int i;

	*w = ctx->base;
	for (i = ctx->hist_n; i-- > 0 && !(exp_found && gain_found);) {
		const struct visp_3a_write *h = &ctx->hist[i];

		if (!exp_found && h->frame + s->exposure_delay <= frame) {
			w->exposure = h->exposure;
			exp_found = true;
		}
		if (!gain_found && h->frame + s->gain_delay <= frame) {
			w->again = h->again;
			w->dgain = h->dgain;
			gain_found = true;
		}
	}
}

static void visp_3a_record(struct visp_3a *ctx,
			   const struct visp_3a_write *w)
{
	if (ctx->hist_n == VISP_3A_HISTORY) {
		ctx->base = ctx->hist[0];
		memmove(ctx->hist, ctx->hist + 1,
			sizeof(ctx->hist[0]) * (VISP_3A_HISTORY - 1));
		ctx->hist_n--;
	}
	ctx->hist[ctx->hist_n++] = *w;
	ctx->last = *w;
}

/*
 * Distance from the centre of zone @i of @n to the centre of the grid, in
 * 1/(8 * @n) of the grid's span: 4 * @n is half the grid.
 */
static unsigned int visp_3a_off_centre(unsigned int i, unsigned int n)
{
	return abs((int)(8 * i + 4) - (int)(4 * n));
}

/* Weight of AE zone (x, y) of a @w x @h grid for the metering mode. */
static unsigned int visp_3a_zone_weight(unsigned int mode, unsigned int x,
					unsigned int y, unsigned int w,
					unsigned int h)
{
	unsigned int dx = visp_3a_off_centre(x, w);
	unsigned int dy = visp_3a_off_centre(y, h);

	switch (mode) {
	case VISP_3A_METERING_CENTRE:
		/* The central half of the width and of the height. */
		return dx < 2 * w && dy < 2 * h ? 4 : 1;
	case VISP_3A_METERING_SPOT:
		/* The central quarter of the width and of the height. */
		return dx < w && dy < h;
	default:
		return 1;
	}
}

/* Metered mean linear luma, fraction of full scale, or -1. */
static double visp_3a_meter(const struct visp_3a *ctx,
			    const struct visp_stats_view *view)
{
	double sum = 0, weights = 0;
	unsigned int x, y;
	uint16_t mean;

	if (!(view->meas_valid & VISP_STATS_MEAS_AE_ZONES))
		return -1;
	for (y = 0; y < view->ae_grid_h; y++) {
		for (x = 0; x < view->ae_grid_w; x++) {
			unsigned int wt = visp_3a_zone_weight(ctx->cfg.metering,
					x, y, view->ae_grid_w,
					view->ae_grid_h);

			if (!wt || visp_stats_get_ae_zone(view, x, y, &mean))
				continue;
			sum += (double)wt * mean;
			weights += wt;
		}
	}
	if (!weights)
		return -1;
	return sum / weights / (256.0 * 255.0);
}

/* Fraction of the AE histogram in its top two bins. */
static double visp_3a_clipped(const struct visp_stats_view *view)
{
	const uint32_t *hist;
	double total = 0;
	unsigned int i;

	if (visp_stats_get_ae_hist(view, &hist))
		return 0;
	for (i = 0; i < VISP_STATS_HIST_BINS; i++)
		total += hist[i];
	if (!total)
		return 0;
	return (hist[VISP_STATS_HIST_BINS - 1] +
		hist[VISP_STATS_HIST_BINS - 2]) / total;
}

/* The settings of frame @sequence's results are written during @write. */
static void visp_3a_ae(struct visp_3a *ctx,
		       const struct visp_stats_view *view, uint32_t sequence,
		       uint32_t write, struct visp_3a_result *res)
{
	const struct visp_3a_config *c = &ctx->cfg;
	struct visp_3a_write applied, next;
	double mean, ratio, speed = c->ae_speed, total;

	visp_3a_applied(ctx, sequence, &applied);
	mean = visp_3a_meter(ctx, view);
	res->ae_mean = mean;
	if (mean < 0) {
		next = ctx->last;
	} else {
		/* A black frame: as far up as one step goes. */
		ratio = c->ae_target / fmax(mean, 1e-6);
		res->ae_converged = fabs(ratio - 1) < VISP_3A_AE_CONVERGED &&
				    applied.exposure == ctx->last.exposure &&
				    applied.again == ctx->last.again &&
				    applied.dgain == ctx->last.dgain;
		/*
		 * Within the dead band the last write holds: the frame's own
		 * settings may be older ones still in flight, and writing
		 * them again would replay the writes of the last frames for
		 * ever, AE never converged.
		 */
		if (fabs(ratio - 1) < VISP_3A_AE_DEADBAND) {
			next = ctx->last;
		} else {
			/*
			 * Clipped highlights hide how far over the exposure
			 * is: the whole correction is taken.
			 */
			if (ratio < 1 &&
			    visp_3a_clipped(view) > VISP_3A_AE_CLIPPED)
				speed = 1;
			ratio = visp_3a_clamp(exp(speed * log(ratio)),
					      1 / VISP_3A_AE_STEP_MAX,
					      VISP_3A_AE_STEP_MAX);
			total = visp_3a_total(ctx, applied.exposure,
					      applied.again, applied.dgain) *
				ratio;
			if (ctx->total_max)
				total = fmin(total, ctx->total_max);
			visp_3a_split(ctx, total, &next);
		}
	}
	next.frame = write;
	visp_3a_record(ctx, &next);
	res->exposure = next.exposure;
	res->again = next.again;
	res->dgain = next.dgain;
}

/* Grey world over the zones near (@u0, @v0), or over all if @r is 0. */
static bool visp_3a_grey_world(const double (*chroma)[4], unsigned int n,
			       double u0, double v0, double r, double *u,
			       double *v)
{
	double sr = 0, sg = 0, sb = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		const double *z = chroma[i];

		if (r && hypot(z[0] - u0, z[1] - v0) >= r)
			continue;
		/* The zone's green sum, and its red and blue from it. */
		sg += z[2];
		sr += z[2] * exp(z[0]);
		sb += z[2] * exp(z[1]);
	}
	if (!sg || !sr || !sb)
		return false;
	*u = log(sr / sg);
	*v = log(sb / sg);
	return true;
}

static void visp_3a_awb(struct visp_3a *ctx,
			const struct visp_stats_view *view)
{
	const struct visp_3a_config *c = &ctx->cfg;
	double (*chroma)[4], best_score = 0, u, v;
	unsigned int x, y, i, s, n = 0, best = 0;
	uint32_t quads = (uint32_t)ctx->win.zone_w * ctx->win.zone_h / 4;
	struct visp_stats_awb z;
	bool ok;

	if (!(view->meas_valid & VISP_STATS_MEAS_AWB))
		return;
	chroma = calloc(VISP_STATS_ZONES_MAX, sizeof(*chroma));
	if (!chroma)
		return;

	/*
	 * The zones neither dark nor saturated: log r/g, log b/g, green
	 * sum and quads counted.
	 */
	for (y = 0; y < view->awb_grid_h; y++) {
		for (x = 0; x < view->awb_grid_w; x++) {
			if (visp_stats_get_awb(view, x, y, &z) ||
			    z.count < VISP_3A_AWB_MIN_COUNT * quads ||
			    !z.r || !z.b ||
			    z.g < c->awb_dark * ctx->full_scale ||
			    z.r > VISP_3A_AWB_HIGH * ctx->sat_threshold ||
			    z.g > VISP_3A_AWB_HIGH * ctx->sat_threshold ||
			    z.b > VISP_3A_AWB_HIGH * ctx->sat_threshold)
				continue;
			chroma[n][0] = log((double)z.r / z.g);
			chroma[n][1] = log((double)z.b / z.g);
			chroma[n][2] = (double)z.g * z.count;
			chroma[n][3] = z.count;
			n++;
		}
	}

	if (!c->ct_points) {
		ok = visp_3a_grey_world(chroma, n, 0, 0, 0, &u, &v);
	} else {
		/*
		 * The locus point most zones look grey under, each zone
		 * weighted by its area and falling off with its distance.
		 */
		double r = c->awb_grey_radius;

		for (s = 0; s < VISP_3A_LOCUS_SAMPLES; s++) {
			double score = 0;

			for (i = 0; i < n; i++) {
				double d = hypot(chroma[i][0] - ctx->locus[s][0],
						 chroma[i][1] - ctx->locus[s][1]);

				if (d < r)
					score += (1 - d * d / (r * r)) *
						 chroma[i][3];
			}
			if (score > best_score) {
				best_score = score;
				best = s;
			}
		}
		if (best_score)
			ok = visp_3a_grey_world(chroma, n,
						ctx->locus[best][0],
						ctx->locus[best][1], r, &u, &v);
		else
			ok = visp_3a_grey_world(chroma, n, 0, 0, 0,
						&u, &v);
	}
	free(chroma);
	if (!ok)
		return;

	if (ctx->wb_valid) {
		u = ctx->wb_u + c->awb_speed * (u - ctx->wb_u);
		v = ctx->wb_v + c->awb_speed * (v - ctx->wb_v);
	}
	if (c->ct_points)
		ctx->ct = visp_3a_project(ctx, &u, &v) + 0.5;
	ctx->wb_u = u;
	ctx->wb_v = v;
	ctx->wb_valid = true;
}

/*
 * Where @ct falls among the @n colour temperatures at @cts (@stride bytes
 * apart): the entry below, and the weight of the one above, linear in
 * mireds, held at the ends.
 */
static unsigned int visp_3a_ct_interp(const double *cts, size_t stride,
				      unsigned int n, double ct, double *f)
{
	const char *base = (const char *)cts;
	unsigned int i;
	double lo, hi;

#define VISP_3A_CT(k)	(*(const double *)(base + (k) * stride))
	*f = 0;
	if (n == 1 || ct <= VISP_3A_CT(0))
		return 0;
	for (i = 0; i + 2 < n && ct > VISP_3A_CT(i + 1); i++)
		;
	lo = 1e6 / VISP_3A_CT(i);
	hi = 1e6 / VISP_3A_CT(i + 1);
	*f = visp_3a_clamp((lo - 1e6 / ct) / (lo - hi), 0, 1);
	return i;
#undef VISP_3A_CT
}

static void visp_3a_fill_lsc(const struct visp_3a *ctx, double ct,
			     struct visp_params_buffer *p, size_t size)
{
	const struct visp_tuning *t = &ctx->tuning;
	uint16_t (*gain)[VISP_LSC_GRID_NODES];
	unsigned int i, c, n;
	double f;

	gain = calloc(VISP_CFA_CHANNELS, sizeof(*gain));
	if (!gain)
		return;
	i = visp_3a_ct_interp(&t->lsc[0].ct, sizeof(t->lsc[0]), t->lsc_count,
			      ct, &f);
	for (c = 0; c < VISP_CFA_CHANNELS; c++) {
		for (n = 0; n < VISP_LSC_GRID_NODES; n++) {
			double g = t->lsc[i].gain[c][n];

			if (f)
				g += f * (t->lsc[i + 1].gain[c][n] - g);
			gain[c][n] = floor(g + 0.5);
		}
	}
	visp_params_set_lsc(p, size, true, gain);
	free(gain);
}

/*
 * The colour matrix at @ct, in 4.10 fixed point, each row rounded so that
 * it keeps its sum: a white balanced grey stays grey.
 */
static void visp_3a_fill_ccm(const struct visp_3a *ctx, double ct,
			     struct visp_params_buffer *p, size_t size)
{
	static const int16_t offset[3];
	const struct visp_tuning *t = &ctx->tuning;
	int16_t coeff[3][3];
	unsigned int i, r, c;
	double f;

	i = visp_3a_ct_interp(&t->ccm[0].ct, sizeof(t->ccm[0]), t->ccm_count,
			      ct, &f);
	for (r = 0; r < 3; r++) {
		double sum = 0;
		long rounded = 0;

		for (c = 0; c < 3; c++) {
			double m = t->ccm[i].ccm[r][c];

			if (f)
				m += f * (t->ccm[i + 1].ccm[r][c] - m);
			sum += m;
			coeff[r][c] = visp_3a_clamp(floor(m * 1024 + 0.5),
						    VISP_CCM_COEFF_MIN,
						    VISP_CCM_COEFF_MAX);
			rounded += coeff[r][c];
		}
		coeff[r][r] = visp_3a_clamp(coeff[r][r] +
					    floor(sum * 1024 + 0.5) - rounded,
					    VISP_CCM_COEFF_MIN,
					    VISP_CCM_COEFF_MAX);
	}
	visp_params_set_ccm(p, size, true, coeff, offset);
}

/*
 * The segmented curve at 12-bit input @x, 0 to 4096, interpolated as the
 * hardware does (struct visp_params_tone); 4096 gives the last point. The
 * shared library holds no model: this is its own interpolation.
 */
static uint16_t visp_3a_tone_at(const uint16_t curve[VISP_TONE_POINTS],
				unsigned int x)
{
	unsigned int i = 0, x0, w;

	while (i + 1 < VISP_TONE_POINTS && visp_tone_point(i + 1) <= x)
		i++;
	if (i + 1 == VISP_TONE_POINTS)
		return curve[i];
	x0 = visp_tone_point(i);
	w = visp_tone_point(i + 1) - x0;
	return (curve[i] * (w - (x - x0)) + curve[i + 1] * (x - x0) + w / 2) /
	       w;
}

/*
 * The tone curve: the TONE block when the driver has it, else the GAMMA
 * block, from the tuning's gamma curve or its tone curve at the GAMMA
 * block's points (every 64 codes).
 */
static void visp_3a_fill_tone(const struct visp_3a *ctx,
			      struct visp_params_buffer *p, size_t size)
{
	const struct visp_tuning *t = &ctx->tuning;
	uint16_t gamma[VISP_GAMMA_POINTS];
	unsigned int i;

	if ((t->sections & VISP_TUNING_TONE) &&
	    (!ctx->cfg.params_blocks ||
	     (ctx->cfg.params_blocks & (1u << VISP_PARAMS_BLOCK_TONE)))) {
		visp_params_set_tone(p, size, true, t->tone);
	} else if (t->sections & VISP_TUNING_GAMMA) {
		visp_params_set_gamma(p, size, true, t->gamma);
	} else if (t->sections & VISP_TUNING_TONE) {
		for (i = 0; i < VISP_GAMMA_POINTS; i++)
			gamma[i] = visp_3a_tone_at(t->tone, i * 64);
		visp_params_set_gamma(p, size, true, gamma);
	}
}

/* The blocks the tuning drives, at the current colour temperature. */
static void visp_3a_fill_tuning(const struct visp_3a *ctx,
				struct visp_params_buffer *p, size_t size)
{
	const struct visp_tuning *t = &ctx->tuning;
	double ct = ctx->ct ? ctx->ct : VISP_3A_CT_DEFAULT;

	if (t->sections & VISP_TUNING_BLACK_LEVEL)
		visp_params_set_bls(p, size, true, t->black_level);
	if (t->sections & VISP_TUNING_DPC)
		visp_params_set_dpc(p, size, true, t->dpc_threshold);
	if (t->sections & VISP_TUNING_LSC)
		visp_3a_fill_lsc(ctx, ct, p, size);
	if (t->sections & VISP_TUNING_DEMOSAIC)
		visp_params_set_demosaic(p, size, t->demosaic_mode);
	if (t->sections & VISP_TUNING_CCM)
		visp_3a_fill_ccm(ctx, ct, p, size);
	visp_3a_fill_tone(ctx, p, size);
}

static void visp_3a_fill(const struct visp_3a *ctx,
			 struct visp_3a_result *res)
{
	struct visp_params_buffer *p = (void *)res->params;
	double wp = VISP_PIXEL_MAX / ctx->full_scale;
	double gr = wp, gb = wp;

	if (ctx->wb_valid) {
		gr = wp / exp(ctx->wb_u);
		gb = wp / exp(ctx->wb_v);
	}
	res->wb_gain[VISP_CFA_R] = visp_3a_clamp(floor(gr * VISP_GAIN_UNITY +
						       0.5), 0, VISP_GAIN_MAX);
	res->wb_gain[VISP_CFA_GR] = visp_3a_clamp(floor(wp * VISP_GAIN_UNITY +
							0.5), 0, VISP_GAIN_MAX);
	res->wb_gain[VISP_CFA_GB] = res->wb_gain[VISP_CFA_GR];
	res->wb_gain[VISP_CFA_B] = visp_3a_clamp(floor(gb * VISP_GAIN_UNITY +
						       0.5), 0, VISP_GAIN_MAX);
	res->ct = ctx->ct;

	/* Every value is within the validator's rules: these cannot fail. */
	visp_params_init(p, sizeof(res->params));
	if (ctx->cfg.tuning)
		visp_3a_fill_tuning(ctx, p, sizeof(res->params));
	visp_params_set_awb_gains(p, sizeof(res->params), true, res->wb_gain);
	visp_params_set_awb_stats(p, sizeof(res->params), true, &ctx->win,
				  ctx->sat_threshold);
	visp_params_set_ae_stats(p, sizeof(res->params), true, &ctx->win,
				 VISP_AE_TAP_PRE_GAMMA);
	/* Without a lens, sharpness over the whole frame, for the caller. */
	if (ctx->af)
		visp_af_params(ctx->af, p, sizeof(res->params));
	else
		visp_params_set_af_stats(p, sizeof(res->params), true,
					 &ctx->win, VISP_3A_AF_THRESHOLD);
	res->params_size = sizeof(*p) + p->data_size;
}

/*
 * The tuning, copied: what the configuration leaves zero, and the black
 * level the parameters buffer subtracts.
 */
static void visp_3a_use_tuning(struct visp_3a *ctx,
			       const struct visp_tuning *t)
{
	struct visp_3a_config *c = &ctx->cfg;
	unsigned int i;

	ctx->tuning = *t;
	c->tuning = &ctx->tuning;
	if ((t->sections & VISP_TUNING_AE) && !c->ae_target)
		c->ae_target = t->ae_target;
	if ((t->sections & VISP_TUNING_AWB) && !c->ct_points) {
		c->ct_points = t->ct_points;
		memcpy(c->ct_locus, t->ct_locus,
		       sizeof(t->ct_locus[0]) * t->ct_points);
	}
	if (t->sections & VISP_TUNING_AF) {
		if (!c->af_threshold)
			c->af_threshold = t->af.threshold;
		if (!c->af_restart)
			c->af_restart = t->af.restart;
	}
	if (t->sections & VISP_TUNING_BLACK_LEVEL) {
		c->sensor.black_level = 0;
		for (i = 0; i < VISP_CFA_CHANNELS; i++)
			if (t->black_level[i] > c->sensor.black_level)
				c->sensor.black_level = t->black_level[i];
	}
}

/* The tuning's longest exposure time and highest gain. */
static void visp_3a_tuning_limits(struct visp_3a *ctx)
{
	struct visp_3a_sensor *s = &ctx->cfg.sensor;
	double lines = floor(ctx->tuning.ae_exposure_max_us / ctx->line_us);

	s->exposure_max = visp_3a_clamp(lines, s->exposure_min,
					s->exposure_max);
	ctx->total_max = s->exposure_max * ctx->line_us *
			 ctx->tuning.ae_gain_max;
}

struct visp_3a *visp_3a_init(const struct visp_3a_config *config,
			     struct visp_3a_result *result)
{
	const struct visp_3a_sensor *s;
	struct visp_3a *ctx;

	if (!config || !result || visp_3a_check(config))
		return NULL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return NULL;

	ctx->cfg = *config;
	if (config->tuning)
		visp_3a_use_tuning(ctx, config->tuning);
	if (!ctx->cfg.ae_target)
		ctx->cfg.ae_target = 0.16;
	if (!ctx->cfg.ae_speed)
		ctx->cfg.ae_speed = 0.9;
	if (!ctx->cfg.awb_speed)
		ctx->cfg.awb_speed = 0.7;
	if (!ctx->cfg.awb_dark)
		ctx->cfg.awb_dark = 1.0 / 64;
	if (!ctx->cfg.awb_grey_radius)
		ctx->cfg.awb_grey_radius = 0.08;
	if (!ctx->cfg.awb_locus_tolerance)
		ctx->cfg.awb_locus_tolerance = 0.02;
	if (ctx->cfg.ct_points)
		visp_3a_sample_locus(ctx);
	if (visp_af_create(&ctx->cfg, &ctx->af)) {
		free(ctx);
		return NULL;
	}

	s = &ctx->cfg.sensor;
	ctx->line_us = s->line_length * 1e6 / s->pixel_rate;
	visp_3a_grid(s->width, &ctx->win.x, &ctx->win.zone_w,
		     &ctx->win.grid_w);
	visp_3a_grid(s->height, &ctx->win.y, &ctx->win.zone_h,
		     &ctx->win.grid_h);
	ctx->full_scale = VISP_PIXEL_MAX - s->black_level;
	if (ctx->cfg.tuning && (ctx->tuning.sections & VISP_TUNING_AE))
		visp_3a_tuning_limits(ctx);
	ctx->sat_threshold = VISP_3A_AWB_SAT * ctx->full_scale;

	/* The starting controls, within the limits, in force from frame 0. */
	ctx->base.exposure = visp_3a_clamp(s->exposure, s->exposure_min,
					   s->exposure_max);
	ctx->base.again = visp_3a_clamp(s->again, s->again_min, s->again_max);
	ctx->base.dgain = visp_3a_clamp(s->dgain, s->dgain_min, s->dgain_max);
	ctx->last = ctx->base;

	memset(result, 0, sizeof(*result));
	result->exposure = ctx->base.exposure;
	result->again = ctx->base.again;
	result->dgain = ctx->base.dgain;
	result->ae_mean = -1;
	visp_af_start(ctx->af, result);
	visp_3a_fill(ctx, result);
	return ctx;
}

void visp_3a_free(struct visp_3a *ctx)
{
	if (ctx)
		visp_af_free(ctx->af);
	free(ctx);
}

int visp_3a_process(struct visp_3a *ctx, const struct visp_stats_view *view,
		    uint32_t sequence, struct visp_3a_result *result)
{
	uint32_t write;

	/* Frames are processed in order. */
	if (!ctx || !view || !view->stats || !result ||
	    sequence < ctx->seq_min)
		return -EINVAL;
	ctx->seq_min = sequence;
	/*
	 * The results are written during the next frame, not before the last
	 * write, which may have come late (visp_3a_written()).
	 */
	write = sequence + 1;
	if (ctx->hist_n && write < ctx->hist[ctx->hist_n - 1].frame)
		write = ctx->hist[ctx->hist_n - 1].frame;

	memset(result, 0, sizeof(*result));
	visp_3a_ae(ctx, view, sequence, write, result);
	visp_3a_awb(ctx, view);
	visp_af_process(ctx->af, view, &ctx->win, sequence, write, result);
	visp_3a_fill(ctx, result);
	return 0;
}

int visp_3a_written(struct visp_3a *ctx, uint32_t frame)
{
	struct visp_3a_write *w;

	if (!ctx || !ctx->hist_n)
		return -EINVAL;
	w = &ctx->hist[ctx->hist_n - 1];
	if (frame < w->frame)
		return -EINVAL;
	w->frame = frame;
	ctx->last.frame = frame;
	visp_af_written(ctx->af, frame);
	return 0;
}

int visp_3a_set_af_mode(struct visp_3a *ctx, unsigned int mode,
			uint32_t position)
{
	return ctx ? visp_af_set_mode(ctx->af, mode, position) : -EINVAL;
}

int visp_3a_set_af_window(struct visp_3a *ctx,
			  const struct visp_3a_af_window *window)
{
	return ctx ? visp_af_set_window(ctx->af, window) : -EINVAL;
}
