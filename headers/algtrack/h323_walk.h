/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The aligned-PER walker (per_walk.h) over the H.323 type tables
 * (h323_asn.h): one step a call, tagged addresses become endpoints.
 */
#ifndef ALGTRACK_H323_WALK_H
#define ALGTRACK_H323_WALK_H

#include "h323_asn.h"

/* Starts a walk of type node over the octets [off, end). */
ALG_INLINE void alg_per_start(struct alg_per_dec *d, __u32 node, __u32 off, __u32 end)
{
	__builtin_memset(d, 0, sizeof(*d));
	alg_bin_per_init(&d->p, off, end);
	d->f[0].node = (__u8)node;
	d->depth = 1;
}

/*
 * Frame i, or NULL beyond the stack. The bound is the verifier's proof too:
 * i is made opaque first so that clang tests the very register it indexes
 * with (Linux 6.1 does not carry a bound over to a copy made before it).
 */
ALG_INLINE struct alg_per_frame *alg_per_frame_at(struct alg_per_dec *d, __u32 i)
{
#if defined(__bpf__)
	asm volatile("" : "+r"(i));
#endif
	if (i >= ALG_PER_DEPTH)
		return 0;
	return &d->f[i];
}

/* The bit at position pos (a bitmap read earlier), without moving the cursor. */
ALG_INLINE int alg_per_peek(const struct alg_buf *b, struct alg_per_dec *d, __u32 pos, __u32 *v)
{
	struct alg_bin_per t = { .bit = pos, .end_bit = d->p.end_bit };

	if (alg_bin_per_bits(b, &t, 1, v))
		return alg_bin_per_fail(&d->p);
	return 0;
}

/* Past n bits. */
ALG_INLINE int alg_per_skip_bits(struct alg_per_dec *d, __u32 n)
{
	if (d->p.err || n > alg_bin_per_left(&d->p))
		return alg_bin_per_fail(&d->p);
	d->p.bit += n;
	return 0;
}

/*
 * The count of a size-constrained type (X.691 §11.9.4, §16-17, §19-20):
 * none when fixed, a constrained whole number below 64K, else a length
 * determinant; an extensible size with its bit set is a length determinant.
 */
ALG_INLINE int alg_per_size(const struct alg_buf *b, struct alg_per_dec *d,
			    const struct alg_per_node *n, __u32 *count)
{
	__u32 ext = 0;

	if ((n->flags & ALG_PER_F_EXT) && alg_bin_per_ext(b, &d->p, &ext))
		return -1;
	if (ext || n->ub == 0 || n->ub >= 65536)
		return alg_bin_per_length(b, &d->p, count);
	if (n->lb == n->ub) {
		*count = n->lb;
		return 0;
	}
	return alg_bin_per_constrained(b, &d->p, n->lb, n->ub, count);
}

/* Whether r already holds this endpoint (a global function: its loop stays apart). */
ALG_FUNC int alg_per_announced(const struct alg_parse_result *r, const struct alg_addr *a,
			       __u32 port, __u32 family, __u32 proto)
{
	if (!r || !a)
		return 0;
	for (__u32 i = 0; i < ALG_MAX_ENDPOINTS; i++) {
		const struct alg_endpoint *o = &r->ep[i];

		if (i >= r->n_ep)
			break;
		if (o->port == port && o->proto == proto && o->family == family &&
		    o->addr.w[0] == a->w[0] && o->addr.w[1] == a->w[1] && o->addr.w[2] == a->w[2] &&
		    o->addr.w[3] == a->w[3])
			return 1;
	}
	return 0;
}

/* The address of a finished F_ADDR sequence, as an endpoint of its tag. */
ALG_INLINE void alg_per_emit(struct alg_per_dec *d, __u32 tag, struct alg_parse_result *r)
{
	struct alg_addr a = {};
	struct alg_endpoint *ep;
	__u32 family, port = d->last_int, proto;

	proto = alg_h323_tag_proto(tag);
	if (!proto || port == 0 || port > 0xffff)
		return;
	if (d->last_len == 4) {
		family = ALG_AF_INET;
		__builtin_memcpy(&a.w[0], d->last_oct, 4);
	} else if (d->last_len == 16) {
		family = ALG_AF_INET6;
		__builtin_memcpy(&a, d->last_oct, 16);
	} else {
		return;
	}
	if (!(a.w[0] | a.w[1] | a.w[2] | a.w[3]))
		return; /* 0.0.0.0: no address yet */
	if (alg_per_announced(r, &a, port, family, proto))
		return; /* announced twice in one message */
	ep = alg_result_push(r, &a, port, family, proto);
	if (ep)
		ep->child_alg = (__u8)alg_h323_tag_child(tag);
}

