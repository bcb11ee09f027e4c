/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MS-RPC (DCE 1.1 RPC, connection-oriented) parser for the endpoint mapper
 * on TCP 135: which ports the mapper hands out.
 *
 * One call is one connection-oriented PDU (C706 §12.6), framed by its
 * frag_length (ALG_FRAMING_DCERPC). The 16-byte common header gives the
 * version (5.0 or 5.1), the PDU type, the flags, the data representation
 * (drep[0] & 0x10: little-endian integers, else big-endian) and the call id.
 * Every PDU is ALG_EV_MESSAGE; bytes that are not version 5 are
 * ALG_EV_NOT_PROTO. What is kept per conversation (struct alg_msrpc_state):
 *
 *   bind, alter_context (client)   the context ids it offers, and which of
 *                                  them name the endpoint mapper interface
 *                                  e1af8308-5d1f-11c9-91a4-08002b14a0fa v3
 *   bind_ack, alter_context_resp   results in offer order: an offered
 *   (server)                       mapper context with result 0
 *                                  (acceptance) becomes a mapper context,
 *                                  in NDR or NDR64 (MS-RPCE §2.2.5) by the
 *                                  accepted transfer syntax
 *   bind_nak                       forgets the offer
 *   request (client)               ept_map (opnum 3) on a mapper context:
 *                                  its call id is pending, and the
 *                                  interface UUID of its map tower's
 *                                  floor 1 is kept (the last call's)
 *   response (server)              the pending call id's answer: the
 *                                  towers of the ept_map result (C706
 *                                  Appendix L) give one endpoint each,
 *                                  labelled with the call's interface UUID
 *   fault                          ends a pending call
 *
 * A tower (C706 Appendix L) is a list of floors, counts little-endian,
 * values big-endian. One with a TCP port floor (0x07) or a UDP port floor
 * (0x08) and an IPv4 floor (0x09) gives an endpoint that the client opens
 * to the server: address 0.0.0.0 (Samba answering over IPv6) is family 0,
 * the mapper's own address. Towers of other protocols (named pipes,
 * ncalrpc, HTTP) give nothing.
 *
 * ept_lookup (opnum 2) responses list the mapper's whole database for
 * browsing; clients that connect ask with ept_map. They open nothing: a
 * listing would otherwise open every registered service at once.
 *
 * Not read, counted as ALG_EV_PARSE_ERROR (never half-read): an ept_map
 * response in several fragments (PFC_FIRST_FRAG without PFC_LAST_FRAG; its
 * call is dropped, the later fragments are not its start), a sealed one
 * (auth level privacy: the stub is ciphertext), and a malformed one (a
 * count or length past the stub, more than ALG_MSRPC_MAX_TOWERS towers).
 * One malformed tower costs only itself. A status other than 0 (C706's
 * ept_s_not_registered) maps nothing.
 *
 * r->next is always len: the framing found the message's end.
 */
#ifndef ALGTRACK_MSRPC_H
#define ALGTRACK_MSRPC_H

#include "bin.h"

/* C706 §12.6.4: PDU types. */
enum alg_msrpc_ptype {
	ALG_MSRPC_REQUEST = 0,
	ALG_MSRPC_RESPONSE = 2,
	ALG_MSRPC_FAULT = 3,
	ALG_MSRPC_BIND = 11,
	ALG_MSRPC_BIND_ACK = 12,
	ALG_MSRPC_BIND_NAK = 13,
	ALG_MSRPC_ALTER = 14,
	ALG_MSRPC_ALTER_RESP = 15,
	ALG_MSRPC_PTYPE_LAST = 19, /* orphaned */
};

/* C706 §12.6.3.1: pfc_flags. */
#define ALG_MSRPC_FIRST_FRAG 0x01
#define ALG_MSRPC_LAST_FRAG 0x02

#define ALG_MSRPC_HDR_LEN 16u
#define ALG_MSRPC_AUTH_TRAILER 8u   /* sec_trailer before the auth value (MS-RPCE §2.2.2.11) */
#define ALG_MSRPC_AUTH_PRIVACY 6    /* RPC_C_AUTHN_LEVEL_PKT_PRIVACY: the stub is sealed */
#define ALG_MSRPC_OBJECT_UUID 0x80  /* pfc_flags: an object UUID precedes the request's stub */
#define ALG_MSRPC_OP_EPT_MAP 3
#define ALG_MSRPC_EPM_VERSION 3

