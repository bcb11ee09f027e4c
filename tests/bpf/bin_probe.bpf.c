// SPDX-License-Identifier: GPL-2.0
/*
 * A test-only XDP program that runs every reader of bin.h (tests/bpf/bin_probe.h)
 * over the frame: it proves the readers pass the verifier, and its result is
 * compared with the host build of the same code. Not part of algtrack.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "bin_probe.h"

char LICENSE[] SEC("license") = "GPL";

/* The payload copy, as the tracker keeps it: per CPU, read through ALG_AT. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct alg_buf);
} probe_buf SEC(".maps");

struct bin_probe_out probe_out;

SEC("xdp")
int bin_probe(struct xdp_md *ctx)
{
	__u64 len = bpf_xdp_get_buff_len(ctx);
	__u32 zero = 0;
	struct alg_buf *b = bpf_map_lookup_elem(&probe_buf, &zero);

	if (!b)
		return XDP_ABORTED;
	if (len > ALG_MAX_PAYLOAD)
		len = ALG_MAX_PAYLOAD;
	if (len == 0)
		return XDP_ABORTED;
	/* Linux 6.1's verifier needs the bound re-derived on this register. */
	len = ((len - 1) & ALG_BUF_MASK) + 1;
	if (bpf_xdp_load_bytes(ctx, 0, b->data, len))
		return XDP_ABORTED;
	bin_probe_run(b, len, &probe_out);
	probe_out.runs++;
	return XDP_PASS;
}
