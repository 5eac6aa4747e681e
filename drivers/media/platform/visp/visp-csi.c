// SPDX-License-Identifier: GPL-2.0
/*
 * VISP ISP driver - CSI-2 receiver subdev and the camera
 *
 * When the firmware graph of the ISP has an endpoint on port 0, the ISP
 * has a camera: its CSI-2 receiver (visp-csi) is a subdev with a sink pad,
 * linked from the sensor, and a source pad, linked to the video sink pad
 * of visp-isp. That link and the one from visp-input are mutually
 * exclusive: they choose between inline processing of the camera's frames
 * and memory to memory processing.
 *
 * The sensor is found with v4l2-async, through the remote endpoint; its
 * link to visp-csi is created when it binds, and it is unlinked when it
 * unbinds. Without an endpoint there is no visp-csi.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/property.h>

#include <media/v4l2-async.h>
#include <media/v4l2-event.h>
#include <media/v4l2-fwnode.h>
#include <media/v4l2-mc.h>

#include "visp.h"

#define VISP_CSI_DEF_WIDTH	1920
#define VISP_CSI_DEF_HEIGHT	1080

static inline struct visp_csi *to_visp_csi(struct v4l2_subdev *sd)
{
	return container_of(sd, struct visp_csi, sd);
}

/* The receiver takes the 10 and 12-bit Bayer codes: RAW10 and RAW12. */
static bool visp_csi_code_ok(u32 code)
{
	const struct visp_in_fmt *fmt = visp_find_in_fmt_by_code(code);

	return fmt && (fmt->type == VISP_IN_TYPE_RAW10 ||
		       fmt->type == VISP_IN_TYPE_RAW12);
}

static int visp_csi_enum_mbus_code(struct v4l2_subdev *sd,
				   struct v4l2_subdev_state *state,
				   struct v4l2_subdev_mbus_code_enum *code)
{
	unsigned int i, n = 0;

	if (code->pad == VISP_CSI_PAD_SOURCE) {
		if (code->index)
			return -EINVAL;
		code->code = v4l2_subdev_state_get_format(state,
							  VISP_CSI_PAD_SINK)->code;
		return 0;
	}

	for (i = 0; i < visp_num_in_fmts; i++) {
		/* Each code is listed once, with its unpacked format. */
		if (visp_in_fmts[i].type != VISP_IN_TYPE_RAW10 &&
		    visp_in_fmts[i].type != VISP_IN_TYPE_RAW12)
			continue;
		if (n++ == code->index) {
			code->code = visp_in_fmts[i].mbus_code;
			return 0;
		}
	}

	return -EINVAL;
}

static int visp_csi_enum_frame_size(struct v4l2_subdev *sd,
				    struct v4l2_subdev_state *state,
				    struct v4l2_subdev_frame_size_enum *fse)
{
	const struct v4l2_mbus_framefmt *sink;

	if (fse->index || !visp_csi_code_ok(fse->code))
		return -EINVAL;

	if (fse->pad == VISP_CSI_PAD_SOURCE) {
		sink = v4l2_subdev_state_get_format(state, VISP_CSI_PAD_SINK);
		if (fse->code != sink->code)
			return -EINVAL;
		fse->min_width = sink->width;
		fse->max_width = sink->width;
		fse->min_height = sink->height;
		fse->max_height = sink->height;
		return 0;
	}

	fse->min_width = VISP_MIN_WIDTH;
	fse->max_width = VISP_MAX_WIDTH;
	fse->min_height = VISP_MIN_HEIGHT;
	fse->max_height = VISP_MAX_HEIGHT;

	return 0;
}

/* The source pad carries the frames as received: the sink format. */
static int visp_csi_set_fmt(struct v4l2_subdev *sd,
			    struct v4l2_subdev_state *state,
			    struct v4l2_subdev_format *format)
{
	struct v4l2_mbus_framefmt *fmt = &format->format;
	struct v4l2_mbus_framefmt *sink;

	if (format->which == V4L2_SUBDEV_FORMAT_ACTIVE &&
	    v4l2_subdev_is_streaming(sd))
		return -EBUSY;

	if (format->pad == VISP_CSI_PAD_SOURCE)
		return v4l2_subdev_get_fmt(sd, state, format);

