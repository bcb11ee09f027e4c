// SPDX-License-Identifier: GPL-2.0
/* The per-ALG counters by name (see stat_names.h). */
#include "stat_names.h"

#define STAT(f, refusal, help) { #f, __builtin_offsetof(struct alg_stats, f), help, refusal }

const struct stat_name stat_names[] = {
	STAT(packets, 0, "Packets of the ALG's sessions."),
	STAT(bytes, 0, "IP bytes of the ALG's sessions."),
	STAT(parsed, 0, "Control payloads handed to the parser."),
	STAT(messages, 0, "Control messages recognised."),
	STAT(parse_errors, 1, "Malformed or truncated control messages."),
	STAT(not_at_start, 0, "TCP segments skipped: not at a message start."),
	STAT(conversations, 0, "Conversations created."),
	STAT(children, 0, "Child sessions created."),
	STAT(resources, 0, "Resources (expected flows) created."),
	STAT(resources_expired, 0, "Resources found expired."),
	STAT(addr_mismatch, 1, "Announced addresses refused: not the sender's own."),
	STAT(resource_limit, 1, "Resources refused: the conversation's cap was reached."),
	STAT(endpoints_dropped, 1, "Endpoints dropped: more in one message than a result holds."),
	STAT(table_full, 1, "Conversations or resources not stored: a table update failed."),
	STAT(muted, 0, "TCP directions found not to speak the protocol."),
	STAT(third_party, 0, "Endpoints accepted that name a host other than the sender."),
	STAT(unparsed, 1, "Messages larger than the parse window, or lost with a segment."),
	STAT(framing_errors, 1, "TCP streams whose record framing broke."),
	STAT(state_saved, 0, "Per-conversation parser state written back."),
	STAT(requests, 0, "Requests of a request/reply protocol."),
	STAT(replies, 0, "Replies of a request/reply protocol."),
	STAT(unmatched_replies, 1, "Replies to no pending request."),
	STAT(truncated_replies, 0, "Replies marked truncated."),
	STAT(oversized_replies, 0, "Replies larger than the requester advertised."),
};
const size_t stat_names_len = sizeof(stat_names) / sizeof(stat_names[0]);

_Static_assert(sizeof(stat_names) / sizeof(stat_names[0]) == sizeof(struct alg_stats) / sizeof(__u64),
	       "a name for every counter");
