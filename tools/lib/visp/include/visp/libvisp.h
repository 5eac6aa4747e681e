/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libvisp: VISP ISP parameters and statistics buffers
 *
 * The public interface of libvisp (libvisp.so, libvisp.a): typed
 * builders of the parameters buffer queued on the VISP parameters video
 * node, the validator the driver itself runs on it, and a parser of the
 * statistics buffer dequeued from the statistics video node. Only this
 * header, <linux/media/visp-config.h> (installed next to it) and the C
 * library's headers are needed: see
 * Documentation/userspace-api/media/visp-libvisp.rst.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_LIBVISP_H__
#define __VISP_LIBVISP_H__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/media/visp-config.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of the library this header comes with. */
#define LIBVISP_VERSION_MAJOR	0
#define LIBVISP_VERSION_MINOR	6
#define LIBVISP_VERSION_PATCH	0

/* ------------------------------------------------------------------------
 * Parameters buffers
 */

/**
 * visp_params_init() - start building a parameters buffer
 * @buf: memory for the buffer, 4-byte aligned (a V4L2 buffer mapping is)
 * @size: bytes available at @buf, at least the buffer header
 *
 * Sets the version to VISP_PARAMS_BUFFER_V1 and empties the buffer. The
 * V4L2 buffer's bytesused is then the header plus
 * &visp_params_buffer.data_size.
 *
 * Return: 0 on success, -ENOSPC if @size is too small.
 */
int visp_params_init(struct visp_params_buffer *buf, size_t size);

/**
 * visp_params_append() - append an untyped block to a parameters buffer
 * @buf: buffer started with visp_params_init()
 * @size: bytes available at @buf, as given to visp_params_init()
 * @type: one of enum visp_params_block_type
 * @flags: VISP_PARAMS_FL_BLOCK_* flags
 *
 * Appends a zeroed block of the size of @type's structure with its header
 * filled in and updates &visp_params_buffer.data_size. The typed builders
 * below are to be preferred: they fill every field and check the result.
 *
 * Return: the block, to be cast to the block structure and filled, or NULL
 * when @type is unknown or the buffer is full.
 */
void *visp_params_append(struct visp_params_buffer *buf, size_t size,
			 unsigned int type, unsigned int flags);

/**
 * visp_params_check() - validate a parameters buffer, saying why not
 * @buf: buffer as queued on the parameters video node
 * @bytesused: bytes used in the V4L2 buffer
 * @msg: buffer for one sentence naming the rule @buf breaks, the driver's
 *	debug message; may be NULL
 * @msg_size: bytes at @msg
 *
 * Runs the validator of the driver, compiled from the same source, so a
 * buffer accepted here is one the driver accepts when it is queued (the
 * CSC block must also agree with the capture formats, which only the
 * driver knows).
 *
 * Return: 0 if the buffer is valid (@msg is then empty), -EINVAL otherwise.
 */
int visp_params_check(const void *buf, size_t bytesused, char *msg,
		      size_t msg_size);

/**
 * visp_params_validate() - validate a parameters buffer
 * @buf: buffer as queued on the parameters video node
 * @bytesused: bytes used in the V4L2 buffer
 *
 * visp_params_check() without the message.
 *
 * Return: 0 if the buffer is valid, -EINVAL otherwise.
 */
int visp_params_validate(const void *buf, size_t bytesused);

/*
 * The typed builders. Each one appends one block to a buffer started with
 * visp_params_init(), every field of the block set from its arguments and
 * its reserved fields zero. The block alone is first checked by the
 * driver's validator: a value the driver would reject fails with -EINVAL
 * and leaves the buffer untouched. @enable true sets
 * VISP_PARAMS_FL_BLOCK_ENABLE; false sets no flag, the configuration of
 * the block then being updated without changing whether it is enabled.
 * Blocks are disabled with visp_params_disable().
 */

/**
 * visp_params_set_bls() - append a black level subtraction block
 * @buf: buffer started with visp_params_init()
 * @size: bytes available at @buf
 * @enable: enable the block
 * @level: black level per enum visp_cfa_channel, 0 to 4095
 *
 * See struct visp_params_bls.
 *
 * Return: 0 on success, -EINVAL for an invalid argument, -ENOSPC when the
 * buffer is full.
 */
int visp_params_set_bls(struct visp_params_buffer *buf, size_t size,
			bool enable, const uint16_t level[VISP_CFA_CHANNELS]);

/**
 * visp_params_set_dpc() - append a defective pixel correction block
 * @buf: buffer started with visp_params_init()
 * @size: bytes available at @buf
 * @enable: enable the block
 * @threshold: detection threshold, 0 to 4095
 *
 * See struct visp_params_dpc.
 *
 * Return: 0 on success, -EINVAL for an invalid argument, -ENOSPC when the
 * buffer is full.
 */
int visp_params_set_dpc(struct visp_params_buffer *buf, size_t size,
			bool enable, uint16_t threshold);

/**
 * visp_params_set_lsc() - append a lens shading correction block
 * @buf: buffer started with visp_params_init()
 * @size: bytes available at @buf
 * @enable: enable the block
 * @gain: gains per enum visp_cfa_channel, node (i, j) at index j * 17 + i,
 *	unsigned 4.10 fixed point, 0 to VISP_GAIN_MAX
 *
 * See struct visp_params_lsc.
 *
 * Return: 0 on success, -EINVAL for an invalid argument, -ENOSPC when the
 * buffer is full.
 */
int visp_params_set_lsc(struct visp_params_buffer *buf, size_t size,
			bool enable,
			const uint16_t gain[VISP_CFA_CHANNELS][VISP_LSC_GRID_NODES]);

/**
 * visp_params_set_awb_gains() - append a white balance gains block
 * @buf: buffer started with visp_params_init()
 * @size: bytes available at @buf
 * @enable: enable the block
 * @gain: gain per enum visp_cfa_channel, unsigned 4.10 fixed point, 0 to
 *	VISP_GAIN_MAX
 *
 * See struct visp_params_awb_gains.
 *
 * Return: 0 on success, -EINVAL for an invalid argument, -ENOSPC when the
 * buffer is full.
 */
int visp_params_set_awb_gains(struct visp_params_buffer *buf, size_t size,
			      bool enable,
			      const uint16_t gain[VISP_CFA_CHANNELS]);

/**
 * visp_params_set_demosaic() - append a demosaicing block
 * @buf: buffer started with visp_params_init()
 * @size: bytes available at @buf
 * @mode: one of enum visp_demosaic_mode
 *
 * See struct visp_params_demosaic. The block cannot be disabled.
 *
 * Return: 0 on success, -EINVAL for an invalid argument, -ENOSPC when the
 * buffer is full.
 */
int visp_params_set_demosaic(struct visp_params_buffer *buf, size_t size,
			     unsigned int mode);

/**
 * visp_params_set_ccm() - append a colour correction matrix block
 * @buf: buffer started with visp_params_init()
 * @size: bytes available at @buf
 * @enable: enable the block
 * @coeff: matrix, row-major, signed 4.10 fixed point, VISP_CCM_COEFF_MIN
 *	to VISP_CCM_COEFF_MAX
 * @offset: offsets added after the matrix, VISP_CCM_OFFSET_MIN to
 *	VISP_CCM_OFFSET_MAX
 *
 * See struct visp_params_ccm.
 *
 * Return: 0 on success, -EINVAL for an invalid argument, -ENOSPC when the
 * buffer is full.
 */
int visp_params_set_ccm(struct visp_params_buffer *buf, size_t size,
			bool enable, const int16_t coeff[3][3],
			const int16_t offset[3]);

/**
 * visp_params_set_gamma() - append a gamma curve block
 * @buf: buffer started with visp_params_init()
 * @size: bytes available at @buf
 * @enable: enable the block
 * @curve: output value at input i * 64, 0 to 4095
 *
 * See struct visp_params_gamma.
 *
 * Return: 0 on success, -EINVAL for an invalid argument, -ENOSPC when the
 * buffer is full.
 */
int visp_params_set_gamma(struct visp_params_buffer *buf, size_t size,
			  bool enable,
			  const uint16_t curve[VISP_GAMMA_POINTS]);

