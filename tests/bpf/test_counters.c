// SPDX-License-Identifier: GPL-2.0
/*
 * Exact packet and byte counts. One flow's packets on two CPUs at once lose
 * nothing, whether every packet updates the session or most wait in the
 * per-CPU flow cache; and bytes are what came on the wire from the IP header
 * on, whatever an IP length field claims: a field larger than the frame is
 * held to the frame, a field smaller than the frame (Ethernet padding) is
 * what counts.
 */
#include <arpa/inet.h>
#include <pthread.h>
#include <sched.h>
#include "clock.h"
#include "harness.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"
#define CLIENT6 "2001:db8::2"
#define SERVER6 "2001:db8:1::2"
#define CALLS 200   /* test runs per CPU */
#define REPEAT 500  /* packets per test run */
#define ETH_MIN_FRAME 60 /* without the FCS: shorter frames are padded (IEEE 802.3 §4.2.3.3) */
#define IP4_TOT_LEN_OFF (PKT_ETH_LEN + 2)
#define IP6_PAYLOAD_LEN_OFF (PKT_ETH_LEN + 4)

/* One CPU's share of the traffic. */
struct sender {
	pthread_t thread;
	pthread_barrier_t *start;
	int prog_fd;
	int cpu;
	const __u8 *frame;
	size_t len;
	int err;          /* the first failure: errno of a run, or -1 for a wrong verdict */
};

static void *send_on_cpu(void *arg)
{
	struct sender *s = arg;
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(s->cpu, &one);
	s->err = pthread_setaffinity_np(pthread_self(), sizeof(one), &one);
	pthread_barrier_wait(s->start);
	for (int i = 0; i < CALLS && !s->err; i++) {
		/* BPF_PROG_TEST_RUN runs the program on the calling CPU. */
		LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = s->frame,
			    .data_size_in = (__u32)s->len, .repeat = REPEAT);

		if (bpf_prog_test_run_opts(s->prog_fd, &t))
			s->err = errno;
		else if (t.retval != XDP_PASS)
			s->err = -1;
	}
	return NULL;
}

/* The first two CPUs this process may run on; 0 when there are two. */
static int two_cpus(int cpu[2])
{
	cpu_set_t allowed;
	int n = 0;

	if (sched_getaffinity(0, sizeof(allowed), &allowed))
		return -1;
	for (int c = 0; c < CPU_SETSIZE && n < 2; c++)
		if (CPU_ISSET(c, &allowed))
			cpu[n++] = c;
	return n == 2 ? 0 : -1;
}

/*
 * Runs CALLS x REPEAT copies of a frame on each of two CPUs at once through
 * the XDP entry program.
 */
static void send_on_two_cpus(struct harness *h, const __u8 *frame, size_t len)
{
	struct sender s[2];
	pthread_barrier_t start;
	int cpu[2];

	if (two_cpus(cpu))
		skip();
	assert_int_equal(pthread_barrier_init(&start, NULL, 2), 0);
	for (int i = 0; i < 2; i++) {
		s[i] = (struct sender){ .start = &start, .cpu = cpu[i], .frame = frame, .len = len,
					.prog_fd = bpf_program__fd(h->skel->progs.xdp_algtrack) };
		assert_int_equal(pthread_create(&s[i].thread, NULL, send_on_cpu, &s[i]), 0);
	}
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(s[i].thread, NULL), 0);
	pthread_barrier_destroy(&start);
	assert_int_equal(s[0].err, 0);
	assert_int_equal(s[1].err, 0);
}

static size_t frame_of(const struct h_flow *f, int dir, __u8 flags, __u8 *out, size_t cap)
{
	struct pkt_spec s = h_spec(f, dir);

	s.seq = f->seq[dir];
	s.ack = f->seq[!dir];
	s.tcp_flags = flags;
	return pkt_build(out, cap, &s);
}

/*
 * The same client segment from two CPUs: the session as a reader sees it
 * (with the flow cache's pending counts) and the FTP counters must have
 * every packet and every byte.
 */
static void two_cpus_one_flow(struct harness *h, __u8 flags)
{
	const __u64 sent = 2ull * CALLS * REPEAT;
	struct alg_session before, after;
	struct alg_stats st_before, st_after;
	struct h_flow ctl;
	__u8 frame[128];
	size_t len;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40001, SERVER, 21);
	h_handshake(h, &ctl);
	len = frame_of(&ctl, 0, flags, frame, sizeof(frame));
	assert_true(len > 0);
	before = h_session_get(h, &ctl);
	st_before = h_stats(h, ALG_FTP);

	send_on_two_cpus(h, frame, len);

	after = h_session_get(h, &ctl);
	st_after = h_stats(h, ALG_FTP);
	assert_int_equal(after.packets[0] - before.packets[0], sent);
	assert_int_equal(after.bytes[0] - before.bytes[0], sent * (len - PKT_ETH_LEN));
	assert_int_equal(after.packets[1], before.packets[1]);
	assert_int_equal(after.bytes[1], before.bytes[1]);
	assert_int_equal(st_after.packets - st_before.packets, sent);
	assert_int_equal(st_after.bytes - st_before.bytes, sent * (len - PKT_ETH_LEN));
}

