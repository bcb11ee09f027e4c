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
#include "cli.h"
#include "cli_words.h"
#include "commands.h"
#include "log.h"

static int parse_count(const char *opt, const char *s, __u32 *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = s ? strtoul(s, &end, 10) : 0;
	if (!s || errno || *end || v < 16 || v > (1ul << 26)) {
		log_usage("%s needs a number from 16 to %lu", opt, 1ul << 26);
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
	log_usage("%s needs a list of ALGs from %s%s%s%s", option, names,
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
	return NULL;
}

static const char *const attach_options[] = {
	"--ingress", "--xdp-mode", "--max-sessions", "--max-conversations", "--max-resources",
	"--allow-third-party", "--deny-third-party",
};
#define ATTACH_OPTIONS (sizeof(attach_options) / sizeof(attach_options[0]))

static void unknown_option(const char *cmd, const char *word, const char *const *options, size_t n)
{
	const char *near = cli_word_suggest(word, options, n);

	if (near)
		log_usage("unknown option \"%s\" for %s (did you mean \"%s\"?)", word, cmd, near);
	else
		log_usage("unknown option \"%s\" for %s (see 'algtrack %s --help')", word, cmd, cmd);
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
				log_usage("--xdp-mode needs \"native\" or \"skb\"");
				goto out;
			}
			i++;
		} else if (!strcmp(a, "--ingress")) {
			if (v && !strcmp(v, "xdp")) {
				o.ingress = ATTACH_INGRESS_XDP;
			} else if (v && !strcmp(v, "tc")) {
				o.ingress = ATTACH_INGRESS_TC;
			} else {
				log_usage("--ingress needs \"xdp\" or \"tc\"");
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
		} else if (a[0] == '-') {
			unknown_option("attach", a, attach_options, ATTACH_OPTIONS);
			goto out;
		} else {
			ifnames[n++] = argv[i];
		}
	}
	if (!n) {
		log_usage("attach needs at least one interface: algtrack attach IFACE...");
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
		log_usage("detach needs interfaces or --all: algtrack detach IFACE... | --all");
		return -1;
	}
	for (i = 0; i < argc; i++) {
		if (argv[i][0] == '-') {
			log_usage("unknown option \"%s\" for detach (--all goes alone)", argv[i]);
			return -1;
		}
	}
	return attach_preflight() ? -1 : detach_interfaces(argv, argc);
}

/* Commands whose only options choose JSON: --json, and -p/--pretty (which implies it). */
static int parse_output_only(const char *cmd, int argc, char **argv, enum alg_output *out)
{
	*out = ALG_OUTPUT_TEXT;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json") && *out == ALG_OUTPUT_TEXT) {
			*out = ALG_OUTPUT_JSON;
		} else if (!strcmp(argv[i], "--json")) {
			continue;
		} else if (!strcmp(argv[i], "--pretty") || !strcmp(argv[i], "-p")) {
			*out = ALG_OUTPUT_JSON_PRETTY;
		} else {
			log_usage("unexpected argument \"%s\" for %s (only --json, -p/--pretty)",
				  argv[i], cmd);
			return -1;
		}
	}
	return 0;
}

static int cmd_status(int argc, char **argv)
{
	enum alg_output out;

	return parse_output_only("status", argc, argv, &out) ? -1 : status_print(out);
}

static int cmd_check(int argc, char **argv)
{
	enum alg_output out;

	return parse_output_only("check", argc, argv, &out) ? -1 : check_programs(out);
}

/* `show services alg conversations`, each word or a unique prefix of it. */
static int cmd_show(int argc, char **argv)
{
	static const char *const words[] = { "services", "alg", "conversations" };
	char why[256];

	for (unsigned int i = 0; i < 3; i++) {
		const char *const *word = &words[i];

		if ((int)i >= argc) {
			log_usage("incomplete show command: try 'algtrack show services alg conversations'");
			return -1;
		}
		if (cli_word_match(argv[i], word, 1) != 0) {
			log_usage("%s: try 'algtrack show services alg conversations'",
				  cli_word_error(why, sizeof(why), "show keyword", argv[i], word, 1));
			return -1;
		}
	}
	return show_conversations(argc - 3, argv + 3);
}

