// SPDX-License-Identifier: GPL-2.0
/*
 * Encapsulations through the real data path: QinQ, IPv6 extension headers,
 * IP-in-IP and plain GRE, and control messages in IPv4 and IPv6 fragments
 * (reassembled in any order, hostile sets refused). The flows are tracked
 * by the packet innermost; whatever is not followed is counted by reason.
 */
#include "encap.h"
#include "sipmsg.h"
#include "algtrack/parse.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"
#define CLIENT6 "2001:db8::2"
#define SERVER6 "2001:db8:1::2"

/* How an FTP or SIP exchange is wrapped. */
struct wrap {
	int tags;
	int ext6;
	int outer; /* 0: not tunnelled */
	int gre;
	__u8 gre_flags;
};

static void wrap_send(struct harness *h, struct enc_ip *ip, const struct wrap *w)
{
	if (w->ext6)
		enc_ext6(ip, w->ext6);
	if (w->outer && w->gre)
		enc_gre(ip, w->outer, w->gre_flags);
	else if (w->outer)
		enc_ipip(ip, w->outer);
	enc_send(h, ip, w->tags);
}

/* The next TCP segment of a side, wrapped (sequence numbers as h_tcp()). */
static void wrap_tcp(struct harness *h, struct h_flow *f, int dir, __u8 flags, const char *text,
		     const struct wrap *w)
{
	static struct enc_ip ip;
	size_t len = text ? strlen(text) : 0;

	enc_flow_packet(&ip, f, dir, f->seq[dir], flags, text, len);
	wrap_send(h, &ip, w);
	f->seq[dir] += (__u32)len + !!(flags & PKT_TCP_SYN) + !!(flags & PKT_TCP_FIN);
}

static void wrap_udp(struct harness *h, const struct h_flow *f, int dir, const void *payload, size_t len,
		     const struct wrap *w)
{
	static struct enc_ip ip;

	enc_flow_packet(&ip, f, dir, 0, 0, payload, len);
	wrap_send(h, &ip, w);
}

static __u64 count_of(struct harness *h, enum alg_encap_count c)
{
	__u64 n[ALG_ENC__COUNT];

	enc_counts(h, n);
	return n[c];
}

/*
 * PASV, the 227 reply and the data connection, all wrapped alike: the
 * inner flows are the sessions, the resource and child are FTP's.
 */
static void ftp_pasv_wrapped(struct harness *h, const struct wrap *w, const char *client,
			     const char *server, const char *reply)
{
	struct h_flow ctl, data;
	struct alg_session parent, child;
	__u64 none[ALG_ENC__COUNT] = { 0 }, seen[ALG_ENC__COUNT];

	h_flow_init(&ctl, IPPROTO_TCP, client, 40001, server, 21);
	wrap_tcp(h, &ctl, 0, PKT_TCP_SYN, NULL, w);
	wrap_tcp(h, &ctl, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL, w);
	wrap_tcp(h, &ctl, 0, PKT_TCP_ACK, NULL, w);
	wrap_tcp(h, &ctl, 1, PKT_TCP_PSH | PKT_TCP_ACK, "220 Service ready\r\n", w);
	wrap_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, "PASV\r\n", w);
	wrap_tcp(h, &ctl, 1, PKT_TCP_PSH | PKT_TCP_ACK, reply, w);

	parent = h_session_get(h, &ctl);
	assert_int_equal(parent.role, ALG_ROLE_PARENT);
	assert_int_equal(parent.alg, ALG_FTP);
	assert_int_equal(parent.packets[0], 3);
	assert_int_equal(parent.packets[1], 3);
	assert_int_equal(h_resources(h), 1);
	assert_int_equal(h_assert_resources_between_peers(h), 1);

	h_flow_init(&data, IPPROTO_TCP, client, 40002, server, 40000);
	wrap_tcp(h, &data, 0, PKT_TCP_SYN, NULL, w);
	child = h_session_get(h, &data);
	assert_int_equal(child.role, ALG_ROLE_CHILD);
	assert_int_equal(child.group_id, parent.group_id);
	assert_int_equal(h_stats(h, ALG_FTP).children, 1);
	/* Everything was followed. */
	enc_counts(h, seen);
	assert_memory_equal(seen, none, sizeof(seen));
}

static const char *const pasv_v4 = "227 Entering Passive Mode (198,51,100,2,156,64)\r\n";
static const char *const epsv_v6 = "229 Entering Extended Passive Mode (|||40000|)\r\n";

