/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RTSP control channel parser (RFC 2326; RTSP/2.0 start lines, RFC 7826):
 * the SETUP exchange that announces the RTP/RTCP media ports, and the end
 * of the presentation.
 *
 * Recognised, only for a message that starts at byte 0 of the payload:
 *   start line (RFC 2326 §6.1, §7.1)
 *     "METHOD SP Request-URI SP RTSP/1.0" (or RTSP/2.0) from the client; the
 *     methods that matter are SETUP, ANNOUNCE, RECORD and TEARDOWN, any other
 *     upper-case token is a recognised request. "RTSP/1.0 SP NNN SP reason"
 *     (status 100..599) from the server.
 *   interleaved binary data "$" channel length(16) data (RFC 2326 §10.12):
 *     skipped whole, no event.
 *   headers (names case-insensitive): CSeq, Content-Length (absent means
 *     0, RFC 2326 §12.14), Transport (§12.39).
 *   Transport: comma-separated transport specs, each
 *     protocol/profile[/lower] *(";" parameter). The first spec whose lower
 *     transport is UDP (not "/TCP", no interleaved=) is the message's;
 *     parameters client_port=, server_port=, port= (a-b, a/b or a single
 *     port, each >= 1024), destination=, source= (IPv4 or IPv6, optionally
 *     quoted or in brackets), multicast, mode= (record or receive: media
 *     from client to server).
 *
 * What a message does (requests from the client, replies from the server;
 * the other way round they are recognised and do nothing):
 *   SETUP request       ALG_EV_OPEN; remembers (private state) its CSeq,
 *                       client_port and destination= for the reply.
 *   ANNOUNCE, RECORD    the conversation records: its media flows from
 *                       client to server.
 *   TEARDOWN request    ALG_EV_CLOSE | ALG_EV_WITHDRAW.
 *   2xx reply with a unicast UDP Transport: the media endpoints. The reply's
 *     values win; a client_port or destination= it lacks comes from the
 *     SETUP of the same CSeq.
 *     play    server -> client:client_port, one endpoint per port (a single
 *             port means RTP and RTCP at port+1), ALG_OPENER_SENDER, the
 *             address destination= or family 0 (the client's own), src_port
 *             the matching server_port when one was given.
 *     record  client -> server:server_port, ALG_OPENER_RECEIVER, address
 *             source= or family 0 (the server's own), src_port the matching
 *             client_port when known.
 *     Multicast and interleaved (RTP over the RTSP connection) transports
 *     give no endpoint. A destination= or source= that is not an address
 *     (a host name) gives no endpoint and a parse error: it cannot be
 *     checked against the side's own address.
 * ALG_EV_PARSE_ERROR: a bad or conflicting Content-Length, a bad CSeq, a
 * header line without ':', a malformed Transport parameter, a header block
 * longer than ALG_RTSP_MAX_HEADER_LINES lines.
 * Bytes at a message start that are not RTSP give ALG_EV_NOT_PROTO.
 *
 * r->next: the end of the message (header block plus Content-Length, or the
 * interleaved frame), possibly beyond len; ALG_NEXT_UNKNOWN while the
 * header block is incomplete or the length is unusable.
 */
#ifndef ALGTRACK_RTSP_H
#define ALGTRACK_RTSP_H

#include "text.h"

#define ALG_RTSP_MAX_HEADER_LINES 64u
#define ALG_RTSP_MAX_PARAMS 32u
#define ALG_RTSP_MAX_CLEN 1000000u
#define ALG_RTSP_MIN_PORT 1024u
#define ALG_RTSP_FAMILY_NAME 0xffu /* destination=/source= held a host name */

enum alg_rtsp_method {
	ALG_RTSP_NONE = 0,
	ALG_RTSP_SETUP,
	ALG_RTSP_TEARDOWN,
	ALG_RTSP_ANNOUNCE,
	ALG_RTSP_RECORD,
	ALG_RTSP_OTHER,
};

/* One transport spec of a Transport header. */
struct alg_rtsp_spec {
	__u16 client_lo; /* 0: no client_port */
	__u16 client_hi;
	__u16 server_lo; /* 0: no server_port */
	__u16 server_hi;
	__u8 seen;       /* the protocol token was read */
	__u8 tcp;        /* lower transport TCP or interleaved= */
	__u8 multicast;
	__u8 record;     /* mode=record or mode=receive */
	__u8 dest_family; /* of destination=, 0 when absent */
	__u8 src_family;  /* of source=, 0 when absent */
	__u8 pad[2];
	/* The values of destination= and source=, parsed once the spec is chosen. */
	__u16 dest_off;
	__u16 dest_end;
	__u16 src_off;
	__u16 src_end;
	struct alg_addr dest;
	struct alg_addr src;
};

/* What the start line and headers said. */
struct alg_rtsp_msg {
	__u32 off;     /* header walk cursor: start of the next line */
	__u32 len;     /* bytes of payload */
	__u32 hdr_end; /* offset after the empty line, ALG_TEXT_NONE before */
	__u32 tp;      /* Transport walk cursor */
	__u32 method;  /* request: enum alg_rtsp_method; 0 for a reply */
	__u32 status;  /* reply: 100..599 */
	__u32 cseq;
	__u32 clen;
	__u8 has_cseq;
	__u8 has_clen;
	__u8 bad;        /* a malformed header */
	__u8 incomplete; /* the header block runs past the payload */
	__u8 has_transport;
	__u8 chosen;     /* spec holds the message's UDP transport */
	__u8 pad[2];
	struct alg_rtsp_spec cur;  /* the spec being read */
	struct alg_rtsp_spec spec; /* the chosen one */
};

/* Per-conversation private state (struct alg_conv_state). */
struct alg_rtsp_state {
	__u8 record;      /* ANNOUNCE, RECORD or a mode=record SETUP was seen */
	__u8 pending;     /* a SETUP request awaits its reply */
	__u8 dest_family; /* of the pending SETUP's destination= */
	__u8 pad;
	__u16 client_lo;  /* the pending SETUP's client_port */
	__u16 client_hi;
	__u32 cseq;       /* the pending SETUP's CSeq */
	struct alg_addr dest;
};

/*
 * A port range "a-b", "a/b" (RFC 2326 bis) or "a" in [p, end), all of it.
 * Returns 0 with *lo, *hi (hi 0 for a single port), or -1.
 */
ALG_INLINE int alg_rtsp_range(const struct alg_buf *b, __u32 p, __u32 end, __u16 *lo, __u16 *hi)
{
	__u32 a, z = 0, ch;

	if (alg_text_dec(b, end, &p, 5, &a) || a < ALG_RTSP_MIN_PORT || a > 65535)
		return -1;
	ch = alg_text_byte(b, end, p);
	if (ch == '-' || ch == '/') {
		p++;
		if (alg_text_dec(b, end, &p, 5, &z) || z < a || z > 65535)
			return -1;
	}
	if (p != end)
		return -1;
	*lo = (__u16)a;
	*hi = (__u16)z;
	return 0;
}

/*
 * An address value in [p, end): IPv4 or IPv6, optionally in quotes or
 * brackets. Returns the family, or ALG_RTSP_FAMILY_NAME for anything else
 * (a host name, which cannot be checked).
 */
ALG_FUNC __u32 alg_rtsp_addr(const struct alg_buf *b, __u32 p, __u32 end, struct alg_addr *out)
{
	struct alg_text_addr a = {};

	if (!b || !out)
		return ALG_RTSP_FAMILY_NAME;
	if (end > p && alg_text_byte(b, end, p) == '"' && ALG_AT(b, end - 1) == '"') {
		p++;
		end--;
	}
	if (end > p && alg_text_byte(b, end, p) == '[' && ALG_AT(b, end - 1) == ']') {
		p++;
		end--;
	}
	a.off = p;
	a.end = end;
	if (!alg_text_ipv4(b, &a) && a.next == end) {
		*out = a.addr;
		return ALG_AF_INET;
	}
	a.off = p;
	if (!alg_text_ipv6(b, &a) && a.next == end) {
		*out = a.addr;
		return ALG_AF_INET6;
	}
	return ALG_RTSP_FAMILY_NAME;
}

/* The parameter [p, pe) is name "=" value; *v is set to the value. */
ALG_INLINE int alg_rtsp_param_is(const struct alg_buf *b, __u32 p, __u32 pe, const char *lit,
				 __u32 n, __u32 *v)
{
	if (!alg_text_match_ci(b, pe, p, lit, n))
		return 0;
	*v = p + n;
	return 1;
}

#define ALG_RTSP_PARAM_IS(b, p, pe, lit, v) alg_rtsp_param_is((b), (p), (pe), (lit), sizeof(lit) - 1, (v))

/* The protocol token [p, pe) of a spec: is its lower transport TCP? */
ALG_INLINE __u8 alg_rtsp_lower_tcp(const struct alg_buf *b, __u32 p, __u32 pe)
{
	return pe >= p + 4 && ALG_TEXT_MATCH_CI(b, pe, pe - 4, "/tcp");
}

/* mode= value [v, pe): record (RFC 2326 §12.39) or receive (an older draft). */
ALG_INLINE __u8 alg_rtsp_mode_record(const struct alg_buf *b, __u32 v, __u32 pe)
{
	if (alg_text_byte(b, pe, v) == '"')
		v++;
	return ALG_TEXT_MATCH_CI(b, pe, v, "record") || ALG_TEXT_MATCH_CI(b, pe, v, "receive");
}

/*
 * One parameter [p, pe) of the spec in m->cur (the first is the protocol
 * token); spec_end: it is the spec's last, so the spec is done.
 */
ALG_FUNC int alg_rtsp_param(const struct alg_buf *b, struct alg_rtsp_msg *m, __u32 p, __u32 pe,
			    __u32 spec_end)
{
	struct alg_rtsp_spec *s;
	__u16 lo = 0, hi = 0;
	__u32 v = 0;

	if (!b || !m)
		return -1;
	s = &m->cur;
	if (!s->seen) {
		s->seen = 1;
		s->tcp = alg_rtsp_lower_tcp(b, p, pe);
	} else if (ALG_RTSP_PARAM_IS(b, p, pe, "client_port=", &v)) {
		if (alg_rtsp_range(b, v, pe, &lo, &hi))
			m->bad = 1;
		s->client_lo = lo;
		s->client_hi = hi;
	} else if (ALG_RTSP_PARAM_IS(b, p, pe, "server_port=", &v)) {
		if (alg_rtsp_range(b, v, pe, &lo, &hi))
			m->bad = 1;
		s->server_lo = lo;
		s->server_hi = hi;
	} else if (ALG_RTSP_PARAM_IS(b, p, pe, "port=", &v)) {
		if (alg_rtsp_range(b, v, pe, &lo, &hi))
			m->bad = 1;
	} else if (ALG_RTSP_PARAM_IS(b, p, pe, "destination=", &v)) {
		s->dest_off = (__u16)v;
		s->dest_end = (__u16)pe;
	} else if (ALG_RTSP_PARAM_IS(b, p, pe, "source=", &v)) {
		s->src_off = (__u16)v;
		s->src_end = (__u16)pe;
	} else if (ALG_RTSP_PARAM_IS(b, p, pe, "interleaved=", &v)) {
		s->tcp = 1;
	} else if (ALG_RTSP_PARAM_IS(b, p, pe, "mode=", &v)) {
		s->record = alg_rtsp_mode_record(b, v, pe);
	} else if (pe == p + 9 && ALG_TEXT_MATCH_CI(b, pe, p, "multicast")) {
		s->multicast = 1;
	}
	if (!spec_end)
		return 0;
	/* The first UDP spec is the message's; the next one starts empty. */
	if (s->seen && !s->tcp && !m->chosen) {
		m->spec = *s;
		m->chosen = 1;
	}
	__builtin_memset(s, 0, sizeof(*s));
	return 0;
}

/* Offset of the first ';' or ',' in [p, end), or end. */
ALG_INLINE __u32 alg_rtsp_param_end(const struct alg_buf *b, __u32 p, __u32 end)
{
	__u32 semi = alg_text_find(b, p, end, ';'), comma = alg_text_find(b, p, end, ',');
	__u32 pe = semi < comma ? semi : comma;

	return pe < end ? pe : end;
}

/* The Transport value [v, end): its specs and parameters. */
ALG_FUNC int alg_rtsp_transport(const struct alg_buf *b, struct alg_rtsp_msg *m, __u32 v, __u32 end)
{
	if (!b || !m)
		return -1;
	m->has_transport = 1;
	m->tp = v;
	__builtin_memset(&m->cur, 0, sizeof(m->cur));
	for (__u32 k = 0; k < ALG_RTSP_MAX_PARAMS; k++) {
		__u32 p = ALG_FRESH(m->tp), pe, last;

		if (p >= end)
			break;
		p = alg_text_skip_ws(b, p, end);
		pe = alg_rtsp_param_end(b, p, end);
		last = pe >= end || ALG_AT(b, pe) == ',';
		alg_rtsp_param(b, m, p, pe, last);
		m->tp = pe + 1;
	}
	if (ALG_FRESH(m->tp) < end)
		m->bad = 1; /* more parameters than walked */
	return 0;
}

/* The header line [start, end) whose first ':' is at colon: updates m. */
ALG_FUNC int alg_rtsp_header(const struct alg_buf *b, struct alg_rtsp_msg *m, __u32 start,
			     __u32 colon, __u32 end)
{
	__u32 n, v, val = 0;

	if (!b || !m || colon < start || colon >= end)
		return -1;
	n = colon - start;
	v = alg_text_skip_ws(b, colon + 1, end);
	if (n == 4 && ALG_TEXT_MATCH_CI(b, colon, start, "cseq")) {
		if (alg_text_dec(b, end, &v, 10, &val) || alg_text_skip_ws(b, v, end) != end) {
			m->bad = 1;
			return 0;
		}
		m->has_cseq = 1;
		m->cseq = val;
	} else if (n == 14 && ALG_TEXT_MATCH_CI(b, colon, start, "content-length")) {
		if (alg_text_dec(b, end, &v, 7, &val) || val > ALG_RTSP_MAX_CLEN ||
		    alg_text_skip_ws(b, v, end) != end || (m->has_clen && m->clen != val)) {
			m->has_clen = 2; /* unusable */
			return 0;
		}
		m->has_clen = 1;
		m->clen = val;
	}
	return 0;
}

/*
 * Walk the header lines from m->off to the empty line (m->hdr_end), at most
 * ALG_RTSP_MAX_HEADER_LINES of them; m->incomplete when the payload ends
 * first. The cursor lives in m (memory), so the walk's paths merge at every
 * pass.
 */
ALG_FUNC int alg_rtsp_headers(const struct alg_buf *b, struct alg_rtsp_msg *m)
{
	__u32 len;

	if (!b || !m)
		return -1;
	len = m->len;
	for (__u32 k = 0; k < ALG_RTSP_MAX_HEADER_LINES; k++) {
		__u32 start = ALG_FRESH(m->off), lf, end, colon;

		lf = alg_text_find(b, start, len, '\n');
		if (lf == ALG_TEXT_NONE) {
			m->incomplete = 1;
			return 0;
		}
		end = alg_text_content_end(b, start, lf);
		m->off = lf + 1;
		if (end == start) {
			m->hdr_end = lf + 1;
			return 0;
		}
		colon = alg_text_find(b, start, end, ':');
		if (colon == ALG_TEXT_NONE) {
			/* A folded continuation starts with a blank (RFC 2326 §4.2, RFC 822). */
			if (!alg_text_is_ws(ALG_AT(b, start)))
				m->bad = 1;
			continue;
		}
		/* Transport here, not in alg_rtsp_header: one call level less. */
		if (colon == start + 9 && ALG_TEXT_MATCH_CI(b, colon, start, "transport")) {
			if (!m->has_transport)
				alg_rtsp_transport(b, m, alg_text_skip_ws(b, colon + 1, end), end);
		} else {
			alg_rtsp_header(b, m, start, colon, end);
		}
	}
	return 0;
}

ALG_INLINE int alg_rtsp_is_upper(__u32 ch)
{
	return (ch >= 'A' && ch <= 'Z') || ch == '_';
}

/* The method token [0, sp). */
ALG_INLINE __u32 alg_rtsp_method_of(const struct alg_buf *b, __u32 sp)
{
	if (sp == 5 && ALG_TEXT_MATCH(b, sp, 0, "SETUP"))
		return ALG_RTSP_SETUP;
	if (sp == 8 && ALG_TEXT_MATCH(b, sp, 0, "TEARDOWN"))
		return ALG_RTSP_TEARDOWN;
	if (sp == 8 && ALG_TEXT_MATCH(b, sp, 0, "ANNOUNCE"))
		return ALG_RTSP_ANNOUNCE;
	if (sp == 6 && ALG_TEXT_MATCH(b, sp, 0, "RECORD"))
		return ALG_RTSP_RECORD;
	return ALG_RTSP_OTHER;
}

/* "RTSP/1.0" or "RTSP/2.0" at off. */
ALG_INLINE int alg_rtsp_version_at(const struct alg_buf *b, __u32 end, __u32 off)
{
	__u32 major = alg_text_byte(b, end, off + 5);

	return ALG_TEXT_MATCH(b, end, off, "RTSP/") && (major == '1' || major == '2') &&
	       ALG_TEXT_MATCH(b, end, off + 6, ".0");
}

/*
 * The start line [0, end): fills m->method or m->status.
 * Returns 0, or -1 if it is not an RTSP start line.
 */
ALG_FUNC int alg_rtsp_start_line(const struct alg_buf *b, struct alg_rtsp_msg *m, __u32 end)
{
	__u32 i = 9, code = 0, sp;

	if (!b || !m)
		return -1;
	if (alg_rtsp_version_at(b, end, 0) && alg_text_byte(b, end, 8) == ' ') {
		if (alg_text_dec(b, end, &i, 3, &code) || i != 12 || code < 100 || code > 599)
			return -1;
		if (i < end && ALG_AT(b, i) != ' ')
			return -1;
		m->status = code;
		return 0;
	}
	sp = alg_text_find(b, 0, end, ' ');
	if (sp == ALG_TEXT_NONE || sp == 0 || sp > 16 || end < 10)
		return -1;
	for (__u32 k = 0; k < 16; k++) {
		if (k >= sp)
			break;
		if (!alg_rtsp_is_upper(ALG_AT(b, k)))
			return -1;
	}
	/* Request-URI, then SP RTSP/x.0 ending the line. */
	if (end < sp + 11 || ALG_AT(b, end - 9) != ' ' || !alg_rtsp_version_at(b, end, end - 8))
		return -1;
	m->method = alg_rtsp_method_of(b, sp);
	return 0;
}

/*
 * A start line that has no LF yet: could it become one? "RTSP/" (a reply),
 * or a method token (upper case) in the first 5 bytes, or up to its SP.
 */
ALG_INLINE int alg_rtsp_may_start(const struct alg_buf *b, __u32 len)
{
	if (ALG_TEXT_MATCH(b, len, 0, "RTSP/"))
		return 1;
	for (__u32 k = 0; k < 5; k++) {
		__u32 ch;

		if (k >= len)
			break;
		ch = ALG_AT(b, k);
		if (ch == ' ' && k > 0)
			return 1;
		if (!alg_rtsp_is_upper(ch))
			return 0;
	}
	return 1;
}

/*
 * One UDP endpoint: ports = port | src_port << 16, how = family | opener << 8.
 * A global function: its read of r->n_ep is checked where it is used.
 */
ALG_FUNC int alg_rtsp_push(struct alg_parse_result *r, const struct alg_addr *addr, __u32 ports,
			   __u32 how)
{
	struct alg_endpoint *ep;

	if (!r || !addr)
		return -1;
	ep = alg_result_push(r, addr, ports & 0xffff, how & 0xff, ALG_IPPROTO_UDP);
	if (!ep)
		return -1;
	ep->opener = (__u8)(how >> 8);
	ep->src_port = (__u16)(ports >> 16);
	return 0;
}

/*
 * The endpoints of a 2xx reply's spec s, client ports and addresses already
 * completed from the SETUP (see the top comment).
 */
ALG_FUNC int alg_rtsp_emit(const struct alg_rtsp_spec *s, __u32 record, struct alg_parse_result *r)
{
	const struct alg_addr *addr;
	__u32 lo, hi, plo, phi, family, opener, n;

	if (!s || !r)
		return -1;
	if (record) {
		/* client -> server:server_port, from the client_port */
		lo = s->server_lo, hi = s->server_hi, plo = s->client_lo, phi = s->client_hi;
		family = s->src_family, addr = &s->src, opener = ALG_OPENER_RECEIVER;
	} else {
		/* server -> client:client_port, from the server_port */
		lo = s->client_lo, hi = s->client_hi, plo = s->server_lo, phi = s->server_hi;
		family = s->dest_family, addr = &s->dest, opener = ALG_OPENER_SENDER;
	}
	if (lo == 0)
		return 0;
	if (family == ALG_RTSP_FAMILY_NAME) {
		r->events |= ALG_EV_PARSE_ERROR;
		return 0;
	}
	/* A single port is RTP; its RTCP is the next one (RFC 3550 §11). */
	if (hi == 0)
		hi = lo < 65535 ? lo + 1 : lo;
	if (plo && phi == 0)
		phi = plo < 65535 ? plo + 1 : plo;
	n = hi - lo + 1;
	for (__u32 k = 0; k < ALG_MAX_ENDPOINTS; k++) {
		__u32 sport = plo && plo + k <= phi ? plo + k : 0;

		if (k >= n)
			break;
		if (alg_rtsp_push(r, addr, (lo + k) | sport << 16, family | opener << 8))
			break;
	}
	if (n > ALG_MAX_ENDPOINTS)
		r->dropped += n - ALG_MAX_ENDPOINTS;
	return 0;
}

/*
 * A 2xx reply's Transport: completes its spec from the pending SETUP of the
 * same CSeq and emits the endpoints; the SETUP is answered either way.
 */
ALG_FUNC int alg_rtsp_reply(struct alg_rtsp_msg *m, struct alg_rtsp_state *st,
			    struct alg_parse_result *r)
{
	struct alg_rtsp_spec *s;
	__u32 same;

	if (!m || !st || !r)
		return -1;
	s = &m->spec;
	same = st->pending && (!m->has_cseq || m->cseq == st->cseq);
	if (same) {
		if (!s->client_lo) {
			s->client_lo = st->client_lo;
			s->client_hi = st->client_hi;
		}
		if (!s->dest_family) {
			s->dest_family = st->dest_family;
			s->dest = st->dest;
		}
	}
	if (m->chosen && !s->multicast)
		alg_rtsp_emit(s, st->record | s->record, r);
	return 0;
}

/* What a request does to the private state; returns 1 when it changed it. */
ALG_INLINE int alg_rtsp_request_state(const struct alg_rtsp_msg *m, struct alg_rtsp_state *st)
{
	const struct alg_rtsp_spec *s = &m->spec;

	if (m->method == ALG_RTSP_ANNOUNCE || m->method == ALG_RTSP_RECORD) {
		if (st->record)
			return 0;
		st->record = 1;
		return 1;
	}
	if (m->method != ALG_RTSP_SETUP)
		return 0;
	st->pending = 1;
	st->cseq = m->cseq;
	st->client_lo = m->chosen ? s->client_lo : 0;
	st->client_hi = m->chosen ? s->client_hi : 0;
	st->dest_family = m->chosen ? s->dest_family : 0;
	st->dest = s->dest;
	if (m->chosen && s->record)
		st->record = 1;
	return 1;
}

ALG_FUNC int alg_rtsp_parse(const struct alg_buf *b, __u32 len, const struct alg_parse_ctx *c,
			    struct alg_parse_result *r)
{
	struct alg_rtsp_msg m = {};
	struct alg_rtsp_state st;
	__u32 lf, off, end, changed = 0;

	if (!b || !c || !r)
		return -1;
	if (len > ALG_MAX_PAYLOAD)
		len = ALG_MAX_PAYLOAD;
	r->next = ALG_NEXT_UNKNOWN;
	if (len == 0)
		return 0;
	if (ALG_AT(b, 0) == '$') {
		/* Interleaved RTP/RTCP: channel, 16-bit length, data (RFC 2326 §10.12). */
		if (len >= 4)
			r->next = 4 + ((__u32)ALG_AT(b, 2) << 8 | ALG_AT(b, 3));
		return 0;
	}
	off = alg_text_crlf_run(b, len);
	if (off > 0) {
		r->next = off;
		return 0;
	}
	lf = alg_text_find(b, 0, len, '\n');
	if (lf == ALG_TEXT_NONE) {
		if (!alg_rtsp_may_start(b, len))
			r->events = ALG_EV_NOT_PROTO;
		return 0;
	}
	end = alg_text_content_end(b, 0, lf);
	if (alg_rtsp_start_line(b, &m, end)) {
		r->events = ALG_EV_NOT_PROTO;
		return 0;
	}
	r->events = ALG_EV_MESSAGE;
	m.off = lf + 1;
	m.len = len;
	m.hdr_end = ALG_TEXT_NONE;
	alg_rtsp_headers(b, &m);
	if (m.bad || m.has_clen > 1)
		r->events |= ALG_EV_PARSE_ERROR;
	if (m.hdr_end == ALG_TEXT_NONE) {
		if (!m.incomplete)
			r->events |= ALG_EV_PARSE_ERROR; /* the line bound stopped the walk */
		return 0;
	}
	if (m.has_clen > 1)
		return 0;
	r->next = m.hdr_end + (m.has_clen ? m.clen : 0);
	if (m.spec.dest_end)
		m.spec.dest_family = (__u8)alg_rtsp_addr(b, m.spec.dest_off, m.spec.dest_end, &m.spec.dest);
	if (m.spec.src_end)
		m.spec.src_family = (__u8)alg_rtsp_addr(b, m.spec.src_off, m.spec.src_end, &m.spec.src);

	__builtin_memcpy(&st, r->state.data, sizeof(st));
	if (m.method && c->from_client) {
		if (m.method == ALG_RTSP_SETUP)
			r->events |= ALG_EV_OPEN;
		else if (m.method == ALG_RTSP_TEARDOWN)
			r->events |= ALG_EV_CLOSE | ALG_EV_WITHDRAW;
		changed = alg_rtsp_request_state(&m, &st);
	} else if (m.status && !c->from_client) {
		if (m.status >= 200 && m.status < 300 && m.has_transport)
			alg_rtsp_reply(&m, &st, r);
		/* A final reply answers the pending SETUP. */
		if (m.status >= 200 && st.pending && (!m.has_cseq || m.cseq == st.cseq)) {
			st.pending = 0;
			changed = 1;
		}
	}
	if (changed) {
		__builtin_memcpy(r->state.data, &st, sizeof(st));
		r->events |= ALG_EV_STATE;
	}
	return 0;
}

#endif /* ALGTRACK_RTSP_H */
