// SPDX-License-Identifier: GPL-2.0
/* Checking pins against what algtrack makes before anything uses them. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "pin_check.h"

enum pin_kind pin_kind(int fd)
{
	static const struct {
		const char *field;
		enum pin_kind kind;
	} fields[] = {
		{ "map_type:", PIN_KIND_MAP },
		{ "prog_type:", PIN_KIND_PROG },
		{ "link_type:", PIN_KIND_LINK },
	};
	enum pin_kind kind = PIN_KIND_OTHER;
	char path[64], line[128];
	FILE *f;

	/* bpf_obj_get_info_by_fd() fills whatever info the object has: ask fdinfo first. */
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return kind;
	while (kind == PIN_KIND_OTHER && fgets(line, sizeof(line), f))
		for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			if (!strncmp(line, fields[i].field, strlen(fields[i].field)))
				kind = fields[i].kind;
	fclose(f);
	return kind;
}

static const char *kind_name(enum pin_kind k)
{
	return k == PIN_KIND_PROG ? "a program" : k == PIN_KIND_LINK ? "a link" : "not a map";
}

static void describe(char *buf, size_t len, const char *name, __u32 type, __u32 key, __u32 value,
		     __u32 entries)
{
	const char *t = libbpf_bpf_map_type_str(type);
	int n = snprintf(buf, len, "\"%.15s\" %s, key %u B, value %u B", name, t ? t : "?", key,
			 value);

	if (entries && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n, ", %u entries", entries);
}

int pin_open_map(const char *path, const struct pin_map_spec *want, char *err, size_t errlen)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	char have[128], need[128];
	enum pin_kind kind;
	int fd = bpf_obj_get(path);

	if (fd < 0) {
		if (errno == ENOENT)
			return -1;
		snprintf(err, errlen, "cannot open the pin %s: %s", path, strerror(errno));
		return -1;
	}
	kind = pin_kind(fd);
	if (kind != PIN_KIND_MAP) {
		snprintf(err, errlen, "%s is %s, not algtrack's %s map: move it away or remove it "
			 "(rm %s)", path, kind_name(kind), want->name, path);
		goto mismatch;
	}
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		snprintf(err, errlen, "cannot read the map pinned at %s: %s", path, strerror(errno));
		goto mismatch;
	}
	/* The kernel keeps 15 characters of a map's name. */
	if (strncmp(info.name, want->name, sizeof(info.name) - 1) || info.type != want->type ||
	    info.key_size != want->key_size || info.value_size != want->value_size ||
	    (want->max_entries && info.max_entries != want->max_entries) ||
	    info.map_flags != want->map_flags) {
		describe(have, sizeof(have), info.name, info.type, info.key_size, info.value_size,
			 info.max_entries);
		describe(need, sizeof(need), want->name, want->type, want->key_size, want->value_size,
			 want->max_entries);
		snprintf(err, errlen, "%s is not algtrack's map (%s; algtrack's is %s): "
			 "move it away or remove it (rm %s)", path, have, need, path);
		goto mismatch;
	}
	return fd;
mismatch:
	close(fd);
	errno = EINVAL;
	return -1;
}

int pin_prog_name(__u32 prog_id, char name[16])
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	int fd = bpf_prog_get_fd_by_id(prog_id), rc;

	if (fd < 0)
		return -1;
	rc = bpf_obj_get_info_by_fd(fd, &info, &len);
	close(fd);
	if (rc)
		return -1;
	memcpy(name, info.name, 16);
	name[15] = '\0';
	return 0;
}
