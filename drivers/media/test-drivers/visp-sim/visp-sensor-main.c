// SPDX-License-Identifier: GPL-2.0
/*
 * VISP simulator: a simulated raw camera sensor and its focus lens
 *
 * Two platform drivers, for the "visp-sensor" and "visp-lens" devices that
 * the simulated SoC (visp-sim) creates with their firmware nodes:
 *
 * - the sensor, a V4L2 subdev with one source pad, written along the
 *   camera sensor driver guidelines: a 1920x1080 RGGB pixel array read out
 *   over two CSI-2 lanes, in three modes (full, cropped 1280x720, 2x2
 *   binned 960x540), in 10 or 12 bits, with the exposure, gain, blanking,
 *   flip and test pattern controls. It registers with
 *   v4l2_async_register_subdev_sensor(), which finds the lens through the
 *   "lens-focus" reference of its firmware node;
 * - the lens, a voice coil motor with V4L2_CID_FOCUS_ABSOLUTE, which the
 *   sensor's async notifier binds and links to the sensor with an
 *   ancillary link.
 *
 * The sensor reads the lens position with visp_lens_focus(), from the
 * registry of the bound lenses that this module keeps.
 *
 * Streaming
 * ---------
 *
 * While the sensor streams, it renders frames with the renderer of
 * visp-sensor-render.c and puts them on the CSI-2 link to the ISP. Frame k
 * of the stream starts at the absolute time t(k) = t(0) + T(0) + ... +
 * T(k - 1), where T(k) is the frame period (width + HBLANK) x (height +
 * VBLANK) / pixel rate of the VBLANK of frame k: targets are absolute, so
 * timer latencies do not accumulate. An hrtimer fires at t(k) and queues
 * the frame work on system_unbound_wq, which runs in process context.
 *
 * As on a real sensor, whose readout starts with the frame start packet,
 * the frame work first takes the snapshot S(k) of the controls and of the
 * lens position and sends the frame start with visp_sim_csi_frame_start(),
 * at which the ISP's CSI-2 receiver raises its frame start interrupt and
 * the ISP's driver sends V4L2_EVENT_FRAME_SYNC. Then comes the readout:
 * the work renders the frame (the module parameter "slow_ms" makes it
 * longer), sends its lines and frame end with visp_sim_csi_transmit() and
 * arms the timer for t(k + 1). When the readout takes longer than a
 * period, the next frame starts at once, late, and is counted; controls
 * set after the frame sync event of frame k still reach frame k + 1 as
 * long as they are set before its readout ends.
 *
 * At its start, frame k takes a snapshot S(k) of the controls and of the
 * lens position. As on real sensors, the controls take effect after a
 * delay:
 *
 * - exposure: 2 frames, frame k is exposed with S(k - 1) (S(0) for
 *   frame 0);
 * - analogue and digital gains: 1 frame, S(k);
 * - VBLANK, test pattern, flips and focus: S(k).
 *
 * A control set between the starts of frames N and N + 1 thus reaches
 * frame N + 1, or N + 2 for the exposure. Test patterns are exact: the
 * rendered pattern is kept and rendered again only when the settings
 * change. Scenes are rendered for every frame: the noise changes.
 *
 * Locking
 * -------
 *
 * - The control handler's lock is the subdev's state lock. It serialises
 *   the controls, the format and the start and stop of the stream, and
 *   protects the parameters of the stream (scene, buffers, geometry),
 *   which are set before the first frame is queued and released after
 *   the last one has finished, and which the frame work reads without
 *   lock.
 * - The frame work does not take the state lock: disable_streams, called
 *   with it held, waits for the work to finish. The controls' handler
 *   keeps copies of the values frames use (struct visp_sensor_ctrl_vals)
 *   instead, under visp_sensor.lock, a spinlock which also protects the
 *   stream's running flag, which the timer's callback tests.
 * - Only the frame work touches the frame timing, the sequence, the
 *   previous snapshot and the pattern cache while streaming. Its counters
 *   are written with WRITE_ONCE() and read with READ_ONCE().
 *
 * See Documentation/admin-guide/media/visp-sim.rst.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/delay.h>
#include <linux/firmware.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/overflow.h>
#include <linux/platform_device.h>
#include <linux/pm_runtime.h>
#include <linux/property.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/units.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include <media/v4l2-async.h>
#include <media/v4l2-common.h>
#include <media/v4l2-ctrls.h>
#include <media/v4l2-event.h>
#include <media/v4l2-fwnode.h>
#include <media/v4l2-subdev.h>

#include "visp-sensor.h"
#include "visp-sensor-render.h"
#include "visp-sim-csi.h"

/* The pixel array: native size, all of it active. */
#define VISP_SENSOR_NATIVE_W		1920
#define VISP_SENSOR_NATIVE_H		1080

/* Pixel rates over two lanes at the link frequency, pixels/s. */
#define VISP_SENSOR_PIXEL_RATE(bits) \
	(VISP_SENSOR_LINK_FREQ * 2 * VISP_SENSOR_LANES / (bits))

/* Frame length limits, lines, and exposure limits. */
#define VISP_SENSOR_VTS_MAX		0xffff
#define VISP_SENSOR_VBLANK_MIN		32
#define VISP_SENSOR_EXPOSURE_MIN	4
#define VISP_SENSOR_EXPOSURE_MARGIN	8
#define VISP_SENSOR_EXPOSURE_DEFAULT	1000

/* Gains, Q8 (256 is a gain of 1). */
#define VISP_SENSOR_AGAIN_MIN		256
#define VISP_SENSOR_AGAIN_MAX		4096
#define VISP_SENSOR_DGAIN_MIN		256
#define VISP_SENSOR_DGAIN_MAX		1023
#define VISP_SENSOR_GAIN_DEFAULT	256

#define VISP_SENSOR_AUTOSUSPEND_MS	1000

#define VISP_LENS_FOCUS_MAX		1023

/* Longest scene name, firmware file names included. */
#define VISP_SENSOR_SCENE_NAME_MAX	128

static char *visp_sensor_scene = "natural";
module_param_named(scene, visp_sensor_scene, charp, 0644);
MODULE_PARM_DESC(scene,
		 "Scene, read at stream start: grey-ramp, colour-checker (or checker), natural (default), or the name of a scene file to load as firmware");

static unsigned int visp_sensor_seed = 1;
module_param_named(seed, visp_sensor_seed, uint, 0644);
MODULE_PARM_DESC(seed, "Noise seed, read at stream start (default 1)");

static unsigned int visp_sensor_illuminant = 5000;
module_param_named(illuminant, visp_sensor_illuminant, uint, 0644);
MODULE_PARM_DESC(illuminant,
		 "Colour temperature of the scene's illuminant, K, read at stream start, clamped to 2800-7500 (default 5000)");

static unsigned int visp_sensor_slow_ms;
module_param_named(slow_ms, visp_sensor_slow_ms, uint, 0644);
MODULE_PARM_DESC(slow_ms,
		 "Extra time the readout of each frame takes, ms, read at stream start, at most 1000 (default 0): frames are late when it outlasts the frame period");

/**
 * struct visp_sensor_mode - a readout mode
 * @width: output width
 * @height: output height
 * @crop: analogue crop rectangle in the pixel array
 * @bin: binning factor, 1 or 2, in both directions
 * @hblank: horizontal blanking, pixels
 * @vblank: default vertical blanking, lines: 30 or 60 frames per second
 *	in 10 bits, 25 or 50 in 12 bits
 */
struct visp_sensor_mode {
	u32 width;
	u32 height;
	struct v4l2_rect crop;
	u32 bin;
	u32 hblank;
	u32 vblank;
};

