/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SIP signalling parser: start line, headers and message framing; the
 * SDP body of an offer or answer goes to sdp.h.
 *
 * Recognised, only for a message that starts at byte 0 of the payload:
 *   start line (RFC 3261 §7.1, §7.2)
 *     "METHOD SP Request-URI SP SIP/2.0" with METHOD one of INVITE, ACK, BYE,
 *     CANCEL (RFC 3261), UPDATE (RFC 3311), PRACK (RFC 3262), REGISTER, OPTIONS,
 *     INFO (RFC 6086), NOTIFY, SUBSCRIBE (RFC 6665), MESSAGE (RFC 3428),
 *     REFER (RFC 3515), PUBLISH (RFC 3903); method names are case-sensitive
 *     (RFC 3261 §7.1), "SIP/2.0" is not.
 *     "SIP/2.0 SP NNN SP reason" (status 100..699).
 *   Anything else gives ALG_EV_NOT_PROTO only. A payload of CR/LF bytes only
 *   (the keep-alive of RFC 5626 §4.4.1) gives no event.
 *   headers (RFC 3261 §7.3, §20; names case-insensitive, compact forms)
 *     CSeq (number and method: what a response answers), Content-Length / l,
 *     Content-Type / c. The header block ends at an empty line (CRLF, or a
 *     bare LF).
 *   SDP body of an INVITE, ACK, UPDATE or PRACK request, or of a 18x or
 *   2xx response whose CSeq method is INVITE, UPDATE or PRACK (RFC 3264
 *   offer/answer, RFC 3262, RFC 3311), when Content-Type is application/sdp
 *   or absent with a body starting "v=0": its endpoints and errors are
 *   those of alg_sdp_parse (sdp.h).
 *
 * Events: every recognised message ALG_EV_MESSAGE; INVITE ALG_EV_OPEN; BYE,
 * CANCEL, and a final response >= 300 to an INVITE (by CSeq) ALG_EV_CLOSE |
 * ALG_EV_WITHDRAW. ALG_EV_PARSE_ERROR for: no LF after the start line (UDP),
 * a bad or conflicting Content-Length, a bad or missing CSeq, a header line without ':',
 * a body shorter than Content-Length (UDP), and the SDP body's own (sdp.h).
 *
 * r->next: on UDP len; on TCP the end of the first message (header block end
 * plus Content-Length, 0 when absent as RFC 3261 §20.14 requires it on TCP),
 * possibly beyond len; ALG_NEXT_UNKNOWN while the header block is incomplete
 * or the length is unusable. Only the first message of a payload is parsed,
 * and its SDP only when the whole body is in the payload.
 */
#ifndef ALGTRACK_SIP_H
#define ALGTRACK_SIP_H

#include "text.h"
#include "sdp.h"

#define ALG_SIP_MAX_HEADER_LINES 256u
#define ALG_SIP_WINDOW_LINES 128u /* lines one window's passes allow for */
#define ALG_SIP_MAX_CLEN 1000000u /* larger bodies are not SIP signalling */

enum alg_sip_method {
	ALG_SIP_NONE = 0,
	ALG_SIP_INVITE,
	ALG_SIP_ACK,
	ALG_SIP_BYE,
	ALG_SIP_CANCEL,
	ALG_SIP_UPDATE,
	ALG_SIP_PRACK,
	ALG_SIP_REGISTER,
	ALG_SIP_OPTIONS,
	ALG_SIP_INFO,
	ALG_SIP_NOTIFY,
	ALG_SIP_SUBSCRIBE,
	ALG_SIP_MESSAGE,
	ALG_SIP_REFER,
	ALG_SIP_PUBLISH,
};

/* alg_sip_msg.ctype */
enum alg_sip_ctype {
	ALG_SIP_CT_NONE = 0,
	ALG_SIP_CT_SDP,
	ALG_SIP_CT_OTHER,
};

