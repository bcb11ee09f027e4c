// SPDX-License-Identifier: GPL-2.0
/*
 * Section 4: the live path. live.sh streams TCP and UDP through the lab
 * router in three setups, interleaved per round; here each setup becomes a
 * throughput ratio to plain forwarding of the same round.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench.h"

#define SECTION "live path"

enum { PLAIN, ALGTRACK, CONNTRACK, N_MODES };
static const char *const mode_names[N_MODES] = { "plain", "algtrack", "conntrack" };

/* Received bit/s per protocol, mode and round (0: missing). */
static double bps[2][N_MODES][BENCH_MAX_ROUNDS];

static int parse_line(const char *line, unsigned int rounds)
{
	char proto[8], mode[16];
	unsigned int round;
	double v;

	if (sscanf(line, "live %7s %15s %u %lf", proto, mode, &round, &v) != 4 || !round ||
	    round > rounds)
		return 0;
	for (int m = 0; m < N_MODES; m++)
		if (!strcmp(mode, mode_names[m]))
			bps[strcmp(proto, "tcp") != 0][m][round - 1] = v;
	return 1;
}

static void rows_for(const char *proto, int p, unsigned int rounds, unsigned int seconds)
{
	struct bench_row *plain, *alg, *ct, *vs;
	char name[96];

	snprintf(name, sizeof(name), "%s, plain forwarding", proto);
	plain = bench_row_new(SECTION, name, "Gbit/s");
	snprintf(name, sizeof(name), "%s, algtrack on r0+r1 / plain", proto);
	alg = bench_row_new(SECTION, name, "x");
	bench_row_target(alg, BENCH_T_VALUE_MIN, 0.95, ">= 0.95");
	snprintf(name, sizeof(name), "%s, nf_conntrack+helpers / plain", proto);
	ct = bench_row_new(SECTION, name, "x");
	snprintf(name, sizeof(name), "%s, algtrack / nf_conntrack+helpers", proto);
	vs = bench_row_new(SECTION, name, "x");
	bench_row_target(vs, BENCH_T_VALUE_MIN, 1.0, ">= 1.0");
	for (unsigned int r = 0; r < rounds; r++) {
		double base = bps[p][PLAIN][r];

		if (!base || !bps[p][ALGTRACK][r] || !bps[p][CONNTRACK][r])
			continue;
		bench_row_add(plain, base / 1e9);
		bench_row_add(alg, bps[p][ALGTRACK][r] / base);
		bench_row_add(ct, bps[p][CONNTRACK][r] / base);
		bench_row_add(vs, bps[p][ALGTRACK][r] / bps[p][CONNTRACK][r]);
	}
	bench_row_note(plain, "iperf3 cli -> rtr -> srv, %u s per stream, setups interleaved",
		       seconds);
	bench_row_note(alg, "TC ingress + TC egress on veth, attach's default");
}

int bench_live(const struct bench_opts *o)
{
	char cmd[512], line[256];
	unsigned int got = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "%s %u %u", o->live_script, o->rounds, o->live_seconds);
	p = popen(cmd, "r");
	if (!p) {
		perror(o->live_script);
		return -1;
	}
	while (fgets(line, sizeof(line), p))
		got += (unsigned int)parse_line(line, o->rounds);
	if (pclose(p) != 0 || got != 2 * N_MODES * o->rounds) {
		fprintf(stderr, "bench: the live path gave %u of %u figures\n", got,
			2 * N_MODES * o->rounds);
		return -1;
	}
	rows_for("TCP", 0, o->rounds, o->live_seconds);
	rows_for("UDP", 1, o->rounds, o->live_seconds);
	return 0;
}
