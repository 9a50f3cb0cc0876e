# Waishi - build, run, test, bench.
#   make run    install what is missing, build, create waishi.db with demo data, serve on :8080
#   make test   build with AddressSanitizer + UBSan and run every test
#   make bench  build optimised and print every performance target beside its goal

CC      ?= gcc
PKG_CONFIG ?= pkg-config
DEPS    ?= scripts/deps.sh
PKGS    := libmicrohttpd jansson sqlite3 libpq libsodium libmagic xlsxwriter libzip pangocairo cairo-pdf expat
# compiled against, not linked: src/pdf_libs.c dlopens them on the first PDF (they and their
# dependencies were half of every process start)
LAZY_PKGS := pangocairo cairo-pdf
WARN    := -Wall -Wextra -Wshadow -Wconversion -Wno-sign-conversion -Wstrict-prototypes -Wformat=2 -Werror=implicit-function-declaration
# Package flags are recursive variables, computed when a compile runs, never when this file is
# read: `make run` and `make test` install the packages (deps) and only then build, in a sub-make.
PKG_CFLAGS = $(patsubst -I%,-isystem %,$(shell $(PKG_CONFIG) --cflags $(PKGS)))
CFLAGS_COMMON = -std=c11 -D_GNU_SOURCE $(WARN) -Isrc -Ibuild/gen $(PKG_CFLAGS)
LIBS    = $(shell $(PKG_CONFIG) --libs $(filter-out $(LAZY_PKGS),$(PKGS))) -lpthread -lm

SRC     := $(wildcard src/*.c)
SCHEMA  := $(sort $(wildcard schema/*.sql))
LIB_SRC := $(filter-out src/main.c,$(SRC))
UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

REL_DIR  := build/release
ASAN_DIR := build/asan
REL_CFLAGS  = $(CFLAGS_COMMON) -O2 -g
ASAN_CFLAGS = $(CFLAGS_COMMON) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined

DB ?= waishi.db

.PHONY: all run test bench deps build build-asan unit-tests web clean style
.DELETE_ON_ERROR:

all: build

# `+`: deps runs even under `make -n`, since what the dry run prints depends on the packages.
deps:
	+@$(DEPS)

build: $(REL_DIR)/waishi
	@ln -sf $(REL_DIR)/waishi waishi

build-asan: $(ASAN_DIR)/waishi $(addprefix $(ASAN_DIR)/,$(UNIT_TESTS)) $(ASAN_DIR)/leak_pango $(ASAN_DIR)/leak_pango_freed

build/gen/schema_gen.c: $(SCHEMA) build/embed
	@mkdir -p build/gen
	build/embed $@ $(SCHEMA)

build/embed: tools/embed.c
	@mkdir -p build
	$(CC) -O1 -Wall -Wextra -o $@ $<

$(REL_DIR)/%.o: src/%.c $(wildcard src/*.h)
	@mkdir -p $(REL_DIR)
	$(CC) $(REL_CFLAGS) -c -o $@ $<

$(ASAN_DIR)/%.o: src/%.c $(wildcard src/*.h)
	@mkdir -p $(ASAN_DIR)
	$(CC) $(ASAN_CFLAGS) -c -o $@ $<

$(REL_DIR)/schema_gen.o: build/gen/schema_gen.c src/migrate.h
	@mkdir -p $(REL_DIR)
	$(CC) $(REL_CFLAGS) -c -o $@ $<

$(ASAN_DIR)/schema_gen.o: build/gen/schema_gen.c src/migrate.h
	@mkdir -p $(ASAN_DIR)
	$(CC) $(ASAN_CFLAGS) -c -o $@ $<

REL_OBJ  := $(patsubst src/%.c,$(REL_DIR)/%.o,$(SRC)) $(REL_DIR)/schema_gen.o
ASAN_OBJ := $(patsubst src/%.c,$(ASAN_DIR)/%.o,$(SRC)) $(ASAN_DIR)/schema_gen.o
ASAN_LIB_OBJ := $(filter-out $(ASAN_DIR)/main.o,$(ASAN_OBJ))

$(REL_DIR)/waishi: $(REL_OBJ)
	$(CC) $(REL_CFLAGS) -o $@ $^ $(LIBS)

$(ASAN_DIR)/waishi: $(ASAN_OBJ)
	$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LIBS)

$(ASAN_DIR)/test_%: tests/unit/test_%.c $(ASAN_LIB_OBJ)
	$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LIBS) -lcmocka

# the leak checker's own test: a build that forgets a PangoLayout, and one that does not
$(ASAN_DIR)/leak_pango: tests/leak/leak_pango.c $(ASAN_DIR)/document.o $(ASAN_DIR)/pdf_libs.o $(ASAN_DIR)/buf.o
	$(CC) $(ASAN_CFLAGS) -DLEAK_LAYOUT=1 -o $@ $^ $(LIBS)

$(ASAN_DIR)/leak_pango_freed: tests/leak/leak_pango.c $(ASAN_DIR)/document.o $(ASAN_DIR)/pdf_libs.o $(ASAN_DIR)/buf.o
	$(CC) $(ASAN_CFLAGS) -DLEAK_LAYOUT=0 -o $@ $^ $(LIBS)

web: web/dist/index.html

# npm ci only when the lock file changed; the bundle when a source changed
web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund

web/dist/index.html: web/node_modules/.package-lock.json web/index.html web/vite.config.js $(shell find web/src web/public -type f 2>/dev/null)
	cd web && npm run build
	scripts/precompress.sh web/dist

run: deps
	@$(MAKE) --no-print-directory build web
	@if [ ! -e "$(DB)" ]; then ./waishi init --db "$(DB)" && ./waishi demo --db "$(DB)"; fi
	@echo "Waishi: open http://127.0.0.1:8080 and sign in as admin / demo-admin (demo password; change it)"
	./waishi serve --db "$(DB)"

style:
	@scripts/check-style.sh

# the release build is there for the memory-bound tests (sanitizer shadow memory would swamp them)
test: deps
	@$(MAKE) --no-print-directory style build-asan build web
	@WAISHI_RELEASE_BIN=$(REL_DIR)/waishi tests/run.sh $(ASAN_DIR)

bench: deps
	@$(MAKE) --no-print-directory build web
	@bench/run.sh $(REL_DIR)/waishi

clean:
	rm -rf build waishi
