/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracker's maps. Pinned by name under ALG_PIN_ROOT, so they outlive the
 * loader and every attached interface shares them. Sizes here are defaults;
 * `algtrack attach --max-*` sets them before the first load. The clock is
 * in clock.h, counters and ids in counters.h.
 */
#ifndef ALGTRACK_BPF_MAPS_H
#define ALGTRACK_BPF_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "algtrack/abi.h"
#include "algtrack/parse.h"

/*
 * A pinned program array of n slots for programs that take ctx: one program
 * type per array, its slots filled by the loader (user/loader.c).
 */
#define ALG_PROG_ARRAY(name, n, ctx)                     \
	struct {                                         \
		__uint(type, BPF_MAP_TYPE_PROG_ARRAY);   \
		__uint(max_entries, n);                  \
		__uint(key_size, sizeof(__u32));         \
		__uint(pinning, LIBBPF_PIN_BY_NAME);     \
		__array(values, int(ctx));               \
	} name SEC(".maps")

/* Eviction under a flood is acceptable, unbounded growth is not. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, ALG_DEFAULT_MAX_SESSIONS);
	__type(key, struct alg_tuple);
	__type(value, struct alg_session);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} sessions SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, ALG_DEFAULT_MAX_CONVERSATIONS);
	__type(key, __u32);
	__type(value, struct alg_conversation);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} conversations SEC(".maps");

/*
 * Control channels not proven yet (ALG_SF_PROVEN), apart from the confirmed
 * ones above, as conntrack's early drop prefers unassured entries: a flood
 * of bogus SYNs or datagrams to a control port evicts only its own kind.
 * Same keys and values; a proven channel moves to sessions/conversations.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, ALG_DEFAULT_MAX_UNCONFIRMED);
	__type(key, struct alg_tuple);
	__type(value, struct alg_session);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} unconf_sessions SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, ALG_DEFAULT_MAX_UNCONFIRMED);
	__type(key, __u32);
	__type(value, struct alg_conversation);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} unconf_convs SEC(".maps");

/*
 * Each pair of tables behind one map-in-map: a value looked up through it
 * belongs, to the verifier, to one map whichever table holds it, while two
 * direct lookups would make every state after them twofold (and fourfold
 * for a session and its conversation: Linux 6.1 then verifies the SUNRPC
 * program past half its budget). Slot 0 confirmed, slot 1 unconfirmed. The
 * shapes are templates only (an inner map definition is never pinned).
 */
struct alg_session_table_shape {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, ALG_DEFAULT_MAX_UNCONFIRMED);
	__type(key, struct alg_tuple);
	__type(value, struct alg_session);
};

struct alg_conversation_table_shape {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, ALG_DEFAULT_MAX_UNCONFIRMED);
	__type(key, __u32);
	__type(value, struct alg_conversation);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct alg_session_table_shape);
} session_tables SEC(".maps") = {
	.values = { (void *)&sessions, (void *)&unconf_sessions },
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct alg_conversation_table_shape);
} conversation_tables SEC(".maps") = {
	.values = { (void *)&conversations, (void *)&unconf_convs },
};

/*
 * LRU as well: a flood of control messages evicts the oldest pinholes instead
 * of refusing new conversations' pinholes for a whole lifetime. Every entry
 * also expires on its own (checked on lookup).
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, ALG_DEFAULT_MAX_RESOURCES);
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

/* Inserts and deletes per LRU table, from which evictions are known (abi.h). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2 * ALG_TABLES);
	__type(key, __u32);
	__type(value, struct alg_table_ops);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} table_ops SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, ALG_FLOW_SLOTS);
	__type(key, __u32);
	__type(value, struct alg_flow_entry);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} flow_cache SEC(".maps");

/*
 * Per-conversation parser state (struct alg_conv_state), for ALGs whose
 * registry row gives it a size; written only when a parser changed it.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, struct alg_conv_state);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} conv_state SEC(".maps");

/*
 * A TCP control message split over segments, gathered until it is whole
 * (or larger than ALG_MAX_PAYLOAD). One per session direction.
 */
/* Bytes added to a carry per load: a segment's share comes in chunks (power of two). */
#define ALG_CARRY_CHUNK 2048u

struct alg_carry_key {
	struct alg_tuple key; /* canonical session key */
	__u32 dir;
};

struct alg_carry {
	__u32 seq;  /* the message's first byte */
	__u32 have; /* bytes gathered */
	__u32 need; /* the message's length when its framing told, else 0 */
	__u32 pad;
	struct alg_buf buf;
	/*
	 * Room for a masked offset plus a masked chunk length: the verifier's
	 * proof of bounds for bytes added at the end of what is gathered.
	 */
	__u8 slack[ALG_CARRY_CHUNK];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, struct alg_carry_key);
	__type(value, struct alg_carry);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} carry SEC(".maps");

/* All zeroes: the value a new carry entry is created from (10 KiB fits no stack). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct alg_carry);
} carry_zero SEC(".maps");

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
	__u8 alg;              /* the ALG program running: its parser, its counters */
	__u8 held;             /* the payload is in buf already (a reassembled datagram) */
	__u8 blank;            /* the message parsed was only line ends (LINE framing) */
	__u8 pad;
	__u32 state_size;      /* the registry's private state size of that ALG */
	/*
	 * Where the ALG program goes on in the segment when it runs again for
	 * the same packet (tail-called by itself after ALG_MAX_MESSAGES
	 * messages); 0 for a packet's first run.
	 */
	__u32 resume_off;
	__u32 pad2;
	struct alg_parse_ctx pctx;
	struct alg_parse_result res;
	/* Built here, not on the stack: the parsers' call chain needs the room. */
	struct alg_carry_key ckey;
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

#endif /* ALGTRACK_BPF_MAPS_H */
