// SPDX-License-Identifier: GPL-2.0
/*
 * `check`: can algtrack run here, and how close to the verifier's budget are
 * its programs? Checks the kernel, its BTF, bpffs and the privileges, loads a
 * private copy of the programs (nothing is attached or pinned), prints each
 * one's verified instruction count as a share of the budget, and ends with a
 * verdict line.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/capability.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "cli.h"
#include "commands.h"
#include "constants.h"
#include "json_writer.h"
#include "loader.h"
#include "log.h"

#define CHECK_BPF_FS "/sys/fs/bpf"
#define CHECK_BPF_FS_MAGIC 0xcafe4a11
#define CHECK_BTF "/sys/kernel/btf/vmlinux"
/* DESIGN.md: Debian 12's kernel is the oldest algtrack is tested on. */
#define CHECK_MIN_MAJOR 6
#define CHECK_MIN_MINOR 1
#define CHECK_MAX_PROGRAMS 64

enum check_id { CHECK_KERNEL, CHECK_BTF_ID, CHECK_BPFFS, CHECK_PRIVILEGES, N_CHECKS };

struct check_item {
	const char *name;
	bool ok;
	bool required; /* false: worth knowing, not a reason to fail */
	char detail[160];
};

struct check_program {
	char name[BPF_OBJ_NAME_LEN];
	const char *type;
	__u32 verified_insns;
	__u32 jited_bytes;
};

struct check_result {
	char kernel[65];
	struct check_item items[N_CHECKS];
	struct check_program progs[CHECK_MAX_PROGRAMS];
	int n_progs;
	bool loaded;
	char load_error[512];
	enum alg_exit status;
	char verdict[768];
};

static void check_kernel(const char *release, struct check_item *c)
{
	unsigned int major = 0, minor = 0;

	c->ok = sscanf(release, "%u.%u", &major, &minor) == 2 &&
		(major > CHECK_MIN_MAJOR || (major == CHECK_MIN_MAJOR && minor >= CHECK_MIN_MINOR));
	snprintf(c->detail, sizeof(c->detail), "%s (%d.%d or later needed)", release,
		 CHECK_MIN_MAJOR, CHECK_MIN_MINOR);
}

static void check_btf(struct check_item *c)
{
	c->ok = access(CHECK_BTF, R_OK) == 0;
	snprintf(c->detail, sizeof(c->detail), "%s %s", CHECK_BTF,
		 c->ok ? "present" : "missing (bpftool cannot show the kernel's types)");
}

static void check_bpffs(struct check_item *c)
{
	struct statfs st;

	c->ok = statfs(CHECK_BPF_FS, &st) == 0 && st.f_type == CHECK_BPF_FS_MAGIC;
	snprintf(c->detail, sizeof(c->detail), "%s", c->ok ? CHECK_BPF_FS " mounted" :
		 "not mounted at " CHECK_BPF_FS ": mount -t bpf bpf " CHECK_BPF_FS);
}

static bool has_cap(const struct __user_cap_data_struct *d, int cap)
{
	return d[cap / 32].effective & (1u << (cap % 32));
}

/* attach and show run as root (attach.c); loading needs CAP_BPF and CAP_NET_ADMIN. */
static void check_privileges(struct check_item *c)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = {};
	bool caps = !syscall(SYS_capget, &h, d) &&
		    (has_cap(d, CAP_SYS_ADMIN) || has_cap(d, CAP_BPF)) &&
		    has_cap(d, CAP_NET_ADMIN);

	c->ok = geteuid() == 0 && caps;
	snprintf(c->detail, sizeof(c->detail), "%s, %s%s", geteuid() == 0 ? "root" : "not root",
		 caps ? "CAP_BPF and CAP_NET_ADMIN" : "without CAP_BPF and CAP_NET_ADMIN",
		 c->ok ? "" : " (run it with sudo)");
}

static int load_programs(struct check_result *r)
{
	struct algtrack_bpf *skel = loader_load(NULL, NULL, LOADER_HOOKS_ALL, r->load_error, sizeof(r->load_error));
	struct bpf_program *prog;

	if (!skel)
		return -1;
	bpf_object__for_each_program(prog, skel->obj) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);
		struct check_program *p;

		if (r->n_progs == CHECK_MAX_PROGRAMS)
			break;
		if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len)) {
			snprintf(r->load_error, sizeof(r->load_error), "reading %s's info failed: %s",
				 bpf_program__name(prog), strerror(errno));
			algtrack_bpf__destroy(skel);
			return -1;
		}
		p = &r->progs[r->n_progs++];
		snprintf(p->name, sizeof(p->name), "%s", bpf_program__name(prog));
		p->type = libbpf_bpf_prog_type_str(bpf_program__type(prog));
		p->verified_insns = info.verified_insns;
		p->jited_bytes = info.jited_prog_len;
	}
	algtrack_bpf__destroy(skel);
	r->loaded = true;
	return 0;
}

static double share(__u32 insns)
{
	return (double)insns / ALG_VERIFIER_INSN_LIMIT;
}

