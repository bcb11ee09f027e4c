// SPDX-License-Identifier: GPL-2.0
/*
 * PPTP through the real data path: the control connection on TCP 1723
 * (RFC 2637), the GRE resources each call announces, one GRE child session
 * per direction keyed by the call id its receiver chose, a call's end
 * voiding its own resources only, and the framing and state limits that
 * keep a hostile control stream from opening more.
 */
#include "tunnel.h"
#include "algtrack/pptp.h"

#define PNS "192.0.2.2"
#define PAC "198.51.100.2"
#define OTHER "203.0.113.9"
#define PNS6 "2001:db8::2"
#define PAC6 "2001:db8:1::2"
#define OTHER6 "2001:db8:9::9"

/* A control message: type, its fixed size, the call ids at 12 and 14, the byte at 16. */
static size_t pptp_msg(__u8 *m, __u16 type, __u16 len, __u16 id, __u16 peer, __u8 byte16)
{
	memset(m, 0, len);
	pkt_put16(m, len);
	pkt_put16(m + 2, 1);
	pkt_put32(m + 4, 0x1a2b3c4d);
	pkt_put16(m + 8, type);
	pkt_put16(m + 12, id);
	pkt_put16(m + 14, peer);
	m[16] = byte16;
	return len;
}

static void pptp_send(struct harness *h, struct h_flow *ctl, int dir, __u16 type, __u16 len,
		      __u16 id, __u16 peer, __u8 byte16)
{
	__u8 m[256];

	h_tcp(h, ctl, dir, PKT_TCP_PSH | PKT_TCP_ACK, m, pptp_msg(m, type, len, id, peer, byte16));
}

#define OCRQ(h, c, id) pptp_send(h, c, 0, 7, 168, id, 0, 0)
#define OCRP(h, c, id, peer, result) pptp_send(h, c, 1, 8, 32, id, peer, result)
#define CCRQ(h, c, id) pptp_send(h, c, 0, 12, 16, id, 0, 0)
#define CDN(h, c, id) pptp_send(h, c, 1, 13, 148, id, 0, 3)

/* A control connection started: handshake, Start-Control-Connection request and reply. */
static void pptp_open(struct harness *h, struct h_flow *ctl, const char *pns, __u16 port,
		      const char *pac)
{
	h_flow_init(ctl, IPPROTO_TCP, pns, port, pac, 1723);
	h_handshake(h, ctl);
	pptp_send(h, ctl, 0, 1, 156, 0x0100, 0, 0);
	pptp_send(h, ctl, 1, 2, 156, 0x0100, 0x0100, 0);
}

static struct alg_conversation pptp_conv(struct harness *h, const struct h_flow *ctl)
{
	struct alg_session s = h_session_get(h, ctl);

	assert_int_equal(s.role, ALG_ROLE_PARENT);
	assert_int_equal(s.alg, ALG_PPTP);
	return h_conversation_get(h, s.group_id);
}

/* The expected GRE flow sender -> receiver keyed by call id. */
static struct alg_resource_key gre_key(int family, const char *sender, const char *receiver, __u16 id)
{
	return h_rkey(family, TUN_GRE, sender, receiver, id);
}

/* The GRE child of src -> dst keyed by id, in conversation conv. */
static struct alg_session gre_child(struct harness *h, const char *src, const char *dst, __u16 id,
				    const struct alg_conversation *conv)
{
	struct alg_session s;

	assert_int_equal(tun_session(h, src, dst, TUN_GRE, 0, id, &s), 0);
	assert_int_equal(s.role, ALG_ROLE_CHILD);
	assert_int_equal(s.alg, ALG_PPTP);
	assert_int_equal(s.group_id, conv->group_id);
	assert_int_equal(s.parser, 0);
	return s;
}

static int gre_tracked(struct harness *h, const char *src, const char *dst, __u16 id)
{
	struct alg_session s;

	return tun_session(h, src, dst, TUN_GRE, 0, id, &s) == 0;
}

/*
 * One outgoing call as pptp-linux and pptpd make it: the PNS's call id in
 * the request, the PAC's (0, as pptpd chooses) in the reply; GRE each way.
 */
