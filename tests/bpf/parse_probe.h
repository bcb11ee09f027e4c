/* SPDX-License-Identifier: GPL-2.0 */
/* The parse probe: its frame (this header, then the message) and its one map entry. */
#ifndef ALGTRACK_TEST_PARSE_PROBE_H
#define ALGTRACK_TEST_PARSE_PROBE_H

#include "algtrack/parsers.h"

struct parse_probe_hdr {
	__u32 alg;
	__u32 pad[3]; /* a frame is at least an Ethernet header long */
};

/*
 * What one run hands the parser and gets back (the probe_io map's one
 * entry): the test writes the context, a zeroed buffer and a result holding
 * the private state on entry; the probe copies the message in and parses.
 */
struct parse_probe_io {
	struct alg_parse_ctx ctx;
	struct alg_parse_result res;
	struct alg_buf buf;
	__s32 rc;
	__u32 runs;
};

#endif /* ALGTRACK_TEST_PARSE_PROBE_H */