static const struct visp_sensor_mode visp_sensor_modes[] = {
	{
		/* 2000 x 2000 at 120 Mpixel/s: 30 fps. */
		.width = 1920,
		.height = 1080,
		.crop = { 0, 0, 1920, 1080 },
		.bin = 1,
		.hblank = 80,
		.vblank = 920,
	}, {
		/* 1600 x 1250: 60 fps. */
		.width = 1280,
		.height = 720,
		.crop = { 320, 180, 1280, 720 },
		.bin = 1,
		.hblank = 320,
		.vblank = 530,
	}, {
		/* 1600 x 1250: 60 fps. */
		.width = 960,
		.height = 540,
		.crop = { 0, 0, 1920, 1080 },
		.bin = 2,
		.hblank = 640,
		.vblank = 710,
	},
};

/*
 * Media bus codes by bit depth and flips, indexed by [12 bits][vflip][hflip]:
 * the native array is RGGB, a horizontal flip swaps the columns and a
 * vertical flip the rows of the colour filter pattern.
 */
static const u32 visp_sensor_codes[2][2][2] = {
	{
		{ MEDIA_BUS_FMT_SRGGB10_1X10, MEDIA_BUS_FMT_SGRBG10_1X10 },
		{ MEDIA_BUS_FMT_SGBRG10_1X10, MEDIA_BUS_FMT_SBGGR10_1X10 },
	}, {
		{ MEDIA_BUS_FMT_SRGGB12_1X12, MEDIA_BUS_FMT_SGRBG12_1X12 },
		{ MEDIA_BUS_FMT_SGBRG12_1X12, MEDIA_BUS_FMT_SBGGR12_1X12 },
	},
};

static const s64 visp_sensor_link_freqs[] = { VISP_SENSOR_LINK_FREQ };

static const char * const visp_sensor_test_patterns[] = {
	"Disabled",
	"Colour Bars",
	"Solid Grey",
	"Gradient",
};

/* The renderer's pattern of each entry of visp_sensor_test_patterns. */
static const u8 visp_sensor_render_patterns[] = {
	VISP_RENDER_PATTERN_NONE,
	VISP_RENDER_PATTERN_COLOUR_BARS,
	VISP_RENDER_PATTERN_SOLID_GREY,
	VISP_RENDER_PATTERN_GRADIENT,
};

static_assert(ARRAY_SIZE(visp_sensor_render_patterns) ==
	      ARRAY_SIZE(visp_sensor_test_patterns));

/**
 * struct visp_sensor_ctrl_vals - the settings a frame is made with
 * @exposure: V4L2_CID_EXPOSURE, lines
 * @again: V4L2_CID_ANALOGUE_GAIN, Q8
 * @dgain: V4L2_CID_DIGITAL_GAIN, Q8
 * @vblank: V4L2_CID_VBLANK, lines
 * @pattern: V4L2_CID_TEST_PATTERN, index in visp_sensor_test_patterns
 * @hflip: V4L2_CID_HFLIP
 * @vflip: V4L2_CID_VFLIP
 * @focus: lens position, 0 to VISP_RENDER_FOCUS_MAX; in the snapshots of
 *	the frames only, not a control of the sensor
 *
 * The copy of the control values in struct visp_sensor, and the snapshot
 * of each frame.
 */
struct visp_sensor_ctrl_vals {
	u32 exposure;
	u32 again;
	u32 dgain;
	u32 vblank;
	u32 pattern;
	bool hflip;
	bool vflip;
	u32 focus;
};

/**
 * struct visp_sensor_stream - the frames of a stream
 * @timer: starts the frames: its callback queues @work
 * @work: starts a frame, renders and transmits it, then arms @timer for
 *	the next
 * @running: frames are being produced; written under both the state lock
 *	and visp_sensor.lock, read under either
 * @scene: the scene
 * @fw: the scene file, when @scene is one, else NULL
 * @base: the frames' render settings that are fixed for the stream: the
 *	crop, binning, bit depth, seed and illuminant
 * @width: output width, samples
 * @height: output height, lines
 * @hblank: horizontal blanking, pixels
 * @pixel_rate: pixels per second
 * @dt: CSI-2 data type of the samples
 * @slow_ms: extra readout time of each frame, ms (module parameter
 *	"slow_ms")
 * @buf: the frame, @width x @height samples
 * @scratch: the renderer's working memory
 * @scratch_size: bytes at @scratch
 * @next: start time of the next frame (t(k)), CLOCK_MONOTONIC
 * @sequence: number of the next frame (k), from 0
 * @prev: snapshot of the previous frame
 * @cached: render settings of the test pattern in @buf
 * @cache_valid: @buf holds the test pattern of @cached
 * @sent: frames the receiver took
 * @lost: frames no receiver took
 * @late: frames that started late, after the previous one outlasted its
 *	period
 * @renders: frames rendered (test patterns are rendered once)
 *
 * The state lock protects @scene to @scratch_size; the frame work owns
 * @next to @renders while @running. See the comment at the top of this
 * file.
 */
struct visp_sensor_stream {
	struct hrtimer timer;
	struct work_struct work;
	bool running;

	struct visp_render_scene scene;
	const struct firmware *fw;
	struct visp_render_cfg base;
	u32 width;
	u32 height;
	u32 hblank;
	u64 pixel_rate;
	u8 dt;
	u32 slow_ms;
	u16 *buf;
	void *scratch;
	size_t scratch_size;

	ktime_t next;
	u32 sequence;
	struct visp_sensor_ctrl_vals prev;
	struct visp_render_cfg cached;
	bool cache_valid;
	u32 sent;
	u32 lost;
	u32 late;
	u32 renders;
};

/**
 * struct visp_sensor - the sensor
 * @dev: the platform device's device
 * @sd: subdev
 * @pad: source pad
 * @ctrls: control handler; its lock is the state lock of @sd
 * @pixel_rate: V4L2_CID_PIXEL_RATE
 * @link_freq: V4L2_CID_LINK_FREQ
 * @hblank: V4L2_CID_HBLANK
 * @vblank: V4L2_CID_VBLANK
 * @exposure: V4L2_CID_EXPOSURE
 * @hflip: V4L2_CID_HFLIP
 * @vflip: V4L2_CID_VFLIP
 * @lens: firmware node of the lens, from the "lens-focus" reference; may
 *	be NULL
 * @lock: protects @vals and @stream.running; taken in the hard interrupt
 *	context of the frame timer
 * @vals: the values of the controls that frames use, copied by the
 *	control handler
 * @stream: the stream
 */
struct visp_sensor {
	struct device *dev;
	struct v4l2_subdev sd;
	struct media_pad pad;

	struct v4l2_ctrl_handler ctrls;
	struct v4l2_ctrl *pixel_rate;
	struct v4l2_ctrl *link_freq;
	struct v4l2_ctrl *hblank;
	struct v4l2_ctrl *vblank;
	struct v4l2_ctrl *exposure;
	struct v4l2_ctrl *hflip;
	struct v4l2_ctrl *vflip;

	struct fwnode_handle *lens;

	spinlock_t lock; /* @vals, @stream.running */
	struct visp_sensor_ctrl_vals vals;
	struct visp_sensor_stream stream;
};

/**
 * struct visp_lens - the focus lens
 * @sd: subdev
 * @ctrls: control handler
 * @focus: position, 0 to VISP_LENS_FOCUS_MAX; written in the control
 *	handler, read locklessly by visp_lens_focus()
 * @list: entry in visp_lenses
 */
