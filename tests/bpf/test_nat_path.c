// SPDX-License-Identifier: GPL-2.0
/*
 * NAT awareness through the real data path: conntrack entries made with
 * conntrack -I in a private network namespace, packets of both sides of a
 * translating router run through the entry programs with the NAT program
 * (nat.bpf.c) in place, then the sessions, aliases, conntrack tuples and the
 * report read back. Skipped where nf_conntrack or conntrack(8) is missing.
 */
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
#include "harness.h"
#include "replay_pair.h"
#include "report_nat.h"
/* After harness.h: netdb.h, which pcap.h brings, defines h_addr. */
#define PCAP_DONT_INCLUDE_PCAP_BPF_H
#include <pcap/pcap.h>
#include <pcap/dlt.h>
#include "nat.h"
#include "report.h"
#include "algtrack/nat.h"

#define INSIDE "192.0.2.2"      /* FTP client (SNAT), or server (DNAT) */
#define OUTSIDE "198.51.100.2"  /* the peer beyond the router */
#define ROUTER "203.0.113.254"  /* the router's outside address */

static char nat_off[256]; /* why the NAT tests cannot run here, or "" */

/* conntrack -I: an entry with original src:sport -> dst:dport and reply rsrc:rsport -> rdst:rdport. */
static void ct_insert(__u8 proto, const char *src, __u16 sport, const char *dst, __u16 dport,
		      const char *rsrc, __u16 rsport, const char *rdst, __u16 rdport)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd),
		 "conntrack -I -p %s -s %s -d %s --sport %u --dport %u -r %s -q %s "
		 "--reply-port-src %u --reply-port-dst %u %s -t 120 >/dev/null 2>&1",
		 proto == IPPROTO_TCP ? "tcp" : "udp", src, dst, sport, dport, rsrc, rdst, rsport,
		 rdport, proto == IPPROTO_TCP ? "--state ESTABLISHED" : "");
	assert_int_equal(system(cmd), 0);
}

static int group_setup(void **state)
{
	struct harness *h;

	/* A network namespace of our own: its conntrack table is the test's alone. */
	if (unshare(CLONE_NEWNET)) {
		perror("unshare(CLONE_NEWNET)");
		return -1;
	}
	if (h_group_setup(state))
		return -1;
	h = *state;
	if (system("conntrack -F >/dev/null 2>&1") != 0)
		snprintf(nat_off, sizeof(nat_off), "conntrack(8) does not run here");
	else if (nat_enable(h->skel, nat_off, sizeof(nat_off)))
		;
	else
		nat_off[0] = 0;
	if (nat_off[0])
		fprintf(stderr, "NAT tests skipped: %s\n", nat_off);
	return 0;
}

/* The kernel's clock: a capture's clock (replay) never asks conntrack. */
static int test_setup(void **state)
{
	if (h_reset(state))
		return -1;
	((struct harness *)*state)->kernel_clock = 1;
	return system("conntrack -F >/dev/null 2>&1") == 0 || nat_off[0] ? 0 : -1;
}

#define NAT_TEST(fn) cmocka_unit_test_setup(fn, test_setup)

static void nat_require(void)
{
	if (nat_off[0])
		skip();
}

/*
 * One TCP connection as each side of the router sees it: in is the
 * originator's side, out the other; a segment sent on one view advances
 * both views' sequence numbers.
 */
struct nat_conn {
	struct h_flow in;
	struct h_flow out;
};

static void conn_tcp(struct harness *h, struct nat_conn *c, int on_out, int dir, __u8 flags,
		     const char *text)
{
	struct h_flow *f = on_out ? &c->out : &c->in;

	h_tcp(h, f, dir, flags, text, text ? strlen(text) : 0);
	if (on_out)
		memcpy(c->in.seq, c->out.seq, sizeof(c->in.seq));
	else
		memcpy(c->out.seq, c->in.seq, sizeof(c->out.seq));
}

static void conn_init(struct nat_conn *c, const char *in_client, __u16 in_cport, const char *in_server,
		      __u16 in_sport, const char *out_client, __u16 out_cport, const char *out_server,
		      __u16 out_sport)
{
	h_flow_init(&c->in, IPPROTO_TCP, in_client, in_cport, in_server, in_sport);
	h_flow_init(&c->out, IPPROTO_TCP, out_client, out_cport, out_server, out_sport);
	memcpy(c->out.seq, c->in.seq, sizeof(c->out.seq));
}

