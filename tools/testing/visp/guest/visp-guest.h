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
#include <sys/ioctl.h>

/* ioctl(), restarted when a signal interrupts it. */
static inline int xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret < 0 && errno == EINTR);
	return ret;
}

#endif /* __VISP_GUEST_H__ */
