// SPDX-License-Identifier: GPL-2.0
/*
 * libvispmodel: the reference model, compiled as the copy VISP_MODEL_COPY
 * (see visp-model-isa.h); the Makefile sets the instruction set.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include "visp-model-isa.h"

#include "visp-model.c"