static void pptp_call_scenario(struct harness *h, int family, const char *pns, const char *pac,
			       const char *other)
{
	struct alg_resource_key to_pns = gre_key(family, pac, pns, 37027);
	struct alg_resource_key to_pac = gre_key(family, pns, pac, 0);
	struct alg_session a, b;
	struct alg_conversation conv;
	struct alg_resource r;
	struct h_flow ctl;

	pptp_open(h, &ctl, pns, 40001, pac);
	assert_int_equal(h_resources(h), 0);
	/* GRE before any call is no one's: not even looked at. */
	tun_gre(h, pns, pac, 0);
	assert_false(gre_tracked(h, pns, pac, 0));

	OCRQ(h, &ctl, 37027);
	assert_int_equal(h_resources(h), 1);
	r = h_resource_get(h, &to_pns);
	conv = pptp_conv(h, &ctl);
	assert_int_equal(r.group_id, conv.group_id);
	assert_int_equal(r.alg, ALG_PPTP);

	OCRP(h, &ctl, 0, 37027, 1);
	assert_int_equal(h_resources(h), 2);
	assert_int_equal(h_resource(h, &to_pac, &r), 0);
	assert_int_equal(h_assert_resources_between_peers(h), 2);

	tun_gre(h, pns, pac, 0);
	tun_gre(h, pac, pns, 37027);
	tun_gre(h, pns, pac, 0);
	conv = pptp_conv(h, &ctl);
	assert_int_equal(conv.children, 2);
	a = gre_child(h, pns, pac, 0, &conv);
	b = gre_child(h, pac, pns, 37027, &conv);
	assert_int_not_equal(a.resource_id, b.resource_id);
	assert_int_equal(a.packets[0], 2);
	assert_int_equal(b.packets[0], 1);

	/* A key no call announced, and the announced key between other hosts: nothing. */
	tun_gre(h, pns, pac, 7);
	tun_gre(h, other, pns, 37027);
	assert_false(gre_tracked(h, pns, pac, 7));
	assert_false(gre_tracked(h, other, pns, 37027));
	assert_int_equal(pptp_conv(h, &ctl).children, 2);

	CCRQ(h, &ctl, 37027);
	CDN(h, &ctl, 0);
	conv = pptp_conv(h, &ctl);
	assert_int_equal(conv.resources, 0);
	assert_int_equal(conv.state, ALG_STATE_ACTIVE);
	pptp_send(h, &ctl, 0, 3, 16, 1, 0, 0);
	assert_int_equal(pptp_conv(h, &ctl).state, ALG_STATE_CLOSED);
	assert_int_equal(h_stats(h, ALG_PPTP).parse_errors, 0);
	assert_int_equal(h_stats(h, ALG_PPTP).messages, 7);
}

static void test_pptp_call_v4(void **state)
{
	pptp_call_scenario(*state, AF_INET, PNS, PAC, OTHER);
}

static void test_pptp_call_v6(void **state)
{
	pptp_call_scenario(*state, AF_INET6, PNS6, PAC6, OTHER6);
}

/* A call cleared before its GRE flows start leaves nothing to open them. */
static void test_pptp_clear_voids_resources(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl;

	pptp_open(h, &ctl, PNS, 40002, PAC);
	OCRQ(h, &ctl, 500);
	OCRP(h, &ctl, 600, 500, 1);
	CCRQ(h, &ctl, 500);
	tun_gre(h, PNS, PAC, 600);
	tun_gre(h, PAC, PNS, 500);
	assert_false(gre_tracked(h, PNS, PAC, 600));
	assert_false(gre_tracked(h, PAC, PNS, 500));
	assert_int_equal(pptp_conv(h, &ctl).children, 0);
}

/* Two calls on one control connection: ending one leaves the other's flows open. */
static void test_pptp_two_calls_clear_one(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct h_flow ctl;

	pptp_open(h, &ctl, PNS, 40003, PAC);
	OCRQ(h, &ctl, 1);
	OCRP(h, &ctl, 11, 1, 1);
	OCRQ(h, &ctl, 2);
	OCRP(h, &ctl, 22, 2, 1);
	/* The PAC ends call 1 (its id 11); call 2 has sent nothing yet. */
	CDN(h, &ctl, 11);
	tun_gre(h, PNS, PAC, 11);
	tun_gre(h, PAC, PNS, 1);
	tun_gre(h, PNS, PAC, 22);
	tun_gre(h, PAC, PNS, 2);
	conv = pptp_conv(h, &ctl);
	assert_false(gre_tracked(h, PNS, PAC, 11));
	assert_false(gre_tracked(h, PAC, PNS, 1));
	gre_child(h, PNS, PAC, 22, &conv);
	gre_child(h, PAC, PNS, 2, &conv);
	assert_int_equal(conv.children, 2);
	assert_int_equal(conv.resources, 2);
}

