/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Is a pin what algtrack made? Every pinned object is checked before use;
 * a mismatch is one line naming the pin and the fix, and such a pin is
 * never used, changed or removed.
 */
#ifndef ALGTRACK_PIN_CHECK_H
#define ALGTRACK_PIN_CHECK_H

#include <stddef.h>
#include <linux/types.h>

/* What a pinned map must look like; max_entries 0: any size. */
struct pin_map_spec {
	const char *name;
	__u32 type;
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	__u32 map_flags;
};

enum pin_kind { PIN_KIND_OTHER, PIN_KIND_MAP, PIN_KIND_PROG, PIN_KIND_LINK };

/* What kind of BPF object an fd holds (its fdinfo says). */
enum pin_kind pin_kind(int fd);

/*
 * Opens the map pinned at path if it is the one described. Returns the fd;
 * -1 with errno ENOENT when nothing is pinned there; -1 with errno EINVAL
 * and one line in err when something else is.
 */
int pin_open_map(const char *path, const struct pin_map_spec *want, char *err, size_t errlen);

/* The name of a loaded program by id (the kernel keeps 15 characters); -1 if gone. */
int pin_prog_name(__u32 prog_id, char name[16]);

#endif /* ALGTRACK_PIN_CHECK_H */