static void test_ftp_over_qinq(void **state)
{
	struct wrap w = { .tags = 2 };

	ftp_pasv_wrapped(*state, &w, CLIENT, SERVER, pasv_v4);
}

static void test_ftp_over_qinq_tc(void **state)
{
	struct harness *h = *state;
	struct wrap w = { .tags = 2 };

	h->use_tc = H_TC_INGRESS;
	ftp_pasv_wrapped(h, &w, CLIENT6, SERVER6, epsv_v6);
}

static void test_ftp_ipv4_in_ipv4(void **state)
{
	struct wrap w = { .outer = AF_INET };

	ftp_pasv_wrapped(*state, &w, CLIENT, SERVER, pasv_v4);
}

static void test_ftp_ipv6_in_ipv4(void **state)
{
	struct wrap w = { .outer = AF_INET, .tags = 1 };

	ftp_pasv_wrapped(*state, &w, CLIENT6, SERVER6, epsv_v6);
}

static void test_ftp_ipv4_in_ipv6(void **state)
{
	struct wrap w = { .outer = AF_INET6 };

	ftp_pasv_wrapped(*state, &w, CLIENT, SERVER, pasv_v4);
}

static void test_ftp_in_gre(void **state)
{
	struct wrap w = { .outer = AF_INET, .gre = 1 };

	ftp_pasv_wrapped(*state, &w, CLIENT, SERVER, pasv_v4);
}

static void test_ftp_in_gre_key_seq_over_ipv6(void **state)
{
	struct harness *h = *state;
	struct wrap w = { .outer = AF_INET6, .gre = 1, .gre_flags = ENC_GRE_C | ENC_GRE_K | ENC_GRE_S };

	h->use_tc = 1;
	ftp_pasv_wrapped(h, &w, CLIENT6, SERVER6, epsv_v6);
}

/*
 * An INVITE with an audio offer (client port 6000) whose SDP carries
 * attribute lines enough to need fragments on a small MTU (about 900 bytes).
 */
static size_t sip_invite(char *msg, size_t cap, int family, const char *client)
{
	char sdp[1024];
	size_t len;

	sdp_audio(sdp, sizeof(sdp), client, 6000);
	for (int i = 0; i < 8; i++)
		strcat(sdp, "a=fmtp:101 0-15,32-36,64-79,96-99,128-135 ; x-pad=0123456789\r\n");
	len = sip_msg(msg, cap, family == AF_INET6 ? "INVITE sip:bob@[2001:db8:1::2] SIP/2.0"
						   : "INVITE sip:bob@198.51.100.2 SIP/2.0",
		      "1 INVITE", "application/sdp", sdp);
	assert_true(len > 800);
	return len;
}

/* The INVITE made its conversation and the two resources of its offer. */
static void assert_invite_tracked(struct harness *h, const struct h_flow *ctl)
{
	struct alg_session parent = h_session_get(h, ctl);
	struct alg_stats st = h_stats(h, ALG_SIP);

	assert_int_equal(parent.role, ALG_ROLE_PARENT);
	assert_int_equal(parent.alg, ALG_SIP);
	assert_int_equal(h_resources(h), 2);
	assert_int_equal(h_assert_resources_between_peers(h), 2);
	assert_int_equal(st.messages, 1);
	assert_int_equal(st.parse_errors, 0);
}

static void test_sip_ipv6_hop_by_hop_and_dest_options(void **state)
{
	struct harness *h = *state;
	struct wrap w = { .ext6 = 2 };
	char msg[SIP_BUF];
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT6, 5060, SERVER6, 5060);
	wrap_udp(h, &ctl, 0, msg, sip_invite(msg, sizeof(msg), AF_INET6, CLIENT6), &w);
	assert_invite_tracked(h, &ctl);
	assert_int_equal(count_of(h, ALG_ENC_EXT_HEADERS), 0);
}

/*
 * The INVITE cut into fragments of at most piece bytes of data, sent in
 * the order of order[] (fragment indexes); returns the fragments' IP bytes.
 */
