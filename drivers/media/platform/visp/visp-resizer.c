// SPDX-License-Identifier: GPL-2.0
/*
 * VISP ISP driver - resizer subdevs
 *
 * Each output path has a resizer subdev (visp-resizer-main,
 * visp-resizer-self) with a crop rectangle and a compose rectangle (the
 * output size) on its sink pad. Its source pad carries YUV or RGB, or on
 * the main path the raw Bayer samples: the sink pad of visp-resizer-main
 * has two links, from the ISP's video source pad and from its raw source
 * pad, of which one at most is enabled, and takes the codes of that link.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/minmax.h>

#include "visp.h"

static inline struct visp_resizer *to_visp_resizer(struct v4l2_subdev *sd)
{
	return container_of(sd, struct visp_resizer, sd);
}

static u32 visp_rsz_max_w(struct visp_resizer *rsz)
{
	return rsz->path == VISP_PATH_MAIN ? VISP_MAX_WIDTH :
	       VISP_SELF_MAX_WIDTH;
}

static u32 visp_rsz_max_h(struct visp_resizer *rsz)
{
	return rsz->path == VISP_PATH_MAIN ? VISP_MAX_HEIGHT :
	       VISP_SELF_MAX_HEIGHT;
}

/*
 * The sink pad takes the Bayer codes when its link from the ISP's raw
 * source pad is enabled, the processed code otherwise.
 */
static bool visp_rsz_sink_code_ok(struct visp_resizer *rsz, u32 code)
{
	if (READ_ONCE(rsz->raw_link))
		return visp_mbus_code_is_bayer(code);
	return code == VISP_MBUS_PROCESSED;
}

/* The code the sink pad takes by default, with the link enabled now. */
static u32 visp_rsz_sink_default_code(struct visp_resizer *rsz)
{
	return READ_ONCE(rsz->raw_link) ? visp_in_fmts[0].mbus_code :
	       VISP_MBUS_PROCESSED;
}

/*
 * Adjust a compose (output) rectangle to the crop rectangle: the scaler
 * scales by 1/8 to 4 on each axis, raw output is not scaled.
 */
static void visp_rsz_adjust_compose(struct visp_resizer *rsz, bool raw,
				    const struct v4l2_rect *crop,
				    struct v4l2_rect *r)
{
	u32 min_w, max_w, min_h, max_h;

	r->left = 0;
	r->top = 0;
	if (raw) {
		r->width = crop->width;
		r->height = crop->height;
		return;
	}

	min_w = ALIGN(max_t(u32, VISP_MIN_WIDTH, DIV_ROUND_UP(crop->width, 8)),
		      2);
	max_w = ALIGN_DOWN(min(crop->width * 4, visp_rsz_max_w(rsz)), 2);
	min_h = ALIGN(max_t(u32, VISP_MIN_HEIGHT,
			    DIV_ROUND_UP(crop->height, 8)), 2);
	max_h = ALIGN_DOWN(min(crop->height * 4, visp_rsz_max_h(rsz)), 2);

	r->width = clamp_t(u32, ALIGN_DOWN(r->width, 2), min_w, max_w);
	r->height = clamp_t(u32, ALIGN_DOWN(r->height, 2), min_h, max_h);
}

/* Propagate the sink crop to the compose rectangle and the source. */
static void visp_rsz_propagate(struct visp_resizer *rsz,
			       struct v4l2_subdev_state *state,
			       bool reset_compose)
{
	struct v4l2_mbus_framefmt *sink, *src;
	struct v4l2_rect *crop, *compose;
	bool raw;

	sink = v4l2_subdev_state_get_format(state, VISP_RSZ_PAD_SINK);
	src = v4l2_subdev_state_get_format(state, VISP_RSZ_PAD_SOURCE);
	crop = v4l2_subdev_state_get_crop(state, VISP_RSZ_PAD_SINK);
	compose = v4l2_subdev_state_get_compose(state, VISP_RSZ_PAD_SINK);
	raw = sink->code != VISP_MBUS_PROCESSED;

	if (reset_compose)
		*compose = *crop;
	visp_rsz_adjust_compose(rsz, raw, crop, compose);

	if (raw)
		src->code = sink->code;
	else if (src->code != MEDIA_BUS_FMT_YUV8_1X24 &&
		 src->code != MEDIA_BUS_FMT_RGB888_1X24)
		src->code = MEDIA_BUS_FMT_YUV8_1X24;
	src->width = compose->width;
	src->height = compose->height;
	visp_set_colorimetry(src);
}

static int visp_rsz_init_state(struct v4l2_subdev *sd,
			       struct v4l2_subdev_state *state)
{
	struct visp_resizer *rsz = to_visp_resizer(sd);
	struct v4l2_mbus_framefmt *fmt;

