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
#include "commands.h"
#include "config.h"
#include "log.h"

static const char usage[] =
	"usage: algtrack attach IFACE... [--config FILE] [--ingress xdp|tc] [--xdp-mode native|skb]\n"
	"                       [--max-sessions N] [--max-conversations N] [--max-resources N]\n"
	"                       [--ports ALG=PORT[,PORT]]... [--allow-third-party ALG[,ALG]]\n"
	"                       [--deny-third-party ALG[,ALG]] [--max-unconfirmed N]\n"
	"                       [--midstream-pickup]\n"
	"       algtrack detach IFACE... | --all\n"
	"       algtrack status [--json]\n"
	"       algtrack monitor [--json]\n"
	"       algtrack show services alg conversations [brief | extensive | count]\n"
	"                       [application-protocol P] [interface I] [source-prefix P]\n"
	"                       [destination-prefix P] [source-port N] [destination-port N] [--json]\n"
	"       algtrack replay FILE|-... [--at-end] [--config FILE] [--ports ALG=PORT[,PORT]]...\n"
	"                       [--allow-third-party ALG[,ALG]] [--deny-third-party ALG[,ALG]]\n"
	"                       [--midstream-pickup] [brief | extensive | count] [application-protocol P] [interface FILE]\n"
	"                       [source-prefix P] [destination-prefix P] [source-port N]\n"
	"                       [destination-port N] [--json]\n"
	"       algtrack check [--json]\n"
	"       algtrack clear [conversations | counters | all]\n"
	"       algtrack stats --prometheus\n";

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
				log_error("--xdp-mode needs \"native\" or \"skb\"");
				goto out;
			}
			i++;
		} else if (!strcmp(a, "--ingress")) {
			if (v && !strcmp(v, "xdp")) {
				c.ingress = ATTACH_INGRESS_XDP;
			} else if (v && !strcmp(v, "tc")) {
				c.ingress = ATTACH_INGRESS_TC;
			} else {
				log_error("--ingress needs \"xdp\" or \"tc\"");
				goto out;
			}
			i++;
		} else if (is_table_size_option(a)) {
			if (config_set(&c, NULL, a + 2, v ? v : "", err, sizeof(err))) {
				log_error("--%s", err);
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
				log_error("%s", err);
				goto out;
			}
			i++;
		} else if (!strcmp(a, "--config")) {
			i++; /* read first, by read_config() */
		} else if (!strcmp(a, "--midstream-pickup")) {
			c.settings.midstream_pickup = 1;
			c.given = 1;
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

static int cmd_monitor(int argc, char **argv)
{
	int json;

	return parse_json_only("monitor", argc, argv, &json) ? -1 : monitor_events(json);
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
				log_error("%s", err);
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

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} commands[] = {
		{ "attach", cmd_attach }, { "detach", cmd_detach }, { "status", cmd_status },
		{ "show", cmd_show },     { "replay", cmd_replay }, { "check", cmd_check },
		{ "clear", clear_tracker },   { "stats", cmd_stats },
		{ "monitor", cmd_monitor },
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
