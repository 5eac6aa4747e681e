// SPDX-License-Identifier: GPL-2.0
/*
 * VISP simulated raw sensor: frame renderer
 *
 * Renders a raw RGGB frame from a scene in integer arithmetic, as
 * documented in Documentation/admin-guide/media/visp-sim.rst ("The
 * sensor's renderer"). A frame is computed line by line from the top of
 * the analogue crop: the scene is sampled through the colour filter (with
 * the illuminant and the sensor's colour response), blurred by the
 * defocus with running box sums, then each pixel gets vignetting,
 * exposure, noise, full well, gain, black level, quantisation and digital
 * gain. All working memory is the caller's scratch buffer; the renderer
 * calls no library function.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/errno.h>

#include "visp-sensor-render.h"

/* Electrons, in the renderer's Q4 */
#define VR_E_SHIFT		4
#define VR_FULL_WELL_Q4		(VISP_RENDER_FULL_WELL << VR_E_SHIFT)
/* Mean signals above twice the full well are clipped before the noise. */
#define VR_MU_MAX_Q4		(2 * VR_FULL_WELL_Q4)
#define VR_READ_VAR_Q4		\
	(VISP_RENDER_READ_NOISE * VISP_RENDER_READ_NOISE << VR_E_SHIFT)
/*
 * Sensitivity: 5/4 electron per microsecond for a full-scale radiance
 * (65536) at the centre of the array, for an illuminant and response of 1.
 */
#define VR_RATE_NUM		5
/* Q15 vignetting polynomial: 1 - 3/4 rho + 1/4 rho^2 */
#define VR_VIG_ONE		32768
#define VR_VIG_K1		24576
#define VR_VIG_K2		8192
/* 2^47 / (1920^2 + 1080^2), rounded: rho in Q15 from squared half-pixels */
#define VR_VIG_RECIP		29001296ULL
/*
 * Noise: the sum of the four bytes of a 32-bit hash has mean 510 and
 * standard deviation sqrt(4 * (256^2 - 1) / 12) = 147.80; 1774 is
 * 2^20 / (4 * 147.80), which makes it a Q4 electron noise of unit
 * variance with the square root in Q4 (see visp_render_electrons()).
 */
#define VR_NOISE_MEAN		510
#define VR_NOISE_SCALE		1774
/* Fixed seed of the defective pixels and of the scenes' texture */
#define VR_DEFECT_SEED		0x56495350u
#define VR_TEXTURE_SEED		0x53434e45u
#define VR_SQRT_TAB		257

const u16 visp_render_response[3][3] = {
	{ 2048, 512, 102 },
	{ 410, 3276, 410 },
	{ 82, 512, 2273 },
};

/*
 * Linear sRGB values of the 24 patches, from their common 8-bit sRGB
 * values through the sRGB transfer function, in the order of the chart:
 * dark skin, light skin, blue sky, foliage, blue flower, bluish green;
 * orange, purplish blue, moderate red, purple, yellow green, orange
 * yellow; blue, green, red, yellow, magenta, cyan; white, neutral 8,
 * neutral 6.5, neutral 5, neutral 3.5, black.
 */
const u16 visp_render_checker[24][3] = {
	{ 11235, 5530, 3788 }, { 35355, 19987, 14629 },
	{ 8004, 12754, 22096 }, { 6246, 9828, 3678 },
	{ 15371, 14146, 28813 }, { 8889, 33350, 26344 },
	{ 44069, 13673, 1651 }, { 5257, 6856, 24990 },
	{ 34948, 6700, 8177 }, { 7335, 2961, 9828 },
	{ 22096, 32957, 3360 }, { 48850, 24002, 1790 },
	{ 2592, 3058, 19987 }, { 4014, 19407, 4366 },
	{ 28094, 2418, 2961 }, { 52369, 37429, 898 },
	{ 32567, 6099, 19696 }, { 159, 15371, 23357 },
	{ 58737, 58737, 58190 }, { 37852, 37852, 37852 },
	{ 23038, 23038, 23038 }, { 12754, 12754, 12530 },
	{ 5953, 5953, 5953 }, { 2250, 2250, 2250 },
};

/*
 * Illuminant: red and blue factors (Q12, green 4096) of a black body of
 * the temperature, in linear sRGB relative to 6500 K.
 */
static const u16 visp_render_illuminants[][3] = {
	{ 2800, 8819, 1042 }, { 3200, 7478, 1464 }, { 3600, 6573, 1865 },
	{ 4000, 5919, 2248 }, { 4500, 5314, 2690 }, { 5000, 4876, 3091 },
	{ 5500, 4549, 3458 }, { 6000, 4296, 3792 }, { 6500, 4096, 4096 },
	{ 7000, 3935, 4373 }, { 7500, 3802, 4626 },
};

