// SPDX-License-Identifier: GPL-2.0
/* The journal of attach and detach, in a pinned hash map (see journal.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "journal.h"
#include "log.h"
#include "pin_check.h"

#define JOURNAL_NAME "alg_journal"
#define JOURNAL_MAX 1024

static const struct pin_map_spec journal_spec = {
	.name = JOURNAL_NAME,
	.type = BPF_MAP_TYPE_HASH,
	.key_size = sizeof(struct journal_key),
	.value_size = sizeof(struct journal_rec),
	.max_entries = JOURNAL_MAX,
};

int journal_open(int create)
{
	char err[512];
	int fd = pin_open_map(JOURNAL_PIN, &journal_spec, err, sizeof(err));

	if (fd >= 0 || errno != ENOENT) {
		if (fd < 0)
			log_error("%s", err);
		return fd;
	}
	if (!create)
		return -1;
	fd = bpf_map_create(journal_spec.type, JOURNAL_NAME, journal_spec.key_size,
			    journal_spec.value_size, journal_spec.max_entries, NULL);
	/* Made, then pinned in one step: an interruption leaves no half journal. */
	if (fd < 0 || bpf_obj_pin(fd, JOURNAL_PIN)) {
		log_error("cannot make the journal at %s: %s", JOURNAL_PIN, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static struct journal_key key_of(__u64 netns, __u32 ifindex)
{
	struct journal_key k = { .netns = netns, .ifindex = ifindex };

	return k;
}

int journal_get(int fd, __u64 netns, __u32 ifindex, struct journal_rec *rec)
{
	struct journal_key k = key_of(netns, ifindex);

	return bpf_map_lookup_elem(fd, &k, rec);
}

int journal_put(int fd, __u64 netns, __u32 ifindex, const struct journal_rec *rec)
{
	struct journal_key k = key_of(netns, ifindex);

	if (!bpf_map_update_elem(fd, &k, rec, BPF_ANY))
		return 0;
	log_error("writing the journal at %s failed: %s", JOURNAL_PIN, strerror(errno));
	return -1;
}

void journal_drop(int fd, __u64 netns, __u32 ifindex)
{
	struct journal_key k = key_of(netns, ifindex);

	bpf_map_delete_elem(fd, &k);
}

int journal_next(int fd, const struct journal_key *prev, struct journal_key *next)
{
	return bpf_map_get_next_key(fd, prev, next);
}

int journal_empty(int fd)
{
	struct journal_key k;

	return journal_next(fd, NULL, &k) != 0;
}

void journal_link_pin(char *buf, size_t len, __u64 netns, __u32 ifindex)
{
	snprintf(buf, len, "%s/links/xdp_%llu_%u", ALG_PIN_ROOT, (unsigned long long)netns,
		 ifindex);
}