	/* A file handle's try state starts from the codes of the link. */
	fmt = v4l2_subdev_state_get_format(state, VISP_RSZ_PAD_SINK);
	memset(fmt, 0, sizeof(*fmt));
	fmt->code = visp_rsz_sink_default_code(rsz);
	fmt->width = 1920;
	fmt->height = 1080;
	visp_set_colorimetry(fmt);

	*v4l2_subdev_state_get_crop(state, VISP_RSZ_PAD_SINK) =
		(struct v4l2_rect){ 0, 0, fmt->width, fmt->height };

	fmt = v4l2_subdev_state_get_format(state, VISP_RSZ_PAD_SOURCE);
	memset(fmt, 0, sizeof(*fmt));
	fmt->code = MEDIA_BUS_FMT_YUV8_1X24;
	visp_rsz_propagate(rsz, state, true);
	return 0;
}

static int visp_rsz_enum_mbus_code(struct v4l2_subdev *sd,
				   struct v4l2_subdev_state *state,
				   struct v4l2_subdev_mbus_code_enum *code)
{
	struct visp_resizer *rsz = to_visp_resizer(sd);
	struct v4l2_mbus_framefmt *sink;

	if (code->pad == VISP_RSZ_PAD_SINK) {
		if (!READ_ONCE(rsz->raw_link)) {
			if (code->index)
				return -EINVAL;
			code->code = VISP_MBUS_PROCESSED;
			return 0;
		}
		if (code->index >= VISP_NUM_BAYER_CODES)
			return -EINVAL;
		code->code = visp_in_fmts[code->index].mbus_code;
		return 0;
	}

	sink = v4l2_subdev_state_get_format(state, VISP_RSZ_PAD_SINK);
	if (sink->code != VISP_MBUS_PROCESSED) {
		if (code->index)
			return -EINVAL;
		code->code = sink->code;
		return 0;
	}
	if (code->index > 1)
		return -EINVAL;
	code->code = code->index ? MEDIA_BUS_FMT_RGB888_1X24 :
		     MEDIA_BUS_FMT_YUV8_1X24;
	return 0;
}

static int visp_rsz_enum_frame_size(struct v4l2_subdev *sd,
				    struct v4l2_subdev_state *state,
				    struct v4l2_subdev_frame_size_enum *fse)
{
	struct visp_resizer *rsz = to_visp_resizer(sd);
	struct v4l2_mbus_framefmt *src;

	if (fse->index)
		return -EINVAL;

	if (fse->pad == VISP_RSZ_PAD_SINK) {
		if (!visp_rsz_sink_code_ok(rsz, fse->code))
			return -EINVAL;
		fse->min_width = VISP_MIN_WIDTH;
		fse->max_width = VISP_MAX_WIDTH;
		fse->min_height = VISP_MIN_HEIGHT;
		fse->max_height = VISP_MAX_HEIGHT;
		return 0;
	}

	src = v4l2_subdev_state_get_format(state, VISP_RSZ_PAD_SOURCE);
	if (fse->code != src->code &&
	    !(src->code == MEDIA_BUS_FMT_YUV8_1X24 &&
	      fse->code == MEDIA_BUS_FMT_RGB888_1X24) &&
	    !(src->code == MEDIA_BUS_FMT_RGB888_1X24 &&
	      fse->code == MEDIA_BUS_FMT_YUV8_1X24))
		return -EINVAL;
	fse->min_width = src->width;
	fse->max_width = src->width;
	fse->min_height = src->height;
	fse->max_height = src->height;
	return 0;
}

static int visp_rsz_set_fmt(struct v4l2_subdev *sd,
			    struct v4l2_subdev_state *state,
			    struct v4l2_subdev_format *format)
{
	struct visp_resizer *rsz = to_visp_resizer(sd);
	struct v4l2_mbus_framefmt *fmt, *sink;

	if (format->which == V4L2_SUBDEV_FORMAT_ACTIVE &&
	    media_entity_is_streaming(&sd->entity))
		return -EBUSY;

	fmt = v4l2_subdev_state_get_format(state, format->pad);

	if (format->pad == VISP_RSZ_PAD_SINK) {
		if (visp_rsz_sink_code_ok(rsz, format->format.code))
			fmt->code = format->format.code;
		else if (!visp_rsz_sink_code_ok(rsz, fmt->code))
			fmt->code = visp_rsz_sink_default_code(rsz);
		fmt->width = clamp_t(u32, ALIGN_DOWN(format->format.width, 2),
				     VISP_MIN_WIDTH, VISP_MAX_WIDTH);
		fmt->height = clamp_t(u32,
				      ALIGN_DOWN(format->format.height, 2),
				      VISP_MIN_HEIGHT, VISP_MAX_HEIGHT);
		visp_set_colorimetry(fmt);
		*v4l2_subdev_state_get_crop(state, VISP_RSZ_PAD_SINK) =
			(struct v4l2_rect){ 0, 0, fmt->width, fmt->height };
		visp_rsz_propagate(rsz, state, true);
	} else {
		sink = v4l2_subdev_state_get_format(state, VISP_RSZ_PAD_SINK);
		if (sink->code == VISP_MBUS_PROCESSED &&
		    (format->format.code == MEDIA_BUS_FMT_YUV8_1X24 ||
		     format->format.code == MEDIA_BUS_FMT_RGB888_1X24))
			fmt->code = format->format.code;
		visp_rsz_propagate(rsz, state, false);
	}

