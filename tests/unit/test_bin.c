// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the binary-field primitives (headers/algtrack/bin.h). The
 * PER encodings are written out by hand from the rules of X.691.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "algtrack/bin.h"

/* Inputs sit in a zeroed ALG_BUF_SIZE-byte buffer, as on the BPF path. */
static struct alg_buf buf;

static __u32 load(const __u8 *bytes, __u32 n)
{
	memset(&buf, 0, sizeof(buf));
	memcpy(buf.data, bytes, n);
	return n;
}

#define LOAD(...) load((const __u8[]){ __VA_ARGS__ }, sizeof((const __u8[]){ __VA_ARGS__ }))

/* ---- fixed-width fields ---- */

static void test_fixed_values(void **state)
{
	__u32 n = LOAD(0x12, 0x34, 0x56, 0x78, 0x9a);
	__u8 v8 = 0;
	__u16 v16 = 0;
	__u32 v32 = 0;

	(void)state;
	assert_int_equal(alg_bin_u8(&buf, n, 4, &v8), 0);
	assert_int_equal(v8, 0x9a);
	assert_int_equal(alg_bin_be16(&buf, n, 0, &v16), 0);
	assert_int_equal(v16, 0x1234);
	assert_int_equal(alg_bin_le16(&buf, n, 0, &v16), 0);
	assert_int_equal(v16, 0x3412);
	assert_int_equal(alg_bin_be16(&buf, n, 3, &v16), 0); /* ends exactly at len */
	assert_int_equal(v16, 0x789a);
	assert_int_equal(alg_bin_be32(&buf, n, 1, &v32), 0);
	assert_int_equal(v32, 0x3456789a);
	assert_int_equal(alg_bin_le32(&buf, n, 1, &v32), 0);
	assert_int_equal(v32, 0x9a785634);
	/* The byte order chosen at run time. */
	assert_int_equal(alg_bin_u16(&buf, n, 1, ALG_BIN_BE, &v16), 0);
	assert_int_equal(v16, 0x3456);
	assert_int_equal(alg_bin_u16(&buf, n, 1, ALG_BIN_LE, &v16), 0);
	assert_int_equal(v16, 0x5634);
	assert_int_equal(alg_bin_u32(&buf, n, 0, ALG_BIN_LE, &v32), 0);
	assert_int_equal(v32, 0x78563412);
	/* Three bytes, for fields such as 24-bit lengths. */
	assert_int_equal(alg_bin_read(&buf, n, 2, 3, ALG_BIN_BE, &v32), 0);
	assert_int_equal(v32, 0x56789a);
	assert_int_equal(alg_bin_read(&buf, n, 2, 3, ALG_BIN_LE, &v32), 0);
	assert_int_equal(v32, 0x9a7856);
}

static void test_fixed_truncated(void **state)
{
	__u32 n = LOAD(0x12, 0x34, 0x56, 0x78, 0x9a);
	__u8 v8 = 0xee;
	__u16 v16 = 0xeeee;
	__u32 v32 = 0xeeeeeeee;

	(void)state;
	buf.data[5] = 0xff; /* beyond len: never part of a field */
	assert_int_equal(alg_bin_u8(&buf, n, 5, &v8), -1);
	assert_int_equal(alg_bin_be16(&buf, n, 4, &v16), -1);
	assert_int_equal(alg_bin_le16(&buf, n, 4, &v16), -1);
	assert_int_equal(alg_bin_be32(&buf, n, 2, &v32), -1);
	assert_int_equal(alg_bin_le32(&buf, n, 2, &v32), -1);
	assert_int_equal(alg_bin_be32(&buf, 0, 0, &v32), -1);
	assert_int_equal(alg_bin_u8(&buf, n, 0xffffffffu, &v8), -1);
	/* No wrap-around of off + width near 2^32. */
	assert_int_equal(alg_bin_be16(&buf, 0xffffffffu, 0xfffffffeu, &v16), -1);
	assert_int_equal(alg_bin_be32(&buf, 0xffffffffu, 0xfffffffdu, &v32), -1);
	/* Widths other than 1..4. */
	assert_int_equal(alg_bin_read(&buf, n, 0, 0, ALG_BIN_BE, &v32), -1);
	assert_int_equal(alg_bin_read(&buf, n, 0, 5, ALG_BIN_BE, &v32), -1);
	/* A failed read leaves the output alone. */
	assert_int_equal(v8, 0xee);
	assert_int_equal(v16, 0xeeee);
	assert_int_equal(v32, 0xeeeeeeee);
}

