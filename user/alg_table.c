// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "alg_table.h"
#include "algtrack/parsers.h"


/* Every row of the registry (algtrack/registry.h), implemented or not. */
const struct alg_info alg_table[] = {
#define ALG_INFO_ROW(ID, name, impl, junos, apps, tcp, udp, lifetime, framing, state_size, idle) \
	{ ALG_##ID, junos, #ID, impl, tcp, udp, lifetime, state_size, apps, idle },
	ALG_REGISTRY(ALG_INFO_ROW)
#undef ALG_INFO_ROW
};
const size_t alg_table_len = sizeof(alg_table) / sizeof(alg_table[0]);

/* The application-protocol names of the registry, each once, sorted as the Junos reference lists them. */
struct alg_app_protocol alg_app_protocols[ALG_APP_PROTOCOLS_MAX];
size_t alg_app_protocols_len;

static int cmp_app_protocol(const void *a, const void *b)
{
	return strcmp(((const struct alg_app_protocol *)a)->name,
		      ((const struct alg_app_protocol *)b)->name);
}

static void app_protocol_add(const char *name, unsigned int id)
{
	size_t i;

	for (i = 0; i < alg_app_protocols_len; i++)
		if (strcmp(alg_app_protocols[i].name, name) == 0)
			break;
	if (i == alg_app_protocols_len) {
		if (i == ALG_APP_PROTOCOLS_MAX)
			return;
		alg_app_protocols[alg_app_protocols_len++].name = name;
	}
	alg_app_protocols[i].alg_mask |= ALG_BIT(id);
}

__attribute__((constructor)) static void app_protocols_collect(void)
{
	for (size_t i = 0; i < alg_table_len; i++)
		for (size_t k = 0; k < ALG_MAX_APP_NAMES && alg_table[i].apps[k]; k++)
			app_protocol_add(alg_table[i].apps[k], alg_table[i].id);
	qsort(alg_app_protocols, alg_app_protocols_len, sizeof(alg_app_protocols[0]),
	      cmp_app_protocol);
}

const struct alg_info *alg_info_by_id(unsigned int id)
{
	for (size_t i = 0; i < alg_table_len; i++)
		if ((unsigned int)alg_table[i].id == id)
			return &alg_table[i];
	return NULL;
}

const struct alg_info *alg_info_by_short_name(const char *short_name)
{
	for (size_t i = 0; i < alg_table_len; i++)
		if (strcasecmp(alg_table[i].short_name, short_name) == 0)
			return &alg_table[i];
	return NULL;
}

int alg_mask_parse(const char *list, __u32 *mask, char *bad, size_t badlen)
{
	char copy[256], *save = NULL, *name;

	*mask = 0;
	if (snprintf(copy, sizeof(copy), "%s", list) >= (int)sizeof(copy))
		return -1;
	for (name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		const struct alg_info *a = alg_info_by_short_name(name);

		if (!a || !a->implemented) {
			snprintf(bad, badlen, "%s", name);
			return -1;
		}
		*mask |= 1u << a->id;
	}
	return *mask ? 0 : -1;
}

const struct alg_app_protocol *alg_app_protocol_find(const char *name)
{
	for (size_t i = 0; i < alg_app_protocols_len; i++)
		if (strcmp(alg_app_protocols[i].name, name) == 0)
			return &alg_app_protocols[i];
	return NULL;
}

void alg_app_protocol_list(char *buf, size_t len)
{
	size_t used = 0;

	if (!len)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < alg_app_protocols_len && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
				 alg_app_protocols[i].name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}
