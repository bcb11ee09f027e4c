/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounded binary-field primitives shared by the binary-protocol parsers:
 * fixed-width unsigned fields in either byte order, a type-length-value
 * walker, and a bit reader for ASN.1 aligned PER (ITU-T X.691), the
 * encoding of H.225.0 and H.245.
 *
 * A field that does not fit before its end is an error (-1), never a short
 * or wrapped read. Every read is alg_bin_at(b, i) after a test that i is
 * below the end, so the same code verifies on BPF and runs on the host. The TLV
 * and PER cursors hold offsets only (no pointers), so BPF global functions
 * can take them; once a cursor has failed, every later step on it fails.
 */
#ifndef ALGTRACK_BIN_H
#define ALGTRACK_BIN_H

#include "text.h" /* ALG_UNROLL and the bounded byte read */

/* Byte order of a field, chosen at run time where the protocol says so. */
enum alg_bin_order {
	ALG_BIN_BE = 0, /* network byte order */
	ALG_BIN_LE = 1, /* e.g. DCE-RPC with integer representation 1 in its drep */
};

/*
 * The byte at i, masked in a register of its own. Where the compiler knows
 * i is small (an offset read out of the payload) it would drop ALG_AT's
 * mask; Linux 6.1's verifier then walks the impossible side of the i < end
 * test with contradictory bounds on i (umin above umax) and refuses to add
 * that register to a pointer. The mask, kept, gives it sound bounds again.
 */
ALG_INLINE __u32 alg_bin_at(const struct alg_buf *b, __u32 i)
{
	ALG_OPAQUE(i);
	return ALG_AT(b, i);
}

/*
 * The unsigned field of width (1..4) bytes at off, in order, when it ends
 * at or before len. Returns 0 and sets *v, or -1 (and *v is untouched).
 */
ALG_INLINE int alg_bin_read(const struct alg_buf *b, __u32 len, __u32 off, __u32 width,
			    __u32 order, __u32 *v)
{
	__u32 be = 0, le = 0;

	if (width - 1 > 3 || off >= len || len - off < width)
		return -1;
	ALG_UNROLL
	for (__u32 k = 0; k < 4; k++) {
		/* No early exit: a constant trip count unrolls on BPF. */
		if (k < width) {
			__u32 byte = alg_bin_at(b, off + k);

			be = (be << 8) | byte;
			le |= byte << (8 * k);
		}
	}
	*v = order == ALG_BIN_LE ? le : be;
	return 0;
}

ALG_INLINE int alg_bin_u8(const struct alg_buf *b, __u32 len, __u32 off, __u8 *v)
{
	__u32 x;

	if (alg_bin_read(b, len, off, 1, ALG_BIN_BE, &x))
		return -1;
	*v = (__u8)x;
	return 0;
}

/* 16 and 32 bits in a byte order known only at run time. */
ALG_INLINE int alg_bin_u16(const struct alg_buf *b, __u32 len, __u32 off, __u32 order, __u16 *v)
{
	__u32 x;

	if (alg_bin_read(b, len, off, 2, order, &x))
		return -1;
	*v = (__u16)x;
	return 0;
}

ALG_INLINE int alg_bin_u32(const struct alg_buf *b, __u32 len, __u32 off, __u32 order, __u32 *v)
{
	return alg_bin_read(b, len, off, 4, order, v);
}

ALG_INLINE int alg_bin_be16(const struct alg_buf *b, __u32 len, __u32 off, __u16 *v)
{
	return alg_bin_u16(b, len, off, ALG_BIN_BE, v);
}

ALG_INLINE int alg_bin_le16(const struct alg_buf *b, __u32 len, __u32 off, __u16 *v)
{
	return alg_bin_u16(b, len, off, ALG_BIN_LE, v);
}

ALG_INLINE int alg_bin_be32(const struct alg_buf *b, __u32 len, __u32 off, __u32 *v)
{
	return alg_bin_u32(b, len, off, ALG_BIN_BE, v);
}

ALG_INLINE int alg_bin_le32(const struct alg_buf *b, __u32 len, __u32 off, __u32 *v)
{
	return alg_bin_u32(b, len, off, ALG_BIN_LE, v);
}

/* ---- type-length-value items ---- */

