// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the SIP/SDP parser: the input goes into a zeroed
 * 2048-byte buffer as on the BPF path and is parsed with every context; the
 * result must keep the contract of parse.h. Also checks that parsing the
 * same bytes twice gives the same result (no hidden state).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "algtrack/sip.h"

static void check(const struct alg_parse_result *r, __u32 len, __u8 proto)
{
	const __u32 known = ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR | ALG_EV_OPEN | ALG_EV_CLOSE |
			    ALG_EV_WITHDRAW | ALG_EV_NOT_PROTO;

	if (r->n_ep > ALG_MAX_ENDPOINTS || (r->dropped && r->n_ep != ALG_MAX_ENDPOINTS))
		abort();
	if (r->events & ~known)
		abort();
	if ((r->events & ALG_EV_NOT_PROTO) && (r->events != ALG_EV_NOT_PROTO || r->n_ep))
		abort();
	if (r->events && !(r->events & (ALG_EV_MESSAGE | ALG_EV_NOT_PROTO)))
		abort();
	if (r->n_ep && !(r->events & ALG_EV_MESSAGE))
		abort();
	if (proto == ALG_IPPROTO_UDP && r->next != len)
		abort();
	if (proto == ALG_IPPROTO_TCP && r->next != ALG_NEXT_UNKNOWN &&
	    (r->next == 0 || r->next > len + ALG_SIP_MAX_CLEN))
		abort();
	/* Endpoints only from a message whose whole body is here. */
	if (proto == ALG_IPPROTO_TCP && r->n_ep && r->next > len)
		abort();
	for (__u32 i = 0; i < r->n_ep; i++) {
		const struct alg_endpoint *ep = &r->ep[i];

		if (ep->port < 1024 && ep->port != 0)
			abort(); /* RTCP is port + 1 or an explicit 1..65535: RTP is >= 1024 */
		if (ep->port == 0 || ep->proto != ALG_IPPROTO_UDP)
			abort();
		if (ep->family != ALG_AF_INET && ep->family != ALG_AF_INET6)
			abort();
		if (ep->family == ALG_AF_INET && (ep->addr.w[1] | ep->addr.w[2] | ep->addr.w[3]))
			abort();
		if (!(ep->addr.w[0] | ep->addr.w[1] | ep->addr.w[2] | ep->addr.w[3]))
			abort(); /* hold addresses give no endpoint */
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct alg_buf buf;
	__u32 len = size < ALG_MAX_PAYLOAD ? (__u32)size : ALG_MAX_PAYLOAD;
	static const __u8 families[] = { ALG_AF_INET, ALG_AF_INET6 };
	static const __u8 protos[] = { ALG_IPPROTO_UDP, ALG_IPPROTO_TCP };

	memset(&buf, 0, sizeof(buf));
	memcpy(buf.data, data, len);
	for (int f = 0; f < 2; f++) {
		for (int p = 0; p < 2; p++) {
			for (int dir = 0; dir < 2; dir++) {
				struct alg_parse_ctx c = { .family = families[f], .proto = protos[p],
							   .from_client = (__u8)dir };
				struct alg_parse_result r, again;

				memset(&r, 0, sizeof(r));
				memset(&again, 0, sizeof(again));
				if (alg_sip_parse(&buf, len, &c, &r) != 0)
					abort();
				check(&r, len, protos[p]);
				if (alg_sip_parse(&buf, len, &c, &again) != 0 ||
				    memcmp(&r, &again, sizeof(r)) != 0)
					abort();
			}
		}
	}
	return 0;
}
