/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The map ABI shared by the BPF programs and user space: keys, values, enums
 * and ALG ids. Only __u* types, explicit padding, sizes asserted, so that the
 * BPF object, the loader and bpftool all agree on every byte.
 */
#ifndef ALGTRACK_ABI_H
#define ALGTRACK_ABI_H

#include <linux/types.h>
#include "registry.h"

#define ALG_PIN_ROOT "/sys/fs/bpf/algtrack"

/* Address families and transports by value: the BPF side has no libc headers. */
#define ALG_AF_INET 2
#define ALG_AF_INET6 10
#define ALG_IPPROTO_TCP 6
#define ALG_IPPROTO_UDP 17
#define ALG_IPPROTO_GRE 47 /* PPTP's enhanced GRE (RFC 2637 §4.1): the key's low 16 bits are a call id */
#define ALG_IPPROTO_ESP 50 /* IPsec ESP (RFC 4303): flows are known by SPI */

#define ALG_NS_PER_SEC 1000000000ull

/* Default table sizes (`attach --max-*` chooses others), sized for a busy gateway. */
#define ALG_DEFAULT_MAX_SESSIONS 262144
#define ALG_DEFAULT_MAX_CONVERSATIONS 65536
#define ALG_DEFAULT_MAX_RESOURCES 65536
/*
 * Control channels that have not proven themselves yet (sessions and their
 * conversations) are kept apart, in tables of this size: a flood of bogus
 * ones churns these and never evicts a confirmed conversation.
 */
#define ALG_DEFAULT_MAX_UNCONFIRMED 65536

/* One id per Junos ALG, in registry order (registry.h). */
enum alg_id {
	ALG_NONE = 0,
#define ALG_ID_ENUM(ID, ...) ALG_##ID,
	ALG_REGISTRY(ALG_ID_ENUM)
#undef ALG_ID_ENUM
	ALG__COUNT, /* one past the last id */
	ALG__MAX = 16, /* table sizes; ids stay below this */
};

enum alg_role {
	ALG_ROLE_PARENT = 1,
	ALG_ROLE_CHILD = 2,
};

enum alg_state {
	ALG_STATE_ACTIVE = 1,
	ALG_STATE_CLOSED = 2,
};

/*
 * An address in network byte order: IPv4 in w[0] with w[1..3] zero, IPv6 in
 * all four words.
 */
struct alg_addr {
	__u32 w[4];
};

/*
 * A directional flow (ports in network byte order). The sessions map uses the
 * same layout as its key in canonical form: (src, sport) <= (dst, dport)
 * compared word by word, so both directions of a flow find one entry.
 */
struct alg_tuple {
	struct alg_addr src;
	struct alg_addr dst;
	__u16 sport;
	__u16 dport;
	__u8 family; /* AF_INET (2) or AF_INET6 (10) */
	__u8 proto;  /* IPPROTO_TCP, IPPROTO_UDP, ... */
	__u8 pad[2];
};

/* alg_session.flags */
enum alg_session_flags {
	ALG_SF_KEY_IS_FWD = 1 << 0,  /* the key's src is the forward flow's source */
	ALG_SF_FIN_FWD = 1 << 1,     /* FIN seen in the forward direction */
	ALG_SF_FIN_REV = 1 << 2,
	ALG_SF_SEQ_FWD = 1 << 3,     /* next_seq[0] is a known message start */
	ALG_SF_SEQ_REV = 1 << 4,
	ALG_SF_START_FWD = 1 << 5,   /* next_seq[0] is the stream's first byte */
	ALG_SF_START_REV = 1 << 6,
	ALG_SF_MUTE_FWD = 1 << 7,    /* direction is not this ALG's protocol: never parse */
	ALG_SF_MUTE_REV = 1 << 8,
	ALG_SF_LAST_FWD = 1 << 9,    /* last_seq[0] is where the last parsed message started */
	ALG_SF_LAST_REV = 1 << 10,
	ALG_SF_CARRY_FWD = 1 << 11,  /* a message split over segments is being gathered (carry map) */
	ALG_SF_CARRY_REV = 1 << 12,
	ALG_SF_NAT_KNOWN = 1 << 13,  /* conntrack was asked and answered: no need to ask again */
	/*
	 * A well-formed control message was parsed. With packets seen both
	 * ways (the TCP handshake, a datagram's answer) the control channel is
	 * proven: it moves from the unconfirmed tables to the confirmed ones.
	 */
	ALG_SF_PROVEN = 1 << 14,
	ALG_SF_CONFIRMED = 1 << 15,  /* in the confirmed sessions table (children always) */
};

