// SPDX-License-Identifier: GPL-2.0
/*
 * H.323 call signalling and H.245 case table (ITU-T H.225.0 v4, H.245 v7,
 * Q.931, RFC 1006). Messages marked "capture frame N" are the bytes of
 * /work/shared/pcaps/h323/ndpi-h323-q931-h245-ras.pcap, encoded by real H.323
 * stacks; the others are encoded by hand from X.691 as noted.
 */
#include "alg_case.h"

#define Q931_C { ALG_AF_INET, ALG_IPPROTO_TCP, 1, 0, 32803, 1720 }
#define Q931_S { ALG_AF_INET, ALG_IPPROTO_TCP, 0, 0, 1720, 32803 }
#define Q931_6 { ALG_AF_INET6, ALG_IPPROTO_TCP, 0, 0, 1720, 32803 }
#define H245_C { ALG_AF_INET, ALG_IPPROTO_TCP, 1, ALG_MSG_CHILD, 32804, 1232 }
#define H245_S { ALG_AF_INET, ALG_IPPROTO_TCP, 0, ALG_MSG_CHILD, 1232, 32804 }
#define MSG ALG_EV_MESSAGE
#define BIN(nm, m, c, ev, n, ...) \
	{ .name = (nm), .msg = (m), .len = sizeof(m) - 1, .ctx = c, .events = (ev), \
	  .next = sizeof(m) - 1, .n_ep = (n), .ep = { __VA_ARGS__ } }
#define TCP_EP(a, p) { .addr = (a), .port = (p), .proto = ALG_IPPROTO_TCP, .child_alg = ALG_H323 }
#define UDP_EP(a, p) { .addr = (a), .port = (p), .proto = ALG_IPPROTO_UDP }

/* capture frame 6, 160 bytes */
static const char setup_v4[] =
	"\x03\x00\x00\xa0\x08\x02\x77\xf4\x05\x04\x03\x80\x90\xa5\x28\x08\x6d\x2e\x6a\x65\x6d\x65\x63\x00"
	"\x7e\x00\x85\x05\x20\xa8\x06\x00\x08\x91\x4a\x00\x04\x01\x40\x06\x00\x6d\x00\x2e\x00\x6a\x00\x65"
	"\x00\x6d\x00\x65\x00\x63\x22\xc0\x09\x00\x00\x3d\x14\x43\x61\x6c\x6c\x67\x65\x6e\x33\x32\x33\x20"
	"\x70\x6f\x67\x61\x63\x73\x61\x6d\x00\x00\x0a\x30\x2e\x39\x61\x6c\x70\x68\x61\x34\x00\x00\x00\x0a"
	"\x01\x06\x12\x06\xb8\x00\xf8\xfd\xf9\x3e\xcd\x9e\xd6\x11\x9a\xb2\x00\x04\x76\x22\x20\x17\x00\x5d"
	"\x0d\x80\x07\x00\x0a\x01\x03\x8f\x80\x23\x11\x00\xc0\xfe\xf9\x3e\xcd\x9e\xd6\x11\x9a\xb2\x00\x04"
	"\x76\x22\x20\x17\x01\x00\x01\x00\x01\x00\x01\x00\x02\x80\x01\x00";

/* capture frame 18, 97 bytes */
static const char connect_h245[] =
	"\x03\x00\x00\x61\x08\x02\xf7\xf4\x07\x28\x07\x4d\x2e\x4a\x45\x4d\x45\x43\x7e\x00\x4c\x05\x22\xc0"
	"\x06\x00\x08\x91\x4a\x00\x03\x00\x0a\x01\x06\x12\x04\xd0\x22\xc0\x00\x00\x00\x00\x03\x33\x31\x30"
	"\x69\x00\x52\x00\xf8\xfd\xf9\x3e\xcd\x9e\xd6\x11\x9a\xb2\x00\x04\x76\x22\x20\x17\x17\x0c\x00\x11"
	"\x00\xc0\xfe\xf9\x3e\xcd\x9e\xd6\x11\x9a\xb2\x00\x04\x76\x22\x20\x17\x01\x00\x01\x00\x08\x80\x01"
	"\x00";

/* capture frame 25, 28 bytes */
static const char h245_tcs[] =
	"\x03\x00\x00\x1c\x02\x30\x01\x06\x00\x08\x81\x75\x00\x05\x00\x80\x1b\xc5\x20\x40\x1d\x00\x80\x00"
	"\x00\x00\x1b\xc5";

/* capture frame 38, 24 bytes */
static const char h245_olc_a[] =
	"\x03\x00\x00\x18\x03\x00\x00\x64\x0c\x20\x1d\x80\x0b\x0d\x00\x01\x00\x0a\x01\x03\x8f\x13\x89\x80";