/* A refused call (Outgoing-Call-Reply result 4, busy) withdraws the request's resource. */
static void test_pptp_refused_call(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl;

	pptp_open(h, &ctl, PNS, 40004, PAC);
	OCRQ(h, &ctl, 9);
	OCRP(h, &ctl, 90, 9, 4);
	tun_gre(h, PAC, PNS, 9);
	tun_gre(h, PNS, PAC, 90);
	assert_false(gre_tracked(h, PAC, PNS, 9));
	assert_false(gre_tracked(h, PNS, PAC, 90));
}

/* Incoming call: the PAC's request, the PNS's reply, Incoming-Call-Connected. */
static void test_pptp_incoming_call(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct h_flow ctl;

	pptp_open(h, &ctl, PNS, 40005, PAC);
	pptp_send(h, &ctl, 1, 9, 220, 300, 0, 0);
	pptp_send(h, &ctl, 0, 10, 24, 30, 300, 1);
	pptp_send(h, &ctl, 1, 11, 28, 30, 0, 0);
	tun_gre(h, PNS, PAC, 300);
	tun_gre(h, PAC, PNS, 30);
	conv = pptp_conv(h, &ctl);
	gre_child(h, PNS, PAC, 300, &conv);
	gre_child(h, PAC, PNS, 30, &conv);
	assert_int_equal(conv.children, 2);
}

/* A message split over two segments is parsed once whole; two in one segment both are. */
static void test_pptp_split_and_merged(void **state)
{
	struct harness *h = *state;
	__u8 m[512];
	size_t a, b;
	struct h_flow ctl;

	pptp_open(h, &ctl, PNS, 40006, PAC);
	a = pptp_msg(m, 7, 168, 77, 0, 0);
	h_tcp(h, &ctl, 0, PKT_TCP_ACK, m, 50);
	assert_int_equal(h_resources(h), 0);
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, m + 50, a - 50);
	assert_int_equal(h_resources(h), 1);

	/* Set-Link-Info and the reply in one segment. */
	a = pptp_msg(m, 15, 24, 77, 0, 0);
	b = pptp_msg(m + a, 8, 32, 88, 77, 1);
	h_tcp(h, &ctl, 1, PKT_TCP_PSH | PKT_TCP_ACK, m, a + b);
	assert_int_equal(h_resources(h), 2);
	tun_gre(h, PNS, PAC, 88);
	assert_true(gre_tracked(h, PNS, PAC, 88));
	assert_int_equal(h_stats(h, ALG_PPTP).messages, 5);
}

/* A retransmitted request refreshes its resource: one resource, one call. */
static void test_pptp_retransmission(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = gre_key(AF_INET, PAC, PNS, 55);
	struct alg_resource first, again;
	__u8 m[256];
	size_t len = pptp_msg(m, 7, 168, 55, 0, 0);
	struct h_flow ctl;
	__u32 seq;

	pptp_open(h, &ctl, PNS, 40007, PAC);
	seq = ctl.seq[0];
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, m, len);
	first = h_resource_get(h, &k);
	h_advance(h, 5 * ALG_NS_PER_SEC);
	h_tcp_at(h, &ctl, 0, seq, PKT_TCP_PSH | PKT_TCP_ACK, m, len);
	again = h_resource_get(h, &k);
	assert_int_equal(again.resource_id, first.resource_id);
	assert_true(again.expires_ns > first.expires_ns);
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(pptp_conv(h, &ctl).resources, 1);
}

/* Not PPTP at the stream's start (no magic cookie): that direction is never parsed. */
static void test_pptp_wrong_cookie_mutes(void **state)
{
	struct harness *h = *state;
	__u8 m[256];
	size_t len = pptp_msg(m, 7, 168, 5, 0, 0);
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_TCP, PNS, 40008, PAC, 1723);
	h_handshake(h, &ctl);
	m[7] ^= 1;
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, m, len);
	OCRQ(h, &ctl, 5);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_PPTP).muted, 1);
}

/* A length below the header's breaks the framing: nothing after it is parsed. */
static void test_pptp_lying_length(void **state)
{
	struct harness *h = *state;
	__u8 m[256];
	size_t len;
	struct h_flow ctl;

	pptp_open(h, &ctl, PNS, 40009, PAC);
	len = pptp_msg(m, 7, 168, 5, 0, 0);
	pkt_put16(m, 4);
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, m, len);
	OCRQ(h, &ctl, 6);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_PPTP).framing_errors, 1);
}

