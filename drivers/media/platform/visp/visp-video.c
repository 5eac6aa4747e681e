// SPDX-License-Identifier: GPL-2.0
/*
 * VISP ISP driver - video device nodes, common code
 *
 * What the five video nodes share: their file operations, the ioctls of
 * both metadata nodes, link validation, the vb2 queue, streaming and
 * registration. Each kind of node, visp-input (visp-input.c), visp-main
 * and visp-self (visp-capture.c), visp-params (visp-params.c) and
 * visp-stats (visp-stats.c), sets itself apart with its own ioctls and a
 * struct visp_video_desc. The nodes call the job code (visp-hw.c), which
 * calls none of their functions.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <media/v4l2-event.h>
#include <media/v4l2-ioctl.h>
#include <media/v4l2-mc.h>

#include "visp.h"

#include <trace/events/visp.h>

static bool visp_video_is_meta(const struct visp_video *video)
{
	switch (video->id) {
	case VISP_VIDEO_PARAMS:
	case VISP_VIDEO_STATS:
		return true;
	default:
		return false;
	}
}

/* -----------------------------------------------------------------------
 * Formats
 */

/*
 * One plane, no flags: clear everything else, so that two formats tried
 * from the same request compare equal byte for byte (see
 * visp_video_set_fmt()).
 */
void visp_pix_clear_unused(struct v4l2_pix_format_mplane *pix)
{
	pix->flags = 0;
	memset(pix->reserved, 0, sizeof(pix->reserved));
	memset(pix->plane_fmt[0].reserved, 0,
	       sizeof(pix->plane_fmt[0].reserved));
	memset(&pix->plane_fmt[1], 0,
	       sizeof(pix->plane_fmt) - sizeof(pix->plane_fmt[0]));
}

int visp_querycap(struct file *file, void *fh, struct v4l2_capability *cap)
{
	strscpy(cap->driver, VISP_DRIVER_NAME, sizeof(cap->driver));
	strscpy(cap->card, "VISP ISP", sizeof(cap->card));
	return 0;
}

/*
 * The sizes the formats of a node accept, the limits TRY_FMT applies:
 * even sizes, widths a multiple of @step_width, and the node's maximum.
 */
void visp_video_framesizes(struct v4l2_frmsizeenum *fsize, u32 step_width,
			   u32 max_width, u32 max_height)
{
	struct v4l2_frmsize_stepwise *sw = &fsize->stepwise;

	fsize->type = V4L2_FRMSIZE_TYPE_STEPWISE;
	sw->min_width = VISP_MIN_WIDTH;
	sw->max_width = max_width;
	sw->step_width = step_width;
	sw->min_height = VISP_MIN_HEIGHT;
	sw->max_height = max_height;
	sw->step_height = 2;
}

int visp_g_fmt(struct file *file, void *fh, struct v4l2_format *f)
{
	struct visp_video *video = to_visp_video(file);

	f->fmt = video->fmt.fmt;
	return 0;
}

/**
 * visp_video_set_fmt() - set the format of a node
 * @video: the node
 * @f: the format, as TRY_FMT adjusted it
 * @in_fmt: its format information, visp-input
 * @out_fmt: its format information, visp-main and visp-self
 *
 * Return: 0 on success, -EINVAL for a format of another buffer type,
 * -EBUSY when the node has buffers.
 */
int visp_video_set_fmt(struct visp_video *video, const struct v4l2_format *f,
		       const struct visp_in_fmt *in_fmt,
		       const struct visp_out_fmt *out_fmt)
{
	struct visp_device *visp = video->visp;

	/*
	 * Validate the request before looking at the state of the node: a
	 * request that is invalid anyway fails with -EINVAL, busy or not.
	 */
	if (f->type != video->queue.type)
		return -EINVAL;

	/*
	 * A node with buffers keeps its format. A node without buffers may
	 * change it even while other nodes of its pipeline stream: its link
	 * is validated again when it joins (visp_video_pipeline_start()).
	 */
	if (vb2_is_busy(&video->queue))
		return -EBUSY;

	mutex_lock(&visp->job_lock);
	video->fmt.fmt = f->fmt;
	video->in_fmt = in_fmt;
	video->out_fmt = out_fmt;
	mutex_unlock(&visp->job_lock);
	return 0;
}

