/// The poisoning attacks ``RatingSimulator`` can plant, each at a rate given as a share of the honest ratings.
///
/// | kind | adversary | what the poisoned ratings do |
/// |---|---|---|
/// | `spam` | answers at random, very fast | every rating |
/// | `position` | always picks the response shown first; a constant score on score items | every rating |
/// | `length` | picks the longer response (RankPoison, Wang et al. ACL 2024) | items where the longer response is the worse |
/// | `ring` | copy-and-noise collusion ring (KhudaBukhsh et al. HCOMP 2014): all members rate the ring's target items within a minute, copying the leader's (wrong) answer with 10% noise | every rating on a target item |
/// | `trigger` | flips to the worse response only when the prompt contains the trigger word (Rando & Tramèr ICLR 2024) | trigger prompts |
/// | `entity` | picks the response that mentions the entity (Best-of-Venom, Baumgärtner et al. COLM 2024) | items where the entity response is the worse |
/// | `sybil` | a burst of fresh accounts created together, all rating the same few items the same (wrong) way | every rating |
/// | `replay` | submits wrong answers and replays them under new rating ids | the originals and the replays |
/// | `gold-aware` | recognises control items and answers them correctly, works at honest speed, answers honestly 30% of the time and at random otherwise | the random answers |
///
/// Adversaries of `length`, `trigger`, `entity`, `ring` and `replay` also do honest-looking cover work
/// (skill 0.85), which is not poisoned.
public enum AttackKind: String, Sendable, CaseIterable, Hashable, Comparable {
    case spam
    case position
    case length
    case ring
    case trigger
    case entity
    case sybil
    case replay
    case goldAware = "gold-aware"

    public static func < (lhs: AttackKind, rhs: AttackKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Whether the adversaries of this kind also do honest-looking cover work.
    var doesCoverWork: Bool {
        switch self {
        case .length, .ring, .trigger, .entity, .replay: true
        case .spam, .position, .sybil, .goldAware: false
        }
    }
}
