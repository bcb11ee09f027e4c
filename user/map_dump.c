// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a whole map: batch lookups in growing chunks (one syscall per few
 * thousand entries), or key by key where the kernel has no batch operation
 * for the map type.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "maps.h"

#define DUMP_FIRST_CHUNK 4096u
/* The kernel's own ENOTSUPP: what a map without batch operations answers. */
#define KERNEL_ENOTSUPP 524

/* A dump in progress; with keep false only one chunk is stored, reused. */
struct dump {
	int fd;
	size_t ksz, vsz;
	bool keep;
	char *keys, *values;
	size_t cap;   /* entries keys and values have room for */
	size_t n;     /* entries read */
};

static size_t dump_stored(const struct dump *d)
{
	return d->keep ? d->n : 0;
}

static int dump_grow(struct dump *d, size_t need)
{
	size_t c = d->cap ? d->cap : DUMP_FIRST_CHUNK;
	void *k, *v;

	if (need <= d->cap)
		return 0;
	while (c < need)
		c *= 2;
	k = realloc(d->keys, c * d->ksz);
	if (!k)
		return -ENOMEM;
	d->keys = k;
	v = realloc(d->values, c * d->vsz);
	if (!v)
		return -ENOMEM;
	d->values = v;
	d->cap = c;
	return 0;
}

/* Key by key, each key looked up from the one before it. */
static int dump_iterate(struct dump *d)
{
	char *prev = NULL;
	int err;

	for (;;) {
		size_t at = dump_stored(d);
		char *next;

		/* counting keeps two slots: the previous key and the next */
		err = dump_grow(d, d->keep ? at + 1 : 2);
		if (err)
			return err;
		if (!d->keep)
			at = d->n & 1;
		next = d->keys + at * d->ksz;
		if (d->n)
			prev = d->keys + (d->keep ? at - 1 : !at) * d->ksz;
		if (bpf_map_get_next_key(d->fd, prev, next))
			return errno == ENOENT ? 0 : -errno;
		if (bpf_map_lookup_elem(d->fd, next, d->values + at * d->vsz)) {
			if (errno == ENOENT) /* deleted meanwhile: skip it */
				continue;
			return -errno;
		}
		d->n++;
	}
}

/* Batch lookups; *unsupported when the map has no batch operation. */
static int dump_batch(struct dump *d, bool *unsupported)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	size_t chunk = DUMP_FIRST_CHUNK;
	size_t tok_size = d->ksz > 8 ? d->ksz : 8;
	char *in_tok = calloc(2, tok_size), *out_tok;
	bool first = true;
	int err = 0;

	if (!in_tok)
		return -ENOMEM;
	out_tok = in_tok + tok_size;
	for (;;) {
		size_t at = dump_stored(d);
		__u32 count = (__u32)chunk;

		err = dump_grow(d, at + chunk);
		if (err)
			break;
		err = bpf_map_lookup_batch(d->fd, first ? NULL : in_tok, out_tok,
					   d->keys + at * d->ksz, d->values + at * d->vsz,
					   &count, &opts);
		err = err ? -errno : 0;
		if (err == -ENOSPC && count == 0) {
			/* one hash bucket holds more than chunk entries */
			chunk *= 2;
			continue;
		}
		if (first && (err == -EINVAL || err == -ENOTSUP || err == -EOPNOTSUPP ||
			      err == -KERNEL_ENOTSUPP)) {
			*unsupported = true;
			err = 0;
			break;
		}
		if (err && err != -ENOENT)
			break;
		d->n += count;
		if (err == -ENOENT) {
			err = 0;
			break;
		}
		first = false;
		memcpy(in_tok, out_tok, tok_size);
	}
	free(in_tok);
	return err;
}

static int dump_run(struct dump *d, bool force_iterate)
{
	bool iterate = force_iterate;
	int err = 0;

	if (!iterate)
		err = dump_batch(d, &iterate);
	if (!err && iterate)
		err = dump_iterate(d);
	return err;
}

int maps_dump(int fd, size_t ksz, size_t vsz, bool force_iterate,
	      void **keys, void **values, size_t *n)
{
	struct dump d = { .fd = fd, .ksz = ksz, .vsz = vsz, .keep = true };
	int err = dump_run(&d, force_iterate);

	if (err) {
		free(d.keys);
		free(d.values);
		d = (struct dump){ 0 };
	}
	*keys = d.keys;
	*values = d.values;
	*n = d.n;
	return err;
}

long maps_count(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	struct dump d = { .fd = fd };
	int err;

	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	if (info.type == BPF_MAP_TYPE_PERCPU_HASH || info.type == BPF_MAP_TYPE_LRU_PERCPU_HASH ||
	    info.type == BPF_MAP_TYPE_PERCPU_ARRAY)
		return -EINVAL; /* a value per CPU: not what the tables hold */
	d.ksz = info.key_size;
	d.vsz = info.value_size;
	err = dump_run(&d, false);
	free(d.keys);
	free(d.values);
	return err ? err : (long)d.n;
}
