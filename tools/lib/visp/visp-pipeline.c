// SPDX-License-Identifier: GPL-2.0
/*
 * libvisp: the VISP capture pipeline
 *
 * Finds the media device of the visp driver, its cameras and its memory
 * input, configures the links and the formats of the media graph with the
 * media controller and V4L2 subdevice APIs, allocates buffers (MMAP, or
 * DMABUF imported from MMAP buffers another node of the device exported)
 * and streams. See Documentation/userspace-api/media/visp-libvisp.rst.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/media.h>
#include <linux/media-bus-format.h>
#include <linux/v4l2-subdev.h>
#include <linux/videodev2.h>

#include "visp/libvisp.h"

#define VISP_DRIVER		"visp"
#define VISP_PL_BUFFERS		4

/* Pads of the visp entities (Documentation/admin-guide/media/visp.rst) */
#define PAD_ISP_SINK		0
#define PAD_ISP_PARAMS		1
#define PAD_ISP_SOURCE		2
#define PAD_ISP_STATS		3
#define PAD_ISP_RAW		4
#define PAD_RSZ_SINK		0
#define PAD_RSZ_SOURCE		1
#define PAD_CSI_SINK		0
#define PAD_CSI_SOURCE		1

static const char *const node_names[VISP_NODE_COUNT] = {
	[VISP_NODE_INPUT] = "visp-input",
	[VISP_NODE_MAIN] = "visp-main",
	[VISP_NODE_SELF] = "visp-self",
	[VISP_NODE_PARAMS] = "visp-params",
	[VISP_NODE_STATS] = "visp-stats",
};

struct pl_entity {
	uint32_t id;
	uint32_t function;
	char name[64];
	char devnode[64];
};

struct pl_pad {
	uint32_t id;
	uint32_t entity;
	uint32_t index;
};

struct pl_node {
	int fd;
	uint32_t type;
	uint32_t memory;
	unsigned int count;
	bool used;
	bool streaming;
	struct visp_buffer buf[VISP_PIPELINE_BUFFERS_MAX];
	struct visp_frame_format fmt;
};

struct visp_pipeline {
	int media_fd;
	char media_path[64];
	struct pl_entity *ent;
	unsigned int n_ent;
	struct media_v2_pad *pads;
	unsigned int n_pads;
	struct media_v2_link *links;
	unsigned int n_links;
	unsigned int n_cameras;
	struct visp_camera cameras[VISP_PIPELINE_CAMERAS_MAX];
	struct pl_node node[VISP_NODE_COUNT];
	int sensor_fd;
	int lens_fd;
	int csi_fd;
	int64_t frame;
	bool inline_camera;
	bool from_camera;
	char error[256];
};

static int pl_error(struct visp_pipeline *pl, int ret, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record the sentence describing a failure; return @ret. */
static int pl_error(struct visp_pipeline *pl, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(pl->error, sizeof(pl->error), fmt, ap);
	va_end(ap);
	return ret;
}

static bool type_is_meta(uint32_t type)
{
	return type == V4L2_BUF_TYPE_META_CAPTURE ||
	       type == V4L2_BUF_TYPE_META_OUTPUT;
}

static int xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret == -1 && errno == EINTR);
	return ret == -1 ? -errno : 0;
}

static void fourcc_str(uint32_t f, char s[5])
{
	unsigned int i;

	for (i = 0; i < 4; i++) {
		char c = (f >> (8 * i)) & 0xff;

		s[i] = c >= ' ' && c <= '~' ? c : '?';
	}
	s[4] = '\0';
}

/* The device node of a character device number, from sysfs. */
static void devnode_path(uint32_t major, uint32_t minor, char *path,
			 size_t size)
{
	char uevent[64], line[128];
	FILE *f;

	path[0] = '\0';
	snprintf(uevent, sizeof(uevent), "/sys/dev/char/%u:%u/uevent", major,
		 minor);
	f = fopen(uevent, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "DEVNAME=", 8)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(path, size, "/dev/%.48s", line + 8);
			break;
		}
	}
	fclose(f);
}

static void topology_free(struct visp_pipeline *pl)
{
	free(pl->ent);
	free(pl->pads);
	free(pl->links);
	pl->ent = NULL;
	pl->pads = NULL;
	pl->links = NULL;
}

/* Read the media graph: entities with their device nodes, pads, links. */
static int topology_read(struct visp_pipeline *pl)
{
	struct media_v2_topology topo = { 0 };
	struct media_v2_entity *ents = NULL;
	struct media_v2_interface *intfs = NULL;
	unsigned int i, j;
	int ret;

	topology_free(pl);
	ret = xioctl(pl->media_fd, MEDIA_IOC_G_TOPOLOGY, &topo);
	if (ret)
		return pl_error(pl, ret, "%s: cannot read the media graph: %s",
				pl->media_path, strerror(-ret));
	ents = calloc(topo.num_entities + 1, sizeof(*ents));
	intfs = calloc(topo.num_interfaces + 1, sizeof(*intfs));
	pl->pads = calloc(topo.num_pads + 1, sizeof(*pl->pads));
	pl->links = calloc(topo.num_links + 1, sizeof(*pl->links));
	pl->ent = calloc(topo.num_entities + 1, sizeof(*pl->ent));
	if (!ents || !intfs || !pl->pads || !pl->links || !pl->ent) {
		ret = pl_error(pl, -ENOMEM, "Out of memory.");
		goto out;
	}
	topo.ptr_entities = (uintptr_t)ents;
	topo.ptr_interfaces = (uintptr_t)intfs;
	topo.ptr_pads = (uintptr_t)pl->pads;
	topo.ptr_links = (uintptr_t)pl->links;
	ret = xioctl(pl->media_fd, MEDIA_IOC_G_TOPOLOGY, &topo);
	if (ret) {
		ret = pl_error(pl, ret, "%s: cannot read the media graph: %s",
			       pl->media_path, strerror(-ret));
		goto out;
	}
	pl->n_ent = topo.num_entities;
	pl->n_pads = topo.num_pads;
	pl->n_links = topo.num_links;
	for (i = 0; i < pl->n_ent; i++) {
		pl->ent[i].id = ents[i].id;
		pl->ent[i].function = ents[i].function;
		snprintf(pl->ent[i].name, sizeof(pl->ent[i].name), "%s",
			 ents[i].name);
	}
	/* Interface links: interface -> entity. */
	for (i = 0; i < pl->n_links; i++) {
		struct media_v2_link *l = &pl->links[i];

		if ((l->flags & MEDIA_LNK_FL_LINK_TYPE) !=
		    MEDIA_LNK_FL_INTERFACE_LINK)
			continue;
		for (j = 0; j < topo.num_interfaces; j++) {
			unsigned int e;

			if (intfs[j].id != l->source_id)
				continue;
			for (e = 0; e < pl->n_ent; e++)
				if (pl->ent[e].id == l->sink_id)
					devnode_path(intfs[j].devnode.major,
						     intfs[j].devnode.minor,
						     pl->ent[e].devnode,
						     sizeof(pl->ent[e].devnode));
		}
	}
out:
	free(ents);
	free(intfs);
	return ret;
}

