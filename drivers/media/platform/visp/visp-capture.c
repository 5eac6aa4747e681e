// SPDX-License-Identifier: GPL-2.0
/*
 * VISP ISP driver - capture video nodes
 *
 * visp-main and visp-self take the processed frames of the main and the
 * self path, each from its resizer. Their formats set the output format
 * of their path and, for YUV formats, the CSC the two paths share.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/minmax.h>
#include <media/v4l2-ioctl.h>
#include <media/videobuf2-dma-contig.h>

#include "visp.h"

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

static int visp_capture_enum_fmt(struct file *file, void *fh,
				 struct v4l2_fmtdesc *f)
{
	struct visp_video *video = to_visp_video(file);
	unsigned int i, n = 0;

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

/* The self path has a smaller maximum size and no raw output. */
static int visp_capture_enum_framesizes(struct file *file, void *fh,
					struct v4l2_frmsizeenum *fsize)
{
	struct visp_video *video = to_visp_video(file);
	const struct visp_out_fmt *fmt = visp_find_out_fmt(fsize->pixel_format);
	bool self = video->id == VISP_VIDEO_SELF;

	if (fsize->index || !fmt ||
	    (self && fmt->hw_fmt == VISP_OUT_FMT_RAW16))
		return -EINVAL;

	visp_video_framesizes(fsize, 2,
			      self ? VISP_SELF_MAX_WIDTH : VISP_MAX_WIDTH,
			      self ? VISP_SELF_MAX_HEIGHT : VISP_MAX_HEIGHT);
	return 0;
}

static int visp_capture_try_fmt(struct file *file, void *fh,
				struct v4l2_format *f)
{
	visp_try_out_fmt(to_visp_video(file), &f->fmt.pix_mp, NULL);
	return 0;
}

static int visp_capture_s_fmt(struct file *file, void *fh,
			      struct v4l2_format *f)
{
	struct visp_video *video = to_visp_video(file);
	const struct visp_out_fmt *fmt;

	visp_try_out_fmt(video, &f->fmt.pix_mp, &fmt);
	return visp_video_set_fmt(video, f, NULL, fmt);
}

static const struct v4l2_ioctl_ops visp_capture_ioctl_ops = {
	.vidioc_querycap = visp_querycap,
	.vidioc_enum_fmt_vid_cap = visp_capture_enum_fmt,
	.vidioc_g_fmt_vid_cap_mplane = visp_g_fmt,
	.vidioc_s_fmt_vid_cap_mplane = visp_capture_s_fmt,
	.vidioc_try_fmt_vid_cap_mplane = visp_capture_try_fmt,
	.vidioc_enum_framesizes = visp_capture_enum_framesizes,
	.vidioc_reqbufs = vb2_ioctl_reqbufs,
	.vidioc_querybuf = vb2_ioctl_querybuf,
	.vidioc_create_bufs = vb2_ioctl_create_bufs,
	.vidioc_prepare_buf = vb2_ioctl_prepare_buf,
	.vidioc_qbuf = visp_qbuf,
	.vidioc_dqbuf = vb2_ioctl_dqbuf,
	.vidioc_expbuf = vb2_ioctl_expbuf,
	.vidioc_streamon = vb2_ioctl_streamon,
	.vidioc_streamoff = vb2_ioctl_streamoff,
};

/*
 * The media bus code of the resizer's source pad that the format needs:
 * RAW16 takes the Bayer code of its CFA order.
 */
static u32 visp_capture_link_code(const struct visp_video *video, u32 code)
{
	if (video->out_fmt->hw_fmt == VISP_OUT_FMT_RAW16)
		return visp_mbus_code_bayer(code) == video->out_fmt->bayer ?
		       code : 0;
	return video->out_fmt->mbus_code;
}

/*
 * The two paths share the CSC: a YUV capture node whose colorimetry differs
 * from the other path's linked YUV node cannot stream. Called with the
 * media graph mutex held, which keeps the links as they are.
 */
static int visp_capture_link_check(struct visp_video *video)
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

static const struct visp_video_desc visp_capture_desc = {
	.caps = V4L2_CAP_VIDEO_CAPTURE_MPLANE,
	.ioctl_ops = &visp_capture_ioctl_ops,
	.mem_ops = &vb2_dma_contig_memops,
	.io_modes = VB2_MMAP | VB2_DMABUF,
	.link_code = visp_capture_link_code,
	.link_check = visp_capture_link_check,
};

int visp_capture_register(struct visp_device *visp, unsigned int path)
{
	struct visp_video *video = &visp->video[visp_path_video(path)];
	struct v4l2_format *f = &video->fmt;

	f->type = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
	f->fmt.pix_mp.pixelformat = V4L2_PIX_FMT_NV12;
	f->fmt.pix_mp.width = 1920;
	f->fmt.pix_mp.height = 1080;
	visp_try_out_fmt(video, &f->fmt.pix_mp, &video->out_fmt);

	return visp_video_register(video, path == VISP_PATH_MAIN ?
				   "visp-main" : "visp-self",
				   &visp_capture_desc);
}
