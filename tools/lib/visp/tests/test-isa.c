// SPDX-License-Identifier: GPL-2.0
/*
 * The copies of the model the library holds for different instruction
 * sets (visp_model_isa_list()) on the same large frames, every output
 * byte and the statistics compared. The other suites run once per copy.
 * A copy the library holds but this CPU does not run is a TAP SKIP.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <string.h>

#include "tap.h"

static u32 isa_rng;

static u32 isa_rnd(u32 n)
{
	isa_rng = isa_rng * 1103515245u + 12345u;
	return ((isa_rng >> 8) & 0xffffff) % n;
}

/* Every processing block on, with values off their defaults. */
static void isa_blocks(struct visp_model_config *c, bool large_ccm)
{
	unsigned int i, n;

	c->bls_en = true;
	c->dpc_en = true;
	c->lsc_en = true;
	c->wb_en = true;
	c->ccm_en = true;
	c->gamma_en = true;
	for (i = 0; i < VISP_CFA_CHANNELS; i++) {
		c->bls_level[i] = 64 + isa_rnd(256);
		c->wb_gain[i] = 900 + isa_rnd(1200);
		for (n = 0; n < VISP_LSC_GRID_NODES; n++)
			c->lsc_table[i][n] = 900 + isa_rnd(1500);
	}
	c->dpc_thresh = isa_rnd(300);
	for (i = 0; i < 9; i++)
		c->ccm_coeff[i] = large_ccm ?
				  VISP_CCM_COEFF_MIN + (int)isa_rnd(16384) :
				  (i % 4 ? 0 : 1024) + (int)isa_rnd(800) - 400;
	for (i = 0; i < 3; i++)
		c->ccm_offset[i] = (int)isa_rnd(800) - 400;
	for (i = 0; i < VISP_GAMMA_POINTS; i++)
		c->gamma_lut[i] = i * 64 > 4095 ? 4095 :
				  (i * 64 * (8192 - i * 64)) / 4096;
}

static u16 isa_zone(u32 size)
{
	size &= ~1u;
	return size < VISP_STATS_ZONE_MIN ? VISP_STATS_ZONE_MIN : size;
}

static void isa_stats(struct visp_model_config *c, u32 w, u32 h)
{
	c->stats_en = true;
	c->awb_en = true;
	c->ae_en = true;
	c->af_en = true;
	c->awb_win = (struct visp_model_window){
		2, 4, isa_zone((w - 2) / 16), isa_zone((h - 4) / 16), 16, 16 };
	c->ae_win = (struct visp_model_window){
		w / 8 & ~1u, 0, isa_zone(w / 12), isa_zone(h / 10), 10, 10 };
	c->af_win = c->awb_win;
	c->af_thresh = 8;
	c->awb_thresh = 3800;
}

/*
 * Frame @k: 0 the bench's full pipeline at 1080p, the self path at half
 * size; 1 the widest input, directional demosaic, an RGB path with the
 * gamma curve folded into its conversion and a scaled one; 2 a 3:2 and an
 * upscaling path, large colour matrix, bilinear demosaic, a gamma curve
 * of steep segments, AE after gamma.
 */
