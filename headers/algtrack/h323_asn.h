/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The type tables of the H.323 parsers (per_walk.h): the subset of
 *   ITU-T H.225.0 v4 (11/2000) module H323-MESSAGES
 *     {itu-t(0) recommendation(0) h(8) 2250 version(0) 4 h323-messages(1)}
 *     (later versions only add extensions, which are skipped by length), and
 *   ITU-T H.245 v7 (11/2000) module MULTIMEDIA-SYSTEM-CONTROL
 *     {itu-t(0) recommendation(0) h(8) 245 version(0) 7 multimedia-system-control(0)}
 * that leads to the transport addresses an H.323 ALG needs: h245Address,
 * fastStart and tunnelled H.245 in the call-signalling UUIEs, the RAS
 * call-signalling and RAS addresses, and the media addresses of
 * OpenLogicalChannel(Ack). Types that are not needed on the way are node 0
 * (stop, see per_walk.h); components after the last needed one of a
 * SEQUENCE are a final stop edge.
 */
#ifndef ALGTRACK_H323_ASN_H
#define ALGTRACK_H323_ASN_H

#include "per_walk.h"

/* What a tagged address announces (alg_h323_tag_*). */
enum alg_h323_tag {
	ALG_H323_T_NONE = 0,
	ALG_H323_T_H245,    /* h245Address: H.245 control over TCP */
	ALG_H323_T_CALLSIG, /* call-signalling address: H.225.0/Q.931 over TCP */
	ALG_H323_T_RAS,     /* RAS address: UDP */
	ALG_H323_T_MEDIA,   /* mediaChannel/mediaControlChannel: RTP or RTCP over UDP */
};

enum alg_h323_node {
	N_STOP = 0,
	N_NULL, N_BOOL, N_OID,
	N_INT_U8, N_INT_U16, N_INT_1_65535, N_INT_U32, N_INT_1_256, N_INT_1_255, N_INT_1_4,
	N_INT_1_32, N_INT_RTP_PT, N_INT_0_192, N_INT_H261_RATE, N_INT_H263_RATE, N_INT_HRDB,
	N_OCT, N_OCT_2, N_OCT_4, N_OCT_6, N_OCT_16, N_OCT_1_20, N_OCT_1_256, N_OCT_1_131,
	N_BMP_1_128, N_BMP_1_256, N_DIGITS,
	/* H.225.0 */
	N_H221, N_NSID, N_NSPARAM, N_VENDOR, N_NS_ONLY, N_SUPPORTED_PROTOCOL, N_PROTOCOLS,
	N_GATEWAY, N_ENDPOINT, N_ALIAS, N_ALIASES, N_IP4, N_IP_ROUTE, N_ROUTE, N_ROUTING,
	N_IPX, N_IP6, N_TA, N_TAS, N_Q954, N_QSERIES, N_CONF_GOAL, N_CALL_TYPE, N_CRVS,
	N_CALL_ID, N_FAST_START, N_FAST_START_ITEM, N_H245_CONTROL, N_H245_CONTROL_ITEM,
	N_SETUP, N_CALL_PROCEEDING, N_CONNECT, N_ALERTING, N_INFORMATION, N_RELEASE_REASON,
	N_RELEASE_COMPLETE, N_FACILITY_REASON, N_FACILITY, N_PROGRESS, N_BODY, N_USER_DATA,
	N_UU_PDU, N_USER_INFORMATION,
	/* H.225.0 RAS */
	N_CALL_MODEL, N_GCF, N_RRQ, N_RCF, N_URQ, N_UCF, N_ACF, N_LCF, N_RAS,
	/* H.245 */
	N_H245_H221, N_H245_NSID, N_H245_NSPARAM, N_H245_NSPARAMS, N_G7231, N_GSM, N_AUDIO,
	N_H261, N_H263, N_VIDEO, N_DATA_TYPE, N_TERMINAL_LABEL, N_MEDIA_PACKETIZATION,
	N_H245_IP4, N_H245_IPX, N_H245_IP6, N_H245_ROUTING, N_H245_IP_ROUTE, N_UNICAST,
	N_MULTICAST_IP4, N_MULTICAST_IP6, N_MULTICAST, N_H245_TA, N_H2250_LCP, N_FWD_MUX,
	N_FWD_PARAMS, N_REV_MUX, N_REV_PARAMS, N_OLC, N_OLCA_REV_MUX, N_OLCA_REV, N_H2250_ACK,
	N_FWD_MUX_ACK, N_OLCA, N_END_SESSION, N_REQUEST, N_RESPONSE, N_COMMAND, N_MSCM,
	N__COUNT
};

