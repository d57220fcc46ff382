#!/bin/bash
# linkmon node collection script: run on each node as `bash -s -- <min_speed_mbps> [sysfs_root]`
# (over SSH) or locally; sysfs_root (default /sys) lets a container read the host's sysfs.
# Needs only bash and ethtool. Reads sysfs with bash builtins (no process per file) and
# prints one framed document per sample: lines starting with `@@lm:` are frames, everything else
# is the raw output of the command named by the previous `@@lm:cmd` frame. One round trip per node.
#
# Frames:
#   @@lm:begin 1                       format version
#   @@lm:host <hostname>
#   @@lm:boot_id <uuid>                changes on reboot: counters restarted
#   @@lm:ethtool <path>|missing
#   @@lm:if <name>                     one per interface (lo excluded)
#   @@lm:sys <attr> <value>            /sys/class/net/<if>/<attr>; unreadable attrs are absent
#   @@lm:stat <name> <value>           /sys/class/net/<if>/statistics/<name>
#   @@lm:rdma <dev> <port> <name> <v>  .../device/infiniband/<dev>/ports/<port>/hw_counters/<name>
#   @@lm:skip <reason>                 interface below the speed floor: no ethtool details follow
#   @@lm:cmd <id> <exit code>          raw output of `ethtool ...` follows (stdout and stderr)
#   @@lm:end
export LC_ALL=C PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"
min_speed="${1:-100000}"
sysfs="${2:-/sys}"
echo "@@lm:begin 1"
read -r h < /proc/sys/kernel/hostname 2>/dev/null && echo "@@lm:host $h"
read -r b < /proc/sys/kernel/random/boot_id 2>/dev/null && echo "@@lm:boot_id $b"
et=$(command -v ethtool 2>/dev/null)
echo "@@lm:ethtool ${et:-missing}"
emit() { local v; read -r v < "$2" 2>/dev/null && echo "@@lm:$1 ${2##*/} $v"; }
run() { local id=$1; shift; local out rc; out=$("$@" 2>&1); rc=$?; echo "@@lm:cmd $id $rc"; [ -n "$out" ] && printf '%s\n' "$out"; return $rc; }
for d in "$sysfs"/class/net/*; do
  i=${d##*/}
  [ "$i" = lo ] && continue
  [ -e "$d" ] || continue
  echo "@@lm:if $i"
  for a in address carrier carrier_changes carrier_up_count carrier_down_count operstate speed type mtu ifindex ifalias duplex; do
    emit sys "$d/$a"
  done
  for f in "$d"/statistics/*; do emit stat "$f"; done
  if [ -z "$et" ]; then continue; fi
  out=$(ethtool "$i" 2>&1); rc=$?
  echo "@@lm:cmd ethtool $rc"; printf '%s\n' "$out"
  if [ "$min_speed" -gt 0 ] && [ "$rc" -eq 0 ]; then
    read -r sp < "$d/speed" 2>/dev/null || sp=0
    [[ "$sp" =~ ^[0-9]+$ ]] || sp=0
    max=$sp; rest=$out
    while [[ $rest =~ ([0-9]+)base ]]; do
      n=${BASH_REMATCH[1]}; (( n > max )) && max=$n
      rest=${rest#*"${BASH_REMATCH[0]}"}
    done
    if (( max < min_speed )); then echo "@@lm:skip speed $max"; continue; fi
  fi
  run ethtool_i ethtool -i "$i"
  run ethtool_s ethtool -S "$i"
  run ethtool_show_fec ethtool -I --show-fec "$i"
  run ethtool_m ethtool -m "$i"
  for p in "$d"/device/infiniband/*/ports/*/hw_counters; do
    [ -d "$p" ] || continue
    dev=${p%/ports/*}; dev=${dev##*/}; port=${p%/hw_counters}; port=${port##*/}
    for f in "$p"/*; do read -r v < "$f" 2>/dev/null && echo "@@lm:rdma $dev $port ${f##*/} $v"; done
  done
done
echo "@@lm:end"
