/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark: shared options, the result table, and the entry points of
 * its sections (packet classes, table scale, report cost, live path, replay).
 */
#ifndef ALGTRACK_BENCH_H
#define ALGTRACK_BENCH_H

#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>
#include "algtrack/abi.h"
#include "testrun.h"

#define BENCH_MAX_ROUNDS 32

struct bench_opts {
	unsigned int rounds;      /* every figure is the median of this many */
	unsigned int repeat;      /* BPF_PROG_TEST_RUN repeat of one frame */
	unsigned int distinct;    /* frames per round of the state-creating classes */
	unsigned int live_seconds; /* per iperf3 run; 0: no live path */
	__u32 scale[3];           /* session-table fills; 0 ends the list */
	__u32 report_sizes[2];    /* conversations for the report cost; 0 ends */
	unsigned int replay_copies; /* back-to-back copies of a capture in the replay rate */
	const char *algtrack;     /* the algtrack binary */
	const char *json_path;
	const char *live_script;
	const char *pcaps[2];
	const char *only;         /* NULL: every section; else classes|scale|report|flood|replay|live */
	const char *class_filter; /* NULL: every packet class; else those whose name has it */
};

/* One figure: the samples of every round, and how it is judged. */
enum bench_target_kind {
	BENCH_T_NONE,
	BENCH_T_RATIO_MAX,  /* median / floor <= limit */
	BENCH_T_VALUE_MAX,  /* median <= limit */
	BENCH_T_VALUE_MIN,  /* median >= limit */
};

struct bench_target {
	enum bench_target_kind kind;
	double limit;
	const char *text; /* e.g. "<= 1.3x floor" */
};

struct bench_row {
	char section[24];
	char name[72];
	char unit[12];
	char note[96];
	double v[BENCH_MAX_ROUNDS];     /* the figure, per round */
	double floor[BENCH_MAX_ROUNDS]; /* the empty program, per round (BPF rows) */
	unsigned int n;
	int has_floor;
	struct bench_target target;
};

/* ---- results.c ---- */
struct bench_row *bench_row_new(const char *section, const char *name, const char *unit);
void bench_row_add(struct bench_row *r, double v);
void bench_row_add_floor(struct bench_row *r, double v, double floor);
void bench_row_note(struct bench_row *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void bench_row_target(struct bench_row *r, enum bench_target_kind kind, double limit,
		      const char *text);
double bench_median(const double *v, unsigned int n);
double bench_row_median(const struct bench_row *r);
double bench_row_floor(const struct bench_row *r);
struct bench_row *bench_row_find(const char *section, const char *name);
void bench_print_table(FILE *out);
int bench_write_json(const char *path, const char *machine);
int bench_misses(void);

/* What the BPF sections share: one loaded tracker and the empty programs. */
struct bench_ctx {
	const struct bench_opts *o;
	struct algtrack_bpf *skel;
	struct bench_hook hooks[2]; /* XDP, TC */
};

/* ---- sections: 0 when every check of the figures' validity held ---- */
int bench_classes(const struct bench_ctx *c);
int bench_scale(const struct bench_ctx *c);
int bench_report(const struct bench_opts *o);
int bench_live(const struct bench_opts *o);
int bench_replay(const struct bench_opts *o);
int bench_flood(const struct bench_opts *o);

#endif /* ALGTRACK_BENCH_H */
