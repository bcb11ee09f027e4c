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

#define ALG_BUF_SIZE 8192u            /* power of two: indexes are masked */
#define ALG_BUF_MASK (ALG_BUF_SIZE - 1)
#define ALG_MAX_PAYLOAD 8192u         /* bytes of a message handed to a parser */
/*
 * Bytes one bounded scan looks at from where it starts (a line, a field):
 * the verifier walks every pass of a bounded loop, so its cost follows this
 * bound, not the message's. Walks over a whole message (SIP headers, SDP)
 * go window by window, each window a call of the same global function.
 */
#define ALG_SCAN_WINDOW 1500u

/*
 * Every read of the buffer goes through ALG_AT. The mask is the verifier's
 * bounds proof; callers still test i < len first, which is the real bound.
 */
#define ALG_AT(b, i) ((b)->data[(i) & ALG_BUF_MASK])

struct alg_buf {
	__u8 data[ALG_BUF_SIZE];
};

/*
 * How a TCP control stream splits into messages (the registry's framing
 * column). UDP control traffic is always one message per datagram.
 *
 *   LINE      text: the parser reports where its message ends (r->next: the
 *             line end for FTP, header block plus Content-Length for SIP);
 *             without an answer the next message starts after a final LF
 *   NUL       the message ends with its first NUL byte (rsh)
 *   LENGTH    a header field gives the message's length: `len_size` bytes
 *             at `len_off`, plus `adjust`; at least `min_len` bytes long
 *   DATAGRAM  no TCP control channel
 *
 * A LENGTH stream never resynchronises on a byte value: a length below
 * min_len breaks the framing and parsing of that direction stops.
 */
enum alg_frame_kind {
	ALG_FRAME_DATAGRAM = 0,
	ALG_FRAME_LINE,
	ALG_FRAME_NUL,
	ALG_FRAME_LENGTH,
};

/* alg_framing.flags */
enum alg_len_flags {
	ALG_LEN_LE = 1 << 0,          /* the length field is little-endian */
	ALG_LEN_DREP = 1 << 1,        /* DCE-RPC: byte 4 bit 0x10 set means little-endian */
	ALG_LEN_RECORD_MARK = 1 << 2, /* ONC RPC: the top bit is "last fragment", not length */
	ALG_LEN_TNS32 = 1 << 3,       /* TNS: bytes 2..3 other than 0 or 4 make bytes 0..3 the length */
};

struct alg_framing {
	__u8 kind;     /* enum alg_frame_kind */
	__u8 len_off;
	__u8 len_size; /* 2 or 4 */
	__u8 flags;    /* enum alg_len_flags */
	__u8 adjust;   /* added to the field: the bytes the length does not count */
	__u8 min_len;
	__u8 pad[2];
};

#define ALG_FRAMING_DATAGRAM { ALG_FRAME_DATAGRAM, 0, 0, 0, 0, 0, { 0 } }
#define ALG_FRAMING_LINE { ALG_FRAME_LINE, 0, 0, 0, 0, 0, { 0 } }
#define ALG_FRAMING_NUL { ALG_FRAME_NUL, 0, 0, 0, 0, 0, { 0 } }
#define ALG_FRAMING_LENGTH(off, size, flags, adjust, min) \
	{ ALG_FRAME_LENGTH, off, size, flags, adjust, min, { 0 } }
/* RFC 1006 §6: TPKT version 3, reserved, 16-bit length of the whole packet. */
#define ALG_FRAMING_TPKT ALG_FRAMING_LENGTH(2, 2, 0, 0, 4)
/* RFC 2637 §2: every control message starts with its 16-bit total length. */
#define ALG_FRAMING_PPTP ALG_FRAMING_LENGTH(0, 2, 0, 0, 12)
/* RFC 1035 §4.2.2: a 16-bit length that does not count itself. */
#define ALG_FRAMING_DNS_TCP ALG_FRAMING_LENGTH(0, 2, 0, 2, 14)
/* RFC 5531 §11: a 4-byte mark, top bit last fragment, 31-bit fragment length. */
#define ALG_FRAMING_RPC_RECORD ALG_FRAMING_LENGTH(0, 4, ALG_LEN_RECORD_MARK, 4, 4)
/* DCE 1.1 RPC (C706) §12.6: frag_length at 8, in the byte order of drep[0]. */
#define ALG_FRAMING_DCERPC ALG_FRAMING_LENGTH(8, 2, ALG_LEN_DREP, 0, 16)
/*
 * Oracle TNS: a 16-bit packet length that counts the 8-byte header, then
 * the 16-bit packet checksum (0, or 4 from some 10g peers). Once a 12c+
 * peer (TNS version 315 or later) has accepted, the packets after ACCEPT
 * carry a 32-bit length at 0 and no checksum; Wireshark's packet-tns.c
 * tells them apart by the checksum's value, and so does ALG_LEN_TNS32.
 */
#define ALG_FRAMING_TNS ALG_FRAMING_LENGTH(0, 2, ALG_LEN_TNS32, 0, 8)

/*
 * Per-conversation private state: a fixed-size struct per ALG (netfilter
 * keeps help data per master connection the same way), read by the parser
 * and written back by the control program when the parser changed it.
 * Sized for the largest need: pending Sun RPC calls (XID, program, version,
 * transport), PPTP call ids, H.323 channel state.
 */
#define ALG_STATE_SIZE 128

