// SPDX-License-Identifier: GPL-2.0
/*
 * algtrack: ALG conversation tracking at XDP/TC speed, reported the way
 * Junos' `show services alg conversations` does.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alg_table.h"
#include "attach.h"
#include "commands.h"
#include "log.h"

static const char usage[] =
	"usage: algtrack attach IFACE... [--ingress xdp|tc] [--xdp-mode native|skb] [--max-sessions N]\n"
	"                       [--max-conversations N] [--max-resources N] [--max-unconfirmed N]\n"
	"                       [--allow-third-party ALG[,ALG]] [--deny-third-party ALG[,ALG]]\n"
	"                       [--midstream-pickup]\n"
	"       algtrack detach IFACE... | --all\n"
	"       algtrack status [--json]\n"
	"       algtrack show services alg conversations [brief | extensive]\n"
	"                       [application-protocol P] [interface I] [--json]\n"
	"       algtrack replay FILE [--allow-third-party ALG[,ALG]] [--deny-third-party ALG[,ALG]]\n"
	"                       [--midstream-pickup] [brief | extensive]\n"
	"                       [application-protocol P] [--json]\n"
	"       algtrack check [--json]\n";

static int parse_count(const char *opt, const char *s, __u32 *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = s ? strtoul(s, &end, 10) : 0;
	if (!s || errno || *end || v < 16 || v > (1ul << 26)) {
		log_error("%s needs a number from 16 to %lu", opt, 1ul << 26);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * --allow-third-party ftp,sip and --deny-third-party sip: ALGs whose
 * announced addresses may (or may not) name hosts other than the sender,
 * changed from the default (LOADER_THIRD_PARTY_DEFAULT).
 */
static int parse_third_party(const char *option, const char *v, __u32 *mask)
{
	char bad[64] = "", names[128] = "";
	size_t i, used = 0;
	__u32 algs;

	if (v && !alg_mask_parse(v, &algs, bad, sizeof(bad))) {
		if (!strcmp(option, "--deny-third-party"))
			*mask &= ~algs;
		else
			*mask |= algs;
		return 0;
	}
	for (i = 0; i < alg_table_len && used < sizeof(names); i++)
		if (alg_table[i].implemented)
			used += snprintf(names + used, sizeof(names) - used, "%s%s", used ? "," : "",
					 alg_table[i].short_name);
	log_error("%s needs a list of ALGs from %s%s%s%s", option, names,
		  bad[0] ? " (not \"" : "", bad, bad[0] ? "\")" : "");
	return -1;
}

static int is_third_party_option(const char *a)
{
	return !strcmp(a, "--allow-third-party") || !strcmp(a, "--deny-third-party");
}

/* The table that a --max-* option sizes, or NULL for another option. */
static __u32 *table_size_option(const char *opt, struct loader_limits *l)
{
	if (!strcmp(opt, "--max-sessions"))
		return &l->max_sessions;
	if (!strcmp(opt, "--max-conversations"))
		return &l->max_conversations;
	if (!strcmp(opt, "--max-resources"))
		return &l->max_resources;
	if (!strcmp(opt, "--max-unconfirmed"))
		return &l->max_unconfirmed;
	return NULL;
}

