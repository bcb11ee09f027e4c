// SPDX-License-Identifier: GPL-2.0
/* Replay's whole-capture memory of the tables (see replay_history.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "replay_history.h"

/*
 * Makes room for index id in the parallel arrays a (asize bytes an element)
 * and b (bsize; NULL: none) of *cap elements, new elements zeroed.
 */
static int grow(size_t *cap, __u32 id, void **a, size_t asize, void **b, size_t bsize)
{
	size_t n = *cap ? *cap : 256;
	void *na, *nb = NULL;

	if (id < *cap)
		return 0;
	while (n <= id)
		n *= 2;
	na = realloc(*a, n * asize);
	if (!na)
		return -ENOMEM;
	*a = na;
	memset((char *)na + *cap * asize, 0, (n - *cap) * asize);
	if (b) {
		nb = realloc(*b, n * bsize);
		if (!nb)
			return -ENOMEM;
		*b = nb;
		memset((char *)nb + *cap * bsize, 0, (n - *cap) * bsize);
	}
	*cap = n;
	return 0;
}

int history_add_sessions(struct history *h, const struct alg_tuple *k,
			 const struct alg_session *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		__u32 id = v[i].session_id;

		if (!id)
			continue;
		if (grow(&h->s_cap, id, (void **)&h->sv, sizeof(*h->sv), (void **)&h->sk,
			 sizeof(*h->sk)))
			return -ENOMEM;
		h->sk[id] = k[i];
		h->sv[id] = v[i];
	}
	return 0;
}

int history_add_conversations(struct history *h, const struct alg_conversation *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		__u32 id = v[i].group_id;

		if (!id)
			continue;
		if (grow(&h->c_cap, id, (void **)&h->cv, sizeof(*h->cv), NULL, 0))
			return -ENOMEM;
		h->cv[id] = v[i];
	}
	return 0;
}

int history_add_resources(struct history *h, const struct alg_resource_key *k,
			  const struct alg_resource *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		__u32 id = v[i].resource_id;

		if (!id)
			continue;
		if (grow(&h->r_cap, id, (void **)&h->rv, sizeof(*h->rv), (void **)&h->rk,
			 sizeof(*h->rk)))
			return -ENOMEM;
		h->rk[id] = k[i];
		h->rv[id] = v[i];
	}
	return 0;
}

static int note(__u32 **frames, size_t *cap, __u32 from, __u32 to, __u32 frame)
{
	for (__u32 id = from; id && id <= to; id++) {
		if (grow(cap, id, (void **)frames, sizeof(**frames), NULL, 0))
			return -ENOMEM;
		(*frames)[id] = frame;
	}
	return 0;
}

int history_note_sessions(struct history *h, __u32 from, __u32 to, __u32 frame)
{
	return note(&h->s_frame, &h->sf_cap, from, to, frame);
}

int history_note_resources(struct history *h, __u32 from, __u32 to, __u32 frame)
{
	return note(&h->r_frame, &h->rf_cap, from, to, frame);
}

int history_snapshot(struct history *h, const struct alg_maps *m, unsigned int tables,
		     size_t *sessions)
{
	void *k = NULL, *v = NULL;
	size_t n = 0;
	int err = 0;

	if (tables & HISTORY_SESSIONS) {
		err = maps_dump_sessions(m, (struct alg_tuple **)&k, (struct alg_session **)&v, &n);
		if (!err)
			err = history_add_sessions(h, k, v, n);
		if (!err && sessions)
			*sessions = n;
		free(k);
		free(v);
		k = v = NULL;
	}
	if (!err && (tables & HISTORY_CONVERSATIONS)) {
		err = maps_dump_conversations(m, (__u32 **)&k, (struct alg_conversation **)&v, &n);
		if (!err)
			err = history_add_conversations(h, v, n);
		free(k);
		free(v);
		k = v = NULL;
	}
	if (!err && (tables & HISTORY_RESOURCES)) {
		err = maps_dump(m->resources, sizeof(struct alg_resource_key),
				sizeof(struct alg_resource), false, &k, &v, &n);
		if (!err)
			err = history_add_resources(h, k, v, n);
		free(k);
		free(v);
	}
	return err;
}

