/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A table-driven ASN.1 aligned-PER walker (ITU-T X.691, ALIGNED variant)
 * for the H.323 parsers: it follows a type table (struct alg_per_node)
 * through an encoding, skipping what it does not need and reporting the
 * transport addresses it meets on the fields the table tags.
 *
 * No recursion: an explicit stack of at most ALG_PER_DEPTH frames, and at
 * most ALG_PER_MAX_STEPS steps per encoding, each step one call of the
 * global function alg_per_step (verified once on BPF).
 *
 * What the table does not model is never guessed:
 *  - an extension addition or extension alternative the table does not
 *    know is skipped by its open-type length (X.691 §19.9, §23.8);
 *  - a type the table leaves out (node 0, "stop") ends the walk of the
 *    enclosing length-delimited container (an open type or an OCTET
 *    STRING holding an encoding, such as a fastStart proposal) and the
 *    walk goes on after it; outside any container the walk ends there.
 */
#ifndef ALGTRACK_PER_WALK_H
#define ALGTRACK_PER_WALK_H

#include "bin.h"
#include "parse.h"

enum alg_per_kind {
	ALG_PER_STOP = 0,   /* not modelled: leave the enclosing container */
	ALG_PER_NULL,
	ALG_PER_BOOL,
	ALG_PER_INT,        /* INTEGER (lb..ub) */
	ALG_PER_OCTETS,     /* OCTET STRING (SIZE (lb..ub)); ub 0: unconstrained */
	ALG_PER_STRING,     /* known-multiplier string, n_root bits a character */
	ALG_PER_OID,        /* OBJECT IDENTIFIER */
	ALG_PER_SEQ,        /* SEQUENCE: lb = number of OPTIONAL root components */
	ALG_PER_SEQOF,      /* SEQUENCE (SIZE (lb..ub)) OF e[0]; ub 0: unconstrained */
	ALG_PER_CHOICE,     /* CHOICE: n_root root alternatives, then n_ext extensions */
	ALG_PER_CONTAINING, /* OCTET STRING (SIZE (lb..ub)) holding an encoding of e[0] */
};

/* alg_per_node.flags */
enum alg_per_flags {
	ALG_PER_F_EXT = 1 << 0,      /* extension marker (of the type or of its size) */
	ALG_PER_F_ADDR = 1 << 1,     /* a SEQUENCE { address OCTET STRING, port INTEGER, ... } */
	ALG_PER_F_CLOSE = 1 << 2,    /* entering it: the message ends the conversation */
	ALG_PER_F_WITHDRAW = 1 << 3, /* entering it: the message voids the resources */
};

#define ALG_PER_EDGES 32 /* power of two: indexes are masked */
/* An edge: the child node, whether it is OPTIONAL, and the tag of the field. */
#define ALG_PER_EDGE_NODE(e) ((e) & 0xff)
#define ALG_PER_EDGE_OPT 0x100
#define ALG_PER_EDGE_TAG(e) (((e) >> 9) & 0x7)
#define ALG_PER_TAG(t) ((t) << 9)

struct alg_per_node {
	__u8 kind;   /* enum alg_per_kind */
	__u8 flags;  /* enum alg_per_flags */
	__u8 n_root; /* root components/alternatives; bits a character (STRING) */
	__u8 n_ext;  /* extension additions/alternatives the table models */
	__u32 lb;
	__u32 ub;
	__u16 e[ALG_PER_EDGES]; /* root edges, then extension edges */
};

#define ALG_PER_DEPTH 10 /* frames in use at most: a fastStart proposal's address needs 10 */
#define ALG_PER_MAX_STEPS 512
#define ALG_PER_MAX_EXT 64 /* extension additions in one SEQUENCE */

/* alg_per_frame.st */
enum alg_per_frame_state {
	ALG_PER_ST_ENTERED = 1 << 0, /* the preamble is read */
	ALG_PER_ST_EXT = 1 << 1,     /* the extension bit was set */
	ALG_PER_ST_EXTHDR = 1 << 2,  /* the extension bitmap is read */
	ALG_PER_ST_DONE = 1 << 3,    /* its only child was pushed: pop when back */
};

struct alg_per_frame {
	__u8 node;
	__u8 idx;     /* next edge */
	__u8 tag;     /* the field's tag, inherited from the parent when 0 */
	__u8 st;      /* enum alg_per_frame_state */
	__u16 count;  /* SEQUENCE: OPTIONAL bits consumed; SEQUENCE OF: elements left */
	__u16 pre;    /* bit of the OPTIONAL bitmap, then of the extension bitmap */
	__u16 end;    /* bit where the enclosing container ends, 0 for none */
	__u8 ext_n;   /* extension additions in the bitmap */
	__u8 pad;
};

/* A walk in progress. */
struct alg_per_dec {
	struct alg_bin_per p;
	struct alg_per_frame f[ALG_PER_DEPTH];
	__u32 last_int;  /* the last INTEGER read */
	__u8 depth;      /* frames in use */
	__u8 flags;      /* enum alg_per_flags of the nodes entered (CLOSE, WITHDRAW) */
	__u8 unwinding;  /* dropping frames up to a container (an unmodelled type) */
	__u8 last_len;   /* octets of the last address-sized OCTET STRING read */
	__u8 last_oct[16];
};

#endif /* ALGTRACK_PER_WALK_H */
