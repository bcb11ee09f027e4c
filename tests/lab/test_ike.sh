#!/bin/bash
# IKEv2 and ESP through the lab router with algtrack attached: strongSwan's
# charon (PSK, swanctl over vici) on cli and srv, once on the plain path and
# once through a source NAT on the router. The lab kernel has no ESP
# transform, so charon's userspace IPsec (kernel-libipsec) carries the
# tunnel; strongSwan 5.9.8's libipsec always encapsulates ESP in UDP 4500,
# and MOBIKE moves IKE to 4500 even without NAT. TCP between the inner
# addresses (on lo: libipsec refuses traffic selectors equal to the IKE
# endpoints) crosses the tunnel both ways: a few connects that srv refuses.
#
# Each run must show up as exactly one new IKE conversation: the IKE_SA_INIT
# flow on 500 as parent, the move to 4500 as a UDP child, and one ESP child
# per SPI and direction, the SPIs being those `swanctl --list-sas` reports;
# nothing else. With NAT the tracker is attached on r1 only: at a NAT box it
# sees the inside flow on r0 and the translated one on r1 as different flows,
# so it follows the outside view, where the initiator is the router's address.
# Run as root: tests/lab/test_ike.sh

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require swanctl tcpdump jq tc bpftool nft
[ -x /usr/lib/ipsec/charon ] || lab_die "missing /usr/lib/ipsec/charon (sudo make deps)"
lab_trap

CHARON=/usr/lib/ipsec/charon
VICI=tcp://127.0.0.1:4502 # charon's vici, per namespace: each has its own loopback
INNER_CLI=203.0.113.1
INNER_SRV=203.0.113.2
CHARON_PIDS=()

# ike_conf SIDE LOCAL REMOTE ID PEER_ID LOCAL_TS REMOTE_TS: strongswan.conf and swanctl.conf
ike_conf() {
	local dir=$LAB_DIR/ike/$1
	mkdir -p "$dir/run"
	cat >"$dir/strongswan.conf" <<-EOF
	charon {
		load_modular = no
		load = random nonce openssl pem pkcs1 pubkey x509 aes sha1 sha2 hmac kdf gcm gmp kernel-libipsec kernel-netlink socket-default vici
		install_virtual_ip = no
		filelog {
			lab {
				path = $dir/charon.log
				default = 1
			}
		}
		plugins {
			vici {
				socket = $VICI
			}
		}
	}
	swanctl {
		load = random nonce openssl pem pkcs1 pubkey x509 aes sha1 sha2 hmac
		socket = $VICI
	}
	EOF
	cat >"$dir/swanctl.conf" <<-EOF
	connections {
		lab {
			version = 2
			local_addrs = $2
			remote_addrs = $3
			proposals = aes128-sha256-modp2048
			local {
				auth = psk
				id = $4
			}
			remote {
				auth = psk
				id = $5
			}
			children {
				lab {
					local_ts = $6/32
					remote_ts = $7/32
					esp_proposals = aes128gcm16
				}
			}
		}
	}
	secrets {
		ike-lab {
			id-1 = cli.lab
			id-2 = srv.lab
			secret = "algtrack-lab-psk"
		}
	}
	EOF
}

# swan SIDE NS ARGS...: swanctl in NS talking to that side's charon
swan() {
	local dir=$LAB_DIR/ike/$1 ns=$2
	shift 2
	ip netns exec "$ns" env STRONGSWAN_CONF="$dir/strongswan.conf" swanctl "$@"
}

# ike_start SIDE NS: charon in NS with a private /run (its pid file), then the config
ike_start() {
	local dir=$LAB_DIR/ike/$1 i
	lab_bg "$2" "charon-$1" env STRONGSWAN_CONF="$dir/strongswan.conf" \
		unshare -m --propagation private sh -c "mount --bind '$dir/run' /run && exec $CHARON"
	CHARON_PIDS+=("$LAB_BG_PID")
	for i in $(seq 50); do
		swan "$1" "$2" --stats >/dev/null 2>&1 && break
		sleep 0.1
	done
	swan "$1" "$2" --load-all --file "$dir/swanctl.conf" >"$dir/load.log" 2>&1
}

ike_stop_all() {
	local pid
	for pid in "${CHARON_PIDS[@]}"; do
		lab_stop "$pid"
	done
	CHARON_PIDS=()
}

# The SPIs of the CHILD_SA cli sees: "in out" (hex, no 0x)
child_spis() {
	swan cli "$NS_CLI" --list-sas --raw 2>/dev/null |
		grep -o 'spi-in=[0-9a-f]* spi-out=[0-9a-f]*' | head -n 1 | sed 's/spi-in=//; s/spi-out=//'
}

