#!/usr/bin/env bash
# The README's benchmark chart: for each case, how many times better the bus does than each
# socket in the same run (rates: bus / socket; times: socket / bus), on a log scale with the
# break-even line at 1. Made from `peerchat-bench --json`, with Debian's gnuplot.
#   bash scripts/bench-chart.sh [RESULTS.jsonl] [OUT.png]
# Without RESULTS.jsonl it builds peerchat-bench (Release, build-release/) and runs it with its
# defaults first, writing the rows next to the chart (OUT with .jsonl). OUT defaults to
# resources/screenshots/bench.png.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
peerchat_install_missing "${PEERCHAT_BUILD_PACKAGES[@]}" gnuplot-nox

results=${1:-}
out=${2:-resources/screenshots/bench.png}
if [ -z "$results" ]; then
    cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build build-release --target peerchat-bench
    results=${out%.png}.jsonl
    QT_QPA_PLATFORM=offscreen build-release/tests/bench/peerchat-bench --json > "$results"
fi
[ -s "$results" ] || { echo "peerchat: $results has no benchmark rows" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One line per case: the case, then the bus's advantage over each socket system ("-" where that
# system was not run). Cases without a bus row or without any socket row are left out, and so
# are the idle rows (near 0 for everyone: a ratio says nothing there; the table has them).
awk '
function field(name,   m) {
    if (match($0, "\"" name "\":\"[^\"]*\"")) { m = substr($0, RSTART, RLENGTH); sub("^\"" name "\":\"", "", m); sub("\"$", "", m); return m }
    if (match($0, "\"" name "\":[-0-9.eE+]+")) { m = substr($0, RSTART, RLENGTH); sub("^\"" name "\":", "", m); return m }
    return ""
}
{
    c = field("case"); s = field("system"); v = field("median"); u = field("unit")
    if (c == "" || s == "" || v == "") next
    if (!(c in seen)) { seen[c] = 1; order[++n] = c }
    value[c, s] = v; unit[c] = u
}
END {
    split("QLocalSocket (flush)|QLocalSocket (batched)|Unix socket", sockets, "|")
    for (i = 1; i <= n; i++) {
        c = order[i]
        if (c ~ /^idle/ || !((c, "peerchat bus") in value) || value[c, "peerchat bus"] + 0 <= 0) continue
        lower = (unit[c] ~ /^(µs|ms) /)
        line = c; any = 0
        for (k = 1; k <= 3; k++) {
            s = sockets[k]
            if ((c, s) in value && value[c, s] + 0 > 0) {
                r = lower ? value[c, s] / value[c, "peerchat bus"] : value[c, "peerchat bus"] / value[c, s]
                line = line "\t" r; any = 1
            } else
                line = line "\t-"
        }
        if (any) print line
    }
}' "$results" > "$work/ratios.tsv"
[ -s "$work/ratios.tsv" ] || { echo "peerchat: no case in $results has the bus and a socket" >&2; exit 1; }

rows=$(wc -l < "$work/ratios.tsv")
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
cat > "$work/chart.gp" <<EOF
set terminal pngcairo size $(( 260 + rows * 95 )),620 font "DejaVu Sans,11"
set output "$out"
set datafile separator "\t"
set datafile missing "-"
set title "peerchat bus vs sockets, same run (peerchat-bench, $(date -u +%Y-%m-%d), commit $commit)\n> 1: the bus is that many times better; < 1: the socket is"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y 10
set yrange [0.01:100]
set ytics ("0.01x" 0.01, "0.1x" 0.1, "1x" 1, "10x" 10, "100x" 100)
set grid ytics
set xtics rotate by -30 nomirror
set key top left
set arrow from graph 0, first 1 to graph 1, first 1 nohead lw 2 lc rgb "black"
plot "$work/ratios.tsv" using 2:xtic(1) title "vs QLocalSocket (flush)" lc rgb "#4c72b0", \
     "" using 3 title "vs QLocalSocket (batched)" lc rgb "#dd8452", \
     "" using 4 title "vs Unix socket" lc rgb "#55a868"
EOF
gnuplot "$work/chart.gp"
echo "peerchat: $out from $results ($rows cases)"