	format->format = *fmt;
	return 0;
}

static int visp_rsz_get_selection(struct v4l2_subdev *sd,
				  struct v4l2_subdev_state *state,
				  struct v4l2_subdev_selection *sel)
{
	struct visp_resizer *rsz = to_visp_resizer(sd);
	struct v4l2_mbus_framefmt *fmt;
	struct v4l2_rect *crop;

	if (sel->pad != VISP_RSZ_PAD_SINK)
		return -EINVAL;

	fmt = v4l2_subdev_state_get_format(state, VISP_RSZ_PAD_SINK);
	crop = v4l2_subdev_state_get_crop(state, VISP_RSZ_PAD_SINK);

	switch (sel->target) {
	case V4L2_SEL_TGT_CROP:
		sel->r = *crop;
		return 0;
	case V4L2_SEL_TGT_CROP_BOUNDS:
		sel->r = (struct v4l2_rect){ 0, 0, fmt->width, fmt->height };
		return 0;
	case V4L2_SEL_TGT_COMPOSE:
		sel->r = *v4l2_subdev_state_get_compose(state,
							VISP_RSZ_PAD_SINK);
		return 0;
	case V4L2_SEL_TGT_COMPOSE_BOUNDS:
		sel->r = (struct v4l2_rect){ 0, 0, U32_MAX, U32_MAX };
		visp_rsz_adjust_compose(rsz, fmt->code != VISP_MBUS_PROCESSED,
					crop, &sel->r);
		return 0;
	default:
		return -EINVAL;
	}
}

static int visp_rsz_set_selection(struct v4l2_subdev *sd,
				  struct v4l2_subdev_state *state,
				  struct v4l2_subdev_selection *sel)
{
	struct visp_resizer *rsz = to_visp_resizer(sd);
	struct v4l2_mbus_framefmt *fmt;
	struct v4l2_rect *crop, *compose;

	if (sel->pad != VISP_RSZ_PAD_SINK)
		return -EINVAL;

	if (sel->which == V4L2_SUBDEV_FORMAT_ACTIVE &&
	    media_entity_is_streaming(&sd->entity))
		return -EBUSY;

	fmt = v4l2_subdev_state_get_format(state, VISP_RSZ_PAD_SINK);
	crop = v4l2_subdev_state_get_crop(state, VISP_RSZ_PAD_SINK);
	compose = v4l2_subdev_state_get_compose(state, VISP_RSZ_PAD_SINK);

	switch (sel->target) {
	case V4L2_SEL_TGT_CROP:
		visp_rect_adjust(&sel->r, fmt->width, fmt->height);
		*crop = sel->r;
		visp_rsz_propagate(rsz, state, true);
		return 0;
	case V4L2_SEL_TGT_COMPOSE:
		visp_rsz_adjust_compose(rsz, fmt->code != VISP_MBUS_PROCESSED,
					crop, &sel->r);
		*compose = sel->r;
		visp_rsz_propagate(rsz, state, false);
		return 0;
	default:
		return -EINVAL;
	}
}

static int visp_rsz_link_validate(struct v4l2_subdev *sd,
				  struct media_link *link,
				  struct v4l2_subdev_format *source_fmt,
				  struct v4l2_subdev_format *sink_fmt)
{
	const struct v4l2_mbus_framefmt *src = &source_fmt->format;
	const struct v4l2_mbus_framefmt *sink = &sink_fmt->format;

	if (src->code != sink->code) {
		dev_dbg(sd->dev,
			"link '%s':%u -> '%s':%u: media bus code 0x%04x != 0x%04x\n",
			link->source->entity->name, link->source->index,
			link->sink->entity->name, link->sink->index,
			src->code, sink->code);
		return -EPIPE;
	}
	if (src->width != sink->width || src->height != sink->height) {
		dev_dbg(sd->dev,
			"link '%s':%u -> '%s':%u: size %ux%u != %ux%u\n",
			link->source->entity->name, link->source->index,
			link->sink->entity->name, link->sink->index,
			src->width, src->height, sink->width, sink->height);
		return -EPIPE;
	}
	return 0;
}

