// SPDX-License-Identifier: GPL-2.0
/*
 * The floor of every benchmark figure: entry programs that do nothing. Each
 * BPF figure is reported beside one of these, measured in the same round with
 * the same frames, so the cost of BPF_PROG_TEST_RUN itself cancels out.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("xdp")
int empty_xdp(struct xdp_md *ctx)
{
	(void)ctx;
	return XDP_PASS;
}

SEC("tc")
int empty_tc(struct __sk_buff *skb)
{
	(void)skb;
	return TC_ACT_OK;
}
