/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ALG test kit's case tables. Each implemented ALG of the registry has
 * one table, tests/cases/<name>.c, defining
 *
 *   const struct alg_case_table alg_cases_<name> = { cases, n, check };
 *
 * The same table drives the host unit runner (tests/unit/test_alg_cases.c),
 * seeds the ALG's fuzzer (tests/fuzz/fuzz_alg.c, built once per ALG) and the
 * BPF-vs-host differential run (tests/bpf/test_differential.c). A registry
 * row marked implemented without its table does not link.
 */
#ifndef ALGTRACK_TEST_ALG_CASE_H
#define ALGTRACK_TEST_ALG_CASE_H

#include <stddef.h>
#include "algtrack/parsers.h"

#define ALG_CASE_ANY_NEXT 0xfffffffeu /* next: not asserted */

/* An expected endpoint; addr NULL means family 0 (the side's own address). */
struct alg_case_ep {
	const char *addr;
	__u16 port;
	__u8 proto;
	__u8 opener;
	__u16 src_port;
	__u8 child_alg;
	__u32 flow_id;
	const __u8 *label;        /* ALG_LABEL_SIZE bytes the endpoint carries; NULL: not checked */
};

struct alg_case {
	const char *name;
	const void *msg;
	size_t len;               /* 0: strlen(msg) */
	struct alg_parse_ctx ctx;
	const void *state;        /* private state on entry, NULL for zeroes */
	size_t state_len;
	__u32 events;             /* exactly these events */
	__u32 next;               /* r->next, or ALG_CASE_ANY_NEXT */
	__u32 n_ep;
	struct alg_case_ep ep[ALG_MAX_ENDPOINTS];
	const void *state_out;    /* with ALG_EV_STATE: the state after, its first state_len bytes */
};

/* A case of a message (a string) and the endpoints it yields (ALG_EP). */
#define ALG_CASE(nm, m, c, ev, nx, n, ...) \
	{ .name = (nm), .msg = (m), .ctx = c, .events = (ev), .next = (nx), .n_ep = (n), .ep = { __VA_ARGS__ } }
#define ALG_EP(a, p, pr) { .addr = (a), .port = (p), .proto = (pr) }

/*
 * The ALG's own invariants on any result (the fuzzer's oracle too): 0, or
 * -1 when the result breaks them. len: the message length parsed.
 */
typedef int (*alg_case_check_fn)(const struct alg_parse_ctx *c, __u32 len,
				 const struct alg_parse_result *r);

struct alg_case_table {
	const struct alg_case *cases;
	size_t n;
	alg_case_check_fn check; /* NULL: only the contract's invariants */
};

#define ALG_CASE_TABLE_DECL(ID, name, impl, ...) \
	ALG_IF_IMPL(impl, extern const struct alg_case_table alg_cases_##name;)
ALG_REGISTRY(ALG_CASE_TABLE_DECL)

/* The table of an implemented ALG, or NULL. */
static inline const struct alg_case_table *alg_case_table_of(unsigned int alg)
{
	switch (alg) {
#define ALG_CASE_TABLE_OF(ID, name, impl, ...) ALG_IF_IMPL(impl, case ALG_##ID: return &alg_cases_##name;)
		ALG_REGISTRY(ALG_CASE_TABLE_OF)
#undef ALG_CASE_TABLE_OF
	}
	return NULL;
}

/* The host build of an ALG's parser by id: -2 for an ALG without one. */
static inline int alg_case_parse(unsigned int alg, const struct alg_buf *b, __u32 len,
				 const struct alg_parse_ctx *c, struct alg_parse_result *r)
{
	switch (alg) {
#define ALG_CASE_PARSE(ID, name, impl, ...) ALG_IF_IMPL(impl, case ALG_##ID: return alg_##name##_parse(b, len, c, r);)
		ALG_REGISTRY(ALG_CASE_PARSE)
#undef ALG_CASE_PARSE
	}
	return -2;
}

/*
 * The contract of parse.h that every parser keeps, whatever the input:
 * 0, or -1 with *why set.
 */
static inline int alg_case_contract(const struct alg_parse_ctx *c, __u32 len,
				    const struct alg_parse_result *r, const char **why)
{
	(void)len;
	*why = NULL;
	if (r->n_ep > ALG_MAX_ENDPOINTS)
		*why = "more endpoints than a result holds";
	else if ((r->events & ALG_EV_PARSE_ERROR) && !(r->events & ALG_EV_MESSAGE))
		*why = "a parse error of no recognised message";
	else if (r->next == 0 && c->proto == ALG_IPPROTO_TCP && len > 0 && r->events)
		*why = "a TCP message of no length";
	for (__u32 i = 0; !*why && i < r->n_ep; i++) {
		const struct alg_endpoint *ep = &r->ep[i];

		if (ep->proto != ALG_IPPROTO_TCP && ep->proto != ALG_IPPROTO_UDP &&
		    ep->proto != ALG_IPPROTO_GRE && ep->proto != ALG_IPPROTO_ESP)
			*why = "an endpoint of an unknown transport";
		else if (ep->proto != ALG_IPPROTO_ESP && ep->proto != ALG_IPPROTO_GRE && ep->port == 0)
			*why = "an endpoint without a port";
		else if (ep->family != 0 && ep->family != ALG_AF_INET && ep->family != ALG_AF_INET6)
			*why = "an endpoint of an unknown family";
		else if (ep->family != ALG_AF_INET6 && (ep->addr.w[1] | ep->addr.w[2] | ep->addr.w[3]))
			*why = "an IPv4 or implied address with IPv6 words";
		else if (ep->opener > ALG_OPENER_ANY)
			*why = "an unknown opener";
		else if (ep->child_alg >= ALG__COUNT)
			*why = "an unknown child ALG";
	}
	return *why ? -1 : 0;
}

#endif /* ALGTRACK_TEST_ALG_CASE_H */