/*
 * Ends the top frame: its address (if any) is reported, and the cursor moves
 * to the end of the container it was (if any). 0 when frames remain.
 */
ALG_INLINE int alg_per_pop(struct alg_per_dec *d, struct alg_parse_result *r)
{
	struct alg_per_frame *f;
	__u32 node;

	f = d->depth ? alg_per_frame_at(d, d->depth - 1) : 0;
	if (!f)
		return alg_bin_per_fail(&d->p);
	node = f->node;
	if (node < N__COUNT && (alg_h323_nodes[node].flags & ALG_PER_F_ADDR))
		alg_per_emit(d, f->tag, r);
	if (f->end) {
		if (d->p.bit > f->end)
			return alg_bin_per_fail(&d->p); /* the content overran its length */
		d->p.bit = f->end;
	}
	d->depth--;
	return 0;
}

/*
 * Pushes node (edge e) as a child of the top frame; len_bits > 0 makes it a
 * container ending that many bits from here.
 */
ALG_INLINE int alg_per_push(struct alg_per_dec *d, __u32 e, __u32 len_bits)
{
	struct alg_per_frame *f, *parent;
	__u32 end = 0;

	if (d->depth == 0 || d->depth >= ALG_PER_DEPTH)
		return alg_bin_per_fail(&d->p); /* nested deeper than any modelled message */
	if (len_bits) {
		if (len_bits > alg_bin_per_left(&d->p))
			return alg_bin_per_fail(&d->p);
		end = d->p.bit + len_bits;
	}
	parent = alg_per_frame_at(d, d->depth - 1);
	f = alg_per_frame_at(d, d->depth);
	if (!parent || !f)
		return alg_bin_per_fail(&d->p);
	__builtin_memset(f, 0, sizeof(*f));
	f->node = (__u8)ALG_PER_EDGE_NODE(e);
	f->tag = ALG_PER_EDGE_TAG(e) ? (__u8)ALG_PER_EDGE_TAG(e) : parent->tag;
	f->end = (__u16)end;
	d->depth++;
	return 0;
}

/*
 * A type the table leaves out: the frames up to the innermost container are
 * dropped, one a step (alg_per_unwind), and the walk goes on after it.
 */
ALG_INLINE void alg_per_stop(struct alg_per_dec *d)
{
	d->unwinding = 1;
}

/*
 * Drops frame f, the top one, while unwinding; outside any container the
 * walk is over when the last frame goes.
 */
ALG_INLINE void alg_per_unwind(struct alg_per_dec *d, const struct alg_per_frame *f)
{
	__u32 end = f->end;

	d->depth--;
	if (end) {
		d->p.bit = end;
		d->unwinding = 0;
	}
}

/*
 * An element whose content is an encoding of e (an open type, an OCTET
 * STRING holding an encoding): with the current frame done, push it as a
 * container of len octets, or skip them when e is not modelled.
 */
ALG_INLINE int alg_per_contained(struct alg_per_dec *d, struct alg_per_frame *f, __u32 e, __u32 len)
{
	f->st |= ALG_PER_ST_DONE;
	if (ALG_PER_EDGE_NODE(e) == N_STOP || len == 0)
		return alg_per_skip_bits(d, 8 * len);
	return alg_per_push(d, e, 8 * len);
}

/* Reads the primitive of node n. */
ALG_INLINE int alg_per_primitive(const struct alg_buf *b, struct alg_per_dec *d,
				 const struct alg_per_node *n)
{
	__u32 v = 0, count = 0, bits;

	switch (n->kind) {
	case ALG_PER_NULL:
		return 0;
	case ALG_PER_BOOL:
		return alg_bin_per_bool(b, &d->p, &v);
	case ALG_PER_INT:
		if (alg_bin_per_constrained(b, &d->p, n->lb, n->ub, &v))
			return -1;
		d->last_int = v;
		return 0;
	case ALG_PER_OID:
		return alg_bin_per_open_skip(b, &d->p);
	case ALG_PER_OCTETS:
		if (alg_per_size(b, d, n, &count))
			return -1;
		/* X.691 §17.6-17.8: fixed up to two octets unaligned, else aligned. */
		if (!(n->lb == n->ub && n->ub <= 2) && alg_bin_per_align(&d->p))
			return -1;
		if (count == 4 || count == 16) {
			/* An address: kept for the F_ADDR sequence around it. */
			for (__u32 k = 0; k < 16; k++) {
				if (k >= count)
					break;
				if (alg_bin_per_bits(b, &d->p, 8, &v))
					return -1;
				d->last_oct[k] = (__u8)v;
			}
			d->last_len = (__u8)count;
			return 0;
		}
		return alg_per_skip_bits(d, 8 * count);
	case ALG_PER_STRING:
		if (alg_per_size(b, d, n, &count))
			return -1;
		bits = n->n_root;
		/* X.691 §27.5.7: aligned when the longest string exceeds 16 bits. */
		if (n->ub * bits > 16 && alg_bin_per_align(&d->p))
			return -1;
		return alg_per_skip_bits(d, count * bits);
	}
	return alg_bin_per_fail(&d->p);
}

