/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the test guest's tools (visp-feed, visp-fuzz,
 * visp-stress), each built from its single .c file by vmtest.py.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_GUEST_H__
#define __VISP_GUEST_H__

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ioctl(), restarted when a signal interrupts it. */
static inline int xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret < 0 && errno == EINTR);
	return ret;
}

/*
 * Map the file at @path read-only: 0 with its bytes in *@data (NULL for an
 * empty file) and their count in *@size, or -1 with errno set.
 */
static inline int visp_map_file(const char *path, const unsigned char **data,
				size_t *size)
{
	struct stat st;
	void *mem = NULL;
	int fd, err = 0;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st)) {
		err = errno;
	} else if (st.st_size) {
		mem = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (mem == MAP_FAILED)
			err = errno;
	}
	close(fd);
	if (err) {
		errno = err;
		return -1;
	}
	*data = mem;
	*size = st.st_size;
	return 0;
}

/*
 * The size the driver takes of the parameters buffer at @p, of at most @max
 * bytes: its header and its data_size, as bytesused must be.
 */
static inline unsigned int visp_params_size(const unsigned char *p,
					    unsigned int max)
{
	unsigned int data_size;

	memcpy(&data_size, p + 4, sizeof(data_size));
	return data_size > max - 8 ? max : 8 + data_size;
}

#endif /* __VISP_GUEST_H__ */
