// SPDX-License-Identifier: GPL-2.0
/*
 * Section 5: packets per second of `algtrack replay` on the largest public
 * SIP and FTP captures. Loading the BPF object takes most of a replay's wall
 * time, so the capture is also replayed as o->replay_copies back-to-back copies (each
 * shifted past the previous one in time), both timed in the same round, and
 * the rate is the extra packets over the extra time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pcap/pcap.h>
#include "bench.h"
#include "proc.h"

#define SECTION "replay"

/* Writes the capture `copies` times into out_path; returns its packet count. */
static long count_and_repeat(const char *path, const char *out_path, unsigned int copies)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_dumper_t *d = NULL;
	pcap_t *p;
	long n = 0;

	for (unsigned int copy = 0; copy < copies; copy++) {
		/* Each copy starts an hour after the previous one: its flows are new again. */
		time_t shift = (time_t)copy * 3600;

		p = pcap_open_offline(path, err);
		if (!p) {
			fprintf(stderr, "bench: %s\n", err);
			break;
		}
		if (!d && !(d = pcap_dump_open(p, out_path))) {
			pcap_close(p);
			break;
		}
		n = 0;
		while (pcap_next_ex(p, &h, &data) == 1) {
			struct pcap_pkthdr o = *h;

			n++;
			o.ts.tv_sec += shift;
			pcap_dump((u_char *)d, &o, data);
		}
		pcap_close(p);
	}
	if (d)
		pcap_dump_close(d);
	return n;
}

static int replay_one(const struct bench_opts *o, const char *path)
{
	char many[] = "/tmp/algtrack-bench-copies-XXXXXX", name[96];
	char *one_argv[] = { (char *)o->algtrack, "replay", (char *)path, NULL };
	char *many_argv[] = { (char *)o->algtrack, "replay", many, NULL };
	struct bench_row *rate, *wall;
	struct bench_proc pf, pc;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int fd = mkstemp(many), rc = 0;
	long n;

	if (fd < 0)
		return -1;
	close(fd);
	n = count_and_repeat(path, many, o->replay_copies);
	snprintf(name, sizeof(name), "replay %s", base);
	rate = bench_row_new(SECTION, name, "pkt/s");
	snprintf(name, sizeof(name), "replay %s: wall time", base);
	wall = bench_row_new(SECTION, name, "ms");
	if (n < 2) {
		unlink(many);
		return -1;
	}
	bench_row_note(rate, "%ld packets; %u copies vs 1: extra packets / extra time", n,
		       o->replay_copies);
	bench_row_note(wall, "end to end, loading the BPF object included");
	for (unsigned int r = 0; r < o->rounds && !rc; r++) {
		if (bench_proc_run(one_argv, NULL, &pf) || pf.status ||
		    bench_proc_run(many_argv, NULL, &pc) || pc.status) {
			fprintf(stderr, "bench: algtrack replay %s failed\n", path);
			rc = -1;
			break;
		}
		bench_row_add(wall, pf.wall_ms);
		bench_row_add(rate, pc.wall_ms > pf.wall_ms
					    ? (double)(o->replay_copies - 1) * n /
						      ((pc.wall_ms - pf.wall_ms) / 1e3)
					    : 0);
	}
	unlink(many);
	return rc;
}

int bench_replay(const struct bench_opts *o)
{
	int rc = 0;

	for (int i = 0; i < 2; i++) {
		if (!o->pcaps[i])
			continue;
		/* The captures live beside the repository ($SHARED), as for the replay tests. */
		if (access(o->pcaps[i], R_OK)) {
			fprintf(stderr, "bench: skipping replay: no capture at %s (set SHARED)\n",
				o->pcaps[i]);
			continue;
		}
		rc |= replay_one(o, o->pcaps[i]);
	}
	return rc;
}