	if (!visp_csi_code_ok(fmt->code))
		fmt->code = MEDIA_BUS_FMT_SRGGB10_1X10;
	fmt->width = clamp_t(u32, ALIGN_DOWN(fmt->width, 2), VISP_MIN_WIDTH,
			     VISP_MAX_WIDTH);
	fmt->height = clamp_t(u32, ALIGN_DOWN(fmt->height, 2),
			      VISP_MIN_HEIGHT, VISP_MAX_HEIGHT);
	fmt->field = V4L2_FIELD_NONE;
	fmt->colorspace = V4L2_COLORSPACE_RAW;
	fmt->xfer_func = V4L2_XFER_FUNC_NONE;
	fmt->ycbcr_enc = V4L2_YCBCR_ENC_601;
	fmt->quantization = V4L2_QUANTIZATION_FULL_RANGE;

	sink = v4l2_subdev_state_get_format(state, VISP_CSI_PAD_SINK);
	*sink = *fmt;
	*v4l2_subdev_state_get_format(state, VISP_CSI_PAD_SOURCE) = *fmt;

	return 0;
}

static int visp_csi_init_state(struct v4l2_subdev *sd,
			       struct v4l2_subdev_state *state)
{
	struct v4l2_subdev_format format = {
		.which = V4L2_SUBDEV_FORMAT_TRY,
		.pad = VISP_CSI_PAD_SINK,
		.format = {
			.code = MEDIA_BUS_FMT_SRGGB10_1X10,
			.width = VISP_CSI_DEF_WIDTH,
			.height = VISP_CSI_DEF_HEIGHT,
		},
	};

	return visp_csi_set_fmt(sd, state, &format);
}

/*
 * The receiver itself is programmed with the ISP's stream (see
 * visp_stream_start()), before the camera starts and after it stops: these
 * start and stop the camera, found through the enabled sink link. A camera
 * that was unbound meanwhile has no link any more: nothing to stop.
 */
static struct media_pad *visp_csi_camera_pad(struct visp_csi *csi)
{
	struct media_pad *remote;

	remote = media_pad_remote_pad_first(&csi->pads[VISP_CSI_PAD_SINK]);
	if (!remote || !is_media_entity_v4l2_subdev(remote->entity))
		return NULL;
	return remote;
}

static int visp_csi_enable_streams(struct v4l2_subdev *sd,
				   struct v4l2_subdev_state *state, u32 pad,
				   u64 streams_mask)
{
	struct media_pad *remote = visp_csi_camera_pad(to_visp_csi(sd));

	if (!remote)
		return -ENOLINK;
	return v4l2_subdev_enable_streams(media_entity_to_v4l2_subdev(remote->entity),
					  remote->index, BIT(0));
}

static int visp_csi_disable_streams(struct v4l2_subdev *sd,
				    struct v4l2_subdev_state *state, u32 pad,
				    u64 streams_mask)
{
	struct media_pad *remote = visp_csi_camera_pad(to_visp_csi(sd));

	if (!remote)
		return 0;
	return v4l2_subdev_disable_streams(media_entity_to_v4l2_subdev(remote->entity),
					   remote->index, BIT(0));
}

static int visp_csi_subscribe_event(struct v4l2_subdev *sd, struct v4l2_fh *fh,
				    struct v4l2_event_subscription *sub)
{
	if (sub->type != V4L2_EVENT_FRAME_SYNC)
		return -EINVAL;
	return v4l2_event_subscribe(fh, sub, 0, NULL);
}

static const struct v4l2_subdev_core_ops visp_csi_core_ops = {
	.subscribe_event = visp_csi_subscribe_event,
	.unsubscribe_event = v4l2_event_subdev_unsubscribe,
};

static const struct v4l2_subdev_pad_ops visp_csi_pad_ops = {
	.enum_mbus_code = visp_csi_enum_mbus_code,
	.enum_frame_size = visp_csi_enum_frame_size,
	.get_fmt = v4l2_subdev_get_fmt,
	.set_fmt = visp_csi_set_fmt,
	.enable_streams = visp_csi_enable_streams,
	.disable_streams = visp_csi_disable_streams,
};