/**
 * struct visp_render_ctx - state of one frame
 *
 * @cfg: the frame's settings
 * @scene: the scene
 * @r: defocus blur radius, same-colour pixels
 * @span: columns sampled per line: the crop and the blur margins
 * @ring_n: lines in @ring
 * @mix: filter colour response times illuminant, Q12, per filter colour
 * @kexp: exposure factor, VR_RATE_NUM per microsecond
 * @inv: 2^32 / (2 * @r + 1)^2, rounded
 * @key: noise key of the frame
 * @mul: noise multiplier of the frame, odd
 * @tmp: one line of filtered scene samples, @span
 * @col: per sampled column, the native column (built-in scenes) or the
 *	scene column (scene files), @span
 * @ring: horizontal box sums of the last @ring_n lines, crop width each
 * @vsum: vertical box sums of the current even and odd lines
 * @dx2: squared distance from the optical axis, half pixels, per column
 * @erow: electrons of the current line, Q4
 * @acc: binning accumulator, two binned lines
 * @sqrt_tab: 16 * sqrt(i), rounded, for i up to 256
 */
struct visp_render_ctx {
	const struct visp_render_cfg *cfg;
	const struct visp_render_scene *scene;
	u32 r;
	u32 span;
	u32 ring_n;
	u32 mix[3][3];
	u32 kexp;
	u64 inv;
	u32 key;
	u32 mul;
	u32 *tmp;
	u32 *col;
	u32 *ring;
	u32 *vsum[2];
	u32 *dx2;
	s32 *erow;
	s32 *acc;
	u32 *sqrt_tab;
};

/* A 32-bit bijective integer hash, the renderer's only random source. */
static inline u32 visp_render_hash(u32 v)
{
	v ^= v >> 16;
	v *= 0x7feb352du;
	v ^= v >> 15;
	v *= 0x846ca68bu;
	v ^= v >> 16;
	return v;
}

/* 8-bit texture value of a native pixel, fixed for every frame */
static inline u32 visp_render_texture(u32 x, u32 y)
{
	return visp_render_hash((y << 16 | x) ^ VR_TEXTURE_SEED) & 0xff;
}

static inline void visp_render_set(u32 rgb[3], u32 r, u32 g, u32 b)
{
	rgb[0] = r;
	rgb[1] = g;
	rgb[2] = b;
}

static void visp_render_ramp(u32 x, u32 rgb[3])
{
	u32 v = (x * 65535 + (VISP_RENDER_NATIVE_W - 1) / 2) /
		(VISP_RENDER_NATIVE_W - 1);

	visp_render_set(rgb, v, v, v);
}

static void visp_render_checker_rgb(u32 x, u32 y, u32 rgb[3])
{
	const u32 s = VISP_RENDER_CHECKER_SURROUND;
	u32 px, py, dx, dy, i;

	if (x < VISP_RENDER_CHECKER_X0 || y < VISP_RENDER_CHECKER_Y0)
		goto surround;
	dx = x - VISP_RENDER_CHECKER_X0;
	dy = y - VISP_RENDER_CHECKER_Y0;
	px = dx / VISP_RENDER_CHECKER_PITCH_X;
	py = dy / VISP_RENDER_CHECKER_PITCH_Y;
	if (px >= 6 || py >= 4 ||
	    dx - px * VISP_RENDER_CHECKER_PITCH_X >= VISP_RENDER_CHECKER_W ||
	    dy - py * VISP_RENDER_CHECKER_PITCH_Y >= VISP_RENDER_CHECKER_H)
		goto surround;
	i = py * 6 + px;
	visp_render_set(rgb, visp_render_checker[i][0],
			visp_render_checker[i][1], visp_render_checker[i][2]);
	return;
surround:
	visp_render_set(rgb, s, s, s);
}

/* Scales a colour by a Q8 factor. */
static void visp_render_shade(u32 rgb[3], u32 r, u32 g, u32 b, u32 f)
{
	visp_render_set(rgb, (r * f) >> 8, (g * f) >> 8, (b * f) >> 8);
}

/* The house: brick wall, window, door and roof; false elsewhere. */
static bool visp_render_house(u32 x, u32 y, u32 rgb[3])
{
	u32 row, bx, t;
	s32 dx;

	if (y >= 180 && y < 330) {
		dx = (s32)x - 450;
		if (dx < 0)
			dx = -dx;
		if (dx >= (s32)(y - 180) * 2)
			return false;
		/* Roof tiles: rows of 12 lines, the last darker */
		if ((y - 180) % 12 == 11)
			t = 140;
		else
			t = 230 + (visp_render_texture(x, y) >> 3);
		visp_render_shade(rgb, 10000, 4500, 4000, t);
		return true;
	}
	if (x < 180 || x >= 720 || y < 330 || y >= 820)
		return false;
	if (x >= 360 && x < 540 && y >= 450 && y < 640) {
		/* Window: frame and cross bars, dark glass */
		if (x < 368 || x >= 532 || y < 458 || y >= 632 ||
		    (x >= 446 && x < 454) || (y >= 541 && y < 549))
			visp_render_set(rgb, 50000, 50000, 48000);
		else
			visp_render_set(rgb, 3000, 5000, 9000 + 20 * (y - 458));
		return true;
	}
	if (x >= 560 && x < 660 && y >= 620) {
		/* Door: wood with a vertical grain */
		t = 200 + ((x * 37) & 31) + (visp_render_texture(x, y) >> 4);
		visp_render_shade(rgb, 9000, 5000, 2500, t);
		return true;
	}
	/* Bricks of 60 x 24 pixels, 4-pixel mortar, staggered rows */
	row = (y - 330) / 28;
	bx = x - 180 + (row & 1) * 32;
	if ((y - 330) % 28 >= 24 || bx % 64 >= 60) {
		visp_render_set(rgb, 14000, 14000, 13000);
		return true;
	}
	t = 200 + (visp_render_hash(row << 8 | bx / 64) & 63) +
	    (visp_render_texture(x, y) >> 4);
	visp_render_shade(rgb, 24000, 9000, 6000, t);
	return true;
}

