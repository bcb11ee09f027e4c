/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sun RPC portmapper parser (ONC RPC, RFC 5531; portmap v2, RFC 1833 §3;
 * rpcbind v3 and v4, RFC 1833 §2): the calls that ask where a program
 * listens and the replies that say so.
 *
 * Every call (from the client) is kept in the conversation's private state
 * by its XID (ALG_EV_REQUEST, ALG_EV_STATE), at most ALG_SUNRPC_PENDING at
 * once, the oldest giving way. Those to program 100000 that ask for a port
 * keep the portmapper version and the transport asked for too:
 *   v2 PMAPPROC_GETPORT (3)        prog, vers, prot (6 or 17), port
 *   v3/v4 RPCBPROC_GETADDR (3)     r_prog, r_vers, r_netid, r_addr, r_owner;
 *   v4 RPCBPROC_GETVERSADDR (9)    the netid ("tcp", "udp", "tcp6", "udp6") says the transport
 * DUMP, NULL and the rest map nothing: their replies only settle them.
 *
 * A reply (from the server) with a pending call's XID settles it
 * (ALG_EV_REPLY): when accepted with SUCCESS, the result is the mapped
 * port (v2: an unsigned int; v3/v4: a universal address, RFC 5665 §5.2.3.3
 * "h1.h2.h3.h4.p1.p2" or "<IPv6>.p1.p2"), an endpoint on the server for
 * the transport asked for, opened by the caller: ALG_OPENER_RECEIVER (with
 * ALG_SUNRPC as the child's parser when the program asked for is the
 * portmapper itself, as `rpcinfo -p` does before its DUMP). An
 * unspecified address (0.0.0.0, ::) means the server's own (family 0);
 * any other address is given as is and the caller refuses it unless it is
 * the server's. Port 0 and the empty address (not registered) make
 * nothing. A reply to no pending call is ALG_EV_UNMATCHED and makes
 * nothing.
 *
 * Over TCP each message is one record fragment after its 4-byte mark
 * (RFC 5531 §11, ALG_FRAMING_RPC_RECORD). Fragments are not reassembled: a
 * first fragment (ALG_MSG_MORE) is parsed as far as it goes; the fragments
 * that continue a record (known from the direction's previous fragment,
 * kept in the private state) are ALG_EV_PARSE_ERROR, counted as not parsed.
 * Malformed headers, credentials or arguments, a truncated message, a
 * string or length larger than the message: ALG_EV_PARSE_ERROR.
 */
#ifndef ALGTRACK_SUNRPC_H
#define ALGTRACK_SUNRPC_H

#include "bin.h"

#define ALG_SUNRPC_PORTMAP 100000u /* RFC 1833 */
#define ALG_SUNRPC_CALL 0
#define ALG_SUNRPC_REPLY 1
#define ALG_SUNRPC_RPCVERS 2
#define ALG_SUNRPC_PROC_GETPORT 3     /* v2 */
#define ALG_SUNRPC_PROC_GETADDR 3     /* v3, v4 */
#define ALG_SUNRPC_PROC_GETVERSADDR 9 /* v4 */
#define ALG_SUNRPC_AUTH_MAX 400       /* RFC 5531 §8.2: opaque_auth body */
#define ALG_SUNRPC_UADDR_MAX 64       /* "<IPv6 of 45 bytes>.255.255" fits */
#define ALG_SUNRPC_PENDING 15

struct alg_sunrpc_call {
	__u32 xid;
	__u8 used;     /* 0: a free slot */
	__u8 vers;     /* the portmapper version of a call that asks for a port */
	__u8 proto;    /* the transport it asks for, TCP or UDP; 0: the call maps nothing */
	__u8 portmap;  /* 1: the program asked for is the portmapper itself */
};

/* The conversation's private state. */
struct alg_sunrpc_state {
	struct alg_sunrpc_call call[ALG_SUNRPC_PENDING];
	__u32 next;    /* the slot a call takes when every slot is in use (the oldest) */
	__u8 more[2];  /* per direction (0: from the client): the last fragment was not its record's last */
	__u8 pad[2];
};

_Static_assert(sizeof(struct alg_sunrpc_state) <= ALG_STATE_SIZE,
	       "Sun RPC state fits the conversation's");

/* A message being read: the cursor and what the header said. */
struct alg_sunrpc_msg {
	__u32 off; /* the next field */
	__u32 len;
	__u32 xid;
	__u32 type;
	/* Calls. */
	__u32 prog, vers, proc;
	/* What the call asks for, or what the reply maps to. */
	__u32 asked_prog;
	__u32 proto;
	__u32 port;
	__u32 family;
	struct alg_addr addr;
};