struct visp_lens {
	struct v4l2_subdev sd;
	struct v4l2_ctrl_handler ctrls;
	u32 focus;
	struct list_head list;
};

/* The bound lenses; the lock protects the list. */
static LIST_HEAD(visp_lenses);
static DEFINE_SPINLOCK(visp_lenses_lock);

static inline struct visp_sensor *to_visp_sensor(struct v4l2_subdev *sd)
{
	return container_of(sd, struct visp_sensor, sd);
}

static int visp_lens_focus(struct fwnode_handle *fwnode);

/* ------------------------------------------------------------------------
 * Sensor formats and timing
 */

static bool visp_sensor_code_is_12bit(u32 code)
{
	unsigned int v, h;

	for (v = 0; v < 2; v++)
		for (h = 0; h < 2; h++)
			if (visp_sensor_codes[1][v][h] == code)
				return true;
	return false;
}

/* The code of the current flips; called with the control lock held. */
static u32 visp_sensor_code(struct visp_sensor *sensor, bool bits12)
{
	lockdep_assert_held(sensor->ctrls.lock);

	return visp_sensor_codes[bits12][sensor->vflip->val]
				[sensor->hflip->val];
}

static const struct visp_sensor_mode *
visp_sensor_find_mode(u32 width, u32 height)
{
	return v4l2_find_nearest_size(visp_sensor_modes,
				      ARRAY_SIZE(visp_sensor_modes), width,
				      height, width, height);
}

static void visp_sensor_fill_fmt(struct v4l2_mbus_framefmt *fmt,
				 const struct visp_sensor_mode *mode, u32 code)
{
	fmt->code = code;
	fmt->width = mode->width;
	fmt->height = mode->height;
	fmt->field = V4L2_FIELD_NONE;
	fmt->colorspace = V4L2_COLORSPACE_RAW;
	fmt->ycbcr_enc = V4L2_MAP_YCBCR_ENC_DEFAULT(fmt->colorspace);
	fmt->quantization = V4L2_MAP_QUANTIZATION_DEFAULT(true,
							  fmt->colorspace,
							  fmt->ycbcr_enc);
	fmt->xfer_func = V4L2_MAP_XFER_FUNC_DEFAULT(fmt->colorspace);
}

/*
 * Follow the active format: blanking, pixel rate and the exposure range.
 * The frame rate returns to the mode's default.
 */
static int visp_sensor_update_timing(struct visp_sensor *sensor,
				     const struct v4l2_mbus_framefmt *fmt)
{
	const struct visp_sensor_mode *mode;
	u64 rate;
	int ret;

	lockdep_assert_held(sensor->ctrls.lock);

	mode = visp_sensor_find_mode(fmt->width, fmt->height);
	rate = VISP_SENSOR_PIXEL_RATE(visp_sensor_code_is_12bit(fmt->code) ?
				      12 : 10);

	ret = __v4l2_ctrl_modify_range(sensor->pixel_rate, rate, rate, 1,
				       rate);
	if (ret)
		return ret;

	ret = __v4l2_ctrl_modify_range(sensor->hblank, mode->hblank,
				       mode->hblank, 1, mode->hblank);
	if (ret)
		return ret;

	ret = __v4l2_ctrl_modify_range(sensor->vblank, VISP_SENSOR_VBLANK_MIN,
				       VISP_SENSOR_VTS_MAX - mode->height, 1,
				       mode->vblank);
	if (ret)
		return ret;

	return __v4l2_ctrl_s_ctrl(sensor->vblank, mode->vblank);
}

/* ------------------------------------------------------------------------
 * Sensor controls
 */

/* Copy the value of a control that frames use for the frame work. */
static void visp_sensor_copy_ctrl(struct visp_sensor *sensor,
				  const struct v4l2_ctrl *ctrl)
{
	struct visp_sensor_ctrl_vals *vals = &sensor->vals;

	lockdep_assert_held(sensor->ctrls.lock);

	spin_lock_irq(&sensor->lock);
	switch (ctrl->id) {
	case V4L2_CID_EXPOSURE:
		vals->exposure = ctrl->val;
		break;
	case V4L2_CID_ANALOGUE_GAIN:
		vals->again = ctrl->val;
		break;
	case V4L2_CID_DIGITAL_GAIN:
		vals->dgain = ctrl->val;
		break;
	case V4L2_CID_VBLANK:
		vals->vblank = ctrl->val;
		break;
	case V4L2_CID_TEST_PATTERN:
		vals->pattern = ctrl->val;
		break;
	case V4L2_CID_HFLIP:
		vals->hflip = ctrl->val;
		break;
	case V4L2_CID_VFLIP:
		vals->vflip = ctrl->val;
		break;
	default:
		break;
	}
	spin_unlock_irq(&sensor->lock);
}

static int visp_sensor_s_ctrl(struct v4l2_ctrl *ctrl)
{
	struct visp_sensor *sensor = container_of(ctrl->handler,
						  struct visp_sensor, ctrls);
	struct v4l2_mbus_framefmt *fmt;
	struct v4l2_subdev_state *state;
	int max;

	/* Streaming or not: enable_streams applies every control anyway. */
	visp_sensor_copy_ctrl(sensor, ctrl);

	state = v4l2_subdev_get_locked_active_state(&sensor->sd);
	fmt = v4l2_subdev_state_get_format(state, 0);

	switch (ctrl->id) {
	case V4L2_CID_VBLANK:
		/* The exposure time is at most the frame length less a margin. */
		max = fmt->height + ctrl->val - VISP_SENSOR_EXPOSURE_MARGIN;
		return __v4l2_ctrl_modify_range(sensor->exposure,
						sensor->exposure->minimum, max,
						1, min(max, VISP_SENSOR_EXPOSURE_DEFAULT));
	case V4L2_CID_HFLIP:
	case V4L2_CID_VFLIP:
		/* The Bayer order of the active format follows the flips. */
		fmt->code = visp_sensor_code(sensor,
					     visp_sensor_code_is_12bit(fmt->code));
		return 0;
	default:
		return 0;
	}
}

static const struct v4l2_ctrl_ops visp_sensor_ctrl_ops = {
	.s_ctrl = visp_sensor_s_ctrl,
};

