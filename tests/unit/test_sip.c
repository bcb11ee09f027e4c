// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the SIP parser and its SDP body parser (headers/algtrack/sip.h,
 * sdp.h). Messages follow sipp's built-in scenarios as run in the lab
 * (192.0.2.2 calls 198.51.100.2, RTP on 6000 and 16000) and the captures in
 * $SHARED/pcaps/sip, which the last tests read directly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <cmocka.h>

#include "algtrack/sip.h"

/* The shared captures: $SHARED/pcaps/sip, as tests/run.sh exports it. */
#define PCAP_SUBDIR "/pcaps/sip/"

static struct alg_buf buf;
static struct alg_parse_result res;
static char msg[4096];

enum { UDP = IPPROTO_UDP, TCP = IPPROTO_TCP };

static struct alg_parse_result *parse_n(const char *s, size_t n, int proto)
{
	struct alg_parse_ctx c = { .family = AF_INET, .proto = (__u8)proto, .from_client = 1 };

	memset(&buf, 0, sizeof(buf));
	memcpy(buf.data, s, n);
	memset(&res, 0, sizeof(res));
	assert_int_equal(alg_sip_parse(&buf, (__u32)n, &c, &res), 0);
	assert_true(res.n_ep <= ALG_MAX_ENDPOINTS);
	return &res;
}

static struct alg_parse_result *parse(const char *s, int proto)
{
	return parse_n(s, strlen(s), proto);
}

/* head (start line and headers, each ending in CRLF) + Content-Length + body. */
static const char *build(const char *head, const char *body)
{
	snprintf(msg, sizeof(msg), "%sContent-Length: %zu\r\n\r\n%s", head, strlen(body), body);
	return msg;
}

static void assert_ep(const struct alg_endpoint *ep, int family, const char *addr, unsigned port)
{
	unsigned char want[16] = { 0 };

	assert_int_equal(inet_pton(family, addr, want), 1);
	assert_int_equal(ep->family, family);
	assert_int_equal(ep->proto, IPPROTO_UDP);
	assert_int_equal(ep->port, port);
	assert_memory_equal(ep->addr.w, want, 16);
}

#define SIPP_INVITE_HEAD                                                          \
	"INVITE sip:service@198.51.100.2:5060 SIP/2.0\r\n"                        \
	"Via: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK-4242-1-0\r\n"             \
	"From: sipp <sip:sipp@192.0.2.2:5060>;tag=4242SIPpTag001\r\n"             \
	"To: service <sip:service@198.51.100.2:5060>\r\n"                         \
	"Call-ID: 1-4242@192.0.2.2\r\n"                                           \
	"CSeq: 1 INVITE\r\n"                                                      \
	"Contact: sip:sipp@192.0.2.2:5060\r\n"                                    \
	"Max-Forwards: 70\r\n"                                                    \
	"Subject: Performance Test\r\n"                                           \
	"Content-Type: application/sdp\r\n"

#define SIPP_SDP                                                                  \
	"v=0\r\n"                                                                 \
	"o=user1 53655765 2353687637 IN IP4 192.0.2.2\r\n"                        \
	"s=-\r\n"                                                                 \
	"c=IN IP4 192.0.2.2\r\n"                                                  \
	"t=0 0\r\n"                                                               \
	"m=audio 6000 RTP/AVP 8 101\r\n"                                          \
	"a=rtpmap:8 PCMA/8000\r\n"                                                \
	"a=rtpmap:101 telephone-event/8000\r\n"                                   \
	"a=fmtp:101 0-11,16\r\n"

#define SIPP_200_HEAD                                                             \
	"SIP/2.0 200 OK\r\n"                                                      \
	"Via: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK-4242-1-0\r\n"             \
	"From: sipp <sip:sipp@192.0.2.2:5060>;tag=4242SIPpTag001\r\n"             \
	"To: service <sip:service@198.51.100.2:5060>;tag=77SIPpTag011\r\n"        \
	"Call-ID: 1-4242@192.0.2.2\r\n"                                           \
	"CSeq: 1 INVITE\r\n"                                                      \
	"Contact: <sip:198.51.100.2:5060;transport=UDP>\r\n"                      \
	"Content-Type: application/sdp\r\n"

#define SIPP_200_SDP                                                              \
	"v=0\r\n"                                                                 \
	"o=user1 53655765 2353687637 IN IP4 198.51.100.2\r\n"                     \
	"s=-\r\n"                                                                 \
	"c=IN IP4 198.51.100.2\r\n"                                               \
	"t=0 0\r\n"                                                               \
	"m=audio 16000 RTP/AVP 0\r\n"                                             \
	"a=rtpmap:0 PCMU/8000\r\n"

/* A header block with the given start line and CSeq, and a body. */
static const char *message(const char *start, const char *cseq, const char *ctype, const char *body)
{
	static char head[1024];

	snprintf(head, sizeof(head),
		 "%s\r\nVia: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK-1\r\n"
		 "Call-ID: 7@192.0.2.2\r\nCSeq: %s\r\n%s%s%s",
		 start, cseq, ctype ? "Content-Type: " : "", ctype ? ctype : "", ctype ? "\r\n" : "");
	return build(head, body);
}

static void test_null_args(void **state)
{
	struct alg_parse_ctx c = { 0 };

	(void)state;
	assert_int_equal(alg_sip_parse(NULL, 0, &c, &res), -1);
	assert_int_equal(alg_sip_parse(&buf, 0, NULL, &res), -1);
	assert_int_equal(alg_sip_parse(&buf, 0, &c, NULL), -1);
}

static void test_invite_v4(void **state)
{
	const char *m = build(SIPP_INVITE_HEAD, SIPP_SDP);
	struct alg_parse_result *r;

	(void)state;
	r = parse(m, UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->n_ep, 2);
	assert_int_equal(r->dropped, 0);
	assert_ep(&r->ep[0], AF_INET, "192.0.2.2", 6000);
	assert_ep(&r->ep[1], AF_INET, "192.0.2.2", 6001);
	assert_int_equal(r->next, strlen(m));
	/* The same over TCP: next is the end of the message. */
	r = parse(m, TCP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->n_ep, 2);
	assert_int_equal(r->next, strlen(m));
}