/* sessions: LRU hash, canonical struct alg_tuple -> struct alg_session */
struct alg_session {
	__u64 first_seen_ns;
	__u64 last_seen_ns;
	__u64 packets[2]; /* [0] forward, [1] reverse */
	/*
	 * IP packets' bytes: the IP length field, held to what the frame
	 * carries from the IP header on (link-layer headers and padding not
	 * counted; a field larger than the frame counts the frame).
	 */
	__u64 bytes[2];
	__u32 session_id;
	__u32 group_id;
	__u32 resource_id; /* child: the resource it matched; parent: 0 */
	__u32 ifindex;     /* where the session was first seen */
	__u32 next_seq[2]; /* TCP parents: where the next message starts, per direction */
	__u32 last_seq[2]; /* TCP parents: where the last parsed message started (retransmissions) */
	/* enum alg_session_flags; 32 bits for the data path's atomic updates */
	__u32 flags;
	__u8 role;         /* enum alg_role */
	__u8 alg;          /* enum alg_id */
	__u8 state;        /* enum alg_state */
	__u8 parser;       /* enum alg_id whose parser reads its payload (a control channel), or 0 */
};

/* conversations: LRU hash, __u32 group id -> struct alg_conversation */
struct alg_conversation {
	struct alg_tuple parent; /* forward tuple of the parent session */
	__u64 created_ns;
	__u64 last_seen_ns;
	__u32 group_id;
	__u32 parent_session_id;
	__u32 ifindex;
	/*
	 * Resources made in the current window, held against
	 * config.max_resources. A window lasts one resource lifetime, so at
	 * most twice the cap can be live at once, with no count to repair
	 * when a resource expires unseen.
	 */
	__u32 resources;
	__u32 window_s;  /* when the window opened, in tracker-clock seconds */
	__u32 children;  /* child sessions created */
	__u32 epoch;     /* bumped when the control channel withdraws its resources */
	__u8 alg;
	__u8 state;      /* parent session state */
	__u8 pad[2];
};

/* alg_resource_key.wild */
enum alg_wild {
	ALG_WILD_SPORT = 1 << 0, /* any source port (sport is 0) */
	ALG_WILD_SRC = 1 << 1,   /* any source address (src is 0) */
	ALG_WILD_FLOW = 1 << 2,  /* any flow id (ESP: any SPI; sport and dport are 0) */
};

/* A resource's label: 16 bytes, a DCE UUID (MS-RPC's interface). */
#define ALG_LABEL_SIZE 16

/* resources: LRU hash, expected tuple (wildcards zeroed) -> struct alg_resource */
struct alg_resource_key {
	struct alg_addr src;
	struct alg_addr dst;
	__u16 sport;
	__u16 dport;
	__u8 family;
	__u8 proto;
	__u8 wild; /* enum alg_wild */
	__u8 pad;
};

struct alg_resource {
	__u64 created_ns;
	__u64 expires_ns;
	__u32 resource_id;
	__u32 group_id;
	__u32 sessions; /* child sessions it produced */
	__u32 epoch;    /* conversation epoch at creation */
	__u8 alg;
	__u8 state;     /* enum alg_state */
	__u8 child_alg; /* enum alg_id that parses its child sessions' payload, or 0 */
	__u8 pad[5];
	__u8 label[ALG_LABEL_SIZE]; /* the announcing endpoint's label (struct alg_endpoint) */
};

