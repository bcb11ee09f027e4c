// SPDX-License-Identifier: GPL-2.0
/* The data path's settings: defaults, checks, the maps they live in (see settings.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "alg_table.h"
#include "loader.h"
#include "maps.h"
#include "settings.h"

/* Defaults of the data path (table sizes are in abi.h). */
#define DEFAULT_RESOURCE_CAP 32     /* live resources per conversation */
#define DEFAULT_IDLE_TCP_S 3600
#define DEFAULT_IDLE_UDP_S 120      /* Junos SIP inactive-media default */
#define DEFAULT_LINGER_S 120        /* like conntrack's TIME_WAIT */

_Static_assert(SETTINGS_MAX_PORTS >= ALG_MAX_CONTROL_PORTS, "the registry's ports fit");

/*
 * Ports are kept sorted and once each, the order settings_read() finds them
 * in the ports map: two settings are then the same exactly when their bytes are.
 */
static void ports_normalize(__u16 *list)
{
	size_t n = 0, out = 0;

	while (n < SETTINGS_MAX_PORTS && list[n])
		n++;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && list[j - 1] > list[j]; j--) {
			__u16 t = list[j];

			list[j] = list[j - 1];
			list[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++)
		if (!out || list[out - 1] != list[i])
			list[out++] = list[i];
	for (; out < n; out++)
		list[out] = 0;
}

void settings_default(struct settings *s)
{
	memset(s, 0, sizeof(*s));
	s->third_party = LOADER_THIRD_PARTY_DEFAULT;
	s->resources_per_conversation = DEFAULT_RESOURCE_CAP;
	s->idle_s[0] = DEFAULT_IDLE_TCP_S;
	s->idle_s[1] = DEFAULT_IDLE_UDP_S;
	s->linger_s = DEFAULT_LINGER_S;
	for (size_t i = 0; i < alg_table_len; i++) {
		const struct alg_info *a = &alg_table[i];

		if (!a->implemented)
			continue;
		s->enabled |= ALG_BIT(a->id);
		s->resource_lifetime_s[a->id] = a->resource_lifetime_s;
		for (size_t j = 0; j < ALG_MAX_CONTROL_PORTS; j++) {
			s->tcp_ports[a->id][j] = a->tcp_ports[j];
			s->udp_ports[a->id][j] = a->udp_ports[j];
		}
		ports_normalize(s->tcp_ports[a->id]);
		ports_normalize(s->udp_ports[a->id]);
	}
}

void settings_set_ports(struct settings *s, unsigned int alg, const __u16 *ports, size_t n)
{
	const struct alg_info *a = alg_info_by_id(alg);

	if (!a || alg >= ALG__MAX)
		return;
	memset(s->tcp_ports[alg], 0, sizeof(s->tcp_ports[alg]));
	memset(s->udp_ports[alg], 0, sizeof(s->udp_ports[alg]));
	for (size_t i = 0; i < n && i < SETTINGS_MAX_PORTS; i++) {
		if (a->tcp_ports[0])
			s->tcp_ports[alg][i] = ports[i];
		if (a->udp_ports[0])
			s->udp_ports[alg][i] = ports[i];
	}
	ports_normalize(s->tcp_ports[alg]);
	ports_normalize(s->udp_ports[alg]);
}

void settings_drop_disabled_ports(struct settings *s)
{
	for (unsigned int a = 0; a < ALG__MAX; a++) {
		if (!(s->enabled & ALG_BIT(a))) {
			memset(s->tcp_ports[a], 0, sizeof(s->tcp_ports[a]));
			memset(s->udp_ports[a], 0, sizeof(s->udp_ports[a]));
		}
	}
}

static int port_listed(const __u16 *list, __u16 port)
{
	for (size_t i = 0; i < SETTINGS_MAX_PORTS && list[i]; i++)
		if (list[i] == port)
			return 1;
	return 0;
}

int settings_port_clash(const struct settings *s, unsigned int *alg_a, unsigned int *alg_b,
			__u16 *port, const char **transport)
{
	for (unsigned int a = 1; a < ALG__MAX; a++) {
		if (!(s->enabled & ALG_BIT(a)))
			continue;
		for (unsigned int b = a + 1; b < ALG__MAX; b++) {
			if (!(s->enabled & ALG_BIT(b)))
				continue;
			for (size_t i = 0; i < SETTINGS_MAX_PORTS; i++) {
				__u16 t = s->tcp_ports[a][i], u = s->udp_ports[a][i];

				if ((t && port_listed(s->tcp_ports[b], t)) ||
				    (u && port_listed(s->udp_ports[b], u))) {
					*alg_a = a;
					*alg_b = b;
					*port = t && port_listed(s->tcp_ports[b], t) ? t : u;
					*transport = *port == t ? "tcp" : "udp";
					return 1;
				}
			}
		}
	}
	return 0;
}

