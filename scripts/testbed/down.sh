#!/usr/bin/env bash
# npm run testbed:down — stop what `up` started, by PID file only (never by process name):
#   guests running on either daemon (virsh destroy, then any qemu still alive by libvirt's pidfiles),
#   the session libvirtd (+ its virtlogd), libvirtd, virtlogd, sshd.
# Keeps users, keys, configs, the cache, defined guests and vd-pool, so the next `up` is quick
# (vd-small, on a tmpfs, is undefined and unmounted).
# `down.sh --purge` also removes the testbed directory (the cache too).
# shellcheck source-path=SCRIPTDIR
set -Eeuo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
[ -d "$TB" ] || {
  echo "no testbed at $TB: nothing to stop"
  exit 0
}
tb_lock "$@"
echo "stopping the virtdesk testbed in $TB"

# destroy_all LABEL PIDFILE VIRSH...: destroy every running guest of a daemon we started
destroy_all() {
  local label=$1 pidfile=$2 d
  shift 2
  pid_alive "$pidfile" libvirtd || return 0
  for d in $("$@" list --name 2>/dev/null); do
    if "$@" destroy "$d" >/dev/null 2>&1; then
      info "destroyed guest $d ($label)"
    else
      warn "could not destroy $d ($label)"
    fi
  done
}
# kill_qemus DIR: qemu processes whose libvirt pidfile (DIR/*.pid) is still alive
kill_qemus() {
  local f
  [ -d "$1" ] || return 0
  for f in "$1"/*.pid; do
    [ -e "$f" ] || continue
    pid_alive "$f" qemu-system-x86_64 || continue
    # libvirt owns these pidfiles: leave them, stop_pid removes only the ones it used
    cp "$f" "$TB_RUN/qemu-$(basename "$f")"
    stop_pid "$TB_RUN/qemu-$(basename "$f")" qemu-system-x86_64 "qemu of $(basename "$f" .pid)"
  done
}

destroy_all "qemu:///session" "$PID_SESSION_LIBVIRTD" timeout 30 virsh -q -c "$SESSION_URI"
destroy_all "qemu:///system" "$PID_LIBVIRTD" timeout 30 virsh -q -c "$SYSTEM_URI"

# vd-small lives on a tmpfs: undefine it and unmount that (its volumes are scratch)
if pid_alive "$PID_LIBVIRTD" libvirtd; then
  timeout 30 virsh -q -c "$SYSTEM_URI" pool-destroy "$TB_SMALL_POOL" >/dev/null 2>&1 || true
  timeout 30 virsh -q -c "$SYSTEM_URI" pool-undefine "$TB_SMALL_POOL" >/dev/null 2>&1 || true
fi
if mountpoint -q "$TB_SMALL_POOL_DIR" 2>/dev/null; then
  umount "$TB_SMALL_POOL_DIR" && info "unmounted pool $TB_SMALL_POOL ($TB_SMALL_POOL_DIR)"
fi

stop_pid "$PID_SESSION_LIBVIRTD" libvirtd "session libvirtd ($TB_USER)"
stop_pid "$PID_SESSION_VIRTLOGD" virtlogd "session virtlogd ($TB_USER)"
stop_pid "$PID_LIBVIRTD" libvirtd "libvirtd (qemu:///system)"
stop_pid "$PID_VIRTLOGD" virtlogd
# sshd leaves open sessions running when its listener stops: end them (its descendants) too
sessions=()
if pid_alive "$PID_SSHD" sshd; then mapfile -t sessions < <(descendants "$(pid_of "$PID_SSHD")"); fi
stop_pid "$PID_SSHD" sshd "sshd ($TB_SSH_HOST:$TB_SSH_PORT)"
if [ "${#sessions[@]}" -gt 0 ]; then
  kill "${sessions[@]}" 2>/dev/null || true
  info "ended ${#sessions[@]} process(es) of open ssh sessions"
fi
# guests the daemons could not destroy must not outlive them
kill_qemus "$SESSION_RUNDIR/qemu/run"
# the system run dir is shared with any other libvirtd: only when none answers any more
system_libvirt_ready || kill_qemus "$SYSTEM_QEMU_RUNDIR"

if [ "${1:-}" = --purge ]; then
  [ -f "$TB/etc/libvirtd.conf" ] || die "$TB does not look like a testbed directory: not removing it"
  rm -rf "$TB"
  echo "removed $TB"
fi
echo "testbed is down"
