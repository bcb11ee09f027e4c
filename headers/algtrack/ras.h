/* SPDX-License-Identifier: GPL-2.0 */
/*
 * H.225.0 RAS (Junos "RAS ALG", UDP 1719, gatekeeper discovery 1718): one
 * aligned-PER RasMessage a datagram (ITU-T H.225.0 §7.6).
 *
 *   GCF rasAddress              the gatekeeper's RAS address (UDP)
 *   RRQ callSignalAddress(es)   the endpoint's call signalling (TCP, H.225.0)
 *       rasAddress(es)          the endpoint's RAS address (UDP)
 *   RCF callSignalAddress(es)   the gatekeeper's call signalling (TCP)
 *   ACF destCallSignalAddress   where the admitted call goes (TCP)
 *   LCF callSignalAddress       the located endpoint (TCP) and its
 *       rasAddress              RAS address (UDP)
 *   URQ                         unregistration: the resources are void
 *   UCF                         and the registration is over
 * An ACF or LCF names the called endpoint, a third host: the RAS ALG
 * accepts third-party addresses by default (user/loader.h).
 */
#ifndef ALGTRACK_RAS_H
#define ALGTRACK_RAS_H

#include "h323_walk.h"

ALG_FUNC int alg_ras_parse(const struct alg_buf *b, __u32 len, const struct alg_parse_ctx *c,
			   struct alg_parse_result *r)
{
	struct alg_per_dec d;

	if (!b || !c || !r)
		return -1;
	r->next = len;
	if (len == 0 || len > ALG_MAX_PAYLOAD)
		return 0;
	r->events |= ALG_EV_MESSAGE;
	if (alg_per_walk(b, &d, N_RAS, 0, len, r))
		r->events |= ALG_EV_PARSE_ERROR;
	if (d.flags & ALG_PER_F_WITHDRAW)
		r->events |= ALG_EV_WITHDRAW;
	if (d.flags & ALG_PER_F_CLOSE)
		r->events |= ALG_EV_CLOSE;
	return 0;
}

#endif /* ALGTRACK_RAS_H */
