import Foundation
import Shared

/// How a letter reached the family.
public enum LetterDelivery: String, Codable, Sendable, CaseIterable {
    /// by post
    case letter
    /// Digital Post (e-Boks, mit.dk)
    case digitalPost = "digital-post"
    case aula
    case email = "e-mail"
    /// handed to the parents in person
    case handedOver = "handed-over"
}

/// Step 2: the written warning (varslingsbrev) as it was sent — the text is the letter rendered
/// from the municipality's template at sending, kept as sent.
public struct WarningLetter: Codable, Sendable, Equatable {
    public var letterId: String
    public var taskId: String
    public var pupilKey: String
    public var schoolId: String
    public var period: String
    public var language: String
    public var text: String
    public var sentAt: Date
    public var sentVia: LetterDelivery
    public var recordedBy: String
    public var recordedAt: Date

    public init(letterId: String, taskId: String, pupilKey: String, schoolId: String, period: String, language: String, text: String, sentAt: Date,
                sentVia: LetterDelivery, recordedBy: String, recordedAt: Date) {
        self.letterId = letterId
        self.taskId = taskId
        self.pupilKey = pupilKey
        self.schoolId = schoolId
        self.period = period
        self.language = language
        self.text = text
        self.sentAt = sentAt
        self.sentVia = sentVia
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

/// `GET /v1/legal-tasks/{taskId}/warning-letter[?language=]`: the letter as it would be sent now, in
/// the language asked for (the languages the municipality has a template in), the registered days it
/// names, and the letters already sent for the task.
public struct WarningLetterDraft: Codable, Sendable {
    public var taskId: String
    public var pupilKey: String
    public var pupil: Pupil?
    public var schoolId: String
    public var period: String
    public var dueDate: SchoolDate
    public var language: String
    public var languages: [String]
    public var text: String
    public var days: [RegisteredDay]
    public var sent: [WarningLetter]

    public init(taskId: String, pupilKey: String, pupil: Pupil?, schoolId: String, period: String, dueDate: SchoolDate, language: String,
                languages: [String], text: String, days: [RegisteredDay], sent: [WarningLetter]) {
        self.taskId = taskId
        self.pupilKey = pupilKey
        self.pupil = pupil
        self.schoolId = schoolId
        self.period = period
        self.dueDate = dueDate
        self.language = language
        self.languages = languages
        self.text = text
        self.days = days
        self.sent = sent
    }
}

/// `POST /v1/legal-tasks/{taskId}/warning-letter`: the letter in `language` was sent (when, how); the
/// task is done. Sending it again in another language (the parents' own) adds a letter.
public struct WarningLetterSending: Codable, Sendable {
    public var language: String
    /// Default: now.
    public var sentAt: Date?
    public var sentVia: LetterDelivery

    public init(language: String, sentAt: Date? = nil, sentVia: LetterDelivery) {
        (self.language, self.sentAt, self.sentVia) = (language, sentAt, sentVia)
    }
}
