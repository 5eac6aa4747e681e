// SPDX-License-Identifier: GPL-2.0
/*
 * libvisp: sRGB, CIELAB and CIEDE2000
 *
 * The colour arithmetic shared by the calibration tool (visp-tune), the
 * tests of the 3A algorithms and the tests of the camera: the sRGB
 * transfer function (IEC 61966-2-1), CIELAB of linear sRGB relative to
 * its D65 white, and the CIEDE2000 difference of two CIELAB colours
 * (CIE 142-2001, as written out by Sharma, Wu and Dalal, 2005).
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <math.h>

#include <visp/libvisp.h>

#define VISP_PI		3.14159265358979323846

double visp_colour_srgb_encode(double linear)
{
	if (linear <= 0.0031308)
		return 12.92 * linear;
	return 1.055 * pow(linear, 1 / 2.4) - 0.055;
}

double visp_colour_srgb_decode(double encoded)
{
	if (encoded <= 0.04045)
		return encoded / 12.92;
	return pow((encoded + 0.055) / 1.055, 2.4);
}

static double visp_colour_lab_f(double t)
{
	/* (6/29)^3 and the straight line below it */
	if (t > 216.0 / 24389)
		return cbrt(t);
	return (24389.0 / 27 * t + 16) / 116;
}

void visp_colour_lab(const double rgb[3], double lab[3])
{
	/* sRGB to XYZ, each row divided by the white's X, Y and Z */
	double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) /
		   0.9505;
	double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
	double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) /
		   1.089;
	double fx = visp_colour_lab_f(x), fy = visp_colour_lab_f(y);
	double fz = visp_colour_lab_f(z);

	lab[0] = 116 * fy - 16;
	lab[1] = 500 * (fx - fy);
	lab[2] = 200 * (fy - fz);
}

static double visp_colour_deg(double rad)
{
	return rad * 180 / VISP_PI;
}

static double visp_colour_rad(double deg)
{
	return deg * VISP_PI / 180;
}

/* Hue angle in degrees, 0 to 360; 0 for a neutral colour */
static double visp_colour_hue(double b, double a)
{
	double h;

	if (a == 0 && b == 0)
		return 0;
	h = visp_colour_deg(atan2(b, a));
	return h < 0 ? h + 360 : h;
}

double visp_colour_delta_e2000(const double lab1[3], const double lab2[3])
{
	double c1 = hypot(lab1[1], lab1[2]), c2 = hypot(lab2[1], lab2[2]);
	double cm = (c1 + c2) / 2, cm7 = pow(cm, 7);
	double g = 0.5 * (1 - sqrt(cm7 / (cm7 + pow(25, 7))));
	double a1 = (1 + g) * lab1[1], a2 = (1 + g) * lab2[1];
	double cp1 = hypot(a1, lab1[2]), cp2 = hypot(a2, lab2[2]);
	double hp1 = visp_colour_hue(lab1[2], a1);
	double hp2 = visp_colour_hue(lab2[2], a2);
	double dl = lab2[0] - lab1[0], dc = cp2 - cp1, dh = 0, dhh;
	double lm, cpm, hpm, t, sl, sc, sh, rt, dtheta, cpm7, l50;

	/* Hue difference, the shorter way round; none for a neutral. */
	if (cp1 * cp2 != 0) {
		dh = hp2 - hp1;
		if (dh > 180)
			dh -= 360;
		else if (dh < -180)
			dh += 360;
	}
	dhh = 2 * sqrt(cp1 * cp2) * sin(visp_colour_rad(dh / 2));

	lm = (lab1[0] + lab2[0]) / 2;
	cpm = (cp1 + cp2) / 2;
	hpm = hp1 + hp2;
	if (cp1 * cp2 != 0) {
		if (fabs(hp1 - hp2) <= 180)
			hpm /= 2;
		else if (hpm < 360)
			hpm = (hpm + 360) / 2;
		else
			hpm = (hpm - 360) / 2;
	}

	t = 1 - 0.17 * cos(visp_colour_rad(hpm - 30)) +
	    0.24 * cos(visp_colour_rad(2 * hpm)) +
	    0.32 * cos(visp_colour_rad(3 * hpm + 6)) -
	    0.20 * cos(visp_colour_rad(4 * hpm - 63));
	dtheta = 30 * exp(-((hpm - 275) / 25) * ((hpm - 275) / 25));
	cpm7 = pow(cpm, 7);
	rt = -2 * sqrt(cpm7 / (cpm7 + pow(25, 7))) *
	     sin(visp_colour_rad(2 * dtheta));
	l50 = (lm - 50) * (lm - 50);
	sl = 1 + 0.015 * l50 / sqrt(20 + l50);
	sc = 1 + 0.045 * cpm;
	sh = 1 + 0.015 * cpm * t;

	return sqrt((dl / sl) * (dl / sl) + (dc / sc) * (dc / sc) +
		    (dhh / sh) * (dhh / sh) + rt * (dc / sc) * (dhh / sh));
}
