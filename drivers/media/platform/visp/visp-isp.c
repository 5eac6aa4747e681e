// SPDX-License-Identifier: GPL-2.0
/*
 * VISP ISP driver - ISP subdev
 *
 * The ISP subdev (visp-isp) receives raw Bayer frames on its video sink
 * pad and parameters on its parameters sink pad, and produces processed
 * 12-bit RGB on its video source pad, the raw samples for the main path's
 * raw bypass on its raw source pad, and statistics on its statistics
 * source pad. The bypass runs beside the processing: the main path may
 * take the raw samples while the self path takes processed frames. A crop
 * rectangle on the video sink pad applies to both video source pads and
 * so to both output paths, whose resizers are in visp-resizer.c.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/minmax.h>
#include <media/v4l2-event.h>
#include <media/v4l2-rect.h>

#include "visp.h"

/* -----------------------------------------------------------------------
 * ISP subdev
 */

/*
 * Size reported on the metadata pads: the buffer size in bytes x 1. The
 * media bus format documentation asks for 0 x 0, which v4l2-compliance
 * rejects; a fixed non-zero size is equally meaningless to the hardware.
 */
static u32 visp_meta_pad_width(unsigned int pad)
{
	return pad == VISP_ISP_PAD_SINK_PARAMS ?
	       sizeof(struct visp_params_buffer) + VISP_PARAMS_MAX_SIZE :
	       sizeof(struct visp_stats_buffer);
}

static void visp_meta_format(struct v4l2_mbus_framefmt *fmt,
			     unsigned int pad)
{
	memset(fmt, 0, sizeof(*fmt));
	fmt->code = MEDIA_BUS_FMT_METADATA_FIXED;
	fmt->width = visp_meta_pad_width(pad);
	fmt->height = 1;
	visp_set_colorimetry(fmt);
}

static bool visp_pad_is_meta(unsigned int pad)
{
	return pad == VISP_ISP_PAD_SINK_PARAMS ||
	       pad == VISP_ISP_PAD_SOURCE_STATS;
}

static bool visp_pad_is_video_source(unsigned int pad)
{
	return pad == VISP_ISP_PAD_SOURCE_VIDEO ||
	       pad == VISP_ISP_PAD_SOURCE_RAW;
}

/*
 * Both video source pads carry the sink crop rectangle: processed 12-bit
 * RGB on the video source pad, the input's Bayer code on the raw one.
 */
static void visp_isp_propagate(struct v4l2_subdev_state *state)
{
	static const unsigned int pads[] = {
		VISP_ISP_PAD_SOURCE_VIDEO, VISP_ISP_PAD_SOURCE_RAW,
	};
	struct v4l2_mbus_framefmt *sink, *src;
	struct v4l2_rect *crop;
	unsigned int i;

	sink = v4l2_subdev_state_get_format(state, VISP_ISP_PAD_SINK_VIDEO);
	crop = v4l2_subdev_state_get_crop(state, VISP_ISP_PAD_SINK_VIDEO);

	for (i = 0; i < ARRAY_SIZE(pads); i++) {
		src = v4l2_subdev_state_get_format(state, pads[i]);
		memset(src, 0, sizeof(*src));
		src->code = pads[i] == VISP_ISP_PAD_SOURCE_RAW ? sink->code :
			    VISP_MBUS_PROCESSED;
		src->width = crop->width;
		src->height = crop->height;
		visp_set_colorimetry(src);
	}
}

static int visp_isp_init_state(struct v4l2_subdev *sd,
			       struct v4l2_subdev_state *state)
{
	struct v4l2_mbus_framefmt *fmt;
	struct v4l2_rect *crop;

	fmt = v4l2_subdev_state_get_format(state, VISP_ISP_PAD_SINK_VIDEO);
	memset(fmt, 0, sizeof(*fmt));
	fmt->code = MEDIA_BUS_FMT_SRGGB10_1X10;
	fmt->width = 1920;
	fmt->height = 1080;
	visp_set_colorimetry(fmt);

	crop = v4l2_subdev_state_get_crop(state, VISP_ISP_PAD_SINK_VIDEO);
	*crop = (struct v4l2_rect){ 0, 0, fmt->width, fmt->height };

	visp_isp_propagate(state);

	visp_meta_format(v4l2_subdev_state_get_format(state,
						      VISP_ISP_PAD_SINK_PARAMS),
			 VISP_ISP_PAD_SINK_PARAMS);
	visp_meta_format(v4l2_subdev_state_get_format(state,
						      VISP_ISP_PAD_SOURCE_STATS),
			 VISP_ISP_PAD_SOURCE_STATS);
	return 0;
}

