/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NAT Slipstreaming payloads for the datapath tests: a browser's HTTP POST
 * to a control port whose body an attacker shaped into a control message
 * (the SIP INVITE of the seen case: media on the victim's 3389, 1434 and
 * 5900, each with its RTCP: six UDP pinholes; or an FTP PORT).
 */
#ifndef ALGTRACK_TEST_SLIPMSG_H
#define ALGTRACK_TEST_SLIPMSG_H

#include <stdio.h>
#include "sipmsg.h"

/* The request's head; its body follows in the next segment. */
#define SLIP_POST(port)                                   \
	"POST /slip HTTP/1.1\r\n"                         \
	"Host: 198.51.100.2:" #port "\r\n"                \
	"Content-Type: application/x-www-form-urlencoded\r\n" \
	"Content-Length: 1400\r\n"                        \
	"\r\n"

/* The pinholes the INVITE asks for: three media streams, RTP and RTCP each. */
#define SLIP_PINHOLES 6

/* The INVITE of victim (its own address in the SDP), as a SIP message. */
static inline size_t slip_invite(char *out, size_t cap, const char *victim)
{
	char sdp[512];

	snprintf(sdp, sizeof(sdp),
		 "v=0\r\n"
		 "o=- 1 1 IN IP4 %s\r\n"
		 "s=-\r\n"
		 "c=IN IP4 %s\r\n"
		 "t=0 0\r\n"
		 "m=audio 3389 RTP/AVP 0\r\n"
		 "m=audio 1434 RTP/AVP 0\r\n"
		 "m=video 5900 RTP/AVP 96\r\n",
		 victim, victim);
	return sip_msg(out, cap, "INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE", "application/sdp",
		       sdp);
}

#endif /* ALGTRACK_TEST_SLIPMSG_H */
