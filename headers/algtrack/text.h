/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounded text primitives shared by the text-protocol parsers (FTP, SIP/SDP):
 * case-insensitive literal matches, decimal numbers, dotted IPv4 (RFC 791
 * notation), textual IPv6 with "::" and an embedded IPv4 tail (RFC 4291
 * §2.2), byte and line searches, and the result push.
 *
 * Every loop has a constant bound and every read is ALG_AT(b, i) after an
 * i < end test, so the same code verifies on BPF and runs on the host.
 * Searches are ALG_FUNC (global on BPF, verified once); callers run them from
 * their own bounded loops (find, then parse) so that the verifier never walks
 * a byte loop inside a line loop.
 */
#ifndef ALGTRACK_TEXT_H
#define ALGTRACK_TEXT_H

#include "parse.h"

#define ALG_TEXT_NONE 0xffffffffu /* "not found" offset */

/* Literal compares unroll into immediate compares on BPF (no .rodata reads). */
#if defined(__bpf__)
#define ALG_UNROLL _Pragma("clang loop unroll(full)")
#else
#define ALG_UNROLL
#endif

/*
 * Hide a value's origin from the compiler, so that it keeps a loop's constant
 * bound (which the verifier needs) rather than deriving the loop's end from
 * an earlier clamp of the value, or keeps a mask it could prove redundant.
 */
#if defined(__bpf__)
#define ALG_OPAQUE(x) __asm__ volatile("" : "+r"(x))
#else
#define ALG_OPAQUE(x) ((void)0)
#endif

/*
 * A fresh load of walk state kept in memory: the compiler may not keep it in
 * a register (or a stack slot) where the verifier would track its value.
 */
#define ALG_FRESH(x) (*(volatile __typeof__(x) *)&(x))

ALG_INLINE __u32 alg_text_htonl(__u32 v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap32(v);
#else
	return v;
#endif
}

ALG_INLINE __u32 alg_text_lower(__u32 ch)
{
	return (ch >= 'A' && ch <= 'Z') ? ch + ('a' - 'A') : ch;
}

ALG_INLINE int alg_text_is_digit(__u32 ch)
{
	return ch >= '0' && ch <= '9';
}

ALG_INLINE int alg_text_is_ws(__u32 ch)
{
	return ch == ' ' || ch == '\t';
}

/* Value of a hex digit, or 16 when ch is not one. */
ALG_INLINE __u32 alg_text_hex(__u32 ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = alg_text_lower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return 16;
}

/* Byte at i, or 0 when i is not below end (callers treat 0 as "no byte"). */
ALG_INLINE __u32 alg_text_byte(const struct alg_buf *b, __u32 end, __u32 i)
{
	return i < end ? ALG_AT(b, i) : 0;
}

/*
 * lit (n bytes, lower case) equals the bytes at off, ignoring ASCII case.
 * n is a constant at every call site, so the loop unrolls into compares.
 */
ALG_INLINE int alg_text_match_ci(const struct alg_buf *b, __u32 end, __u32 off,
				 const char *lit, __u32 n)
{
	ALG_UNROLL
	for (__u32 k = 0; k < n; k++) {
		__u32 i = off + k;

		if (i >= end || alg_text_lower(ALG_AT(b, i)) != (__u8)lit[k])
			return 0;
	}
	return 1;
}

/* The same, case-sensitive. */
ALG_INLINE int alg_text_match(const struct alg_buf *b, __u32 end, __u32 off,
			      const char *lit, __u32 n)
{
	ALG_UNROLL
	for (__u32 k = 0; k < n; k++) {
		__u32 i = off + k;

		if (i >= end || ALG_AT(b, i) != (__u8)lit[k])
			return 0;
	}
	return 1;
}

#define ALG_TEXT_MATCH_CI(b, end, off, lit) \
	alg_text_match_ci((b), (end), (off), (lit), sizeof(lit) - 1)
#define ALG_TEXT_MATCH(b, end, off, lit) \
	alg_text_match((b), (end), (off), (lit), sizeof(lit) - 1)

/*
 * Decimal number of 1..max_digits (<= 10) digits at *off; on success
 * advances *off past it and returns 0, else -1. The value cannot overflow
 * with 9 digits; 10 digits are checked against 2^32.
 */
