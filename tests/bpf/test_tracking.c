// SPDX-License-Identifier: GPL-2.0
/*
 * What the entry programs track and what they leave alone: untracked and
 * malformed frames, disabled ALGs, the TC egress skip of forwarded packets,
 * and one conversation seen at both hooks. Every frame is also checked to
 * come back unchanged with XDP_PASS / TC_ACT_OK (h_send_frame).
 */
#include <time.h>
#include "harness.h"
#include "clock.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"

/* Nothing in any table, no counter moved. */
static void assert_untouched(struct harness *h)
{
	assert_int_equal(h_sessions(h), 0);
	assert_int_equal(h_conversations(h), 0);
	assert_int_equal(h_resources(h), 0);
	h_assert_no_stats(h);
}

static void send_untracked_flows(struct harness *h)
{
	struct h_flow web, ntp, web6;

	h_flow_init(&web, IPPROTO_TCP, CLIENT, 40000, SERVER, 80);
	h_handshake(h, &web);
	h_tcp_str(h, &web, 0, "GET / HTTP/1.1\r\nHost: 198.51.100.2\r\n\r\n");
	h_tcp_str(h, &web, 1, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

	/* NTP (RFC 5905): a client request's first byte, LI 0, version 4, mode 3. */
	h_flow_init(&ntp, IPPROTO_UDP, CLIENT, 53000, SERVER, 123);
	h_udp_str(h, &ntp, 0, "\x23\x00\x06\xec");

	/* A control-like payload on a port that is not a control port. */
	h_flow_init(&web6, IPPROTO_TCP, "2001:db8::2", 40001, "2001:db8:1::2", 2121);
	h_handshake(h, &web6);
	h_tcp_str(h, &web6, 0, "PORT 192,0,2,2,156,65\r\n");
	h_tcp_str(h, &web6, 1, "227 Entering Passive Mode (198,51,100,2,156,64)\r\n");
}

static void test_untracked_flows_xdp(void **state)
{
	struct harness *h = *state;

	send_untracked_flows(h);
	assert_untouched(h);
	assert_int_equal(h->sent, 11);
}

static void test_untracked_flows_tc(void **state)
{
	struct harness *h = *state;

	h->use_tc = 1;
	send_untracked_flows(h);
	assert_untouched(h);
}

/*
 * A frame of raw bytes. A TC test run refuses an IP frame shorter than
 * Ethernet + the IP header (a real skb always has its network header), so
 * those are XDP-only.
 */
static void send_raw(struct harness *h, const __u8 *frame, size_t len)
{
	__u16 ethertype = len >= PKT_ETH_LEN ? (__u16)(frame[12] << 8 | frame[13]) : 0;

	if (h->use_tc && ((ethertype == 0x0800 && len < PKT_ETH_LEN + PKT_IP4_LEN) ||
			  (ethertype == 0x86dd && len < PKT_ETH_LEN + PKT_IP6_LEN)))
		return;
	h_send_frame(h, frame, len);
}

/* A TCP SYN to the FTP control port, then bent by `bend` at byte offsets. */
static size_t ftp_syn(__u8 *out, size_t cap, int family)
{
	struct pkt_spec s = {};

	s.family = family;
	s.proto = IPPROTO_TCP;
	pkt_addr(family == AF_INET ? CLIENT : "2001:db8::2", s.src);
	pkt_addr(family == AF_INET ? SERVER : "2001:db8:1::2", s.dst);
	s.sport = 40000;
	s.dport = 21;
	s.seq = 1;
	s.tcp_flags = PKT_TCP_SYN;
	return pkt_build(out, cap, &s);
}

static size_t sip_udp(__u8 *out, size_t cap, const char *payload)
{
	struct pkt_spec s = {};

	s.family = AF_INET;
	s.proto = IPPROTO_UDP;
	pkt_addr(CLIENT, s.src);
	pkt_addr(SERVER, s.dst);
	s.sport = 5060;
	s.dport = 5060;
	s.payload = payload;
	s.len = strlen(payload);
	return pkt_build(out, cap, &s);
}

enum { IP4 = PKT_ETH_LEN, TCP4 = PKT_ETH_LEN + PKT_IP4_LEN, UDP4 = PKT_ETH_LEN + PKT_IP4_LEN };

static void send_malformed(struct harness *h)
{
	static const char invite[] = "INVITE sip:bob@198.51.100.2 SIP/2.0\r\n\r\n";
	__u8 f[256], g[256];
	size_t n;

	/* Non-IP: ARP, and an Ethernet header alone. */
	memset(f, 0, sizeof(f));
	f[12] = 0x08, f[13] = 0x06;
	send_raw(h, f, 42);
	f[12] = 0x08, f[13] = 0x00;
	send_raw(h, f, PKT_ETH_LEN);

	/* IPv4 cut inside its header, inside the TCP header. */
	n = ftp_syn(f, sizeof(f), AF_INET);
	send_raw(h, f, IP4 + 10);
	send_raw(h, f, TCP4 + 10);

	/* IPv4 options length below 20; total length below the header. */
	memcpy(g, f, n);
	g[IP4] = 0x44;
	send_raw(h, g, n);
	memcpy(g, f, n);
	g[IP4 + 2] = 0, g[IP4 + 3] = 10;
	send_raw(h, g, n);

	/* A later IPv4 fragment whose bytes look like a SYN to port 21. */
	memcpy(g, f, n);
	g[IP4 + 6] = 0x00, g[IP4 + 7] = 0x10;
	send_raw(h, g, n);

	/* TCP data offset beyond the segment, and below 20 bytes. */
	memcpy(g, f, n);
	g[TCP4 + 12] = 0xf0;
	send_raw(h, g, n);
	memcpy(g, f, n);
	g[TCP4 + 12] = 0x40;
	send_raw(h, g, n);

	/* ICMP and an unknown protocol with port-21-like bytes. */
	memcpy(g, f, n);
	g[IP4 + 9] = 1;
	send_raw(h, g, n);
	g[IP4 + 9] = 132;
	send_raw(h, g, n);

	/* IPv6 cut inside its header; ICMPv6 and a hop-by-hop header. */
	n = ftp_syn(f, sizeof(f), AF_INET6);
	send_raw(h, f, PKT_ETH_LEN + 30);
	memcpy(g, f, n);
	g[PKT_ETH_LEN + 6] = 58;
	send_raw(h, g, n);
	g[PKT_ETH_LEN + 6] = 0;
	send_raw(h, g, n);

	/* UDP to 5060 with a length beyond the packet, and below 8. */
	n = sip_udp(f, sizeof(f), invite);
	memcpy(g, f, n);
	g[UDP4 + 4] = 0x10, g[UDP4 + 5] = 0x00;
	send_raw(h, g, n);
	memcpy(g, f, n);
	g[UDP4 + 4] = 0, g[UDP4 + 5] = 4;
	send_raw(h, g, n);
}

static void test_malformed_frames_xdp(void **state)
{
	struct harness *h = *state;

	send_malformed(h);
	assert_untouched(h);
}

static void test_malformed_frames_tc(void **state)
{
	struct harness *h = *state;

	h->use_tc = 1;
	send_malformed(h);
	assert_untouched(h);
}

/* The same frames, intact, are tracked: the malformed ones failed on their defect. */
static void test_intact_frames_tracked(void **state)
{
	struct harness *h = *state;
	__u8 f[256];

	send_raw(h, f, ftp_syn(f, sizeof(f), AF_INET));
	send_raw(h, f, ftp_syn(f, sizeof(f), AF_INET6));
	send_raw(h, f, sip_udp(f, sizeof(f), "INVITE sip:bob@198.51.100.2 SIP/2.0\r\n\r\n"));
	assert_int_equal(h_conversations(h), 3);
	assert_int_equal(h_stats(h, ALG_FTP).conversations, 2);
	assert_int_equal(h_stats(h, ALG_SIP).conversations, 1);
}

/* An ALG switched off in config.enabled tracks nothing on its ports. */
static void test_disabled_alg(void **state)
{
	struct harness *h = *state;
	struct alg_config c = h_config(h);
	struct h_flow ctl, sip;

	c.enabled &= ~(1u << ALG_FTP);
	h_config_set(h, &c);
	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40000, SERVER, 21);
	h_handshake(h, &ctl);
	h_tcp_str(h, &ctl, 1, "227 Entering Passive Mode (198,51,100,2,156,64)\r\n");
	assert_untouched(h);

	/* The other ALG still works. */
	h_flow_init(&sip, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);
	h_udp_str(h, &sip, 0, "OPTIONS sip:bob@198.51.100.2 SIP/2.0\r\nCSeq: 1 OPTIONS\r\n\r\n");
	assert_int_equal(h_single_conversation(h).alg, ALG_SIP);
}

