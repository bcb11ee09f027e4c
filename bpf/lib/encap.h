/* SPDX-License-Identifier: GPL-2.0 */
/* The encap counters: packets not followed, by reason, and datagrams reassembled. */
#ifndef ALGTRACK_BPF_ENCAP_H
#define ALGTRACK_BPF_ENCAP_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "algtrack/abi.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, ALG_ENC__COUNT);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} encap SEC(".maps");

static __always_inline void alg_encap_inc(__u32 why)
{
	__u64 *n = bpf_map_lookup_elem(&encap, &why);

	if (n)
		*n += 1;
}

#endif /* ALGTRACK_BPF_ENCAP_H */
