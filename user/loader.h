/* SPDX-License-Identifier: GPL-2.0 */
/* Opening, sizing, loading and configuring the BPF object. */
#ifndef ALGTRACK_LOADER_H
#define ALGTRACK_LOADER_H

#include <stddef.h>
#include <linux/types.h>
#include "algtrack/abi.h"
#include "algtrack.skel.h"
#include "pin_check.h"

/* Table sizes; 0 means the built-in default (or the pinned maps' size). */
struct loader_limits {
	__u32 max_sessions;
	__u32 max_conversations;
	__u32 max_resources;
	__u32 max_unconfirmed; /* each of unconf_sessions and unconf_convs */
	__u32 algs;            /* bit (1 << ALG id) per ALG whose programs load; 0: every ALG */
};

/* Which hooks' programs to load: replay runs packets through one of them only. */
enum loader_hooks {
	LOADER_HOOK_XDP = 1,
	LOADER_HOOK_TC = 2,
	LOADER_HOOKS_ALL = LOADER_HOOK_XDP | LOADER_HOOK_TC,
};

/*
 * Opens and loads the object's programs for the hooks asked for, and fills
 * their tail-call tables. With pin_root, maps are shared through pins there
 * (created on first use, reused after); without, everything is private to
 * this process (replay). On failure returns NULL with one line in err.
 */
struct algtrack_bpf *loader_load(const char *pin_root, const struct loader_limits *lim,
				 enum loader_hooks hooks, char *err, size_t errlen);

/* libbpf's messages go to stderr only with ALGTRACK_DEBUG set. */
void loader_quiet_libbpf(void);

/*
 * Writes the default configuration and control ports (from the ALG table).
 * third_party: bit (1 << alg id) per ALG that may announce addresses other
 * than the sender's own (off by default; see config.third_party).
 */
int loader_configure(struct algtrack_bpf *skel, __u32 third_party);
struct settings;
/* Writes these settings (settings.h) instead of the defaults. */
int loader_configure_settings(struct algtrack_bpf *skel, const struct settings *s);

/*
 * ALGs that accept third-party addresses unless told otherwise: SIP, as
 * Junos' SIP ALG does, since SDP names media gateways and SBCs beside the
 * signalling peers (--deny-third-party sip keeps media to the signalling
 * endpoints, as Linux's sip_direct_media=1 does); RAS, since a gatekeeper's
 * ACF and LCF name the called endpoint, never the gatekeeper itself (Linux
 * does not check those against the sender either). FTP keeps refusing
 * bounce addresses; H.323 call signalling and H.245 name their sender's own
 * addresses.
 */
#define LOADER_THIRD_PARTY_DEFAULT ((1u << ALG_SIP) | (1u << ALG_RAS))

/* What the object's map of that name must look like when pinned; -1 if none. */
int loader_map_spec(const char *name, struct pin_map_spec *out);

/* Is this kernel program name (15 characters kept) one of algtrack's hooks? */
int loader_is_algtrack_prog(const char *kernel_name);

/* Removes the pinned maps that are algtrack's; -1 when a foreign one stays (verbose: named). */
int loader_unpin_maps(int verbose);

/* Is anything pinned under the root (has attach run)? */
int loader_is_attached(void);

#endif /* ALGTRACK_LOADER_H */
