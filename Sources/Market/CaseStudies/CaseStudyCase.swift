/// The three case studies of DESIGN.md §8, numbered as in the paper.
public enum CaseStudyCase: Int, Sendable, CaseIterable, Comparable {
    /// Case 1: the MGs trade ignoring the grid; the DSO dispatches without knowing the trades.
    case networkAgnostic = 1
    /// Case 2: submit, the DSO's OPF returns α, re-clear with curtailed trades capped, repeat.
    case iterativeFeedback = 2
    /// Case 3: refine locally with the trained predictor, submit once, fall back to case 2 if refused.
    case learningAugmented = 3

    /// Name in tables.
    public var title: String {
        switch self {
        case .networkAgnostic: return "network-agnostic"
        case .iterativeFeedback: return "iterative DSO feedback"
        case .learningAugmented: return "learning-augmented"
        }
    }

    public static func < (lhs: CaseStudyCase, rhs: CaseStudyCase) -> Bool { lhs.rawValue < rhs.rawValue }
}