/* What the start line and headers said. */
struct alg_sip_msg {
	__u32 off;         /* cursor: start of the next line */
	__u32 len;         /* bytes of payload */
	__u32 end;         /* content end (CR LF excluded) of the line at hand */
	__u32 hdr_end;     /* offset after the empty line, ALG_TEXT_NONE before */
	__u32 method;      /* request: enum alg_sip_method; 0 for a response */
	__u32 status;      /* response: 100..699; 0 for a request */
	__u32 cseq_method; /* enum alg_sip_method from CSeq, 0 if none */
	__u32 clen;        /* Content-Length */
	__u8 has_clen;
	__u8 ctype;        /* enum alg_sip_ctype */
	__u8 bad_clen;     /* malformed, too large or conflicting Content-Length */
	__u8 bad;          /* another malformed header */
	__u8 incomplete;   /* the header block runs past the payload */
	__u8 has_cseq;
	__u8 pad[2];
	/*
	 * Header walk state. Kept in memory rather than in a register: the
	 * verifier does not track values loaded from it, so the walk's paths
	 * merge at every pass instead of splitting per line count.
	 */
	__u32 lines;       /* header lines walked */
	__u32 pad2;
};

/*
 * The method name at off, followed by SP, HT or end; 0 if none.
 * Dispatches on the first byte so each name is compared once.
 */
ALG_FUNC __u32 alg_sip_method_at(const struct alg_buf *b, __u32 off, __u32 end)
{
	__u32 id = ALG_SIP_NONE, n = 0, after;

	if (!b)
		return ALG_SIP_NONE;
	switch (alg_text_byte(b, end, off)) {
	case 'A':
		if (ALG_TEXT_MATCH(b, end, off, "ACK"))
			id = ALG_SIP_ACK, n = 3;
		break;
	case 'B':
		if (ALG_TEXT_MATCH(b, end, off, "BYE"))
			id = ALG_SIP_BYE, n = 3;
		break;
	case 'C':
		if (ALG_TEXT_MATCH(b, end, off, "CANCEL"))
			id = ALG_SIP_CANCEL, n = 6;
		break;
	case 'I':
		if (ALG_TEXT_MATCH(b, end, off, "INVITE"))
			id = ALG_SIP_INVITE, n = 6;
		else if (ALG_TEXT_MATCH(b, end, off, "INFO"))
			id = ALG_SIP_INFO, n = 4;
		break;
	case 'M':
		if (ALG_TEXT_MATCH(b, end, off, "MESSAGE"))
			id = ALG_SIP_MESSAGE, n = 7;
		break;
	case 'N':
		if (ALG_TEXT_MATCH(b, end, off, "NOTIFY"))
			id = ALG_SIP_NOTIFY, n = 6;
		break;
	case 'O':
		if (ALG_TEXT_MATCH(b, end, off, "OPTIONS"))
			id = ALG_SIP_OPTIONS, n = 7;
		break;
	case 'P':
		if (ALG_TEXT_MATCH(b, end, off, "PRACK"))
			id = ALG_SIP_PRACK, n = 5;
		else if (ALG_TEXT_MATCH(b, end, off, "PUBLISH"))
			id = ALG_SIP_PUBLISH, n = 7;
		break;
	case 'R':
		if (ALG_TEXT_MATCH(b, end, off, "REGISTER"))
			id = ALG_SIP_REGISTER, n = 8;
		else if (ALG_TEXT_MATCH(b, end, off, "REFER"))
			id = ALG_SIP_REFER, n = 5;
		break;
	case 'S':
		if (ALG_TEXT_MATCH(b, end, off, "SUBSCRIBE"))
			id = ALG_SIP_SUBSCRIBE, n = 9;
		break;
	case 'U':
		if (ALG_TEXT_MATCH(b, end, off, "UPDATE"))
			id = ALG_SIP_UPDATE, n = 6;
		break;
	}
	if (id == ALG_SIP_NONE)
		return ALG_SIP_NONE;
	after = off + n;
	if (after < end && !alg_text_is_ws(ALG_AT(b, after)))
		return ALG_SIP_NONE;
	return id;
}

/* Offset of the first SP in [0, end), or ALG_TEXT_NONE. */
ALG_INLINE __u32 alg_sip_first_sp(const struct alg_buf *b, __u32 end)
{
	const __u64 sp_pat = ' ' * ALG_TEXT_ONES;
	__u64 m0 = alg_text_eq8(alg_text_word(b, 0), sp_pat);
	__u64 m1 = alg_text_eq8(alg_text_word(b, 8), sp_pat);
	__u32 i;

	if (m0)
		i = alg_text_first8(m0);
	else if (m1)
		i = 8 + alg_text_first8(m1);
	else
		return alg_text_find(b, 16, end, ' ');
	return i < end ? i : ALG_TEXT_NONE;
}

