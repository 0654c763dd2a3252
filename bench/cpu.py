#!/usr/bin/env python3
"""Runs a command and prints its wall time and CPU time, in total and per program (java, node, ...).

    bench/cpu.py OUT CMD...   -> runs CMD (output to stdout/stderr as usual), writes to OUT one line:
                                 "wall_ms=... cpu_ms=... java_ms=... node_ms=..."

The split polls /proc every 20 ms for the descendants' utime+stime and keeps each process's last value (a
process's last 20 ms can be missed). The total is the larger of that sum and the kernel's account of the
descendants that were waited for (getrusage of the children): the latter misses processes nobody waits for,
e.g. the jsii node child that outlives the JVM exiting without waiting for it; "other" is what neither java
nor node accounts for."""
import os
import resource
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def children_of():
    parents = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        parents[int(pid)] = (int(fields[1]), name, (int(fields[11]) + int(fields[12])) * 1000 // TICK)
    return parents


def main():
    out, cmd = sys.argv[1], sys.argv[2:]
    start = time.monotonic()
    proc = subprocess.Popen(cmd)
    last = {}
    while proc.poll() is None:
        table = children_of()
        tree = {proc.pid}
        grew = True
        while grew:
            grew = False
            for pid, (ppid, _, _) in table.items():
                if ppid in tree and pid not in tree:
                    tree.add(pid)
                    grew = True
        for pid in tree:
            if pid in table:
                last[pid] = (table[pid][1], table[pid][2])
        time.sleep(0.02)
    wall = int((time.monotonic() - start) * 1000)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    by_name = {}
    for name, ms in last.values():
        key = "java" if name == "java" else "node" if name.startswith("node") else "other"
        by_name[key] = by_name.get(key, 0) + ms
    total = max(int((usage.ru_utime + usage.ru_stime) * 1000), sum(by_name.values()))
    by_name["other"] = max(0, total - by_name.get("java", 0) - by_name.get("node", 0))
    with open(out, "a") as f:
        f.write(f"wall_ms={wall} cpu_ms={total} java_ms={by_name.get('java', 0)} node_ms={by_name.get('node', 0)}"
                f" other_ms={by_name['other']} exit={proc.returncode}\n")
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
