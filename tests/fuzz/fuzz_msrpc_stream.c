// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the MS-RPC parser over a whole conversation: the
 * per-conversation state is carried from one PDU to the next, so binds,
 * ept_map calls and their responses (the tower reader) are all reached,
 * which a single message on a zero state never does.
 *
 * Input: records of [direction byte (bit 0: from the client), length (u16
 * LE), that many bytes], each parsed as one message. Every result keeps
 * the invariants: endpoints only from the server's side, only TCP or UDP,
 * IPv4 or family 0 exactly for 0.0.0.0, at most ALG_MAX_ENDPOINTS; the
 * state changes only with ALG_EV_STATE; parsing is deterministic.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "algtrack/parsers.h"

static void check(const struct alg_parse_ctx *c, __u32 len, const struct alg_conv_state *before,
		  const struct alg_parse_result *r)
{
	if (r->n_ep > ALG_MAX_ENDPOINTS || r->next != len)
		abort();
	if (!(r->events & ALG_EV_STATE) && memcmp(before, &r->state, sizeof(*before)) != 0)
		abort();
	if ((r->events & ALG_EV_PARSE_ERROR) && !(r->events & ALG_EV_MESSAGE))
		abort();
	if (r->n_ep && c->from_client)
		abort();
	for (__u32 i = 0; i < r->n_ep; i++) {
		const struct alg_endpoint *ep = &r->ep[i];

		if (ep->proto != ALG_IPPROTO_TCP && ep->proto != ALG_IPPROTO_UDP)
			abort();
		if (ep->port == 0 || (ep->family != 0 && ep->family != ALG_AF_INET))
			abort();
		if ((ep->family == 0) != (ep->addr.w[0] == 0) || ep->addr.w[1] | ep->addr.w[2] | ep->addr.w[3])
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct alg_buf buf;
	struct alg_conv_state state;
	size_t off = 0;

	memset(&state, 0, sizeof(state));
	while (size - off >= 3) {
		struct alg_parse_ctx c = { .family = ALG_AF_INET, .proto = ALG_IPPROTO_TCP,
					   .sport = 49700, .dport = 135 };
		struct alg_parse_result r, again;
		__u32 len = (__u32)data[off + 1] | (__u32)data[off + 2] << 8;

		c.from_client = data[off] & 1;
		if (!c.from_client) {
			c.sport = 135;
			c.dport = 49700;
		}
		off += 3;
		if (len > size - off)
			len = (__u32)(size - off);
		if (len > ALG_MAX_PAYLOAD)
			len = ALG_MAX_PAYLOAD;
		memset(&buf, 0, sizeof(buf));
		memcpy(buf.data, data + off, len);
		off += len;

		memset(&r, 0, sizeof(r));
		r.state = state;
		again = r;
		if (alg_msrpc_parse(&buf, len, &c, &r) || alg_msrpc_parse(&buf, len, &c, &again))
			abort();
		if (memcmp(&r, &again, sizeof(r)) != 0)
			abort();
		check(&c, len, &state, &r);
		state = r.state;
	}
	return 0;
}
