// SPDX-License-Identifier: GPL-2.0
/*
 * visp-cam: capture from the VISP ISP, through libvisp's pipeline API
 *
 *   visp-cam list
 *	The visp media device, its cameras with their modes, its nodes.
 *
 *   visp-cam capture [OPTION]...
 *	Capture frames from a camera (with auto exposure and white balance,
 *	locked or manual settings) or develop a raw file through the memory
 *	input; write the last main and self frames as PNG, raw frames as
 *	DNG, the statistics and the 3A state of every frame as JSON lines,
 *	a strip of frames and the 3A convergence plot. See usage().
 *
 * Every error is one sentence on stderr and a non-zero exit status.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>
#include <linux/media-bus-format.h>
#include <linux/videodev2.h>

#include "visp/libvisp.h"
#include "visp-io.h"

/* Frames of the strip of frames, at most */
#define STRIP_FRAMES	6
#define TIMEOUT_MS	20000
/* Frames of AE after which AF starts even if AE has not converged */
#define AF_AE_FRAMES	12

enum aaa_mode { AAA_ON, AAA_OFF, AAA_LOCKED };

struct options {
	int camera;
	const char *input;
	struct visp_io_raw_hint hint;
	uint32_t bits;
	uint32_t width;
	uint32_t height;
	struct visp_rect crop;
	struct visp_output_config main;
	struct visp_output_config self;
	unsigned int frames;
	uint32_t memory;
	enum aaa_mode aaa;
	int32_t exposure;
	int32_t again;
	int32_t dgain;
	double wb[3];
	int black;
	int32_t vblank;
	int af;
	int32_t focus;
	const char *tuning;
	const char *outdir;
	bool raw_out;
	bool requests;
	bool quiet;
};

static const char *prog = "visp-cam";

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: visp-cam list\n"
"       visp-cam capture [OPTION]...\n"
"\n"
"  -c, --camera N        capture from camera N (default 0)\n"
"  -i, --input FILE      develop raw FILE (DNG/camera raw, PGM, plain) through\n"
"                        the memory input instead\n"
"      --raw WxH:BAYER:BITS  plain raw files: size, order (RGGB, GRBG, GBRG,\n"
"                        BGGR) and depth; PGM files: :BAYER:BITS\n"
"  -s, --size WxH        camera mode (default 960x540)\n"
"  -b, --bits N          camera mode depth, 10 or 12 (default 10)\n"
"      --crop X,Y,WxH    ISP input crop (default the whole frame)\n"
"      --main FMT:WxH    main output (default RGB3 at the ISP size), or off\n"
"      --self FMT:WxH    self output (default off)\n"
"  -n, --frames N        frames to capture (default 10)\n"
"      --dmabuf          DMABUF buffers on the image nodes (default MMAP)\n"
"      --3a on|off|locked  3A (default on; locked: held once AE converged)\n"
"      --exposure LINES  manual exposure (3A off)\n"
"      --again Q8        manual analogue gain (3A off)\n"
"      --dgain Q8        manual digital gain (3A off)\n"
"      --wb R,G,B        manual white balance gains (3A off)\n"
"      --af off|single|continuous  auto focus, with a lens: a search once\n"
"                        AE has converged (default single; continuous: a\n"
"                        search again when the sharpness drops)\n"
"      --focus POS       manual lens position (auto focus off)\n"
"      --black LEVEL     black level to subtract, 12-bit units (default 0)\n"
"      --vblank LINES    camera vertical blanking, which sets the frame rate\n"
"                        (default the mode's)\n"
"  -t, --tuning FILE     tuning file for the 3A and the processing blocks\n"
"  -o, --output DIR      where to write the files (default .)\n"
"      --raw-out         also write each output's last frame as it came\n"
"      --requests        queue the buffers of each frame in a media request\n"
"                        (with --input)\n"
"  -q, --quiet           no progress line\n");
}

static uint32_t fourcc_parse(const char *s)
{
	char b[4] = { ' ', ' ', ' ', ' ' };
	unsigned int i;

	for (i = 0; i < 4 && s[i] && s[i] != ':'; i++)
		b[i] = s[i];
	return v4l2_fourcc(b[0], b[1], b[2], b[3]);
}

static int parse_output(const char *arg, struct visp_output_config *o)
{
	const char *c = strchr(arg, ':');

	if (!strcmp(arg, "off")) {
		o->enable = false;
		return 0;
	}
	o->enable = true;
	o->fourcc = fourcc_parse(arg);
	if (!c)
		return 0;
	return sscanf(c + 1, "%ux%u", &o->width, &o->height) == 2 ? 0 : -1;
}

static int parse_bayer(const char *s)
{
	static const char *const orders[] = { "RGGB", "GRBG", "GBRG", "BGGR" };
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (!strncasecmp(s, orders[i], 4))
			return i;
	return -1;
}

static int parse_raw(const char *arg, struct visp_io_raw_hint *h)
{
	const char *p = arg;
	int bayer;

	if (*p != ':') {
		if (sscanf(p, "%ux%u", &h->width, &h->height) != 2)
			return -1;
		p = strchr(p, ':');
		if (!p)
			return -1;
	}
	bayer = parse_bayer(p + 1);
	p = strchr(p + 1, ':');
	if (bayer < 0 || !p || sscanf(p + 1, "%u", &h->bits) != 1)
		return -1;
	h->bayer = bayer + 1;
	return 0;
}

/* ------------------------------------------------------------------------
 * visp-cam list
 */

static int open_pipeline(struct visp_pipeline **pl)
{
	char err[256];

	if (visp_pipeline_open(NULL, pl, err, sizeof(err)))
		return fail("%s", err);
	return 0;
}

static int cmd_list(void)
{
	static const char *const nodes[] = {
		"input", "main", "self", "params", "stats",
	};
	struct visp_pipeline *pl;
	unsigned int i, m;

	if (open_pipeline(&pl))
		return 1;
	printf("media device: %s\n", visp_pipeline_media_path(pl));
	for (i = 0; i < VISP_NODE_COUNT; i++) {
		const char *p = visp_pipeline_node_path(pl, i);

		printf("node %s: %s\n", nodes[i], p ? p : "(none)");
	}
	if (!visp_pipeline_num_cameras(pl))
		printf("no camera\n");
	for (i = 0; i < visp_pipeline_num_cameras(pl); i++) {
		const struct visp_camera *c = visp_pipeline_camera(pl, i);
		uint32_t code, w, h;

		printf("camera %u: %s (%s)%s%s\n", i, c->name, c->subdev,
		       c->lens[0] ? ", lens " : "", c->lens);
		for (m = 0; !visp_pipeline_camera_sizes(pl, i, m, &code, &w, &h);
		     m++)
			printf("  mode %ux%u, media bus code 0x%04x\n", w, h,
			       code);
	}
	visp_pipeline_close(pl);
	return 0;
}