/* The next component of a SEQUENCE frame: pushes it, or pops the frame. */
ALG_INLINE int alg_per_seq_next(const struct alg_buf *b, struct alg_per_dec *d,
				struct alg_per_frame *f, const struct alg_per_node *n,
				struct alg_parse_result *r)
{
	__u32 v = 0;

	for (__u32 k = 0; k < ALG_PER_EDGES; k++) {
		__u32 e;

		if (f->idx >= n->n_root)
			break;
		e = n->e[f->idx & (ALG_PER_EDGES - 1)];
		f->idx++;
		if (e & ALG_PER_EDGE_OPT) {
			if (alg_per_peek(b, d, f->pre + f->count, &v))
				return -1;
			f->count++;
			if (!v)
				continue;
		}
		if (ALG_PER_EDGE_NODE(e) == N_STOP) {
			alg_per_stop(d);
			return 0;
		}
		return alg_per_push(d, e, 0);
	}
	if (!(f->st & ALG_PER_ST_EXT))
		return alg_per_pop(d, r);
	if (!(f->st & ALG_PER_ST_EXTHDR)) {
		/* X.691 §19.8: a normally small length (count - 1), then the bitmap. */
		if (alg_bin_per_small(b, &d->p, &v))
			return -1;
		if (v + 1 > ALG_PER_MAX_EXT)
			return alg_bin_per_fail(&d->p);
		f->ext_n = (__u8)(v + 1);
		f->pre = (__u16)d->p.bit; /* the root's OPTIONAL bits are all read */
		if (alg_per_skip_bits(d, v + 1))
			return -1;
		f->st |= ALG_PER_ST_EXTHDR;
	}
	for (__u32 k = 0; k < ALG_PER_MAX_EXT; k++) {
		__u32 x = f->idx - n->n_root, len = 0, e = 0;

		if (x >= f->ext_n)
			break;
		f->idx++;
		if (alg_per_peek(b, d, f->pre + x, &v))
			return -1;
		if (!v)
			continue;
		/* X.691 §19.9: each addition present is an open type. */
		if (alg_bin_per_length(b, &d->p, &len))
			return -1;
		if (x < n->n_ext)
			e = n->e[(n->n_root + x) & (ALG_PER_EDGES - 1)];
		if (ALG_PER_EDGE_NODE(e) == N_STOP || len == 0) {
			if (alg_per_skip_bits(d, 8 * len))
				return -1;
			continue;
		}
		return alg_per_push(d, e, 8 * len);
	}
	return alg_per_pop(d, r);
}

/* Reads a CHOICE's index and goes into its alternative. */
ALG_INLINE int alg_per_choice(const struct alg_buf *b, struct alg_per_dec *d,
			      struct alg_per_frame *f, const struct alg_per_node *n)
{
	__u32 ext = 0, idx = 0, len = 0, e = 0;

	if ((n->flags & ALG_PER_F_EXT) && alg_bin_per_ext(b, &d->p, &ext))
		return -1;
	if (!ext) {
		if (n->n_root == 0 || alg_bin_per_constrained(b, &d->p, 0, n->n_root - 1, &idx))
			return alg_bin_per_fail(&d->p);
		/* A root alternative takes the CHOICE's place (and its container end). */
		e = n->e[idx & (ALG_PER_EDGES - 1)];
		f->node = (__u8)ALG_PER_EDGE_NODE(e);
		if (ALG_PER_EDGE_TAG(e))
			f->tag = (__u8)ALG_PER_EDGE_TAG(e);
		f->st = 0;
		return 0;
	}
	/* X.691 §23.8: a normally small index, the alternative as an open type. */
	if (alg_bin_per_small(b, &d->p, &idx) || alg_bin_per_length(b, &d->p, &len))
		return -1;
	if (idx < n->n_ext)
		e = n->e[(n->n_root + idx) & (ALG_PER_EDGES - 1)];
	if (ALG_PER_EDGE_NODE(e) != N_STOP && len && !f->end) {
		/* The alternative takes the CHOICE's place, as the container. */
		if (8 * len > alg_bin_per_left(&d->p))
			return alg_bin_per_fail(&d->p);
		f->node = (__u8)ALG_PER_EDGE_NODE(e);
		if (ALG_PER_EDGE_TAG(e))
			f->tag = (__u8)ALG_PER_EDGE_TAG(e);
		f->st = 0;
		f->end = (__u16)(d->p.bit + 8 * len);
		return 0;
	}
	return alg_per_contained(d, f, e, len);
}