ALG_INLINE int alg_sunrpc_u32(const struct alg_buf *b, struct alg_sunrpc_msg *m, __u32 *v)
{
	if (alg_bin_be32(b, m->len, m->off, v))
		return -1;
	m->off += 4;
	return 0;
}

/* XDR opaque data of n bytes, padded to four (RFC 4506 §4.10): past it, within the message. */
ALG_INLINE int alg_sunrpc_skip(struct alg_sunrpc_msg *m, __u32 n)
{
	__u32 padded = (n + 3) & ~3u;

	if (n > ALG_MAX_PAYLOAD || m->off > m->len || m->len - m->off < padded)
		return -1;
	m->off += padded;
	return 0;
}

/* An opaque_auth (credential or verifier): flavor, length, body. */
ALG_INLINE int alg_sunrpc_auth(const struct alg_buf *b, struct alg_sunrpc_msg *m)
{
	__u32 flavor, n;

	if (alg_sunrpc_u32(b, m, &flavor) || alg_sunrpc_u32(b, m, &n) || n > ALG_SUNRPC_AUTH_MAX)
		return -1;
	return alg_sunrpc_skip(m, n);
}

/*
 * The transport of an rpcbind netid (RFC 5665 §5.1.3 and the registry's
 * "tcp", "udp", "tcp6", "udp6") of n bytes at m->off: sets m->proto and
 * m->family; other netids (local transports, "-") leave m->proto 0.
 */
ALG_INLINE void alg_sunrpc_netid(const struct alg_buf *b, struct alg_sunrpc_msg *m, __u32 n)
{
	__u32 off = m->off, end = m->off + n, proto = 0;

	if (ALG_TEXT_MATCH(b, end, off, "tcp"))
		proto = ALG_IPPROTO_TCP;
	else if (ALG_TEXT_MATCH(b, end, off, "udp"))
		proto = ALG_IPPROTO_UDP;
	if (n == 3)
		m->family = ALG_AF_INET;
	else if (n == 4 && ALG_AT(b, off + 3) == '6')
		m->family = ALG_AF_INET6;
	else
		proto = 0;
	m->proto = proto;
}

/*
 * The last two '.' of the string [off, end): *dot1 before the port's high
 * byte, *dot2 before its low byte. Returns -1 when there are not two.
 */
ALG_FUNC int alg_sunrpc_port_dots(const struct alg_buf *b, __u32 off, __u32 end, __u32 *dot1,
				  __u32 *dot2)
{
	__u32 d1 = ALG_TEXT_NONE, d2 = ALG_TEXT_NONE;

	if (!b || !dot1 || !dot2)
		return -1;
	for (__u32 k = 0; k < ALG_SUNRPC_UADDR_MAX; k++) {
		__u32 i = off + k;

		if (i >= end)
			break;
		if (ALG_AT(b, i) == '.') {
			d1 = d2;
			d2 = i;
		}
	}
	if (d1 == ALG_TEXT_NONE)
		return -1;
	*dot1 = d1;
	*dot2 = d2;
	return 0;
}

/*
 * A universal address of n bytes at m->off (RFC 5665 §5.2.3.3): fills
 * m->addr, m->family and m->port. Returns 0, or -1 when malformed.
 */
ALG_FUNC int alg_sunrpc_uaddr(const struct alg_buf *b, struct alg_sunrpc_msg *m, __u32 n)
{
	struct alg_text_addr a = {};
	__u32 dot1 = 0, dot2 = 0, end, hi, lo, i;
	int bad;

	if (!b || !m || n > ALG_SUNRPC_UADDR_MAX || m->off > m->len || m->len - m->off < n)
		return -1;
	end = m->off + n;
	if (alg_sunrpc_port_dots(b, m->off, end, &dot1, &dot2))
		return -1;
	a.off = m->off;
	a.end = dot1;
	if (alg_text_find(b, m->off, dot1, ':') != ALG_TEXT_NONE) {
		m->family = ALG_AF_INET6;
		bad = alg_text_ipv6(b, &a);
	} else {
		m->family = ALG_AF_INET;
		bad = alg_text_ipv4(b, &a);
	}
	if (bad || a.next != dot1)
		return -1;
	i = dot1 + 1;
	if (alg_text_dec(b, dot2, &i, 3, &hi) || i != dot2 || hi > 255)
		return -1;
	i = dot2 + 1;
	if (alg_text_dec(b, end, &i, 3, &lo) || i != end || lo > 255)
		return -1;
	m->addr = a.addr;
	m->port = hi << 8 | lo;
	return 0;
}

/*
 * The arguments of a call to the portmapper that asks for a port: sets
 * m->proto (0: nothing to remember). Returns -1 when they are malformed.
 */
