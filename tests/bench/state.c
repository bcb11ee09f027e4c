// SPDX-License-Identifier: GPL-2.0
/* The tracker's tables from user space (see state.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <endian.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "clock.h"
#include "loader.h"
#include "maps.h"
#include "state.h"
#include "tables.h"

#define BATCH_CHUNK 8192u

int bench_reset(struct algtrack_bpf *skel)
{
	/* The clock attach sets up, so the data path is the one users run. */
	if (tables_reset(skel) || clock_configure(skel)) {
		fprintf(stderr, "bench: resetting the maps failed\n");
		return -1;
	}
	/* NAT awareness off unless a class turns it on (user/nat.h). */
	skel->bss->alg_nat_enabled = 0;
	return 0;
}

int bench_set_resource_cap(struct algtrack_bpf *skel, __u32 cap)
{
	struct alg_maps m = maps_of_skel(skel);
	struct alg_config c;

	if (maps_config(&m, &c))
		return -1;
	c.max_resources = cap;
	return maps_config_set(&m, &c) ? -1 : 0;
}

/* The data path's order on endpoints (bpf/lib/tuple.h), word by word. */
static int endpoint_less(const struct alg_addr *a, __u16 ap, const struct alg_addr *b, __u16 bp)
{
	for (int i = 0; i < 4; i++)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i];
	return ap < bp;
}

int bench_canonical(struct alg_tuple *key, const struct alg_tuple *t)
{
	*key = *t;
	key->pad[0] = key->pad[1] = 0;
	if (!endpoint_less(&t->dst, t->dport, &t->src, t->sport))
		return 1;
	key->src = t->dst;
	key->dst = t->src;
	key->sport = t->dport;
	key->dport = t->sport;
	return 0;
}

struct alg_tuple bench_tuple(int family, __u8 proto, const __u8 src[16], __u16 sport,
			     const __u8 dst[16], __u16 dport)
{
	struct alg_tuple t = {};

	memcpy(t.src.w, src, family == ALG_AF_INET6 ? 16 : 4);
	memcpy(t.dst.w, dst, family == ALG_AF_INET6 ? 16 : 4);
	t.sport = htobe16(sport);
	t.dport = htobe16(dport);
	t.family = (__u8)family;
	t.proto = proto;
	return t;
}

struct alg_stats bench_stats(struct algtrack_bpf *skel, __u32 alg)
{
	struct alg_maps m = maps_of_skel(skel);
	struct alg_stats sum;

	if (maps_stats(&m, alg, &sum))
		memset(&sum, 0, sizeof(sum));
	return sum;
}

int bench_update_batch(int map_fd, const void *keys, const void *values, __u32 n,
		       __u32 key_size, __u32 value_size)
{
	for (__u32 done = 0; done < n;) {
		__u32 count = n - done < BATCH_CHUNK ? n - done : BATCH_CHUNK;
		LIBBPF_OPTS(bpf_map_batch_opts, o, .elem_flags = BPF_ANY);

		if (bpf_map_update_batch(map_fd, (const __u8 *)keys + (size_t)done * key_size,
					 (const __u8 *)values + (size_t)done * value_size, &count,
					 &o))
			return -1;
		done += count;
	}
	return 0;
}

int bench_delete_batch(int map_fd, const void *keys, __u32 n, __u32 key_size)
{
	for (__u32 done = 0; done < n;) {
		__u32 count = n - done < BATCH_CHUNK ? n - done : BATCH_CHUNK;
		LIBBPF_OPTS(bpf_map_batch_opts, o);

		if (bpf_map_delete_batch(map_fd, (const __u8 *)keys + (size_t)done * key_size,
					 &count, &o))
			return -1;
		done += count;
	}
	return 0;
}

int bench_hint_port(struct algtrack_bpf *skel, __u16 port)
{
	int fd = bpf_map__fd(skel->maps.port_filter);
	struct alg_port_filter f;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(fd, &zero, &f))
		return -1;
	f.bits[ALG_PORT_WORD(port)] |= ALG_PORT_BIT(port);
	return bpf_map_update_elem(fd, &zero, &f, BPF_ANY);
}
