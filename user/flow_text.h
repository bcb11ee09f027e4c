/* SPDX-License-Identifier: GPL-2.0 */
/* Addresses, endpoints, flows and protocol numbers as the report prints them. */
#ifndef ALGTRACK_FLOW_TEXT_H
#define ALGTRACK_FLOW_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <arpa/inet.h>
#include <linux/types.h>
#include "algtrack/abi.h"
#include "report.h"

#define ALG_ADDR_TEXT_MAX INET6_ADDRSTRLEN
#define ALG_ENDPOINT_TEXT_MAX (INET6_ADDRSTRLEN + 8)          /* "[addr]:65535" */
#define ALG_FLOW_TEXT_MAX (2 * ALG_ENDPOINT_TEXT_MAX + 8)     /* "{a -> b}" */
#define ALG_PROTO_TEXT_MAX 4
#define ALG_UUID_TEXT_MAX 37                                  /* 36 characters and a NUL */

/*
 * Each appends at p (which must have room for the _MAX above) and returns
 * the new end, unterminated. The report prints hundreds of thousands of
 * flows, and printf-based formatting (inet_ntop included) dominated it.
 */
char *alg_put_u64(char *p, __u64 v);
/* "192.0.2.1" / "2001:db8::1"; "?" for an unknown family. */
char *alg_put_addr(char *p, __u8 family, const struct alg_addr *a);
/* "{192.0.2.1:1025 -> 198.51.100.2:21}"; a wildcard part prints as "*". */
char *alg_put_flow(char *p, const struct report_flow *f);

/* Does the resource carry a label (not all zero)? */
bool alg_label_set(const __u8 label[ALG_LABEL_SIZE]);
/*
 * The label as a DCE UUID (C706 Appendix A), "e1af8308-5d1f-11c9-91a4-
 * 08002b14a0fa": time_low, time_mid and time_hi_and_version are stored
 * little-endian, as NDR little-endian carries them; the rest in order.
 * Writes ALG_UUID_TEXT_MAX bytes into buf, terminated; returns buf.
 */
const char *alg_uuid_text(const __u8 label[ALG_LABEL_SIZE], char buf[ALG_UUID_TEXT_MAX]);

/* "TCP", "UDP", "GRE", "ESP", else the number. */
const char *alg_proto_text(__u8 proto, char buf[ALG_PROTO_TEXT_MAX]);
/* "active" / "closed" */
const char *alg_state_text(__u8 state);

#endif /* ALGTRACK_FLOW_TEXT_H */
