// SPDX-License-Identifier: GPL-2.0
/*
 * The settings in the maps: what attach writes is what status reads back,
 * the data path's port -> ALG lookup and pre-filter follow the configured
 * control ports, and an LRU table's evictions are known exactly from the
 * inserts and deletes counted in table_ops.
 */
#include "alg_table.h"
#include "harness.h"
#include "settings.h"
#include "table_fill.h"

#define CLIENT "192.0.2.2"
#define SERVER "198.51.100.2"

/* The tables as before any configuration: ports, pre-filter and config empty. */
static void unconfigure(struct harness *h)
{
	assert_int_equal(maps_clear(h_fd(h->skel->maps.ports)), 0);
	assert_int_equal(maps_clear(h_fd(h->skel->maps.port_filter)), 0);
	assert_int_equal(maps_clear(h_fd(h->skel->maps.config)), 0);
}

static void write_settings(struct harness *h, const struct settings *s)
{
	unconfigure(h);
	assert_int_equal(loader_configure_settings(h->skel, s), 0);
}

static struct settings read_settings(struct harness *h)
{
	struct settings s;

	assert_int_equal(settings_read(h_fd(h->skel->maps.config), h_fd(h->skel->maps.ports), &s), 0);
	return s;
}

static void test_defaults_read_back(void **state)
{
	struct harness *h = *state;
	struct settings want, got;

	settings_default(&want);
	got = read_settings(h); /* h_reset() wrote the defaults */
	assert_memory_equal(&got, &want, sizeof(got));
}

static void test_custom_read_back(void **state)
{
	static const __u16 sip[] = { 6060, 5080 }, ftp[] = { 2121, 21 };
	struct harness *h = *state;
	struct settings want, got;

	settings_default(&want);
	want.enabled = ALG_BIT(ALG_FTP) | ALG_BIT(ALG_SIP) | ALG_BIT(ALG_RAS);
	want.third_party = ALG_BIT(ALG_FTP);
	want.resources_per_conversation = 4;
	want.idle_s[0] = 600;
	want.idle_s[1] = 30;
	want.linger_s = 0;
	want.resource_lifetime_s[ALG_SIP] = 90;
	settings_set_ports(&want, ALG_SIP, sip, 2);
	settings_set_ports(&want, ALG_FTP, ftp, 2);
	settings_drop_disabled_ports(&want);
	assert_int_equal(want.tcp_ports[ALG_H323][0], 0);
	write_settings(h, &want);
	got = read_settings(h);
	assert_memory_equal(&got, &want, sizeof(got));
	assert_int_equal(got.udp_ports[ALG_SIP][0], 5080);
	assert_int_equal(got.udp_ports[ALG_SIP][1], 6060);
	assert_int_equal(got.udp_ports[ALG_FTP][0], 0);
}

/* SIP moved to 5080: a datagram to 5060 opens nothing, one to 5080 a conversation. */
static void test_data_path_follows_ports(void **state)
{
	static const __u16 sip[] = { 5080 };
	struct harness *h = *state;
	struct settings s;
	struct h_flow old, moved;

	settings_default(&s);
	settings_set_ports(&s, ALG_SIP, sip, 1);
	write_settings(h, &s);
	assert_false(h_port_filtered(h, 5060));
	assert_true(h_port_filtered(h, 5080));
	h_flow_init(&old, IPPROTO_UDP, CLIENT, 40000, SERVER, 5060);
	h_udp_str(h, &old, 0, "OPTIONS sip:bob@198.51.100.2 SIP/2.0\r\n\r\n");
	assert_int_equal(h_stats(h, ALG_SIP).conversations, 0);
	h_flow_init(&moved, IPPROTO_UDP, CLIENT, 40001, SERVER, 5080);
	h_udp_str(h, &moved, 0, "OPTIONS sip:bob@198.51.100.2 SIP/2.0\r\n\r\n");
	assert_int_equal(h_stats(h, ALG_SIP).conversations, 1);
	assert_int_equal(h_session_get(h, &moved).alg, ALG_SIP);
	/* A disabled ALG's port opens nothing either. */
	s.enabled &= ~ALG_BIT(ALG_FTP);
	write_settings(h, &s);
	h_flow_init(&old, IPPROTO_TCP, CLIENT, 40002, SERVER, 21);
	h_tcp(h, &old, 0, PKT_TCP_SYN, NULL, 0);
	assert_int_equal(h_stats(h, ALG_FTP).conversations, 0);
}

/*
 * 64 FTP control connections through 16-entry unconfirmed tables (nothing
 * proves them: SYNs only): each SYN inserts a parent session and a
 * conversation; the tables evict what they cannot hold and the counts say
 * exactly how many.
 */