/**
 * visp_params_set_tone() - append a segmented tone curve block
 * @buf: buffer started with visp_params_init()
 * @size: bytes available at @buf
 * @enable: enable the tone stage
 * @curve: output value at input visp_tone_point(i), 0 to 4095
 *
 * See struct visp_params_tone: it programs the tone stage of the GAMMA
 * block with a curve fine near black and selects that curve. Drivers
 * without bit VISP_PARAMS_BLOCK_TONE in
 * V4L2_CID_VISP_SUPPORTED_PARAMS_BLOCKS reject the buffer: send a GAMMA
 * block to them (visp_gamma_fill() samples the same function). Since 0.3.
 *
 * Return: 0 on success, -EINVAL for an invalid argument, -ENOSPC when the
 * buffer is full.
 */
int visp_params_set_tone(struct visp_params_buffer *buf, size_t size,
			 bool enable,
			 const uint16_t curve[VISP_TONE_POINTS]);

/**
 * enum visp_tone_preset - transfer functions of visp_tone_fill_preset()
 *
 * Each maps a linear value x, 0 to 1, to an encoded value, 0 to 1.
 *
 * @VISP_TONE_SRGB: sRGB (IEC 61966-2-1): 12.92 x up to x = 0.0031308,
 *	then 1.055 x^(1 / 2.4) - 0.055
 * @VISP_TONE_BT709: ITU-R BT.709: 4.5 x below x = 0.018, then
 *	1.099 x^0.45 - 0.099
 * @VISP_TONE_LOG: a logarithmic curve covering 6 stops,
 *	log2(1 + 63 x) / 6
 * @VISP_TONE_PRESET_COUNT: number of presets, not a preset
 */
enum visp_tone_preset {
	VISP_TONE_SRGB,
	VISP_TONE_BT709,
	VISP_TONE_LOG,
	VISP_TONE_PRESET_COUNT,
};

/**
 * visp_tone_point() - input of a point of the segmented tone curve
 * @i: point, 0 to VISP_TONE_POINTS - 1
 *
 * Since 0.3.
 *
 * Return: the 12-bit input at which point @i of struct visp_params_tone
 * lies (4096 for the last point), 0 when @i is out of range.
 */
unsigned int visp_tone_point(unsigned int i);

/**
 * visp_tone_preset_eval() - a transfer function of enum visp_tone_preset
 * @preset: one of enum visp_tone_preset
 * @x: linear value, 0 to 1
 *
 * Since 0.3.
 *
 * Return: the encoded value, 0 to 1, or NaN for an unknown @preset.
 */
double visp_tone_preset_eval(unsigned int preset, double x);

/**
 * visp_tone_fill() - sample a function as a segmented tone curve
 * @curve: the VISP_TONE_POINTS points to fill, for visp_params_set_tone()
 * @fn: the curve, mapping a linear value x, 0 to 1, to an encoded value,
 *	0 to 1; called with @priv
 * @priv: passed to @fn
 *
 * Point i becomes round(4095 * fn(min(p, 4095) / 4095)), clamped to 0 to
 * 4095, p being visp_tone_point(i). The interpolation of the hardware then
 * stays within 1 code (12-bit) of the exact sRGB, BT.709 and log presets
 * at every input, see the tone curve section of
 * Documentation/userspace-api/media/visp-libvisp.rst. Since 0.3.
 *
 * Return: 0 on success, -EINVAL when @curve or @fn is NULL or @fn returns
 * NaN (@curve is then partly written).
 */
int visp_tone_fill(uint16_t curve[VISP_TONE_POINTS],
		   double (*fn)(double x, void *priv), void *priv);

/**
 * visp_tone_fill_preset() - a preset as a segmented tone curve
 * @curve: the VISP_TONE_POINTS points to fill
 * @preset: one of enum visp_tone_preset
 *
 * visp_tone_fill() with the function of @preset. Since 0.3.
 *
 * Return: 0 on success, -EINVAL for a NULL @curve or an unknown @preset.
 */
int visp_tone_fill_preset(uint16_t curve[VISP_TONE_POINTS],
			  unsigned int preset);

/**
 * visp_gamma_fill() - sample a function as a uniform gamma curve
 * @curve: the VISP_GAMMA_POINTS points to fill, for visp_params_set_gamma()
 * @fn: as for visp_tone_fill()
 * @priv: passed to @fn
 *
 * Point i becomes round(4095 * fn(min(64 i, 4095) / 4095)), clamped to 0
 * to 4095: the fallback for drivers without the TONE block, up to 5 codes
 * off the sRGB curve near black. Since 0.3.
 *
 * Return: 0 on success, -EINVAL when @curve or @fn is NULL or @fn returns
 * NaN.
 */
int visp_gamma_fill(uint16_t curve[VISP_GAMMA_POINTS],
		    double (*fn)(double x, void *priv), void *priv);

/**
 * visp_params_set_csc() - append an RGB to YUV conversion block
 * @buf: buffer started with visp_params_init()
 * @size: bytes available at @buf
 * @matrix: one of enum visp_csc_matrix
 * @range: one of enum visp_csc_range
 *
 * See struct visp_params_csc: the driver also rejects, when the buffer is
 * queued, a setting that contradicts the capture formats. The block cannot
 * be disabled.
 *
 * Return: 0 on success, -EINVAL for an invalid argument, -ENOSPC when the
 * buffer is full.
 */
int visp_params_set_csc(struct visp_params_buffer *buf, size_t size,
			unsigned int matrix, unsigned int range);

/**
 * visp_params_set_awb_stats() - append an AWB statistics block
 * @buf: buffer started with visp_params_init()
 * @size: bytes available at @buf
 * @enable: enable the measurement
 * @window: measurement window; its reserved bytes are not read
 * @sat_threshold: highest sample value of a counted quad, 0 to 4095
 *
 * See struct visp_params_awb_stats.
 *
 * Return: 0 on success, -EINVAL for an invalid argument, -ENOSPC when the
 * buffer is full.
 */
int visp_params_set_awb_stats(struct visp_params_buffer *buf, size_t size,
			      bool enable,
			      const struct visp_stats_window *window,
			      uint16_t sat_threshold);

/**
 * visp_params_set_ae_stats() - append an AE statistics block
 * @buf: buffer started with visp_params_init()
 * @size: bytes available at @buf
 * @enable: enable the measurement
 * @window: measurement window; its reserved bytes are not read
 * @tap: one of enum visp_ae_tap
 *
 * See struct visp_params_ae_stats.
 *
 * Return: 0 on success, -EINVAL for an invalid argument, -ENOSPC when the
 * buffer is full.
 */
int visp_params_set_ae_stats(struct visp_params_buffer *buf, size_t size,
			     bool enable,
			     const struct visp_stats_window *window,
			     unsigned int tap);

/**
 * visp_params_set_af_stats() - append an AF statistics block
 * @buf: buffer started with visp_params_init()
 * @size: bytes available at @buf
 * @enable: enable the measurement
 * @window: measurement window; its reserved bytes are not read
 * @threshold: coring threshold, 0 to 4095
 *
 * See struct visp_params_af_stats.
 *
 * Return: 0 on success, -EINVAL for an invalid argument, -ENOSPC when the
 * buffer is full.
 */
int visp_params_set_af_stats(struct visp_params_buffer *buf, size_t size,
			     bool enable,
			     const struct visp_stats_window *window,
			     uint16_t threshold);

/**
 * visp_params_disable() - append a block that disables a processing block
 * @buf: buffer started with visp_params_init()
 * @size: bytes available at @buf
 * @type: one of enum visp_params_block_type
 *
 * Appends the 8-byte block header alone with VISP_PARAMS_FL_BLOCK_DISABLE:
 * the block is bypassed, its configuration kept.
 *
 * Return: 0 on success, -EINVAL when @type is unknown or cannot be
 * disabled (demosaic, CSC), -ENOSPC when the buffer is full.
 */
int visp_params_disable(struct visp_params_buffer *buf, size_t size,
			unsigned int type);

/* ------------------------------------------------------------------------
 * Statistics buffers
 */

/**
 * visp_stats_validate() - validate a statistics buffer
 * @buf: statistics buffer as dequeued
 * @bytesused: bytes used in the V4L2 buffer
 *
 * Return: 0 if the buffer is large enough, its version is
 * VISP_STATS_BUFFER_V1 or a later one and its size covers the version 1
 * layout within @bytesused, its grids are within 16 x 16 and undefined bits
 * are zero, -EINVAL otherwise.
 */
