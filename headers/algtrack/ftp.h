/* SPDX-License-Identifier: GPL-2.0 */
/*
 * FTP control channel parser: the commands and replies that announce a data
 * connection, and QUIT.
 *
 * Recognised, only in the line that starts at byte 0 of the payload (an FTP
 * tracker parses segments that begin at a line start):
 *   client -> server
 *     PORT h1,h2,h3,h4,p1,p2        RFC 959 §4.1.2: IPv4 endpoint
 *     EPRT <d>1<d>a.b.c.d<d>port<d>  RFC 2428 §2: IPv4, only on an IPv4 control connection
 *     EPRT <d>2<d>v6addr<d>port<d>   RFC 2428 §2: IPv6, only on an IPv6 control connection
 *     QUIT                           RFC 959 §4.1.1: ALG_EV_CLOSE
 *   server -> client
 *     227 <text> h1,h2,h3,h4,p1,p2   RFC 959 §4.2; the numbers are found by scanning for
 *                                    the first digit after "227 " since the text and the
 *                                    parentheses are not standard (RFC 1123 §4.1.2.6)
 *     229 <text> (<d><d><d>port<d>)  RFC 2428 §3: endpoint of family 0, i.e. the
 *                                    sender's own address
 * Commands are case-insensitive (RFC 959 §5.3.1). <d> is one delimiter byte
 * in 33..126, the same throughout (RFC 2428). Octets are 0..255, ports
 * 1..65535. A recognised line sets ALG_EV_MESSAGE; a complete but malformed
 * one (bad number, missing delimiter, EPRT family that differs from the
 * control connection's) also sets ALG_EV_PARSE_ERROR and yields no endpoint.
 * A line without its LF is incomplete: no event at all. PORT and EPRT must be
 * followed by nothing but optional blanks before CRLF or LF.
 * Any other reply line, a reply code (first digit 1..5, second 0..5) then
 * SP, '-' or the line's end (RFC 959 §4.2),
 * gives ALG_EV_PROTO: the server speaks FTP. HTTP gives ALG_EV_NOT_PROTO: a
 * client line ending with " HTTP/<digit>.<digit>" (an HTTP request line,
 * RFC 9112 §3), a server line starting with "HTTP/" (a status line): a
 * browser's request to port 21 that carries a PORT command in its body
 * (NAT Slipstreaming) is muted at its first line.
 *
 * r->next: the byte after the line's LF, or ALG_NEXT_UNKNOWN without one.
 */
#ifndef ALGTRACK_FTP_H
#define ALGTRACK_FTP_H

#include "text.h"

/* In/out of the argument parsers: the line is [off, end). */
struct alg_ftp_line {
	__u32 off;    /* first byte of the argument */
	__u32 end;    /* end of the line content (CR and LF excluded) */
	__u32 family; /* of the control connection */
	__u32 pad;
};

/*
 * "h1,h2,h3,h4,p1,p2" at l->off: fills the IPv4 endpoint into r.
 * strict: nothing but blanks may follow (PORT); else anything may (227).
 * Returns 0, or -1 if malformed.
 */
ALG_INLINE int alg_ftp_hostport(const struct alg_buf *b, const struct alg_ftp_line *l,
			      __u32 strict, struct alg_parse_result *r)
{
	struct alg_addr addr = {};
	__u32 i, host = 0, port = 0;

	if (!b || !l || !r)
		return -1;
	i = l->off;
	for (__u32 k = 0; k < 6; k++) {
		__u32 v;

		if (k > 0) {
			if (alg_text_byte(b, l->end, i) != ',')
				return -1;
			i++;
		}
		if (alg_text_dec(b, l->end, &i, 3, &v) || v > 255)
			return -1;
		if (k < 4)
			host = (host << 8) | v;
		else
			port = (port << 8) | v;
	}
	if (port == 0 || (strict && !alg_text_rest_blank(b, i, l->end)))
		return -1;
	addr.w[0] = alg_text_htonl(host);
	alg_result_push(r, &addr, port, ALG_AF_INET, ALG_IPPROTO_TCP);
	return 0;
}

