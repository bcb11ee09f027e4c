// SPDX-License-Identifier: GPL-2.0
/*
 * TALK case table (4.3BSD <protocols/talkd.h>, 4.2BSD talk): ntalk messages
 * from $SHARED/pcaps/talk/ntalk-successful-conversation.pcap, then the same
 * fields rewritten for the hostile and old-talk cases.
 */
#include "alg_case.h"

#define REQ { ALG_AF_INET, ALG_IPPROTO_UDP, 1, 0, 36432, 518 }
#define RSP { ALG_AF_INET, ALG_IPPROTO_UDP, 0, 0, 518, 36432 }
#define REQ6 { ALG_AF_INET6, ALG_IPPROTO_UDP, 1, 0, 36432, 518 }
#define OLD_REQ { ALG_AF_INET, ALG_IPPROTO_UDP, 1, 0, 36432, 517 }
#define OLD_RSP { ALG_AF_INET, ALG_IPPROTO_UDP, 0, 0, 517, 36432 }
#define MSG ALG_EV_MESSAGE
#define BAD (ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR)

/* ntalk CTL_MSG: vers 1, type, id, addr = 127.0.0.1:port (osockaddr), ctl_addr, pid, names. */
#define NTALK_MSG(type, fam, port_hi, port_lo)                                             \
	"\x01" type "\x00\x00" "\xff\xff\xff\xff" fam port_hi port_lo "\x7f\x00\x00\x01"    \
	"\0\0\0\0\0\0\0\0" "\x00\x02\x8e\x50\x7f\x00\x00\x01" "\0\0\0\0\0\0\0\0"            \
	"\x00\x00\x4a\x15" "janedoe\0\0\0\0\0" "vagrant\0\0\0\0\0" "\0\0\0\0\0\0\0\0"      \
	"\0\0\0\0\0\0\0\0"
/* ntalk CTL_RESPONSE: vers 1, type, answer, pad 0x4c, id 2, addr = 127.0.0.1:port. */
#define NTALK_RSP(type, answer, fam, port_hi, port_lo)                                     \
	"\x01" type answer "\x4c" "\x00\x00\x00\x02" fam port_hi port_lo "\x7f\x00\x00\x01" \
	"\0\0\0\0\0\0\0\0"
/* Old talk CTL_MSG (76 bytes): type, l_name[9], r_name[9], pad, id, pid, r_tty, addr, ctl_addr. */
#define OLD_MSG(type, port_hi, port_lo)                                                    \
	type "janedoe\0\0" "vagrant\0\0" "\0" "\x00\x00\x00\x01" "\x00\x00\x4a\x15"         \
	"\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0" "\x00\x02" port_hi port_lo "\xc0\x00\x02\x02"    \
	"\0\0\0\0\0\0\0\0" "\x00\x02\x8e\x50\xc0\x00\x02\x02" "\0\0\0\0\0\0\0\0"
#define OLD_RSP_MSG(type, answer, port_hi, port_lo)                                        \
	type answer "\0\0" "\x00\x00\x00\x01" "\x00\x02" port_hi port_lo "\xc0\x00\x02\x02" \
	"\0\0\0\0\0\0\0\0"

#define IPV4 "\x00\x02"
#define TALK_CASE(nm, m, c, ev, n, ...)                                                  \
	{ .name = (nm), .msg = (m), .len = sizeof(m) - 1, .ctx = c, .events = (ev),       \
	  .next = sizeof(m) - 1, .n_ep = (n), .ep = { __VA_ARGS__ } }