/*
 * flow_cache: per-CPU array of ALG_FLOW_SLOTS, slot chosen by a hash of the
 * session key (alg_flow_slot()). Lets a packet of a known session skip the
 * sessions lookup: the packet is counted here and the counts are added to
 * the session by the next packet of the flow that takes the full path (at
 * the latest in the next clock epoch). Readers add what is still pending
 * here to the session (user/flow_cache.c).
 */
#define ALG_FLOW_SLOTS 1024
#define ALG_FLOW_EPOCH_SHIFT 22 /* epoch = tracker ns >> 22: ~4.2 ms */

struct alg_flow_entry {
	struct alg_tuple key; /* canonical session key */
	__u32 packets[2];     /* pending, [0] forward, [1] reverse */
	__u32 bytes[2];
	__u32 epoch;          /* the epoch the entry was filled or flushed in */
	__u8 valid;
	__u8 key_is_fwd;      /* the session's ALG_SF_KEY_IS_FWD */
	__u8 parser;          /* the session's parser: its payload goes to that ALG's program */
	__u8 alg;
};

/*
 * The slot of a session key: one multiply per 32-bit word, summed, top bits.
 * A collision only costs a flow the fast path, so no secret seed is needed.
 * 32-bit reads of a key just built by 32-bit stores: wider reads would wait
 * for the stores to retire (no store forwarding across them).
 */
static inline __attribute__((always_inline)) __u32 alg_flow_slot(const struct alg_tuple *k)
{
	__u64 h;

	h = (__u64)k->src.w[0] * 0x9e3779b97f4a7c15ull + (__u64)k->src.w[1] * 0xc2b2ae3d27d4eb4full +
	    (__u64)k->src.w[2] * 0x165667b19e3779f9ull + (__u64)k->src.w[3] * 0xd6e8feb86659fd93ull +
	    (__u64)k->dst.w[0] * 0xff51afd7ed558ccdull + (__u64)k->dst.w[1] * 0xc4ceb9fe1a85ec53ull +
	    (__u64)k->dst.w[2] * 0x87c37b91114253d5ull + (__u64)k->dst.w[3] * 0x4cf5ad432745937full +
	    ((__u64)k->sport | (__u64)k->dport << 16 | (__u64)k->family << 32 |
	     (__u64)k->proto << 40) * 0x9fb21c651e98df25ull;
	return (__u32)(h >> 54) & (ALG_FLOW_SLOTS - 1);
}

/* ports: array indexed by port (host order) -> struct alg_port */
struct alg_port {
	__u8 tcp_alg; /* ALG whose TCP control channel listens here, or 0 */
	__u8 udp_alg;
	__u8 pad[2];
};
#define ALG_PORTS 65536

/*
 * port_filter: array, one entry. Bit p is set when port p may carry tracked
 * traffic: a control port (set by the loader) or a port a resource expects
 * (set by the kernel, never cleared). A packet with neither port set is
 * untracked, found out with one array read and two bit tests.
 */
struct alg_port_filter {
	__u64 bits[ALG_PORTS / 64];
	/*
	 * Bit per tunnel protocol (ALG_TUNNEL_GRE, ALG_TUNNEL_ESP) that a
	 * resource expects: set by the kernel, never cleared. Other GRE and
	 * ESP traffic stays untracked after one test of the same read.
	 */
	__u64 tunnels;
};
#define ALG_PORT_WORD(port) ((port) >> 6)
#define ALG_PORT_BIT(port) (1ull << ((port) & 63))

/* port_filter.tunnels */
#define ALG_TUNNEL_GRE (1u << 0)
#define ALG_TUNNEL_ESP (1u << 1)