/*
 * The start line [0, m->end): fills m->method or m->status.
 * Returns 0, or -1 if it is not a SIP start line.
 */
ALG_FUNC int alg_sip_start_line(const struct alg_buf *b, struct alg_sip_msg *m)
{
	__u32 end, i, sp, code = 0;

	if (!b || !m)
		return -1;
	end = m->end;
	if (ALG_TEXT_MATCH_CI(b, end, 0, "sip/2.0 ")) {
		i = 8;
		if (alg_text_dec(b, end, &i, 3, &code) || i != 11 || code < 100 || code > 699)
			return -1;
		if (i < end && ALG_AT(b, i) != ' ')
			return -1;
		m->status = code;
		return 0;
	}
	m->method = alg_sip_method_at(b, 0, end);
	if (m->method == ALG_SIP_NONE)
		return -1;
	/*
	 * METHOD SP Request-URI SP SIP/2.0, nothing after. The first SP is
	 * in the first two words unless a blank other than SP ends the method.
	 */
	i = alg_sip_first_sp(b, end);
	if (i == ALG_TEXT_NONE)
		return -1;
	sp = alg_text_find(b, i + 1, end, ' ');
	if (sp == ALG_TEXT_NONE || sp == i + 1)
		return -1;
	if (!ALG_TEXT_MATCH_CI(b, end, sp + 1, "sip/2.0") || sp + 8 != end)
		return -1;
	return 0;
}

/*
 * The header name [off, colon) is lit (lower case, n bytes), allowing
 * blanks before the colon (HCOLON, RFC 3261 §25.1).
 */
ALG_INLINE int alg_sip_name_is(const struct alg_buf *b, __u32 off, __u32 colon,
			       const char *lit, __u32 n)
{
	if (!alg_text_match_ci(b, colon, off, lit, n))
		return 0;
	return alg_text_skip_ws(b, off + n, colon) == colon;
}

#define ALG_SIP_NAME_IS(b, off, colon, lit) \
	alg_sip_name_is((b), (off), (colon), (lit), sizeof(lit) - 1)

/* The headers that matter, by name. */
enum alg_sip_header {
	ALG_SIP_H_OTHER = 0,
	ALG_SIP_H_CLEN,  /* Content-Length, l */
	ALG_SIP_H_CTYPE, /* Content-Type, c */
	ALG_SIP_H_CSEQ,
};

/* The name [off, colon), with no blank before the colon: by length, then a word compare each. */
ALG_INLINE __u32 alg_sip_header_named(const struct alg_buf *b, __u32 off, __u32 colon)
{
	__u32 n = colon - off, ch;

	if (n == 1) {
		ch = ALG_AT(b, off) | 0x20;
		return ch == 'l' ? ALG_SIP_H_CLEN : ch == 'c' ? ALG_SIP_H_CTYPE : ALG_SIP_H_OTHER;
	}
	if (n == 4)
		return ALG_TEXT_MATCH8_CI(b, colon, off, "cseq") ? ALG_SIP_H_CSEQ : ALG_SIP_H_OTHER;
	if ((n != 12 && n != 14) || !ALG_TEXT_MATCH8_CI(b, colon, off, "content-"))
		return ALG_SIP_H_OTHER;
	if (n == 12)
		return ALG_TEXT_MATCH8_CI(b, colon, off + 8, "type") ? ALG_SIP_H_CTYPE : ALG_SIP_H_OTHER;
	return ALG_TEXT_MATCH8_CI(b, colon, off + 8, "length") ? ALG_SIP_H_CLEN : ALG_SIP_H_OTHER;
}

/* The same with blanks before the colon (HCOLON): the slow way. */
ALG_INLINE __u32 alg_sip_header_named_ws(const struct alg_buf *b, __u32 off, __u32 colon)
{
	if (ALG_SIP_NAME_IS(b, off, colon, "content-length") || ALG_SIP_NAME_IS(b, off, colon, "l"))
		return ALG_SIP_H_CLEN;
	if (ALG_SIP_NAME_IS(b, off, colon, "content-type") || ALG_SIP_NAME_IS(b, off, colon, "c"))
		return ALG_SIP_H_CTYPE;
	if (ALG_SIP_NAME_IS(b, off, colon, "cseq"))
		return ALG_SIP_H_CSEQ;
	return ALG_SIP_H_OTHER;
}