/* Tower floor protocol ids (C706 Appendix I). */
#define ALG_MSRPC_FLOOR_UUID 0x0d
#define ALG_MSRPC_FLOOR_TCP 0x07
#define ALG_MSRPC_FLOOR_UDP 0x08
#define ALG_MSRPC_FLOOR_IP 0x09

#define ALG_MSRPC_SLOTS 8u       /* power of two: contexts, offers and pending calls */
#define ALG_MSRPC_MAX_TOWERS 16u /* towers read from one ept_map response */
#define ALG_MSRPC_MAX_FLOORS 8u  /* floors read from one tower (ncacn_ip_tcp has 5) */

/*
 * The conversation's private state. may_alias: it is read and written in
 * place in struct alg_conv_state's bytes.
 */
struct __attribute__((may_alias)) alg_msrpc_state {
	__u16 offer_ctx[ALG_MSRPC_SLOTS]; /* context ids of the last bind/alter_context, in order */
	__u16 epm_ctx[ALG_MSRPC_SLOTS];   /* accepted endpoint mapper contexts */
	__u32 map_call[ALG_MSRPC_SLOTS];  /* pending ept_map call ids, slot call_id % SLOTS */
	__u8 offer_n;                     /* elements offered (at most SLOTS are kept) */
	__u8 offer_epm;                   /* bit k: offer k names the endpoint mapper */
	__u8 epm_valid;                   /* bit k: epm_ctx[k] is in use */
	__u8 map_valid;                   /* bit k: map_call[k] is pending */
	__u8 epm_ndr64;                   /* bit k: epm_ctx[k] speaks NDR64 */
	__u8 map_ndr64;                   /* bit k: map_call[k]'s answer is in NDR64 */
	__u8 pad[2];
	/*
	 * The interface UUID the last ept_map request asked for (its map
	 * tower's floor 1, as on the wire), for the call uuid_call: the
	 * label of the endpoints its response gives. One is kept: a client
	 * asks the mapper one call at a time.
	 */
	__u8 map_uuid[ALG_LABEL_SIZE];
	__u32 uuid_call;
	__u8 uuid_valid;
	__u8 pad2[3];
};

_Static_assert(sizeof(struct alg_msrpc_state) <= ALG_STATE_SIZE, "MS-RPC state too large");

/* The common header of the PDU at byte 0, and where its parts are. */
struct alg_msrpc_pdu {
	__u32 order;     /* enum alg_bin_order of drep */
	__u32 ptype;
	__u32 flags;
	__u32 end;       /* frag_length: the PDU is [0, end) */
	__u32 stub_end;  /* where the stub data ends (before an auth trailer) */
	__u32 call_id;
	__u32 sealed;    /* auth level privacy: the stub is ciphertext */
	__u32 ndr64;     /* the stub is in NDR64 (MS-RPCE §2.2.5): 8-byte counts */
	__u32 label;     /* the response's endpoints carry the state's map_uuid */
};

/* The UUIDs the parser looks for. */
enum alg_msrpc_known {
	/* e1af8308-5d1f-11c9-91a4-08002b14a0fa: the endpoint mapper (C706 Appendix O) */
	ALG_MSRPC_UUID_EPM = 0,
	/* 71710533-beba-4937-8319-b5dbef9ccc36: the NDR64 transfer syntax (MS-RPCE §2.2.5.1.2) */
	ALG_MSRPC_UUID_NDR64,
};

/*
 * Is the UUID at off the known one `which`? A UUID (C706 Appendix A) is
 * time_low (u32), time_mid and time_hi (u16) in the data representation's
 * order, then 8 bytes as they are.
 */
