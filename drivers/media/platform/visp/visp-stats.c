// SPDX-License-Identifier: GPL-2.0
/*
 * VISP ISP driver - statistics video node
 *
 * visp-stats takes the statistics the ISP writes for each frame, in
 * buffers the hardware fills whole. The job code checks their header
 * when their frame completes.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <media/videobuf2-dma-contig.h>

#include "visp.h"

static const struct visp_video_desc visp_stats_desc = {
	.caps = V4L2_CAP_META_CAPTURE,
	.ioctl_ops = &visp_meta_ioctl_ops,
	.mem_ops = &vb2_dma_contig_memops,
	.io_modes = VB2_MMAP | VB2_DMABUF,
};

int visp_stats_register(struct visp_device *visp)
{
	struct visp_video *video = &visp->video[VISP_VIDEO_STATS];
	struct v4l2_format *f = &video->fmt;

	f->type = V4L2_BUF_TYPE_META_CAPTURE;
	f->fmt.meta.dataformat = V4L2_META_FMT_VISP_STATS;
	f->fmt.meta.buffersize = sizeof(struct visp_stats_buffer);

	return visp_video_register(video, "visp-stats", &visp_stats_desc);
}
