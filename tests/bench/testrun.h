/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Timing packets through BPF_PROG_TEST_RUN: one frame repeated, or many
 * distinct frames run once each; always next to the empty program.
 */
#ifndef ALGTRACK_BENCH_TESTRUN_H
#define ALGTRACK_BENCH_TESTRUN_H

#include <stddef.h>
#include <linux/types.h>

#define BENCH_FRAME_MAX 2048

/* The program pair of one hook: the tracker's entry program and the floor. */
struct bench_hook {
	const char *name; /* "XDP" or "TC" */
	int is_tc;
	int prog;         /* xdp_algtrack / tc_algtrack */
	int empty;        /* empty_xdp / empty_tc */
};

/* Frames of equal stride in one buffer. */
struct bench_frames {
	__u8 *buf;
	size_t *len;
	unsigned int n, cap;
};

int bench_frames_init(struct bench_frames *f, unsigned int cap);
void bench_frames_free(struct bench_frames *f);
__u8 *bench_frames_slot(struct bench_frames *f, unsigned int i);
void bench_frames_push(struct bench_frames *f, const __u8 *frame, size_t len);

/*
 * Runs one frame `repeat` times; returns the kernel's ns per run, or a
 * negative value when the run failed or the verdict was not PASS / OK.
 */
double bench_run_repeat(const struct bench_hook *h, int prog, const void *frame, size_t len,
			unsigned int repeat);

/* Runs every frame once; returns the mean of the kernel's ns per run. */
double bench_run_each(const struct bench_hook *h, int prog, const struct bench_frames *f);

#endif /* ALGTRACK_BENCH_TESTRUN_H */