/* ------------------------------------------------------------------------
 * visp-cam capture
 */

struct capture {
	struct options *o;
	struct visp_pipeline *pl;
	struct visp_3a *aaa;
	struct visp_3a_result res;
	struct visp_tuning *tuning;
	struct visp_io_raw raw;
	FILE *json;
	bool locked;
	bool late;
	/* The camera has a focus lens; the AF search was asked for */
	bool lens;
	bool af_started;
	bool params_queued[VISP_PIPELINE_BUFFERS_MAX];
	/* --requests: request i holds buffer i of every node, -1 unused */
	int req[VISP_PIPELINE_BUFFERS_MAX];
	/* --requests: the buffers of the frame dequeued, to queue again */
	struct visp_buffer *pending[VISP_NODE_COUNT];
	unsigned int frames;
	/* Per frame, for the plot */
	double *exposure, *again, *dgain, *wb_r, *wb_b, *ae_mean, *focus;
	/* The strip of frames: RGB24 copies of the main output */
	uint8_t *strip[STRIP_FRAMES];
	unsigned int strip_n;
	char path[4096];
};

static const char *out_path(struct capture *c, const char *name)
{
	snprintf(c->path, sizeof(c->path), "%s/%s", c->o->outdir, name);
	return c->path;
}

static uint32_t bayer_fourcc(uint32_t bayer, uint32_t bits)
{
	static const uint32_t f8[] = { V4L2_PIX_FMT_SRGGB8, V4L2_PIX_FMT_SGRBG8,
				       V4L2_PIX_FMT_SGBRG8, V4L2_PIX_FMT_SBGGR8 };
	static const uint32_t f10[] = { V4L2_PIX_FMT_SRGGB10, V4L2_PIX_FMT_SGRBG10,
					V4L2_PIX_FMT_SGBRG10, V4L2_PIX_FMT_SBGGR10 };
	static const uint32_t f12[] = { V4L2_PIX_FMT_SRGGB12, V4L2_PIX_FMT_SGRBG12,
					V4L2_PIX_FMT_SGBRG12, V4L2_PIX_FMT_SBGGR12 };
	static const uint32_t f16[] = { V4L2_PIX_FMT_SRGGB16, V4L2_PIX_FMT_SGRBG16,
					V4L2_PIX_FMT_SGBRG16, V4L2_PIX_FMT_SBGGR16 };

	if (bayer > 3)
		return 0;
	switch (bits) {
	case 8:
		return f8[bayer];
	case 10:
		return f10[bayer];
	case 12:
		return f12[bayer];
	case 16:
		return f16[bayer];
	}
	return 0;
}

/* The Bayer order of a RAW16 output fourcc, or -1. */
static int raw16_bayer(uint32_t fourcc)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (bayer_fourcc(i, 16) == fourcc)
			return i;
	return -1;
}

/* Copy the raw file's samples into an input buffer. */
static void fill_input(struct capture *c, struct visp_buffer *b)
{
	const struct visp_frame_format *f =
		visp_pipeline_format(c->pl, VISP_NODE_INPUT);
	uint32_t y, x;

	for (y = 0; y < c->raw.height; y++) {
		const uint16_t *s = c->raw.data + (size_t)y * c->raw.width;
		uint8_t *d = (uint8_t *)b->data + (size_t)y * f->stride;

		if (c->raw.bits == 8) {
			for (x = 0; x < c->raw.width; x++)
				d[x] = s[x];
		} else {
			for (x = 0; x < c->raw.width; x++) {
				d[2 * x] = s[x];
				d[2 * x + 1] = s[x] >> 8;
			}
		}
	}
	b->bytesused = f->size;
}

/* The parameters of the next frame: the 3A's, or the manual ones. */
static int fill_params(struct capture *c, struct visp_buffer *b)
{
	struct visp_params_buffer *p = b->data;
	uint16_t level[VISP_CFA_CHANNELS];
	unsigned int i;
	char msg[256];
	int ret;

	if (c->aaa) {
		if (c->res.params_size > b->length)
			return fail("The parameters of the 3A do not fit a buffer.");
		memcpy(p, c->res.params, c->res.params_size);
	} else {
		uint16_t gain[VISP_CFA_CHANNELS];

		visp_params_init(p, b->length);
		gain[VISP_CFA_R] = lround(c->o->wb[0] * 1024);
		gain[VISP_CFA_GR] = gain[VISP_CFA_GB] = lround(c->o->wb[1] * 1024);
		gain[VISP_CFA_B] = lround(c->o->wb[2] * 1024);
		if (visp_params_set_awb_gains(p, b->length, true, gain))
			return fail("The white balance gains are out of range.");
	}
	if (c->o->black > 0 && !c->tuning) {
		for (i = 0; i < VISP_CFA_CHANNELS; i++)
			level[i] = c->o->black;
		ret = visp_params_set_bls(p, b->length, true, level);
		if (ret)
			return fail("The black level %d is out of range.",
				    c->o->black);
	}
	b->bytesused = sizeof(*p) + p->data_size;
	if (visp_params_check(p, b->bytesused, msg, sizeof(msg)))
		return fail("The parameters are invalid: %s.", msg);
	return 0;
}

static int set_sensor(struct capture *c, uint32_t exposure, uint32_t again,
		      uint32_t dgain)
{
	if (visp_pipeline_set_ctrl(c->pl, VISP_SUBDEV_SENSOR, V4L2_CID_EXPOSURE,
				   exposure) ||
	    visp_pipeline_set_ctrl(c->pl, VISP_SUBDEV_SENSOR,
				   V4L2_CID_ANALOGUE_GAIN, again) ||
	    visp_pipeline_set_ctrl(c->pl, VISP_SUBDEV_SENSOR,
				   V4L2_CID_DIGITAL_GAIN, dgain))
		return fail("%s", visp_pipeline_error(c->pl));
	return 0;
}

