#!/usr/bin/env python3
"""Summarises bench/app-task.sh's results file (one key=value line per run): medians (min-max) per size/variant.
Usage: bench/app-task-summary.py RESULTS COLD WARM   (e.g. target/bench/app-task/results.txt 10s 10s)"""
import statistics
import sys


def secs(duration):
    return float(duration.rstrip("s"))


def fig(vals, fmt):
    return f"{fmt.format(statistics.median(vals))} ({fmt.format(min(vals))}–{fmt.format(max(vals))})"


def main(results, cold, warm):
    cold, warm = secs(cold), secs(warm)
    rows = {}
    for line in open(results):
        r = {}
        for kv in line.split():
            k, v = kv.split("=", 1)
            r.setdefault(k, []).append(v)
        rows.setdefault((r["size"][0], r["variant"][0]), []).append(r)
    print(f"\nmedians of n runs (min–max). ready: podman run -> first /ping 200 (two starts per run); start CPU: the"
          f" container's CPU seconds until then. req/s over the first {cold:g} s after ready (cold) and over"
          f" {warm:g} s after the warm-up, p99 ms, and in brackets the share of its CPU quota the container got"
          f" meanwhile (well below 100 %: the machine's load, not the app, set the figure). peak: cgroup"
          f" memory.max_usage_in_bytes against the limit. load: the machine's 1-minute load average.")
    head = ["size", "variant", "n", "ready s", "start CPU s", "cold 401 req/s", "cold /query", "warm 401",
            "warm /query", "peak MiB (limit)", "OOM", "load"]
    out = [head]
    for (size, variant), rs in rows.items():
        cpu_units, limit = (int(x) for x in size.split("/"))
        quota = cpu_units / 1024

        def path(key, seconds):
            vals = [[float(x) for x in r[key][0].split(",")] for r in rs]
            rps, p99, cpu = ([v[i] for v in vals] for i in range(3))
            share = statistics.median(c / 1000 / (quota * seconds) * 100 for c in cpu)
            return f"{fig(rps, '{:.0f}')} p99 {statistics.median(p99):.0f} ({share:.0f} %)"

        ready = [float(x) / 1000 for r in rs for x in r["ready"]]
        cpu = [float(x) / 1000 for r in rs for x in r["startcpu"]]
        peak = [max(float(x) for x in r["peak"]) for r in rs]
        oom = sum(int(x) for r in rs for x in r["oom"])
        load = [float(r["load"][0]) for r in rs]
        out.append([size, variant, str(len(rs)), fig(ready, "{:.2f}"), fig(cpu, "{:.2f}"), path("cold401", cold),
                    path("coldquery", cold), path("warm401", warm), path("warmquery", warm),
                    f"{fig(peak, '{:.0f}')} ({100 * statistics.median(peak) / limit:.0f} %)", str(oom),
                    f"{statistics.median(load):.1f}"])
    widths = [max(len(row[i]) for row in out) for i in range(len(head))]
    for row in out:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths)))


if __name__ == "__main__":
    main(*sys.argv[1:4])