/* One step of a walk: 1 to go on, 0 when it is over, -1 on a malformed encoding. */
ALG_FUNC int alg_per_step(const struct alg_buf *b, struct alg_per_dec *d, struct alg_parse_result *r)
{
	const struct alg_per_node *n;
	struct alg_per_frame *f;
	__u32 count = 0, node;
	int rc;

	if (!b || !d || !r)
		return -1;
	if (d->p.err || d->depth == 0 || d->depth > ALG_PER_DEPTH)
		return d->p.err ? -1 : 0;
	f = alg_per_frame_at(d, d->depth - 1);
	if (!f)
		return -1;
	node = f->node;
	if (node >= N__COUNT)
		return alg_bin_per_fail(&d->p);
	n = &alg_h323_nodes[node];
	if (d->unwinding) {
		alg_per_unwind(d, f);
		return d->depth ? 1 : 0;
	}
	if (!(f->st & ALG_PER_ST_ENTERED))
		d->flags |= (__u8)(n->flags & (ALG_PER_F_CLOSE | ALG_PER_F_WITHDRAW));

	if (f->st & ALG_PER_ST_DONE) {
		rc = alg_per_pop(d, r);
	} else if (n->kind == ALG_PER_STOP) {
		alg_per_stop(d);
		rc = 0;
	} else if (n->kind == ALG_PER_SEQ) {
		if (!(f->st & ALG_PER_ST_ENTERED)) {
			__u32 ext = 0;

			if ((n->flags & ALG_PER_F_EXT) && alg_bin_per_ext(b, &d->p, &ext))
				return -1;
			f->st |= ALG_PER_ST_ENTERED | (ext ? ALG_PER_ST_EXT : 0);
			f->pre = (__u16)d->p.bit;
			if (alg_per_skip_bits(d, n->lb))
				return -1;
		}
		rc = alg_per_seq_next(b, d, f, n, r);
	} else if (n->kind == ALG_PER_SEQOF) {
		if (!(f->st & ALG_PER_ST_ENTERED)) {
			if (alg_per_size(b, d, n, &count))
				return -1;
			f->count = (__u16)count;
			f->st |= ALG_PER_ST_ENTERED;
		}
		if (f->count == 0) {
			rc = alg_per_pop(d, r);
		} else {
			f->count--;
			rc = alg_per_push(d, n->e[0], 0);
		}
	} else if (n->kind == ALG_PER_CHOICE) {
		rc = alg_per_choice(b, d, f, n);
	} else if (n->kind == ALG_PER_CONTAINING) {
		if (alg_per_size(b, d, n, &count) || alg_bin_per_align(&d->p))
			return -1;
		rc = alg_per_contained(d, f, n->e[0], count);
	} else {
		if (alg_per_primitive(b, d, n))
			return -1;
		rc = alg_per_pop(d, r);
	}
	if (rc < 0 || d->p.err)
		return -1;
	return d->depth ? 1 : 0;
}

/*
 * Walks node over [off, end). Returns 0 when the walk ended (completely or
 * at a type the tables leave out), -1 on a malformed encoding or one that
 * needs more than ALG_PER_MAX_STEPS steps.
 */
ALG_INLINE int alg_per_walk(const struct alg_buf *b, struct alg_per_dec *d, __u32 node, __u32 off,
			    __u32 end, struct alg_parse_result *r)
{
	alg_per_start(d, node, off, end);
	if (d->p.err)
		return -1;
	for (__u32 k = 0; k < ALG_PER_MAX_STEPS; k++) {
		int rc = alg_per_step(b, d, r);

		if (rc <= 0)
			return rc;
	}
	return -1;
}

#endif /* ALGTRACK_H323_WALK_H */