/* A FIN changes the session's state: every copy takes the full path to the session. */
static void test_two_cpus_full_path(void **state)
{
	two_cpus_one_flow(*state, PKT_TCP_FIN | PKT_TCP_ACK);
}

/*
 * Pure ACKs under the kernel's clock: each CPU counts in its own slot and
 * adds the slot to the session at every new epoch (~4 ms), while the other
 * CPU does the same.
 */
static void test_two_cpus_flow_cache(void **state)
{
	struct harness *h = *state;
	struct alg_config c;

	if (clock_configure(h->skel))
		fail_msg("the tick could not be measured: %s", strerror(errno));
	h->kernel_clock = 1;
	c = h_config(h);
	c.clock_ns = 0;
	h_config_set(h, &c);
	two_cpus_one_flow(h, PKT_TCP_ACK);
}

/* ---- IP length fields that disagree with the frame ---- */

/*
 * n copies of a client ACK (hook per h->use_tc) whose IP length field says
 * `claimed`, sent as a frame of `frame_len` bytes (zero padding past the
 * packet): the session and the FTP counters must grow by n x `counted`.
 */
static void lying_acks(struct harness *h, int family, __u16 claimed, size_t frame_len,
		       size_t counted)
{
	struct alg_session before, after;
	struct alg_stats st_before, st_after;
	const unsigned int n = 10;
	struct h_flow ctl;
	__u8 frame[128] = { 0 };
	size_t len;

	if (family == AF_INET)
		h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40002, SERVER, 21);
	else
		h_flow_init(&ctl, IPPROTO_TCP, CLIENT6, 40002, SERVER6, 21);
	h_handshake(h, &ctl);
	len = frame_of(&ctl, 0, PKT_TCP_ACK, frame, sizeof(frame));
	assert_true(len > 0 && len <= frame_len && frame_len <= sizeof(frame));
	if (family == AF_INET)
		pkt_put16(frame + IP4_TOT_LEN_OFF, claimed);
	else
		pkt_put16(frame + IP6_PAYLOAD_LEN_OFF, claimed);
	before = h_session_get(h, &ctl);
	st_before = h_stats(h, ALG_FTP);

	for (unsigned int i = 0; i < n; i++)
		h_send_frame(h, frame, frame_len);

	after = h_session_get(h, &ctl);
	st_after = h_stats(h, ALG_FTP);
	assert_int_equal(after.packets[0] - before.packets[0], n);
	assert_int_equal(after.bytes[0] - before.bytes[0], n * counted);
	assert_int_equal(st_after.packets - st_before.packets, n);
	assert_int_equal(st_after.bytes - st_before.bytes, n * counted);
}

/* 65,535 claimed, 40 on the wire: 40 counted. */
static void test_ip4_length_beyond_frame(void **state)
{
	struct harness *h = *state;
	const size_t wire = PKT_ETH_LEN + PKT_IP4_LEN + PKT_TCP_LEN;

	lying_acks(h, AF_INET, 0xffff, wire, wire - PKT_ETH_LEN);
	h_reset(state);
	h->use_tc = 1;
	lying_acks(h, AF_INET, 0xffff, wire, wire - PKT_ETH_LEN);
}

static void test_ip6_length_beyond_frame(void **state)
{
	struct harness *h = *state;
	const size_t wire = PKT_ETH_LEN + PKT_IP6_LEN + PKT_TCP_LEN;

	lying_acks(h, AF_INET6, 0xffff, wire, wire - PKT_ETH_LEN);
	h_reset(state);
	h->use_tc = H_TC_INGRESS;
	lying_acks(h, AF_INET6, 0xffff, wire, wire - PKT_ETH_LEN);
}

/* A 54-byte frame padded to Ethernet's 60: the IP packet's 40 bytes count, not the padding. */
static void test_ethernet_padding_not_counted(void **state)
{
	struct harness *h = *state;
	const __u16 ip_len = PKT_IP4_LEN + PKT_TCP_LEN;

	lying_acks(h, AF_INET, ip_len, ETH_MIN_FRAME, ip_len);
	h_reset(state);
	h->use_tc = 1;
	lying_acks(h, AF_INET, ip_len, ETH_MIN_FRAME, ip_len);
}

/* An IPv6 header's payload length is what counts too, below the frame's. */
static void test_ip6_length_below_frame(void **state)
{
	const size_t wire = PKT_ETH_LEN + PKT_IP6_LEN + PKT_TCP_LEN;

	lying_acks(*state, AF_INET6, PKT_TCP_LEN, wire + 6, wire - PKT_ETH_LEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_two_cpus_full_path),
		H_TEST(test_two_cpus_flow_cache),
		H_TEST(test_ip4_length_beyond_frame),
		H_TEST(test_ip6_length_beyond_frame),
		H_TEST(test_ethernet_padding_not_counted),
		H_TEST(test_ip6_length_below_frame),
	};

	return H_RUN(tests);
}
