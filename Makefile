# goframe — build, demo, test, bench.
#
#   make          build bin/goframe and the examples
#   make install  install the goframe tool (go install), for goframe new
#   make demo     run the blog (examples/blog) on 127.0.0.1:8000, DEBUG on; its
#                 database, examples/blog/db.sqlite3, is made on first start
#   make test     everything CI checks: formatting, vet, generated docs, the
#                 race-enabled tests, the end-to-end tests, a short fuzz run
#   make bench    Go benchmarks (gateway; templates vs pongo2 and html/template;
#                 the ORM vs sqlx and database/sql)
#                 plus a wrk comparison: gateway vs net/http, and goframe
#                 against its peers on TechEmpower's test types (bench/harness)
#   make bench-peers  only the comparison with the peers
#   make docs     regenerate docs/settings.md from the settings table

GO        ?= go
# Fuzz budgets are counts of inputs, not durations: with a duration, Go
# 1.26's fuzzing coordinator can fail a target with a bare "context deadline
# exceeded" at the end of the window, having found nothing
# (golang/go#75804, fixed in Go 1.27). 20000 inputs take a few seconds each.
FUZZTIME  ?= 20000x
# One worker: without a SECRET_KEY (DEBUG), each process signs sessions
# with a random key of its own.
DEMO_ARGS ?= --bind 127.0.0.1:8000 --workers 1

.PHONY: all build install demo test deps fmt-check vet unit e2e fuzz bench bench-peers docs clean

all: build

build:
	$(GO) build -o bin/goframe ./cmd/goframe
	$(GO) build -o bin/hello ./examples/hello
	$(GO) build -o bin/blog ./examples/blog

# install: goframe into $(go env GOPATH)/bin, knowing this source
# directory, which goframe new points new projects' go.mod at.
install:
	$(GO) install -ldflags "-X github.com/goframe/goframe/cli.SourceDir=$(CURDIR)" ./cmd/goframe

# demo: the blog serves from examples/blog, where its database is
# (migrated by serve on first start); ./bin/hello serve is the gateway's
# plain test target.
demo: build
	@echo "Blog running at http://127.0.0.1:8000/ (DEBUG on, database examples/blog/db.sqlite3; Ctrl-C stops)"
	cd examples/blog && DEBUG=1 ../../bin/blog serve $(DEMO_ARGS)

deps:
	@./scripts/install-deps.sh

test: deps fmt-check vet unit e2e fuzz
	@echo "make test: all passed"

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	$(GO) vet -tags e2e ./e2e/...

unit:
	$(GO) test -race -count=1 ./...
	# The gateway's tests again on Go's net/http server (--engine net/http).
	GATEWAY_TEST_ENGINE=net/http $(GO) test -count=1 ./gateway
	cd bench && $(GO) vet ./... && $(GO) test -count=1 ./...

e2e: build
	@mkdir -p test-artifacts
	$(GO) test -tags e2e -count=1 -timeout 15m -artifacts -outputdir $(CURDIR)/test-artifacts ./e2e/...

fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzChecker$$' -fuzztime $(FUZZTIME) ./gateway/internal/h1
	$(GO) test -run '^$$' -fuzz '^FuzzReadRequest$$' -fuzztime $(FUZZTIME) ./gateway/internal/uwsgi
	$(GO) test -run '^$$' -fuzz '^FuzzReadHead$$' -fuzztime $(FUZZTIME) ./gateway/internal/httpd
	$(GO) test -run '^$$' -fuzz '^FuzzForwarded$$' -fuzztime $(FUZZTIME) ./gateway/internal/proxy
	$(GO) test -run '^$$' -fuzz '^FuzzFormat$$' -fuzztime $(FUZZTIME) ./gateway/internal/accesslog
	$(GO) test -run '^$$' -fuzz '^FuzzTemplate$$' -fuzztime $(FUZZTIME) ./templates
	$(GO) test -run '^$$' -fuzz '^FuzzRouting$$' -fuzztime $(FUZZTIME) ./router

bench: deps build
	@./scripts/install-deps.sh --bench
	$(GO) test -run '^$$' -bench . -benchmem ./gateway/... ./templates/... ./orm/... ./router/... ./framework/...
	./scripts/bench-wrk.sh
	cd bench && $(GO) run ./harness

# bench-peers: only goframe against its peers (TechEmpower's test types);
# e.g. make bench-peers HARNESS_ARGS='-rounds 5 -duration 10s'.
bench-peers: deps
	@./scripts/install-deps.sh --bench
	cd bench && $(GO) run ./harness $(HARNESS_ARGS)

docs:
	$(GO) run ./gateway/internal/gendocs > docs/settings.md

clean:
	rm -rf bin
