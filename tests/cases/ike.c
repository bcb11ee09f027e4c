// SPDX-License-Identifier: GPL-2.0
/*
 * IKE case table (RFC 2408/2409 IKEv1, RFC 7296 IKEv2, RFC 3948 non-ESP
 * marker). Headers as in $SHARED/pcaps/ike; the encrypted bodies, which
 * the parser never reads, are zeros.
 */
#include "alg_case.h"

#define I500 { ALG_AF_INET, ALG_IPPROTO_UDP, 1, 0, 500, 500 }
#define R500 { ALG_AF_INET, ALG_IPPROTO_UDP, 0, 0, 500, 500 }
#define I4500 { ALG_AF_INET, ALG_IPPROTO_UDP, 1, ALG_MSG_CHILD, 14500, 4500 }
#define R4500 { ALG_AF_INET, ALG_IPPROTO_UDP, 0, ALG_MSG_CHILD, 4500, 14500 }
#define R500_6 { ALG_AF_INET6, ALG_IPPROTO_UDP, 0, 0, 500, 500 }
#define MSG ALG_EV_MESSAGE
#define BAD (ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR)

/* The 28-byte header: SPIs, next payload, version, exchange, flags, message id 0, length. */
#define SPI_I 0x05, 0xac, 0x0f, 0x4d, 0x12, 0x20, 0x13, 0xf4
#define SPI_R 0x5f, 0x46, 0xee, 0x70, 0xbc, 0x4c, 0x5d, 0x0d
#define SPI_0 0, 0, 0, 0, 0, 0, 0, 0
#define HDR(rspi, np, ver, exch, flags, len) \
	SPI_I, rspi, (np), (ver), (exch), (flags), 0, 0, 0, 0, 0, 0, 0, (len)
#define MARKER 0, 0, 0, 0

#define CASE(nm, m, c, ev, n, ...) \
	{ .name = (nm), .msg = (m), .len = sizeof(m), .ctx = c, .events = (ev), \
	  .next = sizeof(m), .n_ep = (n), .ep = { __VA_ARGS__ } }

#define NAT_T { .addr = NULL, .port = 4500, .proto = ALG_IPPROTO_UDP, .child_alg = ALG_IKE }
#define ESP_IN { .addr = NULL, .proto = ALG_IPPROTO_ESP }
#define ESP_OUT { .addr = NULL, .proto = ALG_IPPROTO_ESP, .opener = ALG_OPENER_SENDER }

/* IKEv2: SA (33) first in IKE_SA_INIT; SK (46) first once encrypted. */
static const __u8 v2_init_req[36] = { HDR(SPI_0, 33, 0x20, 34, 0x08, 36), 0, 0, 0, 8 };
static const __u8 v2_init_resp[36] = { HDR(SPI_R, 33, 0x20, 34, 0x20, 36), 0, 0, 0, 8 };
static const __u8 v2_init_resp_4500[40] = { MARKER, HDR(SPI_R, 33, 0x20, 34, 0x20, 36), 0, 0, 0, 8 };
static const __u8 v2_auth_req[40] = { MARKER, HDR(SPI_R, 46, 0x20, 35, 0x08, 36), 0, 0, 0, 8 };
static const __u8 v2_auth_resp[40] = { MARKER, HDR(SPI_R, 46, 0x20, 35, 0x20, 36), 0, 0, 0, 8 };
static const __u8 v2_auth_resp_500[36] = { HDR(SPI_R, 46, 0x20, 35, 0x20, 36), 0, 0, 0, 8 };
static const __u8 v2_child_resp[40] = { MARKER, HDR(SPI_R, 46, 0x20, 36, 0x20, 36), 0, 0, 0, 8 };
static const __u8 v2_info_sk[40] = { MARKER, HDR(SPI_R, 46, 0x20, 37, 0x00, 36), 0, 0, 0, 8 };
/* A clear INFORMATIONAL with a Delete (42) of the IKE SA: protocol 1, SPI size 0, no SPIs. */
static const __u8 v2_info_delete[36] = { HDR(SPI_R, 42, 0x20, 37, 0x08, 36), 0, 0, 0, 8, 1, 0, 0, 0 };
/* IKEv1 Main Mode: SA (1) first; Quick Mode and later encrypted (flag E). */
static const __u8 v1_mm_1[36] = { HDR(SPI_0, 1, 0x10, 2, 0x00, 36), 0, 0, 0, 8 };
static const __u8 v1_mm_2[36] = { HDR(SPI_R, 1, 0x10, 2, 0x00, 36), 0, 0, 0, 8 };
static const __u8 v1_aggr_2[36] = { HDR(SPI_R, 1, 0x10, 4, 0x00, 36), 0, 0, 0, 8 };
static const __u8 v1_quick[40] = { MARKER, HDR(SPI_R, 8, 0x10, 32, 0x01, 36), 0, 0, 0, 8 };
/* IKEv1 Informational in clear: Delete (12), DOI 1, protocol 3 (ESP) or 1 (ISAKMP). */
static const __u8 v1_delete_esp[44] = {
	HDR(SPI_R, 12, 0x10, 5, 0x00, 44), 0, 0, 0, 16, 0, 0, 0, 1, 3, 4, 0, 1, 0xf4, 0xdc, 0x0a, 0xe5
};
static const __u8 v1_delete_sa[56] = {
	HDR(SPI_R, 12, 0x10, 5, 0x00, 56), 0, 0, 0, 28, 0, 0, 0, 1, 1, 16, 0, 1, SPI_I, SPI_R
};
static const __u8 v1_info_encrypted[36] = { HDR(SPI_R, 8, 0x10, 5, 0x01, 36), 0, 0, 0, 8 };
/* A Delete whose length runs past the message. */
static const __u8 v1_delete_past[40] = { HDR(SPI_R, 12, 0x10, 5, 0x00, 40), 0, 0, 0, 64, 0, 0, 0, 1 };
static const __u8 lying_length[36] = { HDR(SPI_R, 33, 0x20, 34, 0x20, 200), 0, 0, 0, 8 };
static const __u8 short_length[36] = { HDR(SPI_R, 33, 0x20, 34, 0x20, 12), 0, 0, 0, 8 };
static const __u8 no_marker[36] = { HDR(SPI_R, 46, 0x20, 35, 0x20, 36), 0, 0, 0, 8 };
static const __u8 keepalive[1] = { 0xff };
static const __u8 version_3[36] = { HDR(SPI_R, 33, 0x30, 34, 0x20, 36), 0, 0, 0, 8 };
static const __u8 zero_spi[36] = { SPI_0, SPI_R, 33, 0x20, 34, 0x20, 0, 0, 0, 0, 0, 0, 0, 36 };
static const __u8 truncated[20] = { SPI_I, SPI_R, 33, 0x20, 34, 0x20 };

