#!/usr/bin/env bash
# Figures of the store in PostgreSQL (BENCHMARKS.md, "The store in PostgreSQL"):
#   bench/scripts/postgres.sh STORE_DIR DATABASE_URL [ARTICLES]
# STORE_DIR: a data folder (e.g. one `cargo run --release --example synth -- --store DIR` wrote);
# DATABASE_URL: an empty database. Uses target/release/positions (cargo build --release), or
# $POSITIONS_BIN.
# Prints: the copy into the database (s) and again (nothing to copy); a replica's catch-up of
# one article, from `ingest` returning to the replica's `applied` event (ms, p50/p99 over
# ARTICLES, default 50); a cold start of a replica from its snapshot plus the catch-up of ten
# articles stored while it was down (s, to its `ready` and its `applied` events).
set -euo pipefail
store="$1"; url="$2"; n="${3:-50}"
bin="${POSITIONS_BIN:-$(cd "$(dirname "$0")/../.." && pwd)/target/release/positions}"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
pid=0
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }

t0=$(now); "$bin" --data "$store" store copy --from "$store" --to "$url"; t1=$(now)
echo "copy into the database: $(secs "$t0" "$t1") s"
t0=$(now); "$bin" --data "$store" store copy --from "$store" --to "$url"; t1=$(now)
echo "copy again (nothing to copy): $(secs "$t0" "$t1") s"

mkdir "$work/replica" "$work/articles"
cp "$store/entities.json" "$store/people.json" "$work/replica/"
export POSITIONS_DATABASE_URL="$url"
# RFC 8032's first test key: the endpoint needs a public key; nothing is signed here.
export DISCORD_PUBLIC_KEY=d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a
start_replica() {
  : >"$work/events"
  "$bin" --data "$work/replica" serve --http 127.0.0.1:0 --no-register >"$work/events" 2>>"$work/log" &
  pid=$!
}
wait_event() { # NAME COUNT
  until [ "$(grep -c "\"event\":\"$1\"" "$work/events" || true)" -ge "$2" ]; do sleep 0.005; done
}
article() { # I: a one-statement article file
  printf -- '---\ntitle: Bench %s\nurl: https://bench.example/%s\n---\nSpanish Prime Minister Pedro Sánchez said on Sunday: "Spain will fund bridge number %s this year."\n' "$1" "$1" "$1" >"$work/articles/$1.md"
  echo "$work/articles/$1.md"
}

t0=$(now); start_replica; wait_event ready 1; t1=$(now)
echo "first start of a replica (index built from the database): $(secs "$t0" "$t1") s"
wait_event snapshot 1
: >"$work/latencies"
for i in $(seq 1 "$n"); do
  f=$(article "$i")
  "$bin" --data "$work/replica" ingest "$f" >/dev/null
  t0=$(now); wait_event applied "$i"; t1=$(now)
  echo "$(secs "$t0" "$t1") * 1000" | bc >>"$work/latencies"
done
sort -n "$work/latencies" | awk '{a[NR]=$1} END {printf "catch-up of one article, ms: p50 %.1f, p99 %.1f, max %.1f (%d articles)\n", a[int(NR*0.5)+1], a[int(NR*0.99)+(NR*0.99>int(NR*0.99))], a[NR], NR}'

kill "$pid"; wait "$pid" 2>/dev/null || true
for i in $(seq 1001 1010); do "$bin" --data "$work/replica" ingest "$(article "$i")" >/dev/null; done
t0=$(now); start_replica; wait_event ready 1; t1=$(now); wait_event applied 1; t2=$(now)
echo "cold start from the snapshot: ready after $(secs "$t0" "$t1") s, ten articles applied after $(secs "$t0" "$t2") s"
grep '"event":"loaded"' "$work/events" | head -1
