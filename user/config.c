// SPDX-License-Identifier: GPL-2.0
/* The configuration file and its command-line overrides (see config.h). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "alg_table.h"
#include "config.h"

#define CONFIG_MAX_LINE 1024
#define CONFIG_MAX_FILE (64 * 1024)

/* A key's range and meaning; parse() turns its value into the config. */
struct config_key {
	const char *name;
	int per_alg; /* 1: in an [alg] section, 0: before the first section */
	int setting; /* 1: part of struct settings, which tables that exist must match */
	int (*parse)(struct config *c, unsigned int alg, const char *key, const char *v, char *err,
		     size_t errlen);
};

/* A whole decimal number from min to max. */
static int number(const char *key, const char *v, unsigned long min, unsigned long max,
		  unsigned long *out, char *err, size_t errlen)
{
	char *end;

	errno = 0;
	*out = isdigit((unsigned char)v[0]) ? strtoul(v, &end, 10) : 0;
	if (!isdigit((unsigned char)v[0]) || errno || *end || *out < min || *out > max) {
		snprintf(err, errlen, "%s needs a number from %lu to %lu, not \"%s\"", key, min, max, v);
		return -1;
	}
	return 0;
}

static int table_size(struct config *c, unsigned int alg, const char *key, const char *v,
		      char *err, size_t errlen)
{
	unsigned long n;
	__u32 *field = !strcmp(key, "max-sessions")      ? &c->limits.max_sessions :
		       !strcmp(key, "max-conversations") ? &c->limits.max_conversations :
		       !strcmp(key, "max-unconfirmed")   ? &c->limits.max_unconfirmed :
							   &c->limits.max_resources;

	(void)alg;
	if (number(key, v, 16, 1ul << 26, &n, err, errlen))
		return -1;
	*field = (__u32)n;
	return 0;
}

static int seconds(struct config *c, unsigned int alg, const char *key, const char *v, char *err,
		   size_t errlen)
{
	unsigned long n;
	/* A week bounds every time; a lifetime of 0 would make resources that never match. */
	unsigned long min = strcmp(key, "linger") ? 1 : 0;
	__u32 *field = !strcmp(key, "idle-tcp")          ? &c->settings.idle_s[0] :
		       !strcmp(key, "idle-udp")          ? &c->settings.idle_s[1] :
		       !strcmp(key, "linger")            ? &c->settings.linger_s :
							   &c->settings.resource_lifetime_s[alg];

	if (number(key, v, min, 7 * 86400, &n, err, errlen))
		return -1;
	*field = (__u32)n;
	return 0;
}

static int resource_cap(struct config *c, unsigned int alg, const char *key, const char *v,
			char *err, size_t errlen)
{
	unsigned long n;

	(void)alg;
	if (number(key, v, 1, 65535, &n, err, errlen))
		return -1;
	c->settings.resources_per_conversation = (__u32)n;
	return 0;
}

/* "ftp, sip" -> "ftp,sip" (alg_mask_parse() takes no blanks); -1 when it does not fit. */
static int drop_blanks(const char *key, const char *in, char *out, size_t len, char *err,
		       size_t errlen)
{
	size_t o = 0;

	for (; *in; in++) {
		if (isblank((unsigned char)*in))
			continue;
		if (o + 1 == len) {
			snprintf(err, errlen, "%s is longer than %zu characters", key, len - 1);
			return -1;
		}
		out[o++] = *in;
	}
	out[o] = '\0';
	return 0;
}

static int enabled(struct config *c, unsigned int alg, const char *key, const char *v, char *err,
		   size_t errlen)
{
	char list[256], bad[64] = "";
	__u32 mask;

	(void)alg;
	if (drop_blanks(key, v, list, sizeof(list), err, errlen))
		return -1;
	if (alg_mask_parse(list, &mask, bad, sizeof(bad))) {
		snprintf(err, errlen, "%s needs a list of ALGs (ftp, sip, ...)%s%s%s", key,
			 bad[0] ? ": \"" : "", bad, bad[0] ? "\" is not one" : "");
		return -1;
	}
	c->settings.enabled = mask;
	return 0;
}