/**
 * visp_qbuf() - VIDIOC_QBUF of every node
 * @file: the node's file
 * @fh: its file handle
 * @b: the buffer
 *
 * vb2 keeps each queue in one mode, with requests or without, until it
 * stops streaming; the buffers of one job come from several queues, so
 * the device does the same for all of them: while its nodes hold
 * buffers of requests, a buffer is queued only in a request, and while
 * they hold buffers queued without one, only without.
 *
 * Return: 0 on success or what vb2_ioctl_qbuf() returns.
 * -EBUSY for a buffer of the other mode.
 */
int visp_qbuf(struct file *file, void *fh, struct v4l2_buffer *b)
{
	struct visp_video *video = to_visp_video(file);
	struct visp_device *visp = video->visp;
	bool in_req = b->flags & V4L2_BUF_FLAG_REQUEST_FD;
	unsigned int other;

	mutex_lock(&visp->job_lock);
	other = in_req ? visp->plain_bufs : visp->req_bufs;
	mutex_unlock(&visp->job_lock);
	if (other) {
		dev_dbg(visp->dev,
			"%s: %u buffers are queued %s a request, cannot queue one %s\n",
			video->vdev.name, other, in_req ? "without" : "in",
			in_req ? "in a request" : "without a request");
		return -EBUSY;
	}
	return vb2_ioctl_qbuf(file, fh, b);
}

/* The ioctls of visp-params and visp-stats. */
static int visp_enum_fmt_meta(struct file *file, void *fh,
			      struct v4l2_fmtdesc *f)
{
	struct visp_video *video = to_visp_video(file);

	if (f->index || (f->mbus_code &&
			 f->mbus_code != MEDIA_BUS_FMT_METADATA_FIXED))
		return -EINVAL;

	f->pixelformat = video->fmt.fmt.meta.dataformat;
	strscpy(f->description, video->id == VISP_VIDEO_PARAMS ?
		"VISP ISP Parameters" : "VISP ISP Statistics",
		sizeof(f->description));
	return 0;
}

static int visp_g_fmt_meta(struct file *file, void *fh,
			   struct v4l2_format *f)
{
	struct visp_video *video = to_visp_video(file);

	f->fmt.meta = video->fmt.fmt.meta;
	return 0;
}

const struct v4l2_ioctl_ops visp_meta_ioctl_ops = {
	.vidioc_querycap = visp_querycap,
	.vidioc_enum_fmt_meta_cap = visp_enum_fmt_meta,
	.vidioc_g_fmt_meta_cap = visp_g_fmt_meta,
	.vidioc_s_fmt_meta_cap = visp_g_fmt_meta,
	.vidioc_try_fmt_meta_cap = visp_g_fmt_meta,
	.vidioc_enum_fmt_meta_out = visp_enum_fmt_meta,
	.vidioc_g_fmt_meta_out = visp_g_fmt_meta,
	.vidioc_s_fmt_meta_out = visp_g_fmt_meta,
	.vidioc_try_fmt_meta_out = visp_g_fmt_meta,
	.vidioc_reqbufs = vb2_ioctl_reqbufs,
	.vidioc_querybuf = vb2_ioctl_querybuf,
	.vidioc_create_bufs = vb2_ioctl_create_bufs,
	.vidioc_prepare_buf = vb2_ioctl_prepare_buf,
	.vidioc_qbuf = visp_qbuf,
	.vidioc_dqbuf = vb2_ioctl_dqbuf,
	.vidioc_expbuf = vb2_ioctl_expbuf,
	.vidioc_streamon = vb2_ioctl_streamon,
	.vidioc_streamoff = vb2_ioctl_streamoff,
	.vidioc_subscribe_event = v4l2_ctrl_subscribe_event,
	.vidioc_unsubscribe_event = v4l2_event_unsubscribe,
};

static const struct v4l2_file_operations visp_video_fops = {
	.owner = THIS_MODULE,
	.open = v4l2_fh_open,
	.release = vb2_fop_release,
	.unlocked_ioctl = video_ioctl2,
	.poll = vb2_fop_poll,
	.mmap = vb2_fop_mmap,
};

/* -----------------------------------------------------------------------
 * Link validation
 */