/*
 * The header line [off, m->end) whose first ':' is at colon: updates m.
 * Only lines whose name may matter get here (alg_sip_may_matter).
 */
ALG_FUNC int alg_sip_header_value(const struct alg_buf *b, struct alg_sip_msg *m, __u32 off,
				  __u32 colon)
{
	__u32 end, v, val, name;

	if (!b || !m || colon <= off)
		return -1;
	end = m->end;
	v = alg_text_skip_ws(b, colon + 1, end);
	name = alg_text_is_ws(ALG_AT(b, colon - 1)) ? alg_sip_header_named_ws(b, off, colon)
						     : alg_sip_header_named(b, off, colon);

	if (name == ALG_SIP_H_CLEN) {
		if (alg_text_dec(b, end, &v, 7, &val) || val > ALG_SIP_MAX_CLEN ||
		    alg_text_skip_ws(b, v, end) != end || (m->has_clen && m->clen != val)) {
			m->bad_clen = 1;
			return 0;
		}
		m->has_clen = 1;
		m->clen = val;
	} else if (name == ALG_SIP_H_CTYPE) {
		__u32 after = v + 15, ch = alg_text_byte(b, end, after);

		m->ctype = ALG_SIP_CT_OTHER;
		if (ALG_TEXT_MATCH8_CI(b, end, v, "applicat") &&
		    ALG_TEXT_MATCH8_CI(b, end, v + 8, "ion/sdp") &&
		    (after == end || ch == ';' || alg_text_is_ws(ch)))
			m->ctype = ALG_SIP_CT_SDP;
	} else if (name == ALG_SIP_H_CSEQ) {
		if (alg_text_dec(b, end, &v, 10, &val) || !alg_text_is_ws(alg_text_byte(b, end, v))) {
			m->bad = 1;
			return 0;
		}
		m->has_cseq = 1;
		m->cseq_method = alg_sip_method_at(b, alg_text_skip_ws(b, v, end), end);
	}
	return 0;
}

/* Bits of lower-case letters, minus 64: c and l. */
#define ALG_SIP_CL_SET ((1ull << ('c' - 64)) | (1ull << ('l' - 64)))

/*
 * Whether the header line at off, first ':' at colon, may be Content-Length,
 * Content-Type, CSeq or a compact l or c, given that it starts with c or l:
 * by name length, or a blank before the colon. Saves a call for the others
 * (Call-ID, Contact).
 */
ALG_INLINE int alg_sip_may_matter(const struct alg_buf *b, __u32 off, __u32 colon)
{
	__u32 n = colon - off;

	return n == 1 || n == 4 || n == 12 || n == 14 || alg_text_is_ws(ALG_AT(b, colon - 1));
}

/*
 * Passes of one window of the header walk: one per 16 bytes, plus one per
 * LF found, plus two. A window walks more than 1 KiB unless the line bound
 * stops it; the whole block takes a few windows.
 */
#define ALG_SIP_WALK_PASSES (ALG_SCAN_WINDOW / 16 + ALG_SIP_WINDOW_LINES + 3)
#define ALG_SIP_WINDOWS (ALG_MAX_PAYLOAD / 1024 + ALG_SIP_MAX_HEADER_LINES / ALG_SIP_WINDOW_LINES + 1)

/*
 * The first ':' of the line at start, which has one before end: in its
 * first 16 bytes (the names that matter are shorter) without a call.
 */
ALG_INLINE __u32 alg_sip_first_colon(const struct alg_buf *b, __u32 start, __u32 end)
{
	const __u64 colon_pat = ':' * ALG_TEXT_ONES;
	__u64 c = alg_text_eq8(alg_text_load8(b, start), colon_pat);
	__u64 c2 = alg_text_eq8(alg_text_load8(b, start + 8), colon_pat), second;

	if (!(c | c2))
		return alg_text_find(b, start + 16, end, ':');
	second = alg_text_is_zero64(c);
	return start + 8 * (__u32)second + alg_text_first8(c | (c2 & -second));
}