/* A decimal port 1..65535 at *off; advances *off. */
ALG_INLINE int alg_ftp_port_number(const struct alg_buf *b, __u32 end, __u32 *off, __u32 *port)
{
	if (alg_text_dec(b, end, off, 5, port) || *port == 0 || *port > 65535)
		return -1;
	return 0;
}

/* RFC 2428 delimiter: printable ASCII other than SP. */
ALG_INLINE int alg_ftp_is_delim(__u32 ch)
{
	return ch >= 33 && ch <= 126;
}

/*
 * EPRT argument "<d>af<d>addr<d>port<d>" at l->off.
 * Returns 0 with the endpoint pushed, or -1 if malformed or of the wrong family.
 */
ALG_FUNC int alg_ftp_eprt(const struct alg_buf *b, const struct alg_ftp_line *l,
			  struct alg_parse_result *r)
{
	struct alg_text_addr a = {};
	__u32 d, af, i, end, dpos, port, family;
	int bad;

	if (!b || !l || !r)
		return -1;
	i = l->off;
	end = l->end;
	d = alg_text_byte(b, end, i);
	af = alg_text_byte(b, end, i + 1);
	if (!alg_ftp_is_delim(d) || alg_text_byte(b, end, i + 2) != d)
		return -1;
	if (af == '1')
		family = ALG_AF_INET;
	else if (af == '2')
		family = ALG_AF_INET6;
	else
		return -1;
	if (family != l->family)
		return -1;
	/* Find the delimiter after the address, then parse exactly up to it. */
	i += 3;
	dpos = alg_text_find(b, i, end, d);
	if (dpos == ALG_TEXT_NONE)
		return -1;
	a.off = i;
	a.end = dpos;
	bad = family == ALG_AF_INET ? alg_text_ipv4(b, &a) : alg_text_ipv6(b, &a);
	if (bad || a.next != dpos)
		return -1;
	i = dpos + 1;
	if (alg_ftp_port_number(b, end, &i, &port) || alg_text_byte(b, end, i) != d)
		return -1;
	if (!alg_text_rest_blank(b, i + 1, end))
		return -1;
	alg_result_push(r, &a.addr, port, family, ALG_IPPROTO_TCP);
	return 0;
}

/*
 * 229 reply: "(<d><d><d>port<d>)" after the first '(' of the line. The
 * endpoint has family 0: the server's own address.
 */
ALG_FUNC int alg_ftp_229(const struct alg_buf *b, const struct alg_ftp_line *l,
			 struct alg_parse_result *r)
{
	struct alg_addr none = {};
	__u32 i, d, end, port;

	if (!b || !l || !r)
		return -1;
	end = l->end;
	i = alg_text_find(b, l->off, end, '(');
	if (i == ALG_TEXT_NONE)
		return -1;
	d = alg_text_byte(b, end, i + 1);
	if (!alg_ftp_is_delim(d) || alg_text_byte(b, end, i + 2) != d ||
	    alg_text_byte(b, end, i + 3) != d)
		return -1;
	i += 4;
	if (alg_ftp_port_number(b, end, &i, &port) || alg_text_byte(b, end, i) != d ||
	    alg_text_byte(b, end, i + 1) != ')')
		return -1;
	alg_result_push(r, &none, port, 0, ALG_IPPROTO_TCP);
	return 0;
}

/* Which line at byte 0 this is, for the dispatcher below. */
enum alg_ftp_kind {
	ALG_FTP_OTHER = 0,
	ALG_FTP_PORT,
	ALG_FTP_EPRT,
	ALG_FTP_QUIT,
	ALG_FTP_227,
	ALG_FTP_229,
};

/*
 * A four-letter command followed by SP (arguments) or the end of the line.
 * *arg is set to the first byte after the SP, or to end.
 */
ALG_INLINE int alg_ftp_cmd(const struct alg_buf *b, __u32 end, const char *lit, __u32 *arg)
{
	__u32 ch;

	if (!alg_text_match_ci(b, end, 0, lit, 4))
		return 0;
	ch = alg_text_byte(b, end, 4);
	if (end == 4) {
		*arg = 4;
		return 1;
	}
	if (ch != ' ')
		return 0;
	*arg = 5;
	return 1;
}

