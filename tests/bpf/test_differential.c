// SPDX-License-Identifier: GPL-2.0
/*
 * Every parser, BPF against host: the case table of each implemented ALG
 * and every file of its fuzz corpus (tests/fuzz/corpus/<name>, when the
 * tree is there), each in every context the ALG can see, through the
 * test-only probe program (parse_probe.bpf.c) and through the host build of
 * the same source. The results must be identical: the verifier's rewrites,
 * the BPF build's masks and the host's compiler may not change what a
 * parser finds.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "alg_case.h"
#include "alg_table.h"
#include "parse_probe.h"
#include "tests/bpf/parse_probe.skel.h" /* generated in the build directory */

#define FRAME_MAX (sizeof(struct parse_probe_hdr) + ALG_MAX_PAYLOAD)

static struct parse_probe_bpf *skel;
static size_t compared;

static void compare(unsigned int alg, const char *what, const void *msg, size_t len,
		    const struct alg_parse_ctx *c, const void *state, size_t state_len)
{
	static __u8 frame[FRAME_MAX];
	static struct alg_buf buf;
	struct parse_probe_hdr hdr = { .alg = alg };
	static struct parse_probe_io io;
	struct alg_parse_result host;
	__u32 zero = 0;
	int rc;

	if (len > ALG_MAX_PAYLOAD)
		len = ALG_MAX_PAYLOAD;
	memset(&io, 0, sizeof(io));
	io.ctx = *c;
	if (state)
		memcpy(io.res.state.data, state, state_len);
	assert_int_equal(bpf_map_update_elem(bpf_map__fd(skel->maps.probe_io), &zero, &io, BPF_ANY), 0);
	memset(&host, 0, sizeof(host));
	host.state = io.res.state;
	memcpy(frame, &hdr, sizeof(hdr));
	memcpy(frame + sizeof(hdr), msg, len);
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = frame, .data_size_in = (__u32)(sizeof(hdr) + len),
		    .repeat = 1);
	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(skel->progs.parse_probe), &t), 0);
	assert_int_equal(t.retval, XDP_PASS);
	assert_int_equal(bpf_map_lookup_elem(bpf_map__fd(skel->maps.probe_io), &zero, &io), 0);

	memset(&buf, 0, sizeof(buf));
	memcpy(buf.data, msg, len);
	rc = alg_case_parse(alg, &buf, (__u32)len, c, &host);

	if (io.rc != rc || io.res.n_ep != host.n_ep || io.res.dropped != host.dropped ||
	    io.res.events != host.events || io.res.next != host.next ||
	    memcmp(io.res.ep, host.ep, sizeof(host.ep[0]) * (host.n_ep < ALG_MAX_ENDPOINTS ?
								host.n_ep : ALG_MAX_ENDPOINTS)) ||
	    memcmp(&io.res.state, &host.state, sizeof(host.state)))
		fail_msg("%s %s (family %u proto %u from_client %u): BPF rc %d events 0x%x next %u "
			 "%u endpoints, host rc %d events 0x%x next %u %u endpoints",
			 alg_info_by_id(alg)->short_name, what, c->family, c->proto, c->from_client,
			 io.rc, io.res.events, io.res.next, io.res.n_ep, rc, host.events, host.next,
			 host.n_ep);
	compared++;
}

/* The contexts a fuzz input is parsed in, as the fuzzer does. */
static void compare_all_contexts(unsigned int alg, const char *what, const void *msg, size_t len)
{
	static const __u8 families[] = { ALG_AF_INET, ALG_AF_INET6 };
	static const __u8 protos[] = { ALG_IPPROTO_UDP, ALG_IPPROTO_TCP };

	for (unsigned int v = 0; v < 8; v++) {
		struct alg_parse_ctx c = { .family = families[v & 1], .proto = protos[(v >> 1) & 1],
					   .from_client = (__u8)(v >> 2), .sport = 40000, .dport = 40001 };

		compare(alg, what, msg, len, &c, NULL, 0);
	}
}

static void test_case_tables(void **state)
{
	(void)state;
	for (unsigned int alg = 1; alg < ALG__COUNT; alg++) {
		const struct alg_case_table *t = alg_case_table_of(alg);

		for (size_t i = 0; t && i < t->n; i++) {
			const struct alg_case *k = &t->cases[i];
			size_t len = k->len ? k->len : strlen(k->msg);

			compare(alg, k->name, k->msg, len, &k->ctx, k->state, k->state_len);
			compare_all_contexts(alg, k->name, k->msg, len);
		}
	}
	printf("%zu parses compared\n", compared);
}

static void test_fuzz_corpora(void **state)
{
	static __u8 msg[ALG_MAX_PAYLOAD];
	size_t files = 0;

	(void)state;
	for (unsigned int alg = 1; alg < ALG__COUNT; alg++) {
		const struct alg_info *info = alg_info_by_id(alg);
		char dir[256], path[512], lower[32];
		struct dirent *e;
		DIR *d;

		if (!alg_case_table_of(alg))
			continue;
		for (size_t i = 0; i < sizeof(lower) - 1 && info->short_name[i]; i++)
			lower[i] = (char)(info->short_name[i] | 0x20), lower[i + 1] = '\0';
		snprintf(dir, sizeof(dir), "tests/fuzz/corpus/%s", lower);
		d = opendir(dir);
		if (!d) {
			printf("no corpus at %s: case tables only\n", dir);
			continue;
		}
		while ((e = readdir(d))) {
			size_t n;
			FILE *f;

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			f = fopen(path, "rb");
			if (!f)
				continue;
			n = fread(msg, 1, sizeof(msg), f);
			fclose(f);
			compare_all_contexts(alg, path, msg, n);
			files++;
		}
		closedir(d);
	}
	printf("%zu corpus files, %zu parses compared in all\n", files, compared);
}

static int setup(void **state)
{
	(void)state;
	skel = parse_probe_bpf__open_and_load();
	if (!skel) {
		fprintf(stderr, "loading the parse probe failed\n");
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	parse_probe_bpf__destroy(skel);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_tables),
		cmocka_unit_test(test_fuzz_corpora),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
