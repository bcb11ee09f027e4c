// SPDX-License-Identifier: GPL-2.0
/*
 * The result table: every figure keeps its per-round samples and is shown as
 * median [min..max], BPF figures beside their empty-program floor and as a
 * ratio to it, each judged against its target. Printed as text and as JSON.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "bench.h"

#define BENCH_MAX_ROWS 160

static struct bench_row rows[BENCH_MAX_ROWS];
static unsigned int n_rows;

struct bench_row *bench_row_new(const char *section, const char *name, const char *unit)
{
	struct bench_row *r;

	if (n_rows == BENCH_MAX_ROWS) {
		fprintf(stderr, "bench: too many result rows\n");
		exit(2);
	}
	r = &rows[n_rows++];
	memset(r, 0, sizeof(*r));
	snprintf(r->section, sizeof(r->section), "%s", section);
	snprintf(r->name, sizeof(r->name), "%s", name);
	snprintf(r->unit, sizeof(r->unit), "%s", unit);
	return r;
}

struct bench_row *bench_row_find(const char *section, const char *name)
{
	for (unsigned int i = 0; i < n_rows; i++)
		if (!strcmp(rows[i].section, section) && !strcmp(rows[i].name, name))
			return &rows[i];
	return NULL;
}

void bench_row_add(struct bench_row *r, double v)
{
	if (r->n < BENCH_MAX_ROUNDS)
		r->v[r->n++] = v;
}

void bench_row_add_floor(struct bench_row *r, double v, double floor)
{
	if (r->n < BENCH_MAX_ROUNDS) {
		r->floor[r->n] = floor;
		r->v[r->n++] = v;
		r->has_floor = 1;
	}
}

void bench_row_note(struct bench_row *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->note, sizeof(r->note), fmt, ap);
	va_end(ap);
}

void bench_row_target(struct bench_row *r, enum bench_target_kind kind, double limit,
		      const char *text)
{
	r->target.kind = kind;
	r->target.limit = limit;
	r->target.text = text;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double bench_median(const double *v, unsigned int n)
{
	double s[BENCH_MAX_ROUNDS];

	if (!n)
		return 0;
	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static double row_min(const struct bench_row *r)
{
	double m = r->v[0];

	for (unsigned int i = 1; i < r->n; i++)
		m = r->v[i] < m ? r->v[i] : m;
	return m;
}

static double row_max(const struct bench_row *r)
{
	double m = r->v[0];

	for (unsigned int i = 1; i < r->n; i++)
		m = r->v[i] > m ? r->v[i] : m;
	return m;
}

double bench_row_median(const struct bench_row *r)
{
	return bench_median(r->v, r->n);
}

double bench_row_floor(const struct bench_row *r)
{
	return r->has_floor ? bench_median(r->floor, r->n) : 0;
}

/* The ratio to the floor: the median over rounds of each round's own ratio. */
static double row_ratio(const struct bench_row *r)
{
	double q[BENCH_MAX_ROUNDS];

	for (unsigned int i = 0; i < r->n; i++)
		q[i] = r->floor[i] > 0 ? r->v[i] / r->floor[i] : 0;
	return bench_median(q, r->n);
}

/* "PASS", "MISS", or "" when the row has no target. */
static const char *row_verdict(const struct bench_row *r)
{
	double m = bench_row_median(r);

	if (!r->n)
		return r->target.kind == BENCH_T_NONE ? "" : "MISS";
	switch (r->target.kind) {
	case BENCH_T_RATIO_MAX:
		return row_ratio(r) <= r->target.limit ? "PASS" : "MISS";
	case BENCH_T_VALUE_MAX:
		return m <= r->target.limit ? "PASS" : "MISS";
	case BENCH_T_VALUE_MIN:
		return m >= r->target.limit ? "PASS" : "MISS";
	default:
		return "";
	}
}

