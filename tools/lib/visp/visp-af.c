// SPDX-License-Identifier: GPL-2.0
/*
 * libvisp: contrast auto focus
 *
 * The sharpness of the AF window (the sum of the AF statistics' zones,
 * divided by the window's mean luma from the AE zones so that exposure
 * and white balance changes do not look like focus changes) is highest
 * where the lens focuses the window's subject. A search samples it at
 * positions of the lens:
 *
 * - a coarse scan of nine positions (the tuning's af section sets this and
 *   the other numbers here) over the lens's range, from the end
 *   nearer the lens, which stops once the sharpness has fallen back below
 *   half way between the lowest and the highest measured after a peak;
 * - a fine scan at a quarter of the coarse step around the vertex of the
 *   parabola through the sharpest coarse position and its neighbours,
 *   extended a step at a time (hill climbing) while the sharpest position
 *   is at its edge;
 * - the lens then goes to the vertex of the parabola through the sharpest
 *   position and its neighbours, which are at most a fine step away.
 *
 * One position is written per frame, before the measurements of the
 * previous ones come back: the lens's delay apart, the context records
 * the position each frame was exposed with and gives each frame's
 * sharpness to that position. A position whose frame brought no
 * measurement is sent again.
 *
 * In continuous mode the sharpness at the position found is watched: when
 * it drops by the configured fraction and three frames in a row agree
 * (the scene is steady, not moving), a new search starts.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "visp-af.h"

/* Writes remembered, at least the largest delay plus one */
#define VISP_AF_HISTORY		16
#define VISP_AF_DELAY_MAX	(VISP_AF_HISTORY - 2)
/* Positions a search measures, at most */
#define VISP_AF_SAMPLES		32
/* Frames a search may take before it gives up */
#define VISP_AF_FRAMES_MAX	64
/* Frames whose sharpness must agree, and how closely, to be steady */
#define VISP_AF_STEADY		3
#define VISP_AF_STEADY_TOL	0.1
/* Zones of the AF statistics grid, at most, either way */
#define VISP_AF_GRID		4
/* Frames whose statistics may be of the previous window */
#define VISP_AF_WINDOW_FRAMES	2

enum visp_af_phase {
	VISP_AF_PHASE_HOLD,
	VISP_AF_PHASE_COARSE,
	VISP_AF_PHASE_FINE,
};

/**
 * struct visp_af_sample - a lens position a search measures
 *
 * @pos: position
 * @frame: first frame exposed at @pos after it was sent
 * @sent: the position was written
 * @done: @sharpness holds its measurement
 * @sharpness: the measurement
 */
struct visp_af_sample {
	uint32_t pos;
	uint32_t frame;
	bool sent;
	bool done;
	double sharpness;
};

/**
 * struct visp_af_write - a lens position written
 *
 * @frame: sequence of the frame during which it was written
 * @pos: position
 */
struct visp_af_write {
	uint32_t frame;
	uint32_t pos;
};

/**
 * struct visp_af - AF context
 *
 * @lens: the lens
 * @mode: enum visp_af_mode
 * @state: enum visp_af_state
 * @phase: enum visp_af_phase
 * @threshold: coring threshold of the statistics
 * @restart: fraction of @ref by which a drop restarts a search
 * @coarse: positions of the coarse scan
 * @contrast: smallest (highest / lowest - 1) of a search that found a peak
 * @frame_w: frame width, pixels
 * @frame_h: frame height, pixels
 * @area: the AF window
 * @win: the AF statistics window over @area
 * @skip: frames whose statistics are not used (a new window)
 * @hist: the last writes, oldest first, @hist_n of them
 * @hist_n: entries of @hist
 * @base: the position in force before the writes of @hist
 * @target: the position held outside scans (the one found, or the
 *	manual one), and while a scan waits for its measurements
 * @step: coarse step
 * @fine: fine step
 * @climbs: fine positions added by hill climbing in this search
 * @frames: frames of this search so far
 * @samples: positions of this search, @n of them; the coarse ones first
 * @sent: the entry of @samples the last write sent, or -1 if it sent
 *	none (a position held)
 * @n: entries of @samples
 * @coarse_n: coarse entries of @samples
 * @ref: in continuous mode, the sharpness at @target after the search,
 *	or negative before its first measurement
 * @recent: the last sharpness measurements at @target, newest at
 *	@recent_n - 1
 * @recent_n: entries of @recent
 */
