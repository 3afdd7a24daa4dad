#!/bin/sh
# The property tests of tests/test_fuzz.py with 5,000 cases each instead of the suite's 150.
# Any failure is printed with the smallest input Hypothesis found; add it to the suite as an example.
set -eu
cd "$(dirname "$0")/.."
GEN_FUZZ_PROFILE=long exec python -m pytest -q tests/test_fuzz.py --hypothesis-show-statistics "$@"