ALG_INLINE int alg_text_dec(const struct alg_buf *b, __u32 end, __u32 *off,
			    __u32 max_digits, __u32 *val)
{
	__u64 v = 0;
	__u32 i = *off, n = 0;

	for (__u32 k = 0; k < 10; k++) {
		__u32 ch;

		if (k >= max_digits || i >= end)
			break;
		ch = ALG_AT(b, i);
		if (!alg_text_is_digit(ch))
			break;
		v = v * 10 + (ch - '0');
		i++;
		n++;
	}
	if (n == 0 || v > 0xffffffffull)
		return -1;
	if (i < end && n == max_digits && alg_text_is_digit(ALG_AT(b, i)))
		return -1; /* more digits than allowed */
	*off = i;
	*val = (__u32)v;
	return 0;
}

/*
 * Word-at-a-time scans: eight bytes per pass, read as one aligned 64-bit
 * word (an aligned index keeps the read inside the buffer for the
 * verifier). Byte k of the word is its k-th least significant byte.
 */
#define ALG_TEXT_ONES 0x0101010101010101ull
#define ALG_TEXT_LOW7 0x7f7f7f7f7f7f7f7full

ALG_INLINE __u64 alg_text_word(const struct alg_buf *b, __u32 base)
{
	__u64 w;

#if defined(__bpf__)
	/* The buffer is 8-aligned in the map value: one 64-bit load. */
	const __u8 *p = __builtin_assume_aligned(b->data, 8);

	w = *(const __u64 *)&p[base & (ALG_BUF_MASK & ~7u)];
#else
	__builtin_memcpy(&w, &b->data[base & (ALG_BUF_MASK & ~7u)], sizeof(w));
#endif
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/*
 * Bit 8k+7 set for each byte k of w that equals the byte repeated in pat
 * (pat = ch * ALG_TEXT_ONES). Exact per byte: no carry crosses a byte.
 */
ALG_INLINE __u64 alg_text_eq8(__u64 w, __u64 pat)
{
	__u64 x = w ^ pat;

	return ~(((x & ALG_TEXT_LOW7) + ALG_TEXT_LOW7) | x | ALG_TEXT_LOW7);
}

/*
 * Bits of eq8 for the bytes of a word from byte from & 7 on. The scans
 * need no mask at the end: a first match at or beyond the end means none
 * before it. Neither needs a branch, which would split the verifier's paths.
 */
ALG_INLINE __u64 alg_text_from(__u32 from)
{
	return ~0ull << (8 * (from & 7));
}

/* The 8 bytes from any offset off (byte k at bits 8k..8k+7), from two words. */
ALG_INLINE __u64 alg_text_load8(const struct alg_buf *b, __u32 off)
{
	__u32 sh = 8 * (off & 7);

	return (alg_text_word(b, off) >> sh) | ((alg_text_word(b, off + 8) << 1) << (63 - sh));
}

/*
 * lit (n <= 8 bytes, lower case) equals the bytes at off, ignoring ASCII case,
 * in one word compare: OR-ing 0x20 into a byte maps only its own upper-case
 * letter onto a lower-case letter, so it is applied at lit's letters only.
 * The literal and that mask fold into constants at compile time.
 */
ALG_INLINE int alg_text_match8_ci(const struct alg_buf *b, __u32 end, __u32 off,
				  const char *lit, __u32 n)
{
	__u64 want = 0, fold = 0, mask = n >= 8 ? ~0ull : (1ull << (8 * n)) - 1;

	ALG_UNROLL
	for (__u32 k = 0; k < 8; k++) {
		__u64 ch = k < n ? (__u8)lit[k] : 0;

		want |= ch << (8 * k);
		if (ch >= 'a' && ch <= 'z')
			fold |= 0x20ull << (8 * k);
	}
	if (off >= end || end - off < n)
		return 0;
	return ((alg_text_load8(b, off) | fold) & mask) == want;
}

#define ALG_TEXT_MATCH8_CI(b, end, off, lit) \
	alg_text_match8_ci((b), (end), (off), (lit), sizeof(lit) - 1)

/* 1 when x is 0, else 0, without a branch. */
ALG_INLINE __u64 alg_text_is_zero64(__u64 x)
{
	return ((x | -x) >> 63) ^ 1;
}

/*
 * Content end of the line [off, lf), without a branch: lf, or lf - 1 after a
 * CR. Only for off > 0 with an LF at off - 1 (every line but the payload's
 * first), so that the byte before an empty line is never a CR.
 */
ALG_INLINE __u32 alg_text_line_end(const struct alg_buf *b, __u32 lf)
{
	__u32 x = ALG_AT(b, lf - 1) ^ '\r';

	return lf - (((x - 1) >> 8) & 1);
}

/* Bits of eq8 mask m below its lowest flagged byte (all for none). */
ALG_INLINE __u64 alg_text_below8(__u64 m)
{
	return (m & -m) - 1;
}

/* Index 0..7 of the lowest byte flagged in a non-zero eq8 mask. */
ALG_INLINE __u32 alg_text_first8(__u64 m)
{
	__u64 below = ((m & -m) - 1) & ALG_TEXT_ONES;

	return (__u32)((below * ALG_TEXT_ONES) >> 56) - 1;
}

/*
 * Offset of the first byte equal to ch in [off, end), or ALG_TEXT_NONE.
 * At most ALG_SCAN_WINDOW bytes are looked at.
 */
ALG_FUNC __u32 alg_text_find(const struct alg_buf *b, __u32 off, __u32 end, __u32 ch)
{
	__u64 pat = (ch & 0xff) * ALG_TEXT_ONES, from = alg_text_from(off);
	__u32 base = off & ~7u;

	if (!b || off >= end)
		return ALG_TEXT_NONE;
	if (end - off > ALG_SCAN_WINDOW)
		end = off + ALG_SCAN_WINDOW;
	ALG_OPAQUE(end);
	for (__u32 k = 0; k < ALG_SCAN_WINDOW / 8 + 1; k++) {
		__u64 m;
		__u32 i;

		if (base >= end)
			break;
		m = alg_text_eq8(alg_text_word(b, base), pat) & from;
		if (m) {
			i = base + alg_text_first8(m);
			return i < end ? i : ALG_TEXT_NONE;
		}
		from = ~0ull;
		base += 8;
	}
	return ALG_TEXT_NONE;
}

/*
 * alg_text_find over all of [off, end), however long: window by window, each
 * window one call of the same global function. For a message's end (an
 * FTP line), which may lie further than one window from its start.
 */
ALG_INLINE __u32 alg_text_find_all(const struct alg_buf *b, __u32 off, __u32 end, __u32 ch)
{
	for (__u32 k = 0; k < ALG_MAX_PAYLOAD / ALG_SCAN_WINDOW + 1; k++) {
		__u32 i = alg_text_find(b, off, end, ch);

		if (i != ALG_TEXT_NONE || off >= end || end - off <= ALG_SCAN_WINDOW)
			return i;
		off += ALG_SCAN_WINDOW;
	}
	return ALG_TEXT_NONE;
}

/*
 * The byte scans below test four bytes per pass: a quarter of the loop
 * back-edges, which is what the verifier pays for (about 10 insns a byte
 * otherwise), at most ALG_SCAN_WINDOW bytes from off.
 */
#define ALG_TEXT_SCAN4(test)                             \
	for (__u32 k = 0; k < ALG_SCAN_WINDOW; k += 4) { \
		__u32 i = off + k;                       \
		if (i >= end)                            \
			break;                           \
		if (test(ALG_AT(b, i)))                  \
			return i;                        \
		if (i + 1 >= end)                        \
			break;                           \
		if (test(ALG_AT(b, i + 1)))              \
			return i + 1;                    \
		if (i + 2 >= end)                        \
			break;                           \
		if (test(ALG_AT(b, i + 2)))              \
			return i + 2;                    \
		if (i + 3 >= end)                        \
			break;                           \
		if (test(ALG_AT(b, i + 3)))              \
			return i + 3;                    \
	}

#define ALG_TEXT_IS_DIGIT(x) ((__u32)(x) - '0' <= 9u)
/*
 * Not SP or HT, without branches: bit x of a 64-bit set of {HT, SP}, and
 * 1 >> (x >> 6) is 0 for x >= 64. One branch per byte keeps the verifier's
 * paths from doubling.
 */
#define ALG_TEXT_WS_SET ((1ull << '\t') | (1ull << ' '))
#define ALG_TEXT_NOT_WS(x) \
	(((ALG_TEXT_WS_SET >> ((x) & 63)) & (1u >> ((__u32)(x) >> 6)) & 1) == 0)

/* Offset of the first decimal digit in [off, end), or ALG_TEXT_NONE. */
ALG_FUNC __u32 alg_text_find_digit(const struct alg_buf *b, __u32 off, __u32 end)
{
	if (!b)
		return ALG_TEXT_NONE;
	ALG_TEXT_SCAN4(ALG_TEXT_IS_DIGIT)
	return ALG_TEXT_NONE;
}

/*
 * Offset of the first byte in [off, end) that is not SP or HT, or end; where
 * the scan window ends first, its end (blanks may go on past it).
 */
ALG_FUNC __u32 alg_text_span_ws(const struct alg_buf *b, __u32 off, __u32 end)
{
	if (!b)
		return end;
	ALG_TEXT_SCAN4(ALG_TEXT_NOT_WS)
	if (off > end)
		return off;
	return end - off > ALG_SCAN_WINDOW ? off + ALG_SCAN_WINDOW : end;
}

/* Only blanks (SP, HT) in [off, end): nothing may follow an argument. */
ALG_INLINE int alg_text_rest_blank(const struct alg_buf *b, __u32 off, __u32 end)
{
	return off <= end && alg_text_span_ws(b, off, end) == end;
}

/*
 * span_ws without a call for the common cases: no blank at off, or a single
 * one (the SP after a header's colon). Only a run of two or more calls.
 */
ALG_INLINE __u32 alg_text_skip_ws(const struct alg_buf *b, __u32 off, __u32 end)
{
	if (off >= end || !alg_text_is_ws(ALG_AT(b, off)))
		return off;
	if (off + 1 >= end || !alg_text_is_ws(ALG_AT(b, off + 1)))
		return off + 1;
	return alg_text_span_ws(b, off + 2, end);
}

/*
 * A line [off, eol) with its terminator: eol excludes a CR before the LF,
 * lf is the offset of the LF.
 */
ALG_INLINE __u32 alg_text_content_end(const struct alg_buf *b, __u32 off, __u32 lf)
{
	if (lf > off && ALG_AT(b, lf - 1) == '\r')
		return lf - 1;
	return lf;
}

/* In/out of the address parsers. */
struct alg_text_addr {
	__u32 off;  /* in: first byte */
	__u32 end;  /* in: parse no further than this */
	__u32 next; /* out: offset after the last byte used */
	__u32 pad;
	struct alg_addr addr; /* out: network byte order */
};

/*
 * Dotted-quad IPv4 "a.b.c.d", each part 1..3 digits and at most 255.
 * Returns 0 and fills a->addr, a->next; -1 if malformed.
 */
ALG_FUNC int alg_text_ipv4(const struct alg_buf *b, struct alg_text_addr *a)
{
	__u32 i, host = 0;

	if (!b || !a)
		return -1;
	i = a->off;
	for (__u32 k = 0; k < 4; k++) {
		__u32 v;

		if (k > 0) {
			if (alg_text_byte(b, a->end, i) != '.')
				return -1;
			i++;
		}
		if (alg_text_dec(b, a->end, &i, 3, &v) || v > 255)
			return -1;
		host = (host << 8) | v;
	}
	a->addr.w[0] = alg_text_htonl(host);
	a->addr.w[1] = 0;
	a->addr.w[2] = 0;
	a->addr.w[3] = 0;
	a->next = i;
	return 0;
}

/* Shift a 128-bit host-order register (w[0] most significant) left by 16. */
ALG_INLINE void alg_text_shift16(__u32 *w, __u32 in)
{
	w[0] = (w[0] << 16) | (w[1] >> 16);
	w[1] = (w[1] << 16) | (w[2] >> 16);
	w[2] = (w[2] << 16) | (w[3] >> 16);
	w[3] = (w[3] << 16) | (in & 0xffff);
}

/*
 * One IPv6 group at off: up to 5 hex digits (a fifth is the caller's error).
 * Returns value | digits << 16. A separate global function so that its
 * digit loop is verified once, not once per group of the caller's loop.
 */
ALG_FUNC __u32 alg_text_hex_group(const struct alg_buf *b, __u32 off, __u32 end)
{
	__u32 v = 0, n = 0;

	if (!b)
		return 0;
	for (__u32 k = 0; k < 5; k++) {
		__u32 h = alg_text_hex(alg_text_byte(b, end, off + k));

		if (h > 15)
			break;
		v = (v << 4) | h;
		n++;
	}
	return (v & 0xffff) | (n << 16);
}

/*
 * Textual IPv6 (RFC 4291 §2.2): up to 8 groups of 1..4 hex digits, at most
 * one "::", optionally ending in a dotted IPv4 taking two groups. Stops at
 * the first byte that cannot continue the address. Returns 0 and fills
 * a->addr, a->next; -1 if malformed.
 *
 * Groups before "::" shift into head, groups after it into tail; at the end
 * head moves up by the number of elided groups and the two are OR-ed. No
 * array is indexed by a variable.
 */
ALG_FUNC int alg_text_ipv6(const struct alg_buf *b, struct alg_text_addr *a)
{
	__u32 head[4] = { 0, 0, 0, 0 }, tail[4] = { 0, 0, 0, 0 };
	__u32 n_head = 0, n_tail = 0, dcolon = 0, need_group = 0;
	__u32 i, end;

	if (!b || !a)
		return -1;
	i = a->off;
	end = a->end;
	if (alg_text_byte(b, end, i) == ':') {
		if (alg_text_byte(b, end, i + 1) != ':')
			return -1;
		dcolon = 1;
		i += 2;
	}
	for (__u32 g = 0; g < 9; g++) {
		__u32 grp = alg_text_hex_group(b, i, end);
		__u32 v = grp & 0xffff, n = (grp >> 16) & 7, j = i + n;

		if (alg_text_byte(b, end, j) == '.') {
			/*
			 * Embedded IPv4 ends the address and fills two groups. It is
			 * parsed into *a itself (its address is written at the end):
			 * a second struct here would put this frame over what Linux
			 * 6.1 allows the SIP parser's call chain.
			 */
			__u32 host;

			a->off = i;
			if (n_head + n_tail > 6 || alg_text_ipv4(b, a))
				return -1;
			host = alg_text_htonl(a->addr.w[0]);
			if (dcolon) {
				alg_text_shift16(tail, host >> 16);
				alg_text_shift16(tail, host);
				n_tail += 2;
			} else {
				alg_text_shift16(head, host >> 16);
				alg_text_shift16(head, host);
				n_head += 2;
			}
			i = a->next;
			need_group = 0;
			break;
		}
		if (n == 0)
			break; /* "::" at the end, an empty address, or "1:" with nothing after */
		if (n > 4 || n_head + n_tail >= 8)
			return -1;
		if (dcolon) {
			alg_text_shift16(tail, v);
			n_tail++;
		} else {
			alg_text_shift16(head, v);
			n_head++;
		}
		i = j;
		need_group = 0;
		if (alg_text_byte(b, end, i) != ':')
			break;
		if (alg_text_byte(b, end, i + 1) == ':') {
			if (dcolon)
				return -1; /* a second "::" */
			dcolon = 1;
			i += 2;
		} else {
			need_group = 1;
			i += 1;
		}
	}
	if (need_group)
		return -1;
	if (dcolon ? n_head + n_tail > 7 : n_head != 8)
		return -1;
	/* Move head up past the elided groups and the tail. */
	for (__u32 k = 0; k < 8; k++) {
		if (k >= 8 - n_head)
			break;
		alg_text_shift16(head, 0);
	}
	for (__u32 k = 0; k < 4; k++)
		a->addr.w[k] = alg_text_htonl(head[k] | tail[k]);
	a->next = i;
	return 0;
}

/* Leading CR/LF bytes, between text messages (at most 8 looked at). */
ALG_INLINE __u32 alg_text_crlf_run(const struct alg_buf *b, __u32 len)
{
	__u32 i = 0;

	for (__u32 k = 0; k < 8; k++) {
		__u32 ch = alg_text_byte(b, len, i);

		if (ch != '\r' && ch != '\n')
			break;
		i++;
	}
	return i;
}

/* The address is all zeroes (0.0.0.0 or ::). */
ALG_INLINE int alg_text_addr_is_zero(const struct alg_addr *a)
{
	return (a->w[0] | a->w[1] | a->w[2] | a->w[3]) == 0;
}

#endif /* ALGTRACK_TEXT_H */
