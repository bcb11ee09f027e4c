/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracker's maps. Pinned by name under ALG_PIN_ROOT, so they outlive the
 * loader and every attached interface shares them. Sizes here are defaults;
 * `algtrack attach --max-*` sets them before the first load.
 */
#ifndef ALGTRACK_BPF_MAPS_H
#define ALGTRACK_BPF_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "algtrack/abi.h"
#include "algtrack/parse.h"

/* Eviction under a flood is acceptable, unbounded growth is not. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 262144);
	__type(key, struct alg_tuple);
	__type(value, struct alg_session);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} sessions SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, struct alg_conversation);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} conversations SEC(".maps");

/*
 * LRU as well: a flood of control messages evicts the oldest pinholes instead
 * of refusing new conversations' pinholes for a whole lifetime. Every entry
 * also expires on its own (checked on lookup).
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct alg_resource_key);
	__type(value, struct alg_resource);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} resources SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, ALG_PORTS);
	__type(key, __u32);
	__type(value, struct alg_port);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct alg_port_filter);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} port_filter SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct alg_config);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct alg_ids);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ids SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, struct alg_iface);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} ifaces SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, ALG__MAX);
	__type(key, __u32);
	__type(value, struct alg_stats);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, ALG_FLOW_SLOTS);
	__type(key, __u32);
	__type(value, struct alg_flow_entry);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} flow_cache SEC(".maps");

/*
 * Per-CPU scratch: the packet's facts handed across the tail call to the
 * ALG program, and the payload copy its parser reads. XDP and TC never nest
 * on one CPU. Pinned like the program arrays: an entry program of an earlier
 * attach may tail-call into the ALG programs of a later one.
 */
struct alg_scratch {
	struct alg_tuple key;  /* canonical session key */
	struct alg_tuple pkt;  /* the packet's own tuple */
	__u32 payload_off;
	__u32 payload_len;
	__u64 now;             /* the tracker's clock for this packet */
	__u32 seq;             /* TCP sequence number of the payload's first byte */
	__u8 dir;              /* 0: forward, 1: reverse */
	__u8 ends_line;        /* TCP: the payload's last byte is a newline */
	__u8 pad[2];
	struct alg_parse_ctx pctx;
	struct alg_parse_result res;
	/* Built here, not on the stack: the parsers' call chain needs the room. */
	struct alg_resource_key rkey;
	struct alg_resource rval;
	struct alg_buf buf;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct alg_scratch);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} scratch SEC(".maps");

static __always_inline struct alg_config *alg_config(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&config, &zero);
}

static __always_inline struct alg_port_filter *alg_port_filter(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&port_filter, &zero);
}

static __always_inline int alg_port_filtered(const struct alg_port_filter *f, __u32 port)
{
	__u32 word = ALG_PORT_WORD(port);

	/*
	 * clang drops the mask below as redundant for a byte-swapped port, but
	 * Linux 6.1's verifier does not know such a value fits 16 bits.
	 */
	barrier_var(word);
	return !!(f->bits[word & (ALG_PORTS / 64 - 1)] & ALG_PORT_BIT(port));
}

static __always_inline struct alg_scratch *alg_scratch(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&scratch, &zero);
}

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

#define alg_stat_add(alg, field, n) ({                                   \
	__u32 __k = (alg);                                               \
	struct alg_stats *__s = bpf_map_lookup_elem(&stats, &__k);       \
	if (__s)                                                         \
		__s->field += (n);                                       \
})
#define alg_stat_inc(alg, field) alg_stat_add(alg, field, 1)

/*
 * Ids are unique, never 0, and allocated here in the kernel. A counter that
 * wraps around skips 0, which means "none" (a parent's resource_id).
 */
#define alg_id_alloc(field) ({                                           \
	__u32 __k = 0, __id = 0;                                         \
	struct alg_ids *__i = bpf_map_lookup_elem(&ids, &__k);           \
	if (__i) {                                                       \
		__id = __sync_fetch_and_add(&__i->field, 1) + 1;         \
		if (!__id)                                               \
			__id = __sync_fetch_and_add(&__i->field, 1) + 1; \
	}                                                                \
	__id; })

#endif /* ALGTRACK_BPF_MAPS_H */
