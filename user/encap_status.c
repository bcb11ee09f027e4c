// SPDX-License-Identifier: GPL-2.0
/* The encap counters for `status` (see encap_status.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "encap_status.h"

static const char *const encap_names[ALG_ENC__COUNT] = {
	[ALG_ENC_ETHERTYPE] = "ethertype",
	[ALG_ENC_VLAN_DEPTH] = "vlan_depth",
	[ALG_ENC_EXT_HEADERS] = "ext_headers",
	[ALG_ENC_TUNNEL] = "tunnel",
	[ALG_ENC_TRUNCATED] = "truncated",
	[ALG_ENC_FRAG_PROTO] = "frag_proto",
	[ALG_ENC_FRAG_OVERFLOW] = "frag_overflow",
	[ALG_ENC_FRAG_OVERLAP] = "frag_overlap",
	[ALG_ENC_FRAG_MALFORMED] = "frag_malformed",
	[ALG_ENC_FRAG_TIMEOUT] = "frag_timeout",
	[ALG_ENC_FRAG_TABLE_FULL] = "frag_table_full",
	[ALG_ENC_REASSEMBLED] = "reassembled",
};

const char *encap_name(enum alg_encap_count c)
{
	return c < ALG_ENC__COUNT ? encap_names[c] : "?";
}

int encap_read(int fd, __u64 out[ALG_ENC__COUNT])
{
	int cpus = libbpf_num_possible_cpus();
	__u64 *per_cpu;
	int e = 0;

	if (cpus <= 0)
		return cpus ? cpus : -EINVAL;
	per_cpu = calloc((size_t)cpus, sizeof(*per_cpu));
	if (!per_cpu)
		return -ENOMEM;
	for (__u32 k = 0; !e && k < ALG_ENC__COUNT; k++) {
		out[k] = 0;
		if (bpf_map_lookup_elem(fd, &k, per_cpu)) {
			e = -errno;
			break;
		}
		for (int c = 0; c < cpus; c++)
			out[k] += per_cpu[c];
	}
	free(per_cpu);
	return e;
}

void encap_print_text(const __u64 c[ALG_ENC__COUNT])
{
	printf("Not followed, by reason:\n");
	for (int k = 0; k < ALG_ENC_REASSEMBLED; k++)
		printf("  %-20s %llu\n", encap_names[k], (unsigned long long)c[k]);
	printf("Fragmented datagrams reassembled: %llu\n",
	       (unsigned long long)c[ALG_ENC_REASSEMBLED]);
}

void encap_put_json(struct jw *w, const __u64 c[ALG_ENC__COUNT])
{
	jw_open(w, "not_followed", '{');
	for (int k = 0; k < ALG_ENC_REASSEMBLED; k++)
		jw_ku64(w, encap_names[k], c[k]);
	jw_close(w, '}');
	jw_ku64(w, "reassembled", c[ALG_ENC_REASSEMBLED]);
}