struct visp_af {
	struct visp_3a_lens lens;
	unsigned int mode;
	unsigned int state;
	unsigned int phase;
	uint16_t threshold;
	double restart;
	unsigned int coarse;
	double contrast;
	uint32_t frame_w;
	uint32_t frame_h;
	struct visp_3a_af_window area;
	struct visp_stats_window win;
	unsigned int skip;
	struct visp_af_write hist[VISP_AF_HISTORY];
	unsigned int hist_n;
	uint32_t base;
	uint32_t target;
	uint32_t step;
	uint32_t fine;
	unsigned int climbs;
	unsigned int frames;
	struct visp_af_sample samples[VISP_AF_SAMPLES];
	int sent;
	unsigned int n;
	unsigned int coarse_n;
	double ref;
	double recent[VISP_AF_STEADY];
	unsigned int recent_n;
};

static uint32_t visp_af_clamp(const struct visp_af *af, double pos)
{
	if (pos < af->lens.min)
		return af->lens.min;
	if (pos > af->lens.max)
		return af->lens.max;
	return floor(pos + 0.5);
}

/* The last position written. */
static uint32_t visp_af_last(const struct visp_af *af)
{
	return af->hist_n ? af->hist[af->hist_n - 1].pos : af->base;
}

/* The position frame @frame was exposed with. */
static uint32_t visp_af_applied(const struct visp_af *af, uint32_t frame)
{
	unsigned int i;

	for (i = af->hist_n; i-- > 0;)
		if (af->hist[i].frame + af->lens.delay <= frame)
			return af->hist[i].pos;
	return af->base;
}

static void visp_af_write(struct visp_af *af, uint32_t frame, uint32_t pos)
{
	if (af->hist_n == VISP_AF_HISTORY) {
		af->base = af->hist[0].pos;
		memmove(af->hist, af->hist + 1,
			sizeof(af->hist[0]) * (VISP_AF_HISTORY - 1));
		af->hist_n--;
	}
	af->hist[af->hist_n].frame = frame;
	af->hist[af->hist_n].pos = pos;
	af->hist_n++;
}

/* The statistics window: up to 4 x 4 even zones over the AF window. */
static void visp_af_set_win(struct visp_af *af)
{
	const struct visp_3a_af_window *a = &af->area;
	struct visp_stats_window *w = &af->win;

	memset(w, 0, sizeof(*w));
	w->x = a->x & ~1u;
	w->y = a->y & ~1u;
	w->grid_w = a->width / VISP_STATS_ZONE_MIN;
	w->grid_h = a->height / VISP_STATS_ZONE_MIN;
	if (w->grid_w > VISP_AF_GRID)
		w->grid_w = VISP_AF_GRID;
	if (w->grid_h > VISP_AF_GRID)
		w->grid_h = VISP_AF_GRID;
	w->zone_w = (a->width / w->grid_w) & ~1u;
	w->zone_h = (a->height / w->grid_h) & ~1u;
}

static int visp_af_check_window(const struct visp_af *af,
				const struct visp_3a_af_window *a)
{
	if (a->width < 2 * VISP_STATS_ZONE_MIN ||
	    a->height < 2 * VISP_STATS_ZONE_MIN ||
	    a->x > af->frame_w - a->width || a->width > af->frame_w ||
	    a->y > af->frame_h - a->height || a->height > af->frame_h)
		return -EINVAL;
	return 0;
}

static void visp_af_default_window(struct visp_af *af)
{
	af->area.width = af->frame_w / 2;
	af->area.height = af->frame_h / 2;
	af->area.x = af->frame_w / 4;
	af->area.y = af->frame_h / 4;
}

