// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the FTP parser: the input goes into a zeroed
 * 2048-byte buffer as on the BPF path and is parsed with every context; the
 * result must keep the contract of parse.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "algtrack/ftp.h"

static void check(const struct alg_parse_result *r, __u32 len, int family)
{
	if (r->n_ep > ALG_MAX_ENDPOINTS || r->n_ep > 1 || r->dropped != 0)
		abort(); /* one line announces at most one endpoint */
	if (r->next != ALG_NEXT_UNKNOWN && r->next != len)
		abort();
	if (r->events & ~(__u32)(ALG_EV_MESSAGE | ALG_EV_PARSE_ERROR | ALG_EV_CLOSE))
		abort();
	if ((r->events & ALG_EV_PARSE_ERROR) && (!(r->events & ALG_EV_MESSAGE) || r->n_ep))
		abort();
	if (r->n_ep && r->events != ALG_EV_MESSAGE)
		abort();
	for (__u32 i = 0; i < r->n_ep; i++) {
		const struct alg_endpoint *ep = &r->ep[i];

		if (ep->port == 0 || ep->proto != ALG_IPPROTO_TCP)
			abort();
		if (ep->family != 0 && ep->family != ALG_AF_INET && ep->family != ALG_AF_INET6)
			abort();
		/* EPRT never yields the other family (IPv4 from PORT/227 is fine anywhere). */
		if (ep->family == ALG_AF_INET6 && family != ALG_AF_INET6)
			abort();
		if (ep->family != ALG_AF_INET6 && (ep->addr.w[1] | ep->addr.w[2] | ep->addr.w[3]))
			abort();
		if (ep->family == 0 && ep->addr.w[0])
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct alg_buf buf;
	__u32 len = size < ALG_MAX_PAYLOAD ? (__u32)size : ALG_MAX_PAYLOAD;
	static const __u8 families[] = { ALG_AF_INET, ALG_AF_INET6 };

	memset(&buf, 0, sizeof(buf));
	memcpy(buf.data, data, len);
	for (int f = 0; f < 2; f++) {
		for (int dir = 0; dir < 2; dir++) {
			struct alg_parse_ctx c = { .family = families[f], .proto = ALG_IPPROTO_TCP,
						   .from_client = (__u8)dir };
			struct alg_parse_result r;

			memset(&r, 0, sizeof(r));
			if (alg_ftp_parse(&buf, len, &c, &r) != 0)
				abort();
			check(&r, len, families[f]);
		}
	}
	return 0;
}