/* capture frame 39, 23 bytes */
static const char h245_olc_b[] =
	"\x03\x00\x00\x17\x03\x00\x00\x3c\x0c\x20\x1d\x80\x0a\x04\x00\x01\x00\x0a\x01\x06\x12\x07\xd7";

/* capture frame 41, 30 bytes */
static const char h245_olca_a[] =
	"\x03\x00\x00\x1e\x22\xc0\x00\x3c\x02\x80\x13\x5c\x00\x00\x0a\x01\x03\x8f\x13\x88\x00\x0a\x01\x03"
	"\x8f\x13\x89\x01\x01\x00";

/* capture frame 42, 31 bytes */
static const char h245_olca_b[] =
	"\x03\x00\x00\x1f\x22\xc0\x00\x64\x04\x80\x14\x5c\x00\x00\x0a\x01\x06\x12\x07\xd6\x00\x0a\x01\x06"
	"\x12\x07\xd7\x03\x00\x01\x80";

/* capture frame 66, 46 bytes */
static const char release_complete[] =
	"\x03\x00\x00\x2e\x08\x02\x80\x01\x5a\x7e\x00\x22\x05\x25\xc0\x06\x00\x08\x91\x4a\x00\x04\x58\x08"
	"\x11\x00\x24\xab\x15\x72\x76\xfa\x18\x10\x9a\x58\x00\x13\x21\xf0\x69\x90\x02\x80\x01\x00";

/* capture frame 10, 64 bytes */
static const char call_proceeding[] =
	"\x03\x00\x00\x40\x08\x02\xf7\xf4\x02\x7e\x00\x34\x05\x21\x80\x06\x00\x08\x91\x4a\x00\x03\x22\xc0"
	"\x00\x00\x00\x00\x03\x33\x31\x30\x69\x00\x52\x00\xf0\xc0\x11\x00\xc0\xfe\xf9\x3e\xcd\x9e\xd6\x11"
	"\x9a\xb2\x00\x04\x76\x22\x20\x17\x01\x00\x01\x00\x08\x80\x01\x00";

/*
 * Connect whose h245Address is ip6Address 2001:db8::2 port 12000: UU-PDU
 * and body preambles 0x02, Connect with h245Address 0x40, the H.225.0 v4
 * protocol identifier, TransportAddress index 3 with the ip6Address
 * extension bit (0x30), address and port, an empty EndpointType and a
 * conference id.
 */
static const char connect_v6[] =
	"\x03\x00\x00\x3b\x08\x02\x80\x01\x07\x7e\x00\x2f\x05"
	"\x02\x40\x06\x00\x08\x91\x4a\x00\x04\x30"
	"\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x2e\xe0"
	"\x00\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10";

/* The OpenLogicalChannel of capture frame 38 (mediaControlChannel 10.1.3.143:5001). */
#define OLC_5001 "\x00\x00\x64\x0c\x20\x1d\x80\x0b\x0d\x00\x01\x00\x0a\x01\x03\x8f\x13\x89\x80"

/*
 * Setup with one fastStart proposal: preambles 0x00 0x80 (Setup extended,
 * no optional root component), protocol identifier, an empty EndpointType
 * and activeMC, conference id, conferenceGoal create and callType
 * pointToPoint, then the extension bitmap of 7 additions with only
 * fastStart (0x00 0x30 0x10) and fastStart as an open type: one OCTET
 * STRING of 19 octets holding the OpenLogicalChannel.
 */
static const char setup_fast_start[] =
	"\x03\x00\x00\x41\x08\x02\x00\x02\x05\x7e\x00\x35\x05"
	"\x00\x80\x06\x00\x08\x91\x4a\x00\x04\x00\x00"
	"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10"
	"\x00\x30\x10\x15\x01\x13" OLC_5001;

/*
 * Facility with the empty body (extension alternative 1) tunnelling the
 * OpenLogicalChannel of capture frame 38 in h245Control (UU-PDU extension
 * addition 2): 0x28 0x10, empty open type, bitmap 0x04 0x40, then the
 * SEQUENCE OF with one 20-octet MultimediaSystemControlMessage.
 */
static const char facility_tunnel[] =
	"\x03\x00\x00\x2a\x08\x02\x00\x02\x62\x7e\x00\x1e\x05"
	"\x28\x10\x01\x00\x04\x40\x16\x01\x14\x03" OLC_5001;

/* endSessionCommand (command 5): 0x4a, then its disconnect alternative. */
static const char h245_end_session[] = "\x03\x00\x00\x06\x4a\x40";

/* The Connect of frame 18 with the UUIE's length one beyond the message. */
static const char connect_lying_length[] =
	"\x03\x00\x00\x16\x08\x02\xf7\xf4\x07\x28\x07\x4d\x2e\x4a\x45\x4d\x45\x43\x7e\x00\x4d\x05";