static size_t sip_fragmented(struct harness *h, const struct h_flow *ctl, const char *client,
			     const int *order, int n, __u32 id)
{
	static struct enc_ip whole, frag;
	char msg[SIP_BUF];
	size_t len = sip_invite(msg, sizeof(msg), ctl->family, client), data, hdr, piece, bytes = 0;

	enc_flow_packet(&whole, ctl, 0, 0, 0, msg, len);
	hdr = enc_is_v6(&whole) ? PKT_IP6_LEN : PKT_IP4_LEN;
	data = whole.len - hdr;
	/* Every fragment but the last carries a multiple of 8 bytes. */
	piece = ((data + (size_t)n - 1) / (size_t)n + 7) & ~(size_t)7;
	assert_int_equal((data + piece - 1) / piece, n);
	for (int i = 0; i < n; i++) {
		size_t off = (size_t)order[i] * piece, flen = off + piece < data ? piece : data - off;

		enc_fragment(&frag, &whole, off, flen, off + flen < data, id);
		enc_send(h, &frag, 0);
		bytes += frag.len;
	}
	return bytes;
}

static void fragmented_invite(struct harness *h, const char *client, const char *server,
			      const int *order, int n)
{
	struct h_flow ctl;
	struct alg_session parent;
	size_t bytes;

	h_flow_init(&ctl, IPPROTO_UDP, client, 5060, server, 5060);
	bytes = sip_fragmented(h, &ctl, client, order, n, 0x4242);
	assert_invite_tracked(h, &ctl);
	assert_int_equal(count_of(h, ALG_ENC_REASSEMBLED), 1);
	/* The datagram counts once, with the IP bytes of all its fragments. */
	parent = h_session_get(h, &ctl);
	assert_int_equal(parent.packets[0], 1);
	assert_int_equal(parent.bytes[0], bytes);
	assert_int_equal(h_count(h->skel->maps.fragments), 0);
}

static void test_sip_invite_in_three_ipv4_fragments(void **state)
{
	static const int in_order[] = { 0, 1, 2 };

	fragmented_invite(*state, CLIENT, SERVER, in_order, 3);
}

static void test_sip_invite_in_three_ipv4_fragments_reversed(void **state)
{
	static const int reversed[] = { 2, 1, 0 };

	fragmented_invite(*state, CLIENT, SERVER, reversed, 3);
}

static void test_sip_invite_in_two_ipv4_fragments_tc(void **state)
{
	struct harness *h = *state;
	static const int last_first[] = { 1, 0 };

	h->use_tc = 1;
	fragmented_invite(h, CLIENT, SERVER, last_first, 2);
}

static void test_sip_invite_in_ipv6_fragments(void **state)
{
	static const int mixed[] = { 1, 2, 0 };

	fragmented_invite(*state, CLIENT6, SERVER6, mixed, 3);
}

/* A first fragment of the INVITE alone: the datagram is never whole, nothing is parsed. */
static void assert_nothing_parsed(struct harness *h)
{
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SIP).parsed, 0);
	assert_int_equal(count_of(h, ALG_ENC_REASSEMBLED), 0);
}

static void test_overlapping_fragments_refused(void **state)
{
	struct harness *h = *state;
	static struct enc_ip whole, frag;
	char msg[SIP_BUF];
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);
	enc_flow_packet(&whole, &ctl, 0, 0, 0, msg, sip_invite(msg, sizeof(msg), AF_INET, CLIENT));
	/* [0, 272), then [264, 536) over its end, then the rest: refused at the overlap. */
	enc_fragment(&frag, &whole, 0, 272, 1, 7);
	enc_send(h, &frag, 0);
	enc_fragment(&frag, &whole, 264, 272, 1, 7);
	enc_send(h, &frag, 0);
	enc_fragment(&frag, &whole, 536, whole.len - PKT_IP4_LEN - 536, 0, 7);
	enc_send(h, &frag, 0);
	assert_nothing_parsed(h);
	assert_int_equal(count_of(h, ALG_ENC_FRAG_OVERLAP), 1);
	/* A repeated fragment is an overlap too (RFC 5722): one more datagram refused. */
	enc_fragment(&frag, &whole, 0, 272, 1, 8);
	enc_send(h, &frag, 0);
	enc_send(h, &frag, 0);
	assert_int_equal(count_of(h, ALG_ENC_FRAG_OVERLAP), 2);
	assert_nothing_parsed(h);
}