static void visp_render_natural(u32 x, u32 y, u32 rgb[3])
{
	s32 dx, dy, horizon, s;
	u32 v, p;

	/* Sun */
	dx = (s32)x - 1620;
	dy = (s32)y - 140;
	if (dx * dx + dy * dy < 55 * 55) {
		visp_render_set(rgb, 65535, 63000, 56000);
		return;
	}
	/* Resolution chart: 16-pixel checks, then bars widening downwards */
	if (x >= 1400 && x < 1800 && y >= 480 && y < 880) {
		if (x < 1600) {
			v = ((x >> 4) ^ (y >> 4)) & 1;
		} else {
			p = 2 + (y - 480) / 40;
			v = ((x - 1600) / p) & 1;
		}
		v = v ? 2000 : 52000;
		visp_render_set(rgb, v, v, v);
		return;
	}
	/* Ball: a sphere lit from the upper left */
	dx = (s32)x - 1100;
	dy = (s32)y - 780;
	s = 150 * 150 - dx * dx - dy * dy;
	if (s > 0) {
		s = 40 + s / 120 - (dx + dy) / 4;
		s = s < 0 ? 0 : s > 255 ? 255 : s;
		visp_render_shade(rgb, 52000, 28000, 7000, s);
		return;
	}
	if (visp_render_house(x, y, rgb))
		return;
	/* Sky down to a horizon with a hill */
	horizon = 470;
	dx = (s32)x - 1300;
	if (dx > -400 && dx < 400)
		horizon -= 60 * (160000 - dx * dx) / 160000;
	if ((s32)y < horizon) {
		v = y * 256 / 470;
		visp_render_set(rgb, 9000 + 82 * v, 17000 + 74 * v,
				38000 + 23 * v);
		return;
	}
	/* Grass: textured, brighter towards the horizon */
	v = 180 + (1080 - y) * 76 / 610;
	v = v * (192 + (visp_render_texture(x, y) >> 1)) >> 8;
	visp_render_shade(rgb, 6500, 14000, 3500, v);
}

/* Scene file sample at scene coordinates */
static inline void visp_render_file_rgb(const u8 *p, u32 rgb[3])
{
	visp_render_set(rgb, p[0] | p[1] << 8, p[2] | p[3] << 8,
			p[4] | p[5] << 8);
}

/**
 * visp_render_scene_rgb() - scene radiance at a native pixel
 * @scene: the scene
 * @x: native column, below VISP_RENDER_NATIVE_W
 * @y: native row, below VISP_RENDER_NATIVE_H
 * @rgb: linear red, green and blue radiance, 0 to 65535
 *
 * The radiance the renderer samples at the pixel before the illuminant,
 * the colour filter and the defocus; scene files are scaled to the array
 * by nearest neighbour.
 */
void visp_render_scene_rgb(const struct visp_render_scene *scene, u32 x,
			   u32 y, u32 rgb[3])
{
	u32 sx, sy;

	switch (scene->id) {
	case VISP_RENDER_SCENE_GREY_RAMP:
		visp_render_ramp(x, rgb);
		break;
	case VISP_RENDER_SCENE_COLOUR_CHECKER:
		visp_render_checker_rgb(x, y, rgb);
		break;
	case VISP_RENDER_SCENE_NATURAL:
		visp_render_natural(x, y, rgb);
		break;
	default:
		sx = x * scene->width / VISP_RENDER_NATIVE_W;
		sy = y * scene->height / VISP_RENDER_NATIVE_H;
		visp_render_file_rgb(scene->data +
				     6 * ((size_t)sy * scene->width + sx), rgb);
		break;
	}
}

/**
 * visp_render_scene_builtin() - set up a built-in scene
 * @scene: scene to fill
 * @id: VISP_RENDER_SCENE_GREY_RAMP, VISP_RENDER_SCENE_COLOUR_CHECKER or
 *	VISP_RENDER_SCENE_NATURAL
 *
 * Built-in scenes have the size of the array and are sharp at
 * VISP_RENDER_BUILTIN_IN_FOCUS.
 *
 * Return: 0, or -EINVAL if @id is not a built-in scene.
 */
int visp_render_scene_builtin(struct visp_render_scene *scene,
			      enum visp_render_scene_id id)
{
	if (id != VISP_RENDER_SCENE_GREY_RAMP &&
	    id != VISP_RENDER_SCENE_COLOUR_CHECKER &&
	    id != VISP_RENDER_SCENE_NATURAL)
		return -EINVAL;
	scene->id = id;
	scene->width = VISP_RENDER_NATIVE_W;
	scene->height = VISP_RENDER_NATIVE_H;
	scene->in_focus = VISP_RENDER_BUILTIN_IN_FOCUS;
	scene->data = NULL;
	return 0;
}