static int ingress(struct config *c, unsigned int alg, const char *key, const char *v, char *err,
		   size_t errlen)
{
	(void)alg;
	if (!strcmp(v, "auto")) {
		c->ingress = ATTACH_INGRESS_AUTO;
	} else if (!strcmp(v, "xdp")) {
		c->ingress = ATTACH_INGRESS_XDP;
	} else if (!strcmp(v, "tc")) {
		c->ingress = ATTACH_INGRESS_TC;
	} else {
		snprintf(err, errlen, "%s needs \"auto\", \"xdp\" or \"tc\", not \"%s\"", key, v);
		return -1;
	}
	c->ingress_set = 1;
	return 0;
}

static int xdp_mode(struct config *c, unsigned int alg, const char *key, const char *v, char *err,
		    size_t errlen)
{
	(void)alg;
	if (!strcmp(v, "native")) {
		c->xdp_mode = ATTACH_INGRESS_XDP_NATIVE;
	} else if (!strcmp(v, "skb")) {
		c->xdp_mode = ATTACH_INGRESS_XDP_SKB;
	} else {
		snprintf(err, errlen, "%s needs \"native\" or \"skb\", not \"%s\"", key, v);
		return -1;
	}
	return 0;
}

static int ports(struct config *c, unsigned int alg, const char *key, const char *v, char *err,
		 size_t errlen)
{
	__u16 list[SETTINGS_MAX_PORTS];
	char copy[256], *save = NULL, *tok;
	size_t n = 0;

	if (drop_blanks(key, v, copy, sizeof(copy), err, errlen))
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		unsigned long p;

		if (number(key, tok, 1, 65535, &p, err, errlen))
			return -1;
		if (n == SETTINGS_MAX_PORTS) {
			snprintf(err, errlen, "%s takes at most %d ports", key, SETTINGS_MAX_PORTS);
			return -1;
		}
		list[n++] = (__u16)p;
	}
	if (!n || v[strlen(v) - 1] == ',' || strstr(v, ",,")) {
		snprintf(err, errlen, "%s needs ports separated by commas, not \"%s\"", key, v);
		return -1;
	}
	settings_set_ports(&c->settings, alg, list, n);
	return 0;
}

static int third_party(struct config *c, unsigned int alg, const char *key, const char *v,
		       char *err, size_t errlen)
{
	if (!strcmp(v, "allow")) {
		c->settings.third_party |= ALG_BIT(alg);
	} else if (!strcmp(v, "deny")) {
		c->settings.third_party &= ~ALG_BIT(alg);
	} else {
		snprintf(err, errlen, "%s needs \"allow\" or \"deny\", not \"%s\"", key, v);
		return -1;
	}
	return 0;
}

static int midstream_pickup(struct config *c, unsigned int alg, const char *key, const char *v,
			    char *err, size_t errlen)
{
	(void)alg;
	if (!strcmp(v, "yes")) {
		c->settings.midstream_pickup = 1;
	} else if (!strcmp(v, "no")) {
		c->settings.midstream_pickup = 0;
	} else {
		snprintf(err, errlen, "%s needs \"yes\" or \"no\", not \"%s\"", key, v);
		return -1;
	}
	return 0;
}

static const struct config_key keys[] = {
	{ "enabled", 0, 1, enabled },
	{ "ingress", 0, 0, ingress },
	{ "xdp-mode", 0, 0, xdp_mode },
	{ "max-sessions", 0, 0, table_size },
	{ "max-conversations", 0, 0, table_size },
	{ "max-resources", 0, 0, table_size },
	{ "max-unconfirmed", 0, 0, table_size },
	{ "midstream-pickup", 0, 1, midstream_pickup },
	{ "resources-per-conversation", 0, 1, resource_cap },
	{ "idle-tcp", 0, 1, seconds },
	{ "idle-udp", 0, 1, seconds },
	{ "linger", 0, 1, seconds },
	{ "ports", 1, 1, ports },
	{ "resource-lifetime", 1, 1, seconds },
	{ "third-party", 1, 1, third_party },
};
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))
_Static_assert(N_KEYS <= 32, "config.seen has a bit per key");

