/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced into the kernel's media selftests when they are built for the
 * guest: their output goes to files that tests read while they still run,
 * so it must not wait in a full stdio buffer.
 */
#include <stdio.h>

__attribute__((constructor)) static void visp_linebuf(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}
