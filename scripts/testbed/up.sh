#!/usr/bin/env bash
# npm run testbed:up — bring up (or re-verify) a real libvirt host on loopback for integration tests:
#   qemu:///system     virtlogd + libvirtd as root, started by us, unix sockets only
#   qemu:///session    a second daemon (user vdtest, other host_uuid): the second host for migration
#   sshd               127.0.0.1:2222 only; user vdtest (group libvirt) by key, password or
#                      keyboard-interactive
#   vd-tiny            tiny TCG guest (busybox initramfs, serial console), defined, left shut off
#   vd-pool            dir storage pool, active
#   vd-small           dir storage pool on a 64 MiB tmpfs, active (for "the pool is full")
# and writes $TB/testbed.json, which tests read (test/support/testbed.ts). Idempotent: when it is
# all up already it only re-verifies. Needs root on Debian 12; installs missing packages.
# See scripts/testbed/README.md.
# shellcheck source-path=SCRIPTDIR
set -Eeuo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CURRENT=start
trap 'die "testbed:up failed during \"$CURRENT\" (line $LINENO: $BASH_COMMAND)"' ERR
# on any exit: no policy-rc.d of ours left behind, no guest build running on its own
made_policy=0
BUILD_PID=
cleanup() {
  [ "$made_policy" = 0 ] || rm -f /usr/sbin/policy-rc.d
  if [ -n "$BUILD_PID" ]; then
    # shellcheck disable=SC2046 # one PID per word
    kill $(descendants "$BUILD_PID") "$BUILD_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

need_root
tb_lock "$@"
mkdir -p "$TB_ETC" "$TB_RUN" "$TB_LOG" "$TB_SSH" "$TB_BIN" "$TB_CACHE" "$TB_GUESTS" "$TB_POOL_DIR"
chmod 755 "$TB" "$TB_ETC" "$TB_SSH" "$TB_BIN" "$TB_CACHE" "$TB_GUESTS" "$TB/home" 2>/dev/null || true
echo "virtdesk testbed in $TB"

# write_if_changed FILE [MODE]: stdin -> FILE, only when the content differs; 0 when it changed
write_if_changed() {
  local f=$1 mode=${2:-644} tmp
  tmp=$(mktemp "$f.XXXXXX")
  cat >"$tmp"
  chmod "$mode" "$tmp"
  if [ -f "$f" ] && cmp -s "$tmp" "$f"; then
    rm -f "$tmp"
    return 1
  fi
  mv -f "$tmp" "$f"
}

# ------------------------------------------------------------------ 1. packages
CURRENT=packages
mapfile -t missing < <(packages_missing)
if [ "${#missing[@]}" -gt 0 ]; then
  info "installing ${missing[*]} (log: $TB_LOG/apt.log)"
  export DEBIAN_FRONTEND=noninteractive
  # no service may start during the install (openssh-server would start sshd on 0.0.0.0:22)
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# virtdesk testbed: no service starts during apt-get install\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  rc=0
  {
    apt-get update -q -o DPkg::Lock::Timeout=300 ||
      echo "testbed: apt-get update reported errors, installing with the lists there are"
    apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}"
  } >"$TB_LOG/apt.log" 2>&1 || rc=$?
  [ "$made_policy" = 0 ] || rm -f /usr/sbin/policy-rc.d
  made_policy=0
  [ "$rc" = 0 ] || die "apt-get install ${missing[*]} failed" "$TB_LOG/apt.log"
  installed=${#missing[@]}
  mapfile -t missing < <(packages_missing)
  [ "${#missing[@]}" = 0 ] || die "still missing after apt-get install: ${missing[*]}" "$TB_LOG/apt.log"
  phase "packages: installed $installed (of ${#TB_PACKAGES[@]} needed)"
else
  phase "packages: all ${#TB_PACKAGES[@]} present"
fi

# the guest kernel download + initramfs build runs while the daemons start
CURRENT="guest build"
bash "$TB_SCRIPTS/guest/build.sh" >"$TB_LOG/guest-build.log" 2>&1 &
BUILD_PID=$!
BUILD_T0=$(tb_now)

# ------------------------------------------------------------------ 2. accounts and configs
CURRENT="accounts and configs"
getent group libvirt >/dev/null || groupadd -r libvirt
# Debian's libvirtd refuses to start without its compiled-in qemu user (normally made by
# libvirt-daemon-system, which we leave out: it brings polkit, dnsmasq and init scripts)
getent group libvirt-qemu >/dev/null || groupadd -r libvirt-qemu
if ! getent passwd libvirt-qemu >/dev/null; then
  useradd -r -g libvirt-qemu -d /var/lib/libvirt -s /usr/sbin/nologin -c 'Libvirt Qemu' libvirt-qemu
fi
mkdir -p "$TB/home"
if ! getent passwd "$TB_USER" >/dev/null; then
  useradd -m -d "$TB_HOME" -s /bin/bash -U -G libvirt -c 'virtdesk testbed' "$TB_USER"
  info "created user $TB_USER"
else
  if [ "$(getent passwd "$TB_USER" | cut -d: -f6)" != "$TB_HOME" ]; then
    usermod -d "$TB_HOME" "$TB_USER" || die "user $TB_USER has another home; run npm run testbed:down first"
  fi
  [[ " $(id -nG "$TB_USER") " == *" libvirt "* ]] || usermod -aG libvirt "$TB_USER"
fi
if [ ! -d "$TB_HOME" ]; then
  cp -r /etc/skel "$TB_HOME"
  chown -R "$TB_USER:$TB_USER" "$TB_HOME"
fi
chmod 755 "$TB_HOME"
# sshd checks passwords against /etc/shadow: set a SHA-512 one, so it can be verified with openssl
hash=$(getent shadow "$TB_USER" | cut -d: -f2)
salt=$(cut -d'$' -f3 <<<"$hash")
# shellcheck disable=SC2016 # the literal prefix of SHA-512 crypt hashes
if [[ "$hash" != '$6$'* ]] || [ "$(openssl passwd -6 -salt "$salt" "$TB_PASSWORD")" != "$hash" ]; then
  echo "$TB_USER:$TB_PASSWORD" | chpasswd -c SHA512
fi

# /etc/libvirt/qemu.conf: our settings in a marked block, the rest of the file untouched
QEMU_CONF=/etc/libvirt/qemu.conf
[ -f "$QEMU_CONF" ] && [ ! -f "$QEMU_CONF.virtdesk-orig" ] && cp -p "$QEMU_CONF" "$QEMU_CONF.virtdesk-orig"
restart_libvirtd=0
if {
  if [ -f "$QEMU_CONF" ]; then
    sed -e '/^# >>> virtdesk testbed/,/^# <<< virtdesk testbed/d' \
      -e 's/^\([[:space:]]*\(user\|group\|security_driver\|remember_owner\)[[:space:]]*=\)/#\1/' "$QEMU_CONF"
  fi
  cat <<'EOF'
# >>> virtdesk testbed (scripts/testbed/up.sh): qemu runs as root, no sVirt, no owner tracking
user = "root"
group = "root"
security_driver = "none"
remember_owner = 0
# <<< virtdesk testbed
EOF
} | write_if_changed "$QEMU_CONF"; then restart_libvirtd=1; fi

write_if_changed "$TB_ETC/virtlogd.conf" <<EOF || true
log_outputs = "3:file:$TB_LOG/virtlogd.log"
EOF
if write_if_changed "$TB_ETC/libvirtd.conf" <<EOF; then restart_libvirtd=1; fi
# libvirtd for qemu:///system, started by scripts/testbed/up.sh: unix sockets only
listen_tls = 0
listen_tcp = 0
unix_sock_group = "libvirt"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0770"
auth_unix_ro = "none"
auth_unix_rw = "none"
host_uuid = "$TB_SYSTEM_HOST_UUID"
log_outputs = "3:file:$TB_LOG/libvirtd.log"
EOF

# the session daemon reads ~/.config/libvirt/libvirtd.conf (also when a client autostarts it)
restart_session=0
install -d -o "$TB_USER" -g "$TB_USER" "$TB_HOME/.config" "$TB_HOME/.config/libvirt" "$TB_HOME/.cache" "$SESSION_RUNDIR" "$TB_LOG/session"
if write_if_changed "$TB_HOME/.config/libvirt/libvirtd.conf" <<EOF; then restart_session=1; fi
# qemu:///session of $TB_USER, started by scripts/testbed/up.sh: the second host for migration
host_uuid = "$TB_SESSION_HOST_UUID"
log_outputs = "3:file:$TB_LOG/session/libvirtd.log"
EOF
chown "$TB_USER:$TB_USER" "$TB_HOME/.config/libvirt/libvirtd.conf"
mkdir -p /var/log/libvirt/qemu /run/sshd
chmod 755 /run/sshd
phase "accounts ($TB_USER, libvirt-qemu) and configs"

# ------------------------------------------------------------------ 3. libvirt daemons
CURRENT="libvirt daemons"
if pid_alive "$PID_LIBVIRTD" libvirtd && [ "$restart_libvirtd" = 1 ]; then
  info "libvirtd configuration changed: restarting it"
  stop_pid "$PID_LIBVIRTD" libvirtd
fi
if ! pid_alive "$PID_LIBVIRTD" libvirtd && system_libvirt_ready; then
  die "a libvirtd the testbed did not start already serves qemu:///system; stop it first"
fi
if pid_alive "$PID_SESSION_LIBVIRTD" libvirtd && [ "$restart_session" = 1 ]; then
  info "session libvirtd configuration changed: restarting it"
  stop_pid "$PID_SESSION_LIBVIRTD" libvirtd "session libvirtd"
fi
started=()
if ! pid_alive "$PID_VIRTLOGD" virtlogd; then
  virtlogd -d -f "$TB_ETC/virtlogd.conf" -p "$PID_VIRTLOGD" || die "virtlogd did not start" "$TB_LOG/virtlogd.log"
  started+=(virtlogd)
fi
if ! pid_alive "$PID_LIBVIRTD" libvirtd; then
  libvirtd -d -f "$TB_ETC/libvirtd.conf" -p "$PID_LIBVIRTD" || die "libvirtd did not start" "$TB_LOG/libvirtd.log"
  started+=(libvirtd)
fi
if ! pid_alive "$PID_SESSION_LIBVIRTD" libvirtd; then
  rm -f "$SESSION_SOCK"
  (cd / && runuser -u "$TB_USER" -- env -i HOME="$TB_HOME" USER="$TB_USER" LOGNAME="$TB_USER" \
    PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin /usr/sbin/libvirtd -d) ||
    die "session libvirtd (user $TB_USER) did not start" "$TB_LOG/session/libvirtd.log"
  started+=("session libvirtd")
fi
# both daemons start in parallel (≈ 4 s each, cold); wait for each to answer
wait_daemon() { # wait_daemon LABEL PIDFILE PROBE LOG
  local end=$((SECONDS + 60))
  until "$3"; do
    pid_alive "$2" libvirtd || die "$1 exited while starting" "$4"
    [ "$SECONDS" -lt "$end" ] || die "$1 did not answer within 60 s" "$4"
    sleep 0.1
  done
}
wait_daemon "libvirtd (qemu:///system)" "$PID_LIBVIRTD" system_libvirt_ready "$TB_LOG/libvirtd.log"
wait_daemon "session libvirtd ($TB_USER)" "$PID_SESSION_LIBVIRTD" session_libvirt_ready "$TB_LOG/session/libvirtd.log"
uuid_sys=$(virsh_sys capabilities | sed -n 's:.*<uuid>\(.*\)</uuid>.*:\1:p' | head -n 1)
uuid_ses=$(virsh_ses capabilities | sed -n 's:.*<uuid>\(.*\)</uuid>.*:\1:p' | head -n 1)
[ "$uuid_sys" = "$TB_SYSTEM_HOST_UUID" ] || die "qemu:///system reports host uuid '$uuid_sys', expected $TB_SYSTEM_HOST_UUID"
[ "$uuid_ses" = "$TB_SESSION_HOST_UUID" ] || die "qemu:///session reports host uuid '$uuid_ses', expected $TB_SESSION_HOST_UUID"
if [ "${#started[@]}" -gt 0 ]; then
  phase "libvirt: started ${started[*]}"
else
  phase "libvirt: virtlogd, libvirtd, session libvirtd already running"
fi

# ------------------------------------------------------------------ 4. sshd on 127.0.0.1:2222
CURRENT=sshd
newkey() { # newkey FILE TYPE PASSPHRASE COMMENT
  [ -f "$1" ] || ssh-keygen -q -t "$2" -N "$3" -C "$4" -f "$1"
}
newkey "$TB_SSH/ssh_host_ed25519_key" ed25519 '' virtdesk-testbed-host
newkey "$TB_SSH/ssh_host_rsa_key" rsa '' virtdesk-testbed-host
newkey "$TB_SSH/id_ed25519" ed25519 '' virtdesk-testbed-client
newkey "$TB_SSH/id_ed25519_passphrase" ed25519 "$TB_KEY_PASSPHRASE" virtdesk-testbed-client-passphrase
mkdir -p "$TB_SSH/authorized_keys"
chmod 755 "$TB_SSH/authorized_keys"
cat "$TB_SSH/id_ed25519.pub" "$TB_SSH/id_ed25519_passphrase.pub" |
  write_if_changed "$TB_SSH/authorized_keys/$TB_USER" || true
KNOWN_ED25519="[$TB_SSH_HOST]:$TB_SSH_PORT $(cut -d' ' -f1,2 "$TB_SSH/ssh_host_ed25519_key.pub")"
KNOWN_RSA="[$TB_SSH_HOST]:$TB_SSH_PORT $(cut -d' ' -f1,2 "$TB_SSH/ssh_host_rsa_key.pub")"
printf '%s\n' "$KNOWN_ED25519" "$KNOWN_RSA" | write_if_changed "$TB_SSH/known_hosts" || true
restart_sshd=0
# UsePAM yes: without PAM, OpenSSH offers no keyboard-interactive device at all. Password and
# keyboard-interactive both check /etc/shadow through pam_unix.
if write_if_changed "$TB_ETC/sshd_config" <<EOF; then restart_sshd=1; fi
# sshd of the virtdesk testbed (scripts/testbed/up.sh): loopback only
Port $TB_SSH_PORT
ListenAddress $TB_SSH_HOST
HostKey $TB_SSH/ssh_host_ed25519_key
HostKey $TB_SSH/ssh_host_rsa_key
PidFile $PID_SSHD
AuthorizedKeysFile $TB_SSH/authorized_keys/%u
AllowUsers $TB_USER
PermitRootLogin no
StrictModes no
UsePAM yes
PubkeyAuthentication yes
PasswordAuthentication yes
KbdInteractiveAuthentication yes
PermitEmptyPasswords no
X11Forwarding no
PrintMotd no
PrintLastLog no
MaxStartups 64:30:128
MaxSessions 64
Subsystem sftp internal-sftp
EOF
write_if_changed "$TB_ETC/ssh_config" <<EOF || true
# ssh client settings for the testbed: ssh -F $TB_ETC/ssh_config testbed CMD
Host testbed $TB_SSH_HOST
  HostName $TB_SSH_HOST
  Port $TB_SSH_PORT
  User $TB_USER
  IdentityFile $TB_SSH/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $TB_SSH/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  BatchMode yes
  LogLevel ERROR
EOF
write_if_changed "$TB_BIN/ssh" 755 <<EOF || true
#!/bin/sh
# ssh with the testbed's client config, for qemu+ssh URIs: ...?command=$TB_BIN/ssh
exec ssh -F $TB_ETC/ssh_config "\$@"
EOF
/usr/sbin/sshd -t -f "$TB_ETC/sshd_config" 2>"$TB_LOG/sshd-check.log" || die "sshd rejects $TB_ETC/sshd_config" "$TB_LOG/sshd-check.log"
if pid_alive "$PID_SSHD" sshd && [ "$restart_sshd" = 1 ]; then
  info "sshd configuration changed: restarting it"
  stop_pid "$PID_SSHD" sshd
fi
if pid_alive "$PID_SSHD" sshd; then
  sshd_state="already running"
else
  tcp_open "$TB_SSH_HOST" "$TB_SSH_PORT" && die "$TB_SSH_HOST:$TB_SSH_PORT is taken by a process the testbed did not start ($(ss -ltnpH "sport = :$TB_SSH_PORT" | head -n 1))"
  /usr/sbin/sshd -f "$TB_ETC/sshd_config" -E "$TB_LOG/sshd.log" || die "sshd did not start" "$TB_LOG/sshd.log"
  waitfor 15 tcp_open "$TB_SSH_HOST" "$TB_SSH_PORT" || die "sshd does not listen on $TB_SSH_HOST:$TB_SSH_PORT" "$TB_LOG/sshd.log"
  sshd_state=started
fi
out=$(ssh_as_user 'id -nG' 2>&1) || die "ssh $TB_USER@$TB_SSH_HOST:$TB_SSH_PORT with the client key fails: $out" "$TB_LOG/sshd.log"
grep -qw libvirt <<<"$out" || die "over ssh, $TB_USER is not in group libvirt ($out)"
phase "sshd on $TB_SSH_HOST:$TB_SSH_PORT: $sshd_state (pid $(pid_of "$PID_SSHD"))"

# ------------------------------------------------------------------ 5. guest and pool
CURRENT="guest build"
rc=0
wait "$BUILD_PID" || rc=$?
BUILD_PID=
[ "$rc" = 0 ] || die "building the guest kernel/initramfs failed" "$TB_LOG/guest-build.log"
KERNEL=$(tail -n 1 "$TB_LOG/guest-build.log")
[ -s "$KERNEL" ] || die "guest build did not produce a kernel" "$TB_LOG/guest-build.log"
phase "guest kernel $(cat "$TB_CACHE/kernel/VERSION") + initramfs ($(tb_secs "$BUILD_T0" "$(tb_now)") s in parallel)"

CURRENT="guest and pool"
DISK=$TB_GUESTS/$TB_GUEST.qcow2
if [ ! -f "$DISK" ]; then
  qemu-img create -q -f qcow2 "$DISK" 64M
fi
# world-writable: a later migration to the session daemon (user vdtest) must write it too
chmod 666 "$DISK"
sed -e "s|@NAME@|$TB_GUEST|g" -e "s|@DISK@|$DISK|" -e "s|@KERNEL@|$KERNEL|" \
  -e "s|@INITRD@|$TB_CACHE/initramfs.cpio.gz|" "$TB_SCRIPTS/guest/domain.xml.in" >"$TB_GUESTS/$TB_GUEST.xml"
guest_state="defined"
if ! virsh_sys dominfo "$TB_GUEST" >/dev/null 2>&1; then
  virsh_sys define "$TB_GUESTS/$TB_GUEST.xml" >/dev/null
  cp "$TB_GUESTS/$TB_GUEST.xml" "$TB_GUESTS/$TB_GUEST.defined.xml"
  guest_state="defined now"
elif ! cmp -s "$TB_GUESTS/$TB_GUEST.xml" "$TB_GUESTS/$TB_GUEST.defined.xml"; then
  # the template or the kernel changed since the last define: update the persistent config
  virsh_sys define "$TB_GUESTS/$TB_GUEST.xml" >/dev/null
  cp "$TB_GUESTS/$TB_GUEST.xml" "$TB_GUESTS/$TB_GUEST.defined.xml"
  guest_state="redefined"
fi
guest_run=$(virsh_sys domstate "$TB_GUEST" | head -n 1)

pool_path=$(virsh_sys pool-dumpxml "$TB_POOL" 2>/dev/null | sed -n 's:.*<path>\(.*\)</path>.*:\1:p' | head -n 1 || true)
if [ -n "$pool_path" ] && [ "$pool_path" != "$TB_POOL_DIR" ]; then
  info "pool $TB_POOL points at $pool_path: redefining it at $TB_POOL_DIR"
  virsh_sys pool-destroy "$TB_POOL" >/dev/null 2>&1 || true
  virsh_sys pool-undefine "$TB_POOL" >/dev/null
  pool_path=
fi
if [ -z "$pool_path" ]; then
  virsh_sys pool-define-as "$TB_POOL" dir --target "$TB_POOL_DIR" >/dev/null
  virsh_sys pool-build "$TB_POOL" >/dev/null
fi
pool_info=$(virsh_sys pool-info "$TB_POOL")
grep -Eq '^State: +running' <<<"$pool_info" || virsh_sys pool-start "$TB_POOL" >/dev/null
grep -Eq '^Autostart: +yes' <<<"$pool_info" || virsh_sys pool-autostart "$TB_POOL" >/dev/null
# vd-small: a dir pool on its own 64 MiB tmpfs, so a volume larger than that cannot fit
mkdir -p "$TB_SMALL_POOL_DIR"
mountpoint -q "$TB_SMALL_POOL_DIR" ||
  mount -t tmpfs -o "size=$TB_SMALL_POOL_BYTES,mode=0755" vd-small "$TB_SMALL_POOL_DIR"
virsh_sys pool-info "$TB_SMALL_POOL" >/dev/null 2>&1 ||
  virsh_sys pool-define-as "$TB_SMALL_POOL" dir --target "$TB_SMALL_POOL_DIR" >/dev/null
small_info=$(virsh_sys pool-info "$TB_SMALL_POOL")
grep -Eq '^State: +running' <<<"$small_info" || virsh_sys pool-start "$TB_SMALL_POOL" >/dev/null
virsh_sys pool-refresh "$TB_SMALL_POOL" >/dev/null
phase "guest $TB_GUEST $guest_state ($guest_run), pools $TB_POOL, $TB_SMALL_POOL active"

# ------------------------------------------------------------------ 6. testbed.json + final check
CURRENT="testbed.json"
fp() { ssh-keygen -l -E sha256 -f "$1" | awk '{ print $2 }'; }
js() { # JSON string
  local s=${1//\\/\\\\}
  s=${s//\"/\\\"}
  printf '"%s"' "$s"
}
SSH_URI="qemu+ssh://$TB_USER@$TB_SSH_HOST:$TB_SSH_PORT/system"
write_if_changed "$TB_JSON" <<EOF || true
{
  "version": 1,
  "dir": $(js "$TB"),
  "ssh": {
    "host": $(js "$TB_SSH_HOST"),
    "port": $TB_SSH_PORT,
    "user": $(js "$TB_USER"),
    "password": $(js "$TB_PASSWORD"),
    "key": $(js "$TB_SSH/id_ed25519"),
    "keyWithPassphrase": $(js "$TB_SSH/id_ed25519_passphrase"),
    "passphrase": $(js "$TB_KEY_PASSPHRASE"),
    "hostKeys": {
      "ed25519": $(js "$(fp "$TB_SSH/ssh_host_ed25519_key.pub")"),
      "rsa": $(js "$(fp "$TB_SSH/ssh_host_rsa_key.pub")")
    },
    "knownHostsLine": $(js "$KNOWN_ED25519"),
    "knownHostsFile": $(js "$TB_SSH/known_hosts"),
    "configFile": $(js "$TB_ETC/ssh_config"),
    "command": $(js "$TB_BIN/ssh")
  },
  "libvirt": {
    "system": $(js "$SYSTEM_URI"),
    "session": $(js "$SESSION_URI"),
    "sshUri": $(js "$SSH_URI"),
    "sshUriWithCommand": $(js "$SSH_URI?command=$TB_BIN/ssh"),
    "systemHostUuid": $(js "$TB_SYSTEM_HOST_UUID"),
    "sessionHostUuid": $(js "$TB_SESSION_HOST_UUID")
  },
  "guest": {
    "name": $(js "$TB_GUEST"),
    "disk": $(js "$DISK"),
    "kernel": $(js "$KERNEL"),
    "initrd": $(js "$TB_CACHE/initramfs.cpio.gz"),
    "xml": $(js "$TB_GUESTS/$TB_GUEST.xml")
  },
  "pool": {
    "name": $(js "$TB_POOL"),
    "path": $(js "$TB_POOL_DIR")
  },
  "smallPool": {
    "name": $(js "$TB_SMALL_POOL"),
    "path": $(js "$TB_SMALL_POOL_DIR"),
    "capacityBytes": $TB_SMALL_POOL_BYTES
  },
  "pidFiles": {
    "virtlogd": $(js "$PID_VIRTLOGD"),
    "libvirtd": $(js "$PID_LIBVIRTD"),
    "sshd": $(js "$PID_SSHD"),
    "sessionLibvirtd": $(js "$PID_SESSION_LIBVIRTD")
  }
}
EOF
# the path a test takes: ssh as vdtest, virsh on qemu:///system
out=$(ssh_as_user virsh -q -c "$SYSTEM_URI" list --all --name 2>&1) || die "over ssh, virsh -c $SYSTEM_URI list fails: $out" "$TB_LOG/libvirtd.log"
grep -qx "$TB_GUEST" <<<"$out" || die "over ssh, virsh list --all does not show $TB_GUEST: $out"
phase "verified: ssh $TB_USER + virsh lists $TB_GUEST"

cat <<EOF

virtdesk testbed is up ($(tb_secs "$TB_T0" "$(tb_now)") s) — details for tests: $TB_JSON
  qemu:///system   libvirtd pid $(pid_of "$PID_LIBVIRTD"), virtlogd pid $(pid_of "$PID_VIRTLOGD"), host_uuid $TB_SYSTEM_HOST_UUID
  second host      $SESSION_URI
                   (session libvirtd of $TB_USER, pid $(pid_of "$PID_SESSION_LIBVIRTD"), host_uuid $TB_SESSION_HOST_UUID)
  ssh              $TB_USER@$TB_SSH_HOST -p $TB_SSH_PORT (sshd pid $(pid_of "$PID_SSHD")); password $TB_PASSWORD
                   key $TB_SSH/id_ed25519; key $TB_SSH/id_ed25519_passphrase (passphrase $TB_KEY_PASSPHRASE)
                   try: ssh -F $TB_ETC/ssh_config testbed virsh -c qemu:///system list --all
  qemu+ssh         $SSH_URI?command=$TB_BIN/ssh
  guest            $TB_GUEST ($guest_run; serial console: virsh -c qemu:///system console $TB_GUEST)
  pool             $TB_POOL at $TB_POOL_DIR; $TB_SMALL_POOL (64 MiB tmpfs) at $TB_SMALL_POOL_DIR
  logs             $TB_LOG;  stop: npm run testbed:down;  check: npm run testbed:status
EOF