int visp_stats_validate(const void *buf, size_t bytesused);

/**
 * visp_stats_awb_mean() - mean colour of an AWB zone
 * @st: statistics
 * @gx: zone column
 * @gy: zone row
 * @rgb: mean R, G and B in 12-bit units, rounded to nearest
 *
 * Return: the number of counted quads of the zone, 0 when none was counted,
 * the zone does not exist or AWB statistics are not valid (@rgb is then
 * zero).
 */
uint32_t visp_stats_awb_mean(const struct visp_stats_buffer *st,
			     unsigned int gx, unsigned int gy, uint32_t rgb[3]);

/**
 * visp_stats_hist_total() - number of pixels in the AE histogram
 * @st: statistics
 *
 * Return: the sum of all histogram bins.
 */
uint64_t visp_stats_hist_total(const struct visp_stats_buffer *st);

/**
 * struct visp_stats_view - a parsed statistics buffer
 *
 * Filled by visp_stats_parse(); points into the parsed buffer, which must
 * stay mapped while the view is used. The fields are read-only copies of
 * the buffer header; the measurements are read with the accessors below,
 * which check @meas_valid.
 *
 * @stats: the buffer
 * @version: layout version the ISP wrote, VISP_STATS_BUFFER_V1 or later
 * @frame_sequence: V4L2 sequence number of the measured frame
 * @meas_valid: VISP_STATS_MEAS_* bits of the valid measurements
 * @awb_grid_w: AWB zone columns
 * @awb_grid_h: AWB zone rows
 * @ae_grid_w: AE zone columns
 * @ae_grid_h: AE zone rows
 * @af_grid_w: AF zone columns
 * @af_grid_h: AF zone rows
 * @reserved: set to zero, room for later minor versions
 */
struct visp_stats_view {
	const struct visp_stats_buffer *stats;
	uint32_t version;
	uint32_t frame_sequence;
	uint32_t meas_valid;
	uint8_t awb_grid_w;
	uint8_t awb_grid_h;
	uint8_t ae_grid_w;
	uint8_t ae_grid_h;
	uint8_t af_grid_w;
	uint8_t af_grid_h;
	uint8_t reserved[34];
};

/**
 * struct visp_stats_awb - mean colour of an AWB zone
 *
 * @r: mean red, 12-bit units, rounded to nearest
 * @g: mean green (Gr and Gb), 12-bit units, rounded to nearest
 * @b: mean blue, 12-bit units, rounded to nearest
 * @count: number of counted quads; the means are 0 when it is 0
 */
struct visp_stats_awb {
	uint32_t r;
	uint32_t g;
	uint32_t b;
	uint32_t count;
};

/**
 * visp_stats_parse() - parse a statistics buffer
 * @buf: statistics buffer as dequeued, 8-byte aligned (a V4L2 buffer
 *	mapping is)
 * @bytesused: bytes used in the V4L2 buffer
 * @view: filled with the buffer's header
 *
 * Checks the buffer with visp_stats_validate(). A later layout version is
 * accepted: its version 1 fields are read.
 *
 * Return: 0 on success, -EINVAL when @buf is misaligned, truncated, of a
 * version older than VISP_STATS_BUFFER_V1 or otherwise invalid (@view is
 * then zeroed).
 */
int visp_stats_parse(const void *buf, size_t bytesused,
		     struct visp_stats_view *view);

/**
 * visp_stats_get_awb() - mean colour of an AWB zone
 * @view: parsed statistics
 * @gx: zone column, below &visp_stats_view.awb_grid_w
 * @gy: zone row, below &visp_stats_view.awb_grid_h
 * @awb: filled with the zone's means and count
 *
 * Return: 0 on success, -ENODATA when the AWB measurement is not valid,
 * -EINVAL when the zone is outside the grid.
 */
int visp_stats_get_awb(const struct visp_stats_view *view, unsigned int gx,
		       unsigned int gy, struct visp_stats_awb *awb);

/**
 * visp_stats_get_ae_hist() - AE histogram
 * @view: parsed statistics
 * @hist: set to the VISP_STATS_HIST_BINS bins in the buffer, bin n
 *	counting the pixels whose 8-bit luma is n
 *
 * Return: 0 on success, -ENODATA when the AE histogram is not valid.
 */
int visp_stats_get_ae_hist(const struct visp_stats_view *view,
			   const uint32_t **hist);

/**
 * visp_stats_get_ae_zone() - AE mean luma of a zone
 * @view: parsed statistics
 * @gx: zone column, below &visp_stats_view.ae_grid_w
 * @gy: zone row, below &visp_stats_view.ae_grid_h
 * @mean: mean 8-bit luma, unsigned 8.8 fixed point
 *
 * Return: 0 on success, -ENODATA when the AE zone means are not valid,
 * -EINVAL when the zone is outside the grid.
 */
int visp_stats_get_ae_zone(const struct visp_stats_view *view,
			   unsigned int gx, unsigned int gy, uint16_t *mean);

/**
 * visp_stats_get_af() - AF sharpness of a zone
 * @view: parsed statistics
 * @gx: zone column, below &visp_stats_view.af_grid_w
 * @gy: zone row, below &visp_stats_view.af_grid_h
 * @sharpness: sum of the cored horizontal luma differences of the zone,
 *	see struct visp_params_af_stats
 *
 * Return: 0 on success, -ENODATA when the AF measurement is not valid,
 * -EINVAL when the zone is outside the grid.
 */
int visp_stats_get_af(const struct visp_stats_view *view, unsigned int gx,
		      unsigned int gy, uint64_t *sharpness);

/* ------------------------------------------------------------------------
 * Auto exposure, auto white balance and auto focus
 */

/**
 * struct visp_3a_sensor - sensor limits and timing, for visp_3a_init()
 *
 * Gains are unsigned Q8 (256 is 1.0): the caller converts them to and
 * from the sensor's control units.
 *
 * @line_length: pixels per line, blanking included (width + HBLANK)
 * @pixel_rate: pixels per second (V4L2_CID_PIXEL_RATE)
 * @exposure_min: shortest exposure, lines, at least 1
 * @exposure_max: longest exposure, lines (from the frame length the
 *	caller allows)
 * @again_min: lowest analogue gain, Q8, at least 1
 * @again_max: highest analogue gain, Q8
 * @dgain_min: lowest digital gain, Q8, at least 1
 * @dgain_max: highest digital gain, Q8
 * @exposure_delay: frames between the frame during which an exposure is
 *	written and the first frame exposed with it
 * @gain_delay: the same for the analogue and digital gains
 * @width: ISP input frame width, pixels, VISP_MIN_WIDTH to VISP_MAX_WIDTH
 * @height: ISP input frame height, pixels, VISP_MIN_HEIGHT to
 *	VISP_MAX_HEIGHT
 * @black_level: black level the caller's BLS block subtracts, 12-bit
 *	units, below 4095; the white balance gains include the white point
 *	correction 4095 / (4095 - @black_level)
 * @exposure: exposure the sensor starts with, lines
 * @again: analogue gain the sensor starts with, Q8
 * @dgain: digital gain the sensor starts with, Q8
 */
struct visp_3a_sensor {
	uint32_t line_length;
	uint64_t pixel_rate;
	uint32_t exposure_min;
	uint32_t exposure_max;
	uint32_t again_min;
	uint32_t again_max;
	uint32_t dgain_min;
	uint32_t dgain_max;
	uint32_t exposure_delay;
	uint32_t gain_delay;
	uint32_t width;
	uint32_t height;
	uint16_t black_level;
	uint32_t exposure;
	uint32_t again;
	uint32_t dgain;
};

/**
 * enum visp_3a_metering - AE metering modes
 *
 * @VISP_3A_METERING_AVERAGE: every zone of the frame counts the same
 * @VISP_3A_METERING_CENTRE: the zones of the central quarter of the frame
 *	(half its width, half its height) count four times as much
 * @VISP_3A_METERING_SPOT: only the zones of the central sixteenth of the
 *	frame (a quarter of its width and height) count
 */
