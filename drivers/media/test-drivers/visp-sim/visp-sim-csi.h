/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VISP simulator: the CSI-2 link from the sensor to the ISP's receiver
 *
 * The simulated sensor (visp-sensor) puts each frame on the wire in two
 * steps: the frame start with visp_sim_csi_frame_start() when its readout
 * starts, then its lines and frame end with visp_sim_csi_transmit(); the
 * simulated SoC (visp-sim) is the receiving end. See
 * Documentation/admin-guide/media/visp-sim.rst, "The CSI-2 link".
 *
 * Copyright (C) 2026 The VISP authors
 */

#ifndef __VISP_SIM_CSI_H__
#define __VISP_SIM_CSI_H__

#include <linux/types.h>

struct device;

/**
 * struct visp_sim_csi_frame - one frame on the CSI-2 link
 *
 * @data: the first sample; one sample per u16, right-aligned, in the
 *	CFA order of the sensor's output; not read at the frame start
 * @width: samples per line
 * @height: lines
 * @stride: bytes between line starts of @data
 * @dt: CSI-2 data type, VISP_CSI_DT_RAW10 or VISP_CSI_DT_RAW12
 * @lanes: data lanes the sensor drives
 * @sequence: the sensor's frame number, from 0 at stream start (for
 *	debugging: the receiver numbers frames itself)
 */
struct visp_sim_csi_frame {
	const u16 *data;
	u32 width;
	u32 height;
	u32 stride;
	u8 dt;
	u8 lanes;
	u32 sequence;
};

int visp_sim_csi_frame_start(struct device *sensor,
			     const struct visp_sim_csi_frame *frame);
int visp_sim_csi_transmit(struct device *sensor,
			  const struct visp_sim_csi_frame *frame);

#endif /* __VISP_SIM_CSI_H__ */
