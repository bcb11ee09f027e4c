/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place that knows whether a program runs at XDP or TC: everything
 * above it is written once for both hooks. `is_xdp` is always a compile-time
 * constant after inlining, so each hook keeps only its own branch.
 */
#ifndef ALGTRACK_BPF_CTX_H
#define ALGTRACK_BPF_CTX_H

#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#define ALG_PASS(is_xdp) ((is_xdp) ? XDP_PASS : TC_ACT_OK)

/*
 * Read a 32-bit ctx field with one load, so clang cannot keep a modified ctx
 * pointer in a register (the verifier rejects that).
 */
#define alg_ctx_u32(ctx, type, field) ({                                 \
	__u32 __v;                                                       \
	asm volatile("%0 = *(u32 *)(%1 + %2)"                             \
		     : "=r"(__v) : "r"(ctx), "i"(__builtin_offsetof(type, field))); \
	__v; })

#define alg_ctx_ptr(ctx, type, field) ({                                 \
	void *__p;                                                       \
	asm volatile("%0 = *(u32 *)(%1 + %2)"                             \
		     : "=r"(__p) : "r"(ctx), "i"(__builtin_offsetof(type, field))); \
	__p; })

static __always_inline void *alg_ctx_data(void *ctx, int is_xdp)
{
	return is_xdp ? alg_ctx_ptr(ctx, struct xdp_md, data)
		      : alg_ctx_ptr(ctx, struct __sk_buff, data);
}

static __always_inline void *alg_ctx_data_end(void *ctx, int is_xdp)
{
	return is_xdp ? alg_ctx_ptr(ctx, struct xdp_md, data_end)
		      : alg_ctx_ptr(ctx, struct __sk_buff, data_end);
}

/*
 * The whole frame's length, L2 header included. XDP: data to data_end, as
 * the entry programs are not multi-buffer aware (no "xdp.frags"): drivers
 * refuse them on an MTU that needs more than one buffer and generic XDP
 * linearizes the frame first. TC: skb->len, the paged data too.
 */
static __always_inline __u32 alg_ctx_len(void *ctx, int is_xdp)
{
	if (is_xdp)
		return alg_ctx_data_end(ctx, is_xdp) - alg_ctx_data(ctx, is_xdp);
	return alg_ctx_u32(ctx, struct __sk_buff, len);
}

/*
 * XDP: the frame's length with the buffers after the first. A program that
 * is not multi-buffer aware meets such a frame only in a test run (replay
 * of a GRO-sized capture frame); the load helpers read every buffer.
 */
static __always_inline __u32 alg_ctx_xdp_len_all(void *ctx)
{
	return (__u32)bpf_xdp_get_buff_len(ctx);
}

/* The interface the packet is on: ingress for XDP, egress for TC egress. */
static __always_inline __u32 alg_ctx_ifindex(void *ctx, int is_xdp)
{
	return is_xdp ? alg_ctx_u32(ctx, struct xdp_md, ingress_ifindex)
		      : alg_ctx_u32(ctx, struct __sk_buff, ifindex);
}

static __always_inline long alg_ctx_load_bytes(void *ctx, int is_xdp, __u32 off,
					       void *to, __u32 len)
{
	return is_xdp ? bpf_xdp_load_bytes(ctx, off, to, len)
		      : bpf_skb_load_bytes(ctx, off, to, len);
}

#endif /* ALGTRACK_BPF_CTX_H */
