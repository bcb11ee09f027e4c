/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The encap counters (struct alg_encap_count): packets the data path did
 * not follow, by reason, and the datagrams it reassembled; read from the
 * pinned map and printed for `status`.
 */
#ifndef ALGTRACK_ENCAP_STATUS_H
#define ALGTRACK_ENCAP_STATUS_H

#include "json_writer.h"
#include <linux/types.h>
#include "algtrack/abi.h"

/* The counters of the encap map fd, summed over CPUs. 0 or -errno. */
int encap_read(int fd, __u64 out[ALG_ENC__COUNT]);
/* The counter's name as printed. */
const char *encap_name(enum alg_encap_count c);
/* status' text: the reasons' counts, then the datagrams reassembled. */
void encap_print_text(const __u64 c[ALG_ENC__COUNT]);
/* status' JSON: ,"not_followed":{reason:count,...},"reassembled":n */
/* As "not_followed": {reason: n, ...} and "reassembled": n of the status object. */
void encap_put_json(struct jw *w, const __u64 c[ALG_ENC__COUNT]);

#endif /* ALGTRACK_ENCAP_STATUS_H */