static const struct alg_case cases[] = {
	CASE("IKE_SA_INIT request", v2_init_req, I500, MSG, 0),
	CASE("IKE_SA_INIT response: UDP 4500 carries IKE next", v2_init_resp, R500, MSG, 1, NAT_T),
	CASE("IKE_SA_INIT response over IPv6", v2_init_resp, R500_6, MSG, 1, NAT_T),
	CASE("IKE_SA_INIT response already on 4500", v2_init_resp_4500, R4500, MSG, 0),
	CASE("IKE_AUTH request", v2_auth_req, I4500, MSG, 0),
	CASE("IKE_AUTH response: ESP each way", v2_auth_resp, R4500, MSG, 2, ESP_IN, ESP_OUT),
	CASE("IKE_AUTH response on 500", v2_auth_resp_500, R500, MSG, 2, ESP_IN, ESP_OUT),
	CASE("CREATE_CHILD_SA response: ESP each way", v2_child_resp, R4500, MSG, 2, ESP_IN, ESP_OUT),
	CASE("INFORMATIONAL, encrypted", v2_info_sk, R4500, MSG, 0),
	CASE("INFORMATIONAL in clear deleting the IKE SA", v2_info_delete, I500,
	     MSG | ALG_EV_WITHDRAW | ALG_EV_CLOSE, 0),
	CASE("Main Mode from the initiator", v1_mm_1, I500, MSG, 0),
	CASE("Main Mode from the responder: UDP 4500 next", v1_mm_2, R500, MSG, 1, NAT_T),
	CASE("Aggressive Mode from the responder", v1_aggr_2, R500, MSG, 1, NAT_T),
	CASE("Quick Mode: ESP each way", v1_quick, I4500, MSG, 2, ESP_IN, ESP_OUT),
	CASE("Informational deleting an ESP SA", v1_delete_esp, R500, MSG | ALG_EV_WITHDRAW, 0),
	CASE("Informational deleting the ISAKMP SA", v1_delete_sa, R500,
	     MSG | ALG_EV_WITHDRAW | ALG_EV_CLOSE, 0),
	CASE("Informational, encrypted", v1_info_encrypted, R500, MSG, 0),
	CASE("Delete longer than the message", v1_delete_past, R500, BAD, 0),
	CASE("length field beyond the datagram", lying_length, R500, BAD, 0),
	CASE("length field below the header", short_length, R500, BAD, 0),
	CASE("4500 without the non-ESP marker", no_marker, R4500, 0, 0),
	CASE("NAT keepalive", keepalive, R4500, 0, 0),
	CASE("version 3", version_3, R500, 0, 0),
	CASE("initiator SPI zero", zero_spi, R500, 0, 0),
	CASE("truncated header", truncated, R500, 0, 0),
};

/*
 * One message opens UDP 4500 to its sender (carrying IKE), or ESP both
 * ways with any SPI, never both; nothing after an error; a Delete opens
 * nothing.
 */
static int ike_check(const struct alg_parse_ctx *c, __u32 len, const struct alg_parse_result *r)
{
	(void)c;
	if (r->next != len || r->dropped || r->n_ep > 2)
		return -1;
	if ((r->events & (ALG_EV_PARSE_ERROR | ALG_EV_WITHDRAW | ALG_EV_CLOSE)) && r->n_ep)
		return -1;
	if (r->events & ~(__u32)(ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR | ALG_EV_WITHDRAW | ALG_EV_CLOSE))
		return -1;
	for (__u32 i = 0; i < r->n_ep; i++) {
		const struct alg_endpoint *ep = &r->ep[i];

		if (ep->family != 0 || ep->addr.w[0] || ep->flow_id || ep->src_port)
			return -1;
		if (ep->proto == ALG_IPPROTO_UDP) {
			if (r->n_ep != 1 || ep->port != 4500 || ep->child_alg != ALG_IKE ||
			    ep->opener != ALG_OPENER_RECEIVER)
				return -1;
		} else if (ep->proto != ALG_IPPROTO_ESP || r->n_ep != 2 || ep->child_alg ||
			   ep->opener != (i ? ALG_OPENER_SENDER : ALG_OPENER_RECEIVER)) {
			return -1;
		}
	}
	return 0;
}

const struct alg_case_table alg_cases_ike = { cases, sizeof(cases) / sizeof(cases[0]), ike_check };