enum visp_3a_metering {
	VISP_3A_METERING_AVERAGE,
	VISP_3A_METERING_CENTRE,
	VISP_3A_METERING_SPOT,
};

/**
 * struct visp_3a_ct_point - a point of the colour temperature locus
 *
 * @ct: colour temperature, K
 * @r_g: mean red over mean green of a grey surface lit by that
 *	illuminant, as the AWB statistics measure it (after the black level,
 *	before the white balance gains)
 * @b_g: the same, blue over green
 */
struct visp_3a_ct_point {
	double ct;
	double r_g;
	double b_g;
};

/* Points of a colour temperature locus, at most */
#define VISP_3A_CT_POINTS_MAX	16

/* ------------------------------------------------------------------------
 * Tuning files
 */

/* Colour temperatures of the LSC tables and of the CCMs, at most */
#define VISP_TUNING_CT_MAX	8
/* Version of the tuning files visp_tuning_load() reads */
#define VISP_TUNING_VERSION	1

/**
 * enum visp_tuning_section - the sections (algorithms) of a tuning file
 *
 * Bits of &visp_tuning.sections: the sections present.
 *
 * @VISP_TUNING_BLACK_LEVEL: black level (``black_level``)
 * @VISP_TUNING_DPC: defective pixel correction (``dpc``)
 * @VISP_TUNING_LSC: lens shading tables (``lsc``)
 * @VISP_TUNING_AWB: colour temperature locus (``awb``)
 * @VISP_TUNING_CCM: colour correction matrices (``ccm``)
 * @VISP_TUNING_AE: exposure target and limits (``ae``)
 * @VISP_TUNING_GAMMA: gamma curve (``gamma``)
 * @VISP_TUNING_DEMOSAIC: demosaicing mode (``demosaic``)
 * @VISP_TUNING_TONE: segmented tone curve (``tone``), since 0.3
 * @VISP_TUNING_AF: contrast auto focus (``af``), since 0.6
 */
enum visp_tuning_section {
	VISP_TUNING_BLACK_LEVEL = 1 << 0,
	VISP_TUNING_DPC = 1 << 1,
	VISP_TUNING_LSC = 1 << 2,
	VISP_TUNING_AWB = 1 << 3,
	VISP_TUNING_CCM = 1 << 4,
	VISP_TUNING_AE = 1 << 5,
	VISP_TUNING_GAMMA = 1 << 6,
	VISP_TUNING_DEMOSAIC = 1 << 7,
	VISP_TUNING_TONE = 1 << 8,
	VISP_TUNING_AF = 1 << 9,
};

/**
 * struct visp_tuning_lsc - lens shading tables at a colour temperature
 *
 * @ct: colour temperature, K
 * @gain: gains per enum visp_cfa_channel, as struct visp_params_lsc
 */
struct visp_tuning_lsc {
	double ct;
	uint16_t gain[VISP_CFA_CHANNELS][VISP_LSC_GRID_NODES];
};

/**
 * struct visp_tuning_ccm - colour correction matrix at a colour temperature
 *
 * @ct: colour temperature, K
 * @ccm: matrix from the white balanced camera RGB to linear sRGB,
 *	row-major, VISP_CCM_COEFF_MIN / 1024 to VISP_CCM_COEFF_MAX / 1024
 */
struct visp_tuning_ccm {
	double ct;
	double ccm[3][3];
};

/**
 * struct visp_tuning_af - the settings of contrast auto focus
 *
 * @threshold: coring threshold of the AF statistics, 12-bit units, 1 to
 *	4095, as &visp_3a_config.af_threshold
 * @restart: in continuous mode, fraction of the sharpness found by the
 *	last search by which it must drop for a new search to start, 0.01
 *	to 0.99, as &visp_3a_config.af_restart
 * @coarse_steps: positions of a search's coarse scan over the lens's
 *	range, its ends included, 3 to 16
 * @fine_divisor: the fine scan's step is the coarse scan's divided by
 *	this, 1 to 16
 * @contrast: a search finds a peak only if the highest sharpness it
 *	measured exceeds the lowest by this fraction of the lowest, 0.01 to
 *	10
 */
struct visp_tuning_af {
	uint16_t threshold;
	double restart;
	uint32_t coarse_steps;
	uint32_t fine_divisor;
	double contrast;
};

/* What AF uses where neither the tuning nor struct visp_3a_config says */
#define VISP_AF_DEFAULT_THRESHOLD	16
#define VISP_AF_DEFAULT_RESTART		0.25
#define VISP_AF_DEFAULT_COARSE_STEPS	9
#define VISP_AF_DEFAULT_FINE_DIVISOR	4
#define VISP_AF_DEFAULT_CONTRAST	0.15

/**
 * struct visp_tuning - the tuning of a sensor
 *
 * What visp_tuning_load() reads from a tuning file and visp_tuning_save()
 * writes; see Documentation/userspace-api/media/visp-libvisp.rst for the
 * file format. Only the sections whose bit is set in @sections are
 * meaningful.
 *
 * @version: file format version, VISP_TUNING_VERSION
 * @sections: the sections present, enum visp_tuning_section bits
 * @black_level: black level per enum visp_cfa_channel, 12-bit units
 * @dpc_threshold: defective pixel detection threshold, 12-bit units
 * @lsc_count: tables of @lsc, 1 to VISP_TUNING_CT_MAX
 * @lsc: lens shading tables by increasing colour temperature
 * @ct_points: points of @ct_locus, 2 to VISP_3A_CT_POINTS_MAX
 * @ct_locus: colour temperature locus by increasing colour temperature,
 *	as &visp_3a_config.ct_locus
 * @ccm_count: matrices of @ccm, 1 to VISP_TUNING_CT_MAX
 * @ccm: colour correction matrices by increasing colour temperature
 * @ae_target: AE target, as &visp_3a_config.ae_target, above 0, below 1
 * @ae_exposure_max_us: longest exposure time AE uses, microseconds
 * @ae_gain_max: highest total (analogue times digital) gain AE uses,
 *	at least 1
 * @gamma: gamma curve, as struct visp_params_gamma
 * @demosaic_mode: one of enum visp_demosaic_mode
 * @tone: segmented tone curve, as struct visp_params_tone (since 0.3).
 *	The 3A sends it rather than @gamma when the driver has the TONE
 *	block; @gamma is for drivers without it.
 * @af: contrast auto focus (since 0.6)
 */
struct visp_tuning {
	uint32_t version;
	uint32_t sections;
	uint16_t black_level[VISP_CFA_CHANNELS];
	uint16_t dpc_threshold;
	uint32_t lsc_count;
	struct visp_tuning_lsc lsc[VISP_TUNING_CT_MAX];
	uint32_t ct_points;
	struct visp_3a_ct_point ct_locus[VISP_3A_CT_POINTS_MAX];
	uint32_t ccm_count;
	struct visp_tuning_ccm ccm[VISP_TUNING_CT_MAX];
	double ae_target;
	uint32_t ae_exposure_max_us;
	double ae_gain_max;
	uint16_t gamma[VISP_GAMMA_POINTS];
	uint32_t demosaic_mode;
	uint16_t tone[VISP_TONE_POINTS];
	struct visp_tuning_af af;
};

/**
 * visp_tuning_load() - read a tuning file
 * @path: YAML tuning file
 * @err: where to write, on failure, one sentence giving the file, the
 *	line and what is wrong; may be NULL
 * @err_size: bytes at @err
 *
 * Every value is checked: a file with a missing version, a value of the
 * wrong type or out of range, a matrix or table of the wrong size, colour
 * temperatures that do not increase, or a section or key the format does
 * not define is refused.
 *
 * Return: the tuning, to free with visp_tuning_free(), or NULL with errno
 * set: EINVAL for an invalid file, ENOMEM, or the errno of fopen().
 */
struct visp_tuning *visp_tuning_load(const char *path, char *err,
				     size_t err_size);

/**
 * visp_tuning_free() - free a tuning read by visp_tuning_load()
 * @tuning: the tuning, or NULL
 */
void visp_tuning_free(struct visp_tuning *tuning);

/**
 * visp_tuning_check() - check a tuning
 * @tuning: the tuning
 * @err: where to write, on failure, one sentence saying what is wrong;
 *	may be NULL
 * @err_size: bytes at @err
 *
 * Applies the rules of visp_tuning_load() to a tuning filled in memory.
 *
 * Return: 0 if @tuning is valid, -EINVAL otherwise.
 */