ALG_FUNC int alg_msrpc_uuid_is(const struct alg_buf *b, __u32 end, __u32 off, __u32 order,
			       __u32 which)
{
	__u32 time_low = 0, time_mid = 0, time_hi = 0, tail_hi = 0, tail_lo = 0;
	int epm = which == ALG_MSRPC_UUID_EPM;

	if (!b || alg_bin_u32(b, end, off, order, &time_low) ||
	    alg_bin_read(b, end, off + 4, 2, order, &time_mid) ||
	    alg_bin_read(b, end, off + 6, 2, order, &time_hi) ||
	    alg_bin_be32(b, end, off + 8, &tail_hi) || alg_bin_be32(b, end, off + 12, &tail_lo))
		return 0;
	if (epm)
		return time_low == 0xe1af8308u && time_mid == 0x5d1f && time_hi == 0x11c9 &&
		       tail_hi == 0x91a40800u && tail_lo == 0x2b14a0fau;
	return time_low == 0x71710533u && time_mid == 0xbeba && time_hi == 0x4937 &&
	       tail_hi == 0x8319b5dbu && tail_lo == 0xef9ccc36u;
}

/* The endpoint mapper's abstract syntax: its UUID, version 3 (u16 major, u16 minor). */
ALG_INLINE int alg_msrpc_is_epm(const struct alg_buf *b, __u32 end, __u32 off, __u32 order)
{
	__u32 major = 0;

	return alg_msrpc_uuid_is(b, end, off, order, ALG_MSRPC_UUID_EPM) &&
	       !alg_bin_read(b, end, off + 16, 2, order, &major) && major == ALG_MSRPC_EPM_VERSION;
}

/* The offer is answered (or refused): it is forgotten. */
ALG_INLINE void alg_msrpc_offer_clear(struct alg_msrpc_state *st)
{
	for (__u32 i = 0; i < ALG_MSRPC_SLOTS; i++)
		st->offer_ctx[i] = 0;
	st->offer_n = 0;
	st->offer_epm = 0;
}

/*
 * bind / alter_context (C706 §12.6.4.3): max_xmit_frag, max_recv_frag,
 * assoc_group_id, then p_context_elem: n (u8), 3 reserved, and n elements
 * of p_cont_id (u16), n_transfer_syn (u8), reserved, abstract syntax
 * (UUID + u32 version), transfer syntaxes (20 bytes each). It replaces
 * the offer; a malformed one leaves none.
 */
ALG_FUNC int alg_msrpc_bind(const struct alg_buf *b, const struct alg_msrpc_pdu *m,
			    struct alg_parse_result *r)
{
	struct alg_msrpc_state *st;
	__u32 n = 0, off = 28, kept = 0, epm = 0, i;

	if (!b || !m || !r)
		return -1;
	st = (struct alg_msrpc_state *)r->state.data;
	alg_msrpc_offer_clear(st);
	r->events |= ALG_EV_STATE;
	if (alg_bin_read(b, m->stub_end, 24, 1, ALG_BIN_BE, &n))
		return -1;
	for (i = 0; i < ALG_MSRPC_SLOTS; i++) {
		__u32 ctx = 0, nsyn = 0;

		if (i >= n)
			break;
		if (alg_bin_read(b, m->stub_end, off, 2, m->order, &ctx) ||
		    alg_bin_read(b, m->stub_end, off + 2, 1, ALG_BIN_BE, &nsyn) ||
		    off + 24 + 20 * nsyn > m->stub_end) {
			alg_msrpc_offer_clear(st);
			return -1;
		}
		st->offer_ctx[i] = (__u16)ctx;
		if (alg_msrpc_is_epm(b, m->stub_end, off + 4, m->order))
			epm |= 1u << i;
		off += 24 + 20 * nsyn;
		kept = i + 1;
	}
	st->offer_n = (__u8)kept;
	st->offer_epm = (__u8)epm;
	return 0;
}

/* The slot of an endpoint mapper context, or ALG_MSRPC_SLOTS. */
ALG_INLINE __u32 alg_msrpc_epm_slot(const struct alg_msrpc_state *st, __u32 ctx)
{
	__u32 i;

	for (i = 0; i < ALG_MSRPC_SLOTS; i++)
		if ((st->epm_valid & (1u << i)) && st->epm_ctx[i] == ctx)
			return i;
	return ALG_MSRPC_SLOTS;
}

/* A context id becomes an endpoint mapper context, in NDR or NDR64. */
ALG_INLINE void alg_msrpc_epm_add(struct alg_msrpc_state *st, __u32 ctx, __u32 ndr64)
{
	__u32 slot = alg_msrpc_epm_slot(st, ctx), i;

	for (i = 0; i < ALG_MSRPC_SLOTS && slot == ALG_MSRPC_SLOTS; i++)
		if (!(st->epm_valid & (1u << i)))
			slot = i;
	/* All in use: the context's own slot is reused. */
	if (slot == ALG_MSRPC_SLOTS)
		slot = ctx;
	slot &= ALG_MSRPC_SLOTS - 1;
	st->epm_ctx[slot] = (__u16)ctx;
	st->epm_valid |= 1u << slot;
	if (ndr64)
		st->epm_ndr64 |= 1u << slot;
	else
		st->epm_ndr64 &= ~(1u << slot);
}

