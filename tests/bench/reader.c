// SPDX-License-Identifier: GPL-2.0
/* A monitor in the benchmark (see reader.h). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <bpf/libbpf.h>
#include "maps.h"
#include "reader.h"

struct bench_reader {
	struct algtrack_bpf *skel;
	struct ring_buffer *rb;
	pthread_t thread;
	int stop; /* read and written atomically */
	unsigned long long events;
	__u64 dropped_before;
};

static int count_event(void *ctx, void *data, size_t size)
{
	struct bench_reader *r = ctx;

	(void)data;
	(void)size;
	r->events++;
	return 0;
}

static void *drain(void *arg)
{
	struct bench_reader *r = arg;

	/* As the monitor reads: woken when the ring fills, else when the poll times out. */
	while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
		ring_buffer__poll(r->rb, 100);
		ring_buffer__consume(r->rb);
	}
	return NULL;
}

static int lease(struct algtrack_bpf *skel, __u64 until)
{
	struct alg_maps m = maps_of_skel(skel);
	struct alg_config c;

	if (maps_config(&m, &c))
		return -1;
	c.events_until_ns = until;
	return maps_config_set(&m, &c) ? -1 : 0;
}

struct bench_reader *bench_reader_start(struct algtrack_bpf *skel)
{
	struct bench_reader *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->skel = skel;
	r->rb = ring_buffer__new(bpf_map__fd(skel->maps.events), count_event, r, NULL);
	if (!r->rb)
		goto fail;
	ring_buffer__consume(r->rb); /* an earlier class's leftovers */
	r->events = 0;
	if (maps_events_dropped(bpf_map__fd(skel->maps.events_dropped), &r->dropped_before) ||
	    lease(skel, ~0ull))
		goto fail;
	if (pthread_create(&r->thread, NULL, drain, r)) {
		lease(skel, 0);
		goto fail;
	}
	return r;
fail:
	fprintf(stderr, "bench: starting the event reader failed\n");
	ring_buffer__free(r->rb);
	free(r);
	return NULL;
}

int bench_reader_stop(struct bench_reader *r, unsigned long long *events,
		      unsigned long long *dropped)
{
	__u64 after = 0;
	int rc;

	rc = lease(r->skel, 0);
	__atomic_store_n(&r->stop, 1, __ATOMIC_RELEASE);
	pthread_join(r->thread, NULL);
	ring_buffer__consume(r->rb);
	if (maps_events_dropped(bpf_map__fd(r->skel->maps.events_dropped), &after))
		rc = -1;
	*events = r->events;
	*dropped = after - r->dropped_before;
	ring_buffer__free(r->rb);
	free(r);
	return rc;
}
