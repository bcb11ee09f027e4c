// SPDX-License-Identifier: GPL-2.0
/*
 * The framing of TCP control streams (headers/algtrack/framing.h): where a
 * message ends for every NUL and LENGTH framing of the registry, with
 * merged, split, oversized and hostile records. (LINE framing is each text
 * parser's own `next`, tested in its case table; the stream walk over
 * segments is tested by the datapath tests.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "algtrack/parsers.h"

static struct alg_buf buf;

static enum alg_frame_verdict frame(const struct alg_framing *f, const void *bytes, __u32 avail,
				    __u32 *len, __u32 *more)
{
	memset(&buf, 0, sizeof(buf));
	memcpy(buf.data, bytes, avail);
	return alg_frame_message(f, &buf, avail, len, more);
}

#define EXPECT(f, bytes, avail, verdict, want_len, want_more)                        \
	do {                                                                          \
		__u32 len_, more_;                                                    \
		assert_int_equal(frame(&(f), bytes, avail, &len_, &more_), verdict); \
		assert_int_equal(len_, want_len);                                     \
		assert_int_equal(more_, want_more);                                   \
	} while (0)

static void test_nul(void **state)
{
	static const struct alg_framing f = ALG_FRAMING_NUL;

	(void)state;
	/* rsh: "1022\0" then the user names: each string is one message. */
	EXPECT(f, "1022\0root\0", 10, ALG_FRAME_WHOLE, 5, 0);
	EXPECT(f, "\0", 1, ALG_FRAME_WHOLE, 1, 0);
	/* Split: no NUL yet, length unknown. */
	EXPECT(f, "102", 3, ALG_FRAME_SHORT, 0, 0);
	EXPECT(f, "", 0, ALG_FRAME_SHORT, 0, 0);
}

static void test_tpkt(void **state)
{
	static const struct alg_framing f = ALG_FRAMING_TPKT;
	static const __u8 two[] = { 3, 0, 0, 6, 0x08, 0x02, 3, 0, 0, 5, 0x10 };
	static const __u8 lie[] = { 3, 0, 0, 2, 0x08 };

	(void)state;
	/* Two TPKTs merged in one segment: the first is 6 bytes. */
	EXPECT(f, two, sizeof(two), ALG_FRAME_WHOLE, 6, 0);
	/* The second, split after its first byte. */
	EXPECT(f, two + 6, 4, ALG_FRAME_SHORT, 5, 0);
	/* Only part of the header. */
	EXPECT(f, two, 3, ALG_FRAME_SHORT, 0, 0);
	/* A length shorter than the header itself: no TPKT. */
	EXPECT(f, lie, sizeof(lie), ALG_FRAME_BROKEN, 0, 0);
}

static void test_pptp_and_dns(void **state)
{
	static const struct alg_framing pptp = ALG_FRAMING_PPTP, dns = ALG_FRAMING_DNS_TCP;
	static const __u8 ocrq[156] = { 0, 156, 0, 1, 0x1a, 0x2b, 0x3c, 0x4d };
	static const __u8 big[] = { 0xff, 0xff, 0, 1 };
	static const __u8 query[] = { 0, 12, 0xab, 0xcd };
	static const __u8 tiny[] = { 0, 4, 1, 2, 3, 4 };

	(void)state;
	EXPECT(pptp, ocrq, sizeof(ocrq), ALG_FRAME_WHOLE, 156, 0);
	/* Oversized: longer than any window, known length (skipped, counted by the stream). */
	EXPECT(pptp, big, sizeof(big), ALG_FRAME_SHORT, 65535, 0);
	/* DNS over TCP: the 2-byte length does not count itself. */
	EXPECT(dns, query, sizeof(query), ALG_FRAME_SHORT, 14, 0);
	/* A DNS message shorter than its 12-byte header. */
	EXPECT(dns, tiny, sizeof(tiny), ALG_FRAME_BROKEN, 0, 0);
}

static void test_rpc_record_marks(void **state)
{
	static const struct alg_framing f = ALG_FRAMING_RPC_RECORD;
	static const __u8 last[] = { 0x80, 0, 0, 4, 1, 2, 3, 4 };
	static const __u8 first[] = { 0x00, 0, 0, 4, 1, 2, 3, 4 };
	static const __u8 huge[] = { 0xff, 0xff, 0xff, 0xff };

	(void)state;
	EXPECT(f, last, sizeof(last), ALG_FRAME_WHOLE, 8, 0);
	/* A fragment that is not the record's last. */
	EXPECT(f, first, sizeof(first), ALG_FRAME_WHOLE, 8, 1);
	/* A 2 GiB fragment is no portmapper message: the stream's framing is lost. */
	EXPECT(f, huge, sizeof(huge), ALG_FRAME_BROKEN, 0, 0);
}

static void test_dcerpc_drep(void **state)
{
	static const struct alg_framing f = ALG_FRAMING_DCERPC;
	/* version 5.0, bind (11), flags, drep little-endian, frag_length 72 */
	static const __u8 le[16] = { 5, 0, 11, 3, 0x10, 0, 0, 0, 72, 0 };
	static const __u8 be[16] = { 5, 0, 11, 3, 0x00, 0, 0, 0, 0, 72 };
	static const __u8 lie[16] = { 5, 0, 11, 3, 0x10, 0, 0, 0, 8, 0 };

	(void)state;
	EXPECT(f, le, sizeof(le), ALG_FRAME_SHORT, 72, 0);
	EXPECT(f, be, sizeof(be), ALG_FRAME_SHORT, 72, 0);
	/* frag_length below the 16-byte common header. */
	EXPECT(f, lie, sizeof(lie), ALG_FRAME_BROKEN, 0, 0);
}

static void test_tns_lengths(void **state)
{
	static const struct alg_framing f = ALG_FRAMING_TNS;
	/* 16-bit length 58 with a zero checksum; 12c+ 32-bit length 0xa4 after ACCEPT. */
	static const __u8 short_len[8] = { 0, 58, 0, 0, 1 };
	static const __u8 long_len[8] = { 0, 0, 0, 0xa4, 6 };

	(void)state;
	EXPECT(f, short_len, sizeof(short_len), ALG_FRAME_SHORT, 58, 0);
	EXPECT(f, long_len, sizeof(long_len), ALG_FRAME_SHORT, 0xa4, 0);
}

/* A retransmitted record frames exactly as the first copy did: framing has no memory. */
static void test_retransmission_frames_alike(void **state)
{
	static const struct alg_framing f = ALG_FRAMING_TPKT;
	static const __u8 tpkt[] = { 3, 0, 0, 5, 0x08 };
	__u32 a, b, ma, mb;

	(void)state;
	assert_int_equal(frame(&f, tpkt, sizeof(tpkt), &a, &ma), ALG_FRAME_WHOLE);
	assert_int_equal(frame(&f, tpkt, sizeof(tpkt), &b, &mb), ALG_FRAME_WHOLE);
	assert_int_equal(a, b);
	assert_int_equal(ma, mb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_tpkt),
		cmocka_unit_test(test_pptp_and_dns),
		cmocka_unit_test(test_rpc_record_marks),
		cmocka_unit_test(test_dcerpc_drep),
		cmocka_unit_test(test_tns_lengths),
		cmocka_unit_test(test_retransmission_frames_alike),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