static inline u32 visp_render_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

/**
 * visp_render_scene_parse() - set up a scene from a scene file
 * @scene: scene to fill
 * @data: the file's contents, kept by the caller while the scene is used
 * @size: bytes at @data
 *
 * The file is a header of VISP_RENDER_SCENE_HDR_SIZE bytes, little-endian:
 * the magic "VSCN", u32 version (VISP_RENDER_SCENE_VERSION), u32 width
 * and u32 height (1 to VISP_RENDER_SCENE_MAX_DIM), u32 in-focus position
 * (0 to VISP_RENDER_FOCUS_MAX), u32 reserved (0); then width * height
 * samples, row by row from the top, of three u16: linear red, green and
 * blue. Every field is checked, and the size must be exact.
 *
 * Return: 0, or -EINVAL if the file is malformed (@scene is then left
 * unchanged).
 */
int visp_render_scene_parse(struct visp_render_scene *scene,
			    const void *data, size_t size)
{
	const u8 *p = data;
	u32 w, h, focus;

	if (!p || size < VISP_RENDER_SCENE_HDR_SIZE)
		return -EINVAL;
	if (p[0] != 'V' || p[1] != 'S' || p[2] != 'C' || p[3] != 'N')
		return -EINVAL;
	if (visp_render_le32(p + 4) != VISP_RENDER_SCENE_VERSION)
		return -EINVAL;
	w = visp_render_le32(p + 8);
	h = visp_render_le32(p + 12);
	focus = visp_render_le32(p + 16);
	if (!w || w > VISP_RENDER_SCENE_MAX_DIM ||
	    !h || h > VISP_RENDER_SCENE_MAX_DIM ||
	    focus > VISP_RENDER_FOCUS_MAX || visp_render_le32(p + 20))
		return -EINVAL;
	if (size - VISP_RENDER_SCENE_HDR_SIZE != (size_t)w * h * 6)
		return -EINVAL;
	scene->id = VISP_RENDER_SCENE_FILE;
	scene->width = w;
	scene->height = h;
	scene->in_focus = focus;
	scene->data = p + VISP_RENDER_SCENE_HDR_SIZE;
	return 0;
}

/**
 * visp_render_check() - check a frame's settings
 * @cfg: the settings
 *
 * Return: 0 if visp_render_frame() accepts @cfg, -EINVAL otherwise.
 */
int visp_render_check(const struct visp_render_cfg *cfg)
{
	u32 align;

	if (cfg->bin != 1 && cfg->bin != 2)
		return -EINVAL;
	align = 2 * cfg->bin - 1;
	if (!cfg->crop_w || !cfg->crop_h || (cfg->crop_w & align) ||
	    (cfg->crop_h & align) || (cfg->crop_x & 1) || (cfg->crop_y & 1) ||
	    cfg->crop_w > VISP_RENDER_NATIVE_W ||
	    cfg->crop_h > VISP_RENDER_NATIVE_H ||
	    cfg->crop_x > VISP_RENDER_NATIVE_W - cfg->crop_w ||
	    cfg->crop_y > VISP_RENDER_NATIVE_H - cfg->crop_h)
		return -EINVAL;
	if ((cfg->bits != 10 && cfg->bits != 12) ||
	    cfg->exposure_us > VISP_RENDER_EXPOSURE_MAX ||
	    cfg->again < VISP_RENDER_GAIN_MIN ||
	    cfg->again > VISP_RENDER_GAIN_MAX ||
	    cfg->dgain < VISP_RENDER_GAIN_MIN ||
	    cfg->dgain > VISP_RENDER_GAIN_MAX ||
	    cfg->pattern >= VISP_RENDER_PATTERN_COUNT ||
	    cfg->focus > VISP_RENDER_FOCUS_MAX ||
	    cfg->illuminant < VISP_RENDER_ILLUMINANT_MIN ||
	    cfg->illuminant > VISP_RENDER_ILLUMINANT_MAX)
		return -EINVAL;
	return 0;
}

/**
 * visp_render_scratch_size() - scratch memory of a frame
 * @cfg: the frame's settings
 *
 * Return: the bytes of scratch visp_render_frame() needs for @cfg, at
 * most VISP_RENDER_SCRATCH_MAX, or 0 if @cfg is not valid.
 */
size_t visp_render_scratch_size(const struct visp_render_cfg *cfg)
{
	if (visp_render_check(cfg))
		return 0;
	return VISP_RENDER_SCRATCH_SIZE(cfg->crop_w);
}

/**
 * visp_render_bayer() - CFA order of the output
 * @cfg: the frame's settings
 *
 * The array is RGGB; a flip reads it from the other end, where the crop
 * (of even size) ends on the other colour.
 *
 * Return: VISP_BAYER_RGGB, VISP_BAYER_GRBG (@hflip), VISP_BAYER_GBRG
 * (@vflip) or VISP_BAYER_BGGR (both).
 */