static const struct pl_entity *entity_by_name(struct visp_pipeline *pl,
					      const char *name)
{
	unsigned int i;

	for (i = 0; i < pl->n_ent; i++)
		if (!strcmp(pl->ent[i].name, name))
			return &pl->ent[i];
	return NULL;
}

static const struct pl_entity *entity_by_id(struct visp_pipeline *pl,
					    uint32_t id)
{
	unsigned int i;

	for (i = 0; i < pl->n_ent; i++)
		if (pl->ent[i].id == id)
			return &pl->ent[i];
	return NULL;
}

static bool pad_of(struct visp_pipeline *pl, uint32_t pad_id,
		   struct media_pad_desc *desc)
{
	unsigned int i;

	for (i = 0; i < pl->n_pads; i++) {
		if (pl->pads[i].id != pad_id)
			continue;
		desc->entity = pl->pads[i].entity_id;
		desc->index = pl->pads[i].index;
		desc->flags = pl->pads[i].flags;
		return true;
	}
	return false;
}

static int link_setup(struct visp_pipeline *pl, const char *src,
		      unsigned int src_pad, const char *sink,
		      unsigned int sink_pad, bool enable)
{
	const struct pl_entity *s = entity_by_name(pl, src);
	const struct pl_entity *k = entity_by_name(pl, sink);
	struct media_link_desc desc = { 0 };
	unsigned int i;
	int ret;

	if (!s || !k)
		return pl_error(pl, -ENODEV, "The media graph has no %s.",
				s ? sink : src);
	for (i = 0; i < pl->n_links; i++) {
		struct media_v2_link *l = &pl->links[i];

		if ((l->flags & MEDIA_LNK_FL_LINK_TYPE) !=
		    MEDIA_LNK_FL_DATA_LINK)
			continue;
		if (!pad_of(pl, l->source_id, &desc.source) ||
		    !pad_of(pl, l->sink_id, &desc.sink))
			continue;
		if (desc.source.entity != s->id ||
		    desc.source.index != src_pad ||
		    desc.sink.entity != k->id || desc.sink.index != sink_pad)
			continue;
		if (l->flags & MEDIA_LNK_FL_IMMUTABLE) {
			if (!!(l->flags & MEDIA_LNK_FL_ENABLED) == enable)
				return 0;
			return pl_error(pl, -EINVAL,
					"The link from %s to %s cannot change.",
					src, sink);
		}
		desc.flags = enable ? MEDIA_LNK_FL_ENABLED : 0;
		ret = xioctl(pl->media_fd, MEDIA_IOC_SETUP_LINK, &desc);
		if (ret == -EBUSY)
			return pl_error(pl, ret,
					"The visp device is busy: another program is streaming from it.");
		if (ret)
			return pl_error(pl, ret,
					"Cannot %s the link from %s to %s: %s.",
					enable ? "enable" : "disable", src,
					sink, strerror(-ret));
		l->flags = (l->flags & ~MEDIA_LNK_FL_ENABLED) | desc.flags;
		return 0;
	}
	return pl_error(pl, -ENOENT, "There is no link from %s to %s.", src,
			sink);
}

/* Disable every data link that can be disabled (media-ctl -r). */
static int links_reset(struct visp_pipeline *pl)
{
	unsigned int i;
	int ret;

	for (i = 0; i < pl->n_links; i++) {
		struct media_v2_link *l = &pl->links[i];
		struct media_link_desc desc = { 0 };

		if ((l->flags & MEDIA_LNK_FL_LINK_TYPE) !=
		    MEDIA_LNK_FL_DATA_LINK ||
		    (l->flags & MEDIA_LNK_FL_IMMUTABLE) ||
		    !(l->flags & MEDIA_LNK_FL_ENABLED))
			continue;
		if (!pad_of(pl, l->source_id, &desc.source) ||
		    !pad_of(pl, l->sink_id, &desc.sink))
			continue;
		ret = xioctl(pl->media_fd, MEDIA_IOC_SETUP_LINK, &desc);
		if (ret == -EBUSY)
			return pl_error(pl, ret,
					"The visp device is busy: another program is streaming from it.");
		if (ret)
			return pl_error(pl, ret, "Cannot disable a link: %s.",
					strerror(-ret));
		l->flags &= ~MEDIA_LNK_FL_ENABLED;
	}
	return 0;
}

/* Find the visp media device: @path, or the first /dev/media* of visp. */
static int media_find(struct visp_pipeline *pl, const char *path)
{
	struct media_device_info info;
	unsigned int i;
	char p[64];
	int fd;

	for (i = 0; i < 64; i++) {
		if (path)
			snprintf(p, sizeof(p), "%s", path);
		else
			snprintf(p, sizeof(p), "/dev/media%u", i);
		fd = open(p, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			if (path)
				return pl_error(pl, -errno, "Cannot open %s: %s.",
						p, strerror(errno));
			continue;
		}
		memset(&info, 0, sizeof(info));
		if (!xioctl(fd, MEDIA_IOC_DEVICE_INFO, &info) &&
		    !strcmp(info.driver, VISP_DRIVER)) {
			pl->media_fd = fd;
			snprintf(pl->media_path, sizeof(pl->media_path), "%s",
				 p);
			return 0;
		}
		close(fd);
		if (path)
			return pl_error(pl, -ENODEV,
					"%s is not the media device of visp.",
					p);
	}
	if (access("/sys/module/visp", F_OK))
		return pl_error(pl, -ENODEV,
				"The visp module is not loaded (modprobe visp).");
	return pl_error(pl, -ENODEV, "No media device of visp was found.");
}