int visp_tuning_check(const struct visp_tuning *tuning, char *err,
		      size_t err_size);

/**
 * visp_tuning_save() - write a tuning file
 * @tuning: the tuning, valid for visp_tuning_check()
 * @path: file to write
 * @err: where to write, on failure, one sentence saying what went wrong;
 *	may be NULL
 * @err_size: bytes at @err
 *
 * The file holds the sections of @tuning in the order of enum
 * visp_tuning_section; the output depends on @tuning alone, so that the
 * same tuning always gives the same bytes. visp_tuning_load() reads back
 * the tuning, the real numbers rounded as written (6 significant digits).
 *
 * Return: 0, or -EINVAL for an invalid tuning, or the negative errno of
 * the failed write.
 */
int visp_tuning_save(const struct visp_tuning *tuning, const char *path,
		     char *err, size_t err_size);

/**
 * struct visp_3a_lens - the focus lens, for visp_3a_init()
 *
 * Positions are in the units of the lens's V4L2_CID_FOCUS_ABSOLUTE
 * control.
 *
 * @present: the camera has a focus lens; without one, AF does nothing and
 *	the other fields are not read
 * @min: lowest position
 * @max: highest position, above @min
 * @delay: frames between the frame during which a position is written
 *	and the first frame exposed with it, 0 to 14
 * @position: position the lens starts at, @min to @max
 */
struct visp_3a_lens {
	bool present;
	uint32_t min;
	uint32_t max;
	uint32_t delay;
	uint32_t position;
};

/**
 * enum visp_af_mode - auto focus modes
 *
 * @VISP_AF_MODE_OFF: the lens stays at the position the application
 *	sets (manual focus)
 * @VISP_AF_MODE_SINGLE: one search for the sharpest position, then the
 *	lens stays there until the next search is asked for
 * @VISP_AF_MODE_CONTINUOUS: a search, then the sharpness is watched: a
 *	search starts again when it has dropped by more than the configured
 *	fraction and the scene is steady
 */
enum visp_af_mode {
	VISP_AF_MODE_OFF,
	VISP_AF_MODE_SINGLE,
	VISP_AF_MODE_CONTINUOUS,
};

/**
 * enum visp_af_state - auto focus states
 *
 * @VISP_AF_STATE_IDLE: no search ran in this mode (%VISP_AF_MODE_OFF, or
 *	no lens)
 * @VISP_AF_STATE_SCANNING: a search is under way: the lens moves
 * @VISP_AF_STATE_FOCUSED: the search ended at the sharpest position
 *	found; the lens stays there
 * @VISP_AF_STATE_FAILED: the search found no position sharper than the
 *	others (a flat or dark scene); the lens stays at the sharpest
 *	position measured
 */
enum visp_af_state {
	VISP_AF_STATE_IDLE,
	VISP_AF_STATE_SCANNING,
	VISP_AF_STATE_FOCUSED,
	VISP_AF_STATE_FAILED,
};

/**
 * struct visp_3a_af_window - the area of the frame AF makes sharp
 *
 * In ISP input pixels. A window of zero width or height is the default:
 * the central quarter of the frame (half its width, half its height).
 *
 * @x: left edge
 * @y: top edge
 * @width: width, at least 16 pixels, within the frame
 * @height: height, at least 16 pixels, within the frame
 */
struct visp_3a_af_window {
	uint32_t x;
	uint32_t y;
	uint32_t width;
	uint32_t height;
};

/**
 * struct visp_3a_config - configuration of the AE and AWB algorithms
 *
 * A zero field takes the default given.
 *
 * @sensor: the sensor
 * @metering: one of enum visp_3a_metering
 * @ae_target: target of the mean linear luma, as a fraction of full scale
 *	(default 0.16, which puts a scene of average reflectance near mid
 *	grey once gamma encoded)
 * @ae_speed: fraction of the exposure error corrected per adjustment, in
 *	logarithmic terms, 0 to 1 (default 0.9)
 * @awb_speed: fraction of the white balance error corrected per frame,
 *	in logarithmic terms, 0 to 1 (default 0.7)
 * @awb_dark: AWB zones whose mean green is below this fraction of full
 *	scale are ignored (default 1/64)
 * @awb_grey_radius: colour distance (in natural logarithm of the ratios)
 *	under which a zone counts as grey under a point of the locus
 *	(default 0.08)
 * @awb_locus_tolerance: greatest colour distance of the white balance
 *	from the locus (default 0.02)
 * @ct_points: number of points of @ct_locus, 0 (no locus) or 2 to
 *	VISP_3A_CT_POINTS_MAX
 * @ct_locus: the colour temperature locus, by increasing @ct
 * @tuning: the sensor's tuning, copied, or NULL. Its sections fill in
 *	what the fields above leave zero (the AE target, the locus) and
 *	drive the blocks of the parameters buffer, see struct
 *	visp_3a_result; its black level replaces
 *	&visp_3a_sensor.black_level and its AE limits narrow the sensor's.
 *	Without a tuning only the white balance gains and the statistics
 *	are programmed.
 * @lens: the focus lens
 * @af_mode: one of enum visp_af_mode, the mode AF starts in
 * @af_window: the AF window
 * @af_threshold: coring threshold of the AF statistics, 12-bit units, 1
 *	to 4095; 0 for the tuning's (its af section), else 16: the noise of
 *	a flat area is not counted as detail
 * @af_restart: in %VISP_AF_MODE_CONTINUOUS, fraction of the sharpness at
 *	the end of the last search by which it must drop for a new search
 *	to start, 0 to 1; 0 for the tuning's, else 0.25
 * @params_blocks: the parameters block types the driver accepts, the
 *	value of V4L2_CID_VISP_SUPPORTED_PARAMS_BLOCKS (default: every type
 *	this library knows). Without bit VISP_PARAMS_BLOCK_TONE the
 *	tuning's tone curve is sent as a GAMMA block: its @gamma curve if
 *	it has one, else the tone curve at the GAMMA block's points. Since
 *	0.3.
 */
struct visp_3a_config {
	struct visp_3a_sensor sensor;
	uint32_t metering;
	double ae_target;
	double ae_speed;
	double awb_speed;
	double awb_dark;
	double awb_grey_radius;
	double awb_locus_tolerance;
	uint32_t ct_points;
	struct visp_3a_ct_point ct_locus[VISP_3A_CT_POINTS_MAX];
	const struct visp_tuning *tuning;
	struct visp_3a_lens lens;
	uint32_t af_mode;
	struct visp_3a_af_window af_window;
	uint16_t af_threshold;
	double af_restart;
	uint32_t params_blocks;
};

/*
 * Bytes of the parameters buffer of a struct visp_3a_result: the largest
 * buffer the driver accepts, one block of each type.
 */
#define VISP_3A_PARAMS_SIZE						\
	((sizeof(struct visp_params_buffer) + VISP_PARAMS_MAX_SIZE + 7) &	\
	 ~(size_t)7)

/**
 * struct visp_3a_result - settings computed by the AE and AWB algorithms
 *
 * @exposure: sensor exposure to write, lines
 * @again: analogue gain to write, Q8
 * @dgain: digital gain to write, Q8
 * @wb_gain: white balance gains of the parameters buffer, per
 *	enum visp_cfa_channel, unsigned 4.10 fixed point
 * @ct: estimated colour temperature, K; 0 without a locus or before the
 *	first estimate
 * @ae_mean: metered mean linear luma of the statistics, fraction of full
 *	scale; negative when the statistics held no AE measurement
 * @ae_converged: the metered mean was within 5 % of the target with
 *	settings that were fully applied
 * @focus: lens position to write (with a lens; else 0)
 * @af_state: one of enum visp_af_state
 * @af_sharpness: sharpness of the AF window in the statistics, relative
 *	to its brightness (in no particular unit: only its changes mean
 *	something); negative when the statistics held no AF measurement
 * @params_size: bytes used of @params (the V4L2 buffer's bytesused)
 * @params: parameters buffer to queue, a struct visp_params_buffer: white
 *	balance gains, AWB and AE statistics over the whole frame and AF
 *	statistics over the AF window with a lens, the whole frame
 *	without, enabled; with a tuning, also each block its sections set:
 *	black level, defective pixel correction, lens shading and colour
 *	matrix (both interpolated at @ct), gamma and demosaicing. The CSC
 *	block is left to the capture formats.
 */