/*
 * A reply code then SP, '-' or the end of the line: the shape of every FTP
 * reply line that starts one. RFC 959 §4.2.1: the first digit is 1..5, the
 * second 0..5.
 */
ALG_INLINE int alg_ftp_reply_code(const struct alg_buf *b, __u32 end)
{
	__u32 first = alg_text_byte(b, end, 0), second = alg_text_byte(b, end, 1);
	__u32 after = alg_text_byte(b, end, 3);

	return first >= '1' && first <= '5' && second >= '0' && second <= '5' &&
	       alg_text_is_digit(alg_text_byte(b, end, 2)) && (end == 3 || after == ' ' || after == '-');
}

/* Does the line [0, end) end with " HTTP/d.d", as an HTTP request line does? */
ALG_INLINE int alg_ftp_http_request(const struct alg_buf *b, __u32 end)
{
	__u32 v = end - 9;

	return end >= 9 && ALG_TEXT_MATCH(b, end, v, " HTTP/") && alg_text_is_digit(alg_text_byte(b, end, v + 6)) &&
	       alg_text_byte(b, end, v + 7) == '.' && alg_text_is_digit(alg_text_byte(b, end, v + 8));
}

ALG_FUNC int alg_ftp_parse(const struct alg_buf *b, __u32 len, const struct alg_parse_ctx *c,
			   struct alg_parse_result *r)
{
	struct alg_ftp_line l = {};
	__u32 lf, kind = ALG_FTP_OTHER, arg = 0;
	int bad = 0;

	if (!b || !c || !r)
		return -1;
	if (len > ALG_MAX_PAYLOAD)
		len = ALG_MAX_PAYLOAD;
	r->next = ALG_NEXT_UNKNOWN;
	lf = alg_text_find_all(b, 0, len, '\n');
	if (lf == ALG_TEXT_NONE)
		return 0; /* incomplete line: decide when it is whole */
	r->next = lf + 1;
	l.end = alg_text_content_end(b, 0, lf);
	l.family = c->family;

	if (c->from_client) {
		if (alg_ftp_cmd(b, l.end, "port", &arg))
			kind = ALG_FTP_PORT;
		else if (alg_ftp_cmd(b, l.end, "eprt", &arg))
			kind = ALG_FTP_EPRT;
		else if (alg_ftp_cmd(b, l.end, "quit", &arg))
			kind = ALG_FTP_QUIT;
	} else {
		if (ALG_TEXT_MATCH(b, l.end, 0, "227 "))
			kind = ALG_FTP_227;
		else if (ALG_TEXT_MATCH(b, l.end, 0, "229 "))
			kind = ALG_FTP_229;
		arg = 4;
	}
	if (kind == ALG_FTP_OTHER) {
		if (c->from_client ? alg_ftp_http_request(b, l.end) : ALG_TEXT_MATCH(b, l.end, 0, "HTTP/"))
			r->events |= ALG_EV_NOT_PROTO;
		else if (!c->from_client && alg_ftp_reply_code(b, l.end))
			r->events |= ALG_EV_PROTO;
		return 0;
	}

	r->events |= ALG_EV_MESSAGE;
	l.off = arg;
	switch (kind) {
	case ALG_FTP_PORT:
		bad = alg_ftp_hostport(b, &l, 1, r);
		break;
	case ALG_FTP_EPRT:
		bad = alg_ftp_eprt(b, &l, r);
		break;
	case ALG_FTP_QUIT:
		r->events |= ALG_EV_CLOSE;
		break;
	case ALG_FTP_227:
		l.off = alg_text_find_digit(b, arg, l.end);
		bad = l.off == ALG_TEXT_NONE ? -1 : alg_ftp_hostport(b, &l, 0, r);
		break;
	case ALG_FTP_229:
		bad = alg_ftp_229(b, &l, r);
		break;
	}
	if (bad)
		r->events |= ALG_EV_PARSE_ERROR;
	return 0;
}

#endif /* ALGTRACK_FTP_H */
