/* SPDX-License-Identifier: GPL-2.0 */
/* The program's version, as status and the metrics report it. */
#ifndef ALGTRACK_VERSION_H
#define ALGTRACK_VERSION_H

#ifndef ALGTRACK_VERSION
#define ALGTRACK_VERSION "0.9.0"
#endif

#endif /* ALGTRACK_VERSION_H */