static int visp_isp_enum_mbus_code(struct v4l2_subdev *sd,
				   struct v4l2_subdev_state *state,
				   struct v4l2_subdev_mbus_code_enum *code)
{
	struct v4l2_mbus_framefmt *sink;

	if (visp_pad_is_meta(code->pad)) {
		if (code->index)
			return -EINVAL;
		code->code = MEDIA_BUS_FMT_METADATA_FIXED;
		return 0;
	}

	if (code->pad == VISP_ISP_PAD_SINK_VIDEO) {
		if (code->index >= VISP_NUM_BAYER_CODES)
			return -EINVAL;
		code->code = visp_in_fmts[code->index].mbus_code;
		return 0;
	}

	/* Source: processed RGB, or the raw input for the raw bypass. */
	if (code->index)
		return -EINVAL;
	if (code->pad == VISP_ISP_PAD_SOURCE_RAW) {
		sink = v4l2_subdev_state_get_format(state,
						    VISP_ISP_PAD_SINK_VIDEO);
		code->code = sink->code;
	} else {
		code->code = VISP_MBUS_PROCESSED;
	}
	return 0;
}

static int visp_isp_enum_frame_size(struct v4l2_subdev *sd,
				    struct v4l2_subdev_state *state,
				    struct v4l2_subdev_frame_size_enum *fse)
{
	struct v4l2_mbus_framefmt *src;
	struct v4l2_rect *crop;

	if (fse->index)
		return -EINVAL;

	if (visp_pad_is_meta(fse->pad)) {
		if (fse->code != MEDIA_BUS_FMT_METADATA_FIXED)
			return -EINVAL;
		fse->min_width = visp_meta_pad_width(fse->pad);
		fse->max_width = fse->min_width;
		fse->min_height = 1;
		fse->max_height = 1;
		return 0;
	}

	if (fse->pad == VISP_ISP_PAD_SINK_VIDEO) {
		if (!visp_mbus_code_is_bayer(fse->code))
			return -EINVAL;
		fse->min_width = VISP_MIN_WIDTH;
		fse->max_width = VISP_MAX_WIDTH;
		fse->min_height = VISP_MIN_HEIGHT;
		fse->max_height = VISP_MAX_HEIGHT;
		return 0;
	}

	src = v4l2_subdev_state_get_format(state, fse->pad);
	if (fse->code != src->code)
		return -EINVAL;

	crop = v4l2_subdev_state_get_crop(state, VISP_ISP_PAD_SINK_VIDEO);
	fse->min_width = crop->width;
	fse->max_width = crop->width;
	fse->min_height = crop->height;
	fse->max_height = crop->height;
	return 0;
}

static int visp_isp_set_fmt(struct v4l2_subdev *sd,
			    struct v4l2_subdev_state *state,
			    struct v4l2_subdev_format *format)
{
	struct v4l2_mbus_framefmt *fmt;
	struct v4l2_rect *crop;

	if (format->which == V4L2_SUBDEV_FORMAT_ACTIVE &&
	    media_entity_is_streaming(&sd->entity))
		return -EBUSY;

	fmt = v4l2_subdev_state_get_format(state, format->pad);

	switch (format->pad) {
	case VISP_ISP_PAD_SINK_VIDEO:
		fmt->code = visp_mbus_code_is_bayer(format->format.code) ?
			    format->format.code : MEDIA_BUS_FMT_SRGGB10_1X10;
		fmt->width = clamp_t(u32, ALIGN_DOWN(format->format.width, 2),
				     VISP_MIN_WIDTH, VISP_MAX_WIDTH);
		fmt->height = clamp_t(u32,
				      ALIGN_DOWN(format->format.height, 2),
				      VISP_MIN_HEIGHT, VISP_MAX_HEIGHT);
		visp_set_colorimetry(fmt);

		crop = v4l2_subdev_state_get_crop(state, format->pad);
		*crop = (struct v4l2_rect){ 0, 0, fmt->width, fmt->height };
		visp_isp_propagate(state);
		break;

	default:
		/*
		 * The source pads keep the formats the sink pad sets: a Bayer
		 * code on the video source pad becomes the processed one, the
		 * raw bypass having its own pad.
		 */
		if (visp_pad_is_video_source(format->pad) &&
		    format->format.code != fmt->code)
			dev_dbg(sd->dev,
				"pad %u: media bus code 0x%04x adjusted to 0x%04x\n",
				format->pad, format->format.code, fmt->code);
		break;
	}

