// Generated from Docs/openapi.yaml (ASSAY_UPDATE_OPENAPI=1 swift test --filter OpenAPI rewrites it): do not edit.
// swift-format-ignore-file

/// The OpenAPI 3.1 description served at `GET /openapi.yaml`.
enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.1.0
info:
  title: Assay service
  version: 1.0.0
  summary: HTTP ingest of human ratings, annotator trust lookups, review, governed runs and releases.
  description: |
    Every `/v1` endpoint needs `Authorization: Bearer <token>` (tokens: `assay token create --role ingest|reviewer|admin --name NAME`).
    A missing or unknown token gets 401, a token of the wrong role 403. Every error is a JSON `Error`.
    Each `/v1` operation lists the token roles it accepts in `x-roles` (RouteAuthorizationTests walks them all).
    Every response carries `X-Request-Id` (the client's, if it sent a short one). See Docs/service.md.
    Busy or saturated, it answers 429 (too many ingests or runs at once) or 503 (the SQLite store stayed
    locked by another process past the busy timeout), both with `Retry-After`; never 500.
servers:
  - url: http://127.0.0.1:8080
security:
  - bearer: []
tags:
  - name: ingest
  - name: annotators
  - name: audit
  - name: runs
  - name: system
paths:
  /healthz:
    get:
      tags: [system]
      summary: Liveness and store readability.
      operationId: health
      security: []
      responses:
        "200":
          description: The service is up and the store readable.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Health"}
        "503":
          description: The store cannot be read.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Health"}
  /metrics:
    get:
      tags: [system]
      summary: Prometheus metrics (request counts and latencies, ratings by outcome, batches, runs).
      description: Open by default; a server configured with `metrics_require_token` answers only a valid bearer token (any role).
      operationId: metrics
      security: [{}, {bearer: []}]
      responses:
        "200":
          description: Prometheus text exposition format.
          content:
            text/plain:
              schema: {type: string}
        "401": {$ref: "#/components/responses/Unauthorized"}
  /openapi.yaml:
    get:
      tags: [system]
      summary: This document.
      operationId: openapi
      security: []
      responses:
        "200":
          description: OpenAPI 3.1 in YAML.
          content:
            application/yaml:
              schema: {description: "This document."}
  /v1/ratings:
    post:
      tags: [ingest]
      summary: Ingest contract-v1 ratings as one atomic batch (role ingest or admin).
      description: |
        The body is JSON Lines (`application/x-ndjson`) or a JSON array (`application/json`) of ratings
        (shared/contract/ratings-v1.md). Every record gets a result: accepted, duplicate (same `rating_id`,
        same content), conflict (same `rating_id`, other content) or rejected (breaks the contract), with
        the field and reason. Valid records are stored even when others fail, unless `all_or_nothing=true`.
        With an `Idempotency-Key`, re-sending the same batch returns the first answer's counts with
        `replayed: true` and stores nothing. 200 when at least one record was accepted or a duplicate;
        422 when none was.
      operationId: postRatings
      x-roles: [ingest, admin]
      parameters:
        - name: Idempotency-Key
          in: header
          required: false
          schema: {type: string, minLength: 1, maxLength: 200, pattern: "^[!-~]+$"}
        - name: all_or_nothing
          in: query
          required: false
          schema: {type: boolean}
      requestBody:
        required: true
        content:
          application/x-ndjson:
            schema: {type: string}
          application/json:
            schema:
              type: array
              items: {$ref: "#/components/schemas/Rating"}
      responses:
        "200":
          description: The batch was committed.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/BatchResult"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "429": {$ref: "#/components/responses/Saturated"}
        "503": {$ref: "#/components/responses/Busy"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "408": {$ref: "#/components/responses/Error"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "415": {$ref: "#/components/responses/Error"}
        "422":
          description: No record was taken (every record rejected or conflicting), or all_or_nothing rolled the batch back.
          content:
            application/json:
              schema:
                oneOf:
                  - {$ref: "#/components/schemas/BatchResult"}
                  - {$ref: "#/components/schemas/RolledBack"}
  /v1/integrations/label-studio:
    post:
      tags: [ingest]
      summary: Label Studio's webhook - annotations become ratings, edits new revisions (role ingest or admin, or the webhook secret).
      description: |
        The body is a Label Studio webhook payload (`{"action", "annotation", "task", "project"}`; Docs/label-studio.md).
        `ANNOTATION_CREATED`, `ANNOTATIONS_CREATED` and `ANNOTATION_UPDATED` are converted with the export importer's
        mapping and ingested as one batch (source `label-studio`); an update is a new rating, a revision whose
        `rating_id` is `<first rating_id>-rev-<12 hex>` and whose `meta.supersedes` names the first rating (append-only;
        cleaning runs keep the newest revision). Redelivering an event gives the same ratings: duplicates. Every
        other action is answered 200 with `"outcome": "ignored"`. Authenticated by a bearer token of role ingest or
        admin, or, without one, by the secret of `assay serve --label-studio-secret-file` in `X-Assay-Webhook-Secret`.
        200 when at least one annotation was stored, a duplicate or skipped (cancelled, empty); 422 when none was
        (each annotation's reason, with its task and annotation id, in `results`).
      operationId: postLabelStudioWebhook
      x-roles: [ingest, admin]
      security: [{bearer: []}, {webhookSecret: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/LabelStudioWebhook"}
      responses:
        "200":
          description: Processed (or ignored, for an action that carries no ratings).
          content:
            application/json:
              schema: {$ref: "#/components/schemas/LabelStudioWebhookResult"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "408": {$ref: "#/components/responses/Error"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "422":
          description: No annotation was taken; the message names the first one's task, annotation and reason.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/LabelStudioWebhookRefused"}
        "429": {$ref: "#/components/responses/Saturated"}
        "503": {$ref: "#/components/responses/Busy"}
  /v1/annotators:
    get:
      tags: [annotators]
      summary: The review queue - annotators of the newest run with a status (role reviewer or admin).
      operationId: listAnnotators
      x-roles: [reviewer, admin]
      parameters:
        - name: status
          in: query
          required: false
          schema: {type: string, enum: [trusted, downweighted, flagged, excluded], default: flagged}
      responses:
        "200":
          description: Annotators with their evidence, by id.
          content:
            application/json:
              schema:
                type: object
                required: [status, run_id, annotators]
                properties:
                  status: {type: string}
                  run_id: {type: [string, "null"]}
                  annotators:
                    type: array
                    items: {$ref: "#/components/schemas/Annotator"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "503": {$ref: "#/components/responses/Busy"}
        "403": {$ref: "#/components/responses/Forbidden"}
  /v1/annotators/{id}:
    get:
      tags: [annotators]
      summary: An annotator's weight, status, reputation and last findings (any role). Cached; fast.
      operationId: getAnnotator
      x-roles: [ingest, reviewer, admin]
      parameters:
        - {$ref: "#/components/parameters/AnnotatorID"}
      responses:
        "200":
          description: The annotator's standing in the newest run.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Annotator"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "503": {$ref: "#/components/responses/Busy"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
  /v1/annotators/{id}/decision:
    post:
      tags: [annotators]
      summary: Record a reviewer decision, confirm (exclude) or clear (not excluded on this evidence; the weight still decides trusted or downweighted), with a note (role reviewer). Audited.
      operationId: decideAnnotator
      x-roles: [reviewer]
      parameters:
        - {$ref: "#/components/parameters/AnnotatorID"}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [decision, note]
              properties:
                decision: {type: string, enum: [confirm, clear]}
                note: {type: string, minLength: 1, maxLength: 4000, pattern: "\\S"}
      responses:
        "201":
          description: Recorded; the audit entry is named.
          content:
            application/json:
              schema:
                type: object
                required: [annotator_id, decision, actor, audit_sequence, audit_hash]
                properties:
                  annotator_id: {type: string}
                  decision: {type: string, enum: [confirm, clear]}
                  actor: {type: string}
                  audit_sequence: {type: integer}
                  audit_hash: {type: string}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "503": {$ref: "#/components/responses/Busy"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "422": {$ref: "#/components/responses/Invalid"}
  /v1/audit:
    get:
      tags: [audit]
      summary: Audit log entries and the hash chain's status (role admin).
      operationId: getAudit
      x-roles: [admin]
      parameters:
        - {name: after, in: query, required: false, schema: {type: integer, minimum: 0, maximum: 9223372036854775807}}
        - {name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 1000, default: 100}}
        - {name: verify, in: query, required: false, schema: {type: boolean, default: true}}
      responses:
        "200":
          description: Entries after `after`, and (unless verify=false) the chain check.
          content:
            application/json:
              schema:
                type: object
                required: [entries, next_after]
                properties:
                  entries:
                    type: array
                    items: {$ref: "#/components/schemas/AuditEntry"}
                  next_after: {type: [integer, "null"]}
                  chain:
                    type: object
                    required: [valid, entries, head_hash, problem]
                    properties:
                      valid: {type: boolean}
                      entries: {type: integer}
                      head_hash: {type: string}
                      problem: {type: [string, "null"]}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "503": {$ref: "#/components/responses/Busy"}
        "403": {$ref: "#/components/responses/Forbidden"}
  /v1/runs:
    get:
      tags: [runs]
      summary: Recorded cleaning runs, oldest first (role admin).
      operationId: listRuns
      x-roles: [admin]
      responses:
        "200":
          description: The runs.
          content:
            application/json:
              schema:
                type: object
                required: [runs]
                properties:
                  runs:
                    type: array
                    items: {$ref: "#/components/schemas/Run"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "503": {$ref: "#/components/responses/Busy"}
        "403": {$ref: "#/components/responses/Forbidden"}
    post:
      tags: [runs]
      summary: Start a cleaning run as a background job (role admin).
      operationId: startRun
      x-roles: [admin]
      requestBody:
        required: false
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              properties:
                snapshot: {type: [string, "null"], description: "Snapshot to clean; default a new snapshot of everything."}
      responses:
        "202":
          description: The job started; poll GET /v1/runs/{job_id}.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Job"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "429": {$ref: "#/components/responses/Saturated"}
        "503": {$ref: "#/components/responses/Busy"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "409":
          description: The server was started without a signing key (`assay serve --key`), so it cannot start runs (error runs_unavailable).
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
        "422": {$ref: "#/components/responses/Invalid"}
  /v1/runs/{id}:
    get:
      tags: [runs]
      summary: A background job (job-...) with its progress, or a recorded run (role admin).
      operationId: getRun
      x-roles: [admin]
      parameters:
        - {$ref: "#/components/parameters/RunID"}
      responses:
        "200":
          description: The job or the run.
          content:
            application/json:
              schema:
                oneOf:
                  - {$ref: "#/components/schemas/Job"}
                  - {$ref: "#/components/schemas/Run"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "503": {$ref: "#/components/responses/Busy"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
  /v1/runs/{id}/report:
    get:
      tags: [runs]
      summary: The run's HTML report (role admin).
      operationId: getRunReport
      x-roles: [admin]
      parameters:
        - {$ref: "#/components/parameters/RunID"}
      responses:
        "200":
          description: report.html
          content:
            text/html:
              schema: {type: string}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "503": {$ref: "#/components/responses/Busy"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
  /v1/runs/{id}/files:
    get:
      tags: [runs]
      summary: The run's output files (role admin).
      operationId: listRunFiles
      x-roles: [admin]
      parameters:
        - {$ref: "#/components/parameters/RunID"}
      responses:
        "200":
          description: File names.
          content:
            application/json:
              schema:
                type: object
                required: [run_id, files]
                properties:
                  run_id: {type: string}
                  files:
                    type: array
                    items: {type: string}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "503": {$ref: "#/components/responses/Busy"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
  /v1/runs/{id}/files/{name}:
    get:
      tags: [runs]
      summary: One output file of a run (role admin).
      operationId: getRunFile
      x-roles: [admin]
      parameters:
        - {$ref: "#/components/parameters/RunID"}
        - {name: name, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: The file.
          content:
            application/octet-stream:
              schema: {type: string}
            application/json:
              schema: {}
            application/x-ndjson:
              schema: {type: string}
            text/html:
              schema: {type: string}
            text/markdown:
              schema: {type: string}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "503": {$ref: "#/components/responses/Busy"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
  /v1/runs/{id}/release:
    post:
      tags: [runs]
      summary: Request that a recorded run be released as a training dataset (role admin). Audited.
      operationId: requestRelease
      x-roles: [admin]
      parameters:
        - {$ref: "#/components/parameters/RunID"}
      requestBody:
        required: false
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              properties:
                note: {type: [string, "null"]}
      responses:
        "201":
          description: The pending release.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Release"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "503": {$ref: "#/components/responses/Busy"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "422": {$ref: "#/components/responses/Invalid"}
  /v1/releases:
    get:
      tags: [runs]
      summary: Every release, oldest first (role admin).
      operationId: listReleases
      x-roles: [admin]
      responses:
        "200":
          description: The releases.
          content:
            application/json:
              schema:
                type: object
                required: [releases]
                properties:
                  releases:
                    type: array
                    items: {$ref: "#/components/schemas/Release"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "503": {$ref: "#/components/responses/Busy"}
        "403": {$ref: "#/components/responses/Forbidden"}
  /v1/releases/{id}:
    get:
      tags: [runs]
      summary: One release (role admin).
      operationId: getRelease
      x-roles: [admin]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: The release.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Release"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "503": {$ref: "#/components/responses/Busy"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
  /v1/releases/{id}/approve:
    post:
      tags: [runs]
      summary: Approve a pending release - only an admin other than its requester (two-person rule). Audited.
      operationId: approveRelease
      x-roles: [admin]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: false
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              properties:
                note: {type: [string, "null"]}
      responses:
        "200":
          description: The released dataset.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Release"}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "503": {$ref: "#/components/responses/Busy"}
        "403":
          description: Wrong role, or the requester tried to approve (error two_person_rule).
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {$ref: "#/components/responses/Error"}
        "413": {$ref: "#/components/responses/TooLarge"}
        "422": {$ref: "#/components/responses/Invalid"}
components:
  securitySchemes:
    bearer:
      type: http
      scheme: bearer
    webhookSecret:
      type: apiKey
      in: header
      name: X-Assay-Webhook-Secret
      description: The secret of `assay serve --label-studio-secret-file`, for POST /v1/integrations/label-studio only.
  parameters:
    AnnotatorID:
      name: id
      in: path
      required: true
      schema: {type: string}
    RunID:
      name: id
      in: path
      required: true
      schema: {type: string}
  responses:
    Error:
      description: An error.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    BadRequest:
      description: Malformed request (bad JSON, bad query parameter, bad header).
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    Unauthorized:
      description: Missing or unknown bearer token.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    Forbidden:
      description: The token's role may not do this.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    NotFound:
      description: No such thing.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    TooLarge:
      description: The body or the batch is over the limit; the message names it.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    Invalid:
      description: Well-formed JSON with a missing, unknown or invalid field.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    Saturated:
      description: "The server already handles as many of these as its limit allows (`max_concurrent_ingests`, default 4; `max_concurrent_runs`, default 1): error `too_many_requests`, nothing done; retry after `Retry-After` seconds."
      headers:
        Retry-After: {description: Seconds to wait before retrying., schema: {type: integer}}
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
    Busy:
      description: "The SQLite store stayed locked by another process (an `assay ingest` beside the server) past the busy timeout (`busy_timeout_ms`, default 5000): error `store_busy`, nothing stored; retry after `Retry-After` seconds."
      headers:
        Retry-After: {description: Seconds to wait before retrying., schema: {type: integer}}
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Error"}
  schemas:
    Error:
      type: object
      required: [error, message]
      properties:
        error: {type: string, description: "Stable code: unauthorized, forbidden, body_too_large, batch_too_large, malformed_json, two_person_rule..."}
        message: {type: string}
        request_id: {type: string}
    Health:
      type: object
      required: [status]
      properties:
        status: {type: string, enum: [ok, unavailable]}
        message: {type: string}
    Rating:
      type: object
      description: A contract-v1 rating (shared/contract/ratings-v1.md); validated by the service, not by this schema.
    Counts:
      type: object
      required: [accepted, duplicate, conflict, rejected]
      properties:
        accepted: {type: integer}
        duplicate: {type: integer}
        conflict: {type: integer}
        rejected: {type: integer}
    RecordResult:
      type: object
      required: [line, rating_id, outcome]
      properties:
        line: {type: [integer, "null"], description: "Line (JSON Lines) or 1-based element index (JSON array)."}
        rating_id: {type: [string, "null"]}
        outcome: {type: string, enum: [accepted, duplicate, conflict, rejected]}
        field: {type: [string, "null"]}
        reason: {type: string}
    BatchResult:
      type: object
      required: [batch_id, replayed, counts, results, raw_sha256, ratings_sha256]
      properties:
        batch_id: {type: string}
        replayed: {type: boolean, description: "True when the Idempotency-Key matched an earlier batch (results is then empty)."}
        counts: {$ref: "#/components/schemas/Counts"}
        results:
          type: array
          items: {$ref: "#/components/schemas/RecordResult"}
        raw_sha256: {type: string}
        ratings_sha256: {type: string}
    RolledBack:
      type: object
      required: [error, message, counts, results]
      properties:
        error: {type: string, const: batch_rolled_back}
        message: {type: string}
        counts: {$ref: "#/components/schemas/Counts"}
        results:
          type: array
          items: {$ref: "#/components/schemas/RecordResult"}
        request_id: {type: string}
    LabelStudioWebhook:
      type: object
      required: [action]
      description: A Label Studio webhook body; `annotation` and `task` are objects, or lists for ANNOTATIONS_CREATED.
      properties:
        action: {type: string}
        annotation: {oneOf: [{type: object}, {type: array, items: {type: object}}]}
        annotations: {type: array, items: {type: object}}
        task: {oneOf: [{type: object}, {type: array, items: {type: object}}]}
        project: {type: object}
    LabelStudioAnnotationResult:
      type: object
      required: [task, annotation, rating_id, outcome]
      properties:
        task: {type: string}
        annotation: {type: string}
        rating_id: {type: [string, "null"]}
        outcome: {type: string, enum: [accepted, duplicate, conflict, rejected, skipped]}
        supersedes: {type: string, description: "ANNOTATION_UPDATED: the rating this revision supersedes."}
        reason: {type: string}
    LabelStudioWebhookResult:
      type: object
      required: [action, outcome]
      properties:
        action: {type: string}
        outcome: {type: string, enum: [processed, ignored]}
        message: {type: string}
        batch_id: {type: [string, "null"]}
        replayed: {type: boolean}
        counts: {type: object, additionalProperties: {type: integer}}
        results:
          type: array
          items: {$ref: "#/components/schemas/LabelStudioAnnotationResult"}
    LabelStudioWebhookRefused:
      type: object
      required: [error, message, action, counts, results]
      properties:
        error: {type: string, const: annotations_refused}
        message: {type: string}
        action: {type: string}
        counts: {type: object, additionalProperties: {type: integer}}
        results:
          type: array
          items: {$ref: "#/components/schemas/LabelStudioAnnotationResult"}
        request_id: {type: string}
    Annotator:
      type: object
      required: [annotator_id, run_id, weight, status, effective_status, gold, reputation, findings, decision]
      properties:
        annotator_id: {type: string}
        run_id: {type: string}
        weight: {type: number}
        status: {type: string, enum: [trusted, downweighted, flagged, excluded]}
        effective_status: {type: string, enum: [trusted, downweighted, flagged, excluded], description: "status after any later reviewer decision"}
        gold:
          type: object
          required: [correct, total, accuracy]
          properties:
            correct: {type: integer}
            total: {type: integer}
            accuracy: {type: [number, "null"]}
        reputation:
          type: object
          required: [past_weights]
          properties:
            past_weights:
              type: array
              items: {type: number}
        findings:
          type: array
          items: {type: object}
        decision:
          oneOf:
            - type: "null"
            - type: object
              required: [decision, note, actor, decided_at]
              properties:
                decision: {type: string, enum: [confirm, clear]}
                note: {type: string}
                actor: {type: string}
                decided_at: {type: string}
    AuditEntry:
      type: object
      required: [sequence, at, actor, action, subject, details, previous_hash, hash]
      properties:
        sequence: {type: integer}
        at: {type: string}
        actor: {type: string}
        action: {type: string}
        subject: {type: string}
        details: {}
        previous_hash: {type: string}
        hash: {type: string}
    Job:
      type: object
      required: [job_id, state, actor, started_at, finished_at, progress, run_id, error]
      properties:
        job_id: {type: string}
        state: {type: string, enum: [running, succeeded, failed, interrupted]}
        actor: {type: string}
        started_at: {type: string}
        finished_at: {type: [string, "null"]}
        progress:
          type: array
          items: {type: string}
        run_id: {type: [string, "null"]}
        error: {type: [string, "null"]}
        run: {$ref: "#/components/schemas/Run"}
    Run:
      type: object
      required: [run_id, snapshot, snapshot_digest, started_at, finished_at, actor, summary, state]
      properties:
        run_id: {type: string}
        snapshot: {type: string}
        snapshot_digest: {type: string}
        started_at: {type: string}
        finished_at: {type: string}
        actor: {type: string}
        summary: {}
        state: {type: string, const: succeeded}
    Release:
      type: object
      required: [release_id, run_id, status, requested_by, requested_at, note, approved_by, approved_at, approval_note]
      properties:
        release_id: {type: string}
        run_id: {type: string}
        status: {type: string, enum: [pending, released]}
        requested_by: {type: string}
        requested_at: {type: string}
        note: {type: string}
        approved_by: {type: [string, "null"]}
        approved_at: {type: [string, "null"]}
        approval_note: {type: [string, "null"]}

"""#
}
