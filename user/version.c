// SPDX-License-Identifier: GPL-2.0
#include "cli.h"

#ifndef ALGTRACK_VERSION
#error "ALGTRACK_VERSION comes from the Makefile"
#endif

const char alg_version[] = ALGTRACK_VERSION;