static const struct v4l2_subdev_pad_ops visp_rsz_pad_ops = {
	.enum_mbus_code = visp_rsz_enum_mbus_code,
	.enum_frame_size = visp_rsz_enum_frame_size,
	.get_fmt = v4l2_subdev_get_fmt,
	.set_fmt = visp_rsz_set_fmt,
	.get_selection = visp_rsz_get_selection,
	.set_selection = visp_rsz_set_selection,
	.link_validate = visp_rsz_link_validate,
};

static const struct v4l2_subdev_ops visp_rsz_ops = {
	.pad = &visp_rsz_pad_ops,
};

static const struct v4l2_subdev_internal_ops visp_rsz_internal_ops = {
	.init_state = visp_rsz_init_state,
};

/*
 * One link at most into the sink pad is enabled. While the link from the
 * ISP's raw source pad (visp-resizer-main only) is enabled, the sink takes
 * Bayer codes, else the processed code: a code of the other kind on the
 * pad is replaced, which resets the crop and compose rectangles. Called
 * with the graph mutex held, before the link changes.
 */
static int visp_rsz_link_setup(struct media_entity *entity,
			       const struct media_pad *local,
			       const struct media_pad *remote, u32 flags)
{
	struct v4l2_subdev *sd = media_entity_to_v4l2_subdev(entity);
	struct visp_resizer *rsz = to_visp_resizer(sd);
	struct v4l2_subdev_state *state;
	struct v4l2_mbus_framefmt *fmt;
	struct media_link *link;
	bool enable, raw;

	lockdep_assert_held(&entity->graph_obj.mdev->graph_mutex);

	if (local->index != VISP_RSZ_PAD_SINK)
		return 0;

	enable = flags & MEDIA_LNK_FL_ENABLED;
	for_each_media_entity_data_link(entity, link) {
		if (enable && link->sink == local && link->source != remote &&
		    (link->flags & MEDIA_LNK_FL_ENABLED)) {
			dev_dbg(sd->dev,
				"%s: the link from '%s':%u is enabled, disable it first\n",
				sd->name, link->source->entity->name,
				link->source->index);
			return -EBUSY;
		}
	}

	raw = enable && remote->index == VISP_ISP_PAD_SOURCE_RAW;
	WRITE_ONCE(rsz->raw_link, raw);

	state = v4l2_subdev_lock_and_get_active_state(sd);
	fmt = v4l2_subdev_state_get_format(state, VISP_RSZ_PAD_SINK);
	if (!visp_rsz_sink_code_ok(rsz, fmt->code)) {
		fmt->code = visp_rsz_sink_default_code(rsz);
		visp_set_colorimetry(fmt);
		*v4l2_subdev_state_get_crop(state, VISP_RSZ_PAD_SINK) =
			(struct v4l2_rect){ 0, 0, fmt->width, fmt->height };
		visp_rsz_propagate(rsz, state, true);
	}
	v4l2_subdev_unlock_state(state);

	return 0;
}

static const struct media_entity_operations visp_subdev_media_ops = {
	.link_setup = visp_rsz_link_setup,
	.link_validate = v4l2_subdev_link_validate,
};

int visp_rsz_register(struct visp_device *visp, unsigned int path)
{
	struct visp_resizer *rsz = &visp->rsz[path];
	struct v4l2_subdev *sd = &rsz->sd;
	int ret;

	rsz->visp = visp;
	rsz->path = path;
	v4l2_subdev_init(sd, &visp_rsz_ops);
	sd->internal_ops = &visp_rsz_internal_ops;
	sd->flags |= V4L2_SUBDEV_FL_HAS_DEVNODE;
	sd->entity.function = MEDIA_ENT_F_PROC_VIDEO_SCALER;
	sd->entity.ops = &visp_subdev_media_ops;
	sd->owner = THIS_MODULE;
	sd->dev = visp->dev;
	strscpy(sd->name, path == VISP_PATH_MAIN ? "visp-resizer-main" :
		"visp-resizer-self", sizeof(sd->name));
	v4l2_set_subdevdata(sd, visp);

	rsz->pads[VISP_RSZ_PAD_SINK].flags = MEDIA_PAD_FL_SINK |
					     MEDIA_PAD_FL_MUST_CONNECT;
	rsz->pads[VISP_RSZ_PAD_SOURCE].flags = MEDIA_PAD_FL_SOURCE;
	ret = media_entity_pads_init(&sd->entity, VISP_RSZ_PAD_NUM, rsz->pads);
	if (ret)
		return ret;

	ret = v4l2_subdev_init_finalize(sd);
	if (ret) {
		media_entity_cleanup(&sd->entity);
		return ret;
	}

	return visp_subdev_register(visp, sd);
}

void visp_rsz_unregister(struct visp_device *visp, unsigned int path)
{
	visp_subdev_unregister(&visp->rsz[path].sd);
}
