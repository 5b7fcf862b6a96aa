# test_fuzz_smoke.sh — `make fuzz-smoke` in `make check`: every libFuzzer target over its seed
# corpus (which holds the inputs of past findings) and a few seconds of new inputs.
. "$(dirname "$0")/../lib.sh"
cd "$top" || exit 1
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' >"$T/probe.c"
if ! command -v clang >/dev/null 2>&1 ||
    ! clang -fsanitize=fuzzer -o "$T/probe" "$T/probe.c" >/dev/null 2>&1; then
    skip "make fuzz-smoke" "clang's libFuzzer runtime is missing (apt-get install clang libclang-rt-14-dev)"
    exit 0
fi
# the fuzz build lives beside the tested build (BUILD from make check), never in the tree
fb=${BUILD:-$top/build}/fuzz
if make --no-print-directory -s -j2 fuzz-smoke FUZZ_BUILD="$fb" >"$T/log" 2>&1; then
    for t in tests/fuzz/fuzz_*.c; do
        t=$(basename "$t" .c)
        if grep -q "^== $t\$" "$T/log"; then ok "$t: seeds and a few seconds, no finding"; else
            not_ok "$t did not run" "$(tail -5 "$T/log")"; fi
    done
else
    not_ok "make fuzz-smoke" "$(grep -m5 'ERROR\|SUMMARY\|runtime error\|error:' "$T/log")" \
        "$(tail -15 "$T/log")"
fi
