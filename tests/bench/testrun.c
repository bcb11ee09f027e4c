// SPDX-License-Identifier: GPL-2.0
/* Timing packets through BPF_PROG_TEST_RUN (see testrun.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf.h>
#include "testrun.h"

int bench_frames_init(struct bench_frames *f, unsigned int cap)
{
	f->buf = calloc(cap, BENCH_FRAME_MAX);
	f->len = calloc(cap, sizeof(*f->len));
	f->n = 0;
	f->cap = cap;
	return f->buf && f->len ? 0 : -1;
}

void bench_frames_free(struct bench_frames *f)
{
	free(f->buf);
	free(f->len);
	memset(f, 0, sizeof(*f));
}

__u8 *bench_frames_slot(struct bench_frames *f, unsigned int i)
{
	return f->buf + (size_t)i * BENCH_FRAME_MAX;
}

void bench_frames_push(struct bench_frames *f, const __u8 *frame, size_t len)
{
	if (f->n == f->cap || len > BENCH_FRAME_MAX) {
		fprintf(stderr, "bench: frame set overflow\n");
		exit(2);
	}
	memcpy(bench_frames_slot(f, f->n), frame, len);
	f->len[f->n++] = len;
}

/* One test run; the duration it reports is the mean over its repetitions. */
static int run_once(const struct bench_hook *h, int prog, const void *frame, size_t len,
		    unsigned int repeat, __u32 *duration)
{
	struct __sk_buff skb = {};
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = frame, .data_size_in = (__u32)len,
		    .repeat = repeat);

	if (h->is_tc) {
		/* No ingress interface: the packet is the host's own egress. */
		t.ctx_in = &skb;
		t.ctx_size_in = sizeof(skb);
	}
	if (bpf_prog_test_run_opts(prog, &t)) {
		perror("bench: BPF_PROG_TEST_RUN");
		return -1;
	}
	if (t.retval != (h->is_tc ? TC_ACT_OK : XDP_PASS)) {
		fprintf(stderr, "bench: %s verdict %u\n", h->name, t.retval);
		return -1;
	}
	*duration = t.duration;
	return 0;
}

double bench_run_repeat(const struct bench_hook *h, int prog, const void *frame, size_t len,
			unsigned int repeat)
{
	__u32 d;

	return run_once(h, prog, frame, len, repeat, &d) ? -1 : (double)d;
}

double bench_run_each(const struct bench_hook *h, int prog, const struct bench_frames *f)
{
	double sum = 0;
	__u32 d;

	for (unsigned int i = 0; i < f->n; i++) {
		if (run_once(h, prog, f->buf + (size_t)i * BENCH_FRAME_MAX, f->len[i], 1, &d))
			return -1;
		sum += d;
	}
	return f->n ? sum / f->n : -1;
}