/* TC egress leaves packets that came in on a hooked interface to XDP. */
static void test_tc_skips_forwarded(void **state)
{
	struct harness *h = *state;
	struct alg_iface iface = { .hooks = ALG_HOOK_XDP | ALG_HOOK_TC_EGRESS };
	__u32 hooked = 7;
	struct h_flow a, b, c;

	assert_int_equal(bpf_map_update_elem(h_fd(h->skel->maps.ifaces), &hooked, &iface, BPF_ANY), 0);
	h->use_tc = 1;

	h->tc_ingress_ifindex = hooked;
	h_flow_init(&a, IPPROTO_TCP, CLIENT, 40001, SERVER, 21);
	h_tcp(h, &a, 0, PKT_TCP_SYN, NULL, 0);
	assert_int_equal(h_session(h, &a, &(struct alg_session){}), -1);
	assert_untouched(h);

	/* From an interface without the hook, and locally generated (0): tracked. */
	h->tc_ingress_ifindex = 8;
	h_flow_init(&b, IPPROTO_TCP, CLIENT, 40002, SERVER, 21);
	h_tcp(h, &b, 0, PKT_TCP_SYN, NULL, 0);
	assert_int_equal(h_session_get(h, &b).role, ALG_ROLE_PARENT);

	h->tc_ingress_ifindex = 0;
	h_flow_init(&c, IPPROTO_TCP, CLIENT, 40003, SERVER, 21);
	h_tcp(h, &c, 0, PKT_TCP_SYN, NULL, 0);
	assert_int_equal(h_session_get(h, &c).role, ALG_ROLE_PARENT);
	assert_int_equal(h_conversations(h), 2);

	/* XDP does not consult the table. */
	h->use_tc = 0;
	h_tcp(h, &a, 0, PKT_TCP_SYN, NULL, 0);
	assert_int_equal(h_session_get(h, &a).role, ALG_ROLE_PARENT);
}

