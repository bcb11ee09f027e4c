/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ALGs with a parser, one row each: Junos id suffix, parser name. A row
 * here gives the ALG its XDP and TC programs, its tail-call slots and its
 * place in the parser dispatch.
 */
#ifndef ALGTRACK_BPF_ALGS_H
#define ALGTRACK_BPF_ALGS_H

#include "algtrack/ftp.h"
#include "algtrack/sip.h"

#define ALG_IMPLEMENTED(X) \
	X(FTP, ftp)        \
	X(SIP, sip)

#endif /* ALGTRACK_BPF_ALGS_H */
