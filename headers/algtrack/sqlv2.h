/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Oracle SQL*Net (TNS) listener parser: the REDIRECT that sends a client to
 * another address, whose connection is the conversation's child.
 *
 * A TNS packet (one message of ALG_FRAMING_TNS) starts with an 8-byte
 * header: length, checksum, type at byte 4, flags, header checksum. Only
 * packets from the server (the listener) are read:
 *   REDIRECT (type 5)  redirect data length (u16 BE) at 8, the data at 10
 *   DATA (type 6)      data flags (u16) at 8, the data at 10
 * The redirect data names the new address as a connect descriptor,
 *   (ADDRESS=(PROTOCOL=TCP)(HOST=198.51.100.2)(PORT=1600))
 * optionally followed by a NUL and the connect data that the client passes
 * on. A REDIRECT whose data is not in the packet (its length field is 0, or
 * the packet ends after it) announces it in the next DATA packet, up to the
 * length the REDIRECT gave: the private state remembers that, and any other
 * packet from the server forgets it (the rule Cisco's SQL*Net v2 inspection
 * documents). CONNECT, ACCEPT, REFUSE, RESEND, MARKER and the DATA of a
 * session are never scanned.
 *
 * Keywords are case-insensitive, blanks may surround '=' and parentheses.
 * The first ADDRESS whose PROTOCOL is TCP or TCPS (TLS over TCP; TCP when
 * absent) and that has a HOST and a PORT, with HOST and PORT directly inside
 * it (not in a nested CONNECT_DATA), gives one TCP endpoint: the client
 * opens a connection to HOST:PORT. HOST may be dotted IPv4 or textual IPv6
 * (optionally in brackets).
 *
 * Events: ALG_EV_MESSAGE for a REDIRECT and for the DATA after one;
 * ALG_EV_PARSE_ERROR, without an endpoint, when that data has no usable
 * ADDRESS (missing, unclosed, a port outside 1..65535), when a length lies
 * past the packet, and when HOST is a name: the data path resolves no names,
 * so a named host is a redirect that cannot be followed and is counted as
 * such. An ADDRESS of another protocol (IPC, SDP) gives the message only.
 * ALG_EV_STATE when the wait for a DATA packet starts or ends;
 * ALG_EV_NOT_PROTO for a type no TNS packet has.
 *
 * A HOST that is not the listener's own address is a real case (an Oracle
 * RAC listener sends clients to another node): the data path refuses it and
 * counts addr_mismatch unless third parties are allowed for this ALG.
 *
 * r->next: len (LENGTH framing hands over exactly one packet).
 */
#ifndef ALGTRACK_SQLV2_H
#define ALGTRACK_SQLV2_H

#include "text.h"

#define ALG_TNS_HEADER 8u
#define ALG_TNS_BODY 10u /* redirect data or DATA payload: after the header and a u16 */
#define ALG_TNS_REDIRECT 5u
#define ALG_TNS_DATA 6u
#define ALG_TNS_MAX_TYPE 19u /* Wireshark's packet-tns.c knows types 1..19 */
#define ALG_SQLV2_MAX_PARENS 48u /* parentheses walked in one descriptor */

/* Per-conversation private state (registry.h state_size). */
struct alg_sqlv2_state {
	__u8 await_data; /* a REDIRECT without data: its address comes in the next DATA */
	__u8 pad;
	__u16 data_len;  /* the redirect data length that REDIRECT gave (0: to the packet's end) */
};

/* The walk over a descriptor [off, end) and what it found. */
struct alg_sqlv2_desc {
	__u32 off;
	__u32 end;
	__u32 depth;      /* of the parenthesis last opened */
	__u32 addr_depth; /* of the open ADDRESS, 0 outside one */
	__u32 port;
	__u32 family;     /* of host, 0 before a HOST */
	__u32 flags;      /* enum alg_sqlv2_seen */
	__u32 pad;
	struct alg_addr host;
};