/*
 * TC on ingress (the default on virtual devices) tracks what arrives on its
 * own hooked interface: only the egress program leaves forwarded packets to
 * the ingress hook.
 */
static void test_tc_ingress_tracks(void **state)
{
	struct harness *h = *state;
	struct alg_iface iface = { .hooks = ALG_HOOK_TC_INGRESS | ALG_HOOK_TC_EGRESS };
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 40000);
	__u32 hooked = 7;
	struct h_flow ctl, data;

	assert_int_equal(bpf_map_update_elem(h_fd(h->skel->maps.ifaces), &hooked, &iface, BPF_ANY), 0);
	h->use_tc = H_TC_INGRESS;
	h->tc_ingress_ifindex = hooked;
	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40001, SERVER, 21);
	h_tcp(h, &ctl, 0, PKT_TCP_SYN, NULL, 0);
	h_tcp(h, &ctl, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL, 0);
	h_tcp(h, &ctl, 0, PKT_TCP_ACK, NULL, 0);
	h_tcp_str(h, &ctl, 1, "227 Entering Passive Mode (198,51,100,2,156,64)\r\n");
	assert_int_equal(h_session_get(h, &ctl).role, ALG_ROLE_PARENT);
	h_flow_init(&data, IPPROTO_TCP, CLIENT, 40002, SERVER, 40000);
	h_tcp(h, &data, 0, PKT_TCP_SYN, NULL, 0);
	assert_int_equal(h_session_get(h, &data).resource_id, h_resource_get(h, &k).resource_id);
}

/* Requests seen at XDP ingress, replies at TC egress: one conversation. */
static void test_hooks_share_a_conversation(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 40000);
	struct alg_session parent, child;
	struct h_flow ctl, data;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40001, SERVER, 21);
	h->use_tc = 0;
	h_tcp(h, &ctl, 0, PKT_TCP_SYN, NULL, 0);
	h->use_tc = 1;
	h_tcp(h, &ctl, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL, 0);
	h->use_tc = 0;
	h_tcp(h, &ctl, 0, PKT_TCP_ACK, NULL, 0);
	h->use_tc = 1;
	h_tcp_str(h, &ctl, 1, "227 Entering Passive Mode (198,51,100,2,156,64)\r\n");

	parent = h_session_get(h, &ctl);
	assert_int_equal(parent.packets[0], 2);
	assert_int_equal(parent.packets[1], 2);
	assert_int_equal(h_conversations(h), 1);

	h->use_tc = 0;
	h_flow_init(&data, IPPROTO_TCP, CLIENT, 40002, SERVER, 40000);
	h_tcp(h, &data, 0, PKT_TCP_SYN, NULL, 0);
	child = h_session_get(h, &data);
	assert_int_equal(child.resource_id, h_resource_get(h, &k).resource_id);
	assert_int_equal(child.group_id, parent.group_id);
}