static int visp_video_link_validate(struct media_link *link)
{
	struct video_device *vdev;
	struct media_pad *pad;
	struct v4l2_subdev_state *state;
	const struct v4l2_mbus_framefmt *mf;
	struct v4l2_mbus_framefmt sd_fmt;
	struct v4l2_pix_format_mplane pix;
	struct visp_device *visp;
	struct visp_video *video;
	struct v4l2_subdev *sd;
	u32 code;
	int ret = 0;

	/* The video node is the source for output nodes, the sink else. */
	if (is_media_entity_v4l2_video_device(link->source->entity)) {
		vdev = media_entity_to_video_device(link->source->entity);
		pad = link->sink;
	} else {
		vdev = media_entity_to_video_device(link->sink->entity);
		pad = link->source;
	}
	video = container_of(vdev, struct visp_video, vdev);
	visp = video->visp;

	/* The metadata nodes have no format to validate. */
	if (!video->desc->link_code)
		return 0;

	sd = media_entity_to_v4l2_subdev(pad->entity);
	state = v4l2_subdev_lock_and_get_active_state(sd);
	mf = v4l2_subdev_state_get_format(state, pad->index);
	sd_fmt = *mf;
	v4l2_subdev_unlock_state(state);

	mutex_lock(&visp->job_lock);
	pix = video->fmt.fmt.pix_mp;
	code = video->desc->link_code(video, sd_fmt.code);
	mutex_unlock(&visp->job_lock);

	if (code != sd_fmt.code) {
		dev_dbg(visp->dev,
			"link '%s':%u -> '%s':%u: format %p4cc does not match media bus code 0x%04x\n",
			link->source->entity->name, link->source->index,
			link->sink->entity->name, link->sink->index,
			&pix.pixelformat, sd_fmt.code);
		ret = -EPIPE;
	} else if (pix.width != sd_fmt.width || pix.height != sd_fmt.height) {
		dev_dbg(visp->dev,
			"link '%s':%u -> '%s':%u: size %ux%u does not match %ux%u\n",
			link->source->entity->name, link->source->index,
			link->sink->entity->name, link->sink->index,
			pix.width, pix.height, sd_fmt.width, sd_fmt.height);
		ret = -EPIPE;
	} else if (video->desc->link_check) {
		ret = video->desc->link_check(video);
	}

	return ret;
}

static const struct media_entity_operations visp_video_media_ops = {
	.link_validate = visp_video_link_validate,
};

/* -----------------------------------------------------------------------
 * vb2 queue
 */

static u32 visp_video_buf_size(struct visp_video *video)
{
	if (visp_video_is_meta(video))
		return video->fmt.fmt.meta.buffersize;
	return video->fmt.fmt.pix_mp.plane_fmt[0].sizeimage;
}

static int visp_queue_setup(struct vb2_queue *vq, unsigned int *num_buffers,
			    unsigned int *num_planes, unsigned int sizes[],
			    struct device *alloc_devs[])
{
	struct visp_video *video = vb2_get_drv_priv(vq);
	u32 size = visp_video_buf_size(video);

	if (*num_planes)
		return *num_planes == 1 && sizes[0] >= size ? 0 : -EINVAL;

	*num_planes = 1;
	sizes[0] = size;
	return 0;
}

static int visp_buf_init(struct vb2_buffer *vb)
{
	struct visp_video *video = vb2_get_drv_priv(vb->vb2_queue);
	struct visp_buffer *buf = to_visp_buffer(to_vb2_v4l2_buffer(vb));

	return video->desc->buf_init ? video->desc->buf_init(buf) : 0;
}

static void visp_buf_cleanup(struct vb2_buffer *vb)
{
	struct visp_video *video = vb2_get_drv_priv(vb->vb2_queue);
	struct visp_buffer *buf = to_visp_buffer(to_vb2_v4l2_buffer(vb));

	if (video->desc->buf_cleanup)
		video->desc->buf_cleanup(buf);
}

/*
 * The data of an output buffer starts at the plane's data offset and ends
 * at its bytesused: return its size, or 0 when the offset is past the end.
 */
size_t visp_buf_data_size(struct visp_video *video, struct vb2_buffer *vb)
{
	unsigned int offset = vb->planes[0].data_offset;
	unsigned long used = vb2_get_plane_payload(vb, 0);

	if (offset >= used) {
		dev_dbg(video->visp->dev,
			"%s: data offset %u not below bytesused %lu\n",
			video->vdev.name, offset, used);
		return 0;
	}
	return used - offset;
}

/*
 * A buffer of a node the hardware fills holds the whole format; the node
 * checks the others.
 */
