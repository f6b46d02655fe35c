import GRDB

/// The store's schema, as numbered migrations (never edit a shipped migration; add one).
///
/// Append-only by construction: ratings, batches, items, texts and the audit log have
/// triggers that abort any UPDATE or DELETE. A determined user with the `sqlite3` shell can
/// drop a trigger; the audit chain (``AuditChain``) and per-batch ratings digests then make
/// the change detectable by `assay audit verify`.
///
/// A rating's contract content is stored once, as its canonical JSON (`content`, the bytes
/// its `content_sha256` is computed over); the other columns are keys for queries.
enum Schema {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ratings") { db in
            try db.execute(
                sql: """
                    CREATE TABLE batches (
                        seq INTEGER PRIMARY KEY,
                        batch_id TEXT NOT NULL UNIQUE,
                        source TEXT NOT NULL,
                        submitter TEXT NOT NULL,
                        origin TEXT NOT NULL,
                        received_at TEXT NOT NULL,
                        committed_at TEXT NOT NULL,
                        raw_sha256 TEXT NOT NULL,
                        raw_bytes INTEGER NOT NULL,
                        ratings_sha256 TEXT NOT NULL,
                        accepted INTEGER NOT NULL,
                        duplicates INTEGER NOT NULL,
                        conflicts INTEGER NOT NULL,
                        rejected INTEGER NOT NULL,
                        idempotency_key TEXT UNIQUE
                    );
                    CREATE TABLE texts (
                        seq INTEGER PRIMARY KEY,
                        sha256 TEXT NOT NULL UNIQUE,
                        body TEXT NOT NULL
                    );
                    CREATE TABLE items (
                        seq INTEGER PRIMARY KEY,
                        item_id TEXT NOT NULL UNIQUE,
                        prompt_text INTEGER NOT NULL REFERENCES texts(seq),
                        content_sha256 TEXT NOT NULL,
                        batch_seq INTEGER NOT NULL REFERENCES batches(seq) DEFERRABLE INITIALLY DEFERRED
                    );
                    CREATE TABLE item_responses (
                        item_seq INTEGER NOT NULL REFERENCES items(seq),
                        position INTEGER NOT NULL,
                        response_id TEXT NOT NULL,
                        text_seq INTEGER NOT NULL REFERENCES texts(seq),
                        PRIMARY KEY (item_seq, position)
                    ) WITHOUT ROWID;
                    CREATE TABLE annotators (
                        seq INTEGER PRIMARY KEY,
                        annotator_id TEXT NOT NULL UNIQUE,
                        first_batch_seq INTEGER NOT NULL,
                        first_submitted_at_ms INTEGER NOT NULL
                    );
                    CREATE TABLE ratings (
                        seq INTEGER PRIMARY KEY,
                        rating_id TEXT NOT NULL UNIQUE,
                        batch_seq INTEGER NOT NULL REFERENCES batches(seq) DEFERRABLE INITIALLY DEFERRED,
                        line INTEGER,
                        annotator_seq INTEGER NOT NULL REFERENCES annotators(seq),
                        item_seq INTEGER NOT NULL REFERENCES items(seq),
                        kind INTEGER NOT NULL,
                        submitted_at_ms INTEGER NOT NULL,
                        duration_ms INTEGER,
                        content TEXT NOT NULL,
                        content_sha256 TEXT NOT NULL
                    );
                    CREATE TABLE batch_problems (
                        batch_seq INTEGER NOT NULL,
                        ordinal INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        line INTEGER,
                        rating_id TEXT,
                        field TEXT,
                        reason TEXT NOT NULL,
                        PRIMARY KEY (batch_seq, ordinal)
                    ) WITHOUT ROWID;
                    CREATE TABLE audit_log (
                        seq INTEGER PRIMARY KEY,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        details TEXT NOT NULL,
                        prev_hash TEXT NOT NULL,
                        hash TEXT NOT NULL
                    );
                    CREATE TABLE snapshots (
                        seq INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        watermark INTEGER NOT NULL,
                        created_at TEXT NOT NULL,
                        ratings INTEGER NOT NULL,
                        items INTEGER NOT NULL,
                        annotators INTEGER NOT NULL,
                        digest TEXT NOT NULL
                    );
                    """)
            try appendOnly(
                db,
                tables: [
                    "batches", "texts", "items", "item_responses", "annotators", "ratings", "batch_problems", "audit_log", "snapshots",
                ])
        }
        migrator.registerMigration("v2-runs-reputation-decisions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE runs (
                        seq INTEGER PRIMARY KEY,
                        run_id TEXT NOT NULL UNIQUE,
                        snapshot TEXT NOT NULL,
                        snapshot_digest TEXT NOT NULL,
                        started_at TEXT NOT NULL,
                        finished_at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        output TEXT NOT NULL,
                        summary TEXT NOT NULL
                    );
                    CREATE TABLE annotator_runs (
                        run_seq INTEGER NOT NULL REFERENCES runs(seq),
                        annotator_id TEXT NOT NULL,
                        weight REAL NOT NULL,
                        status TEXT NOT NULL,
                        gold_correct INTEGER NOT NULL,
                        gold_total INTEGER NOT NULL,
                        findings TEXT NOT NULL,
                        PRIMARY KEY (annotator_id, run_seq)
                    ) WITHOUT ROWID;
                    CREATE TABLE reviewer_decisions (
                        seq INTEGER PRIMARY KEY,
                        annotator_id TEXT NOT NULL,
                        decision TEXT NOT NULL CHECK (decision IN ('confirm', 'clear')),
                        note TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        decided_at TEXT NOT NULL,
                        evidence TEXT NOT NULL
                    );
                    CREATE INDEX reviewer_decisions_by_annotator ON reviewer_decisions(annotator_id, seq);
                    """)
            try appendOnly(db, tables: ["runs", "annotator_runs", "reviewer_decisions"])
        }
        migrator.registerMigration("v3-tokens-releases") { db in
            // API tokens are stored as the SHA-256 of the secret only; revocation is a row of its
            // own so that both tables stay append-only. Releases and their approvals likewise.
            try db.execute(
                sql: """
                    CREATE TABLE api_tokens (
                        seq INTEGER PRIMARY KEY,
                        token_id TEXT NOT NULL UNIQUE,
                        name TEXT NOT NULL,
                        role TEXT NOT NULL CHECK (role IN ('ingest', 'reviewer', 'admin')),
                        sha256 TEXT NOT NULL UNIQUE,
                        created_at TEXT NOT NULL,
                        created_by TEXT NOT NULL
                    );
                    CREATE TABLE api_token_revocations (
                        token_id TEXT PRIMARY KEY REFERENCES api_tokens(token_id),
                        revoked_at TEXT NOT NULL,
                        revoked_by TEXT NOT NULL
                    );
                    CREATE TABLE releases (
                        seq INTEGER PRIMARY KEY,
                        release_id TEXT NOT NULL UNIQUE,
                        run_id TEXT NOT NULL REFERENCES runs(run_id),
                        requested_by TEXT NOT NULL,
                        requested_at TEXT NOT NULL,
                        note TEXT NOT NULL
                    );
                    CREATE TABLE release_approvals (
                        release_id TEXT PRIMARY KEY REFERENCES releases(release_id),
                        approved_by TEXT NOT NULL,
                        approved_at TEXT NOT NULL,
                        note TEXT NOT NULL
                    );
                    """)
            try appendOnly(db, tables: ["api_tokens", "api_token_revocations", "releases", "release_approvals"])
        }
        migrator.registerMigration("v4-run-jobs") { db in
            // Cleaning runs started through the service: a restarted server shows the jobs of a
            // server that stopped mid-run as interrupted (an end recorded at its start).
            try db.execute(
                sql: """
                    CREATE TABLE run_jobs (
                        seq INTEGER PRIMARY KEY,
                        job_id TEXT NOT NULL UNIQUE,
                        actor TEXT NOT NULL,
                        snapshot TEXT,
                        output TEXT NOT NULL,
                        started_at TEXT NOT NULL
                    );
                    CREATE TABLE run_job_ends (
                        job_id TEXT PRIMARY KEY REFERENCES run_jobs(job_id),
                        state TEXT NOT NULL CHECK (state IN ('succeeded', 'failed', 'interrupted')),
                        finished_at TEXT NOT NULL,
                        run_id TEXT,
                        error TEXT
                    );
                    """)
            try appendOnly(db, tables: ["run_jobs", "run_job_ends"])
        }
        return migrator
    }

    /// Triggers that abort any UPDATE or DELETE on each table.
    private static func appendOnly(_ db: Database, tables: [String]) throws {
        for table in tables {
            try db.execute(
                sql: """
                    CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
                    CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                    BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
                    """)
        }
    }
}
