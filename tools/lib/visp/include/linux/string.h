/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel's <linux/string.h>: the C library's
 * memcmp(), memcpy() and the rest.
 */
#ifndef __VISP_TOOLS_LINUX_STRING_H
#define __VISP_TOOLS_LINUX_STRING_H

#include <string.h>

#endif
