# Thin wrappers over the go tool. `make help` lists the targets.
GO      ?= go
OUT     ?= out
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
BUILD   ?= $(shell git rev-parse HEAD 2>/dev/null)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)
LDFLAGS := -X main.version=$(VERSION) -X main.build=$(BUILD)
BIN     := bin/gnlc

.PHONY: help build run test test-short check-office lint fmt-check vet staticcheck tidy-check bench fuzz fixtures assets clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

build: ## build bin/gnlc
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/gnlc

run: build ## ingest the embedded default register and write the full annual report into out/
	mkdir -p $(OUT)
	./$(BIN) ingest --db $(OUT)/gnlc.duckdb --default
	./$(BIN) report --db $(OUT)/gnlc.duckdb --out $(OUT)

test: ## run every test (browser and LibreOffice tests included when installed)
	$(GO) test -count=1 -timeout 20m ./...

test-short: ## skip the slow tests
	$(GO) test -short ./...

check-office: ## open the annual and delegation workbooks in LibreOffice (headless PDF export) and openpyxl; fails if one is missing
	@command -v libreoffice >/dev/null || { echo "check-office: libreoffice not found (Debian: apt-get install libreoffice-calc poppler-utils)"; exit 1; }
	GNLC_REQUIRE_OFFICE=1 $(GO) test -count=1 -run '^(TestWrite_opensInLibreOffice|TestWrite_datesInLibreOffice|TestWrite_openpyxl)$$' -v ./reports/annual ./reports/delegation

lint: fmt-check vet staticcheck ## gofmt, go vet and staticcheck (staticcheck.conf)

staticcheck:
	$(GO) tool staticcheck ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

tidy-check: ## fail if go mod tidy would change go.mod or go.sum
	$(GO) mod tidy -diff

bench: ## benchmarks on generated registers (see README, Performance)
	$(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./...

fuzz: ## time-bounded fuzzing of every parser (FUZZTIME per target)
	./scripts/fuzz.sh $(or $(FUZZTIME),30s)

fixtures: ## regenerate fixtures/countries.csv from npm i18n-iso-countries and fixtures/unesco.csv
	cd fixtures/gen && npm ci --no-audit --no-fund && $(GO) run . -out ../countries.csv

assets: ## refresh the vendored chart assets (ECharts, world map) from npm and check their sha256
	./scripts/assets.sh

clean: ## remove build output
	rm -rf bin $(OUT)