struct visp_3a_result {
	uint32_t exposure;
	uint32_t again;
	uint32_t dgain;
	uint16_t wb_gain[VISP_CFA_CHANNELS];
	uint32_t ct;
	double ae_mean;
	bool ae_converged;
	uint32_t focus;
	uint32_t af_state;
	double af_sharpness;
	size_t params_size;
	uint64_t params[VISP_3A_PARAMS_SIZE / 8];
};

struct visp_3a;

/**
 * visp_3a_init() - create an AE and AWB context
 * @config: configuration, copied
 * @result: filled with the settings of the first frames: the sensor's
 *	starting exposure and gains, unity white balance and the
 *	parameters buffer enabling the statistics, to queue before
 *	streaming starts
 *
 * Return: the context, or NULL when @config is invalid or memory is short.
 */
struct visp_3a *visp_3a_init(const struct visp_3a_config *config,
			     struct visp_3a_result *result);

/**
 * visp_3a_free() - free an AE and AWB context
 * @ctx: context from visp_3a_init(), or NULL
 */
void visp_3a_free(struct visp_3a *ctx);

/**
 * visp_3a_process() - run AE and AWB on one frame's statistics
 * @ctx: context
 * @view: parsed statistics of the frame
 * @sequence: V4L2 sequence number of the frame, increasing from call to
 *	call; frames may be skipped
 * @result: filled with the settings to apply
 *
 * The sensor controls of @result are to be written during frame
 * @sequence + 1: the context records them so that, frames later, it knows
 * which exposure and gains each frame's statistics were measured with
 * (the sensor's @exposure_delay and @gain_delay apart) and corrects the
 * exposure from those, reacting once to each change. The parameters
 * buffer is to be queued for the next frame the ISP processes.
 *
 * AE meters the mean linear luma of the AE zones with the configured
 * metering mode and moves the total exposure (time times analogue gain
 * times digital gain) towards the target: the exposure time first, up to
 * its maximum, then the analogue gain, then the digital gain. AWB is a
 * grey world over the AWB zones that are neither dark nor saturated;
 * with a locus, over the zones near the locus point that most zones are
 * near, the result being held within a tolerance of the locus.
 *
 * With a lens, AF searches for the position at which the AF window is
 * sharpest: a coarse scan over the lens's range, then a finer one around
 * the sharpest position found, ending at the vertex of a parabola through
 * the sharpest measurement and its neighbours. A position is sent each
 * frame; each frame's statistics are matched with the position that frame
 * was exposed with, the lens's @delay applied. @focus is written with the
 * sensor controls.
 *
 * Return: 0 on success, -EINVAL for invalid arguments (a @sequence lower
 * than that of the last call among them). Statistics without AE, AWB or
 * AF measurements leave the corresponding settings as they were.
 */
int visp_3a_process(struct visp_3a *ctx, const struct visp_stats_view *view,
		    uint32_t sequence, struct visp_3a_result *result);

/**
 * visp_3a_written() - say that the last settings were written late
 * @ctx: context
 * @frame: sequence of the frame during which the settings of the last
 *	visp_3a_process() call were written
 *
 * visp_3a_process() counts its settings as written during frame
 * @sequence + 1. An application that wrote them later (its wait for the
 * start of that frame returned during a later one, on a busy system)
 * says so here: the settings then reach the sensor and the lens later,
 * and the context, which matches each frame's statistics with the
 * settings the frame was exposed with, follows. Without it AF gives the
 * sharpness measured at one lens position to another and can end out of
 * focus. Since 0.5.
 *
 * Return: 0 on success, -EINVAL if nothing was written yet or @frame is
 * before the frame the settings were counted for.
 */
int visp_3a_written(struct visp_3a *ctx, uint32_t frame);

/**
 * visp_3a_set_af_mode() - change the auto focus mode
 * @ctx: context
 * @mode: one of enum visp_af_mode
 * @position: with %VISP_AF_MODE_OFF, the lens position to hold,
 *	&visp_3a_lens.min to &visp_3a_lens.max; not read in other modes
 *
 * %VISP_AF_MODE_SINGLE and %VISP_AF_MODE_CONTINUOUS start a new search,
 * also when AF already was in that mode: setting %VISP_AF_MODE_SINGLE
 * again triggers a search. The change shows in the results of the next
 * visp_3a_process().
 *
 * Return: 0 on success, -ENODEV when the camera has no lens, -EINVAL for
 * an invalid argument.
 */
int visp_3a_set_af_mode(struct visp_3a *ctx, unsigned int mode,
			uint32_t position);

/**
 * visp_3a_set_af_window() - change the auto focus window
 * @ctx: context
 * @window: the new window, or NULL for the default one (see struct
 *	visp_3a_af_window)
 *
 * The AF statistics of the parameters buffers of the next results are
 * measured over @window. A search under way starts again.
 *
 * Return: 0 on success, -ENODEV when the camera has no lens, -EINVAL when
 * the window is not within the frame.
 */
int visp_3a_set_af_window(struct visp_3a *ctx,
			  const struct visp_3a_af_window *window);

/* ------------------------------------------------------------------------
 * Colour
 */

/**
 * visp_colour_srgb_encode() - sRGB transfer function
 * @linear: linear value, 0 to 1
 *
 * Return: the sRGB encoded value, 0 to 1 (IEC 61966-2-1).
 */
double visp_colour_srgb_encode(double linear);

/**
 * visp_colour_srgb_decode() - inverse of the sRGB transfer function
 * @encoded: sRGB encoded value, 0 to 1
 *
 * Return: the linear value, 0 to 1.
 */
double visp_colour_srgb_decode(double encoded);

/**
 * visp_colour_lab() - CIELAB of a linear sRGB colour
 * @rgb: linear sRGB red, green and blue, 1 being the white
 * @lab: L*, a* and b*, with the sRGB white (D65) as reference white
 */
void visp_colour_lab(const double rgb[3], double lab[3]);

/**
 * visp_colour_delta_e2000() - CIEDE2000 colour difference
 * @lab1: L*, a* and b* of the first colour
 * @lab2: L*, a* and b* of the second colour
 *
 * Return: the CIEDE2000 difference, with the parametric factors kL, kC
 * and kH at 1.
 */
double visp_colour_delta_e2000(const double lab1[3], const double lab2[3]);


/* ------------------------------------------------------------------------
 * Capture pipeline
 */

/* Cameras of a pipeline, at most */
#define VISP_PIPELINE_CAMERAS_MAX	4
/* Buffers of a video node, at most */
#define VISP_PIPELINE_BUFFERS_MAX	16

/**
 * enum visp_node - video nodes of the VISP device
 *
 * @VISP_NODE_INPUT: visp-input, raw Bayer frames from memory
 * @VISP_NODE_MAIN: visp-main, the main path's output
 * @VISP_NODE_SELF: visp-self, the self path's output
 * @VISP_NODE_PARAMS: visp-params, parameters buffers
 * @VISP_NODE_STATS: visp-stats, statistics buffers
 * @VISP_NODE_COUNT: number of nodes
 */
enum visp_node {
	VISP_NODE_INPUT,
	VISP_NODE_MAIN,
	VISP_NODE_SELF,
	VISP_NODE_PARAMS,
	VISP_NODE_STATS,
	VISP_NODE_COUNT,
};

/**
 * enum visp_subdev - subdevices whose controls a pipeline sets
 *
 * @VISP_SUBDEV_SENSOR: the camera's sensor
 * @VISP_SUBDEV_LENS: the camera's lens
 */
enum visp_subdev {
	VISP_SUBDEV_SENSOR,
	VISP_SUBDEV_LENS,
};

/**
 * struct visp_camera - a camera of the VISP device
 *
 * @name: media entity name of the sensor
 * @subdev: device node of the sensor subdevice
 * @lens: device node of the lens subdevice, empty without one
 * @pad: source pad of the sensor
 */
struct visp_camera {
	char name[64];
	char subdev[64];
	char lens[64];
	uint32_t pad;
};