/* conntrack's tuples kept for the session of the flow whose original tuple is orig. */
static void assert_nat_flow(struct harness *h, const struct alg_tuple *orig, const struct alg_tuple *reply)
{
	struct alg_maps m = h_maps(h);
	struct alg_nat_flow f;
	struct alg_tuple k = *orig;
	struct alg_session s;

	/* The session key is the original tuple in either orientation. */
	if (maps_session(&m, &k, &s)) {
		k = h_tuple_reverse(orig);
		assert_int_equal(maps_session(&m, &k, &s), 0);
	}
	assert_int_equal(bpf_map_lookup_elem(m.nat_flows, &k, &f), 0);
	assert_memory_equal(&f.orig, orig, sizeof(*orig));
	assert_memory_equal(&f.reply, reply, sizeof(*reply));
}

/* The one child session of the report's one conversation, its parent and its resource. */
static void report_one(struct harness *h, struct report_session *parent, struct report_session *child,
		       struct report_flow *expected)
{
	struct alg_maps m = h_maps(h);
	struct report r;
	const struct report_conversation *c;

	assert_int_equal(report_read(&m, h->now, "nat", &r), 0);
	assert_int_equal(r.n_interfaces, 1);
	assert_int_equal(r.interfaces[0].n_algs, 1);
	assert_int_equal(r.interfaces[0].algs[0].n_conversations, 1);
	c = &r.interfaces[0].algs[0].conversations[0];
	assert_true(c->has_parent);
	*parent = c->parent;
	assert_int_equal(c->n_resources, 1);
	assert_int_equal(c->resources[0].n_sessions, 1);
	*child = c->resources[0].sessions[0];
	*expected = c->resources[0].expected;
	report_free(&r);
}

static void assert_flow(const struct report_flow *f, const struct alg_tuple *t)
{
	assert_memory_equal(&f->src, &t->src, sizeof(t->src));
	assert_memory_equal(&f->dst, &t->dst, sizeof(t->dst));
	assert_int_equal(f->sport, ntohs(t->sport));
	assert_int_equal(f->dport, ntohs(t->dport));
}

/*
 * SNAT, client inside: the control connection's two sides are one session
 * and one conversation; the 227 seen outside announces a flow from the
 * router's address, and the data connection seen inside (pre-NAT) matches
 * it through conntrack's reply tuple.
 */
