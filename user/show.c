// SPDX-License-Identifier: GPL-2.0
/* `show services alg conversations` over the live, pinned maps. */
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include "alg_table.h"
#include "attach.h"
#include "clock.h"
#include "commands.h"
#include "log.h"
#include "maps.h"
#include "alg_table.h"
#include "report.h"
#include "report_filter.h"
#include "show.h"

/*
 * Why a report with these filters prints no conversation. A live interface
 * was checked to exist before; a capture named by `interface` may not be one
 * of those replayed.
 */
static void say_why_empty(const struct report *r, const struct show_args *a, const char *place)
{
	bool implemented = false, named = !a->interface || !strcmp(place, "interface");

	for (size_t i = 0; i < alg_table_len; i++)
		if (alg_table[i].implemented && show_args_keeps_alg(a, alg_table[i].id))
			implemented = true;
	for (size_t i = 0; !named && i < r->n_interfaces; i++)
		named = show_args_keeps_interface(a, r->interfaces[i].name);
	if (!implemented)
		log_info("no conversations: the %s ALG is not implemented", a->app_protocol);
	else if (!named)
		log_info("no conversations: no such %s \"%s\"", place, a->interface);
	else if (a->source_prefix.set || a->destination_prefix.set || a->source_port >= 0 ||
		 a->destination_port >= 0)
		log_info("no conversations match the filters");
	else if (a->app_protocol && a->interface)
		log_info("no %s conversations on %s \"%s\"", a->app_protocol, place, a->interface);
	else if (a->app_protocol)
		log_info("no %s conversations", a->app_protocol);
	else if (a->interface)
		log_info("no conversations on %s \"%s\"", place, a->interface);
	else
		log_info("no conversations");
}

int show_print(struct report *r, const struct show_args *a, const char *place)
{
	int e;

	report_filter(r, a);
	e = a->json ? report_print_json(stdout, r, a) : report_print_text(stdout, r, a);
	if (e || fflush(stdout)) {
		log_error("writing the report failed: %s", strerror(errno));
		return -1;
	}
	if (!report_filter_shown(r, a))
		say_why_empty(r, a, place);
	return 0;
}

int show_report(const struct alg_maps *m, __u64 now_ns, const char *ifname_override,
		const struct show_args *a)
{
	struct report r;
	int e = report_read(m, now_ns, ifname_override, &r);

	if (e) {
		log_error("reading the tracker's maps failed: %s", strerror(-e));
		return -1;
	}
	e = show_print(&r, a, "interface");
	report_free(&r);
	return e;
}

int show_conversations(int argc, char **argv)
{
	struct alg_maps m;
	struct show_args a;
	char err[512];
	int rc, e;

	if (show_args_parse(argc, argv, &a, err, sizeof(err))) {
		log_usage("%s", err);
		return -1;
	}
	if (a.interface && !if_nametoindex(a.interface)) {
		log_error("interface \"%s\" does not exist (see 'ip link')", a.interface);
		return -1;
	}
	if (attach_preflight())
		return -1;
	if (!loader_is_attached()) {
		log_fail(ALG_EXIT_NOT_ATTACHED, "not attached anywhere (see 'algtrack attach')");
		return -1;
	}
	e = maps_open_all_pinned(&m);
	if (e) {
		log_error("the pinned maps under %s are incomplete (%s): run 'algtrack detach --all' "
			  "and attach again", ALG_PIN_ROOT, strerror(-e));
		return -1;
	}
	rc = show_report(&m, clock_monotonic_ns(), NULL, &a);
	maps_close(&m);
	return rc;
}