/* Connect whose h245Address port is 0: no resource. */
static const char connect_port_zero[] =
	"\x03\x00\x00\x2f\x08\x02\x80\x01\x07\x7e\x00\x23\x05"
	"\x02\x40\x06\x00\x08\x91\x4a\x00\x04\x00\x0a\x01\x06\x12\x00\x00\x00\x00"
	"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10";

static const struct alg_case cases[] = {
	BIN("Setup without h245Address or fastStart (frame 6)", setup_v4, Q931_C, MSG | ALG_EV_OPEN, 0),
	BIN("Call Proceeding (frame 10)", call_proceeding, Q931_S, MSG, 0),
	BIN("Connect names the H.245 address (frame 18)", connect_h245, Q931_S, MSG, 1,
	    TCP_EP("10.1.6.18", 1232)),
	BIN("Connect with an IPv6 h245Address", connect_v6, Q931_6, MSG, 1, TCP_EP("2001:db8::2", 12000)),
	BIN("Setup offering a fastStart channel", setup_fast_start, Q931_C, MSG | ALG_EV_OPEN, 1,
	    UDP_EP("10.1.3.143", 5001)),
	BIN("Facility tunnelling an OpenLogicalChannel", facility_tunnel, Q931_C, MSG, 1,
	    UDP_EP("10.1.3.143", 5001)),
	BIN("Release Complete ends the call (frame 66)", release_complete, Q931_S,
	    MSG | ALG_EV_CLOSE | ALG_EV_WITHDRAW, 0),
	BIN("H.245 terminalCapabilitySet: no address (frame 25)", h245_tcs, H245_S, MSG, 0),
	BIN("H.245 on the call's own connection is not H.245", h245_tcs, Q931_S, ALG_EV_NOT_PROTO, 0),
	BIN("H.245 OpenLogicalChannel: RTCP (frame 38)", h245_olc_a, H245_C, MSG, 1,
	    UDP_EP("10.1.3.143", 5001)),
	BIN("H.245 OpenLogicalChannel: RTCP (frame 39)", h245_olc_b, H245_S, MSG, 1,
	    UDP_EP("10.1.6.18", 2007)),
	BIN("H.245 OpenLogicalChannelAck: RTP and RTCP (frame 41)", h245_olca_a, H245_C, MSG, 2,
	    UDP_EP("10.1.3.143", 5000), UDP_EP("10.1.3.143", 5001)),
	BIN("H.245 OpenLogicalChannelAck: RTP and RTCP (frame 42)", h245_olca_b, H245_S, MSG, 2,
	    UDP_EP("10.1.6.18", 2006), UDP_EP("10.1.6.18", 2007)),
	BIN("H.245 endSessionCommand closes the H.245 session", h245_end_session, H245_C,
	    MSG | ALG_EV_CLOSE, 0),
	BIN("a UUIE longer than its message", connect_lying_length, Q931_S, MSG | ALG_EV_PARSE_ERROR, 0),
	BIN("an h245Address with port 0", connect_port_zero, Q931_S, MSG, 0),
	BIN("HTTP is not TPKT", "GET / HTTP/1.1\r\n\r\n", Q931_C, ALG_EV_NOT_PROTO, 0),
};

/*
 * H.323 announces TCP call signalling or H.245 (parsed as H.323 again) and
 * UDP media, always with an address; H.245 only on a child connection.
 */
static int h323_check(const struct alg_parse_ctx *c, __u32 len, const struct alg_parse_result *r)
{
	if (r->next != len)
		return -1;
	if ((r->events & ALG_EV_NOT_PROTO) && (r->events != ALG_EV_NOT_PROTO || r->n_ep))
		return -1;
	if (r->n_ep && !(r->events & ALG_EV_MESSAGE))
		return -1;
	if (r->dropped && r->n_ep != ALG_MAX_ENDPOINTS)
		return -1;
	for (__u32 i = 0; i < r->n_ep; i++) {
		const struct alg_endpoint *ep = &r->ep[i];

		if (ep->family != ALG_AF_INET && ep->family != ALG_AF_INET6)
			return -1;
		if (ep->opener != ALG_OPENER_RECEIVER || ep->src_port)
			return -1;
		if (ep->proto == ALG_IPPROTO_TCP ? ep->child_alg != ALG_H323
						 : ep->proto != ALG_IPPROTO_UDP || ep->child_alg)
			return -1;
		for (__u32 j = 0; j < i; j++)
			if (!__builtin_memcmp(&r->ep[j], ep, sizeof(*ep)))
				return -1; /* one message announces an endpoint once */
	}
	(void)c;
	return 0;
}

const struct alg_case_table alg_cases_h323 = { cases, sizeof(cases) / sizeof(cases[0]), h323_check };
