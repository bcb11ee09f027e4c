/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report's flows where the host NATs: a session whose flow conntrack
 * translates shows its Forward Flow as the originator sent it and its
 * Reverse Flow as conntrack's reply tuple (the translated addresses), from
 * the nat_flows map (algtrack/nat.h).
 */
#ifndef ALGTRACK_REPORT_NAT_H
#define ALGTRACK_REPORT_NAT_H

#include <stddef.h>
#include "algtrack/nat.h"
#include "report.h"

/* Reads map fd (-1: none, an empty table); 0 or a negative errno. */
int report_nat_read(int fd, struct report_nat *out);
void report_nat_free(struct report_nat *nat);

/* The conntrack tuples of the session keyed by key, or NULL where it is not translated. */
const struct alg_nat_flow *report_nat_find(const struct report_nat *nat, const struct alg_tuple *key);

/* The session keyed by key, with its flows as conntrack has them where it translates them. */
void report_nat_apply(const struct report_nat *nat, const struct alg_tuple *key,
		      struct report_session *s);

/*
 * A resource of a conversation whose control connection is translated
 * (parent: its conntrack tuples), shown as its opener will send the flow,
 * as conntrack lists an expectation: the addresses it was announced with on
 * one side of the NAT become the opener's side's. A resource open to any
 * source is left as announced.
 */
void report_nat_resource(const struct alg_nat_flow *parent, struct report_resource *r);

/* The session key (canonical form, as the data path keys sessions) of a directional tuple. */
struct alg_tuple report_nat_key_of(const struct alg_tuple *t);

#endif /* ALGTRACK_REPORT_NAT_H */
