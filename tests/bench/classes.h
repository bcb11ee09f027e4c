/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Packet classes: the state each needs in the tables, the frames that
 * exercise it, and the counters that prove the path it took.
 */
#ifndef ALGTRACK_BENCH_CLASSES_H
#define ALGTRACK_BENCH_CLASSES_H

#include "bench.h"
#include "flow.h"

struct class_env {
	const struct bench_ctx *c;
	const struct bench_hook *h;
	int family;
	struct bench_flow ctl;
	__u8 frame[BENCH_FRAME_MAX]; /* repeated classes */
	size_t len;
	struct bench_frames frames;  /* distinct-frame classes, one round's worth */
	unsigned int counter;        /* distinct frames made so far */
	struct alg_stats before;     /* the ALG's counters after setup */
};

struct bench_class {
	const char *name;
	__u8 alg;          /* whose counters verify() reads */
	int both_families; /* 0: one row per hook (non-IP) */
	int distinct;      /* frames of one round are distinct and run once each */
	const char *how;   /* how the state is kept honest, for the table */
	int (*setup)(struct class_env *e);
	int (*batch)(struct class_env *e); /* distinct: fill e->frames */
	int (*after)(struct class_env *e); /* distinct: undo the round's state */
	/* Did `runs` packets through the tracker take this class's path? */
	int (*verify)(struct class_env *e, const struct alg_stats *delta, unsigned long runs);
	enum bench_target_kind target;
	double limit;
	const char *target_text;
};

extern const struct bench_class bench_class_list[];
extern const unsigned int bench_class_count;

#endif /* ALGTRACK_BENCH_CLASSES_H */
