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
#include "ike.h"
#include "pptp.h"
#include "sip.h"
#include "talk.h"
#include "rsh.h"
#include "sqlv2.h"
#include "rtsp.h"
#include "msrpc.h"
#include "dns.h"
#include "sunrpc.h"
#include "h323.h"
#include "ras.h"

#endif /* ALGTRACK_PARSERS_H */
