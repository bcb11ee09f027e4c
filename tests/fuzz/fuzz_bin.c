// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the binary-field primitives (headers/algtrack/bin.h).
 * The input goes into a zeroed ALG_BUF_SIZE-byte buffer, as on the BPF path, and its
 * first bytes choose what runs over it:
 *   [0..1]  an offset for fixed-width reads (little-endian)
 *   [2]     TLV format, [3] TLV start, [4] TLV span
 *   [5]     PER start, [6] PER span (0: to the end), [7] PER operations
 *   [8..]   the operations, two bytes each: reader, parameter
 * Every result is checked against a plain reference reading of the bytes,
 * and the cursors against their invariants: never past the end, always
 * forward, an error sticky.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "algtrack/bin.h"

#define HDR 8u

static struct alg_buf buf;

static void check(int ok)
{
	if (!ok)
		abort();
}

/* The byte at i as the readers see it: through the buffer's mask. */
static __u32 ref_byte(__u32 i)
{
	return buf.data[i & ALG_BUF_MASK];
}

static void fuzz_fixed(__u32 len, __u32 off)
{
	for (__u32 width = 0; width <= 5; width++) {
		for (__u32 order = ALG_BIN_BE; order <= ALG_BIN_LE; order++) {
			int fits = width >= 1 && width <= 4 && off < len && len - off >= width;
			__u32 v = 0xdeadbeef, want = 0;

			check(alg_bin_read(&buf, len, off, width, order, &v) == (fits ? 0 : -1));
			if (!fits) {
				check(v == 0xdeadbeef);
				continue;
			}
			for (__u32 k = 0; k < width; k++) {
				__u32 byte = ref_byte(off + k);

				want = order == ALG_BIN_LE ? want | byte << (8 * k) : want << 8 | byte;
			}
			check(v == want);
		}
	}
}

static void fuzz_tlv(__u32 format, __u32 off, __u32 end)
{
	__u32 hdr = 2 + !!(format & ALG_BIN_TLV_TYPE16) + !!(format & ALG_BIN_TLV_LEN16);
	struct alg_bin_tlv t;
	int rc = 1;

	alg_bin_tlv_init(&t, off, end, format);
	for (__u32 step = 0; step < ALG_BIN_TLV_MAX_STEPS && rc == 1; step++) {
		__u32 before = t.off;

		rc = alg_bin_tlv_next(&buf, &t);
		check(rc >= -1 && rc <= 1);
		check(t.off <= end);
		if (rc == 1) {
			check(t.val_off == before + hdr);
			check(t.off == t.val_off + t.val_len && t.off <= end);
		} else {
			check(t.off == before);
			check(rc == 0 ? t.off == end && !t.err : t.err == 1);
			check(alg_bin_tlv_next(&buf, &t) == rc); /* the end and an error stay */
		}
	}
	check(rc != 1); /* every item takes two bytes or more: the walk ends */
}

/* n bits from bit, one at a time: the reference for the PER readers. */
static __u64 ref_bits(__u32 bit, __u32 n)
{
	__u64 v = 0;

	for (__u32 k = 0; k < n; k++)
		v = v << 1 | ((ref_byte((bit + k) >> 3) >> (7 - ((bit + k) & 7))) & 1);
	return v;
}

static const __u32 spans[16] = {
	0, 1, 2, 6, 7, 100, 254, 255, 256, 1000, 0xffff, 0x10000,
	0xffffff, 0x1000000, 0xfffffffe, 0xffffffff,
};

