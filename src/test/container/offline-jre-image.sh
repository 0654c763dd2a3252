#!/usr/bin/env bash
# Makes a runnable JRE base image with no registry at all: a jlink runtime of a local JDK plus the glibc files
# `ldd` names for it, as a Docker-archive tarball (what Jib's `tar://` base images and `podman load` accept).
# Test and benchmark fixture only: production images use a maintained base (goaws.baseImage). No registry
# outside is reachable on the build machines, so this is how tests get a JRE to run the app's image on.
#
# usage: offline-jre-image.sh <out.tar> [jdk-home]    (default jdk: the `java` on the PATH)
# GOAWS_JRE_TAG names the image (default goaws.local/jre:offline; podman's store is shared between users).
# Prints the tarball's path. Idempotent: an existing tarball of that tag, newer than the JDK, is kept.
set -euo pipefail
OUT=${1:?usage: offline-jre-image.sh <out.tar> [jdk-home]}
JDK=${2:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
# jdk.net: the AWS SDK's HTTP client needs jdk/net/Sockets; jdk.crypto.ec: TLS; jdk.management: JMX-free metrics.
MODULES=${GOAWS_JRE_MODULES:-java.se,jdk.net,jdk.crypto.ec,jdk.unsupported,jdk.zipfs,jdk.management}

TAG=${GOAWS_JRE_TAG:-goaws.local/jre:offline}
if [ -s "$OUT" ] && [ "$OUT" -nt "$JDK/release" ] && tar -xOf "$OUT" manifest.json 2>/dev/null | grep -qF "\"$TAG\""; then
  echo "$OUT"; exit 0
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ROOTFS=$WORK/rootfs
mkdir -p "$ROOTFS/tmp" "$ROOTFS/etc"
chmod 1777 "$ROOTFS/tmp"

# JDK 17 links from jmods/; a JDK without them (e.g. Temurin 25) links from its own run-time image (JEP 493).
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --output "$ROOTFS/opt/java" >/dev/null 2>&1 \
  || "$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
       --output "$ROOTFS/opt/java" >/dev/null
# Class-data sharing archive for the runtime's own classes (what a Temurin JRE ships): faster JVM start.
"$ROOTFS/opt/java/bin/java" -Xshare:dump >/dev/null 2>&1 || true
mkdir -p "$ROOTFS/usr/bin"
ln -s /opt/java/bin/java "$ROOTFS/usr/bin/java"

# The shared libraries the runtime needs, from this machine, at the same paths (plus the dynamic loader).
{ ldd "$ROOTFS/opt/java/bin/java"; find "$ROOTFS/opt/java/lib" -name '*.so' -exec ldd {} \; 2>/dev/null; } \
  | grep -o '/[^ ]*' | sort -u | while read -r lib; do
    [ -e "$lib" ] || continue
    mkdir -p "$ROOTFS$(dirname "$lib")"
    cp -L "$lib" "$ROOTFS$lib"
  done
# Name resolution and a nobody entry, so the JVM and the SDK find localhost and user 65532 has a name.
for f in /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libnss_dns.so.2; do
  [ -e "$f" ] && mkdir -p "$ROOTFS$(dirname "$f")" && cp -L "$f" "$ROOTFS$f"
done
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$ROOTFS/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$ROOTFS/etc/group"
printf 'hosts: files dns\n' >"$ROOTFS/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$ROOTFS/etc/hosts"

# A Docker archive by hand: one layer, a config with PATH and JAVA_HOME, a manifest naming both.
tar -C "$ROOTFS" --numeric-owner --owner=0 --group=0 --mtime='2000-01-01' --sort=name -cf "$WORK/layer.tar" .
LAYER=$(sha256sum "$WORK/layer.tar" | cut -d' ' -f1)
ARCH=$(uname -m | sed 's/x86_64/amd64/;s/aarch64/arm64/')
cat >"$WORK/config.json" <<JSON
{"architecture":"$ARCH","os":"linux","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java"]},"rootfs":{"type":"layers","diff_ids":["sha256:$LAYER"]},"history":[{"created_by":"goaws offline-jre-image.sh: jlink $MODULES"}]}
JSON
CONFIG=$(sha256sum "$WORK/config.json" | cut -d' ' -f1)
mkdir -p "$WORK/image"
mv "$WORK/layer.tar" "$WORK/image/$LAYER.tar"
mv "$WORK/config.json" "$WORK/image/$CONFIG.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s.tar"]}]\n' "$CONFIG" "$TAG" "$LAYER" \
  >"$WORK/image/manifest.json"
mkdir -p "$(dirname "$OUT")"
# Named entries, no "./": Jib refuses an archive entry that resolves to its own destination.
tar -C "$WORK/image" -cf "$OUT.tmp" manifest.json "$CONFIG.json" "$LAYER.tar" && mv "$OUT.tmp" "$OUT"
echo "$OUT"