	format->format = *fmt;
	return 0;
}

static int visp_isp_get_selection(struct v4l2_subdev *sd,
				  struct v4l2_subdev_state *state,
				  struct v4l2_subdev_selection *sel)
{
	struct v4l2_mbus_framefmt *fmt;

	if (sel->pad != VISP_ISP_PAD_SINK_VIDEO)
		return -EINVAL;

	switch (sel->target) {
	case V4L2_SEL_TGT_CROP:
		sel->r = *v4l2_subdev_state_get_crop(state, sel->pad);
		return 0;
	case V4L2_SEL_TGT_CROP_BOUNDS:
		fmt = v4l2_subdev_state_get_format(state, sel->pad);
		sel->r = (struct v4l2_rect){ 0, 0, fmt->width, fmt->height };
		return 0;
	default:
		return -EINVAL;
	}
}

static int visp_isp_set_selection(struct v4l2_subdev *sd,
				  struct v4l2_subdev_state *state,
				  struct v4l2_subdev_selection *sel)
{
	struct v4l2_mbus_framefmt *fmt;
	struct v4l2_rect *crop;

	if (sel->pad != VISP_ISP_PAD_SINK_VIDEO ||
	    sel->target != V4L2_SEL_TGT_CROP)
		return -EINVAL;

	if (sel->which == V4L2_SUBDEV_FORMAT_ACTIVE &&
	    media_entity_is_streaming(&sd->entity))
		return -EBUSY;

	fmt = v4l2_subdev_state_get_format(state, sel->pad);
	crop = v4l2_subdev_state_get_crop(state, sel->pad);
	visp_rect_adjust(&sel->r, fmt->width, fmt->height);
	*crop = sel->r;
	visp_isp_propagate(state);
	return 0;
}

/* The frame start interrupt serves the frame sync events: see visp-hw.c. */
static int visp_isp_sync_add(struct v4l2_subscribed_event *sev,
			     unsigned int elems)
{
	struct v4l2_subdev *sd = vdev_to_v4l2_subdev(sev->fh->vdev);

	visp_frame_sync_users(container_of(sd, struct visp_device, isp.sd), 1);
	return 0;
}

static void visp_isp_sync_del(struct v4l2_subscribed_event *sev)
{
	struct v4l2_subdev *sd = vdev_to_v4l2_subdev(sev->fh->vdev);

	visp_frame_sync_users(container_of(sd, struct visp_device, isp.sd), -1);
}

static const struct v4l2_subscribed_event_ops visp_isp_sync_ops = {
	.add = visp_isp_sync_add,
	.del = visp_isp_sync_del,
};

static int visp_isp_subscribe_event(struct v4l2_subdev *sd, struct v4l2_fh *fh,
				    struct v4l2_event_subscription *sub)
{
	switch (sub->type) {
	case V4L2_EVENT_FRAME_SYNC:
		return v4l2_event_subscribe(fh, sub, 0, &visp_isp_sync_ops);
	case V4L2_EVENT_CTRL:
		return v4l2_ctrl_subdev_subscribe_event(sd, fh, sub);
	default:
		return -EINVAL;
	}
}

static const struct v4l2_subdev_core_ops visp_isp_core_ops = {
	.subscribe_event = visp_isp_subscribe_event,
	.unsubscribe_event = v4l2_event_subdev_unsubscribe,
};

static const struct v4l2_subdev_pad_ops visp_isp_pad_ops = {
	.enum_mbus_code = visp_isp_enum_mbus_code,
	.enum_frame_size = visp_isp_enum_frame_size,
	.get_fmt = v4l2_subdev_get_fmt,
	.set_fmt = visp_isp_set_fmt,
	.get_selection = visp_isp_get_selection,
	.set_selection = visp_isp_set_selection,
};

static const struct v4l2_subdev_ops visp_isp_ops = {
	.core = &visp_isp_core_ops,
	.pad = &visp_isp_pad_ops,
};

static const struct v4l2_subdev_internal_ops visp_isp_internal_ops = {
	.init_state = visp_isp_init_state,
};

/*
 * The video sink takes the frames of visp-input or of visp-csi: one link
 * at most is enabled. Called with the graph mutex held.
 */
static int visp_isp_link_setup(struct media_entity *entity,
			       const struct media_pad *local,
			       const struct media_pad *remote, u32 flags)
{
	struct media_link *link;

	lockdep_assert_held(&entity->graph_obj.mdev->graph_mutex);

	if (local->index != VISP_ISP_PAD_SINK_VIDEO ||
	    !(flags & MEDIA_LNK_FL_ENABLED))
		return 0;

	for_each_media_entity_data_link(entity, link) {
		if (link->sink == local && link->source != remote &&
		    (link->flags & MEDIA_LNK_FL_ENABLED))
			return -EBUSY;
	}

	return 0;
}