u8 visp_render_bayer(const struct visp_render_cfg *cfg)
{
	if (cfg->hflip)
		return cfg->vflip ? VISP_BAYER_BGGR : VISP_BAYER_GRBG;
	return cfg->vflip ? VISP_BAYER_GBRG : VISP_BAYER_RGGB;
}

/**
 * visp_render_black_level() - black level pedestal
 * @bits: output depth, 10 or 12
 *
 * Return: the code of no light: VISP_RENDER_BLACK_12 at 12 bits, scaled
 * down to @bits.
 */
u32 visp_render_black_level(u32 bits)
{
	return VISP_RENDER_BLACK_12 >> (12 - bits);
}

/**
 * visp_render_blur_radius() - defocus blur radius
 * @scene: the scene
 * @cfg: the frame's settings
 *
 * Return: |focus - in-focus position| / 16, at most VISP_RENDER_BLUR_MAX:
 * the half width of the box, in same-colour pixels, the scene is
 * averaged over in each direction.
 */
u32 visp_render_blur_radius(const struct visp_render_scene *scene,
			    const struct visp_render_cfg *cfg)
{
	u32 d = cfg->focus > scene->in_focus ? cfg->focus - scene->in_focus :
					       scene->in_focus - cfg->focus;

	d >>= 4;
	return d > VISP_RENDER_BLUR_MAX ? VISP_RENDER_BLUR_MAX : d;
}

/**
 * visp_render_illuminant() - colour cast of an illuminant
 * @kelvin: colour temperature, clamped to VISP_RENDER_ILLUMINANT_MIN to
 *	VISP_RENDER_ILLUMINANT_MAX
 * @gain: red, green and blue factors, Q12; green is always 4096
 *
 * Interpolated linearly in temperature between the points of the table
 * in visp-sim.rst (a black body relative to 6500 K).
 */
void visp_render_illuminant(u32 kelvin, u32 gain[3])
{
	const u16 (*t)[3] = visp_render_illuminants;
	u32 i, f, span;

	if (kelvin < VISP_RENDER_ILLUMINANT_MIN)
		kelvin = VISP_RENDER_ILLUMINANT_MIN;
	if (kelvin > VISP_RENDER_ILLUMINANT_MAX)
		kelvin = VISP_RENDER_ILLUMINANT_MAX;
	for (i = 0; t[i + 1][0] < kelvin; i++)
		;
	span = t[i + 1][0] - t[i][0];
	f = kelvin - t[i][0];
	gain[0] = (t[i][1] * (span - f) + t[i + 1][1] * f + span / 2) / span;
	gain[1] = 4096;
	gain[2] = (t[i][2] * (span - f) + t[i + 1][2] * f + span / 2) / span;
}

static inline u32 visp_render_vig_rho(u32 d2)
{
	return ((u64)d2 * VR_VIG_RECIP) >> 32;
}

static inline u32 visp_render_vig(u32 rho)
{
	return VR_VIG_ONE - ((VR_VIG_K1 * rho) >> 15) +
	       ((((rho * rho) >> 15) * VR_VIG_K2) >> 15);
}

/**
 * visp_render_vignetting() - lens vignetting at a native pixel
 * @x: native column
 * @y: native row
 *
 * Return: the transmission of the lens at the pixel, Q15: 1 - 3/4 rho +
 * 1/4 rho^2, rho being the squared distance of the pixel's centre from
 * the centre of the array over the squared half diagonal (Q15).
 */
u32 visp_render_vignetting(u32 x, u32 y)
{
	s32 dx = 2 * (s32)x + 1 - VISP_RENDER_NATIVE_W;
	s32 dy = 2 * (s32)y + 1 - VISP_RENDER_NATIVE_H;

	return visp_render_vig(visp_render_vig_rho(dx * dx + dy * dy));
}

/**
 * visp_render_defect() - a defective pixel
 * @i: index, below VISP_RENDER_DEFECTS
 * @d: the pixel
 *
 * The positions come from the renderer's hash of a fixed seed; even
 * indices are hot pixels, odd ones dead.
 */
void visp_render_defect(unsigned int i, struct visp_render_defect *d)
{
	u32 h = visp_render_hash(VR_DEFECT_SEED + 2 * i);

	d->x = h % VISP_RENDER_NATIVE_W;
	h = visp_render_hash(VR_DEFECT_SEED + 2 * i + 1);
	d->y = h % VISP_RENDER_NATIVE_H;
	d->hot = !(i & 1);
}

/**
 * visp_render_checksum() - checksum of a frame
 * @px: first sample
 * @width: samples per line
 * @height: lines
 * @stride: samples between the starts of two lines
 *
 * For tests that compare frames rendered in different places, e.g. in
 * the kernel and on the host.
 *
 * Return: the 32-bit FNV-1a hash of the samples' bytes, low byte first,
 * line by line.
 */
u32 visp_render_checksum(const u16 *px, u32 width, u32 height, u32 stride)
{
	u32 sum = 2166136261u, x, y;

	for (y = 0; y < height; y++, px += stride)
		for (x = 0; x < width; x++) {
			sum = (sum ^ (px[x] & 0xff)) * 16777619u;
			sum = (sum ^ (px[x] >> 8)) * 16777619u;
		}
	return sum;
}

