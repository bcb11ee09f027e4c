// SPDX-License-Identifier: GPL-2.0
/* Opening, sizing, loading and configuring the BPF object. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "loader.h"
#include "algtrack/nat.h"
#include "alg_table.h"
#include "log.h"
#include "maps.h"
#include "pin_check.h"
#include "settings.h"

#define PIN_CONFIG ALG_PIN_ROOT "/config"

int loader_is_attached(void)
{
	return access(PIN_CONFIG, F_OK) == 0;
}

/* The tables whose size attach chooses (--max-*): any size of theirs is algtrack's. */
static int map_is_sized(const char *name)
{
	return !strcmp(name, "sessions") || !strcmp(name, "conversations") ||
	       !strcmp(name, "resources") || !strcmp(name, "unconf_sessions") ||
	       !strcmp(name, "unconf_convs");
}

static void map_spec(const struct bpf_map *map, struct pin_map_spec *out)
{
	out->name = bpf_map__name(map);
	out->type = bpf_map__type(map);
	out->key_size = bpf_map__key_size(map);
	out->value_size = bpf_map__value_size(map);
	out->max_entries = map_is_sized(out->name) ? 0 : bpf_map__max_entries(map);
	out->map_flags = bpf_map__map_flags(map);
}

/* The object as built, opened once and never loaded: what each pin must be. */
static const struct algtrack_bpf *object_spec(void)
{
	static struct algtrack_bpf *spec;

	if (!spec) {
		loader_quiet_libbpf();
		spec = algtrack_bpf__open();
	}
	return spec;
}

int loader_map_spec(const char *name, struct pin_map_spec *out)
{
	const struct algtrack_bpf *spec = object_spec();
	const struct bpf_map *map = spec ? bpf_object__find_map_by_name(spec->obj, name) : NULL;

	if (!map)
		return -1;
	map_spec(map, out);
	return 0;
}

int loader_is_algtrack_prog(const char *kernel_name)
{
	const struct algtrack_bpf *spec = object_spec();
	const struct bpf_program *progs[3];

	if (!spec)
		return 0;
	progs[0] = spec->progs.xdp_algtrack;
	progs[1] = spec->progs.tc_algtrack;
	progs[2] = spec->progs.tc_algtrack_ingress;
	/* The kernel keeps 15 characters of a program's name. */
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++)
		if (!strncmp(kernel_name, bpf_program__name(progs[i]), 15))
			return 1;
	return 0;
}

/* Every pin the object would reuse must be its map: libbpf's own refusal names neither. */
static int check_pins(struct bpf_object *obj, char *err, size_t errlen)
{
	struct pin_map_spec want;
	struct bpf_map *map;
	int fd;

	bpf_object__for_each_map(map, obj) {
		if (!bpf_map__pin_path(map))
			continue;
		map_spec(map, &want);
		fd = pin_open_map(bpf_map__pin_path(map), &want, err, errlen);
		if (fd >= 0)
			close(fd);
		else if (errno != ENOENT)
			return -1;
	}
	return 0;
}

int loader_unpin_maps(int verbose)
{
	const struct algtrack_bpf *spec = object_spec();
	struct pin_map_spec want;
	struct bpf_map *map;
	char path[256], err[512];
	int fd, kept = 0;

	if (!spec)
		return -1;
	bpf_object__for_each_map(map, spec->obj) {
		if (!bpf_map__pin_path(map))
			continue;
		map_spec(map, &want);
		snprintf(path, sizeof(path), "%s/%s", ALG_PIN_ROOT, want.name);
		fd = pin_open_map(path, &want, err, sizeof(err));
		if (fd >= 0) {
			close(fd);
			unlink(path);
		} else if (errno != ENOENT) {
			if (verbose)
				log_error("left in place: %s", err);
			kept = -1;
		}
	}
	return kept;
}

/* Size of an already pinned map, or 0 when there is none. */
static __u32 pinned_max_entries(const char *name)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	int fd = maps_open_pinned(name);
	__u32 n = 0;

	if (fd < 0)
		return 0;
	if (!bpf_obj_get_info_by_fd(fd, &info, &len))
		n = info.max_entries;
	close(fd);
	return n;
}

/*
 * Pinned maps keep the size they were created with: a different request
 * is an error to report, not a silent mismatch.
 */
static int size_map(struct bpf_map *map, __u32 want, __u32 fallback, int pinned,
		    const char *option, char *err, size_t errlen)
{
	__u32 have = pinned ? pinned_max_entries(bpf_map__name(map)) : 0;

	if (have) {
		if (want && want != have) {
			snprintf(err, errlen, "tables already exist with %s %u; "
				 "run 'algtrack detach --all' first to resize", option, have);
			return -1;
		}
		want = have;
	}
	return bpf_map__set_max_entries(map, want ? want : fallback);
}

/* libbpf speaks (verifier logs, netlink's messages) only when asked to. */
static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_INFO || !getenv("ALGTRACK_DEBUG"))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

void loader_quiet_libbpf(void)
{
	libbpf_set_print(libbpf_print);
}

/*
 * Leaves out the programs of hooks that are not wanted and of ALGs not
 * enabled (algs, 0: all): the verifier's time is most of a load.
 */
static void select_programs(struct algtrack_bpf *skel, enum loader_hooks hooks, __u32 algs)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, skel->obj) {
		enum bpf_prog_type type = bpf_program__type(prog);
		int want = type == BPF_PROG_TYPE_XDP ? hooks & LOADER_HOOK_XDP : hooks & LOADER_HOOK_TC;

		bpf_program__set_autoload(prog, want != 0);
	}
	if (!algs)
		return;
