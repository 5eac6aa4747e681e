// SPDX-License-Identifier: GPL-2.0
/*
 * libvispmodel: run-time choice of the copy of the reference model
 *
 * The library holds the model compiled for the target's baseline and, on
 * x86-64 with a compiler that has -march=x86-64-v3, a second copy
 * compiled for x86-64-v3 (AVX2, BMI2, FMA) with 256-bit vectors and,
 * with -march=x86-64-v4, -mavx512vbmi and -mavx512vnni, a third for
 * x86-64-v4 with AVX512VBMI and AVX512VNNI (see visp-model-isa.h and the
 * Makefile). The functions of visp-model.h run the copy chosen on first
 * use: the one the environment variable VISP_MODEL_ISA names, when this
 * CPU runs it, otherwise the first this CPU runs in visp_model_isas[].
 * All copies give the same results.
 *
 * A table of function pointers, read once per call, rather than GNU
 * ifunc or target_clones: an ifunc resolver runs while the program is
 * being relocated, where reading the environment is not safe, and ifunc
 * is missing from some C libraries; target_clones would put compiler
 * attributes on the functions of visp-model.c, which the kernel builds
 * too, and clones only the functions it marks, not the line kernels they
 * call. The indirect call costs nothing next to a frame.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <stdlib.h>
#include <string.h>

#include "libvisp.h"
#include "visp-model-isa.h"

#define VISP_MODEL_ISA_DECLARE(copy, fn)				\
	extern __typeof__(visp_model_##fn) VISP_MODEL_ISA_FN(copy, fn);
#define VISP_MODEL_ISA_MEMBER(copy, fn)					\
	__typeof__(visp_model_##fn) *fn;
#define VISP_MODEL_ISA_INIT(copy, fn)					\
	.fn = VISP_MODEL_ISA_FN(copy, fn),

/**
 * struct visp_model_isa - one copy of the model
 *
 * @name: name, as in VISP_MODEL_ISA
 * @runs: whether this CPU runs the copy, NULL if it runs everywhere
 * @decode_regs: and the other members, the copy's functions
 */
struct visp_model_isa {
	const char *name;
	bool (*runs)(void);
	VISP_MODEL_ISA_FUNCS(VISP_MODEL_ISA_MEMBER, )
};

#define VISP_MODEL_ISA(copy, label, cpu_runs) {				\
	.name = label,							\
	.runs = cpu_runs,						\
	VISP_MODEL_ISA_FUNCS(VISP_MODEL_ISA_INIT, copy)			\
}

VISP_MODEL_ISA_FUNCS(VISP_MODEL_ISA_DECLARE, baseline)

#ifdef VISP_MODEL_HAVE_X86_64_V3
VISP_MODEL_ISA_FUNCS(VISP_MODEL_ISA_DECLARE, x86_64_v3)

/*
 * The features of x86-64-v3 the compiler makes use of in integer code;
 * every CPU that has them has the rest (F16C, LZCNT, MOVBE). Only
 * these names are known to both GCC and Clang.
 */
static bool visp_model_cpu_x86_64_v3(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx2") &&
	       __builtin_cpu_supports("bmi") &&
	       __builtin_cpu_supports("bmi2") &&
	       __builtin_cpu_supports("fma");
}
#endif

#ifdef VISP_MODEL_HAVE_X86_64_V4
VISP_MODEL_ISA_FUNCS(VISP_MODEL_ISA_DECLARE, x86_64_v4)

/*
 * x86-64-v4's AVX-512 subsets with VBMI and VNNI, on top of x86-64-v3.
 * The CPU having them is not enough: the system must save the opmask and
 * ZMM registers on a context switch, XCR0 bits 5 to 7. The compilers'
 * run-time tests read XCR0 (XGETBV) and report no AVX-512 subset unless
 * those bits and those of the SSE and AVX state are set: libgcc's
 * __cpu_indicator_init() (GCC 12: XCR0 & 0xe6 == 0xe6) and compiler-rt's
 * (XCR0 & 0xe0 == 0xe0 after the AVX state; Darwin, which enables it on
 * first use, aside). valgrind, which runs no AVX-512, hides it too, and
 * the x86-64-v3 copy runs there.
 */
static bool visp_model_cpu_x86_64_v4(void)
{
	return visp_model_cpu_x86_64_v3() &&
	       __builtin_cpu_supports("avx512f") &&
	       __builtin_cpu_supports("avx512bw") &&
	       __builtin_cpu_supports("avx512cd") &&
	       __builtin_cpu_supports("avx512dq") &&
	       __builtin_cpu_supports("avx512vl") &&
	       __builtin_cpu_supports("avx512vbmi") &&
	       __builtin_cpu_supports("avx512vnni");
}
#endif