/* The layout of an item's header; 0 is a 1-byte type and a 1-byte length. */
enum alg_bin_tlv_format {
	ALG_BIN_TLV_TYPE16 = 1 << 0, /* 2-byte type */
	ALG_BIN_TLV_LEN16 = 1 << 1,  /* 2-byte length */
	ALG_BIN_TLV_LE = 1 << 2,     /* both in little-endian order (else big) */
	ALG_BIN_TLV_LEN_HDR = 1 << 3, /* the length counts the header as well */
};

/*
 * A walk over the items in [off, end). Each step consumes the header (two
 * bytes or more) and the value, so ALG_BIN_TLV_MAX_STEPS steps always reach
 * the end of a payload.
 */
struct alg_bin_tlv {
	__u32 off;    /* the next item's header */
	__u32 end;
	__u32 format; /* enum alg_bin_tlv_format */
	__u32 err;    /* 1 after an error: every later step fails */
	/* The item the last step returned. */
	__u32 type;
	__u32 val_off;
	__u32 val_len;
	__u32 pad;
};

#define ALG_BIN_TLV_MAX_STEPS (ALG_MAX_PAYLOAD / 2 + 1)

ALG_INLINE void alg_bin_tlv_init(struct alg_bin_tlv *t, __u32 off, __u32 end, __u32 format)
{
	*t = (struct alg_bin_tlv){ .off = off, .end = end, .format = format };
}

ALG_INLINE int alg_bin_tlv_fail(struct alg_bin_tlv *t)
{
	t->err = 1;
	return -1;
}

/*
 * The next item: returns 1 and sets t->type, t->val_off, t->val_len; 0 at
 * the end; -1 when the header is truncated, a length that counts the header
 * is smaller than it, or the value runs past the end.
 */
ALG_FUNC int alg_bin_tlv_next(const struct alg_buf *b, struct alg_bin_tlv *t)
{
	__u32 type_w, len_w, order, hdr, off, end, type = 0, vlen = 0;

	if (!t)
		return -1;
	off = t->off;
	end = t->end;
	if (!b || t->err || off > end)
		return alg_bin_tlv_fail(t);
	if (off == end)
		return 0;
	type_w = t->format & ALG_BIN_TLV_TYPE16 ? 2 : 1;
	len_w = t->format & ALG_BIN_TLV_LEN16 ? 2 : 1;
	order = t->format & ALG_BIN_TLV_LE ? ALG_BIN_LE : ALG_BIN_BE;
	hdr = type_w + len_w;
	if (alg_bin_read(b, end, off, type_w, order, &type) ||
	    alg_bin_read(b, end, off + type_w, len_w, order, &vlen))
		return alg_bin_tlv_fail(t);
	if (t->format & ALG_BIN_TLV_LEN_HDR) {
		if (vlen < hdr)
			return alg_bin_tlv_fail(t); /* it would not move past its own header */
		vlen -= hdr;
	}
	if (vlen > end - off - hdr)
		return alg_bin_tlv_fail(t);
	t->type = type;
	t->val_off = off + hdr;
	t->val_len = vlen;
	t->off = off + hdr + vlen;
	return 1;
}

/* ---- ASN.1 aligned PER (X.691) ---- */

/*
 * A bit cursor over the octets [off, end) of one buffer. Bits are numbered
 * from the buffer's start, most significant bit of each octet first
 * (X.691 §11.1); octet alignment is relative to the buffer's start.
 */
struct alg_bin_per {
	__u32 bit;     /* the next bit to read */
	__u32 end_bit; /* 8 * end */
	__u32 err;     /* 1 after an error: every later read fails */
	__u32 pad;
};

/* An octet string read out of the encoding (addresses, identifiers). */
#define ALG_BIN_OCTETS_MAX 32u /* power of two: stores are masked */

struct alg_bin_octets {
	__u32 len;
	__u8 data[ALG_BIN_OCTETS_MAX];
};

/* A cursor on [off, end); one outside the buffer starts in the error state. */
ALG_INLINE void alg_bin_per_init(struct alg_bin_per *p, __u32 off, __u32 end)
{
	if (off > end || end > ALG_BUF_SIZE) {
		*p = (struct alg_bin_per){ .err = 1 };
		return;
	}
	*p = (struct alg_bin_per){ .bit = 8 * off, .end_bit = 8 * end };
}

ALG_INLINE int alg_bin_per_fail(struct alg_bin_per *p)
{
	p->err = 1;
	return -1;
}

