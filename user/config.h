/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration file (/etc/algtrack.conf, or attach --config FILE) and
 * the command-line options that override it. The format, one setting per
 * line:
 *
 *   # comment
 *   max-sessions = 65536        global keys first
 *   [sip]                       then one section per ALG
 *   ports = 5060, 5080
 *
 * Every key is described in README.md ("Configuration file"); the same key
 * table serves the file and the command line, so both accept and refuse the
 * same values.
 */
#ifndef ALGTRACK_CONFIG_H
#define ALGTRACK_CONFIG_H

#include <stddef.h>
#include "attach.h"
#include "settings.h"

#define CONFIG_DEFAULT_PATH "/etc/algtrack.conf"

struct config {
	struct settings settings;
	struct loader_limits limits;   /* 0: the default (or the pinned tables' size) */
	enum attach_ingress ingress;
	int given;                     /* a file was read or an option set a setting */
	/* Where each setting came from, for messages: the line of the file, 0 if not from it. */
	unsigned int ports_line[ALG__MAX];
	unsigned int ingress_line, xdp_mode_line;
	int xdp_mode;                  /* 0: not set, else ATTACH_INGRESS_XDP_NATIVE or _SKB */
	int ingress_set;
	unsigned int seen[ALG__MAX];   /* per section (0: global), bit per key set from the file */
};

/* The defaults: the registry's ALGs and ports, built-in lifetimes and sizes. */
void config_default(struct config *c);

/*
 * One key of a section (NULL: global), as the file spells it. 0, or -1 with
 * why in err (no location: the caller adds the line or the option).
 */
int config_set(struct config *c, const char *section, const char *key, const char *value,
	       char *err, size_t errlen);

/*
 * A whole file's text, name used in messages: 0, or -1 with
 * "NAME:LINE: why" in err. Checks the result (config_check()).
 */
int config_parse(struct config *c, const char *text, size_t len, const char *name, char *err,
		 size_t errlen);

/* Reads and parses path; a missing file is an error only when required. */
int config_load(struct config *c, const char *path, int required, char *err, size_t errlen);

/* --ports ALG=PORT[,PORT...]: 0, or -1 with why in err. */
int config_ports_option(struct config *c, const char *arg, char *err, size_t errlen);

/*
 * What holds only for the whole: disabled ALGs have no ports, no port is
 * claimed by two ALGs, xdp-mode goes with XDP.
 */
int config_check(struct config *c, const char *name, char *err, size_t errlen);

#endif /* ALGTRACK_CONFIG_H */