void config_default(struct config *c)
{
	memset(c, 0, sizeof(*c));
	settings_default(&c->settings);
}

/* An implemented ALG's id by its section name, or 0. */
static unsigned int section_alg(const char *name)
{
	const struct alg_info *a = alg_info_by_short_name(name);

	return a && a->implemented ? a->id : 0;
}

static int find_key(const char *section, const char *key, unsigned int *alg, char *err,
		    size_t errlen)
{
	size_t i;

	*alg = 0;
	if (section) {
		*alg = section_alg(section);
		if (!*alg) {
			snprintf(err, errlen, "unknown ALG \"%s\" (ftp, sip, h323, ...)", section);
			return -1;
		}
	}
	for (i = 0; i < N_KEYS; i++)
		if (!strcmp(keys[i].name, key))
			break;
	if (i == N_KEYS) {
		snprintf(err, errlen, "unknown key \"%s\" (README.md lists them)", key);
		return -1;
	}
	if (keys[i].per_alg != (section != NULL)) {
		snprintf(err, errlen, keys[i].per_alg ? "%s belongs in an ALG's section ([sip])" :
			 "%s belongs before the first [section]", key);
		return -1;
	}
	return (int)i;
}

int config_set(struct config *c, const char *section, const char *key, const char *value,
	       char *err, size_t errlen)
{
	unsigned int alg;
	int k = find_key(section, key, &alg, err, errlen);

	if (k < 0)
		return -1;
	if (!value[0]) {
		snprintf(err, errlen, "%s needs a value", key);
		return -1;
	}
	if (keys[k].parse(c, alg, key, value, err, errlen))
		return -1;
	c->given |= keys[k].setting;
	return 0;
}

int config_ports_option(struct config *c, const char *arg, char *err, size_t errlen)
{
	const char *eq = arg ? strchr(arg, '=') : NULL;
	char alg[32];

	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(alg)) {
		snprintf(err, errlen, "--ports needs ALG=PORT[,PORT...], as --ports sip=5060,5080");
		return -1;
	}
	memcpy(alg, arg, (size_t)(eq - arg));
	alg[eq - arg] = '\0';
	if (config_set(c, alg, "ports", eq + 1, err, errlen))
		return -1;
	c->ports_line[section_alg(alg)] = 0;
	return 0;
}