static int ctrl_range(struct capture *c, uint32_t id, uint32_t *min,
		      uint32_t *max, int64_t *cur)
{
	int64_t lo, hi, def;

	if (visp_pipeline_query_ctrl(c->pl, VISP_SUBDEV_SENSOR, id, &lo, &hi,
				     &def))
		return -1;
	if (min)
		*min = lo < 1 ? 1 : lo;
	if (max)
		*max = hi;
	if (cur)
		*cur = def;
	return 0;
}

static int set_focus(struct capture *c, uint32_t position)
{
	if (c->lens &&
	    visp_pipeline_set_ctrl(c->pl, VISP_SUBDEV_LENS,
				   V4L2_CID_FOCUS_ABSOLUTE, position))
		return fail("%s", visp_pipeline_error(c->pl));
	return 0;
}

/*
 * The camera's focus lens, if it has one, for the 3A: its range, and the
 * position it starts at (--focus, or where it is). The lens of visp-sensor
 * moves during the frame it is written in, for the frames after.
 */
static int lens_init(struct capture *c, struct visp_3a_lens *lens)
{
	int64_t lo, hi, def;
	int32_t pos;

	if (visp_pipeline_query_ctrl(c->pl, VISP_SUBDEV_LENS,
				     V4L2_CID_FOCUS_ABSOLUTE, &lo, &hi, &def)) {
		if (c->o->focus >= 0)
			return fail("--focus: the camera has no focus lens.");
		return 0;
	}
	if (visp_pipeline_get_ctrl(c->pl, VISP_SUBDEV_LENS,
				   V4L2_CID_FOCUS_ABSOLUTE, &pos))
		return fail("%s", visp_pipeline_error(c->pl));
	if (c->o->focus >= 0)
		pos = c->o->focus;
	if (pos < lo || pos > hi)
		return fail("--focus %d: the lens goes from %lld to %lld.", pos,
			    (long long)lo, (long long)hi);
	*lens = (struct visp_3a_lens){
		.present = true, .min = lo, .max = hi, .delay = 1,
		.position = pos,
	};
	c->lens = true;
	return 0;
}

/* Start the 3A from the sensor's limits and current settings. */
static int aaa_init(struct capture *c)
{
	struct v4l2_control blocks = {
		.id = V4L2_CID_VISP_SUPPORTED_PARAMS_BLOCKS,
	};
	struct visp_3a_config cfg = { 0 };
	struct visp_3a_sensor *s = &cfg.sensor;
	int32_t v;
	int fd;
	int64_t rate, hblank;

	if (ctrl_range(c, V4L2_CID_PIXEL_RATE, NULL, NULL, &rate) ||
	    ctrl_range(c, V4L2_CID_HBLANK, NULL, NULL, &hblank) ||
	    ctrl_range(c, V4L2_CID_EXPOSURE, &s->exposure_min,
		       &s->exposure_max, NULL) ||
	    ctrl_range(c, V4L2_CID_ANALOGUE_GAIN, &s->again_min, &s->again_max,
		       NULL) ||
	    ctrl_range(c, V4L2_CID_DIGITAL_GAIN, &s->dgain_min, &s->dgain_max,
		       NULL))
		return fail("%s", visp_pipeline_error(c->pl));
	/* PIXEL_RATE and HBLANK are read-only: their range is their value. */
	if (visp_pipeline_get_ctrl(c->pl, VISP_SUBDEV_SENSOR, V4L2_CID_HBLANK,
				   &v) == 0)
		hblank = v;
	s->pixel_rate = rate;
	s->line_length = c->o->width + hblank;
	s->exposure_delay = 2;
	s->gain_delay = 1;
	s->width = c->o->crop.width ? c->o->crop.width : c->o->width;
	s->height = c->o->crop.height ? c->o->crop.height : c->o->height;
	s->black_level = c->tuning ? 0 : c->o->black;
	if (visp_pipeline_get_ctrl(c->pl, VISP_SUBDEV_SENSOR, V4L2_CID_EXPOSURE,
				   &v))
		return fail("%s", visp_pipeline_error(c->pl));
	s->exposure = v;
	if (visp_pipeline_get_ctrl(c->pl, VISP_SUBDEV_SENSOR,
				   V4L2_CID_ANALOGUE_GAIN, &v))
		return fail("%s", visp_pipeline_error(c->pl));
	s->again = v;
	if (visp_pipeline_get_ctrl(c->pl, VISP_SUBDEV_SENSOR,
				   V4L2_CID_DIGITAL_GAIN, &v))
		return fail("%s", visp_pipeline_error(c->pl));
	s->dgain = v;
	cfg.tuning = c->tuning;
	if (lens_init(c, &cfg.lens))
		return 1;
	/*
	 * The block types the driver accepts: the tone curve goes as a GAMMA
	 * block to a driver without the TONE block. Unknown: every type.
	 */
	fd = visp_pipeline_fd(c->pl, VISP_NODE_PARAMS);
	if (fd >= 0 && !ioctl(fd, VIDIOC_G_CTRL, &blocks))
		cfg.params_blocks = blocks.value;
	c->aaa = visp_3a_init(&cfg, &c->res);
	if (!c->aaa)
		return fail("The 3A cannot start with this sensor (%s).",
			    strerror(errno ? errno : EINVAL));
	return set_focus(c, c->res.focus);
}

