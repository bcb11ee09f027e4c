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
#include "report.h"
#include "show.h"

/* The conversations the filters keep: what the formatters print. */
static size_t count_shown(const struct report *r, const struct show_args *a)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_interfaces; i++) {
		const struct report_interface *iface = &r->interfaces[i];

		if (!show_args_keeps_interface(a, iface->name))
			continue;
		for (size_t j = 0; j < iface->n_algs; j++)
			if (show_args_keeps_alg(a, iface->algs[j].alg))
				n += iface->algs[j].n_conversations;
	}
	return n;
}

/* Reads and prints the report; *shown counts the conversations printed. */
static int print_report(const struct alg_maps *m, __u64 now_ns, const char *ifname_override,
			const struct show_args *a, size_t *shown)
{
	struct report r;
	int e = report_read(m, now_ns, ifname_override, &r);

	if (e) {
		log_error("reading the tracker's maps failed: %s", strerror(-e));
		return -1;
	}
	e = a->json ? report_print_json(stdout, &r, a) : report_print_text(stdout, &r, a);
	if (shown)
		*shown = count_shown(&r, a);
	report_free(&r);
	if (e || fflush(stdout)) {
		log_error("writing the report failed: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int show_report(const struct alg_maps *m, __u64 now_ns, const char *ifname_override,
		const struct show_args *a)
{
	return print_report(m, now_ns, ifname_override, a, NULL);
}

/* An empty report is not an error, but stderr says why nothing printed. */
static void explain_empty(const struct show_args *a)
{
	bool implemented = !a->app_protocol;

	for (size_t i = 0; i < alg_table_len; i++)
		if (alg_table[i].implemented && show_args_keeps_alg(a, alg_table[i].id))
			implemented = true;
	if (!implemented)
		log_info("no conversations: the ALG of application-protocol %s is not implemented",
			 a->app_protocol);
	else if (a->app_protocol && a->interface)
		log_info("no %s conversations on interface \"%s\"", a->app_protocol, a->interface);
	else if (a->app_protocol)
		log_info("no %s conversations", a->app_protocol);
	else if (a->interface)
		log_info("no conversations on interface \"%s\"", a->interface);
	else
		log_info("no conversations");
}

int show_conversations(int argc, char **argv)
{
	struct alg_maps m;
	struct show_args a;
	char err[512];
	size_t shown = 0;
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
	rc = print_report(&m, clock_monotonic_ns(), NULL, &a, &shown);
	maps_close(&m);
	if (!rc && !shown)
		explain_empty(&a);
	return rc;
}
