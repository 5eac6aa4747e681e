/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libvisp: contrast auto focus, internal interface
 *
 * The AF algorithm of visp-af.c, which the AE and AWB context of
 * visp-3a.c runs; the applications reach it through the visp_3a_*
 * functions of <visp/libvisp.h>. A NULL context is a camera without a
 * lens: the functions then do nothing.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_AF_H__
#define __VISP_AF_H__

#include <visp/libvisp.h>

struct visp_af;

int visp_af_create(const struct visp_3a_config *config, struct visp_af **af);
void visp_af_free(struct visp_af *af);
void visp_af_start(struct visp_af *af, struct visp_3a_result *result);
void visp_af_process(struct visp_af *af, const struct visp_stats_view *view,
		     const struct visp_stats_window *ae_win, uint32_t sequence,
		     uint32_t write, struct visp_3a_result *result);
void visp_af_written(struct visp_af *af, uint32_t frame);
void visp_af_params(const struct visp_af *af, struct visp_params_buffer *buf,
		    size_t size);
int visp_af_set_mode(struct visp_af *af, unsigned int mode,
		     uint32_t position);
int visp_af_set_window(struct visp_af *af,
		       const struct visp_3a_af_window *window);

#endif /* __VISP_AF_H__ */
