/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SDP body parser (RFC 4566): the media endpoints that an offer or answer
 * (RFC 3264) announces. sip.h decides which message bodies get here.
 *
 * Lines that matter:
 *   m=<audio|video|image|application|text> <port>[/<count>] <proto> ...
 *   c=IN IP4 <addr>[/ttl[/n]] or c=IN IP6 <addr>[/n] (also "[addr]"),
 *     media level after the m=, else session level before the first m=
 *   a=rtcp:<port> (RFC 3605) and a=rtcp-mux (RFC 5761) of that m=
 * Each usable m= gives, proto UDP, an RTP endpoint per port (port, port+2,
 * ... for a count) and an RTCP endpoint at port+1 (a=rtcp for the first
 * pair; none with a=rtcp-mux). An m= whose proto is udptl or UDP/TLS/UDPTL
 * (T.38 fax, ITU-T T.38 Annex D, RFC 7345), in any letter case, gives one
 * endpoint per port instead (port, port+1, ... for a count): UDPTL has no
 * RTCP companion, and RFC 4566 §5.14 leaves the ports of a count to the
 * transport, pairing them for RTP only. Port 0 (disabled stream, RFC 3264
 * §5.1), an m= over TCP, a hold address 0.0.0.0 or :: (RFC 3264 §8.4) and
 * other media types give nothing; a port below 1024, or no usable c=, is a
 * parse error for that m= (an a=rtcp port below 1024 is an error and falls
 * back to port+1). Endpoints beyond ALG_MAX_ENDPOINTS are counted in
 * r->dropped.
 *
 * ALG_EV_PARSE_ERROR for: a truncated SDP line, a bad m=, an m= without a
 * usable c=, a bad a=rtcp port, and lines left after ALG_SDP_MAX_LINES.
 */
#ifndef ALGTRACK_SDP_H
#define ALGTRACK_SDP_H

#include "text.h"

#define ALG_SDP_MAX_LINES 512u

/* SDP walk state. c= status values: */
enum alg_sdp_conn {
	ALG_SDP_C_ABSENT = 0,
	ALG_SDP_C_OK,
	ALG_SDP_C_HOLD,   /* 0.0.0.0 or ::: no media expected */
	ALG_SDP_C_BAD,
};

struct alg_sdp_state {
	__u32 off;   /* cursor: start of the next line */
	__u32 limit; /* end of the body */
	__u32 end;   /* content end of the line at hand */
	__u32 port; /* open m=: first port */
	__u32 count;
	__u32 rtcp_port; /* a=rtcp value, 0 if none */
	__u8 in_media;   /* an m= section is open (1) or was skipped (2) */
	__u8 mux;
	__u8 sess_c;     /* enum alg_sdp_conn */
	__u8 media_c;
	__u8 sess_family;
	__u8 media_family;
	__u8 udptl;      /* the open m= is UDPTL: one port per stream, no RTCP */
	__u8 pad;
	struct alg_addr sess_addr;
	struct alg_addr media_addr;
};

/*
 * Emit the endpoints of the open m= section (RTP, then RTCP, per port of
 * the count; UDPTL alone) and close it.
 */
