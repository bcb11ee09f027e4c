// SPDX-License-Identifier: GPL-2.0
/* MS-RPC endpoint mapper case table (DCE 1.1 RPC C706 §12.6, Appendix L; MS-RPCE §2.2.2.11). */
#include "alg_case.h"
#include "msrpc_pdu.h"

#define CLI { ALG_AF_INET, ALG_IPPROTO_TCP, 1, 0, 49700, 135 }
#define SRV { ALG_AF_INET, ALG_IPPROTO_TCP, 0, 0, 135, 49700 }
#define SRV6 { ALG_AF_INET6, ALG_IPPROTO_TCP, 0, 0, 135, 49700 }
#define MSG ALG_EV_MESSAGE
#define ERR (ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR)
#define STATE (ALG_EV_MESSAGE | ALG_EV_STATE)

#define BYTES(nm, ...) static const __u8 nm[] = { __VA_ARGS__ }
#define PDU_CASE(nm, m, c, st, ev, n, ...) \
	{ .name = (nm), .msg = (m), .len = sizeof(m), .ctx = c, .state = (st), \
	  .state_len = sizeof(struct alg_msrpc_state), .events = (ev), .next = sizeof(m), \
	  .n_ep = (n), .ep = { __VA_ARGS__ } }
#define PDU_CASE_ST(nm, m, c, st, ev, out) \
	{ .name = (nm), .msg = (m), .len = sizeof(m), .ctx = c, .state = (st), \
	  .state_len = sizeof(struct alg_msrpc_state), .events = (ev), .next = sizeof(m), \
	  .state_out = (out) }

/* ---- states ---- */
static const struct alg_msrpc_state st_none;
static const struct alg_msrpc_state st_offer_epm0 = { .offer_ctx = { 0 }, .offer_n = 1, .offer_epm = 1 };
static const struct alg_msrpc_state st_offer_srvsvc = { .offer_ctx = { 0 }, .offer_n = 1 };
static const struct alg_msrpc_state st_offer_two = { .offer_ctx = { 0, 1 }, .offer_n = 2, .offer_epm = 2 };
static const struct alg_msrpc_state st_epm0 = { .epm_ctx = { 0 }, .epm_valid = 1 };
static const struct alg_msrpc_state st_epm1 = { .epm_ctx = { 1 }, .epm_valid = 1 };
static const struct alg_msrpc_state st_map1 = { .epm_ctx = { 0 }, .epm_valid = 1,
						.map_call = { 0, 1 }, .map_valid = 2 };
static const struct alg_msrpc_state st_map9 = { .epm_ctx = { 0 }, .epm_valid = 1,
						.map_call = { 0, 9 }, .map_valid = 2 };

/* The interfaces asked for, as towers carry them (C706 Appendix L: little-endian). */
static const __u8 label_srvsvc[ALG_LABEL_SIZE] = { UUID_SRVSVC(LE) };
/* DRSUAPI e3514235-4b06-11d1-ab04-00c04fc2dcd2, asked for by the Windows client below. */
#define UUID_DRSUAPI B32_LE(0xe3514235), B16_LE(0x4b06), B16_LE(0x11d1), \
	0xab, 0x04, 0x00, 0xc0, 0x4f, 0xc2, 0xdc, 0xd2
static const __u8 label_drsuapi[ALG_LABEL_SIZE] = { UUID_DRSUAPI };
static const __u8 label_none[ALG_LABEL_SIZE];
static const struct alg_msrpc_state st_map1_srvsvc = { .epm_ctx = { 0 }, .epm_valid = 1,
						       .map_call = { 0, 1 }, .map_valid = 2,
						       .map_uuid = { UUID_SRVSVC(LE) }, .uuid_call = 1,
						       .uuid_valid = 1 };