enum alg_sqlv2_seen {
	ALG_SQLV2_HOST = 1 << 0,
	ALG_SQLV2_PORT = 1 << 1,
	ALG_SQLV2_NAME = 1 << 2,      /* HOST is a name */
	ALG_SQLV2_OTHER = 1 << 3,     /* PROTOCOL is not TCP or TCPS */
	ALG_SQLV2_BAD = 1 << 4,       /* an empty HOST, or a PORT outside 1..65535 */
};

/* What a descriptor gave. */
enum alg_sqlv2_verdict {
	ALG_SQLV2_FOUND = 0, /* d->host, d->port, d->family */
	ALG_SQLV2_NONE,      /* no usable ADDRESS */
	ALG_SQLV2_NAMED,     /* the ADDRESS names its host */
	ALG_SQLV2_NOT_TCP,   /* the ADDRESS is of another protocol */
};

#define ALG_SQLV2_IS_PAREN(x) ((x) == '(' || (x) == ')')

/* Offset of the first '(' or ')' in [off, end), or ALG_TEXT_NONE. */
ALG_FUNC __u32 alg_sqlv2_find_paren(const struct alg_buf *b, __u32 off, __u32 end)
{
	if (!b)
		return ALG_TEXT_NONE;
	ALG_TEXT_SCAN4(ALG_SQLV2_IS_PAREN)
	return ALG_TEXT_NONE;
}

/* HOST's value from off to its ')' at vend: an address, or a name. */
ALG_INLINE void alg_sqlv2_host(const struct alg_buf *b, struct alg_sqlv2_desc *d, __u32 off, __u32 vend)
{
	struct alg_text_addr a = {};
	__u32 bracket;

	if (off >= vend) {
		d->flags |= ALG_SQLV2_BAD;
		return;
	}
	bracket = ALG_AT(b, off) == '[';
	a.off = off + bracket;
	a.end = vend;
	if (!bracket && !alg_text_ipv4(b, &a) && alg_text_rest_blank(b, a.next, vend)) {
		d->family = ALG_AF_INET;
	} else {
		a.off = off + bracket;
		if (alg_text_ipv6(b, &a) || (bracket && alg_text_byte(b, vend, a.next) != ']') ||
		    !alg_text_rest_blank(b, a.next + bracket, vend)) {
			d->flags |= ALG_SQLV2_NAME;
			return;
		}
		d->family = ALG_AF_INET6;
	}
	d->host = a.addr;
	d->flags |= ALG_SQLV2_HOST;
}

/* PORT's value from off to its ')' at vend: 1..65535. */
ALG_INLINE void alg_sqlv2_port(const struct alg_buf *b, struct alg_sqlv2_desc *d, __u32 off, __u32 vend)
{
	__u32 i = off, port = 0;

	if (alg_text_dec(b, vend, &i, 5, &port) || !alg_text_rest_blank(b, i, vend) || port == 0 ||
	    port > 65535) {
		d->flags |= ALG_SQLV2_BAD;
		return;
	}
	d->port = port;
	d->flags |= ALG_SQLV2_PORT;
}

/* PROTOCOL's value from off to its ')' at vend: TCP, or TCPS (TLS over TCP). */
ALG_INLINE void alg_sqlv2_protocol(const struct alg_buf *b, struct alg_sqlv2_desc *d, __u32 off,
				   __u32 vend)
{
	__u32 i = off + 3;

	if (!ALG_TEXT_MATCH_CI(b, vend, off, "tcp")) {
		d->flags |= ALG_SQLV2_OTHER;
		return;
	}
	if (alg_text_lower(alg_text_byte(b, vend, i)) == 's')
		i++;
	if (!alg_text_rest_blank(b, i, vend))
		d->flags |= ALG_SQLV2_OTHER;
}

