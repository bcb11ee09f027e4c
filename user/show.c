// SPDX-License-Identifier: GPL-2.0
/* `show services alg conversations` over the live, pinned maps. */
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include "attach.h"
#include "clock.h"
#include "commands.h"
#include "log.h"
#include "maps.h"
#include "report.h"
#include "show.h"

int show_report(const struct alg_maps *m, __u64 now_ns, const char *ifname_override,
		const struct show_args *a)
{
	struct report r;
	int e = report_read(m, now_ns, ifname_override, &r);

	if (e) {
		log_error("reading the tracker's maps failed: %s", strerror(-e));
		return -1;
	}
	e = a->json ? report_print_json(stdout, &r, a) : report_print_text(stdout, &r, a);
	report_free(&r);
	if (e || fflush(stdout)) {
		log_error("writing the report failed: %s", strerror(errno));
		return -1;
	}
	return 0;
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
