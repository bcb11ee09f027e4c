// SPDX-License-Identifier: GPL-2.0
/*
 * Conversations built in group order into the report's order and shape:
 * interfaces named and ranked by name, stable radix sorts by ALG then
 * interface rank, one permutation in place, then split.
 */
#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "radix_sort.h"
#include "report_order.h"

struct iface_name {
	__u32 ifindex;
	__u32 rank;
	char name[ALG_REPORT_IFNAME_MAX];
};

static int cmp_iface_index(const void *pa, const void *pb)
{
	__u32 a = ((const struct iface_name *)pa)->ifindex;
	__u32 b = ((const struct iface_name *)pb)->ifindex;

	return a < b ? -1 : a > b;
}

static int cmp_iface_name(const void *a, const void *b)
{
	return strcmp(((const struct iface_name *)a)->name, ((const struct iface_name *)b)->name);
}

/* Report order: interface name, ALG id, group id. */
struct conv_order {
	__u32 key;
	__u32 idx; /* into the built conversations */
};

/*
 * Names every distinct ifindex, ranks the names (equal names share a rank)
 * and sets each conversation's rank. Returns the ranked names, sorted by
 * ifindex, or NULL.
 */
static struct iface_name *name_interfaces(struct report_conv_meta *meta, size_t n,
					  const char *override, size_t *n_names)
{
	__u32 *idx = malloc((n ? n : 1) * sizeof(*idx));
	__u32 *tmp = malloc((n ? n : 1) * sizeof(*tmp));
	struct iface_name *names = NULL, *hit = NULL;
	size_t u = 0;

	if (!idx || !tmp)
		goto out;
	for (size_t i = 0; i < n; i++)
		idx[i] = override ? 0 : meta[i].ifindex;
	radix_sort_u32(idx, tmp, n, sizeof(*idx));
	for (size_t i = 0; i < n; i++)
		if (!u || idx[u - 1] != idx[i])
			idx[u++] = idx[i];
	names = calloc(u ? u : 1, sizeof(*names));
	if (!names)
		goto out;
	for (size_t i = 0; i < u; i++) {
		char buf[IF_NAMESIZE];

		names[i].ifindex = idx[i];
		if (override)
			snprintf(names[i].name, sizeof(names[i].name), "%s", override);
		else if (idx[i] && if_indextoname(idx[i], buf))
			snprintf(names[i].name, sizeof(names[i].name), "%s", buf);
		else
			snprintf(names[i].name, sizeof(names[i].name), "if%u", idx[i]);
	}
	qsort(names, u, sizeof(*names), cmp_iface_name);
	for (size_t i = 0; i < u; i++)
		names[i].rank = i && strcmp(names[i - 1].name, names[i].name) == 0 ?
				names[i - 1].rank : (__u32)i;
	qsort(names, u, sizeof(*names), cmp_iface_index);
	for (size_t i = 0; i < n; i++) {
		struct iface_name key = { .ifindex = override ? 0 : meta[i].ifindex };

		/* runs of one interface are the rule: look up only on a change */
		if (!hit || hit->ifindex != key.ifindex)
			hit = bsearch(&key, names, u, sizeof(*names), cmp_iface_index);
		meta[i].rank = hit ? hit->rank : 0;
	}
	*n_names = u;
out:
	free(idx);
	free(tmp);
	return names;
}

/*
 * Puts conversation o[i].idx at i, in place, following each cycle of the
 * permutation once; o[].idx is used up.
 */
static void permute(struct report_conversation *convs, struct conv_order *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct report_conversation held;
		size_t j = i;

		if (o[i].idx == i)
			continue;
		held = convs[i];
		for (;;) {
			size_t from = o[j].idx;

			o[j].idx = (__u32)j;
			if (from == i) {
				convs[j] = held;
				break;
			}
			convs[j] = convs[from];
			j = from;
		}
	}
}

/*
 * Puts the conversations (built in group order) in report order and splits
 * them into interfaces and ALGs.
 */
static int assemble(struct report *out, struct report_conversation *convs,
		    const struct report_conv_meta *meta, size_t n,
		    const struct iface_name *names, size_t n_names)
{
	struct conv_order *o = malloc((n ? n : 1) * sizeof(*o));
	struct conv_order *tmp = malloc((n ? n : 1) * sizeof(*tmp));
	struct report_interface *ifaces = NULL;
	struct report_alg *algs = NULL;
	size_t n_ifaces = 0, n_algs = 0;
	int err = -ENOMEM;

	if (!o || !tmp)
		goto out;
	/* stable sorts, least significant key first: group order stays within an ALG */
	for (size_t i = 0; i < n; i++)
		o[i] = (struct conv_order){ meta[i].alg, (__u32)i };
	radix_sort_u32(o, tmp, n, sizeof(*o));
	for (size_t i = 0; i < n; i++)
		o[i].key = meta[o[i].idx].rank;
	radix_sort_u32(o, tmp, n, sizeof(*o));
	for (size_t i = 0; i < n; i++) {
		bool new_iface = !i || o[i].key != o[i - 1].key;

		n_ifaces += new_iface;
		n_algs += new_iface || meta[o[i].idx].alg != meta[o[i - 1].idx].alg;
	}
	ifaces = calloc(n_ifaces ? n_ifaces : 1, sizeof(*ifaces));
	algs = calloc(n_algs ? n_algs : 1, sizeof(*algs));
	out->owned[3] = algs;
	out->owned[4] = ifaces;
	if (!ifaces || !algs)
		goto out;
	n_ifaces = n_algs = 0;
	for (size_t i = 0; i < n; i++) {
		bool new_iface = !i || o[i].key != o[i - 1].key;
		__u32 alg = meta[o[i].idx].alg;

		if (new_iface) {
			struct report_interface *ifc = &ifaces[n_ifaces++];

			for (size_t k = 0; k < n_names; k++)
				if (names[k].rank == o[i].key) {
					snprintf(ifc->name, sizeof(ifc->name), "%s", names[k].name);
					break;
				}
			ifc->algs = &algs[n_algs];
		}
		if (new_iface || alg != meta[o[i - 1].idx].alg) {
			algs[n_algs].alg = alg;
			algs[n_algs].conversations = &convs[i];
			ifaces[n_ifaces - 1].n_algs++;
			n_algs++;
		}
		algs[n_algs - 1].n_conversations++;
	}
	permute(convs, o, n);
	out->interfaces = ifaces;
	out->n_interfaces = n_ifaces;
	err = 0;
out:
	free(o);
	free(tmp);
	return err;
}

int report_order(struct report *out, struct report_conversation *convs,
		 struct report_conv_meta *meta, size_t n, const char *ifname_override)
{
	size_t n_names = 0;
	struct iface_name *names = name_interfaces(meta, n, ifname_override, &n_names);
	int err;

	if (!names)
		return -ENOMEM;
	err = assemble(out, convs, meta, n, names, n_names);
	free(names);
	return err;
}