/*
 * Result i of a bind_ack at off: result (u16), reason (u16), transfer
 * syntax. An accepted (0) offer of the endpoint mapper makes a mapper context.
 */
ALG_FUNC int alg_msrpc_result(const struct alg_buf *b, const struct alg_msrpc_pdu *m, __u32 i,
			      __u32 off, struct alg_parse_result *r)
{
	struct alg_msrpc_state *st;
	__u32 result = 1;

	if (!b || !m || !r)
		return -1;
	st = (struct alg_msrpc_state *)r->state.data;
	if (alg_bin_read(b, m->stub_end, off, 2, m->order, &result))
		return -1;
	if (result == 0 && (st->offer_epm & (1u << (i & 7))))
		alg_msrpc_epm_add(st, st->offer_ctx[i & (ALG_MSRPC_SLOTS - 1)],
				  alg_msrpc_uuid_is(b, m->stub_end, off + 4, m->order, ALG_MSRPC_UUID_NDR64));
	return 0;
}

/*
 * bind_ack / alter_context_resp (C706 §12.6.4.4): after assoc_group_id the
 * secondary address (u16 length, string), padding to 4, then p_result_list:
 * n (u8), 3 reserved, and n results of result (u16), reason (u16) and the
 * transfer syntax (20 bytes: NDR, or NDR64), in the order of the offer.
 */
ALG_FUNC int alg_msrpc_bind_ack(const struct alg_buf *b, const struct alg_msrpc_pdu *m,
				struct alg_parse_result *r)
{
	struct alg_msrpc_state *st;
	__u32 addr_len = 0, off, n = 0, i;

	if (!b || !m || !r)
		return -1;
	st = (struct alg_msrpc_state *)r->state.data;
	if (alg_bin_read(b, m->stub_end, 24, 2, m->order, &addr_len))
		return -1;
	off = (26 + addr_len + 3) & ~3u;
	if (alg_bin_read(b, m->stub_end, off, 1, ALG_BIN_BE, &n) || off + 4 + 24 * n > m->stub_end)
		return -1;
	off += 4;
	for (i = 0; i < ALG_MSRPC_SLOTS; i++) {
		if (i >= n || i >= st->offer_n)
			break;
		if (alg_msrpc_result(b, m, i, off + 24 * i, r))
			return -1;
	}
	alg_msrpc_offer_clear(st);
	r->events |= ALG_EV_STATE;
	return 0;
}

/* Where a tower's parts were found. */
struct alg_msrpc_tower {
	__u32 off;   /* tower_octet_string */
	__u32 end;
	__u32 proto; /* of the port floor: TCP or UDP, 0 if none */
	__u32 port;
	__u32 ip;    /* host order */
	__u32 has_ip;
};

/*
 * One tower (C706 Appendix L): floor_count (u16 LE), then per floor
 * lhs_length (u16 LE), lhs (byte 0: the protocol id), rhs_length (u16 LE),
 * rhs; ports and addresses in rhs are big-endian. The floors must fill the
 * tower exactly. Returns 0 with what it found in t, or -1 if malformed.
 */
