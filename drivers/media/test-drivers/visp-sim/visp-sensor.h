/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VISP simulator: the camera module, as the simulated SoC describes it
 *
 * The names of the sensor and lens platform devices and the properties of
 * the sensor's CSI-2 link, shared by the simulated SoC (visp-sim), which
 * describes the camera in its firmware graph, and the sensor and lens
 * drivers (visp-sensor), which check the description. See
 * Documentation/admin-guide/media/visp-sim.rst.
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_SENSOR_H__
#define __VISP_SENSOR_H__

/* Platform device and driver names. */
#define VISP_SENSOR_NAME		"visp-sensor"
#define VISP_LENS_NAME			"visp-lens"

/* CSI-2 D-PHY data lanes of the sensor. */
#define VISP_SENSOR_LANES		2

/* The sensor's only link frequency, Hz (DDR: 600 Mbit/s per lane). */
#define VISP_SENSOR_LINK_FREQ		300000000ULL

#endif /* __VISP_SENSOR_H__ */