static int subdev_open(struct visp_pipeline *pl, const char *name)
{
	const struct pl_entity *e = entity_by_name(pl, name);
	int fd;

	if (!e || !e->devnode[0])
		return pl_error(pl, -ENODEV, "%s has no device node.", name);
	fd = open(e->devnode, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return pl_error(pl, -errno, "Cannot open %s (%s): %s.",
				e->devnode, name, strerror(errno));
	return fd;
}

/* The cameras: sensors linked to visp-csi, with their lens if any. */
static void cameras_find(struct visp_pipeline *pl)
{
	const struct pl_entity *csi = entity_by_name(pl, "visp-csi");
	const struct pl_entity *lens = NULL;
	unsigned int i;

	pl->n_cameras = 0;
	if (!csi)
		return;
	for (i = 0; i < pl->n_ent; i++)
		if (pl->ent[i].function == MEDIA_ENT_F_LENS)
			lens = &pl->ent[i];
	for (i = 0; i < pl->n_links; i++) {
		struct media_v2_link *l = &pl->links[i];
		struct media_pad_desc src, sink;
		const struct pl_entity *s;
		struct visp_camera *cam;

		if ((l->flags & MEDIA_LNK_FL_LINK_TYPE) !=
		    MEDIA_LNK_FL_DATA_LINK ||
		    !pad_of(pl, l->source_id, &src) ||
		    !pad_of(pl, l->sink_id, &sink) || sink.entity != csi->id)
			continue;
		s = entity_by_id(pl, src.entity);
		if (!s || s->function != MEDIA_ENT_F_CAM_SENSOR ||
		    pl->n_cameras == VISP_PIPELINE_CAMERAS_MAX)
			continue;
		cam = &pl->cameras[pl->n_cameras++];
		memset(cam, 0, sizeof(*cam));
		snprintf(cam->name, sizeof(cam->name), "%s", s->name);
		snprintf(cam->subdev, sizeof(cam->subdev), "%s", s->devnode);
		cam->pad = src.index;
		if (lens) {
			snprintf(cam->lens, sizeof(cam->lens), "%s",
				 lens->devnode);
		}
	}
}

int visp_pipeline_open(const char *media, struct visp_pipeline **pipeline,
		       char *err, size_t err_size)
{
	struct visp_pipeline *pl;
	unsigned int n;
	int ret;

	*pipeline = NULL;
	pl = calloc(1, sizeof(*pl));
	if (!pl) {
		snprintf(err, err_size, "Out of memory.");
		return -ENOMEM;
	}
	pl->media_fd = -1;
	pl->sensor_fd = -1;
	pl->lens_fd = -1;
	pl->csi_fd = -1;
	for (n = 0; n < VISP_NODE_COUNT; n++)
		pl->node[n].fd = -1;
	ret = media_find(pl, media);
	if (!ret)
		ret = topology_read(pl);
	if (ret) {
		snprintf(err, err_size, "%s", pl->error);
		visp_pipeline_close(pl);
		return ret;
	}
	pl->inline_camera = entity_by_name(pl, "visp-csi") != NULL;
	cameras_find(pl);
	*pipeline = pl;
	return 0;
}

void visp_pipeline_close(struct visp_pipeline *pl)
{
	unsigned int n;

	if (!pl)
		return;
	visp_pipeline_stop(pl);
	for (n = 0; n < VISP_NODE_COUNT; n++)
		visp_pipeline_free_buffers(pl, n);
	for (n = 0; n < VISP_NODE_COUNT; n++)
		if (pl->node[n].fd >= 0)
			close(pl->node[n].fd);
	if (pl->sensor_fd >= 0)
		close(pl->sensor_fd);
	if (pl->lens_fd >= 0)
		close(pl->lens_fd);
	if (pl->csi_fd >= 0)
		close(pl->csi_fd);
	if (pl->media_fd >= 0)
		close(pl->media_fd);
	topology_free(pl);
	free(pl);
}

const char *visp_pipeline_error(const struct visp_pipeline *pl)
{
	return pl->error;
}

const char *visp_pipeline_media_path(const struct visp_pipeline *pl)
{
	return pl->media_path;
}

unsigned int visp_pipeline_num_cameras(const struct visp_pipeline *pl)
{
	return pl->n_cameras;
}

const struct visp_camera *visp_pipeline_camera(const struct visp_pipeline *pl,
					       unsigned int index)
{
	return index < pl->n_cameras ? &pl->cameras[index] : NULL;
}

const char *visp_pipeline_node_path(struct visp_pipeline *pl,
				    unsigned int node)
{
	const struct pl_entity *e;

	if (node >= VISP_NODE_COUNT)
		return NULL;
	e = entity_by_name(pl, node_names[node]);
	return e && e->devnode[0] ? e->devnode : NULL;
}

int visp_pipeline_camera_sizes(struct visp_pipeline *pl, unsigned int camera,
			       unsigned int index, uint32_t *code,
			       uint32_t *width, uint32_t *height)
{
	const struct visp_camera *cam = visp_pipeline_camera(pl, camera);
	struct v4l2_subdev_mbus_code_enum mc = { 0 };
	struct v4l2_subdev_frame_size_enum fse = { 0 };
	unsigned int c, n = 0;
	int fd, ret = -ENOENT;

	if (!cam)
		return pl_error(pl, -ENODEV, "There is no camera %u.", camera);
	fd = open(cam->subdev, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return pl_error(pl, -errno, "Cannot open %s: %s.",
				cam->subdev, strerror(errno));
	for (c = 0;; c++) {
		mc.which = V4L2_SUBDEV_FORMAT_ACTIVE;
		mc.pad = cam->pad;
		mc.index = c;
		if (xioctl(fd, VIDIOC_SUBDEV_ENUM_MBUS_CODE, &mc))
			break;
		for (fse.index = 0;; fse.index++) {
			fse.which = V4L2_SUBDEV_FORMAT_ACTIVE;
			fse.pad = cam->pad;
			fse.code = mc.code;
			if (xioctl(fd, VIDIOC_SUBDEV_ENUM_FRAME_SIZE, &fse))
				break;
			if (n++ != index)
				continue;
			*code = mc.code;
			*width = fse.max_width;
			*height = fse.max_height;
			ret = 0;
			goto out;
		}
	}
out:
	close(fd);
	return ret;
}

static int subdev_fmt(struct visp_pipeline *pl, const char *name,
		      unsigned int pad, uint32_t code, uint32_t w, uint32_t h)
{
	struct v4l2_subdev_format f = {
		.which = V4L2_SUBDEV_FORMAT_ACTIVE,
		.pad = pad,
	};
	int fd, ret;

	fd = subdev_open(pl, name);
	if (fd < 0)
		return fd;
	ret = xioctl(fd, VIDIOC_SUBDEV_G_FMT, &f);
	if (!ret) {
		f.format.code = code;
		f.format.width = w;
		f.format.height = h;
		f.format.field = V4L2_FIELD_NONE;
		ret = xioctl(fd, VIDIOC_SUBDEV_S_FMT, &f);
	}
	close(fd);
	if (ret == -EBUSY)
		return pl_error(pl, ret,
				"The visp device is busy: another program is streaming from it.");
	if (ret)
		return pl_error(pl, ret, "%s pad %u: cannot set its format: %s.",
				name, pad, strerror(-ret));
	if (f.format.code != code)
		return pl_error(pl, -EINVAL,
				"Format not supported: %s pad %u does not take media bus code 0x%04x.",
				name, pad, code);
	if (f.format.width != w || f.format.height != h)
		return pl_error(pl, -EINVAL,
				"Size not supported: %s pad %u takes %ux%u, not %ux%u.",
				name, pad, f.format.width, f.format.height, w,
				h);
	return 0;
}

static int subdev_sel(struct visp_pipeline *pl, const char *name,
		      unsigned int pad, unsigned int target,
		      const struct visp_rect *r)
{
	struct v4l2_subdev_selection s = {
		.which = V4L2_SUBDEV_FORMAT_ACTIVE,
		.pad = pad,
		.target = target,
		.r = { r->left, r->top, r->width, r->height },
	};
	int fd, ret;

	fd = subdev_open(pl, name);
	if (fd < 0)
		return fd;
	ret = xioctl(fd, VIDIOC_SUBDEV_S_SELECTION, &s);
	close(fd);
	if (ret)
		return pl_error(pl, ret, "%s pad %u: cannot set its %s: %s.",
				name, pad,
				target == V4L2_SEL_TGT_CROP ? "crop" : "compose",
				strerror(-ret));
	if ((uint32_t)s.r.left != r->left || (uint32_t)s.r.top != r->top ||
	    s.r.width != r->width || s.r.height != r->height)
		return pl_error(pl, -EINVAL,
				"%s: the %s rectangle (%u,%u)/%ux%u is not supported, (%d,%d)/%ux%u is.",
				name,
				target == V4L2_SEL_TGT_CROP ? "crop" : "compose",
				r->left, r->top, r->width, r->height, s.r.left,
				s.r.top, s.r.width, s.r.height);
	return 0;
}

/*
 * The media bus code of @fourcc on @node's pad: the first code of the
 * subdevice pad (@sd, @pad) for which ENUM_FMT on the node lists @fourcc.
 */
static int fourcc_to_code(struct visp_pipeline *pl, unsigned int node,
			  uint32_t fourcc, const char *sd, unsigned int pad,
			  uint32_t *code)
{
	struct v4l2_subdev_mbus_code_enum mc = { 0 };
	struct pl_node *n = &pl->node[node];
	int fd;

	fd = subdev_open(pl, sd);
	if (fd < 0)
		return fd;
	for (mc.index = 0;; mc.index++) {
		struct v4l2_fmtdesc fd_ = { .type = n->type };

		mc.which = V4L2_SUBDEV_FORMAT_ACTIVE;
		mc.pad = pad;
		if (xioctl(fd, VIDIOC_SUBDEV_ENUM_MBUS_CODE, &mc))
			break;
		fd_.mbus_code = mc.code;
		for (fd_.index = 0;
		     !xioctl(n->fd, VIDIOC_ENUM_FMT, &fd_); fd_.index++) {
			if (fd_.pixelformat == fourcc) {
				*code = mc.code;
				close(fd);
				return 0;
			}
		}
	}
	close(fd);
	return -EINVAL;
}

static int node_open(struct visp_pipeline *pl, unsigned int node)
{
	struct pl_node *n;
	const char *path;

	if (node >= VISP_NODE_COUNT)
		return -EINVAL;
	n = &pl->node[node];
	path = visp_pipeline_node_path(pl, node);
	if (n->fd >= 0)
		return 0;
	if (!path)
		return pl_error(pl, -ENODEV, "%s has no device node.",
				node_names[node]);
	n->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (n->fd < 0)
		return pl_error(pl, -errno, "Cannot open %s (%s): %s.", path,
				node_names[node], strerror(errno));
	switch (node) {
	case VISP_NODE_INPUT:
		n->type = V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE;
		break;
	case VISP_NODE_PARAMS:
		n->type = V4L2_BUF_TYPE_META_OUTPUT;
		break;
	case VISP_NODE_STATS:
		n->type = V4L2_BUF_TYPE_META_CAPTURE;
		break;
	default:
		n->type = V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
	}
	return 0;
}

static int video_fmt(struct visp_pipeline *pl, unsigned int node,
		     uint32_t fourcc, uint32_t w, uint32_t h)
{
	struct pl_node *n = &pl->node[node];
	struct v4l2_format f = { .type = n->type };
	char a[5], b[5];
	int ret;

	f.fmt.pix_mp.width = w;
	f.fmt.pix_mp.height = h;
	f.fmt.pix_mp.pixelformat = fourcc;
	f.fmt.pix_mp.field = V4L2_FIELD_NONE;
	f.fmt.pix_mp.num_planes = 1;
	ret = xioctl(n->fd, VIDIOC_S_FMT, &f);
	if (ret == -EBUSY)
		return pl_error(pl, ret,
				"The visp device is busy: another program is streaming from it.");
	if (ret)
		return pl_error(pl, ret, "%s: cannot set its format: %s.",
				node_names[node], strerror(-ret));
	fourcc_str(fourcc, a);
	fourcc_str(f.fmt.pix_mp.pixelformat, b);
	if (f.fmt.pix_mp.pixelformat != fourcc)
		return pl_error(pl, -EINVAL,
				"Format not supported: %s has no pixel format %s.",
				node_names[node], a);
	if (f.fmt.pix_mp.width != w || f.fmt.pix_mp.height != h)
		return pl_error(pl, -EINVAL,
				"Size not supported: %s takes %s at %ux%u, not %ux%u.",
				node_names[node], a, f.fmt.pix_mp.width,
				f.fmt.pix_mp.height, w, h);
	n->fmt.fourcc = fourcc;
	n->fmt.width = w;
	n->fmt.height = h;
	n->fmt.stride = f.fmt.pix_mp.plane_fmt[0].bytesperline;
	n->fmt.size = f.fmt.pix_mp.plane_fmt[0].sizeimage;
	n->fmt.ycbcr_enc = f.fmt.pix_mp.ycbcr_enc;
	n->fmt.quantization = f.fmt.pix_mp.quantization;
	return 0;
}

static int meta_size(struct visp_pipeline *pl, unsigned int node)
{
	struct pl_node *n = &pl->node[node];
	struct v4l2_format f = { .type = n->type };
	int ret;

	ret = xioctl(n->fd, VIDIOC_G_FMT, &f);
	if (ret)
		return pl_error(pl, ret, "%s: cannot read its format: %s.",
				node_names[node], strerror(-ret));
	memset(&n->fmt, 0, sizeof(n->fmt));
	n->fmt.fourcc = f.fmt.meta.dataformat;
	n->fmt.size = f.fmt.meta.buffersize;
	return 0;
}

/*
 * The node lists @fourcc for the ISP input's Bayer code @in_code: a RAW16
 * format of the main path's raw bypass.
 */
static bool fourcc_is_raw(struct visp_pipeline *pl, unsigned int node,
			  uint32_t fourcc, uint32_t in_code)
{
	struct v4l2_fmtdesc fd_ = {
		.type = pl->node[node].type, .mbus_code = in_code,
	};

	for (; !xioctl(pl->node[node].fd, VIDIOC_ENUM_FMT, &fd_); fd_.index++) {
		if (fd_.pixelformat == fourcc)
			return true;
	}
	return false;
}

/*
 * Configure one of the main and self paths from the ISP: from its video
 * source pad (processed frames), or for a RAW16 format of the main path
 * from its raw source pad (the raw bypass, the input's Bayer code). The
 * two links into visp-resizer-main are exclusive; links_reset() disabled
 * both before.
 */
static int path_configure(struct visp_pipeline *pl, unsigned int node,
			  const struct visp_output_config *out,
			  uint32_t in_code, const struct visp_rect *isp_crop)
{
	const char *rsz = node == VISP_NODE_MAIN ? "visp-resizer-main" :
			  "visp-resizer-self";
	struct visp_rect crop = out->crop, compose = { 0 };
	uint32_t src = MEDIA_BUS_FMT_RGB121212_1X36, code = in_code;
	unsigned int isp_pad = PAD_ISP_SOURCE;
	bool raw;
	char s[5];
	int ret;

	ret = node_open(pl, node);
	if (ret)
		return ret;
	if (!crop.width || !crop.height) {
		crop = (struct visp_rect){ 0, 0, isp_crop->width,
					   isp_crop->height };
	}
	compose.width = out->width;
	compose.height = out->height;
	raw = node == VISP_NODE_MAIN &&
	      fourcc_is_raw(pl, node, out->fourcc, in_code);
	if (raw) {
		isp_pad = PAD_ISP_RAW;
		src = in_code;
	}
	ret = link_setup(pl, "visp-isp", isp_pad, rsz, PAD_RSZ_SINK, true);
	if (!ret)
		ret = link_setup(pl, rsz, PAD_RSZ_SOURCE, node_names[node], 0,
				 true);
	if (!ret)
		ret = subdev_fmt(pl, "visp-isp", isp_pad, src,
				 isp_crop->width, isp_crop->height);
	if (!ret)
		ret = subdev_fmt(pl, rsz, PAD_RSZ_SINK, src, isp_crop->width,
				 isp_crop->height);
	if (ret)
		return ret;
	if (!raw && fourcc_to_code(pl, node, out->fourcc, rsz, PAD_RSZ_SOURCE,
				   &code)) {
		fourcc_str(out->fourcc, s);
		return pl_error(pl, -EINVAL,
				"Format not supported: %s has no pixel format %s for this input.",
				node_names[node], s);
	}
	ret = subdev_sel(pl, rsz, PAD_RSZ_SINK, V4L2_SEL_TGT_CROP, &crop);
	if (!ret)
		ret = subdev_sel(pl, rsz, PAD_RSZ_SINK, V4L2_SEL_TGT_COMPOSE,
				 &compose);
	if (!ret)
		ret = subdev_fmt(pl, rsz, PAD_RSZ_SOURCE, code, out->width,
				 out->height);
	if (!ret)
		ret = video_fmt(pl, node, out->fourcc, out->width,
				out->height);
	if (!ret)
		pl->node[node].used = true;
	return ret;
}

int visp_pipeline_configure(struct visp_pipeline *pl,
			    const struct visp_pipeline_config *cfg)
{
	struct visp_rect crop = cfg->crop;
	uint32_t code = cfg->mbus_code;
	unsigned int n;
	char s[5];
	int ret;

	for (n = 0; n < VISP_NODE_COUNT; n++) {
		if (pl->node[n].streaming)
			return pl_error(pl, -EBUSY,
					"The pipeline is streaming.");
		ret = visp_pipeline_free_buffers(pl, n);
		if (ret)
			return ret;
		pl->node[n].used = false;
	}
	if (!cfg->main.enable && !cfg->self.enable && !cfg->stats)
		return pl_error(pl, -EINVAL,
				"The pipeline has no output: enable main, self or the statistics.");
	if (cfg->camera >= 0 && (unsigned int)cfg->camera >= pl->n_cameras)
		return pl_error(pl, -ENODEV, pl->n_cameras ?
				"There is no camera %d." :
				"No camera is connected to visp (is visp-sensor loaded?).",
				cfg->camera);
	ret = links_reset(pl);
	if (ret)
		return ret;

	pl->from_camera = cfg->camera >= 0;
	if (cfg->camera >= 0) {
		const struct visp_camera *cam = &pl->cameras[cfg->camera];
		const struct pl_entity *e = entity_by_name(pl, cam->name);

		if (pl->sensor_fd < 0)
			pl->sensor_fd = subdev_open(pl, cam->name);
		if (pl->sensor_fd < 0)
			return pl->sensor_fd;
		if (pl->lens_fd < 0 && cam->lens[0])
			pl->lens_fd = open(cam->lens, O_RDWR | O_CLOEXEC);
		ret = link_setup(pl, e->name, cam->pad, "visp-csi",
				 PAD_CSI_SINK, true);
		if (!ret)
			ret = link_setup(pl, "visp-csi", PAD_CSI_SOURCE,
					 "visp-isp", PAD_ISP_SINK, true);
		if (!ret)
			ret = subdev_fmt(pl, cam->name, cam->pad, code,
					 cfg->width, cfg->height);
		if (!ret)
			ret = subdev_fmt(pl, "visp-csi", PAD_CSI_SINK, code,
					 cfg->width, cfg->height);
		if (ret)
			return ret;
	} else {
		ret = node_open(pl, VISP_NODE_INPUT);
		if (ret)
			return ret;
		if (pl->inline_camera)
			ret = link_setup(pl, "visp-input", 0, "visp-isp",
					 PAD_ISP_SINK, true);
		if (ret)
			return ret;
		if (fourcc_to_code(pl, VISP_NODE_INPUT, cfg->in_fourcc,
				   "visp-isp", PAD_ISP_SINK, &code)) {
			fourcc_str(cfg->in_fourcc, s);
			return pl_error(pl, -EINVAL,
					"Format not supported: the memory input has no pixel format %s.",
					s);
		}
		ret = video_fmt(pl, VISP_NODE_INPUT, cfg->in_fourcc,
				cfg->width, cfg->height);
		if (ret)
			return ret;
		pl->node[VISP_NODE_INPUT].used = true;
	}
	if (!crop.width || !crop.height)
		crop = (struct visp_rect){ 0, 0, cfg->width, cfg->height };
	ret = subdev_fmt(pl, "visp-isp", PAD_ISP_SINK, code, cfg->width,
			 cfg->height);
	if (!ret)
		ret = subdev_sel(pl, "visp-isp", PAD_ISP_SINK,
				 V4L2_SEL_TGT_CROP, &crop);
	if (ret)
		return ret;

	if (cfg->main.enable) {
		ret = path_configure(pl, VISP_NODE_MAIN, &cfg->main, code,
				     &crop);
		if (ret)
			return ret;
	}
	if (cfg->self.enable) {
		ret = path_configure(pl, VISP_NODE_SELF, &cfg->self, code,
				     &crop);
		if (ret)
			return ret;
	}
	if (cfg->stats) {
		ret = node_open(pl, VISP_NODE_STATS);
		if (!ret)
			ret = link_setup(pl, "visp-isp", PAD_ISP_STATS,
					 "visp-stats", 0, true);
		if (!ret)
			ret = meta_size(pl, VISP_NODE_STATS);
		if (ret)
			return ret;
		pl->node[VISP_NODE_STATS].used = true;
	}
	if (cfg->params) {
		ret = node_open(pl, VISP_NODE_PARAMS);
		if (!ret)
			ret = meta_size(pl, VISP_NODE_PARAMS);
		if (ret)
			return ret;
		pl->node[VISP_NODE_PARAMS].used = true;
	}
	return 0;
}

const struct visp_frame_format *
visp_pipeline_format(const struct visp_pipeline *pl, unsigned int node)
{
	if (node >= VISP_NODE_COUNT || !pl->node[node].used)
		return NULL;
	return &pl->node[node].fmt;
}

static bool node_is_image(unsigned int node)
{
	return node == VISP_NODE_INPUT || node == VISP_NODE_MAIN ||
	       node == VISP_NODE_SELF;
}

static int reqbufs(struct visp_pipeline *pl, unsigned int node,
		   unsigned int count, uint32_t memory)
{
	struct pl_node *n = &pl->node[node];
	struct v4l2_requestbuffers req = {
		.count = count, .type = n->type, .memory = memory,
	};
	int ret;

	ret = xioctl(n->fd, VIDIOC_REQBUFS, &req);
	if (ret == -EBUSY)
		return pl_error(pl, ret,
				"The visp device is busy: another program is using %s.",
				node_names[node]);
	if (ret)
		return pl_error(pl, ret, "%s: cannot allocate buffers: %s.",
				node_names[node], strerror(-ret));
	if (count && req.count < count)
		return pl_error(pl, -ENOMEM, "%s: %u buffers, not %u.",
				node_names[node], req.count, count);
	return 0;
}

/*
 * DMABUF: @count buffers of @size bytes allocated as MMAP buffers of
 * @exporter with VIDIOC_CREATE_BUFS, exported with VIDIOC_EXPBUF, then
 * released on @exporter: the memory lives on in the DMABUF file
 * descriptors, which the importing node gets.
 */
static __attribute__((noinline)) int
dmabuf_export(struct visp_pipeline *pl, unsigned int exporter,
			 unsigned int count, size_t size, int *fds)
{
	struct pl_node *e = &pl->node[exporter];
	struct v4l2_create_buffers cb = {
		.count = count, .memory = V4L2_MEMORY_MMAP,
	};
	unsigned int i;
	int ret;

	ret = node_open(pl, exporter);
	if (ret)
		return ret;
	cb.format.type = e->type;
	ret = xioctl(e->fd, VIDIOC_G_FMT, &cb.format);
	if (!ret) {
		if (cb.format.fmt.pix_mp.plane_fmt[0].sizeimage < size)
			cb.format.fmt.pix_mp.plane_fmt[0].sizeimage = size;
		ret = xioctl(e->fd, VIDIOC_CREATE_BUFS, &cb);
	}
	if (ret == -EBUSY)
		return pl_error(pl, ret,
				"The visp device is busy: another program is using %s.",
				node_names[exporter]);
	if (ret || cb.count < count)
		return pl_error(pl, ret ? ret : -ENOMEM,
				"%s: cannot allocate buffers to export: %s.",
				node_names[exporter],
				strerror(ret ? -ret : ENOMEM));
	for (i = 0; i < count; i++) {
		struct v4l2_exportbuffer eb = {
			.type = e->type, .index = cb.index + i,
			.flags = O_RDWR | O_CLOEXEC,
		};

		ret = xioctl(e->fd, VIDIOC_EXPBUF, &eb);
		if (ret) {
			while (i--)
				close(fds[i]);
			reqbufs(pl, exporter, 0, V4L2_MEMORY_MMAP);
			return pl_error(pl, ret, "%s: cannot export a buffer: %s.",
					node_names[exporter], strerror(-ret));
		}
		fds[i] = eb.fd;
	}
	return reqbufs(pl, exporter, 0, V4L2_MEMORY_MMAP);
}

/* Query buffer @i of @node and map it, from @fd for DMABUF. */
static __attribute__((noinline)) int
buffer_map(struct visp_pipeline *pl, unsigned int node,
		      unsigned int i, int fd)
{
	struct pl_node *n = &pl->node[node];
	struct visp_buffer *b = &n->buf[i];
	struct v4l2_plane plane = { 0 };
	struct v4l2_buffer vb = {
		.index = i, .type = n->type, .memory = n->memory,
	};
	unsigned int off;
	size_t len;
	int ret;

	memset(b, 0, sizeof(*b));
	b->node = node;
	b->index = i;
	b->dmabuf_fd = fd;
	if (!type_is_meta(n->type)) {
		vb.m.planes = &plane;
		vb.length = 1;
	}
	ret = xioctl(n->fd, VIDIOC_QUERYBUF, &vb);
	if (ret)
		return pl_error(pl, ret, "%s: cannot query a buffer: %s.",
				node_names[node], strerror(-ret));
	len = type_is_meta(n->type) ? vb.length : plane.length;
	off = type_is_meta(n->type) ? vb.m.offset : plane.m.mem_offset;
	if (fd >= 0) {
		len = n->fmt.size;
		b->data = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED,
			       fd, 0);
	} else {
		b->data = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED,
			       n->fd, off);
	}
	if (b->data == MAP_FAILED) {
		b->data = NULL;
		return pl_error(pl, -errno, "%s: cannot map a buffer: %s.",
				node_names[node], strerror(errno));
	}
	b->length = len;
	return 0;
}