ALG_FUNC int alg_msrpc_tower(const struct alg_buf *b, struct alg_msrpc_tower *t)
{
	__u32 floors = 0, off, end, i;

	if (!b || !t)
		return -1;
	off = t->off;
	end = t->end;
	t->proto = 0;
	t->has_ip = 0;
	if (alg_bin_read(b, end, off, 2, ALG_BIN_LE, &floors) || floors > ALG_MSRPC_MAX_FLOORS)
		return -1;
	off += 2;
	for (i = 0; i < ALG_MSRPC_MAX_FLOORS; i++) {
		__u32 lhs = 0, rhs = 0, id = 0, rhs_off;

		if (i >= floors)
			break;
		if (alg_bin_read(b, end, off, 2, ALG_BIN_LE, &lhs) || lhs == 0 ||
		    alg_bin_read(b, end, off + 2, 1, ALG_BIN_BE, &id) ||
		    alg_bin_read(b, end, off + 2 + lhs, 2, ALG_BIN_LE, &rhs))
			return -1;
		rhs_off = off + 4 + lhs;
		if (rhs > end - rhs_off)
			return -1;
		if ((id == ALG_MSRPC_FLOOR_TCP || id == ALG_MSRPC_FLOOR_UDP) && rhs == 2) {
			if (t->proto || alg_bin_read(b, end, rhs_off, 2, ALG_BIN_BE, &t->port))
				return -1;
			t->proto = id == ALG_MSRPC_FLOOR_TCP ? ALG_IPPROTO_TCP : ALG_IPPROTO_UDP;
		} else if (id == ALG_MSRPC_FLOOR_IP && rhs == 4) {
			if (t->has_ip || alg_bin_read(b, end, rhs_off, 4, ALG_BIN_BE, &t->ip))
				return -1;
			t->has_ip = 1;
		}
		off = rhs_off + rhs;
	}
	return off == end ? 0 : -1;
}

/* The towers of an ept_map response, walked in order. */
struct alg_msrpc_walk {
	__u32 off;      /* the next tower's conformance count */
	__u32 end;      /* the stub's end */
	__u32 order;
	__u32 width;    /* of counts and pointers: 4 (NDR), 8 (NDR64) */
	__u32 towers;   /* non-NULL tower pointers: tower bodies that follow */
	__u32 bad;      /* malformed towers */
	__u32 label;    /* endpoints carry the state's map_uuid */
};

/*
 * A count or pointer of w->width bytes at off. NDR64's are 64 bits: one
 * above 32 bits is no count a PDU of this size can hold (-1).
 */
ALG_FUNC int alg_msrpc_count(const struct alg_buf *b, const struct alg_msrpc_walk *w, __u32 off,
			     __u32 *v)
{
	__u32 high = 0, low_off = off;

	if (!b || !w || !v)
		return -1;
	if (w->width == 8) {
		if (alg_bin_u32(b, w->end, w->order == ALG_BIN_LE ? off + 4 : off, w->order, &high) ||
		    high)
			return -1;
		if (w->order != ALG_BIN_LE)
			low_off = off + 4;
	}
	return alg_bin_u32(b, w->end, low_off, w->order, v);
}

/* off rounded up to a multiple of the power of two a (NDR alignment, C706 §14.2.2). */
ALG_INLINE __u32 alg_msrpc_align(__u32 off, __u32 a)
{
	return (off + a - 1) & ~(a - 1);
}

/* The kept interface UUID is forgotten. */
ALG_INLINE void alg_msrpc_uuid_clear(struct alg_msrpc_state *st)
{
	((__u64 *)st->map_uuid)[0] = 0;
	((__u64 *)st->map_uuid)[1] = 0;
	st->uuid_call = 0;
	st->uuid_valid = 0;
}

/*
 * ept_map's in arguments (C706 Appendix O): object (a full pointer: the
 * referent id, then the UUID if not NULL), map_tower (a full pointer, then
 * the twr_t: max_count, tower_length (u32), the tower octets), ... The
 * map tower's floor 1 is lhs_length (u16 LE), 0x0d and the interface
 * UUID (C706 Appendix L): it is kept for the call's response. Arguments
 * cut short leave the call without one. Returns 0, or -1 without b, m or r.
 */
ALG_FUNC int alg_msrpc_map_uuid(const struct alg_buf *b, const struct alg_msrpc_pdu *m,
				struct alg_parse_result *r)
{
	struct alg_msrpc_state *st;
	struct alg_msrpc_walk w = {};
	__u32 off, end, ref = 0, tlen = 0, floors = 0, lhs = 0, id = 0, i;

