// SPDX-License-Identifier: GPL-2.0
/*
 * visp-topology: print the graph of a media device as MEDIA_IOC_G_TOPOLOGY
 * returns it, ancillary links included, which MEDIA_IOC_ENUM_LINKS (and
 * so media-ctl -p) leaves out. Built statically into the test guest by
 * vmtest.py.
 *
 *   visp-topology DEVICE
 *	One line per entity, "entity NAME function 0xFUNCTION", then one per
 *	link: "link SOURCE:PAD -> SINK:PAD FLAGS" for data links, with the
 *	names of the entities and the indexes of the pads, and
 *	"ancillary PRIMARY -> ANCILLARY FLAGS" for ancillary links. FLAGS
 *	is a list of "enabled", "immutable", "dynamic", or "-".
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/media.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static const struct media_v2_entity *entity(const struct media_v2_topology *t,
					    uint32_t id)
{
	const struct media_v2_entity *e =
		(const void *)(uintptr_t)t->ptr_entities;
	uint32_t i;

	for (i = 0; i < t->num_entities; i++)
		if (e[i].id == id)
			return &e[i];
	return NULL;
}

static const struct media_v2_pad *pad(const struct media_v2_topology *t,
				      uint32_t id)
{
	const struct media_v2_pad *p = (const void *)(uintptr_t)t->ptr_pads;
	uint32_t i;

	for (i = 0; i < t->num_pads; i++)
		if (p[i].id == id)
			return &p[i];
	return NULL;
}

static const char *entity_name(const struct media_v2_topology *t,
			       uint32_t id)
{
	const struct media_v2_entity *e = entity(t, id);

	return e ? e->name : "?";
}

static void print_flags(uint32_t flags)
{
	if (!(flags & (MEDIA_LNK_FL_ENABLED | MEDIA_LNK_FL_IMMUTABLE |
		       MEDIA_LNK_FL_DYNAMIC)))
		printf(" -");
	if (flags & MEDIA_LNK_FL_ENABLED)
		printf(" enabled");
	if (flags & MEDIA_LNK_FL_IMMUTABLE)
		printf(" immutable");
	if (flags & MEDIA_LNK_FL_DYNAMIC)
		printf(" dynamic");
	printf("\n");
}

int main(int argc, char **argv)
{
	struct media_v2_topology t;
	const struct media_v2_entity *e;
	const struct media_v2_link *l;
	uint32_t i;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: visp-topology DEVICE\n");
		return 2;
	}

	fd = open(argv[1], O_RDWR);
	if (fd < 0)
		die(argv[1]);

	memset(&t, 0, sizeof(t));
	if (ioctl(fd, MEDIA_IOC_G_TOPOLOGY, &t))
		die("MEDIA_IOC_G_TOPOLOGY");
	t.ptr_entities = (uintptr_t)calloc(t.num_entities + 1, sizeof(*e));
	t.ptr_pads = (uintptr_t)calloc(t.num_pads + 1,
				       sizeof(struct media_v2_pad));
	t.ptr_links = (uintptr_t)calloc(t.num_links + 1, sizeof(*l));
	t.ptr_interfaces = 0;
	if (!t.ptr_entities || !t.ptr_pads || !t.ptr_links)
		die("calloc");
	if (ioctl(fd, MEDIA_IOC_G_TOPOLOGY, &t))
		die("MEDIA_IOC_G_TOPOLOGY");

	e = (const void *)(uintptr_t)t.ptr_entities;
	for (i = 0; i < t.num_entities; i++)
		printf("entity %s function 0x%08x\n", e[i].name,
		       e[i].function);

	l = (const void *)(uintptr_t)t.ptr_links;
	for (i = 0; i < t.num_links; i++) {
		uint32_t type = l[i].flags & MEDIA_LNK_FL_LINK_TYPE;
		const struct media_v2_pad *src, *sink;

		if (type == MEDIA_LNK_FL_ANCILLARY_LINK) {
			printf("ancillary %s -> %s",
			       entity_name(&t, l[i].source_id),
			       entity_name(&t, l[i].sink_id));
			print_flags(l[i].flags);
		} else if (type == MEDIA_LNK_FL_DATA_LINK) {
			src = pad(&t, l[i].source_id);
			sink = pad(&t, l[i].sink_id);
			if (!src || !sink)
				continue;
			printf("link %s:%u -> %s:%u",
			       entity_name(&t, src->entity_id), src->index,
			       entity_name(&t, sink->entity_id), sink->index);
			print_flags(l[i].flags);
		}
	}

	close(fd);
	return 0;
}