int visp_pipeline_alloc_buffers(struct visp_pipeline *pl, unsigned int node,
				unsigned int count, uint32_t memory)
{
	struct pl_node *n;
	int fds[VISP_PIPELINE_BUFFERS_MAX];
	unsigned int i;
	int ret;

	for (i = 0; i < VISP_PIPELINE_BUFFERS_MAX; i++)
		fds[i] = -1;
	if (node >= VISP_NODE_COUNT || !pl->node[node].used)
		return pl_error(pl, -EINVAL, "Node %u is not configured.",
				node);
	n = &pl->node[node];
	if (!count)
		count = VISP_PL_BUFFERS;
	if (count > VISP_PIPELINE_BUFFERS_MAX)
		return pl_error(pl, -EINVAL, "At most %u buffers per node.",
				VISP_PIPELINE_BUFFERS_MAX);
	if (memory != V4L2_MEMORY_MMAP &&
	    (memory != V4L2_MEMORY_DMABUF || !node_is_image(node)))
		return pl_error(pl, -EINVAL,
				"%s: memory type %u not supported.",
				node_names[node], memory);
	ret = visp_pipeline_free_buffers(pl, node);
	if (ret)
		return ret;
	if (memory == V4L2_MEMORY_DMABUF) {
		/*
		 * Exported by another image node that has no buffers, else
		 * by @node itself before it imports them.
		 */
		static const unsigned int img[] = {
			VISP_NODE_MAIN, VISP_NODE_SELF, VISP_NODE_INPUT,
		};
		unsigned int exporter = node;

		for (i = 0; i < 3 && exporter == node; i++)
			if (img[i] != node && !pl->node[img[i]].count &&
			    !pl->node[img[i]].streaming &&
			    !node_open(pl, img[i]))
				exporter = img[i];
		ret = dmabuf_export(pl, exporter, count, n->fmt.size, fds);
		if (ret)
			return ret;
	}
	ret = reqbufs(pl, node, count, memory);
	if (ret)
		goto err_fds;
	n->memory = memory;
	n->count = count;
	for (i = 0; i < count; i++) {
		ret = buffer_map(pl, node, i, memory == V4L2_MEMORY_DMABUF ?
				 fds[i] : -1);
		if (ret)
			goto err_fds;
		if (memory == V4L2_MEMORY_DMABUF)
			fds[i] = -1;
	}
	return 0;

err_fds:
	if (memory == V4L2_MEMORY_DMABUF)
		for (i = 0; i < count; i++)
			if (fds[i] >= 0)
				close(fds[i]);
	visp_pipeline_free_buffers(pl, node);
	return ret;
}