static const struct alg_case cases[] = {
	TALK_CASE("ANNOUNCE", NTALK_MSG("\x03", IPV4, "\x97", "\xca"), REQ, MSG, 1,
		  ALG_EP("127.0.0.1", 38858, ALG_IPPROTO_TCP)),
	TALK_CASE("LEAVE_INVITE", NTALK_MSG("\x00", IPV4, "\x97", "\xca"), REQ, MSG, 1,
		  ALG_EP("127.0.0.1", 38858, ALG_IPPROTO_TCP)),
	TALK_CASE("LOOK_UP request (addr port 0)", NTALK_MSG("\x01", IPV4, "\x00", "\x00"), REQ,
		  MSG, 0),
	TALK_CASE("DELETE request", NTALK_MSG("\x02", IPV4, "\x97", "\xca"), REQ, MSG, 0),
	TALK_CASE("LOOK_UP response SUCCESS", NTALK_RSP("\x01", "\x00", IPV4, "\x97", "\xca"), RSP,
		  MSG, 1, ALG_EP("127.0.0.1", 38858, ALG_IPPROTO_TCP)),
	TALK_CASE("LOOK_UP response NOT_HERE", NTALK_RSP("\x01", "\x01", "\x03\x00", "\x00", "\x00"),
		  RSP, MSG, 0),
	TALK_CASE("ANNOUNCE response (addr is not set)",
		  NTALK_RSP("\x03", "\x00", "\x03\x00", "\x00", "\x00"), RSP, MSG, 0),
	TALK_CASE("DELETE response", NTALK_RSP("\x02", "\x00", IPV4, "\x97", "\xca"), RSP, MSG, 0),
	TALK_CASE("ANNOUNCE of port 0", NTALK_MSG("\x03", IPV4, "\x00", "\x00"), REQ, BAD, 0),
	TALK_CASE("ANNOUNCE of another family", NTALK_MSG("\x03", "\x00\x0a", "\x97", "\xca"), REQ,
		  BAD, 0),
	TALK_CASE("ANNOUNCE, family in host order", NTALK_MSG("\x03", "\x02\x00", "\x97", "\xca"),
		  REQ, BAD, 0),
	TALK_CASE("LOOK_UP SUCCESS of port 0", NTALK_RSP("\x01", "\x00", IPV4, "\x00", "\x00"), RSP,
		  BAD, 0),
	TALK_CASE("unknown request type", NTALK_MSG("\x04", IPV4, "\x97", "\xca"), REQ, BAD, 0),
	TALK_CASE("ANNOUNCE on IPv6", NTALK_MSG("\x03", IPV4, "\x97", "\xca"), REQ6, BAD, 0),
	TALK_CASE("version 2 is not ntalk 1", "\x02\x03\x00\x00", REQ, 0, 0),
	TALK_CASE("truncated CTL_MSG", "\x01\x03\x00\x00\xff\xff\xff\xff\x00\x02\x97\xca", REQ, BAD,
		  0),
	TALK_CASE("truncated CTL_RESPONSE", "\x01\x01\x00\x00\x00\x00\x00\x02\x00\x02\x97\xca", RSP,
		  BAD, 0),
	TALK_CASE("old talk ANNOUNCE", OLD_MSG("\x03", "\x04", "\x00"), OLD_REQ, MSG, 1,
		  ALG_EP("192.0.2.2", 1024, ALG_IPPROTO_TCP)),
	TALK_CASE("old talk LOOK_UP", OLD_MSG("\x01", "\x04", "\x00"), OLD_REQ, MSG, 0),
	TALK_CASE("old talk LOOK_UP response SUCCESS", OLD_RSP_MSG("\x01", "\x00", "\x04", "\x00"),
		  OLD_RSP, MSG, 1, ALG_EP("192.0.2.2", 1024, ALG_IPPROTO_TCP)),
	TALK_CASE("old talk LOOK_UP response FAILED", OLD_RSP_MSG("\x01", "\x02", "\x04", "\x00"),
		  OLD_RSP, MSG, 0),
	TALK_CASE("old talk unknown type", OLD_MSG("\x07", "\x04", "\x00"), OLD_REQ, BAD, 0),
};

/* At most one endpoint: an IPv4 TCP rendezvous, on an IPv4 flow, opened by the receiver. */
static int talk_check(const struct alg_parse_ctx *c, __u32 len, const struct alg_parse_result *r)
{
	if (r->n_ep > 1 || r->dropped || r->next != (len > ALG_MAX_PAYLOAD ? ALG_MAX_PAYLOAD : len))
		return -1;
	if (r->events & ~(__u32)(ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR))
		return -1;
	if (r->n_ep) {
		const struct alg_endpoint *ep = &r->ep[0];

		if (r->events != ALG_EV_MESSAGE || c->family != ALG_AF_INET ||
		    c->proto != ALG_IPPROTO_UDP)
			return -1;
		if (ep->family != ALG_AF_INET || ep->proto != ALG_IPPROTO_TCP || ep->port == 0 ||
		    ep->opener != ALG_OPENER_RECEIVER || ep->src_port)
			return -1;
	}
	return 0;
}

const struct alg_case_table alg_cases_talk = { cases, sizeof(cases) / sizeof(cases[0]), talk_check };
