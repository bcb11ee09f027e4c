// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include "flow_text.h"

const char *alg_addr_text(__u8 family, const struct alg_addr *a, char *buf, size_t len)
{
	if ((family != AF_INET && family != AF_INET6) ||
	    !inet_ntop(family, a->w, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}

const char *alg_endpoint_text(__u8 family, const struct alg_addr *a, __u16 port,
			      bool any_addr, bool any_port, char *buf, size_t len)
{
	char addr[ALG_ADDR_TEXT_MAX], p[8];

	if (any_addr)
		snprintf(addr, sizeof(addr), "*");
	else
		alg_addr_text(family, a, addr, sizeof(addr));
	if (any_port)
		snprintf(p, sizeof(p), "*");
	else
		snprintf(p, sizeof(p), "%u", port);
	if (family == AF_INET6 && !any_addr)
		snprintf(buf, len, "[%s]:%s", addr, p);
	else
		snprintf(buf, len, "%s:%s", addr, p);
	return buf;
}

const char *alg_flow_text(const struct report_flow *f, char *buf, size_t len)
{
	char src[ALG_ENDPOINT_TEXT_MAX], dst[ALG_ENDPOINT_TEXT_MAX];

	alg_endpoint_text(f->family, &f->src, f->sport, f->wild & ALG_WILD_SRC,
			  f->wild & ALG_WILD_SPORT, src, sizeof(src));
	alg_endpoint_text(f->family, &f->dst, f->dport, false, false, dst, sizeof(dst));
	snprintf(buf, len, "{%s -> %s}", src, dst);
	return buf;
}

const char *alg_proto_text(__u8 proto, char buf[ALG_PROTO_TEXT_MAX])
{
	switch (proto) {
	case IPPROTO_TCP: return "TCP";
	case IPPROTO_UDP: return "UDP";
	case IPPROTO_GRE: return "GRE";
	case IPPROTO_ESP: return "ESP";
	}
	snprintf(buf, ALG_PROTO_TEXT_MAX, "%u", proto);
	return buf;
}

const char *alg_state_text(__u8 state)
{
	return state == ALG_STATE_ACTIVE ? "active" : "closed";
}