int visp_pipeline_free_buffers(struct visp_pipeline *pl, unsigned int node)
{
	struct pl_node *n = &pl->node[node];
	unsigned int i;

	if (!n->count)
		return 0;
	for (i = 0; i < n->count; i++) {
		struct visp_buffer *b = &n->buf[i];

		if (b->data)
			munmap(b->data, b->length);
		if (b->dmabuf_fd >= 0)
			close(b->dmabuf_fd);
		memset(b, 0, sizeof(*b));
		b->dmabuf_fd = -1;
	}
	n->count = 0;
	return reqbufs(pl, node, 0, n->memory);
}

unsigned int visp_pipeline_num_buffers(const struct visp_pipeline *pl,
				       unsigned int node)
{
	return node < VISP_NODE_COUNT ? pl->node[node].count : 0;
}

struct visp_buffer *visp_pipeline_buffer(struct visp_pipeline *pl,
					 unsigned int node, unsigned int index)
{
	if (node >= VISP_NODE_COUNT || index >= pl->node[node].count)
		return NULL;
	return &pl->node[node].buf[index];
}

/* Queue buffer @b, in request @request unless it is negative. */
static int queue_buf(struct visp_pipeline *pl, struct visp_buffer *b,
		     int request)
{
	struct pl_node *n;
	struct v4l2_plane plane = { 0 };
	struct v4l2_buffer vb = { 0 };
	int ret;

	if (!b || b->node >= VISP_NODE_COUNT ||
	    b->index >= pl->node[b->node].count)
		return pl_error(pl, -EINVAL, "Not a buffer of the pipeline.");
	n = &pl->node[b->node];
	vb.index = b->index;
	vb.type = n->type;
	vb.memory = n->memory;
	vb.bytesused = b->bytesused;
	if (!type_is_meta(n->type)) {
		plane.bytesused = b->bytesused;
		plane.length = b->length;
		if (n->memory == V4L2_MEMORY_DMABUF)
			plane.m.fd = b->dmabuf_fd;
		vb.m.planes = &plane;
		vb.length = 1;
	}
	if (request >= 0) {
		vb.flags = V4L2_BUF_FLAG_REQUEST_FD;
		vb.request_fd = request;
	}
	ret = xioctl(n->fd, VIDIOC_QBUF, &vb);
	if (ret)
		return pl_error(pl, ret, "%s: cannot queue a buffer%s: %s.",
				node_names[b->node],
				request >= 0 ? " in a request" : "",
				strerror(-ret));
	return 0;
}

