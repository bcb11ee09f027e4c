/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Connection-oriented DCE-RPC PDUs (C706 §12.6) and endpoint mapper towers
 * (C706 Appendix L) as byte initialisers, in either data representation:
 * O is LE or BE. Shared by the MS-RPC case table and its datapath test.
 */
#ifndef ALGTRACK_TEST_MSRPC_PDU_H
#define ALGTRACK_TEST_MSRPC_PDU_H

#define B16_LE(x) (__u8)((x) & 0xff), (__u8)(((x) >> 8) & 0xff)
#define B16_BE(x) (__u8)(((x) >> 8) & 0xff), (__u8)((x) & 0xff)
#define B32_LE(x) B16_LE((x) & 0xffff), B16_LE(((x) >> 16) & 0xffff)
#define B32_BE(x) B16_BE(((x) >> 16) & 0xffff), B16_BE((x) & 0xffff)
#define DREP_LE 0x10, 0, 0, 0
#define DREP_BE 0x00, 0, 0, 0

/* rpc_vers 5.0, PTYPE, pfc_flags, drep, frag_length, auth_length, call_id. */
#define PDU_HDR(O, ptype, flags, frag, auth, call) \
	5, 0, ptype, flags, DREP_##O, B16_##O(frag), B16_##O(auth), B32_##O(call)
#define PDU_WHOLE 0x03 /* PFC_FIRST_FRAG | PFC_LAST_FRAG */

/* Interface UUIDs as NDR sends them (time fields in drep order), and syntax identifiers (+ version). */
#define UUID_EPM(O) B32_##O(0xe1af8308), B16_##O(0x5d1f), B16_##O(0x11c9), \
	0x91, 0xa4, 0x08, 0x00, 0x2b, 0x14, 0xa0, 0xfa
#define UUID_NDR(O) B32_##O(0x8a885d04), B16_##O(0x1ceb), B16_##O(0x11c9), \
	0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60
/* SRVSVC 4b324fc8-1670-01d3-1278-5a47bf6ee188. */
#define UUID_SRVSVC(O) B32_##O(0x4b324fc8), B16_##O(0x1670), B16_##O(0x01d3), \
	0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e, 0xe1, 0x88
#define SYN_EPM(O) UUID_EPM(O), B16_##O(3), B16_##O(0)
#define SYN_NDR(O) UUID_NDR(O), B32_##O(2)
#define SYN_SRVSVC(O) UUID_SRVSVC(O), B16_##O(3), B16_##O(0)

/* bind (or alter_context) of one context: 72 bytes. */
#define PDU_BIND1(O, ptype, call, ctx, SYN) \
	PDU_HDR(O, ptype, PDU_WHOLE, 72, 0, call), B16_##O(5840), B16_##O(5840), B32_##O(0), \
	1, 0, 0, 0, B16_##O(ctx), 1, 0, SYN(O), SYN_NDR(O)
/* bind of two contexts: 116 bytes. */
#define PDU_BIND2(O, call, ctx0, SYN0, ctx1, SYN1) \
	PDU_HDR(O, 11, PDU_WHOLE, 116, 0, call), B16_##O(5840), B16_##O(5840), B32_##O(0), \
	2, 0, 0, 0, B16_##O(ctx0), 1, 0, SYN0(O), SYN_NDR(O), \
	B16_##O(ctx1), 1, 0, SYN1(O), SYN_NDR(O)

/* bind_ack (or alter_context_resp), secondary address "135", one result: 60 bytes. */
#define PDU_BIND_ACK1(O, ptype, call, result) \
	PDU_HDR(O, ptype, PDU_WHOLE, 60, 0, call), B16_##O(5840), B16_##O(5840), B32_##O(0x1234), \
	B16_##O(4), '1', '3', '5', 0, 0, 0, 1, 0, 0, 0, B16_##O(result), B16_##O(0), SYN_NDR(O)
/* Two results: 84 bytes. */
#define PDU_BIND_ACK2(O, call, result0, result1) \
	PDU_HDR(O, 12, PDU_WHOLE, 84, 0, call), B16_##O(5840), B16_##O(5840), B32_##O(0x1234), \
	B16_##O(4), '1', '3', '5', 0, 0, 0, 2, 0, 0, 0, \
	B16_##O(result0), B16_##O(0), SYN_NDR(O), B16_##O(result1), B16_##O(0), SYN_NDR(O)

/* request of opnum on context ctx with a 4-byte stub: 28 bytes. */
#define PDU_REQUEST(O, call, ctx, opnum) \
	PDU_HDR(O, 0, PDU_WHOLE, 28, 0, call), B32_##O(4), B16_##O(ctx), B16_##O(opnum), 0, 0, 0, 0

/*
 * ept_map request (C706 Appendix O) with its arguments: object NULL,
 * map_tower (referent 2, then conformance, length, the tower asking for
 * SRVSVC, padding), entry_handle (20 bytes), max_towers 4.
 */
#define MAP_REQUEST_LEN 140
#define PDU_MAP_REQUEST(O, call, ctx) \
	PDU_HDR(O, 0, PDU_WHOLE, MAP_REQUEST_LEN, 0, call), B32_##O(MAP_REQUEST_LEN - 24), \
	B16_##O(ctx), B16_##O(3), B32_##O(0), B32_##O(2), TOWER_BODY(O, TOWER_TCP(0, 0, 0, 0, 0)), \
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, B32_##O(4)

/* A 75-byte ncacn_ip_tcp tower (LE counts, BE port and address): SRVSVC at a.b.c.d:port. */
#define FLOOR_UUID(major, ...) B16_LE(19), 0x0d, __VA_ARGS__, B16_LE(major), B16_LE(2), 0, 0
#define TOWER_IP(pid, port, ...) \
	B16_LE(5), FLOOR_UUID(3, UUID_SRVSVC(LE)), FLOOR_UUID(2, UUID_NDR(LE)), \
	B16_LE(1), 0x0b, B16_LE(2), 0, 0, B16_LE(1), pid, B16_LE(2), B16_BE(port), \
	B16_LE(1), 0x09, B16_LE(4), __VA_ARGS__
/* The address is four bytes: a, b, c, d. */
#define TOWER_TCP(port, ...) TOWER_IP(0x07, port, __VA_ARGS__)
/* A tower's body in the towers array: conformance, length, octets, padding to 4. */
#define TOWER_BODY(O, ...) B32_##O(75), B32_##O(75), __VA_ARGS__, 0

/* The 24-byte response header and the stub up to the tower pointers. */
#define RESP_HEAD(O, flags, frag, call, n) \
	PDU_HDR(O, 2, flags, frag, 0, call), B32_##O((frag) - 24), B16_##O(0), 0, 0, \
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, \
	B32_##O(n), B32_##O(4), B32_##O(0), B32_##O(n)
/* The length of an ept_map response with n 75-byte towers. */
#define RESP_LEN(n) (64 + 88 * (n))

/* ept_map response of one tower / two towers, status 0. */
#define PDU_MAP1(O, call, T) \
	RESP_HEAD(O, PDU_WHOLE, RESP_LEN(1), call, 1), B32_##O(1), TOWER_BODY(O, T), B32_##O(0)
#define PDU_MAP2(O, call, T0, T1) \
	RESP_HEAD(O, PDU_WHOLE, RESP_LEN(2), call, 2), B32_##O(1), B32_##O(2), \
	TOWER_BODY(O, T0), TOWER_BODY(O, T1), B32_##O(0)

#endif /* ALGTRACK_TEST_MSRPC_PDU_H */
