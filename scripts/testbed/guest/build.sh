#!/usr/bin/env bash
# Builds what the tiny guests boot, into $TB/cache (kept across `down`; a rebuild happens only when
# the kernel package, the busybox binary or this directory's files change):
#   cache/kernel/vmlinux          uncompressed ELF: QEMU boots it through the PVH entry point, which
#                                 skips real-mode setup and xz decompression (half the TCG boot time);
#                                 vmlinuz is used when vmlinux cannot be cut out
#   cache/kernel/modules/*.ko     the virtio modules the initramfs loads
#   cache/initramfs.cpio.gz       busybox-static + modules + guest/init
# The kernel comes from Debian's linux-image-6.1.0-*-amd64, downloaded (not installed).
# Prints the kernel path on its last line.
# shellcheck source-path=SCRIPTDIR
set -Eeuo pipefail
# shellcheck source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
GUEST_SRC=$TB_SCRIPTS/guest
K=$TB_CACHE/kernel
# load order matters: each needs the ones before it
MODULES=(virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_balloon virtio_blk
  virtio_console button evdev)
mkdir -p "$TB_CACHE"

kernel_package() {
  apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-6\.1\.0-[0-9]+-amd64$/ { print $2; exit }'
}

fetch_kernel() {
  local pkg deb work
  pkg=$(kernel_package)
  work=$TB_CACHE/kernel.tmp
  rm -rf "$work" && mkdir -p "$work"
  # the apt lists may be older than the mirror (the versioned package is then gone): refresh once
  if [ -z "$pkg" ] || ! (cd "$work" && apt-get download -q -o DPkg::Lock::Timeout=300 "$pkg") >"$TB_LOG/guest-apt.log" 2>&1; then
    apt-get update -q -o DPkg::Lock::Timeout=300 >>"$TB_LOG/guest-apt.log" 2>&1 || warn "apt-get update reported errors (see $TB_LOG/guest-apt.log)"
    pkg=$(kernel_package)
    [ -n "$pkg" ] || die "no linux-image-6.1.0-*-amd64 package known to apt" "$TB_LOG/guest-apt.log"
    (cd "$work" && apt-get download -q -o DPkg::Lock::Timeout=300 "$pkg") >>"$TB_LOG/guest-apt.log" 2>&1 ||
      die "apt-get download $pkg failed" "$TB_LOG/guest-apt.log"
  fi
  deb=$(ls "$work"/"$pkg"_*.deb)
  mkdir -p "$work/x"
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/x" --wildcards \
    '*/boot/vmlinuz-*' '*/kernel/drivers/virtio/*' '*/kernel/drivers/block/virtio_blk.ko*' \
    '*/kernel/drivers/char/virtio_console.ko*' '*/kernel/drivers/acpi/button.ko*' '*/kernel/drivers/input/evdev.ko*'
  mkdir -p "$work/kernel/modules"
  cp "$work"/x/boot/vmlinuz-* "$work/kernel/vmlinuz"
  local m f
  for m in "${MODULES[@]}"; do
    f=$(find "$work/x" -name "$m.ko" -o -name "$m.ko.xz" | head -n 1)
    [ -n "$f" ] || die "module $m.ko not found in $pkg"
    case $f in
      *.xz) xz -dc "$f" >"$work/kernel/modules/$m.ko" ;;
      *) cp "$f" "$work/kernel/modules/$m.ko" ;;
    esac
  done
  # vmlinuz = setup code + xz-compressed ELF: cut at the xz magic and decompress (xz complains about
  # the bytes after the stream; the ELF magic decides)
  local off
  off=$(grep -obUaP '\xfd7zXZ\x00' "$work/kernel/vmlinuz" | head -n 1 | cut -d: -f1 || true)
  if [ -n "$off" ]; then
    tail -c +$((off + 1)) "$work/kernel/vmlinuz" | xz -dc >"$work/kernel/vmlinux" 2>/dev/null || true
    [ "$(head -c 4 "$work/kernel/vmlinux" | od -An -c | tr -d ' ')" = '177ELF' ] || rm -f "$work/kernel/vmlinux"
  fi
  echo "${pkg#linux-image-}" >"$work/kernel/VERSION"
  rm -rf "$K"
  mv "$work/kernel" "$K"
  rm -rf "$work"
}

if [ ! -s "$K/VERSION" ] || [ ! -s "$K/vmlinuz" ]; then
  fetch_kernel
fi
KERNEL=$K/vmlinux
[ -s "$KERNEL" ] || KERNEL=$K/vmlinuz

# ---- initramfs, rebuilt when any input changes
stamp=$( (cat "$K/VERSION" "$GUEST_SRC/init" "${BASH_SOURCE[0]}" && sha256sum /bin/busybox) | sha256sum | cut -c1-16)
if [ "$(cat "$TB_CACHE/initramfs.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -s "$TB_CACHE/initramfs.cpio.gz" ]; then
  root=$TB_CACHE/initramfs.tmp
  rm -rf "$root"
  mkdir -p "$root"/{bin,dev,etc,proc,sys,tmp,root,lib/modules}
  cp /bin/busybox "$root/bin/busybox"
  cp "$K"/modules/*.ko "$root/lib/modules/"
  printf '%s\n' "${MODULES[@]}" >"$root/etc/modules"
  install -m 755 "$GUEST_SRC/init" "$root/init"
  (cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$TB_CACHE/initramfs.cpio.gz.tmp"
  mv "$TB_CACHE/initramfs.cpio.gz.tmp" "$TB_CACHE/initramfs.cpio.gz"
  echo "$stamp" >"$TB_CACHE/initramfs.stamp"
  rm -rf "$root"
fi
chmod -R a+rX "$TB_CACHE"
echo "$KERNEL"