/* config: array, one entry */
struct alg_config {
	__u64 clock_ns;                       /* non-zero: the tracker's clock (replay) */
	__u32 enabled;                        /* bit (1 << alg id) per enabled ALG */
	__u32 max_resources;                  /* resources per conversation per lifetime */
	__u32 resource_lifetime_s[ALG__MAX];  /* per ALG */
	__u32 idle_timeout_s[2];              /* [0] TCP, [1] other: session idle -> closed */
	__u32 linger_s;                       /* closed sessions stay listed this long */
	/*
	 * Bit (1 << alg id): accept embedded addresses that are not the
	 * sender's own (Linux nf_conntrack_ftp "loose"). Off by default: such
	 * addresses are how FTP bounce and NAT Slipstreaming open pinholes.
	 */
	__u32 third_party;
	/*
	 * The kernel's clock read cheaply: jiffies * jiffy_ns + jiffies_offset_ns
	 * (mod 2^64) is CLOCK_MONOTONIC at the last tick. Set by attach from a
	 * measured tick; jiffy_ns 0 means read the coarse clock instead.
	 */
	__u64 jiffy_ns;
	__u64 jiffies_offset_ns;
	/*
	 * The data path writes events to the `events` ring buffer while its
	 * clock is below this: `algtrack monitor` holds it a few seconds ahead
	 * and renews it, and sets 0 on exit. A lease rather than a flag, so a
	 * monitor that is killed stops the events within one lease. 0: no
	 * reader, and no event costs more than this test.
	 */
	__u64 events_until_ns;
	/*
	 * 1: a TCP control session first seen after its SYN (open before
	 * attach, or lost from the tables) is parsed from the next line start.
	 * 0 (default): such a session is tracked but never parsed, since
	 * nothing shows that its stream opened with the protocol (NAT
	 * Slipstreaming hides a control message inside an HTTP request).
	 */
	__u32 midstream_pickup;
	__u32 pad;
};

/* One reading of both kernel clocks by the clock probe (global data). */
struct alg_clock_sample {
	__u64 jiffies;
	__u64 mono_ns; /* CLOCK_MONOTONIC */
};

/* ids: array, one entry; allocation with atomic fetch-and-add */
struct alg_ids {
	__u32 next_session;
	__u32 next_group;
	__u32 next_resource;
	__u32 pad;
};

/* ifaces: hash, ifindex -> struct alg_iface (written by attach) */
enum alg_hook {
	ALG_HOOK_XDP = 1 << 0,        /* ingress by XDP */
	ALG_HOOK_TC_EGRESS = 1 << 1,
	ALG_HOOK_OWN_CLSACT = 1 << 2, /* attach created the clsact qdisc: detach removes it */
	ALG_HOOK_TC_INGRESS = 1 << 3, /* ingress by TC */
};

struct alg_iface {
	__u32 hooks;    /* enum alg_hook */
	__u32 xdp_mode; /* XDP_FLAGS_SKB_MODE or XDP_FLAGS_DRV_MODE when hooked by XDP */
};

/* stats: per-CPU array indexed by ALG id (0: traffic of no ALG) */
struct alg_stats {
	__u64 packets;            /* packets of this ALG's sessions */
	__u64 bytes;              /* their bytes, counted as a session's are */
	__u64 parsed;             /* control payloads handed to the parser */
	__u64 messages;           /* control messages recognised */
	__u64 parse_errors;       /* malformed or truncated messages */
	__u64 not_at_start;       /* TCP segments skipped: not at a message start */
	__u64 conversations;      /* conversations created */
	__u64 children;           /* child sessions created */
	__u64 resources;          /* resources created */
	__u64 resources_expired;  /* found expired on lookup */
	__u64 addr_mismatch;      /* embedded address not the sender's (bounce, slipstream) */
	__u64 resource_limit;     /* per-conversation cap reached */
	__u64 endpoints_dropped;  /* more endpoints in one message than a result holds */
	__u64 table_full;         /* a map update failed */
	__u64 muted;              /* TCP directions found not to speak the protocol */
	__u64 third_party;        /* endpoints accepted that name a host other than the sender */
	__u64 unparsed;           /* messages larger than the parse window, or lost with a segment */
	__u64 framing_errors;     /* TCP streams whose record framing broke: parsing stops there */
	__u64 state_saved;        /* per-conversation parser state written back */
	__u64 requests;           /* requests of a request/reply protocol (DNS queries, RPC calls) */
	__u64 replies;            /* replies */
	__u64 unmatched_replies;  /* replies to no pending request: spoofing attempts, late duplicates */
	__u64 truncated_replies;  /* replies marked truncated */
	__u64 oversized_replies;  /* replies larger than the requester advertised */
};

