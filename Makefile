# p2pgrid — set-up and entry points. `make run` and `make test` install the
# Debian packages they need (scripts/install-deps) before building; `make
# bench` also installs PyTorch for the train suite's reference
# (scripts/install-bench-deps).
SWIFT ?= swift
# The pipeline `make run` runs; see Pipelines/ for the others.
PIPELINE ?= Pipelines/paper.yaml
# Tests run optimised: the OPF and training tests do real numerical work.
TEST_FLAGS ?= -c release -Xswiftc -enable-testing

.PHONY: all deps bench-deps build run test test-slurm bench clean

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

bench: deps bench-deps
	$(SWIFT) build -c release --product p2pgrid
	$(SWIFT) build -c release --product p2pgrid-bench
	.build/release/p2pgrid-bench --out Reports/bench

clean:
	rm -rf .build
