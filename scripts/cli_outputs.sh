#!/usr/bin/env bash
# Every CLI command and format over one demo data folder, each output in its own file, so a
# refactor can be checked byte for byte: run it before and after, then `diff -r`.
#   scripts/cli_outputs.sh OUT_DIR [DEMO_FOLDER]
# With DEMO_FOLDER (a folder an earlier run made), the same data is used again; else a new demo.
set -u
out=${1:?usage: cli_outputs.sh OUT_DIR [DEMO_FOLDER]}
app=${CHECKLIST_TUI:-checklist-tui}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "${2:-}" ]; then cp -a "$2" "$work/demo"; else $app --data "$work/demo" demo --rounds 40 >/dev/null; fi
[ -n "${2:-}" ] || cp -a "$work/demo" "$out/../demo-data" 2>/dev/null || true
n=0
run() {  # run NAME ARGS…: stdout, stderr and exit code of one command on a fresh copy of the demo
  n=$((n + 1))
  rm -rf "$work/d"; cp -a "$work/demo" "$work/d"
  (cd "$work" && COLUMNS=100 $app --data "$work/d" "${@:2}" >"$out/$1.out" 2>"$out/$1.err"; echo $? >"$out/$1.rc")
  sed -i "s#$work#WORK#g" "$out/$1.out" "$out/$1.err"
}
run validate validate
run rounds rounds
run rounds-json rounds --format json
for f in text json md html svg; do run summary-$f summary --format $f; done
run summary-r1 summary R0001
run summary-r1-json summary R0001 --format json
run summary-unit summary --unit 司法所
run summary-compare summary --compare R0001 R0005
run summary-compare-json summary --compare R0001 R0005 --format json
run summary-asof summary --as-of 2025-06-30 --format json
for f in text csv json md html; do run ledger-$f ledger --format $f; done
run ledger-open ledger --status rectifying
run ledger-overdue ledger --overdue --format json
run ledger-round ledger --round R0002 --format csv
run ledger-asof ledger --as-of 2025-06-30 --format json
run draft draft --year 2025
run draft-2026 draft --year 2026
run template template annual-self-check
run new new --checklist plan-2025 --unit 党政办 --period 2019-Q1
run new-dup new --checklist annual-self-check --unit 党政办 --period 2019
run submit submit R0001
run raise raise R0001 --problem 测试问题 --by 张三 --date 2026-01-05
run rectify-bad rectify R0001-01 --to closed --by 张三
run restore restore R0001
run bad-round summary R9999
run bad-format ledger --format xml
run help --help
for c in new open template import submit rounds summary ledger raise rectify validate demo draft restore; do
  run help-$c $c --help
done
echo "$n commands written to $out"
