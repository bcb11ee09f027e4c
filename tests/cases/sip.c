// SPDX-License-Identifier: GPL-2.0
/* SIP case table (RFC 3261, RFC 4566, RFC 3264, RFC 3605, RFC 5761, ITU-T T.38 Annex D). */
#include "alg_case.h"

#define UDP_C { ALG_AF_INET, ALG_IPPROTO_UDP, 1, 0, 5060, 5060 }
#define UDP_S { ALG_AF_INET, ALG_IPPROTO_UDP, 0, 0, 5060, 5060 }
#define TCP_C { ALG_AF_INET, ALG_IPPROTO_TCP, 1, 0, 40000, 5060 }
#define UDP6_C { ALG_AF_INET6, ALG_IPPROTO_UDP, 1, 0, 5060, 5060 }
#define MSG ALG_EV_MESSAGE

#define INVITE_SDP(sdp)                                                       \
	"INVITE sip:bob@198.51.100.2 SIP/2.0\r\nCSeq: 1 INVITE\r\n"            \
	"Content-Type: application/sdp\r\nContent-Length: " sdp
#define SDP_AUDIO "v=0\r\nc=IN IP4 192.0.2.2\r\nm=audio 6000 RTP/AVP 0\r\n"
#define SDP_T38 "v=0\r\nc=IN IP4 192.0.2.2\r\nm=image 6010 udptl t38\r\n"
#define SDP_V6 "v=0\r\nc=IN IP6 2001:db8:1::2\r\nm=audio 6000 RTP/AVP 0\r\n"
/*
 * A rich offer (ICE candidates, RFC 8445 §5.1.1) filling the message to
 * ALG_MAX_PAYLOAD (8,192 bytes) exactly, its m= lines at the very end.
 */
#define SDP_CAND "a=candidate:1 1 UDP 2130706431 192.0.2.2 6000 typ host\r\n"
#define SDP_CAND2 SDP_CAND SDP_CAND
#define SDP_CAND8 SDP_CAND2 SDP_CAND2 SDP_CAND2 SDP_CAND2
#define SDP_CAND32 SDP_CAND8 SDP_CAND8 SDP_CAND8 SDP_CAND8
#define SDP_CAND128 SDP_CAND32 SDP_CAND32 SDP_CAND32 SDP_CAND32
#define SDP_8K                                                                 \
	"8084\r\n\r\nv=0\r\no=- 20518 0 IN IP4 192.0.2.2\r\ns=an offer of 8 KiB\r\n"  \
	"c=IN IP4 192.0.2.2\r\nt=0 0\r\n" SDP_CAND128 SDP_CAND8 SDP_CAND2 SDP_CAND2 SDP_CAND2 \
	"m=audio 6000 RTP/AVP 0\r\nm=video 6002 RTP/AVP 96\r\n"

