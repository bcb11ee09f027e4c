/* SPDX-License-Identifier: GPL-2.0 */
/* The data path's clock: jiffies scaled to CLOCK_MONOTONIC nanoseconds. */
#ifndef ALGTRACK_CLOCK_H
#define ALGTRACK_CLOCK_H

#include <linux/types.h>
#include "algtrack/abi.h"
#include "algtrack.skel.h"

/*
 * Measures the kernel's tick with the object's clock probe and writes the
 * scale and offset into the config map (jiffy_ns, jiffies_offset_ns).
 * Measured once per process (five ticks of polling, up to three times),
 * reused after.
 * Returns 0, or -1 when the tick could not be measured: the config then
 * keeps jiffy_ns 0 and the data path reads the coarse clock.
 */
int clock_configure(struct algtrack_bpf *skel);

/* The kernel tracker's clock (CLOCK_MONOTONIC, read coarsely there) as seen from user space. */
__u64 clock_monotonic_ns(void);

#endif /* ALGTRACK_CLOCK_H */
