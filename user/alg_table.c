// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "alg_table.h"

#define ALG_BIT(id) (1u << (id))

/*
 * Control ports are the IANA registrations; only implemented ALGs are
 * enabled by default, the others are listed so that the table is complete.
 */
const struct alg_info alg_table[] = {
	{ ALG_FTP, "FTP ALG", "FTP", true, { 21 }, { 0 }, 300 },
	{ ALG_SIP, "SIP ALG", "SIP", true, { 5060 }, { 5060 }, 180 },
	{ ALG_H323, "H323 ALG", "H323", false, { 1720 }, { 0 }, 0 },
	{ ALG_RAS, "RAS ALG", "RAS", false, { 0 }, { 1719 }, 0 },
	{ ALG_RTSP, "RTSP ALG", "RTSP", false, { 554 }, { 0 }, 0 },
	{ ALG_PPTP, "PPTP ALG", "PPTP", false, { 1723 }, { 0 }, 0 },
	{ ALG_DNS, "DNS ALG", "DNS", false, { 53 }, { 53 }, 0 },
	{ ALG_SUNRPC, "SUNRPC ALG", "SUNRPC", false, { 111 }, { 111 }, 0 },
	{ ALG_MSRPC, "MSRPC ALG", "MSRPC", false, { 135 }, { 0 }, 0 },
	{ ALG_SQLV2, "SQLV2 ALG", "SQLV2", false, { 1521 }, { 0 }, 0 },
	{ ALG_TALK, "TALK ALG", "TALK", false, { 0 }, { 517, 518 }, 0 },
	{ ALG_RSH, "RSH ALG", "RSH", false, { 514 }, { 0 }, 0 },
	{ ALG_IKE, "IKE ALG", "IKE", false, { 0 }, { 500, 4500 }, 0 },
};
const size_t alg_table_len = sizeof(alg_table) / sizeof(alg_table[0]);

/* Sorted by name, as the Junos reference lists them. */
const struct alg_app_protocol alg_app_protocols[] = {
	{ "dce-rpc", ALG_BIT(ALG_MSRPC) },
	{ "dce-rpc-portmap", ALG_BIT(ALG_MSRPC) },
	{ "dns", ALG_BIT(ALG_DNS) },
	{ "ftp", ALG_BIT(ALG_FTP) },
	{ "h323", ALG_BIT(ALG_H323) | ALG_BIT(ALG_RAS) },
	{ "ike-esp-nat", ALG_BIT(ALG_IKE) },
	{ "pptp", ALG_BIT(ALG_PPTP) },
	{ "rpc", ALG_BIT(ALG_SUNRPC) },
	{ "rpc-portmap", ALG_BIT(ALG_SUNRPC) },
	{ "rtsp", ALG_BIT(ALG_RTSP) },
	{ "rsh", ALG_BIT(ALG_RSH) },
	{ "sip", ALG_BIT(ALG_SIP) },
	{ "sql", ALG_BIT(ALG_SQLV2) },
	{ "talk", ALG_BIT(ALG_TALK) },
};
const size_t alg_app_protocols_len =
	sizeof(alg_app_protocols) / sizeof(alg_app_protocols[0]);

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