static void test_fixed_masked_wrap(void **state)
{
	__u32 v32 = 0;
	__u16 v16 = 0;

	(void)state;
	memset(&buf, 0, sizeof(buf));
	buf.data[ALG_BUF_SIZE - 2] = 0xaa;
	buf.data[ALG_BUF_SIZE - 1] = 0xbb;
	buf.data[0] = 0xcc;
	buf.data[1] = 0xdd;
	assert_int_equal(alg_bin_be16(&buf, ALG_BUF_SIZE, ALG_BUF_SIZE - 2, &v16), 0);
	assert_int_equal(v16, 0xaabb);
	assert_int_equal(alg_bin_be16(&buf, ALG_BUF_SIZE, ALG_BUF_SIZE - 1, &v16), -1);
	/* A length beyond the buffer: indexes wrap through the mask, never out of it. */
	assert_int_equal(alg_bin_be32(&buf, ALG_BUF_SIZE + 2, ALG_BUF_SIZE - 2, &v32), 0);
	assert_int_equal(v32, 0xaabbccdd);
	assert_int_equal(alg_bin_le32(&buf, ALG_BUF_SIZE + 2, ALG_BUF_SIZE - 2, &v32), 0);
	assert_int_equal(v32, 0xddccbbaa);
}

/* ---- TLV ---- */

static void assert_item(struct alg_bin_tlv *t, __u32 type, __u32 val_off, __u32 val_len)
{
	assert_int_equal(alg_bin_tlv_next(&buf, t), 1);
	assert_int_equal(t->type, type);
	assert_int_equal(t->val_off, val_off);
	assert_int_equal(t->val_len, val_len);
	assert_int_equal(t->off, val_off + val_len);
}

static void test_tlv_walk(void **state)
{
	struct alg_bin_tlv t;
	__u32 n;

	(void)state;
	/* 1-byte type and length: a 2-byte value, an empty one, a 1-byte one. */
	n = LOAD(0xff, 0x01, 0x02, 0xaa, 0xbb, 0x02, 0x00, 0x03, 0x01, 0xcc);
	alg_bin_tlv_init(&t, 1, n, 0);
	assert_item(&t, 1, 3, 2);
	assert_item(&t, 2, 7, 0);
	assert_item(&t, 3, 9, 1);
	assert_int_equal(alg_bin_tlv_next(&buf, &t), 0);
	assert_int_equal(alg_bin_tlv_next(&buf, &t), 0); /* the end stays the end */
	assert_int_equal(t.err, 0);

	/* 2-byte type and length, big-endian. */
	n = LOAD(0x01, 0x02, 0x00, 0x03, 'a', 'b', 'c', 0x80, 0x00, 0x00, 0x00);
	alg_bin_tlv_init(&t, 0, n, ALG_BIN_TLV_TYPE16 | ALG_BIN_TLV_LEN16);
	assert_item(&t, 0x0102, 4, 3);
	assert_item(&t, 0x8000, 11, 0);
	assert_int_equal(alg_bin_tlv_next(&buf, &t), 0);

	/* Little-endian 2-byte type, 1-byte length. */
	n = LOAD(0x02, 0x01, 0x01, 0x7f);
	alg_bin_tlv_init(&t, 0, n, ALG_BIN_TLV_TYPE16 | ALG_BIN_TLV_LE);
	assert_item(&t, 0x0102, 3, 1);
	assert_int_equal(alg_bin_tlv_next(&buf, &t), 0);

	/* Little-endian 2-byte length that counts the 3-byte header. */
	n = LOAD(0x09, 0x05, 0x00, 0xaa, 0xbb, 0x0a, 0x03, 0x00);
	alg_bin_tlv_init(&t, 0, n, ALG_BIN_TLV_LEN16 | ALG_BIN_TLV_LE | ALG_BIN_TLV_LEN_HDR);
	assert_item(&t, 9, 3, 2);
	assert_item(&t, 10, 8, 0); /* header only */
	assert_int_equal(alg_bin_tlv_next(&buf, &t), 0);

	/* An empty range. */
	alg_bin_tlv_init(&t, 4, 4, 0);
	assert_int_equal(alg_bin_tlv_next(&buf, &t), 0);
}