/* What an event (struct alg_event_record) reports. */
enum alg_event_kind {
	ALG_EVENT_CONV_OPEN = 1,     /* a conversation and its parent session opened (or reopened) */
	ALG_EVENT_CONV_CLOSE,        /* its parent session closed (reason: enum alg_close_reason) */
	ALG_EVENT_RESOURCE_CREATE,   /* a control message announced an expected flow */
	ALG_EVENT_RESOURCE_EXPIRE,   /* a lookup found a resource past its lifetime */
	ALG_EVENT_RESOURCE_REFUSE,   /* something was announced and not made (enum alg_refusal) */
	ALG_EVENT_RESOURCES_WITHDRAW, /* the control channel voided every resource it had made */
	ALG_EVENT_CHILD_OPEN,        /* a flow matched a resource: a child session */
	ALG_EVENT_CHILD_CLOSE,       /* a child session closed (reason: enum alg_close_reason) */
	ALG_EVENT__COUNT,
};

/* Why a session closed (alg_event.reason of the close kinds). */
enum alg_close_reason {
	ALG_CLOSE_FIN = 1, /* FIN seen both ways */
	ALG_CLOSE_RST,
	ALG_CLOSE_MESSAGE, /* a control message ended it (FTP QUIT, SIP BYE, the last DNS answer) */
	ALG_CLOSE__COUNT,
};

/*
 * Why something a control channel announced, or a control message itself,
 * was refused (alg_event.reason of ALG_EVENT_RESOURCE_REFUSE). Each reason
 * is also counted in the ALG's counter named beside it (struct alg_stats).
 */
enum alg_refusal {
	/*
	 * The address is not the sender's own (FTP bounce, NAT Slipstreaming)
	 * and the ALG accepts no third party: by default, or by
	 * --deny-third-party (addr_mismatch).
	 */
	ALG_REFUSE_ADDR_MISMATCH = 1,
	ALG_REFUSE_FAMILY,            /* an address of the other IP family than the control channel's (addr_mismatch) */
	ALG_REFUSE_CONV_CAP,          /* the conversation's resource cap is reached (resource_limit) */
	ALG_REFUSE_TABLE_FULL,        /* a map update failed (table_full) */
	ALG_REFUSE_PARSE_ERROR,       /* the message was malformed or truncated (parse_errors) */
	ALG_REFUSE_OVERSIZED,         /* the message is larger than the parse window (unparsed) */
	ALG_REFUSE_TOO_MANY,          /* more endpoints in one message than a result holds (endpoints_dropped) */
	ALG_REFUSE_UNSUPPORTED_ENCAP, /* the packet's encapsulation is not followed */
	ALG_REFUSE__COUNT,
};

/*
 * events: ring buffer of struct alg_event_record, written while a reader holds
 * config.events_until_ns; a record that finds the ring full is counted in
 * events_dropped (per-CPU, one __u64) instead.
 */
#define ALG_EVENTS_RING_SIZE (256 * 1024)

struct alg_event_record {
	__u64 time_ns;      /* the tracker's clock (CLOCK_MONOTONIC) */
	__u32 group_id;     /* the conversation */
	__u32 session_id;   /* the parent (conversation kinds) or child session, or 0 */
	__u32 resource_id;  /* the resource (resource kinds, a child's), or 0 */
	__u8 kind;          /* enum alg_event_kind */
	__u8 alg;           /* enum alg_id */
	__u8 reason;        /* enum alg_close_reason or enum alg_refusal, or 0 */
	__u8 pad;
	/*
	 * Sessions: the forward flow (wild 0). Resources: the expected flow,
	 * wildcards zeroed and named in wild; a refused one as announced.
	 * Message refusals and withdrawals: the control packet's own flow.
	 */
	struct alg_resource_key flow;
};

/* The LRU tables whose inserts and deletes are counted (table_ops). */
enum alg_table_id {
	ALG_TABLE_SESSIONS,
	ALG_TABLE_CONVERSATIONS,
	ALG_TABLE_RESOURCES,
	ALG_TABLE_UNCONF_SESSIONS,      /* control channels not proven yet */
	ALG_TABLE_UNCONF_CONVERSATIONS,
	ALG_TABLES,
};