ALG_INLINE int alg_sunrpc_call_args(const struct alg_buf *b, struct alg_sunrpc_msg *m)
{
	__u32 prog, vers, prot, n;

	if (m->prog != ALG_SUNRPC_PORTMAP)
		return 0;
	if (m->vers == 2) {
		if (m->proc != ALG_SUNRPC_PROC_GETPORT)
			return 0;
		if (alg_sunrpc_u32(b, m, &prog) || alg_sunrpc_u32(b, m, &vers) ||
		    alg_sunrpc_u32(b, m, &prot) || alg_sunrpc_u32(b, m, &n))
			return -1;
		m->asked_prog = prog;
		if (prot == ALG_IPPROTO_TCP || prot == ALG_IPPROTO_UDP)
			m->proto = prot;
		return 0;
	}
	if ((m->vers != 3 && m->vers != 4) ||
	    (m->proc != ALG_SUNRPC_PROC_GETADDR &&
	     (m->vers != 4 || m->proc != ALG_SUNRPC_PROC_GETVERSADDR)))
		return 0;
	/* struct rpcb: r_prog, r_vers, r_netid, r_addr, r_owner. */
	if (alg_sunrpc_u32(b, m, &prog) || alg_sunrpc_u32(b, m, &vers) || alg_sunrpc_u32(b, m, &n))
		return -1;
	m->asked_prog = prog;
	if (m->off > m->len || m->len - m->off < n)
		return -1;
	alg_sunrpc_netid(b, m, n);
	if (alg_sunrpc_skip(m, n))
		return -1;
	for (__u32 k = 0; k < 2; k++) {
		if (alg_sunrpc_u32(b, m, &n) || alg_sunrpc_skip(m, n))
			return -1;
	}
	return 0;
}

/* The call with this XID, or ALG_SUNRPC_PENDING. Global on BPF: verified once. */
ALG_FUNC __u32 alg_sunrpc_find(const struct alg_sunrpc_state *st, __u32 xid)
{
	if (!st)
		return ALG_SUNRPC_PENDING;
	for (__u32 i = 0; i < ALG_SUNRPC_PENDING; i++)
		if (st->call[i].used && st->call[i].xid == xid)
			return i;
	return ALG_SUNRPC_PENDING;
}

/* A free slot, or ALG_SUNRPC_PENDING. */
ALG_FUNC __u32 alg_sunrpc_free_slot(const struct alg_sunrpc_state *st)
{
	if (!st)
		return ALG_SUNRPC_PENDING;
	for (__u32 i = 0; i < ALG_SUNRPC_PENDING; i++)
		if (!st->call[i].used)
			return i;
	return ALG_SUNRPC_PENDING;
}

/* A slot by index, bounded where the verifier sees it. */
ALG_INLINE struct alg_sunrpc_call *alg_sunrpc_slot(struct alg_sunrpc_state *st, __u32 i)
{
	ALG_OPAQUE(i);
	if (i >= ALG_SUNRPC_PENDING)
		i = 0;
	return &st->call[i];
}

/* Remembers a call (a retransmission keeps its slot); the oldest gives way when all are in use. */
ALG_INLINE void alg_sunrpc_remember(struct alg_sunrpc_state *st, const struct alg_sunrpc_msg *m)
{
	__u32 slot = alg_sunrpc_find(st, m->xid);
	struct alg_sunrpc_call *call;

	if (slot >= ALG_SUNRPC_PENDING)
		slot = alg_sunrpc_free_slot(st);
	if (slot >= ALG_SUNRPC_PENDING) {
		slot = st->next < ALG_SUNRPC_PENDING ? st->next : 0;
		st->next = slot + 1 < ALG_SUNRPC_PENDING ? slot + 1 : 0;
	}
	call = alg_sunrpc_slot(st, slot);
	call->xid = m->xid;
	call->used = 1;
	call->vers = (__u8)m->vers;
	call->proto = (__u8)m->proto;
	call->portmap = m->asked_prog == ALG_SUNRPC_PORTMAP;
}

/*
 * The result of a successful reply to a pending call of portmapper version
 * vers: sets m->port (0: nothing mapped), m->family and m->addr (family 0:
 * the server's own). Returns -1 when malformed.
 */
ALG_INLINE int alg_sunrpc_result(const struct alg_buf *b, struct alg_sunrpc_msg *m, __u32 vers)
{
	__u32 n;

	m->port = 0;
	m->family = 0;
	if (alg_sunrpc_u32(b, m, &n))
		return -1;
	if (vers == 2) {
		if (n > 65535)
			return -1;
		m->port = n;
		return 0;
	}
	if (n == 0)
		return 0; /* "": not registered */
	if (alg_sunrpc_uaddr(b, m, n))
		return -1;
	if (!(m->addr.w[0] | m->addr.w[1] | m->addr.w[2] | m->addr.w[3]))
		m->family = 0; /* unspecified: the server's own address */
	return 0;
}

