import Hummingbird
import PlanningAPI

// The API's answers are PlanningAPI's wire types, the same types the staff web app decodes
// (docs/planning.md, "API"): here they become Hummingbird responses (JSON, RFC 3339 timestamps).
extension PupilOverview: ResponseEncodable {}
extension InboxView: ResponseEncodable {}
extension PupilTriaged: ResponseEncodable {}
extension OpsporingAgendaView: ResponseEncodable {}
extension OpsporingMeetingRecorded: ResponseEncodable {}
extension Concern: ResponseEncodable {}
extension ConcernInbox: ResponseEncodable {}
extension ConcernTriaged: ResponseEncodable {}
extension CaseView: ResponseEncodable {}
extension CaseList: ResponseEncodable {}
extension AssessmentVersion: ResponseEncodable {}
extension PlanRevision: ResponseEncodable {}
extension PlanRevisions: ResponseEncodable {}
extension CaseMeeting: ResponseEncodable {}
extension CaseMeetings: ResponseEncodable {}
extension LegalTask: ResponseEncodable {}
extension LegalTaskList: ResponseEncodable {}
extension CatalogueEntry: ResponseEncodable {}
extension Catalogue: ResponseEncodable {}
extension DashboardView: ResponseEncodable {}
extension SchoolsDashboard: ResponseEncodable {}
extension DashboardTargets: ResponseEncodable {}
extension FlagQuality: ResponseEncodable {}
extension ContactList: ResponseEncodable {}
extension ParentContact: ResponseEncodable {}
extension WarningLetterDraft: ResponseEncodable {}
extension WarningLetter: ResponseEncodable {}
extension UnderretningDraft: ResponseEncodable {}
extension UnderretningView: ResponseEncodable {}
extension UnderretningQueue: ResponseEncodable {}
extension LetterTemplate: ResponseEncodable {}
extension LetterTemplates: ResponseEncodable {}
extension LegalTrackFigures: ResponseEncodable {}
