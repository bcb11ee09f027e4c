/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Network namespaces: an interface is (namespace, ifindex); the same ifindex
 * in two namespaces is two interfaces. A namespace is named by the inode of
 * its nsfs file, as `ls -l /proc/self/ns/net` shows it ("net:[4026531840]").
 */
#ifndef ALGTRACK_NETNS_H
#define ALGTRACK_NETNS_H

#include <linux/types.h>

/* The inode of this process' network namespace, or 0 if /proc cannot say. */
__u64 netns_self(void);

/*
 * Does the namespace still exist somewhere this process can see it: a
 * process in it (/proc/PID/ns/net) or a name for it (/run/netns)?
 */
int netns_exists(__u64 ino);

#endif /* ALGTRACK_NETNS_H */
