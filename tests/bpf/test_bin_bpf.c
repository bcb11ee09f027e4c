// SPDX-License-Identifier: GPL-2.0
/*
 * bin.h on BPF: the test-only probe program (bin_probe.bpf.c) must pass the
 * verifier within budget, and for every input its readers' results must
 * equal those of the host build of the same code (tests/bpf/bin_probe.h).
 * The probe is embedded by its skeleton, so the test needs no file beside it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bin_probe.h"
#include "tests/bpf/bin_probe.skel.h" /* generated in the build directory */

#define BUDGET 500000u /* half of the verifier's limit, as for the tracker */
#define FRAME_MAX 1600u

static int setup(void **state)
{
	struct bin_probe_bpf *skel = bin_probe_bpf__open_and_load();

	if (!skel) {
		fprintf(stderr, "loading the bin.h probe failed\n");
		return -1;
	}
	*state = skel;
	return 0;
}

static int teardown(void **state)
{
	bin_probe_bpf__destroy(*state);
	return 0;
}

/*
 * Runs the frame through the BPF program and the host build; both results
 * must be equal. Returns the host's.
 */
static const struct bin_probe_out *run_both(struct bin_probe_bpf *skel, const __u8 *frame,
					    __u32 size)
{
	static struct alg_buf buf;
	static struct bin_probe_out host;
	const struct bin_probe_out *bpf = &skel->bss->probe_out;
	__u32 len = size < ALG_MAX_PAYLOAD ? size : ALG_MAX_PAYLOAD;
	__u32 runs = bpf->runs;
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = frame, .data_size_in = size, .repeat = 1);

	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(skel->progs.bin_probe), &t), 0);
	assert_int_equal(t.retval, XDP_PASS);
	assert_int_equal(bpf->runs, runs + 1);

	/* The host's copy is zeroed beyond len; the per-CPU one keeps older bytes. */
	memset(&buf, 0, sizeof(buf));
	memcpy(buf.data, frame, len);
	memset(&host, 0, sizeof(host));
	bin_probe_run(&buf, len, &host);
	host.runs = bpf->runs;

	assert_int_equal(bpf->len, host.len);
	assert_memory_equal(bpf->fixed, host.fixed, sizeof(host.fixed));
	assert_memory_equal(bpf->tlv, host.tlv, sizeof(host.tlv));
	assert_memory_equal(&bpf->tlv_end, &host.tlv_end, sizeof(host.tlv_end));
	assert_memory_equal(bpf->per, host.per, sizeof(host.per));
	assert_memory_equal(bpf, &host, sizeof(host));
	return &host;
}

static void test_verified_within_budget(void **state)
{
	struct bin_probe_bpf *skel = *state;
	struct bpf_prog_info info = {};
	__u32 size = sizeof(info);

	assert_int_equal(bpf_obj_get_info_by_fd(bpf_program__fd(skel->progs.bin_probe), &info, &size),
			 0);
	printf("bin_probe: %u verified insns (budget %u)\n", info.verified_insns, BUDGET);
	assert_int_not_equal(info.verified_insns, 0);
	assert_true(info.verified_insns <= BUDGET);
}

/*
 * A frame with known contents: TLV items at 16..22 (the last header cut
 * short), then an H.225.0 TransportAddress and more PER fields at 23..38.
 */
static const __u8 crafted[] = {
	/* format 1/1 BE, fixed reads at 16, run-time order LE, TLV over 7 bytes */
	0x00, 0x10, 0x01, 0x07,
	/* ext, (0..6), align, 4 octets, (0..65535), small, length, open type,
	 * 8 bits, bool, skip 1 octet, 8 bits (only 7 are left) */
	0x09, 0x1b, 0x02, 0x27, 0x53, 0x04, 0x0c, 0x05, 0x38, 0x01, 0x0e, 0x38,
	/* 16: TLV */
	0x01, 0x02, 0xaa, 0xbb, 0x02, 0x00, 0x03,
	/* 23: PER */
	0x00, 0xc0, 0xa8, 0x00, 0x01, 0x06, 0xb8, 0x0a, 0x81, 0x00, 0x02, 0x11, 0x22, 0x5a,
	0x80, 0xff,
};

static void assert_step(const struct bin_probe_step *s, int rc, __u32 v, __u32 bit)
{
	assert_int_equal(s->rc, rc);
	assert_int_equal(s->v, v);
	assert_int_equal(s->bit, bit);
	assert_int_equal(s->err, rc != 0);
}