/*
 * Bits left before the end. A cursor past its end (only a corrupted one can
 * be) is put in the error state here; callers test p->err after this.
 */
ALG_INLINE __u32 alg_bin_per_left(struct alg_bin_per *p)
{
	if (p->bit > p->end_bit) {
		p->err = 1;
		return 0;
	}
	return p->end_bit - p->bit;
}

/*
 * Bits needed to write x (0 for 0, 8 for 255, 9 for 256): the size of
 * X.691's bit-field for range - 1. Five halvings, no loop.
 */
ALG_INLINE __u32 alg_bin_bit_width(__u32 x)
{
	__u32 n = 0, t;

	t = (x > 0xffff) << 4;
	x >>= t;
	n += t;
	t = (x > 0xff) << 3;
	x >>= t;
	n += t;
	t = (x > 0xf) << 2;
	x >>= t;
	n += t;
	t = (x > 0x3) << 1;
	x >>= t;
	n += t;
	t = x > 0x1;
	x >>= t;
	return n + t + x;
}

/* Octets needed to write x, at least one. */
ALG_INLINE __u32 alg_bin_octet_width(__u32 x)
{
	return 1 + (x > 0xff) + (x > 0xffff) + (x > 0xffffff);
}

/* The next n (0..32) bits as an unsigned number, most significant first. */
ALG_FUNC int alg_bin_per_bits(const struct alg_buf *b, struct alg_bin_per *p, __u32 n, __u32 *v)
{
	__u32 bit, first, stop, left;
	__u64 acc = 0;

	if (!p || !v)
		return -1;
	left = alg_bin_per_left(p);
	if (!b || p->err || n > 32 || n > left)
		return alg_bin_per_fail(p);
	bit = p->bit;
	first = bit >> 3;
	stop = (bit + n + 7) >> 3; /* past the last octet holding a wanted bit */
	/* At most 5 octets: 32 bits from the last bit of an octet. */
	for (__u32 k = 0; k < 5; k++) {
		__u32 i = first + k;

		if (i >= stop)
			break;
		acc = (acc << 8) | alg_bin_at(b, i);
	}
	acc >>= 8 * stop - (bit + n);
	*v = (__u32)(acc & ((1ull << n) - 1));
	p->bit = bit + n;
	return 0;
}

ALG_INLINE int alg_bin_per_bool(const struct alg_buf *b, struct alg_bin_per *p, __u32 *v)
{
	return alg_bin_per_bits(b, p, 1, v);
}

/* The extension bit of an extensible type (X.691 §19.1, §22.5, §23.5). */
ALG_INLINE int alg_bin_per_ext(const struct alg_buf *b, struct alg_bin_per *p, __u32 *extended)
{
	return alg_bin_per_bits(b, p, 1, extended);
}

/* To the next octet boundary: the padding bits of the ALIGNED variant. */
ALG_INLINE int alg_bin_per_align(struct alg_bin_per *p)
{
	__u32 next = (p->bit + 7) & ~7u;

	if (p->err || p->bit > p->end_bit || next > p->end_bit)
		return alg_bin_per_fail(p);
	p->bit = next;
	return 0;
}

/* Past n octets from the current bit (alignment is the caller's choice). */
ALG_INLINE int alg_bin_per_skip(struct alg_bin_per *p, __u32 n)
{
	__u32 left = alg_bin_per_left(p);

	if (p->err || n > left / 8)
		return alg_bin_per_fail(p);
	p->bit += 8 * n;
	return 0;
}

/*
 * n octets (at most ALG_BIN_OCTETS_MAX) from the current bit into out;
 * callers align first where X.691 §17 asks for it.
 */
ALG_FUNC int alg_bin_per_octets(const struct alg_buf *b, struct alg_bin_per *p, __u32 n,
				struct alg_bin_octets *out)
{
	__u32 first, shift, end;
	__u32 left;

	if (!p || !out)
		return -1;
	left = alg_bin_per_left(p);
	if (!b || p->err || n > ALG_BIN_OCTETS_MAX || n > left / 8)
		return alg_bin_per_fail(p);
	first = p->bit >> 3;
	shift = p->bit & 7;
	end = p->end_bit >> 3;
	for (__u32 k = 0; k < ALG_BIN_OCTETS_MAX; k++) {
		__u32 i = first + k, hi, lo;

		if (k >= n || i >= end)
			break;
		/* An unaligned octet takes its low bits from the next one. */
		hi = alg_bin_at(b, i);
		lo = alg_text_byte(b, end, i + 1);
		out->data[k & (ALG_BIN_OCTETS_MAX - 1)] = (__u8)((hi << shift) | (lo >> (8 - shift)));
	}
	out->len = n;
	p->bit += 8 * n;
	return 0;
}

