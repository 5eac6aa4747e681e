// SPDX-License-Identifier: GPL-2.0
/*
 * Randomised comparison of the model with a second, naive implementation
 * written pixel by pixel from the hardware manual (whole-frame arrays,
 * direct formulas, no line buffers, no look-up tables). Both must agree
 * bit for bit on every output byte and on the statistics.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <stdlib.h>
#include <string.h>

#include "tap.h"

static u32 rng_state;

static u32 rnd(u32 n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return ((rng_state >> 8) & 0xffffff) % n;
}

static int refl(int i, int n)
{
	if (i < 0)
		return -i;
	if (i >= n)
		return 2 * (n - 1) - i;
	return i;
}

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Channel at (x, y): the manual's CFA table. */
static int cfa(const struct visp_model_config *c, int x, int y)
{
	static const char *const o[4] = { "RGGB", "GRBG", "GBRG", "BGGR" };
	char ch = o[c->bayer][(y & 1) * 2 + (x & 1)];
	const char *s = o[c->bayer];
	int red_row = (s[0] == 'R' || s[1] == 'R') ? 0 : 1;

	if (ch == 'R')
		return VISP_CFA_R;
	if (ch == 'B')
		return VISP_CFA_B;
	return (y & 1) == red_row ? VISP_CFA_GR : VISP_CFA_GB;
}

struct ref {
	int w, h;
	int *n16, *bay, *dpc, *lsc, *wb;
	int *rgb[3];	/* after gamma */
	int *lin[3];	/* after CCM */
	struct visp_stats_buffer st;
};

#define AT(a, x, y)	((a)[(y) * r->w + (x)])

static int unpack(const struct visp_model_config *c, const u8 *row, int x)
{
	const u8 *g;

	switch (c->in_type) {
	case VISP_IN_TYPE_RAW8:
		return row[x] << 8;
	case VISP_IN_TYPE_RAW10:
		return ((row[2 * x] + 256 * row[2 * x + 1]) % 1024) * 64;
	case VISP_IN_TYPE_RAW12:
		return ((row[2 * x] + 256 * row[2 * x + 1]) % 4096) * 16;
	case VISP_IN_TYPE_RAW16:
		return row[2 * x] + 256 * row[2 * x + 1];
	case VISP_IN_TYPE_RAW10_CSI2P:
		g = row + (x / 4) * 5;
		return (g[x % 4] * 4 + ((g[4] >> (2 * (x % 4))) & 3)) * 64;
	default:
		g = row + (x / 2) * 3;
		return (g[x % 2] * 16 + ((g[2] >> (4 * (x % 2))) & 15)) * 16;
	}
}

/* Point i's input: i below 32, then 16 points per octave. */
static int tone_point(int i)
{
	return i < 32 ? i : (32 << ((i - 32) / 16)) * (16 + (i - 32) % 16) / 16;
}

/*
 * The segmented curve straight from its definition: find the two points
 * around v by their inputs, the segment width being their distance.
 */
static int tone_seg(const struct visp_model_config *c, int v)
{
	int i = 0, x0, x1, w;

	while (tone_point(i + 1) <= v)
		i++;
	x0 = tone_point(i);
	x1 = tone_point(i + 1);
	w = x1 - x0;
	return (c->tone_lut[i] * (x1 - v) + c->tone_lut[i + 1] * (v - x0) +
		w / 2) / w;
}

static int gamma_curve(const struct visp_model_config *c, int v)
{
	int i = v / 64, f = v % 64;

	if (!c->gamma_en)
		return v;
	if (c->tone_seg)
		return tone_seg(c, v);
	return (c->gamma_lut[i] * (64 - f) + c->gamma_lut[i + 1] * f + 32) /
	       64;
}

static int luma12(int r, int g, int b)
{
	return (1225 * r + 2404 * g + 467 * b + 2048) / 4096;
}

static void ref_bayer(const struct visp_model_config *c,
		      const struct visp_model_buffers *buf, struct ref *r)
{
	int x, y, dx, dy;

	for (y = 0; y < r->h; y++) {
		for (x = 0; x < r->w; x++) {
			int v = unpack(c, buf->in + y * buf->in_stride, x);
			int b = v / 16;

			AT(r->n16, x, y) = v;
			if (c->bls_en)
				b = b - c->bls_level[cfa(c, x, y)];
			AT(r->bay, x, y) = b < 0 ? 0 : b;
		}
	}

	for (y = 0; y < r->h; y++) {
		for (x = 0; x < r->w; x++) {
			int p = AT(r->bay, x, y), lo = 1 << 20, hi = -1;
			int t = c->dpc_thresh;

			for (dy = -2; dy <= 2; dy += 2) {
				for (dx = -2; dx <= 2; dx += 2) {
					int q;

					if (!dx && !dy)
						continue;
					q = AT(r->bay, refl(x + dx, r->w),
					       refl(y + dy, r->h));
					lo = q < lo ? q : lo;
					hi = q > hi ? q : hi;
				}
			}
			if (c->dpc_en && p > hi + t)
				p = hi;
			else if (c->dpc_en && p + t < lo)
				p = lo;
			AT(r->dpc, x, y) = p;
		}
	}

	for (y = 0; y < r->h; y++) {
		for (x = 0; x < r->w; x++) {
			int ch = cfa(c, x, y), v = AT(r->dpc, x, y);

			if (c->lsc_en) {
				long gx = (long)x * c->lsc_xstep;
				long gy = (long)y * c->lsc_ystep;
				const u16 *t = c->lsc_table[ch];
				int i, j, fx, fy, v0, v1, gain;

				gx = gx > (16 << 16) - 1 ? (16 << 16) - 1 : gx;
				gy = gy > (12 << 16) - 1 ? (12 << 16) - 1 : gy;
				i = gx >> 16;
				j = gy >> 16;
				fx = (gx >> 6) & 1023;
				fy = (gy >> 6) & 1023;
				v0 = (t[j * 17 + i] * (1024 - fy) +
				      t[(j + 1) * 17 + i] * fy + 512) >> 10;
				v1 = (t[j * 17 + i + 1] * (1024 - fy) +
				      t[(j + 1) * 17 + i + 1] * fy + 512) >> 10;
				gain = (v0 * (1024 - fx) + v1 * fx + 512) >> 10;
				v = (v * gain + 512) >> 10;
				v = v > 4095 ? 4095 : v;
			}
			AT(r->lsc, x, y) = v;
			if (c->wb_en) {
				v = (v * c->wb_gain[ch] + 512) >> 10;
				v = v > 4095 ? 4095 : v;
			}
			AT(r->wb, x, y) = v;
		}
	}
}