static void assert_tlv_error(struct alg_bin_tlv *t, __u32 off_after_good)
{
	assert_int_equal(alg_bin_tlv_next(&buf, t), -1);
	assert_int_equal(t->err, 1);
	assert_int_equal(t->off, off_after_good); /* the cursor stays at the bad item */
	assert_int_equal(alg_bin_tlv_next(&buf, t), -1); /* sticky */
}

static void test_tlv_errors(void **state)
{
	struct alg_bin_tlv t;
	__u32 n;

	(void)state;
	/* The second value runs one byte past the end (a byte is there, beyond it). */
	n = LOAD(0x01, 0x00, 0x02, 0x03, 0xaa, 0xbb);
	alg_bin_tlv_init(&t, 0, n - 1, 0);
	assert_item(&t, 1, 2, 0);
	assert_tlv_error(&t, 2);
	/* The largest length does not wrap around. */
	n = LOAD(0x01, 0xff, 0xff, 0x00);
	alg_bin_tlv_init(&t, 0, n, ALG_BIN_TLV_LEN16);
	assert_tlv_error(&t, 0);
	/* A header cut short: one byte where two are needed. */
	n = LOAD(0x01, 0x00, 0x07);
	alg_bin_tlv_init(&t, 0, n, 0);
	assert_item(&t, 1, 2, 0);
	assert_tlv_error(&t, 2);
	/* A length that counts the header but is smaller than it: no progress. */
	n = LOAD(0x05, 0x01, 0x00, 0x00);
	alg_bin_tlv_init(&t, 0, n, ALG_BIN_TLV_LEN_HDR);
	assert_tlv_error(&t, 0);
	n = LOAD(0x05, 0x00);
	alg_bin_tlv_init(&t, 0, n, ALG_BIN_TLV_LEN_HDR);
	assert_tlv_error(&t, 0);
	/* A start beyond the end. */
	alg_bin_tlv_init(&t, 3, 2, 0);
	assert_tlv_error(&t, 3);
	/* Missing arguments. */
	alg_bin_tlv_init(&t, 0, 2, 0);
	assert_int_equal(alg_bin_tlv_next(NULL, &t), -1);
	assert_int_equal(t.err, 1);
	assert_int_equal(alg_bin_tlv_next(&buf, NULL), -1);
}

/* ---- PER ---- */

static struct alg_bin_per per_over(__u32 off, __u32 end)
{
	struct alg_bin_per p;

	alg_bin_per_init(&p, off, end);
	assert_int_equal(p.err, 0);
	return p;
}

