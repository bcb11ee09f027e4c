/* SPDX-License-Identifier: GPL-2.0 */
/* SIP messages (RFC 3261) with SDP bodies (RFC 4566) for the datapath tests. */
#ifndef ALGTRACK_TEST_SIPMSG_H
#define ALGTRACK_TEST_SIPMSG_H

#include <stdio.h>
#include <string.h>

#define SIP_BUF 2048

/* An audio offer or answer: one m= line, c= at session level. */
static inline void sdp_audio(char *out, size_t cap, const char *addr, unsigned int port)
{
	const char *ip = strchr(addr, ':') ? "IP6" : "IP4";

	snprintf(out, cap,
		 "v=0\r\n"
		 "o=- 20518 0 IN %s %s\r\n"
		 "s=-\r\n"
		 "c=IN %s %s\r\n"
		 "t=0 0\r\n"
		 "m=audio %u RTP/AVP 0 101\r\n"
		 "a=rtpmap:0 PCMU/8000\r\n"
		 "a=rtpmap:101 telephone-event/8000\r\n",
		 ip, addr, ip, addr, port);
}

/*
 * The offer or answer of a call that moves its audio (a re-INVITE, RFC 3264
 * §8.3.1): a new version in o=, the c= at media level, a new port.
 */
static inline void sdp_audio_moved(char *out, size_t cap, const char *addr, unsigned int port)
{
	const char *ip = strchr(addr, ':') ? "IP6" : "IP4";

	snprintf(out, cap,
		 "v=0\r\n"
		 "o=- 20518 1 IN %s %s\r\n"
		 "s=-\r\n"
		 "t=0 0\r\n"
		 "m=audio %u RTP/AVP 0 101\r\n"
		 "c=IN %s %s\r\n"
		 "a=rtpmap:0 PCMU/8000\r\n"
		 "a=rtpmap:101 telephone-event/8000\r\n",
		 ip, addr, port, ip, addr);
}

/*
 * The switch to fax (ITU-T T.38 Annex D): the audio stream disabled, the
 * image stream on UDPTL at port.
 */
static inline void sdp_t38(char *out, size_t cap, const char *addr, unsigned int port)
{
	const char *ip = strchr(addr, ':') ? "IP6" : "IP4";

	snprintf(out, cap,
		 "v=0\r\n"
		 "o=- 20518 1 IN %s %s\r\n"
		 "s=-\r\n"
		 "c=IN %s %s\r\n"
		 "t=0 0\r\n"
		 "m=audio 0 RTP/AVP 0\r\n"
		 "m=image %u udptl t38\r\n"
		 "a=T38FaxVersion:0\r\n"
		 "a=T38MaxBitRate:14400\r\n"
		 "a=T38FaxRateManagement:transferredTCF\r\n"
		 "a=T38FaxMaxBuffer:2000\r\n"
		 "a=T38FaxMaxDatagram:316\r\n"
		 "a=T38FaxUdpEC:t38UDPRedundancy\r\n",
		 ip, addr, ip, addr, port);
}

/*
 * A SIP message: start line, the usual headers, CSeq "cseq", and a body
 * with Content-Type ctype (none when NULL) and the right Content-Length.
 * Returns the length.
 */
static inline size_t sip_msg(char *out, size_t cap, const char *start_line, const char *cseq,
			     const char *ctype, const char *body)
{
	size_t blen = body ? strlen(body) : 0;
	int n;

	n = snprintf(out, cap,
		     "%s\r\n"
		     "Via: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK776asdhds\r\n"
		     "Max-Forwards: 70\r\n"
		     "From: Alice <sip:alice@example.com>;tag=1928301774\r\n"
		     "To: Bob <sip:bob@example.net>\r\n"
		     "Call-ID: a84b4c76e66710@pc33.example.com\r\n"
		     "CSeq: %s\r\n"
		     "Contact: <sip:alice@192.0.2.2>\r\n"
		     "%s%s%s"
		     "Content-Length: %zu\r\n"
		     "\r\n"
		     "%s",
		     start_line, cseq, ctype ? "Content-Type: " : "", ctype ? ctype : "",
		     ctype ? "\r\n" : "", blen, body ? body : "");
	if (n < 0 || (size_t)n >= cap)
		return 0;
	return (size_t)n;
}

#endif /* ALGTRACK_TEST_SIPMSG_H */
