/* SPDX-License-Identifier: GPL-2.0 */
/* Running a program and measuring it: wall time, peak RSS, exit status. */
#ifndef ALGTRACK_BENCH_PROC_H
#define ALGTRACK_BENCH_PROC_H

#include <stddef.h>

struct bench_proc {
	double wall_ms;
	double peak_rss_mib; /* the child's own maximum resident set (wait4) */
	int status;          /* exit status, or -1 when it did not exit normally */
};

/* Runs argv with stdout to out_path (NULL: /dev/null), stderr kept; 0 when it ran. */
int bench_proc_run(char *const argv[], const char *out_path, struct bench_proc *res);

/* Occurrences of needle in a file; -1 when it cannot be read. */
long bench_file_count(const char *path, const char *needle);

#endif /* ALGTRACK_BENCH_PROC_H */