#define PER_O(n) ((n) | ALG_PER_EDGE_OPT)
#define PER_T(n, t) ((n) | ALG_PER_TAG(ALG_H323_T_##t))
#define PER_INT(l, u) { .kind = ALG_PER_INT, .lb = (l), .ub = (u) }
#define PER_OCT(l, u) { .kind = ALG_PER_OCTETS, .lb = (l), .ub = (u) }
#define PER_STR(bits, l, u) { .kind = ALG_PER_STRING, .n_root = (bits), .lb = (l), .ub = (u) }
#define PER_SEQ(fl, nopt, nroot, next, ...) \
	{ .kind = ALG_PER_SEQ, .flags = (fl), .n_root = (nroot), .n_ext = (next), .lb = (nopt), .e = { __VA_ARGS__ } }
#define PER_CHOICE(fl, nroot, next, ...) \
	{ .kind = ALG_PER_CHOICE, .flags = (fl), .n_root = (nroot), .n_ext = (next), .e = { __VA_ARGS__ } }
#define PER_SEQOF(l, u, el) { .kind = ALG_PER_SEQOF, .lb = (l), .ub = (u), .e = { el } }
#define PER_CONTAINING(el) { .kind = ALG_PER_CONTAINING, .e = { el } }
#define EXT ALG_PER_F_EXT