static int cmd_replay(int argc, char **argv)
{
	__u32 third_party = LOADER_THIRD_PARTY_DEFAULT;
	int skip = 1;

	if (!argc || argv[0][0] == '-') {
		log_usage("replay needs a capture file: algtrack replay FILE [show arguments]");
		return -1;
	}
	while (argc > skip && is_third_party_option(argv[skip])) {
		if (parse_third_party(argv[skip], argc > skip + 1 ? argv[skip + 1] : NULL, &third_party))
			return -1;
		skip += 2;
	}
	return replay_capture(argv[0], third_party, argc - skip, argv + skip);
}

#define IFACE_OPTIONS \
	"  --ingress xdp|tc          the ingress hook (default: native XDP where the driver has it,\n" \
	"                            TC on veth and other virtual devices)\n" \
	"  --xdp-mode native|skb     XDP in the driver, or generic XDP\n" \
	"  --max-sessions N, --max-conversations N, --max-resources N\n" \
	"                            table sizes, 16 to 67108864 (when the tables are made)\n"
#define THIRD_PARTY_OPTIONS \
	"  --allow-third-party ALG[,ALG]  accept announced addresses of other hosts (ftp, sqlv2, ...)\n" \
	"  --deny-third-party ALG[,ALG]   refuse them (sip accepts them by default)\n"
#define SHOW_OPTIONS \
	"  brief | extensive         the detail (brief is the default)\n" \
	"  application-protocol P    one protocol: dce-rpc, dce-rpc-portmap, dns, ftp, h323,\n" \
	"                            ike-esp-nat, pptp, rpc, rpc-portmap, rtsp, rsh, sip, sql, talk\n" \
	"  interface I               one interface\n" \
	"  --json                    JSON (compact); -p, --pretty: indented JSON\n" \
	"Keywords may be shortened to a unique prefix: show ser alg conv ext.\n"
#define JSON_OPTIONS \
	"  --json                    JSON (compact); -p, --pretty: indented JSON\n"

/* Every command: one row each; cli.c finds, helps and runs them. */
static const struct cli_command commands[] = {
	{ "attach", cmd_attach,
	  "algtrack attach IFACE... [--ingress xdp|tc] [--xdp-mode native|skb] [--max-sessions N]\n"
	  "                       [--max-conversations N] [--max-resources N]\n"
	  "                       [--allow-third-party ALG[,ALG]] [--deny-third-party ALG[,ALG]]",
	  "Loads the programs once, pins the maps under /sys/fs/bpf/algtrack and hooks\n"
	  "ingress and egress of each interface. The hooks stay after the command exits.\n"
	  IFACE_OPTIONS THIRD_PARTY_OPTIONS },
	{ "detach", cmd_detach, "algtrack detach IFACE... | --all",
	  "Removes the hooks of the interfaces (--all: every algtrack hook in this network\n"
	  "namespace) and, with the last interface, every pin of algtrack's.\n" },
	{ "status", cmd_status, "algtrack status [--json] [-p|--pretty]",
	  "Prints the version, the attached interfaces and their hooks, the clock, the tables'\n"
	  "fill and the per-ALG counters.\n" JSON_OPTIONS },
	{ "show", cmd_show,
	  "algtrack show services alg conversations [brief | extensive]\n"
	  "                       [application-protocol P] [interface I] [--json] [-p|--pretty]",
	  "Prints the tracked conversations, as Junos' show services alg conversations.\n"
	  SHOW_OPTIONS },
	{ "replay", cmd_replay,
	  "algtrack replay FILE [--allow-third-party ALG[,ALG]] [--deny-third-party ALG[,ALG]]\n"
	  "                       [brief | extensive] [application-protocol P] [--json] [-p|--pretty]",
	  "Runs every packet of a pcap or pcapng file through the programs on private maps\n"
	  "and prints the report as show would at the capture's last packet.\n"
	  THIRD_PARTY_OPTIONS SHOW_OPTIONS },
	{ "check", cmd_check, "algtrack check [--json] [-p|--pretty]",
	  "Checks what algtrack needs (kernel, BTF, bpffs, privileges), loads a private copy\n"
	  "of the programs (nothing is attached) and prints each one's share of the\n"
	  "verifier's budget, then a verdict line. Exit status 0 when algtrack can run.\n"
	  JSON_OPTIONS },
};

int main(int argc, char **argv)
{
	return cli_main(commands, sizeof(commands) / sizeof(commands[0]), argc, argv);
}