static const struct alg_msrpc_state st_map1_uuid9 = { .epm_ctx = { 0 }, .epm_valid = 1,
						      .map_call = { 0, 1 }, .map_valid = 2,
						      .map_uuid = { UUID_SRVSVC(LE) }, .uuid_call = 9,
						      .uuid_valid = 1 };

/* ---- PDUs ---- */
BYTES(bind_epm, PDU_BIND1(LE, 11, 1, 0, SYN_EPM));
BYTES(bind_srvsvc, PDU_BIND1(LE, 11, 1, 0, SYN_SRVSVC));
BYTES(bind_two_be, PDU_BIND2(BE, 1, 0, SYN_SRVSVC, 1, SYN_EPM));
BYTES(alter_epm, PDU_BIND1(LE, 14, 2, 0, SYN_EPM));
BYTES(bind_ack_ok, PDU_BIND_ACK1(LE, 12, 1, 0));
BYTES(bind_ack_rejected, PDU_BIND_ACK1(LE, 12, 1, 2));
BYTES(alter_resp_ok, PDU_BIND_ACK1(LE, 15, 2, 0));
BYTES(bind_ack_two_be, PDU_BIND_ACK2(BE, 1, 2, 0));
BYTES(bind_nak, PDU_HDR(LE, 13, PDU_WHOLE, 18, 0, 1), B16_LE(0));
BYTES(map_request, PDU_REQUEST(LE, 1, 0, 3));
BYTES(map_request_ctx1, PDU_REQUEST(LE, 1, 1, 3));
BYTES(map_request_srvsvc, PDU_MAP_REQUEST(LE, 1, 0));
BYTES(map_request_srvsvc_be, PDU_MAP_REQUEST(BE, 1, 0));
BYTES(lookup_request, PDU_REQUEST(LE, 1, 0, 2));
BYTES(map_request_9, PDU_REQUEST(LE, 9, 0, 3));
BYTES(map_reply_two, PDU_MAP2(LE, 1, TOWER_TCP(49676, 192, 0, 2, 17), TOWER_TCP(49667, 192, 0, 2, 17)));
BYTES(map_reply_be, PDU_MAP1(BE, 1, TOWER_TCP(49676, 192, 0, 2, 17)));
BYTES(map_reply_any, PDU_MAP1(LE, 1, TOWER_TCP(49153, 0, 0, 0, 0)));
BYTES(map_reply_udp, PDU_MAP1(LE, 1, TOWER_IP(0x08, 49155, 192, 0, 2, 17)));
BYTES(map_reply_pipe, PDU_MAP1(LE, 1, TOWER_IP(0x0f, 49155, 192, 0, 2, 17)));
BYTES(map_reply_9, PDU_MAP1(LE, 9, TOWER_TCP(49676, 192, 0, 2, 17)));
BYTES(map_reply_first_frag, RESP_HEAD(LE, 0x01, RESP_LEN(1), 1, 1), B32_LE(1),
      TOWER_BODY(LE, TOWER_TCP(49676, 192, 0, 2, 17)), B32_LE(0));
BYTES(map_reply_not_registered, RESP_HEAD(LE, PDU_WHOLE, RESP_LEN(1), 1, 1), B32_LE(1),
      TOWER_BODY(LE, TOWER_TCP(49676, 192, 0, 2, 17)), B32_LE(0x16c9a0d6));
BYTES(map_reply_none, RESP_HEAD(LE, PDU_WHOLE, 64, 1, 0), B32_LE(0x16c9a0d6));
/* actual_count 5 of max_count 4. */
BYTES(map_reply_lying_count, PDU_HDR(LE, 2, PDU_WHOLE, RESP_LEN(1), 0, 1), B32_LE(128), B16_LE(0), 0, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      B32_LE(1), B32_LE(4), B32_LE(0), B32_LE(5), B32_LE(1),
      TOWER_BODY(LE, TOWER_TCP(49676, 192, 0, 2, 17)), B32_LE(0));
