// SPDX-License-Identifier: GPL-2.0
/*
 * Finding the tick: the probe reads jiffies and CLOCK_MONOTONIC together;
 * polling it across a few jiffies increments gives a tick's length, which
 * is snapped to the kernel's TICK_NSEC for the HZ values Linux offers.
 */
#include <errno.h>
#include <time.h>
#include <bpf/bpf.h>
#include "algtrack/abi.h"
#include "clock.h"
#include "constants.h"
#include "maps.h"

#define MEASURE_TICKS 4
#define MEASURE_ATTEMPTS 3
#define POLL_LIMIT_NS 500000000ull /* 5 ticks at HZ 100 take 50 ms */

static const unsigned int kernel_hz[] = { 100, 250, 300, 1000 };

static int clock_read(struct algtrack_bpf *skel, struct alg_clock_sample *out)
{
	unsigned char frame[64] = {};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = sizeof(frame),
		    .repeat = 1);

	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.xdp_clock_probe), &opts))
		return -1;
	*out = skel->bss->alg_clock_sample;
	return 0;
}

/* Polls until jiffies reaches `to`; the first sample there. */
static int clock_poll(struct algtrack_bpf *skel, __u64 to, __u64 deadline_ns,
		      struct alg_clock_sample *out)
{
	do {
		if (clock_read(skel, out) || out->mono_ns > deadline_ns)
			return -1;
	} while (out->jiffies < to);
	return 0;
}

/* Linux's TICK_NSEC for the HZ whose tick is within 10% of `ns`, or 0. */
static __u64 clock_snap(__u64 ns)
{
	for (size_t i = 0; i < sizeof(kernel_hz) / sizeof(kernel_hz[0]); i++) {
		__u64 tick = (ALG_NS_PER_SEC + kernel_hz[i] / 2) / kernel_hz[i];

		if (ns > tick - tick / 10 && ns < tick + tick / 10)
			return tick;
	}
	return 0;
}

/*
 * From the first sample after one tick to the first after MEASURE_TICKS more:
 * averaging over several ticks absorbs a late interrupt or a slow poll.
 */
static int clock_measure(struct algtrack_bpf *skel, __u64 *jiffy_ns, __u64 *offset_ns)
{
	struct alg_clock_sample start, a, b;
	__u64 deadline;

	if (clock_read(skel, &start))
		return -1;
	deadline = start.mono_ns + POLL_LIMIT_NS;
	if (clock_poll(skel, start.jiffies + 1, deadline, &a) ||
	    clock_poll(skel, a.jiffies + MEASURE_TICKS, deadline, &b))
		return -1;
	*jiffy_ns = clock_snap((b.mono_ns - a.mono_ns) / (b.jiffies - a.jiffies));
	if (!*jiffy_ns)
		return -1;
	/* Unsigned wrap-around is intended: the offset may be "negative". */
	*offset_ns = b.mono_ns - b.jiffies * *jiffy_ns;
	return 0;
}

int clock_configure(struct algtrack_bpf *skel)
{
	static __u64 jiffy_ns, offset_ns;
	struct alg_maps m = maps_of_skel(skel);
	struct alg_config cfg;
	int err;

	/* A late tick (a busy or emulated host) spoils a measurement: try again. */
	for (int attempt = 0; !jiffy_ns && attempt < MEASURE_ATTEMPTS; attempt++)
		if (clock_measure(skel, &jiffy_ns, &offset_ns))
			jiffy_ns = 0;
	if (!jiffy_ns) {
		errno = ETIME;
		return -1;
	}
	err = maps_config(&m, &cfg);
	if (err)
		goto fail;
	cfg.jiffy_ns = jiffy_ns;
	cfg.jiffies_offset_ns = offset_ns;
	err = maps_config_set(&m, &cfg);
	if (!err)
		return 0;
fail:
	errno = -err;
	return -1;
}

__u64 clock_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * ALG_NS_PER_SEC + (__u64)ts.tv_nsec;
}
