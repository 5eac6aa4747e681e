/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel's <linux/prefetch.h>, enough for the
 * VISP model.
 */
#ifndef __VISP_TOOLS_LINUX_PREFETCH_H
#define __VISP_TOOLS_LINUX_PREFETCH_H

#define prefetch(x)	__builtin_prefetch(x)
#define prefetchw(x)	__builtin_prefetch(x, 1)

#endif