static void test_nat_snat_pasv(void **state)
{
	struct harness *h = *state;
	struct nat_conn ctl, data;
	struct alg_tuple o, r, data_o, data_r;
	struct alg_session s;
	struct alg_resource_key k = h_rkey(AF_INET, IPPROTO_TCP, ROUTER, OUTSIDE, 40000);
	struct report_session parent, child;
	struct report_flow expected;
	struct alg_conversation conv;

	nat_require();
	conn_init(&ctl, INSIDE, 40001, OUTSIDE, 21, ROUTER, 50001, OUTSIDE, 21);
	ct_insert(IPPROTO_TCP, INSIDE, 40001, OUTSIDE, 21, OUTSIDE, 21, ROUTER, 50001);
	o = h_tuple(&ctl.in, 0);
	r = h_tuple(&ctl.out, 1);

	conn_tcp(h, &ctl, 0, 0, PKT_TCP_SYN, NULL);
	conn_tcp(h, &ctl, 1, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL);
	conn_tcp(h, &ctl, 0, 0, PKT_TCP_ACK, NULL);
	conn_tcp(h, &ctl, 1, 1, PKT_TCP_PSH | PKT_TCP_ACK, "220 Service ready\r\n");
	conn_tcp(h, &ctl, 0, 0, PKT_TCP_PSH | PKT_TCP_ACK, "PASV\r\n");
	conn_tcp(h, &ctl, 1, 1, PKT_TCP_PSH | PKT_TCP_ACK,
		 "227 Entering Passive Mode (198,51,100,2,156,64)\r\n");

	/* One session, one conversation, under conntrack's original tuple. */
	assert_int_equal(h_sessions(h), 1);
	assert_int_equal(h_conversations(h), 1);
	s = h_session_get(h, &ctl.in);
	assert_int_equal(s.role, ALG_ROLE_PARENT);
	assert_int_equal(s.packets[0], 3);
	assert_int_equal(s.packets[1], 3);
	assert_true(s.flags & ALG_SF_NAT_KNOWN);
	conv = h_conversation_get(h, s.group_id);
	assert_memory_equal(&conv.parent, &o, sizeof(o));
	assert_nat_flow(h, &o, &r);
	/* The 227 was seen outside: the router's address opens it. */
	assert_int_equal(h_resource(h, &k, &(struct alg_resource){}), 0);

	/* The data connection: SYN inside, SYN-ACK outside; one child. */
	conn_init(&data, INSIDE, 40002, OUTSIDE, 40000, ROUTER, 50002, OUTSIDE, 40000);
	ct_insert(IPPROTO_TCP, INSIDE, 40002, OUTSIDE, 40000, OUTSIDE, 40000, ROUTER, 50002);
	data_o = h_tuple(&data.in, 0);
	data_r = h_tuple(&data.out, 1);
	conn_tcp(h, &data, 0, 0, PKT_TCP_SYN, NULL);
	conn_tcp(h, &data, 1, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL);
	conn_tcp(h, &data, 0, 0, PKT_TCP_ACK, NULL);
	assert_int_equal(h_sessions(h), 2);
	s = h_session_get(h, &data.in);
	assert_int_equal(s.role, ALG_ROLE_CHILD);
	assert_int_equal(s.packets[0], 2);
	assert_int_equal(s.packets[1], 1);
	assert_int_equal(h_conversation_get(h, s.group_id).children, 1);
	assert_nat_flow(h, &data_o, &data_r);

	/* The report: forward as the originator sent it, reverse as conntrack's reply. */
	report_one(h, &parent, &child, &expected);
	assert_flow(&parent.forward, &o);
	assert_flow(&parent.reverse, &r);
	assert_true(parent.translated);
	assert_flow(&child.forward, &data_o);
	assert_flow(&child.reverse, &data_r);
	assert_true(child.translated);
	/* The resource as the client will send the flow: from its inside address. */
	assert_memory_equal(&expected.src, &data_o.src, sizeof(data_o.src));
	assert_memory_equal(&expected.dst, &data_o.dst, sizeof(data_o.dst));
	assert_int_equal(expected.dport, 40000);
}

/*
 * DNAT, server inside (port forward): the client's PORT seen outside
 * announces its own address to the router's; the server's data connection
 * from inside is not in conntrack at its first SYN (netfilter has not seen
 * it yet) and matches nothing there, so the child is made by its SYN-ACK
 * on the outside, through conntrack's original tuple. Keyed and shown as the
 * server sent it.
 */