/* The first tower claims 6 floors, the second is whole: only the second opens. */
BYTES(map_reply_bad_tower, RESP_HEAD(LE, PDU_WHOLE, RESP_LEN(2), 1, 2), B32_LE(1), B32_LE(2),
      B32_LE(75), B32_LE(75), B16_LE(6), FLOOR_UUID(3, UUID_SRVSVC(LE)), FLOOR_UUID(2, UUID_NDR(LE)),
      B16_LE(1), 0x0b, B16_LE(2), 0, 0, B16_LE(1), 0x07, B16_LE(2), B16_BE(49676),
      B16_LE(1), 0x09, B16_LE(4), 192, 0, 2, 17, 0,
      TOWER_BODY(LE, TOWER_TCP(49667, 192, 0, 2, 17)), B32_LE(0));
/* A tower length that runs past the stub. */
BYTES(map_reply_long_tower, RESP_HEAD(LE, PDU_WHOLE, RESP_LEN(1), 1, 1), B32_LE(1),
      B32_LE(2000), B32_LE(2000), TOWER_TCP(49676, 192, 0, 2, 17), 0, B32_LE(0));
/* Integrity (level 5): the stub is clear, a sec_trailer and a 16-byte verifier follow. */
BYTES(map_reply_signed, PDU_HDR(LE, 2, PDU_WHOLE, RESP_LEN(1) + 24, 16, 1), B32_LE(128), B16_LE(0), 0, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      B32_LE(1), B32_LE(4), B32_LE(0), B32_LE(1), B32_LE(1),
      TOWER_BODY(LE, TOWER_TCP(49676, 192, 0, 2, 17)), B32_LE(0),
      10, 5, 0, 0, B32_LE(0), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
/* Privacy (level 6): the same bytes are ciphertext. */
BYTES(map_reply_sealed, PDU_HDR(LE, 2, PDU_WHOLE, RESP_LEN(1) + 24, 16, 1), B32_LE(128), B16_LE(0), 0, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      B32_LE(1), B32_LE(4), B32_LE(0), B32_LE(1), B32_LE(1),
      TOWER_BODY(LE, TOWER_TCP(49676, 192, 0, 2, 17)), B32_LE(0),
      10, 6, 0, 0, B32_LE(0), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
BYTES(map_fault, PDU_HDR(LE, 3, PDU_WHOLE, 32, 0, 1), B32_LE(0), B16_LE(0), 0, 0,
      B32_LE(0x1c010003), B32_LE(0));
BYTES(frag_too_long, PDU_HDR(LE, 0, PDU_WHOLE, 200, 0, 1), B32_LE(4), B16_LE(0), B16_LE(3), 0, 0, 0, 0);
BYTES(auth_too_long, PDU_HDR(LE, 2, PDU_WHOLE, 32, 20, 1), B32_LE(8), B16_LE(0), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
BYTES(unknown_ptype, PDU_HDR(LE, 42, PDU_WHOLE, 16, 0, 1));
BYTES(http, 'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', '\r', '\n');

/*
 * A Windows client's exchange with the mapper (Kerberos-authenticated
 * capture, the mapper connection itself in clear): three offers of the
 * mapper, in NDR, NDR64 and bind time feature negotiation; the server
 * takes NDR64 on context 1, and the answer's counts are 8 bytes.
 */
static const __u8 krb_bind[] = {
	0x05, 0x00, 0x0b, 0x03, 0x10, 0x00, 0x00, 0x00, 0xa0, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0xd0, 0x16, 0xd0, 0x16, 0x00, 0x00, 0x00, 0x00,
	0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x83, 0xaf, 0xe1,
	0x1f, 0x5d, 0xc9, 0x11, 0x91, 0xa4, 0x08, 0x00, 0x2b, 0x14, 0xa0, 0xfa,
	0x03, 0x00, 0x00, 0x00, 0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11,
	0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60, 0x02, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x01, 0x00, 0x08, 0x83, 0xaf, 0xe1, 0x1f, 0x5d, 0xc9, 0x11,
	0x91, 0xa4, 0x08, 0x00, 0x2b, 0x14, 0xa0, 0xfa, 0x03, 0x00, 0x00, 0x00,
	0x33, 0x05, 0x71, 0x71, 0xba, 0xbe, 0x37, 0x49, 0x83, 0x19, 0xb5, 0xdb,
	0xef, 0x9c, 0xcc, 0x36, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00,
	0x08, 0x83, 0xaf, 0xe1, 0x1f, 0x5d, 0xc9, 0x11, 0x91, 0xa4, 0x08, 0x00,
	0x2b, 0x14, 0xa0, 0xfa, 0x03, 0x00, 0x00, 0x00, 0x2c, 0x1c, 0xb7, 0x6c,
	0x12, 0x98, 0x40, 0x45, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00,
};
static const __u8 krb_bind_ack[] = {
	0x05, 0x00, 0x0c, 0x03, 0x10, 0x00, 0x00, 0x00, 0x6c, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0xd0, 0x16, 0xd0, 0x16, 0x84, 0x17, 0x00, 0x00,
	0x04, 0x00, 0x31, 0x33, 0x35, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x33, 0x05, 0x71, 0x71, 0xba, 0xbe, 0x37, 0x49,
	0x83, 0x19, 0xb5, 0xdb, 0xef, 0x9c, 0xcc, 0x36, 0x01, 0x00, 0x00, 0x00,
	0x03, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
static const __u8 krb_map_request[] = {
	0x05, 0x00, 0x00, 0x03, 0x10, 0x00, 0x00, 0x00, 0xa8, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x90, 0x00, 0x00, 0x00, 0x01, 0x00, 0x03, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x4b, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x4b, 0x00, 0x00, 0x00, 0x05, 0x00, 0x13, 0x00,
	0x0d, 0x35, 0x42, 0x51, 0xe3, 0x06, 0x4b, 0xd1, 0x11, 0xab, 0x04, 0x00,
	0xc0, 0x4f, 0xc2, 0xdc, 0xd2, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00, 0x13,
	0x00, 0x0d, 0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11, 0x9f, 0xe8,
	0x08, 0x00, 0x2b, 0x10, 0x48, 0x60, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x0b, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x07, 0x02, 0x00,
	0x00, 0x87, 0x01, 0x00, 0x09, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
};
static const __u8 krb_map_reply[] = {
	0x05, 0x00, 0x02, 0x03, 0x10, 0x00, 0x00, 0x00, 0xac, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x94, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x4b, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x4b, 0x00, 0x00, 0x00, 0x05, 0x00, 0x13, 0x00,
	0x0d, 0x35, 0x42, 0x51, 0xe3, 0x06, 0x4b, 0xd1, 0x11, 0xab, 0x04, 0x00,
	0xc0, 0x4f, 0xc2, 0xdc, 0xd2, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00, 0x13,
	0x00, 0x0d, 0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11, 0x9f, 0xe8,
	0x08, 0x00, 0x2b, 0x10, 0x48, 0x60, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x0b, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x07, 0x02, 0x00,
	0xc2, 0x03, 0x01, 0x00, 0x09, 0x04, 0x00, 0xc0, 0xa8, 0x00, 0x64, 0x00,
	0x00, 0x00, 0x00, 0x00,
};

/* A bind whose second element's transfer syntaxes run past the PDU. */
BYTES(bind_truncated, PDU_HDR(LE, 11, PDU_WHOLE, 80, 0, 1), B16_LE(5840), B16_LE(5840), B32_LE(0),
      2, 0, 0, 0, B16_LE(0), 1, 0, SYN_EPM(LE), SYN_NDR(LE), B16_LE(1), 3, 0, 1, 2, 3, 4, 5, 6, 7, 8);

/* ---- states after ---- */
static const struct alg_msrpc_state out_offer_epm0 = { .offer_ctx = { 0 }, .offer_n = 1, .offer_epm = 1 };
static const struct alg_msrpc_state out_offer_srvsvc = { .offer_ctx = { 0 }, .offer_n = 1 };
static const struct alg_msrpc_state out_offer_two = { .offer_ctx = { 0, 1 }, .offer_n = 2, .offer_epm = 2 };
static const struct alg_msrpc_state out_krb_offer = { .offer_ctx = { 0, 1, 2 }, .offer_n = 3, .offer_epm = 7 };
static const struct alg_msrpc_state st_krb_offer = { .offer_ctx = { 0, 1, 2 }, .offer_n = 3, .offer_epm = 7 };
static const struct alg_msrpc_state out_krb_epm = { .epm_ctx = { 1 }, .epm_valid = 1, .epm_ndr64 = 1 };
static const struct alg_msrpc_state st_krb_epm = { .epm_ctx = { 1 }, .epm_valid = 1, .epm_ndr64 = 1 };
static const struct alg_msrpc_state out_krb_map = { .epm_ctx = { 1 }, .epm_valid = 1, .epm_ndr64 = 1,
						    .map_call = { 0, 0, 2 }, .map_valid = 4, .map_ndr64 = 4,
						    .map_uuid = { UUID_DRSUAPI }, .uuid_call = 2, .uuid_valid = 1 };
static const struct alg_msrpc_state st_krb_map = { .epm_ctx = { 1 }, .epm_valid = 1, .epm_ndr64 = 1,
						   .map_call = { 0, 0, 2 }, .map_valid = 4, .map_ndr64 = 4,
						   .map_uuid = { UUID_DRSUAPI }, .uuid_call = 2, .uuid_valid = 1 };
static const struct alg_msrpc_state st_krb_map_ndr = { .epm_ctx = { 1 }, .epm_valid = 1,
						       .map_call = { 0, 0, 2 }, .map_valid = 4 };
static const struct alg_msrpc_state out_map1 = { .epm_ctx = { 0 }, .epm_valid = 1,
						 .map_call = { 0, 1 }, .map_valid = 2 };

#define EP4(a, p) ALG_EP(a, p, ALG_IPPROTO_TCP)
#define EP4L(a, p, l) { .addr = (a), .port = (p), .proto = ALG_IPPROTO_TCP, .label = (l) }

static const struct alg_case cases[] = {
	PDU_CASE_ST("bind offers the endpoint mapper", bind_epm, CLI, &st_none, STATE, &out_offer_epm0),
	PDU_CASE_ST("bind of another interface", bind_srvsvc, CLI, &st_none, STATE, &out_offer_srvsvc),
	PDU_CASE_ST("big-endian bind, mapper second", bind_two_be, CLI, &st_none, STATE, &out_offer_two),
	PDU_CASE_ST("alter_context offers the mapper", alter_epm, CLI, &st_none, STATE, &out_offer_epm0),
	PDU_CASE("a bind from the server is not kept", bind_epm, SRV, &st_none, MSG, 0),
	PDU_CASE_ST("bind_ack accepts the mapper context", bind_ack_ok, SRV, &st_offer_epm0, STATE, &st_epm0),
	PDU_CASE_ST("alter_context_resp accepts", alter_resp_ok, SRV, &st_offer_epm0, STATE, &st_epm0),
	PDU_CASE_ST("bind_ack rejects the mapper context", bind_ack_rejected, SRV, &st_offer_epm0, STATE, &st_none),
	PDU_CASE_ST("bind_ack of another interface", bind_ack_ok, SRV, &st_offer_srvsvc, STATE, &st_none),
	PDU_CASE_ST("big-endian bind_ack, second result", bind_ack_two_be, SRV, &st_offer_two, STATE, &st_epm1),
	PDU_CASE_ST("bind_nak forgets the offer", bind_nak, SRV, &st_offer_epm0, STATE, &st_none),
	PDU_CASE_ST("ept_map on the mapper context is pending", map_request, CLI, &st_epm0, STATE, &out_map1),
	PDU_CASE_ST("ept_map keeps the interface asked for", map_request_srvsvc, CLI, &st_epm0, STATE,
		    &st_map1_srvsvc),
	PDU_CASE_ST("big-endian ept_map keeps the interface", map_request_srvsvc_be, CLI, &st_epm0, STATE,
		    &st_map1_srvsvc),
	PDU_CASE_ST("ept_map without arguments: pending, no interface", map_request, CLI, &st_map1_srvsvc,
		    STATE, &out_map1),
	PDU_CASE("ept_map response labelled with the interface", map_reply_two, SRV, &st_map1_srvsvc, STATE, 2,
		 EP4L("192.0.2.17", 49676, label_srvsvc), EP4L("192.0.2.17", 49667, label_srvsvc)),
	PDU_CASE("another call's interface is no label", map_reply_two, SRV, &st_map1_uuid9, STATE, 2,
		 EP4L("192.0.2.17", 49676, label_none), EP4L("192.0.2.17", 49667, label_none)),
	PDU_CASE("ept_map on an unbound context", map_request, CLI, &st_none, MSG, 0),
	PDU_CASE("ept_map on another context", map_request_ctx1, CLI, &st_epm0, MSG, 0),
	PDU_CASE("ept_lookup opens nothing", lookup_request, CLI, &st_epm0, MSG, 0),
	PDU_CASE("ept_map response, two towers", map_reply_two, SRV, &st_map1, STATE, 2,
		 EP4("192.0.2.17", 49676), EP4("192.0.2.17", 49667)),
	PDU_CASE("big-endian ept_map response", map_reply_be, SRV, &st_map1, STATE, 1, EP4("192.0.2.17", 49676)),
	PDU_CASE("tower at 0.0.0.0: the mapper's own address", map_reply_any, SRV6, &st_map1, STATE, 1,
		 ALG_EP(NULL, 49153, ALG_IPPROTO_TCP)),
	PDU_CASE("IPv4 tower on an IPv6 connection", map_reply_two, SRV6, &st_map1, STATE, 2,
		 EP4("192.0.2.17", 49676), EP4("192.0.2.17", 49667)),
	PDU_CASE("UDP tower", map_reply_udp, SRV, &st_map1, STATE, 1, ALG_EP("192.0.2.17", 49155, ALG_IPPROTO_UDP)),
	PDU_CASE("named pipe tower opens nothing", map_reply_pipe, SRV, &st_map1, STATE, 0),
	PDU_CASE("call id past the slots", map_reply_9, SRV, &st_map9, STATE, 1, EP4("192.0.2.17", 49676)),
	PDU_CASE("pending call 9 is not call 1", map_reply_two, SRV, &st_map9, MSG, 0),
	PDU_CASE("response without a pending call", map_reply_two, SRV, &st_epm0, MSG, 0),
	PDU_CASE("a response from the client", map_reply_two, CLI, &st_map1, MSG, 0),
	PDU_CASE_ST("fault ends the call", map_fault, SRV, &st_map1, STATE, &st_epm0),
	PDU_CASE("first fragment only: counted, not read", map_reply_first_frag, SRV, &st_map1, ERR | ALG_EV_STATE, 0),
	PDU_CASE("not registered", map_reply_not_registered, SRV, &st_map1, STATE, 0),
	PDU_CASE("no towers", map_reply_none, SRV, &st_map1, STATE, 0),
	PDU_CASE("actual_count beyond max_count", map_reply_lying_count, SRV, &st_map1, ERR | ALG_EV_STATE, 0),
	PDU_CASE("one malformed tower", map_reply_bad_tower, SRV, &st_map1, ERR | ALG_EV_STATE, 1,
		 EP4("192.0.2.17", 49667)),
	PDU_CASE("tower length past the stub", map_reply_long_tower, SRV, &st_map1, ERR | ALG_EV_STATE, 0),
	PDU_CASE("signed response is read", map_reply_signed, SRV, &st_map1, STATE, 1, EP4("192.0.2.17", 49676)),
	PDU_CASE("sealed response: counted, not read", map_reply_sealed, SRV, &st_map1, ERR | ALG_EV_STATE, 0),
	PDU_CASE("frag_length past the message", frag_too_long, CLI, &st_epm0, ERR, 0),
	PDU_CASE("auth_length past the PDU", auth_too_long, SRV, &st_map1, ERR, 0),
	PDU_CASE("unknown PDU type", unknown_ptype, SRV, &st_map1, ERR, 0),
	PDU_CASE("HTTP is not DCE-RPC", http, CLI, &st_none, ALG_EV_NOT_PROTO, 0),
	PDU_CASE_ST("ept_map request, call 9", map_request_9, CLI, &st_epm0, STATE, &st_map9),
	PDU_CASE_ST("malformed bind leaves no offer", bind_truncated, CLI, &st_offer_epm0, ERR | ALG_EV_STATE, &st_none),
	PDU_CASE_ST("Windows bind: three mapper offers", krb_bind, CLI, &st_none, STATE, &out_krb_offer),
	PDU_CASE_ST("Windows bind_ack: NDR64 accepted on context 1", krb_bind_ack, SRV, &st_krb_offer, STATE,
		    &out_krb_epm),
	PDU_CASE_ST("Windows ept_map on the NDR64 context", krb_map_request, CLI, &st_krb_epm, STATE, &out_krb_map),
	PDU_CASE("Windows NDR64 ept_map answer", krb_map_reply, SRV, &st_krb_map, STATE, 1,
		 EP4L("192.168.0.100", 49667, label_drsuapi)),
	PDU_CASE("NDR64 answer read as NDR is malformed", krb_map_reply, SRV, &st_krb_map_ndr, ERR | ALG_EV_STATE, 0),
};

/*
 * Endpoints only from the server's answer to a pending ept_map: TCP or UDP,
 * on an IPv4 address or the mapper's own, for the client to open; every
 * message is whole (next is its length).
 */
static int msrpc_check(const struct alg_parse_ctx *c, __u32 len, const struct alg_parse_result *r)
{
	if ((r->events & ALG_EV_NOT_PROTO) && (r->events != ALG_EV_NOT_PROTO || r->n_ep))
		return -1;
	if (r->n_ep && (c->from_client || !(r->events & ALG_EV_MESSAGE) || !(r->events & ALG_EV_STATE)))
		return -1;
	if (r->events & (ALG_EV_OPEN | ALG_EV_CLOSE | ALG_EV_WITHDRAW))
		return -1;
	if (r->dropped && r->n_ep != ALG_MAX_ENDPOINTS)
		return -1;
	if (r->next != (len < ALG_MAX_PAYLOAD ? len : ALG_MAX_PAYLOAD))
		return -1;
	for (__u32 i = 0; i < r->n_ep; i++) {
		const struct alg_endpoint *ep = &r->ep[i];

		if (ep->proto != ALG_IPPROTO_TCP && ep->proto != ALG_IPPROTO_UDP)
			return -1;
		if (ep->family != ALG_AF_INET && ep->family != 0)
			return -1;
		if ((ep->family == 0) != (ep->addr.w[0] == 0))
			return -1; /* 0.0.0.0 is the mapper's own address, and only it */
		if (ep->opener != ALG_OPENER_RECEIVER || ep->src_port || ep->child_alg)
			return -1;
	}
	return 0;
}

const struct alg_case_table alg_cases_msrpc = { cases, sizeof(cases) / sizeof(cases[0]), msrpc_check };