/*
 * A constrained whole number in [lb, ub] (X.691 §11.5.7, ALIGNED variant),
 * by range = ub - lb + 1:
 *   1               no bits (the value is lb)
 *   2..255          the minimum number of bits for range - 1, not aligned
 *   256             one octet, aligned
 *   257..64K        two octets, aligned
 *   larger          the octet count less one in the bits for a count of
 *                   1..octets(range - 1), then that many octets, aligned
 * A value above ub is an error, as are lb > ub and a count too large.
 */
ALG_FUNC int alg_bin_per_constrained(const struct alg_buf *b, struct alg_bin_per *p, __u32 lb,
				     __u32 ub, __u32 *v)
{
	__u32 span, x = 0, n = 0;

	if (!p || !v)
		return -1;
	if (ub < lb)
		return alg_bin_per_fail(p);
	span = ub - lb; /* range - 1 */
	if (span < 255) {
		if (alg_bin_per_bits(b, p, alg_bin_bit_width(span), &x))
			return -1;
	} else if (span <= 0xffff) {
		if (alg_bin_per_align(p) || alg_bin_per_bits(b, p, span == 255 ? 8 : 16, &x))
			return -1;
	} else {
		__u32 max = alg_bin_octet_width(span);

		if (alg_bin_per_bits(b, p, alg_bin_bit_width(max - 1), &n))
			return -1;
		if (n + 1 > max)
			return alg_bin_per_fail(p);
		if (alg_bin_per_align(p) || alg_bin_per_bits(b, p, 8 * (n + 1), &x))
			return -1;
	}
	if (x > span)
		return alg_bin_per_fail(p);
	*v = lb + x;
	return 0;
}

/*
 * An unconstrained length determinant (X.691 §11.9.3.5-8, ALIGNED variant):
 * aligned, then 0xxxxxxx for 0..127 or 10xxxxxx xxxxxxxx for 0..16383.
 * The fragmented form 11xxxxxx (multiples of 16K) is not supported: an
 * error. A length with an upper bound below 64K is a constrained whole number.
 */
ALG_FUNC int alg_bin_per_length(const struct alg_buf *b, struct alg_bin_per *p, __u32 *v)
{
	__u32 first = 0, second = 0;

	if (!p || !v)
		return -1;
	if (alg_bin_per_align(p) || alg_bin_per_bits(b, p, 8, &first))
		return -1;
	if (!(first & 0x80)) {
		*v = first;
		return 0;
	}
	if (first & 0x40)
		return alg_bin_per_fail(p);
	if (alg_bin_per_bits(b, p, 8, &second))
		return -1;
	*v = ((first & 0x3f) << 8) | second;
	return 0;
}

/*
 * A normally small non-negative whole number (X.691 §11.6): a 0 bit and six
 * bits for 0..63, else a 1 bit and a semi-constrained whole number (a length
 * determinant and that many octets). Values beyond 32 bits are an error.
 */
ALG_FUNC int alg_bin_per_small(const struct alg_buf *b, struct alg_bin_per *p, __u32 *v)
{
	__u32 large = 0, n = 0;

	if (!p || !v)
		return -1;
	if (alg_bin_per_bits(b, p, 1, &large))
		return -1;
	if (!large)
		return alg_bin_per_bits(b, p, 6, v);
	if (alg_bin_per_length(b, p, &n))
		return -1;
	if (n == 0 || n > 4)
		return alg_bin_per_fail(p);
	return alg_bin_per_bits(b, p, 8 * n, v);
}

/*
 * Past an open type (X.691 §11.2): a length determinant and that many
 * octets, as extension additions and unknown parameters are carried.
 */
ALG_FUNC int alg_bin_per_open_skip(const struct alg_buf *b, struct alg_bin_per *p)
{
	__u32 n = 0;

	if (!p)
		return -1;
	if (alg_bin_per_length(b, p, &n))
		return -1;
	return alg_bin_per_skip(p, n);
}

#endif /* ALGTRACK_BIN_H */
