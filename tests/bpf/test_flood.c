// SPDX-License-Identifier: GPL-2.0
/*
 * Floods of bogus control sessions against proven ones, on small tables:
 * control channels that have not proven themselves (no well-formed message
 * with packets both ways, no flow of theirs) live in the unconfirmed
 * tables, so a flood of SYNs to port 21 churns those alone and an idle
 * conversation keeps its group id, its next PASV and its child.
 */
#include "harness.h"
#include "slipmsg.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"

/* Small tables: a flood of a few thousand SYNs overflows them. */
#define FLOOD_TABLE 1024
#define FLOOD_UNCONFIRMED 512
#define FLOOD_SYNS (4 * FLOOD_UNCONFIRMED)

static int flood_group_setup(void **state)
{
	const struct loader_limits lim = {
		.max_sessions = FLOOD_TABLE,
		.max_conversations = FLOOD_TABLE,
		.max_resources = FLOOD_TABLE,
		.max_unconfirmed = FLOOD_UNCONFIRMED,
	};
	struct harness *h = calloc(1, sizeof(*h));
	char err[512];

	if (!h)
		return -1;
	h->skel = loader_load(NULL, &lim, LOADER_HOOKS_ALL, err, sizeof(err));
	if (!h->skel) {
		fprintf(stderr, "%s\n", err);
		free(h);
		return -1;
	}
	*state = h;
	return 0;
}

/* Is the flow's session in the confirmed table? */
static int confirmed(struct harness *h, const struct h_flow *f)
{
	int fd = h_fd(h->skel->maps.sessions);
	struct alg_tuple fwd = h_tuple(f, 0), rev = h_tuple_reverse(&fwd);
	struct alg_session s;

	return !bpf_map_lookup_elem(fd, &fwd, &s) || !bpf_map_lookup_elem(fd, &rev, &s);
}

static int conversation_confirmed(struct harness *h, __u32 group_id)
{
	struct alg_conversation c;

	return !bpf_map_lookup_elem(h_fd(h->skel->maps.conversations), &group_id, &c);
}

/* An FTP login: the server's replies prove the channel. */
static void ftp_login(struct harness *h, struct h_flow *ctl, __u16 cport)
{
	h_flow_init(ctl, IPPROTO_TCP, CLIENT, cport, SERVER, 21);
	h_handshake(h, ctl);
	h_tcp_str(h, ctl, 1, "220 (vsFTPd 3.0.3)\r\n");
	h_tcp_str(h, ctl, 0, "USER anonymous\r\n");
	h_tcp_str(h, ctl, 1, "331 Please specify the password.\r\n");
	h_tcp_str(h, ctl, 0, "PASS guest\r\n");
	h_tcp_str(h, ctl, 1, "230 Login successful.\r\n");
}

/*
 * SYNs to port 21 from many addresses and ports, each answered by the
 * server's SYN-ACK (a real server answers spoofed SYNs): packets both ways,
 * but never a control message.
 */
static void syn_flood(struct harness *h, unsigned int n)
{
	char addr[32];

	for (unsigned int i = 0; i < n; i++) {
		struct h_flow f;

		snprintf(addr, sizeof(addr), "203.0.113.%u", 1 + i % 250);
		h_flow_init(&f, IPPROTO_TCP, addr, (__u16)(1024 + i), SERVER, 21);
		h_tcp(h, &f, 0, PKT_TCP_SYN, NULL, 0);
		h_tcp(h, &f, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL, 0);
	}
}

/* The seen failure: an idle FTP conversation evicted by a flood, its next PASV missed. */
static void test_flood_keeps_idle_conversation(void **state)
{
	struct harness *h = *state;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, CLIENT, SERVER, 40000);
	struct alg_session parent;
	struct h_flow ctl, data;
	__u32 gid;

	ftp_login(h, &ctl, 40100);
	assert_true(confirmed(h, &ctl));
	parent = h_session_get(h, &ctl);
	gid = parent.group_id;
	assert_true(parent.flags & ALG_SF_CONFIRMED);
	assert_true(conversation_confirmed(h, gid));

	h_advance(h, 6 * ALG_NS_PER_SEC);
	syn_flood(h, FLOOD_SYNS);
	assert_int_equal(h_stats(h, ALG_FTP).conversations, FLOOD_SYNS + 1);
	/* The flood filled the unconfirmed tables only, and overflowed them. */
	assert_true(h_count(h->skel->maps.unconf_sessions) <= FLOOD_UNCONFIRMED);
	assert_true(h_count(h->skel->maps.unconf_convs) <= FLOOD_UNCONFIRMED);
	assert_int_equal(h_count(h->skel->maps.sessions), 1);
	assert_int_equal(h_count(h->skel->maps.conversations), 1);

	h_tcp_str(h, &ctl, 0, "PASV\r\n");
	h_tcp_str(h, &ctl, 1, "227 Entering Passive Mode (198,51,100,2,156,64)\r\n");
	assert_int_equal(h_resource_get(h, &k).group_id, gid);
	assert_int_equal(h_session_get(h, &ctl).group_id, gid);

	h_flow_init(&data, IPPROTO_TCP, CLIENT, 40101, SERVER, 40000);
	h_tcp(h, &data, 0, PKT_TCP_SYN, NULL, 0);
	assert_int_equal(h_session_get(h, &data).group_id, gid);
	assert_int_equal(h_session_get(h, &data).role, ALG_ROLE_CHILD);
	assert_int_equal(h_conversation_get(h, gid).children, 1);
}