int visp_af_create(const struct visp_3a_config *c, struct visp_af **afp)
{
	const struct visp_3a_lens *l = &c->lens;
	const struct visp_tuning_af *t = NULL;
	unsigned int fine_div = VISP_AF_DEFAULT_FINE_DIVISOR;
	struct visp_af *af;

	*afp = NULL;
	if (!l->present)
		return 0;
	if (l->min >= l->max || l->position < l->min ||
	    l->position > l->max || l->delay > VISP_AF_DELAY_MAX ||
	    c->af_mode > VISP_AF_MODE_CONTINUOUS ||
	    c->af_threshold > VISP_PIXEL_MAX ||
	    c->af_restart < 0 || c->af_restart > 1)
		return -EINVAL;

	af = calloc(1, sizeof(*af));
	if (!af)
		return -ENOMEM;
	af->lens = *l;
	af->frame_w = c->sensor.width;
	af->frame_h = c->sensor.height;
	af->threshold = c->af_threshold ? c->af_threshold :
				       VISP_AF_DEFAULT_THRESHOLD;
	af->restart = c->af_restart ? c->af_restart : VISP_AF_DEFAULT_RESTART;
	af->coarse = VISP_AF_DEFAULT_COARSE_STEPS;
	af->contrast = VISP_AF_DEFAULT_CONTRAST;
	/* The tuning was checked by visp_3a_init(). */
	if (c->tuning && (c->tuning->sections & VISP_TUNING_AF)) {
		t = &c->tuning->af;
		af->coarse = t->coarse_steps;
		af->contrast = t->contrast;
		fine_div = t->fine_divisor;
	}
	af->base = af->target = l->position;
	af->step = (l->max - l->min + af->coarse - 2) / (af->coarse - 1);
	af->fine = af->step / fine_div ? af->step / fine_div : 1;
	if (!c->af_window.width || !c->af_window.height) {
		visp_af_default_window(af);
	} else if (visp_af_check_window(af, &c->af_window)) {
		free(af);
		return -EINVAL;
	} else {
		af->area = c->af_window;
	}
	visp_af_set_win(af);
	af->mode = c->af_mode;
	*afp = af;
	return 0;
}

void visp_af_free(struct visp_af *af)
{
	free(af);
}

/* Adds a position to measure, unless the search has it already. */
static void visp_af_add(struct visp_af *af, double pos)
{
	uint32_t p = visp_af_clamp(af, pos);
	unsigned int i;

	for (i = 0; i < af->n; i++)
		if (af->samples[i].pos == p)
			return;
	if (af->n == VISP_AF_SAMPLES)
		return;
	memset(&af->samples[af->n], 0, sizeof(af->samples[0]));
	af->samples[af->n++].pos = p;
}

/* A new search, its coarse scan from the end nearer the lens. */
static void visp_af_search(struct visp_af *af)
{
	const struct visp_3a_lens *l = &af->lens;
	bool down = visp_af_last(af) - l->min > l->max - visp_af_last(af);
	unsigned int i;

	af->n = 0;
	for (i = 0; i < af->coarse; i++) {
		unsigned int k = down ? af->coarse - 1 - i : i;

		visp_af_add(af, l->min + (double)k * (l->max - l->min) /
				(af->coarse - 1));
	}
	af->coarse_n = af->n;
	af->climbs = 0;
	af->frames = 0;
	af->phase = VISP_AF_PHASE_COARSE;
	af->state = VISP_AF_STATE_SCANNING;
	af->target = af->samples[0].pos;
}

/* Start in the configured mode; the write counts as made during frame 0. */
void visp_af_start(struct visp_af *af, struct visp_3a_result *res)
{
	if (!af)
		return;
	af->phase = VISP_AF_PHASE_HOLD;
	af->state = VISP_AF_STATE_IDLE;
	af->sent = -1;
	if (af->mode != VISP_AF_MODE_OFF) {
		visp_af_search(af);
		af->samples[0].sent = true;
		af->samples[0].frame = af->lens.delay;
		af->sent = 0;
	}
	visp_af_write(af, 0, af->target);
	res->focus = af->target;
	res->af_state = af->state;
	res->af_sharpness = -1;
}