static char *trim(char *s)
{
	char *end;

	while (isblank((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* "NAME:LINE: " before err's text. */
static int located(const char *name, unsigned int line, char *err, size_t errlen)
{
	char why[512];

	snprintf(why, sizeof(why), "%s", err);
	snprintf(err, errlen, "%s:%u: %s", name, line, why);
	return -1;
}

/* One line of the file (comment stripped); *section tracks the current [alg]. */
static int parse_line(struct config *c, char *s, unsigned int line, char *section, size_t seclen,
		      char *err, size_t errlen)
{
	char *eq, *key, *value;
	unsigned int alg;
	int k;

	if (s[0] == '[') {
		char *close = strchr(s, ']');

		if (!close || trim(close + 1)[0]) {
			snprintf(err, errlen, "a section is one name in brackets, as [sip]");
			return -1;
		}
		*close = '\0';
		key = trim(s + 1);
		if (!section_alg(key)) {
			snprintf(err, errlen, "unknown ALG \"%s\" (ftp, sip, h323, ...)", key);
			return -1;
		}
		snprintf(section, seclen, "%s", key);
		return 0;
	}
	eq = strchr(s, '=');
	if (!eq) {
		snprintf(err, errlen, "expected \"key = value\" or \"[alg]\", not \"%s\"", s);
		return -1;
	}
	*eq = '\0';
	key = trim(s);
	value = trim(eq + 1);
	k = find_key(section[0] ? section : NULL, key, &alg, err, errlen);
	if (k < 0)
		return -1;
	if (c->seen[alg] & (1u << k)) {
		snprintf(err, errlen, "%s is set twice%s%s%s", key, alg ? " in [" : "",
			 alg ? section : "", alg ? "]" : "");
		return -1;
	}
	if (config_set(c, section[0] ? section : NULL, key, value, err, errlen))
		return -1;
	c->seen[alg] |= 1u << k;
	if (!strcmp(key, "ports"))
		c->ports_line[alg] = line;
	else if (!strcmp(key, "ingress"))
		c->ingress_line = line;
	else if (!strcmp(key, "xdp-mode"))
		c->xdp_mode_line = line;
	return 0;
}

int config_check(struct config *c, const char *name, char *err, size_t errlen)
{
	unsigned int a, b;
	const char *transport;
	__u16 port;

	settings_drop_disabled_ports(&c->settings);
	if (settings_port_clash(&c->settings, &a, &b, &port, &transport)) {
		unsigned int line = c->ports_line[b] ? c->ports_line[b] : c->ports_line[a];

		snprintf(err, errlen, "port %u/%s is a control port of both %s and %s: give one "
			 "of them other ports", port, transport, alg_info_by_id(a)->short_name,
			 alg_info_by_id(b)->short_name);
		return line && name ? located(name, line, err, errlen) : -1;
	}
	if (c->xdp_mode) {
		if (c->ingress_set && c->ingress == ATTACH_INGRESS_TC) {
			snprintf(err, errlen, "xdp-mode needs ingress = xdp (or no ingress key)");
			return name ? located(name, c->xdp_mode_line, err, errlen) : -1;
		}
		c->ingress = (enum attach_ingress)c->xdp_mode;
		c->xdp_mode = 0; /* applied: command-line options may override it */
	}
	return 0;
}

int config_parse(struct config *c, const char *text, size_t len, const char *name, char *err,
		 size_t errlen)
{
	char section[32] = "", buf[CONFIG_MAX_LINE + 2];
	unsigned int line = 0;
	size_t at = 0;

	while (at < len) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
		char *hash, *s;

		line++;
		if (n > CONFIG_MAX_LINE) {
			snprintf(err, errlen, "line longer than %d bytes", CONFIG_MAX_LINE);
			return located(name, line, err, errlen);
		}
		if (memchr(text + at, '\0', n)) {
			snprintf(err, errlen, "a NUL byte: this is not a text file");
			return located(name, line, err, errlen);
		}
		memcpy(buf, text + at, n);
		buf[n] = '\0';
		at += n + 1;
		hash = strchr(buf, '#');
		if (hash)
			*hash = '\0';
		s = trim(buf);
		if (!s[0])
			continue;
		if (parse_line(c, s, line, section, sizeof(section), err, errlen))
			return located(name, line, err, errlen);
	}
	return config_check(c, name, err, errlen);
}

int config_load(struct config *c, const char *path, int required, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text;
	size_t len;
	int rc;

	if (!f) {
		if (errno == ENOENT && !required)
			return 0;
		snprintf(err, errlen, "cannot read the configuration %s: %s", path, strerror(errno));
		return -1;
	}
	text = malloc(CONFIG_MAX_FILE + 1);
	if (!text) {
		fclose(f);
		snprintf(err, errlen, "out of memory reading %s", path);
		return -1;
	}
	len = fread(text, 1, CONFIG_MAX_FILE + 1, f);
	if (ferror(f) || len > CONFIG_MAX_FILE) {
		snprintf(err, errlen, ferror(f) ? "cannot read the configuration %s" :
			 "%s is larger than 64 KiB: is it the configuration?", path);
		rc = -1;
	} else {
		c->given = 1;
		rc = config_parse(c, text, len, path, err, errlen);
	}
	free(text);
	fclose(f);
	return rc;
}
