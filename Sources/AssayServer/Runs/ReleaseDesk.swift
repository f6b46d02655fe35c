import AssayAttestation
import AssayCrypto
import AssayEvaluate
import AssayStore
import Foundation
import Logging

/// Approving a release, for the API and the console alike: the two-person rule in the store, and — when the service
/// has a signing key (`assay serve --key`) — the run's signed output frozen in the release archive and a release
/// attestation signed (``ReleaseArchive``, ``ReleaseAttestation``), the artifacts a training job checks with
/// `assay verify FOLDER --release RELEASE.dsse.json`.
///
/// Order: the run's output is verified and frozen first (a run whose files no longer match its signature is refused
/// before anything is recorded), then the approval is recorded, then the release attestation is signed with the
/// recorded time. Should the process stop between the last two, ``frozen(_:)`` signs it on the next request.
struct ReleaseDesk: Sendable {
    let store: ServiceStore
    let archive: ReleaseArchive
    let signingKey: Ed25519PrivateKey?
    let logger: Logger

    /// Approves `releaseID` as `actor`; throws ``ReleaseError`` for the two-person rule and a missing or approved
    /// release, ``APIError`` (409) when the run's output cannot be frozen.
    func approve(_ releaseID: String, actor: String, note: String) async throws -> Release {
        if let signingKey {
            let pending = try await store.run { store -> (Release, RunRecord?) in
                guard let release = try store.release(releaseID) else { throw ReleaseError.releaseNotFound(releaseID) }
                return (release, try store.runs().first { $0.runID == release.runID })
            }
            if let by = pending.0.approvedBy { throw ReleaseError.alreadyApproved(releaseID, by: by) }
            guard pending.0.requestedBy != actor else { throw ReleaseError.sameApprover(actor) }
            guard let run = pending.1 else { throw ReleaseError.runNotFound(pending.0.runID) }
            let archive = self.archive
            do {
                _ = try await store.offload { try archive.freezeRun(output: URL(fileURLWithPath: run.output), signingKey: signingKey) }
            } catch let error as AttestationError {
                throw APIError(
                    .conflict, "release_not_frozen",
                    "the output of run \(run.runID) cannot be frozen: \(error.description); nothing was approved")
            }
        }
        let approved = try await store.run { try $0.approveRelease(releaseID, actor: actor, note: note) }
        do {
            _ = try await frozen(approved)
        } catch {
            logger.error("release approved but its attestation is not signed yet", metadata: ["release": "\(releaseID)", "error": "\(error)"])
        }
        return approved
    }

    /// The frozen files and attestation of an approved release, signing the attestation if the approval was recorded
    /// but not yet signed; nil for a pending release or a service without a signing key.
    func frozen(_ release: Release) async throws -> ReleaseArchive.FrozenRelease? {
        let archive = self.archive
        if let existing = try await store.offload({ try archive.frozen(releaseID: release.releaseID) }) { return existing }
        guard let signingKey, let approvedBy = release.approvedBy, let approvedAt = release.approvedAt else { return nil }
        guard let run = try await store.run({ try $0.runs() }).first(where: { $0.runID == release.runID }) else { return nil }
        let baseline = try await self.baseline(before: release)
        let approval = ReleaseAttestation.Approval(
            releaseID: release.releaseID, runID: release.runID, requestedBy: release.requestedBy, requestedAt: release.requestedAt,
            requestNote: release.note, approvedBy: approvedBy, approvedAt: approvedAt, approvalNote: release.approvalNote ?? "",
            baselineRelease: baseline?.releaseID)
        return try await store.offload {
            let digest = try archive.freezeRun(output: URL(fileURLWithPath: run.output), signingKey: signingKey)
            return try archive.signRelease(approval, runEnvelopeDigest: digest, signingKey: signingKey)
        }
    }

    /// The trusted baseline of `release`: the newest release approved before it (before now, for a pending one).
    func baseline(before release: Release) async throws -> Release? {
        let cutoff = release.approvedAt?.millisecondsSinceEpoch ?? Int64.max
        return try await store.run { try $0.releases() }
            .filter { $0.releaseID != release.releaseID && ($0.approvedAt?.millisecondsSinceEpoch ?? Int64.max) < cutoff }
            .max { $0.approvedAt!.millisecondsSinceEpoch < $1.approvedAt!.millisecondsSinceEpoch }
    }

    /// What a pending release changes against its baseline (`assay diff`): nil without a baseline or when either run's
    /// output cannot be read.
    func comparison(of release: Release) async throws -> (baseline: Release, diff: RunDiff)? {
        guard let baseline = try await baseline(before: release) else { return nil }
        let runs = try await store.run { try $0.runs() }
        guard let before = runs.first(where: { $0.runID == baseline.runID })?.output,
            let after = runs.first(where: { $0.runID == release.runID })?.output
        else { return nil }
        guard let diff = try? await store.offload({ try RunDiff(before: before, after: after) }) else { return nil }
        return (baseline, diff)
    }
}