static const struct v4l2_subdev_ops visp_csi_ops = {
	.core = &visp_csi_core_ops,
	.pad = &visp_csi_pad_ops,
};

static const struct v4l2_subdev_internal_ops visp_csi_internal_ops = {
	.init_state = visp_csi_init_state,
};

static const struct media_entity_operations visp_csi_media_ops = {
	.link_validate = v4l2_subdev_link_validate,
};

/* -----------------------------------------------------------------------
 * The sensor, through v4l2-async
 */

static inline struct visp_csi *notifier_to_csi(struct v4l2_async_notifier *n)
{
	return container_of(n, struct visp_csi, notifier);
}

static int visp_csi_notify_bound(struct v4l2_async_notifier *notifier,
				 struct v4l2_subdev *sd,
				 struct v4l2_async_connection *asc)
{
	struct visp_csi *csi = notifier_to_csi(notifier);
	int ret;

	ret = v4l2_create_fwnode_links_to_pad(sd,
					      &csi->pads[VISP_CSI_PAD_SINK],
					      MEDIA_LNK_FL_ENABLED |
					      MEDIA_LNK_FL_IMMUTABLE);
	if (ret) {
		dev_err(csi->visp->dev, "cannot link %s to %s: %d\n",
			sd->name, csi->sd.name, ret);
		return ret;
	}

	dev_dbg(csi->visp->dev, "camera %s bound\n", sd->name);

	return 0;
}

static void visp_csi_notify_unbind(struct v4l2_async_notifier *notifier,
				   struct v4l2_subdev *sd,
				   struct v4l2_async_connection *asc)
{
	struct visp_csi *csi = notifier_to_csi(notifier);
	struct visp_device *visp = csi->visp;

	/*
	 * Unregistering the subdev removes its links. A stream of the camera
	 * has lost its frames: its queues fail, and stopping them does not
	 * reach the camera any more.
	 */
	mutex_lock(&visp->stream_lock);
	if (visp->inline_users) {
		dev_warn(visp->dev, "camera %s unbound while streaming\n",
			 sd->name);
		visp_stream_camera_lost(visp);
	} else {
		dev_dbg(visp->dev, "camera %s unbound\n", sd->name);
	}
	mutex_unlock(&visp->stream_lock);
}

static int visp_csi_notify_complete(struct v4l2_async_notifier *notifier)
{
	struct visp_csi *csi = notifier_to_csi(notifier);

	return v4l2_device_register_subdev_nodes(&csi->visp->v4l2_dev);
}

static const struct v4l2_async_notifier_operations visp_csi_notify_ops = {
	.bound = visp_csi_notify_bound,
	.unbind = visp_csi_notify_unbind,
	.complete = visp_csi_notify_complete,
};

/* -----------------------------------------------------------------------
 * Registration
 */

/*
 * The endpoint of port 0: a CSI-2 D-PHY bus of 1 to VISP_CSI_LANES_MAX
 * lanes. Return: the endpoint, NULL when there is none, or an error.
 */
static struct fwnode_handle *visp_csi_parse_endpoint(struct visp_csi *csi)
{
	struct device *dev = csi->visp->dev;
	struct v4l2_fwnode_endpoint vep = {
		.bus_type = V4L2_MBUS_CSI2_DPHY,
	};
	struct fwnode_handle *ep;
	int ret;

	ep = fwnode_graph_get_endpoint_by_id(dev_fwnode(dev), 0, 0, 0);
	if (!ep)
		return NULL;

	ret = v4l2_fwnode_endpoint_parse(ep, &vep);
	if (ret) {
		dev_err_probe(dev, ret, "cannot parse endpoint %pfw\n", ep);
		goto err;
	}

	csi->lanes = vep.bus.mipi_csi2.num_data_lanes;
	if (!csi->lanes || csi->lanes > VISP_CSI_LANES_MAX) {
		ret = dev_err_probe(dev, -EINVAL, "%u data lanes in %pfw\n",
				    csi->lanes, ep);
		goto err;
	}

	return ep;

err:
	fwnode_handle_put(ep);
	return ERR_PTR(ret);
}

static int visp_csi_notifier_init(struct visp_csi *csi,
				  struct fwnode_handle *ep)
{
	struct v4l2_async_connection *asc;