ALG_FUNC int alg_sdp_emit(struct alg_sdp_state *s, struct alg_parse_result *r)
{
	const struct alg_addr *addr;
	__u32 family, conn, total, stride, rtcp, k;

	if (!s || !r)
		return -1;
	if (s->in_media != 1) {
		s->in_media = 0;
		return 0;
	}
	s->in_media = 0;
	if (s->media_c != ALG_SDP_C_ABSENT) {
		conn = s->media_c;
		addr = &s->media_addr;
		family = s->media_family;
	} else {
		conn = s->sess_c;
		addr = &s->sess_addr;
		family = s->sess_family;
	}
	if (conn == ALG_SDP_C_HOLD)
		return 0;
	if (conn != ALG_SDP_C_OK) {
		r->events |= ALG_EV_PARSE_ERROR;
		return 0;
	}
	/* Ports port, port+stride, ... up to 65535: RTP pairs, or UDPTL ports. */
	stride = s->udptl ? 1 : 2;
	rtcp = !s->udptl && !s->mux;
	total = (65535 - s->port) / stride + 1;
	if (s->count < total)
		total = s->count;
	for (k = 0; k < ALG_MAX_ENDPOINTS; k++) {
		__u32 port = s->port + stride * k;

		if (k >= total)
			break;
		alg_result_push(r, addr, port, family, ALG_IPPROTO_UDP);
		if (!rtcp)
			continue;
		if (k == 0 && s->rtcp_port)
			alg_result_push(r, addr, s->rtcp_port, family, ALG_IPPROTO_UDP);
		else if (port < 65535)
			alg_result_push(r, addr, port + 1, family, ALG_IPPROTO_UDP);
	}
	if (total > ALG_MAX_ENDPOINTS) {
		/* Ports that no loop pass reached are dropped, without the RTCP above 65535. */
		__u32 rest = total - ALG_MAX_ENDPOINTS, last = s->port + stride * (total - 1);

		r->dropped += rest;
		if (rtcp)
			r->dropped += last < 65535 ? rest : rest - 1;
	}
	return 0;
}

/* c= line value at v: "IN IP4 addr" or "IN IP6 addr". */
ALG_INLINE void alg_sdp_conn(const struct alg_buf *b, __u32 v, __u32 end,
			     __u8 *status, __u8 *family, struct alg_addr *out)
{
	struct alg_text_addr a = {};
	__u32 fam, ch, bracket = 0;
	int bad;

	if (*status != ALG_SDP_C_ABSENT)
		return; /* the first c= of a level counts */
	*status = ALG_SDP_C_BAD;
	if (ALG_TEXT_MATCH(b, end, v, "IN IP4 "))
		fam = ALG_AF_INET;
	else if (ALG_TEXT_MATCH(b, end, v, "IN IP6 "))
		fam = ALG_AF_INET6;
	else
		return;
	a.off = v + 7;
	a.end = end;
	if (fam == ALG_AF_INET6 && alg_text_byte(b, end, a.off) == '[') {
		bracket = 1;
		a.off++;
	}
	bad = fam == ALG_AF_INET ? alg_text_ipv4(b, &a) : alg_text_ipv6(b, &a);
	if (bad)
		return;
	if (bracket) {
		if (alg_text_byte(b, end, a.next) != ']')
			return;
		a.next++;
	}
	ch = alg_text_byte(b, end, a.next);
	if (a.next != end && ch != '/' && !alg_text_is_ws(ch))
		return;
	*status = alg_text_addr_is_zero(&a.addr) ? ALG_SDP_C_HOLD : ALG_SDP_C_OK;
	*family = (__u8)fam;
	*out = a.addr;
}

/*
 * Whether the m= proto at p is UDPTL: "udptl" (T.38 Annex D; also seen as
 * "UDPTL") or "UDP/TLS/UDPTL" (RFC 7345), the whole field.
 */
ALG_INLINE __u8 alg_sdp_proto_udptl(const struct alg_buf *b, __u32 p, __u32 end)
{
	if (ALG_TEXT_MATCH8_CI(b, end, p, "udp/tls/"))
		p += 8;
	if (!ALG_TEXT_MATCH8_CI(b, end, p, "udptl"))
		return 0;
	return p + 5 == end || alg_text_byte(b, end, p + 5) == ' ';
}

/* m= line value at v; opens the section (in_media 1) or skips it (2). */
ALG_INLINE void alg_sdp_media(const struct alg_buf *b, __u32 v, __u32 end,
			      struct alg_sdp_state *s, struct alg_parse_result *r)
{
	__u32 port, count = 1, n;

