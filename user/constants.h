/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel limits that user space and the tests share (units are in abi.h). */
#ifndef ALGTRACK_CONSTANTS_H
#define ALGTRACK_CONSTANTS_H

#include "algtrack/abi.h"

/*
 * Instructions the kernel's verifier processes for one program before it
 * gives up (BPF_COMPLEXITY_LIMIT_INSNS, since Linux 5.2).
 */
#define ALG_VERIFIER_INSN_LIMIT 1000000u

#endif /* ALGTRACK_CONSTANTS_H */