static int visp_sensor_init_controls(struct visp_sensor *sensor)
{
	const struct visp_sensor_mode *mode = &visp_sensor_modes[0];
	const struct v4l2_ctrl_ops *ops = &visp_sensor_ctrl_ops;
	struct v4l2_ctrl_handler *hdl = &sensor->ctrls;
	struct v4l2_fwnode_device_properties props;
	u64 rate = VISP_SENSOR_PIXEL_RATE(10);
	int max, ret;

	ret = v4l2_fwnode_device_parse(sensor->dev, &props);
	if (ret)
		return ret;

	v4l2_ctrl_handler_init(hdl, 14);

	sensor->pixel_rate = v4l2_ctrl_new_std(hdl, ops, V4L2_CID_PIXEL_RATE,
					       rate, rate, 1, rate);
	sensor->link_freq =
		v4l2_ctrl_new_int_menu(hdl, ops, V4L2_CID_LINK_FREQ,
				       ARRAY_SIZE(visp_sensor_link_freqs) - 1,
				       0, visp_sensor_link_freqs);
	sensor->hblank = v4l2_ctrl_new_std(hdl, ops, V4L2_CID_HBLANK,
					   mode->hblank, mode->hblank, 1,
					   mode->hblank);
	sensor->vblank = v4l2_ctrl_new_std(hdl, ops, V4L2_CID_VBLANK,
					   VISP_SENSOR_VBLANK_MIN,
					   VISP_SENSOR_VTS_MAX - mode->height,
					   1, mode->vblank);
	max = mode->height + mode->vblank - VISP_SENSOR_EXPOSURE_MARGIN;
	sensor->exposure = v4l2_ctrl_new_std(hdl, ops, V4L2_CID_EXPOSURE,
					     VISP_SENSOR_EXPOSURE_MIN, max, 1,
					     min(max, VISP_SENSOR_EXPOSURE_DEFAULT));
	v4l2_ctrl_new_std(hdl, ops, V4L2_CID_ANALOGUE_GAIN,
			  VISP_SENSOR_AGAIN_MIN, VISP_SENSOR_AGAIN_MAX, 1,
			  VISP_SENSOR_GAIN_DEFAULT);
	v4l2_ctrl_new_std(hdl, ops, V4L2_CID_DIGITAL_GAIN,
			  VISP_SENSOR_DGAIN_MIN, VISP_SENSOR_DGAIN_MAX, 1,
			  VISP_SENSOR_GAIN_DEFAULT);
	v4l2_ctrl_new_std_menu_items(hdl, ops, V4L2_CID_TEST_PATTERN,
				     ARRAY_SIZE(visp_sensor_test_patterns) - 1,
				     0, 0, visp_sensor_test_patterns);
	sensor->hflip = v4l2_ctrl_new_std(hdl, ops, V4L2_CID_HFLIP, 0, 1, 1, 0);
	sensor->vflip = v4l2_ctrl_new_std(hdl, ops, V4L2_CID_VFLIP, 0, 1, 1, 0);
	v4l2_ctrl_new_fwnode_properties(hdl, ops, &props);

	if (hdl->error)
		return hdl->error;

	sensor->pixel_rate->flags |= V4L2_CTRL_FLAG_READ_ONLY;
	sensor->link_freq->flags |= V4L2_CTRL_FLAG_READ_ONLY;
	sensor->hblank->flags |= V4L2_CTRL_FLAG_READ_ONLY;
	/* The flips change the Bayer order of the media bus code. */
	sensor->hflip->flags |= V4L2_CTRL_FLAG_MODIFY_LAYOUT;
	sensor->vflip->flags |= V4L2_CTRL_FLAG_MODIFY_LAYOUT;

	sensor->sd.ctrl_handler = hdl;

	return 0;
}

/* ------------------------------------------------------------------------
 * Frames
 */

/* The frame period of a VBLANK, nanoseconds. */
static u64 visp_sensor_period_ns(const struct visp_sensor_stream *stream,
				 u32 vblank)
{
	u64 pixels = (u64)(stream->width + stream->hblank) *
		     (stream->height + vblank);

	return div64_u64(pixels * NSEC_PER_SEC, stream->pixel_rate);
}

/* The lens position, or the scene's sharp one when no lens is bound. */
static u32 visp_sensor_focus(struct visp_sensor *sensor)
{
	int focus = sensor->lens ? visp_lens_focus(sensor->lens) : -ENODEV;

	if (focus < 0)
		return sensor->stream.scene.in_focus;

	return min_t(u32, focus, VISP_RENDER_FOCUS_MAX);
}

/*
 * The render settings of the next frame, from its snapshot @cur and the
 * previous one: the exposure is delayed by two frames, the gains by one.
 */
static void visp_sensor_frame_cfg(const struct visp_sensor_stream *stream,
				  const struct visp_sensor_ctrl_vals *cur,
				  struct visp_render_cfg *cfg)
{
	u64 line_us = (u64)(stream->width + stream->hblank) * USEC_PER_SEC;
	u64 exposure_us;

	exposure_us = div64_u64(stream->prev.exposure * line_us,
				stream->pixel_rate);

	*cfg = stream->base;
	cfg->exposure_us = min_t(u64, exposure_us, VISP_RENDER_EXPOSURE_MAX);
	cfg->again = clamp_t(u32, cur->again, VISP_RENDER_GAIN_MIN,
			     VISP_RENDER_GAIN_MAX);
	cfg->dgain = clamp_t(u32, cur->dgain, VISP_RENDER_GAIN_MIN,
			     VISP_RENDER_GAIN_MAX);
	cfg->pattern = cur->pattern < ARRAY_SIZE(visp_sensor_render_patterns) ?
		       visp_sensor_render_patterns[cur->pattern] :
		       VISP_RENDER_PATTERN_NONE;
	cfg->hflip = cur->hflip;
	cfg->vflip = cur->vflip;
	cfg->focus = cur->focus;
	cfg->sequence = stream->sequence;
}

/* Whether two frames' settings give the same test pattern. */
static bool visp_sensor_same_pattern(const struct visp_render_cfg *a,
				     const struct visp_render_cfg *b)
{
	/* Everything but the sequence; no memcmp(): the struct has holes. */
	return a->crop_x == b->crop_x && a->crop_y == b->crop_y &&
	       a->crop_w == b->crop_w && a->crop_h == b->crop_h &&
	       a->bin == b->bin && a->bits == b->bits &&
	       a->hflip == b->hflip && a->vflip == b->vflip &&
	       a->exposure_us == b->exposure_us && a->again == b->again &&
	       a->dgain == b->dgain && a->pattern == b->pattern &&
	       a->focus == b->focus && a->seed == b->seed &&
	       a->illuminant == b->illuminant;
}

/* Render frame k into the stream's buffer, unless it holds it already. */
static int visp_sensor_render(struct visp_sensor *sensor,
			      const struct visp_render_cfg *cfg)
{
	struct visp_sensor_stream *stream = &sensor->stream;
	int ret;

	if (cfg->pattern != VISP_RENDER_PATTERN_NONE && stream->cache_valid &&
	    visp_sensor_same_pattern(cfg, &stream->cached))
		return 0;

	ret = visp_render_frame(&stream->scene, cfg, stream->buf,
				stream->width, stream->scratch,
				stream->scratch_size);
	stream->cache_valid = !ret && cfg->pattern != VISP_RENDER_PATTERN_NONE;
	stream->cached = *cfg;
	if (!ret)
		WRITE_ONCE(stream->renders, stream->renders + 1);

	return ret;
}

/*
 * Frame k: its snapshot S(k) and its frame start on the link, then its
 * readout (render and send the lines); then schedule frame k + 1.
 */
