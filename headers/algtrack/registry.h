/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ALG registry: one row per Junos ALG, the one place that says what an
 * ALG is. Linux's struct nf_conntrack_helper is the model: name, ports,
 * expectation policy, private data and parser in one record.
 *
 * Everything else is generated from these rows: the ALG ids (abi.h), the
 * BPF programs, their tail-call slots and the parser dispatch (bpf/), the
 * user-space ALG table and the application-protocol names (user/alg_table.c),
 * the verifier test's expected programs and the README's ALG list
 * (tests/unit/test_registry.c checks the README against it).
 *
 *   X(ID, name, impl, junos, apps, tcp, udp, lifetime_s, framing, state_size, idle_s)
 *
 *   ID, name    ALG_<ID> and the parser alg_<name>_parse() of algtrack/<name>.h
 *   impl        1: a parser exists (its header is listed in parsers.h)
 *   junos       the name Junos prints: "SQLV2 ALG"
 *   apps        the application-protocol names that show it (h323 shows H323 and RAS)
 *   tcp, udp    default control ports (IANA), 0-terminated
 *   lifetime_s  default lifetime of a negotiated resource
 *   framing     how a TCP control stream splits into messages (parse.h);
 *               UDP control traffic is always one message per datagram
 *   state_size  bytes of per-conversation private state the parser keeps
 *   idle_s      a parent session idle this long is shown closed; 0: the
 *               transport's default (DNS: a query unanswered after 10 s)
 *
 * Rows are append-only: an ALG's id is its position, and ids are in the
 * pinned maps' ABI.
 */
#ifndef ALGTRACK_REGISTRY_H
#define ALGTRACK_REGISTRY_H

#define ALG_LIST(...) { __VA_ARGS__ }

#define ALG_REGISTRY(X)                                                                 \
	X(FTP, ftp, 1, "FTP ALG", ALG_LIST("ftp"), ALG_LIST(21), ALG_LIST(0), 300,             \
	  ALG_FRAMING_LINE, 0, 0)                                                              \
	X(SIP, sip, 1, "SIP ALG", ALG_LIST("sip"), ALG_LIST(5060), ALG_LIST(5060), 180,        \
	  ALG_FRAMING_LINE, 0, 0)                                                              \
	X(H323, h323, 1, "H323 ALG", ALG_LIST("h323"), ALG_LIST(1720), ALG_LIST(0), 240,       \
	  ALG_FRAMING_TPKT, 0, 0)                                                              \
	X(RAS, ras, 1, "RAS ALG", ALG_LIST("h323"), ALG_LIST(0), ALG_LIST(1719, 1718), 240,    \
	  ALG_FRAMING_DATAGRAM, 0, 0)                                                          \
	X(RTSP, rtsp, 1, "RTSP ALG", ALG_LIST("rtsp"), ALG_LIST(554, 8554), ALG_LIST(0),       \
	  300, ALG_FRAMING_LINE, sizeof(struct alg_rtsp_state), 0)                             \
	X(PPTP, pptp, 1, "PPTP ALG", ALG_LIST("pptp"), ALG_LIST(1723), ALG_LIST(0), 300,       \
	  ALG_FRAMING_PPTP, sizeof(struct alg_pptp_state), 0)                                  \
	X(DNS, dns, 1, "DNS ALG", ALG_LIST("dns"), ALG_LIST(53), ALG_LIST(53), 10,             \
	  ALG_FRAMING_DNS_TCP, sizeof(struct alg_dns_state), 10)                               \
	X(SUNRPC, sunrpc, 1, "SUNRPC ALG", ALG_LIST("rpc", "rpc-portmap"), ALG_LIST(111),      \
	  ALG_LIST(111), 300, ALG_FRAMING_RPC_RECORD, sizeof(struct alg_sunrpc_state), 0)      \
	X(MSRPC, msrpc, 1, "MSRPC ALG", ALG_LIST("dce-rpc", "dce-rpc-portmap"),                \
	  ALG_LIST(135), ALG_LIST(0), 300, ALG_FRAMING_DCERPC,                                 \
	  sizeof(struct alg_msrpc_state), 0)                                                   \
	X(SQLV2, sqlv2, 1, "SQLV2 ALG", ALG_LIST("sql"), ALG_LIST(1521), ALG_LIST(0), 300,     \
	  ALG_FRAMING_TNS, sizeof(struct alg_sqlv2_state), 0)                                  \
	X(TALK, talk, 1, "TALK ALG", ALG_LIST("talk"), ALG_LIST(0), ALG_LIST(517, 518),        \
	  240, ALG_FRAMING_DATAGRAM, 0, 0)                                                     \
	X(RSH, rsh, 1, "RSH ALG", ALG_LIST("rsh"), ALG_LIST(514), ALG_LIST(0), 60,             \
	  ALG_FRAMING_NUL, sizeof(struct alg_rsh_state), 0)                                    \
	X(IKE, ike, 1, "IKE ALG", ALG_LIST("ike-esp-nat"), ALG_LIST(0), ALG_LIST(500, 4500),   \
	  300, ALG_FRAMING_DATAGRAM, 0, 0)

/* Expands to its arguments for an implemented row (impl 1), to nothing otherwise. */
#define ALG_IF_IMPL(impl, ...) ALG_IF_IMPL_##impl(__VA_ARGS__)
#define ALG_IF_IMPL_0(...)
#define ALG_IF_IMPL_1(...) __VA_ARGS__

#endif /* ALGTRACK_REGISTRY_H */
