#!/usr/bin/python3
# Baseline for bench/ssh.ts: the inventory a libvirt client over qemu+ssh gets with the C library
# (python3-libvirt; Debian's /usr/bin/python3 only): getAllDomainStats() plus XMLDesc() of every
# domain. Times RUNS cold inventories (open + inventory; close not timed) and RUNS warm ones on
# one open connection (after one untimed warm-up). Prints one JSON object.
# Usage: libvirt_inventory.py URI RUNS
import json
import sys
import time

import libvirt


def xml_desc(dom):
    """The domain's XML; None when it was undefined meanwhile (others' tests share the testbed)."""
    try:
        return dom.XMLDesc(0)
    except libvirt.libvirtError as e:
        if e.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
            return None
        raise


def inventory(conn):
    stats = conn.getAllDomainStats()
    xmls = [xml_desc(dom) for dom, _ in stats]
    return len(stats), sum(len(x) for x in xmls if x)


def main():
    uri, runs = sys.argv[1], int(sys.argv[2])
    # Errors are raised as exceptions; keep libvirt from also printing them to stderr.
    libvirt.registerErrorHandler(lambda _ctx, _err: None, None)
    cold = []
    domains = 0
    for _ in range(runs):
        t = time.perf_counter()
        conn = libvirt.open(uri)
        domains, _ = inventory(conn)
        cold.append((time.perf_counter() - t) * 1000)
        conn.close()
    conn = libvirt.open(uri)
    inventory(conn)
    warm = []
    for _ in range(runs):
        t = time.perf_counter()
        domains, xml_bytes = inventory(conn)
        warm.append((time.perf_counter() - t) * 1000)
    conn.close()
    print(json.dumps({"domains": domains, "xml_bytes": xml_bytes, "cold_ms": cold, "warm_ms": warm}))


main()
