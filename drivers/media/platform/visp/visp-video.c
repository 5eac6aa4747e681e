// SPDX-License-Identifier: GPL-2.0
/*
 * VISP ISP driver - video device nodes
 *
 * visp-input (raw frames in), visp-main and visp-self (processed frames
 * out), visp-params (parameters buffers in) and visp-stats (statistics
 * out).
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/slab.h>
#include <media/v4l2-event.h>
#include <media/v4l2-ioctl.h>
#include <media/v4l2-mc.h>
#include <media/videobuf2-dma-contig.h>
#include <media/videobuf2-vmalloc.h>

#include "visp.h"

#include <trace/events/visp.h>

#define VISP_STATS_BUF_SIZE	sizeof(struct visp_stats_buffer)

static const char * const visp_video_names[VISP_VIDEO_NUM] = {
	[VISP_VIDEO_INPUT] = "visp-input",
	[VISP_VIDEO_MAIN] = "visp-main",
	[VISP_VIDEO_SELF] = "visp-self",
	[VISP_VIDEO_PARAMS] = "visp-params",
	[VISP_VIDEO_STATS] = "visp-stats",
};

static bool visp_video_is_meta(const struct visp_video *video)
{
	return video->id == VISP_VIDEO_PARAMS || video->id == VISP_VIDEO_STATS;
}

static inline struct visp_video *to_visp_video(struct file *file)
{
	return container_of(video_devdata(file), struct visp_video, vdev);
}

/* -----------------------------------------------------------------------
 * Formats
 */

static u32 visp_in_line_bytes(const struct visp_in_fmt *fmt, u32 width)
{
	switch (fmt->type) {
	case VISP_IN_TYPE_RAW8:
		return width;
	case VISP_IN_TYPE_RAW10_CSI2P:
		return width * 5 / 4;
	case VISP_IN_TYPE_RAW12_CSI2P:
		return width * 3 / 2;
	default:
		return width * 2;
	}
}

/*
 * One plane, no flags: clear everything else, so that two formats tried
 * from the same request compare equal byte for byte (see visp_s_fmt()).
 */
static void visp_pix_clear_unused(struct v4l2_pix_format_mplane *pix)
{
	pix->flags = 0;
	memset(pix->reserved, 0, sizeof(pix->reserved));
	memset(pix->plane_fmt[0].reserved, 0,
	       sizeof(pix->plane_fmt[0].reserved));
	memset(&pix->plane_fmt[1], 0,
	       sizeof(pix->plane_fmt) - sizeof(pix->plane_fmt[0]));
}

static void visp_try_in_fmt(struct v4l2_pix_format_mplane *pix,
			    const struct visp_in_fmt **info)
{
	const struct visp_in_fmt *fmt = visp_find_in_fmt(pix->pixelformat);
	u32 align;

	if (!fmt)
		fmt = visp_find_in_fmt(V4L2_PIX_FMT_SRGGB10);
	align = fmt->type == VISP_IN_TYPE_RAW10_CSI2P ? 4 : 2;

	pix->pixelformat = fmt->fourcc;
	pix->width = clamp_t(u32, ALIGN_DOWN(pix->width, align),
			     VISP_MIN_WIDTH, VISP_MAX_WIDTH);
	pix->height = clamp_t(u32, ALIGN_DOWN(pix->height, 2),
			      VISP_MIN_HEIGHT, VISP_MAX_HEIGHT);
	pix->field = V4L2_FIELD_NONE;
	pix->num_planes = 1;
	pix->plane_fmt[0].bytesperline =
		ALIGN(visp_in_line_bytes(fmt, pix->width), VISP_DMA_ALIGN);
	pix->plane_fmt[0].sizeimage =
		pix->plane_fmt[0].bytesperline * pix->height;
	pix->colorspace = V4L2_COLORSPACE_RAW;
	pix->xfer_func = V4L2_XFER_FUNC_NONE;
	pix->ycbcr_enc = V4L2_YCBCR_ENC_601;
	pix->quantization = V4L2_QUANTIZATION_FULL_RANGE;
	visp_pix_clear_unused(pix);
	if (info)
		*info = fmt;
}

/*
 * The YUV encodings and quantizations the CSC implements. A YUV format
 * keeps the node's current colorimetry (BT.601 limited range after a
 * format of another kind); with V4L2_PIX_FMT_FLAG_SET_CSC, a supported
 * encoding or quantization that userspace asks for replaces it, and a
 * default or unsupported one leaves it as it is. The caller holds the
 * node's lock, under which the node's format changes.
 */
