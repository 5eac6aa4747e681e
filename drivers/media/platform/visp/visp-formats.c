// SPDX-License-Identifier: GPL-2.0
/*
 * VISP ISP driver - formats
 *
 * The raw Bayer input formats and the output formats of the capture
 * nodes, with their media bus codes and register values, the format
 * helpers the subdevs share, and the memory layout and the CSC setting of
 * the output formats, which the capture nodes and the job code share.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <linux/minmax.h>

#include "visp.h"

#define VISP_IN_FMT(fmt, code, t, b) \
	{ V4L2_PIX_FMT_##fmt, MEDIA_BUS_FMT_##code, VISP_IN_TYPE_##t, \
	  VISP_BAYER_##b }

const struct visp_in_fmt visp_in_fmts[] = {
	VISP_IN_FMT(SRGGB8, SRGGB8_1X8, RAW8, RGGB),
	VISP_IN_FMT(SGRBG8, SGRBG8_1X8, RAW8, GRBG),
	VISP_IN_FMT(SGBRG8, SGBRG8_1X8, RAW8, GBRG),
	VISP_IN_FMT(SBGGR8, SBGGR8_1X8, RAW8, BGGR),
	VISP_IN_FMT(SRGGB10, SRGGB10_1X10, RAW10, RGGB),
	VISP_IN_FMT(SGRBG10, SGRBG10_1X10, RAW10, GRBG),
	VISP_IN_FMT(SGBRG10, SGBRG10_1X10, RAW10, GBRG),
	VISP_IN_FMT(SBGGR10, SBGGR10_1X10, RAW10, BGGR),
	VISP_IN_FMT(SRGGB12, SRGGB12_1X12, RAW12, RGGB),
	VISP_IN_FMT(SGRBG12, SGRBG12_1X12, RAW12, GRBG),
	VISP_IN_FMT(SGBRG12, SGBRG12_1X12, RAW12, GBRG),
	VISP_IN_FMT(SBGGR12, SBGGR12_1X12, RAW12, BGGR),
	VISP_IN_FMT(SRGGB16, SRGGB16_1X16, RAW16, RGGB),
	VISP_IN_FMT(SGRBG16, SGRBG16_1X16, RAW16, GRBG),
	VISP_IN_FMT(SGBRG16, SGBRG16_1X16, RAW16, GBRG),
	VISP_IN_FMT(SBGGR16, SBGGR16_1X16, RAW16, BGGR),
	VISP_IN_FMT(SRGGB10P, SRGGB10_1X10, RAW10_CSI2P, RGGB),
	VISP_IN_FMT(SGRBG10P, SGRBG10_1X10, RAW10_CSI2P, GRBG),
	VISP_IN_FMT(SGBRG10P, SGBRG10_1X10, RAW10_CSI2P, GBRG),
	VISP_IN_FMT(SBGGR10P, SBGGR10_1X10, RAW10_CSI2P, BGGR),
	VISP_IN_FMT(SRGGB12P, SRGGB12_1X12, RAW12_CSI2P, RGGB),
	VISP_IN_FMT(SGRBG12P, SGRBG12_1X12, RAW12_CSI2P, GRBG),
	VISP_IN_FMT(SGBRG12P, SGBRG12_1X12, RAW12_CSI2P, GBRG),
	VISP_IN_FMT(SBGGR12P, SBGGR12_1X12, RAW12_CSI2P, BGGR),
};

const unsigned int visp_num_in_fmts = ARRAY_SIZE(visp_in_fmts);

const struct visp_out_fmt visp_out_fmts[] = {
	{ V4L2_PIX_FMT_NV12, MEDIA_BUS_FMT_YUV8_1X24, VISP_OUT_FMT_NV12,
	  1, 2, 0, true },
	{ V4L2_PIX_FMT_NV16, MEDIA_BUS_FMT_YUV8_1X24, VISP_OUT_FMT_NV16,
	  1, 1, 0, true },
	{ V4L2_PIX_FMT_YUYV, MEDIA_BUS_FMT_YUV8_1X24, VISP_OUT_FMT_YUYV,
	  2, 0, 0, true },
	{ V4L2_PIX_FMT_GREY, MEDIA_BUS_FMT_YUV8_1X24, VISP_OUT_FMT_GREY,
	  1, 0, 0, true },
	{ V4L2_PIX_FMT_RGB24, MEDIA_BUS_FMT_RGB888_1X24, VISP_OUT_FMT_RGB24,
	  3, 0, 0, false },
	{ V4L2_PIX_FMT_XRGB32, MEDIA_BUS_FMT_RGB888_1X24, VISP_OUT_FMT_XRGB32,
	  4, 0, 0, false },
	{ V4L2_PIX_FMT_SRGGB16, 0, VISP_OUT_FMT_RAW16, 2, 0, VISP_BAYER_RGGB,
	  false },
	{ V4L2_PIX_FMT_SGRBG16, 0, VISP_OUT_FMT_RAW16, 2, 0, VISP_BAYER_GRBG,
	  false },
	{ V4L2_PIX_FMT_SGBRG16, 0, VISP_OUT_FMT_RAW16, 2, 0, VISP_BAYER_GBRG,
	  false },
	{ V4L2_PIX_FMT_SBGGR16, 0, VISP_OUT_FMT_RAW16, 2, 0, VISP_BAYER_BGGR,
	  false },
};

const unsigned int visp_num_out_fmts = ARRAY_SIZE(visp_out_fmts);

const struct visp_in_fmt *visp_find_in_fmt(u32 fourcc)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(visp_in_fmts); i++)
		if (visp_in_fmts[i].fourcc == fourcc)
			return &visp_in_fmts[i];
	return NULL;
}

const struct visp_in_fmt *visp_find_in_fmt_by_code(u32 mbus_code)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(visp_in_fmts); i++)
		if (visp_in_fmts[i].mbus_code == mbus_code)
			return &visp_in_fmts[i];
	return NULL;
}

const struct visp_out_fmt *visp_find_out_fmt(u32 fourcc)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(visp_out_fmts); i++)
		if (visp_out_fmts[i].fourcc == fourcc)
			return &visp_out_fmts[i];
	return NULL;
}

bool visp_mbus_code_is_bayer(u32 code)
{
	return visp_find_in_fmt_by_code(code);
}

/* CFA order of a Bayer media bus code, or -EINVAL. */
int visp_mbus_code_bayer(u32 code)
{
	const struct visp_in_fmt *fmt = visp_find_in_fmt_by_code(code);

	return fmt ? fmt->bayer : -EINVAL;
}

