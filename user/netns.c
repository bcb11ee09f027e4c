// SPDX-License-Identifier: GPL-2.0
/* Network namespaces by inode: this process' own, and whether another still exists. */
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include "netns.h"

static __u64 ns_inode(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (__u64)st.st_ino;
}

__u64 netns_self(void)
{
	return ns_inode("/proc/self/ns/net");
}

/* Is any entry of dir (with suffix appended) the namespace's nsfs file? */
static int dir_holds(const char *dir, const char *suffix, __u64 ino)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[300];
	int found = 0;

	if (!d)
		return 0;
	while (!found && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s%s", dir, de->d_name, suffix);
		found = ns_inode(path) == ino;
	}
	closedir(d);
	return found;
}

int netns_exists(__u64 ino)
{
	return ino == netns_self() || dir_holds("/run/netns", "", ino) ||
	       dir_holds("/proc", "/ns/net", ino);
}