static void visp_try_out_colorimetry(struct visp_video *video,
				     struct v4l2_pix_format_mplane *pix)
{
	const struct v4l2_pix_format_mplane *cur = &video->fmt.fmt.pix_mp;
	bool yuv = video->out_fmt && video->out_fmt->yuv;
	u8 enc = yuv ? cur->ycbcr_enc : V4L2_YCBCR_ENC_601;
	u8 quant = yuv ? cur->quantization : V4L2_QUANTIZATION_LIM_RANGE;

	if (pix->flags & V4L2_PIX_FMT_FLAG_SET_CSC) {
		if (pix->ycbcr_enc == V4L2_YCBCR_ENC_601 ||
		    pix->ycbcr_enc == V4L2_YCBCR_ENC_709 ||
		    pix->ycbcr_enc == V4L2_YCBCR_ENC_BT2020)
			enc = pix->ycbcr_enc;
		if (pix->quantization == V4L2_QUANTIZATION_LIM_RANGE ||
		    pix->quantization == V4L2_QUANTIZATION_FULL_RANGE)
			quant = pix->quantization;
	}
	pix->ycbcr_enc = enc;
	pix->quantization = quant;
}

static void visp_try_out_fmt(struct visp_video *video,
			     struct v4l2_pix_format_mplane *pix,
			     const struct visp_out_fmt **info)
{
	const struct visp_out_fmt *fmt = visp_find_out_fmt(pix->pixelformat);
	bool self = video->id == VISP_VIDEO_SELF;
	u32 stride, size;

	if (!fmt || (self && fmt->hw_fmt == VISP_OUT_FMT_RAW16))
		fmt = visp_find_out_fmt(V4L2_PIX_FMT_NV12);

	pix->pixelformat = fmt->fourcc;
	pix->width = clamp_t(u32, ALIGN_DOWN(pix->width, 2), VISP_MIN_WIDTH,
			     self ? VISP_SELF_MAX_WIDTH : VISP_MAX_WIDTH);
	pix->height = clamp_t(u32, ALIGN_DOWN(pix->height, 2), VISP_MIN_HEIGHT,
			      self ? VISP_SELF_MAX_HEIGHT : VISP_MAX_HEIGHT);
	pix->field = V4L2_FIELD_NONE;
	pix->num_planes = 1;
	visp_video_format_geometry(fmt, pix->width, pix->height, &stride,
				   &size);
	pix->plane_fmt[0].bytesperline = stride;
	pix->plane_fmt[0].sizeimage = size;
	if (fmt->hw_fmt == VISP_OUT_FMT_RAW16) {
		pix->colorspace = V4L2_COLORSPACE_RAW;
		pix->xfer_func = V4L2_XFER_FUNC_NONE;
	} else {
		pix->colorspace = V4L2_COLORSPACE_SRGB;
		pix->xfer_func = V4L2_XFER_FUNC_SRGB;
	}
	if (fmt->yuv) {
		visp_try_out_colorimetry(video, pix);
	} else {
		pix->ycbcr_enc = V4L2_YCBCR_ENC_601;
		pix->quantization = V4L2_QUANTIZATION_FULL_RANGE;
	}
	visp_pix_clear_unused(pix);
	if (info)
		*info = fmt;
}

static int visp_querycap(struct file *file, void *fh,
			 struct v4l2_capability *cap)
{
	strscpy(cap->driver, VISP_DRIVER_NAME, sizeof(cap->driver));
	strscpy(cap->card, "VISP ISP", sizeof(cap->card));
	return 0;
}

static int visp_enum_fmt(struct file *file, void *fh, struct v4l2_fmtdesc *f)
{
	struct visp_video *video = to_visp_video(file);
	unsigned int i, n = 0;

	if (video->id == VISP_VIDEO_INPUT) {
		for (i = 0; i < visp_num_in_fmts; i++) {
			if (f->mbus_code &&
			    f->mbus_code != visp_in_fmts[i].mbus_code)
				continue;
			if (n++ == f->index) {
				f->pixelformat = visp_in_fmts[i].fourcc;
				return 0;
			}
		}
		return -EINVAL;
	}

	for (i = 0; i < visp_num_out_fmts; i++) {
		const struct visp_out_fmt *fmt = &visp_out_fmts[i];

		if (fmt->hw_fmt == VISP_OUT_FMT_RAW16) {
			if (video->id == VISP_VIDEO_SELF)
				continue;
			if (f->mbus_code &&
			    visp_mbus_code_bayer(f->mbus_code) != fmt->bayer)
				continue;
		} else if (f->mbus_code && f->mbus_code != fmt->mbus_code) {
			continue;
		}
		if (n++ == f->index) {
			f->pixelformat = fmt->fourcc;
			if (fmt->yuv)
				f->flags |= V4L2_FMT_FLAG_CSC_YCBCR_ENC |
					    V4L2_FMT_FLAG_CSC_QUANTIZATION;
			return 0;
		}
	}
	return -EINVAL;
}