int visp_pipeline_queue(struct visp_pipeline *pl, struct visp_buffer *b)
{
	return queue_buf(pl, b, -1);
}

int visp_pipeline_queue_request(struct visp_pipeline *pl,
				struct visp_buffer *b, int request)
{
	if (request < 0)
		return pl_error(pl, -EINVAL, "Not a request.");
	return queue_buf(pl, b, request);
}

int visp_pipeline_request_alloc(struct visp_pipeline *pl)
{
	int fd, ret;

	ret = xioctl(pl->media_fd, MEDIA_IOC_REQUEST_ALLOC, &fd);
	if (ret)
		return pl_error(pl, ret, "Cannot allocate a media request: %s.",
				strerror(-ret));
	return fd;
}

int visp_pipeline_request_queue(struct visp_pipeline *pl, int request)
{
	int ret = xioctl(request, MEDIA_REQUEST_IOC_QUEUE, NULL);

	if (ret)
		return pl_error(pl, ret, "Cannot queue the request: %s.",
				strerror(-ret));
	return 0;
}

int visp_pipeline_request_wait(struct visp_pipeline *pl, int request,
			       int timeout_ms)
{
	struct pollfd pfd = { .fd = request, .events = POLLPRI };
	int ret;

	ret = poll(&pfd, 1, timeout_ms);
	if (ret < 0)
		return pl_error(pl, -errno, "poll: %s.", strerror(errno));
	if (!ret)
		return pl_error(pl, -ETIMEDOUT,
				"The request did not complete in %d ms.",
				timeout_ms);
	if (pfd.revents & (POLLERR | POLLNVAL))
		return pl_error(pl, -EINVAL, "The request is not queued.");
	return 0;
}

