# p2pgrid — set-up and entry points. `make run` and `make test` install the
# Debian packages they need (scripts/install-deps) before building; `make
# bench` also installs PyTorch for the train suite's reference
# (scripts/install-bench-deps).
SWIFT ?= swift
# The pipeline `make run` runs; see Pipelines/ for the others.
PIPELINE ?= Pipelines/paper.yaml
# Tests run optimised: the OPF and training tests do real numerical work.
TEST_FLAGS ?= -c release -Xswiftc -enable-testing

.PHONY: all deps bench-deps build run test test-slurm test-sanitize fuzz bench clean

all: build

deps:
	@scripts/install-deps

bench-deps:
	@scripts/install-bench-deps

build: deps
	$(SWIFT) build -c release --product p2pgrid

run: build
	.build/release/p2pgrid run $(PIPELINE)

test: deps
	$(SWIFT) test $(TEST_FLAGS)

# Scale-out on a real single-node Slurm (installs slurm-wlm and munge, starts
# and stops its own munged, slurmctld and slurmd); see scripts/slurm-test.
test-slurm: deps
	scripts/slurm-test

# The C code and the file readers under AddressSanitizer, then UndefinedBehaviorSanitizer
# (debug builds in .build/sanitize-*); see scripts/sanitize-test.
test-sanitize: deps
	scripts/sanitize-test

# libFuzzer on every input reader, FUZZ_SECONDS each (default 10 minutes); see scripts/fuzz.
FUZZ_SECONDS ?= 600
fuzz: deps
	scripts/fuzz $(FUZZ_SECONDS)

bench: deps bench-deps
	$(SWIFT) build -c release --product p2pgrid
	$(SWIFT) build -c release --product p2pgrid-bench
	.build/release/p2pgrid-bench --out Reports/bench

clean:
	rm -rf .build
