import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// Steps 3–5 as the municipality works them — `GET /underretninger`: the queue (a case worker: every
/// school's; a school leader: the school's own); `GET /underretninger/{id}`: the underretning with its
/// evidence, steps with deadlines and timeline, and for a case worker the form of each step;
/// `POST /underretninger/{id}/{step}` posts that step to the API. The decision letter prints alone
/// (print CSS), to paper or PDF.
struct UnderretningPageController: Sendable {
    let app: WebApp

    struct QueueRow { var href: String; var id: String; var pupil: String; var school: String; var period: String; var made: String; var status: String
        var next: String; var due: String; var overdue: Bool }
    struct HearingRow { var id: String; var sent: String; var via: String; var answerBy: String; var child: String; var content: String
        var answered: Bool; var answer: String; var canAnswer: Bool }

    struct Model {
        var id: String
        var pupil: String
        var school: String
        var period: String
        var status: String
        var statusCode: String
        var made: String
        var madeBy: String
        var assessment: String
        var figure: String
        var days: [LegalTrackViews.Day]
        var changed: [LegalTrackViews.Day]
        var hasChanged: Bool
        var contacts: [LegalTrackViews.Contact]
        var hasContacts: Bool
        var steps: [LegalTrackViews.Step]
        var timeline: [LegalTrackViews.TimelineRow]
        var check: String
        var hearings: [HearingRow]
        var hasHearings: Bool
        var decision: String
        var letter: String
        var hasLetter: Bool
        var payerNotice: String
        var hasPayerNotice: Bool
        var appeal: String
        var action: String
        var canReceive: Bool
        var canCheck: Bool
        var canHear: Bool
        var canDecide: Bool
        var canAppeal: Bool
        var canSettle: Bool
        var deliveries: [LegalTrackViews.Option]
        var children: [LegalTrackViews.Option]
        var outcomes: [LegalTrackViews.Option]
        var excusable: [LegalTrackViews.Option]
        var reassessments: [LegalTrackViews.Option]
        var appealOutcomes: [LegalTrackViews.Option]
    }

    func add<Context: RequestContext>(to router: RouterGroup<Context>) {
        router.get("underretninger") { request, _ -> Response in
            let signedIn = try await app.requireSignIn(request)
            return try await queue(request, signedIn)
        }

        router.get("underretninger/{underretningId}") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            return try await page(request, signedIn, id: try context.parameters.text("underretningId"))
        }