struct alg_conv_state {
	__u8 data[ALG_STATE_SIZE];
};

/* alg_parse_ctx.msg */
enum alg_msg_flags {
	ALG_MSG_MORE = 1 << 0,    /* a record fragment that is not the record's last */
	ALG_MSG_CHILD = 1 << 1,   /* the session is a child that carries control traffic */
};

/* What a parser knows about the message besides its bytes. */
struct alg_parse_ctx {
	__u8 family;      /* AF_INET or AF_INET6 of the control connection */
	__u8 proto;       /* IPPROTO_TCP or IPPROTO_UDP of the control connection */
	__u8 from_client; /* 1: sent by the side that opened the control connection */
	__u8 msg;         /* enum alg_msg_flags */
	__u16 sport;      /* the packet's ports, host order */
	__u16 dport;
};

/* alg_endpoint.opener: who opens the announced flow. */
enum alg_opener {
	/*
	 * The message's receiver opens a flow to the endpoint, which is on the
	 * sender (FTP PORT, SDP, rsh, RPC replies): the usual pinhole.
	 */
	ALG_OPENER_RECEIVER = 0,
	/*
	 * The sender opens a flow to the endpoint, which is on the receiver
	 * (an RTSP reply's client_port: the server sends the media).
	 */
	ALG_OPENER_SENDER,
	/*
	 * Anyone opens a flow to the endpoint on the sender: media that a
	 * third host (an SBC, a media gateway) sends.
	 */
	ALG_OPENER_ANY,
};

/*
 * A flow a message announces. addr/family: the address the flow goes to;
 * family 0 means the message carried none (FTP 229): the sender's own
 * address, or the receiver's for ALG_OPENER_SENDER. port is in host byte
 * order, addr in network byte order (struct alg_addr). GRE flows use port
 * as the call id (PPTP); ESP flows use flow_id as the SPI and no ports.
 */
struct alg_endpoint {
	struct alg_addr addr;
	__u16 port;
	__u8 family;
	__u8 proto;     /* transport of the announced flow: TCP, UDP, GRE or ESP */
	__u16 src_port; /* the flow's source port, 0 for any */
	__u8 opener;    /* enum alg_opener */
	__u8 child_alg; /* enum alg_id that parses the child's payload (H.245 under Q.931), or 0 */
	__u32 flow_id;  /* ESP: the SPI */
	__u32 pad;
	/*
	 * What the flow is for, kept with its resource for the views: MS-RPC's
	 * interface UUID as on the wire (C706 Appendix A). Zero: none.
	 */
	__u8 label[ALG_LABEL_SIZE] __attribute__((aligned(8))); /* copied as two __u64 */
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
	ALG_EV_STATE = 1 << 6,       /* the parser changed r->state: write it back */
	/* Request/reply protocols (DNS, Sun RPC): what the message was, for the counters. */
	ALG_EV_REQUEST = 1 << 7,     /* a request (DNS query, RPC call) */
	ALG_EV_REPLY = 1 << 8,       /* a reply */
	ALG_EV_UNMATCHED = 1 << 9,   /* a reply to no pending request (spoofed or late) */
	ALG_EV_TRUNCATED = 1 << 10,  /* a reply that says it is truncated (DNS TC) */
	ALG_EV_OVERSIZE = 1 << 11,   /* a reply larger than the requester said it takes */
	/*
	 * Well-formed protocol that the counters do not follow (an FTP reply
	 * line): like ALG_EV_MESSAGE, it shows the channel speaks the protocol.
	 */
	ALG_EV_PROTO = 1 << 12,
};

#define ALG_NEXT_UNKNOWN 0xffffffffu

struct alg_parse_result {
	struct alg_endpoint ep[ALG_MAX_ENDPOINTS];
	__u32 n_ep;    /* endpoints filled */
	__u32 dropped; /* endpoints that did not fit */
	__u32 events;  /* enum alg_event */
	/*
	 * LINE framing: offset from the message start where the next message
	 * starts (may be beyond len when a message continues in later
	 * segments), or ALG_NEXT_UNKNOWN.
	 */
	__u32 next;
	/*
	 * The conversation's private state: what it was on entry (zero for a
	 * new conversation); a parser that changes it sets ALG_EV_STATE.
	 */
	struct alg_conv_state state;
};

/*
 * Adds an endpoint for a flow to addr:port (see struct alg_endpoint), opened
 * by the receiver from any port. Returns it for the caller to refine, or
 * NULL when the result is full (counted in r->dropped).
 */
ALG_INLINE struct alg_endpoint *alg_result_push(struct alg_parse_result *r,
						const struct alg_addr *addr, __u32 port,
						__u32 family, __u32 proto)
{
	__u32 n = r->n_ep;
	struct alg_endpoint *ep;

	if (n >= ALG_MAX_ENDPOINTS) {
		r->dropped++;
		return 0;
	}
	ep = &r->ep[n & (ALG_MAX_ENDPOINTS - 1)];
	ep->addr = *addr;
	ep->port = (__u16)port;
	ep->family = (__u8)family;
	ep->proto = (__u8)proto;
	ep->src_port = 0;
	ep->opener = ALG_OPENER_RECEIVER;
	ep->child_alg = 0;
	ep->flow_id = 0;
	ep->pad = 0;
	__builtin_memset(ep->label, 0, sizeof(ep->label));
	r->n_ep = n + 1;
	return ep;
}

#endif /* ALGTRACK_PARSE_H */