static void test_evictions_exact(void **state)
{
	struct loader_limits lim = { .max_unconfirmed = 16 };
	struct harness small = *(struct harness *)*state;
	struct table_fill t[ALG_TABLES];
	struct alg_maps m;
	char err[512];
	int ops;

	small.skel = loader_load(NULL, &lim, LOADER_HOOKS_ALL, err, sizeof(err));
	assert_non_null(small.skel);
	assert_int_equal(loader_configure(small.skel, LOADER_THIRD_PARTY_DEFAULT), 0);
	small.now = H_START_NS;
	for (__u16 i = 0; i < 64; i++) {
		struct h_flow f;

		h_flow_init(&f, IPPROTO_TCP, CLIENT, 30000 + i, SERVER, 21);
		h_tcp(&small, &f, 0, PKT_TCP_SYN, NULL, 0);
	}
	m = maps_of_skel(small.skel);
	ops = h_fd(small.skel->maps.table_ops);
	assert_int_equal(table_fill_read(&m, ops, t), 0);
	for (unsigned int k = ALG_TABLE_UNCONF_SESSIONS; k <= ALG_TABLE_UNCONF_CONVERSATIONS; k++) {
		assert_int_equal(t[k].max_entries, 16);
		assert_int_equal(t[k].inserted, 64);
		assert_int_equal(t[k].deleted, 0);
		assert_true(t[k].entries <= 16);
		assert_int_equal(t[k].evicted, 64 - t[k].entries);
	}
	assert_int_equal(t[ALG_TABLE_SESSIONS].inserted, 0);
	assert_int_equal(t[ALG_TABLE_SESSIONS].evicted, 0);
	/* What user space removes is no eviction; zeroed counts show none. */
	assert_int_equal(table_ops_removed(ops, ALG_TABLE_UNCONF_CONVERSATIONS,
					   t[ALG_TABLE_UNCONF_CONVERSATIONS].entries), 0);
	assert_int_equal(maps_clear(m.unconf_convs), 0);
	assert_int_equal(table_fill_read(&m, ops, t), 0);
	assert_int_equal(t[ALG_TABLE_UNCONF_CONVERSATIONS].entries, 0);
	assert_int_equal(t[ALG_TABLE_UNCONF_CONVERSATIONS].evicted,
			 64 - t[ALG_TABLE_UNCONF_CONVERSATIONS].deleted);
	assert_int_equal(table_ops_zero(&m, ops), 0);
	assert_int_equal(table_fill_read(&m, ops, t), 0);
	assert_int_equal(t[ALG_TABLE_UNCONF_SESSIONS].evicted, 0);
	assert_int_equal(t[ALG_TABLE_UNCONF_SESSIONS].inserted, 0);
	algtrack_bpf__destroy(small.skel);
}

/* A closed TCP session reused by a new SYN is deleted first: a delete, not an eviction. */
static void test_delete_counted(void **state)
{
	struct harness *h = *state;
	struct table_fill t[ALG_TABLES];
	struct alg_maps m = h_maps(h);
	struct h_flow f;

	h_flow_init(&f, IPPROTO_TCP, CLIENT, 30500, SERVER, 21);
	h_handshake(h, &f);
	h_tcp(h, &f, 0, PKT_TCP_RST, NULL, 0);
	assert_int_equal(h_session_get(h, &f).state, ALG_STATE_CLOSED);
	f.seq[0] += 100000;
	h_tcp(h, &f, 0, PKT_TCP_SYN, NULL, 0);
	assert_int_equal(table_fill_read(&m, h_fd(h->skel->maps.table_ops), t), 0);
	/* Nothing proved the channel: its sessions stayed in the unconfirmed table. */
	assert_int_equal(t[ALG_TABLE_UNCONF_SESSIONS].inserted, 2);
	assert_int_equal(t[ALG_TABLE_UNCONF_SESSIONS].deleted, 1);
	assert_int_equal(t[ALG_TABLE_UNCONF_SESSIONS].entries, 1);
	assert_int_equal(t[ALG_TABLE_UNCONF_SESSIONS].evicted, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_defaults_read_back, h_reset),
		cmocka_unit_test_setup(test_custom_read_back, h_reset),
		cmocka_unit_test_setup(test_data_path_follows_ports, h_reset),
		cmocka_unit_test_setup(test_evictions_exact, h_reset),
		cmocka_unit_test_setup(test_delete_counted, h_reset),
	};

	return cmocka_run_group_tests(tests, h_group_setup, h_group_teardown);
}
