/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel's <linux/bits.h>, enough for
 * <media/visp-regs.h>.
 */
#ifndef __VISP_TOOLS_LINUX_BITS_H
#define __VISP_TOOLS_LINUX_BITS_H

#define BIT(nr)			(1UL << (nr))
#define GENMASK(h, l)		(((~0UL) << (l)) & (~0UL >> (sizeof(long) * 8 - 1 - (h))))

#endif
