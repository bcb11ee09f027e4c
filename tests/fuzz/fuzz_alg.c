// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for one ALG's parser, built once per implemented ALG
 * (-DALG_FUZZ_ALG=ALG_<ID>, binary fuzz_<name>). The input goes into a
 * zeroed ALG_BUF_SIZE-byte buffer as on the BPF path and is parsed with every
 * context the ALG can see; each result must keep the contract of parse.h
 * and the ALG's own invariants (its case table's check), and parsing the
 * same bytes twice must give the same result (no hidden state).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alg_case.h"

#ifndef ALG_FUZZ_ALG
#error "build with -DALG_FUZZ_ALG=ALG_<ID>"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const __u8 families[] = { ALG_AF_INET, ALG_AF_INET6 };
	static const __u8 protos[] = { ALG_IPPROTO_UDP, ALG_IPPROTO_TCP };
	const struct alg_case_table *t = alg_case_table_of(ALG_FUZZ_ALG);
	static struct alg_buf buf;
	__u32 len = size < ALG_MAX_PAYLOAD ? (__u32)size : ALG_MAX_PAYLOAD;

	memset(&buf, 0, sizeof(buf));
	memcpy(buf.data, data, len);
	for (unsigned int v = 0; v < 8; v++) {
		struct alg_parse_ctx c = { .family = families[v & 1], .proto = protos[(v >> 1) & 1],
					   .from_client = (__u8)(v >> 2), .sport = 40000, .dport = 40001 };
		struct alg_parse_result r, again;
		const char *why;

		memset(&r, 0, sizeof(r));
		memset(&again, 0, sizeof(again));
		if (alg_case_parse(ALG_FUZZ_ALG, &buf, len, &c, &r) != 0)
			abort();
		if (alg_case_contract(&c, len, &r, &why) || (t->check && t->check(&c, len, &r)))
			abort();
		if (alg_case_parse(ALG_FUZZ_ALG, &buf, len, &c, &again) != 0 ||
		    memcmp(&r, &again, sizeof(r)) != 0)
			abort();
	}
	return 0;
}