/*
 * The sizes the format accepts, the limits TRY_FMT applies: even sizes,
 * widths a multiple of 4 for RAW10 CSI-2 packed input, and the smaller
 * maximum of the self path.
 */
static int visp_enum_framesizes(struct file *file, void *fh,
				struct v4l2_frmsizeenum *fsize)
{
	struct visp_video *video = to_visp_video(file);
	struct v4l2_frmsize_stepwise *sw = &fsize->stepwise;
	const struct visp_out_fmt *out_fmt;
	const struct visp_in_fmt *in_fmt;
	bool self = video->id == VISP_VIDEO_SELF;

	if (fsize->index)
		return -EINVAL;

	sw->step_width = 2;
	if (video->id == VISP_VIDEO_INPUT) {
		in_fmt = visp_find_in_fmt(fsize->pixel_format);
		if (!in_fmt)
			return -EINVAL;
		if (in_fmt->type == VISP_IN_TYPE_RAW10_CSI2P)
			sw->step_width = 4;
	} else {
		out_fmt = visp_find_out_fmt(fsize->pixel_format);
		if (!out_fmt ||
		    (self && out_fmt->hw_fmt == VISP_OUT_FMT_RAW16))
			return -EINVAL;
	}

	fsize->type = V4L2_FRMSIZE_TYPE_STEPWISE;
	sw->min_width = VISP_MIN_WIDTH;
	sw->max_width = self ? VISP_SELF_MAX_WIDTH : VISP_MAX_WIDTH;
	sw->min_height = VISP_MIN_HEIGHT;
	sw->max_height = self ? VISP_SELF_MAX_HEIGHT : VISP_MAX_HEIGHT;
	sw->step_height = 2;
	return 0;
}

static int visp_g_fmt(struct file *file, void *fh, struct v4l2_format *f)
{
	struct visp_video *video = to_visp_video(file);

	f->fmt = video->fmt.fmt;
	return 0;
}

static int visp_try_fmt(struct file *file, void *fh, struct v4l2_format *f)
{
	struct visp_video *video = to_visp_video(file);

	if (video->id == VISP_VIDEO_INPUT)
		visp_try_in_fmt(&f->fmt.pix_mp, NULL);
	else
		visp_try_out_fmt(video, &f->fmt.pix_mp, NULL);
	return 0;
}