/* Sharpness of the window over its mean luma, or -1. */
static double visp_af_measure(const struct visp_af *af,
			      const struct visp_stats_view *view,
			      const struct visp_stats_window *ae)
{
	const struct visp_3a_af_window *a = &af->area;
	double sum = 0, luma = 0, pixels;
	unsigned int x, y, n = 0;
	uint64_t s;
	uint16_t m;

	if (!(view->meas_valid & VISP_STATS_MEAS_AF))
		return -1;
	for (y = 0; y < view->af_grid_h; y++)
		for (x = 0; x < view->af_grid_w; x++)
			if (!visp_stats_get_af(view, x, y, &s))
				sum += s;
	pixels = (double)af->win.zone_w * af->win.zone_h * af->win.grid_w *
		 af->win.grid_h;

	/* The AE zones whose centre is in the AF window. */
	for (y = 0; ae && y < view->ae_grid_h; y++) {
		uint32_t cy = ae->y + ae->zone_h * y + ae->zone_h / 2;

		if (cy < a->y || cy >= a->y + a->height)
			continue;
		for (x = 0; x < view->ae_grid_w; x++) {
			uint32_t cx = ae->x + ae->zone_w * x + ae->zone_w / 2;

			if (cx < a->x || cx >= a->x + a->width ||
			    visp_stats_get_ae_zone(view, x, y, &m))
				continue;
			luma += m;
			n++;
		}
	}
	/* 8.8 fixed point: 256 is one 8-bit code. */
	luma = n && luma > 0 ? luma / n / 256 : 1;
	return sum / pixels / fmax(luma, 1.0 / 256);
}

/* The search's sample at @pos, or NULL. */
static struct visp_af_sample *visp_af_find(struct visp_af *af, uint32_t pos)
{
	unsigned int i;

	for (i = 0; i < af->n; i++)
		if (af->samples[i].pos == pos)
			return &af->samples[i];
	return NULL;
}

/*
 * The measured samples nearest @best below and above it, NULL where there
 * is none.
 */
static void visp_af_neighbours(struct visp_af *af,
			       const struct visp_af_sample *best,
			       struct visp_af_sample **lo,
			       struct visp_af_sample **hi)
{
	unsigned int i;

	*lo = *hi = NULL;
	for (i = 0; i < af->n; i++) {
		struct visp_af_sample *s = &af->samples[i];

		if (!s->done)
			continue;
		if (s->pos < best->pos && (!*lo || s->pos > (*lo)->pos))
			*lo = s;
		if (s->pos > best->pos && (!*hi || s->pos < (*hi)->pos))
			*hi = s;
	}
}

/* The measured sample of @first to @last - 1 with the highest sharpness. */
static struct visp_af_sample *visp_af_best(struct visp_af *af,
					   unsigned int first,
					   unsigned int last, double *lowest)
{
	struct visp_af_sample *best = NULL;
	unsigned int i;

	*lowest = INFINITY;
	for (i = first; i < last; i++) {
		struct visp_af_sample *s = &af->samples[i];

		if (!s->done)
			continue;
		if (!best || s->sharpness > best->sharpness)
			best = s;
		*lowest = fmin(*lowest, s->sharpness);
	}
	return best;
}

/*
 * The vertex of the parabola through @best and its neighbours, within
 * half way to each; @best itself when a neighbour is missing or the
 * three are not concave.
 */
static double visp_af_vertex(const struct visp_af_sample *lo,
			     const struct visp_af_sample *best,
			     const struct visp_af_sample *hi)
{
	double x0, x2, y0, y2, a, b, v;

	if (!lo || !hi)
		return best->pos;
	/* Relative to the best position. */
	x0 = (double)lo->pos - best->pos;
	x2 = (double)hi->pos - best->pos;
	y0 = lo->sharpness - best->sharpness;
	y2 = hi->sharpness - best->sharpness;
	/* y = a x^2 + b x through (x0, y0), (0, 0), (x2, y2). */
	a = (y0 / x0 - y2 / x2) / (x0 - x2);
	b = y0 / x0 - a * x0;
	if (!(a < 0))
		return best->pos;
	v = -b / (2 * a);
	v = fmax(v, x0 / 2);
	v = fmin(v, x2 / 2);
	return best->pos + v;
}