	if (!b || !m || !r)
		return -1;
	st = (struct alg_msrpc_state *)r->state.data;
	w.end = m->stub_end;
	w.order = m->order;
	w.width = m->ndr64 ? 8 : 4;
	off = m->flags & ALG_MSRPC_OBJECT_UUID ? 40 : 24;
	if (alg_msrpc_count(b, &w, off, &ref))
		return 0;
	off += w.width + (ref ? 16 : 0);
	off = alg_msrpc_align(off, w.width);
	if (alg_msrpc_count(b, &w, off, &ref) || !ref)
		return 0;
	off += w.width + w.width; /* the pointer, then max_count */
	if (alg_bin_u32(b, w.end, off, w.order, &tlen) || tlen > w.end - off - 4)
		return 0;
	off += 4;
	end = off + tlen;
	if (alg_bin_read(b, end, off, 2, ALG_BIN_LE, &floors) ||
	    alg_bin_read(b, end, off + 2, 2, ALG_BIN_LE, &lhs) ||
	    alg_bin_read(b, end, off + 4, 1, ALG_BIN_BE, &id))
		return 0;
	off += 5;
	if (!floors || id != ALG_MSRPC_FLOOR_UUID || lhs < 1 + ALG_LABEL_SIZE ||
	    off + ALG_LABEL_SIZE > end)
		return 0;
	for (i = 0; i < ALG_LABEL_SIZE; i++)
		st->map_uuid[i] = ALG_AT(b, off + i);
	st->uuid_call = m->call_id;
	st->uuid_valid = 1;
	return 0;
}

/*
 * request (C706 §12.6.4.9): alloc_hint, p_cont_id at 20, opnum at 22. An
 * ept_map call is pending; the interface it asks for is kept.
 */
ALG_FUNC int alg_msrpc_request(const struct alg_buf *b, struct alg_msrpc_pdu *m,
			       struct alg_parse_result *r)
{
	struct alg_msrpc_state *st;
	__u32 ctx = 0, opnum = 0, slot, epm;

	if (!b || !m || !r)
		return -1;
	st = (struct alg_msrpc_state *)r->state.data;
	if (alg_bin_read(b, m->end, 20, 2, m->order, &ctx) ||
	    alg_bin_read(b, m->end, 22, 2, m->order, &opnum))
		return -1;
	/* Only a call's first fragment says what the call is. */
	epm = alg_msrpc_epm_slot(st, ctx);
	if (!(m->flags & ALG_MSRPC_FIRST_FRAG) || opnum != ALG_MSRPC_OP_EPT_MAP ||
	    epm == ALG_MSRPC_SLOTS)
		return 0;
	slot = m->call_id & (ALG_MSRPC_SLOTS - 1);
	st->map_call[slot] = m->call_id;
	st->map_valid |= 1u << slot;
	if (st->epm_ndr64 & (1u << epm))
		st->map_ndr64 |= 1u << slot;
	else
		st->map_ndr64 &= ~(1u << slot);
	r->events |= ALG_EV_STATE;
	alg_msrpc_uuid_clear(st);
	m->ndr64 = !!(st->map_ndr64 & (1u << slot));
	return alg_msrpc_map_uuid(b, m, r);
}

/*
 * The next tower body at w->off: max_count (a count), tower_length (u32),
 * the octets, padding to the next count's alignment (NDR alignment counts
 * from the stub's start, which is 8-aligned in the PDU). Pushes its
 * endpoint. Returns 0, or -1 when the body runs past the stub (the walk
 * cannot go on).
 */
ALG_FUNC int alg_msrpc_tower_body(const struct alg_buf *b, struct alg_msrpc_walk *w,
				  struct alg_parse_result *r)
{
	struct alg_msrpc_tower t = {};
	struct alg_addr addr = {};
	struct alg_endpoint *ep;
	__u32 max = 0, tlen = 0, off;

	if (!b || !w || !r)
		return -1;
	off = w->off;
	if (alg_msrpc_count(b, w, off, &max) ||
	    alg_bin_u32(b, w->end, off + w->width, w->order, &tlen) || tlen > max ||
	    tlen > w->end - off - w->width - 4)
		return -1;
	t.off = off + w->width + 4;
	t.end = t.off + tlen;
	w->off = alg_msrpc_align(t.end, w->width);
	if (alg_msrpc_tower(b, &t)) {
		w->bad++;
		return 0;
	}
	if (!t.proto || !t.has_ip || !t.port)
		return 0; /* not an IP transport */
	addr.w[0] = alg_text_htonl(t.ip);
	ep = alg_result_push(r, &addr, t.port, t.ip ? ALG_AF_INET : 0, t.proto);
	if (ep && w->label) {
		const struct alg_msrpc_state *st = (const struct alg_msrpc_state *)r->state.data;

		((__u64 *)ep->label)[0] = ((const __u64 *)st->map_uuid)[0];
		((__u64 *)ep->label)[1] = ((const __u64 *)st->map_uuid)[1];
	}
	return 0;
}

