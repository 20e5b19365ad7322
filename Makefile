# The two commands a newcomer runs after cloning:
#   make demo   set up, build, and run the main jobs on the bundled samples
#   make test   set up, build, and pass every test (Swift tests, then the ONNX interop tests)
SHELL := /bin/bash
BIN := .build/debug/implicit
DEMO := .build/demo

.PHONY: setup build demo test test-swift test-interop bench clean-demo

setup:
	@bash scripts/setup-system.sh

build: setup
	swift build

demo: build
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN) info samples/mlp.yaml
	$(BIN) convert samples/mlp.yaml -o $(DEMO)/mlp.implicit.yaml --form implicit
	$(BIN) predict samples/mlp.yaml --input samples/mlp.input.csv
	$(BIN) predict samples/implicit.yaml --input samples/implicit.input.csv
	$(BIN) lint samples/implicit.yaml
	$(BIN) compose samples/skip.yaml samples/implicit.yaml -o $(DEMO)/skip-then-implicit.pb
	$(BIN) reduce samples/reducible.yaml --box 0,1
	$(BIN) prune samples/reducible.yaml -o $(DEMO)/reducible.small.onnx --box 0,1 --threshold 0.05 --verify 1000
	$(BIN) report samples/implicit.yaml --input samples/implicit.input.csv -o $(DEMO)/implicit.report.html
	@echo "report of samples/implicit.yaml written to $(abspath $(DEMO))/implicit.report.html: open it in a browser"

test: build
	swift build --build-tests
	swift test --skip-build --parallel
	bash scripts/test-interop.sh $(BIN)

test-swift: build
	swift test

test-interop: build
	bash scripts/test-interop.sh $(BIN)

bench: setup
	bash scripts/bench.sh
