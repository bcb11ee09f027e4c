/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parser of every implemented ALG (impl 1 in registry.h), one header
 * each, and the framing they share. Included by the BPF programs and by the
 * host's tests; a registry row marked implemented whose parser is missing
 * here does not compile.
 */
#ifndef ALGTRACK_PARSERS_H
#define ALGTRACK_PARSERS_H

#include "framing.h"
#include "ftp.h"
#include "sip.h"
#include "h323.h"
#include "ras.h"

#endif /* ALGTRACK_PARSERS_H */
