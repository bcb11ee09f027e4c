// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include "flow_text.h"

char *alg_put_u64(char *p, __u64 v)
{
	char *end;
	int n = 1;

	/* the length first, so that digits go straight to their place */
	for (__u64 t = v; t >= 10; t /= 10)
		n++;
	end = p + n;
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return p + n;
}

static char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

/* dotted quad of a network-order address */
static char *put_ipv4(char *p, const struct alg_addr *a)
{
	const __u8 *b = (const __u8 *)&a->w[0];

	for (int i = 0; i < 4; i++) {
		unsigned int v = b[i];

		if (i)
			*p++ = '.';
		if (v >= 100)
			*p++ = (char)('0' + v / 100);
		if (v >= 10)
			*p++ = (char)('0' + v / 10 % 10);
		*p++ = (char)('0' + v % 10);
	}
	return p;
}

char *alg_put_addr(char *p, __u8 family, const struct alg_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (family == AF_INET)
		return put_ipv4(p, a);
	if (family == AF_INET6 && inet_ntop(AF_INET6, a->w, buf, sizeof(buf)))
		return put_str(p, buf);
	return put_str(p, "?");
}

/* "192.0.2.1:21" / "[2001:db8::1]:21"; a wildcard part prints as "*". */
static char *put_endpoint(char *p, __u8 family, const struct alg_addr *a, __u16 port,
			  bool any_addr, bool any_port)
{
	bool brackets = family == AF_INET6 && !any_addr;

	if (brackets)
		*p++ = '[';
	p = any_addr ? put_str(p, "*") : alg_put_addr(p, family, a);
	if (brackets)
		*p++ = ']';
	*p++ = ':';
	return any_port ? put_str(p, "*") : alg_put_u64(p, port);
}

char *alg_put_flow(char *p, const struct report_flow *f)
{
	*p++ = '{';
	p = put_endpoint(p, f->family, &f->src, f->sport, f->wild & ALG_WILD_SRC,
			 f->wild & ALG_WILD_SPORT);
	p = put_str(p, " -> ");
	p = put_endpoint(p, f->family, &f->dst, f->dport, false, false);
	*p++ = '}';
	return p;
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

bool alg_label_set(const __u8 label[ALG_LABEL_SIZE])
{
	for (size_t i = 0; i < ALG_LABEL_SIZE; i++)
		if (label[i])
			return true;
	return false;
}

const char *alg_uuid_text(const __u8 label[ALG_LABEL_SIZE], char buf[ALG_UUID_TEXT_MAX])
{
	/* The byte printed at each place: the first three fields reversed. */
	static const __u8 order[ALG_LABEL_SIZE] = { 3, 2, 1, 0, 5, 4, 7, 6,
						    8, 9, 10, 11, 12, 13, 14, 15 };
	static const char hex[] = "0123456789abcdef";
	char *p = buf;

	for (size_t i = 0; i < ALG_LABEL_SIZE; i++) {
		__u8 v = label[order[i]];

		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[v >> 4];
		*p++ = hex[v & 0xf];
	}
	*p = '\0';
	return buf;
}
