/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NAT awareness from user space: loading the NAT program (nat.bpf.c) beside
 * the tracker where nf_conntrack's kfuncs resolve, and saying whether it
 * runs and why not.
 */
#ifndef ALGTRACK_NAT_USER_H
#define ALGTRACK_NAT_USER_H

#include <stddef.h>

struct algtrack_bpf;

/*
 * Loads the NAT program against skel's maps and puts it in the NAT program
 * arrays: 0, or -1 with why (one phrase) when NAT awareness stays off; the
 * arrays are emptied then, and the tracker runs as it does without NAT.
 */
int nat_enable(struct algtrack_bpf *skel, char *why, size_t whylen);

/* From the pinned maps: 1 when NAT awareness is on, 0 with why when off. */
int nat_status(char *why, size_t whylen);

#endif /* ALGTRACK_NAT_USER_H */