/**
 * struct visp_rect - a rectangle
 *
 * @left: left edge, pixels
 * @top: top edge, lines
 * @width: width, pixels
 * @height: height, lines
 */
struct visp_rect {
	uint32_t left;
	uint32_t top;
	uint32_t width;
	uint32_t height;
};

/**
 * struct visp_output_config - configuration of the main or self path
 *
 * @enable: capture from the path
 * @fourcc: V4L2 pixel format (NV12, RGB24, the main path's RAW16
 *	bypass...)
 * @width: output width, pixels; the resizer scales the crop to it
 * @height: output height, lines
 * @crop: rectangle of the ISP output the path takes; a zero width or
 *	height takes all of it
 */
struct visp_output_config {
	bool enable;
	uint32_t fourcc;
	uint32_t width;
	uint32_t height;
	struct visp_rect crop;
};

/* struct visp_pipeline_config.camera of the memory input */
#define VISP_PIPELINE_MEMORY	(-1)

/**
 * struct visp_pipeline_config - configuration of a pipeline
 *
 * @camera: index of the camera (visp_pipeline_camera()), or
 *	VISP_PIPELINE_MEMORY for frames queued on the memory input
 * @mbus_code: camera: media bus code of the sensor mode
 * @in_fourcc: memory input: V4L2 raw Bayer pixel format
 * @width: input frame width: the sensor mode's or the memory frames'
 * @height: input frame height
 * @crop: rectangle of the input frame the ISP processes; a zero width or
 *	height processes all of it
 * @main: the main path
 * @self: the self path
 * @params: stream parameters buffers
 * @stats: capture statistics buffers
 */
struct visp_pipeline_config {
	int camera;
	uint32_t mbus_code;
	uint32_t in_fourcc;
	uint32_t width;
	uint32_t height;
	struct visp_rect crop;
	struct visp_output_config main;
	struct visp_output_config self;
	bool params;
	bool stats;
};

/**
 * struct visp_frame_format - memory layout of a configured node's frames
 *
 * @fourcc: V4L2 pixel or metadata format
 * @width: width, pixels (0 for metadata)
 * @height: height, lines (0 for metadata)
 * @stride: bytes per line (0 for metadata)
 * @size: bytes of a buffer
 * @ycbcr_enc: Y'CbCr encoding of a YUV or greyscale format, enum
 *	v4l2_ycbcr_encoding as the driver reports it (0 otherwise)
 * @quantization: its quantization, enum v4l2_quantization (0 otherwise)
 */
struct visp_frame_format {
	uint32_t fourcc;
	uint32_t width;
	uint32_t height;
	uint32_t stride;
	uint32_t size;
	uint32_t ycbcr_enc;
	uint32_t quantization;
};

/**
 * struct visp_buffer - a buffer of a pipeline's node
 *
 * @node: enum visp_node of the buffer
 * @index: V4L2 buffer index
 * @data: the buffer mapped in the process, read and write
 * @length: bytes mapped at @data
 * @bytesused: bytes of data: set by the caller before queueing an output
 *	buffer (input, parameters), by visp_pipeline_dequeue() for a
 *	capture buffer
 * @sequence: V4L2 sequence number of a dequeued buffer
 * @timestamp_ns: timestamp of a dequeued buffer, ns (CLOCK_MONOTONIC)
 * @error: the driver flagged the dequeued buffer with an error
 * @dmabuf_fd: DMABUF file descriptor of a DMABUF buffer, else -1
 */
struct visp_buffer {
	unsigned int node;
	unsigned int index;
	void *data;
	size_t length;
	size_t bytesused;
	uint32_t sequence;
	uint64_t timestamp_ns;
	bool error;
	int dmabuf_fd;
};

struct visp_pipeline;

/**
 * visp_pipeline_open() - open the VISP media device
 * @media: media device node, or NULL to take the first /dev/media* whose
 *	driver is visp
 * @pipeline: set to the pipeline
 * @err: where to write one sentence describing a failure
 * @err_size: bytes at @err
 *
 * Reads the media graph and finds the cameras: the sensors linked to the
 * CSI-2 receiver. Nothing is configured yet.
 *
 * Return: 0, or a negative errno: -ENODEV when the visp module is not
 * loaded or @media is not its media device, the errno of open() else.
 */
int visp_pipeline_open(const char *media, struct visp_pipeline **pipeline,
		       char *err, size_t err_size);

/**
 * visp_pipeline_close() - stop streaming, free the buffers, close
 * @pl: pipeline, or NULL
 */
void visp_pipeline_close(struct visp_pipeline *pl);

/**
 * visp_pipeline_error() - the last failure of a pipeline function
 * @pl: pipeline
 *
 * Return: one sentence saying what failed, fit to be shown to a user:
 * "The visp device is busy: ...", "Format not supported: ...", "No camera
 * is connected to visp ..." and so on.
 */
const char *visp_pipeline_error(const struct visp_pipeline *pl);

/**
 * visp_pipeline_media_path() - the media device node of a pipeline
 * @pl: pipeline
 *
 * Return: the path, such as "/dev/media0".
 */
const char *visp_pipeline_media_path(const struct visp_pipeline *pl);

/**
 * visp_pipeline_num_cameras() - number of cameras of the device
 * @pl: pipeline
 *
 * Return: the number of cameras, 0 without a CSI-2 receiver or sensor.
 */
unsigned int visp_pipeline_num_cameras(const struct visp_pipeline *pl);

/**
 * visp_pipeline_camera() - a camera of the device
 * @pl: pipeline
 * @index: below visp_pipeline_num_cameras()
 *
 * Return: the camera, or NULL.
 */
const struct visp_camera *visp_pipeline_camera(const struct visp_pipeline *pl,
					       unsigned int index);

/**
 * visp_pipeline_camera_sizes() - enumerate the modes of a camera
 * @pl: pipeline
 * @camera: camera index
 * @index: mode index, from 0
 * @code: set to the mode's media bus code
 * @width: set to its width
 * @height: set to its height
 *
 * Return: 0, -ENOENT past the last mode, another negative errno when the
 * sensor cannot be read.
 */
int visp_pipeline_camera_sizes(struct visp_pipeline *pl, unsigned int camera,
			       unsigned int index, uint32_t *code,
			       uint32_t *width, uint32_t *height);

/**
 * visp_pipeline_node_path() - device node of a video node
 * @pl: pipeline
 * @node: enum visp_node
 *
 * Return: the path, or NULL when the device has no such node.
 */
const char *visp_pipeline_node_path(struct visp_pipeline *pl,
				    unsigned int node);

/**
 * visp_pipeline_configure() - set up links and formats
 * @pl: pipeline, not streaming
 * @cfg: configuration
 *
 * Frees the buffers of every node, disables every link that can be
 * disabled, then enables the links of @cfg and sets the formats and
 * selection rectangles from the camera or the memory input through the
 * ISP to the main and self paths' video nodes, with the V4L2 subdevice
 * API. A format or size that a pad or a node adjusts is an error, not
 * taken silently.
 *
 * Return: 0, or a negative errno with visp_pipeline_error() saying why:
 * -EBUSY when another program streams from the device, -EINVAL for a
 * format or size the device does not support, -ENODEV for a camera that
 * is not there.
 */
int visp_pipeline_configure(struct visp_pipeline *pl,
			    const struct visp_pipeline_config *cfg);

/**
 * visp_pipeline_format() - memory layout of a configured node
 * @pl: pipeline
 * @node: enum visp_node
 *
 * Return: the layout, or NULL when @node is not part of the configuration.
 */
const struct visp_frame_format *
visp_pipeline_format(const struct visp_pipeline *pl, unsigned int node);

/**
 * visp_pipeline_alloc_buffers() - allocate and map a node's buffers
 * @pl: pipeline, configured
 * @node: enum visp_node, part of the configuration
 * @count: number of buffers, 0 for 4, at most VISP_PIPELINE_BUFFERS_MAX
 * @memory: V4L2_MEMORY_MMAP, or V4L2_MEMORY_DMABUF for the image nodes
 *	(input, main, self)
 *
 * DMABUF buffers are allocated as MMAP buffers of another image node of
 * the device that has no buffers (or of @node itself when all have),
 * exported with VIDIOC_EXPBUF and imported on @node; the memory is then
 * owned by the DMABUF file descriptors, which the pipeline closes when
 * the buffers are freed. Every buffer is mapped at &visp_buffer.data.
 *
 * Return: 0, or a negative errno with visp_pipeline_error() saying why
 * (-EBUSY when another program has buffers on the node).
 */
