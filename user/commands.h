/* SPDX-License-Identifier: GPL-2.0 */
/* The commands that read the tracker's state. 0 on success, -1 after logging. */
#ifndef ALGTRACK_COMMANDS_H
#define ALGTRACK_COMMANDS_H

#include <linux/types.h>

/* `show services alg conversations` over the live, pinned maps. */
int show_conversations(int argc, char **argv);
/* `replay FILE ...`: a capture through private copies of the programs. */
int replay_capture(const char *file, __u32 third_party, int midstream_pickup, int argc, char **argv);
/* `status`: hooks, table fill levels, per-ALG counters. */
int status_print(int json);
/* `check`: load a private copy and print each program's verified size. */
int check_programs(int json);

#endif /* ALGTRACK_COMMANDS_H */