static void test_nat_dnat_port_child_on_reply(void **state)
{
	struct harness *h = *state;
	struct nat_conn ctl, data;
	struct alg_tuple o, r, data_o, data_r;
	struct report_session parent, child;
	struct report_flow expected;
	struct alg_session s;

	nat_require();
	h->use_tc = H_TC_INGRESS;
	/* The client outside connects to the router's 21, forwarded to the server inside. */
	conn_init(&ctl, OUTSIDE, 40010, ROUTER, 21, OUTSIDE, 40010, INSIDE, 21);
	ct_insert(IPPROTO_TCP, OUTSIDE, 40010, ROUTER, 21, INSIDE, 21, OUTSIDE, 40010);
	o = h_tuple(&ctl.in, 0);
	r = h_tuple(&ctl.out, 1);
	conn_tcp(h, &ctl, 0, 0, PKT_TCP_SYN, NULL);
	conn_tcp(h, &ctl, 1, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL);
	conn_tcp(h, &ctl, 0, 0, PKT_TCP_ACK, NULL);
	conn_tcp(h, &ctl, 1, 1, PKT_TCP_PSH | PKT_TCP_ACK, "220 Service ready\r\n");
	conn_tcp(h, &ctl, 0, 0, PKT_TCP_PSH | PKT_TCP_ACK, "PORT 198,51,100,2,156,65\r\n");
	conn_tcp(h, &ctl, 1, 1, PKT_TCP_PSH | PKT_TCP_ACK, "200 PORT command successful\r\n");
	assert_int_equal(h_sessions(h), 1);
	assert_int_equal(h_conversations(h), 1);
	assert_nat_flow(h, &o, &r);

	/* Server 192.0.2.2:20 -> client 40001, masqueraded to the router's 20. */
	conn_init(&data, INSIDE, 20, OUTSIDE, 40001, ROUTER, 20, OUTSIDE, 40001);
	conn_tcp(h, &data, 0, 0, PKT_TCP_SYN, NULL);
	assert_int_equal(h_sessions(h), 1);
	ct_insert(IPPROTO_TCP, INSIDE, 20, OUTSIDE, 40001, OUTSIDE, 40001, ROUTER, 20);
	data_o = h_tuple(&data.in, 0);
	data_r = h_tuple(&data.out, 1);
	conn_tcp(h, &data, 1, 1, PKT_TCP_SYN | PKT_TCP_ACK, NULL);
	conn_tcp(h, &data, 0, 0, PKT_TCP_ACK, NULL);
	assert_int_equal(h_sessions(h), 2);
	s = h_session_get(h, &data.in);
	assert_int_equal(s.role, ALG_ROLE_CHILD);
	assert_int_equal(s.packets[0], 1); /* the ACK: the SYN came before the child */
	assert_int_equal(s.packets[1], 1);
	assert_nat_flow(h, &data_o, &data_r);

	report_one(h, &parent, &child, &expected);
	assert_flow(&parent.forward, &o);
	assert_flow(&parent.reverse, &r);
	assert_flow(&child.forward, &data_o);
	assert_flow(&child.reverse, &data_r);
	/* The PORT seen outside, shown as the server inside will open it. */
	assert_memory_equal(&expected.src, &data_o.src, sizeof(data_o.src));
	assert_memory_equal(&expected.dst, &data_o.dst, sizeof(data_o.dst));
	assert_int_equal(expected.dport, 40001);
}

/* A flow conntrack knows untranslated: one session, no alias, no NAT tuples, asked once. */
static void test_nat_untranslated(void **state)
{
	struct harness *h = *state;
	struct alg_maps m;
	struct h_flow f;
	struct alg_session s;

	nat_require();
	h_flow_init(&f, IPPROTO_TCP, INSIDE, 40020, OUTSIDE, 21);
	ct_insert(IPPROTO_TCP, INSIDE, 40020, OUTSIDE, 21, OUTSIDE, 21, INSIDE, 40020);
	h_handshake(h, &f);
	h_tcp_str(h, &f, 1, "220 Service ready\r\n");
	s = h_session_get(h, &f);
	assert_int_equal(s.packets[0], 2);
	assert_int_equal(s.packets[1], 2);
	assert_true(s.flags & ALG_SF_NAT_KNOWN);
	m = h_maps(h);
	assert_int_equal(maps_count(m.nat_alias), 0);
	assert_int_equal(maps_count(m.nat_flows), 0);
}

/*
 * TC egress sees the router's own traffic after NAT: the inverted tuple
 * finds conntrack's entry, and the session is keyed as the originator sent it.
 */
static void test_nat_tc_egress_translated(void **state)
{
	struct harness *h = *state;
	struct nat_conn ctl;
	struct alg_tuple o, r;
	struct alg_session s;

	nat_require();
	h->use_tc = 1;
	conn_init(&ctl, INSIDE, 40030, OUTSIDE, 21, ROUTER, 50030, OUTSIDE, 21);
	ct_insert(IPPROTO_TCP, INSIDE, 40030, OUTSIDE, 21, OUTSIDE, 21, ROUTER, 50030);
	o = h_tuple(&ctl.in, 0);
	r = h_tuple(&ctl.out, 1);
	conn_tcp(h, &ctl, 1, 0, PKT_TCP_SYN, NULL);
	assert_int_equal(h_sessions(h), 1);
	s = h_session_get(h, &ctl.in);
	assert_int_equal(s.role, ALG_ROLE_PARENT);
	assert_int_equal(s.packets[0], 1);
	assert_nat_flow(h, &o, &r);
}