static int cmd_attach(int argc, char **argv)
{
	struct attach_opts o = { .third_party = LOADER_THIRD_PARTY_DEFAULT };
	char **ifnames = calloc(argc + 1, sizeof(*ifnames));
	int i, n = 0, rc = -1;

	if (!ifnames)
		return -1;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--xdp-mode")) {
			if (v && !strcmp(v, "native")) {
				o.ingress = ATTACH_INGRESS_XDP_NATIVE;
			} else if (v && !strcmp(v, "skb")) {
				o.ingress = ATTACH_INGRESS_XDP_SKB;
			} else {
				log_error("--xdp-mode needs \"native\" or \"skb\"");
				goto out;
			}
			i++;
		} else if (!strcmp(a, "--ingress")) {
			if (v && !strcmp(v, "xdp")) {
				o.ingress = ATTACH_INGRESS_XDP;
			} else if (v && !strcmp(v, "tc")) {
				o.ingress = ATTACH_INGRESS_TC;
			} else {
				log_error("--ingress needs \"xdp\" or \"tc\"");
				goto out;
			}
			i++;
		} else if (table_size_option(a, &o.limits)) {
			if (parse_count(a, v, table_size_option(a, &o.limits)))
				goto out;
			i++;
		} else if (is_third_party_option(a)) {
			if (parse_third_party(a, v, &o.third_party))
				goto out;
			i++;
		} else if (!strcmp(a, "--midstream-pickup")) {
			o.midstream_pickup = 1;
		} else if (a[0] == '-') {
			log_error("unknown option \"%s\" for attach (see 'algtrack help')", a);
			goto out;
		} else {
			ifnames[n++] = argv[i];
		}
	}
	if (!n) {
		log_error("attach needs at least one interface: algtrack attach IFACE...");
		goto out;
	}
	rc = attach_interfaces(ifnames, n, &o);
out:
	free(ifnames);
	return rc;
}

static int cmd_detach(int argc, char **argv)
{
	int i;

	if (argc == 1 && !strcmp(argv[0], "--all"))
		return attach_preflight() ? -1 : detach_interfaces(NULL, 0);
	if (!argc) {
		log_error("detach needs interfaces or --all: algtrack detach IFACE... | --all");
		return -1;
	}
	for (i = 0; i < argc; i++) {
		if (argv[i][0] == '-') {
			log_error("unknown option \"%s\" for detach (--all goes alone)", argv[i]);
			return -1;
		}
	}
	return attach_preflight() ? -1 : detach_interfaces(argv, argc);
}

/* Commands whose only option is --json. */
static int parse_json_only(const char *cmd, int argc, char **argv, int *json)
{
	int i;

	*json = 0;
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--json")) {
			log_error("unexpected argument \"%s\" for %s (only --json)", argv[i], cmd);
			return -1;
		}
		*json = 1;
	}
	return 0;
}

static int cmd_status(int argc, char **argv)
{
	int json;

	return parse_json_only("status", argc, argv, &json) ? -1 : status_print(json);
}

static int cmd_check(int argc, char **argv)
{
	int json;

	return parse_json_only("check", argc, argv, &json) ? -1 : check_programs(json);
}

static int cmd_show(int argc, char **argv)
{
	static const char *const words[] = { "services", "alg", "conversations" };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		if ((int)i >= argc || strcmp(argv[i], words[i])) {
			log_error("unknown show command: try 'algtrack show services alg conversations'");
			return -1;
		}
	}
	return show_conversations(argc - 3, argv + 3);
}

static int cmd_replay(int argc, char **argv)
{
	__u32 third_party = LOADER_THIRD_PARTY_DEFAULT;
	int skip = 1, midstream_pickup = 0;

	if (!argc || argv[0][0] == '-') {
		log_error("replay needs a capture file: algtrack replay FILE [show arguments]");
		return -1;
	}
	for (;;) {
		if (argc > skip && !strcmp(argv[skip], "--midstream-pickup")) {
			midstream_pickup = 1;
			skip++;
			continue;
		}
		if (argc <= skip || !is_third_party_option(argv[skip]))
			break;
		if (parse_third_party(argv[skip], argc > skip + 1 ? argv[skip + 1] : NULL, &third_party))
			return -1;
		skip += 2;
	}
	return replay_capture(argv[0], third_party, midstream_pickup, argc - skip, argv + skip);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} commands[] = {
		{ "attach", cmd_attach }, { "detach", cmd_detach }, { "status", cmd_status },
		{ "show", cmd_show },     { "replay", cmd_replay }, { "check", cmd_check },
	};
	unsigned int i;

	if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 2, argv + 2) ? 1 : 0;
	}
	log_error("unknown command \"%s\" (see 'algtrack help')", argv[1]);
	return 2;
}
