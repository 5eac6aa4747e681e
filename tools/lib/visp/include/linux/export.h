/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel's <linux/export.h>: nothing is
 * exported in userspace.
 */
#ifndef __VISP_TOOLS_LINUX_EXPORT_H
#define __VISP_TOOLS_LINUX_EXPORT_H

#endif