/* The keywords the walk acts on; anything else only nests. */
enum alg_sqlv2_keyword {
	ALG_SQLV2_KW_OTHER = 0,
	ALG_SQLV2_KW_ADDRESS,
	ALG_SQLV2_KW_PROTOCOL,
	ALG_SQLV2_KW_HOST,
	ALG_SQLV2_KW_PORT,
};

/* "KEYWORD =" at off; *value is set to the value's first non-blank byte. */
ALG_INLINE __u32 alg_sqlv2_keyword(const struct alg_buf *b, __u32 off, __u32 end, __u32 *value)
{
	__u32 kw = ALG_SQLV2_KW_OTHER, n = 0, eq;

	if (ALG_TEXT_MATCH8_CI(b, end, off, "address")) {
		kw = ALG_SQLV2_KW_ADDRESS;
		n = 7;
	} else if (ALG_TEXT_MATCH8_CI(b, end, off, "protocol")) {
		kw = ALG_SQLV2_KW_PROTOCOL;
		n = 8;
	} else if (ALG_TEXT_MATCH8_CI(b, end, off, "host")) {
		kw = ALG_SQLV2_KW_HOST;
		n = 4;
	} else if (ALG_TEXT_MATCH8_CI(b, end, off, "port")) {
		kw = ALG_SQLV2_KW_PORT;
		n = 4;
	}
	eq = alg_text_skip_ws(b, off + n, end);
	/* "(HOSTNAME=" or "(ADDRESS_LIST=" is another keyword. */
	if (kw == ALG_SQLV2_KW_OTHER || alg_text_byte(b, end, eq) != '=')
		return ALG_SQLV2_KW_OTHER;
	*value = alg_text_skip_ws(b, eq + 1, end);
	return kw;
}

/*
 * A member of the open ADDRESS: PROTOCOL, HOST or PORT with its value at v.
 * Inline, like the value parsers: every call level counts against Linux
 * 6.1's 512 bytes of stack for a whole call chain.
 */
ALG_INLINE void alg_sqlv2_member(const struct alg_buf *b, struct alg_sqlv2_desc *d, __u32 kw, __u32 v)
{
	__u32 vend = alg_text_find(b, v, d->end, ')');

	if (vend == ALG_TEXT_NONE)
		vend = d->end;
	if (kw == ALG_SQLV2_KW_HOST)
		alg_sqlv2_host(b, d, v, vend);
	else if (kw == ALG_SQLV2_KW_PORT)
		alg_sqlv2_port(b, d, v, vend);
	else
		alg_sqlv2_protocol(b, d, v, vend);
}

/* The ADDRESS that just closed, as a verdict (ALG_SQLV2_NONE: look on). */
ALG_INLINE __u32 alg_sqlv2_closed(const struct alg_sqlv2_desc *d)
{
	__u32 f = d->flags;

	if (f & ALG_SQLV2_OTHER)
		return ALG_SQLV2_NOT_TCP;
	if (f & ALG_SQLV2_BAD)
		return ALG_SQLV2_NONE;
	if ((f & ALG_SQLV2_NAME) && (f & ALG_SQLV2_PORT))
		return ALG_SQLV2_NAMED;
	if ((f & ALG_SQLV2_HOST) && (f & ALG_SQLV2_PORT))
		return ALG_SQLV2_FOUND;
	return ALG_SQLV2_NONE;
}