unsigned int history_due(struct history_schedule *st, const struct alg_ids *now)
{
	__u32 made = now->next_session + now->next_group;
	unsigned int t = 0;

	if (st->ids.next_resource != now->next_resource)
		t |= HISTORY_RESOURCES;
	size_t room = st->capacity > st->sessions_held ? st->capacity - st->sessions_held : 0;

	if (made != st->sessions_taken && made - st->sessions_taken >= room / 2) {
		t |= HISTORY_SESSIONS | HISTORY_CONVERSATIONS;
		st->sessions_taken = made;
	}
	st->ids = *now;
	return t;
}

static void free_out(struct report_entries *o)
{
	free(o->sk);
	free(o->sv);
	free(o->ck);
	free(o->cv);
	free(o->rk);
	free(o->rv);
	free(o->s_frame);
	free(o->r_frame);
	memset(o, 0, sizeof(*o));
}

int history_entries(struct history *h, struct report_entries *out)
{
	struct report_entries *o = &h->out;

	free_out(o);
	o->sk = malloc((h->s_cap ? h->s_cap : 1) * sizeof(*o->sk));
	o->sv = malloc((h->s_cap ? h->s_cap : 1) * sizeof(*o->sv));
	o->ck = malloc((h->c_cap ? h->c_cap : 1) * sizeof(*o->ck));
	o->cv = malloc((h->c_cap ? h->c_cap : 1) * sizeof(*o->cv));
	o->rk = malloc((h->r_cap ? h->r_cap : 1) * sizeof(*o->rk));
	o->rv = malloc((h->r_cap ? h->r_cap : 1) * sizeof(*o->rv));
	o->s_frame = malloc((h->s_cap ? h->s_cap : 1) * sizeof(*o->s_frame));
	o->r_frame = malloc((h->r_cap ? h->r_cap : 1) * sizeof(*o->r_frame));
	if (!o->sk || !o->sv || !o->ck || !o->cv || !o->rk || !o->rv || !o->s_frame ||
	    !o->r_frame) {
		free_out(o);
		return -ENOMEM;
	}
	for (size_t i = 1; i < h->s_cap; i++)
		if (h->sv[i].session_id) {
			o->s_frame[o->ns] = i < h->sf_cap ? h->s_frame[i] : 0;
			o->sk[o->ns] = h->sk[i];
			o->sv[o->ns++] = h->sv[i];
		}
	for (size_t i = 1; i < h->c_cap; i++)
		if (h->cv[i].group_id) {
			o->ck[o->nc] = h->cv[i].group_id;
			o->cv[o->nc++] = h->cv[i];
		}
	for (size_t i = 1; i < h->r_cap; i++)
		if (h->rv[i].resource_id) {
			o->r_frame[o->nr] = i < h->rf_cap ? h->r_frame[i] : 0;
			o->rk[o->nr] = h->rk[i];
			o->rv[o->nr++] = h->rv[i];
		}
	*out = *o;
	return 0;
}

void history_reset(struct history *h)
{
	if (h->sv)
		memset(h->sv, 0, h->s_cap * sizeof(*h->sv));
	if (h->cv)
		memset(h->cv, 0, h->c_cap * sizeof(*h->cv));
	if (h->rv)
		memset(h->rv, 0, h->r_cap * sizeof(*h->rv));
	if (h->s_frame)
		memset(h->s_frame, 0, h->sf_cap * sizeof(*h->s_frame));
	if (h->r_frame)
		memset(h->r_frame, 0, h->rf_cap * sizeof(*h->r_frame));
}

void history_free(struct history *h)
{
	free(h->sk);
	free(h->sv);
	free(h->cv);
	free(h->rk);
	free(h->rv);
	free(h->s_frame);
	free(h->r_frame);
	free_out(&h->out);
	memset(h, 0, sizeof(*h));
}