static void test_oversized_and_too_many_fragments_refused(void **state)
{
	struct harness *h = *state;
	static struct enc_ip whole, frag;
	static __u8 big[ALG_MAX_PAYLOAD + 200];
	struct h_flow ctl;
	int i;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);
	memset(big, 'x', sizeof(big));
	enc_flow_packet(&whole, &ctl, 0, 0, 0, big, sizeof(big));
	/*
	 * Past the parse window: the fragment that ends beyond it refuses the
	 * datagram (fragments of 1,400 bytes, as a 1,500-byte MTU cuts them).
	 */
	for (size_t off = 0; off < whole.len - PKT_IP4_LEN; off += 1400) {
		size_t left = whole.len - PKT_IP4_LEN - off;

		enc_fragment(&frag, &whole, off, left > 1400 ? 1400 : left, left > 1400, 21);
		enc_send(h, &frag, 0);
	}
	assert_int_equal(count_of(h, ALG_ENC_FRAG_OVERFLOW), 1);

	/* Nine fragments of 64 bytes: one more than a datagram may have. */
	for (i = 0; i < 9; i++) {
		enc_fragment(&frag, &whole, (size_t)i * 64, 64, 1, 22);
		enc_send(h, &frag, 0);
	}
	assert_int_equal(count_of(h, ALG_ENC_FRAG_OVERFLOW), 2);
	assert_nothing_parsed(h);
	/* Each refused datagram holds one entry, no more. */
	assert_int_equal(h_count(h->skel->maps.fragments), 2);
}

static void test_malformed_fragments_refused(void **state)
{
	struct harness *h = *state;
	static struct enc_ip whole, frag;
	char msg[SIP_BUF];
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);
	enc_flow_packet(&whole, &ctl, 0, 0, 0, msg, sip_invite(msg, sizeof(msg), AF_INET, CLIENT));
	/* A first fragment shorter than the UDP header (RFC 1858's tiny fragment). */
	enc_fragment(&frag, &whole, 0, 4, 1, 31);
	enc_send(h, &frag, 0);
	/* A fragment that is not the last but carries no multiple of 8 bytes. */
	enc_fragment(&frag, &whole, 0, 100, 1, 32);
	enc_send(h, &frag, 0);
	/* Two last fragments that disagree on where the datagram ends. */
	enc_fragment(&frag, &whole, 256, 64, 0, 33);
	enc_send(h, &frag, 0);
	enc_fragment(&frag, &whole, 512, 64, 0, 33);
	enc_send(h, &frag, 0);
	assert_int_equal(count_of(h, ALG_ENC_FRAG_MALFORMED), 3);
	assert_nothing_parsed(h);
}

static void test_fragment_timeout(void **state)
{
	struct harness *h = *state;
	static struct enc_ip whole, frag;
	char msg[SIP_BUF];
	struct h_flow ctl;
	size_t data;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);
	enc_flow_packet(&whole, &ctl, 0, 0, 0, msg, sip_invite(msg, sizeof(msg), AF_INET, CLIENT));
	data = whole.len - PKT_IP4_LEN;
	enc_fragment(&frag, &whole, 0, 272, 1, 41);
	enc_send(h, &frag, 0);
	h_advance(h, 16 * ALG_NS_PER_SEC);
	enc_fragment(&frag, &whole, 272, data - 272, 0, 41);
	enc_send(h, &frag, 0);
	assert_int_equal(count_of(h, ALG_ENC_FRAG_TIMEOUT), 1);
	assert_nothing_parsed(h);

	/* In time, the same two fragments make the datagram. */
	enc_fragment(&frag, &whole, 0, 272, 1, 42);
	enc_send(h, &frag, 0);
	h_advance(h, 14 * ALG_NS_PER_SEC);
	enc_fragment(&frag, &whole, 272, data - 272, 0, 42);
	enc_send(h, &frag, 0);
	assert_int_equal(count_of(h, ALG_ENC_REASSEMBLED), 1);
	assert_invite_tracked(h, &ctl);
}

/* Fragments of untracked ports are let go at their first fragment: nothing is kept or parsed. */
static void test_untracked_fragments_let_go(void **state)
{
	struct harness *h = *state;
	static struct enc_ip whole, frag;
	static __u8 payload[600];
	struct h_flow f;

	h_flow_init(&f, IPPROTO_UDP, CLIENT, 33000, SERVER, 33001);
	enc_flow_packet(&whole, &f, 0, 0, 0, payload, sizeof(payload));
	enc_fragment(&frag, &whole, 0, 304, 1, 51);
	enc_send(h, &frag, 0);
	enc_fragment(&frag, &whole, 304, whole.len - PKT_IP4_LEN - 304, 0, 51);
	enc_send(h, &frag, 0);
	assert_int_equal(count_of(h, ALG_ENC_REASSEMBLED), 0);
	assert_int_equal(h_sessions(h), 0);
}