/*
 * One window of the header walk from m->off (a line start after an LF), two
 * words at a time in one pass. Only LFs stop the scan: the ':' seen on the
 * way are kept as bits, so a line costs one stop. Sets m->hdr_end after the
 * empty line, or m->incomplete when the payload ends first, or neither when
 * the line bound (m->lines, ALG_SIP_MAX_HEADER_LINES in all) stops the walk;
 * returns 1 when the window's passes ran out first (m->off: the line to go
 * on from), else 0. A line without ':' (other than a folded continuation)
 * sets m->bad; a line starting with c or l whose name may matter goes to
 * alg_sip_header_value. The loop body has few branches: the verifier walks
 * each of its paths once per pass.
 */
ALG_FUNC int alg_sip_headers(const struct alg_buf *b, struct alg_sip_msg *m)
{
	const __u64 lf_pat = '\n' * ALG_TEXT_ONES, colon_pat = ':' * ALG_TEXT_ONES;
	__u32 len, start, base;
	__u64 from, seen = 0;

	if (!b || !m)
		return -1;
	len = m->len;
	ALG_OPAQUE(len);
	start = m->off;
	base = start & ~7u;
	from = alg_text_from(start);
	for (__u32 k = 0; k < ALG_SIP_WALK_PASSES; k++) {
		__u32 i, end, ch, colon;
		__u64 w, w2, lf, lf2, c, c2, second, colons, folded;

		if (base >= len)
			goto incomplete;
		w = alg_text_word(b, base);
		w2 = alg_text_word(b, base + 8);
		lf = alg_text_eq8(w, lf_pat) & from;
		lf2 = alg_text_eq8(w2, lf_pat);
		c = alg_text_eq8(w, colon_pat) & from;
		c2 = alg_text_eq8(w2, colon_pat);
		if (!(lf | lf2)) {
			seen |= c | c2;
			base += 16;
			from = ~0ull;
			continue;
		}
		/* The first LF: in the first word, else in the second. */
		second = alg_text_is_zero64(lf);
		i = base + 8 * (__u32)second + alg_text_first8(lf | (lf2 & -second));
		if (i >= len)
			goto incomplete;
		/* The ':' of the line [start, i): before its LF in this window, or seen before. */
		colons = seen | (c & (alg_text_below8(lf) | -second)) |
			 (c2 & alg_text_below8(lf2) & -second);
		end = alg_text_line_end(b, i);
		m->off = i + 1;
		if (end == start) {
			m->hdr_end = i + 1;
			return 0;
		}
		/* A line without ':' is bad unless folded (it starts with a blank). */
		folded = 1 ^ ALG_TEXT_NOT_WS(ALG_AT(b, start));
		m->bad |= (__u8)(alg_text_is_zero64(colons) & ~folded & 1);
		ch = ALG_AT(b, start) | 0x20;
		if ((ALG_SIP_CL_SET >> (ch & 63)) & (1u >> ((ch >> 6) ^ 1)) & 1 && colons) {
			colon = alg_sip_first_colon(b, start, end);
			if (alg_sip_may_matter(b, start, colon)) {
				m->end = end;
				alg_sip_header_value(b, m, start, colon);
			}
		}
		if (++ALG_FRESH(m->lines) >= ALG_SIP_MAX_HEADER_LINES)
			return 0;
		start = i + 1;
		seen = 0;
		base = start & ~7u;
		from = alg_text_from(start);
	}
	return 1;
incomplete:
	m->incomplete = 1;
	return 0;
}

/*
 * The header block from m->off, window by window (each window one call of
 * the same global function, verified once). A line longer than a window's
 * reach stops the walk as a bad header.
 */
ALG_INLINE void alg_sip_header_block(const struct alg_buf *b, struct alg_sip_msg *m)
{
	m->lines = 0;
	for (__u32 k = 0; k < ALG_SIP_WINDOWS; k++) {
		__u32 at = m->off;

		if (alg_sip_headers(b, m) != 1)
			return;
		if (m->off == at) {
			m->bad = 1;
			return;
		}
	}
}

/* Whether this message's body may announce media (see the top comment). */
ALG_INLINE int alg_sip_offers_media(const struct alg_sip_msg *m)
{
	__u32 cm = m->cseq_method;

	if (m->method)
		return m->method == ALG_SIP_INVITE || m->method == ALG_SIP_ACK ||
		       m->method == ALG_SIP_UPDATE || m->method == ALG_SIP_PRACK;
	if (!((m->status >= 180 && m->status <= 189) || (m->status >= 200 && m->status <= 299)))
		return 0;
	return cm == ALG_SIP_INVITE || cm == ALG_SIP_UPDATE || cm == ALG_SIP_PRACK;
}