static void test_crafted_frame(void **state)
{
	const struct bin_probe_out *o = run_both(*state, crafted, sizeof(crafted));
	/* The probe's hash of the four octets c0 a8 00 01. */
	__u32 ip_hash = ((((4u * 31 + 0xc0) * 31 + 0xa8) * 31 + 0x00) * 31 + 0x01);

	assert_int_equal(o->len, sizeof(crafted));
	/* Fixed reads at 16 and at the frame's last four bytes. */
	assert_int_equal(o->fixed[0][1].v, 0x0102);
	assert_int_equal(o->fixed[0][5].v, 0x0201); /* run-time order: LE */
	assert_int_equal(o->fixed[1][0].rc, 0);
	assert_int_equal(o->fixed[1][1].rc, -1); /* 16 bits at the last byte */
	assert_int_equal(o->fixed[3][3].v, 0x225a80ff);
	/* TLV: two items, then the truncated header, sticky. */
	assert_int_equal(o->tlv[0].rc, 1);
	assert_int_equal(o->tlv[0].val_off, 18);
	assert_int_equal(o->tlv[0].val_len, 2);
	assert_int_equal(o->tlv[1].rc, 1);
	assert_int_equal(o->tlv[1].type, 2);
	assert_int_equal(o->tlv[1].val_len, 0);
	assert_int_equal(o->tlv[2].rc, -1);
	assert_int_equal(o->tlv[7].rc, -1);
	assert_int_equal(o->tlv_end.off, 22);
	/* PER from byte 23 (bit 184). */
	assert_step(&o->per[0], 0, 0, 185);        /* extension bit 0 */
	assert_step(&o->per[1], 0, 0, 188);        /* ipAddress, index 0 of 7 */
	assert_step(&o->per[2], 0, 0, 192);        /* aligned */
	assert_step(&o->per[3], 0, ip_hash, 224);  /* 192.168.0.1 */
	assert_step(&o->per[4], 0, 1720, 240);     /* port */
	assert_step(&o->per[5], 0, 5, 247);        /* normally small 5 */
	assert_step(&o->per[6], 0, 256, 264);      /* length 10 000001 00000000 */
	assert_step(&o->per[7], 0, 0, 288);        /* open type of 2 octets */
	assert_step(&o->per[8], 0, 0x5a, 296);
	assert_step(&o->per[9], 0, 1, 297);
	assert_step(&o->per[10], 0, 0, 305);       /* one octet, unaligned */
	assert_step(&o->per[11], -1, 0, 305);      /* 7 bits left */
}

static __u32 xorshift(__u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* The reader an operation byte of bin_probe.h picks: 0..9. */
static __u32 reader_of(__u32 code)
{
	__u32 op = code & 7, odd = (code >> 3) & 1;

	if (op == 1 && odd)
		return 8; /* extension bit, not boolean */
	if (op == 4 && odd)
		return 9; /* length determinant, not normally small number */
	return op;
}

/*
 * Pseudo-random frames of many lengths (the payload cap, and lengths that
 * leave older bytes of a longer frame in the per-CPU copy). Across them,
 * every reader must both succeed and fail on a cursor that had not failed
 * before (alignment aside), and the TLV walk must return items, ends and errors.
 */
static void test_random_frames(void **state)
{
	static const __u32 sizes[] = { 14, 15, 16, 17, 20, 24, 32, 48, 64, 100,
				       255, 256, 600, 1499, 1500, 1501, 1600 };
	__u32 seed = 0x2545f491, ok[10] = { 0 }, failed[10] = { 0 }, tlv[3] = { 0 };
	static __u8 frame[FRAME_MAX];

	for (__u32 round = 0; round < 16; round++) {
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			const struct bin_probe_out *o;
			__u32 err_before = 0;

			for (__u32 i = 0; i < sizes[s]; i++)
				frame[i] = (__u8)xorshift(&seed);
			/* Short TLV spans in half the frames, so that walks end; in
			 * a quarter, an empty PER cursor where it fits. */
			if (round & 1)
				frame[3] &= 15;
			if ((round & 3) == 2 && sizes[s] >= BIN_PROBE_HDR && sizes[s] <= 271)
				frame[3] = (__u8)(sizes[s] - BIN_PROBE_HDR);
			o = run_both(*state, frame, sizes[s]);
			for (__u32 k = 0; k < BIN_PROBE_ITEMS; k++)
				tlv[o->tlv[k].rc + 1]++;
			err_before = BIN_PROBE_HDR + frame[3] > o->len; /* the cursor's start */
			for (__u32 k = 0; k < BIN_PROBE_OPS; k++) {
				__u32 r = reader_of(frame[4 + k]);

				if (o->per[k].rc == 0)
					ok[r]++;
				else if (!err_before)
					failed[r]++;
				err_before = o->per[k].err;
			}
		}
	}
	for (__u32 r = 0; r < 10; r++) {
		printf("reader %u: %u ok, %u failed\n", r, ok[r], failed[r]);
		assert_true(ok[r] > 0);
		/* Alignment cannot fail on a good cursor: the end is an octet boundary. */
		assert_true(r == 2 ? failed[r] == 0 : failed[r] > 0);
	}
	assert_true(tlv[0] > 0 && tlv[1] > 0 && tlv[2] > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verified_within_budget),
		cmocka_unit_test(test_crafted_frame),
		cmocka_unit_test(test_random_frames),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