int visp_pipeline_request_reinit(struct visp_pipeline *pl, int request)
{
	int ret = xioctl(request, MEDIA_REQUEST_IOC_REINIT, NULL);

	if (ret)
		return pl_error(pl, ret, "Cannot reinitialise the request: %s.",
				strerror(-ret));
	return 0;
}

int visp_pipeline_dequeue(struct visp_pipeline *pl, unsigned int node,
			  int timeout_ms, struct visp_buffer **buf)
{
	struct pl_node *n;
	struct v4l2_plane plane = { 0 };
	struct v4l2_buffer vb = { 0 };
	struct pollfd pfd;
	struct visp_buffer *b;
	int ret;

	*buf = NULL;
	if (node >= VISP_NODE_COUNT || !pl->node[node].count)
		return pl_error(pl, -EINVAL, "Node %u has no buffers.", node);
	n = &pl->node[node];
	pfd.fd = n->fd;
	pfd.events = V4L2_TYPE_IS_OUTPUT(n->type) ? POLLOUT : POLLIN;
	ret = poll(&pfd, 1, timeout_ms);
	if (ret < 0)
		return pl_error(pl, -errno, "poll: %s.", strerror(errno));
	if (!ret)
		return pl_error(pl, -ETIMEDOUT, "%s: no buffer for %d ms.",
				node_names[node], timeout_ms);
	vb.type = n->type;
	vb.memory = n->memory;
	if (!type_is_meta(n->type)) {
		vb.m.planes = &plane;
		vb.length = 1;
	}
	ret = xioctl(n->fd, VIDIOC_DQBUF, &vb);
	if (ret == -EAGAIN)
		return pl_error(pl, ret, "%s: no buffer ready.",
				node_names[node]);
	if (ret)
		return pl_error(pl, ret, "%s: cannot dequeue a buffer: %s.",
				node_names[node], strerror(-ret));
	b = &n->buf[vb.index];
	b->bytesused = type_is_meta(n->type) ? vb.bytesused :
		       plane.bytesused;
	b->sequence = vb.sequence;
	b->timestamp_ns = vb.timestamp.tv_sec * 1000000000ULL +
			  vb.timestamp.tv_usec * 1000ULL;
	b->error = vb.flags & V4L2_BUF_FLAG_ERROR;
	*buf = b;
	return 0;
}