/* Later fragments of TCP are counted, not reassembled. */
static void test_tcp_fragments_counted(void **state)
{
	struct harness *h = *state;
	static struct enc_ip whole, frag;
	static __u8 payload[600];
	struct h_flow f;

	h_flow_init(&f, IPPROTO_TCP, CLIENT, 40001, SERVER, 21);
	enc_flow_packet(&whole, &f, 0, f.seq[0], PKT_TCP_ACK, payload, sizeof(payload));
	enc_fragment(&frag, &whole, 304, whole.len - PKT_IP4_LEN - 304, 0, 61);
	enc_send(h, &frag, 0);
	assert_int_equal(count_of(h, ALG_ENC_FRAG_PROTO), 1);
}

static void test_not_followed_counted_by_reason(void **state)
{
	struct harness *h = *state;
	static struct enc_ip ip;
	static const __u8 arp[42] = { 0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x06 };
	char msg[SIP_BUF];
	size_t len = sip_invite(msg, sizeof(msg), AF_INET6, CLIENT6);
	struct h_flow ctl, ctl4;

	h_flow_init(&ctl, IPPROTO_UDP, CLIENT6, 5060, SERVER6, 5060);
	h_flow_init(&ctl4, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);

	/* Seven extension headers: one more than the walk follows. */
	enc_flow_packet(&ip, &ctl, 0, 0, 0, msg, len);
	enc_ext6(&ip, 7);
	enc_send(h, &ip, 0);
	assert_int_equal(count_of(h, ALG_ENC_EXT_HEADERS), 1);

	/* Three VLAN tags. */
	enc_flow_packet(&ip, &ctl4, 0, 0, 0, "x", 1);
	enc_send(h, &ip, 3);
	assert_int_equal(count_of(h, ALG_ENC_VLAN_DEPTH), 1);

	/* A tunnel in a tunnel. */
	enc_flow_packet(&ip, &ctl4, 0, 0, 0, "x", 1);
	enc_ipip(&ip, AF_INET);
	enc_ipip(&ip, AF_INET);
	enc_send(h, &ip, 0);
	assert_int_equal(count_of(h, ALG_ENC_TUNNEL), 1);

	/* GRE with the routing bit of RFC 1701, which RFC 2784 reserves. */
	enc_flow_packet(&ip, &ctl4, 0, 0, 0, "x", 1);
	enc_gre(&ip, AF_INET, 0x40);
	enc_send(h, &ip, 0);
	assert_int_equal(count_of(h, ALG_ENC_TUNNEL), 2);

	/* Not IP at all. */
	h_send_frame(h, arp, sizeof(arp));
	assert_int_equal(count_of(h, ALG_ENC_ETHERTYPE), 1);

	/* Headers cut short: an IPv6 hop-by-hop header past the frame's end. */
	enc_flow_packet(&ip, &ctl, 0, 0, 0, msg, len);
	enc_ext6(&ip, 1);
	ip.len = PKT_IP6_LEN + 4;
	enc_send(h, &ip, 0);
	assert_int_equal(count_of(h, ALG_ENC_TRUNCATED), 1);

	assert_int_equal(h_sessions(h), 0);
	assert_int_equal(h_stats(h, ALG_SIP).parsed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_ftp_over_qinq),
		H_TEST(test_ftp_over_qinq_tc),
		H_TEST(test_ftp_ipv4_in_ipv4),
		H_TEST(test_ftp_ipv6_in_ipv4),
		H_TEST(test_ftp_ipv4_in_ipv6),
		H_TEST(test_ftp_in_gre),
		H_TEST(test_ftp_in_gre_key_seq_over_ipv6),
		H_TEST(test_sip_ipv6_hop_by_hop_and_dest_options),
		H_TEST(test_sip_invite_in_three_ipv4_fragments),
		H_TEST(test_sip_invite_in_three_ipv4_fragments_reversed),
		H_TEST(test_sip_invite_in_two_ipv4_fragments_tc),
		H_TEST(test_sip_invite_in_ipv6_fragments),
		H_TEST(test_overlapping_fragments_refused),
		H_TEST(test_oversized_and_too_many_fragments_refused),
		H_TEST(test_malformed_fragments_refused),
		H_TEST(test_fragment_timeout),
		H_TEST(test_untracked_fragments_let_go),
		H_TEST(test_tcp_fragments_counted),
		H_TEST(test_not_followed_counted_by_reason),
	};

	return H_RUN(tests);
}