	s->in_media = 2;
	s->media_c = ALG_SDP_C_ABSENT;
	s->rtcp_port = 0;
	s->mux = 0;
	if (ALG_TEXT_MATCH(b, end, v, "audio ") || ALG_TEXT_MATCH(b, end, v, "video ") ||
	    ALG_TEXT_MATCH(b, end, v, "image "))
		n = 6;
	else if (ALG_TEXT_MATCH(b, end, v, "text "))
		n = 5;
	else if (ALG_TEXT_MATCH(b, end, v, "application "))
		n = 12;
	else
		return;
	v += n; /* after the media type and its SP */
	if (alg_text_dec(b, end, &v, 5, &port) || port > 65535)
		goto bad;
	if (alg_text_byte(b, end, v) == '/') {
		v++;
		if (alg_text_dec(b, end, &v, 5, &count) || count == 0)
			goto bad;
	}
	if (alg_text_byte(b, end, v) != ' ')
		goto bad;
	if (port == 0)
		return; /* disabled stream */
	/* Connection-oriented media (RFC 4145) opens no UDP flow. */
	if (ALG_TEXT_MATCH_CI(b, end, v + 1, "tcp"))
		return;
	if (port < 1024)
		goto bad;
	s->in_media = 1;
	s->port = port;
	s->count = count;
	s->udptl = alg_sdp_proto_udptl(b, v + 1, end);
	return;
bad:
	r->events |= ALG_EV_PARSE_ERROR;
}

/*
 * The SDP line [s->off, s->end) that alg_sdp_wanted let through: an m=, a c=,
 * or an a=rtcp or a=rtcp-mux attribute.
 */
ALG_FUNC int alg_sdp_line(const struct alg_buf *b, struct alg_sdp_state *s,
			  struct alg_parse_result *r)
{
	__u32 off, end, type, v, port;

	if (!b || !s || !r)
		return -1;
	off = s->off;
	end = s->end;
	type = ALG_AT(b, off);
	v = off + 2;
	if (type == 'm') {
		alg_sdp_emit(s, r);
		alg_sdp_media(b, v, end, s, r);
	} else if (type == 'c') {
		if (s->in_media)
			alg_sdp_conn(b, v, end, &s->media_c, &s->media_family, &s->media_addr);
		else
			alg_sdp_conn(b, v, end, &s->sess_c, &s->sess_family, &s->sess_addr);
	} else if (type == 'a' && s->in_media) {
		if (ALG_TEXT_MATCH(b, end, v, "rtcp-mux") && v + 8 == end) {
			s->mux = 1;
		} else if (ALG_TEXT_MATCH(b, end, v, "rtcp:")) {
			v += 5;
			if (alg_text_dec(b, end, &v, 5, &port) || port < 1024 || port > 65535)
				r->events |= ALG_EV_PARSE_ERROR;
			else
				s->rtcp_port = port;
		}
	}
	return 0;
}

/* Line prefixes that can change the result, as little-endian words. */
#define ALG_SDP_P_M ('m' | '=' << 8)
#define ALG_SDP_P_C ('c' | '=' << 8)
#define ALG_SDP_P_RTCP 0x3a706374723d61ull      /* "a=rtcp:" */
#define ALG_SDP_P_RTCP_M 0x6d2d706374723d61ull  /* "a=rtcp-m" */

/*
 * Whether the SDP line at off can change the result: "m=", "c=", "a=rtcp:"
 * or "a=rtcp-m...", from its first 8 bytes and without a branch. A match
 * holds no LF, so it lies inside the line.
 */
ALG_INLINE __u64 alg_sdp_wanted(const struct alg_buf *b, __u32 off)
{
	__u64 p = alg_text_load8(b, off), p2 = p & 0xffff;

	return alg_text_is_zero64(p2 ^ ALG_SDP_P_M) | alg_text_is_zero64(p2 ^ ALG_SDP_P_C) |
	       alg_text_is_zero64((p & 0xffffffffffffffull) ^ ALG_SDP_P_RTCP) |
	       alg_text_is_zero64(p ^ ALG_SDP_P_RTCP_M);
}

