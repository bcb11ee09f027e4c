/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ONC RPC messages for the tests (RFC 5531 §9, XDR of RFC 4506): portmap
 * v2 GETPORT (RFC 1833 §3) and rpcbind v3/v4 GETADDR (RFC 1833 §2) calls
 * with AUTH_NONE, their replies, and the record mark of RPC over TCP
 * (RFC 5531 §11).
 */
#ifndef ALGTRACK_TEST_RPCMSG_H
#define ALGTRACK_TEST_RPCMSG_H

#include <stddef.h>
#include <string.h>
#include <linux/types.h>

#define RPCMSG_MAX 1024
#define RPC_PORTMAP 100000u
#define RPC_NFS 100003u
#define RPC_STATUS 100024u

struct rpcmsg {
	__u8 b[RPCMSG_MAX];
	size_t len;
	int tcp;
};

static inline void rpcmsg_u32(struct rpcmsg *m, __u32 v)
{
	m->b[m->len++] = (__u8)(v >> 24);
	m->b[m->len++] = (__u8)(v >> 16);
	m->b[m->len++] = (__u8)(v >> 8);
	m->b[m->len++] = (__u8)v;
}

static inline void rpcmsg_string(struct rpcmsg *m, const char *s)
{
	size_t n = strlen(s);

	rpcmsg_u32(m, (__u32)n);
	memcpy(m->b + m->len, s, n);
	m->len += n;
	while (m->len & 3)
		m->b[m->len++] = 0;
}

/* A message starts: the record mark's room over TCP. */
static inline void rpcmsg_begin(struct rpcmsg *m, int tcp)
{
	memset(m, 0, sizeof(*m));
	m->tcp = tcp;
	m->len = tcp ? 4 : 0;
}

/* The record mark: one fragment, the record's last unless more. */
static inline void rpcmsg_end(struct rpcmsg *m, int more)
{
	if (m->tcp) {
		__u32 mark = (__u32)(m->len - 4) | (more ? 0 : 0x80000000u);

		m->b[0] = (__u8)(mark >> 24);
		m->b[1] = (__u8)(mark >> 16);
		m->b[2] = (__u8)(mark >> 8);
		m->b[3] = (__u8)mark;
	}
}

static inline void rpcmsg_call_header(struct rpcmsg *m, int tcp, __u32 xid, __u32 prog, __u32 vers,
				      __u32 proc)
{
	rpcmsg_begin(m, tcp);
	rpcmsg_u32(m, xid);
	rpcmsg_u32(m, 0); /* CALL */
	rpcmsg_u32(m, 2); /* rpcvers */
	rpcmsg_u32(m, prog);
	rpcmsg_u32(m, vers);
	rpcmsg_u32(m, proc);
	for (int i = 0; i < 4; i++)
		rpcmsg_u32(m, 0); /* AUTH_NONE credential and verifier */
}

/* PMAPPROC_GETPORT(prog, vers, prot). */
static inline void rpcmsg_getport(struct rpcmsg *m, int tcp, __u32 xid, __u32 prog, __u32 vers,
				  __u32 prot)
{
	rpcmsg_call_header(m, tcp, xid, RPC_PORTMAP, 2, 3);
	rpcmsg_u32(m, prog);
	rpcmsg_u32(m, vers);
	rpcmsg_u32(m, prot);
	rpcmsg_u32(m, 0);
	rpcmsg_end(m, 0);
}

/* RPCBPROC_GETADDR of rpcbind version rpcb_vers (3 or 4) for a netid. */
static inline void rpcmsg_getaddr(struct rpcmsg *m, int tcp, __u32 xid, __u32 rpcb_vers, __u32 prog,
				  __u32 vers, const char *netid)
{
	rpcmsg_call_header(m, tcp, xid, RPC_PORTMAP, rpcb_vers, 3);
	rpcmsg_u32(m, prog);
	rpcmsg_u32(m, vers);
	rpcmsg_string(m, netid);
	rpcmsg_string(m, "");
	rpcmsg_string(m, "");
	rpcmsg_end(m, 0);
}

/* A procedure without arguments (NULL, DUMP). */
static inline void rpcmsg_call0(struct rpcmsg *m, int tcp, __u32 xid, __u32 prog, __u32 vers,
				__u32 proc)
{
	rpcmsg_call_header(m, tcp, xid, prog, vers, proc);
	rpcmsg_end(m, 0);
}

/* An accepted, successful reply up to its results. */
static inline void rpcmsg_reply_header(struct rpcmsg *m, int tcp, __u32 xid)
{
	rpcmsg_begin(m, tcp);
	rpcmsg_u32(m, xid);
	rpcmsg_u32(m, 1); /* REPLY */
	rpcmsg_u32(m, 0); /* MSG_ACCEPTED */
	rpcmsg_u32(m, 0); /* AUTH_NONE verifier */
	rpcmsg_u32(m, 0);
	rpcmsg_u32(m, 0); /* SUCCESS */
}

static inline void rpcmsg_port_reply(struct rpcmsg *m, int tcp, __u32 xid, __u32 port)
{
	rpcmsg_reply_header(m, tcp, xid);
	rpcmsg_u32(m, port);
	rpcmsg_end(m, 0);
}

static inline void rpcmsg_uaddr_reply(struct rpcmsg *m, int tcp, __u32 xid, const char *uaddr)
{
	rpcmsg_reply_header(m, tcp, xid);
	rpcmsg_string(m, uaddr);
	rpcmsg_end(m, 0);
}

#endif /* ALGTRACK_TEST_RPCMSG_H */
