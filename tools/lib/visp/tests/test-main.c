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
char tap_skip[128];

void tap_note_failure(const char *file, int line, const char *what,
		      long long got, long long expected)
{
	if (tap_errors++ < 8)
		printf("#   %s:%d: %s: got %lld, expected %lld\n", file, line,
		       what, got, expected);
}

static const struct tcase *const suites[] = {
	pipeline_tests, format_tests, params_tests, stats_tests, regs_tests,
	ref_tests, libvisp_tests, capture_tests, bands_tests,
	tone_tests,
};

static unsigned int total, failed;

static void run(const struct tcase *tc, const char *prefix)
{
	tap_errors = 0;
	tap_skip[0] = '\0';
	tc->fn();
	total++;
	if (tap_errors)
		failed++;
	printf("%sok %u - %s%s%s%s\n", tap_errors ? "not " : "", total, prefix,
	       tc->name, tap_skip[0] ? " # SKIP " : "", tap_skip);
	fflush(stdout);
}

/*
 * The suites run once per copy of the model this CPU runs (see
 * visp_model_isa_list()), named after it, then the comparison of the
 * copies.
 */
int main(void)
{
	const struct tcase *tc;
	unsigned int s, i, n = 0;
	const char *isa;
	char prefix[32];

	for (s = 0; s < ARRAY_SIZE(suites); s++)
		for (tc = suites[s]; tc->name; tc++)
			n++;
	for (i = 0; visp_model_isa_list(i); i++)
		;
	n *= i;
	for (tc = isa_tests; tc->name; tc++)
		n++;
	printf("TAP version 13\n1..%u\n", n);

	for (i = 0; (isa = visp_model_isa_list(i)); i++) {
		if (visp_model_isa_select(isa))
			return EXIT_FAILURE;
		snprintf(prefix, sizeof(prefix), "%s: ", isa);
		for (s = 0; s < ARRAY_SIZE(suites); s++)
			for (tc = suites[s]; tc->name; tc++)
				run(tc, prefix);
	}
	for (tc = isa_tests; tc->name; tc++)
		run(tc, "");

	printf("%u passed, %u failed\n", total - failed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