/* In/out of the SDP walk: the body is [off, end). */
struct alg_sdp_body {
	__u32 off; /* cursor: start of the next line */
	__u32 end;
	/*
	 * Walk state: lines walked. In memory rather than in a register, so
	 * that the verifier does not split the walk's paths per line count.
	 */
	__u32 lines;
	__u32 pad;
	struct alg_sdp_state s; /* carried from one window to the next */
};

/*
 * Passes of one window of the SDP walk: one per 16 bytes and one per LF,
 * plus two. A window covers at least ALG_SCAN_WINDOW bytes or
 * ALG_SDP_WINDOW_LINES lines; the whole body takes a few windows.
 */
#define ALG_SDP_WINDOW_LINES 128u
#define ALG_SDP_WALK_PASSES (ALG_SCAN_WINDOW / 16 + ALG_SDP_WINDOW_LINES + 3)
/* Windows of a body: each walks more than 1 KiB, or a line bound's worth of lines. */
#define ALG_SDP_WINDOWS (ALG_MAX_PAYLOAD / 1024 + ALG_SDP_MAX_LINES / ALG_SDP_WINDOW_LINES + 1)

/*
 * One window of the SDP walk from body->off, two words at a time in one
 * pass; hands the lines that matter to alg_sdp_line. The line bound and the
 * look at a line's start are paid once per line, not per word. Returns 1
 * when the window's passes ran out with lines left (body->off: the line to
 * go on from), else 0 (the body is walked, or its last line is cut, or the
 * line bound was reached).
 */
ALG_FUNC int alg_sdp_walk(const struct alg_buf *b, struct alg_sdp_body *body,
			  struct alg_parse_result *r)
{
	const __u64 lf_pat = '\n' * ALG_TEXT_ONES;
	__u32 start, limit, base;
	__u64 from;

	if (!b || !body || !r)
		return -1;
	start = body->off;
	limit = body->end;
	ALG_OPAQUE(limit);
	body->s.limit = limit;
	base = start & ~7u;
	from = alg_text_from(start);
	for (__u32 k = 0; k < ALG_SDP_WALK_PASSES; k++) {
		__u32 lf;
		__u64 hit, hit2, second;

		if (base >= limit)
			return 0;
		hit = alg_text_eq8(alg_text_word(b, base), lf_pat) & from;
		hit2 = alg_text_eq8(alg_text_word(b, base + 8), lf_pat);
		if (!(hit | hit2)) {
			base += 16;
			from = ~0ull;
			continue;
		}
		/* The first LF: in the first word, else in the second. */
		second = alg_text_is_zero64(hit);
		lf = base + 8 * (__u32)second + alg_text_first8(hit | (hit2 & -second));
		if (lf >= limit)
			return 0;
		if (alg_sdp_wanted(b, start)) {
			body->s.off = start;
			body->s.end = alg_text_line_end(b, lf);
			alg_sdp_line(b, &body->s, r);
		}
		start = lf + 1;
		body->off = start;
		if (++ALG_FRESH(body->lines) >= ALG_SDP_MAX_LINES)
			return 0;
		base = start & ~7u;
		from = alg_text_from(start);
	}
	return 1;
}

/*
 * Walk the SDP body, at most ALG_SDP_MAX_LINES lines, window by window (each
 * window one call of the same global function, verified once), and emit the
 * endpoints of each m=.
 */
ALG_INLINE void alg_sdp_parse(const struct alg_buf *b, struct alg_sdp_body *body,
			      struct alg_parse_result *r)
{
	body->lines = 0;
	__builtin_memset(&body->s, 0, sizeof(body->s));
	for (__u32 k = 0; k < ALG_SDP_WINDOWS; k++) {
		__u32 at = body->off;

		if (alg_sdp_walk(b, body, r) != 1 || body->off == at)
			break;
	}
	if (body->off < body->end)
		r->events |= ALG_EV_PARSE_ERROR; /* a truncated line, or more lines than walked */
	alg_sdp_emit(&body->s, r);
}

#endif /* ALGTRACK_SDP_H */