static void test_invite_v6_and_brackets(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	/* heplify-sip-ipv6-udp, frame 1. */
	r = parse(message("INVITE sip:4321@fec0:0:0:0:216:d3ff:fe0d:22c:5060 SIP/2.0", "1 INVITE",
			  "application/sdp",
			  "v=0\r\no=Valid8.com-UserAgent 8521 32 IN IP6 fe80:0:0:0:21a:a0ff:fe07:32e0\r\n"
			  "s=SIP-Call\r\nc=IN IP6 fe80:0:0:0:21a:a0ff:fe07:32e0\r\nt=0 0\r\n"
			  "m=audio 5008 RTP/AVP 0\r\na=rtpmap:0 pcmu/8000/1\r\n"),
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->n_ep, 2);
	assert_ep(&r->ep[0], AF_INET6, "fe80::21a:a0ff:fe07:32e0", 5008);
	assert_ep(&r->ep[1], AF_INET6, "fe80::21a:a0ff:fe07:32e0", 5009);
	/* sipp's bracketed form. */
	r = parse(message("INVITE sip:service@[2001:db8:2::2]:5060 SIP/2.0", "1 INVITE",
			  "application/sdp",
			  "v=0\r\no=user1 1 2 IN IP6 [2001:db8:1::2]\r\ns=-\r\n"
			  "c=IN IP6 [2001:db8:1::2]\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n"),
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->n_ep, 2);
	assert_ep(&r->ep[0], AF_INET6, "2001:db8:1::2", 6000);
	assert_ep(&r->ep[1], AF_INET6, "2001:db8:1::2", 6001);
	/* An unclosed bracket is unusable. */
	r = parse(message("INVITE sip:a@b SIP/2.0", "1 INVITE", "application/sdp",
			  "v=0\r\nc=IN IP6 [2001:db8:1::2\r\nm=audio 6000 RTP/AVP 0\r\n"),
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
	assert_int_equal(r->n_ep, 0);
}

static void test_two_media_and_media_level_c(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	/* RFC 4566 §5 example with the video's own c=. */
	r = parse(message("INVITE sip:bob@198.51.100.2 SIP/2.0", "2 INVITE", "application/sdp",
			  "v=0\r\no=jdoe 2890844526 2890842807 IN IP4 192.0.2.2\r\ns=SDP Seminar\r\n"
			  "c=IN IP4 192.0.2.2/127\r\nt=2873397496 2873404696\r\na=recvonly\r\n"
			  "m=audio 49170 RTP/AVP 0\r\nm=video 51372 RTP/AVP 99\r\n"
			  "c=IN IP4 192.0.2.9\r\na=rtpmap:99 h263-1998/90000\r\n"),
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->n_ep, 4);
	assert_ep(&r->ep[0], AF_INET, "192.0.2.2", 49170);
	assert_ep(&r->ep[1], AF_INET, "192.0.2.2", 49171);
	assert_ep(&r->ep[2], AF_INET, "192.0.2.9", 51372);
	assert_ep(&r->ep[3], AF_INET, "192.0.2.9", 51373);
}

static void test_rtcp_attributes(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	r = parse(message("INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE", "application/sdp",
			  "v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 49170 RTP/AVP 0\r\n"
			  "a=rtcp:53020\r\nm=video 51372 RTP/AVP 31\r\na=rtcp-mux\r\n"),
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->n_ep, 3);
	assert_ep(&r->ep[0], AF_INET, "192.0.2.2", 49170);
	assert_ep(&r->ep[1], AF_INET, "192.0.2.2", 53020);
	assert_ep(&r->ep[2], AF_INET, "192.0.2.2", 51372);
	/* a=rtcp with an address (RFC 3605): the port is used. A port below 1024 is an error. */
	r = parse(message("INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE", "application/sdp",
			  "v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 49170 RTP/AVP 0\r\n"
			  "a=rtcp:53020 IN IP4 192.0.2.2\r\nm=audio 49180 RTP/AVP 0\r\na=rtcp:111\r\n"),
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
	assert_int_equal(r->n_ep, 4);
	assert_int_equal(r->ep[1].port, 53020);
	assert_int_equal(r->ep[3].port, 49181);
	/* With a port count, a=rtcp names the first pair's RTCP port only. */
	r = parse(message("INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE", "application/sdp",
			  "v=0\r\nc=IN IP4 192.0.2.2\r\nm=video 50000/2 RTP/AVP 31\r\na=rtcp:50010\r\n"),
		  UDP);
	assert_int_equal(r->n_ep, 4);
	assert_int_equal(r->ep[0].port, 50000);
	assert_int_equal(r->ep[1].port, 50010);
	assert_int_equal(r->ep[2].port, 50002);
	assert_int_equal(r->ep[3].port, 50003);
	/* Session-level a=rtcp-mux is not a media attribute. */
	r = parse(message("INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE", "application/sdp",
			  "v=0\r\nc=IN IP4 192.0.2.2\r\na=rtcp-mux\r\nm=audio 49170 RTP/AVP 0\r\n"),
		  UDP);
	assert_int_equal(r->n_ep, 2);
}

static void test_port_zero_count_and_low_port(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	r = parse(message("INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE", "application/sdp",
			  "v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 0 RTP/AVP 0\r\n"
			  "m=video 50000/2 RTP/AVP 31\r\n"),
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->n_ep, 4);
	assert_ep(&r->ep[0], AF_INET, "192.0.2.2", 50000);
	assert_ep(&r->ep[1], AF_INET, "192.0.2.2", 50001);
	assert_ep(&r->ep[2], AF_INET, "192.0.2.2", 50002);
	assert_ep(&r->ep[3], AF_INET, "192.0.2.2", 50003);
	/* An odd RTP port is kept as given; a port below 1024 is an error for its m= only. */
	r = parse(message("INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE", "application/sdp",
			  "v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 1023 RTP/AVP 0\r\n"
			  "m=audio 40001 RTP/AVP 0\r\n"),
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
	assert_int_equal(r->n_ep, 2);
	assert_ep(&r->ep[0], AF_INET, "192.0.2.2", 40001);
	assert_ep(&r->ep[1], AF_INET, "192.0.2.2", 40002);
	/* Port 65535: no RTCP above it; /0 and 65536 are errors. */
	r = parse(message("INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE", "application/sdp",
			  "v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 65535 RTP/AVP 0\r\n"
			  "m=audio 5000/0 RTP/AVP 0\r\nm=audio 65536 RTP/AVP 0\r\n"),
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
	assert_int_equal(r->n_ep, 1);
	assert_int_equal(r->ep[0].port, 65535);
}

static void test_media_kinds(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	/* T.38 image over UDPTL, text; TCP media and unknown types give nothing. */
	r = parse(message("INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE", "application/sdp",
			  "v=0\r\nc=IN IP4 192.0.2.2\r\nm=image 40000 udptl t38\r\n"
			  "m=application 9 TCP/BFCP *\r\nm=message 40010 TCP/MSRP *\r\n"
			  "m=text 40020 RTP/AVP 98\r\na=rtcp-mux\r\n"),
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->n_ep, 2);
	assert_int_equal(r->ep[0].port, 40000);
	assert_int_equal(r->ep[1].port, 40020);
	/* Hold (RFC 3264 §8.4): no endpoint, no error. Multicast TTL is stripped. */
	r = parse(message("INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE", "application/sdp",
			  "v=0\r\nc=IN IP4 0.0.0.0\r\nm=audio 49170 RTP/AVP 0\r\n"
			  "m=audio 49180 RTP/AVP 0\r\nc=IN IP4 233.252.0.1/127/2\r\n"),
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->n_ep, 2);
	assert_ep(&r->ep[0], AF_INET, "233.252.0.1", 49180);
	/* Layered multicast (RFC 4566 §5.7): several c= of one m=; the first counts. */
	r = parse(message("INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE", "application/sdp",
			  "v=0\r\nm=video 49190 RTP/AVP 31\r\nc=IN IP4 233.252.0.1/127\r\n"
			  "c=IN IP4 233.252.0.2/127\r\n"),
		  UDP);
	assert_int_equal(r->n_ep, 2);
	assert_ep(&r->ep[0], AF_INET, "233.252.0.1", 49190);
}

/* An SDP offer of one m= line (and its attributes), c= at session level. */
static struct alg_parse_result *offer(const char *media)
{
	static char sdp[1024];

	snprintf(sdp, sizeof(sdp), "v=0\r\no=- 1 2 IN IP4 192.0.2.2\r\ns=-\r\n"
		 "c=IN IP4 192.0.2.2\r\nt=0 0\r\n%s", media);
	return parse(message("INVITE sip:bob@198.51.100.2 SIP/2.0", "2 INVITE", "application/sdp",
			     sdp),
		     UDP);
}

/* The ports of r's endpoints, all UDP at 192.0.2.2, are want[0..n). */
static void assert_ports(const struct alg_parse_result *r, const unsigned *want, unsigned n)
{
	assert_int_equal(r->n_ep, n);
	for (unsigned i = 0; i < n; i++)
		assert_ep(&r->ep[i], AF_INET, "192.0.2.2", want[i]);
}

#define ASSERT_PORTS(r, ...) \
	assert_ports((r), (const unsigned[]){ __VA_ARGS__ }, \
		     sizeof((const unsigned[]){ __VA_ARGS__ }) / sizeof(unsigned))

/*
 * T.38 fax (ITU-T T.38 Annex D): UDPTL is one UDP port per stream with no
 * RTCP, whatever the letter case; T.38 over RTP (m=image ... RTP/AVP) pairs
 * ports as RTP does.
 */
static void test_t38_udptl(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	/* A switch to fax as endpoints send it: audio disabled, image on UDPTL. */
	r = offer("m=audio 0 RTP/AVP 0\r\nm=image 40000 udptl t38\r\n"
		  "a=T38FaxVersion:0\r\na=T38MaxBitRate:14400\r\n"
		  "a=T38FaxRateManagement:transferredTCF\r\na=T38FaxMaxDatagram:316\r\n"
		  "a=T38FaxUdpEC:t38UDPRedundancy\r\n");
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	ASSERT_PORTS(r, 40000);
	assert_int_equal(r->dropped, 0);
	ASSERT_PORTS(offer("m=image 40000 UDPTL t38\r\n"), 40000);
	ASSERT_PORTS(offer("m=image 40000 UDP/TLS/UDPTL t38\r\n"), 40000); /* RFC 7345 */
	ASSERT_PORTS(offer("m=image 40000 udptl\r\n"), 40000);
	/* RTCP attributes do not give UDPTL a second port. */
	ASSERT_PORTS(offer("m=image 40000 udptl t38\r\na=rtcp:40005\r\n"), 40000);
	/* T.38 over RTP, and a proto that only starts like udptl: RTP and RTCP. */
	ASSERT_PORTS(offer("m=image 40000 RTP/AVP 96\r\na=rtpmap:96 t38/8000\r\n"), 40000, 40001);
	ASSERT_PORTS(offer("m=image 40000 udptls t38\r\n"), 40000, 40001);
	/* UDPTL after RTP in one offer: each m= by its own proto. */
	ASSERT_PORTS(offer("m=audio 6000 RTP/AVP 0\r\nm=image 40000 udptl t38\r\n"
			   "m=audio 6010 RTP/AVP 0\r\n"),
		     6000, 6001, 40000, 6010, 6011);
	/* A port count: consecutive ports, the ones beyond the bound counted as dropped. */
	ASSERT_PORTS(offer("m=image 40000/3 udptl t38\r\n"), 40000, 40001, 40002);
	r = offer("m=image 40000/10 udptl t38\r\n");
	ASSERT_PORTS(r, 40000, 40001, 40002, 40003, 40004, 40005, 40006, 40007);
	assert_int_equal(r->dropped, 2);
	r = offer("m=image 65534/4 udptl t38\r\n");
	ASSERT_PORTS(r, 65534, 65535);
	assert_int_equal(r->dropped, 0);
	/* Disabled, or below 1024: nothing, the latter an error. */
	r = offer("m=image 0 udptl t38\r\n");
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->n_ep, 0);
	r = offer("m=image 1000 udptl t38\r\n");
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
	assert_int_equal(r->n_ep, 0);
}

static void test_missing_or_bad_c(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	r = parse(message("INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE", "application/sdp",
			  "v=0\r\nm=audio 49170 RTP/AVP 0\r\n"),
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
	assert_int_equal(r->n_ep, 0);
	/* Only "<type>=" lines count: "cX..." is no connection line. */
	r = parse(message("INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE", "application/sdp",
			  "v=0\r\ncXIN IP4 192.0.2.9\r\nm=audio 49170 RTP/AVP 0\r\n"),
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
	assert_int_equal(r->n_ep, 0);
	/* An FQDN or a bad address is unusable; the next m= with its own c= still counts. */
	r = parse(message("INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE", "application/sdp",
			  "v=0\r\nc=IN IP4 host.example.com\r\nm=audio 49170 RTP/AVP 0\r\n"
			  "m=audio 49180 RTP/AVP 0\r\nc=IN IP4 192.0.2.300\r\n"
			  "m=audio 49190 RTP/AVP 0\r\nc=IN IP4 192.0.2.3\r\n"),
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
	assert_int_equal(r->n_ep, 2);
	assert_ep(&r->ep[0], AF_INET, "192.0.2.3", 49190);
}

static void test_responses(void **state)
{
	struct alg_parse_result *r;
	const char *m;

	(void)state;
	m = build(SIPP_200_HEAD, SIPP_200_SDP);
	r = parse(m, UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_int_equal(r->n_ep, 2);
	assert_ep(&r->ep[0], AF_INET, "198.51.100.2", 16000);
	assert_ep(&r->ep[1], AF_INET, "198.51.100.2", 16001);
	/* sngrep-sip-tcp-in-ipip frame 2: 183 with SDP. */
	r = parse(message("SIP/2.0 183 Ringing", "6 INVITE", "application/sdp",
			  "v=0\r\no=- 912505582455771910 149809613282366629 IN IP4 172.28.1.3\r\n"
			  "s=-\r\nc=IN IP4 172.28.1.3\r\nt=0 0\r\nm=audio 50234 RTP/AVP 0 101\r\n"
			  "a=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n"),
		  TCP);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_int_equal(r->n_ep, 2);
	assert_ep(&r->ep[0], AF_INET, "172.28.1.3", 50234);
	/* 180 and 2xx to UPDATE/PRACK carry media; 100, 200 to BYE/REGISTER/OPTIONS do not. */
	assert_int_equal(parse(message("SIP/2.0 180 Ringing", "1 INVITE", NULL, SIPP_200_SDP), UDP)->n_ep, 2);
	assert_int_equal(parse(message("SIP/2.0 200 OK", "3 UPDATE", NULL, SIPP_200_SDP), UDP)->n_ep, 2);
	assert_int_equal(parse(message("SIP/2.0 202 Accepted", "3 PRACK", NULL, SIPP_200_SDP), UDP)->n_ep, 2);
	r = parse(message("SIP/2.0 100 Trying", "1 INVITE", "application/sdp", SIPP_200_SDP), UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_int_equal(r->n_ep, 0);
	r = parse(message("SIP/2.0 200 OK", "2 BYE", "application/sdp", SIPP_200_SDP), UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_int_equal(r->n_ep, 0);
	assert_int_equal(parse(message("SIP/2.0 200 OK", "2 REGISTER", "application/sdp", SIPP_200_SDP), UDP)->n_ep, 0);
	assert_int_equal(parse(message("SIP/2.0 200 OK", "2 OPTIONS", "application/sdp", SIPP_200_SDP), UDP)->n_ep, 0);
	/* A status line without a reason phrase is still one. */
	assert_int_equal(parse(message("SIP/2.0 200", "1 INVITE", NULL, SIPP_200_SDP), UDP)->n_ep, 2);
}

static void test_failure_responses(void **state)
{
	const __u32 closing = ALG_EV_MESSAGE | ALG_EV_CLOSE | ALG_EV_WITHDRAW;

	(void)state;
	assert_int_equal(parse(message("SIP/2.0 486 Busy Here", "1 INVITE", NULL, ""), UDP)->events, closing);
	assert_int_equal(parse(message("SIP/2.0 407 Proxy Authentication Required", "1 INVITE", NULL, ""),
				 UDP)->events,
			 closing);
	assert_int_equal(parse(message("SIP/2.0 603 Decline", "1 INVITE", NULL, ""), TCP)->events, closing);
	/* Redirection is final too (RFC 3261 §21.3): the call goes elsewhere. */
	assert_int_equal(parse(message("SIP/2.0 302 Moved Temporarily", "1 INVITE", NULL, ""), UDP)->events,
			 closing);
	assert_int_equal(parse(message("SIP/2.0 299 Odd", "1 INVITE", NULL, ""), UDP)->events, ALG_EV_MESSAGE);
	/* Not to an INVITE: nothing closes. */
	assert_int_equal(parse(message("SIP/2.0 481 Call Does Not Exist", "2 BYE", NULL, ""), UDP)->events,
			 ALG_EV_MESSAGE);
	assert_int_equal(parse(message("SIP/2.0 180 Ringing", "1 INVITE", NULL, ""), UDP)->events,
			 ALG_EV_MESSAGE);
}

static void test_requests(void **state)
{
	const __u32 closing = ALG_EV_MESSAGE | ALG_EV_CLOSE | ALG_EV_WITHDRAW;
	struct alg_parse_result *r;

	(void)state;
	assert_int_equal(parse(message("BYE sip:101@10.33.6.100:5060;transport=tcp SIP/2.0", "1 BYE", NULL, ""),
			       TCP)->events,
			 closing);
	assert_int_equal(parse(message("CANCEL sip:bob@198.51.100.2 SIP/2.0", "1 CANCEL", NULL, ""), UDP)->events,
			 closing);
	/* ACK with SDP (late offer answer), UPDATE and PRACK carry media. */
	r = parse(message("ACK sip:bob@198.51.100.2 SIP/2.0", "1 ACK", "application/sdp", SIPP_SDP), UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_int_equal(r->n_ep, 2);
	assert_int_equal(parse(message("UPDATE sip:bob@b SIP/2.0", "2 UPDATE", NULL, SIPP_SDP), UDP)->n_ep, 2);
	assert_int_equal(parse(message("PRACK sip:bob@b SIP/2.0", "2 PRACK", NULL, SIPP_SDP), UDP)->n_ep, 2);
	/* REGISTER and OPTIONS with an SDP-looking body never open media. */
	r = parse(message("REGISTER sip:198.51.100.2 SIP/2.0", "1 REGISTER", "application/sdp", SIPP_SDP), TCP);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_int_equal(r->n_ep, 0);
	r = parse(message("OPTIONS sip:198.51.100.2 SIP/2.0", "1 OPTIONS", NULL, SIPP_SDP), UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_int_equal(r->n_ep, 0);
	for (const char *const *m = (const char *const[]){ "INFO", "NOTIFY", "SUBSCRIBE", "MESSAGE",
							   "REFER", "PUBLISH", NULL };
	     *m; m++) {
		char start[64], cseq[32];

		snprintf(start, sizeof(start), "%s sip:bob@b SIP/2.0", *m);
		snprintf(cseq, sizeof(cseq), "5 %s", *m);
		r = parse(message(start, cseq, "application/sdp", SIPP_SDP), UDP);
		assert_int_equal(r->events, ALG_EV_MESSAGE);
		assert_int_equal(r->n_ep, 0);
	}
}

static void test_content_type(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	/* No Content-Type, body "v=0": SDP. Another type or another body: not. */
	assert_int_equal(parse(message("INVITE sip:b@b SIP/2.0", "1 INVITE", NULL, SIPP_SDP), UDP)->n_ep, 2);
	assert_int_equal(parse(message("INVITE sip:b@b SIP/2.0", "1 INVITE", "text/plain", SIPP_SDP), UDP)->n_ep,
			 0);
	assert_int_equal(parse(message("INVITE sip:b@b SIP/2.0", "1 INVITE", "application/sdpx", SIPP_SDP),
			       UDP)->n_ep,
			 0);
	assert_int_equal(parse(message("INVITE sip:b@b SIP/2.0", "1 INVITE", NULL, "x=0\r\nc=IN IP4 192.0.2.2\r\n"
										    "m=audio 6000 RTP/AVP 0\r\n"),
			       UDP)->n_ep,
			 0);
	r = parse(message("INVITE sip:b@b SIP/2.0", "1 INVITE", "Application/SDP; charset=utf-8", SIPP_SDP), UDP);
	assert_int_equal(r->n_ep, 2);
}

static void test_compact_headers(void **state)
{
	const char *m = "INVITE sip:bob@198.51.100.2 SIP/2.0\r\n"
			"v: SIP/2.0/TCP 192.0.2.2:5060;branch=z9hG4bK-2\r\n"
			"i: 9@192.0.2.2\r\n"
			"CSEQ:   7   INVITE\r\n"
			"c\t: application/sdp\r\n"
			"l :" "29\r\n"
			"\r\n"
			"v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 7000 RTP/AVP 0\r\n";
	struct alg_parse_result *r;

	(void)state;
	r = parse(m, TCP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
	/* "l: 29" covers only part of the body: the last line is cut. */
	assert_int_equal(r->next, strlen(m) - strlen("v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 7000 RTP/AVP 0\r\n") + 29);
	assert_int_equal(r->n_ep, 0);
	m = "INVITE sip:bob@198.51.100.2 SIP/2.0\r\n"
	    "CSEQ:   7   INVITE\r\n"
	    "c\t: application/sdp\r\n"
	    "L :49\r\n"
	    "\n"
	    "v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 7000 RTP/AVP 0\r\n";
	r = parse(m, TCP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->next, strlen(m));
	assert_int_equal(r->n_ep, 2);
	assert_int_equal(r->ep[0].port, 7000);
	/* Bare LF everywhere. */
#define LF_SDP "v=0\nc=IN IP4 192.0.2.2\nm=audio 7000 RTP/AVP 0\n"
	snprintf(msg, sizeof(msg), "INVITE sip:bob@198.51.100.2 SIP/2.0\nCSeq: 1 INVITE\n"
		 "Content-Length: %zu\n\n%s", strlen(LF_SDP), LF_SDP);
	m = msg;
	r = parse(m, TCP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->n_ep, 2);
	assert_int_equal(r->next, strlen(m));
}

static void test_tcp_two_messages(void **state)
{
	char two[2048];
	struct alg_parse_result *r;
	size_t first;
	const char *m = build(SIPP_200_HEAD, SIPP_200_SDP);

	(void)state;
	first = strlen(m);
	memcpy(two, m, first);
	strcpy(two + first, message("ACK sip:service@198.51.100.2:5060 SIP/2.0", "1 ACK", NULL, ""));
	r = parse(two, TCP);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_int_equal(r->n_ep, 2);
	assert_int_equal(r->next, first);
	/* The caller's next call, at the boundary. */
	r = parse(two + first, TCP);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_int_equal(r->next, strlen(two) - first);
}

static void test_tcp_framing_edges(void **state)
{
	struct alg_parse_result *r;
	const char *m = build(SIPP_INVITE_HEAD, SIPP_SDP);
	size_t hdr = strstr(m, "\r\n\r\n") + 4 - m;

	(void)state;
	/* Incomplete header block: unknown next, no endpoints, no error on TCP. */
	r = parse_n(m, hdr - 3, TCP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->next, ALG_NEXT_UNKNOWN);
	assert_int_equal(r->n_ep, 0);
	/* ... but on UDP the datagram is all there is. */
	r = parse_n(m, hdr - 3, UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
	assert_int_equal(r->n_ep, 0);
	/* Body beyond the segment: next still known, no SDP parsed. */
	r = parse_n(m, hdr + 20, TCP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->next, strlen(m));
	assert_int_equal(r->n_ep, 0);
	r = parse_n(m, hdr + 20, UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
	assert_int_equal(r->n_ep, 0);
	/* Content-Length far beyond the segment. */
	r = parse(message("INVITE sip:b@b SIP/2.0", "1 INVITE", NULL, ""), TCP);
	assert_int_equal(r->next, strlen(msg));
	strcpy(strstr(msg, "Content-Length: 0"), "Content-Length: 65000\r\n\r\n");
	r = parse(msg, TCP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->next, strlen(msg) + 65000);
	/* Absent on TCP: body length 0. */
	r = parse("INVITE sip:b@b SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n" SIPP_SDP, TCP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->next, strlen("INVITE sip:b@b SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n"));
	assert_int_equal(r->n_ep, 0);
	/* Absent on UDP: the rest of the datagram. */
	r = parse("INVITE sip:b@b SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n" SIPP_SDP, UDP);
	assert_int_equal(r->n_ep, 2);
}

static void test_bad_content_length(void **state)
{
	static const char *const bad[] = { "99999999999", "1000001", "12a", "-1", "", "4294967296" };
	struct alg_parse_result *r;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(msg, sizeof(msg), "INVITE sip:b@b SIP/2.0\r\nCSeq: 1 INVITE\r\nContent-Length: %s\r\n\r\n%s",
			 bad[i], SIPP_SDP);
		r = parse(msg, TCP);
		assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
		assert_int_equal(r->next, ALG_NEXT_UNKNOWN);
		assert_int_equal(r->n_ep, 0);
		r = parse(msg, UDP);
		assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
		assert_int_equal(r->n_ep, 0);
	}
	/* Two different lengths: smuggling, not framing. Two equal ones are fine. */
	r = parse("BYE sip:b@b SIP/2.0\r\nCSeq: 2 BYE\r\nl: 0\r\nContent-Length: 5\r\n\r\n", TCP);
	assert_true(r->events & ALG_EV_PARSE_ERROR);
	assert_int_equal(r->next, ALG_NEXT_UNKNOWN);
	r = parse("BYE sip:b@b SIP/2.0\r\nCSeq: 2 BYE\r\nl: 0\r\nContent-Length: 0\r\n\r\n", TCP);
	assert_false(r->events & ALG_EV_PARSE_ERROR);
}

static void test_not_sip(void **state)
{
	(void)state;
	static const char *const other[] = {
		"POST / HTTP/1.1\r\nHost: 198.51.100.2:5060\r\nContent-Length: 0\r\n\r\n",
		"GET / HTTP/1.1\r\n\r\n",
		"HTTP/1.1 200 OK\r\n\r\n",
		"invite sip:bob@b SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n", /* methods are case-sensitive */
		"INVITEX sip:bob@b SIP/2.0\r\n\r\n",
		"INVITE sip:bob@b SIP/3.0\r\n\r\n",
		"INVITE  sip:bob@b SIP/2.0\r\n\r\n",
		"INVITE  SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n", /* no Request-URI */
		"INVITE sip:bob@b SIP/2.0 x\r\n\r\n",
		"INVITE sip:bob@b\r\n\r\n",
		"SIP/2.0 20 OK\r\n\r\n",
		"SIP/2.0 2000 OK\r\n\r\n",
		"SIP/2.0 099 Low\r\n\r\n",
		"SIP/2.0 700 High\r\n\r\n",
		" INVITE sip:bob@b SIP/2.0\r\n\r\n",
		"POST /",
		"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
	};

	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		struct alg_parse_result *r = parse(other[i], TCP);

		if (r->events != ALG_EV_NOT_PROTO || r->n_ep != 0)
			fail_msg("case %zu: events 0x%x", i, r->events);
	}
}

static void test_keepalive_and_partial_start(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	r = parse("\r\n\r\n", TCP);
	assert_int_equal(r->events, 0);
	assert_int_equal(r->next, 4);
	r = parse("\r\n\r\nINVITE sip:b@b SIP/2.0\r\n", TCP);
	assert_int_equal(r->events, 0);
	assert_int_equal(r->next, 4);
	r = parse("\r\n", UDP);
	assert_int_equal(r->events, 0);
	assert_int_equal(r->next, 2);
	/* A start line without its LF. */
	r = parse("INVITE sip:bob@198.51.100.2 SIP/2.0", TCP);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	assert_int_equal(r->next, ALG_NEXT_UNKNOWN);
	r = parse("INVITE sip:bob@198.51.100.2 SIP/2.0", UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR);
	r = parse("SIP/2.0 200 OK", UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR);
	r = parse_n("", 0, TCP);
	assert_int_equal(r->events, 0);
	assert_int_equal(r->next, ALG_NEXT_UNKNOWN);
}

static void test_missing_cseq_and_bad_headers(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	r = parse("SIP/2.0 486 Busy Here\r\nContent-Length: 0\r\n\r\n", UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR);
	r = parse("SIP/2.0 486 Busy Here\r\nCSeq: x INVITE\r\nContent-Length: 0\r\n\r\n", UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR);
	r = parse("SIP/2.0 486 Busy Here\r\nCSeq: 1 INVITE\r\nno colon here\r\nContent-Length: 0\r\n\r\n", UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_CLOSE | ALG_EV_WITHDRAW | ALG_EV_PARSE_ERROR);
	/* An extension method in CSeq is no error; it just opens nothing. */
	r = parse("SIP/2.0 405 Method Not Allowed\r\nCSeq: 3 FOO\r\nContent-Length: 0\r\n\r\n", UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE);
	/* A folded line continues a header and is no error. */
	r = parse("SIP/2.0 486 Busy Here\r\nCSeq: 1 INVITE\r\nSubject: a\r\n  b\r\nContent-Length: 0\r\n\r\n", UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_CLOSE | ALG_EV_WITHDRAW);
}

static void test_truncated_sdp(void **state)
{
	struct alg_parse_result *r;
	const char *m;

	(void)state;
	/* UDP without Content-Length, cut inside the m= line. */
	r = parse("INVITE sip:b@b SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\nv=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 60", UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
	assert_int_equal(r->n_ep, 0);
	/* A complete m= line before the cut still counts. */
	r = parse("INVITE sip:b@b SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\nv=0\r\nc=IN IP4 192.0.2.2\r\n"
		  "m=audio 6000 RTP/AVP 0\r\nm=video 6002 RTP",
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
	assert_int_equal(r->n_ep, 2);
	/* A datagram shorter than its Content-Length. */
	m = build(SIPP_INVITE_HEAD, SIPP_SDP);
	r = parse_n(m, strlen(m) - 10, UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
	assert_int_equal(r->n_ep, 0);
}

static void test_more_than_max_endpoints(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	/* Five m= lines: ten endpoints, eight fit. */
	r = parse(message("INVITE sip:b@b SIP/2.0", "1 INVITE", NULL,
			  "v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 10000 RTP/AVP 0\r\n"
			  "m=audio 10010 RTP/AVP 0\r\nm=audio 10020 RTP/AVP 0\r\n"
			  "m=video 10030 RTP/AVP 0\r\nm=video 10040 RTP/AVP 0\r\n"),
		  UDP);
	assert_int_equal(r->n_ep, ALG_MAX_ENDPOINTS);
	assert_int_equal(r->dropped, 2);
	assert_int_equal(r->ep[7].port, 10031);
	/* A port count of 20: forty endpoints. */
	r = parse(message("INVITE sip:b@b SIP/2.0", "1 INVITE", NULL,
			  "v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 10000/20 RTP/AVP 0\r\n"),
		  UDP);
	assert_int_equal(r->n_ep, ALG_MAX_ENDPOINTS);
	assert_int_equal(r->dropped, 32);
	assert_int_equal(r->ep[6].port, 10006);
	/* A count that runs past 65535 stops there: 65530, 65532, 65534 (+1 each). */
	r = parse(message("INVITE sip:b@b SIP/2.0", "1 INVITE", NULL,
			  "v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 65530/99999 RTP/AVP 0\r\n"),
		  UDP);
	assert_int_equal(r->n_ep, 6);
	assert_int_equal(r->dropped, 0);
	assert_int_equal(r->ep[5].port, 65535);
	r = parse(message("INVITE sip:b@b SIP/2.0", "1 INVITE", NULL,
			  "v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 65500/99999 RTP/AVP 0\r\na=rtcp-mux\r\n"),
		  UDP);
	assert_int_equal(r->n_ep, 8);
	assert_int_equal(r->dropped, 10); /* 65500..65534 step 2: 18 ports */
}

static void test_long_message(void **state)
{
	static char big[ALG_MAX_PAYLOAD + 1];
	struct alg_parse_result *r;
	size_t n = 0;

	(void)state;
	/* 8 KiB: many headers, then SDP at the very end. */
	n += sprintf(big + n, "INVITE sip:b@b SIP/2.0\r\nCSeq: 1 INVITE\r\n");
	while (n < ALG_MAX_PAYLOAD - 120)
		n += sprintf(big + n, "X-Pad: %04zu%.40s\r\n", n,
			     "........................................");
#define CRLF_SDP "v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 7000 RTP/AVP 0\r\n"
	n += sprintf(big + n, "Content-Type: application/sdp\r\nl: %zu\r\n\r\n%s", strlen(CRLF_SDP),
		     CRLF_SDP);
	assert_true(n <= ALG_MAX_PAYLOAD);
	r = parse_n(big, n, TCP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->next, n);
	assert_int_equal(r->n_ep, 2);
	/* One byte more: the body is cut, nothing is announced. */
	r = parse_n(big, n - 1, TCP);
	assert_int_equal(r->next, n);
	assert_int_equal(r->n_ep, 0);
	/* More header lines than the walk takes: an error, never a guess. */
	n = sprintf(big, "INVITE sip:b@b SIP/2.0\r\nCSeq: 1 INVITE\r\n");
	while (n < ALG_MAX_PAYLOAD - 20)
		n += sprintf(big + n, "a:\r\n");
	n += sprintf(big + n, "\r\n");
	r = parse_n(big, n, TCP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
	assert_int_equal(r->next, ALG_NEXT_UNKNOWN);
}

/*
 * The captures: every SIP payload of a file (Ethernet, IPv4 or IPv6, TCP or
 * UDP to or from port 5060), checked against what tshark shows for them.
 */
struct pcap_expect {
	unsigned frame;
	__u32 events;
	unsigned n_ep;
	int family;
	const char *addr;
	unsigned port;
};

/* SDP bodies with the line bound at the m= line, and lines that only look like ones that matter. */
static void test_sdp_line_bound(void **state)
{
	char sdp[4096];
	struct alg_parse_result *r;
	size_t n;

	(void)state;
	/* v=, c=, attributes, m= as the last walked line (several walk windows). */
	n = (size_t)sprintf(sdp, "v=0\r\nc=IN IP4 192.0.2.2\r\n");
	for (unsigned i = 0; i < ALG_SDP_MAX_LINES - 3; i++)
		n += (size_t)sprintf(sdp + n, "a=x\r\n");
	n += (size_t)sprintf(sdp + n, "m=audio 7000 RTP/AVP 0\r\n");
	r = parse(message("INVITE sip:b@b SIP/2.0", "1 INVITE", "application/sdp", sdp), UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->n_ep, 2);
	assert_int_equal(r->ep[0].port, 7000);
	/* The line after it is not walked: its m= gives nothing, and the body is an error. */
	sprintf(sdp + n, "m=video 8000 RTP/AVP 0\r\n");
	r = parse(message("INVITE sip:b@b SIP/2.0", "1 INVITE", "application/sdp", sdp), UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
	assert_int_equal(r->n_ep, 2);
	assert_int_equal(r->ep[1].port, 7001);
	/* Attributes that start like rtcp ones change nothing; a=rtcp: does. */
	r = parse(message("INVITE sip:b@b SIP/2.0", "1 INVITE", "application/sdp",
			  "v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 7000 RTP/AVP 0\r\n"
			  "a=rtcp-fb:0 nack\r\na=rtcpx:9000\r\nm\r\na=rtcp:9001\r\n"),
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->n_ep, 2);
	assert_int_equal(r->ep[1].port, 9001);
}

/* Header names are matched whole, ignoring case, whatever their length. */
static void test_header_names(void **state)
{
	struct alg_parse_result *r;

	(void)state;
	r = parse("INVITE sip:b@b SIP/2.0\r\nCSEQ: 1 INVITE\r\nCONTENT-TYPE: APPLICATION/SDP\r\n"
		  "Content-Length-Extra: 5\r\nContent-Typex: text/plain\r\n"
		  "Contact-Header-With-A-Long-Name: <sip:a@b>\r\n"
		  "CONTENT-LENGTH: 49\r\n\r\n"
		  "v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 7000 RTP/AVP 0\r\n",
		  TCP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->n_ep, 2);
	/* Another body type, named in a header whose name starts like it. */
	r = parse("INVITE sip:b@b SIP/2.0\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdpx\r\n\r\n"
		  "v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 7000 RTP/AVP 0\r\n",
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	assert_int_equal(r->n_ep, 0);
	/* A header line without ':' is an error; a folded one is not. */
	r = parse("INVITE sip:b@b SIP/2.0\r\nCSeq: 1 INVITE\r\nSubject: a\r\n b\r\n\r\n", UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN);
	r = parse("INVITE sip:b@b SIP/2.0\r\nCSeq: 1 INVITE\r\nSubject a very long line without it\r\n\r\n",
		  UDP);
	assert_int_equal(r->events, ALG_EV_MESSAGE | ALG_EV_OPEN | ALG_EV_PARSE_ERROR);
}

static int payload_of(const u_char *p, unsigned caplen, const u_char **pl, unsigned *plen, int *proto)
{
	unsigned off = 14, l4;
	unsigned type = p[12] << 8 | p[13];

	if (caplen < 14)
		return -1;
	if (type == 0x0800) {
		if (caplen < off + 20)
			return -1;
		*proto = p[off + 9];
		l4 = off + (p[off] & 15) * 4;
		caplen = off + (p[off + 2] << 8 | p[off + 3]) < caplen ? off + (p[off + 2] << 8 | p[off + 3]) : caplen;
	} else if (type == 0x86dd) {
		if (caplen < off + 40)
			return -1;
		*proto = p[off + 6];
		l4 = off + 40;
	} else {
		return -1;
	}
	if (*proto == IPPROTO_UDP)
		off = l4 + 8;
	else if (*proto == IPPROTO_TCP && caplen >= l4 + 13)
		off = l4 + (p[l4 + 12] >> 4) * 4;
	else
		return -1;
	if (off >= caplen)
		return -1;
	*pl = p + off;
	*plen = caplen - off;
	return 0;
}

static void check_pcap(const char *file, const struct pcap_expect *want, size_t n_want, unsigned n_sip)
{
	char err[PCAP_ERRBUF_SIZE], path[512];
	const char *shared = getenv("SHARED") ? getenv("SHARED") : "../shared";
	pcap_t *pc;

	snprintf(path, sizeof(path), "%s" PCAP_SUBDIR "%s", shared, file);
	pc = pcap_open_offline(path, err);
	struct pcap_pkthdr *h;
	const u_char *p;
	unsigned frame = 0, seen = 0, matched = 0;

	if (!pc) {
		printf("skip: %s\n", err);
		skip();
	}
	while (pcap_next_ex(pc, &h, &p) == 1) {
		const u_char *pl;
		unsigned plen;
		int proto;
		struct alg_parse_result *r;

		frame++;
		if (payload_of(p, h->caplen, &pl, &plen, &proto) || plen == 0 || plen > ALG_MAX_PAYLOAD)
			continue;
		r = parse_n((const char *)pl, plen, proto);
		if (r->events & ALG_EV_NOT_PROTO)
			continue; /* RTP and the like */
		seen++;
		for (size_t i = 0; i < n_want; i++) {
			if (want[i].frame != frame)
				continue;
			matched++;
			if (r->events != want[i].events || r->n_ep != want[i].n_ep)
				fail_msg("%s frame %u: events 0x%x n_ep %u", file, frame, r->events, r->n_ep);
			if (want[i].n_ep)
				assert_ep(&r->ep[0], want[i].family, want[i].addr, want[i].port);
			if (want[i].n_ep > 1)
				assert_int_equal(r->ep[1].port, want[i].port + 1);
		}
		if (proto == IPPROTO_TCP)
			assert_int_equal(r->next, plen); /* one whole message per segment here */
	}
	pcap_close(pc);
	assert_int_equal(matched, n_want);
	assert_int_equal(seen, n_sip);
}

static void test_pcap_tcp_call(void **state)
{
	/* sip.Method / sip.Status-Code / sdp.* as tshark shows them. */
	static const struct pcap_expect want[] = {
		{ 3, ALG_EV_MESSAGE | ALG_EV_OPEN, 2, AF_INET, "10.33.6.100", 6000 },
		{ 5, ALG_EV_MESSAGE, 0, 0, NULL, 0 },
		{ 7, ALG_EV_MESSAGE, 0, 0, NULL, 0 },
		{ 9, ALG_EV_MESSAGE, 2, AF_INET, "10.33.6.101", 6050 },
		{ 11, ALG_EV_MESSAGE, 0, 0, NULL, 0 },
		{ 81, ALG_EV_MESSAGE | ALG_EV_CLOSE | ALG_EV_WITHDRAW, 0, 0, NULL, 0 },
		{ 83, ALG_EV_MESSAGE, 0, 0, NULL, 0 },
	};

	(void)state;
	check_pcap("heplify-sip-tcp-sdp-rtp.pcap", want, sizeof(want) / sizeof(want[0]), 7);
}

static void test_pcap_ipv6_udp_call(void **state)
{
	static const struct pcap_expect want[] = {
		{ 1, ALG_EV_MESSAGE | ALG_EV_OPEN, 2, AF_INET6, "fe80::21a:a0ff:fe07:32e0", 5008 },
		{ 2, ALG_EV_MESSAGE, 0, 0, NULL, 0 },
		{ 3, ALG_EV_MESSAGE, 2, AF_INET6, "fec0::216:d3ff:fe0d:22c", 5008 },
		{ 4, ALG_EV_MESSAGE, 0, 0, NULL, 0 },
		{ 5, ALG_EV_MESSAGE | ALG_EV_CLOSE | ALG_EV_WITHDRAW, 0, 0, NULL, 0 },
		{ 6, ALG_EV_MESSAGE, 0, 0, NULL, 0 },
	};

	(void)state;
	check_pcap("heplify-sip-ipv6-udp.pcap", want, sizeof(want) / sizeof(want[0]), 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_args),
		cmocka_unit_test(test_invite_v4),
		cmocka_unit_test(test_invite_v6_and_brackets),
		cmocka_unit_test(test_two_media_and_media_level_c),
		cmocka_unit_test(test_rtcp_attributes),
		cmocka_unit_test(test_port_zero_count_and_low_port),
		cmocka_unit_test(test_media_kinds),
		cmocka_unit_test(test_t38_udptl),
		cmocka_unit_test(test_missing_or_bad_c),
		cmocka_unit_test(test_responses),
		cmocka_unit_test(test_failure_responses),
		cmocka_unit_test(test_requests),
		cmocka_unit_test(test_content_type),
		cmocka_unit_test(test_compact_headers),
		cmocka_unit_test(test_tcp_two_messages),
		cmocka_unit_test(test_tcp_framing_edges),
		cmocka_unit_test(test_bad_content_length),
		cmocka_unit_test(test_not_sip),
		cmocka_unit_test(test_keepalive_and_partial_start),
		cmocka_unit_test(test_missing_cseq_and_bad_headers),
		cmocka_unit_test(test_truncated_sdp),
		cmocka_unit_test(test_more_than_max_endpoints),
		cmocka_unit_test(test_long_message),
		cmocka_unit_test(test_sdp_line_bound),
		cmocka_unit_test(test_header_names),
		cmocka_unit_test(test_pcap_tcp_call),
		cmocka_unit_test(test_pcap_ipv6_udp_call),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