/* Marks a control port: packets to it open a parent session of that ALG. */
static int set_control_port(int ports_fd, struct alg_port_filter *filter, __u16 port, int tcp,
			    __u8 alg)
{
	struct alg_port p;
	__u32 k = port;

	if (bpf_map_lookup_elem(ports_fd, &k, &p))
		return -1;
	if (tcp)
		p.tcp_alg = alg;
	else
		p.udp_alg = alg;
	filter->bits[ALG_PORT_WORD(port)] |= ALG_PORT_BIT(port);
	return bpf_map_update_elem(ports_fd, &k, &p, BPF_ANY);
}

int settings_write(const struct settings *s, int config_fd, int ports_fd, int filter_fd)
{
	struct alg_config cfg = {
		.enabled = s->enabled,
		.third_party = s->third_party,
		.max_resources = s->resources_per_conversation,
		.idle_timeout_s = { s->idle_s[0], s->idle_s[1] },
		.linger_s = s->linger_s,
		.midstream_pickup = s->midstream_pickup,
	};
	static struct alg_port_filter filter;
	__u32 zero = 0;

	_Static_assert(sizeof(cfg.resource_lifetime_s) == sizeof(s->resource_lifetime_s),
		       "one lifetime per ALG id");
	memcpy(cfg.resource_lifetime_s, s->resource_lifetime_s, sizeof(cfg.resource_lifetime_s));
	/* The kernel may have set bits for resources already: add to them. */
	if (bpf_map_lookup_elem(filter_fd, &zero, &filter))
		return -1;
	for (__u8 alg = 1; alg < ALG__MAX; alg++) {
		/* Only enabled ALGs own ports: a disabled one's must not shadow another's. */
		for (size_t j = 0; j < SETTINGS_MAX_PORTS && (s->enabled & ALG_BIT(alg)); j++) {
			if ((s->tcp_ports[alg][j] &&
			     set_control_port(ports_fd, &filter, s->tcp_ports[alg][j], 1, alg)) ||
			    (s->udp_ports[alg][j] &&
			     set_control_port(ports_fd, &filter, s->udp_ports[alg][j], 0, alg)))
				return -1;
		}
	}
	if (bpf_map_update_elem(filter_fd, &zero, &filter, BPF_ANY))
		return -1;
	/* Last: a set config.enabled is what says the tables are configured. */
	return bpf_map_update_elem(config_fd, &zero, &cfg, BPF_ANY);
}

/* Appends a port to a 0-terminated list; a full list keeps its first ports. */
static void port_append(__u16 *list, __u16 port)
{
	for (size_t i = 0; i < SETTINGS_MAX_PORTS; i++) {
		if (!list[i]) {
			list[i] = port;
			return;
		}
	}
}

int settings_read(int config_fd, int ports_fd, struct settings *s)
{
	struct alg_config cfg;
	struct alg_port *values = NULL;
	__u32 *keys = NULL, zero = 0;
	size_t n = 0;
	int e;

	memset(s, 0, sizeof(*s));
	if (bpf_map_lookup_elem(config_fd, &zero, &cfg))
		return -errno;
	s->enabled = cfg.enabled;
	s->third_party = cfg.third_party;
	s->resources_per_conversation = cfg.max_resources;
	s->idle_s[0] = cfg.idle_timeout_s[0];
	s->idle_s[1] = cfg.idle_timeout_s[1];
	s->linger_s = cfg.linger_s;
	s->midstream_pickup = cfg.midstream_pickup;
	memcpy(s->resource_lifetime_s, cfg.resource_lifetime_s, sizeof(s->resource_lifetime_s));
	e = maps_dump(ports_fd, sizeof(*keys), sizeof(*values), false, (void **)&keys,
		      (void **)&values, &n);
	if (e)
		return e;
	/* The dump is in port order: the lists come out normalized. */
	for (size_t i = 0; i < n; i++) {
		if (keys[i] >= ALG_PORTS)
			continue;
		if (values[i].tcp_alg && values[i].tcp_alg < ALG__MAX)
			port_append(s->tcp_ports[values[i].tcp_alg], (__u16)keys[i]);
		if (values[i].udp_alg && values[i].udp_alg < ALG__MAX)
			port_append(s->udp_ports[values[i].udp_alg], (__u16)keys[i]);
	}
	free(keys);
	free(values);
	return 0;
}

void settings_ports_text(const struct settings *s, unsigned int alg, int tcp, char *buf, size_t len)
{
	const __u16 *list = tcp ? s->tcp_ports[alg] : s->udp_ports[alg];
	size_t used = 0;

	if (!len)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < SETTINGS_MAX_PORTS && list[i] && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%u", i ? "," : "", list[i]);
}
