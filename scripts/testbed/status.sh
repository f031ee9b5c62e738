#!/usr/bin/env bash
# npm run testbed:status — one line per component, up or down; exit 0 only when all are up.
# shellcheck source-path=SCRIPTDIR
set -uo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root

down=0
line() { # line up|down COMPONENT DETAIL
  [ "$1" = up ] || down=$((down + 1))
  printf '  %-5s %-22s %s\n' "$1" "$2" "$3"
}
# daemon LABEL PIDFILE EXE PROBE DETAIL
daemon() {
  if ! pid_alive "$2" "$3"; then
    line down "$1" "not running (PID file $2)"
  elif [ -n "$4" ] && ! "$4"; then
    line down "$1" "pid $(pid_of "$2") runs but does not answer"
  else
    line up "$1" "pid $(pid_of "$2")$5"
  fi
}
# shellcheck disable=SC2317 # called through daemon()
ssh_login() { ssh_as_user true; }

echo "virtdesk testbed in $TB"
mapfile -t missing < <(packages_missing)
if [ "${#missing[@]}" = 0 ]; then
  line up packages "${#TB_PACKAGES[@]} installed"
else
  line down packages "missing: ${missing[*]}"
fi
daemon virtlogd "$PID_VIRTLOGD" virtlogd "" ""
daemon libvirtd "$PID_LIBVIRTD" libvirtd system_libvirt_ready ", $SYSTEM_URI"
daemon "session libvirtd" "$PID_SESSION_LIBVIRTD" libvirtd session_libvirt_ready ", $SESSION_URI"
daemon sshd "$PID_SSHD" sshd ssh_login ", $TB_USER@$TB_SSH_HOST:$TB_SSH_PORT (key login works)"
if pid_alive "$PID_LIBVIRTD" libvirtd && state=$(virsh_sys domstate "$TB_GUEST" 2>/dev/null); then
  line up "guest $TB_GUEST" "defined, $(head -n 1 <<<"$state")"
else
  line down "guest $TB_GUEST" "not defined or libvirtd down"
fi
# (a here-string, not a pipe: grep -q would end the pipe early and pipefail would call it a failure)
if pid_alive "$PID_LIBVIRTD" libvirtd && grep -Eq '^State: +running' <<<"$(virsh_sys pool-info "$TB_POOL" 2>/dev/null)"; then
  line up "pool $TB_POOL" "active, $TB_POOL_DIR"
else
  line down "pool $TB_POOL" "not active or libvirtd down"
fi
if pid_alive "$PID_LIBVIRTD" libvirtd && mountpoint -q "$TB_SMALL_POOL_DIR" &&
  grep -Eq '^State: +running' <<<"$(virsh_sys pool-info "$TB_SMALL_POOL" 2>/dev/null)"; then
  line up "pool $TB_SMALL_POOL" "active, 64 MiB tmpfs at $TB_SMALL_POOL_DIR"
else
  line down "pool $TB_SMALL_POOL" "not active, not mounted or libvirtd down"
fi
if [ -s "$TB_JSON" ]; then
  line up testbed.json "$TB_JSON"
else
  line down testbed.json "missing: run npm run testbed:up"
fi

if [ "$down" = 0 ]; then
  echo "testbed is up"
  exit 0
fi
echo "testbed is DOWN ($down component(s)): run npm run testbed:up"
exit 1