/* Events that the start line alone decides. */
ALG_INLINE __u32 alg_sip_request_events(__u32 method)
{
	if (method == ALG_SIP_INVITE)
		return ALG_EV_OPEN;
	if (method == ALG_SIP_BYE || method == ALG_SIP_CANCEL)
		return ALG_EV_CLOSE | ALG_EV_WITHDRAW;
	return 0;
}

/* A start line that has no LF yet: does it begin like one? */
ALG_INLINE int alg_sip_looks_like_start(const struct alg_buf *b, __u32 len)
{
	if (ALG_TEXT_MATCH_CI(b, len, 0, "sip/2.0 "))
		return 1;
	return alg_sip_method_at(b, 0, len) != ALG_SIP_NONE &&
	       alg_text_find(b, 0, len, ' ') != ALG_TEXT_NONE;
}

ALG_FUNC int alg_sip_parse(const struct alg_buf *b, __u32 len, const struct alg_parse_ctx *c,
			   struct alg_parse_result *r)
{
	struct alg_sip_msg m = {};
	struct alg_sdp_body body = {};
	__u32 lf, off, hdr_end = ALG_TEXT_NONE, clen, udp;

	if (!b || !c || !r)
		return -1;
	if (len > ALG_MAX_PAYLOAD)
		len = ALG_MAX_PAYLOAD;
	udp = c->proto == ALG_IPPROTO_UDP;
	r->next = udp ? len : ALG_NEXT_UNKNOWN;
	if (len == 0)
		return 0;

	off = alg_text_crlf_run(b, len);
	if (off > 0) {
		/* Keep-alive, or CRLFs before a message (RFC 3261 §7.5). */
		if (!udp)
			r->next = off;
		return 0;
	}

	lf = alg_text_find(b, 0, len, '\n');
	if (lf == ALG_TEXT_NONE) {
		if (!alg_sip_looks_like_start(b, len)) {
			r->events = ALG_EV_NOT_PROTO;
			return 0;
		}
		/* On TCP the rest may follow; a datagram is complete. */
		r->events = ALG_EV_MESSAGE | (udp ? ALG_EV_PARSE_ERROR : 0);
		return 0;
	}
	m.end = alg_text_content_end(b, 0, lf);
	if (alg_sip_start_line(b, &m)) {
		r->events = ALG_EV_NOT_PROTO;
		return 0;
	}
	r->events = ALG_EV_MESSAGE | alg_sip_request_events(m.method);

	m.off = lf + 1;
	m.len = len;
	m.hdr_end = ALG_TEXT_NONE;
	alg_sip_header_block(b, &m);
	hdr_end = m.hdr_end;

	if (m.status >= 300 && m.cseq_method == ALG_SIP_INVITE)
		r->events |= ALG_EV_CLOSE | ALG_EV_WITHDRAW;
	if (m.bad || m.bad_clen)
		r->events |= ALG_EV_PARSE_ERROR;
	if (hdr_end == ALG_TEXT_NONE) {
		/*
		 * No empty line: on TCP the rest of the header block may follow,
		 * unless the walk stopped at its line bound; a datagram is whole.
		 */
		if (udp || !m.incomplete)
			r->events |= ALG_EV_PARSE_ERROR;
		return 0;
	}
	if (!m.has_cseq)
		r->events |= ALG_EV_PARSE_ERROR; /* CSeq is mandatory (RFC 3261 §8.1.1) */
	if (m.bad_clen)
		return 0;

	clen = m.has_clen ? m.clen : (udp ? len - hdr_end : 0);
	body.off = hdr_end;
	body.end = hdr_end + clen;
	if (!udp)
		r->next = body.end;
	if (body.end > len) {
		if (udp)
			r->events |= ALG_EV_PARSE_ERROR; /* datagram shorter than its body */
		return 0;
	}
	if (clen == 0 || !alg_sip_offers_media(&m) || m.ctype == ALG_SIP_CT_OTHER)
		return 0;
	if (m.ctype == ALG_SIP_CT_NONE && !ALG_TEXT_MATCH(b, body.end, hdr_end, "v=0"))
		return 0;
	alg_sdp_parse(b, &body, r);
	return 0;
}

#endif /* ALGTRACK_SIP_H */
