/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between the ALG parsers and their callers. A parser is pure
 * freestanding C over (buffer, length, context) that fills a result: no maps,
 * no helpers, no libc, no writable globals. The same source is compiled into
 * the BPF object and into the host's unit tests and fuzzers.
 *
 * Every parser has this signature:
 *
 *   ALG_FUNC int alg_<name>_parse(const struct alg_buf *b, __u32 len,
 *                                 const struct alg_parse_ctx *c,
 *                                 struct alg_parse_result *r);
 *
 * returning 0, or -1 when b, c or r is NULL (BPF global functions must check).
 */
#ifndef ALGTRACK_PARSE_H
#define ALGTRACK_PARSE_H

#include <linux/types.h>
#include "abi.h"

/*
 * On BPF, ALG_FUNC makes a global (non-inlined) function: the verifier checks
 * it once with unknown arguments, so one parser's loops never multiply the
 * states of another. On the host it is an ordinary static function.
 * ALG_INLINE is for small helpers that are verified inside their caller.
 */
#if defined(__bpf__)
#define ALG_FUNC __attribute__((noinline))
#define ALG_INLINE static __attribute__((always_inline)) inline
#else
#define ALG_FUNC static __attribute__((unused))
#define ALG_INLINE static inline
#endif

#define ALG_BUF_SIZE 2048u            /* power of two: indexes are masked */
#define ALG_BUF_MASK (ALG_BUF_SIZE - 1)
#define ALG_MAX_PAYLOAD 1500u         /* bytes of a payload handed to a parser */

/*
 * Every read of the buffer goes through ALG_AT. The mask is the verifier's
 * bounds proof; callers still test i < len first, which is the real bound.
 */
#define ALG_AT(b, i) ((b)->data[(i) & ALG_BUF_MASK])

struct alg_buf {
	__u8 data[ALG_BUF_SIZE];
};

/* What a parser knows about the packet besides its payload. */
struct alg_parse_ctx {
	__u8 family;      /* AF_INET or AF_INET6 of the control connection */
	__u8 proto;       /* IPPROTO_TCP or IPPROTO_UDP of the control connection */
	__u8 from_client; /* 1: sent by the side that opened the control connection */
	__u8 pad;
};

/*
 * An address:port the message's sender announces it will receive a flow on.
 * family 0 means the message carried no address (FTP 229): the sender's own.
 * port is in host byte order, addr in network byte order (struct alg_addr).
 */
struct alg_endpoint {
	struct alg_addr addr;
	__u16 port;
	__u8 family;
	__u8 proto; /* transport of the announced flow: IPPROTO_TCP or IPPROTO_UDP */
};

#define ALG_MAX_ENDPOINTS 8

/* alg_parse_result.events */
enum alg_event {
	ALG_EV_MESSAGE = 1 << 0,     /* a control message of the protocol was recognised */
	ALG_EV_PARSE_ERROR = 1 << 1, /* a recognised message was malformed or truncated */
	ALG_EV_OPEN = 1 << 2,        /* the message (re)opens the parent (SIP INVITE) */
	ALG_EV_CLOSE = 1 << 3,       /* the message closes the parent (FTP QUIT, SIP BYE) */
	ALG_EV_WITHDRAW = 1 << 4,    /* the message voids the conversation's resources */
	ALG_EV_NOT_PROTO = 1 << 5,   /* the bytes at a message start are not this protocol */
};

#define ALG_NEXT_UNKNOWN 0xffffffffu

struct alg_parse_result {
	struct alg_endpoint ep[ALG_MAX_ENDPOINTS];
	__u32 n_ep;    /* endpoints filled */
	__u32 dropped; /* endpoints that did not fit */
	__u32 events;  /* enum alg_event */
	/*
	 * TCP framing: offset from the payload start where the next message
	 * starts (may be beyond len when a message continues in later
	 * segments), or ALG_NEXT_UNKNOWN.
	 */
	__u32 next;
};

#endif /* ALGTRACK_PARSE_H */