/* The field and colorimetry of a media bus format, by its code. */
void visp_set_colorimetry(struct v4l2_mbus_framefmt *fmt)
{
	fmt->field = V4L2_FIELD_NONE;
	if (visp_mbus_code_is_bayer(fmt->code)) {
		fmt->colorspace = V4L2_COLORSPACE_RAW;
		fmt->xfer_func = V4L2_XFER_FUNC_NONE;
		fmt->ycbcr_enc = V4L2_YCBCR_ENC_601;
		fmt->quantization = V4L2_QUANTIZATION_FULL_RANGE;
	} else if (fmt->code == MEDIA_BUS_FMT_METADATA_FIXED) {
		fmt->colorspace = V4L2_COLORSPACE_DEFAULT;
		fmt->xfer_func = V4L2_XFER_FUNC_DEFAULT;
		fmt->ycbcr_enc = V4L2_YCBCR_ENC_DEFAULT;
		fmt->quantization = V4L2_QUANTIZATION_DEFAULT;
	} else {
		fmt->colorspace = V4L2_COLORSPACE_SRGB;
		fmt->xfer_func = V4L2_XFER_FUNC_SRGB;
		fmt->ycbcr_enc = V4L2_YCBCR_ENC_601;
		fmt->quantization = fmt->code == MEDIA_BUS_FMT_YUV8_1X24 ?
				    V4L2_QUANTIZATION_LIM_RANGE :
				    V4L2_QUANTIZATION_FULL_RANGE;
	}
}

/* Clamp a rectangle to even values, a minimum size and a bounding box. */
void visp_rect_adjust(struct v4l2_rect *r, u32 bound_w, u32 bound_h)
{
	r->width = clamp_t(u32, ALIGN_DOWN(r->width, 2), VISP_MIN_WIDTH,
			   bound_w);
	r->height = clamp_t(u32, ALIGN_DOWN(r->height, 2), VISP_MIN_HEIGHT,
			    bound_h);
	r->left = ALIGN_DOWN(clamp_t(s32, r->left, 0, bound_w - r->width), 2);
	r->top = ALIGN_DOWN(clamp_t(s32, r->top, 0, bound_h - r->height), 2);
}

/**
 * visp_video_format_geometry() - memory layout of an output format
 * @fmt: output format
 * @width: width, pixels
 * @height: height, lines
 * @stride: bytes per line of both planes
 * @sizeimage: bytes of the buffer, the chroma plane follows the luma plane
 */
void visp_video_format_geometry(const struct visp_out_fmt *fmt, u32 width,
				u32 height, u32 *stride, u32 *sizeimage)
{
	*stride = ALIGN(width * fmt->bpp, VISP_DMA_ALIGN);
	*sizeimage = *stride * height;
	if (fmt->vsub)
		*sizeimage += *stride * (height / fmt->vsub);
}

/**
 * visp_video_csc() - CSC setting of a YUV capture format
 * @pix: format of a capture node, as TRY_FMT adjusted it
 * @matrix: one of enum visp_csc_matrix
 * @range: one of enum visp_csc_range
 */
void visp_video_csc(const struct v4l2_pix_format_mplane *pix, u8 *matrix,
		    u8 *range)
{
	switch (pix->ycbcr_enc) {
	case V4L2_YCBCR_ENC_709:
		*matrix = VISP_CSC_BT709;
		break;
	case V4L2_YCBCR_ENC_BT2020:
		*matrix = VISP_CSC_BT2020;
		break;
	default:
		*matrix = VISP_CSC_BT601;
		break;
	}
	*range = pix->quantization == V4L2_QUANTIZATION_FULL_RANGE ?
		 VISP_CSC_RANGE_FULL : VISP_CSC_RANGE_LIMITED;
}
