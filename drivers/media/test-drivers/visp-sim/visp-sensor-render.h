/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VISP simulated raw sensor: frame renderer
 *
 * Integer rendering of a raw Bayer frame from a scene: illuminant, sensor
 * colour response, exposure, lens vignetting and defocus, shot and read
 * noise, full well, analogue gain, black level, quantisation, digital
 * gain and defective pixels. Shared by the simulated sensor (kernel) and
 * the userspace library (tools/lib/visp): the renderer calls no library
 * function and allocates nothing, the caller provides all memory. See
 * Documentation/admin-guide/media/visp-sim.rst, "The sensor's renderer".
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_SENSOR_RENDER_H__
#define __VISP_SENSOR_RENDER_H__

/*
 * In userspace, tools/lib/visp/include/linux/types.h provides the kernel
 * integer types on top of <stdint.h>.
 */
#include <linux/types.h>

#include <media/visp-regs.h>

/* The pixel array, RGGB */
#define VISP_RENDER_NATIVE_W		1920
#define VISP_RENDER_NATIVE_H		1080

/* Photo-electrons a pixel holds */
#define VISP_RENDER_FULL_WELL		15360
/* Read noise, electrons rms */
#define VISP_RENDER_READ_NOISE		4
/* Black level pedestal, 12-bit codes (64 at 10 bits) */
#define VISP_RENDER_BLACK_12		256
/* Largest defocus blur radius, same-colour pixels */
#define VISP_RENDER_BLUR_MAX		16
/* Focus (VCM) positions */
#define VISP_RENDER_FOCUS_MAX		1023
/* In-focus position of the built-in scenes */
#define VISP_RENDER_BUILTIN_IN_FOCUS	512
/* Illuminant colour temperatures, K */
#define VISP_RENDER_ILLUMINANT_MIN	2800
#define VISP_RENDER_ILLUMINANT_MAX	7500
/* Longest exposure time, microseconds */
#define VISP_RENDER_EXPOSURE_MAX	1000000
/* Gains, Q8 */
#define VISP_RENDER_GAIN_MIN		256
#define VISP_RENDER_GAIN_MAX		4096
/* Defective pixels of the array */
#define VISP_RENDER_DEFECTS		16

/*
 * Colour checker layout, native pixels: patch i (0 to 23, row by row, six
 * a row) spans VISP_RENDER_CHECKER_W x VISP_RENDER_CHECKER_H pixels from
 * (X0 + (i % 6) * PITCH_X, Y0 + (i / 6) * PITCH_Y); the surround is a
 * grey of radiance VISP_RENDER_CHECKER_SURROUND.
 */
#define VISP_RENDER_CHECKER_X0		140
#define VISP_RENDER_CHECKER_Y0		120
#define VISP_RENDER_CHECKER_PITCH_X	280
#define VISP_RENDER_CHECKER_PITCH_Y	220
#define VISP_RENDER_CHECKER_W		240
#define VISP_RENDER_CHECKER_H		180
#define VISP_RENDER_CHECKER_SURROUND	1500

/* Scene files: header, then width * height * 3 little-endian u16 */
#define VISP_RENDER_SCENE_MAGIC		"VSCN"
#define VISP_RENDER_SCENE_VERSION	1
#define VISP_RENDER_SCENE_HDR_SIZE	24
#define VISP_RENDER_SCENE_MAX_DIM	4096

/*
 * Scratch bytes visp_render_frame() needs for a crop @w pixels wide: a
 * ring of 4 * VISP_RENDER_BLUR_MAX + 3 lines of 32-bit values for the
 * defocus blur, 5 more lines, 2 lines widened by the blur's margins and
 * a square root table of 257 entries.
 */
#define VISP_RENDER_SCRATCH_SIZE(w)					\
	(4 * ((4 * VISP_RENDER_BLUR_MAX + 10) * (size_t)(w) +		\
	      8 * VISP_RENDER_BLUR_MAX + 257))
/* Scratch bytes for any configuration, for a buffer allocated once */
#define VISP_RENDER_SCRATCH_MAX	VISP_RENDER_SCRATCH_SIZE(VISP_RENDER_NATIVE_W)

/**
 * enum visp_render_scene_id - scene kinds
 *
 * @VISP_RENDER_SCENE_GREY_RAMP: built-in horizontal grey ramp, from black
 *	at the left edge to full scale at the right edge
 * @VISP_RENDER_SCENE_COLOUR_CHECKER: built-in 24-patch colour checker
 * @VISP_RENDER_SCENE_NATURAL: built-in procedural landscape
 * @VISP_RENDER_SCENE_FILE: a scene file, see visp_render_scene_parse()
 */
enum visp_render_scene_id {
	VISP_RENDER_SCENE_GREY_RAMP,
	VISP_RENDER_SCENE_COLOUR_CHECKER,
	VISP_RENDER_SCENE_NATURAL,
	VISP_RENDER_SCENE_FILE,
};

