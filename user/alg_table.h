/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ALG table: the registry's rows (algtrack/registry.h) for user space
 * (names as Junos prints them, control ports, resource lifetime), and the
 * application-protocol names of `show services alg conversations
 * application-protocol P` collected from them.
 */
#ifndef ALGTRACK_ALG_TABLE_H
#define ALGTRACK_ALG_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>
#include "algtrack/abi.h"

#define ALG_MAX_CONTROL_PORTS 4
#define ALG_MAX_APP_NAMES 2     /* application-protocol names per ALG */
#define ALG_APP_PROTOCOLS_MAX 32
#define ALG_BIT(id) (1u << (id))

struct alg_info {
	enum alg_id id;
	const char *name;       /* Junos display name: "FTP ALG" */
	const char *short_name; /* JSON "alg": "FTP" */
	bool implemented;       /* a parser exists: the ALG can be enabled */
	__u16 tcp_ports[ALG_MAX_CONTROL_PORTS]; /* default control ports, host order, 0-terminated */
	__u16 udp_ports[ALG_MAX_CONTROL_PORTS];
	__u32 resource_lifetime_s; /* default lifetime of a negotiated resource */
	__u32 state_size;          /* per-conversation parser state, bytes */
	const char *apps[ALG_MAX_APP_NAMES]; /* application-protocol names that show it */
	__u32 idle_s;              /* parent sessions idle this long are closed; 0: the default */
};

/* Application-protocol names select sets of ALGs (h323 shows H323 and RAS). */
struct alg_app_protocol {
	const char *name; /* exactly as Junos spells it: "dce-rpc-portmap" */
	__u32 alg_mask;   /* bit (1 << alg id) per ALG shown */
};

extern const struct alg_info alg_table[];
extern const size_t alg_table_len;
extern struct alg_app_protocol alg_app_protocols[];
extern size_t alg_app_protocols_len;

/* The row for an ALG id, or NULL for an id without one. */
const struct alg_info *alg_info_by_id(unsigned int id);
/* The row whose short name matches (case-insensitive), or NULL. */
const struct alg_info *alg_info_by_short_name(const char *short_name);
/*
 * "ftp,sip" -> bit (1 << id) per implemented ALG. Returns -1 for an empty
 * list or an unknown name (copied to bad).
 */
int alg_mask_parse(const char *list, __u32 *mask, char *bad, size_t badlen);
/* The application protocol of that exact name, or NULL. */
const struct alg_app_protocol *alg_app_protocol_find(const char *name);
/* "dce-rpc, dce-rpc-portmap, ..., talk" into buf (for error messages). */
void alg_app_protocol_list(char *buf, size_t len);

#endif /* ALGTRACK_ALG_TABLE_H */
