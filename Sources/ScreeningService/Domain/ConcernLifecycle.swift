import Crypto
import Foundation
import Shared

/// A concern Screening holds open for a pupil.
struct OpenConcern: Sendable, Equatable, Codable {
    var concernId: String
    var rule: AbsenceRule
    var period: String
}

/// A change to a pupil's concerns.
enum ConcernDecision: Sendable, Equatable {
    case raise(concernId: String, finding: RuleFinding, sequence: Int, escalates: String?)
    case resolve(OpenConcern, reason: ConcernResolved.Reason, rate: Double?)
}

/// One open concern per pupil, rule and period; raised again only when it escalates; resolved
/// when the rule clears (below the threshold minus the margin), when a correction takes it away,
/// or, for quarter rules, when the quarter is over.
enum ConcernLifecycle {
    /// Decides the changes for one pupil from the findings as of `asOf`. `counts` holds how many
    /// concerns of each rule and period the pupil has had, for deterministic concern ids.
    static func decide(pupilKey: String, findings: [RuleFinding], open: [OpenConcern], counts: [String: Int],
                       quarterPeriod: String, correction: Bool) -> [ConcernDecision] {
        // Most evaluations: nothing open, nothing met.
        if open.isEmpty, !findings.contains(where: { $0.state == .met }) { return [] }
        var decisions: [ConcernDecision] = []
        // By `AbsenceRule.ordinal`: a rule's hash is its name's.
        var stillOpen = [OpenConcern?](repeating: nil, count: AbsenceRule.allCases.count)
        var byRule = [RuleFinding?](repeating: nil, count: AbsenceRule.allCases.count)
        for finding in findings where byRule[finding.rule.ordinal] == nil { byRule[finding.rule.ordinal] = finding }
        for concern in open {
            let finding = byRule[concern.rule.ordinal]
            if concern.rule.isQuarterRule, concern.period != quarterPeriod {
                decisions.append(.resolve(concern, reason: .periodEnded, rate: nil))
            } else if let finding, finding.state == .clear {
                decisions.append(.resolve(concern, reason: correction ? .withdrawnByCorrection : .belowThreshold, rate: finding.explanation.rate))
            } else {
                stillOpen[concern.rule.ordinal] = concern
            }
        }
        for finding in findings.sorted(by: { $0.rule < $1.rule }) where finding.state == .met && stillOpen[finding.rule.ordinal] == nil {
            let key = countKey(finding.rule, finding.period)
            let sequence = counts[key, default: 0] + decisions.filter { if case .raise(_, let f, _, _) = $0 { countKey(f.rule, f.period) == key } else { false } }.count
            let id = concernId(pupilKey: pupilKey, rule: finding.rule, period: finding.period, sequence: sequence)
            let escalates = finding.rule.escalates.flatMap { stillOpen[$0.ordinal]?.concernId }
            decisions.append(.raise(concernId: id, finding: finding, sequence: sequence, escalates: escalates))
            stillOpen[finding.rule.ordinal] = OpenConcern(concernId: id, rule: finding.rule, period: finding.period)
        }
        return decisions
    }

    static func countKey(_ rule: AbsenceRule, _ period: String) -> String { "\(rule.rawValue)|\(period)" }

    /// A concern's id follows from what it is, so replaying the topics gives the same ids.
    static func concernId(pupilKey: String, rule: AbsenceRule, period: String, sequence: Int) -> String {
        var bytes = Array(SHA256.hash(data: Data("\(pupilKey)|\(rule.rawValue)|\(period)|\(sequence)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80  // version 8: a name-based UUID of our own
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return uuidText(bytes)
    }

    /// Sixteen bytes as a UUID's text: lower-case hex in groups of 8-4-4-4-12, written byte by byte
    /// (a formatted string per byte was most of the cost of an id).
    static func uuidText(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