/* One TCP SYN into a capture at t_us microseconds. */
static void cap_syn(pcap_dumper_t *d, const char *src, __u16 sport, const char *dst, __u16 dport,
		    __u32 isn, long t_us)
{
	struct pkt_spec sp = { .proto = IPPROTO_TCP, .sport = sport, .dport = dport, .seq = isn,
			       .tcp_flags = PKT_TCP_SYN };
	struct pcap_pkthdr ph = { .ts = { .tv_sec = 1000 + t_us / 1000000, .tv_usec = t_us % 1000000 } };
	__u8 frame[256];

	sp.family = pkt_addr(src, sp.src);
	assert_int_equal(pkt_addr(dst, sp.dst), sp.family);
	ph.caplen = ph.len = (bpf_u_int32)pkt_build(frame, sizeof(frame), &sp);
	pcap_dump((u_char *)d, &ph, frame);
}

static struct alg_tuple tuple_of(const char *src, __u16 sport, const char *dst, __u16 dport)
{
	struct alg_tuple t = { .family = ALG_AF_INET, .proto = ALG_IPPROTO_TCP };
	__u8 a[16];

	pkt_addr(src, a);
	memcpy(t.src.w, a, 16);
	pkt_addr(dst, a);
	memcpy(t.dst.w, a, 16);
	t.sport = htons(sport);
	t.dport = htons(dport);
	return t;
}

/*
 * Replay's pairing of a capture's two sides: one connection before and after
 * masquerade (one ISN, the client's address rewritten) is paired; two
 * connections between the same hosts with one ISN, and one ISN seen again
 * seconds later, are not.
 */
static void test_nat_replay_pair(void **state)
{
	struct harness *h = *state;
	struct alg_maps m = h_maps(h);
	char path[64] = "/tmp/algtrack-nat-pair-XXXXXX";
	struct alg_tuple in = tuple_of(INSIDE, 40001, OUTSIDE, 21);
	struct alg_tuple out = tuple_of(ROUTER, 50001, OUTSIDE, 21);
	struct alg_tuple key = report_nat_key_of(&in), view = report_nat_key_of(&out);
	struct alg_nat_alias alias;
	struct alg_nat_flow flow;
	pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
	pcap_dumper_t *d;
	int fd = mkstemp(path);

	/* The 6.1 VM's root has no /tmp: the working directory then. */
	if (fd < 0) {
		snprintf(path, sizeof(path), "algtrack-nat-pair-XXXXXX");
		fd = mkstemp(path);
	}
	assert_true(fd >= 0);
	close(fd);
	d = pcap_dump_open(dead, path);
	assert_non_null(d);
	cap_syn(d, INSIDE, 40001, OUTSIDE, 21, 1000, 0);
	cap_syn(d, ROUTER, 50001, OUTSIDE, 21, 1000, 40);
	cap_syn(d, INSIDE, 40002, OUTSIDE, 21, 2000, 100);
	cap_syn(d, INSIDE, 40003, OUTSIDE, 21, 2000, 200);
	cap_syn(d, INSIDE, 40004, OUTSIDE, 21, 3000, 300);
	cap_syn(d, ROUTER, 50004, OUTSIDE, 21, 3000, 5000000);
	pcap_dump_close(d);
	pcap_close(dead);

	assert_int_equal(replay_pair(path, &m), 1);
	unlink(path);
	assert_int_equal(maps_count(m.nat_alias), 1);
	assert_int_equal(maps_count(m.nat_flows), 1);
	assert_int_equal(bpf_map_lookup_elem(m.nat_flows, &key, &flow), 0);
	assert_memory_equal(&flow.orig, &in, sizeof(in));
	out = h_tuple_reverse(&out);
	assert_memory_equal(&flow.reply, &out, sizeof(out));
	assert_int_equal(bpf_map_lookup_elem(m.nat_alias, &view, &alias), 0);
	assert_memory_equal(&alias.key, &key, sizeof(key));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		NAT_TEST(test_nat_snat_pasv),
		NAT_TEST(test_nat_dnat_port_child_on_reply),
		NAT_TEST(test_nat_untranslated),
		NAT_TEST(test_nat_tc_egress_translated),
		NAT_TEST(test_nat_replay_pair),
	};

	return cmocka_run_group_tests(tests, group_setup, h_group_teardown);
}
