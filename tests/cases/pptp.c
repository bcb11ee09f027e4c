// SPDX-License-Identifier: GPL-2.0
/*
 * PPTP case table (RFC 2637 §2). Messages laid out as in the captures of
 * $SHARED/pcaps/pptp and the lab (pptp-linux as PNS, pptpd as PAC, whose
 * call id is 0); fields not named stay zero.
 */
#include "alg_case.h"

#define C2S { ALG_AF_INET, ALG_IPPROTO_TCP, 1, 0, 40000, 1723 }
#define S2C { ALG_AF_INET, ALG_IPPROTO_TCP, 0, 0, 1723, 40000 }
#define MSG ALG_EV_MESSAGE
#define BAD (ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR)
#define ST ALG_EV_STATE
#define GONE (ALG_EV_WITHDRAW | ALG_EV_STATE)

/* The 12-byte control message header: length, control message, cookie, type. */
#define HDR(len, type) (len) >> 8, (len) & 0xff, 0, 1, 0x1a, 0x2b, 0x3c, 0x4d, 0, (type), 0, 0
#define ID(v) (v) >> 8, (v) & 0xff

/* GRE to the sender (family 0), keyed by call id; to the receiver: opened by the sender. */
#define GRE(id) { .addr = NULL, .port = (id), .proto = ALG_IPPROTO_GRE }
#define GRE_RX(id) { .addr = NULL, .port = (id), .proto = ALG_IPPROTO_GRE, .opener = ALG_OPENER_SENDER }

#define STATE_CASE(nm, m, c, ev, n, in, out, ...)                                              \
	{ .name = (nm), .msg = (m), .len = sizeof(m), .ctx = c, .state = (in),                  \
	  .state_len = sizeof(struct alg_pptp_state), .events = (ev), .next = sizeof(m),         \
	  .n_ep = (n), .ep = { __VA_ARGS__ }, .state_out = (out) }
#define BIN_CASE(nm, m, c, ev, n, ...)                                                  \
	{ .name = (nm), .msg = (m), .len = sizeof(m), .ctx = c, .events = (ev),             \
	  .next = sizeof(m), .n_ep = (n), .ep = { __VA_ARGS__ } }

static const __u8 sccrq[156] = { HDR(156, 1), 1, 0 };
static const __u8 ocrq[168] = { HDR(168, 7), ID(37027), ID(1) };
static const __u8 ocrp_ok[32] = { HDR(32, 8), ID(0), ID(37027), 1 };
static const __u8 ocrp_busy[32] = { HDR(32, 8), ID(0), ID(37027), 4 };
static const __u8 ocrp_unseen[32] = { HDR(32, 8), ID(512), ID(700), 1 };
static const __u8 icrq[220] = { HDR(220, 9), ID(9000) };
static const __u8 icrp_ok[24] = { HDR(24, 10), ID(41), ID(9000), 1 };
static const __u8 iccn[28] = { HDR(28, 11), ID(41) };
static const __u8 ccrq[16] = { HDR(16, 12), ID(37027) };
static const __u8 cdn[148] = { HDR(148, 13), ID(0), 3 };
static const __u8 stopccrq[16] = { HDR(16, 3), 1 };
static const __u8 echo[16] = { HDR(16, 5), 0, 0, 0, 1 };
static const __u8 ocrq_short[40] = { HDR(40, 7), ID(37027) };
static const __u8 ocrq_lying[168] = { HDR(200, 7), ID(37027) };
static const __u8 type_99[16] = { HDR(16, 99) };
static const __u8 bad_cookie[16] = { 0, 16, 0, 1, 0x1a, 0x2b, 0x3c, 0x4e, 0, 5 };
static const __u8 mgmt_type[16] = { 0, 16, 0, 2, 0x1a, 0x2b, 0x3c, 0x4d, 0, 5 };
static const char http[] = "GET / HTTP/1.0\r\n\r\n";

#define CALL(pns, pac, fl) { .pns_id = (pns), .pac_id = (pac), .flags = (fl) }
#define PNS ALG_PPTP_HAVE_PNS
#define PAC ALG_PPTP_HAVE_PAC

static const struct alg_pptp_state none;
static const struct alg_pptp_state pns_only = { { CALL(37027, 0, PNS) } };
static const struct alg_pptp_state connected = { { CALL(37027, 0, PNS | PAC) } };
static const struct alg_pptp_state pac_only = { { CALL(0, 9000, PAC) } };
static const struct alg_pptp_state incoming = { { CALL(41, 9000, PNS | PAC) } };
static const struct alg_pptp_state unseen = { { CALL(700, 512, PAC) } };
static const struct alg_pptp_state two_calls = {
	{ CALL(37027, 0, PNS | PAC), CALL(5, 6, PNS | PAC) }
};
static const struct alg_pptp_state second_stays = { { { 0 }, CALL(5, 6, PNS | PAC) } };
static const struct alg_pptp_state full = {
	{ CALL(1, 2, PNS | PAC), CALL(3, 4, PNS | PAC), CALL(5, 6, PNS | PAC), CALL(7, 8, PNS | PAC) }
};