static inline u32 visp_render_clamp_parity(s32 v, u32 n)
{
	if (v < 0)
		return v & 1;
	if (v >= (s32)n)
		return n - 2 + (v & 1);
	return v;
}

/* Filter colour (0 red, 1 green, 2 blue) of a native pixel */
static inline u32 visp_render_filter(u32 x, u32 y)
{
	return (x & 1) + (y & 1);
}

/* 16 * sqrt(v), from the table, with 8 significant bits of @v */
static inline u32 visp_render_sqrt(const u32 *tab, u32 v)
{
	u32 s;

	if (v <= 256)
		return tab[v];
	s = (32 - __builtin_clz(v) - 7) & ~1u;
	return tab[(v + (1u << (s - 1))) >> s] << (s / 2);
}

/* Fills logical line @l of the ring: native row crop_y - 2r + l. */
static void visp_render_fill(struct visp_render_ctx *c, u32 l)
{
	const struct visp_render_cfg *cfg = c->cfg;
	const struct visp_render_scene *scene = c->scene;
	u32 *line = c->ring + (l % c->ring_n) * cfg->crop_w;
	const u32 *m[2], n = 4 * c->r;
	const u8 *row = NULL;
	u32 i, p, y, sum, rgb[3];

	y = visp_render_clamp_parity((s32)(cfg->crop_y + l) - (s32)(2 * c->r),
				     VISP_RENDER_NATIVE_H);

	m[0] = c->mix[visp_render_filter(0, y)];
	m[1] = c->mix[visp_render_filter(1, y)];
	if (scene->id == VISP_RENDER_SCENE_FILE)
		row = scene->data + (size_t)6 * scene->width *
		      (y * scene->height / VISP_RENDER_NATIVE_H);

	for (i = 0; i < c->span; i++) {
		const u32 *mi = m[i & 1];

		switch (scene->id) {
		case VISP_RENDER_SCENE_GREY_RAMP:
			visp_render_ramp(c->col[i], rgb);
			break;
		case VISP_RENDER_SCENE_COLOUR_CHECKER:
			visp_render_checker_rgb(c->col[i], y, rgb);
			break;
		case VISP_RENDER_SCENE_NATURAL:
			visp_render_natural(c->col[i], y, rgb);
			break;
		default:
			visp_render_file_rgb(row + 6 * c->col[i], rgb);
			break;
		}
		c->tmp[i] = (mi[0] * rgb[0] + mi[1] * rgb[1] +
			     mi[2] * rgb[2]) >> 12;
	}

	/* Box sums of 2r + 1 same-colour samples, centred on each column */
	for (p = 0; p < 2 && p < cfg->crop_w; p++) {
		sum = 0;
		for (i = p; i <= p + n; i += 2)
			sum += c->tmp[i];
		line[p] = sum;
		for (i = p + 2; i < cfg->crop_w; i += 2) {
			sum += c->tmp[i + n] - c->tmp[i - 2];
			line[i] = sum;
		}
	}
}

static inline const u32 *visp_render_ring_line(const struct visp_render_ctx *c,
					       u32 l)
{
	return c->ring + (l % c->ring_n) * c->cfg->crop_w;
}

/*
 * Electrons (Q4) of native row y, crop line j, into erow: the blurred
 * radiance times vignetting and exposure, plus noise, clipped at the full
 * well; then the defective pixels.
 */
static void visp_render_electrons(struct visp_render_ctx *c, u32 j)
{
	const struct visp_render_cfg *cfg = c->cfg;
	u32 y = cfg->crop_y + j, lc = j + 2 * c->r;
	u32 *vs = c->vsum[j & 1];
	s32 dy = 2 * (s32)y + 1 - VISP_RENDER_NATIVE_H;
	u32 dy2 = dy * dy, idx = y * VISP_RENDER_NATIVE_W + cfg->crop_x;
	const u32 *add, *sub;
	struct visp_render_defect d;
	u32 x, k, rad, v, mu, h, sd;
	s32 g, e;

	if (j < 2) {
		for (x = 0; x < cfg->crop_w; x++)
			vs[x] = 0;
		for (k = 0; k <= 2 * c->r; k++) {
			add = visp_render_ring_line(c, j + 2 * k);
			for (x = 0; x < cfg->crop_w; x++)
				vs[x] += add[x];
		}
	} else {
		add = visp_render_ring_line(c, lc + 2 * c->r);
		sub = visp_render_ring_line(c, lc - 2 * c->r - 2);
		for (x = 0; x < cfg->crop_w; x++)
			vs[x] += add[x] - sub[x];
	}

	for (x = 0; x < cfg->crop_w; x++, idx++) {
		rad = c->r ? (vs[x] * c->inv + (1ULL << 31)) >> 32 : vs[x];
		v = visp_render_vig(visp_render_vig_rho(c->dx2[x] + dy2));
		rad = ((u64)rad * v) >> 15;
		mu = ((u64)rad * c->kexp) >> 14;
		if (mu > VR_MU_MAX_Q4)
			mu = VR_MU_MAX_Q4;
		h = visp_render_hash((idx * c->mul) ^ c->key);
		g = (h & 0xff) + ((h >> 8) & 0xff) + ((h >> 16) & 0xff) +
		    (h >> 24) - VR_NOISE_MEAN;
		sd = (visp_render_sqrt(c->sqrt_tab, mu + VR_READ_VAR_Q4) *
		      VR_NOISE_SCALE) >> 8;
		e = (s32)mu + (((s32)sd * g + 2048) >> 12);
		c->erow[x] = e > VR_FULL_WELL_Q4 ? VR_FULL_WELL_Q4 : e;
	}

	for (k = 0; k < VISP_RENDER_DEFECTS; k++) {
		visp_render_defect(k, &d);
		if (d.y != y || d.x < cfg->crop_x ||
		    d.x >= cfg->crop_x + cfg->crop_w)
			continue;
		c->erow[d.x - cfg->crop_x] = d.hot ? VR_FULL_WELL_Q4 : 0;
	}
}

