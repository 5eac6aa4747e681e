// SPDX-License-Identifier: GPL-2.0
/*
 * libvisp: tuning files
 *
 * A tuning file is a YAML mapping with the format version and a list of
 * sections, one per algorithm, in the spirit of libcamera's tuning files:
 *
 *   version: 1
 *   algorithms:
 *     - black_level:
 *         level: [256, 256, 256, 256]
 *     - ccm:
 *         matrices:
 *           - ct: 2800
 *             ccm: [...]
 *
 * libyaml loads the file as a document; each section is then checked
 * against the table of its keys. The writer emits the same structure with
 * libyaml's emitter. The format is documented in
 * Documentation/userspace-api/media/visp-libvisp.rst.
 *
 * Copyright (C) 2026 The VISP authors
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include <visp/libvisp.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* The ranges of the af section's settings (struct visp_tuning_af) */
#define VISP_TUNING_AF_RESTART_MIN	0.01
#define VISP_TUNING_AF_RESTART_MAX	0.99
#define VISP_TUNING_AF_COARSE_MIN	3
#define VISP_TUNING_AF_COARSE_MAX	16
#define VISP_TUNING_AF_FINE_DIV_MAX	16
#define VISP_TUNING_AF_CONTRAST_MIN	0.01
#define VISP_TUNING_AF_CONTRAST_MAX	10

/**
 * struct visp_tuning_parser - state of the loading of a file
 *
 * @doc: the YAML document
 * @path: the file's name, for the messages
 * @err: where the message goes
 * @err_size: bytes at @err
 */
struct visp_tuning_parser {
	yaml_document_t doc;
	const char *path;
	char *err;
	size_t err_size;
};

static int __attribute__((format(printf, 3, 4)))
visp_tuning_error(struct visp_tuning_parser *p, const yaml_node_t *node,
		  const char *fmt, ...)
{
	char msg[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->err && p->err_size)
		snprintf(p->err, p->err_size, "%s:%lu: %s.", p->path,
			 node ? (unsigned long)node->start_mark.line + 1 : 1UL,
			 msg);
	return -EINVAL;
}

static const char *visp_tuning_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ?
	       (const char *)n->data.scalar.value : NULL;
}

static int visp_tuning_double(struct visp_tuning_parser *p,
			      const yaml_node_t *n, const char *what,
			      double min, double max, double *v)
{
	const char *s = visp_tuning_scalar(n);
	char *end;

	if (!s)
		return visp_tuning_error(p, n, "%s is not a number", what);
	errno = 0;
	*v = strtod(s, &end);
	if (!*s || *end || errno)
		return visp_tuning_error(p, n, "%s is not a number: '%s'",
					 what, s);
	if (!(*v >= min && *v <= max))
		return visp_tuning_error(p, n, "%s %s is not within %g to %g",
					 what, s, min, max);
	return 0;
}

static int visp_tuning_uint(struct visp_tuning_parser *p,
			    const yaml_node_t *n, const char *what,
			    unsigned long max, unsigned long *v)
{
	const char *s = visp_tuning_scalar(n);
	char *end;

	if (!s)
		return visp_tuning_error(p, n, "%s is not an integer", what);
	errno = 0;
	*v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || errno)
		return visp_tuning_error(p, n, "%s is not an integer: '%s'",
					 what, s);
	if (*v > max)
		return visp_tuning_error(p, n, "%s %s is above %lu", what, s,
					 max);
	return 0;
}

/* A sequence of exactly @count items, or -EINVAL. */
static int visp_tuning_seq(struct visp_tuning_parser *p, const yaml_node_t *n,
			   const char *what, unsigned int count)
{
	unsigned long len;

	if (!n || n->type != YAML_SEQUENCE_NODE)
		return visp_tuning_error(p, n, "%s is not a list", what);
	len = n->data.sequence.items.top - n->data.sequence.items.start;
	if (count && len != count)
		return visp_tuning_error(p, n, "%s has %lu values, not %u",
					 what, len, count);
	return 0;
}

static yaml_node_t *visp_tuning_item(struct visp_tuning_parser *p,
				     const yaml_node_t *seq, unsigned int i)
{
	return yaml_document_get_node(&p->doc,
				      seq->data.sequence.items.start[i]);
}

static unsigned int visp_tuning_len(const yaml_node_t *seq)
{
	return seq->data.sequence.items.top - seq->data.sequence.items.start;
}

static int visp_tuning_u16s(struct visp_tuning_parser *p,
			    const yaml_node_t *n, const char *what,
			    unsigned int count, unsigned long max, uint16_t *v)
{
	unsigned long x;
	unsigned int i;
	int ret;

	ret = visp_tuning_seq(p, n, what, count);
	for (i = 0; !ret && i < count; i++) {
		ret = visp_tuning_uint(p, visp_tuning_item(p, n, i), what, max,
				       &x);
		v[i] = x;
	}
	return ret;
}

/**
 * struct visp_tuning_key - a key of a mapping
 *
 * @name: the key
 * @node: set to its value when present
 */
