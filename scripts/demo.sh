#!/usr/bin/env bash
# The quick-start demo: a simulated fabric (linkmon sim: Arista EOS, HPE Onyx and HP Comware
# switches over SSH, and two CS-X systems over Redfish, on loopback) plus this machine's own
# interfaces, sampled twice 8 seconds apart by linkmon. Between the samples the simulator flaps
# links, raises FEC and CRC errors and takes ports down, and the report shows them. Ends by itself; leaves nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=$(mktemp -d)
sim_pid=
cleanup() {
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT

# Events fire 3-5 s after the simulator starts, between linkmon's two samples (at ~0.5 s and ~8.5 s).
node bin/linkmon.js sim --switches 3 --ports 8 --systems 2 --duration 60 \
  --network-json "$dir/network.json" --known-hosts "$dir/known_hosts" \
  --event 3:1:2:flap --event 3:2:4:flap:2 --event 3:2:6:fec:20000 \
  --event 4:3:3:crc:12 --event 4:1:5:fec_uncorrected:3 --event 5:3:7:down \
  --event 4:csx1:3:flap --event 4:csx2:7:crc:25 --event 5:csx2:12:down \
  2> "$dir/sim.log" &
sim_pid=$!
for _ in $(seq 100); do [ -s "$dir/network.json" ] && break; sleep 0.1; done
if [ ! -s "$dir/network.json" ]; then cat "$dir/sim.log" >&2; exit 1; fi

set +e
node bin/linkmon.js -j "$dir/network.json" --local --show-1g --known-hosts "$dir/known_hosts" -i 8
status=$?
set -e
echo
echo "(injected by the simulator:)"
grep -v '^linkmon sim: [0-9]* \(switch\|CS-X\)' "$dir/sim.log" || true
exit "$status"