static const struct alg_case cases[] = {
	ALG_CASE("INVITE with audio over UDP", INVITE_SDP("49\r\n\r\n" SDP_AUDIO),
		 UDP_C, MSG | ALG_EV_OPEN, ALG_CASE_ANY_NEXT, 2,
		 ALG_EP("192.0.2.2", 6000, ALG_IPPROTO_UDP), ALG_EP("192.0.2.2", 6001, ALG_IPPROTO_UDP)),
	ALG_CASE("INVITE with audio over TCP", INVITE_SDP("49\r\n\r\n" SDP_AUDIO),
		 TCP_C, MSG | ALG_EV_OPEN, 155, 2,
		 ALG_EP("192.0.2.2", 6000, ALG_IPPROTO_UDP), ALG_EP("192.0.2.2", 6001, ALG_IPPROTO_UDP)),
	ALG_CASE("8 KiB INVITE, media at its end, over TCP", INVITE_SDP(SDP_8K),
		 TCP_C, MSG | ALG_EV_OPEN, 8192, 4,
		 ALG_EP("192.0.2.2", 6000, ALG_IPPROTO_UDP), ALG_EP("192.0.2.2", 6001, ALG_IPPROTO_UDP),
		 ALG_EP("192.0.2.2", 6002, ALG_IPPROTO_UDP), ALG_EP("192.0.2.2", 6003, ALG_IPPROTO_UDP)),
	ALG_CASE("8 KiB INVITE, media at its end, over UDP", INVITE_SDP(SDP_8K),
		 UDP_C, MSG | ALG_EV_OPEN, 8192, 4,
		 ALG_EP("192.0.2.2", 6000, ALG_IPPROTO_UDP), ALG_EP("192.0.2.2", 6001, ALG_IPPROTO_UDP),
		 ALG_EP("192.0.2.2", 6002, ALG_IPPROTO_UDP), ALG_EP("192.0.2.2", 6003, ALG_IPPROTO_UDP)),
	ALG_CASE("INVITE over TCP, body not all here", INVITE_SDP("60\r\n\r\n" SDP_AUDIO),
		 TCP_C, MSG | ALG_EV_OPEN, 166, 0),
	ALG_CASE("T.38 fax: one UDPTL port", INVITE_SDP("49\r\n\r\n" SDP_T38),
		 UDP_C, MSG | ALG_EV_OPEN, ALG_CASE_ANY_NEXT, 1,
		 ALG_EP("192.0.2.2", 6010, ALG_IPPROTO_UDP)),
	ALG_CASE("INVITE with IPv6 audio", INVITE_SDP("53\r\n\r\n" SDP_V6),
		 UDP6_C, MSG | ALG_EV_OPEN, ALG_CASE_ANY_NEXT, 2,
		 ALG_EP("2001:db8:1::2", 6000, ALG_IPPROTO_UDP), ALG_EP("2001:db8:1::2", 6001, ALG_IPPROTO_UDP)),
	ALG_CASE("BYE withdraws", "BYE sip:bob@198.51.100.2 SIP/2.0\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n",
		 UDP_C, MSG | ALG_EV_CLOSE | ALG_EV_WITHDRAW, ALG_CASE_ANY_NEXT, 0),
	ALG_CASE("486 to INVITE closes", "SIP/2.0 486 Busy Here\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
		 UDP_S, MSG | ALG_EV_CLOSE | ALG_EV_WITHDRAW, ALG_CASE_ANY_NEXT, 0),
	ALG_CASE("HTTP is not SIP", "POST / HTTP/1.1\r\nHost: x\r\n\r\n",
		 TCP_C, ALG_EV_NOT_PROTO, ALG_NEXT_UNKNOWN, 0),
	ALG_CASE("CRLF keep-alive", "\r\n\r\n",
		 TCP_C, 0, 4, 0),
	ALG_CASE("hold address gives nothing", INVITE_SDP("47\r\n\r\nv=0\r\nc=IN IP4 0.0.0.0\r\nm=audio 6000 RTP/AVP 0\r\n"),
		 UDP_C, MSG | ALG_EV_OPEN, ALG_CASE_ANY_NEXT, 0),
};

/* Media endpoints only: UDP, a real address, from a recognised message. */
static int sip_check(const struct alg_parse_ctx *c, __u32 len, const struct alg_parse_result *r)
{
	if (r->dropped && r->n_ep != ALG_MAX_ENDPOINTS)
		return -1;
	if ((r->events & ALG_EV_NOT_PROTO) && (r->events != ALG_EV_NOT_PROTO || r->n_ep))
		return -1;
	if (r->n_ep && !(r->events & ALG_EV_MESSAGE))
		return -1;
	if (c->proto == ALG_IPPROTO_UDP && r->next != len)
		return -1;
	if (c->proto == ALG_IPPROTO_TCP && r->n_ep && r->next > len)
		return -1; /* endpoints only from a message whose whole body is here */
	for (__u32 i = 0; i < r->n_ep; i++) {
		const struct alg_endpoint *ep = &r->ep[i];

		if (ep->proto != ALG_IPPROTO_UDP || (ep->port < 1024 && ep->port))
			return -1;
		if (ep->family != ALG_AF_INET && ep->family != ALG_AF_INET6)
			return -1;
		if (!(ep->addr.w[0] | ep->addr.w[1] | ep->addr.w[2] | ep->addr.w[3]))
			return -1; /* hold addresses give no endpoint */
	}
	return 0;
}

const struct alg_case_table alg_cases_sip = { cases, sizeof(cases) / sizeof(cases[0]), sip_check };