static const struct alg_per_node alg_h323_nodes[N__COUNT] = {
	[N_STOP] = { .kind = ALG_PER_STOP },
	[N_NULL] = { .kind = ALG_PER_NULL },
	[N_BOOL] = { .kind = ALG_PER_BOOL },
	[N_OID] = { .kind = ALG_PER_OID },
	[N_INT_U8] = PER_INT(0, 255),
	[N_INT_U16] = PER_INT(0, 65535),
	[N_INT_1_65535] = PER_INT(1, 65535),
	[N_INT_U32] = PER_INT(0, 4294967295u),
	[N_INT_1_256] = PER_INT(1, 256),
	[N_INT_1_255] = PER_INT(1, 255),
	[N_INT_1_4] = PER_INT(1, 4),
	[N_INT_1_32] = PER_INT(1, 32),
	[N_INT_RTP_PT] = PER_INT(96, 127),
	[N_INT_0_192] = PER_INT(0, 192),
	[N_INT_H261_RATE] = PER_INT(1, 19200),
	[N_INT_H263_RATE] = PER_INT(1, 192400),
	[N_INT_HRDB] = PER_INT(0, 524287),
	[N_OCT] = PER_OCT(0, 0),
	[N_OCT_2] = PER_OCT(2, 2),
	[N_OCT_4] = PER_OCT(4, 4),
	[N_OCT_6] = PER_OCT(6, 6),
	[N_OCT_16] = PER_OCT(16, 16),
	[N_OCT_1_20] = PER_OCT(1, 20),
	[N_OCT_1_256] = PER_OCT(1, 256),
	[N_OCT_1_131] = PER_OCT(1, 131),
	[N_BMP_1_128] = PER_STR(16, 1, 128),
	[N_BMP_1_256] = PER_STR(16, 1, 256),
	/* IA5String (FROM ("0123456789#*,")): 13 characters, 4 bits each (X.691 §27.5.2). */
	[N_DIGITS] = PER_STR(4, 1, 128),

	/* ---- H.225.0 ---- */
	[N_H221] = PER_SEQ(EXT, 0, 3, 0, N_INT_U8, N_INT_U8, N_INT_U16),
	[N_NSID] = PER_CHOICE(EXT, 2, 0, N_OID, N_H221),
	[N_NSPARAM] = PER_SEQ(0, 0, 2, 0, N_NSID, N_OCT),
	[N_VENDOR] = PER_SEQ(EXT, 2, 3, 0, N_H221, PER_O(N_OCT_1_256), PER_O(N_OCT_1_256)),
	/* GatekeeperInfo, McuInfo, TerminalInfo, H310Caps ... T120OnlyCaps: { nonStandardData OPTIONAL, ... } */
	[N_NS_ONLY] = PER_SEQ(EXT, 1, 1, 0, PER_O(N_NSPARAM)),
	[N_SUPPORTED_PROTOCOL] = PER_CHOICE(EXT, 9, 0, N_NSPARAM, N_NS_ONLY, N_NS_ONLY, N_NS_ONLY,
					    N_NS_ONLY, N_NS_ONLY, N_NS_ONLY, N_NS_ONLY, N_NS_ONLY),
	[N_PROTOCOLS] = PER_SEQOF(0, 0, N_SUPPORTED_PROTOCOL),
	[N_GATEWAY] = PER_SEQ(EXT, 2, 2, 0, PER_O(N_PROTOCOLS), PER_O(N_NSPARAM)),
	[N_ENDPOINT] = PER_SEQ(EXT, 6, 8, 0, PER_O(N_NSPARAM), PER_O(N_VENDOR), PER_O(N_NS_ONLY),
			       PER_O(N_GATEWAY), PER_O(N_NS_ONLY), PER_O(N_NS_ONLY), N_BOOL, N_BOOL),
	[N_ALIAS] = PER_CHOICE(EXT, 2, 0, N_DIGITS, N_BMP_1_256),
	[N_ALIASES] = PER_SEQOF(0, 0, N_ALIAS),
	[N_IP4] = PER_SEQ(ALG_PER_F_ADDR, 0, 2, 0, N_OCT_4, N_INT_U16),
	[N_ROUTE] = PER_SEQOF(0, 0, N_OCT_4),
	[N_ROUTING] = PER_CHOICE(EXT, 2, 0, N_NULL, N_NULL),
	[N_IP_ROUTE] = PER_SEQ(EXT, 0, 4, 0, N_OCT_4, N_INT_U16, N_ROUTE, N_ROUTING),
	[N_IPX] = PER_SEQ(0, 0, 3, 0, N_OCT_6, N_OCT_4, N_OCT_2),
	[N_IP6] = PER_SEQ(EXT | ALG_PER_F_ADDR, 0, 2, 0, N_OCT_16, N_INT_U16),
	[N_TA] = PER_CHOICE(EXT, 7, 0, N_IP4, N_IP_ROUTE, N_IPX, N_IP6, N_OCT_16, N_OCT_1_20, N_NSPARAM),
	[N_TAS] = PER_SEQOF(0, 0, N_TA),
	[N_Q954] = PER_SEQ(EXT, 0, 2, 0, N_BOOL, N_BOOL),
	[N_QSERIES] = PER_SEQ(EXT, 0, 8, 0, N_BOOL, N_BOOL, N_BOOL, N_BOOL, N_BOOL, N_BOOL, N_BOOL, N_Q954),
	[N_CONF_GOAL] = PER_CHOICE(EXT, 3, 0, N_NULL, N_NULL, N_NULL),
	[N_CALL_TYPE] = PER_CHOICE(EXT, 4, 0, N_NULL, N_NULL, N_NULL, N_NULL),
	[N_CRVS] = PER_SEQOF(0, 0, N_INT_U16),
	[N_CALL_ID] = PER_SEQ(EXT, 0, 1, 0, N_OCT_16),
	/* fastStart SEQUENCE OF OCTET STRING: each an encoded OpenLogicalChannel (H.225.0 §8.1.7.1). */
	[N_FAST_START] = PER_SEQOF(0, 0, N_FAST_START_ITEM),
	[N_FAST_START_ITEM] = PER_CONTAINING(N_OLC),
	/* h245Control SEQUENCE OF OCTET STRING: tunnelled MultimediaSystemControlMessages. */
	[N_H245_CONTROL] = PER_SEQOF(0, 0, N_H245_CONTROL_ITEM),
	[N_H245_CONTROL_ITEM] = PER_CONTAINING(N_MSCM),
	/* Setup-UUIE; extension addition 6 is fastStart. */
	[N_SETUP] = PER_SEQ(EXT, 7, 13, 7, N_OID, PER_O(PER_T(N_TA, H245)), PER_O(N_ALIASES), N_ENDPOINT,
			    PER_O(N_ALIASES), PER_O(N_TA), PER_O(N_ALIASES), PER_O(N_CRVS), N_BOOL,
			    N_OCT_16, N_CONF_GOAL, PER_O(N_QSERIES), N_CALL_TYPE,
			    N_STOP, N_STOP, N_STOP, N_STOP, N_STOP, N_STOP, N_FAST_START),
	/* CallProceeding-, Alerting-UUIE: extension addition 4 is fastStart. */
	[N_CALL_PROCEEDING] = PER_SEQ(EXT, 1, 3, 5, N_OID, N_ENDPOINT, PER_O(PER_T(N_TA, H245)),
				      N_STOP, N_STOP, N_STOP, N_STOP, N_FAST_START),
	[N_CONNECT] = PER_SEQ(EXT, 1, 4, 5, N_OID, PER_O(PER_T(N_TA, H245)), N_ENDPOINT, N_OCT_16,
			      N_STOP, N_STOP, N_STOP, N_STOP, N_FAST_START),
	[N_ALERTING] = PER_SEQ(EXT, 1, 3, 5, N_OID, N_ENDPOINT, PER_O(PER_T(N_TA, H245)),
			       N_STOP, N_STOP, N_STOP, N_STOP, N_FAST_START),
	[N_INFORMATION] = PER_SEQ(EXT, 0, 1, 4, N_OID, N_STOP, N_STOP, N_STOP, N_FAST_START),
	[N_RELEASE_REASON] = PER_CHOICE(EXT, 12, 0, N_NULL, N_NULL, N_NULL, N_NULL, N_NULL, N_NULL,
					N_NULL, N_NULL, N_NULL, N_NULL, N_NULL, N_NULL),
	[N_RELEASE_COMPLETE] = PER_SEQ(EXT, 1, 2, 0, N_OID, PER_O(N_RELEASE_REASON)),
	[N_FACILITY_REASON] = PER_CHOICE(EXT, 4, 0, N_NULL, N_NULL, N_NULL, N_NULL),
	/* Facility-UUIE: extension additions 6 h245Address, 7 fastStart. */
	[N_FACILITY] = PER_SEQ(EXT, 3, 5, 8, N_OID, PER_O(N_TA), PER_O(N_ALIASES), PER_O(N_OCT_16),
			       N_FACILITY_REASON, N_STOP, N_STOP, N_STOP, N_STOP, N_STOP, N_STOP,
			       PER_T(N_TA, H245), N_FAST_START),
	/* Progress-UUIE: security mode and tokens are not modelled. */
	[N_PROGRESS] = PER_SEQ(EXT, 5, 8, 0, N_OID, N_ENDPOINT, PER_O(PER_T(N_TA, H245)), N_CALL_ID,
			       PER_O(N_STOP), PER_O(N_STOP), PER_O(N_STOP), PER_O(N_FAST_START)),
	/* h323-message-body: extension alternative 0 is progress. */
	[N_BODY] = PER_CHOICE(EXT, 7, 1, N_SETUP, N_CALL_PROCEEDING, N_CONNECT, N_ALERTING,
			      N_INFORMATION, N_RELEASE_COMPLETE, N_FACILITY, N_PROGRESS),
	[N_USER_DATA] = PER_SEQ(EXT, 0, 2, 0, N_INT_U8, N_OCT_1_131),
	/* H323-UU-PDU: extension addition 2 is h245Control. */
	[N_UU_PDU] = PER_SEQ(EXT, 1, 2, 3, N_BODY, PER_O(N_NSPARAM), N_STOP, N_STOP, N_H245_CONTROL),
	[N_USER_INFORMATION] = PER_SEQ(EXT, 1, 2, 0, N_UU_PDU, PER_O(N_USER_DATA)),

	/* ---- H.225.0 RAS ---- */
	[N_CALL_MODEL] = PER_CHOICE(EXT, 2, 0, N_NULL, N_NULL),
	[N_GCF] = PER_SEQ(EXT, 2, 6, 0, N_INT_1_65535, N_OID, PER_O(N_NSPARAM), PER_O(N_BMP_1_128),
			  PER_T(N_TA, RAS), N_STOP),
	[N_RRQ] = PER_SEQ(EXT, 3, 7, 0, N_INT_1_65535, N_OID, PER_O(N_NSPARAM), N_BOOL,
			  PER_T(N_TAS, CALLSIG), PER_T(N_TAS, RAS), N_STOP),
	[N_RCF] = PER_SEQ(EXT, 3, 5, 0, N_INT_1_65535, N_OID, PER_O(N_NSPARAM), PER_T(N_TAS, CALLSIG),
			  N_STOP),
	[N_URQ] = { .kind = ALG_PER_STOP, .flags = ALG_PER_F_WITHDRAW },
	[N_UCF] = { .kind = ALG_PER_STOP, .flags = ALG_PER_F_CLOSE | ALG_PER_F_WITHDRAW },
	[N_ACF] = PER_SEQ(EXT, 2, 5, 0, N_INT_1_65535, N_INT_U32, N_CALL_MODEL, PER_T(N_TA, CALLSIG),
			  N_STOP),
	[N_LCF] = PER_SEQ(EXT, 1, 4, 0, N_INT_1_65535, PER_T(N_TA, CALLSIG), PER_T(N_TA, RAS), N_STOP),
	/* RasMessage: 25 root alternatives; only these carry what the ALG uses. */
	[N_RAS] = PER_CHOICE(EXT, 25, 0, N_STOP, N_GCF, N_STOP, N_RRQ, N_RCF, N_STOP, N_URQ, N_UCF,
			     N_STOP, N_STOP, N_ACF, N_STOP, N_STOP, N_STOP, N_STOP, N_STOP, N_STOP,
			     N_STOP, N_STOP, N_LCF, N_STOP, N_STOP, N_STOP, N_STOP, N_STOP),

	/* ---- H.245 ---- */
	[N_H245_H221] = PER_SEQ(0, 0, 3, 0, N_INT_U8, N_INT_U8, N_INT_U16),
	[N_H245_NSID] = PER_CHOICE(0, 2, 0, N_OID, N_H245_H221),
	[N_H245_NSPARAM] = PER_SEQ(0, 0, 2, 0, N_H245_NSID, N_OCT),
	[N_H245_NSPARAMS] = PER_SEQOF(0, 0, N_H245_NSPARAM),
	[N_G7231] = PER_SEQ(0, 0, 2, 0, N_INT_1_256, N_BOOL),
	[N_GSM] = PER_SEQ(EXT, 0, 3, 0, N_INT_1_256, N_BOOL, N_BOOL),
	/* AudioCapability: 20 root alternatives, frames per packet for most. */
	[N_AUDIO] = PER_CHOICE(EXT, 20, 0, N_H245_NSPARAM, N_INT_1_256, N_INT_1_256, N_INT_1_256,
			       N_INT_1_256, N_INT_1_256, N_INT_1_256, N_INT_1_256, N_G7231, N_INT_1_256,
			       N_INT_1_256, N_INT_1_256, N_STOP, N_STOP, N_INT_1_256, N_INT_1_256,
			       N_STOP, N_GSM, N_GSM, N_GSM),
	[N_H261] = PER_SEQ(EXT, 2, 5, 0, PER_O(N_INT_1_4), PER_O(N_INT_1_4), N_BOOL, N_INT_H261_RATE, N_BOOL),
	[N_H263] = PER_SEQ(EXT, 7, 13, 0, PER_O(N_INT_1_32), PER_O(N_INT_1_32), PER_O(N_INT_1_32),
			   PER_O(N_INT_1_32), PER_O(N_INT_1_32), N_INT_H263_RATE, N_BOOL, N_BOOL, N_BOOL,
			   N_BOOL, N_BOOL, PER_O(N_INT_HRDB), PER_O(N_INT_U16)),
	[N_VIDEO] = PER_CHOICE(EXT, 5, 0, N_H245_NSPARAM, N_H261, N_STOP, N_H263, N_STOP),
	[N_DATA_TYPE] = PER_CHOICE(EXT, 6, 0, N_H245_NSPARAM, N_NULL, N_VIDEO, N_AUDIO, N_STOP, N_STOP),
	[N_TERMINAL_LABEL] = PER_SEQ(EXT, 0, 2, 0, N_INT_0_192, N_INT_0_192),
	[N_MEDIA_PACKETIZATION] = PER_CHOICE(EXT, 1, 0, N_NULL),
	[N_H245_IP4] = PER_SEQ(EXT | ALG_PER_F_ADDR, 0, 2, 0, N_OCT_4, N_INT_U16),
	[N_H245_IPX] = PER_SEQ(EXT, 0, 3, 0, N_OCT_6, N_OCT_4, N_OCT_2),
	[N_H245_IP6] = PER_SEQ(EXT | ALG_PER_F_ADDR, 0, 2, 0, N_OCT_16, N_INT_U16),
	[N_H245_ROUTING] = PER_CHOICE(0, 2, 0, N_NULL, N_NULL),
	[N_H245_IP_ROUTE] = PER_SEQ(EXT, 0, 4, 0, N_H245_ROUTING, N_OCT_4, N_INT_U16, N_ROUTE),
	[N_UNICAST] = PER_CHOICE(EXT, 5, 0, N_H245_IP4, N_H245_IPX, N_H245_IP6, N_OCT_16, N_H245_IP_ROUTE),
	[N_MULTICAST_IP4] = PER_SEQ(EXT, 0, 2, 0, N_OCT_4, N_INT_U16),
	[N_MULTICAST_IP6] = PER_SEQ(EXT, 0, 2, 0, N_OCT_16, N_INT_U16),
	[N_MULTICAST] = PER_CHOICE(EXT, 2, 0, N_MULTICAST_IP4, N_MULTICAST_IP6),
	[N_H245_TA] = PER_CHOICE(EXT, 2, 0, N_UNICAST, N_MULTICAST),
	[N_H2250_LCP] = PER_SEQ(EXT, 10, 11, 0, PER_O(N_H245_NSPARAMS), N_INT_U8, PER_O(N_INT_1_255),
				PER_O(PER_T(N_H245_TA, MEDIA)), PER_O(N_BOOL),
				PER_O(PER_T(N_H245_TA, MEDIA)), PER_O(N_BOOL), PER_O(N_BOOL),
				PER_O(N_TERMINAL_LABEL), PER_O(N_INT_RTP_PT), PER_O(N_MEDIA_PACKETIZATION)),
	/* multiplexParameters: h2250LogicalChannelParameters is extension alternative 0. */
	[N_FWD_MUX] = PER_CHOICE(EXT, 3, 1, N_STOP, N_STOP, N_STOP, N_H2250_LCP),
	[N_FWD_PARAMS] = PER_SEQ(EXT, 1, 3, 0, PER_O(N_INT_U16), N_DATA_TYPE, N_FWD_MUX),
	[N_REV_MUX] = PER_CHOICE(EXT, 2, 1, N_STOP, N_STOP, N_H2250_LCP),
	[N_REV_PARAMS] = PER_SEQ(EXT, 1, 2, 0, N_DATA_TYPE, PER_O(N_REV_MUX)),
	[N_OLC] = PER_SEQ(EXT, 1, 3, 0, N_INT_1_65535, N_FWD_PARAMS, PER_O(N_REV_PARAMS)),
	[N_OLCA_REV_MUX] = PER_CHOICE(EXT, 1, 1, N_STOP, N_H2250_LCP),
	[N_OLCA_REV] = PER_SEQ(EXT, 2, 3, 0, N_INT_1_65535, PER_O(N_INT_U16), PER_O(N_OLCA_REV_MUX)),
	[N_H2250_ACK] = PER_SEQ(EXT, 5, 5, 0, PER_O(N_H245_NSPARAMS), PER_O(N_INT_1_255),
				PER_O(PER_T(N_H245_TA, MEDIA)), PER_O(PER_T(N_H245_TA, MEDIA)),
				PER_O(N_INT_RTP_PT)),
	[N_FWD_MUX_ACK] = PER_CHOICE(EXT, 1, 0, N_H2250_ACK),
	/* OpenLogicalChannelAck: extension addition 1 is forwardMultiplexAckParameters. */
	[N_OLCA] = PER_SEQ(EXT, 1, 2, 2, N_INT_1_65535, PER_O(N_OLCA_REV), N_STOP, N_FWD_MUX_ACK),
	[N_END_SESSION] = { .kind = ALG_PER_STOP, .flags = ALG_PER_F_CLOSE },
	/* RequestMessage 3 openLogicalChannel; ResponseMessage 5 openLogicalChannelAck;
	 * CommandMessage 5 endSessionCommand. */
	[N_REQUEST] = PER_CHOICE(EXT, 11, 0, N_STOP, N_STOP, N_STOP, N_OLC),
	[N_RESPONSE] = PER_CHOICE(EXT, 19, 0, N_STOP, N_STOP, N_STOP, N_STOP, N_STOP, N_OLCA),
	[N_COMMAND] = PER_CHOICE(EXT, 7, 0, N_STOP, N_STOP, N_STOP, N_STOP, N_STOP, N_END_SESSION),
	[N_MSCM] = PER_CHOICE(EXT, 4, 0, N_REQUEST, N_RESPONSE, N_COMMAND, N_STOP),
};

#undef PER_O
#undef PER_T
#undef PER_INT
#undef PER_OCT
#undef PER_STR
#undef PER_SEQ
#undef PER_CHOICE
#undef PER_SEQOF
#undef PER_CONTAINING
#undef EXT

/* The transport of a tag's address, 0 for an untagged one. */
ALG_INLINE __u32 alg_h323_tag_proto(__u32 tag)
{
	switch (tag) {
	case ALG_H323_T_H245:
	case ALG_H323_T_CALLSIG:
		return ALG_IPPROTO_TCP;
	case ALG_H323_T_RAS:
	case ALG_H323_T_MEDIA:
		return ALG_IPPROTO_UDP;
	}
	return 0;
}

/* The parser of the flow a tag's address opens: call signalling and H.245, or RAS. */
ALG_INLINE __u32 alg_h323_tag_child(__u32 tag)
{
	if (tag == ALG_H323_T_H245 || tag == ALG_H323_T_CALLSIG)
		return ALG_H323;
	return tag == ALG_H323_T_RAS ? ALG_RAS : 0;
}

#endif /* ALGTRACK_H323_ASN_H */
