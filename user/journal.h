/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The journal of attach and detach: one record per interface, keyed by
 * network namespace and ifindex, written before each step acts. A record
 * that is not "attached" is an attach or detach that was interrupted: the
 * next attach or detach finishes it by removing what it may have made.
 * It lives in a map pinned beside the tracker's (bpffs holds no files), so
 * it is exactly as visible as the pins it describes.
 */
#ifndef ALGTRACK_JOURNAL_H
#define ALGTRACK_JOURNAL_H

#include <stddef.h>
#include <linux/types.h>
#include "algtrack/abi.h"

#define JOURNAL_PIN ALG_PIN_ROOT "/journal"

struct journal_key {
	__u64 netns;   /* inode of the namespace's nsfs file */
	__u32 ifindex;
	__u32 pad;
};

enum journal_state {
	JOURNAL_ATTACHING = 1, /* hooks holds every hook about to be made */
	JOURNAL_ATTACHED,      /* hooks holds what runs */
	JOURNAL_DETACHING,
};

struct journal_rec {
	__u32 hooks;    /* enum alg_hook, ALG_HOOK_OWN_CLSACT included */
	__u32 xdp_mode; /* XDP_FLAGS_SKB_MODE or XDP_FLAGS_DRV_MODE with ALG_HOOK_XDP */
	__u32 state;    /* enum journal_state */
	__u32 pad;
};

/*
 * Opens the journal (making and pinning it when create is set and there is
 * none). -1 with errno ENOENT when there is none, or after one line.
 */
int journal_open(int create);

int journal_get(int fd, __u64 netns, __u32 ifindex, struct journal_rec *rec);
/* Writes the record; -1 after logging (the step must not act unrecorded). */
int journal_put(int fd, __u64 netns, __u32 ifindex, const struct journal_rec *rec);
void journal_drop(int fd, __u64 netns, __u32 ifindex);
/* Iterates keys: prev NULL for the first; 0 while there is a next. */
int journal_next(int fd, const struct journal_key *prev, struct journal_key *next);
int journal_empty(int fd);

/* Where an interface's XDP link is pinned. */
void journal_link_pin(char *buf, size_t len, __u64 netns, __u32 ifindex);

#endif /* ALGTRACK_JOURNAL_H */
