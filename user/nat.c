// SPDX-License-Identifier: GPL-2.0
/* NAT awareness from user space: the NAT program's loading and its status. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "algtrack/nat.h"
#include "loader.h"
#include "maps.h"
#include "nat.h"
#include "nat.skel.h"

#define NF_CONNTRACK_MODULE "/sys/module/nf_conntrack"
#define CT_KFUNC "bpf_xdp_ct_lookup"

/* Is the conntrack lookup kfunc in the kernel's BTF (built in, or nf_conntrack's module)? */
static int ct_kfunc_known(void)
{
	struct btf *vmlinux = btf__load_vmlinux_btf(), *mod = NULL;
	int found = 0;

	if (!vmlinux)
		return 0;
	found = btf__find_by_name_kind(vmlinux, CT_KFUNC, BTF_KIND_FUNC) > 0;
	if (!found) {
		mod = btf__load_module_btf("nf_conntrack", vmlinux);
		found = mod && btf__find_by_name_kind(mod, CT_KFUNC, BTF_KIND_FUNC) > 0;
	}
	btf__free(mod);
	btf__free(vmlinux);
	return found;
}

/* Why the NAT program cannot run here, or NULL when it could. */
static const char *unavailable(void)
{
	if (access(NF_CONNTRACK_MODULE, F_OK))
		return "nf_conntrack is not loaded (this host tracks no connections)";
	if (!ct_kfunc_known())
		return "the kernel has no conntrack kfuncs (" CT_KFUNC ", Linux 6.0 and later)";
	return NULL;
}

static void set_slot(int fd, __u32 slot, const struct bpf_program *prog)
{
	int pfd = prog ? bpf_program__fd(prog) : -1;

	if (pfd >= 0)
		bpf_map_update_elem(fd, &slot, &pfd, BPF_ANY);
	else
		bpf_map_delete_elem(fd, &slot);
}

static void fill_slots(struct algtrack_bpf *skel, const struct nat_bpf *nat)
{
	int xdp = bpf_map__fd(skel->maps.nat_jmp_xdp), tc = bpf_map__fd(skel->maps.nat_jmp_tc);

	set_slot(xdp, ALG_NAT_SLOT_XDP, nat ? nat->progs.xdp_nat : NULL);
	set_slot(tc, ALG_NAT_SLOT_TC_INGRESS, nat ? nat->progs.tc_nat_ingress : NULL);
	set_slot(tc, ALG_NAT_SLOT_TC_EGRESS, nat ? nat->progs.tc_nat_egress : NULL);
}

/* The NAT object shares every map of the tracker's that it names. */
static int share_maps(struct nat_bpf *nat, const struct algtrack_bpf *skel)
{
	struct bpf_map *map, *same;

	bpf_object__for_each_map(map, nat->obj) {
		bpf_map__set_pin_path(map, NULL);
		same = bpf_object__find_map_by_name(skel->obj, bpf_map__name(map));
		if (same && bpf_map__reuse_fd(map, bpf_map__fd(same)))
			return -1;
	}
	return 0;
}

int nat_enable(struct algtrack_bpf *skel, char *why, size_t whylen)
{
	const char *reason = unavailable();
	struct nat_bpf *nat = NULL;
	int e;

	if (reason) {
		snprintf(why, whylen, "%s", reason);
		goto off;
	}
	loader_quiet_libbpf();
	nat = nat_bpf__open();
	if (!nat) {
		snprintf(why, whylen, "cannot open the NAT program: %s", strerror(errno));
		goto off;
	}
	e = share_maps(nat, skel);
	if (!e)
		e = nat_bpf__load(nat);
	if (e) {
		snprintf(why, whylen, "the NAT program did not load (%s; ALGTRACK_DEBUG=1 shows why)",
			 strerror(e < 0 ? -e : errno));
		goto off;
	}
	fill_slots(skel, nat);
	skel->bss->alg_nat_enabled = 1;
	nat_bpf__destroy(nat);
	return 0;
off:
	fill_slots(skel, NULL);
	skel->bss->alg_nat_enabled = 0;
	nat_bpf__destroy(nat);
	return -1;
}

int nat_status(char *why, size_t whylen)
{
	int fd = maps_open_pinned("nat_jmp_xdp");
	__u32 slot = ALG_NAT_SLOT_XDP, id = 0;
	const char *reason;

	if (fd >= 0) {
		if (bpf_map_lookup_elem(fd, &slot, &id))
			id = 0;
		close(fd);
	}
	if (id)
		return 1;
	reason = unavailable();
	snprintf(why, whylen, "%s", reason ? reason :
		 "nf_conntrack came after the last attach: 'algtrack detach --all' and attach again");
	return 0;
}
