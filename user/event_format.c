// SPDX-License-Identifier: GPL-2.0
/* Events as the monitor prints them (see event_format.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "alg_table.h"
#include "event_format.h"
#include "flow_text.h"
#include "report_rules.h"

static const char *const kind_names[ALG_EVENT__COUNT] = {
	[ALG_EVENT_CONV_OPEN] = "conversation_opened",
	[ALG_EVENT_CONV_CLOSE] = "conversation_closed",
	[ALG_EVENT_RESOURCE_CREATE] = "resource_created",
	[ALG_EVENT_RESOURCE_EXPIRE] = "resource_expired",
	[ALG_EVENT_RESOURCE_REFUSE] = "resource_refused",
	[ALG_EVENT_RESOURCES_WITHDRAW] = "resources_withdrawn",
	[ALG_EVENT_CHILD_OPEN] = "child_opened",
	[ALG_EVENT_CHILD_CLOSE] = "child_closed",
};

static const char *const close_names[ALG_CLOSE__COUNT] = {
	[ALG_CLOSE_FIN] = "fin",
	[ALG_CLOSE_RST] = "rst",
	[ALG_CLOSE_MESSAGE] = "message",
};

static const char *const refusal_names[ALG_REFUSE__COUNT] = {
	[ALG_REFUSE_ADDR_MISMATCH] = "addr_mismatch",
	[ALG_REFUSE_FAMILY] = "family_mismatch",
	[ALG_REFUSE_CONV_CAP] = "conversation_cap",
	[ALG_REFUSE_TABLE_FULL] = "table_full",
	[ALG_REFUSE_PARSE_ERROR] = "parse_error",
	[ALG_REFUSE_OVERSIZED] = "oversized",
	[ALG_REFUSE_TOO_MANY] = "too_many_endpoints",
	[ALG_REFUSE_UNSUPPORTED_ENCAP] = "unsupported_encap",
};

const char *event_kind_name(__u8 kind)
{
	return kind < ALG_EVENT__COUNT ? kind_names[kind] : NULL;
}

const char *event_reason_name(__u8 kind, __u8 reason)
{
	switch (kind) {
	case ALG_EVENT_CONV_CLOSE:
	case ALG_EVENT_CHILD_CLOSE:
		return reason < ALG_CLOSE__COUNT ? close_names[reason] : NULL;
	case ALG_EVENT_RESOURCE_REFUSE:
		return reason < ALG_REFUSE__COUNT ? refusal_names[reason] : NULL;
	}
	return NULL;
}

/* Does this kind carry a reason (a record without one is not an event)? */
static int kind_has_reason(__u8 kind)
{
	return kind == ALG_EVENT_CONV_CLOSE || kind == ALG_EVENT_CHILD_CLOSE ||
	       kind == ALG_EVENT_RESOURCE_REFUSE;
}

/* The names of a record, or -1 when it is not a known event. */
static int event_names(const struct alg_event_record *e, const char **kind, const char **reason,
		       const char **alg)
{
	const struct alg_info *a = alg_info_by_id(e->alg);

	*kind = event_kind_name(e->kind);
	*reason = event_reason_name(e->kind, e->reason);
	*alg = a ? a->short_name : NULL;
	if (!*kind || !*alg || (kind_has_reason(e->kind) && !*reason) ||
	    (e->flow.family != ALG_AF_INET && e->flow.family != ALG_AF_INET6))
		return -1;
	return 0;
}

static struct report_flow event_flow(const struct alg_event_record *e)
{
	const struct alg_resource_key *k = &e->flow;
	struct report_flow f = report_flow_of(&k->src, &k->dst, k->sport, k->dport, k->family, k->proto);

	f.wild = k->wild;
	return f;
}

/* The event's wall-clock time, split into seconds and microseconds. */
static void event_wall_time(const struct alg_event_record *e, __s64 wall_offset_ns, time_t *sec,
			    unsigned int *usec)
{
	__s64 ns = (__s64)e->time_ns + wall_offset_ns;

	*sec = (time_t)(ns / (__s64)ALG_NS_PER_SEC);
	*usec = (unsigned int)(ns % (__s64)ALG_NS_PER_SEC / 1000);
}

