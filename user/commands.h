/* SPDX-License-Identifier: GPL-2.0 */
/* The commands that read the tracker's state. 0 on success, -1 after logging. */
#ifndef ALGTRACK_COMMANDS_H
#define ALGTRACK_COMMANDS_H

#include <linux/types.h>

/* `show services alg conversations` over the live, pinned maps. */
int show_conversations(int argc, char **argv);
/*
 * `replay FILE... [options] [show arguments]`, in any order ("-": stdin):
 * captures through private copies of the programs, configured by settings.
 */
struct settings;
int replay_captures(const struct settings *settings, int argc, char **argv);
/* `status`: hooks, table fill levels, per-ALG counters. */
int status_print(int json);
/* `monitor`: the data path's events, one line each (JSON with json), until a signal. */
int monitor_events(int json);
/* `check`: load a private copy and print each program's verified size. */
int check_programs(int json);

/* `clear [conversations | counters | all]` on the live attachment. */
int clear_tracker(int argc, char **argv);
/* `stats --prometheus`: the counters and table fill as a Prometheus text exposition. */
int stats_prometheus(void);

#endif /* ALGTRACK_COMMANDS_H */
