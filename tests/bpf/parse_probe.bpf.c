// SPDX-License-Identifier: GPL-2.0
/*
 * A test-only XDP program that runs one ALG parser over a frame, as the
 * tracker's control program does: the payload copied into an ALG_BUF_SIZE-byte
 * buffer, the parser called with the frame's context. Its results are
 * compared with the host build of the same parser (test_differential.c).
 * Not part of algtrack.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "parse_probe.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct parse_probe_io);
} probe_io SEC(".maps");

#define PROBE_PARSE(ID, name, impl, ...) \
	ALG_IF_IMPL(impl, case ALG_##ID: return alg_##name##_parse(&io->buf, len, &io->ctx, &io->res);)

static __always_inline int probe_parse(__u32 alg, struct parse_probe_io *io, __u32 len)
{
	switch (alg) {
		ALG_REGISTRY(PROBE_PARSE)
	}
	return -2;
}

SEC("xdp")
int parse_probe(struct xdp_md *ctx)
{
	struct parse_probe_hdr hdr;
	struct parse_probe_io *io;
	__u32 zero = 0;
	__u64 len = bpf_xdp_get_buff_len(ctx);

	io = bpf_map_lookup_elem(&probe_io, &zero);
	if (!io || len < sizeof(hdr) || bpf_xdp_load_bytes(ctx, 0, &hdr, sizeof(hdr)))
		return XDP_ABORTED;
	len -= sizeof(hdr);
	if (len > ALG_MAX_PAYLOAD)
		len = ALG_MAX_PAYLOAD;
	if (len) {
		/* Linux 6.1's verifier needs the bound re-derived on this register. */
		len = ((len - 1) & ALG_BUF_MASK) + 1;
		if (bpf_xdp_load_bytes(ctx, sizeof(hdr), io->buf.data, len))
			return XDP_ABORTED;
	}
	io->rc = probe_parse(hdr.alg, io, len);
	io->runs++;
	return XDP_PASS;
}
