# shellcheck shell=bash disable=SC2034
# Shared by up.sh, down.sh, status.sh and guest/build.sh: where the testbed lives, what it is
# called, and small helpers (timing, PID files, waiting). Sourced, never run.
#
# Everything the testbed creates lives under $TB (VIRTDESK_TESTBED_DIR, default
# /tmp/virtdesk-testbed), except what cannot: the users vdtest and libvirt-qemu, the group libvirt,
# a marked block in /etc/libvirt/qemu.conf, /run/sshd, and libvirtd's own state directories
# (/run/libvirt, /var/lib/libvirt, /etc/libvirt/{qemu,storage}).

TB_SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TB=${VIRTDESK_TESTBED_DIR:-/tmp/virtdesk-testbed}
TB=${TB%/}

# ---- names and fixed values (tests read them from testbed.json, never from here)
TB_USER=vdtest
TB_PASSWORD=vdtest-pass
TB_KEY_PASSPHRASE=vdtest-key-passphrase
TB_SSH_HOST=127.0.0.1
TB_SSH_PORT=2222
TB_GUEST=vd-tiny
TB_POOL=vd-pool
TB_SMALL_POOL=vd-small   # a 64 MiB tmpfs: the "full pool" tests
TB_SMALL_POOL_BYTES=$((64 * 1024 * 1024))
TB_SYSTEM_HOST_UUID=5dc0e3a1-7e57-4bed-8000-000000000001
TB_SESSION_HOST_UUID=5dc0e3a1-7e57-4bed-8000-000000000002

TB_PACKAGES=(libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 qemu-utils
  openssh-server openssh-client busybox-static cpio xz-utils python3-libvirt)

# ---- layout
TB_ETC=$TB/etc       # configs we generate
TB_RUN=$TB/run       # PID files of the daemons we start as root
TB_LOG=$TB/log
TB_SSH=$TB/ssh       # host keys, client keys, authorized_keys, known_hosts
TB_BIN=$TB/bin       # ssh wrapper for qemu+ssh URIs
TB_CACHE=$TB/cache   # kernel + initramfs (survives down; delete to rebuild)
TB_GUESTS=$TB/guests # disks and generated domain XML
TB_POOL_DIR=$TB/pool
TB_SMALL_POOL_DIR=$TB/small-pool
TB_HOME=$TB/home/$TB_USER
TB_JSON=$TB/testbed.json

PID_VIRTLOGD=$TB_RUN/virtlogd.pid
PID_LIBVIRTD=$TB_RUN/libvirtd.pid
PID_SSHD=$TB_RUN/sshd.pid
# the session daemon runs as $TB_USER without XDG_RUNTIME_DIR, so libvirt keeps its runtime
# files (socket, PID files, qemu pidfiles) in ~/.cache/libvirt
SESSION_RUNDIR=$TB_HOME/.cache/libvirt
PID_SESSION_LIBVIRTD=$SESSION_RUNDIR/libvirtd.pid
PID_SESSION_VIRTLOGD=$SESSION_RUNDIR/virtlogd.pid
SESSION_SOCK=$SESSION_RUNDIR/libvirt-sock
SESSION_URI="qemu+unix:///session?socket=$SESSION_SOCK"
SYSTEM_URI=qemu:///system
SYSTEM_QEMU_RUNDIR=/run/libvirt/qemu

# never let a probe spawn a session daemon behind our back
export LIBVIRT_AUTOSTART=0
export LC_ALL=C

# ---- output and timing
tb_now() { echo "${EPOCHREALTIME/,/.}"; }
TB_T0=$(tb_now)
TB_TP=$TB_T0
tb_secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
# phase MESSAGE: one line with the time the phase took and the total so far
phase() {
  local now
  now=$(tb_now)
  printf '  %-52s %5ss  (total %ss)\n' "$*" "$(tb_secs "$TB_TP" "$now")" "$(tb_secs "$TB_T0" "$now")"
  TB_TP=$now
}
info() { printf '  %s\n' "$*"; }
warn() { printf 'testbed: warning: %s\n' "$*" >&2; }
# die MESSAGE [LOGFILE]: message, the log's tail if given, exit 1
die() {
  printf '\ntestbed: ERROR: %s\n' "$1" >&2
  if [ -n "${2:-}" ] && [ -s "$2" ]; then
    printf -- '--- last lines of %s ---\n' "$2" >&2
    tail -n 25 "$2" >&2
    printf -- '---\n' >&2
  fi
  exit 1
}
need_root() { [ "$(id -u)" = 0 ] || die "must run as root (it installs packages and starts libvirtd for qemu:///system)"; }

