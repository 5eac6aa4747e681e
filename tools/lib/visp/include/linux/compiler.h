/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel's <linux/compiler.h>, enough for the
 * VISP model.
 */
#ifndef __VISP_TOOLS_LINUX_COMPILER_H
#define __VISP_TOOLS_LINUX_COMPILER_H

#ifndef noinline
#define noinline	__attribute__((__noinline__))
#endif

#endif
