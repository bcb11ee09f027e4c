// SPDX-License-Identifier: GPL-2.0
/*
 * The verifier's budget: every program of the object is loaded with
 * BPF_LOG_STATS and its verified instruction count read back from
 * bpf_prog_info. A program above half of the kernel's 1M limit fails the
 * test: that headroom absorbs a compiler or kernel change that multiplies
 * the verifier's states, before it breaks the load on some machine.
 */
#include "harness.h"
#include "alg_table.h"

#define BUDGET (ALG_VERIFIER_INSN_LIMIT / 2)
#define LOG_SIZE (1u << 20)
#define MAX_PROGS 64

/* "processed N insns" from the statistics line of a verifier log, or 0. */
static __u32 log_processed(const char *log)
{
	const char *p = strstr(log, "processed ");
	unsigned long n;

	if (!p || sscanf(p, "processed %lu insns", &n) != 1)
		return 0;
	return (__u32)n;
}

static unsigned int implemented_algs(void)
{
	unsigned int n = 0;

	for (size_t i = 0; i < alg_table_len; i++)
		n += alg_table[i].implemented;
	return n;
}

/* The registry's xdp_alg_<name> and tc_alg_<name> are in the object. */
#define ALG_HAS_PROGRAMS(ID, name, impl, ...)                                               \
	ALG_IF_IMPL(impl, case ALG_##ID:                                                      \
		return bpf_object__find_program_by_name(skel->obj, "xdp_alg_" #name) &&       \
		       bpf_object__find_program_by_name(skel->obj, "tc_alg_" #name);)

static int has_alg_programs(const struct algtrack_bpf *skel, unsigned int id)
{
	switch (id) {
		ALG_REGISTRY(ALG_HAS_PROGRAMS)
	}
	return 0;
}

static void test_verified_insns_within_budget(void **state)
{
	struct algtrack_bpf *skel;
	struct bpf_program *prog;
	struct bpf_map *map;
	char *logs[MAX_PROGS] = { 0 };
	int nprogs = 0, over = 0, err;
	__u64 total = 0;

	(void)state;
	skel = algtrack_bpf__open();
	assert_non_null(skel);
	bpf_object__for_each_map(map, skel->obj)
		bpf_map__set_pin_path(map, NULL);
	bpf_object__for_each_program(prog, skel->obj) {
		assert_true(nprogs < MAX_PROGS);
		logs[nprogs] = calloc(1, LOG_SIZE);
		assert_non_null(logs[nprogs]);
		assert_int_equal(bpf_program__set_log_level(prog, 4 /* BPF_LOG_STATS */), 0);
		assert_int_equal(bpf_program__set_log_buf(prog, logs[nprogs], LOG_SIZE), 0);
		nprogs++;
	}
	err = algtrack_bpf__load(skel);
	if (err) {
		int i = 0;

		bpf_object__for_each_program(prog, skel->obj)
			fprintf(stderr, "--- %s\n%s\n", bpf_program__name(prog), logs[i++]);
	}
	assert_int_equal(err, 0);

	printf("%-16s %14s %14s\n", "program", "verified insns", "insns (xlated)");
	nprogs = 0;
	bpf_object__for_each_program(prog, skel->obj) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);

		assert_int_equal(bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len), 0);
		printf("%-16s %14u %14u%s\n", bpf_program__name(prog), info.verified_insns,
		       info.xlated_prog_len / 8, info.verified_insns > BUDGET ? "  OVER BUDGET" : "");
		/* The kernel's count and the log's statistics line agree. */
		assert_int_not_equal(info.verified_insns, 0);
		assert_int_equal(log_processed(logs[nprogs]), info.verified_insns);
		over += info.verified_insns > BUDGET;
		total += info.verified_insns;
		nprogs++;
	}
	printf("%-16s %14llu   (budget %u per program)\n", "total", (unsigned long long)total,
	       BUDGET);
	/*
	 * The entry programs, the reassembly programs, the clock probe, and an
	 * XDP and a TC program per implemented ALG.
	 */
	assert_int_equal(nprogs, 6 + 2 * implemented_algs());
	for (unsigned int id = 1; id < ALG__COUNT; id++)
		if (alg_info_by_id(id)->implemented)
			assert_true(has_alg_programs(skel, id));
	assert_int_equal(over, 0);

	algtrack_bpf__destroy(skel);
	for (int i = 0; i < MAX_PROGS; i++)
		free(logs[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verified_insns_within_budget),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
