import AssayStore
import PostgresNIO

/// The PostgreSQL schema: the same tables, columns and meaning as the SQLite schema
/// (`Schema.swift` in AssayStore), as numbered migrations recorded in `schema_migrations`
/// (never edit a shipped migration; add one).
///
/// - Sequence numbers of batches, items, ratings and audit entries are assigned under the
///   writer lock (``PostgresStore/writerLockKey``), so their order is the commit order on every
///   node: a snapshot's watermark never has a later commit below it.
/// - `rating_id` and `item_id` use the "C" collation, so `ORDER BY rating_id` is bytewise, as in
///   SQLite: snapshot digests are identical in both backends.
/// - Append-only in the database: a trigger refuses UPDATE, DELETE and TRUNCATE on every table
///   (a superuser can disable triggers; the audit chain and batch digests then show the change).
enum PostgresSchema {
    /// The migrations in order: a version name and its statements.
    static let migrations: [(version: String, statements: [String])] = [
        ("v1-schema", v1 + appendOnly(tables: appendOnlyTables))
    ]

    /// Every table of the store (all append-only).
    static let appendOnlyTables = [
        "batches", "texts", "items", "item_responses", "annotators", "ratings", "batch_problems", "audit_log", "snapshots", "runs",
        "annotator_runs", "reviewer_decisions", "api_tokens", "api_token_revocations", "releases", "release_approvals", "run_jobs",
        "run_job_ends",
    ]

    private static let v1 = [
        """
        CREATE TABLE batches (
            seq BIGINT PRIMARY KEY,
            batch_id TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            submitter TEXT NOT NULL,
            origin TEXT NOT NULL,
            received_at TEXT NOT NULL,
            committed_at TEXT NOT NULL,
            raw_sha256 TEXT NOT NULL,
            raw_bytes BIGINT NOT NULL,
            ratings_sha256 TEXT NOT NULL,
            accepted BIGINT NOT NULL,
            duplicates BIGINT NOT NULL,
            conflicts BIGINT NOT NULL,
            rejected BIGINT NOT NULL,
            idempotency_key TEXT UNIQUE
        )
        """,
        "CREATE TABLE texts (seq BIGSERIAL PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, body TEXT NOT NULL)",
        """
        CREATE TABLE items (
            seq BIGINT PRIMARY KEY,
            item_id TEXT COLLATE "C" NOT NULL UNIQUE,
            prompt_text BIGINT NOT NULL REFERENCES texts(seq),
            content_sha256 TEXT NOT NULL,
            batch_seq BIGINT NOT NULL REFERENCES batches(seq) DEFERRABLE INITIALLY DEFERRED
        )
        """,
        """
        CREATE TABLE item_responses (
            item_seq BIGINT NOT NULL REFERENCES items(seq),
            position BIGINT NOT NULL,
            response_id TEXT NOT NULL,
            text_seq BIGINT NOT NULL REFERENCES texts(seq),
            PRIMARY KEY (item_seq, position)
        )
        """,
        """
        CREATE TABLE annotators (
            seq BIGSERIAL PRIMARY KEY,
            annotator_id TEXT COLLATE "C" NOT NULL UNIQUE,
            first_batch_seq BIGINT NOT NULL,
            first_submitted_at_ms BIGINT NOT NULL
        )
        """,
        // References of ratings are checked by `audit verify` (orphans), not on every insert:
        // a million deferred foreign-key checks would double the commit of a large batch.
        """
        CREATE TABLE ratings (
            seq BIGINT PRIMARY KEY,
            rating_id TEXT COLLATE "C" NOT NULL UNIQUE,
            batch_seq BIGINT NOT NULL,
            line BIGINT,
            annotator_seq BIGINT NOT NULL,
            item_seq BIGINT NOT NULL,
            kind BIGINT NOT NULL,
            submitted_at_ms BIGINT NOT NULL,
            duration_ms BIGINT,
            content TEXT NOT NULL,
            content_sha256 TEXT NOT NULL
        )
        """,
        "CREATE INDEX ratings_by_batch ON ratings (batch_seq, seq)",
        """
        CREATE TABLE batch_problems (
            batch_seq BIGINT NOT NULL,
            ordinal BIGINT NOT NULL,
            kind TEXT NOT NULL,
            line BIGINT,
            rating_id TEXT,
            field TEXT,
            reason TEXT NOT NULL,
            PRIMARY KEY (batch_seq, ordinal)
        )
        """,
        """
        CREATE TABLE audit_log (
            seq BIGINT PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            details TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE snapshots (
            seq BIGSERIAL PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            watermark BIGINT NOT NULL,
            created_at TEXT NOT NULL,
            ratings BIGINT NOT NULL,
            items BIGINT NOT NULL,
            annotators BIGINT NOT NULL,
            digest TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE runs (
            seq BIGSERIAL PRIMARY KEY,
            run_id TEXT NOT NULL UNIQUE,
            snapshot TEXT NOT NULL,
            snapshot_digest TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            actor TEXT NOT NULL,
            output TEXT NOT NULL,
            summary TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE annotator_runs (
            run_seq BIGINT NOT NULL REFERENCES runs(seq),
            annotator_id TEXT COLLATE "C" NOT NULL,
            weight DOUBLE PRECISION NOT NULL,
            status TEXT NOT NULL,
            gold_correct BIGINT NOT NULL,
            gold_total BIGINT NOT NULL,
            findings TEXT NOT NULL,
            PRIMARY KEY (annotator_id, run_seq)
        )
        """,
        "CREATE INDEX annotator_runs_by_run ON annotator_runs (run_seq, annotator_id)",
        """
        CREATE TABLE reviewer_decisions (
            seq BIGSERIAL PRIMARY KEY,
            annotator_id TEXT NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('confirm', 'clear')),
            note TEXT NOT NULL,
            actor TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            evidence TEXT NOT NULL
        )
        """,
        "CREATE INDEX reviewer_decisions_by_annotator ON reviewer_decisions (annotator_id, seq)",
        """
        CREATE TABLE api_tokens (
            seq BIGSERIAL PRIMARY KEY,
            token_id TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('ingest', 'reviewer', 'admin')),
            sha256 TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE api_token_revocations (
            token_id TEXT PRIMARY KEY REFERENCES api_tokens(token_id),
            revoked_at TEXT NOT NULL,
            revoked_by TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE releases (
            seq BIGSERIAL PRIMARY KEY,
            release_id TEXT NOT NULL UNIQUE,
            run_id TEXT NOT NULL REFERENCES runs(run_id),
            requested_by TEXT NOT NULL,
            requested_at TEXT NOT NULL,
            note TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE release_approvals (
            release_id TEXT PRIMARY KEY REFERENCES releases(release_id),
            approved_by TEXT NOT NULL,
            approved_at TEXT NOT NULL,
            note TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE run_jobs (
            seq BIGSERIAL PRIMARY KEY,
            job_id TEXT NOT NULL UNIQUE,
            actor TEXT NOT NULL,
            snapshot TEXT,
            output TEXT NOT NULL,
            started_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE run_job_ends (
            job_id TEXT PRIMARY KEY REFERENCES run_jobs(job_id),
            state TEXT NOT NULL CHECK (state IN ('succeeded', 'failed', 'interrupted')),
            finished_at TEXT NOT NULL,
            run_id TEXT,
            error TEXT
        )
        """,
        """
        CREATE FUNCTION assay_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
        END
        $$
        """,
    ]