# variant NAME INITIATOR_AS_SEEN [INITIATOR_OF_UDP]: one tunnel up, a ping through it, torn
# down. INITIATOR_OF_UDP: the source the UDP flows (500, 4500) are reported with, where NAT
# awareness shows them as the initiator sent them (conntrack's original tuple); ESP is not.
variant() {
	local v=$1 ini=$2 ini_udp=${3:-$2} before spis spi_in spi_out conv json want got n
	lab_show_json ike-esp-nat "$LAB_DIR/before-$v.json"
	before=$(lab_group_ids "$LAB_DIR/before-$v.json" IKE)

	ike_conf srv "$SRV4" %any srv.lab cli.lab "$INNER_SRV" "$INNER_CLI"
	ike_conf cli "$CLI4" "$SRV4" cli.lab srv.lab "$INNER_CLI" "$INNER_SRV"
	ike_start srv "$NS_SRV"
	ike_start cli "$NS_CLI"
	if swan cli "$NS_CLI" --initiate --child lab --timeout 10 >"$LAB_DIR/initiate-$v.log" 2>&1; then
		tap_ok "$v: IKE_SA and CHILD_SA established"
	else
		tap_fail "$v: IKE_SA and CHILD_SA established" "$(tail -n 5 "$LAB_DIR/initiate-$v.log")"
	fi
	if ip netns exec "$NS_CLI" /usr/bin/python3 "$LAB_ROOT/tests/lab/ike/inner_probe.py" \
		"$INNER_CLI" "$INNER_SRV" >"$LAB_DIR/probe-$v.log" 2>&1; then
		tap_ok "$v: TCP $INNER_CLI -> $INNER_SRV refused through the tunnel (both ways)"
	else
		tap_fail "$v: TCP through the tunnel" "$(tail -n 3 "$LAB_DIR/probe-$v.log")"
	fi
	read -r spi_in spi_out <<<"$(child_spis)"
	swan cli "$NS_CLI" --terminate --ike lab --timeout 5 >/dev/null 2>&1
	ike_stop_all

	lab_show_json ike-esp-nat "$LAB_DIR/after-$v.json"
	conv=$(lab_new_conversations "$LAB_DIR/after-$v.json" IKE "${before:-[]}")
	lab_jq_check "$v: exactly one new IKE conversation" "$conv" 'length == 1'
	json=$(jq -c '.[0] // {}' <<<"$conv")
	lab_jq_check "$v: parent is UDP $ini_udp:500 -> $SRV4:500" "$json" \
		'.parent.protocol == "UDP" and .parent.forward == {src: $i, sport: 500, dst: $s, dport: 500}' \
		--arg i "$ini_udp" --arg s "$SRV4"
	lab_jq_check "$v: the move to 4500 is a UDP child" "$json" \
		'[.resources[].sessions[] | select(.protocol == "UDP")]
		 | length == 1 and .[0].forward.src == $i and .[0].forward.dst == $s
		 and .[0].forward.dport == 4500' --arg i "$ini_udp" --arg s "$SRV4"
	if [ -z "$spi_in" ] || [ -z "$spi_out" ]; then
		tap_fail "$v: swanctl listed the CHILD_SA's SPIs"
		return
	fi
	# ESP children as "src dst spi"; cli's outbound SPI goes ini -> srv
	want=$(printf '%s %s %d\n%s %s %d\n' "$ini" "$SRV4" "0x$spi_out" "$SRV4" "$ini" "0x$spi_in" | sort)
	got=$(jq -r '.resources[].sessions[] | select(.protocol == "ESP")
		| "\(.forward.src) \(.forward.dst) \(.forward.sport * 65536 + .forward.dport) \(.packets)"' <<<"$json")
	n=$(awk '$4 > 0 { print $1, $2, $3 }' <<<"$got" | sort)
	lab_jq_check "$v: no other child" "$json" '[.resources[].sessions[]] | length == 3'
	[ "$n" = "$want" ] && tap_ok "$v: one ESP child per SPI swanctl listed ($spi_out out, $spi_in in), with packets" ||
		tap_fail "$v: one ESP child per SPI swanctl listed, with packets" "want: $want" "got: $got"
}

start=$(date +%s)
lab_up
ip -n "$NS_CLI" addr add "$INNER_CLI/32" dev lo
ip -n "$NS_SRV" addr add "$INNER_SRV/32" dev lo

lab_attach_or_stop
variant plain "$CLI4"
lab_detach

ip netns exec "$NS_RTR" nft -f - <<-'EOF'
table ip labnat {
	chain postrouting {
		type nat hook postrouting priority srcnat;
		oifname "r1" masquerade
	}
}
EOF
before_ids=$(lab_prog_ids)
LAB_ATTACHED=1
if lab_algtrack attach r1 >&2; then
	tap_ok "algtrack attach r1 (the NAT's outside)"
else
	tap_fail "algtrack attach r1 (the NAT's outside)"
fi
LAB_PROG_IDS=$(comm -13 <(echo "$before_ids") <(lab_prog_ids) | tr '\n' ' ')
# With NAT awareness on (nf_conntrack and its kfuncs), the UDP flows show the initiator's
# own address and conntrack's reply tuple; without it, the masqueraded one.
if [ "$(lab_algtrack status --json 2>/dev/null | jq -r '.nat.enabled')" = true ]; then
	variant nat "$RTR_S4" "$CLI4"
else
	variant nat "$RTR_S4"
fi

lab_assert_clean
lab_assert_guard
lab_log "took $(($(date +%s) - start)) s"
tap_summary