/*
 * The actual referent ids from w->off: w->towers counts the non-NULL ones,
 * whose bodies follow; w->off moves past them. Kept in w's memory, whose
 * values the verifier does not track, so the loop's paths merge.
 */
ALG_FUNC int alg_msrpc_refs(const struct alg_buf *b, struct alg_msrpc_walk *w, __u32 actual)
{
	if (!b || !w)
		return -1;
	for (__u32 i = 0; i < ALG_MSRPC_MAX_TOWERS; i++) {
		__u32 ref = 0;

		if (i >= actual)
			break;
		if (alg_msrpc_count(b, w, w->off, &ref))
			return -1;
		if (ref)
			w->towers++;
		w->off += w->width;
	}
	return 0;
}

/*
 * ept_map's out arguments (C706 Appendix O, ept_map): entry_handle (20
 * bytes), num_towers (u32), towers: a conformant varying array of tower
 * pointers (max_count, offset, actual_count, actual_count referent ids, 0
 * for NULL), the tower bodies of the non-NULL ones, then status (u32).
 * Counts and pointers are 4 bytes in NDR, 8 in NDR64.
 * Returns 0, or -1 when malformed (no endpoint is kept then).
 */
ALG_FUNC int alg_msrpc_ept_map(const struct alg_buf *b, const struct alg_msrpc_pdu *m,
			       struct alg_parse_result *r)
{
	struct alg_msrpc_walk w = {};
	__u32 base = 24, max = 0, actual = 0, status = 1, n_ep, dropped, i;

	if (!b || !m || !r)
		return -1;
	n_ep = r->n_ep;
	dropped = r->dropped;
	w.end = m->stub_end;
	w.order = m->order;
	w.width = m->ndr64 ? 8 : 4;
	w.label = m->label;
	if (alg_msrpc_count(b, &w, base + 24, &max) ||
	    alg_msrpc_count(b, &w, base + 24 + 2 * w.width, &actual) || actual > max ||
	    actual > ALG_MSRPC_MAX_TOWERS)
		return -1;
	w.off = base + 24 + 3 * w.width;
	if (alg_msrpc_refs(b, &w, actual))
		return -1;
	for (i = 0; i < ALG_MSRPC_MAX_TOWERS; i++) {
		if (i >= w.towers)
			break;
		if (alg_msrpc_tower_body(b, &w, r))
			goto malformed;
	}
	w.off = alg_msrpc_align(w.off, 4);
	if (alg_bin_u32(b, w.end, w.off, w.order, &status) || w.off + 4 != w.end)
		goto malformed;
	if (status) {
		/* EPT_S_NOT_REGISTERED and other failures map nothing. */
		r->n_ep = n_ep;
		r->dropped = dropped;
		return 0;
	}
	return w.bad ? -1 : 0;
malformed:
	/* Nothing of a result that does not hold together is kept. */
	r->n_ep = n_ep;
	r->dropped = dropped;
	return -1;
}

/*
 * response / fault to a pending ept_map call (C706 §12.6.4.10, §12.6.4.7):
 * the call ends here; a whole, unsealed response's stub (at 24) is read.
 */
ALG_FUNC int alg_msrpc_response(const struct alg_buf *b, struct alg_msrpc_pdu *m,
				struct alg_parse_result *r)
{
	struct alg_msrpc_state *st;
	__u32 slot;
	int bad = 0;

	if (!b || !m || !r)
		return -1;
	st = (struct alg_msrpc_state *)r->state.data;
	slot = m->call_id & (ALG_MSRPC_SLOTS - 1);
	if (!(st->map_valid & (1u << slot)) || st->map_call[slot] != m->call_id ||
	    !(m->flags & ALG_MSRPC_FIRST_FRAG))
		return 0;
	m->ndr64 = !!(st->map_ndr64 & (1u << slot));
	m->label = st->uuid_valid && st->uuid_call == m->call_id;
	st->map_call[slot] = 0;
	st->map_valid &= ~(1u << slot);
	st->map_ndr64 &= ~(1u << slot);
	r->events |= ALG_EV_STATE;
	/* Fragmented or sealed: counted, never half-read. */
	if (m->ptype != ALG_MSRPC_FAULT)
		bad = !(m->flags & ALG_MSRPC_LAST_FRAG) || m->sealed ? -1 : alg_msrpc_ept_map(b, m, r);
	if (m->label)
		alg_msrpc_uuid_clear(st);
	return bad;
}