    /// Triggers that abort any UPDATE, DELETE or TRUNCATE on each table.
    private static func appendOnly(tables: [String]) -> [String] {
        tables.flatMap { table in
            [
                "CREATE TRIGGER \(table)_append_only BEFORE UPDATE OR DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION assay_append_only()",
                "CREATE TRIGGER \(table)_no_truncate BEFORE TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION assay_append_only()",
            ]
        }
    }

    /// Temporary tables (one set per connection, emptied at every commit or rollback) that a
    /// batch is staged in before its rows are written under the writer lock.
    static let staging = [
        """
        CREATE TEMP TABLE IF NOT EXISTS stage_texts (sha256 TEXT NOT NULL, body TEXT NOT NULL) ON COMMIT DELETE ROWS
        """,
        """
        CREATE TEMP TABLE IF NOT EXISTS stage_items (
            ordinal BIGINT NOT NULL, item_id TEXT COLLATE "C" NOT NULL, prompt_sha256 TEXT NOT NULL, content_sha256 TEXT NOT NULL
        ) ON COMMIT DELETE ROWS
        """,
        """
        CREATE TEMP TABLE IF NOT EXISTS stage_responses (
            item_id TEXT COLLATE "C" NOT NULL, position BIGINT NOT NULL, response_id TEXT NOT NULL, text_sha256 TEXT NOT NULL
        ) ON COMMIT DELETE ROWS
        """,
        """
        CREATE TEMP TABLE IF NOT EXISTS stage_ratings (
            ordinal BIGINT NOT NULL, rating_id TEXT COLLATE "C" NOT NULL, line BIGINT, annotator_id TEXT COLLATE "C" NOT NULL,
            item_id TEXT COLLATE "C" NOT NULL, kind BIGINT NOT NULL, submitted_at_ms BIGINT NOT NULL, duration_ms BIGINT,
            content TEXT NOT NULL, content_sha256 TEXT NOT NULL
        ) ON COMMIT DELETE ROWS
        """,
        """
        CREATE TEMP TABLE IF NOT EXISTS stage_problems (
            ordinal BIGINT NOT NULL, kind TEXT NOT NULL, line BIGINT, rating_id TEXT, field TEXT, reason TEXT NOT NULL
        ) ON COMMIT DELETE ROWS
        """,
    ]

    /// Applies pending migrations, one transaction each, under a session advisory lock so that
    /// nodes starting together migrate once.
    /// - Throws: ``StoreError/newerSchema(path:)`` when the database has a migration this build does not know.
    static func migrate(_ session: PostgresSession, location: String) throws {
        try session.execute("SELECT pg_advisory_lock(\(PostgresStore.migrationLockKey))")
        defer { _ = try? session.execute("SELECT pg_advisory_unlock(\(PostgresStore.migrationLockKey))") }
        try session.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        var applied = Set<String>()
        for row in try session.rows("SELECT version FROM schema_migrations") {
            applied.insert(try row.decode(String.self))
        }
        let known = Set(migrations.map(\.version))
        if !applied.subtracting(known).isEmpty { throw StoreError.newerSchema(path: location) }
        for migration in migrations where !applied.contains(migration.version) {
            try session.transaction {
                for statement in migration.statements { try session.execute(PostgresQuery(unsafeSQL: statement)) }
                try session.execute("INSERT INTO schema_migrations (version) VALUES (\(migration.version))")
            }
        }
    }
}
