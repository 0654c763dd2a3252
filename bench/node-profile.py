#!/usr/bin/env python3
"""Splits a V8 CPU profile of jsii's kernel (node --cpu-prof) into where a synthesis spends its node CPU.

    bench/node-profile.py FILE.cpuprofile   -> a Markdown table: category, seconds, share of the busy time

Each sample goes to the first category (in the order below) that one of its stack frames matches; the time the
kernel spends blocked in readSync waiting for the JVM's next request is sampled too and is reported apart."""
import collections
import json
import sys

CATEGORIES = [  # (name, matches(function name, file name))
    ("idle: the kernel blocked reading the next jsii request", lambda f, u: f == "read" and u == ""),
    ("garbage collector", lambda f, u: f == "(garbage collector)"),
    ("template validator: engine start (its Rego rules loaded into the wasm engine)",
     lambda f, u: f == "_singletonInstance" and u == "cloudformation-validate-plugin.js"),
    ("template validator: evaluating the templates",
     lambda f, u: f == "validate" and u == "cloudformation-validate-plugin.js"),
    ("template validator: the rest (reports)", lambda f, u: f == "validateTemplates"),
    ("aspects: cdk-nag's rules and aws-cdk-lib's own", lambda f, u: f == "invokeAspectsV2"),
    ("module loading (require of aws-cdk-lib's and cdk-nag's files)", lambda f, u: f == "Module._load"),
    ("synthesis: templates and assembly written", lambda f, u: f == "synthesize"),
    ("construct code run for the JVM's jsii calls (create, invoke, get, set)",
     lambda f, u: f.startswith("_Kernel_")),
]


def main(path):
    profile = json.load(open(path))
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", [])}
    micros = collections.Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"]):
        micros[sample] += delta
    split = collections.Counter()
    for node_id, delta in micros.items():
        frames, x = [], node_id
        while x is not None:
            frame = nodes[x]["callFrame"]
            frames.append((frame["functionName"], frame["url"].rsplit("/", 1)[-1]))
            x = parent.get(x)
        name = next((n for n, match in CATEGORIES if any(match(f, u) for f, u in frames)),
                    "other (node start, kernel bookkeeping)")
        split[name] += delta
    idle = CATEGORIES[0][0]
    busy = sum(split.values()) - split[idle]
    print(f"sampled {sum(split.values()) / 1e6:.2f} s, busy {busy / 1e6:.2f} s ({path})")
    print("| where | s | share of busy |\n|---|---|---|")
    for name, delta in split.most_common():
        share = "" if name == idle else f"{100 * delta / busy:.0f} %"
        print(f"| {name} | {delta / 1e6:.2f} | {share} |")


if __name__ == "__main__":
    main(sys.argv[1])