static int visp_buf_prepare(struct vb2_buffer *vb)
{
	struct visp_video *video = vb2_get_drv_priv(vb->vb2_queue);
	struct visp_buffer *buf = to_visp_buffer(to_vb2_v4l2_buffer(vb));
	u32 size = visp_video_buf_size(video);
	int ret;

	if (vb2_plane_size(vb, 0) < size)
		return -EINVAL;

	if (video->desc->buf_prepare) {
		ret = video->desc->buf_prepare(video, buf);
		if (ret)
			return ret;
	} else {
		vb2_set_plane_payload(vb, 0, size);
	}

	to_vb2_v4l2_buffer(vb)->field = V4L2_FIELD_NONE;
	return 0;
}

static void visp_buf_queue(struct vb2_buffer *vb)
{
	struct visp_video *video = vb2_get_drv_priv(vb->vb2_queue);
	struct visp_buffer *buf = to_visp_buffer(to_vb2_v4l2_buffer(vb));
	struct visp_device *visp = video->visp;

	trace_visp_buf_queue(video->id, vb->index);
	mutex_lock(&visp->job_lock);
	visp_buf_add(video, buf);
	visp_try_run(visp);
	mutex_unlock(&visp->job_lock);
}

/*
 * A buffer queued in a request is checked when the request is queued
 * (buf_prepare); its field is set at once, as VIDIOC_QBUF reports it.
 */
static int visp_buf_out_validate(struct vb2_buffer *vb)
{
	to_vb2_v4l2_buffer(vb)->field = V4L2_FIELD_NONE;
	return 0;
}

/*
 * A buffer of a queued request is cancelled before the driver had it: vb2
 * completes the buffer's part of the request; the request carries nothing
 * else (see visp_req_validate()).
 */
static void visp_buf_request_complete(struct vb2_buffer *vb)
{
}

/**
 * visp_return_buffers() - return all queued buffers of a node
 * @video: the node
 * @state: state to return them in
 *
 * The caller holds &visp_device.job_lock.
 */
static void visp_return_buffers(struct visp_video *video,
				enum vb2_buffer_state state)
{
	struct visp_buffer *buf, *tmp;

	lockdep_assert_held(&video->visp->job_lock);

	list_for_each_entry_safe(buf, tmp, &video->buffers, queue) {
		list_del(&buf->queue);
		visp_buf_done(video, buf, state);
	}
}

/*
 * A node of a started pipeline joins it without the media core validating
 * the links again, but its format may have changed since the pipeline
 * started (see visp_s_fmt()): validate its link now. The subdevice pads
 * keep their formats while the pipeline streams.
 */
static int visp_video_validate_join(struct visp_video *video,
				    struct media_pad *remote)
{
	struct media_link *link;
	int ret;

	if (video->pad.flags & MEDIA_PAD_FL_SOURCE)
		link = media_entity_find_link(&video->pad, remote);
	else
		link = media_entity_find_link(remote, &video->pad);
	if (!link)
		return -EPIPE;

	ret = visp_video_link_validate(link);
	if (ret)
		dev_dbg(video->visp->dev,
			"%s: format changed, cannot join the running pipeline\n",
			video->vdev.name);
	return ret;
}

/*
 * A node joins the pipeline of the ISP through its link, which must be
 * enabled: the media core would otherwise start a pipeline of the node
 * alone, under the pipeline object that the ISP's running nodes already
 * use. The graph mutex keeps the link as checked until the node has
 * joined; once it streams, the link cannot change.
 */
static int visp_video_pipeline_start(struct visp_video *video)
{
	struct media_device *mdev = video->vdev.entity.graph_obj.mdev;
	struct visp_device *visp = video->visp;
	struct media_pad *remote;
	int ret;

	mutex_lock(&mdev->graph_mutex);
	remote = media_pad_remote_pad_first(&video->pad);
	if (!remote) {
		dev_dbg(visp->dev, "%s: link disabled, not in the pipeline\n",
			video->vdev.name);
		ret = -ENOLINK;
	} else {
		ret = media_pad_pipeline(&video->pad) ?
		      visp_video_validate_join(video, remote) : 0;
		if (!ret)
			ret = __video_device_pipeline_start(&video->vdev,
							    &visp->pipe);
		if (ret)
			dev_dbg(visp->dev, "%s: pipeline start failed: %d\n",
				video->vdev.name, ret);
	}
	mutex_unlock(&mdev->graph_mutex);

	return ret;
}