/* The coarse scan is over: the fine positions around its peak. */
static void visp_af_fine(struct visp_af *af)
{
	struct visp_af_sample *best, *lo, *hi;
	double lowest, e;
	unsigned int i, n = 0;

	/* The positions not measured yet are not wanted any more. */
	for (i = 0; i < af->n; i++)
		if (af->samples[i].done)
			af->samples[n++] = af->samples[i];
	af->n = af->coarse_n = n;
	best = visp_af_best(af, 0, af->n, &lowest);
	visp_af_neighbours(af, best, &lo, &hi);
	e = visp_af_vertex(lo, best, hi);
	visp_af_add(af, e - af->fine);
	visp_af_add(af, e);
	visp_af_add(af, e + af->fine);
	af->target = visp_af_clamp(af, e);
	af->phase = VISP_AF_PHASE_FINE;
}

static void visp_af_lock(struct visp_af *af, uint32_t pos, bool found)
{
	af->target = pos;
	af->phase = VISP_AF_PHASE_HOLD;
	af->state = found ? VISP_AF_STATE_FOCUSED : VISP_AF_STATE_FAILED;
	af->ref = -1;
	af->recent_n = 0;
}

/* Every fine position is measured: climb on, or end the search. */
static void visp_af_decide(struct visp_af *af)
{
	struct visp_af_sample *best, *lo, *hi;
	double lowest;
	unsigned int n = af->n;

	best = visp_af_best(af, 0, af->n, &lowest);
	if (!best) {
		visp_af_lock(af, af->target, false);
		return;
	}
	visp_af_neighbours(af, best, &lo, &hi);
	if (af->climbs < af->coarse) {
		if ((!lo || best->pos - lo->pos > af->fine) &&
		    best->pos > af->lens.min)
			visp_af_add(af, (double)best->pos - af->fine);
		if ((!hi || hi->pos - best->pos > af->fine) &&
		    best->pos < af->lens.max)
			visp_af_add(af, (double)best->pos + af->fine);
		if (af->n > n) {
			af->climbs++;
			return;
		}
	}
	visp_af_lock(af, visp_af_clamp(af, visp_af_vertex(lo, best, hi)),
		     best->sharpness > lowest * (1 + af->contrast));
}

/* Whether the coarse scan has passed a peak or measured every position. */
static bool visp_af_coarse_over(struct visp_af *af)
{
	struct visp_af_sample *best;
	double lowest;
	unsigned int i, last = 0;

	for (i = 0; i < af->coarse_n; i++) {
		if (!af->samples[i].done)
			break;
		last = i;
	}
	if (i == af->coarse_n)
		return true;
	if (!i)
		return false;
	best = visp_af_best(af, 0, i, &lowest);
	return best->sharpness > lowest * (1 + af->contrast) &&
	       best < &af->samples[last] &&
	       af->samples[last].sharpness < (best->sharpness + lowest) / 2;
}

/* Continuous mode: a steady drop of the sharpness starts a search. */
static void visp_af_watch(struct visp_af *af, double v)
{
	double lo = v, hi = v;
	unsigned int i;

	if (af->ref < 0) {
		af->ref = v;
		return;
	}
	af->ref = fmax(af->ref, v);
	if (af->recent_n == VISP_AF_STEADY) {
		memmove(af->recent, af->recent + 1,
			sizeof(af->recent[0]) * (VISP_AF_STEADY - 1));
		af->recent_n--;
	}
	af->recent[af->recent_n++] = v;
	if (af->recent_n < VISP_AF_STEADY || v >= af->ref * (1 - af->restart))
		return;
	for (i = 0; i < af->recent_n; i++) {
		lo = fmin(lo, af->recent[i]);
		hi = fmax(hi, af->recent[i]);
	}
	if (hi - lo <= VISP_AF_STEADY_TOL * hi)
		visp_af_search(af);
}

