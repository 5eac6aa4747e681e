// SPDX-License-Identifier: GPL-2.0
/*
 * VISP ISP driver - parameters video node
 *
 * visp-params takes the parameters buffers of the frames. Each buffer is
 * copied when it is prepared and the copy validated (visp-params-core.c,
 * shared with the userspace library); the job code applies the copy to
 * the configuration of the processing blocks, which visp-params-regs.c
 * translates into register values. The node is kept apart from that
 * translation: the job code calls the translation, and the nodes call
 * the job code, not the reverse.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/slab.h>
#include <media/v4l2-ctrls.h>
#include <media/videobuf2-vmalloc.h>

#include "visp.h"

#include <trace/events/visp.h>

static int visp_params_buf_init(struct visp_buffer *buf)
{
	buf->params = kvmalloc(VISP_PARAMS_BUF_SIZE, GFP_KERNEL);
	return buf->params ? 0 : -ENOMEM;
}

static void visp_params_buf_cleanup(struct visp_buffer *buf)
{
	kvfree(buf->params);
	buf->params = NULL;
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

static int visp_params_buf_prepare(struct visp_video *video,
				   struct visp_buffer *buf)
{
	struct vb2_buffer *vb = &buf->vb.vb2_buf;
	u64 t0;
	int ret;

	t0 = trace_visp_params_prepare_enabled() ? ktime_get_ns() : 0;
	ret = visp_params_prepare(video, buf);
	trace_visp_params_prepare(vb->index, vb2_get_plane_payload(vb, 0),
				  ret, t0 ? ktime_get_ns() - t0 : 0);
	return ret;
}

static const struct visp_video_desc visp_params_desc = {
	.caps = V4L2_CAP_META_OUTPUT,
	.ioctl_ops = &visp_meta_ioctl_ops,
	/* The CPU reads parameters. */
	.mem_ops = &vb2_vmalloc_memops,
	.io_modes = VB2_MMAP,
	/* Else vb2 turns bytesused 0 into the buffer size. */
	.allow_zero_bytesused = true,
	.buf_init = visp_params_buf_init,
	.buf_cleanup = visp_params_buf_cleanup,
	.buf_prepare = visp_params_buf_prepare,
};

int visp_params_register(struct visp_device *visp)
{
	struct visp_video *video = &visp->video[VISP_VIDEO_PARAMS];
	struct v4l2_format *f = &video->fmt;
	int ret;

	f->type = V4L2_BUF_TYPE_META_OUTPUT;
	f->fmt.meta.dataformat = V4L2_META_FMT_VISP_PARAMS;
	f->fmt.meta.buffersize = VISP_PARAMS_BUF_SIZE;

	/* The control handler is freed when the device is released. */
	ret = v4l2_ctrl_handler_init(&video->ctrls, 1);
	if (!ret)
		ret = visp_supported_blocks_ctrl_init(&video->ctrls);
	if (ret)
		return ret;
	video->vdev.ctrl_handler = &video->ctrls;

	return visp_video_register(video, "visp-params", &visp_params_desc);
}
