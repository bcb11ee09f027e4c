// SPDX-License-Identifier: GPL-2.0
/*
 * `check`: will the programs load on this kernel, and how close to the
 * verifier's budget are they? Loads a private copy (nothing is attached or
 * pinned) and prints each program's verified instruction count.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "commands.h"
#include "constants.h"
#include "loader.h"
#include "log.h"

int check_programs(int json)
{
	struct algtrack_bpf *skel;
	struct bpf_program *prog;
	struct utsname u;
	const char *sep = "";
	char err[512];

	if (geteuid() != 0) {
		log_error("this needs root (CAP_BPF and CAP_NET_ADMIN): run it with sudo");
		return -1;
	}
	skel = loader_load(NULL, NULL, LOADER_HOOKS_ALL, err, sizeof(err));
	if (!skel) {
		log_error("%s", err);
		return -1;
	}
	uname(&u);
	if (json)
		printf("{\"kernel\":\"%s\",\"budget\":%u,\"programs\":[", u.release,
		       ALG_VERIFIER_INSN_LIMIT);
	else
		printf("Kernel: %s\n%-20s %-10s %14s %10s\n", u.release, "Program", "Type",
		       "Verified insns", "JIT bytes");
	bpf_object__for_each_program(prog, skel->obj) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		const char *type = libbpf_bpf_prog_type_str(bpf_program__type(prog));

		if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len)) {
			log_error("reading %s's info failed: %s", bpf_program__name(prog), strerror(errno));
			algtrack_bpf__destroy(skel);
			return -1;
		}
		if (json)
			printf("%s{\"program\":\"%s\",\"type\":\"%s\",\"verified_insns\":%u,"
			       "\"jited_bytes\":%u}", sep, bpf_program__name(prog), type,
			       info.verified_insns, info.jited_prog_len);
		else
			printf("%-20s %-10s %14u %10u\n", bpf_program__name(prog), type,
			       info.verified_insns, info.jited_prog_len);
		sep = ",";
	}
	if (json)
		printf("]}\n");
	algtrack_bpf__destroy(skel);
	return 0;
}
