/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel's <linux/errno.h>: the error numbers
 * of the system's UAPI header.
 */
#ifndef __VISP_TOOLS_LINUX_ERRNO_H
#define __VISP_TOOLS_LINUX_ERRNO_H

#include_next <linux/errno.h>

#endif