struct visp_tuning_key {
	const char *name;
	yaml_node_t *node;
};

/*
 * Looks up the @n keys of mapping @map: every key of the mapping must be
 * one of them and appear once, and all of them must be present.
 */
static int visp_tuning_keys(struct visp_tuning_parser *p,
			    const yaml_node_t *map, const char *what,
			    struct visp_tuning_key *keys, unsigned int n)
{
	const yaml_node_pair_t *pair;
	unsigned int i;

	if (!map || map->type != YAML_MAPPING_NODE)
		return visp_tuning_error(p, map, "%s is not a mapping", what);
	for (i = 0; i < n; i++)
		keys[i].node = NULL;
	for (pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = yaml_document_get_node(&p->doc, pair->key);
		const char *name = visp_tuning_scalar(k);

		if (!name)
			return visp_tuning_error(p, k, "a key of %s is not a string",
						 what);
		for (i = 0; i < n && strcmp(name, keys[i].name); i++)
			;
		if (i == n)
			return visp_tuning_error(p, k, "%s has no key '%s'",
						 what, name);
		if (keys[i].node)
			return visp_tuning_error(p, k, "%s has '%s' twice",
						 what, name);
		keys[i].node = yaml_document_get_node(&p->doc, pair->value);
	}
	for (i = 0; i < n; i++)
		if (!keys[i].node)
			return visp_tuning_error(p, map, "%s lacks '%s'", what,
						 keys[i].name);
	return 0;
}

static int visp_tuning_ct(struct visp_tuning_parser *p, const yaml_node_t *n,
			  const char *what, double prev, double *ct)
{
	int ret = visp_tuning_double(p, n, what, 1000, 40000, ct);

	if (!ret && prev && !(*ct > prev))
		ret = visp_tuning_error(p, n,
					"%s %g does not increase from %g",
					what, *ct, prev);
	return ret;
}

/*
 * The list under the single key @key of section @sec: @count is set to
 * its length, which must be @min to @max.
 */
static int visp_tuning_list_of(struct visp_tuning_parser *p,
			       const yaml_node_t *sec, const char *key,
			       const char *what, unsigned int min,
			       unsigned int max, const yaml_node_t **list,
			       uint32_t *count)
{
	struct visp_tuning_key k[] = { { .name = key } };
	char where[64];
	int ret;

	snprintf(where, sizeof(where), "the %s section", what);
	ret = visp_tuning_keys(p, sec, where, k, 1);
	snprintf(where, sizeof(where), "the %s %s", what, key);
	ret = ret ?: visp_tuning_seq(p, k[0].node, where, 0);
	if (ret)
		return ret;
	*list = k[0].node;
	*count = visp_tuning_len(k[0].node);
	if (*count < min || *count > max)
		return visp_tuning_error(p, k[0].node,
					 "%s has %u entries, not %u to %u",
					 where, *count, min, max);
	return 0;
}

static int visp_tuning_black_level(struct visp_tuning_parser *p,
				   const yaml_node_t *sec,
				   struct visp_tuning *t)
{
	struct visp_tuning_key k[] = { { .name = "level" } };
	int ret = visp_tuning_keys(p, sec, "the black_level section", k, 1);

	return ret ?: visp_tuning_u16s(p, k[0].node, "the black level",
				       VISP_CFA_CHANNELS, VISP_PIXEL_MAX - 1,
				       t->black_level);
}

static int visp_tuning_dpc(struct visp_tuning_parser *p,
			   const yaml_node_t *sec, struct visp_tuning *t)
{
	struct visp_tuning_key k[] = { { .name = "threshold" } };
	unsigned long v;
	int ret = visp_tuning_keys(p, sec, "the dpc section", k, 1);

	ret = ret ?: visp_tuning_uint(p, k[0].node, "the DPC threshold",
				      VISP_PIXEL_MAX, &v);
	t->dpc_threshold = v;
	return ret;
}

static const char *const visp_tuning_channels[VISP_CFA_CHANNELS] = {
	"r", "gr", "gb", "b",
};

static int visp_tuning_lsc(struct visp_tuning_parser *p,
			   const yaml_node_t *sec, struct visp_tuning *t)
{
	const yaml_node_t *tables;
	unsigned int i, c;
	int ret = visp_tuning_list_of(p, sec, "tables", "lsc", 1,
				      VISP_TUNING_CT_MAX, &tables,
				      &t->lsc_count);

	for (i = 0; !ret && i < t->lsc_count; i++) {
		struct visp_tuning_key tk[] = {
			{ .name = "ct" }, { .name = "r" }, { .name = "gr" }, { .name = "gb" }, { .name = "b" },
		};
		struct visp_tuning_lsc *l = &t->lsc[i];

		ret = visp_tuning_keys(p, visp_tuning_item(p, tables, i),
				       "an LSC table", tk, ARRAY_SIZE(tk));
		ret = ret ?: visp_tuning_ct(p, tk[0].node, "the LSC table's ct",
					    i ? t->lsc[i - 1].ct : 0, &l->ct);
		for (c = 0; !ret && c < VISP_CFA_CHANNELS; c++)
			ret = visp_tuning_u16s(p, tk[c + 1].node,
					       "the LSC grid",
					       VISP_LSC_GRID_NODES,
					       VISP_GAIN_MAX, l->gain[c]);
	}
	return ret;
}