int bench_misses(void)
{
	int n = 0;

	for (unsigned int i = 0; i < n_rows; i++)
		n += !strcmp(row_verdict(&rows[i]), "MISS");
	return n;
}

/* Three significant figures or so, without exponent noise. */
static void fmt_num(char *out, size_t cap, double v)
{
	if (v >= 1000 || v == (long long)v)
		snprintf(out, cap, "%.0f", v);
	else if (v >= 100)
		snprintf(out, cap, "%.1f", v);
	else
		snprintf(out, cap, "%.3g", v);
}

void bench_print_table(FILE *out)
{
	const char *section = "";

	fprintf(out, "%-44s %10s %21s %8s %7s  %-7s %-16s %s\n", "figure", "median",
		"[min..max]", "floor", "ratio", "unit", "target", "");
	for (unsigned int i = 0; i < n_rows; i++) {
		const struct bench_row *r = &rows[i];
		char med[24], lo[24], hi[24], fl[24] = "", ratio[24] = "", range[52];

		if (strcmp(section, r->section)) {
			section = r->section;
			fprintf(out, "-- %s\n", section);
		}
		if (!r->n) {
			fprintf(out, "%-44s %10s %21s %8s %7s  %-7s %-16s %s  %s\n", r->name, "-", "",
				"", "", r->unit, r->target.text ? r->target.text : "", row_verdict(r),
				r->note);
			continue;
		}
		fmt_num(med, sizeof(med), bench_row_median(r));
		fmt_num(lo, sizeof(lo), row_min(r));
		fmt_num(hi, sizeof(hi), row_max(r));
		snprintf(range, sizeof(range), "[%s..%s]", lo, hi);
		if (r->has_floor) {
			fmt_num(fl, sizeof(fl), bench_row_floor(r));
			snprintf(ratio, sizeof(ratio), "%.2fx", row_ratio(r));
		}
		fprintf(out, "%-44s %10s %21s %8s %7s  %-7s %-16s %-4s  %s\n", r->name, med, range,
			fl, ratio, r->unit, r->target.text ? r->target.text : "", row_verdict(r),
			r->note);
	}
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void json_array(FILE *f, const double *v, unsigned int n)
{
	fputc('[', f);
	for (unsigned int i = 0; i < n; i++)
		fprintf(f, "%s%.6g", i ? "," : "", v[i]);
	fputc(']', f);
}

int bench_write_json(const char *path, const char *machine)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		return -1;
	}
	fprintf(f, "{\"machine\":");
	json_str(f, machine);
	fprintf(f, ",\"results\":[");
	for (unsigned int i = 0; i < n_rows; i++) {
		const struct bench_row *r = &rows[i];

		fprintf(f, "%s\n{\"section\":", i ? "," : "");
		json_str(f, r->section);
		fprintf(f, ",\"name\":");
		json_str(f, r->name);
		fprintf(f, ",\"unit\":");
		json_str(f, r->unit);
		fprintf(f, ",\"rounds\":%u", r->n);
		if (r->n)
			fprintf(f, ",\"median\":%.6g,\"min\":%.6g,\"max\":%.6g,\"samples\":",
				bench_row_median(r), row_min(r), row_max(r));
		if (r->n)
			json_array(f, r->v, r->n);
		if (r->has_floor && r->n) {
			fprintf(f, ",\"floor\":%.6g,\"ratio\":%.4g,\"floor_samples\":",
				bench_row_floor(r), row_ratio(r));
			json_array(f, r->floor, r->n);
		}
		if (r->target.kind != BENCH_T_NONE) {
			fprintf(f, ",\"target\":");
			json_str(f, r->target.text);
			fprintf(f, ",\"verdict\":");
			json_str(f, row_verdict(r));
		}
		fprintf(f, ",\"note\":");
		json_str(f, r->note);
		fputc('}', f);
	}
	fprintf(f, "\n]}\n");
	return fclose(f);
}