# ---- PID files
# pid_of PIDFILE: the PID in it, if the file exists and holds a number
pid_of() {
  local p
  [ -f "$1" ] || return 1
  read -r p <"$1" 2>/dev/null || true
  [[ "$p" =~ ^[0-9]+$ ]] || return 1
  echo "$p"
}
# pid_alive PIDFILE EXE: the process in PIDFILE runs and is EXE (basename of /proc/PID/exe), so a
# recycled PID is never mistaken for our daemon
pid_alive() {
  local p exe
  p=$(pid_of "$1") || return 1
  exe=$(readlink "/proc/$p/exe" 2>/dev/null) || return 1
  exe=${exe% (deleted)}
  [ "${exe##*/}" = "$2" ]
}
# running PID: exists and is not a zombie (PID 1 here may reap exited daemons seconds later)
running() {
  local st
  st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$st" ] && [ "${st:0:1}" != Z ]
}
# stop_pid PIDFILE EXE [LABEL]: TERM, wait up to 10 s, then KILL; only if it is EXE
stop_pid() {
  local f=$1 exe=$2 label=${3:-$2} p i
  if ! pid_alive "$f" "$exe"; then
    rm -f "$f"
    return 0
  fi
  p=$(pid_of "$f")
  kill "$p" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    running "$p" || break
    sleep 0.05
  done
  if running "$p"; then
    kill -9 "$p" 2>/dev/null || true
    warn "$label (pid $p) ignored SIGTERM for 10 s: killed"
  fi
  rm -f "$f"
  info "stopped $label (pid $p)"
}

# descendants PID: PIDs of all processes below PID (children, their children, ...)
descendants() {
  ps -eo pid=,ppid= | awk -v root="$1" '
    { kids[$2] = kids[$2] " " $1 }
    END {
      n = split(kids[root], todo, " ")
      while (n > 0) {
        p = todo[n--]
        print p
        m = split(kids[p], more, " ")
        for (i = 1; i <= m; i++) todo[++n] = more[i]
      }
    }'
}

# waitfor SECONDS CMD...: poll CMD every 0.1 s until it succeeds; 1 on timeout
waitfor() {
  local end=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.1
  done
}

# ---- probes used by up and status
virsh_sys() { timeout 20 virsh -q -c "$SYSTEM_URI" "$@"; }
virsh_ses() { timeout 20 virsh -q -c "$SESSION_URI" "$@"; }
system_libvirt_ready() { virsh_sys version >/dev/null 2>&1; }
session_libvirt_ready() { virsh_ses version >/dev/null 2>&1; }
tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
# ssh_as_user CMD...: run CMD as $TB_USER over the testbed's sshd with the plain client key
ssh_as_user() {
  timeout 20 ssh -F "$TB_ETC/ssh_config" -o BatchMode=yes testbed "$@"
}
packages_missing() {
  local p st
  for p in "${TB_PACKAGES[@]}"; do
    st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
    [ "${st:0:2}" = ii ] || echo "$p"
  done
}

# tb_lock "$@": re-run the calling script under an exclusive lock on $TB/.lock, so two up/down runs
# never interleave. flock -o keeps the lock's descriptor out of everything the script starts: a
# daemon that inherited it would hold the lock for as long as it lives.
tb_lock() {
  [ -z "${TB_LOCK_HELD:-}" ] || return 0
  mkdir -p "$TB"
  local rc=0
  flock -n "$TB/.lock" true || echo "testbed: waiting for another testbed up/down to finish" >&2
  TB_LOCK_HELD=1 flock -w 300 -o -E 75 "$TB/.lock" bash "$0" "$@" || rc=$?
  [ "$rc" != 75 ] || die "another testbed up/down has held $TB/.lock for 5 minutes"
  exit "$rc"
}
