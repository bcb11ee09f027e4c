/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One event of the data path's stream (struct alg_event_record) as the
 * monitor prints it: a readable line, or one JSON object on a line.
 */
#ifndef ALGTRACK_EVENT_FORMAT_H
#define ALGTRACK_EVENT_FORMAT_H

#include <stddef.h>
#include <linux/types.h>
#include "algtrack/abi.h"

/* Room for any formatted event, its newline and terminating NUL. */
#define EVENT_TEXT_MAX 512

/* "conversation_opened", ...; NULL for a kind the data path does not write. */
const char *event_kind_name(__u8 kind);
/* The reason's name for that kind ("fin", "addr_mismatch"), or NULL when it has none. */
const char *event_reason_name(__u8 kind, __u8 reason);

/*
 * Formats e into buf (EVENT_TEXT_MAX bytes), ending in a newline; returns
 * its length, or 0 for a record that is not a known event (a counted
 * error, never printed half). wall_offset_ns: CLOCK_REALTIME minus the
 * tracker's clock, to print the event's time of day.
 */
size_t event_format_text(const struct alg_event_record *e, __s64 wall_offset_ns, char *buf);
size_t event_format_json(const struct alg_event_record *e, __s64 wall_offset_ns, char *buf);

#endif /* ALGTRACK_EVENT_FORMAT_H */
