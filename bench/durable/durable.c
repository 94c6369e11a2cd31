// The durable-write ceiling: single-row committed inserts per second into an SQLite file opened the way the
// daemon opens its store (WAL, synchronous = FULL, temp_store = MEMORY), one transaction per row, as the daemon
// commits one transaction per change. Nothing but SQLite and the disk: no HTTP, no JSON, no Swift.
//
// With ROWS_PER_COMMIT above 1 it shows what group commit (several changes in one transaction) could reach.
//
// SYNCHRONOUS (FULL by default, the daemon's setting) may be NORMAL to see what a commit costs without its fsync.
//
// usage: hallq-durable DB_PATH SECONDS [ROWS_PER_COMMIT [SYNCHRONOUS]]
//   → one line of JSON: {"rows_per_commit", "inserts", "commits", "seconds", "per_second", "commits_per_second", "p50_us", "p99_us"}
//     (latencies are per commit)
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(int rc, sqlite3 *db, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        fprintf(stderr, "hallq-durable: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

static void exec(sqlite3 *db, const char *sql) { check(sqlite3_exec(db, sql, NULL, NULL, NULL), db, sql); }

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: hallq-durable DB_PATH SECONDS [ROWS_PER_COMMIT [FULL|NORMAL]]\n");
        return 2;
    }
    double seconds = atof(argv[2]);
    int rows = argc >= 4 ? atoi(argv[3]) : 1;
    const char *synchronous = argc == 5 && strcmp(argv[4], "NORMAL") == 0 ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL";
    if (rows < 1) rows = 1;
    sqlite3 *db = NULL;
    check(sqlite3_open(argv[1], &db), db, "open");
    exec(db, "PRAGMA journal_mode = WAL");
    exec(db, synchronous);
    exec(db, "PRAGMA temp_store = MEMORY");
    exec(db, "PRAGMA busy_timeout = 10000");
    // The shape of the daemon's journal table, with its two indexes.
    exec(db, "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, kind TEXT NOT NULL,"
             " ticket_id TEXT, service TEXT, window INTEGER, officer TEXT, details TEXT)");
    exec(db, "CREATE INDEX IF NOT EXISTS events_at ON events(at_ms)");
    exec(db, "CREATE INDEX IF NOT EXISTS events_ticket ON events(ticket_id)");

    sqlite3_stmt *insert = NULL;
    check(sqlite3_prepare_v2(db, "INSERT INTO events(at_ms, kind, ticket_id, service, window, officer, details) VALUES (?, ?, ?, ?, ?, ?, ?)", -1,
                             &insert, NULL),
          db, "prepare");
    size_t capacity = 1 << 16, count = 0, inserted = 0;
    double *latencies = malloc(capacity * sizeof(double));
    char ticket[16];
    const double start = now_seconds();
    double t = start;
    while (t - start < seconds) {
        // One transaction per commit, begun as GRDB begins the daemon's writes; COMMIT appends to the WAL and fsyncs it.
        exec(db, "BEGIN IMMEDIATE");
        for (int r = 0; r < rows; r++, inserted++) {
            snprintf(ticket, sizeof ticket, "t%012zu", inserted);
            sqlite3_bind_int64(insert, 1, (sqlite3_int64)(t * 1000));
            sqlite3_bind_text(insert, 2, "ticket.issued", -1, SQLITE_STATIC);
            sqlite3_bind_text(insert, 3, ticket, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 4, "A", -1, SQLITE_STATIC);
            sqlite3_bind_null(insert, 5);
            sqlite3_bind_null(insert, 6);
            sqlite3_bind_null(insert, 7);
            check(sqlite3_step(insert), db, "insert");
            sqlite3_reset(insert);
        }
        exec(db, "COMMIT");
        double done = now_seconds();
        if (count == capacity) {
            capacity *= 2;
            latencies = realloc(latencies, capacity * sizeof(double));
        }
        latencies[count++] = done - t;
        t = done;
    }
    double elapsed = t - start;
    qsort(latencies, count, sizeof(double), compare_doubles);
    printf("{\"synchronous\": \"%s\", \"rows_per_commit\": %d, \"inserts\": %zu, \"commits\": %zu, \"seconds\": %.3f, \"per_second\": %.0f, "
           "\"commits_per_second\": %.0f, \"p50_us\": %.0f, \"p99_us\": %.0f}\n",
           synchronous + 21, rows, inserted, count, elapsed, (double)inserted / elapsed, (double)count / elapsed, latencies[count / 2] * 1e6,
           latencies[(size_t)(count * 0.99)] * 1e6);
    sqlite3_finalize(insert);
    sqlite3_close(db);
    free(latencies);
    return 0;
}