static void visp_sensor_frame_work(struct work_struct *work)
{
	struct visp_sensor *sensor = container_of(work, struct visp_sensor,
						  stream.work);
	struct visp_sensor_stream *stream = &sensor->stream;
	struct visp_sensor_ctrl_vals cur;
	struct visp_sim_csi_frame frame;
	struct visp_render_cfg cfg;
	bool started;
	ktime_t now;
	int ret;

	/* The frame starts: the snapshot S(k), then the frame start. */
	spin_lock_irq(&sensor->lock);
	cur = sensor->vals;
	spin_unlock_irq(&sensor->lock);
	cur.focus = visp_sensor_focus(sensor);
	if (!stream->sequence)
		stream->prev = cur;

	frame = (struct visp_sim_csi_frame) {
		.data = stream->buf,
		.width = stream->width,
		.height = stream->height,
		.stride = stream->width * sizeof(u16),
		.dt = stream->dt,
		.lanes = VISP_SENSOR_LANES,
		.sequence = stream->sequence,
	};
	/* Nobody may listen: a sensor transmits all the same. */
	started = !visp_sim_csi_frame_start(sensor->dev, &frame);

	/* The readout: the frame's lines, then its end. */
	visp_sensor_frame_cfg(stream, &cur, &cfg);
	ret = visp_sensor_render(sensor, &cfg);
	if (ret) {
		/* The settings were checked at stream start: a bug. */
		dev_err_ratelimited(sensor->dev,
				    "cannot render frame %u, sending the previous one: %d\n",
				    stream->sequence, ret);
	}
	if (stream->slow_ms)
		msleep(stream->slow_ms);
	if (started && !visp_sim_csi_transmit(sensor->dev, &frame))
		WRITE_ONCE(stream->sent, stream->sent + 1);
	else
		WRITE_ONCE(stream->lost, stream->lost + 1);

	/* Frame k + 1 starts a period after frame k, or now if that is past. */
	stream->next = ktime_add_ns(stream->next,
				    visp_sensor_period_ns(stream, cur.vblank));
	now = ktime_get();
	if (ktime_before(stream->next, now)) {
		dev_dbg_ratelimited(sensor->dev,
				    "frame %u late by %lld us\n",
				    stream->sequence + 1,
				    ktime_us_delta(now, stream->next));
		WRITE_ONCE(stream->late, stream->late + 1);
		stream->next = now;
	}
	stream->prev = cur;
	stream->sequence++;

	spin_lock_irq(&sensor->lock);
	if (stream->running)
		hrtimer_start(&stream->timer, stream->next, HRTIMER_MODE_ABS);
	spin_unlock_irq(&sensor->lock);
}

static enum hrtimer_restart visp_sensor_frame_timer(struct hrtimer *timer)
{
	struct visp_sensor *sensor = container_of(timer, struct visp_sensor,
						  stream.timer);

	spin_lock(&sensor->lock);
	if (sensor->stream.running)
		queue_work(system_unbound_wq, &sensor->stream.work);
	spin_unlock(&sensor->lock);

	return HRTIMER_NORESTART;
}

/* Set up the scene of the module parameter "scene". */
static int visp_sensor_load_scene(struct visp_sensor *sensor)
{
	static const struct {
		const char *name;
		enum visp_render_scene_id id;
	} builtin[] = {
		{ "grey-ramp", VISP_RENDER_SCENE_GREY_RAMP },
		{ "colour-checker", VISP_RENDER_SCENE_COLOUR_CHECKER },
		{ "checker", VISP_RENDER_SCENE_COLOUR_CHECKER },
		{ "natural", VISP_RENDER_SCENE_NATURAL },
	};
	struct visp_sensor_stream *stream = &sensor->stream;
	char buf[VISP_SENSOR_SCENE_NAME_MAX];
	const char *name;
	unsigned int i;
	ssize_t len;
	int ret;

	kernel_param_lock(THIS_MODULE);
	len = strscpy(buf, visp_sensor_scene ?: "", sizeof(buf));
	kernel_param_unlock(THIS_MODULE);
	if (len < 0) {
		dev_err(sensor->dev, "scene name longer than %zu bytes\n",
			sizeof(buf) - 1);
		return -ENAMETOOLONG;
	}

	/* "echo natural > .../parameters/scene" leaves a newline. */
	name = strim(buf);
	if (!*name)
		name = "natural";

	for (i = 0; i < ARRAY_SIZE(builtin); i++)
		if (!strcmp(name, builtin[i].name))
			return visp_render_scene_builtin(&stream->scene,
							 builtin[i].id);

	ret = request_firmware(&stream->fw, name, sensor->dev);
	if (ret) {
		dev_err(sensor->dev,
			"scene %s: not a built-in scene, and no such file: %d\n",
			name, ret);
		return ret;
	}

	ret = visp_render_scene_parse(&stream->scene, stream->fw->data,
				      stream->fw->size);
	if (ret) {
		dev_err(sensor->dev,
			"scene file %s (%zu bytes) is not a valid scene: %d\n",
			name, stream->fw->size, ret);
		release_firmware(stream->fw);
		stream->fw = NULL;
		return ret;
	}

	dev_dbg(sensor->dev, "scene file %s: %ux%u, in focus at %u\n", name,
		stream->scene.width, stream->scene.height,
		stream->scene.in_focus);

	return 0;
}

static void visp_sensor_free_stream(struct visp_sensor_stream *stream)
{
	vfree(stream->scratch);
	stream->scratch = NULL;
	vfree(stream->buf);
	stream->buf = NULL;
	release_firmware(stream->fw);
	stream->fw = NULL;
}

/* Set up the stream of the active format and queue its first frame. */
static int visp_sensor_stream_start(struct visp_sensor *sensor,
				    struct v4l2_subdev_state *state)
{
	struct visp_sensor_stream *stream = &sensor->stream;
	const struct v4l2_mbus_framefmt *fmt;
	const struct visp_sensor_mode *mode;
	struct visp_sensor_ctrl_vals first;
	struct visp_render_cfg cfg;
	bool bits12;
	int ret;

	lockdep_assert_held(sensor->ctrls.lock);

	fmt = v4l2_subdev_state_get_format(state, 0);
	mode = visp_sensor_find_mode(fmt->width, fmt->height);
	bits12 = visp_sensor_code_is_12bit(fmt->code);

	ret = visp_sensor_load_scene(sensor);
	if (ret)
		return ret;

	stream->base = (struct visp_render_cfg) {
		.crop_x = mode->crop.left,
		.crop_y = mode->crop.top,
		.crop_w = mode->crop.width,
		.crop_h = mode->crop.height,
		.bin = mode->bin,
		.bits = bits12 ? 12 : 10,
		.seed = READ_ONCE(visp_sensor_seed),
		.illuminant = clamp_t(u32, READ_ONCE(visp_sensor_illuminant),
				      VISP_RENDER_ILLUMINANT_MIN,
				      VISP_RENDER_ILLUMINANT_MAX),
	};
	stream->width = mode->width;
	stream->height = mode->height;
	stream->hblank = mode->hblank;
	stream->pixel_rate = VISP_SENSOR_PIXEL_RATE(bits12 ? 12 : 10);
	stream->dt = bits12 ? VISP_CSI_DT_RAW12 : VISP_CSI_DT_RAW10;
	stream->slow_ms = min(READ_ONCE(visp_sensor_slow_ms), 1000U);

	stream->sequence = 0;
	stream->cache_valid = false;
	stream->sent = 0;
	stream->lost = 0;
	stream->late = 0;
	stream->renders = 0;

	/* The first frame's settings, to check the stream's. */
	spin_lock_irq(&sensor->lock);
	first = sensor->vals;
	spin_unlock_irq(&sensor->lock);
	first.focus = visp_sensor_focus(sensor);
	stream->prev = first;
	visp_sensor_frame_cfg(stream, &first, &cfg);
	ret = visp_render_check(&cfg);
	if (ret) {
		dev_err(sensor->dev, "the renderer refuses the mode %ux%u\n",
			mode->width, mode->height);
		goto err_free;
	}

	stream->scratch_size = VISP_RENDER_SCRATCH_SIZE(cfg.crop_w);
	stream->scratch = vmalloc(stream->scratch_size);
	/* Zeroed: a frame that fails to render sends the previous one. */
	stream->buf = vzalloc(array3_size(stream->width, stream->height,
					  sizeof(u16)));
	if (!stream->scratch || !stream->buf) {
		ret = -ENOMEM;
		goto err_free;
	}

	stream->next = ktime_get();
	spin_lock_irq(&sensor->lock);
	stream->running = true;
	spin_unlock_irq(&sensor->lock);
	queue_work(system_unbound_wq, &stream->work);