/* The copies, fastest first; the last runs everywhere. */
static const struct visp_model_isa visp_model_isas[] = {
#ifdef VISP_MODEL_HAVE_X86_64_V4
	VISP_MODEL_ISA(x86_64_v4, "x86-64-v4", visp_model_cpu_x86_64_v4),
#endif
#ifdef VISP_MODEL_HAVE_X86_64_V3
	VISP_MODEL_ISA(x86_64_v3, "x86-64-v3", visp_model_cpu_x86_64_v3),
#endif
	VISP_MODEL_ISA(baseline, "baseline", NULL),
};

#define VISP_MODEL_ISA_COUNT \
	(sizeof(visp_model_isas) / sizeof(visp_model_isas[0]))

static const struct visp_model_isa *visp_model_isa_cur;

static bool visp_model_isa_runs(const struct visp_model_isa *isa)
{
	return !isa->runs || isa->runs();
}

static const struct visp_model_isa *visp_model_isa_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < VISP_MODEL_ISA_COUNT; i++)
		if (name && !strcmp(name, visp_model_isas[i].name) &&
		    visp_model_isa_runs(&visp_model_isas[i]))
			return &visp_model_isas[i];
	return NULL;
}

/*
 * The copy in use, chosen on first use. Threads that race there choose
 * the same copy.
 */
static const struct visp_model_isa *visp_model_isa(void)
{
	const struct visp_model_isa *isa;
	unsigned int i;

	isa = __atomic_load_n(&visp_model_isa_cur, __ATOMIC_ACQUIRE);
	if (isa)
		return isa;

	isa = visp_model_isa_find(getenv("VISP_MODEL_ISA"));
	for (i = 0; !isa; i++)
		if (visp_model_isa_runs(&visp_model_isas[i]))
			isa = &visp_model_isas[i];
	__atomic_store_n(&visp_model_isa_cur, isa, __ATOMIC_RELEASE);
	return isa;
}

const char *visp_model_isa_name(void)
{
	return visp_model_isa()->name;
}

const char *visp_model_isa_held(unsigned int i)
{
	return i < VISP_MODEL_ISA_COUNT ? visp_model_isas[i].name : NULL;
}

const char *visp_model_isa_list(unsigned int i)
{
	unsigned int k;

	for (k = 0; k < VISP_MODEL_ISA_COUNT; k++) {
		if (!visp_model_isa_runs(&visp_model_isas[k]))
			continue;
		if (!i--)
			return visp_model_isas[k].name;
	}
	return NULL;
}

int visp_model_isa_select(const char *name)
{
	const struct visp_model_isa *isa = visp_model_isa_find(name);

	if (!isa)
		return -1;
	__atomic_store_n(&visp_model_isa_cur, isa, __ATOMIC_RELEASE);
	return 0;
}

/* The functions of visp-model.h */

void visp_model_decode_regs(const u32 *regs, struct visp_model_config *cfg)
{
	visp_model_isa()->decode_regs(regs, cfg);
}

u32 visp_model_check(const struct visp_model_config *cfg)
{
	return visp_model_isa()->check(cfg);
}

u32 visp_model_in_line_bytes(u8 in_type, u32 width)
{
	return visp_model_isa()->in_line_bytes(in_type, width);
}

u32 visp_model_out_line_bytes(u8 format, u32 width, unsigned int plane)
{
	return visp_model_isa()->out_line_bytes(format, width, plane);
}

u32 visp_model_out_lines(u8 format, u32 height, unsigned int plane)
{
	return visp_model_isa()->out_lines(format, height, plane);
}

unsigned int visp_model_out_planes(u8 format)
{
	return visp_model_isa()->out_planes(format);
}

size_t visp_model_scratch_size(const struct visp_model_config *cfg)
{
	return visp_model_isa()->scratch_size(cfg);
}

int visp_model_run(const struct visp_model_config *cfg,
		   const struct visp_model_buffers *buf,
		   void *scratch, size_t scratch_size)
{
	return visp_model_isa()->run(cfg, buf, scratch, scratch_size);
}

u32 visp_model_band_start(const struct visp_model_config *cfg,
			  unsigned int band, unsigned int bands)
{
	return visp_model_isa()->band_start(cfg, band, bands);
}

int visp_model_run_band(const struct visp_model_config *cfg,
			const struct visp_model_buffers *buf,
			void *scratch, size_t scratch_size, u32 y0, u32 y1)
{
	return visp_model_isa()->run_band(cfg, buf, scratch, scratch_size, y0,
					  y1);
}

void visp_model_finish(const struct visp_model_config *cfg,
		       const struct visp_model_buffers *buf,
		       void *const *scratch, unsigned int bands)
{
	visp_model_isa()->finish(cfg, buf, scratch, bands);
}

u32 visp_model_tone_point(unsigned int i)
{
	return visp_model_isa()->tone_point(i);
}

u32 visp_model_tone_eval(const u16 *curve, u32 x)
{
	return visp_model_isa()->tone_eval(curve, x);
}