/* floor(sqrt(v)), by bisection */
static int isqrt_ref(unsigned int v)
{
	unsigned int lo = 0, hi = 65536;

	while (hi - lo > 1) {
		unsigned int mid = (lo + hi) / 2;

		if ((unsigned long long)mid * mid <= v)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The median of @n values, by sorting them */
static int median_n(int *v, int n)
{
	int i, j, t;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (v[j] < v[i]) {
				t = v[i];
				v[i] = v[j];
				v[j] = t;
			}
	return v[n / 2];
}

/* floor(a / b) for b > 0: the manual's >> on negative sums */
static int fdiv(int a, int b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* The manual's blend(a, b, ea, eb) */
static int blend_ref(int a, int b, int ea, int eb)
{
	if (eb > 4 * ea)
		return a;
	if (eb > 2 * ea)
		return fdiv(3 * a + b + 2, 4);
	if (ea > 4 * eb)
		return b;
	if (ea > 2 * eb)
		return fdiv(a + 3 * b + 2, 4);
	return fdiv(a + b + 1, 2);
}

#define AQ(a, x, y)	AT(a, refl(x, r->w), refl(y, r->h))

/* Sum of a plane at (x, y), counted twice, and its diagonal neighbours */
static int diag5(const struct ref *r, const int *a, int x, int y)
{
	return 2 * AQ(a, x, y) + AQ(a, x - 1, y - 1) + AQ(a, x + 1, y - 1) +
	       AQ(a, x - 1, y + 1) + AQ(a, x + 1, y + 1);
}

/*
 * The directional demosaic of the manual on whole frames, one plane per
 * step: the square roots q; KH, KV, GH, GV, GA, GB; G1; green g and the
 * colour site differences d; the other colour x; R - G and B - G
 * (dif[0], dif[1]) everywhere; their 3x3 medians, and back to 12 bits in
 * out.
 */
static void ref_directional(const struct visp_model_config *c, struct ref *r,
			    int *out[3])
{
	int n = r->w * r->h, x, y, k, i, j;
	int *q = calloc(n, sizeof(int)), *g = calloc(n, sizeof(int));
	int *g1 = calloc(n, sizeof(int)), *d = calloc(n, sizeof(int));
	int *xo = calloc(n, sizeof(int));
	int *kh = calloc(n, sizeof(int)), *kv = calloc(n, sizeof(int));
	int *gh = calloc(n, sizeof(int)), *gv = calloc(n, sizeof(int));
	int *ga = calloc(n, sizeof(int)), *gb = calloc(n, sizeof(int));
	int *dif[2] = { calloc(n, sizeof(int)), calloc(n, sizeof(int)) };

	for (y = 0; y < r->h; y++)
		for (x = 0; x < r->w; x++)
			AT(q, x, y) = isqrt_ref(AT(r->wb, x, y) * 65536);

	/* step 2 */
	for (y = 0; y < r->h; y++) {
		for (x = 0; x < r->w; x++) {
			int C = AQ(q, x, y), W = AQ(q, x - 1, y);
			int E = AQ(q, x + 1, y), N = AQ(q, x, y - 1);
			int S = AQ(q, x, y + 1);
			int lh = 2 * C - AQ(q, x - 2, y) - AQ(q, x + 2, y);
			int lv = 2 * C - AQ(q, x, y - 2) - AQ(q, x, y + 2);
			int eh = fdiv(2 * (W + E) + lh + 2, 4);
			int ev = fdiv(2 * (N + S) + lv + 2, 4);
			int ch = cfa(c, x, y);
			int green = ch == VISP_CFA_GR || ch == VISP_CFA_GB;

			AT(kh, x, y) = green ? C - eh : eh - C;
			AT(kv, x, y) = green ? C - ev : ev - C;
			AT(gh, x, y) = abs(W - E) + abs(lh);
			AT(gv, x, y) = abs(N - S) + abs(lv);
			AT(ga, x, y) = abs(AQ(q, x - 1, y - 1) -
					   AQ(q, x + 1, y + 1)) +
				       abs(2 * C - AQ(q, x - 2, y - 2) -
					   AQ(q, x + 2, y + 2));
			AT(gb, x, y) = abs(AQ(q, x + 1, y - 1) -
					   AQ(q, x - 1, y + 1)) +
				       abs(2 * C - AQ(q, x + 2, y - 2) -
					   AQ(q, x - 2, y + 2));
		}
	}

	/* step 3 */
	for (y = 0; y < r->h; y++) {
		for (x = 0; x < r->w; x++) {
			int ch = cfa(c, x, y), C = AT(q, x, y);
			int sh = 1, sv = 1, kk = 0, eh, ev;

			if (ch == VISP_CFA_GR || ch == VISP_CFA_GB) {
				AT(g1, x, y) = C;
				continue;
			}
			eh = C + fdiv(AQ(kh, x - 1, y) + 2 * AT(kh, x, y) +
				      AQ(kh, x + 1, y) + 2, 4);
			ev = C + fdiv(AQ(kv, x, y - 1) + 2 * AT(kv, x, y) +
				      AQ(kv, x, y + 1) + 2, 4);
			for (j = -1; j <= 1; j++)
				for (i = -1; i <= 1; i++) {
					sh += AQ(gh, x + i, y + j);
					sv += AQ(gv, x + i, y + j);
				}
			/* the ratios of the manual's table that sv / sh exceeds */
			for (i = 0; i < 4; i++) {
				static const int ratio[4] = { 17, 31, 43, 56 };

				kk += ratio[i] * sh < 64 * sv;
				kk += 64 * sh < ratio[i] * sv;
			}
			AT(g1, x, y) = clampi(fdiv(kk * eh + (8 - kk) * ev + 4,
						   8), 0, 16381);
		}
	}

	/* step 4 */
	for (y = 0; y < r->h; y++) {
		for (x = 0; x < r->w; x++) {
			int ch = cfa(c, x, y), v = AT(g1, x, y);
			int ta, tb, m;

			if (ch == VISP_CFA_GR || ch == VISP_CFA_GB) {
				AT(g, x, y) = v;
				continue;
			}
			ta = diag5(r, ga, x, y);
			tb = diag5(r, gb, x, y);
			m = diag5(r, gh, x, y);
			if (diag5(r, gv, x, y) < m)
				m = diag5(r, gv, x, y);
			if (3 * ta < tb && 2 * ta < m)
				v = (AQ(g1, x - 1, y - 1) + 2 * v +
				     AQ(g1, x + 1, y + 1) + 2) / 4;
			else if (3 * tb < ta && 2 * tb < m)
				v = (AQ(g1, x + 1, y - 1) + 2 * v +
				     AQ(g1, x - 1, y + 1) + 2) / 4;
			AT(g, x, y) = v;
			AT(d, x, y) = AT(q, x, y) - v;
		}
	}

	/* step 5 */
	for (y = 0; y < r->h; y++) {
		for (x = 0; x < r->w; x++) {
			int ch = cfa(c, x, y);
			int dnw = AQ(d, x - 1, y - 1), dse = AQ(d, x + 1, y + 1);
			int dne = AQ(d, x + 1, y - 1), dsw = AQ(d, x - 1, y + 1);

			if (ch == VISP_CFA_GR || ch == VISP_CFA_GB)
				continue;
			AT(xo, x, y) = blend_ref(fdiv(dnw + dse + 1, 2),
						 fdiv(dne + dsw + 1, 2),
						 abs(dnw - dse) +
						 abs(AQ(g, x - 1, y - 1) -
						     AQ(g, x + 1, y + 1)),
						 abs(dne - dsw) +
						 abs(AQ(g, x + 1, y - 1) -
						     AQ(g, x - 1, y + 1)));
		}
	}

	/* step 6: dif[k] at the colour sites, then at the green sites */
	for (y = 0; y < r->h; y++) {
		for (x = 0; x < r->w; x++) {
			int ch = cfa(c, x, y);

			if (ch == VISP_CFA_R) {
				AT(dif[0], x, y) = AT(d, x, y);
				AT(dif[1], x, y) = AT(xo, x, y);
			} else if (ch == VISP_CFA_B) {
				AT(dif[0], x, y) = AT(xo, x, y);
				AT(dif[1], x, y) = AT(d, x, y);
			}
		}
	}
	for (y = 0; y < r->h; y++) {
		for (x = 0; x < r->w; x++) {
			int ch = cfa(c, x, y);
			int dg = abs(AQ(g, x - 1, y) - AQ(g, x + 1, y));
			int vg = abs(AQ(g, x, y - 1) - AQ(g, x, y + 1));

			if (ch == VISP_CFA_R || ch == VISP_CFA_B)
				continue;
			for (k = 0; k < 2; k++) {
				int w = AQ(dif[k], x - 1, y);
				int e = AQ(dif[k], x + 1, y);
				int nn = AQ(dif[k], x, y - 1);
				int s = AQ(dif[k], x, y + 1);

				AT(dif[k], x, y) =
					blend_ref(fdiv(w + e + 1, 2),
						  fdiv(nn + s + 1, 2),
						  dg + abs(w - e),
						  vg + abs(nn - s));
			}
		}
	}

	/* steps 7 and 8 */
	for (y = 0; y < r->h; y++) {
		for (x = 0; x < r->w; x++) {
			for (k = 0; k < 2; k++) {
				int v[9], m = 0, s;

				for (j = -1; j <= 1; j++)
					for (i = -1; i <= 1; i++)
						v[m++] = AQ(dif[k], x + i,
							    y + j);
				s = clampi(AT(g, x, y) + median_n(v, 9), 0,
					   16381);
				AT(out[2 * k], x, y) = (s * s + 32768) >> 16;
			}
			AT(out[1], x, y) = (AT(g, x, y) * AT(g, x, y) +
					    32768) >> 16;
		}
	}
	free(q);
	free(g);
	free(g1);
	free(d);
	free(xo);
	free(kh);
	free(kv);
	free(gh);
	free(gv);
	free(ga);
	free(gb);
	free(dif[0]);
	free(dif[1]);
}

static void ref_rgb(const struct visp_model_config *c, struct ref *r)
{
	int x, y, k;
	int *dir[3] = { NULL, NULL, NULL };

	if (c->dms_mode == VISP_DEMOSAIC_DIRECTIONAL) {
		for (k = 0; k < 3; k++)
			dir[k] = calloc(r->w * r->h, sizeof(int));
		ref_directional(c, r, dir);
	}

	for (y = 0; y < r->h; y++) {
		for (x = 0; x < r->w; x++) {
			int xm = refl(x - 1, r->w), xp = refl(x + 1, r->w);
			int ym = refl(y - 1, r->h), yp = refl(y + 1, r->h);
			int C = AT(r->wb, x, y);
			int N = AT(r->wb, x, ym), S = AT(r->wb, x, yp);
			int W = AT(r->wb, xm, y), E = AT(r->wb, xp, y);
			int hor = (W + E + 1) >> 1, ver = (N + S + 1) >> 1;
			int cross = (N + S + W + E + 2) >> 2;
			int diag = (AT(r->wb, xm, ym) + AT(r->wb, xp, ym) +
				    AT(r->wb, xm, yp) + AT(r->wb, xp, yp) +
				    2) >> 2;
			int green = cross, rgb[3], out[3];
			int dh = abs(W - E), dv = abs(N - S);

			if (c->dms_mode == VISP_DEMOSAIC_EDGE_AWARE && dh < dv)
				green = hor;
			else if (c->dms_mode == VISP_DEMOSAIC_EDGE_AWARE &&
				 dv < dh)
				green = ver;

			switch (cfa(c, x, y)) {
			case VISP_CFA_R:
				rgb[0] = C; rgb[1] = green; rgb[2] = diag;
				break;
			case VISP_CFA_B:
				rgb[0] = diag; rgb[1] = green; rgb[2] = C;
				break;
			case VISP_CFA_GR:
				rgb[0] = hor; rgb[1] = C; rgb[2] = ver;
				break;
			default:
				rgb[0] = ver; rgb[1] = C; rgb[2] = hor;
				break;
			}
			if (dir[0])
				for (k = 0; k < 3; k++)
					rgb[k] = AT(dir[k], x, y);

			for (k = 0; k < 3; k++) {
				const s16 *m = &c->ccm_coeff[3 * k];
				int s = m[0] * rgb[0] + m[1] * rgb[1] +
					m[2] * rgb[2] + 512;

				/* floor division, written out */
				s = s >= 0 ? s / 1024 : -((-s + 1023) / 1024);
				out[k] = c->ccm_en ?
					 clampi(s + c->ccm_offset[k], 0, 4095) :
					 rgb[k];
			}
			for (k = 0; k < 3; k++) {
				AT(r->lin[k], x, y) = out[k];
				AT(r->rgb[k], x, y) = gamma_curve(c, out[k]);
			}
		}
	}
	for (k = 0; k < 3; k++)
		free(dir[k]);
}

/* Zone index of (x, y), or -1. */
static int zone_of(const struct visp_model_window *win, int x, int y)
{
	int gx, gy;

	if (x < win->x || y < win->y)
		return -1;
	gx = (x - win->x) / win->zone_w;
	gy = (y - win->y) / win->zone_h;
	if (gx >= win->grid_w || gy >= win->grid_h)
		return -1;
	return gy * win->grid_w + gx;
}

static void ref_stats(const struct visp_model_config *c,
		      const struct visp_model_buffers *buf, struct ref *r)
{
	struct visp_stats_buffer *st = &r->st;
	static u64 sum[VISP_STATS_ZONES_MAX];
	static u32 cnt[VISP_STATS_ZONES_MAX];
	int x, y, z;

	memset(st, 0, sizeof(*st));
	memset(sum, 0, sizeof(sum));
	memset(cnt, 0, sizeof(cnt));
	st->version = VISP_STATS_BUFFER_V1;
	st->size = sizeof(*st);
	st->frame_sequence = buf->frame_sequence;

	if (c->awb_en) {
		st->meas_valid |= VISP_STATS_MEAS_AWB;
		st->awb_grid_w = c->awb_win.grid_w;
		st->awb_grid_h = c->awb_win.grid_h;
		for (y = 0; y < r->h; y += 2) {
			for (x = 0; x < r->w; x += 2) {
				int q[4], i, m = 0;

				z = zone_of(&c->awb_win, x, y);
				if (z < 0)
					continue;
				q[0] = AT(r->lsc, x, y);
				q[1] = AT(r->lsc, x + 1, y);
				q[2] = AT(r->lsc, x, y + 1);
				q[3] = AT(r->lsc, x + 1, y + 1);
				for (i = 0; i < 4; i++)
					m = q[i] > m ? q[i] : m;
				if (m > c->awb_thresh)
					continue;
				st->awb[z].count++;
				for (i = 0; i < 4; i++) {
					int ch = cfa(c, x + i % 2, y + i / 2);

					if (ch == VISP_CFA_R)
						st->awb[z].sum_r += q[i];
					else if (ch == VISP_CFA_B)
						st->awb[z].sum_b += q[i];
					else
						st->awb[z].sum_g += q[i];
				}
			}
		}
	}

	if (c->ae_en) {
		int **src = c->ae_post_gamma ? r->rgb : r->lin;

		st->meas_valid |= VISP_STATS_MEAS_AE_HIST |
				  VISP_STATS_MEAS_AE_ZONES;
		st->ae_grid_w = c->ae_win.grid_w;
		st->ae_grid_h = c->ae_win.grid_h;
		for (y = 0; y < r->h; y++) {
			for (x = 0; x < r->w; x++) {
				int y8 = luma12(AT(src[0], x, y),
						AT(src[1], x, y),
						AT(src[2], x, y)) >> 4;

				z = zone_of(&c->ae_win, x, y);
				if (z < 0)
					continue;
				st->ae_hist[y8]++;
				sum[z] += y8;
				cnt[z]++;
			}
		}
		for (z = 0; z < VISP_STATS_ZONES_MAX; z++)
			st->ae_zone_mean[z] = cnt[z] ?
				(sum[z] * 256 + cnt[z] / 2) / cnt[z] : 0;
	}

	if (c->af_en) {
		st->meas_valid |= VISP_STATS_MEAS_AF;
		st->af_grid_w = c->af_win.grid_w;
		st->af_grid_h = c->af_win.grid_h;
		for (y = 0; y < r->h; y++) {
			for (x = 0; x + 1 < r->w; x++) {
				int d;

				z = zone_of(&c->af_win, x, y);
				if (z < 0 || z != zone_of(&c->af_win, x + 1, y))
					continue;
				d = abs(luma12(AT(r->lin[0], x + 1, y),
					       AT(r->lin[1], x + 1, y),
					       AT(r->lin[2], x + 1, y)) -
					luma12(AT(r->lin[0], x, y),
					       AT(r->lin[1], x, y),
					       AT(r->lin[2], x, y)));
				if (d >= c->af_thresh)
					st->af_sharpness[z] += d;
			}
		}
	}
}

static void pos_of(long phase, u32 step, int o, int size, int *i, int *f)
{
	long pos = phase + (long)o * step;

	if (pos < 0) {
		*i = 0;
		*f = 0;
		return;
	}
	*i = pos >> 16;
	*f = (pos >> 8) & 255;
	if (*i >= size - 1) {
		*i = size - 1;
		*f = 0;
	}
}

static int lerp(int a, int b, int f)
{
	return f ? (a * (256 - f) + b * f + 128) >> 8 : a;
}

/* Scaled 12-bit component k of output pixel (ox, oy) of path p. */
static int scaled(const struct visp_model_config *c, struct ref *r, int p,
		  int k, int ox, int oy)
{
	const struct visp_model_path *pa = &c->path[p];
	int i, fi, j, fj, a, b;

	pos_of(pa->hphase, pa->hstep, ox, pa->crop_w, &i, &fi);
	pos_of(pa->vphase, pa->vstep, oy, pa->crop_h, &j, &fj);
	i += pa->crop_x;
	j += pa->crop_y;
	a = lerp(AT(r->rgb[k], i, j), fj ? AT(r->rgb[k], i, j + 1) : 0, fj);
	if (!fi)
		return a;
	b = lerp(AT(r->rgb[k], i + 1, j), fj ? AT(r->rgb[k], i + 1, j + 1) : 0,
		 fj);
	return lerp(a, b, fi);
}

static const int csc[3][2][3][3] = {
	{ { { 1048, 2057, 400 }, { -605, -1187, 1792 }, { 1792, -1501, -291 } },
	  { { 1220, 2396, 465 }, { -689, -1351, 2040 }, { 2040, -1708, -332 } } },
	{ { { 745, 2507, 253 }, { -411, -1381, 1792 }, { 1792, -1628, -164 } },
	  { { 868, 2918, 295 }, { -468, -1572, 2040 }, { 2040, -1853, -187 } } },
	{ { { 921, 2376, 208 }, { -501, -1291, 1792 }, { 1792, -1648, -144 } },
	  { { 1072, 2767, 242 }, { -570, -1470, 2040 }, { 2040, -1876, -164 } } },
};

static int yuv(const struct visp_model_config *c, int row, const int *rgb)
{
	const int *m = csc[c->csc_matrix][c->csc_full_range][row];
	long s = (long)m[0] * rgb[0] + (long)m[1] * rgb[1] +
		 (long)m[2] * rgb[2] + 32768;
	int off = row ? 128 : c->csc_full_range ? 0 : 16;

	/* floor division by 65536 */
	s = s >= 0 ? s / 65536 : -((-s + 65535) / 65536);
	return clampi(s + off, 0, 255);
}

/* Compare path p of the model with the reference; returns mismatches. */
static int check_path(const struct visp_model_config *c,
		      const struct visp_model_buffers *buf, struct ref *r,
		      int p)
{
	const struct visp_model_path *pa = &c->path[p];
	int ox, oy, k, bad = 0;

	for (oy = 0; oy < pa->out_h; oy++) {
		const u8 *d0 = buf->out[p][0].data + oy * buf->out[p][0].stride;
		const u8 *d1 = buf->out[p][1].data;

		for (ox = 0; ox < pa->out_w; ox++) {
			int px[3], e[4], n = 0, i, q[3];

			for (k = 0; k < 3; k++)
				px[k] = scaled(c, r, p, k, ox, oy);

			switch (pa->format) {
			case VISP_OUT_FMT_RAW16: {
				int v = AT(r->n16, pa->crop_x + ox,
					   pa->crop_y + oy);

				bad += d0[2 * ox] != (v & 255);
				bad += d0[2 * ox + 1] != (v >> 8);
				continue;
			}
			case VISP_OUT_FMT_RGB24:
			case VISP_OUT_FMT_XRGB32:
				i = pa->format == VISP_OUT_FMT_RGB24 ? 3 : 4;
				for (k = 0; k < 3; k++)
					e[n++] = (px[k] * 4081 + 32768) >> 16;
				if (i == 4)
					bad += d0[4 * ox] != 0xff;
				for (k = 0; k < 3; k++)
					bad += d0[i * ox + i - 3 + k] != e[k];
				continue;
			default:
				break;
			}

			/* Luma of every YUV and GREY format. */
			e[0] = yuv(c, 0, px);
			i = pa->format == VISP_OUT_FMT_YUYV ? 2 * ox : ox;
			bad += d0[i] != e[0];
			if (pa->format == VISP_OUT_FMT_GREY || (ox & 1))
				continue;
			if (pa->format == VISP_OUT_FMT_NV12 && (oy & 1))
				continue;

			/* Chroma of the pair or 2x2 block starting here. */
			for (k = 0; k < 3; k++) {
				int a = scaled(c, r, p, k, ox, oy);
				int b = scaled(c, r, p, k, ox + 1, oy);

				if (pa->format == VISP_OUT_FMT_NV12)
					q[k] = (a + b +
						scaled(c, r, p, k, ox, oy + 1) +
						scaled(c, r, p, k, ox + 1,
						       oy + 1) + 2) >> 2;
				else
					q[k] = (a + b + 1) >> 1;
			}
			e[1] = yuv(c, 1, q);
			e[2] = yuv(c, 2, q);
			if (pa->format == VISP_OUT_FMT_YUYV) {
				bad += d0[2 * ox + 1] != e[1];
				bad += d0[2 * ox + 3] != e[2];
			} else {
				int line = pa->format == VISP_OUT_FMT_NV12 ?
					   oy / 2 : oy;
				const u8 *c1 = d1 + line * buf->out[p][1].stride;

				bad += c1[ox] != e[1];
				bad += c1[ox + 1] != e[2];
			}
		}
	}
	return bad;
}

static void random_window(struct visp_model_window *win, int w, int h)
{
	win->grid_w = 1 + rnd(16);
	win->grid_h = 1 + rnd(16);
	win->zone_w = 8 + 2 * rnd(w / win->grid_w / 2 + 4);
	win->zone_h = 8 + 2 * rnd(h / win->grid_h / 2 + 4);
	win->x = 2 * rnd(w / 4 + 1);
	win->y = 2 * rnd(h / 4 + 1);
}

static void random_path(struct visp_model_config *c, int p)
{
	static const u8 fmts[] = {
		VISP_OUT_FMT_NV12, VISP_OUT_FMT_NV16, VISP_OUT_FMT_YUYV,
		VISP_OUT_FMT_RGB24, VISP_OUT_FMT_XRGB32, VISP_OUT_FMT_GREY,
		VISP_OUT_FMT_RAW16,
	};
	int w = c->in_width, h = c->in_height;
	u8 fmt = fmts[rnd(p ? 6 : 7)];
	int cw = 32 + rnd(w - 31), ch = 16 + rnd(h - 15);
	int cx = rnd(w - cw + 1), cy = rnd(h - ch + 1);
	int ow = 32 + rnd(2 * cw), oh = 16 + rnd(2 * ch);

	if (fmt == VISP_OUT_FMT_RAW16) {
		cx &= ~1;
		cy &= ~1;
		ow = cw;
		oh = ch;
	}
	if (fmt <= VISP_OUT_FMT_YUYV)
		ow &= ~1;
	if (fmt == VISP_OUT_FMT_NV12)
		oh &= ~1;
	if (ow > 4 * cw)
		ow = 4 * cw;
	visp_config_set_path(c, p, fmt, cx, cy, cw, ch, ow, oh);
	/* Perturb the phases to cover negative and odd starts. */
	if (rnd(3) == 0)
		c->path[p].hphase += (int)rnd(65536) - 32768;
	if (rnd(3) == 0)
		c->path[p].vphase += (int)rnd(65536) - 32768;
}

/* Random settings of the processing blocks in @c. */
static void random_blocks(struct visp_model_config *c)
{
	int i, n;

	for (i = 0; i < 4; i++) {
		c->bls_level[i] = rnd(512);
		c->wb_gain[i] = 512 + rnd(3000);
		for (n = 0; n < VISP_LSC_GRID_NODES; n++)
			c->lsc_table[i][n] = 700 + rnd(2500);
	}
	c->bls_en = rnd(2);
	c->dpc_en = rnd(2);
	c->dpc_thresh = rnd(600);
	c->lsc_en = rnd(2);
	c->wb_en = rnd(2);
	c->dms_mode = rnd(3);
	c->ccm_en = rnd(2);
	for (i = 0; i < 9; i++)
		c->ccm_coeff[i] = (i % 4 ? 0 : 1024) + (int)rnd(1600) - 800;
	for (i = 0; i < 3; i++)
		c->ccm_offset[i] = (int)rnd(400) - 200;
	c->gamma_en = rnd(2);
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		c->gamma_lut[i] = rnd(4096);
	c->tone_seg = rnd(2);
	for (i = 0; i < VISP_TONE_POINTS; i++)
		c->tone_lut[i] = rnd(4096);
	c->csc_matrix = rnd(3);
	c->csc_full_range = rnd(2);
}

/* Allocate the planes of the paths set in the configuration of @t. */
static void alloc_paths(struct tb *t)
{
	struct visp_model_config *c = &t->cfg;
	int i;

	for (i = 0; i < VISP_PATH_COUNT; i++) {
		struct visp_model_path keep = c->path[i];

		if (!keep.enable)
			continue;
		/* tb_path() allocates the planes and resets the scaler. */
		tb_path(t, i, keep.format, keep.crop_x, keep.crop_y,
			keep.crop_w, keep.crop_h, keep.out_w, keep.out_h);
		c->path[i] = keep;
	}
}

/* Random statistics units and input frame of @t. */
static void random_stats_input(struct tb *t)
{
	struct visp_model_config *c = &t->cfg;
	int w = c->in_width, h = c->in_height, n;

	c->stats_en = true;
	c->awb_en = rnd(2);
	c->ae_en = rnd(2);
	c->af_en = rnd(2);
	c->ae_post_gamma = rnd(2);
	c->awb_thresh = 2000 + rnd(2096);
	c->af_thresh = rnd(64);
	random_window(&c->awb_win, w, h);
	random_window(&c->ae_win, w, h);
	random_window(&c->af_win, w, h);

	for (n = 0; n < (int)t->buf.in_size; n++)
		t->in[n] = rnd(256);
	/* Some saturated and dark areas. */
	for (n = 0; n < (int)t->buf.in_size / 8; n++)
		t->in[n] = n & 64 ? 0xff : 0;
}

static void random_config(struct tb *t)
{
	struct visp_model_config *c = &t->cfg;
	u8 type = rnd(6);
	int w = 32 + 4 * rnd(24), h = 16 + 2 * rnd(40);

	tb_init(t, type, rnd(4), w, h);
	random_blocks(c);
	random_path(c, 0);
	if (rnd(2))
		random_path(c, 1);
	alloc_paths(t);
	random_stats_input(t);
}

/*
 * Run the model on @t, compare every output and the statistics with the
 * reference, and free @t. Counts a mismatching frame in @fails and
 * describes the first ones, by @what and @seed.
 */
static void compare_frame(struct tb *t, const char *what, unsigned int seed,
			  int *fails)
{
	struct ref r;
	int k, bad;

	/* random_path() may perturb the phases after tb_path(). */
	if (visp_model_check(&t->cfg)) {
		T_EQ(visp_model_check(&t->cfg), 0);
		tb_free(t);
		return;
	}
	T_EQ(tb_run(t), 0);

	memset(&r, 0, sizeof(r));
	r.w = t->cfg.in_width;
	r.h = t->cfg.in_height;
	r.n16 = calloc(r.w * r.h, sizeof(int));
	r.bay = calloc(r.w * r.h, sizeof(int));
	r.dpc = calloc(r.w * r.h, sizeof(int));
	r.lsc = calloc(r.w * r.h, sizeof(int));
	r.wb = calloc(r.w * r.h, sizeof(int));
	for (k = 0; k < 3; k++) {
		r.rgb[k] = calloc(r.w * r.h, sizeof(int));
		r.lin[k] = calloc(r.w * r.h, sizeof(int));
	}
	ref_bayer(&t->cfg, &t->buf, &r);
	ref_rgb(&t->cfg, &r);
	ref_stats(&t->cfg, &t->buf, &r);

	bad = check_path(&t->cfg, &t->buf, &r, 0);
	if (t->cfg.path[1].enable)
		bad += check_path(&t->cfg, &t->buf, &r, 1);
	bad += memcmp(&r.st, &t->stats, sizeof(r.st)) != 0;
	bad += !tb_guards_ok(t);
	if (bad && (*fails)++ < 4)
		printf("#   %s %u: %d mismatches (type %u, %ux%u)\n", what, seed,
		       bad, t->cfg.in_type, t->cfg.in_width,
		       t->cfg.in_height);

	free(r.n16);
	free(r.bay);
	free(r.dpc);
	free(r.lsc);
	free(r.wb);
	for (k = 0; k < 3; k++) {
		free(r.rgb[k]);
		free(r.lin[k]);
	}
	tb_free(t);
}

static void test_random_frames(void)
{
	unsigned int seed;
	struct tb t;
	int fails = 0;

	for (seed = 1; seed <= 1000; seed++) {
		rng_state = seed;
		random_config(&t);
		compare_frame(&t, "seed", seed, &fails);
	}
	T_EQ(fails, 0);
}

/*
 * The self path at exactly half the crop width (a horizontal step of 2),
 * which the model scales in pairs of columns: with the driver's phases,
 * vertically at 2:1 too (both weights 128), at 1:1 and at 3:2; with a
 * horizontal phase of 0 and of 65535 (weights 0 and 255, the last source
 * column still unclamped); and with a phase of 98304 (weight 128), whose
 * last column is clamped. Every self path format, output widths on and
 * off a chunk boundary, crop offsets 0 to 3.
 */
static void test_half_self_path(void)
{
	static const u8 fmts[] = {
		VISP_OUT_FMT_NV12, VISP_OUT_FMT_NV16, VISP_OUT_FMT_YUYV,
		VISP_OUT_FMT_RGB24, VISP_OUT_FMT_XRGB32, VISP_OUT_FMT_GREY,
	};
	/* vertical crop per output line, in halves; horizontal phase */
	static const struct { u8 vhalves; s32 hphase; } var[] = {
		{ 4, -1 }, { 2, -1 }, { 3, -1 },
		{ 4, 0 }, { 4, 65535 }, { 4, 98304 },
	};
	static const u16 widths[] = { 64, 70, 100 };
	unsigned int f, v, k, n = 0;
	int fails = 0;

	for (f = 0; f < ARRAY_SIZE(fmts); f++) {
		for (v = 0; v < ARRAY_SIZE(var); v++) {
			for (k = 0; k < ARRAY_SIZE(widths); k++, n++) {
				struct visp_model_config *c;
				u32 ow = widths[k], oh = 20;
				u32 cx = n % 4, cy = n / 4 % 4;
				u32 ch = oh * var[v].vhalves / 2;
				struct tb t;

				rng_state = 5000 + n;
				tb_init(&t, rnd(6), rnd(4), 2 * ow + 4,
					2 * oh + 4);
				c = &t.cfg;
				random_blocks(c);
				random_path(c, VISP_PATH_MAIN);
				visp_config_set_path(c, VISP_PATH_SELF, fmts[f],
						     cx, cy, 2 * ow, ch, ow,
						     oh);
				if (var[v].hphase >= 0)
					c->path[VISP_PATH_SELF].hphase =
						var[v].hphase;
				alloc_paths(&t);
				random_stats_input(&t);
				compare_frame(&t, "case", n, &fails);
			}
		}
	}
	T_EQ(fails, 0);
}

/*
 * The directional demosaic on thin lines at several angles (45 degrees
 * among them, where its diagonal refinement works) over a gradient, each
 * line of a colour of its own, with some noise: random noise alone
 * seldom takes the demosaic's directional branches.
 */
static void test_directional_lines(void)
{
	static const int dir[][2] = {
		{ 1, 1 }, { 1, -1 }, { 2, 1 }, { 1, 2 }, { 3, 2 }, { 1, 0 },
	};
	int fails = 0, n;

	for (n = 0; n < 60; n++) {
		int w = 32 + 4 * rnd(16), h = 16 + 2 * rnd(24), x, y, k;
		int x0[3], y0[3], d[3], lvl[3][4];
		struct tb t;

		rng_state = 9000 + n;
		tb_init(&t, VISP_IN_TYPE_RAW12, rnd(4), w, h);
		random_blocks(&t.cfg);
		t.cfg.dms_mode = VISP_DEMOSAIC_DIRECTIONAL;
		random_path(&t.cfg, VISP_PATH_MAIN);
		alloc_paths(&t);
		random_stats_input(&t);
		for (k = 0; k < 3; k++) {
			x0[k] = rnd(w);
			y0[k] = rnd(h);
			d[k] = rnd(ARRAY_SIZE(dir));
			for (x = 0; x < 4; x++)
				lvl[k][x] = rnd(4096);
		}
		for (y = 0; y < h; y++) {
			for (x = 0; x < w; x++) {
				int v = 600 + 20 * x + 10 * y + rnd(64);

				for (k = 0; k < 3; k++)
					if ((x - x0[k]) * dir[d[k]][1] ==
					    (y - y0[k]) * dir[d[k]][0])
						v = lvl[k][(y & 1) * 2 +
							   (x & 1)];
				tb_set(&t, x, y, clampi(v, 0, 4095));
			}
		}
		compare_frame(&t, "lines", n, &fails);
	}
	T_EQ(fails, 0);
}

/* A row of colour matrix coefficients, of one of several kinds. */
static void random_ccm_row(s16 *m)
{
	int i, a, b, sum = 7000 + rnd(2);

	switch (rnd(4)) {
	case 0:		/* anywhere in the register range */
		for (i = 0; i < 3; i++)
			m[i] = VISP_CCM_COEFF_MIN + (int)rnd(16384);
		break;
	case 1:		/* absolute values summing to 7000 or 7001 */
		a = rnd(sum + 1);
		b = rnd(sum - a + 1);
		m[0] = a;
		m[1] = b;
		m[2] = sum - a - b;
		for (i = 0; i < 3; i++)
			if (rnd(2))
				m[i] = -m[i];
		break;
	default:	/* at the limits */
		for (i = 0; i < 3; i++)
			m[i] = rnd(2) ? VISP_CCM_COEFF_MAX : VISP_CCM_COEFF_MIN;
		break;
	}
}

/*
 * Colour matrices beyond the usual near-identity ones: coefficients over
 * the whole register range, rows whose absolute values sum to just at
 * and above 7000 (up to which the model's 16-bit form need not bound
 * the high halves of the products), and offsets at their limits.
 */
static void test_large_ccm(void)
{
	static const s16 offsets[] = {
		VISP_CCM_OFFSET_MIN, VISP_CCM_OFFSET_MAX, 0,
	};
	unsigned int seed;
	int fails = 0, i;

	for (seed = 1; seed <= 200; seed++) {
		struct visp_model_config *c;
		struct tb t;

		rng_state = 9000 + seed;
		random_config(&t);
		c = &t.cfg;
		c->ccm_en = true;
		/* full-scale samples make the sums of products largest */
		c->bls_en = rnd(4) == 0;
		for (i = 0; i < 3; i++) {
			random_ccm_row(&c->ccm_coeff[3 * i]);
			c->ccm_offset[i] = rnd(2) ? offsets[rnd(3)] :
					   VISP_CCM_OFFSET_MIN +
					   (int)rnd(8192);
		}
		compare_frame(&t, "seed", 9000 + seed, &fails);
	}
	T_EQ(fails, 0);
}

const struct tcase ref_tests[] = {
	{ "reference: 1000 random frames bit-exact", test_random_frames },
	{ "reference: self path at half width", test_half_self_path },
	{ "reference: directional demosaic on thin lines",
	  test_directional_lines },
	{ "reference: large colour matrices", test_large_ccm },
	{ NULL, NULL },
};
