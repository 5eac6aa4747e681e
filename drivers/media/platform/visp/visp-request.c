// SPDX-License-Identifier: GPL-2.0
/*
 * VISP ISP driver - media requests
 *
 * On the memory-input path, the buffers of one frame can be queued in a
 * media request: the job the request forms uses exactly its buffers (see
 * visp_job_collect()), so that a parameters buffer applies to the frame
 * of the input buffer it was queued with. A request holds one input
 * buffer and at most one buffer of each other node: the parameters the
 * frame is processed with, the capture buffers it fills and its
 * statistics. Requests carry no controls.
 *
 * Locking: the media core calls the operations below with
 * &media_device.req_queue_mutex held, which also serialises them with
 * VIDIOC_STREAMON and VIDIOC_STREAMOFF. The request can no longer change:
 * its objects are read without its lock. Validation takes the media graph
 * mutex and &visp_device.job_lock in turn, the vb2 queue locks (preparing
 * the buffers) after them.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/slab.h>
#include <media/media-request.h>
#include <media/videobuf2-v4l2.h>

#include "visp.h"

static struct media_request *visp_req_alloc(struct media_device *mdev)
{
	struct visp_request *vreq = kzalloc(sizeof(*vreq), GFP_KERNEL);

	return vreq ? &vreq->req : NULL;
}

static void visp_req_free(struct media_request *req)
{
	kfree(to_visp_request(req));
}

/*
 * The nodes of the request: one buffer each, and only buffers. Return
 * the bitmask of the nodes, 0 when the request cannot form a job.
 */
static u32 visp_req_nodes(struct visp_device *visp, struct media_request *req)
{
	struct media_request_object *obj;
	struct visp_video *video;
	struct vb2_buffer *vb;
	u32 nodes = 0;

	list_for_each_entry(obj, &req->objects, list) {
		if (!vb2_request_object_is_buffer(obj)) {
			dev_dbg(visp->dev,
				"request: holds controls, requests carry buffers only\n");
			return 0;
		}
		vb = container_of(obj, struct vb2_buffer, req_obj);
		video = vb2_get_drv_priv(vb->vb2_queue);
		if (nodes & BIT(video->id)) {
			dev_dbg(visp->dev, "request: two buffers of %s\n",
				video->vdev.name);
			return 0;
		}
		nodes |= BIT(video->id);
	}
	if (!(nodes & BIT(VISP_VIDEO_INPUT))) {
		dev_dbg(visp->dev, "request: no buffer of visp-input\n");
		return 0;
	}
	return nodes;
}

/* The links of the nodes of a request are enabled. */
static bool visp_req_linked(struct visp_device *visp, u32 nodes)
{
	unsigned int id, p;
	bool ok = true;

	mutex_lock(&visp->mdev.graph_mutex);
	for (id = 0; id < VISP_VIDEO_NUM && ok; id++) {
		struct visp_video *video = &visp->video[id];

		if (!(nodes & BIT(id)))
			continue;
		ok = media_pad_remote_pad_first(&video->pad);
		for (p = 0; p < VISP_PATH_COUNT && ok; p++)
			if (visp_path_video(p) == id)
				ok = visp_path_linked(visp, p);
		if (!ok)
			dev_dbg(visp->dev, "request: link of %s disabled\n",
				video->vdev.name);
	}
	mutex_unlock(&visp->mdev.graph_mutex);
	return ok;
}

/*
 * Refuse what cannot form a job, then let vb2 prepare the buffers, which
 * checks each as VIDIOC_QBUF does (the parameters are copied and
 * validated then).
 */
static int visp_req_validate(struct media_request *req)
{
	struct visp_device *visp = container_of(req->mdev, struct visp_device,
						mdev);
	unsigned int plain;
	u32 nodes;

	if (!vb2_request_buffer_cnt(req))
		return -ENOENT;

	nodes = visp_req_nodes(visp, req);
	if (!nodes || !visp_req_linked(visp, nodes))
		return -EINVAL;

	mutex_lock(&visp->job_lock);
	plain = visp->plain_bufs;
	mutex_unlock(&visp->job_lock);
	if (plain) {
		dev_dbg(visp->dev,
			"request: %u buffers are queued without a request\n",
			plain);
		return -EBUSY;
	}

	/* Not read before the buffers are queued to the driver. */
	to_visp_request(req)->nodes = nodes;
	return vb2_request_validate(req);
}

const struct media_device_ops visp_media_ops = {
	.req_alloc = visp_req_alloc,
	.req_free = visp_req_free,
	.req_validate = visp_req_validate,
	.req_queue = vb2_request_queue,
};
