// SPDX-License-Identifier: GPL-2.0
/* Replay's per-file summary (see replay_summary.h). */
#include <stddef.h>
#include <string.h>
#include "alg_table.h"
#include "replay_summary.h"

/*
 * The counters a summary reports, named as `status` names them: what was
 * made, then every reason something was refused or not parsed.
 */
static const struct {
	const char *name;
	size_t off;
	bool refusal;
} summary_counters[] = {
#define MADE(f) { #f, offsetof(struct alg_stats, f), false }
#define REFUSED(f) { #f, offsetof(struct alg_stats, f), true }
	MADE(messages), MADE(conversations), MADE(resources), MADE(children),
	MADE(resources_expired), MADE(third_party),
	REFUSED(addr_mismatch), REFUSED(resource_limit), REFUSED(endpoints_dropped),
	REFUSED(parse_errors), REFUSED(unparsed), REFUSED(not_at_start),
	REFUSED(framing_errors), REFUSED(muted), REFUSED(unmatched_replies),
	REFUSED(table_full),
#undef MADE
#undef REFUSED
};
#define N_SUMMARY_COUNTERS (sizeof(summary_counters) / sizeof(summary_counters[0]))
_Static_assert(N_SUMMARY_COUNTERS <= REPORT_SUMMARY_COUNTS, "a summary holds every counter");

int replay_summary_read(const struct alg_maps *m, struct report_summary *s)
{
	s->n_algs = 0;
	for (size_t i = 0; i < alg_table_len; i++) {
		struct report_summary_alg *a = &s->algs[s->n_algs];
		struct alg_stats st;
		int e = maps_stats(m, alg_table[i].id, &st);

		if (e)
			return e;
		a->alg = alg_table[i].id;
		a->n_counts = 0;
		for (size_t c = 0; c < N_SUMMARY_COUNTERS; c++) {
			__u64 v = *(const __u64 *)((const char *)&st + summary_counters[c].off);

			if (v)
				a->counts[a->n_counts++] = (struct report_count){
					summary_counters[c].name, v, summary_counters[c].refusal };
		}
		if (a->n_counts || st.packets)
			s->n_algs++;
	}
	return 0;
}

void replay_summary_print(FILE *f, const char *name, const struct report_summary *s,
			  unsigned int max_frame)
{
	fprintf(f, "algtrack: %s: %llu packets replayed, %llu skipped (link layer not read), "
		"%llu skipped (larger than %u bytes)%s\n", name, (unsigned long long)s->packets,
		(unsigned long long)s->unsupported, (unsigned long long)s->oversized, max_frame,
		s->complete ? "" : ", capture truncated");
	for (size_t i = 0; i < s->n_algs; i++) {
		const struct report_summary_alg *a = &s->algs[i];
		const struct alg_info *info = alg_info_by_id(a->alg);
		bool any_refused = false;

		fprintf(f, "algtrack: %s: %s:", name, info ? info->short_name : "?");
		for (size_t c = 0; c < a->n_counts; c++)
			if (!a->counts[c].refusal)
				fprintf(f, " %s %llu", a->counts[c].name,
					(unsigned long long)a->counts[c].value);
		for (size_t c = 0; c < a->n_counts; c++) {
			if (!a->counts[c].refusal)
				continue;
			fprintf(f, "%s %s %llu", any_refused ? "," : "; refused:", a->counts[c].name,
				(unsigned long long)a->counts[c].value);
			any_refused = true;
		}
		if (!a->n_counts)
			fputs(" no control message", f);
		fputc('\n', f);
	}
}