/*
 * The common header (C706 §12.6.3.1): rpc_vers 5, rpc_vers_minor 0 or 1,
 * PTYPE, pfc_flags, drep[4], frag_length, auth_length, call_id; and where
 * the stub ends when an auth trailer (MS-RPCE §2.2.2.11: auth_type,
 * auth_level, auth_pad_length, reserved, context id) and value follow it.
 * Returns 0, or -1 if the header does not hold together.
 */
ALG_INLINE int alg_msrpc_header(const struct alg_buf *b, __u32 len, struct alg_msrpc_pdu *m)
{
	__u32 frag = 0, auth = 0, level = 0, pad = 0, trailer;

	m->order = ALG_AT(b, 4) & 0x10 ? ALG_BIN_LE : ALG_BIN_BE;
	m->ptype = ALG_AT(b, 2);
	m->flags = ALG_AT(b, 3);
	if (alg_bin_read(b, len, 8, 2, m->order, &frag) ||
	    alg_bin_read(b, len, 10, 2, m->order, &auth) ||
	    alg_bin_u32(b, len, 12, m->order, &m->call_id))
		return -1;
	if (frag < ALG_MSRPC_HDR_LEN || frag > len || m->ptype > ALG_MSRPC_PTYPE_LAST)
		return -1;
	m->end = frag;
	m->stub_end = frag;
	if (!auth)
		return 0;
	if (auth + ALG_MSRPC_AUTH_TRAILER > frag - ALG_MSRPC_HDR_LEN)
		return -1;
	trailer = frag - auth - ALG_MSRPC_AUTH_TRAILER;
	level = ALG_AT(b, trailer + 1);
	pad = ALG_AT(b, trailer + 2);
	if (pad > trailer - ALG_MSRPC_HDR_LEN)
		return -1;
	m->stub_end = trailer - pad;
	m->sealed = level >= ALG_MSRPC_AUTH_PRIVACY;
	return 0;
}

ALG_FUNC int alg_msrpc_parse(const struct alg_buf *b, __u32 len, const struct alg_parse_ctx *c,
			     struct alg_parse_result *r)
{
	struct alg_msrpc_pdu m = {};
	struct alg_msrpc_state *st;
	int bad = 0;

	if (!b || !c || !r)
		return -1;
	if (len > ALG_MAX_PAYLOAD)
		len = ALG_MAX_PAYLOAD;
	r->next = len;
	if (len < ALG_MSRPC_HDR_LEN || ALG_AT(b, 0) != 5 || ALG_AT(b, 1) > 1) {
		r->events |= ALG_EV_NOT_PROTO;
		return 0;
	}
	r->events |= ALG_EV_MESSAGE;
	if (alg_msrpc_header(b, len, &m)) {
		r->events |= ALG_EV_PARSE_ERROR;
		return 0;
	}
	st = (struct alg_msrpc_state *)r->state.data;
	switch (m.ptype) {
	case ALG_MSRPC_BIND:
	case ALG_MSRPC_ALTER:
		if (c->from_client)
			bad = alg_msrpc_bind(b, &m, r);
		break;
	case ALG_MSRPC_BIND_ACK:
	case ALG_MSRPC_ALTER_RESP:
		if (!c->from_client)
			bad = alg_msrpc_bind_ack(b, &m, r);
		break;
	case ALG_MSRPC_BIND_NAK:
		if (!c->from_client && st->offer_n) {
			alg_msrpc_offer_clear(st);
			r->events |= ALG_EV_STATE;
		}
		break;
	case ALG_MSRPC_REQUEST:
		if (c->from_client)
			bad = alg_msrpc_request(b, &m, r);
		break;
	case ALG_MSRPC_RESPONSE:
	case ALG_MSRPC_FAULT:
		if (!c->from_client)
			bad = alg_msrpc_response(b, &m, r);
		break;
	}
	if (bad)
		r->events |= ALG_EV_PARSE_ERROR;
	return 0;
}

#endif /* ALGTRACK_MSRPC_H */
