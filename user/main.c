// SPDX-License-Identifier: GPL-2.0
/*
 * algtrack: ALG conversation tracking at XDP/TC speed, reported the way
 * Junos' `show services alg conversations` does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alg_table.h"
#include "attach.h"
#include "cli.h"
#include "cli_words.h"
#include "commands.h"
#include "config.h"
#include "log.h"


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

/* --max-sessions N and the other sizes: the configuration file's keys, with "--" before. */
static int is_table_size_option(const char *a)
{
	return !strcmp(a, "--max-sessions") || !strcmp(a, "--max-conversations") ||
	       !strcmp(a, "--max-resources") || !strcmp(a, "--max-unconfirmed");
}

/*
 * --config FILE anywhere on the line, else default_path (NULL: none), read
 * first so that the other options override it.
 */
static int read_config(int argc, char **argv, const char *default_path, struct config *c)
{
	const char *path = default_path;
	char err[512];
	int i, required = 0;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--config"))
			continue;
		if (i + 1 >= argc || argv[i + 1][0] == '-') {
			log_error("--config needs a file: --config /etc/algtrack.conf");
			return -1;
		}
		path = argv[i + 1];
		required = 1;
	}
	config_default(c);
	if (path && config_load(c, path, required, err, sizeof(err))) {
		log_error("%s", err);
		return -1;
	}
	return 0;
}