/*
 * Output code of a signal of @e electrons in Q(4 + @shift): analogue
 * gain, black level, quantisation to nearest, digital gain, clipping.
 */
static inline u16 visp_render_code(const struct visp_render_cfg *cfg,
				   s32 e, u32 shift)
{
	u32 qs = 14 + 12 - cfg->bits + shift;
	s32 max = (1 << cfg->bits) - 1;
	s32 black = visp_render_black_level(cfg->bits);
	s64 v;
	s32 code;

	v = (s64)e * cfg->again + ((s64)VISP_RENDER_BLACK_12 << (14 + shift)) +
	    (1LL << (qs - 1));
	if (v < 0)
		return 0;
	v >>= qs;
	code = v > max ? max : v;
	if (cfg->dgain != 256) {
		code = (((code - black) * (s32)cfg->dgain + 128) >> 8) + black;
		code = code < 0 ? 0 : code > max ? max : code;
	}
	return code;
}

static void visp_render_write(const struct visp_render_cfg *cfg, u16 *out,
			      u32 stride, u32 oy, const s32 *e, u32 shift)
{
	u32 ow = cfg->crop_w / cfg->bin, oh = cfg->crop_h / cfg->bin, x;
	u16 *line = out + (size_t)stride * (cfg->vflip ? oh - 1 - oy : oy);

	if (cfg->hflip) {
		for (x = 0; x < ow; x++)
			line[ow - 1 - x] = visp_render_code(cfg, e[x], shift);
	} else {
		for (x = 0; x < ow; x++)
			line[x] = visp_render_code(cfg, e[x], shift);
	}
}

static void visp_render_pattern(const struct visp_render_cfg *cfg, u16 *out,
				u32 stride)
{
	u32 ow = cfg->crop_w / cfg->bin, oh = cfg->crop_h / cfg->bin;
	u32 max = (1u << cfg->bits) - 1, x, y, f, bar, v = 0;
	u8 bayer = visp_render_bayer(cfg);
	/* Filter colour of the output's (x & 1, y & 1) */
	u32 fx = bayer == VISP_BAYER_GRBG || bayer == VISP_BAYER_BGGR;
	u32 fy = bayer == VISP_BAYER_GBRG || bayer == VISP_BAYER_BGGR;
	u16 *line;

	for (y = 0; y < oh; y++) {
		line = out + (size_t)stride * y;
		for (x = 0; x < ow; x++) {
			f = visp_render_filter(x ^ fx, y ^ fy);
			switch (cfg->pattern) {
			case VISP_RENDER_PATTERN_COLOUR_BARS:
				/*
				 * Red is absent from bars 2, 3, 6 and 7,
				 * green from bars 4-7, blue from odd bars.
				 */
				bar = x * 8 / ow;
				v = bar & (0x142 >> (4 * f)) & 0xf ? 0 : max;
				break;
			case VISP_RENDER_PATTERN_SOLID_GREY:
				v = 1u << (cfg->bits - 1);
				break;
			case VISP_RENDER_PATTERN_GRADIENT:
				v = ow > 1 ? (x * max + (ow - 1) / 2) /
					     (ow - 1) : 0;
				break;
			case VISP_RENDER_PATTERN_CHECKERBOARD:
				v = ((x >> 6) ^ (y >> 6)) & 1 ? 0 : max;
				break;
			}
			line[x] = v;
		}
	}
}