/**
 * enum visp_render_pattern - test patterns
 *
 * Test patterns replace the rendered image at the sensor's output: they
 * are exact codes, with neither noise, pedestal, gains nor flips; their
 * colours follow the output's CFA order.
 *
 * @VISP_RENDER_PATTERN_NONE: the scene
 * @VISP_RENDER_PATTERN_COLOUR_BARS: eight vertical bars of equal width,
 *	white, yellow, cyan, green, magenta, red, blue, black; a colour
 *	present is the largest code, an absent one 0
 * @VISP_RENDER_PATTERN_SOLID_GREY: every sample 1 << (bits - 1)
 * @VISP_RENDER_PATTERN_GRADIENT: horizontal ramp, from 0 in the first
 *	column to the largest code in the last, rounded to nearest
 * @VISP_RENDER_PATTERN_CHECKERBOARD: squares of 64 x 64 output samples,
 *	the first white (largest code), then alternately black (0)
 * @VISP_RENDER_PATTERN_COUNT: number of patterns
 */
enum visp_render_pattern {
	VISP_RENDER_PATTERN_NONE,
	VISP_RENDER_PATTERN_COLOUR_BARS,
	VISP_RENDER_PATTERN_SOLID_GREY,
	VISP_RENDER_PATTERN_GRADIENT,
	VISP_RENDER_PATTERN_CHECKERBOARD,
	VISP_RENDER_PATTERN_COUNT,
};

/**
 * struct visp_render_scene - a scene
 *
 * Filled by visp_render_scene_builtin() or visp_render_scene_parse(); the
 * renderer only reads it.
 *
 * @id: enum visp_render_scene_id
 * @width: scene width, samples (the native width for built-in scenes)
 * @height: scene height, samples
 * @in_focus: focus position at which the scene is sharp, 0 to
 *	VISP_RENDER_FOCUS_MAX
 * @data: for a scene file, its first sample: @width * @height RGB triplets
 *	of little-endian u16, in the caller's memory, which must outlive the
 *	scene; NULL for built-in scenes
 */
struct visp_render_scene {
	u32 id;
	u32 width;
	u32 height;
	u32 in_focus;
	const u8 *data;
};

/**
 * struct visp_render_cfg - one frame's sensor settings
 *
 * @crop_x: analogue crop left on the native array, pixels, even
 * @crop_y: analogue crop top, pixels, even
 * @crop_w: analogue crop width, pixels, even (a multiple of 4 if @bin is 2)
 * @crop_h: analogue crop height, pixels, even (a multiple of 4 if @bin is 2)
 * @bin: 1, or 2 for 2x2 binning of same-colour pixels; the output is
 *	(@crop_w / @bin) x (@crop_h / @bin)
 * @bits: output depth, 10 or 12
 * @hflip: read the lines right to left; the CFA order follows
 * @vflip: read the lines bottom to top; the CFA order follows
 * @exposure_us: exposure time, microseconds, up to
 *	VISP_RENDER_EXPOSURE_MAX
 * @again: analogue gain, Q8 (256 = 1x), VISP_RENDER_GAIN_MIN to
 *	VISP_RENDER_GAIN_MAX
 * @dgain: digital gain, Q8, same range
 * @pattern: enum visp_render_pattern; VISP_RENDER_PATTERN_NONE renders
 *	the scene
 * @focus: VCM position, 0 to VISP_RENDER_FOCUS_MAX
 * @seed: noise seed; with @sequence it fixes the noise of every pixel
 * @sequence: frame sequence
 * @illuminant: colour temperature of the illuminant, K,
 *	VISP_RENDER_ILLUMINANT_MIN to VISP_RENDER_ILLUMINANT_MAX
 */
struct visp_render_cfg {
	u32 crop_x;
	u32 crop_y;
	u32 crop_w;
	u32 crop_h;
	u32 bin;
	u32 bits;
	bool hflip;
	bool vflip;
	u32 exposure_us;
	u32 again;
	u32 dgain;
	u32 pattern;
	u32 focus;
	u32 seed;
	u32 sequence;
	u32 illuminant;
};

/**
 * struct visp_render_defect - a defective pixel of the array
 *
 * @x: native column
 * @y: native row
 * @hot: true: stuck at full well; false: dead, no signal and no noise
 */
struct visp_render_defect {
	u16 x;
	u16 y;
	bool hot;
};

int visp_render_scene_builtin(struct visp_render_scene *scene,
			      enum visp_render_scene_id id);
int visp_render_scene_parse(struct visp_render_scene *scene,
			    const void *data, size_t size);
int visp_render_check(const struct visp_render_cfg *cfg);
size_t visp_render_scratch_size(const struct visp_render_cfg *cfg);
int visp_render_frame(const struct visp_render_scene *scene,
		      const struct visp_render_cfg *cfg, u16 *out, u32 stride,
		      void *scratch, size_t scratch_size);
u8 visp_render_bayer(const struct visp_render_cfg *cfg);
u32 visp_render_black_level(u32 bits);
u32 visp_render_blur_radius(const struct visp_render_scene *scene,
			    const struct visp_render_cfg *cfg);
void visp_render_illuminant(u32 kelvin, u32 gain[3]);
void visp_render_scene_rgb(const struct visp_render_scene *scene, u32 x,
			   u32 y, u32 rgb[3]);
u32 visp_render_vignetting(u32 x, u32 y);
void visp_render_defect(unsigned int i, struct visp_render_defect *d);
u32 visp_render_checksum(const u16 *px, u32 width, u32 height, u32 stride);

/*
 * Sensor colour response, Q12: row c gives the contribution of the
 * scene's linear R, G and B to the colour c (R, G, B) of the filter.
 */
extern const u16 visp_render_response[3][3];
/* Colour checker patches, linear sRGB, 0 to 65535, row by row */
extern const u16 visp_render_checker[24][3];

#endif /* __VISP_SENSOR_RENDER_H__ */
