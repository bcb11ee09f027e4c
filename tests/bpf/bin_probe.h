/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One run of every reader of bin.h over an input, written so that the same
 * code builds into a BPF program and into the host test: the two results
 * must be equal byte for byte.
 *
 * The input's first BIN_PROBE_HDR bytes choose what runs:
 *   [0]     TLV format (enum alg_bin_tlv_format)
 *   [1]     an offset for the fixed-width reads (also read at the end)
 *   [2]     bit 0: the byte order of the run-time-order reads
 *   [3]     TLV items lie in [HDR, HDR + [3]); the PER cursor covers [that, len)
 *   [4..15] PER operations: bits 0-2 the reader, bits 3-7 its parameter
 */
#ifndef ALGTRACK_TEST_BIN_PROBE_H
#define ALGTRACK_TEST_BIN_PROBE_H

#include "algtrack/bin.h"

#define BIN_PROBE_HDR 16u
#define BIN_PROBE_OPS 12u
#define BIN_PROBE_OFFS 4u   /* offsets of fixed-width reads */
#define BIN_PROBE_FIXED 7u  /* readers per offset */
#define BIN_PROBE_ITEMS 8u  /* TLV steps */

struct bin_probe_field {
	__s32 rc;
	__u32 v;
};

struct bin_probe_item {
	__s32 rc;
	__u32 type;
	__u32 val_off;
	__u32 val_len;
};

struct bin_probe_step {
	__s32 rc;
	__u32 v;
	__u32 bit;
	__u32 err;
};

struct bin_probe_out {
	__u32 len;
	__u32 runs; /* set last: the BPF side counts its runs */
	struct bin_probe_field fixed[BIN_PROBE_OFFS][BIN_PROBE_FIXED];
	struct bin_probe_item tlv[BIN_PROBE_ITEMS];
	struct alg_bin_tlv tlv_end;
	struct bin_probe_step per[BIN_PROBE_OPS];
};

/* Constrained whole numbers: the range - 1 by parameter, lb 0 or 1000. */
static const __u32 bin_probe_spans[16] = {
	0, 1, 2, 6, 7, 100, 254, 255, 256, 1000, 0xffff, 0x10000,
	0xffffff, 0x1000000, 0xfffffffe, 0xffffffff,
};

ALG_INLINE __u32 bin_probe_byte(const struct alg_buf *b, __u32 len, __u32 i)
{
	return i < len ? ALG_AT(b, i) : 0;
}

ALG_INLINE void bin_probe_fixed(const struct alg_buf *b, __u32 len, __u32 off, __u32 order,
				struct bin_probe_field *f)
{
	__u8 v8 = 0;
	__u16 v16 = 0;
	__u32 v32 = 0;

	f[0].rc = alg_bin_u8(b, len, off, &v8);
	f[0].v = v8;
	f[1].rc = alg_bin_be16(b, len, off, &v16);
	f[1].v = v16;
	f[2].rc = alg_bin_le16(b, len, off, &v16);
	f[2].v = v16;
	f[3].rc = alg_bin_be32(b, len, off, &v32);
	f[3].v = v32;
	f[4].rc = alg_bin_le32(b, len, off, &v32);
	f[4].v = v32;
	f[5].rc = alg_bin_u16(b, len, off, order, &v16);
	f[5].v = v16;
	f[6].rc = alg_bin_u32(b, len, off, order, &v32);
	f[6].v = v32;
}

/* A hash of an octet string, so that a wrong byte anywhere shows. */
ALG_INLINE __u32 bin_probe_hash(const struct alg_bin_octets *o)
{
	__u32 h = o->len;

	for (__u32 k = 0; k < ALG_BIN_OCTETS_MAX; k++) {
		if (k >= o->len)
			break;
		h = h * 31 + o->data[k];
	}
	return h;
}

ALG_INLINE int bin_probe_op(const struct alg_buf *b, struct alg_bin_per *p, __u32 code, __u32 *v)
{
	__u32 param = code >> 3, lb = param & 16 ? 1000 : 0;
	struct alg_bin_octets o = { 0 };
	int rc;

	switch (code & 7) {
	case 0:
		return alg_bin_per_bits(b, p, param + 1, v); /* 1..32 bits */
	case 1:
		return param & 1 ? alg_bin_per_ext(b, p, v) : alg_bin_per_bool(b, p, v);
	case 2:
		return alg_bin_per_align(p);
	case 3:
		return alg_bin_per_constrained(b, p, lb, lb + bin_probe_spans[param & 15], v);
	case 4:
		return param & 1 ? alg_bin_per_length(b, p, v) : alg_bin_per_small(b, p, v);
	case 5:
		return alg_bin_per_open_skip(b, p);
	case 6:
		return alg_bin_per_skip(p, param);
	default:
		/* 0..15, then 32..62: past the bound from 33 on */
		rc = alg_bin_per_octets(b, p, param < 16 ? param : param * 2, &o);
		*v = bin_probe_hash(&o);
		return rc;
	}
}

ALG_INLINE void bin_probe_run(const struct alg_buf *b, __u32 len, struct bin_probe_out *out)
{
	__u32 format = bin_probe_byte(b, len, 0), at = bin_probe_byte(b, len, 1);
	__u32 order = bin_probe_byte(b, len, 2) & 1;
	__u32 split = BIN_PROBE_HDR + bin_probe_byte(b, len, 3);
	__u32 offs[BIN_PROBE_OFFS] = { at, len - 1, len - 2, len - 4 };
	struct alg_bin_tlv t;
	struct alg_bin_per p;

	out->len = len;
	/* Unrolled: Linux 6.1 refuses a loop whose head follows a call. */
	ALG_UNROLL
	for (__u32 k = 0; k < BIN_PROBE_OFFS; k++)
		bin_probe_fixed(b, len, offs[k], order, out->fixed[k]);

	alg_bin_tlv_init(&t, BIN_PROBE_HDR, split < len ? split : len, format & 15);
	ALG_UNROLL
	for (__u32 k = 0; k < BIN_PROBE_ITEMS; k++) {
		out->tlv[k].rc = alg_bin_tlv_next(b, &t);
		out->tlv[k].type = t.type;
		out->tlv[k].val_off = t.val_off;
		out->tlv[k].val_len = t.val_len;
	}
	out->tlv_end = t;

	alg_bin_per_init(&p, split, len);
	ALG_UNROLL
	for (__u32 k = 0; k < BIN_PROBE_OPS; k++) {
		__u32 v = 0;

		out->per[k].rc = bin_probe_op(b, &p, bin_probe_byte(b, len, 4 + k), &v);
		out->per[k].v = v;
		out->per[k].bit = p.bit;
		out->per[k].err = p.err;
	}
}

#endif /* ALGTRACK_TEST_BIN_PROBE_H */