	v4l2_async_nf_init(&csi->notifier, &csi->visp->v4l2_dev);
	csi->notifier.ops = &visp_csi_notify_ops;

	asc = v4l2_async_nf_add_fwnode_remote(&csi->notifier, ep,
					      struct v4l2_async_connection);
	if (IS_ERR(asc)) {
		v4l2_async_nf_cleanup(&csi->notifier);
		return PTR_ERR(asc);
	}

	return 0;
}

/**
 * visp_csi_register() - register the CSI-2 receiver of a camera
 * @visp: the device
 *
 * Registers visp-csi when the firmware graph has an endpoint on port 0,
 * and prepares the notifier of its sensor. visp_csi_notifier_register()
 * registers the notifier once the media graph is linked.
 *
 * Return: 0 on success, also when there is no camera, or an error.
 */
int visp_csi_register(struct visp_device *visp)
{
	struct visp_csi *csi = &visp->csi;
	struct v4l2_subdev *sd = &csi->sd;
	struct fwnode_handle *ep;
	int ret;

	csi->visp = visp;
	ep = visp_csi_parse_endpoint(csi);
	if (IS_ERR_OR_NULL(ep))
		return PTR_ERR_OR_ZERO(ep);

	ret = visp_csi_notifier_init(csi, ep);
	fwnode_handle_put(ep);
	if (ret)
		return ret;

	v4l2_subdev_init(sd, &visp_csi_ops);
	sd->internal_ops = &visp_csi_internal_ops;
	sd->flags |= V4L2_SUBDEV_FL_HAS_DEVNODE | V4L2_SUBDEV_FL_HAS_EVENTS;
	sd->entity.function = MEDIA_ENT_F_VID_IF_BRIDGE;
	sd->entity.ops = &visp_csi_media_ops;
	sd->owner = THIS_MODULE;
	sd->dev = visp->dev;
	/* The sensor's links are found through the ISP's firmware graph. */
	sd->fwnode = dev_fwnode(visp->dev);
	strscpy(sd->name, "visp-csi", sizeof(sd->name));
	v4l2_set_subdevdata(sd, visp);

	csi->pads[VISP_CSI_PAD_SINK].flags = MEDIA_PAD_FL_SINK |
					     MEDIA_PAD_FL_MUST_CONNECT;
	csi->pads[VISP_CSI_PAD_SOURCE].flags = MEDIA_PAD_FL_SOURCE |
					       MEDIA_PAD_FL_MUST_CONNECT;
	ret = media_entity_pads_init(&sd->entity, VISP_CSI_PAD_NUM, csi->pads);
	if (ret)
		goto err_notifier;

	ret = v4l2_subdev_init_finalize(sd);
	if (ret)
		goto err_entity;

	ret = v4l2_device_register_subdev(&visp->v4l2_dev, sd);
	if (ret)
		goto err_state;

	csi->present = true;

	return 0;

err_state:
	v4l2_subdev_cleanup(sd);
err_entity:
	media_entity_cleanup(&sd->entity);
err_notifier:
	v4l2_async_nf_cleanup(&csi->notifier);
	return ret;
}

/**
 * visp_csi_unregister() - undo visp_csi_register()
 * @visp: the device
 */
void visp_csi_unregister(struct visp_device *visp)
{
	struct visp_csi *csi = &visp->csi;

	if (!csi->present)
		return;

	v4l2_device_unregister_subdev(&csi->sd);
	v4l2_subdev_cleanup(&csi->sd);
	media_entity_cleanup(&csi->sd.entity);
	v4l2_async_nf_cleanup(&csi->notifier);
	csi->present = false;
}

/**
 * visp_csi_notifier_register() - start looking for the sensor
 * @visp: the device
 *
 * Return: 0 on success, also when there is no camera, or an error.
 */
int visp_csi_notifier_register(struct visp_device *visp)
{
	if (!visp->csi.present)
		return 0;

	return v4l2_async_nf_register(&visp->csi.notifier);
}

/**
 * visp_csi_notifier_unregister() - unbind the sensor, stop looking for it
 * @visp: the device
 */
void visp_csi_notifier_unregister(struct visp_device *visp)
{
	if (visp->csi.present)
		v4l2_async_nf_unregister(&visp->csi.notifier);
}