static const struct alg_case cases[] = {
	BIN_CASE("Start-Control-Connection-Request", sccrq, C2S, MSG, 0),
	BIN_CASE("Echo-Request", echo, S2C, MSG, 0),
	STATE_CASE("Outgoing-Call-Request announces the PNS's call id", ocrq, C2S, MSG | ST, 1,
		   &none, &pns_only, GRE(37027)),
	STATE_CASE("Outgoing-Call-Request again refreshes", ocrq, C2S, MSG, 1,
		   &pns_only, &pns_only, GRE(37027)),
	STATE_CASE("Outgoing-Call-Reply connected announces the PAC's call id 0", ocrp_ok, S2C,
		   MSG | ST, 1, &pns_only, &connected, GRE(0)),
	STATE_CASE("Outgoing-Call-Reply busy ends the call", ocrp_busy, S2C, MSG | GONE, 0,
		   &pns_only, &none),
	STATE_CASE("Outgoing-Call-Reply to an unseen request starts the call", ocrp_unseen, S2C,
		   MSG | ST, 1, &none, &unseen, GRE(512)),
	STATE_CASE("Incoming-Call-Request announces the PAC's call id", icrq, S2C, MSG | ST, 1,
		   &none, &pac_only, GRE(9000)),
	STATE_CASE("Incoming-Call-Reply connect announces the PNS's call id", icrp_ok, C2S,
		   MSG | ST, 1, &pac_only, &incoming, GRE(41)),
	STATE_CASE("Incoming-Call-Connected", iccn, S2C, MSG, 0, &incoming, &incoming),
	STATE_CASE("Call-Clear-Request ends the call", ccrq, C2S, MSG | GONE, 0,
		   &connected, &none),
	STATE_CASE("Call-Clear-Request re-announces the call that stays", ccrq, C2S, MSG | GONE, 2,
		   &two_calls, &second_stays, GRE(5), GRE_RX(6)),
	STATE_CASE("Call-Disconnect-Notify ends the PAC's call", cdn, S2C, MSG | GONE, 2,
		   &two_calls, &second_stays, GRE_RX(5), GRE(6)),
	STATE_CASE("Call-Disconnect-Notify after the clear", cdn, S2C, MSG, 0, &none, &none),
	STATE_CASE("a fifth call gets no resources", ocrq, C2S, MSG, 0, &full, &full),
	STATE_CASE("Stop-Control-Connection-Request closes", stopccrq, C2S,
		   MSG | ALG_EV_CLOSE | GONE, 0, &connected, &none),
	BIN_CASE("shorter than its type", ocrq_short, C2S, BAD, 0),
	BIN_CASE("length field lies", ocrq_lying, C2S, BAD, 0),
	BIN_CASE("unknown control message type", type_99, C2S, BAD, 0),
	BIN_CASE("wrong magic cookie", bad_cookie, C2S, ALG_EV_NOT_PROTO, 0),
	BIN_CASE("management message type", mgmt_type, C2S, ALG_EV_NOT_PROTO, 0),
	ALG_CASE("HTTP on 1723", http, C2S, ALG_EV_NOT_PROTO, sizeof(http) - 1, 0),
};

/*
 * A message announces GRE only, toward one of the two ends, at most the
 * calls the state holds twice over; a call is never both opened and the
 * conversation closed; a message that is not PPTP changes nothing.
 */
static int pptp_check(const struct alg_parse_ctx *c, __u32 len, const struct alg_parse_result *r)
{
	(void)c;
	if (r->next != len || r->n_ep > 2 * ALG_PPTP_CALLS)
		return -1;
	if ((r->events & ALG_EV_NOT_PROTO) && r->events != ALG_EV_NOT_PROTO)
		return -1;
	if ((r->events & (ALG_EV_PARSE_ERROR | ALG_EV_CLOSE)) && r->n_ep)
		return -1;
	if (r->n_ep > 1 && !(r->events & ALG_EV_WITHDRAW))
		return -1;
	for (__u32 i = 0; i < r->n_ep; i++) {
		const struct alg_endpoint *ep = &r->ep[i];

		if (ep->proto != ALG_IPPROTO_GRE || ep->family != 0 || ep->addr.w[0] ||
		    ep->opener > ALG_OPENER_SENDER || ep->src_port || ep->flow_id || ep->child_alg)
			return -1;
	}
	return 0;
}

const struct alg_case_table alg_cases_pptp = { cases, sizeof(cases) / sizeof(cases[0]), pptp_check };