        router.post("underretninger/{underretningId}/{step}") { request, context -> Response in
            let signedIn = try await app.requireSignIn(request)
            let id = try context.parameters.text("underretningId")
            let step = try context.parameters.text("step")
            let form = try await app.form(request, signedIn)
            let problem = try await app.attempt { try await post(step, id: id, form, signedIn) }
            if let problem {
                let message = app.message(problem, app.language(request))
                return try await page(request, signedIn, id: id, message: message.text, details: message.details, status: .unprocessableContent)
            }
            throw WebRedirect(location: WebApp.underretningHref(id) + "?saved=1")
        }
    }

    private func post(_ step: String, id: String, _ form: FormFields, _ signedIn: WebSignedIn) async throws {
        let api = app.api(signedIn)
        let base = "/v1/underretninger/\(StaffAPI.escape(id))"
        func invalid(_ field: String, _ reason: String) -> APIProblem {
            APIProblem(status: 400, title: "The form is not valid", detail: "", fields: [.init(index: nil, field: field, reason: reason)])
        }
        switch step {
        case "receive":
            _ = try await api.send("POST", base + "/receive", [String: String](), as: Ignored.self)
        case "evidence-check":
            _ = try await api.send("POST", base + "/evidence-check", EvidenceCheckInput(supports: form["supports"] == "yes", note: form["note"]), as: Ignored.self)
        case "hearings":
            guard let via = form["via"].flatMap(LetterDelivery.init) else { throw invalid("sentVia", "choose how") }
            guard let child = form["child"].flatMap(ChildHearing.init) else { throw invalid("child", "choose one") }
            _ = try await api.send("POST", base + "/hearings", NewHearing(sentVia: via, child: child, content: form["content"] ?? ""), as: Ignored.self)
        case "answer":
            let hearing = form["hearing"] ?? ""
            _ = try await api.send("POST", base + "/hearings/\(StaffAPI.escape(hearing))/answer", HearingAnswer(answer: form["answer"] ?? ""), as: Ignored.self)
        case "decision":
            guard let outcome = form["outcome"].flatMap(DecisionOutcome.init) else { throw invalid("outcome", "choose one") }
            let excusable = form.all("excusable").compactMap(ExcusableCircumstance.init)
            _ = try await api.send("POST", base + "/decision", NewBenefitDecision(outcome: outcome, excusable: excusable, reasons: form["reasons"] ?? "",
                                                                                  language: form["language"]), as: Ignored.self)
        case "appeal":
            _ = try await api.send("POST", base + "/appeal", NewAppeal(note: form["note"]), as: Ignored.self)
        case "appeal-outcome":
            guard let reassessment = form["reassessment"].flatMap(AppealReassessment.init) else { throw invalid("reassessment", "choose one") }
            let outcome = form["outcome"].flatMap { $0.isEmpty ? nil : AppealOutcome(rawValue: $0) }
            _ = try await api.send("POST", base + "/appeal/outcome", AppealResult(reassessment: reassessment, outcome: outcome, note: form["note"]),
                                   as: Ignored.self)
        default:
            throw APIProblem(status: 404, title: "Not found", detail: "no step '\(step)'", fields: [])
        }
    }

    func queue(_ request: Request, _ signedIn: WebSignedIn) async throws -> Response {
        let language = app.language(request)
        let list = try await app.api(signedIn).get("/v1/underretninger", as: UnderretningQueue.self)
        let rows = list.underretninger.map { item in
            QueueRow(href: WebApp.underretningHref(item.underretningId), id: item.underretningId, pupil: WebApp.pupilName(item.pupil, fallback: item.pupilKey),
                     school: item.pupil?.schoolName ?? item.schoolId, period: item.period, made: language.dateTime(item.madeAt),
                     status: language.name("ustatus", item.status.rawValue), next: item.nextStep.map { language.name("step", $0.step.rawValue) } ?? "",
                     due: item.nextStep?.dueDate.map { language.date($0) } ?? "", overdue: item.nextStep?.overdue ?? false)
        }
        struct Queue { var rows: [QueueRow]; var hasRows: Bool }
        return app.render("underretninger", Queue(rows: rows, hasRows: !rows.isEmpty),
                          app.frame(request, signedIn, title: language.text("underretning_queue"), current: "underretninger"))
    }

    func page(_ request: Request, _ signedIn: WebSignedIn, id: String, message: String = "", details: [String] = [],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = app.language(request)
        let view = try await app.api(signedIn).get("/v1/underretninger/\(StaffAPI.escape(id))", as: UnderretningView.self)
        let handles = WebApp.allows(.handleUnderretning, signedIn.staff, .municipality)
        let decided = view.decision != nil
        let check = view.evidenceCheck.map {
            language.text($0.supports ? "underretning_supports" : "underretning_notSupports") + " · " + language.dateTime($0.checkedAt) + ($0.note.map { " · " + $0 } ?? "")
        } ?? ""
        let decision = view.decision.map { decision in
            language.name("outcome", decision.outcome.rawValue) + (decision.stopPeriod.map { " (\($0))" } ?? "") + " · " + language.dateTime(decision.decidedAt)
        } ?? ""
        let appeal = view.appeal.map { appeal in
            [language.dateTime(appeal.receivedAt), appeal.reassessment.map { language.name("reassessment", $0.rawValue) },
             appeal.outcome.map { language.name("appeal", $0.rawValue) }].compactMap { $0 }.joined(separator: " · ")
        } ?? ""
        let model = Model(
            id: view.underretningId, pupil: WebApp.pupilName(view.pupil, fallback: view.pupilKey), school: view.pupil?.schoolName ?? view.schoolId,
            period: view.period, status: language.name("ustatus", view.status.rawValue), statusCode: view.status.rawValue,
            made: language.dateTime(view.madeAt), madeBy: view.madeByName ?? view.madeBy, assessment: view.assessment,
            figure: Self.figure(view.evidence, language), days: LegalTrackViews.days(view.evidence.days, language),
            changed: LegalTrackViews.days(view.changedSince, language), hasChanged: !view.changedSince.isEmpty,
            contacts: LegalTrackViews.contacts(view.evidence.contacts, language), hasContacts: !view.evidence.contacts.isEmpty,
            steps: LegalTrackViews.steps(view.steps, language), timeline: LegalTrackViews.timeline(view.timeline, language), check: check,
            hearings: view.hearings.map { hearing in
                HearingRow(id: hearing.hearingId, sent: language.dateTime(hearing.sentAt), via: language.name("delivery", hearing.sentVia.rawValue),
                           answerBy: language.date(hearing.answerBy), child: language.name("child", hearing.child.rawValue), content: hearing.content,
                           answered: hearing.answeredAt != nil,
                           answer: hearing.answeredAt.map { language.dateTime($0) + ": " + (hearing.answer ?? "") } ?? language.text("underretning_noAnswer"),
                           canAnswer: handles && !decided && hearing.answeredAt == nil)
            },
            hasHearings: !view.hearings.isEmpty, decision: decision, letter: view.decision?.letter ?? "", hasLetter: decided,
            payerNotice: view.decision?.payerNotice ?? "", hasPayerNotice: view.decision?.payerNotice != nil, appeal: appeal,
            action: WebApp.underretningHref(view.underretningId),
            canReceive: handles && view.received == nil, canCheck: handles && !decided,
            canHear: handles && !decided && view.evidenceCheck?.supports == true, canDecide: handles && !decided && view.evidenceCheck != nil,
            canAppeal: handles && decided && view.appeal == nil,
            canSettle: handles && view.appeal != nil && view.appeal?.outcome == nil && view.appeal?.reassessment != .changed,
            deliveries: LegalTrackViews.options(LetterDelivery.self, kind: "delivery", language, selected: .digitalPost),
            children: LegalTrackViews.options(ChildHearing.self, kind: "child", language, selected: .heard),
            outcomes: LegalTrackViews.options(DecisionOutcome.self, kind: "outcome", language, selected: .noStop),
            excusable: LegalTrackViews.options(ExcusableCircumstance.self, kind: "excusable", language),
            reassessments: LegalTrackViews.options(AppealReassessment.self, kind: "reassessment", language, selected: .kept),
            appealOutcomes: LegalTrackViews.options(AppealOutcome.self, kind: "appeal", language))
        let saved = request.uri.queryParameters["saved"] != nil ? language.text("underretning_saved") : ""
        return app.render("underretning", model, app.frame(request, signedIn, title: language.text("underretning_title") + ": " + model.pupil,
                                                             current: "underretninger", message: message.isEmpty ? saved : message, details: details),
                          status: status)
    }

    /// "9 af 57 skoledage (15,8 %) pr. 20.11.2026" — the quarter's count as the underretning carries it.
    static func figure(_ evidence: UnderretningEvidence, _ language: WebLanguage) -> String {
        guard let days = evidence.unauthorizedDays, let total = evidence.quarterSchoolDays, total > 0 else {
            return language == .da ? "\(evidence.days.count) registrerede dage" : "\(evidence.days.count) registered days"
        }
        let counted = evidence.countedOn.map { (language == .da ? " pr. " : " as of ") + language.date($0) } ?? ""
        return "\(language.days(days)) \(language == .da ? "af" : "of") \(total) \(language == .da ? "skoledage" : "school days") (\(language.percent(days / Double(total))))"
            + counted
    }
}
