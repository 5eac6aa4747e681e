/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel's <linux/build_bug.h>, enough for the
 * VISP parameters rules.
 */
#ifndef __VISP_TOOLS_LINUX_BUILD_BUG_H
#define __VISP_TOOLS_LINUX_BUILD_BUG_H

/* 0, or a build error when @e is true. */
#define BUILD_BUG_ON_ZERO(e) ((int)(sizeof(struct { int:(-!!(e)); })))

#endif