	dev_dbg(sensor->dev, "stream on: %ux%u, %u bits, frame period %llu ns\n",
		stream->width, stream->height, stream->base.bits,
		visp_sensor_period_ns(stream, first.vblank));

	return 0;

err_free:
	visp_sensor_free_stream(stream);
	return ret;
}

/*
 * Stop producing frames: when this returns, no frame is being rendered or
 * transmitted, none is queued and the timer is stopped.
 */
static void visp_sensor_stream_stop(struct visp_sensor *sensor)
{
	struct visp_sensor_stream *stream = &sensor->stream;

	lockdep_assert_held(sensor->ctrls.lock);

	/*
	 * Under the lock, the timer's callback queues the work and the work
	 * arms the timer only while the stream runs: neither can start the
	 * other once the flag is clear, and cancelling each of them once
	 * stops both.
	 */
	spin_lock_irq(&sensor->lock);
	stream->running = false;
	spin_unlock_irq(&sensor->lock);

	hrtimer_cancel(&stream->timer);
	cancel_work_sync(&stream->work);

	dev_dbg(sensor->dev,
		"stream off after %u frames: %u sent, %u lost, %u late, %u rendered\n",
		stream->sequence, stream->sent, stream->lost, stream->late,
		stream->renders);

	visp_sensor_free_stream(stream);
}

/* ------------------------------------------------------------------------
 * Sensor subdev operations
 */

static int visp_sensor_enum_mbus_code(struct v4l2_subdev *sd,
				      struct v4l2_subdev_state *state,
				      struct v4l2_subdev_mbus_code_enum *code)
{
	if (code->pad || code->index > 1)
		return -EINVAL;

	code->code = visp_sensor_code(to_visp_sensor(sd), code->index);

	return 0;
}

static int visp_sensor_enum_frame_size(struct v4l2_subdev *sd,
				       struct v4l2_subdev_state *state,
				       struct v4l2_subdev_frame_size_enum *fse)
{
	struct visp_sensor *sensor = to_visp_sensor(sd);
	const struct visp_sensor_mode *mode;
	bool bits12 = visp_sensor_code_is_12bit(fse->code);

	if (fse->pad || fse->index >= ARRAY_SIZE(visp_sensor_modes) ||
	    fse->code != visp_sensor_code(sensor, bits12))
		return -EINVAL;

	mode = &visp_sensor_modes[fse->index];
	fse->min_width = mode->width;
	fse->max_width = mode->width;
	fse->min_height = mode->height;
	fse->max_height = mode->height;

	return 0;
}

static int visp_sensor_set_fmt(struct v4l2_subdev *sd,
			       struct v4l2_subdev_state *state,
			       struct v4l2_subdev_format *format)
{
	struct visp_sensor *sensor = to_visp_sensor(sd);
	const struct visp_sensor_mode *mode;
	struct v4l2_mbus_framefmt *fmt;
	u32 code;

	if (format->which == V4L2_SUBDEV_FORMAT_ACTIVE &&
	    v4l2_subdev_is_streaming(sd))
		return -EBUSY;

	mode = visp_sensor_find_mode(format->format.width,
				     format->format.height);
	code = visp_sensor_code(sensor,
				visp_sensor_code_is_12bit(format->format.code));
	visp_sensor_fill_fmt(&format->format, mode, code);

	fmt = v4l2_subdev_state_get_format(state, 0);
	*fmt = format->format;
	*v4l2_subdev_state_get_crop(state, 0) = mode->crop;

	if (format->which == V4L2_SUBDEV_FORMAT_TRY)
		return 0;

	return visp_sensor_update_timing(sensor, fmt);
}

static int visp_sensor_get_selection(struct v4l2_subdev *sd,
				     struct v4l2_subdev_state *state,
				     struct v4l2_subdev_selection *sel)
{
	if (sel->pad)
		return -EINVAL;

	switch (sel->target) {
	case V4L2_SEL_TGT_CROP:
		sel->r = *v4l2_subdev_state_get_crop(state, 0);
		return 0;
	case V4L2_SEL_TGT_CROP_DEFAULT:
	case V4L2_SEL_TGT_CROP_BOUNDS:
	case V4L2_SEL_TGT_NATIVE_SIZE:
		sel->r.left = 0;
		sel->r.top = 0;
		sel->r.width = VISP_SENSOR_NATIVE_W;
		sel->r.height = VISP_SENSOR_NATIVE_H;
		return 0;
	default:
		return -EINVAL;
	}
}

/* The mode sets the analogue crop: a request gets the mode's rectangle. */
static int visp_sensor_set_selection(struct v4l2_subdev *sd,
				     struct v4l2_subdev_state *state,
				     struct v4l2_subdev_selection *sel)
{
	if (sel->pad || sel->target != V4L2_SEL_TGT_CROP)
		return -EINVAL;

	sel->r = *v4l2_subdev_state_get_crop(state, 0);

	return 0;
}

static int visp_sensor_enable_streams(struct v4l2_subdev *sd,
				      struct v4l2_subdev_state *state, u32 pad,
				      u64 streams_mask)
{
	struct visp_sensor *sensor = to_visp_sensor(sd);
	int ret;

	ret = pm_runtime_resume_and_get(sensor->dev);
	if (ret)
		return ret;

	/* The state lock is the control lock: apply every control. */
	ret = __v4l2_ctrl_handler_setup(&sensor->ctrls);
	if (ret)
		goto err_pm;

	__v4l2_ctrl_grab(sensor->hflip, true);
	__v4l2_ctrl_grab(sensor->vflip, true);

	ret = visp_sensor_stream_start(sensor, state);
	if (ret)
		goto err_grab;

	return 0;

err_grab:
	__v4l2_ctrl_grab(sensor->hflip, false);
	__v4l2_ctrl_grab(sensor->vflip, false);
err_pm:
	pm_runtime_put_autosuspend(sensor->dev);
	return ret;
}

static int visp_sensor_disable_streams(struct v4l2_subdev *sd,
				       struct v4l2_subdev_state *state,
				       u32 pad, u64 streams_mask)
{
	struct visp_sensor *sensor = to_visp_sensor(sd);

	visp_sensor_stream_stop(sensor);

	__v4l2_ctrl_grab(sensor->hflip, false);
	__v4l2_ctrl_grab(sensor->vflip, false);

	pm_runtime_mark_last_busy(sensor->dev);
	pm_runtime_put_autosuspend(sensor->dev);

	return 0;
}

static int visp_sensor_log_status(struct v4l2_subdev *sd)
{
	struct visp_sensor *sensor = to_visp_sensor(sd);
	struct visp_sensor_stream *stream = &sensor->stream;
	int focus = sensor->lens ? visp_lens_focus(sensor->lens) : -ENODEV;
	bool running;

	if (focus < 0)
		dev_info(sensor->dev, "lens: none bound (%d)\n", focus);
	else
		dev_info(sensor->dev, "lens: focus %d\n", focus);

	spin_lock_irq(&sensor->lock);
	running = stream->running;
	spin_unlock_irq(&sensor->lock);

	/* The counters of the current stream, or of the last one. */
	dev_info(sensor->dev,
		 "stream: %s, %u frames sent, %u lost, %u late, %u rendered\n",
		 running ? "on" : "off", READ_ONCE(stream->sent),
		 READ_ONCE(stream->lost), READ_ONCE(stream->late),
		 READ_ONCE(stream->renders));

	return v4l2_ctrl_subdev_log_status(sd);
}

static int visp_sensor_init_state(struct v4l2_subdev *sd,
				  struct v4l2_subdev_state *state)
{
	const struct visp_sensor_mode *mode = &visp_sensor_modes[0];

