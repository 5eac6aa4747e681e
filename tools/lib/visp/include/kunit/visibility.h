/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel's <kunit/visibility.h>: the reference
 * model exports its functions to the simulator's KUnit tests in the kernel;
 * in userspace there is nothing to export.
 */
#ifndef __VISP_TOOLS_KUNIT_VISIBILITY_H
#define __VISP_TOOLS_KUNIT_VISIBILITY_H

#define VISIBLE_IF_KUNIT
#define EXPORT_SYMBOL_IF_KUNIT(symbol)

#endif