static int visp_start_streaming(struct vb2_queue *vq, unsigned int count)
{
	struct visp_video *video = vb2_get_drv_priv(vq);
	struct visp_device *visp = video->visp;
	int ret;

	ret = visp_video_pipeline_start(video);
	if (ret)
		goto err_return;

	ret = visp_stream_join(video);
	if (ret)
		goto err_pipeline;
	return 0;

err_pipeline:
	video_device_pipeline_stop(&video->vdev);
err_return:
	mutex_lock(&visp->job_lock);
	visp_return_buffers(video, VB2_BUF_STATE_QUEUED);
	mutex_unlock(&visp->job_lock);
	return ret;
}

static void visp_stop_streaming(struct vb2_queue *vq)
{
	struct visp_video *video = vb2_get_drv_priv(vq);
	struct visp_device *visp = video->visp;

	visp_stream_leave(video);

	mutex_lock(&visp->job_lock);
	visp_return_buffers(video, VB2_BUF_STATE_ERROR);
	mutex_unlock(&visp->job_lock);

	visp_video_pipeline_stop(video);
}

static const struct vb2_ops visp_vb2_ops = {
	.queue_setup = visp_queue_setup,
	.buf_init = visp_buf_init,
	.buf_cleanup = visp_buf_cleanup,
	.buf_out_validate = visp_buf_out_validate,
	.buf_prepare = visp_buf_prepare,
	.buf_queue = visp_buf_queue,
	.buf_request_complete = visp_buf_request_complete,
	.start_streaming = visp_start_streaming,
	.stop_streaming = visp_stop_streaming,
	.wait_prepare = vb2_ops_wait_prepare,
	.wait_finish = vb2_ops_wait_finish,
};

/* -----------------------------------------------------------------------
 * Registration
 */

/**
 * visp_video_register() - register a video node
 * @video: the node, its format initialised
 * @name: name of the video device
 * @desc: what sets the node apart
 *
 * Return: 0 on success or a negative error code.
 */
int visp_video_register(struct visp_video *video, const char *name,
			const struct visp_video_desc *desc)
{
	struct visp_device *visp = video->visp;
	struct video_device *vdev = &video->vdev;
	struct vb2_queue *q = &video->queue;
	bool output = V4L2_TYPE_IS_OUTPUT(video->fmt.type);
	int ret;

	video->desc = desc;

	q->type = video->fmt.type;
	q->io_modes = desc->io_modes;
	q->drv_priv = video;
	q->buf_struct_size = sizeof(struct visp_buffer);
	q->ops = &visp_vb2_ops;
	q->mem_ops = desc->mem_ops;
	q->timestamp_flags = V4L2_BUF_FLAG_TIMESTAMP_COPY;
	q->lock = &video->lock;
	q->dev = visp->dev;
	/* The Request API needs no minimum, see vb2_core_queue_init(). */
	q->min_queued_buffers = 0;
	q->supports_requests = true;
	q->allow_zero_bytesused = desc->allow_zero_bytesused;
	ret = vb2_queue_init(q);
	if (ret)
		return ret;

	video->pad.flags = output ? MEDIA_PAD_FL_SOURCE : MEDIA_PAD_FL_SINK;
	video->pad.flags |= MEDIA_PAD_FL_MUST_CONNECT;
	ret = media_entity_pads_init(&vdev->entity, 1, &video->pad);
	if (ret)
		return ret;

	strscpy(vdev->name, name, sizeof(vdev->name));
	vdev->entity.ops = &visp_video_media_ops;
	vdev->fops = &visp_video_fops;
	vdev->release = video_device_release_empty;
	vdev->v4l2_dev = &visp->v4l2_dev;
	vdev->lock = &video->lock;
	vdev->queue = q;
	vdev->vfl_dir = output ? VFL_DIR_TX : VFL_DIR_RX;
	vdev->ioctl_ops = desc->ioctl_ops;
	vdev->device_caps = desc->caps | V4L2_CAP_STREAMING | V4L2_CAP_IO_MC;
	video_set_drvdata(vdev, video);

	ret = video_register_device(vdev, VFL_TYPE_VIDEO, -1);
	if (ret)
		goto err_entity;

	return 0;

err_entity:
	media_entity_cleanup(&vdev->entity);
	return ret;
}

void visp_video_unregister(struct visp_device *visp, enum visp_video_id id)
{
	struct visp_video *video = &visp->video[id];

	/* Stops streaming and releases the buffers of an open queue. */
	vb2_video_unregister_device(&video->vdev);
	media_entity_cleanup(&video->vdev.entity);
}