static const char *const attach_options[] = {
	"--ingress", "--xdp-mode", "--max-sessions", "--max-conversations", "--max-resources",
	"--max-unconfirmed", "--allow-third-party", "--deny-third-party", "--config", "--ports",
	"--midstream-pickup",
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
	struct attach_opts o = {};
	struct config c;
	char **ifnames = calloc(argc + 1, sizeof(*ifnames));
	char err[512];
	int i, n = 0, rc = -1;

	if (!ifnames)
		return -1;
	if (read_config(argc, argv, CONFIG_DEFAULT_PATH, &c))
		goto out;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--xdp-mode")) {
			if (v && !strcmp(v, "native")) {
				c.ingress = ATTACH_INGRESS_XDP_NATIVE;
			} else if (v && !strcmp(v, "skb")) {
				c.ingress = ATTACH_INGRESS_XDP_SKB;
			} else {
				log_usage("--xdp-mode needs \"native\" or \"skb\"");
				goto out;
			}
			i++;
		} else if (!strcmp(a, "--ingress")) {
			if (v && !strcmp(v, "xdp")) {
				c.ingress = ATTACH_INGRESS_XDP;
			} else if (v && !strcmp(v, "tc")) {
				c.ingress = ATTACH_INGRESS_TC;
			} else {
				log_usage("--ingress needs \"xdp\" or \"tc\"");
				goto out;
			}
			i++;
		} else if (is_table_size_option(a)) {
			if (config_set(&c, NULL, a + 2, v ? v : "", err, sizeof(err))) {
				log_usage("--%s", err);
				goto out;
			}
			i++;
		} else if (is_third_party_option(a)) {
			if (parse_third_party(a, v, &c.settings.third_party))
				goto out;
			c.given = 1;
			i++;
		} else if (!strcmp(a, "--ports")) {
			if (config_ports_option(&c, v, err, sizeof(err))) {
				log_usage("%s", err);
				goto out;
			}
			i++;
		} else if (!strcmp(a, "--config")) {
			i++; /* read first, by read_config() */
		} else if (!strcmp(a, "--midstream-pickup")) {
			c.settings.midstream_pickup = 1;
			c.given = 1;
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
	if (config_check(&c, NULL, err, sizeof(err))) {
		log_error("%s", err);
		goto out;
	}
	o.ingress = c.ingress;
	o.limits = c.limits;
	o.settings = c.settings;
	o.settings_given = c.given;
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

/* One JSON object per line: --pretty has nothing to indent across lines, so it is --json. */
static int cmd_monitor(int argc, char **argv)
{
	enum alg_output out;

	return parse_output_only("monitor", argc, argv, &out) ? -1 : monitor_events(out != ALG_OUTPUT_TEXT);
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
	struct config c;
	char err[512];
	char **rest = calloc((size_t)argc + 1, sizeof(*rest));
	int n = 0, rc = -1;

	if (!rest) {
		log_error("out of memory");
		return -1;
	}
	if (read_config(argc, argv, NULL, &c))
		goto out;
	/* options in any order: the settings' here, the rest (files, --at-end, show arguments) in replay */
	for (int i = 0; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (is_third_party_option(argv[i])) {
			if (parse_third_party(argv[i], v, &c.settings.third_party))
				goto out;
		} else if (!strcmp(argv[i], "--midstream-pickup")) {
			c.settings.midstream_pickup = 1;
			continue;
		} else if (!strcmp(argv[i], "--ports")) {
			if (config_ports_option(&c, v, err, sizeof(err))) {
				log_usage("%s", err);
				goto out;
			}
		} else if (strcmp(argv[i], "--config")) {
			rest[n++] = argv[i];
			continue;
		}
		i++; /* the option's value (--config's was read first, by read_config()) */
	}
	if (config_check(&c, NULL, err, sizeof(err))) {
		log_error("%s", err);
		goto out;
	}
	rc = replay_captures(&c.settings, n, rest);
out:
	free(rest);
	return rc;
}

static int cmd_stats(int argc, char **argv)
{
	if (argc != 1 || strcmp(argv[0], "--prometheus")) {
		log_error("stats needs --prometheus (status shows the counters as text or --json)");
		return -1;
	}
	return stats_prometheus();
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
	"  brief | extensive | count the detail (brief is the default; count: numbers only)\n" \
	"  application-protocol P    one protocol: dce-rpc, dce-rpc-portmap, dns, ftp, h323,\n" \
	"                            ike-esp-nat, pptp, rpc, rpc-portmap, rtsp, rsh, sip, sql, talk\n" \
	"  interface I               one interface\n" \
	"  source-prefix P, destination-prefix P, source-port N, destination-port N\n" \
	"                            conversations by their parent's forward flow\n" \
	"  --json                    JSON (compact); -p, --pretty: indented JSON\n" \
	"Keywords may be shortened to a unique prefix: show ser alg conv ext.\n"
#define SETTINGS_OPTIONS \
	"  --config FILE             settings from FILE (attach reads /etc/algtrack.conf by default)\n" \
	"  --ports ALG=PORT[,PORT]   an ALG's control ports (repeat for several ALGs)\n" \
	"  --max-unconfirmed N       size of the tables of control channels not proven yet\n" \
	"  --midstream-pickup        parse TCP control sessions first seen after their SYN\n"
#define JSON_OPTIONS \
	"  --json                    JSON (compact); -p, --pretty: indented JSON\n"

/* Every command: one row each; cli.c finds, helps and runs them. */
static const struct cli_command commands[] = {
	{ "attach", cmd_attach,
	  "algtrack attach IFACE... [--config FILE] [--ingress xdp|tc] [--xdp-mode native|skb]\n"
	  "                       [--max-sessions N] [--max-conversations N] [--max-resources N]\n"
	  "                       [--max-unconfirmed N] [--ports ALG=PORT[,PORT]]...\n"
	  "                       [--allow-third-party ALG[,ALG]] [--deny-third-party ALG[,ALG]]\n"
	  "                       [--midstream-pickup]",
	  "Loads the programs once, pins the maps under /sys/fs/bpf/algtrack and hooks\n"
	  "ingress and egress of each interface. The hooks stay after the command exits.\n"
	  "Settings come from /etc/algtrack.conf (or --config FILE); options override it.\n"
	  IFACE_OPTIONS SETTINGS_OPTIONS THIRD_PARTY_OPTIONS },
	{ "detach", cmd_detach, "algtrack detach IFACE... | --all",
	  "Removes the hooks of the interfaces (--all: every algtrack hook in this network\n"
	  "namespace) and, with the last interface, every pin of algtrack's.\n" },
	{ "status", cmd_status, "algtrack status [--json] [-p|--pretty]",
	  "Prints the version, the attached interfaces, their hooks and program ids, the clock,\n"
	  "NAT awareness, the tables' fill and evictions, the active configuration, refusals\n"
	  "and the per-ALG counters.\n" JSON_OPTIONS },
	{ "show", cmd_show,
	  "algtrack show services alg conversations [brief | extensive | count]\n"
	  "                       [application-protocol P] [interface I] [source-prefix P]\n"
	  "                       [destination-prefix P] [source-port N] [destination-port N]\n"
	  "                       [--json] [-p|--pretty]",
	  "Prints the tracked conversations, as Junos' show services alg conversations.\n"
	  SHOW_OPTIONS },
	{ "monitor", cmd_monitor, "algtrack monitor [--json]",
	  "Prints the data path's events as they happen, one line each (like conntrack -E):\n"
	  "conversations opened and closed, resources created, expired, refused and withdrawn,\n"
	  "child sessions opened and closed, until interrupted.\n"
	  "  --json                    one JSON object per line\n" },
	{ "replay", cmd_replay,
	  "algtrack replay FILE|-... [--at-end] [--config FILE] [--ports ALG=PORT[,PORT]]...\n"
	  "                       [--allow-third-party ALG[,ALG]] [--deny-third-party ALG[,ALG]]\n"
	  "                       [--midstream-pickup] [show arguments]",
	  "Runs every packet of pcap or pcapng files through the programs on private maps and\n"
	  "prints every conversation seen over each capture, with a summary per file on stderr.\n"
	  "  --at-end                  what show would print at the capture's last packet\n"
	  SETTINGS_OPTIONS THIRD_PARTY_OPTIONS SHOW_OPTIONS },
	{ "check", cmd_check, "algtrack check [--json] [-p|--pretty]",
	  "Checks what algtrack needs (kernel, BTF, bpffs, privileges), loads a private copy\n"
	  "of the programs (nothing is attached) and prints each one's share of the\n"
	  "verifier's budget, then a verdict line. Exit status 0 when algtrack can run.\n"
	  JSON_OPTIONS },
	{ "clear", clear_tracker, "algtrack clear [conversations | counters | all]",
	  "Empties the conversation tables (conversations, the default), zeroes the counters\n"
	  "(counters), or both (all), of the live attachment, leaving the hooks in place.\n" },
	{ "stats", cmd_stats, "algtrack stats --prometheus",
	  "Prints the counters and table fill in the Prometheus text format.\n" },
};

int main(int argc, char **argv)
{
	return cli_main(commands, sizeof(commands) / sizeof(commands[0]), argc, argv);
}
