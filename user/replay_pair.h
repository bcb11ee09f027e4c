/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Replay of a capture taken on both sides of a NAT: pairing each TCP
 * connection's two views, so that the replay reports it once, as a live
 * attachment on a NATing router does (see README, NAT).
 */
#ifndef ALGTRACK_REPLAY_PAIR_H
#define ALGTRACK_REPLAY_PAIR_H

#include "maps.h"

/*
 * Reads the capture and writes, for every TCP connection seen on both sides
 * (two SYNs with one initial sequence number, which NAT keeps, within a
 * second of each other, an address rewritten), the alias of the later view and
 * the flow's original and reply tuples into m's nat_alias and nat_flows.
 * Returns the number of connections paired, or a negative errno.
 */
int replay_pair(const char *file, const struct alg_maps *m);

#endif /* ALGTRACK_REPLAY_PAIR_H */