/* A reply: the pending call it settles, and the endpoint the result maps. */
ALG_INLINE void alg_sunrpc_reply(const struct alg_buf *b, struct alg_sunrpc_msg *m,
				 struct alg_sunrpc_state *st, struct alg_parse_result *r)
{
	struct alg_sunrpc_call *call;
	__u32 slot, stat, n = 0, vers, proto, portmap;
	struct alg_endpoint *ep;

	r->events |= ALG_EV_REPLY;
	slot = alg_sunrpc_find(st, m->xid);
	if (slot >= ALG_SUNRPC_PENDING) {
		r->events |= ALG_EV_UNMATCHED;
		return;
	}
	call = alg_sunrpc_slot(st, slot);
	vers = call->vers;
	proto = call->proto;
	portmap = call->portmap;
	/* reply_stat MSG_ACCEPTED, the verifier, accept_stat SUCCESS (RFC 5531 §9). */
	if (alg_sunrpc_u32(b, m, &stat)) {
		r->events |= ALG_EV_PARSE_ERROR;
		return;
	}
	if (stat == 0 && (alg_sunrpc_auth(b, m) || alg_sunrpc_u32(b, m, &n))) {
		r->events |= ALG_EV_PARSE_ERROR;
		return;
	}
	if (stat == 0 && n == 0 && proto && alg_sunrpc_result(b, m, vers)) {
		r->events |= ALG_EV_PARSE_ERROR;
		return;
	}
	call->used = 0;
	r->events |= ALG_EV_STATE;
	if (stat != 0 || n != 0 || !proto || m->port == 0)
		return;
	ep = alg_result_push(r, &m->addr, m->port, m->family, proto);
	if (ep && portmap)
		ep->child_alg = ALG_SUNRPC; /* more portmapper traffic: parse it too */
}

ALG_FUNC int alg_sunrpc_parse(const struct alg_buf *b, __u32 len, const struct alg_parse_ctx *c,
			      struct alg_parse_result *r)
{
	struct alg_sunrpc_msg m = {};
	struct alg_sunrpc_state *st;
	__u32 dir, more, continued, rpcvers;

	if (!b || !c || !r)
		return -1;
	if (len > ALG_MAX_PAYLOAD)
		len = ALG_MAX_PAYLOAD;
	r->next = len;
	if (len == 0)
		return 0;
	st = (struct alg_sunrpc_state *)r->state.data;
	m.len = len;
	r->events |= ALG_EV_MESSAGE;
	if (c->proto == ALG_IPPROTO_TCP) {
		/* The fragment continues a record when the direction's last one was not its last. */
		dir = c->from_client ? 0 : 1;
		more = !!(c->msg & ALG_MSG_MORE);
		continued = st->more[dir];
		if (continued != more) {
			st->more[dir] = (__u8)more;
			r->events |= ALG_EV_STATE;
		}
		if (continued) {
			r->events |= ALG_EV_PARSE_ERROR; /* not reassembled */
			return 0;
		}
		m.off = 4; /* the record mark */
	}
	if (alg_sunrpc_u32(b, &m, &m.xid) || alg_sunrpc_u32(b, &m, &m.type)) {
		r->events |= ALG_EV_PARSE_ERROR;
		return 0;
	}
	if (m.type == ALG_SUNRPC_REPLY && !c->from_client) {
		alg_sunrpc_reply(b, &m, st, r);
		return 0;
	}
	if (m.type != ALG_SUNRPC_CALL || !c->from_client) {
		r->events |= ALG_EV_PARSE_ERROR;
		return 0;
	}
	if (alg_sunrpc_u32(b, &m, &rpcvers) || rpcvers != ALG_SUNRPC_RPCVERS ||
	    alg_sunrpc_u32(b, &m, &m.prog) || alg_sunrpc_u32(b, &m, &m.vers) ||
	    alg_sunrpc_u32(b, &m, &m.proc) || alg_sunrpc_auth(b, &m) || alg_sunrpc_auth(b, &m) ||
	    alg_sunrpc_call_args(b, &m)) {
		r->events |= ALG_EV_PARSE_ERROR;
		return 0;
	}
	alg_sunrpc_remember(st, &m);
	r->events |= ALG_EV_REQUEST | ALG_EV_STATE;
	return 0;
}

#endif /* ALGTRACK_SUNRPC_H */