	/* The controls were created for the first mode in 10 bits. */
	visp_sensor_fill_fmt(v4l2_subdev_state_get_format(state, 0), mode,
			     visp_sensor_code(to_visp_sensor(sd), false));
	*v4l2_subdev_state_get_crop(state, 0) = mode->crop;

	return 0;
}

static const struct v4l2_subdev_core_ops visp_sensor_core_ops = {
	.log_status = visp_sensor_log_status,
	.subscribe_event = v4l2_ctrl_subdev_subscribe_event,
	.unsubscribe_event = v4l2_event_subdev_unsubscribe,
};

static const struct v4l2_subdev_video_ops visp_sensor_video_ops = {
	.s_stream = v4l2_subdev_s_stream_helper,
};

static const struct v4l2_subdev_pad_ops visp_sensor_pad_ops = {
	.enum_mbus_code = visp_sensor_enum_mbus_code,
	.enum_frame_size = visp_sensor_enum_frame_size,
	.get_fmt = v4l2_subdev_get_fmt,
	.set_fmt = visp_sensor_set_fmt,
	.get_selection = visp_sensor_get_selection,
	.set_selection = visp_sensor_set_selection,
	.enable_streams = visp_sensor_enable_streams,
	.disable_streams = visp_sensor_disable_streams,
};

static const struct v4l2_subdev_ops visp_sensor_ops = {
	.core = &visp_sensor_core_ops,
	.video = &visp_sensor_video_ops,
	.pad = &visp_sensor_pad_ops,
};

static const struct v4l2_subdev_internal_ops visp_sensor_internal_ops = {
	.init_state = visp_sensor_init_state,
};

static const struct media_entity_operations visp_sensor_entity_ops = {
	.link_validate = v4l2_subdev_link_validate,
};

/* ------------------------------------------------------------------------
 * Sensor probe and remove
 */

/* The CSI-2 bus must be the sensor's: two D-PHY lanes at its frequency. */
static int visp_sensor_check_endpoint(struct visp_sensor *sensor)
{
	struct v4l2_fwnode_endpoint vep = {
		.bus_type = V4L2_MBUS_CSI2_DPHY,
	};
	struct fwnode_handle *ep;
	unsigned long freqs;
	int ret;

	ep = fwnode_graph_get_next_endpoint(dev_fwnode(sensor->dev), NULL);
	if (!ep)
		return dev_err_probe(sensor->dev, -ENXIO, "no endpoint\n");

	ret = v4l2_fwnode_endpoint_alloc_parse(ep, &vep);
	fwnode_handle_put(ep);
	if (ret)
		return dev_err_probe(sensor->dev, ret,
				     "cannot parse the endpoint\n");

	if (vep.bus.mipi_csi2.num_data_lanes != VISP_SENSOR_LANES) {
		ret = dev_err_probe(sensor->dev, -EINVAL,
				    "%u data lanes, %u supported\n",
				    vep.bus.mipi_csi2.num_data_lanes,
				    VISP_SENSOR_LANES);
		goto out;
	}

	ret = v4l2_link_freq_to_bitmap(sensor->dev, vep.link_frequencies,
				       vep.nr_of_link_frequencies,
				       visp_sensor_link_freqs,
				       ARRAY_SIZE(visp_sensor_link_freqs),
				       &freqs);
	if (ret)
		dev_err_probe(sensor->dev, ret, "no supported link frequency\n");

out:
	v4l2_fwnode_endpoint_free(&vep);
	return ret;
}

static void visp_sensor_put_lens(void *data)
{
	fwnode_handle_put(data);
}

static int visp_sensor_runtime_suspend(struct device *dev)
{
	dev_dbg(dev, "power off\n");
	return 0;
}

static int visp_sensor_runtime_resume(struct device *dev)
{
	dev_dbg(dev, "power on\n");
	return 0;
}

static DEFINE_RUNTIME_DEV_PM_OPS(visp_sensor_pm_ops,
				 visp_sensor_runtime_suspend,
				 visp_sensor_runtime_resume, NULL);

static int visp_sensor_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct visp_sensor *sensor;
	struct v4l2_subdev *sd;
	int ret;

	sensor = devm_kzalloc(dev, sizeof(*sensor), GFP_KERNEL);
	if (!sensor)
		return -ENOMEM;
	sensor->dev = dev;
	sd = &sensor->sd;
	spin_lock_init(&sensor->lock);
	hrtimer_init(&sensor->stream.timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	sensor->stream.timer.function = visp_sensor_frame_timer;
	INIT_WORK(&sensor->stream.work, visp_sensor_frame_work);

	ret = visp_sensor_check_endpoint(sensor);
	if (ret)
		return ret;

	sensor->lens = fwnode_find_reference(dev_fwnode(dev), "lens-focus", 0);
	if (IS_ERR(sensor->lens)) {
		sensor->lens = NULL;
	} else {
		ret = devm_add_action_or_reset(dev, visp_sensor_put_lens,
					       sensor->lens);
		if (ret)
			return ret;
	}

	v4l2_subdev_init(sd, &visp_sensor_ops);
	sd->internal_ops = &visp_sensor_internal_ops;
	sd->dev = dev;
	sd->owner = THIS_MODULE;
	sd->flags |= V4L2_SUBDEV_FL_HAS_DEVNODE | V4L2_SUBDEV_FL_HAS_EVENTS;
	sd->entity.function = MEDIA_ENT_F_CAM_SENSOR;
	sd->entity.ops = &visp_sensor_entity_ops;
	strscpy(sd->name, dev_name(dev), sizeof(sd->name));
	platform_set_drvdata(pdev, sensor);

	ret = visp_sensor_init_controls(sensor);
	if (ret) {
		dev_err_probe(dev, ret, "cannot create the controls\n");
		goto err_ctrls;
	}
	sd->state_lock = sensor->ctrls.lock;

	sensor->pad.flags = MEDIA_PAD_FL_SOURCE;
	ret = media_entity_pads_init(&sd->entity, 1, &sensor->pad);
	if (ret) {
		dev_err_probe(dev, ret, "cannot initialise the pad\n");
		goto err_ctrls;
	}

	ret = v4l2_subdev_init_finalize(sd);
	if (ret) {
		dev_err_probe(dev, ret, "cannot initialise the state\n");
		goto err_entity;
	}

	/* Powered on at probe, as a real sensor would be to be identified. */
	pm_runtime_set_active(dev);
	pm_runtime_get_noresume(dev);
	pm_runtime_enable(dev);
	pm_runtime_set_autosuspend_delay(dev, VISP_SENSOR_AUTOSUSPEND_MS);
	pm_runtime_use_autosuspend(dev);

	ret = v4l2_async_register_subdev_sensor(sd);
	if (ret) {
		dev_err_probe(dev, ret, "cannot register the subdev\n");
		goto err_pm;
	}

	pm_runtime_mark_last_busy(dev);
	pm_runtime_put_autosuspend(dev);

	return 0;

err_pm:
	pm_runtime_dont_use_autosuspend(dev);
	pm_runtime_disable(dev);
	pm_runtime_set_suspended(dev);
	pm_runtime_put_noidle(dev);
	v4l2_subdev_cleanup(sd);
err_entity:
	media_entity_cleanup(&sd->entity);
err_ctrls:
	v4l2_ctrl_handler_free(&sensor->ctrls);
	return ret;
}

