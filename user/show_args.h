/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The grammar of `show services alg conversations`, after those four words:
 *   [brief | extensive | count] [application-protocol P] [interface I]
 *   [source-prefix P] [destination-prefix P] [source-port N] [destination-port N]
 *   [--json] [-p|--pretty]
 * in any order, each at most once; a keyword may be shortened to a unique
 * prefix ("ext", "app ftp", "int eth0"). The prefixes and ports select
 * conversations by their parent's forward flow (client -> server), or, with
 * no parent left, by any child session's forward flow.
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
	ALG_SHOW_COUNT,     /* the number of conversations per interface and ALG only */
};

/* An address prefix: 192.0.2.0/24, 2001:db8::/32, or one address. */
struct show_prefix {
	bool set;
	__u8 family; /* AF_INET or AF_INET6 */
	__u8 len;    /* prefix length in bits */
	__u32 w[4];  /* network order, as struct alg_addr */
};

struct show_args {
	enum alg_show_detail detail;
	bool json;
	bool pretty;              /* indented JSON; implies json */
	const char *app_protocol; /* NULL: every ALG; else a name of the ALG table */
	__u32 alg_mask;           /* with app_protocol: the ALGs shown, bit (1 << alg id) */
	const char *interface;    /* NULL: every interface; else points into argv */
	struct show_prefix source_prefix;
	struct show_prefix destination_prefix;
	int source_port;          /* -1: any */
	int destination_port;
};

/*
 * Parses argv[0..argc-1]. Returns 0, or -1 with one line in err naming the
 * problem and the fix. Whether the interface exists is the caller's check.
 */
int show_args_parse(int argc, char **argv, struct show_args *out, char *err,
		    size_t errlen);

/* Is w a word of the grammar? *takes_value: a value word follows it. */
bool show_args_is_word(const char *w, bool *takes_value);

/* Parses "192.0.2.0/24", "2001:db8::/32" or an address. 0, or -1. */
int show_prefix_parse(const char *text, struct show_prefix *out);
/* Is the address (family, network order words) inside the prefix? An unset prefix holds all. */
bool show_prefix_holds(const struct show_prefix *p, __u8 family, const __u32 w[4]);

/* Does the filter keep this ALG id / interface name? */
bool show_args_keeps_alg(const struct show_args *a, unsigned int alg);
bool show_args_keeps_interface(const struct show_args *a, const char *ifname);

#endif /* ALGTRACK_SHOW_ARGS_H */