static void isa_frame(struct tb *t, unsigned int k)
{
	static const struct {
		u8 type, bayer;
		u16 w, h;
	} in[] = {
		{ VISP_IN_TYPE_RAW10, VISP_BAYER_RGGB, 1920, 1080 },
		{ VISP_IN_TYPE_RAW12, VISP_BAYER_GBRG, VISP_MAX_WIDTH, 48 },
		{ VISP_IN_TYPE_RAW10_CSI2P, VISP_BAYER_BGGR, 1284, 362 },
	};
	struct visp_model_config *c = &t->cfg;
	u32 w = in[k].w, h = in[k].h, x, y;

	isa_rng = k + 1;
	tb_init(t, in[k].type, in[k].bayer, w, h);
	isa_blocks(c, k == 2);
	isa_stats(c, w, h);
	switch (k) {
	case 0:
		c->dms_mode = VISP_DEMOSAIC_EDGE_AWARE;
		tb_path(t, VISP_PATH_MAIN, VISP_OUT_FMT_NV12, 0, 0, w, h, w, h);
		tb_path(t, VISP_PATH_SELF, VISP_OUT_FMT_RGB24, 0, 0, w, h,
			w / 2, h / 2);
		break;
	case 1:
		c->dms_mode = VISP_DEMOSAIC_DIRECTIONAL;
		tb_path(t, VISP_PATH_MAIN, VISP_OUT_FMT_XRGB32, 0, 0, w, h, w,
			h);
		tb_path(t, VISP_PATH_SELF, VISP_OUT_FMT_RGB24, 6, 2, 2046, 46,
			1023, 46);
		break;
	default:
		c->ae_post_gamma = true;
		/* a curve of steep segments, up and down */
		for (x = 0; x < VISP_GAMMA_POINTS; x++)
			c->gamma_lut[x] = x & 1 ? 4095 - isa_rnd(256) :
					  isa_rnd(256);
		c->gamma_lut[31] = 4095;
		c->gamma_lut[32] = 0;
		tb_path(t, VISP_PATH_MAIN, VISP_OUT_FMT_NV16, 2, 1, 1281, 360,
			854, 240);
		tb_path(t, VISP_PATH_SELF, VISP_OUT_FMT_YUYV, 100, 50, 640,
			200, 1000, 301);
		break;
	}

	/* gradients, noise, and a saturated band */
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			tb_set(t, x, y, y % 64 < 8 ? 4095 :
			       (((x * 3 + y * 5) & 1023) + isa_rnd(1024)) &
			       4095);
}

static void test_isa_copies_agree(void)
{
	const char *first = visp_model_isa_list(0), *isa;
	unsigned int i, k;

	printf("# copies of the model this CPU runs:");
	for (i = 0; (isa = visp_model_isa_list(i)); i++)
		printf(" %s", isa);
	printf("\n");
	T_TRUE(first);

	for (k = 0; k < 3; k++) {
		struct tb ref, t;

		T_EQ(visp_model_isa_select(first), 0);
		isa_frame(&ref, k);
		T_EQ(tb_run(&ref), 0);
		for (i = 1; (isa = visp_model_isa_list(i)); i++) {
			T_EQ(visp_model_isa_select(isa), 0);
			isa_frame(&t, k);
			T_EQ(tb_run(&t), 0);
			if (!tb_same(&ref, &t))
				printf("#   frame %u: %s differs from %s\n", k,
				       isa, first);
			T_TRUE(tb_same(&ref, &t));
			tb_free(&t);
		}
		tb_free(&ref);
	}
	T_EQ(visp_model_isa_select("nonexistent"), -1);
}

static bool isa_runs(const char *name)
{
	const char *isa;
	unsigned int i;

	for (i = 0; (isa = visp_model_isa_list(i)); i++)
		if (!strcmp(isa, name))
			return true;
	return false;
}

/*
 * The copies the library holds that this CPU, or its system, does not run
 * (one for instruction sets the CPU lacks, or that valgrind hides) are not
 * compared: a TAP SKIP names them, rather than the comparison passing as
 * though it had run them. Every copy this CPU runs is held, in the same
 * order, and the baseline copy, last, runs everywhere.
 */
static void test_isa_held(void)
{
	const char *held, *last = NULL;
	unsigned int i, runs = 0;
	size_t len = 0;

	for (i = 0; (held = visp_model_isa_held(i)); i++) {
		last = held;
		if (isa_runs(held)) {
			T_TRUE(!strcmp(visp_model_isa_list(runs), held));
			runs++;
			continue;
		}
		printf("# %s: held, but this CPU or system does not run it\n",
		       held);
		len += snprintf(tap_skip + len, sizeof(tap_skip) - len,
				"%s%s", len ? ", " : "", held);
	}
	T_TRUE(last && !strcmp(last, "baseline"));
	T_TRUE(!visp_model_isa_list(runs));
	if (len)
		snprintf(tap_skip + len, sizeof(tap_skip) - len,
			 " not compared: this CPU does not run it");
}

const struct tcase isa_tests[] = {
	{ "isa: copies agree on large frames", test_isa_copies_agree },
	{ "isa: every copy the library holds is compared", test_isa_held },
	{ NULL, NULL },
};