/* The first required check that failed decides; else the largest program's share. */
static void decide(struct check_result *r)
{
	const struct check_program *big = NULL;

	for (int i = 0; i < N_CHECKS; i++) {
		const struct check_item *c = &r->items[i];

		if (c->required && !c->ok) {
			r->status = i == CHECK_PRIVILEGES ? ALG_EXIT_PRIVILEGE : ALG_EXIT_FAILURE;
			snprintf(r->verdict, sizeof(r->verdict), "%s: %s", c->name, c->detail);
			return;
		}
	}
	if (!r->loaded) {
		r->status = ALG_EXIT_FAILURE;
		snprintf(r->verdict, sizeof(r->verdict), "the programs do not load: %s",
			 r->load_error);
		return;
	}
	for (int i = 0; i < r->n_progs; i++)
		if (!big || r->progs[i].verified_insns > big->verified_insns)
			big = &r->progs[i];
	r->status = ALG_EXIT_OK;
	snprintf(r->verdict, sizeof(r->verdict),
		 "%d programs load; the largest, %s, uses %.1f%% of the verifier's budget", r->n_progs, big ? big->name : "none",
		 big ? 100.0 * share(big->verified_insns) : 0.0);
}

static void print_text(const struct check_result *r)
{
	printf("Version: %s\n", alg_version);
	for (int i = 0; i < N_CHECKS; i++)
		printf("%-11s %-8s %s\n", r->items[i].name,
		       r->items[i].ok ? "ok" : r->items[i].required ? "FAILED" : "warning",
		       r->items[i].detail);
	if (r->loaded) {
		printf("%-20s %-10s %14s %7s %10s\n", "Program", "Type", "Verified insns", "Budget",
		       "JIT bytes");
		for (int i = 0; i < r->n_progs; i++)
			printf("%-20s %-10s %14u %6.1f%% %10u\n", r->progs[i].name, r->progs[i].type,
			       r->progs[i].verified_insns, 100.0 * share(r->progs[i].verified_insns),
			       r->progs[i].jited_bytes);
	}
	printf("Verdict: %s (%s)\n", r->status == ALG_EXIT_OK ? "ok" : "not ok", r->verdict);
}

static int print_json(const struct check_result *r, bool pretty)
{
	struct jw w;

	jw_init(&w, stdout, pretty);
	jw_open(&w, NULL, '{');
	jw_ku64(&w, "schema", ALG_JSON_SCHEMA);
	jw_kstr(&w, "version", alg_version);
	jw_kstr(&w, "kernel", r->kernel);
	jw_ku64(&w, "budget", ALG_VERIFIER_INSN_LIMIT);
	jw_open(&w, "checks", '[');
	for (int i = 0; i < N_CHECKS; i++) {
		jw_open(&w, NULL, '{');
		jw_kword(&w, "check", r->items[i].name);
		jw_kbool(&w, "ok", r->items[i].ok);
		jw_kbool(&w, "required", r->items[i].required);
		jw_kstr(&w, "detail", r->items[i].detail);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_open(&w, "programs", '[');
	for (int i = 0; i < r->n_progs; i++) {
		jw_open(&w, NULL, '{');
		jw_kstr(&w, "program", r->progs[i].name);
		jw_kword(&w, "type", r->progs[i].type ? r->progs[i].type : "unknown");
		jw_ku64(&w, "verified_insns", r->progs[i].verified_insns);
		jw_kfixed3(&w, "budget_share", share(r->progs[i].verified_insns));
		jw_ku64(&w, "jited_bytes", r->progs[i].jited_bytes);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_open(&w, "verdict", '{');
	jw_kbool(&w, "ok", r->status == ALG_EXIT_OK);
	jw_kstr(&w, "reason", r->verdict);
	jw_close(&w, '}');
	jw_close(&w, '}');
	return jw_finish(&w);
}

int check_programs(enum alg_output out)
{
	static struct check_result r;
	struct utsname u;
	int rc;

	memset(&r, 0, sizeof(r));
	uname(&u);
	snprintf(r.kernel, sizeof(r.kernel), "%s", u.release);
	r.items[CHECK_KERNEL] = (struct check_item){ .name = "kernel", .required = true };
	r.items[CHECK_BTF_ID] = (struct check_item){ .name = "btf", .required = false };
	r.items[CHECK_BPFFS] = (struct check_item){ .name = "bpffs", .required = true };
	r.items[CHECK_PRIVILEGES] = (struct check_item){ .name = "privileges", .required = true };
	check_kernel(u.release, &r.items[CHECK_KERNEL]);
	check_btf(&r.items[CHECK_BTF_ID]);
	check_bpffs(&r.items[CHECK_BPFFS]);
	check_privileges(&r.items[CHECK_PRIVILEGES]);
	/* a kernel too old may still load them: say what it does */
	if (r.items[CHECK_PRIVILEGES].ok)
		load_programs(&r);
	decide(&r);
	if (out == ALG_OUTPUT_TEXT) {
		print_text(&r);
		rc = fflush(stdout);
	} else {
		rc = print_json(&r, out == ALG_OUTPUT_JSON_PRETTY);
	}
	if (rc) {
		log_error("writing the check failed: %s", strerror(errno));
		return -1;
	}
	if (r.status == ALG_EXIT_OK)
		return 0;
	log_fail(r.status, "cannot run here: %s", r.verdict);
	return -1;
}