/* One PER operation and the invariants it must keep. */
static void fuzz_per_op(struct alg_bin_per *p, __u32 op, __u32 param)
{
	const struct alg_bin_per before = *p;
	struct alg_bin_octets o;
	__u32 v = 0, lb = (param >> 4) * 0x11111111u, ub = lb + spans[param & 15];
	__u32 n = param % 40;
	int rc;

	switch (op % 10) {
	case 0:
		rc = alg_bin_per_bits(&buf, p, n, &v);
		check(rc != 0 || (p->bit == before.bit + n && v == ref_bits(before.bit, n)));
		check(rc == 0 || before.err || n > 32 || before.bit + n > before.end_bit);
		break;
	case 1:
		rc = alg_bin_per_bool(&buf, p, &v);
		check(rc != 0 || (v == ref_bits(before.bit, 1) && p->bit == before.bit + 1));
		break;
	case 2:
		rc = alg_bin_per_ext(&buf, p, &v);
		check(rc != 0 || (v == ref_bits(before.bit, 1) && p->bit == before.bit + 1));
		break;
	case 3:
		rc = alg_bin_per_align(p);
		check(rc != 0 || (p->bit % 8 == 0 && p->bit - before.bit < 8));
		check(rc == 0 || before.err); /* the end is an octet boundary */
		break;
	case 4:
		rc = alg_bin_per_constrained(&buf, p, lb, ub, &v);
		check(rc != 0 || (v >= lb && v <= ub));
		check(rc != 0 || ub >= lb);
		if (rc == 0 && lb == ub)
			check(p->bit == before.bit); /* range 1 takes no bits */
		break;
	case 5:
		rc = alg_bin_per_length(&buf, p, &v);
		check(rc != 0 || (v <= 16383 && p->bit % 8 == 0));
		break;
	case 6:
		rc = alg_bin_per_small(&buf, p, &v);
		break;
	case 7:
		rc = alg_bin_per_open_skip(&buf, p);
		check(rc != 0 || p->bit % 8 == 0);
		break;
	case 8:
		rc = alg_bin_per_skip(p, n);
		check(rc != 0 || p->bit == before.bit + 8 * n);
		break;
	default:
		memset(&o, 0xa5, sizeof(o));
		rc = alg_bin_per_octets(&buf, p, n, &o);
		if (rc == 0) {
			check(o.len == n && p->bit == before.bit + 8 * n);
			for (__u32 k = 0; k < n; k++)
				check(o.data[k] == ref_bits(before.bit + 8 * k, 8));
		}
		check(rc == 0 || before.err || n > ALG_BIN_OCTETS_MAX || before.bit + 8 * n > before.end_bit);
		break;
	}
	check(rc == 0 || rc == -1);
	check(p->end_bit == before.end_bit && p->bit <= p->end_bit);
	check(p->err == (__u32)(rc == -1 || before.err));
	check(before.err ? p->bit == before.bit : p->bit >= before.bit);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	__u32 len = size < ALG_MAX_PAYLOAD ? (__u32)size : ALG_MAX_PAYLOAD;
	__u32 c[HDR] = { 0 }, start, end;
	struct alg_bin_per p;

	memset(&buf, 0, sizeof(buf));
	memcpy(buf.data, data, len);
	for (__u32 k = 0; k < HDR && k < len; k++)
		c[k] = data[k];

	/* Fixed-width fields: the chosen offset, the edges, and the mask's wrap. */
	fuzz_fixed(len, c[0] | c[1] << 8);
	for (__u32 k = 0; k <= 5; k++)
		fuzz_fixed(len, len - k);
	fuzz_fixed(ALG_BUF_SIZE + 4, ALG_BUF_SIZE - 4 + (c[0] & 7));
	fuzz_fixed(0xffffffffu, 0xffffffffu - (c[1] & 7));

	start = c[3] < len ? c[3] : len;
	end = start + c[4] < len ? start + c[4] : len;
	fuzz_tlv(c[2] & 15, start, end);
	fuzz_tlv(c[2] & 15, start, len);

	start = c[5] < len ? c[5] : len;
	end = c[6] && start + c[6] < len ? start + c[6] : len;
	alg_bin_per_init(&p, start, end);
	check(!p.err && p.bit == 8 * start && p.end_bit == 8 * end);
	for (__u32 k = 0; k < (c[7] & 63); k++) {
		__u32 i = HDR + 2 * k;

		if (i + 1 >= len)
			break;
		fuzz_per_op(&p, data[i], data[i + 1]);
	}
	return 0;
}