int visp_pipeline_fd(const struct visp_pipeline *pl, unsigned int node)
{
	return node < VISP_NODE_COUNT ? pl->node[node].fd : -1;
}

static int streamon(struct visp_pipeline *pl, unsigned int node)
{
	struct pl_node *n = &pl->node[node];
	int type = n->type, ret;

	if (!n->used || n->streaming)
		return 0;
	ret = xioctl(n->fd, VIDIOC_STREAMON, &type);
	if (ret == -EBUSY)
		return pl_error(pl, ret,
				"The visp device is busy: another program is streaming from it.");
	if (ret == -EPIPE)
		return pl_error(pl, ret,
				"Format not supported: the formats of the pipeline do not agree (%s).",
				node_names[node]);
	if (ret)
		return pl_error(pl, ret, "%s: cannot start streaming: %s.",
				node_names[node], strerror(-ret));
	n->streaming = true;
	return 0;
}

/*
 * The receiver's frame start events give the camera frame being exposed:
 * subscribed to before streaming starts, so that none is missed. The
 * subscription keeps only the newest event.
 */
static int frame_sync_subscribe(struct visp_pipeline *pl)
{
	struct v4l2_event_subscription sub = {
		.type = V4L2_EVENT_FRAME_SYNC,
	};
	int ret;

	if (pl->csi_fd < 0) {
		pl->csi_fd = subdev_open(pl, "visp-csi");
		if (pl->csi_fd < 0)
			return pl->csi_fd;
		/* VIDIOC_DQEVENT then fails when no event is pending. */
		if (fcntl(pl->csi_fd, F_SETFL, O_NONBLOCK))
			return pl_error(pl, -errno, "visp-csi: %s.",
					strerror(errno));
	}
	ret = xioctl(pl->csi_fd, VIDIOC_SUBSCRIBE_EVENT, &sub);
	if (ret)
		return pl_error(pl, ret, "visp-csi: no frame sync events: %s.",
				strerror(-ret));
	pl->frame = -1;
	return 0;
}

int visp_pipeline_wait_frame(struct visp_pipeline *pl, uint32_t sequence,
			     int timeout_ms, uint32_t *current)
{
	struct pollfd pfd = { .fd = pl->csi_fd, .events = POLLPRI };
	struct v4l2_event ev;
	int ret;

	if (pl->csi_fd < 0)
		return pl_error(pl, -ENODEV,
				"The pipeline streams no camera.");
	for (;;) {
		/* Every pending event first: the newest is the frame. */
		while (!xioctl(pl->csi_fd, VIDIOC_DQEVENT, &ev))
			if (ev.type == V4L2_EVENT_FRAME_SYNC)
				pl->frame = ev.u.frame_sync.frame_sequence;
		if (pl->frame >= (int64_t)sequence)
			break;
		ret = poll(&pfd, 1, timeout_ms);
		if (ret < 0)
			return pl_error(pl, -errno, "visp-csi: poll: %s.",
					strerror(errno));
		if (!ret)
			return pl_error(pl, -ETIMEDOUT,
					"Camera frame %u did not start.",
					sequence);
	}
	if (current)
		*current = pl->frame;
	return 0;
}

int visp_pipeline_start(struct visp_pipeline *pl)
{
	static const unsigned int order[] = {
		VISP_NODE_PARAMS, VISP_NODE_STATS, VISP_NODE_SELF,
		VISP_NODE_MAIN, VISP_NODE_INPUT,
	};
	unsigned int i, n;
	int ret;

	for (n = 0; n < VISP_NODE_COUNT; n++) {
		if (pl->node[n].used && !pl->node[n].count)
			return pl_error(pl, -EINVAL,
					"%s has no buffers to stream.",
					node_names[n]);
	}
	if (pl->from_camera) {
		ret = frame_sync_subscribe(pl);
		if (ret)
			return ret;
	}
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		ret = streamon(pl, order[i]);
		if (ret) {
			visp_pipeline_stop(pl);
			return ret;
		}
	}
	return 0;
}

int visp_pipeline_stop(struct visp_pipeline *pl)
{
	unsigned int n;
	int ret = 0;

	for (n = 0; n < VISP_NODE_COUNT; n++) {
		struct pl_node *p = &pl->node[n];
		int type = p->type, r;

		if (!p->streaming)
			continue;
		r = xioctl(p->fd, VIDIOC_STREAMOFF, &type);
		if (r && !ret)
			ret = pl_error(pl, r, "%s: cannot stop streaming: %s.",
				       node_names[n], strerror(-r));
		p->streaming = false;
	}
	return ret;
}

static int subdev_ctrl_fd(struct visp_pipeline *pl, unsigned int subdev)
{
	int fd = subdev == VISP_SUBDEV_LENS ? pl->lens_fd : pl->sensor_fd;

	if (fd < 0)
		pl_error(pl, -ENODEV, "The pipeline has no %s.",
			 subdev == VISP_SUBDEV_LENS ? "lens" : "camera");
	return fd;
}

int visp_pipeline_get_ctrl(struct visp_pipeline *pl, unsigned int subdev,
			   uint32_t id, int32_t *value)
{
	struct v4l2_control c = { .id = id };
	int fd = subdev_ctrl_fd(pl, subdev), ret;

	if (fd < 0)
		return -ENODEV;
	ret = xioctl(fd, VIDIOC_G_CTRL, &c);
	if (ret)
		return pl_error(pl, ret, "Cannot read control 0x%08x: %s.",
				id, strerror(-ret));
	*value = c.value;
	return 0;
}

int visp_pipeline_set_ctrl(struct visp_pipeline *pl, unsigned int subdev,
			   uint32_t id, int32_t value)
{
	struct v4l2_control c = { .id = id, .value = value };
	int fd = subdev_ctrl_fd(pl, subdev), ret;

	if (fd < 0)
		return -ENODEV;
	ret = xioctl(fd, VIDIOC_S_CTRL, &c);
	if (ret)
		return pl_error(pl, ret, "Cannot set control 0x%08x to %d: %s.",
				id, value, strerror(-ret));
	return 0;
}

int visp_pipeline_query_ctrl(struct visp_pipeline *pl, unsigned int subdev,
			     uint32_t id, int64_t *min, int64_t *max,
			     int64_t *def)
{
	struct v4l2_query_ext_ctrl q = { .id = id };
	int fd = subdev_ctrl_fd(pl, subdev), ret;

	if (fd < 0)
		return -ENODEV;
	ret = xioctl(fd, VIDIOC_QUERY_EXT_CTRL, &q);
	if (ret)
		return pl_error(pl, ret, "Cannot query control 0x%08x: %s.",
				id, strerror(-ret));
	if (min)
		*min = q.minimum;
	if (max)
		*max = q.maximum;
	if (def)
		*def = q.default_value;
	return 0;
}
