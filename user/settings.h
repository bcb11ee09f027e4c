/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the data path runs with: the enabled ALGs, their control ports and
 * resource lifetimes, idle times, the per-conversation resource cap and the
 * third-party policy. Defaults come from the ALG table; attach and replay
 * write them into the config and ports maps once, when the tables are made;
 * status reads them back.
 */
#ifndef ALGTRACK_SETTINGS_H
#define ALGTRACK_SETTINGS_H

#include <stddef.h>
#include <linux/types.h>
#include "algtrack/abi.h"

/* Control ports per ALG and transport, 0-terminated when fewer. */
#define SETTINGS_MAX_PORTS 8

struct settings {
	__u32 enabled;                        /* bit (1 << alg id) per tracked ALG */
	__u32 third_party;                    /* bit per ALG that accepts other hosts' addresses */
	__u32 resources_per_conversation;     /* config.max_resources */
	__u32 idle_s[2];                      /* [0] TCP, [1] other transports */
	__u32 linger_s;                       /* closed sessions stay listed this long */
	__u32 midstream_pickup;               /* config.midstream_pickup */
	__u32 resource_lifetime_s[ALG__MAX];
	__u16 tcp_ports[ALG__MAX][SETTINGS_MAX_PORTS];
	__u16 udp_ports[ALG__MAX][SETTINGS_MAX_PORTS];
};

/* The registry's defaults for every implemented ALG; third_party as LOADER_THIRD_PARTY_DEFAULT. */
void settings_default(struct settings *s);

/*
 * The ALG's control ports: the same list on each transport whose control
 * channel the ALG has by default (SIP: TCP and UDP; FTP: TCP). n from 1 to
 * SETTINGS_MAX_PORTS; ports from 1 to 65535.
 */
void settings_set_ports(struct settings *s, unsigned int alg, const __u16 *ports, size_t n);

/* A disabled ALG listens nowhere: its ports go, free for the others (as settings_read() finds them). */
void settings_drop_disabled_ports(struct settings *s);

/*
 * A port that two enabled ALGs claim on one transport: 0 if none, else 1
 * with the two ALGs, the port and "tcp" or "udp".
 */
int settings_port_clash(const struct settings *s, unsigned int *alg_a, unsigned int *alg_b,
			__u16 *port, const char **transport);

/*
 * Writes the settings into freshly made config, ports and port_filter maps
 * (the data path's port -> ALG lookup and its pre-filter): the ports of
 * enabled ALGs only. 0 or -1 (errno).
 */
int settings_write(const struct settings *s, int config_fd, int ports_fd, int filter_fd);

/* Reads the settings back from the maps of a live attachment. 0 or -errno. */
int settings_read(int config_fd, int ports_fd, struct settings *s);

/* "5060,5080" for an ALG's TCP (tcp=1) or UDP ports into buf; "" when none. */
void settings_ports_text(const struct settings *s, unsigned int alg, int tcp, char *buf, size_t len);

#endif /* ALGTRACK_SETTINGS_H */