/* Sessions count packets and IP bytes per direction, stamped with the tracker's clock. */
static void test_session_accounting(void **state)
{
	struct harness *h = *state;
	static const char hello[] = "220 hello\r\n";
	struct alg_session s;
	struct alg_stats st;
	struct h_flow ctl;
	__u64 first = h->now, last;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40001, SERVER, 21);
	h_handshake(h, &ctl);
	h_advance(h, 5 * ALG_NS_PER_SEC);
	last = h->now;
	h_tcp_str(h, &ctl, 1, hello);
	s = h_session_get(h, &ctl);
	assert_int_equal(s.first_seen_ns, first);
	assert_int_equal(s.last_seen_ns, last);
	assert_int_equal(s.packets[0], 2);
	assert_int_equal(s.packets[1], 2);
	assert_int_equal(s.bytes[0], 2 * (PKT_IP4_LEN + PKT_TCP_LEN));
	assert_int_equal(s.bytes[1], 2 * (PKT_IP4_LEN + PKT_TCP_LEN) + strlen(hello));
	st = h_stats(h, ALG_FTP);
	assert_int_equal(st.packets, 4);
	assert_int_equal(st.bytes, s.bytes[0] + s.bytes[1]);
	assert_int_equal(h_conversation_get(h, s.group_id).created_ns, first);
}

/*
 * Without a capture clock the data path reads jiffies scaled by the measured
 * tick: CLOCK_MONOTONIC as of the last tick.
 */
static void test_kernel_clock(void **state)
{
	struct harness *h = *state;
	struct alg_session s;
	struct h_flow ctl;
	__u64 tick, before, after;

	if (clock_configure(h->skel))
		fail_msg("the tick could not be measured: %s", strerror(errno));
	tick = h_config(h).jiffy_ns;
	assert_true(tick == 10000000 || tick == 4000000 || tick == 3333333 || tick == 1000000);
	h->kernel_clock = 1;
	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40001, SERVER, 21);
	before = clock_monotonic_ns();
	h_tcp(h, &ctl, 0, PKT_TCP_SYN, NULL, 0);
	after = clock_monotonic_ns();
	s = h_session_get(h, &ctl);
	/* Within a tick or two: a tick may come late on a busy or emulated host. */
	assert_true(s.first_seen_ns + 2 * tick >= before);
	assert_true(s.first_seen_ns <= after + 2 * tick);

	/* Five ticks later the clock has moved on by more than two. */
	while (clock_monotonic_ns() < after + 5 * tick)
		;
	h_tcp(h, &ctl, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL, 0);
	s = h_session_get(h, &ctl);
	assert_true(s.last_seen_ns >= s.first_seen_ns + 2 * tick);
	assert_true(s.last_seen_ns <= clock_monotonic_ns() + 2 * tick);
}

/* Id counters that wrap around still never hand out 0 ("none"). */
static void test_ids_never_zero_on_wrap(void **state)
{
	struct harness *h = *state;
	struct alg_ids ids = { UINT32_MAX, UINT32_MAX, UINT32_MAX, 0 };
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 40000);
	struct alg_session parent, child;
	struct alg_resource r;
	struct h_flow ctl, data;
	__u32 zero = 0;

	assert_int_equal(bpf_map_update_elem(h_fd(h->skel->maps.ids), &zero, &ids, BPF_ANY), 0);
	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40001, SERVER, 21);
	h_handshake(h, &ctl);
	h_tcp_str(h, &ctl, 1, "227 Entering Passive Mode (198,51,100,2,156,64)\r\n");
	h_flow_init(&data, IPPROTO_TCP, CLIENT, 40002, SERVER, 40000);
	h_tcp(h, &data, 0, PKT_TCP_SYN, NULL, 0);

	parent = h_session_get(h, &ctl);
	child = h_session_get(h, &data);
	r = h_resource_get(h, &k);
	assert_int_not_equal(parent.session_id, 0);
	assert_int_not_equal(parent.group_id, 0);
	assert_int_not_equal(child.session_id, 0);
	assert_int_not_equal(child.session_id, parent.session_id);
	assert_int_not_equal(r.resource_id, 0);
	assert_int_equal(child.resource_id, r.resource_id);
	assert_int_equal(h_conversation_get(h, parent.group_id).parent_session_id, parent.session_id);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_untracked_flows_xdp),
		H_TEST(test_untracked_flows_tc),
		H_TEST(test_malformed_frames_xdp),
		H_TEST(test_malformed_frames_tc),
		H_TEST(test_intact_frames_tracked),
		H_TEST(test_disabled_alg),
		H_TEST(test_tc_skips_forwarded),
		H_TEST(test_tc_ingress_tracks),
		H_TEST(test_hooks_share_a_conversation),
		H_TEST(test_session_accounting),
		H_TEST(test_ids_never_zero_on_wrap),
		H_TEST(test_kernel_clock),
	};

	return H_RUN(tests);
}
