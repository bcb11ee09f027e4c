/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the report lists, as of a clock, and how one map entry is shown
 * (report.h): the rules report_read() applies entry by entry.
 *
 * - a session's state is closed when the kernel closed it or when it has
 *   been idle longer than config.idle_timeout_s (TCP: [0], others: [1]; 0
 *   means no idle timeout); it is listed while active, or closed for at most
 *   config.linger_s since it was last seen;
 * - a resource is live while now < expires_ns, its epoch is its
 *   conversation's, and the kernel has not closed it; a resource that is not
 *   live is listed only for its listed child sessions;
 * - with ck->whole, everything is listed;
 * - a conversation is listed if its parent is, or any child session is, or
 *   any live resource exists; it is active if its parent or any child is
 *   active or any resource is live.
 */
#ifndef ALGTRACK_REPORT_RULES_H
#define ALGTRACK_REPORT_RULES_H

#include <stdbool.h>
#include <linux/types.h>
#include "algtrack/abi.h"
#include "report.h"

/* The report's clock: now in the tracker's nanoseconds, and its configuration. */
struct report_clock {
	__u64 now_ns;
	struct alg_config cfg;
	bool whole; /* list every entry, however long ago it ended */
};

/*
 * A session's state as shown: closed by the kernel, or idle longer than its
 * ALG's idle time (alg: a parent's ALG; 0 for a child) or the transport's.
 */
__u8 report_shown_state(const struct report_clock *ck, __u8 kernel_state, __u8 alg, __u8 proto,
			__u64 last_ns);
/* How a session ended: closed by the kernel, idle (as report_shown_state()), or open. */
__u8 report_session_end(const struct report_clock *ck, __u8 kernel_state, __u8 alg, __u8 proto,
			__u64 last_ns);
/* Is an entry in this shown state, last seen at last_ns, listed? */
bool report_listed(const struct report_clock *ck, __u8 state, __u64 last_ns);
/* Can a resource still match a flow? conv: its conversation entry, or NULL. */
bool report_resource_live(const struct report_clock *ck, const struct alg_resource *r,
			  const struct alg_conversation *conv);

/* A flow from a tuple's parts (network order). */
struct report_flow report_flow_of(const struct alg_addr *src, const struct alg_addr *dst,
				  __u16 sport_be, __u16 dport_be, __u8 family, __u8 proto);
/* The reply direction of a flow (no wildcards). */
struct report_flow report_flow_swap(const struct report_flow *f);
/* A session entry as shown. */
struct report_session report_session_of(const struct report_clock *ck,
					const struct alg_tuple *key, const struct alg_session *v);
/* The parent session as a conversation entry remembers it (its session entry is gone). */
struct report_session report_parent_of(const struct report_clock *ck,
				       const struct alg_conversation *conv);
/* A resource entry as shown, without its sessions. */
struct report_resource report_resource_of(const struct report_clock *ck,
					  const struct alg_resource_key *k,
					  const struct alg_resource *v,
					  const struct alg_conversation *conv);

#endif /* ALGTRACK_REPORT_RULES_H */
