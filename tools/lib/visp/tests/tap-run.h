/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The checks and the main loop of the TAP programs that run a list of
 * test functions once each (test-render.c, test-3a.c,
 * tools/visp/tests/test-io.c). A failed check prints where it is, the
 * first 8 of a test only, and the test goes on.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_TESTS_TAP_RUN_H__
#define __VISP_TESTS_TAP_RUN_H__

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* Failed checks of the test running */
static int errors;

#define CHECK(cond)							\
	do {								\
		if (!(cond) && errors++ < 8)				\
			printf("#   %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	} while (0)

#define CHECK_EQ(got, expected)						\
	do {								\
		long long g_ = (long long)(got);			\
		long long e_ = (long long)(expected);			\
		if (g_ != e_ && errors++ < 8)				\
			printf("#   %s:%d: %s: got %lld, expected %lld\n", \
			       __FILE__, __LINE__, #got, g_, e_);	\
	} while (0)

/* |got - expected| <= tol, with the figures shown when it fails */
#define CHECK_NEAR(got, expected, tol)					\
	do {								\
		double g_ = (got), e_ = (expected), t_ = (tol);		\
		if (!(fabs(g_ - e_) <= t_) && errors++ < 8)		\
			printf("#   %s:%d: %s: got %.4f, expected %.4f +- %.4f\n", \
			       __FILE__, __LINE__, #got, g_, e_, t_);	\
	} while (0)

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/**
 * struct tap_test - a test of a TAP program
 * @name: what the TAP line names
 * @fn: the test, which fails if a check of it does
 */
struct tap_test {
	const char *name;
	void (*fn)(void);
};

/**
 * tap_run() - run tests and print their TAP lines and a summary
 * @prefix: prefix of the test names, e.g. "render"
 * @tests: the tests
 * @n: number of tests
 *
 * Return: EXIT_SUCCESS if every test passed, else EXIT_FAILURE.
 */
static inline int tap_run(const char *prefix, const struct tap_test *tests,
			  size_t n)
{
	unsigned int i, failed = 0;

	printf("TAP version 13\n1..%zu\n", n);
	for (i = 0; i < n; i++) {
		errors = 0;
		tests[i].fn();
		failed += !!errors;
		printf("%sok %u - %s: %s\n", errors ? "not " : "", i + 1,
		       prefix, tests[i].name);
		fflush(stdout);
	}
	printf("%zu passed, %u failed\n", n - failed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
