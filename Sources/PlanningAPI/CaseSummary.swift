import Foundation

/// A case in `GET /v1/cases`.
public struct CaseSummary: Codable, Sendable {
    public var caseId: String
    public var pupilKey: String
    public var schoolId: String
    public var status: CaseStatus
    public var openedAt: Date
    public var closedAt: Date?
    public var givenName: String?
    public var familyName: String?
    public var className: String?

    public init(caseId: String, pupilKey: String, schoolId: String, status: CaseStatus, openedAt: Date, closedAt: Date? = nil,
                givenName: String? = nil, familyName: String? = nil, className: String? = nil) {
        self.caseId = caseId
        self.pupilKey = pupilKey
        self.schoolId = schoolId
        self.status = status
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.givenName = givenName
        self.familyName = familyName
        self.className = className
    }
}

/// `GET /v1/cases`: the cases the caller may see.
public struct CaseList: Codable, Sendable {
    public var cases: [CaseSummary]

    public init(cases: [CaseSummary]) {
        self.cases = cases
    }
}