static int visp_tuning_awb(struct visp_tuning_parser *p,
			   const yaml_node_t *sec, struct visp_tuning *t)
{
	const yaml_node_t *locus;
	unsigned int i;
	int ret = visp_tuning_list_of(p, sec, "locus", "awb", 2,
				      VISP_3A_CT_POINTS_MAX, &locus,
				      &t->ct_points);

	for (i = 0; !ret && i < t->ct_points; i++) {
		struct visp_tuning_key pk[] = { { .name = "ct" }, { .name = "r_g" }, { .name = "b_g" } };
		struct visp_3a_ct_point *pt = &t->ct_locus[i];

		ret = visp_tuning_keys(p, visp_tuning_item(p, locus, i),
				       "a point of the AWB locus", pk,
				       ARRAY_SIZE(pk));
		ret = ret ?: visp_tuning_ct(p, pk[0].node, "the locus point's ct",
					    i ? t->ct_locus[i - 1].ct : 0,
					    &pt->ct);
		ret = ret ?: visp_tuning_double(p, pk[1].node, "r_g", 0.01, 100,
						&pt->r_g);
		ret = ret ?: visp_tuning_double(p, pk[2].node, "b_g", 0.01, 100,
						&pt->b_g);
	}
	return ret;
}

static int visp_tuning_ccm(struct visp_tuning_parser *p,
			   const yaml_node_t *sec, struct visp_tuning *t)
{
	const yaml_node_t *ms;
	unsigned int i, j;
	int ret = visp_tuning_list_of(p, sec, "matrices", "ccm", 1,
				      VISP_TUNING_CT_MAX, &ms, &t->ccm_count);

	for (i = 0; !ret && i < t->ccm_count; i++) {
		struct visp_tuning_key mk[] = { { .name = "ct" }, { .name = "ccm" } };
		struct visp_tuning_ccm *m = &t->ccm[i];

		ret = visp_tuning_keys(p, visp_tuning_item(p, ms, i),
				       "a CCM", mk, ARRAY_SIZE(mk));
		ret = ret ?: visp_tuning_ct(p, mk[0].node, "the CCM's ct",
					    i ? t->ccm[i - 1].ct : 0, &m->ct);
		ret = ret ?: visp_tuning_seq(p, mk[1].node, "the CCM", 9);
		for (j = 0; !ret && j < 9; j++)
			ret = visp_tuning_double(p,
					visp_tuning_item(p, mk[1].node, j),
					"a CCM coefficient",
					VISP_CCM_COEFF_MIN / 1024.0,
					VISP_CCM_COEFF_MAX / 1024.0,
					&m->ccm[j / 3][j % 3]);
	}
	return ret;
}

static int visp_tuning_ae(struct visp_tuning_parser *p,
			  const yaml_node_t *sec, struct visp_tuning *t)
{
	struct visp_tuning_key k[] = {
		{ .name = "target" }, { .name = "exposure_max_us" }, { .name = "gain_max" },
	};
	unsigned long v = 0;
	int ret = visp_tuning_keys(p, sec, "the ae section", k, 3);

	ret = ret ?: visp_tuning_double(p, k[0].node, "the AE target", 0.001,
					0.999, &t->ae_target);
	ret = ret ?: visp_tuning_uint(p, k[1].node, "the longest exposure",
				      10000000, &v);
	if (!ret && !v)
		ret = visp_tuning_error(p, k[1].node,
					"the longest exposure is 0");
	t->ae_exposure_max_us = v;
	return ret ?: visp_tuning_double(p, k[2].node, "the highest gain", 1,
					 4096, &t->ae_gain_max);
}

static int visp_tuning_gamma(struct visp_tuning_parser *p,
			     const yaml_node_t *sec, struct visp_tuning *t)
{
	struct visp_tuning_key k[] = { { .name = "curve" } };
	int ret = visp_tuning_keys(p, sec, "the gamma section", k, 1);

	return ret ?: visp_tuning_u16s(p, k[0].node, "the gamma curve",
				       VISP_GAMMA_POINTS, VISP_PIXEL_MAX,
				       t->gamma);
}

static int visp_tuning_tone(struct visp_tuning_parser *p,
			    const yaml_node_t *sec, struct visp_tuning *t)
{
	struct visp_tuning_key k[] = { { .name = "curve" } };
	int ret = visp_tuning_keys(p, sec, "the tone section", k, 1);

	return ret ?: visp_tuning_u16s(p, k[0].node, "the tone curve",
				       VISP_TONE_POINTS, VISP_PIXEL_MAX,
				       t->tone);
}

static const char *const visp_tuning_demosaic_modes[] = {
	[VISP_DEMOSAIC_BILINEAR] = "bilinear",
	[VISP_DEMOSAIC_EDGE_AWARE] = "edge-aware",
	[VISP_DEMOSAIC_DIRECTIONAL] = "directional",
};

