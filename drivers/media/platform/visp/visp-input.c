// SPDX-License-Identifier: GPL-2.0
/*
 * VISP ISP driver - input video node
 *
 * visp-input takes the raw Bayer frames the ISP processes from memory.
 * Its buffers start a stream (see visp_stream_join()); its format sets the
 * input of the hardware.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/minmax.h>
#include <media/v4l2-ioctl.h>
#include <media/videobuf2-dma-contig.h>

#include "visp.h"

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

static int visp_input_enum_fmt(struct file *file, void *fh,
			       struct v4l2_fmtdesc *f)
{
	unsigned int i, n = 0;

	for (i = 0; i < visp_num_in_fmts; i++) {
		if (f->mbus_code && f->mbus_code != visp_in_fmts[i].mbus_code)
			continue;
		if (n++ == f->index) {
			f->pixelformat = visp_in_fmts[i].fourcc;
			return 0;
		}
	}
	return -EINVAL;
}

/* Widths are a multiple of 4 for RAW10 CSI-2 packed input. */
static int visp_input_enum_framesizes(struct file *file, void *fh,
				      struct v4l2_frmsizeenum *fsize)
{
	const struct visp_in_fmt *fmt = visp_find_in_fmt(fsize->pixel_format);

	if (fsize->index || !fmt)
		return -EINVAL;

	visp_video_framesizes(fsize,
			      fmt->type == VISP_IN_TYPE_RAW10_CSI2P ? 4 : 2,
			      VISP_MAX_WIDTH, VISP_MAX_HEIGHT);
	return 0;
}

static int visp_input_try_fmt(struct file *file, void *fh,
			      struct v4l2_format *f)
{
	visp_try_in_fmt(&f->fmt.pix_mp, NULL);
	return 0;
}

static int visp_input_s_fmt(struct file *file, void *fh,
			    struct v4l2_format *f)
{
	struct visp_video *video = to_visp_video(file);
	const struct visp_in_fmt *fmt;

	visp_try_in_fmt(&f->fmt.pix_mp, &fmt);
	return visp_video_set_fmt(video, f, fmt, NULL);
}

static const struct v4l2_ioctl_ops visp_input_ioctl_ops = {
	.vidioc_querycap = visp_querycap,
	.vidioc_enum_fmt_vid_out = visp_input_enum_fmt,
	.vidioc_g_fmt_vid_out_mplane = visp_g_fmt,
	.vidioc_s_fmt_vid_out_mplane = visp_input_s_fmt,
	.vidioc_try_fmt_vid_out_mplane = visp_input_try_fmt,
	.vidioc_enum_framesizes = visp_input_enum_framesizes,
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

/* The hardware reads the frame from the data offset on. */
static int visp_input_buf_prepare(struct visp_video *video,
				  struct visp_buffer *buf)
{
	struct vb2_buffer *vb = &buf->vb.vb2_buf;
	unsigned int offset = vb->planes[0].data_offset;
	u32 size = video->fmt.fmt.pix_mp.plane_fmt[0].sizeimage;
	size_t used;

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
	return 0;
}

static u32 visp_input_link_code(const struct visp_video *video, u32 code)
{
	return video->in_fmt->mbus_code;
}

static const struct visp_video_desc visp_input_desc = {
	.caps = V4L2_CAP_VIDEO_OUTPUT_MPLANE,
	.ioctl_ops = &visp_input_ioctl_ops,
	.mem_ops = &vb2_dma_contig_memops,
	.io_modes = VB2_MMAP | VB2_DMABUF,
	.buf_prepare = visp_input_buf_prepare,
	.link_code = visp_input_link_code,
};

int visp_input_register(struct visp_device *visp)
{
	struct visp_video *video = &visp->video[VISP_VIDEO_INPUT];
	struct v4l2_format *f = &video->fmt;

	f->type = V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
	f->fmt.pix_mp.pixelformat = V4L2_PIX_FMT_SRGGB10;
	f->fmt.pix_mp.width = 1920;
	f->fmt.pix_mp.height = 1080;
	visp_try_in_fmt(&f->fmt.pix_mp, &video->in_fmt);

	return visp_video_register(video, "visp-input", &visp_input_desc);
}
