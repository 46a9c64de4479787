import Foundation
import PlanningAPI
import Shared

/// What each letter's template may use (docs/legal-track.md lists the names), from the track's
/// records. Pure: the values of a letter depend on its records and the day it is written only.
enum LetterValues {
    struct Common {
        var municipality: String
        var pupil: Pupil?
        var schoolId: String
        var period: String
        var today: SchoolDate
    }

    private static func common(_ common: Common, _ format: LetterFormat) -> [String: Any] {
        [
            "municipality": common.municipality,
            "schoolName": common.pupil?.schoolName ?? common.schoolId,
            "pupilName": common.pupil.map { "\($0.givenName) \($0.familyName)" } ?? "",
            "pupilGivenName": common.pupil?.givenName ?? "",
            "className": common.pupil?.className ?? "",
            "date": format.date(common.today),
            "quarter": format.quarter(common.period),
        ]
    }

    static func warning(_ base: Common, format: LetterFormat, days: [RegisteredDay], countedDays: Double?, quarterSchoolDays: Int?,
                        signedBy: String) -> [String: Any] {
        var values = common(base, format)
        let counted = days.filter { $0.unauthorized > 0 }
        values["days"] = counted.map { ["date": format.date($0.date), "share": format.share($0.unauthorized)] }
        values["hasDays"] = !counted.isEmpty
        values["unauthorizedDays"] = format.days(counted.isEmpty ? (countedDays ?? 0) : RegistrationHistory.unauthorizedDays(counted))
        let schoolDays = quarterSchoolDays ?? 0
        values["quarterSchoolDays"] = String(schoolDays)
        values["warningDays"] = format.days(0.10 * Double(schoolDays))
        values["reportDays"] = format.days(0.15 * Double(schoolDays))
        values["signedBy"] = signedBy
        return values
    }

    static func decision(_ base: Common, format: LetterFormat, reference: String, madeAt: Date, evidence: UnderretningEvidence, hearings: [Hearing],
                         decision: NewBenefitDecision, stopPeriod: String?, caseWorker: String) -> [String: Any] {
        var values = common(base, format)
        values["reference"] = reference
        values["madeOn"] = format.date(madeAt)
        values["unauthorizedDays"] = format.days(evidence.unauthorizedDays ?? RegistrationHistory.unauthorizedDays(evidence.days))
        values["quarterSchoolDays"] = evidence.quarterSchoolDays.map(String.init) ?? ""
        values["isStop"] = decision.outcome == .stop
        values["isNoStop"] = decision.outcome == .noStop
        values["isDropped"] = decision.outcome == .dropped
        values["stopQuarter"] = stopPeriod.map(format.quarter) ?? ""
        values["hearings"] = hearings.sorted { $0.sentAt < $1.sentAt }.map { hearing -> [String: Any] in
            ["sentOn": format.date(hearing.sentAt), "answerBy": format.date(hearing.answerBy), "answered": hearing.answeredAt != nil,
             "answeredOn": hearing.answeredAt.map(format.date) ?? ""]
        }
        let excusable = decision.excusable ?? []
        values["excusable"] = excusable.map { circumstance(format.language, $0) }
        values["hasExcusable"] = !excusable.isEmpty
        values["reasons"] = decision.reasons
        values["caseWorker"] = caseWorker
        return values
    }

    static func payerNotice(_ base: Common, format: LetterFormat, reference: String, decidedAt: Date, stopPeriod: String, caseWorker: String) -> [String: Any] {
        var values = common(base, format)
        values["reference"] = reference
        values["decidedOn"] = format.date(decidedAt)
        values["stopQuarter"] = format.quarter(stopPeriod)
        values["caseWorker"] = caseWorker
        return values
    }

    static func circumstance(_ language: String, _ circumstance: ExcusableCircumstance) -> String {
        let danish = language == "da"
        switch circumstance {
        case .homeTeaching: return danish ? "I underviser selv barnet og har meddelt det skriftligt til kommunen på forhånd"
            : "you teach the child yourselves and told the municipality in writing beforehand"
        case .notUnauthorized: return danish ? "fraværet skyldes sygdom, en funktionsnedsættelse eller lignende og er ikke ulovligt"
            : "the absence is due to illness, a disability or the like and is not unauthorized"
        case .extraordinaryLeave: return danish ? "skolens leder havde givet ekstraordinær frihed på forhånd"
            : "the school leader had granted extraordinary leave in advance"
        case .awaitingSchoolOffer: return danish ? "barnet venter på et nyt skoletilbud i forbindelse med en anbringelse"
            : "the child awaits a new school offer after a placement"
        case .other: return danish ? "andre undskyldelige omstændigheder (se begrundelsen)" : "other excusable circumstances (see the reasons)"
        }
    }
}
