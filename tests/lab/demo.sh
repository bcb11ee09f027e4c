#!/bin/bash
# The lab demo (sudo make demo): real FTP and SIP peers talk through a router
# namespace where algtrack is attached, then the router's report is printed,
# brief and extensive. Progress goes to stderr, the report to stdout; the lab
# is removed at the end whatever happens. Needs build/algtrack (make).

. "$(dirname "$0")/lab.sh"
lab_isolate_mounts "$0" "$@"
lab_require curl vsftpd sipp editcap jq
lab_trap

step() { printf '==> %s\n' "$*" >&2; }

step "bringing up cli <-> rtr <-> srv namespaces (IPv4 + IPv6)"
lab_up
step "attaching algtrack to the router's interfaces r0 and r1"
lab_attach || lab_die "algtrack attach r0 r1 failed"
lab_algtrack status >&2

lab_ftp_server
for v in pasv4 epsv4 port4 epsv6; do
	got=$(lab_ftp_get "$v")
	port=$(lab_ftp_data_port "$v")
	step "FTP $v: fetched ${got:-0} bytes, data port ${port:-?}"
done
# One session stays logged in while the report is printed: an active parent.
lab_bg "$NS_CLI" ftp-open /usr/bin/python3 -c '
import ftplib, time
f = ftplib.FTP("198.51.100.2", timeout=10)
f.login()
f.retrbinary("RETR hello.txt", lambda b: None)
time.sleep(8)
f.quit()'
FTP_OPEN_PID=$LAB_BG_PID
sleep 1
step "FTP session kept open (python ftplib: login, RETR over PASV, then idle)"

lab_sip_prepare
if lab_sip_call u1 4; then
	step "SIP call over UDP: INVITE, 1 s of RTP $CLI4:$SIP_UAC_RTP_PORT <-> $SRV4:$SIP_UAS_RTP_PORT, BYE"
else
	step "SIP call over UDP failed (see the sipp logs)"
fi

echo "# algtrack show services alg conversations"
lab_algtrack show services alg conversations
echo
echo "# algtrack show services alg conversations extensive"
lab_algtrack show services alg conversations extensive

lab_stop "$FTP_OPEN_PID"
lab_stop "$FTP_PID"
step "detaching and removing the lab"
lab_detach