static int visp_tuning_demosaic(struct visp_tuning_parser *p,
				const yaml_node_t *sec, struct visp_tuning *t)
{
	struct visp_tuning_key k[] = { { .name = "mode" } };
	const char *s;
	unsigned int i;
	int ret = visp_tuning_keys(p, sec, "the demosaic section", k, 1);

	if (ret)
		return ret;
	s = visp_tuning_scalar(k[0].node);
	for (i = 0; s && i < ARRAY_SIZE(visp_tuning_demosaic_modes); i++) {
		if (!strcmp(s, visp_tuning_demosaic_modes[i])) {
			t->demosaic_mode = i;
			return 0;
		}
	}
	return visp_tuning_error(p, k[0].node,
				 "the demosaic mode is not 'bilinear', 'edge-aware' nor 'directional'");
}

static int visp_tuning_af(struct visp_tuning_parser *p,
			  const yaml_node_t *sec, struct visp_tuning *t)
{
	struct visp_tuning_key k[] = {
		{ .name = "threshold" }, { .name = "restart" }, { .name = "coarse_steps" },
		{ .name = "fine_divisor" }, { .name = "contrast" },
	};
	struct visp_tuning_af *af = &t->af;
	unsigned long v = 0;
	int ret = visp_tuning_keys(p, sec, "the af section", k, ARRAY_SIZE(k));

	ret = ret ?: visp_tuning_uint(p, k[0].node, "the AF threshold",
				      VISP_PIXEL_MAX, &v);
	if (!ret && !v)
		ret = visp_tuning_error(p, k[0].node, "the AF threshold is 0");
	af->threshold = v;
	ret = ret ?: visp_tuning_double(p, k[1].node, "the AF restart drop",
					VISP_TUNING_AF_RESTART_MIN,
					VISP_TUNING_AF_RESTART_MAX,
					&af->restart);
	ret = ret ?: visp_tuning_uint(p, k[2].node, "the AF coarse steps",
				      VISP_TUNING_AF_COARSE_MAX, &v);
	if (!ret && v < VISP_TUNING_AF_COARSE_MIN)
		ret = visp_tuning_error(p, k[2].node,
					"the AF coarse steps are fewer than %u",
					VISP_TUNING_AF_COARSE_MIN);
	af->coarse_steps = v;
	ret = ret ?: visp_tuning_uint(p, k[3].node, "the AF fine divisor",
				      VISP_TUNING_AF_FINE_DIV_MAX, &v);
	if (!ret && !v)
		ret = visp_tuning_error(p, k[3].node,
					"the AF fine divisor is 0");
	af->fine_divisor = v;
	return ret ?: visp_tuning_double(p, k[4].node, "the AF contrast",
					 VISP_TUNING_AF_CONTRAST_MIN,
					 VISP_TUNING_AF_CONTRAST_MAX,
					 &af->contrast);
}

/**
 * struct visp_tuning_section_ops - a section of a tuning file
 *
 * @name: the section's key
 * @bit: its enum visp_tuning_section bit
 * @parse: reads it
 */
static const struct visp_tuning_section_ops {
	const char *name;
	uint32_t bit;
	int (*parse)(struct visp_tuning_parser *p, const yaml_node_t *sec,
		     struct visp_tuning *t);
} visp_tuning_sections[] = {
	{ "black_level", VISP_TUNING_BLACK_LEVEL, visp_tuning_black_level },
	{ "dpc", VISP_TUNING_DPC, visp_tuning_dpc },
	{ "lsc", VISP_TUNING_LSC, visp_tuning_lsc },
	{ "awb", VISP_TUNING_AWB, visp_tuning_awb },
	{ "ccm", VISP_TUNING_CCM, visp_tuning_ccm },
	{ "ae", VISP_TUNING_AE, visp_tuning_ae },
	{ "gamma", VISP_TUNING_GAMMA, visp_tuning_gamma },
	{ "demosaic", VISP_TUNING_DEMOSAIC, visp_tuning_demosaic },
	{ "tone", VISP_TUNING_TONE, visp_tuning_tone },
	{ "af", VISP_TUNING_AF, visp_tuning_af },
};

/* The list of sections: one single-key mapping per algorithm. */
static int visp_tuning_algorithms(struct visp_tuning_parser *p,
				  const yaml_node_t *list,
				  struct visp_tuning *t)
{
	unsigned int i, s;
	int ret = visp_tuning_seq(p, list, "'algorithms'", 0);