/* " name N" for the ids the event has (0: none). */
static size_t put_ids(const struct alg_event_record *e, char *p, size_t room)
{
	size_t n = (size_t)snprintf(p, room, " group %u", e->group_id);

	if (e->session_id)
		n += (size_t)snprintf(p + n, room - n, " session %u", e->session_id);
	if (e->resource_id)
		n += (size_t)snprintf(p + n, room - n, " resource %u", e->resource_id);
	return n;
}

size_t event_format_text(const struct alg_event_record *e, __s64 wall_offset_ns, char *buf)
{
	const char *kind, *reason, *alg;
	char proto[ALG_PROTO_TEXT_MAX], flow[ALG_FLOW_TEXT_MAX + 1];
	struct report_flow f;
	unsigned int usec;
	struct tm tm;
	time_t sec;
	size_t n;

	if (event_names(e, &kind, &reason, &alg))
		return 0;
	event_wall_time(e, wall_offset_ns, &sec, &usec);
	localtime_r(&sec, &tm);
	f = event_flow(e);
	*alg_put_flow(flow, &f) = '\0';
	n = (size_t)snprintf(buf, EVENT_TEXT_MAX, "%02d:%02d:%02d.%06u %-6s %-19s", tm.tm_hour, tm.tm_min,
			     tm.tm_sec, usec, alg, kind);
	n += put_ids(e, buf + n, EVENT_TEXT_MAX - n);
	n += (size_t)snprintf(buf + n, EVENT_TEXT_MAX - n, " %s %s%s%s\n",
			      alg_proto_text(e->flow.proto, proto), flow, reason ? " reason " : "",
			      reason ? reason : "");
	return n;
}

/* "key":"addr" or "key":null for a wildcard. */
static size_t put_json_addr(char *p, const char *key, const struct report_flow *f,
			    const struct alg_addr *a, int wild)
{
	char *start = p;

	p += sprintf(p, "\"%s\":", key);
	if (wild)
		return (size_t)(p - start) + (size_t)sprintf(p, "null");
	*p++ = '"';
	p = alg_put_addr(p, f->family, a);
	*p++ = '"';
	*p = '\0';
	return (size_t)(p - start);
}

size_t event_format_json(const struct alg_event_record *e, __s64 wall_offset_ns, char *buf)
{
	const char *kind, *reason, *alg;
	char proto[ALG_PROTO_TEXT_MAX];
	struct report_flow f;
	unsigned int usec;
	struct tm tm;
	time_t sec;
	size_t n;

	if (event_names(e, &kind, &reason, &alg))
		return 0;
	event_wall_time(e, wall_offset_ns, &sec, &usec);
	gmtime_r(&sec, &tm);
	f = event_flow(e);
	n = (size_t)sprintf(buf,
			    "{\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%06uZ\",\"time_ns\":%llu,"
			    "\"event\":\"%s\",\"alg\":\"%s\",\"group_id\":%u",
			    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			    usec, (unsigned long long)e->time_ns, kind, alg, e->group_id);
	if (e->session_id)
		n += (size_t)sprintf(buf + n, ",\"session_id\":%u", e->session_id);
	if (e->resource_id)
		n += (size_t)sprintf(buf + n, ",\"resource_id\":%u", e->resource_id);
	if (reason)
		n += (size_t)sprintf(buf + n, ",\"reason\":\"%s\"", reason);
	n += (size_t)sprintf(buf + n, ",\"protocol\":\"%s\",\"flow\":{",
			     alg_proto_text(e->flow.proto, proto));
	n += put_json_addr(buf + n, "src", &f, &f.src, f.wild & ALG_WILD_SRC);
	if (f.wild & ALG_WILD_SPORT)
		n += (size_t)sprintf(buf + n, ",\"sport\":null,");
	else
		n += (size_t)sprintf(buf + n, ",\"sport\":%u,", f.sport);
	n += put_json_addr(buf + n, "dst", &f, &f.dst, 0);
	n += (size_t)sprintf(buf + n, ",\"dport\":%u}}\n", f.dport);
	return n;
}