#define SKIP_DISABLED(ID, name, impl, ...)                                    \
	ALG_IF_IMPL(impl, if (!(algs & (1u << ALG_##ID))) {                    \
		bpf_program__set_autoload(skel->progs.xdp_alg_##name, false);  \
		bpf_program__set_autoload(skel->progs.tc_alg_##name, false);   \
	})
	ALG_REGISTRY(SKIP_DISABLED)
#undef SKIP_DISABLED
}

static int set_slot(struct bpf_map *table, __u32 alg, const struct bpf_program *prog)
{
	int fd = bpf_program__fd(prog);

	if (fd < 0)
		return 0; /* not loaded: that hook is not wanted */
	return bpf_map_update_elem(bpf_map__fd(table), &alg, &fd, BPF_ANY);
}

/*
 * Each hook's program arrays get their programs. A pinned array is filled
 * again by every attach: the kernel empties it when the last program that
 * filled it goes.
 */
static int fill_tail_calls(struct algtrack_bpf *skel)
{
#define FILL_SLOTS(ID, name, impl, ...)                                                  \
	ALG_IF_IMPL(impl, if (set_slot(skel->maps.alg_jmp_xdp, ALG_##ID, skel->progs.xdp_alg_##name) || \
			      set_slot(skel->maps.alg_jmp_tc, ALG_##ID, skel->progs.tc_alg_##name)) \
			      return -1;)
	ALG_REGISTRY(FILL_SLOTS)
#undef FILL_SLOTS
	/* the deep programs (headers the entry programs leave), and the NAT program's way back */
	return set_slot(skel->maps.alg_jmp_deep_xdp, 0, skel->progs.xdp_algtrack_deep) ||
	       set_slot(skel->maps.alg_jmp_deep_tc, 0, skel->progs.tc_algtrack_deep) ||
	       set_slot(skel->maps.entry_jmp_xdp, ALG_NAT_SLOT_XDP, skel->progs.xdp_algtrack) ||
	       set_slot(skel->maps.entry_jmp_tc, ALG_NAT_SLOT_TC_INGRESS, skel->progs.tc_algtrack_ingress) ||
	       set_slot(skel->maps.entry_jmp_tc, ALG_NAT_SLOT_TC_EGRESS, skel->progs.tc_algtrack);
}

struct algtrack_bpf *loader_load(const char *pin_root, const struct loader_limits *lim,
				 enum loader_hooks hooks, char *err, size_t errlen)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .pin_root_path = pin_root);
	struct loader_limits none = {};
	struct algtrack_bpf *skel;
	struct bpf_map *map;
	int pinned = pin_root != NULL;
	int e;

	if (!lim)
		lim = &none;
	loader_quiet_libbpf();
	skel = algtrack_bpf__open_opts(&oo);
	if (!skel) {
		snprintf(err, errlen, "cannot open the BPF object: %s", strerror(errno));
		return NULL;
	}
	if (!pinned) {
		bpf_object__for_each_map(map, skel->obj)
			bpf_map__set_pin_path(map, NULL);
	}
	if (pinned && check_pins(skel->obj, err, errlen))
		goto fail;
	if (size_map(skel->maps.sessions, lim->max_sessions, ALG_DEFAULT_MAX_SESSIONS, pinned,
		     "--max-sessions", err, errlen) ||
	    size_map(skel->maps.conversations, lim->max_conversations, ALG_DEFAULT_MAX_CONVERSATIONS,
		     pinned, "--max-conversations", err, errlen) ||
	    size_map(skel->maps.resources, lim->max_resources, ALG_DEFAULT_MAX_RESOURCES, pinned,
		     "--max-resources", err, errlen) ||
	    size_map(skel->maps.unconf_sessions, lim->max_unconfirmed, ALG_DEFAULT_MAX_UNCONFIRMED,
		     pinned, "--max-unconfirmed", err, errlen) ||
	    size_map(skel->maps.unconf_convs, lim->max_unconfirmed, ALG_DEFAULT_MAX_UNCONFIRMED,
		     pinned, "--max-unconfirmed", err, errlen))
		goto fail;

	select_programs(skel, hooks, lim->algs);
	e = algtrack_bpf__load(skel);
	if (e) {
		if (e == -EPERM)
			snprintf(err, errlen, "loading BPF programs was refused (%s): run as root "
				 "or with CAP_BPF and CAP_NET_ADMIN", strerror(-e));
		else if (e == -EACCES || e == -E2BIG)
			snprintf(err, errlen, "the kernel's verifier rejected the BPF programs (%s): "
				 "ALGTRACK_DEBUG=1 shows its log", strerror(-e));
		else
			snprintf(err, errlen, "loading BPF programs failed: %s "
				 "(ALGTRACK_DEBUG=1 shows the verifier log)", strerror(-e));
		goto fail;
	}
	if (fill_tail_calls(skel)) {
		snprintf(err, errlen, "filling the ALG programs' tail-call tables failed: %s",
			 strerror(errno));
		goto fail;
	}
	return skel;
fail:
	algtrack_bpf__destroy(skel);
	return NULL;
}

int loader_configure(struct algtrack_bpf *skel, __u32 third_party)
{
	struct settings s;

	settings_default(&s);
	s.third_party = third_party;
	return loader_configure_settings(skel, &s);
}

int loader_configure_settings(struct algtrack_bpf *skel, const struct settings *s)
{
	return settings_write(s, bpf_map__fd(skel->maps.config), bpf_map__fd(skel->maps.ports),
			      bpf_map__fd(skel->maps.port_filter));
}