	for (i = 0; !ret && i < visp_tuning_len(list); i++) {
		const yaml_node_t *item = visp_tuning_item(p, list, i);
		const yaml_node_pair_t *pair;
		const yaml_node_t *key;
		const char *name;

		if (item->type != YAML_MAPPING_NODE ||
		    item->data.mapping.pairs.top -
		    item->data.mapping.pairs.start != 1)
			return visp_tuning_error(p, item,
						 "an algorithm is not a mapping of its name to its section");
		pair = item->data.mapping.pairs.start;
		key = yaml_document_get_node(&p->doc, pair->key);
		name = visp_tuning_scalar(key);
		for (s = 0; name && s < ARRAY_SIZE(visp_tuning_sections); s++)
			if (!strcmp(name, visp_tuning_sections[s].name))
				break;
		if (!name || s == ARRAY_SIZE(visp_tuning_sections))
			return visp_tuning_error(p, key,
						 "'%s' is not an algorithm of version %u",
						 name ?: "?", VISP_TUNING_VERSION);
		if (t->sections & visp_tuning_sections[s].bit)
			return visp_tuning_error(p, key,
						 "the %s section is given twice",
						 name);
		t->sections |= visp_tuning_sections[s].bit;
		ret = visp_tuning_sections[s].parse(p,
				yaml_document_get_node(&p->doc, pair->value), t);
	}
	return ret;
}

static int visp_tuning_root(struct visp_tuning_parser *p,
			    struct visp_tuning *t)
{
	struct visp_tuning_key k[] = { { .name = "version" }, { .name = "algorithms" } };
	yaml_node_t *root = yaml_document_get_root_node(&p->doc);
	unsigned long v;
	int ret;

	if (!root)
		return visp_tuning_error(p, NULL, "the file is empty");
	ret = visp_tuning_keys(p, root, "the file", k, ARRAY_SIZE(k));
	ret = ret ?: visp_tuning_uint(p, k[0].node, "the version", ~0UL, &v);
	if (!ret && v != VISP_TUNING_VERSION)
		ret = visp_tuning_error(p, k[0].node,
					"version %lu is not version %u", v,
					VISP_TUNING_VERSION);
	t->version = VISP_TUNING_VERSION;
	return ret ?: visp_tuning_algorithms(p, k[1].node, t);
}

struct visp_tuning *visp_tuning_load(const char *path, char *err,
				     size_t err_size)
{
	struct {
		struct visp_tuning_parser p;
		yaml_parser_t parser;
	} *st;
	struct visp_tuning *t = NULL;
	int ret = -ENOMEM;
	FILE *f;

	if (err && err_size)
		err[0] = '\0';
	f = fopen(path, "rb");
	if (!f) {
		ret = errno;
		if (err && err_size)
			snprintf(err, err_size, "%s: cannot be opened: %s.",
				 path, strerror(ret));
		errno = ret;
		return NULL;
	}
	st = calloc(1, sizeof(*st));
	if (!st)
		goto out_file;
	st->p.path = path;
	st->p.err = err;
	st->p.err_size = err_size;
	if (!yaml_parser_initialize(&st->parser))
		goto out_state;
	yaml_parser_set_input_file(&st->parser, f);
	if (!yaml_parser_load(&st->parser, &st->p.doc)) {
		if (err && err_size)
			snprintf(err, err_size, "%s:%lu: %s.", path,
				 (unsigned long)st->parser.problem_mark.line + 1,
				 st->parser.problem ?: "not valid YAML");
		ret = -EINVAL;
		goto out_parser;
	}
	t = calloc(1, sizeof(*t));
	if (t) {
		ret = visp_tuning_root(&st->p, t);
		if (ret) {
			free(t);
			t = NULL;
		}
	}
	yaml_document_delete(&st->p.doc);
out_parser:
	yaml_parser_delete(&st->parser);
out_state:
	free(st);
out_file:
	fclose(f);
	if (!t) {
		if (ret == -ENOMEM && err && err_size)
			snprintf(err, err_size, "%s: out of memory.", path);
		errno = -ret;
	}
	return t;
}

void visp_tuning_free(struct visp_tuning *tuning)
{
	free(tuning);
}

