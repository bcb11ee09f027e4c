/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where a message of a TCP control stream ends, by the ALG's framing
 * (struct alg_framing in parse.h). Pure, like the parsers: the same source
 * runs in the BPF control program and in the host's tests.
 *
 * LINE framing is the parser's own business (it reports r->next); this
 * file answers for NUL and LENGTH.
 */
#ifndef ALGTRACK_FRAMING_H
#define ALGTRACK_FRAMING_H

#include "text.h"

enum alg_frame_verdict {
	ALG_FRAME_WHOLE = 0, /* *msg_len bytes from the start are one message */
	ALG_FRAME_SHORT,     /* the message goes on past avail (*msg_len: its length, or 0 if unknown) */
	ALG_FRAME_BROKEN,    /* the bytes are no message of this framing: the stream lost its framing */
};

/* A big- or little-endian field of 2 or 4 bytes at off; the caller checked off + size <= avail. */
ALG_INLINE __u32 alg_frame_field(const struct alg_buf *b, __u32 off, __u32 size, int le)
{
	__u32 v = 0;

	for (__u32 k = 0; k < 4; k++) {
		__u32 byte;

		if (k >= size)
			break;
		byte = ALG_AT(b, off + (le ? size - 1 - k : k));
		v = (v << 8) | byte;
	}
	return v;
}

/*
 * The length of the message at the start of b (avail bytes there).
 * *more is set when the message is a record fragment that is not its
 * record's last (ONC RPC record marking).
 */
ALG_INLINE enum alg_frame_verdict alg_frame_message(const struct alg_framing *f,
						    const struct alg_buf *b, __u32 avail,
						    __u32 *msg_len, __u32 *more)
{
	__u32 field, need, le;

	*msg_len = 0;
	*more = 0;
	if (f->kind == ALG_FRAME_NUL) {
		__u32 nul = alg_text_find(b, 0, avail, 0);

		if (nul == ALG_TEXT_NONE)
			return ALG_FRAME_SHORT;
		*msg_len = nul + 1;
		return ALG_FRAME_WHOLE;
	}
	if (f->kind != ALG_FRAME_LENGTH)
		return ALG_FRAME_BROKEN;
	need = (__u32)f->len_off + f->len_size;
	/* DCE-RPC: the byte order is in the header too (drep at byte 4). */
	if ((f->flags & ALG_LEN_DREP) && need < 5)
		need = 5;
	/* TNS: the checksum after the 16-bit length tells the two widths apart. */
	if ((f->flags & ALG_LEN_TNS32) && need < (__u32)f->len_off + 4)
		need = (__u32)f->len_off + 4;
	if (avail < need)
		return ALG_FRAME_SHORT;
	le = (f->flags & ALG_LEN_LE) || ((f->flags & ALG_LEN_DREP) && (ALG_AT(b, 4) & 0x10));
	field = alg_frame_field(b, f->len_off, f->len_size, le);
	if (f->flags & ALG_LEN_TNS32) {
		__u32 checksum = alg_frame_field(b, f->len_off + 2, 2, 0);

		if (checksum != 0 && checksum != 4)
			field = alg_frame_field(b, f->len_off, 4, 0);
	}
	if (f->flags & ALG_LEN_RECORD_MARK) {
		*more = !(field >> 31);
		field &= 0x7fffffffu;
	}
	/* A length no real message has (a record mark of 2 GiB) breaks framing too. */
	if (field > 0xffffffu || field + f->adjust < f->min_len)
		return ALG_FRAME_BROKEN;
	*msg_len = field + f->adjust;
	return *msg_len <= avail ? ALG_FRAME_WHOLE : ALG_FRAME_SHORT;
}

#endif /* ALGTRACK_FRAMING_H */
