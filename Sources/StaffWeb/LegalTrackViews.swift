import Foundation
import PlanningAPI
import Shared

/// What the legal track's pages show alike: registered days with their history, contacts, letters
/// and steps, in the person's language.
enum LegalTrackViews {
    struct Option { var value: String; var label: String; var selected: Bool }
    struct Registration { var what: String; var source: String; var recorded: String; var received: String; var current: Bool; var replaces: Bool }
    struct Day { var date: String; var unauthorized: String; var history: [Registration]; var corrected: Bool }
    struct Contact { var day: String; var when: String; var how: String; var reached: String; var who: String; var note: String }
    struct Step { var step: String; var code: String; var due: String; var done: String; var isDone: Bool; var overdue: Bool }
    struct TimelineRow { var at: String; var summary: String }

    static func days(_ days: [RegisteredDay], _ language: WebLanguage) -> [Day] {
        days.map { day in
            Day(date: language.date(day.date), unauthorized: language.days(day.unauthorized),
                history: day.history.map { record in
                    Registration(what: registration(record, language), source: record.sourceSystem, recorded: language.dateTime(record.recordedAt),
                                 received: language.dateTime(record.receivedAt), current: record.current, replaces: record.replacesRegistrationId != nil)
                },
                corrected: day.history.count > 1)
        }
    }

    /// "Ulovligt fravær, hele dagen" / "Til stede, lektion 2".
    static func registration(_ record: RegistrationRecord, _ language: WebLanguage) -> String {
        let status = record.status == "absent" ? language.name("absence", record.absenceCategory ?? "unknown") : language.name("attendance", record.status)
        let period = record.period == "day" ? language.text("legal_wholeDay") : "\(language.text("legal_lesson")) \(record.period)"
        return "\(status), \(period)"
    }

    static func contacts(_ contacts: [ParentContact], _ language: WebLanguage) -> [Contact] {
        contacts.map {
            Contact(day: language.date($0.absenceDate), when: language.dateTime($0.contactedAt), how: language.name("contact", $0.method.rawValue),
                    reached: language.text($0.reached ? "legal_reached" : "legal_notReached"), who: $0.recordedByName ?? $0.recordedBy, note: $0.note ?? "")
        }
    }

    static func steps(_ steps: [LegalStepStatus], _ language: WebLanguage) -> [Step] {
        steps.map {
            Step(step: language.name("step", $0.step.rawValue), code: $0.step.rawValue, due: $0.dueDate.map { language.date($0) } ?? "",
                 done: $0.doneAt.map { language.dateTime($0) } ?? "", isDone: $0.doneAt != nil, overdue: $0.overdue)
        }
    }

    static func timeline(_ entries: [LegalTimelineEntry], _ language: WebLanguage) -> [TimelineRow] {
        entries.reversed().map { TimelineRow(at: language.dateTime($0.at) + " · " + $0.staffId, summary: language.name("step", $0.step.rawValue) + ": " + $0.summary) }
    }

    static func options<T: RawRepresentable & CaseIterable>(_ type: T.Type, kind: String, _ language: WebLanguage, selected: T? = nil) -> [Option]
    where T.RawValue == String {
        T.allCases.map { Option(value: $0.rawValue, label: language.name(kind, $0.rawValue), selected: $0.rawValue == selected?.rawValue) }
    }
}