/*
 * table_ops: per-CPU array of 2 * ALG_TABLES entries. [t]: new keys the data
 * path inserted into table t and entries it deleted; [ALG_TABLES + t]: the
 * same from user space (entries `clear` removed, or those present when the
 * counters were zeroed), written by user space only. An LRU table evicts
 * without telling: inserted - deleted (both rows) - entries is exactly the
 * number of entries it evicted.
 */
struct alg_table_ops {
	__u64 inserted;
	__u64 deleted;
};

/*
 * encap: per-CPU array, enum alg_encap_count -> __u64. Packets whose headers
 * the data path did not follow, by reason, and the fragmented datagrams it
 * reassembled: nothing it leaves untracked goes uncounted.
 */
enum alg_encap_count {
	ALG_ENC_ETHERTYPE,      /* frames of neither IPv4 nor IPv6 (ARP, LLDP, MPLS, ...) */
	ALG_ENC_VLAN_DEPTH,     /* more than two VLAN tags */
	ALG_ENC_EXT_HEADERS,    /* IPv6 extension headers: too many, or too long to walk */
	ALG_ENC_TUNNEL,         /* a tunnel not followed: nested, GRE with routing or a non-IP payload */
	ALG_ENC_TRUNCATED,      /* headers cut short by the end of the frame */
	ALG_ENC_FRAG_PROTO,     /* later fragments of other transports than UDP: not reassembled */
	ALG_ENC_FRAG_OVERFLOW,  /* datagrams larger than the parse window or in too many fragments */
	ALG_ENC_FRAG_OVERLAP,   /* datagrams refused for overlapping (or repeated) fragments */
	ALG_ENC_FRAG_MALFORMED, /* datagrams refused for inconsistent fragment lengths */
	ALG_ENC_FRAG_TIMEOUT,   /* partial datagrams that expired before they were whole */
	ALG_ENC_FRAG_TABLE_FULL, /* fragments with no room for their datagram */
	ALG_ENC_REASSEMBLED,    /* datagrams reassembled and handed on as one packet */
	ALG_ENC__COUNT,
};

#ifdef __cplusplus
#define ALG_STATIC_ASSERT static_assert
#else
#define ALG_STATIC_ASSERT _Static_assert
#endif
ALG_STATIC_ASSERT(sizeof(struct alg_addr) == 16, "alg_addr");
ALG_STATIC_ASSERT(sizeof(struct alg_tuple) == 40, "alg_tuple");
ALG_STATIC_ASSERT(sizeof(struct alg_session) == 88, "alg_session");
ALG_STATIC_ASSERT(sizeof(struct alg_conversation) == 88, "alg_conversation");
ALG_STATIC_ASSERT(sizeof(struct alg_resource_key) == 40, "alg_resource_key");
ALG_STATIC_ASSERT(sizeof(struct alg_resource) == 56, "alg_resource");
ALG_STATIC_ASSERT(sizeof(struct alg_port) == 4, "alg_port");
ALG_STATIC_ASSERT(sizeof(struct alg_flow_entry) == 64, "alg_flow_entry");
ALG_STATIC_ASSERT(ALG_FLOW_SLOTS == 1 << (64 - 54), "alg_flow_slot() takes the top 10 bits");
ALG_STATIC_ASSERT(sizeof(struct alg_port_filter) == 8200, "alg_port_filter");
ALG_STATIC_ASSERT(sizeof(struct alg_config) == 128, "alg_config");
ALG_STATIC_ASSERT(sizeof(struct alg_event_record) == 64, "alg_event");
ALG_STATIC_ASSERT(sizeof(struct alg_stats) == 192, "alg_stats");
ALG_STATIC_ASSERT(ALG__COUNT <= ALG__MAX, "ALG ids fit the tables");
ALG_STATIC_ASSERT(sizeof(struct alg_table_ops) == 16, "alg_table_ops");

#endif /* ALGTRACK_ABI_H */
