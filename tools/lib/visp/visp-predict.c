// SPDX-License-Identifier: GPL-2.0
/*
 * visp-predict: run the VISP reference model on files
 *
 * Predicts, bit for bit, what the ISP writes for an input frame, output
 * formats and a sequence of parameters buffers, applied in order as the
 * driver applies successive buffers to the same configuration.
 *
 *   visp-predict --input raw.bin --in-fmt raw10 --bayer rggb --size 640x480
 *                [--in-stride N] [--params p0.bin [--params p1.bin ...]]
 *                [--main FMT:WxH[@X,Y,W,H] --out-main main.bin]
 *                [--self FMT:WxH[@X,Y,W,H] --out-self self.bin]
 *                [--stats stats.bin] [--sequence N]
 *
 * FMT is one of nv12, nv16, yuyv, rgb24, xrgb32, grey, raw16 (main path
 * only). The crop defaults to the whole input. Output planes are written
 * one after the other, each line exactly as many bytes as the format needs
 * (no stride padding), as V4L2 reports them with bytesperline equal to the
 * line length.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libvisp.h"

static const char *const in_names[] = {
	"raw8", "raw10", "raw12", "raw16", "raw10p", "raw12p",
};

static const char *const bayer_names[] = { "rggb", "grbg", "gbrg", "bggr" };

static const char *const out_names[] = {
	"nv12", "nv16", "yuyv", "rgb24", "xrgb32", "grey", "raw16",
};

static int lookup(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *data = NULL;
	long len;

	if (!f)
		return NULL;
	len = fseek(f, 0, SEEK_END) ? -1 : ftell(f);
	if (len >= 0 && !fseek(f, 0, SEEK_SET)) {
		data = malloc(len ? len : 1);
		if (data && fread(data, 1, len, f) != (size_t)len) {
			free(data);
			data = NULL;
		}
		*size = len;
	}
	fclose(f);
	return data;
}

static int write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	int ret = 0;

	if (!f)
		return -errno;
	if (fwrite(data, 1, size, f) != size)
		ret = -EIO;
	if (fclose(f))
		ret = -EIO;
	return ret;
}

struct path_arg {
	const char *spec;
	const char *out;
};

/* FMT:WxH[@X,Y,W,H] */
static int setup_path(struct visp_model_config *cfg, unsigned int p,
		      const char *spec)
{
	unsigned int ow, oh, cx = 0, cy = 0, cw = cfg->in_width;
	unsigned int ch = cfg->in_height;
	char fmt[16];
	const char *at;
	int f;

	if (sscanf(spec, "%15[^:]:%ux%u", fmt, &ow, &oh) != 3)
		return -EINVAL;
	f = lookup(out_names, 7, fmt);
	if (f < 0)
		return -EINVAL;
	at = strchr(spec, '@');
	if (at && sscanf(at + 1, "%u,%u,%u,%u", &cx, &cy, &cw, &ch) != 4)
		return -EINVAL;
	visp_config_set_path(cfg, p, f, cx, cy, cw, ch, ow, oh);
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: visp-predict --input FILE --in-fmt FMT --bayer ORDER --size WxH\n"
		"         [--in-stride N] [--params FILE]... [--sequence N]\n"
		"         [--main FMT:WxH[@X,Y,W,H] --out-main FILE]\n"
		"         [--self FMT:WxH[@X,Y,W,H] --out-self FILE]\n"
		"         [--stats FILE]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *input = NULL, *stats_out = NULL, *params[16];
	struct path_arg path[VISP_PATH_COUNT] = { { NULL, NULL } };
	struct visp_model_buffers buf = { 0 };
	static struct visp_stats_buffer stats;
	static struct visp_model_config cfg;
	int in_fmt = -1, bayer = -1, np = 0, i, ret;
	unsigned int w = 0, h = 0, stride = 0, p, n;
	size_t in_size, scratch_size, total[VISP_PATH_COUNT] = { 0, 0 };
	void *scratch;
	u8 *in;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v)
			usage();
		i++;
		if (!strcmp(a, "--input"))
			input = v;
		else if (!strcmp(a, "--in-fmt"))
			in_fmt = lookup(in_names, 6, v);
		else if (!strcmp(a, "--bayer"))
			bayer = lookup(bayer_names, 4, v);
		else if (!strcmp(a, "--size"))
			sscanf(v, "%ux%u", &w, &h);
		else if (!strcmp(a, "--in-stride"))
			stride = strtoul(v, NULL, 0);
		else if (!strcmp(a, "--params") && np < 16)
			params[np++] = v;
		else if (!strcmp(a, "--main"))
			path[VISP_PATH_MAIN].spec = v;
		else if (!strcmp(a, "--self"))
			path[VISP_PATH_SELF].spec = v;
		else if (!strcmp(a, "--out-main"))
			path[VISP_PATH_MAIN].out = v;
		else if (!strcmp(a, "--out-self"))
			path[VISP_PATH_SELF].out = v;
		else if (!strcmp(a, "--stats"))
			stats_out = v;
		else if (!strcmp(a, "--sequence"))
			buf.frame_sequence = strtoul(v, NULL, 0);
		else
			usage();
	}
	if (!input || in_fmt < 0 || bayer < 0 || !w || !h)
		usage();

	visp_config_init(&cfg);
	visp_config_set_input(&cfg, in_fmt, bayer, w, h);
	for (p = 0; p < VISP_PATH_COUNT; p++) {
		if (!path[p].spec)
			continue;
		if (setup_path(&cfg, p, path[p].spec) || !path[p].out) {
			fprintf(stderr, "bad path %s\n", path[p].spec);
			return 2;
		}
	}

	for (i = 0; i < np; i++) {
		size_t size;
		void *data = read_file(params[i], &size);

		if (!data || visp_params_apply(&cfg, data, size)) {
			fprintf(stderr, "%s: invalid parameters buffer\n",
				params[i]);
			return 1;
		}
		free(data);
	}

	in = read_file(input, &in_size);
	if (!in) {
		fprintf(stderr, "%s: cannot read\n", input);
		return 1;
	}
	buf.in = in;
	buf.in_stride = stride ? stride : visp_model_in_line_bytes(in_fmt, w);
	buf.in_size = in_size;

	for (p = 0; p < VISP_PATH_COUNT; p++) {
		const struct visp_model_path *pa = &cfg.path[p];
		u8 *mem;

		if (!pa->enable)
			continue;
		for (n = 0; n < visp_model_out_planes(pa->format); n++)
			total[p] += (size_t)visp_model_out_line_bytes(pa->format,
								      pa->out_w, n) *
				    visp_model_out_lines(pa->format, pa->out_h, n);
		mem = calloc(1, total[p]);
		for (n = 0; n < visp_model_out_planes(pa->format); n++) {
			struct visp_model_plane *pl = &buf.out[p][n];

			pl->data = mem;
			pl->stride = visp_model_out_line_bytes(pa->format,
							       pa->out_w, n);
			pl->size = pl->stride *
				   visp_model_out_lines(pa->format, pa->out_h, n);
			mem += pl->size;
		}
	}

	cfg.stats_en = !!stats_out;
	buf.stats = &stats;
	scratch_size = visp_model_scratch_size(&cfg);
	scratch = malloc(scratch_size);
	ret = visp_model_run(&cfg, &buf, scratch, scratch_size);
	if (ret) {
		fprintf(stderr, "model error %d (CFG_ERR_SRC 0x%x)\n", ret,
			visp_model_check(&cfg));
		return 1;
	}

	for (p = 0; p < VISP_PATH_COUNT; p++)
		if (cfg.path[p].enable &&
		    write_file(path[p].out, buf.out[p][0].data, total[p]))
			ret = 1;
	if (stats_out && write_file(stats_out, &stats, sizeof(stats)))
		ret = 1;

	for (p = 0; p < VISP_PATH_COUNT; p++)
		free(buf.out[p][0].data);
	free(scratch);
	free(in);
	return ret;
}