static void visp_sensor_remove(struct platform_device *pdev)
{
	struct visp_sensor *sensor = platform_get_drvdata(pdev);
	struct device *dev = &pdev->dev;
	struct v4l2_subdev_state *state;

	v4l2_async_unregister_subdev(&sensor->sd);

	/*
	 * The ISP's driver may have lost the sensor without stopping it: stop
	 * the stream and drop its runtime PM reference, so that nothing runs
	 * once the sensor is gone.
	 */
	state = v4l2_subdev_lock_and_get_active_state(&sensor->sd);
	if (sensor->stream.running) {
		dev_info(dev, "removed while streaming: stopping\n");
		visp_sensor_stream_stop(sensor);
		pm_runtime_put_noidle(dev);
	}
	v4l2_subdev_unlock_state(state);

	v4l2_subdev_cleanup(&sensor->sd);
	media_entity_cleanup(&sensor->sd.entity);
	v4l2_ctrl_handler_free(&sensor->ctrls);

	pm_runtime_dont_use_autosuspend(dev);
	pm_runtime_disable(dev);
	if (!pm_runtime_status_suspended(dev))
		visp_sensor_runtime_suspend(dev);
	pm_runtime_set_suspended(dev);
}

static const struct platform_device_id visp_sensor_id_table[] = {
	{ .name = VISP_SENSOR_NAME },
	{ /* sentinel */ }
};
MODULE_DEVICE_TABLE(platform, visp_sensor_id_table);

static struct platform_driver visp_sensor_driver = {
	.probe = visp_sensor_probe,
	.remove = visp_sensor_remove,
	.id_table = visp_sensor_id_table,
	.driver = {
		.name = VISP_SENSOR_NAME,
		.pm = pm_ptr(&visp_sensor_pm_ops),
	},
};

/* ------------------------------------------------------------------------
 * The lens
 */

/**
 * visp_lens_focus() - position of a lens
 * @fwnode: firmware node of the lens
 *
 * Return: the focus position of the bound lens of @fwnode, 0 to 1023, or
 * -ENODEV when no such lens is bound.
 */
static int visp_lens_focus(struct fwnode_handle *fwnode)
{
	struct visp_lens *lens;
	int focus = -ENODEV;

	spin_lock(&visp_lenses_lock);
	list_for_each_entry(lens, &visp_lenses, list) {
		if (lens->sd.fwnode == fwnode) {
			focus = READ_ONCE(lens->focus);
			break;
		}
	}
	spin_unlock(&visp_lenses_lock);

	return focus;
}

static int visp_lens_s_ctrl(struct v4l2_ctrl *ctrl)
{
	struct visp_lens *lens = container_of(ctrl->handler, struct visp_lens,
					      ctrls);

	if (ctrl->id != V4L2_CID_FOCUS_ABSOLUTE)
		return -EINVAL;

	WRITE_ONCE(lens->focus, ctrl->val);

	return 0;
}

static const struct v4l2_ctrl_ops visp_lens_ctrl_ops = {
	.s_ctrl = visp_lens_s_ctrl,
};

static const struct v4l2_subdev_core_ops visp_lens_core_ops = {
	.log_status = v4l2_ctrl_subdev_log_status,
	.subscribe_event = v4l2_ctrl_subdev_subscribe_event,
	.unsubscribe_event = v4l2_event_subdev_unsubscribe,
};

static const struct v4l2_subdev_ops visp_lens_ops = {
	.core = &visp_lens_core_ops,
};

static int visp_lens_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct visp_lens *lens;
	struct v4l2_subdev *sd;
	int ret;

	lens = devm_kzalloc(dev, sizeof(*lens), GFP_KERNEL);
	if (!lens)
		return -ENOMEM;
	sd = &lens->sd;

	v4l2_ctrl_handler_init(&lens->ctrls, 1);
	v4l2_ctrl_new_std(&lens->ctrls, &visp_lens_ctrl_ops,
			  V4L2_CID_FOCUS_ABSOLUTE, 0, VISP_LENS_FOCUS_MAX, 1, 0);
	if (lens->ctrls.error) {
		ret = dev_err_probe(dev, lens->ctrls.error,
				    "cannot create the controls\n");
		goto err_ctrls;
	}

	v4l2_subdev_init(sd, &visp_lens_ops);
	sd->dev = dev;
	sd->owner = THIS_MODULE;
	sd->flags |= V4L2_SUBDEV_FL_HAS_DEVNODE | V4L2_SUBDEV_FL_HAS_EVENTS;
	sd->ctrl_handler = &lens->ctrls;
	sd->entity.function = MEDIA_ENT_F_LENS;
	strscpy(sd->name, dev_name(dev), sizeof(sd->name));
	platform_set_drvdata(pdev, lens);

	ret = media_entity_pads_init(&sd->entity, 0, NULL);
	if (ret) {
		dev_err_probe(dev, ret, "cannot initialise the entity\n");
		goto err_ctrls;
	}

	/* Before the sensor can find it: sd->fwnode is set on registration. */
	sd->fwnode = dev_fwnode(dev);
	spin_lock(&visp_lenses_lock);
	list_add_tail(&lens->list, &visp_lenses);
	spin_unlock(&visp_lenses_lock);

	ret = v4l2_async_register_subdev(sd);
	if (ret) {
		dev_err_probe(dev, ret, "cannot register the subdev\n");
		goto err_list;
	}

	return 0;

err_list:
	spin_lock(&visp_lenses_lock);
	list_del(&lens->list);
	spin_unlock(&visp_lenses_lock);
	media_entity_cleanup(&sd->entity);
err_ctrls:
	v4l2_ctrl_handler_free(&lens->ctrls);
	return ret;
}

static void visp_lens_remove(struct platform_device *pdev)
{
	struct visp_lens *lens = platform_get_drvdata(pdev);

	v4l2_async_unregister_subdev(&lens->sd);
	spin_lock(&visp_lenses_lock);
	list_del(&lens->list);
	spin_unlock(&visp_lenses_lock);
	media_entity_cleanup(&lens->sd.entity);
	v4l2_ctrl_handler_free(&lens->ctrls);
}

static const struct platform_device_id visp_lens_id_table[] = {
	{ .name = VISP_LENS_NAME },
	{ /* sentinel */ }
};
MODULE_DEVICE_TABLE(platform, visp_lens_id_table);

/*
 * The lens cannot be unbound on its own through sysfs. When a lens leaves
 * the media graph while its sensor stays, Linux 6.12 leaves the ancillary
 * link that v4l2-async created from the sensor pointing to the lens's
 * freed entity: __media_device_unregister_entity() removes the links of
 * the entity's own list, and an ancillary link is on the sensor's only.
 * Unbinding the sensor or the ISP first removes the link.
 */
static struct platform_driver visp_lens_driver = {
	.probe = visp_lens_probe,
	.remove = visp_lens_remove,
	.id_table = visp_lens_id_table,
	.driver = {
		.name = VISP_LENS_NAME,
		.suppress_bind_attrs = true,
	},
};

/* Unregistered in the reverse order: the sensor, then its lens. */
static struct platform_driver * const visp_sensor_drivers[] = {
	&visp_lens_driver,
	&visp_sensor_driver,
};

static int __init visp_sensor_init(void)
{
	return platform_register_drivers(visp_sensor_drivers,
					 ARRAY_SIZE(visp_sensor_drivers));
}

static void __exit visp_sensor_exit(void)
{
	platform_unregister_drivers(visp_sensor_drivers,
				    ARRAY_SIZE(visp_sensor_drivers));
}

module_init(visp_sensor_init);
module_exit(visp_sensor_exit);

MODULE_DESCRIPTION("VISP simulator: camera sensor and focus lens");
MODULE_AUTHOR("The VISP authors");
MODULE_LICENSE("GPL");
