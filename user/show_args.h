/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The grammar of `show services alg conversations`, after those four words:
 *   [brief | extensive] [application-protocol P] [interface I] [--json] [-p|--pretty]
 * in any order, each at most once; a keyword may be shortened to a unique
 * prefix ("ext", "app ftp", "int eth0").
 */
#ifndef ALGTRACK_SHOW_ARGS_H
#define ALGTRACK_SHOW_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

enum alg_show_detail {
	ALG_SHOW_DEFAULT = 0,
	ALG_SHOW_BRIEF,     /* identical to the default */
	ALG_SHOW_EXTENSIVE,
};

struct show_args {
	enum alg_show_detail detail;
	bool json;
	bool pretty;              /* indented JSON; implies json */
	const char *app_protocol; /* NULL: every ALG; else a name of the ALG table */
	__u32 alg_mask;           /* with app_protocol: the ALGs shown, bit (1 << alg id) */
	const char *interface;    /* NULL: every interface; else points into argv */
};

/*
 * Parses argv[0..argc-1]. Returns 0, or -1 with one line in err naming the
 * problem and the fix. Whether the interface exists is the caller's check.
 */
int show_args_parse(int argc, char **argv, struct show_args *out, char *err,
		    size_t errlen);

/* Does the filter keep this ALG id / interface name? */
bool show_args_keeps_alg(const struct show_args *a, unsigned int alg);
bool show_args_keeps_interface(const struct show_args *a, const char *ifname);

#endif /* ALGTRACK_SHOW_ARGS_H */
