/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libvispmodel: host-side VISP predictor
 *
 * The VISP reference model (visp-model.h) plus helpers to build its
 * configuration the way the VISP driver does: from the V4L2 formats
 * (input, paths) and from parameters buffers (processing blocks,
 * statistics). Also the public interface of libvisp, <visp/libvisp.h>:
 * the parameters buffer builders and validator and the statistics parser.
 *
 * This header is for the in-tree tools and tests, which link
 * libvispmodel.a; it is not installed.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __LIBVISP_H__
#define __LIBVISP_H__

#include <visp/libvisp.h>

#include "visp-model.h"
#include "visp-params-core.h"

/**
 * visp_config_init() - reset configuration
 * @cfg: configuration to initialise
 *
 * Sets every block to the reset default documented in visp-config.h (the
 * configuration the driver programs when streaming starts): all bypassable
 * blocks disabled with neutral values, bilinear demosaic, BT.601 limited
 * range CSC, statistics units disabled with their default windows, both
 * paths disabled. The input is left at 0 x 0: call visp_config_set_input().
 */
void visp_config_init(struct visp_model_config *cfg);

/**
 * visp_config_set_input() - set the input format
 * @cfg: configuration
 * @in_type: one of VISP_IN_TYPE_*
 * @bayer: one of VISP_BAYER_*
 * @width: pixels
 * @height: pixels
 *
 * Also sets the lens shading grid steps the way the driver does:
 * xstep = (16 << 16) / width, ystep = (12 << 16) / height.
 */
void visp_config_set_input(struct visp_model_config *cfg, u8 in_type,
			   u8 bayer, u32 width, u32 height);

/**
 * visp_config_set_path() - enable an output path
 * @cfg: configuration
 * @path: VISP_PATH_MAIN or VISP_PATH_SELF
 * @format: one of VISP_OUT_FMT_*
 * @crop_x: crop rectangle left, pixels
 * @crop_y: crop rectangle top, pixels
 * @crop_w: crop rectangle width, pixels
 * @crop_h: crop rectangle height, pixels
 * @out_w: output width, pixels
 * @out_h: output height, pixels
 *
 * Sets the scaler the way the driver does: step = (crop << 16) / out
 * and phase = (step - 65536) / 2 (C division, rounding toward zero), so
 * that the centres of the first and last pixels line up.
 */
void visp_config_set_path(struct visp_model_config *cfg, unsigned int path,
			  u8 format, u32 crop_x, u32 crop_y, u32 crop_w,
			  u32 crop_h, u32 out_w, u32 out_h);

/*
 * The parameters buffer rules, their application to a struct
 * visp_params_cfg, its defaults and visp_params_block_size() come from the
 * driver's source (drivers/media/platform/visp/visp-params-core.c, see
 * visp-params-core.h), compiled into this library.
 */

/**
 * visp_config_set_params() - set the processing blocks of a configuration
 * @cfg: model configuration
 * @pc: parameters configuration, as the driver keeps it
 *
 * Copies every field of @pc to the register-level fields of @cfg; the
 * input, paths and statistics DMA of @cfg are left alone.
 */
void visp_config_set_params(struct visp_model_config *cfg,
			    const struct visp_params_cfg *pc);

/**
 * visp_config_get_params() - processing blocks of a configuration
 * @cfg: model configuration
 * @pc: parameters configuration filled from @cfg
 *
 * The inverse of visp_config_set_params().
 */
void visp_config_get_params(const struct visp_model_config *cfg,
			    struct visp_params_cfg *pc);

/**
 * visp_params_apply() - apply a parameters buffer to a configuration
 * @cfg: configuration, input format already set
 * @buf: parameters buffer
 * @bytesused: bytes used in the V4L2 buffer
 *
 * Validates the buffer, then applies its blocks in order, exactly as the
 * driver programs the registers. Nothing is changed when the buffer is
 * invalid.
 *
 * Return: 0 on success, -EINVAL if the buffer is invalid.
 */
int visp_params_apply(struct visp_model_config *cfg, const void *buf,
		      size_t bytesused);

/**
 * visp_model_isa_name() - copy of the model in use
 *
 * The library holds the model compiled for the target's baseline and, on
 * x86-64, copies compiled for x86-64-v3 (AVX2) and, when the compiler
 * has them, for x86-64-v4 with AVX512VBMI and AVX512VNNI. The functions
 * of visp-model.h run the copy chosen on their first use: the one the
 * environment variable VISP_MODEL_ISA names ("baseline", "x86-64-v3" or
 * "x86-64-v4") when this CPU runs it, otherwise the fastest this CPU
 * runs. All copies give the same results.
 *
 * Return: the name of the copy in use.
 */
const char *visp_model_isa_name(void);

/**
 * visp_model_isa_list() - copies of the model this CPU runs
 * @i: index, from 0
 *
 * Return: the name of the @i-th copy, fastest first, or NULL past the
 * last.
 */
const char *visp_model_isa_list(unsigned int i);

/**
 * visp_model_isa_held() - copies of the model the library holds
 * @i: index, from 0
 *
 * Those this CPU does not run too (visp_model_isa_list() leaves them
 * out), so that tests can say which they did not run.
 *
 * Return: the name of the @i-th copy, fastest first, or NULL past the
 * last.
 */
const char *visp_model_isa_held(unsigned int i);

/**
 * visp_model_isa_select() - choose the copy of the model
 * @name: a name visp_model_isa_list() returns
 *
 * For tests and benchmarks: the functions of visp-model.h called from now
 * on run that copy. Not to be called while another thread is in one of
 * them. Copies may need different scratch sizes: visp_model_run() fails
 * with VISP_MODEL_ERR_SCRATCH on a scratch buffer sized for another copy
 * that is too small for this one.
 *
 * Return: 0, or -1 when this CPU runs no copy of that name.
 */
int visp_model_isa_select(const char *name);

#endif /* __LIBVISP_H__ */