static void test_per_bits(void **state)
{
	__u32 n = LOAD(0xa5, 0x3c, 0xf0, 0x0f, 0x81);
	struct alg_bin_per p = per_over(0, n);
	__u32 v = 0;

	(void)state;
	assert_int_equal(alg_bin_per_bits(&buf, &p, 1, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(alg_bin_per_bits(&buf, &p, 3, &v), 0);
	assert_int_equal(v, 2); /* 010 */
	assert_int_equal(alg_bin_per_bits(&buf, &p, 0, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(alg_bin_per_bits(&buf, &p, 3, &v), 0);
	assert_int_equal(v, 2); /* 010 */
	assert_int_equal(p.bit, 7);
	/* 32 bits from the last bit of an octet span five octets. */
	assert_int_equal(alg_bin_per_bits(&buf, &p, 32, &v), 0);
	assert_int_equal(v, 0x9e7807c0); /* 1 00111100 11110000 00001111 1000000 */
	assert_int_equal(p.bit, 39);
	assert_int_equal(alg_bin_per_bool(&buf, &p, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(p.bit, 40);
	assert_int_equal(alg_bin_per_bool(&buf, &p, &v), -1); /* at the end */
	assert_int_equal(p.bit, 40);

	p = per_over(1, n);
	assert_int_equal(alg_bin_per_bits(&buf, &p, 32, &v), 0);
	assert_int_equal(v, 0x3cf00f81);
	p = per_over(1, n);
	assert_int_equal(alg_bin_per_bits(&buf, &p, 33, &v), -1); /* more than 32 */
	p = per_over(2, n);
	assert_int_equal(alg_bin_per_bits(&buf, &p, 25, &v), -1); /* one past the end */
	assert_int_equal(p.bit, 16);
	/* The end is respected inside the buffer. */
	p = per_over(0, 1);
	assert_int_equal(alg_bin_per_bits(&buf, &p, 9, &v), -1);
	assert_int_equal(v, 0x3cf00f81); /* untouched by a failed read */
}

static void test_per_init_and_align(void **state)
{
	struct alg_bin_per p;
	__u32 v = 0;

	(void)state;
	LOAD(0xff, 0x00);
	alg_bin_per_init(&p, 3, 2);
	assert_int_equal(p.err, 1);
	assert_int_equal(alg_bin_per_align(&p), -1);
	alg_bin_per_init(&p, 0, ALG_BUF_SIZE + 1);
	assert_int_equal(p.err, 1);
	alg_bin_per_init(&p, ALG_BUF_SIZE, ALG_BUF_SIZE); /* an empty range at the end */
	assert_int_equal(p.err, 0);
	assert_int_equal(alg_bin_per_bits(&buf, &p, 1, &v), -1);

	p = per_over(0, 2);
	assert_int_equal(alg_bin_per_align(&p), 0); /* aligned already */
	assert_int_equal(p.bit, 0);
	assert_int_equal(alg_bin_per_bits(&buf, &p, 3, &v), 0);
	assert_int_equal(alg_bin_per_align(&p), 0);
	assert_int_equal(p.bit, 8);
	assert_int_equal(alg_bin_per_bits(&buf, &p, 1, &v), 0);
	assert_int_equal(alg_bin_per_align(&p), 0); /* onto the end itself */
	assert_int_equal(p.bit, 16);
	assert_int_equal(alg_bin_per_align(&p), 0);
	assert_int_equal(p.err, 0);
}

static void assert_constrained(__u32 lb, __u32 ub, __u32 want, __u32 bit_after)
{
	struct alg_bin_per p = per_over(0, 8);
	__u32 v = 0;

	assert_int_equal(alg_bin_per_constrained(&buf, &p, lb, ub, &v), 0);
	assert_int_equal(v, want);
	assert_int_equal(p.bit, bit_after);
}

/* After a leading 1 bit, as a preceding BOOLEAN leaves the cursor. */
static void assert_constrained_after_bit(__u32 lb, __u32 ub, __u32 want, __u32 bit_after)
{
	struct alg_bin_per p = per_over(0, 8);
	__u32 v = 0;

	assert_int_equal(alg_bin_per_bool(&buf, &p, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(alg_bin_per_constrained(&buf, &p, lb, ub, &v), 0);
	assert_int_equal(v, want);
	assert_int_equal(p.bit, bit_after);
}

static void assert_constrained_fails(__u32 lb, __u32 ub)
{
	struct alg_bin_per p = per_over(0, 8);
	__u32 v = 0xeeee;

	assert_int_equal(alg_bin_per_constrained(&buf, &p, lb, ub, &v), -1);
	assert_int_equal(p.err, 1);
	assert_int_equal(v, 0xeeee);
}

static void test_per_constrained(void **state)
{
	(void)state;
	/* X.691 §11.5.7.1, bit-field case: (0..7) 5 = 101; (3..6) 4 = 01. */
	LOAD(0xa0);
	assert_constrained(0, 7, 5, 3);
	LOAD(0x40);
	assert_constrained(3, 6, 4, 2);
	/* Range 1: no bits at all. */
	LOAD(0xff);
	assert_constrained(5, 5, 5, 0);
	/* (1..255), range 255: eight bits, unaligned: 1 11000111 = 200. */
	LOAD(0xe3, 0x80);
	assert_constrained_after_bit(1, 255, 200, 9);
	/* §11.5.7.2, range 256: one aligned octet. */
	LOAD(0x80, 0x7f);
	assert_constrained_after_bit(0, 255, 127, 16);
	LOAD(0x80, 0xc8);
	assert_constrained_after_bit(100, 355, 300, 16);
	/* §11.5.7.3, range 257..64K: two aligned octets. */
	LOAD(0x80, 0x12, 0x34);
	assert_constrained_after_bit(0, 65535, 0x1234, 24);
	LOAD(0x01, 0x00);
	assert_constrained(0, 256, 256, 16);
	/* §11.5.7.4 with §12.2.6, range > 64K: octets - 1 in 2 bits, aligned octets. */
	LOAD(0x40, 0x01, 0x00);
	assert_constrained(0, 0xffffffffu, 256, 24);
	LOAD(0x00, 0x00);
	assert_constrained(0, 0xffffffffu, 0, 16);
	LOAD(0xc0, 0xff, 0xff, 0xff, 0xff);
	assert_constrained(0, 0xffffffffu, 0xffffffffu, 40);
	LOAD(0x80, 0x01, 0x00, 0x00);
	assert_constrained(1000, 1000 + 0xffffff, 1000 + 0x10000, 32);
	/* After a bit: the count follows it, the octets are aligned. 1 01 = 0xa0. */
	LOAD(0xa0, 0x01, 0x00);
	assert_constrained_after_bit(0, 0xffffffffu, 256, 24);
}

static void test_per_constrained_errors(void **state)
{
	(void)state;
	LOAD(0xe0); /* 7 in three bits, above (0..4) */
	assert_constrained_fails(0, 4);
	LOAD(0x01, 0x2d); /* 301 in two octets, above (0..300) */
	assert_constrained_fails(0, 300);
	LOAD(0xc0, 0x00, 0x00, 0x00, 0x01); /* four octets where (0..2^24-1) takes three */
	assert_constrained_fails(0, 0xffffff);
	LOAD(0x00);
	assert_constrained_fails(7, 6); /* lb > ub */
	LOAD(0x80, 0x01, 0x00, 0x01); /* 0x10001 in three octets, above (0..0x10000) */
	assert_constrained_fails(0, 0x10000);

	/* Truncated: one octet of two. */
	{
		struct alg_bin_per p;
		__u32 v = 0;

		LOAD(0x12, 0x34);
		p = per_over(0, 1);
		assert_int_equal(alg_bin_per_constrained(&buf, &p, 0, 65535, &v), -1);
		p = per_over(0, 2);
		assert_int_equal(alg_bin_per_constrained(&buf, &p, 0, 65535, &v), 0);
		assert_int_equal(v, 0x1234);
	}
}

static void assert_length(__u32 want, __u32 bit_after)
{
	struct alg_bin_per p = per_over(0, 4);
	__u32 v = 0;

	assert_int_equal(alg_bin_per_length(&buf, &p, &v), 0);
	assert_int_equal(v, want);
	assert_int_equal(p.bit, bit_after);
}

static void test_per_length(void **state)
{
	struct alg_bin_per p;
	__u32 v = 0;

	(void)state;
	/* X.691 §11.9.3.6: one octet for 0..127. */
	LOAD(0x00);
	assert_length(0, 8);
	LOAD(0x7f);
	assert_length(127, 8);
	/* §11.9.3.7: two octets 10xxxxxx xxxxxxxx for 128..16383. */
	LOAD(0x80, 0x80);
	assert_length(128, 16);
	LOAD(0xbf, 0xff);
	assert_length(16383, 16);
	/* Aligned first: a bit, padding, then the length. */
	LOAD(0x80, 0x05);
	p = per_over(0, 2);
	assert_int_equal(alg_bin_per_bool(&buf, &p, &v), 0);
	assert_int_equal(alg_bin_per_length(&buf, &p, &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(p.bit, 16);
	/* §11.9.3.8: a fragment of 1 x 16K, then more: not supported. */
	LOAD(0xc1, 0x00);
	p = per_over(0, 2);
	assert_int_equal(alg_bin_per_length(&buf, &p, &v), -1);
	assert_int_equal(p.err, 1);
	/* The second octet of the long form missing. */
	LOAD(0x80, 0x80);
	p = per_over(0, 1);
	assert_int_equal(alg_bin_per_length(&buf, &p, &v), -1);
	/* Nothing at all. */
	p = per_over(0, 0);
	assert_int_equal(alg_bin_per_length(&buf, &p, &v), -1);
}

static void assert_small(__u32 want, __u32 bit_after)
{
	struct alg_bin_per p = per_over(0, 8);
	__u32 v = 0;

	assert_int_equal(alg_bin_per_small(&buf, &p, &v), 0);
	assert_int_equal(v, want);
	assert_int_equal(p.bit, bit_after);
}

static void assert_small_fails(__u32 end)
{
	struct alg_bin_per p = per_over(0, end);
	__u32 v = 0;

	assert_int_equal(alg_bin_per_small(&buf, &p, &v), -1);
	assert_int_equal(p.err, 1);
}

static void test_per_small(void **state)
{
	(void)state;
	/* X.691 §11.6: 0 and six bits for 0..63. 0 000101, 0 111111. */
	LOAD(0x0a);
	assert_small(5, 7);
	LOAD(0x7e);
	assert_small(63, 7);
	/* 1, then a length determinant (aligned) and octets: 64, 300. */
	LOAD(0x80, 0x01, 0x40);
	assert_small(64, 24);
	LOAD(0x80, 0x02, 0x01, 0x2c);
	assert_small(300, 32);
	/* No octets, more than four, or fewer than announced. */
	LOAD(0x80, 0x00);
	assert_small_fails(8);
	LOAD(0x80, 0x05, 1, 2, 3, 4, 5);
	assert_small_fails(8);
	LOAD(0x80, 0x02, 0x01);
	assert_small_fails(3);
}

static void test_per_ext_open_skip(void **state)
{
	struct alg_bin_per p;
	__u32 v = 0;

	(void)state;
	/* An extension bit of 1, then an open type of three octets, then 0x55. */
	LOAD(0x80, 0x03, 0xaa, 0xbb, 0xcc, 0x55);
	p = per_over(0, 6);
	assert_int_equal(alg_bin_per_ext(&buf, &p, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(alg_bin_per_open_skip(&buf, &p), 0);
	assert_int_equal(p.bit, 40);
	assert_int_equal(alg_bin_per_bits(&buf, &p, 8, &v), 0);
	assert_int_equal(v, 0x55);
	/* The open type longer than what is left. */
	p = per_over(0, 4);
	assert_int_equal(alg_bin_per_ext(&buf, &p, &v), 0);
	assert_int_equal(alg_bin_per_open_skip(&buf, &p), -1);
	assert_int_equal(p.err, 1);
	/* An extension bit of 0; skip octets unaligned and up to the end. */
	LOAD(0x00, 0x01, 0x02);
	p = per_over(0, 3);
	assert_int_equal(alg_bin_per_ext(&buf, &p, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(alg_bin_per_skip(&p, 2), 0);
	assert_int_equal(p.bit, 17);
	assert_int_equal(alg_bin_per_skip(&p, 1), -1); /* 7 bits left */
	assert_int_equal(p.bit, 17);
	p = per_over(0, 3);
	assert_int_equal(alg_bin_per_skip(&p, 3), 0);
	assert_int_equal(alg_bin_per_skip(&p, 0), 0);
	assert_int_equal(p.bit, 24);
}

static void test_per_octets(void **state)
{
	struct alg_bin_octets o;
	struct alg_bin_per p;
	__u32 v = 0;

	(void)state;
	/* Two octets 0xab 0xcd after four bits: 0000 1010 1011 1100 1101 0000. */
	LOAD(0x0a, 0xbc, 0xd0);
	p = per_over(0, 3);
	assert_int_equal(alg_bin_per_bits(&buf, &p, 4, &v), 0);
	memset(&o, 0, sizeof(o));
	assert_int_equal(alg_bin_per_octets(&buf, &p, 2, &o), 0);
	assert_int_equal(o.len, 2);
	assert_int_equal(o.data[0], 0xab);
	assert_int_equal(o.data[1], 0xcd);
	assert_int_equal(p.bit, 20);
	assert_int_equal(alg_bin_per_octets(&buf, &p, 1, &o), -1); /* 4 bits left */

	/* Up to the bound, and one past it. */
	memset(&buf, 0, sizeof(buf));
	for (__u32 i = 0; i < ALG_BIN_OCTETS_MAX + 1; i++)
		buf.data[i] = (__u8)(i + 1);
	p = per_over(0, ALG_BIN_OCTETS_MAX + 1);
	assert_int_equal(alg_bin_per_octets(&buf, &p, ALG_BIN_OCTETS_MAX + 1, &o), -1);
	p = per_over(0, ALG_BIN_OCTETS_MAX + 1);
	assert_int_equal(alg_bin_per_octets(&buf, &p, ALG_BIN_OCTETS_MAX, &o), 0);
	assert_int_equal(o.len, ALG_BIN_OCTETS_MAX);
	assert_int_equal(o.data[0], 1);
	assert_int_equal(o.data[ALG_BIN_OCTETS_MAX - 1], ALG_BIN_OCTETS_MAX);
	/* No octets: nothing moves. */
	assert_int_equal(alg_bin_per_octets(&buf, &p, 0, &o), 0);
	assert_int_equal(o.len, 0);
	assert_int_equal(p.bit, 8 * ALG_BIN_OCTETS_MAX);
}

/*
 * H.225.0 TransportAddress ipAddress (an extensible CHOICE of 7, then
 * SEQUENCE { ip OCTET STRING (SIZE(4)), port INTEGER (0..65535) }):
 * extension bit 0, index 000 in three bits, padding, the four octets
 * aligned (X.691 §17.7), the port in two aligned octets: 192.168.0.1:1720.
 */
static void test_per_h225_transport_address(void **state)
{
	__u32 n = LOAD(0x00, 0xc0, 0xa8, 0x00, 0x01, 0x06, 0xb8);
	struct alg_bin_per p = per_over(0, n);
	struct alg_bin_octets ip;
	__u32 ext = 1, index = 9, port = 0;

	(void)state;
	assert_int_equal(alg_bin_per_ext(&buf, &p, &ext), 0);
	assert_int_equal(ext, 0);
	assert_int_equal(alg_bin_per_constrained(&buf, &p, 0, 6, &index), 0);
	assert_int_equal(index, 0);
	assert_int_equal(alg_bin_per_align(&p), 0);
	assert_int_equal(alg_bin_per_octets(&buf, &p, 4, &ip), 0);
	assert_memory_equal(ip.data, ((const __u8[]){ 192, 168, 0, 1 }), 4);
	assert_int_equal(alg_bin_per_constrained(&buf, &p, 0, 65535, &port), 0);
	assert_int_equal(port, 1720);
	assert_int_equal(p.bit, p.end_bit);
}

/* After one failure every reader fails and the cursor stays where it was. */
static void test_per_error_sticky(void **state)
{
	struct alg_bin_octets o;
	struct alg_bin_per p;
	__u32 v = 0;

	(void)state;
	LOAD(0xff, 0xff, 0xff, 0xff);
	p = per_over(0, 4);
	assert_int_equal(alg_bin_per_bits(&buf, &p, 3, &v), 0);
	assert_int_equal(alg_bin_per_bits(&buf, &p, 33, &v), -1);
	assert_int_equal(p.err, 1);
	assert_int_equal(alg_bin_per_bits(&buf, &p, 0, &v), -1);
	assert_int_equal(alg_bin_per_bits(&buf, &p, 1, &v), -1);
	assert_int_equal(alg_bin_per_bool(&buf, &p, &v), -1);
	assert_int_equal(alg_bin_per_ext(&buf, &p, &v), -1);
	assert_int_equal(alg_bin_per_align(&p), -1);
	assert_int_equal(alg_bin_per_skip(&p, 0), -1);
	assert_int_equal(alg_bin_per_octets(&buf, &p, 0, &o), -1);
	assert_int_equal(alg_bin_per_constrained(&buf, &p, 5, 5, &v), -1);
	assert_int_equal(alg_bin_per_length(&buf, &p, &v), -1);
	assert_int_equal(alg_bin_per_small(&buf, &p, &v), -1);
	assert_int_equal(alg_bin_per_open_skip(&buf, &p), -1);
	assert_int_equal(p.bit, 3);
	assert_int_equal(p.err, 1);

	/* A cursor whose position is past its end is refused. */
	p = per_over(0, 1);
	p.bit = 9;
	assert_int_equal(alg_bin_per_bits(&buf, &p, 0, &v), -1);
	assert_int_equal(p.err, 1);

	/* Missing arguments. */
	p = per_over(0, 4);
	assert_int_equal(alg_bin_per_bits(NULL, &p, 1, &v), -1);
	assert_int_equal(p.err, 1);
	p = per_over(0, 4);
	assert_int_equal(alg_bin_per_bits(&buf, &p, 1, NULL), -1);
	assert_int_equal(alg_bin_per_bits(&buf, NULL, 1, &v), -1);
	assert_int_equal(alg_bin_per_octets(&buf, &p, 1, NULL), -1);
	assert_int_equal(alg_bin_per_constrained(&buf, &p, 0, 1, NULL), -1);
	assert_int_equal(alg_bin_per_length(&buf, NULL, &v), -1);
	assert_int_equal(alg_bin_per_small(&buf, &p, NULL), -1);
	assert_int_equal(alg_bin_per_open_skip(&buf, NULL), -1);
	assert_int_equal(p.bit, 0);
}

static void test_bit_widths(void **state)
{
	static const __u32 in[] = { 0, 1, 2, 3, 4, 7, 8, 254, 255, 256, 0xffff, 0x10000,
				    0xffffffu, 0x1000000u, 0x80000000u, 0xffffffffu };
	static const __u32 bits[] = { 0, 1, 2, 2, 3, 3, 4, 8, 8, 9, 16, 17, 24, 25, 32, 32 };
	static const __u32 octets[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 4 };

	(void)state;
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		assert_int_equal(alg_bin_bit_width(in[i]), bits[i]);
		assert_int_equal(alg_bin_octet_width(in[i]), octets[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_values),
		cmocka_unit_test(test_fixed_truncated),
		cmocka_unit_test(test_fixed_masked_wrap),
		cmocka_unit_test(test_tlv_walk),
		cmocka_unit_test(test_tlv_errors),
		cmocka_unit_test(test_per_bits),
		cmocka_unit_test(test_per_init_and_align),
		cmocka_unit_test(test_per_constrained),
		cmocka_unit_test(test_per_constrained_errors),
		cmocka_unit_test(test_per_length),
		cmocka_unit_test(test_per_small),
		cmocka_unit_test(test_per_ext_open_skip),
		cmocka_unit_test(test_per_octets),
		cmocka_unit_test(test_per_h225_transport_address),
		cmocka_unit_test(test_per_error_sticky),
		cmocka_unit_test(test_bit_widths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