/* A handshake alone, or a client's words alone, prove nothing. */
static void test_unproven_stays_unconfirmed(void **state)
{
	struct harness *h = *state;
	struct alg_session s;
	struct h_flow ctl;

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40200, SERVER, 21);
	h_handshake(h, &ctl);
	h_tcp_str(h, &ctl, 0, "USER anonymous\r\n");
	assert_false(confirmed(h, &ctl));
	s = h_session_get(h, &ctl);
	assert_false(s.flags & (ALG_SF_CONFIRMED | ALG_SF_PROVEN));
	assert_false(conversation_confirmed(h, s.group_id));

	/* The server's banner is FTP: proven, with packets both ways. */
	h_tcp_str(h, &ctl, 1, "220 ready\r\n");
	assert_true(confirmed(h, &ctl));
	assert_true(conversation_confirmed(h, s.group_id));
	assert_int_equal(h_sessions(h), 1);
	assert_int_equal(h_conversations(h), 1);
}

/*
 * A SIP INVITE over UDP with no answer yet: one direction, unconfirmed, yet
 * its media resource stands. The media flow it negotiated confirms it.
 */
static void test_child_confirms_parent(void **state)
{
	struct harness *h = *state;
	struct h_flow sig, media;
	struct alg_session s;
	char sdp[512], invite[1500];

	sdp_audio(sdp, sizeof(sdp), CLIENT, 6000);
	assert_true(sip_msg(invite, sizeof(invite), "INVITE sip:bob@198.51.100.2 SIP/2.0", "1 INVITE",
			    "application/sdp", sdp) > 0);
	h_flow_init(&sig, IPPROTO_UDP, CLIENT, 5060, SERVER, 5060);
	h_udp_str(h, &sig, 0, invite);
	assert_true(h_resources(h) > 0);
	s = h_session_get(h, &sig);
	assert_false(confirmed(h, &sig));

	h_flow_init(&media, IPPROTO_UDP, SERVER, 7000, CLIENT, 6000);
	h_udp_str(h, &media, 0, "rtp");
	assert_int_equal(h_session_get(h, &media).group_id, s.group_id);
	assert_true(confirmed(h, &sig));
	assert_true(conversation_confirmed(h, s.group_id));
	assert_int_equal(h_session_get(h, &sig).session_id, s.session_id);
	assert_int_equal(h_conversations(h), 1);
}

/* Unproven channels go first: the flood evicts the oldest of them, not a proven one. */
static void test_flood_evicts_unconfirmed(void **state)
{
	struct harness *h = *state;
	struct h_flow quiet, proven;

	h_flow_init(&quiet, IPPROTO_TCP, CLIENT, 40300, SERVER, 21);
	h_handshake(h, &quiet);
	ftp_login(h, &proven, 40301);
	syn_flood(h, FLOOD_SYNS);
	assert_int_equal(h_session(h, &quiet, &(struct alg_session){ 0 }), -1);
	assert_true(confirmed(h, &proven));
}

/*
 * NAT Slipstreaming after a flood: an HTTP POST to 5060 is muted (and never
 * proven, so unconfirmed); the flood evicts it; its stream, picked up again
 * mid-way, is muted again and the INVITE in its body opens nothing.
 */
static void test_flood_evicts_muted_slipstream(void **state)
{
	struct harness *h = *state;
	struct h_flow ctl;
	char invite[SIP_BUF];
	size_t len = slip_invite(invite, sizeof(invite), CLIENT);

	h_flow_init(&ctl, IPPROTO_TCP, CLIENT, 40400, SERVER, 5060);
	h_handshake(h, &ctl);
	h_tcp_str(h, &ctl, 0, SLIP_POST(5060));
	assert_true(h_session_get(h, &ctl).flags & ALG_SF_MUTE_FWD);
	syn_flood(h, FLOOD_SYNS);
	assert_int_equal(h_session(h, &ctl, &(struct alg_session){ 0 }), -1);

	h_tcp_str(h, &ctl, 0, "filler=AAAA\r\n");
	h_tcp_str(h, &ctl, 0, "filler=BBBB\r\n");
	h_tcp(h, &ctl, 0, PKT_TCP_PSH | PKT_TCP_ACK, invite, len);
	assert_int_equal(h_resources(h), 0);
	assert_int_equal(h_stats(h, ALG_SIP).conversations, 2);
	assert_true(h_session_get(h, &ctl).flags & ALG_SF_MUTE_FWD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		H_TEST(test_flood_keeps_idle_conversation),
		H_TEST(test_unproven_stays_unconfirmed),
		H_TEST(test_child_confirms_parent),
		H_TEST(test_flood_evicts_unconfirmed),
		H_TEST(test_flood_evicts_muted_slipstream),
	};

	return cmocka_run_group_tests(tests, flood_group_setup, h_group_teardown);
}