static int visp_s_fmt(struct file *file, void *fh, struct v4l2_format *f)
{
	struct visp_video *video = to_visp_video(file);
	struct visp_device *visp = video->visp;
	const struct visp_out_fmt *out_fmt = NULL;
	const struct visp_in_fmt *in_fmt = NULL;

	/*
	 * Validate the request before looking at the state of the node: a
	 * request that is invalid anyway fails with -EINVAL, busy or not.
	 */
	if (f->type != video->queue.type)
		return -EINVAL;

	if (video->id == VISP_VIDEO_INPUT)
		visp_try_in_fmt(&f->fmt.pix_mp, &in_fmt);
	else
		visp_try_out_fmt(video, &f->fmt.pix_mp, &out_fmt);

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

static const struct v4l2_ioctl_ops visp_video_ioctl_ops = {
	.vidioc_querycap = visp_querycap,
	.vidioc_enum_fmt_vid_cap = visp_enum_fmt,
	.vidioc_g_fmt_vid_cap_mplane = visp_g_fmt,
	.vidioc_s_fmt_vid_cap_mplane = visp_s_fmt,
	.vidioc_try_fmt_vid_cap_mplane = visp_try_fmt,
	.vidioc_enum_fmt_vid_out = visp_enum_fmt,
	.vidioc_g_fmt_vid_out_mplane = visp_g_fmt,
	.vidioc_s_fmt_vid_out_mplane = visp_s_fmt,
	.vidioc_try_fmt_vid_out_mplane = visp_try_fmt,
	.vidioc_enum_framesizes = visp_enum_framesizes,
	.vidioc_reqbufs = vb2_ioctl_reqbufs,
	.vidioc_querybuf = vb2_ioctl_querybuf,
	.vidioc_create_bufs = vb2_ioctl_create_bufs,
	.vidioc_prepare_buf = vb2_ioctl_prepare_buf,
	.vidioc_qbuf = vb2_ioctl_qbuf,
	.vidioc_dqbuf = vb2_ioctl_dqbuf,
	.vidioc_expbuf = vb2_ioctl_expbuf,
	.vidioc_streamon = vb2_ioctl_streamon,
	.vidioc_streamoff = vb2_ioctl_streamoff,
};

static const struct v4l2_ioctl_ops visp_meta_ioctl_ops = {
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
	.vidioc_qbuf = vb2_ioctl_qbuf,
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

/*
 * The two paths share the CSC: a YUV capture node whose colorimetry differs
 * from the other path's linked YUV node cannot stream. Called with the
 * media graph mutex held, which keeps the links as they are.
 */
static int visp_video_validate_csc(struct visp_video *video)
{
	struct visp_device *visp = video->visp;
	unsigned int path = video->id == VISP_VIDEO_MAIN ? VISP_PATH_SELF :
			    VISP_PATH_MAIN;
	struct visp_video *other = &visp->video[visp_path_video(path)];
	const struct v4l2_pix_format_mplane *a, *b;
	int ret = 0;

	if (!visp_path_linked(visp, path))
		return 0;

	mutex_lock(&visp->job_lock);
	a = &video->fmt.fmt.pix_mp;
	b = &other->fmt.fmt.pix_mp;
	if (video->out_fmt->yuv && other->out_fmt->yuv &&
	    (a->ycbcr_enc != b->ycbcr_enc ||
	     a->quantization != b->quantization)) {
		dev_dbg(visp->dev,
			"%s: YUV encoding %u/quantization %u differs from %s's %u/%u, and the paths share the CSC\n",
			video->vdev.name, a->ycbcr_enc, a->quantization,
			other->vdev.name, b->ycbcr_enc, b->quantization);
		ret = -EPIPE;
	}
	mutex_unlock(&visp->job_lock);

	return ret;
}

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

	if (visp_video_is_meta(video))
		return 0;

	sd = media_entity_to_v4l2_subdev(pad->entity);
	state = v4l2_subdev_lock_and_get_active_state(sd);
	mf = v4l2_subdev_state_get_format(state, pad->index);
	sd_fmt = *mf;
	v4l2_subdev_unlock_state(state);

	mutex_lock(&visp->job_lock);
	pix = video->fmt.fmt.pix_mp;
	if (video->id == VISP_VIDEO_INPUT) {
		code = video->in_fmt->mbus_code;
	} else if (video->out_fmt->hw_fmt == VISP_OUT_FMT_RAW16) {
		code = visp_mbus_code_bayer(sd_fmt.code) ==
		       video->out_fmt->bayer ? sd_fmt.code : 0;
	} else {
		code = video->out_fmt->mbus_code;
	}
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
	} else if (video->id != VISP_VIDEO_INPUT) {
		ret = visp_video_validate_csc(video);
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
	if (video->id == VISP_VIDEO_PARAMS)
		return VISP_PARAMS_BUF_SIZE;
	if (video->id == VISP_VIDEO_STATS)
		return VISP_STATS_BUF_SIZE;
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

	if (video->id != VISP_VIDEO_PARAMS)
		return 0;

	buf->params = kvmalloc(VISP_PARAMS_BUF_SIZE, GFP_KERNEL);
	return buf->params ? 0 : -ENOMEM;
}

static void visp_buf_cleanup(struct vb2_buffer *vb)
{
	struct visp_buffer *buf = to_visp_buffer(to_vb2_v4l2_buffer(vb));

	kvfree(buf->params);
	buf->params = NULL;
}

/*
 * The data of an output buffer starts at the plane's data offset and ends
 * at its bytesused: return its size, or 0 when the offset is past the end.
 */
static size_t visp_buf_data_size(struct visp_video *video,
				 struct vb2_buffer *vb)
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
 * The capture formats set the CSC (see visp_video_pipeline_csc()): a CSC
 * block of a parameters buffer must repeat what they ask for, so that the
 * colorimetry the formats report is the one the frames have.
 */
static int visp_video_check_params_csc(struct visp_device *visp,
				       const struct visp_params_buffer *params)
{
	bool linked[VISP_PATH_COUNT];
	u8 matrix, range;
	unsigned int p;

	mutex_lock(&visp->mdev.graph_mutex);
	for (p = 0; p < VISP_PATH_COUNT; p++)
		linked[p] = visp_path_linked(visp, p);
	mutex_unlock(&visp->mdev.graph_mutex);

	mutex_lock(&visp->job_lock);
	visp_video_pipeline_csc(visp, linked, &matrix, &range);
	mutex_unlock(&visp->job_lock);

	return visp_params_buf_check_csc(visp->dev, params, matrix, range);
}

/* Copy a parameters buffer, then validate the copy. */
static int visp_params_prepare(struct visp_video *video,
			       struct visp_buffer *buf)
{
	struct vb2_buffer *vb = &buf->vb.vb2_buf;
	size_t used;

	/* bytesused 0 reaches here (allow_zero_bytesused). */
	used = vb2_get_plane_payload(vb, 0);
	if (used) {
		used = visp_buf_data_size(video, vb);
		if (!used)
			return -EINVAL;
	}
	/*
	 * Neither an empty buffer nor one larger than the largest valid
	 * buffer (the plane may be larger) is copied.
	 */
	if (visp_params_check_size(video->visp->dev, used))
		return -EINVAL;
	/* Validate a copy: userspace may change the buffer. */
	memcpy(buf->params, vb2_plane_vaddr(vb, 0) + vb->planes[0].data_offset,
	       used);
	if (visp_params_buf_validate(video->visp->dev, buf->params, used))
		return -EINVAL;
	return visp_video_check_params_csc(video->visp, buf->params);
}

static int visp_buf_prepare(struct vb2_buffer *vb)
{
	struct visp_video *video = vb2_get_drv_priv(vb->vb2_queue);
	struct visp_buffer *buf = to_visp_buffer(to_vb2_v4l2_buffer(vb));
	unsigned int offset = vb->planes[0].data_offset;
	u32 size = visp_video_buf_size(video);
	size_t used;
	u64 t0;
	int ret;

	if (vb2_plane_size(vb, 0) < size)
		return -EINVAL;

	switch (video->id) {
	case VISP_VIDEO_INPUT:
		/* The hardware reads the frame from the data offset on. */
		used = visp_buf_data_size(video, vb);
		if (!used)
			return -EINVAL;
		if (!IS_ALIGNED(offset, VISP_DMA_ALIGN)) {
			dev_dbg(video->visp->dev,
				"%s: data offset %u not a multiple of %u\n",
				video->vdev.name, offset, VISP_DMA_ALIGN);
			return -EINVAL;
		}
		if (used < size) {
			dev_dbg(video->visp->dev,
				"%s: %zu bytes of data, the format needs %u\n",
				video->vdev.name, used, size);
			return -EINVAL;
		}
		break;
	case VISP_VIDEO_PARAMS:
		t0 = trace_visp_params_prepare_enabled() ? ktime_get_ns() : 0;
		ret = visp_params_prepare(video, buf);
		trace_visp_params_prepare(vb->index, vb2_get_plane_payload(vb, 0),
					  ret, t0 ? ktime_get_ns() - t0 : 0);
		if (ret)
			return ret;
		break;
	default:
		vb2_set_plane_payload(vb, 0, size);
		break;
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
	list_add_tail(&buf->queue, &video->buffers);
	visp_try_run(visp);
	mutex_unlock(&visp->job_lock);
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
		vb2_buffer_done(&buf->vb.vb2_buf, state);
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
	.buf_prepare = visp_buf_prepare,
	.buf_queue = visp_buf_queue,
	.start_streaming = visp_start_streaming,
	.stop_streaming = visp_stop_streaming,
	.wait_prepare = vb2_ops_wait_prepare,
	.wait_finish = vb2_ops_wait_finish,
};

/* -----------------------------------------------------------------------
 * Registration
 */

static void visp_video_init_format(struct visp_video *video)
{
	struct v4l2_format *f = &video->fmt;

	switch (video->id) {
	case VISP_VIDEO_INPUT:
		f->type = V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
		f->fmt.pix_mp.pixelformat = V4L2_PIX_FMT_SRGGB10;
		f->fmt.pix_mp.width = 1920;
		f->fmt.pix_mp.height = 1080;
		visp_try_in_fmt(&f->fmt.pix_mp, &video->in_fmt);
		break;
	case VISP_VIDEO_MAIN:
	case VISP_VIDEO_SELF:
		f->type = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
		f->fmt.pix_mp.pixelformat = V4L2_PIX_FMT_NV12;
		f->fmt.pix_mp.width = 1920;
		f->fmt.pix_mp.height = 1080;
		visp_try_out_fmt(video, &f->fmt.pix_mp, &video->out_fmt);
		break;
	case VISP_VIDEO_PARAMS:
		f->type = V4L2_BUF_TYPE_META_OUTPUT;
		f->fmt.meta.dataformat = V4L2_META_FMT_VISP_PARAMS;
		f->fmt.meta.buffersize = VISP_PARAMS_BUF_SIZE;
		break;
	case VISP_VIDEO_STATS:
		f->type = V4L2_BUF_TYPE_META_CAPTURE;
		f->fmt.meta.dataformat = V4L2_META_FMT_VISP_STATS;
		f->fmt.meta.buffersize = VISP_STATS_BUF_SIZE;
		break;
	default:
		break;
	}
}

int visp_video_register(struct visp_device *visp, enum visp_video_id id)
{
	struct visp_video *video = &visp->video[id];
	struct video_device *vdev = &video->vdev;
	struct vb2_queue *q = &video->queue;
	bool output = id == VISP_VIDEO_INPUT || id == VISP_VIDEO_PARAMS;
	int ret;

	visp_video_init_format(video);

	q->type = video->fmt.type;
	q->io_modes = VB2_MMAP | VB2_DMABUF;
	q->drv_priv = video;
	q->buf_struct_size = sizeof(struct visp_buffer);
	q->ops = &visp_vb2_ops;
	q->timestamp_flags = V4L2_BUF_FLAG_TIMESTAMP_COPY;
	q->lock = &video->lock;
	q->dev = visp->dev;
	q->min_queued_buffers = 0;
	/* The CPU reads parameters, the hardware writes everything else. */
	if (id == VISP_VIDEO_PARAMS) {
		q->mem_ops = &vb2_vmalloc_memops;
		q->io_modes = VB2_MMAP;
		/* Else vb2 turns bytesused 0 into the buffer size. */
		q->allow_zero_bytesused = 1;
	} else {
		q->mem_ops = &vb2_dma_contig_memops;
	}
	ret = vb2_queue_init(q);
	if (ret)
		return ret;

	if (id == VISP_VIDEO_PARAMS) {
		ret = v4l2_ctrl_handler_init(&video->ctrls, 1);
		if (!ret)
			ret = visp_supported_blocks_ctrl_init(&video->ctrls);
		if (ret)
			return ret;
		vdev->ctrl_handler = &video->ctrls;
	}

	video->pad.flags = output ? MEDIA_PAD_FL_SOURCE : MEDIA_PAD_FL_SINK;
	video->pad.flags |= MEDIA_PAD_FL_MUST_CONNECT;
	ret = media_entity_pads_init(&vdev->entity, 1, &video->pad);
	if (ret)
		return ret;

	strscpy(vdev->name, visp_video_names[id], sizeof(vdev->name));
	vdev->entity.ops = &visp_video_media_ops;
	vdev->fops = &visp_video_fops;
	vdev->release = video_device_release_empty;
	vdev->v4l2_dev = &visp->v4l2_dev;
	vdev->lock = &video->lock;
	vdev->queue = q;
	vdev->vfl_dir = output ? VFL_DIR_TX : VFL_DIR_RX;
	vdev->ioctl_ops = visp_video_is_meta(video) ? &visp_meta_ioctl_ops :
			  &visp_video_ioctl_ops;

	switch (id) {
	case VISP_VIDEO_INPUT:
		vdev->device_caps = V4L2_CAP_VIDEO_OUTPUT_MPLANE;
		break;
	case VISP_VIDEO_PARAMS:
		vdev->device_caps = V4L2_CAP_META_OUTPUT;
		break;
	case VISP_VIDEO_STATS:
		vdev->device_caps = V4L2_CAP_META_CAPTURE;
		break;
	default:
		vdev->device_caps = V4L2_CAP_VIDEO_CAPTURE_MPLANE;
		break;
	}
	vdev->device_caps |= V4L2_CAP_STREAMING | V4L2_CAP_IO_MC;
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
