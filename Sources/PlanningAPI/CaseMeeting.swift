import Foundation

/// Who attended a case's meeting.
public struct MeetingAttendee: Codable, Sendable, Equatable {
    public var name: String
    /// A team role, or `parent` / `child`.
    public var role: String
    public var staffId: String?

    public init(name: String, role: String, staffId: String? = nil) {
        self.name = name
        self.role = role
        self.staffId = staffId
    }
}

/// A meeting of a case: when, who attended, what was decided and when the next one is.
public struct CaseMeeting: Codable, Sendable {
    public var meetingId: String
    public var heldAt: Date
    public var attendees: [MeetingAttendee]
    public var decisions: [String]
    public var nextMeetingAt: Date?
    public var recordedBy: String

    public init(meetingId: String, heldAt: Date, attendees: [MeetingAttendee], decisions: [String], nextMeetingAt: Date? = nil, recordedBy: String) {
        self.meetingId = meetingId
        self.heldAt = heldAt
        self.attendees = attendees
        self.decisions = decisions
        self.nextMeetingAt = nextMeetingAt
        self.recordedBy = recordedBy
    }
}

/// `GET /v1/cases/{caseId}/meetings`, oldest first.
public struct CaseMeetings: Codable, Sendable {
    public var meetings: [CaseMeeting]

    public init(meetings: [CaseMeeting]) {
        self.meetings = meetings
    }
}

/// `POST /v1/cases/{caseId}/meetings`; without `nextMeetingAt` the case's cadence sets it.
public struct NewCaseMeeting: Codable, Sendable {
    public var heldAt: Date
    public var attendees: [MeetingAttendee]
    public var decisions: [String]
    public var nextMeetingAt: Date?

    public init(heldAt: Date, attendees: [MeetingAttendee], decisions: [String], nextMeetingAt: Date? = nil) {
        self.heldAt = heldAt
        self.attendees = attendees
        self.decisions = decisions
        self.nextMeetingAt = nextMeetingAt
    }
}
