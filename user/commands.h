/* SPDX-License-Identifier: GPL-2.0 */
/* The commands that read the tracker's state. 0 on success, -1 after logging. */
#ifndef ALGTRACK_COMMANDS_H
#define ALGTRACK_COMMANDS_H

#include <linux/types.h>

/* How status and check print: text, or JSON (compact, or indented with -p). */
enum alg_output {
	ALG_OUTPUT_TEXT,
	ALG_OUTPUT_JSON,
	ALG_OUTPUT_JSON_PRETTY,
};

/* `show services alg conversations` over the live, pinned maps. */
int show_conversations(int argc, char **argv);
/*
 * `replay FILE... [options] [show arguments]`, in any order ("-": stdin):
 * captures through private copies of the programs, configured by settings.
 */
struct settings;
int replay_captures(const struct settings *settings, int argc, char **argv);
/* `status`: hooks, table fill levels, per-ALG counters. */
int status_print(enum alg_output out);
/* `monitor`: the data path's events, one line each (JSON with json), until a signal. */
int monitor_events(int json);
/* `check`: what algtrack needs, each program's verified size, a verdict. */
int check_programs(enum alg_output out);

/* `clear [conversations | counters | all]` on the live attachment. */
int clear_tracker(int argc, char **argv);
/* `stats --prometheus`: the counters and table fill as a Prometheus text exposition. */
int stats_prometheus(void);

#endif /* ALGTRACK_COMMANDS_H */