/* Walks the descriptor's parentheses to the first ADDRESS that decides. */
ALG_FUNC __u32 alg_sqlv2_descriptor(const struct alg_buf *b, struct alg_sqlv2_desc *d)
{
	__u32 pos;

	if (!b || !d)
		return ALG_SQLV2_NONE;
	pos = d->off;
	for (__u32 k = 0; k < ALG_SQLV2_MAX_PARENS; k++) {
		__u32 i = alg_sqlv2_find_paren(b, pos, d->end), kw, v = 0;

		if (i == ALG_TEXT_NONE)
			break;
		pos = i + 1;
		if (ALG_AT(b, i) == ')') {
			if (d->depth == 0)
				break; /* unbalanced */
			if (d->addr_depth && d->depth == d->addr_depth) {
				__u32 verdict = alg_sqlv2_closed(d);

				if (verdict != ALG_SQLV2_NONE)
					return verdict;
				d->addr_depth = 0;
			}
			d->depth--;
			continue;
		}
		d->depth++;
		kw = alg_sqlv2_keyword(b, alg_text_skip_ws(b, pos, d->end), d->end, &v);
		if (kw == ALG_SQLV2_KW_ADDRESS) {
			d->addr_depth = d->depth;
			d->flags = 0;
			d->family = 0;
		} else if (kw != ALG_SQLV2_KW_OTHER && d->addr_depth && d->depth == d->addr_depth + 1) {
			alg_sqlv2_member(b, d, kw, v);
		}
	}
	return ALG_SQLV2_NONE;
}

/* The redirect data [off, end): an endpoint, or the error it is. */
ALG_INLINE void alg_sqlv2_redirect_data(const struct alg_buf *b, __u32 off, __u32 end,
					struct alg_parse_result *r)
{
	struct alg_sqlv2_desc d = {};
	__u32 verdict;

	d.off = off;
	d.end = end;
	verdict = alg_sqlv2_descriptor(b, &d);
	if (verdict == ALG_SQLV2_FOUND)
		alg_result_push(r, &d.host, d.port, d.family, ALG_IPPROTO_TCP);
	else if (verdict != ALG_SQLV2_NOT_TCP)
		r->events |= ALG_EV_PARSE_ERROR;
}

ALG_FUNC int alg_sqlv2_parse(const struct alg_buf *b, __u32 len, const struct alg_parse_ctx *c,
			     struct alg_parse_result *r)
{
	struct alg_sqlv2_state st;
	__u32 type, rlen, end;

	if (!b || !c || !r)
		return -1;
	if (len > ALG_MAX_PAYLOAD)
		len = ALG_MAX_PAYLOAD;
	r->next = len;
	if (len < ALG_TNS_HEADER)
		return 0;
	type = ALG_AT(b, 4);
	if (type == 0 || type > ALG_TNS_MAX_TYPE) {
		r->events |= ALG_EV_NOT_PROTO;
		return 0;
	}
	if (c->from_client)
		return 0;
	__builtin_memcpy(&st, r->state.data, sizeof(st));
	if (st.await_data) {
		/* Only the very next packet from the server may carry the address. */
		__builtin_memset(r->state.data, 0, sizeof(st));
		r->events |= ALG_EV_STATE;
	}
	if (type != ALG_TNS_REDIRECT && !(type == ALG_TNS_DATA && st.await_data))
		return 0;
	r->events |= ALG_EV_MESSAGE;
	if (len < ALG_TNS_BODY) {
		r->events |= ALG_EV_PARSE_ERROR;
		return 0;
	}
	if (type == ALG_TNS_REDIRECT) {
		rlen = (ALG_AT(b, 8) << 8) | ALG_AT(b, 9);
		if (rlen == 0 || len == ALG_TNS_BODY) {
			st.await_data = 1;
			st.pad = 0;
			st.data_len = (__u16)rlen;
			__builtin_memcpy(r->state.data, &st, sizeof(st));
			r->events |= ALG_EV_STATE;
			return 0;
		}
	} else {
		/* DATA: the length comes from the REDIRECT; bytes 8..9 are data flags. */
		rlen = st.data_len ? st.data_len : len - ALG_TNS_BODY;
	}
	end = ALG_TNS_BODY + rlen;
	if (end > len || rlen == 0) {
		r->events |= ALG_EV_PARSE_ERROR;
		return 0;
	}
	alg_sqlv2_redirect_data(b, ALG_TNS_BODY, end, r);
	return 0;
}

#endif /* ALGTRACK_SQLV2_H */
