// SPDX-License-Identifier: GPL-2.0
/*
 * algtrack benchmark: the cost of every packet class, of the tables at
 * scale, of the report, of the live path and of replay, in one table
 * (also written as JSON). Run by tests/bench/run.sh as root in a private
 * mount namespace with its own bpffs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <bpf/libbpf.h>
#include "bench.h"
#include "loader.h"
#include "empty.skel.h"

#define BIG_SESSIONS 1310720 /* 1.25 Mi: room for the 1M fill */

static const char usage[] =
	"usage: bench [--tiny] [--rounds N] [--repeat N] [--distinct N] [--live-seconds N]\n"
	"             [--algtrack PATH] [--json PATH] [--live-script PATH]\n"
	"             [--only classes|scale|report|flood|replay|live] [--class TEXT]\n";

static void defaults(struct bench_opts *o)
{
	*o = (struct bench_opts){
		.rounds = 5, .repeat = 1000000, .distinct = 10000, .live_seconds = 2,
		.scale = { 1000, 100000, 1000000 }, .report_sizes = { 10000, 100000 },
		/* Enough that the extra time dwarfs the swing of loading the programs. */
		.replay_copies = 1000,
		.algtrack = "build/algtrack", .json_path = "build/bench-results.json",
		.live_script = "tests/bench/live.sh",
	};
	const char *shared = getenv("SHARED") ? getenv("SHARED") : "../shared";
	static char sip[512], ftp[512];

	snprintf(sip, sizeof(sip), "%s/pcaps/sip/heplify-sip-tcp6060-segmented.pcap", shared);
	snprintf(ftp, sizeof(ftp), "%s/pcaps/ftp/zeek-many-port-expected.pcap", shared);
	o->pcaps[0] = sip;
	o->pcaps[1] = ftp;
}

/* The smoke configuration: everything once, small, no live path. */
static void tiny(struct bench_opts *o)
{
	o->rounds = 1;
	o->repeat = 1000;
	o->distinct = 200;
	o->live_seconds = 0;
	o->scale[1] = o->scale[2] = 0;
	o->report_sizes[0] = 1000;
	o->report_sizes[1] = 0;
	o->replay_copies = 10;
}

static int parse_args(int argc, char **argv, struct bench_opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned int *num = NULL;
		const char **str = NULL;

		if (!strcmp(a, "--tiny")) {
			tiny(o);
			continue;
		}
		if (!strcmp(a, "--rounds"))
			num = &o->rounds;
		else if (!strcmp(a, "--repeat"))
			num = &o->repeat;
		else if (!strcmp(a, "--distinct"))
			num = &o->distinct;
		else if (!strcmp(a, "--live-seconds"))
			num = &o->live_seconds;
		else if (!strcmp(a, "--algtrack"))
			str = &o->algtrack;
		else if (!strcmp(a, "--json"))
			str = &o->json_path;
		else if (!strcmp(a, "--live-script"))
			str = &o->live_script;
		else if (!strcmp(a, "--only"))
			str = &o->only;
		else if (!strcmp(a, "--class"))
			str = &o->class_filter;
		if ((!num && !str) || !v) {
			fputs(usage, stderr);
			return -1;
		}
		if (num)
			*num = (unsigned int)strtoul(v, NULL, 10);
		else
			*str = v;
		i++;
	}
	if (!o->rounds || o->rounds > BENCH_MAX_ROUNDS || !o->repeat || !o->distinct) {
		fputs(usage, stderr);
		return -1;
	}
	return 0;
}

/* Does this run include the section? */
static int section(const struct bench_opts *o, const char *name)
{
	return !o->only || !strcmp(o->only, name);
}

/* Kernel and CPU, for the table's header. */
static void machine(char *out, size_t cap)
{
	char line[256], cpu[128] = "unknown CPU";
	struct utsname u;
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f)) {
		char *p = strchr(line, ':');

		if (!strncmp(line, "model name", 10) && p) {
			snprintf(cpu, sizeof(cpu), "%s", p + 2);
			cpu[strcspn(cpu, "\n")] = 0;
			break;
		}
	}
	if (f)
		fclose(f);
	uname(&u);
	snprintf(out, cap, "Linux %s, %s, %ld vCPU", u.release, cpu, libbpf_num_possible_cpus() > 0 ?
		 (long)libbpf_num_possible_cpus() : 0L);
}

int main(int argc, char **argv)
{
	struct loader_limits lim = { .max_sessions = BIG_SESSIONS };
	struct bench_opts o;
	struct bench_ctx c = { .o = &o };
	struct empty_bpf *empty;
	char err[512], host[256];
	int rc = 0;

	defaults(&o);
	if (parse_args(argc, argv, &o))
		return 2;
	machine(host, sizeof(host));
	printf("algtrack benchmark on %s\n", host);

	c.skel = loader_load(NULL, &lim, LOADER_HOOKS_ALL, err, sizeof(err));
	empty = empty_bpf__open_and_load();
	if (!c.skel || !empty) {
		fprintf(stderr, "bench: %s\n", c.skel ? "cannot load the empty programs" : err);
		return 2;
	}
	c.hooks[0] = (struct bench_hook){ "XDP", 0, bpf_program__fd(c.skel->progs.xdp_algtrack),
					  bpf_program__fd(empty->progs.empty_xdp) };
	c.hooks[1] = (struct bench_hook){ "TC", 1, bpf_program__fd(c.skel->progs.tc_algtrack),
					  bpf_program__fd(empty->progs.empty_tc) };

	if (section(&o, "classes"))
		rc |= bench_classes(&c);
	if (section(&o, "scale"))
		rc |= bench_scale(&c);
	algtrack_bpf__destroy(c.skel);
	empty_bpf__destroy(empty);
	if (section(&o, "report"))
		rc |= bench_report(&o);
	if (section(&o, "flood"))
		rc |= bench_flood(&o);
	if (section(&o, "replay"))
		rc |= bench_replay(&o);
	if (o.live_seconds && section(&o, "live"))
		rc |= bench_live(&o);

	printf("\n");
	bench_print_table(stdout);
	if (bench_write_json(o.json_path, host))
		rc = 1;
	printf("\n%d target(s) missed; results in %s\n", bench_misses(), o.json_path);
	if (rc)
		fprintf(stderr, "bench: some figures could not be measured or checked (see above)\n");
	return rc ? 1 : 0;
}