static int __attribute__((format(printf, 3, 4)))
visp_tuning_invalid(char *err, size_t err_size, const char *fmt, ...)
{
	va_list ap;

	if (err && err_size) {
		va_start(ap, fmt);
		vsnprintf(err, err_size, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int visp_tuning_check_cts(const char *what, const double *ct,
				 size_t stride, unsigned int n, char *err,
				 size_t err_size)
{
	const char *base = (const char *)ct;
	double prev = 0;
	unsigned int i;

	for (i = 0; i < n; i++) {
		double c = *(const double *)(base + i * stride);

		if (!(c >= 1000 && c <= 40000) || !(c > prev))
			return visp_tuning_invalid(err, err_size,
						   "The colour temperatures of the %s are not increasing within 1000 to 40000 K.",
						   what);
		prev = c;
	}
	return 0;
}

int visp_tuning_check(const struct visp_tuning *t, char *err,
		      size_t err_size)
{
	unsigned int i, j, c;

	if (err && err_size)
		err[0] = '\0';
	if (t->version != VISP_TUNING_VERSION)
		return visp_tuning_invalid(err, err_size,
					   "The tuning is not of version %u.",
					   VISP_TUNING_VERSION);
	if (t->sections & ~(uint32_t)(VISP_TUNING_AF * 2 - 1))
		return visp_tuning_invalid(err, err_size,
					   "The tuning has unknown sections.");
	if (t->sections & VISP_TUNING_BLACK_LEVEL)
		for (c = 0; c < VISP_CFA_CHANNELS; c++)
			if (t->black_level[c] >= VISP_PIXEL_MAX)
				return visp_tuning_invalid(err, err_size,
							   "The black level is not below 4095.");
	if ((t->sections & VISP_TUNING_DPC) && t->dpc_threshold > VISP_PIXEL_MAX)
		return visp_tuning_invalid(err, err_size,
					   "The DPC threshold is above 4095.");
	if (t->sections & VISP_TUNING_LSC) {
		if (!t->lsc_count || t->lsc_count > VISP_TUNING_CT_MAX)
			return visp_tuning_invalid(err, err_size,
						   "The LSC tables are not 1 to %u.",
						   VISP_TUNING_CT_MAX);
		if (visp_tuning_check_cts("LSC tables", &t->lsc[0].ct,
					  sizeof(t->lsc[0]), t->lsc_count,
					  err, err_size))
			return -EINVAL;
		for (i = 0; i < t->lsc_count; i++)
			for (c = 0; c < VISP_CFA_CHANNELS; c++)
				for (j = 0; j < VISP_LSC_GRID_NODES; j++)
					if (t->lsc[i].gain[c][j] > VISP_GAIN_MAX)
						return visp_tuning_invalid(err, err_size,
									   "An LSC gain is above %u.",
									   VISP_GAIN_MAX);
	}
	if (t->sections & VISP_TUNING_AWB) {
		if (t->ct_points < 2 || t->ct_points > VISP_3A_CT_POINTS_MAX)
			return visp_tuning_invalid(err, err_size,
						   "The AWB locus does not have 2 to %u points.",
						   VISP_3A_CT_POINTS_MAX);
		if (visp_tuning_check_cts("AWB locus", &t->ct_locus[0].ct,
					  sizeof(t->ct_locus[0]), t->ct_points,
					  err, err_size))
			return -EINVAL;
		for (i = 0; i < t->ct_points; i++)
			if (!(t->ct_locus[i].r_g >= 0.01 &&
			      t->ct_locus[i].r_g <= 100 &&
			      t->ct_locus[i].b_g >= 0.01 &&
			      t->ct_locus[i].b_g <= 100))
				return visp_tuning_invalid(err, err_size,
							   "A ratio of the AWB locus is not within 0.01 to 100.");
	}
	if (t->sections & VISP_TUNING_CCM) {
		if (!t->ccm_count || t->ccm_count > VISP_TUNING_CT_MAX)
			return visp_tuning_invalid(err, err_size,
						   "The CCMs are not 1 to %u.",
						   VISP_TUNING_CT_MAX);
		if (visp_tuning_check_cts("CCMs", &t->ccm[0].ct,
					  sizeof(t->ccm[0]), t->ccm_count,
					  err, err_size))
			return -EINVAL;
		for (i = 0; i < t->ccm_count; i++)
			for (j = 0; j < 9; j++) {
				double v = t->ccm[i].ccm[j / 3][j % 3];

				if (!(v >= VISP_CCM_COEFF_MIN / 1024.0 &&
				      v <= VISP_CCM_COEFF_MAX / 1024.0))
					return visp_tuning_invalid(err, err_size,
								   "A CCM coefficient is not within -8 to 8.");
			}
	}
	if ((t->sections & VISP_TUNING_AE) &&
	    (!(t->ae_target >= 0.001 && t->ae_target <= 0.999) ||
	     !t->ae_exposure_max_us || t->ae_exposure_max_us > 10000000 ||
	     !(t->ae_gain_max >= 1 && t->ae_gain_max <= 4096)))
		return visp_tuning_invalid(err, err_size,
					   "An AE setting is out of range.");
	if (t->sections & VISP_TUNING_GAMMA)
		for (i = 0; i < VISP_GAMMA_POINTS; i++)
			if (t->gamma[i] > VISP_PIXEL_MAX)
				return visp_tuning_invalid(err, err_size,
							   "A gamma point is above 4095.");
	if (t->sections & VISP_TUNING_TONE)
		for (i = 0; i < VISP_TONE_POINTS; i++)
			if (t->tone[i] > VISP_PIXEL_MAX)
				return visp_tuning_invalid(err, err_size,
							   "A tone curve point is above 4095.");
	if ((t->sections & VISP_TUNING_DEMOSAIC) &&
	    t->demosaic_mode > VISP_DEMOSAIC_DIRECTIONAL)
		return visp_tuning_invalid(err, err_size,
					   "The demosaic mode is unknown.");
	if ((t->sections & VISP_TUNING_AF) &&
	    (!t->af.threshold || t->af.threshold > VISP_PIXEL_MAX ||
	     !(t->af.restart >= VISP_TUNING_AF_RESTART_MIN &&
	       t->af.restart <= VISP_TUNING_AF_RESTART_MAX) ||
	     t->af.coarse_steps < VISP_TUNING_AF_COARSE_MIN ||
	     t->af.coarse_steps > VISP_TUNING_AF_COARSE_MAX ||
	     !t->af.fine_divisor ||
	     t->af.fine_divisor > VISP_TUNING_AF_FINE_DIV_MAX ||
	     !(t->af.contrast >= VISP_TUNING_AF_CONTRAST_MIN &&
	       t->af.contrast <= VISP_TUNING_AF_CONTRAST_MAX)))
		return visp_tuning_invalid(err, err_size,
					   "An AF setting is out of range.");
	return 0;
}

/* ------------------------------------------------------------------------
 * Writing
 */

/**
 * struct visp_tuning_writer - state of the writing of a file
 *
 * @em: the emitter
 * @ev: the event being emitted
 * @failed: an event could not be emitted
 */
struct visp_tuning_writer {
	yaml_emitter_t em;
	yaml_event_t ev;
	bool failed;
};

static void visp_tuning_emit(struct visp_tuning_writer *w)
{
	if (!w->failed && !yaml_emitter_emit(&w->em, &w->ev))
		w->failed = true;
}

static void visp_tuning_str(struct visp_tuning_writer *w, const char *s)
{
	yaml_scalar_event_initialize(&w->ev, NULL, NULL, (yaml_char_t *)s, -1,
				     1, 1, YAML_PLAIN_SCALAR_STYLE);
	visp_tuning_emit(w);
}

static void visp_tuning_num(struct visp_tuning_writer *w, double v)
{
	char s[32];

	snprintf(s, sizeof(s), "%.6g", v);
	visp_tuning_str(w, s);
}

static void visp_tuning_map(struct visp_tuning_writer *w, bool start)
{
	if (start)
		yaml_mapping_start_event_initialize(&w->ev, NULL, NULL, 1,
						    YAML_BLOCK_MAPPING_STYLE);
	else
		yaml_mapping_end_event_initialize(&w->ev);
	visp_tuning_emit(w);
}

static void visp_tuning_list(struct visp_tuning_writer *w, bool start,
			     bool flow)
{
	if (start)
		yaml_sequence_start_event_initialize(&w->ev, NULL, NULL, 1,
						     flow ? YAML_FLOW_SEQUENCE_STYLE :
						     YAML_BLOCK_SEQUENCE_STYLE);
	else
		yaml_sequence_end_event_initialize(&w->ev);
	visp_tuning_emit(w);
}

static void visp_tuning_u16_list(struct visp_tuning_writer *w,
				 const char *key, const uint16_t *v,
				 unsigned int n)
{
	unsigned int i;

	visp_tuning_str(w, key);
	visp_tuning_list(w, true, true);
	for (i = 0; i < n; i++)
		visp_tuning_num(w, v[i]);
	visp_tuning_list(w, false, true);
}

/* "- name:" and the section's mapping; closed by visp_tuning_end(). */
static void visp_tuning_begin(struct visp_tuning_writer *w, const char *name)
{
	visp_tuning_map(w, true);
	visp_tuning_str(w, name);
	visp_tuning_map(w, true);
}

static void visp_tuning_end(struct visp_tuning_writer *w)
{
	visp_tuning_map(w, false);
	visp_tuning_map(w, false);
}

static void visp_tuning_write(struct visp_tuning_writer *w,
			      const struct visp_tuning *t)
{
	unsigned int i, c;

	visp_tuning_map(w, true);
	visp_tuning_str(w, "version");
	visp_tuning_num(w, t->version);
	visp_tuning_str(w, "algorithms");
	visp_tuning_list(w, true, false);

	if (t->sections & VISP_TUNING_BLACK_LEVEL) {
		visp_tuning_begin(w, "black_level");
		visp_tuning_u16_list(w, "level", t->black_level,
				     VISP_CFA_CHANNELS);
		visp_tuning_end(w);
	}
	if (t->sections & VISP_TUNING_DPC) {
		visp_tuning_begin(w, "dpc");
		visp_tuning_str(w, "threshold");
		visp_tuning_num(w, t->dpc_threshold);
		visp_tuning_end(w);
	}
	if (t->sections & VISP_TUNING_LSC) {
		visp_tuning_begin(w, "lsc");
		visp_tuning_str(w, "tables");
		visp_tuning_list(w, true, false);
		for (i = 0; i < t->lsc_count; i++) {
			visp_tuning_map(w, true);
			visp_tuning_str(w, "ct");
			visp_tuning_num(w, t->lsc[i].ct);
			for (c = 0; c < VISP_CFA_CHANNELS; c++)
				visp_tuning_u16_list(w, visp_tuning_channels[c],
						     t->lsc[i].gain[c],
						     VISP_LSC_GRID_NODES);
			visp_tuning_map(w, false);
		}
		visp_tuning_list(w, false, false);
		visp_tuning_end(w);
	}
	if (t->sections & VISP_TUNING_AWB) {
		visp_tuning_begin(w, "awb");
		visp_tuning_str(w, "locus");
		visp_tuning_list(w, true, false);
		for (i = 0; i < t->ct_points; i++) {
			visp_tuning_map(w, true);
			visp_tuning_str(w, "ct");
			visp_tuning_num(w, t->ct_locus[i].ct);
			visp_tuning_str(w, "r_g");
			visp_tuning_num(w, t->ct_locus[i].r_g);
			visp_tuning_str(w, "b_g");
			visp_tuning_num(w, t->ct_locus[i].b_g);
			visp_tuning_map(w, false);
		}
		visp_tuning_list(w, false, false);
		visp_tuning_end(w);
	}
	if (t->sections & VISP_TUNING_CCM) {
		visp_tuning_begin(w, "ccm");
		visp_tuning_str(w, "matrices");
		visp_tuning_list(w, true, false);
		for (i = 0; i < t->ccm_count; i++) {
			visp_tuning_map(w, true);
			visp_tuning_str(w, "ct");
			visp_tuning_num(w, t->ccm[i].ct);
			visp_tuning_str(w, "ccm");
			visp_tuning_list(w, true, true);
			for (c = 0; c < 9; c++)
				visp_tuning_num(w, t->ccm[i].ccm[c / 3][c % 3]);
			visp_tuning_list(w, false, true);
			visp_tuning_map(w, false);
		}
		visp_tuning_list(w, false, false);
		visp_tuning_end(w);
	}
	if (t->sections & VISP_TUNING_AE) {
		visp_tuning_begin(w, "ae");
		visp_tuning_str(w, "target");
		visp_tuning_num(w, t->ae_target);
		visp_tuning_str(w, "exposure_max_us");
		visp_tuning_num(w, t->ae_exposure_max_us);
		visp_tuning_str(w, "gain_max");
		visp_tuning_num(w, t->ae_gain_max);
		visp_tuning_end(w);
	}
	if (t->sections & VISP_TUNING_GAMMA) {
		visp_tuning_begin(w, "gamma");
		visp_tuning_u16_list(w, "curve", t->gamma, VISP_GAMMA_POINTS);
		visp_tuning_end(w);
	}
	if (t->sections & VISP_TUNING_DEMOSAIC) {
		visp_tuning_begin(w, "demosaic");
		visp_tuning_str(w, "mode");
		visp_tuning_str(w, visp_tuning_demosaic_modes[t->demosaic_mode]);
		visp_tuning_end(w);
	}
	if (t->sections & VISP_TUNING_TONE) {
		visp_tuning_begin(w, "tone");
		visp_tuning_u16_list(w, "curve", t->tone, VISP_TONE_POINTS);
		visp_tuning_end(w);
	}
	if (t->sections & VISP_TUNING_AF) {
		visp_tuning_begin(w, "af");
		visp_tuning_str(w, "threshold");
		visp_tuning_num(w, t->af.threshold);
		visp_tuning_str(w, "restart");
		visp_tuning_num(w, t->af.restart);
		visp_tuning_str(w, "coarse_steps");
		visp_tuning_num(w, t->af.coarse_steps);
		visp_tuning_str(w, "fine_divisor");
		visp_tuning_num(w, t->af.fine_divisor);
		visp_tuning_str(w, "contrast");
		visp_tuning_num(w, t->af.contrast);
		visp_tuning_end(w);
	}

	visp_tuning_list(w, false, false);
	visp_tuning_map(w, false);
}

int visp_tuning_save(const struct visp_tuning *tuning, const char *path,
		     char *err, size_t err_size)
{
	struct visp_tuning_writer *w;
	bool failed;
	int ret;
	FILE *f;

	ret = visp_tuning_check(tuning, err, err_size);
	if (ret)
		return ret;
	w = calloc(1, sizeof(*w));
	if (!w || !yaml_emitter_initialize(&w->em)) {
		free(w);
		if (err && err_size)
			snprintf(err, err_size, "%s: out of memory.", path);
		return -ENOMEM;
	}
	f = fopen(path, "wb");
	if (!f) {
		ret = -errno;
		if (err && err_size)
			snprintf(err, err_size, "%s: cannot be created: %s.",
				 path, strerror(-ret));
		yaml_emitter_delete(&w->em);
		free(w);
		return ret;
	}
	yaml_emitter_set_output_file(&w->em, f);
	yaml_emitter_set_unicode(&w->em, 0);
	yaml_emitter_set_width(&w->em, 78);

	yaml_stream_start_event_initialize(&w->ev, YAML_UTF8_ENCODING);
	visp_tuning_emit(w);
	yaml_document_start_event_initialize(&w->ev, NULL, NULL, NULL, 1);
	visp_tuning_emit(w);
	visp_tuning_write(w, tuning);
	yaml_document_end_event_initialize(&w->ev, 1);
	visp_tuning_emit(w);
	yaml_stream_end_event_initialize(&w->ev);
	visp_tuning_emit(w);
	if (!w->failed && !yaml_emitter_flush(&w->em))
		w->failed = true;
	failed = w->failed;
	yaml_emitter_delete(&w->em);
	free(w);

	if (ferror(f) | fclose(f) || failed) {
		ret = -EIO;
		if (err && err_size)
			snprintf(err, err_size, "%s: could not be written.",
				 path);
	}
	return ret;
}
