import Foundation
import Shared

/// The sections of an opsporingsteam meeting's agenda.
public enum OpsporingSection: String, Codable, Sendable, CaseIterable {
    case newSinceLastMeeting = "new-since-last-meeting"
    case reviewDue = "review-due"
    case undecided = "undecided-over-threshold"
}

/// A meeting of a school's opsporingsteam: when it was held and how many decisions it took.
public struct OpsporingMeeting: Codable, Sendable, Equatable {
    public var meetingId: String
    public var schoolId: String
    public var heldAt: Date
    public var recordedBy: String
    public var decisions: Int

    public init(meetingId: String, schoolId: String, heldAt: Date, recordedBy: String, decisions: Int) {
        self.meetingId = meetingId
        self.schoolId = schoolId
        self.heldAt = heldAt
        self.recordedBy = recordedBy
        self.decisions = decisions
    }
}

/// One section of the agenda, its pupils as inbox rows.
public struct OpsporingAgendaSection: Codable, Sendable {
    public var section: OpsporingSection
    public var pupils: [InboxRow]

    public init(section: OpsporingSection, pupils: [InboxRow]) {
        self.section = section
        self.pupils = pupils
    }
}

/// `GET /v1/schools/{schoolId}/opsporing-meeting`: the agenda of the next meeting.
public struct OpsporingAgendaView: Codable, Sendable {
    public var schoolId: String
    public var meetingDay: SchoolDate
    public var threshold: String
    public var lastMeeting: OpsporingMeeting?
    public var sections: [OpsporingAgendaSection]

    public init(schoolId: String, meetingDay: SchoolDate, threshold: String, lastMeeting: OpsporingMeeting? = nil,
                sections: [OpsporingAgendaSection]) {
        self.schoolId = schoolId
        self.meetingDay = meetingDay
        self.threshold = threshold
        self.lastMeeting = lastMeeting
        self.sections = sections
    }
}

/// One pupil's decision in a meeting.
public struct OpsporingDecision: Codable, Sendable {
    public var pupilKey: String
    public var decision: PupilTriage.Decision
    public var reason: String?
    public var reviewDate: SchoolDate?
    public var team: [CaseTeam.Member]?
    public var meetingCadenceDays: Int?

    public init(pupilKey: String, decision: PupilTriage.Decision, reason: String? = nil, reviewDate: SchoolDate? = nil,
                team: [CaseTeam.Member]? = nil, meetingCadenceDays: Int? = nil) {
        self.pupilKey = pupilKey
        self.decision = decision
        self.reason = reason
        self.reviewDate = reviewDate
        self.team = team
        self.meetingCadenceDays = meetingCadenceDays
    }

    public var triage: PupilTriage {
        PupilTriage(decision: decision, reason: reason, reviewDate: reviewDate, team: team, meetingCadenceDays: meetingCadenceDays)
    }
}

/// `POST /v1/schools/{schoolId}/opsporing-meetings`: the meeting held, a decision per pupil (all or none).
public struct OpsporingMeetingHeld: Codable, Sendable {
    public var decisions: [OpsporingDecision]

    public init(decisions: [OpsporingDecision]) {
        self.decisions = decisions
    }
}

/// The answer: the meeting recorded and each pupil's triage.
public struct OpsporingMeetingRecorded: Codable, Sendable {
    public var meeting: OpsporingMeeting
    public var decided: [PupilTriaged]

    public init(meeting: OpsporingMeeting, decided: [PupilTriaged]) {
        self.meeting = meeting
        self.decided = decided
    }
}
