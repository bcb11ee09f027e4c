/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A monitor in the benchmark: holds the event lease and drains the ring
 * buffer on a thread of its own while a class runs, as `algtrack monitor`
 * would on another CPU, so that the with-reader rows pay what a reader
 * costs the data path.
 */
#ifndef ALGTRACK_BENCH_READER_H
#define ALGTRACK_BENCH_READER_H

#include <linux/types.h>
#include "algtrack.skel.h"

struct bench_reader;

/* Takes the lease (no expiry) and starts draining; NULL on failure. */
struct bench_reader *bench_reader_start(struct algtrack_bpf *skel);
/*
 * Gives the lease up, drains what is left and stops; the events read and
 * those the data path dropped meanwhile. 0, or -1 on failure.
 */
int bench_reader_stop(struct bench_reader *r, unsigned long long *events,
		      unsigned long long *dropped);

#endif /* ALGTRACK_BENCH_READER_H */