static const struct media_entity_operations visp_isp_media_ops = {
	.link_setup = visp_isp_link_setup,
	.link_validate = v4l2_subdev_link_validate,
};

static const struct v4l2_ctrl_config visp_supported_blocks_ctrl = {
	.id = V4L2_CID_VISP_SUPPORTED_PARAMS_BLOCKS,
	.name = "Supported Params Blocks",
	.type = V4L2_CTRL_TYPE_BITMASK,
	.flags = V4L2_CTRL_FLAG_READ_ONLY,
	.min = 0,
	.step = 0,
};

/**
 * visp_supported_blocks_ctrl_init() - add the supported blocks control
 * @hdl: control handler, initialised with room for one control
 *
 * Return: 0 on success or the handler's error.
 */
int visp_supported_blocks_ctrl_init(struct v4l2_ctrl_handler *hdl)
{
	struct v4l2_ctrl_config cfg = visp_supported_blocks_ctrl;

	cfg.max = visp_params_supported_blocks();
	cfg.def = cfg.max;
	v4l2_ctrl_new_custom(hdl, &cfg, NULL);
	return hdl->error;
}

/*
 * Register a subdev whose pads and active state are initialised; undone
 * by visp_subdev_unregister(). The callers finalise the state themselves:
 * the lockdep class of the state lock is that of the call site, and link
 * validation locks the ISP and resizer states together.
 */
int visp_subdev_register(struct visp_device *visp, struct v4l2_subdev *sd)
{
	int ret;

	ret = v4l2_device_register_subdev(&visp->v4l2_dev, sd);
	if (ret) {
		v4l2_subdev_cleanup(sd);
		media_entity_cleanup(&sd->entity);
	}
	return ret;
}

void visp_subdev_unregister(struct v4l2_subdev *sd)
{
	v4l2_device_unregister_subdev(sd);
	v4l2_subdev_cleanup(sd);
	media_entity_cleanup(&sd->entity);
}

int visp_isp_register(struct visp_device *visp)
{
	struct visp_isp *isp = &visp->isp;
	struct v4l2_subdev *sd = &isp->sd;
	int ret;

	v4l2_subdev_init(sd, &visp_isp_ops);
	sd->internal_ops = &visp_isp_internal_ops;
	sd->flags |= V4L2_SUBDEV_FL_HAS_DEVNODE | V4L2_SUBDEV_FL_HAS_EVENTS;
	sd->entity.function = MEDIA_ENT_F_PROC_VIDEO_ISP;
	sd->entity.ops = &visp_isp_media_ops;
	sd->owner = THIS_MODULE;
	sd->dev = visp->dev;
	strscpy(sd->name, "visp-isp", sizeof(sd->name));
	v4l2_set_subdevdata(sd, visp);

	/* The control handler is freed when the device is released. */
	ret = v4l2_ctrl_handler_init(&isp->ctrls, 1);
	if (!ret)
		ret = visp_supported_blocks_ctrl_init(&isp->ctrls);
	if (ret)
		return ret;
	sd->ctrl_handler = &isp->ctrls;

	isp->pads[VISP_ISP_PAD_SINK_VIDEO].flags = MEDIA_PAD_FL_SINK |
						   MEDIA_PAD_FL_MUST_CONNECT;
	isp->pads[VISP_ISP_PAD_SINK_PARAMS].flags = MEDIA_PAD_FL_SINK;
	isp->pads[VISP_ISP_PAD_SOURCE_VIDEO].flags = MEDIA_PAD_FL_SOURCE;
	isp->pads[VISP_ISP_PAD_SOURCE_STATS].flags = MEDIA_PAD_FL_SOURCE;
	isp->pads[VISP_ISP_PAD_SOURCE_RAW].flags = MEDIA_PAD_FL_SOURCE;
	ret = media_entity_pads_init(&sd->entity, VISP_ISP_PAD_NUM, isp->pads);
	if (ret)
		return ret;

	ret = v4l2_subdev_init_finalize(sd);
	if (ret) {
		media_entity_cleanup(&sd->entity);
		return ret;
	}

	return visp_subdev_register(visp, sd);
}

void visp_isp_unregister(struct visp_device *visp)
{
	visp_subdev_unregister(&visp->isp.sd);
}