/* Lays out the scratch buffer and the constants of the frame. */
static void visp_render_setup(struct visp_render_ctx *c, u32 *mem)
{
	const struct visp_render_cfg *cfg = c->cfg;
	const struct visp_render_scene *scene = c->scene;
	u32 w = cfg->crop_w, n, i, t, ill[3];
	s32 v;

	c->r = visp_render_blur_radius(scene, cfg);
	c->span = w + 4 * c->r;
	c->ring_n = 4 * c->r + 3;
	/* round(2^32 / n), with 2^32 - 1 = q * n + rem: no 64-bit division */
	n = (2 * c->r + 1) * (2 * c->r + 1);
	c->inv = (u64)(0xffffffffu / n) + (0xffffffffu % n + 1 + n / 2) / n;

	/* The layout of VISP_RENDER_SCRATCH_SIZE() */
	c->tmp = mem;
	mem += w + 4 * VISP_RENDER_BLUR_MAX;
	c->col = mem;
	mem += w + 4 * VISP_RENDER_BLUR_MAX;
	c->ring = mem;
	mem += (4 * VISP_RENDER_BLUR_MAX + 3) * w;
	c->vsum[0] = mem;
	mem += w;
	c->vsum[1] = mem;
	mem += w;
	c->dx2 = mem;
	mem += w;
	c->erow = (s32 *)mem;
	mem += w;
	c->acc = (s32 *)mem;
	mem += w;
	c->sqrt_tab = mem;

	for (i = 0; i < c->span; i++) {
		t = visp_render_clamp_parity((s32)(cfg->crop_x + i) -
					     (s32)(2 * c->r),
					     VISP_RENDER_NATIVE_W);
		if (scene->id == VISP_RENDER_SCENE_FILE)
			t = t * scene->width / VISP_RENDER_NATIVE_W;
		c->col[i] = t;
	}
	for (i = 0; i < w; i++) {
		v = 2 * (s32)(cfg->crop_x + i) + 1 - VISP_RENDER_NATIVE_W;
		c->dx2[i] = v * v;
	}
	for (i = 0, t = 0; i < VR_SQRT_TAB; i++) {
		while ((t + 1) * (t + 1) <= 256 * i)
			t++;
		/* round(sqrt(256 i)): t + 1 if (t + 1/2)^2 < 256 i */
		c->sqrt_tab[i] = t * t + t < 256 * i ? t + 1 : t;
	}

	visp_render_illuminant(cfg->illuminant, ill);
	for (i = 0; i < 9; i++)
		c->mix[i / 3][i % 3] = (visp_render_response[i / 3][i % 3] *
					ill[i % 3] + 2048) >> 12;
	c->kexp = cfg->exposure_us * VR_RATE_NUM;
	c->key = visp_render_hash(cfg->seed ^ visp_render_hash(cfg->sequence));
	c->mul = visp_render_hash(c->key + 0x9e3779b9u) | 1;
}

/**
 * visp_render_frame() - render one frame
 * @scene: the scene
 * @cfg: the frame's settings
 * @out: first sample of the frame: (crop_w / bin) x (crop_h / bin)
 *	samples, right-aligned in u16, in the CFA order of
 *	visp_render_bayer()
 * @stride: samples between the starts of two lines, at least
 *	crop_w / bin
 * @scratch: working memory, 4-byte aligned
 * @scratch_size: bytes at @scratch, at least visp_render_scratch_size()
 *
 * The frame depends on nothing but the arguments: the same scene and
 * settings give the same frame, bit for bit, in the kernel and in
 * userspace. A test pattern other than VISP_RENDER_PATTERN_NONE uses no
 * scratch.
 *
 * Return: 0, or -EINVAL if the settings, the scene, the stride or the
 * scratch buffer are not valid.
 */
int visp_render_frame(const struct visp_render_scene *scene,
		      const struct visp_render_cfg *cfg, u16 *out, u32 stride,
		      void *scratch, size_t scratch_size)
{
	struct visp_render_ctx c = { .cfg = cfg, .scene = scene };
	u32 j, x, l = 0, next = 0, hw;
	s32 *a;

	if (!scene || !cfg || !out || visp_render_check(cfg) ||
	    stride < cfg->crop_w / cfg->bin)
		return -EINVAL;
	if (cfg->pattern != VISP_RENDER_PATTERN_NONE) {
		visp_render_pattern(cfg, out, stride);
		return 0;
	}
	if (scene->id > VISP_RENDER_SCENE_FILE ||
	    scene->in_focus > VISP_RENDER_FOCUS_MAX ||
	    (scene->id == VISP_RENDER_SCENE_FILE &&
	     (!scene->data || !scene->width || !scene->height ||
	      scene->width > VISP_RENDER_SCENE_MAX_DIM ||
	      scene->height > VISP_RENDER_SCENE_MAX_DIM)))
		return -EINVAL;
	if (!scratch || ((uintptr_t)scratch & 3) ||
	    scratch_size < VISP_RENDER_SCRATCH_SIZE(cfg->crop_w))
		return -EINVAL;

	visp_render_setup(&c, scratch);
	hw = cfg->crop_w / 2;
	for (j = 0; j < cfg->crop_h; j++) {
		while (next <= j + 4 * c.r)
			visp_render_fill(&c, next++);
		visp_render_electrons(&c, j);
		if (cfg->bin == 1) {
			visp_render_write(cfg, out, stride, j, c.erow, 0);
			continue;
		}
		/*
		 * Binning: crop lines 4k and 4k + 2 make binned line 2k,
		 * 4k + 1 and 4k + 3 binned line 2k + 1; in each line, columns
		 * 4i + p and 4i + p + 2 make binned column 2i + p.
		 */
		a = c.acc + (j & 1) * hw;
		for (x = 0; x < hw; x++) {
			l = (x & ~1u) * 2 + (x & 1);
			if (j & 2)
				a[x] += c.erow[l] + c.erow[l + 2];
			else
				a[x] = c.erow[l] + c.erow[l + 2];
		}
		if (j & 2)
			visp_render_write(cfg, out, stride,
					  (j >> 2) * 2 + (j & 1), a, 2);
	}
	return 0;
}
