#!/usr/bin/python3
# Phases of python3-libvirt's connect + inventory over qemu+ssh, for bench/sshPhases.ts: open
# (ssh child + handshake + libvirt RPC auth/open), getAllDomainStats, then XMLDesc of every
# domain; CPU of this process and of its children (ssh) per run. Prints one JSON object.
# Usage: libvirt_phases.py URI RUNS
import json
import resource
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


def cpu_ms(who):
    r = resource.getrusage(who)
    return (r.ru_utime + r.ru_stime) * 1000


def main():
    uri, runs = sys.argv[1], int(sys.argv[2])
    libvirt.registerErrorHandler(lambda _ctx, _err: None, None)
    out = []
    for _ in range(runs):
        c0 = cpu_ms(resource.RUSAGE_SELF)
        k0 = cpu_ms(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        conn = libvirt.open(uri)
        t1 = time.perf_counter()
        stats = conn.getAllDomainStats()
        t2 = time.perf_counter()
        xmls = [xml_desc(dom) for dom, _ in stats]
        t3 = time.perf_counter()
        self_cpu = cpu_ms(resource.RUSAGE_SELF) - c0
        conn.close()
        time.sleep(0.05)
        child_cpu = cpu_ms(resource.RUSAGE_CHILDREN) - k0
        out.append({
            "open": (t1 - t0) * 1000,
            "stats": (t2 - t1) * 1000,
            "xml": (t3 - t2) * 1000,
            "total": (t3 - t0) * 1000,
            "cpu_self": self_cpu,
            "cpu_children": child_cpu,
            "domains": len(stats),
        })
    print(json.dumps(out))


main()
