// SPDX-License-Identifier: GPL-2.0
/*
 * libvispmodel unit tests: TAP runner
 *
 * Prints one TAP line per test case and a closing "N passed, M failed"
 * line; exits non-zero when any case fails.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <stdlib.h>

#include "tap.h"

int tap_errors;

void tap_note_failure(const char *file, int line, const char *what,
		      long long got, long long expected)
{
	if (tap_errors++ < 8)
		printf("#   %s:%d: %s: got %lld, expected %lld\n", file, line,
		       what, got, expected);
}

static const struct tcase *const suites[] = {
	pipeline_tests, format_tests, params_tests, stats_tests, regs_tests,
	ref_tests,
};

int main(void)
{
	unsigned int s, total = 0, failed = 0;
	const struct tcase *tc;

	for (s = 0; s < ARRAY_SIZE(suites); s++)
		for (tc = suites[s]; tc->name; tc++)
			total++;
	printf("TAP version 13\n1..%u\n", total);

	total = 0;
	for (s = 0; s < ARRAY_SIZE(suites); s++) {
		for (tc = suites[s]; tc->name; tc++) {
			tap_errors = 0;
			tc->fn();
			total++;
			if (tap_errors)
				failed++;
			printf("%sok %u - %s\n", tap_errors ? "not " : "", total,
			       tc->name);
			fflush(stdout);
		}
	}

	printf("%u passed, %u failed\n", total - failed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