/* One JSON line: the frame's 3A state and statistics summary. */
static void json_frame(struct capture *c, uint32_t seq,
		       const struct visp_stats_view *v, bool have_stats)
{
	json_object *o = json_object_new_object(), *a;
	unsigned int i;

	json_object_object_add(o, "frame", json_object_new_int64(seq));
	if (c->aaa) {
		json_object_object_add(o, "exposure",
				       json_object_new_int64(c->res.exposure));
		json_object_object_add(o, "again",
				       json_object_new_int64(c->res.again));
		json_object_object_add(o, "dgain",
				       json_object_new_int64(c->res.dgain));
		a = json_object_new_array();
		for (i = 0; i < VISP_CFA_CHANNELS; i++)
			json_object_array_add(a,
				json_object_new_double(c->res.wb_gain[i] / 1024.0));
		json_object_object_add(o, "wb_gains", a);
		json_object_object_add(o, "ct", json_object_new_int64(c->res.ct));
		json_object_object_add(o, "ae_mean",
				       json_object_new_double(c->res.ae_mean));
		json_object_object_add(o, "ae_converged",
				       json_object_new_boolean(c->res.ae_converged));
		json_object_object_add(o, "locked",
				       json_object_new_boolean(c->locked));
		json_object_object_add(o, "late",
				       json_object_new_boolean(c->late));
	}
	if (c->aaa && c->lens) {
		static const char * const states[] = {
			[VISP_AF_STATE_IDLE] = "idle",
			[VISP_AF_STATE_SCANNING] = "scanning",
			[VISP_AF_STATE_FOCUSED] = "focused",
			[VISP_AF_STATE_FAILED] = "failed",
		};
		const char *state = c->res.af_state < 4 ?
				    states[c->res.af_state] : "?";
		double sharpness = c->res.af_sharpness;

		json_object_object_add(o, "focus",
				       json_object_new_int64(c->res.focus));
		json_object_object_add(o, "af_state",
				       json_object_new_string(state));
		if (sharpness >= 0)
			json_object_object_add(o, "af_sharpness",
					       json_object_new_double(sharpness));
	}
	if (have_stats) {
		uint64_t sum[3] = { 0 }, n = 0;
		struct visp_stats_awb awb;
		unsigned int x, y;

		json_object_object_add(o, "meas_valid",
				       json_object_new_int64(v->meas_valid));
		for (y = 0; y < v->awb_grid_h; y++) {
			for (x = 0; x < v->awb_grid_w; x++) {
				if (visp_stats_get_awb(v, x, y, &awb) ||
				    !awb.count)
					continue;
				sum[0] += (uint64_t)awb.r * awb.count;
				sum[1] += (uint64_t)awb.g * awb.count;
				sum[2] += (uint64_t)awb.b * awb.count;
				n += awb.count;
			}
		}
		if (n) {
			a = json_object_new_array();
			for (i = 0; i < 3; i++)
				json_object_array_add(a,
					json_object_new_double((double)sum[i] / n));
			json_object_object_add(o, "awb_mean", a);
		}
	}
	fprintf(c->json, "%s\n",
		json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	fflush(c->json);
	json_object_put(o);
}

static bool strip_frame(const struct capture *c, unsigned int n)
{
	unsigned int k, total = c->o->frames;

	for (k = 0; k < STRIP_FRAMES && k < total; k++) {
		unsigned int f = total < STRIP_FRAMES ? k :
				 k * (total - 1) / (STRIP_FRAMES - 1);

		if (f == n)
			return true;
	}
	return false;
}

/*
 * Y'CbCr to R'G'B', as V4L2 defines the encodings and quantizations the
 * driver reports: the inverse of what the ISP's CSC computed, up to its
 * rounding and the subsampling of the chroma.
 */
static void yuv_to_rgb(const struct visp_frame_format *f, int y, int cb,
		       int cr, uint8_t *rgb)
{
	double kr = 0.299, kb = 0.114, yy, u, v, r, g, b;

	if (f->ycbcr_enc == V4L2_YCBCR_ENC_709) {
		kr = 0.2126;
		kb = 0.0722;
	} else if (f->ycbcr_enc == V4L2_YCBCR_ENC_BT2020) {
		kr = 0.2627;
		kb = 0.0593;
	}
	if (f->quantization == V4L2_QUANTIZATION_FULL_RANGE) {
		yy = y / 255.0;
		u = (cb - 128) / 255.0;
		v = (cr - 128) / 255.0;
	} else {
		yy = (y - 16) / 219.0;
		u = (cb - 128) / 224.0;
		v = (cr - 128) / 224.0;
	}
	r = yy + 2 * (1 - kr) * v;
	b = yy + 2 * (1 - kb) * u;
	g = (yy - kr * r - kb * b) / (1 - kr - kb);
	rgb[0] = lround(fmin(fmax(r, 0), 1) * 255);
	rgb[1] = lround(fmin(fmax(g, 0), 1) * 255);
	rgb[2] = lround(fmin(fmax(b, 0), 1) * 255);
}

/*
 * An output frame as 8-bit RGB, lines of 3 * width bytes, for the PNG
 * files: -EINVAL for the formats that are no picture (RAW16).
 */
static int frame_rgb(const struct visp_frame_format *f, const uint8_t *data,
		     uint8_t *rgb)
{
	uint32_t x, y;

	for (y = 0; y < f->height; y++) {
		const uint8_t *l = data + (size_t)y * f->stride;
		/* NV12 and NV16: the chroma plane follows the luma's lines. */
		const uint8_t *ch = data + (size_t)f->stride * f->height +
				    (size_t)(f->fourcc == V4L2_PIX_FMT_NV12 ?
					     y / 2 : y) * f->stride;
		uint8_t *o = rgb + (size_t)y * f->width * 3;

		for (x = 0; x < f->width; x++, o += 3) {
			switch (f->fourcc) {
			case V4L2_PIX_FMT_RGB24:
				memcpy(o, l + 3 * x, 3);
				break;
			case V4L2_PIX_FMT_XRGB32:
				memcpy(o, l + 4 * x + 1, 3);
				break;
			case V4L2_PIX_FMT_GREY:
				yuv_to_rgb(f, l[x], 128, 128, o);
				break;
			case V4L2_PIX_FMT_NV12:
			case V4L2_PIX_FMT_NV16:
				yuv_to_rgb(f, l[x], ch[x & ~1u],
					   ch[(x & ~1u) + 1], o);
				break;
			case V4L2_PIX_FMT_YUYV:
				yuv_to_rgb(f, l[2 * x], l[4 * (x / 2) + 1],
					   l[4 * (x / 2) + 3], o);
				break;
			default:
				return -EINVAL;
			}
		}
	}
	return 0;
}

static int write_image(struct capture *c, unsigned int node,
		       const struct visp_buffer *b, const char *name)
{
	const struct visp_frame_format *f = visp_pipeline_format(c->pl, node);
	char err[512], file[64];
	int bayer = raw16_bayer(f->fourcc);
	FILE *fp;

	if (c->o->raw_out) {
		snprintf(file, sizeof(file), "%s.out", name);
		fp = fopen(out_path(c, file), "wb");
		if (!fp || fwrite(b->data, 1, b->bytesused, fp) != b->bytesused ||
		    fclose(fp))
			return fail("Cannot write %s: %s.", c->path,
				    strerror(errno));
	}
	if (bayer < 0) {
		uint8_t *rgb = malloc((size_t)f->width * f->height * 3);
		int ret;

		if (!rgb)
			return fail("Out of memory.");
		snprintf(file, sizeof(file), "%s.png", name);
		ret = frame_rgb(f, b->data, rgb) ? 0 :
		      visp_io_png_write(out_path(c, file), rgb, f->width,
					f->height, f->width * 3, err,
					sizeof(err));
		free(rgb);
		if (ret)
			return fail("%s", err);
	} else {
		struct visp_io_raw r = {
			.width = f->width, .height = f->height, .bits = 16,
			.bayer = bayer, .white_level = 65535,
			.data = malloc((size_t)f->width * f->height * 2),
		};
		uint32_t y;

		if (!r.data)
			return fail("Out of memory.");
		for (y = 0; y < f->height; y++)
			memcpy(r.data + (size_t)y * f->width,
			       (uint8_t *)b->data + (size_t)y * f->stride,
			       f->width * 2);
		snprintf(file, sizeof(file), "%s.dng", name);
		if (visp_io_dng_write(out_path(c, file), &r, "visp", err,
				      sizeof(err))) {
			free(r.data);
			return fail("%s", err);
		}
		free(r.data);
	}
	return 0;
}

static int write_strip(struct capture *c)
{
	const struct visp_frame_format *f =
		visp_pipeline_format(c->pl, VISP_NODE_MAIN);
	uint32_t w, y;
	uint8_t *img;
	char err[512];
	unsigned int k;
	int ret;

	if (!c->strip_n)
		return 0;
	w = f->width * c->strip_n;
	img = malloc((size_t)w * 3 * f->height);
	if (!img)
		return fail("Out of memory.");
	for (k = 0; k < c->strip_n; k++)
		for (y = 0; y < f->height; y++)
			memcpy(img + (size_t)y * w * 3 + (size_t)k * f->width * 3,
			       c->strip[k] + (size_t)y * f->width * 3,
			       f->width * 3);
	ret = visp_io_png_write(out_path(c, "strip.png"), img, w, f->height,
				w * 3, err, sizeof(err));
	free(img);
	return ret ? fail("%s", err) : 0;
}

static int write_plot(struct capture *c)
{
	const struct visp_io_plot_series s[] = {
		{ "exposure", "lines", c->exposure, 0x1f77b4 },
		{ "analogue gain", "x", c->again, 0xff7f0e },
		{ "digital gain", "x", c->dgain, 0x2ca02c },
		{ "WB red gain", "x", c->wb_r, 0xd62728 },
		{ "WB blue gain", "x", c->wb_b, 0x9467bd },
		{ "AE mean", "of full scale", c->ae_mean, 0x8c564b },
		{ "lens position", NULL, c->focus, 0xe377c2 },
	};
	char err[512];

	if (!c->aaa || !c->frames)
		return 0;
	/* The lens position with a lens only. */
	if (visp_io_plot_png(out_path(c, "3a.png"), "visp-cam: 3A convergence",
			     c->frames, s, sizeof(s) / sizeof(s[0]) - !c->lens,
			     err, sizeof(err)))
		return fail("%s", err);
	return 0;
}

static int setup(struct capture *c)
{
	struct options *o = c->o;
	struct visp_pipeline_config cfg = { 0 };
	char err[512];
	unsigned int n;

	if (o->tuning) {
		c->tuning = visp_tuning_load(o->tuning, err, sizeof(err));
		if (!c->tuning)
			return fail("%s", err);
	}
	if (o->input) {
		if (visp_io_raw_read(o->input, &o->hint, &c->raw, err,
				     sizeof(err)))
			return fail("%s", err);
		cfg.camera = VISP_PIPELINE_MEMORY;
		cfg.in_fourcc = bayer_fourcc(c->raw.bayer, c->raw.bits);
		if (!cfg.in_fourcc)
			return fail("Bad raw file: %s has %u-bit samples, the memory input takes 8, 10, 12 or 16.",
				    o->input, c->raw.bits);
		o->width = c->raw.width;
		o->height = c->raw.height;
	} else {
		cfg.camera = o->camera;
		cfg.mbus_code = o->bits == 12 ? MEDIA_BUS_FMT_SRGGB12_1X12 :
				MEDIA_BUS_FMT_SRGGB10_1X10;
	}
	cfg.width = o->width;
	cfg.height = o->height;
	cfg.crop = o->crop;
	cfg.main = o->main;
	cfg.self = o->self;
	if (cfg.main.enable && !cfg.main.width) {
		cfg.main.width = o->crop.width ? o->crop.width : o->width;
		cfg.main.height = o->crop.height ? o->crop.height : o->height;
	}
	if (cfg.self.enable && !cfg.self.width) {
		cfg.self.width = o->crop.width ? o->crop.width : o->width;
		cfg.self.height = o->crop.height ? o->crop.height : o->height;
	}
	cfg.stats = !o->input;
	cfg.params = !o->input;
	if (visp_pipeline_configure(c->pl, &cfg))
		return fail("%s", visp_pipeline_error(c->pl));
	/* The mode set the sensor's default blanking: override it after. */
	if (!o->input && o->vblank &&
	    visp_pipeline_set_ctrl(c->pl, VISP_SUBDEV_SENSOR, V4L2_CID_VBLANK,
				   o->vblank))
		return fail("%s", visp_pipeline_error(c->pl));
	for (n = 0; n < VISP_NODE_COUNT; n++) {
		bool image = n == VISP_NODE_INPUT || n == VISP_NODE_MAIN ||
			     n == VISP_NODE_SELF;

		if (!visp_pipeline_format(c->pl, n))
			continue;
		if (visp_pipeline_alloc_buffers(c->pl, n, 4,
						image ? o->memory :
						V4L2_MEMORY_MMAP))
			return fail("%s", visp_pipeline_error(c->pl));
	}
	return 0;
}

static int start(struct capture *c)
{
	struct options *o = c->o;
	struct visp_buffer *b;
	unsigned int n, i;

	if (!o->input) {
		if (o->aaa == AAA_OFF) {
			if ((o->exposure >= 0 || o->again >= 0 ||
			     o->dgain >= 0)) {
				int32_t e, a, d;

				if (visp_pipeline_get_ctrl(c->pl, VISP_SUBDEV_SENSOR,
							   V4L2_CID_EXPOSURE, &e) ||
				    visp_pipeline_get_ctrl(c->pl, VISP_SUBDEV_SENSOR,
							   V4L2_CID_ANALOGUE_GAIN, &a) ||
				    visp_pipeline_get_ctrl(c->pl, VISP_SUBDEV_SENSOR,
							   V4L2_CID_DIGITAL_GAIN, &d))
					return fail("%s",
						    visp_pipeline_error(c->pl));
				if (set_sensor(c, o->exposure >= 0 ? o->exposure : e,
					       o->again >= 0 ? o->again : a,
					       o->dgain >= 0 ? o->dgain : d))
					return 1;
			}
			if (o->focus >= 0) {
				struct visp_3a_lens lens;

				if (lens_init(c, &lens) ||
				    set_focus(c, lens.position))
					return 1;
			}
		} else if (aaa_init(c)) {
			return 1;
		}
	}
	/* One request per input buffer; every node has as many buffers. */
	for (i = 0; o->requests &&
	     visp_pipeline_buffer(c->pl, VISP_NODE_INPUT, i); i++) {
		c->req[i] = visp_pipeline_request_alloc(c->pl);
		if (c->req[i] < 0)
			return fail("%s", visp_pipeline_error(c->pl));
	}
	for (n = 0; n < VISP_NODE_COUNT; n++) {
		for (i = 0; (b = visp_pipeline_buffer(c->pl, n, i)); i++) {
			if (n == VISP_NODE_INPUT) {
				fill_input(c, b);
			} else if (n == VISP_NODE_PARAMS) {
				if (fill_params(c, b))
					return 1;
			} else {
				b->bytesused = 0;
			}
			/* One parameters buffer ahead: the others follow. */
			if (n == VISP_NODE_PARAMS && i)
				continue;
			if (o->requests ?
			    visp_pipeline_queue_request(c->pl, b, c->req[i]) :
			    visp_pipeline_queue(c->pl, b))
				return fail("%s", visp_pipeline_error(c->pl));
			if (n == VISP_NODE_PARAMS)
				c->params_queued[i] = true;
		}
	}
	for (i = 0; o->requests && c->req[i] >= 0; i++)
		if (visp_pipeline_request_queue(c->pl, c->req[i]))
			return fail("%s", visp_pipeline_error(c->pl));
	if (visp_pipeline_start(c->pl))
		return fail("%s", visp_pipeline_error(c->pl));
	return 0;
}

/*
 * Queue the parameters of the next frame in a buffer the ISP is done
 * with; none free, the ISP has not taken the last ones yet: skip.
 */
static int queue_params(struct capture *c)
{
	struct visp_buffer *p;
	unsigned int i;

	while (!visp_pipeline_dequeue(c->pl, VISP_NODE_PARAMS, 0, &p))
		c->params_queued[p->index] = false;
	for (i = 0; (p = visp_pipeline_buffer(c->pl, VISP_NODE_PARAMS, i));
	     i++) {
		if (c->params_queued[i])
			continue;
		if (fill_params(c, p))
			return 1;
		if (visp_pipeline_queue(c->pl, p))
			return fail("%s", visp_pipeline_error(c->pl));
		c->params_queued[i] = true;
		break;
	}
	return 0;
}

/*
 * Give a buffer of the frame back: queue it, or with --requests keep it
 * for the frame's request (queue_frame()).
 */
static int requeue(struct capture *c, struct visp_buffer *b)
{
	if (c->o->requests) {
		c->pending[b->node] = b;
		return 0;
	}
	if (visp_pipeline_queue(c->pl, b))
		return fail("%s", visp_pipeline_error(c->pl));
	return 0;
}

/*
 * --requests: the buffers of a frame came from one request, the one of
 * its input buffer: once it has completed, fill it with them again and
 * queue it.
 */
static int queue_frame(struct capture *c)
{
	struct visp_buffer *in = c->pending[VISP_NODE_INPUT];
	unsigned int n;
	int req;

	if (!c->o->requests)
		return 0;
	req = c->req[in->index];
	if (visp_pipeline_request_wait(c->pl, req, TIMEOUT_MS) ||
	    visp_pipeline_request_reinit(c->pl, req))
		return fail("%s", visp_pipeline_error(c->pl));
	for (n = 0; n < VISP_NODE_COUNT; n++) {
		if (c->pending[n] &&
		    visp_pipeline_queue_request(c->pl, c->pending[n], req))
			return fail("%s", visp_pipeline_error(c->pl));
		c->pending[n] = NULL;
	}
	if (visp_pipeline_request_queue(c->pl, req))
		return fail("%s", visp_pipeline_error(c->pl));
	return 0;
}

/* Run the 3A on a frame's statistics and apply the result. */
static int aaa_frame(struct capture *c, uint32_t seq,
		     const struct visp_stats_view *v)
{
	uint32_t now;
	int ret;

	if (!c->locked) {
		ret = visp_3a_process(c->aaa, v, seq, &c->res);
		if (ret)
			return fail("The 3A failed on frame %u.", seq);
		/*
		 * The sensor controls are for frame seq + 1 (the sensor's
		 * delays count from there): written earlier they would take
		 * effect a frame early. Written later they are late, which
		 * the frame's JSON line says.
		 */
		if (visp_pipeline_wait_frame(c->pl, seq + 1, TIMEOUT_MS, &now))
			return fail("%s", visp_pipeline_error(c->pl));
		c->late = now != seq + 1;
		if (set_sensor(c, c->res.exposure, c->res.again, c->res.dgain) ||
		    set_focus(c, c->res.focus))
			return 1;
		if (c->late && visp_3a_written(c->aaa, now))
			return fail("The 3A refused the frame %u of a late write.",
				    now);
		if (c->o->aaa == AAA_LOCKED && c->res.ae_converged)
			c->locked = true;
		/*
		 * The contrast search starts once the exposure has settled
		 * (or has had AF_AE_FRAMES to): a search through frames whose
		 * brightness still changes much can mistake the change for
		 * focus.
		 */
		if (c->lens && !c->af_started && c->o->af != VISP_AF_MODE_OFF &&
		    (c->res.ae_converged || seq + 1 >= AF_AE_FRAMES)) {
			if (visp_3a_set_af_mode(c->aaa, c->o->af, 0))
				return fail("The 3A refused the auto focus mode.");
			c->af_started = true;
		}
	}
	return queue_params(c);
}

static int capture_loop(struct capture *c)
{
	struct options *o = c->o;
	unsigned int n;

	for (n = 0; n < o->frames; n++) {
		struct visp_buffer *b, *in;
		struct visp_stats_view v;
		bool have_stats = false;
		uint32_t seq = n;
		unsigned int node;

		if (visp_pipeline_format(c->pl, VISP_NODE_STATS)) {
			if (visp_pipeline_dequeue(c->pl, VISP_NODE_STATS,
						  TIMEOUT_MS, &b))
				return fail("%s", visp_pipeline_error(c->pl));
			seq = b->sequence;
			if (!b->error && !visp_stats_parse(b->data, b->bytesused,
							    &v))
				have_stats = true;
			if (have_stats && c->aaa && aaa_frame(c, seq, &v))
				return 1;
			json_frame(c, seq, &v, have_stats);
			if (requeue(c, b))
				return 1;
		}
		for (node = VISP_NODE_MAIN; node <= VISP_NODE_SELF; node++) {
			const struct visp_frame_format *f =
				visp_pipeline_format(c->pl, node);

			if (!f)
				continue;
			if (visp_pipeline_dequeue(c->pl, node, TIMEOUT_MS, &b))
				return fail("%s", visp_pipeline_error(c->pl));
			if (b->error)
				return fail("Frame %u failed on the %s path.",
					    b->sequence,
					    node == VISP_NODE_MAIN ? "main" :
					    "self");
			if (node == VISP_NODE_MAIN && strip_frame(c, n) &&
			    c->strip_n < STRIP_FRAMES) {
				uint8_t *rgb = malloc((size_t)f->width *
						      f->height * 3);

				if (rgb && !frame_rgb(f, b->data, rgb))
					c->strip[c->strip_n++] = rgb;
				else
					free(rgb);
			}
			if (n == o->frames - 1 &&
			    write_image(c, node, b, node == VISP_NODE_MAIN ?
					"main" : "self"))
				return 1;
			if (requeue(c, b))
				return 1;
		}
		if (visp_pipeline_format(c->pl, VISP_NODE_INPUT)) {
			if (visp_pipeline_dequeue(c->pl, VISP_NODE_INPUT,
						  TIMEOUT_MS, &in))
				return fail("%s", visp_pipeline_error(c->pl));
			in->bytesused = visp_pipeline_format(c->pl,
						VISP_NODE_INPUT)->size;
			if (requeue(c, in) || queue_frame(c))
				return 1;
		}
		if (c->aaa) {
			c->exposure[n] = c->res.exposure;
			c->again[n] = c->res.again / 256.0;
			c->dgain[n] = c->res.dgain / 256.0;
			c->wb_r[n] = c->res.wb_gain[VISP_CFA_R] / 1024.0;
			c->wb_b[n] = c->res.wb_gain[VISP_CFA_B] / 1024.0;
			c->ae_mean[n] = c->res.ae_mean < 0 ? NAN : c->res.ae_mean;
			c->focus[n] = c->res.focus;
		}
		c->frames = n + 1;
		if (!o->quiet && o->frames > 20 && isatty(STDERR_FILENO))
			fprintf(stderr, "\rframe %u/%u", n + 1, o->frames);
		else if (!o->quiet && o->frames > 20 && (n + 1) % 10 == 0)
			fprintf(stderr, "frame %u/%u\n", n + 1, o->frames);
	}
	if (!o->quiet && o->frames > 20 && isatty(STDERR_FILENO))
		fputc('\n', stderr);
	return 0;
}

static int cmd_capture(struct options *o)
{
	struct capture c = { .o = o };
	unsigned int k;
	int ret = 1;

	for (k = 0; k < VISP_PIPELINE_BUFFERS_MAX; k++)
		c.req[k] = -1;

	if (mkdir(o->outdir, 0755) && errno != EEXIST)
		return fail("Cannot create %s: %s.", o->outdir,
			    strerror(errno));
	c.exposure = calloc(o->frames, sizeof(double));
	c.again = calloc(o->frames, sizeof(double));
	c.dgain = calloc(o->frames, sizeof(double));
	c.wb_r = calloc(o->frames, sizeof(double));
	c.wb_b = calloc(o->frames, sizeof(double));
	c.ae_mean = calloc(o->frames, sizeof(double));
	c.focus = calloc(o->frames, sizeof(double));
	if (!c.exposure || !c.again || !c.dgain || !c.wb_r || !c.wb_b ||
	    !c.ae_mean || !c.focus) {
		fail("Out of memory.");
		goto out;
	}
	c.json = fopen(out_path(&c, "frames.jsonl"), "w");
	if (!c.json) {
		fail("Cannot write %s: %s.", c.path, strerror(errno));
		goto out;
	}
	if (open_pipeline(&c.pl))
		goto out;
	if (setup(&c) || start(&c) || capture_loop(&c))
		goto out;
	visp_pipeline_stop(c.pl);
	if (write_strip(&c) || write_plot(&c))
		goto out;
	if (!o->quiet)
		printf("visp-cam: %u frames, files in %s\n", c.frames,
		       o->outdir);
	ret = 0;
out:
	visp_pipeline_close(c.pl);
	visp_3a_free(c.aaa);
	visp_tuning_free(c.tuning);
	if (c.raw.data)
		visp_io_raw_free(&c.raw);
	if (c.json)
		fclose(c.json);
	for (k = 0; k < c.strip_n; k++)
		free(c.strip[k]);
	for (k = 0; k < VISP_PIPELINE_BUFFERS_MAX; k++)
		if (c.req[k] >= 0)
			close(c.req[k]);
	free(c.exposure);
	free(c.again);
	free(c.dgain);
	free(c.wb_r);
	free(c.wb_b);
	free(c.ae_mean);
	free(c.focus);
	return ret;
}

enum {
	OPT_RAW = 256, OPT_CROP, OPT_MAIN, OPT_SELF, OPT_DMABUF, OPT_3A,
	OPT_EXPOSURE, OPT_AGAIN, OPT_DGAIN, OPT_WB, OPT_BLACK, OPT_RAW_OUT,
	OPT_REQUESTS,
	OPT_VBLANK, OPT_AF, OPT_FOCUS,
};

static const struct option long_opts[] = {
	{ "camera", required_argument, NULL, 'c' },
	{ "input", required_argument, NULL, 'i' },
	{ "raw", required_argument, NULL, OPT_RAW },
	{ "size", required_argument, NULL, 's' },
	{ "bits", required_argument, NULL, 'b' },
	{ "crop", required_argument, NULL, OPT_CROP },
	{ "main", required_argument, NULL, OPT_MAIN },
	{ "self", required_argument, NULL, OPT_SELF },
	{ "frames", required_argument, NULL, 'n' },
	{ "dmabuf", no_argument, NULL, OPT_DMABUF },
	{ "3a", required_argument, NULL, OPT_3A },
	{ "exposure", required_argument, NULL, OPT_EXPOSURE },
	{ "again", required_argument, NULL, OPT_AGAIN },
	{ "dgain", required_argument, NULL, OPT_DGAIN },
	{ "wb", required_argument, NULL, OPT_WB },
	{ "black", required_argument, NULL, OPT_BLACK },
	{ "vblank", required_argument, NULL, OPT_VBLANK },
	{ "af", required_argument, NULL, OPT_AF },
	{ "focus", required_argument, NULL, OPT_FOCUS },
	{ "tuning", required_argument, NULL, 't' },
	{ "output", required_argument, NULL, 'o' },
	{ "raw-out", no_argument, NULL, OPT_RAW_OUT },
	{ "requests", no_argument, NULL, OPT_REQUESTS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_options(int argc, char **argv, struct options *o)
{
	bool manual = false;
	int opt;

	*o = (struct options){
		.width = 960, .height = 540, .bits = 10, .frames = 10,
		.memory = V4L2_MEMORY_MMAP, .aaa = AAA_ON, .exposure = -1,
		.again = -1, .dgain = -1, .wb = { 1, 1, 1 }, .outdir = ".",
		.af = VISP_AF_MODE_SINGLE, .focus = -1,
		.main = { .enable = true, .fourcc = V4L2_PIX_FMT_RGB24 },
	};
	while ((opt = getopt_long(argc, argv, "c:i:s:b:n:t:o:qh", long_opts,
				  NULL)) != -1) {
		switch (opt) {
		case 'c':
			o->camera = atoi(optarg);
			break;
		case 'i':
			o->input = optarg;
			break;
		case OPT_RAW:
			if (parse_raw(optarg, &o->hint))
				return fail("--raw %s: not WxH:BAYER:BITS.",
					    optarg);
			break;
		case 's':
			if (sscanf(optarg, "%ux%u", &o->width, &o->height) != 2)
				return fail("--size %s: not WxH.", optarg);
			break;
		case 'b':
			o->bits = atoi(optarg);
			break;
		case OPT_CROP:
			if (sscanf(optarg, "%u,%u,%ux%u", &o->crop.left,
				   &o->crop.top, &o->crop.width,
				   &o->crop.height) != 4)
				return fail("--crop %s: not X,Y,WxH.", optarg);
			break;
		case OPT_MAIN:
			if (parse_output(optarg, &o->main))
				return fail("--main %s: not FOURCC:WxH or off.",
					    optarg);
			break;
		case OPT_SELF:
			if (parse_output(optarg, &o->self))
				return fail("--self %s: not FOURCC:WxH or off.",
					    optarg);
			break;
		case 'n':
			o->frames = atoi(optarg);
			if (!o->frames)
				return fail("--frames %s: not a number of frames.",
					    optarg);
			break;
		case OPT_DMABUF:
			o->memory = V4L2_MEMORY_DMABUF;
			break;
		case OPT_3A:
			if (!strcmp(optarg, "on"))
				o->aaa = AAA_ON;
			else if (!strcmp(optarg, "off"))
				o->aaa = AAA_OFF;
			else if (!strcmp(optarg, "locked"))
				o->aaa = AAA_LOCKED;
			else
				return fail("--3a %s: not on, off or locked.",
					    optarg);
			break;
		case OPT_EXPOSURE:
			o->exposure = atoi(optarg);
			manual = true;
			break;
		case OPT_AGAIN:
			o->again = atoi(optarg);
			manual = true;
			break;
		case OPT_DGAIN:
			o->dgain = atoi(optarg);
			manual = true;
			break;
		case OPT_WB:
			if (sscanf(optarg, "%lf,%lf,%lf", &o->wb[0], &o->wb[1],
				   &o->wb[2]) != 3)
				return fail("--wb %s: not R,G,B.", optarg);
			manual = true;
			break;
		case OPT_BLACK:
			o->black = atoi(optarg);
			break;
		case OPT_VBLANK:
			o->vblank = atoi(optarg);
			if (o->vblank <= 0)
				return fail("--vblank %s: not a number of lines.",
					    optarg);
			break;
		case OPT_AF:
			if (!strcmp(optarg, "off"))
				o->af = VISP_AF_MODE_OFF;
			else if (!strcmp(optarg, "single"))
				o->af = VISP_AF_MODE_SINGLE;
			else if (!strcmp(optarg, "continuous"))
				o->af = VISP_AF_MODE_CONTINUOUS;
			else
				return fail("--af %s: not off, single or continuous.",
					    optarg);
			break;
		case OPT_FOCUS:
			o->focus = atoi(optarg);
			if (o->focus < 0)
				return fail("--focus %s: not a lens position.",
					    optarg);
			o->af = VISP_AF_MODE_OFF;
			break;
		case 't':
			o->tuning = optarg;
			break;
		case 'o':
			o->outdir = optarg;
			break;
		case OPT_RAW_OUT:
			o->raw_out = true;
			break;
		case OPT_REQUESTS:
			o->requests = true;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return 2;
		}
	}
	if (manual)
		o->aaa = AAA_OFF;
	if (optind != argc)
		return fail("Unexpected argument %s.", argv[optind]);
	if (o->focus >= 0 && o->input)
		return fail("--focus needs a camera: frames from memory have no lens.");
	if (o->requests && !o->input)
		return fail("--requests needs --input: requests take frames from memory.");
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	int ret;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "list"))
		return argc == 2 ? cmd_list() : (usage(stderr), 2);
	if (!strcmp(argv[1], "capture")) {
		ret = parse_options(argc - 1, argv + 1, &o);
		return ret ? ret : cmd_capture(&o);
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return 2;
}