/* A request shorter than its type's fixed size is an error and opens nothing. */
static void test_pptp_truncated_request(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl;

	pptp_open(h, &ctl, PNS, 40010, PAC);
	pptp_send(h, &ctl, 0, 7, 40, 5, 0, 0);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_PPTP).parse_errors, 1);
	/* The stream stays in step: the next request is parsed. */
	OCRQ(h, &ctl, 6);
	assert_int_equal(h_resources(h), 1);
}

/* The resources of the conversation's current epoch (not withdrawn). */
static __u32 live_resources(struct harness *h, const struct alg_conversation *conv)
{
	int fd = h_fd(h->skel->maps.resources);
	struct alg_resource_key k, next;
	struct alg_resource r;
	void *prev = NULL;
	__u32 n = 0;

	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		k = next;
		prev = &k;
		if (!bpf_map_lookup_elem(fd, &k, &r) && r.group_id == conv->group_id &&
		    r.epoch == conv->epoch)
			n++;
	}
	return n;
}

/*
 * A flood of calls: four live calls per connection at most, the rest get
 * nothing; calls that come and go never leave more than the live calls'
 * resources standing.
 */
static void test_pptp_flood(void **state)
{
	struct harness *h = *state;
	struct alg_conversation conv;
	struct h_flow ctl;

	pptp_open(h, &ctl, PNS, 40011, PAC);
	for (__u16 id = 1; id <= 40; id++)
		OCRQ(h, &ctl, id);
	assert_int_equal(pptp_conv(h, &ctl).resources, ALG_PPTP_CALLS);
	assert_int_equal(h_stats(h, ALG_PPTP).endpoints_dropped, 40 - ALG_PPTP_CALLS);
	for (__u16 id = 1; id <= 4; id++)
		CCRQ(h, &ctl, id);
	for (__u16 id = 100; id < 400; id++) {
		OCRQ(h, &ctl, id);
		OCRP(h, &ctl, id, id, 1);
		if (id % 4 == 3)
			for (__u16 k = id - 3; k < id; k++)
				CCRQ(h, &ctl, k);
	}
	conv = pptp_conv(h, &ctl);
	assert_true(live_resources(h, &conv) <= 2 * ALG_PPTP_CALLS);
	assert_int_equal(h_assert_resources_between_peers(h), h_resources(h));
}

/* The per-conversation cap holds for calls too. */
static void test_pptp_resource_cap(void **state)
{
	struct harness *h = *state;
	struct alg_config cfg = h_config(h);
	struct h_flow ctl;

	cfg.max_resources = 3;
	h_config_set(h, &cfg);
	pptp_open(h, &ctl, PNS, 40013, PAC);
	for (__u16 id = 1; id <= 2; id++) {
		OCRQ(h, &ctl, id);
		OCRP(h, &ctl, id + 10, id, 1);
	}
	assert_int_equal(pptp_conv(h, &ctl).resources, 3);
	assert_int_equal(h_resources(h), 3);
	assert_int_equal(h_stats(h, ALG_PPTP).resource_limit, 1);
}

/* The end of the TCP connection closes the conversation. */
static void test_pptp_fin_closes(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl;

	pptp_open(h, &ctl, PNS, 40012, PAC);
	OCRQ(h, &ctl, 1);
	h_tcp(h, &ctl, 0, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	h_tcp(h, &ctl, 1, PKT_TCP_FIN | PKT_TCP_ACK, NULL, 0);
	assert_int_equal(pptp_conv(h, &ctl).state, ALG_STATE_CLOSED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_pptp_call_v4),
		H_TEST(test_pptp_call_v6),
		H_TEST(test_pptp_clear_voids_resources),
		H_TEST(test_pptp_two_calls_clear_one),
		H_TEST(test_pptp_refused_call),
		H_TEST(test_pptp_incoming_call),
		H_TEST(test_pptp_split_and_merged),
		H_TEST(test_pptp_retransmission),
		H_TEST(test_pptp_wrong_cookie_mutes),
		H_TEST(test_pptp_lying_length),
		H_TEST(test_pptp_truncated_request),
		H_TEST(test_pptp_flood),
		H_TEST(test_pptp_resource_cap),
		H_TEST(test_pptp_fin_closes),
	};

	return H_RUN(tests);
}
