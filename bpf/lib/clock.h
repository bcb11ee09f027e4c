/* SPDX-License-Identifier: GPL-2.0 */
/* The tracker's clock. */
#ifndef ALGTRACK_BPF_CLOCK_H
#define ALGTRACK_BPF_CLOCK_H

#include "maps.h"

/*
 * The tracker's clock: capture time during replay, monotonic time otherwise.
 * A tick's resolution is plenty for idle times and lifetimes of seconds.
 * The verifier inlines bpf_jiffies64() into one load, where the coarse
 * clock is a chain of calls (each ~10 ns with return-thunk mitigations).
 */
static __always_inline __u64 alg_now(const struct alg_config *cfg)
{
	if (cfg->clock_ns)
		return cfg->clock_ns;
	if (cfg->jiffy_ns)
		return bpf_jiffies64() * cfg->jiffy_ns + cfg->jiffies_offset_ns;
	return bpf_ktime_get_coarse_ns();
}

#endif /* ALGTRACK_BPF_CLOCK_H */
