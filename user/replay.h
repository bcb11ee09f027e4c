/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ALGTRACK_REPLAY_H
#define ALGTRACK_REPLAY_H

#include <stddef.h>
#include <linux/types.h>

/*
 * A captured packet as an Ethernet frame for the XDP program: copied as is
 * for Ethernet, behind a synthetic header for cooked, raw-IP and loopback
 * captures. Returns the frame length, or 0 to skip the packet.
 */
int replay_linktype_supported(int linktype);
size_t replay_frame(int linktype, const __u8 *pkt, size_t caplen, __u8 *out, size_t outlen);

#endif /* ALGTRACK_REPLAY_H */
