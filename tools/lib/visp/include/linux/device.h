/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel's <linux/device.h>, enough for the
 * VISP parameters validator (visp-params-core.c): there a struct device
 * collects the message of the first rule a buffer breaks, which
 * visp_params_check() returns to the caller.
 */
#ifndef __VISP_TOOLS_LINUX_DEVICE_H
#define __VISP_TOOLS_LINUX_DEVICE_H

#include <stddef.h>

/**
 * struct device - where dev_dbg() messages go
 * @msg: buffer for the message of the last dev_dbg() call, may be NULL
 * @size: bytes at @msg
 */
struct device {
	char *msg;
	size_t size;
};

void visp_dev_dbg(struct device *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The message, without its newline, is kept in @dev if not NULL. */
#define dev_dbg(dev, fmt, ...)	visp_dev_dbg(dev, fmt, ##__VA_ARGS__)

#endif
