/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libvispmodel: one copy of the reference model per instruction set
 *
 * The library compiles visp-model.c once per instruction set it supports
 * (visp-model-copy.c, with VISP_MODEL_COPY naming the copy), each time
 * with the exported functions renamed visp_model_<copy>_<function>.
 * visp-model-isa.c defines the functions of visp-model.h: they call the
 * copy selected for the CPU.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_MODEL_ISA_H__
#define __VISP_MODEL_ISA_H__

#define VISP_MODEL_ISA_FN_(copy, fn)	visp_model_##copy##_##fn
#define VISP_MODEL_ISA_FN(copy, fn)	VISP_MODEL_ISA_FN_(copy, fn)

/*
 * The functions visp-model.h declares, for X(copy, function). One left
 * out of the list (and of the renames below) is defined by every copy
 * and fails to link.
 */
#define VISP_MODEL_ISA_FUNCS(X, copy)					\
	X(copy, decode_regs) X(copy, check) X(copy, in_line_bytes)	\
	X(copy, out_line_bytes) X(copy, out_lines) X(copy, out_planes)	\
	X(copy, scratch_size) X(copy, run) X(copy, band_start)		\
	X(copy, run_band) X(copy, finish) X(copy, tone_point)		\
	X(copy, tone_eval)

#ifdef VISP_MODEL_COPY
#define VISP_MODEL_RENAME(fn)		VISP_MODEL_ISA_FN(VISP_MODEL_COPY, fn)
#define visp_model_decode_regs		VISP_MODEL_RENAME(decode_regs)
#define visp_model_check		VISP_MODEL_RENAME(check)
#define visp_model_in_line_bytes	VISP_MODEL_RENAME(in_line_bytes)
#define visp_model_out_line_bytes	VISP_MODEL_RENAME(out_line_bytes)
#define visp_model_out_lines		VISP_MODEL_RENAME(out_lines)
#define visp_model_out_planes		VISP_MODEL_RENAME(out_planes)
#define visp_model_scratch_size		VISP_MODEL_RENAME(scratch_size)
#define visp_model_run			VISP_MODEL_RENAME(run)
#define visp_model_band_start		VISP_MODEL_RENAME(band_start)
#define visp_model_run_band		VISP_MODEL_RENAME(run_band)
#define visp_model_finish		VISP_MODEL_RENAME(finish)
#define visp_model_tone_point		VISP_MODEL_RENAME(tone_point)
#define visp_model_tone_eval		VISP_MODEL_RENAME(tone_eval)
#endif

#endif /* __VISP_MODEL_ISA_H__ */