/* The position to write during frame @frame. */
static uint32_t visp_af_next(struct visp_af *af, uint32_t frame)
{
	unsigned int i;

	af->sent = -1;
	if (af->phase == VISP_AF_PHASE_HOLD)
		return af->target;
	for (i = 0; i < af->n; i++) {
		struct visp_af_sample *s = &af->samples[i];

		if (!s->sent) {
			s->sent = true;
			s->frame = frame + af->lens.delay;
			af->sent = i;
			/* Held until measured if the next one is the same. */
			return s->pos;
		}
	}
	return af->target;
}

void visp_af_process(struct visp_af *af, const struct visp_stats_view *view,
		     const struct visp_stats_window *ae_win, uint32_t sequence,
		     uint32_t write, struct visp_3a_result *res)
{
	struct visp_af_sample *s;
	uint32_t pos, next;
	unsigned int i;
	double v;

	if (!af)
		return;
	pos = visp_af_applied(af, sequence);
	v = visp_af_measure(af, view, ae_win);
	if (af->skip) {
		af->skip--;
		v = -1;
	}
	res->af_sharpness = v;

	if (af->phase != VISP_AF_PHASE_HOLD) {
		s = visp_af_find(af, pos);
		if (s && v >= 0 && !s->done) {
			s->done = true;
			s->sharpness = v;
		}
		/* A position whose frame brought nothing is sent again. */
		for (i = 0; i < af->n; i++) {
			s = &af->samples[i];
			if (s->sent && !s->done && s->frame <= sequence &&
			    pos != s->pos)
				s->sent = false;
		}
		if (af->phase == VISP_AF_PHASE_COARSE && visp_af_coarse_over(af))
			visp_af_fine(af);
		if (af->phase == VISP_AF_PHASE_FINE) {
			for (i = af->coarse_n; i < af->n; i++)
				if (!af->samples[i].done)
					break;
			if (i == af->n)
				visp_af_decide(af);
		}
		if (af->phase != VISP_AF_PHASE_HOLD &&
		    ++af->frames >= VISP_AF_FRAMES_MAX) {
			double lowest;

			s = visp_af_best(af, 0, af->n, &lowest);
			visp_af_lock(af, s ? s->pos : af->target, false);
		}
	} else if (af->mode == VISP_AF_MODE_CONTINUOUS && v >= 0 &&
		   pos == af->target && visp_af_last(af) == af->target) {
		visp_af_watch(af, v);
	}

	next = visp_af_next(af, write);
	visp_af_write(af, write, next);
	res->focus = next;
	res->af_state = af->state;
}

void visp_af_written(struct visp_af *af, uint32_t frame)
{
	if (!af || !af->hist_n)
		return;
	af->hist[af->hist_n - 1].frame = frame;
	if (af->sent >= 0)
		af->samples[af->sent].frame = frame + af->lens.delay;
}

void visp_af_params(const struct visp_af *af, struct visp_params_buffer *p,
		    size_t size)
{
	if (af)
		visp_params_set_af_stats(p, size, true, &af->win,
					 af->threshold);
}

int visp_af_set_mode(struct visp_af *af, unsigned int mode, uint32_t position)
{
	if (!af)
		return -ENODEV;
	if (mode > VISP_AF_MODE_CONTINUOUS ||
	    (mode == VISP_AF_MODE_OFF &&
	     (position < af->lens.min || position > af->lens.max)))
		return -EINVAL;
	af->mode = mode;
	if (mode == VISP_AF_MODE_OFF) {
		af->target = position;
		af->phase = VISP_AF_PHASE_HOLD;
		af->state = VISP_AF_STATE_IDLE;
	} else {
		visp_af_search(af);
	}
	return 0;
}

int visp_af_set_window(struct visp_af *af,
		       const struct visp_3a_af_window *window)
{
	if (!af)
		return -ENODEV;
	if (!window)
		visp_af_default_window(af);
	else if (visp_af_check_window(af, window))
		return -EINVAL;
	else
		af->area = *window;
	visp_af_set_win(af);
	af->skip = VISP_AF_WINDOW_FRAMES;
	if (af->mode != VISP_AF_MODE_OFF)
		visp_af_search(af);
	return 0;
}