int visp_pipeline_alloc_buffers(struct visp_pipeline *pl, unsigned int node,
				unsigned int count, uint32_t memory);

/**
 * visp_pipeline_free_buffers() - free a node's buffers
 * @pl: pipeline, the node not streaming
 * @node: enum visp_node
 *
 * Return: 0, or a negative errno.
 */
int visp_pipeline_free_buffers(struct visp_pipeline *pl, unsigned int node);

/**
 * visp_pipeline_num_buffers() - number of buffers of a node
 * @pl: pipeline
 * @node: enum visp_node
 *
 * Return: the number of buffers allocated.
 */
unsigned int visp_pipeline_num_buffers(const struct visp_pipeline *pl,
				       unsigned int node);

/**
 * visp_pipeline_buffer() - a buffer of a node, to fill and queue
 * @pl: pipeline
 * @node: enum visp_node
 * @index: below visp_pipeline_num_buffers()
 *
 * Return: the buffer, or NULL.
 */
struct visp_buffer *visp_pipeline_buffer(struct visp_pipeline *pl,
					 unsigned int node, unsigned int index);

/**
 * visp_pipeline_queue() - queue a buffer
 * @pl: pipeline
 * @buf: buffer of the pipeline; for an output node, its
 *	&visp_buffer.bytesused is the data to process
 *
 * Return: 0, or a negative errno.
 */
int visp_pipeline_queue(struct visp_pipeline *pl, struct visp_buffer *buf);

/**
 * visp_pipeline_dequeue() - wait for a buffer of a node and dequeue it
 * @pl: pipeline, streaming
 * @node: enum visp_node
 * @timeout_ms: longest wait, ms; negative waits for ever
 * @buf: set to the buffer; queue it again with visp_pipeline_queue()
 *
 * A capture buffer is one the device filled; an output buffer is one it
 * is done with.
 *
 * Return: 0, -ETIMEDOUT when no buffer came in time, another negative
 * errno on a failure.
 */
int visp_pipeline_dequeue(struct visp_pipeline *pl, unsigned int node,
			  int timeout_ms, struct visp_buffer **buf);

/**
 * visp_pipeline_fd() - file descriptor of a node, to poll()
 * @pl: pipeline
 * @node: enum visp_node
 *
 * Return: the descriptor, -1 when the node is not open.
 */
int visp_pipeline_fd(const struct visp_pipeline *pl, unsigned int node);

/**
 * visp_pipeline_request_alloc() - allocate a media request
 * @pl: pipeline reading frames from memory
 *
 * A request gathers the buffers of one frame: an input buffer and, at
 * most one each, the parameters that frame is processed with and the
 * main, self and statistics buffers it fills. The driver processes the
 * frame with exactly these buffers, in the order the requests are queued
 * (see "Media requests" in the visp admin guide). Once one buffer of the
 * pipeline is queued in a request, all must be until visp_pipeline_stop().
 * close() the descriptor when done with the request.
 *
 * Return: the request's file descriptor, or a negative errno.
 */
int visp_pipeline_request_alloc(struct visp_pipeline *pl);

/**
 * visp_pipeline_queue_request() - put a buffer in a request
 * @pl: pipeline
 * @buf: buffer of the pipeline, as for visp_pipeline_queue()
 * @request: request from visp_pipeline_request_alloc(), not queued
 *
 * The buffer is queued when the request is.
 *
 * Return: 0, or a negative errno.
 */
int visp_pipeline_queue_request(struct visp_pipeline *pl,
				struct visp_buffer *buf, int request);

/**
 * visp_pipeline_request_queue() - queue a request
 * @pl: pipeline
 * @request: request holding an input buffer
 *
 * The parameters buffer of the request is validated now.
 *
 * Return: 0, or a negative errno with visp_pipeline_error() saying why
 * (-EINVAL for a request the driver cannot process as one frame).
 */
int visp_pipeline_request_queue(struct visp_pipeline *pl, int request);

/**
 * visp_pipeline_request_wait() - wait for a request to complete
 * @pl: pipeline, streaming
 * @request: queued request
 * @timeout_ms: longest wait, ms; negative waits for ever
 *
 * A request completes when all its buffers can be dequeued.
 *
 * Return: 0, -ETIMEDOUT when it did not complete in time, or another
 * negative errno.
 */
int visp_pipeline_request_wait(struct visp_pipeline *pl, int request,
			       int timeout_ms);

/**
 * visp_pipeline_request_reinit() - empty a completed request for reuse
 * @pl: pipeline
 * @request: completed request, its buffers dequeued, or one never queued
 *
 * Return: 0, or a negative errno.
 */
int visp_pipeline_request_reinit(struct visp_pipeline *pl, int request);

/**
 * visp_pipeline_start() - start streaming
 * @pl: pipeline with buffers on every configured node
 *
 * Starts the parameters, statistics, self, main and input nodes, in that
 * order; the capture buffers should be queued first, and the parameters
 * and input buffers that the first frames need. A camera starts with the
 * first capture node.
 *
 * Return: 0, or a negative errno with visp_pipeline_error() saying why;
 * nothing streams then.
 */
int visp_pipeline_start(struct visp_pipeline *pl);

/**
 * visp_pipeline_stop() - stop streaming
 * @pl: pipeline
 *
 * Every buffer is given back to the pipeline dequeued.
 *
 * Return: 0, or the first negative errno of VIDIOC_STREAMOFF.
 */
int visp_pipeline_stop(struct visp_pipeline *pl);

/**
 * visp_pipeline_wait_frame() - wait for a camera frame to start
 * @pl: pipeline streaming from a camera
 * @sequence: the camera frame (the V4L2 sequence number of the buffers
 *	made from it)
 * @timeout_ms: longest wait, ms; negative: no limit
 * @current: set to the camera frame being exposed, @sequence or later,
 *	or NULL
 *
 * Controls written after frame @sequence has started and before the next
 * one starts are written "during frame @sequence", the reference of the
 * sensor's control delays (see visp_3a_process()): wait for frame
 * seq + 1 before writing what the statistics of frame seq asked for, and
 * check that @current is still seq + 1. The receiver's frame start
 * events, subscribed to by visp_pipeline_start(), tell the frames.
 *
 * Return: 0, -ETIMEDOUT when the frame did not start in time, or another
 * negative errno.
 */
int visp_pipeline_wait_frame(struct visp_pipeline *pl, uint32_t sequence,
			     int timeout_ms, uint32_t *current);

/**
 * visp_pipeline_get_ctrl() - read a control of the camera
 * @pl: pipeline configured with a camera
 * @subdev: enum visp_subdev
 * @id: V4L2 control ID (V4L2_CID_EXPOSURE, V4L2_CID_FOCUS_ABSOLUTE...)
 * @value: set to the value
 *
 * Return: 0, or a negative errno.
 */
int visp_pipeline_get_ctrl(struct visp_pipeline *pl, unsigned int subdev,
			   uint32_t id, int32_t *value);

/**
 * visp_pipeline_set_ctrl() - set a control of the camera
 * @pl: pipeline configured with a camera
 * @subdev: enum visp_subdev
 * @id: V4L2 control ID
 * @value: value
 *
 * Return: 0, or a negative errno.
 */
int visp_pipeline_set_ctrl(struct visp_pipeline *pl, unsigned int subdev,
			   uint32_t id, int32_t value);

/**
 * visp_pipeline_query_ctrl() - range of a control of the camera
 * @pl: pipeline configured with a camera
 * @subdev: enum visp_subdev
 * @id: V4L2 control ID
 * @min: set to the minimum, or NULL
 * @max: set to the maximum, or NULL
 * @def: set to the default, or NULL
 *
 * Return: 0, or a negative errno.
 */
int visp_pipeline_query_ctrl(struct visp_pipeline *pl, unsigned int subdev,
			     uint32_t id, int64_t *min, int64_t *max,
			     int64_t *def);

#ifdef __cplusplus
}
#endif

#endif /* __VISP_LIBVISP_H__ */
