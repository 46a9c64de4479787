/// The `data` of one kind of event. Each conforming type belongs to exactly one topic; its JSON
/// Schema is `schemas/events/<topic>.v1.json` in the repository.
public protocol EventPayload: Codable, Sendable, Equatable {
    static var topic: FremmoedeTopic { get }
    /// The Kafka key: the pupil key, so a pupil's events stay ordered in one partition (a school
    /// id for school-level events).
    var partitionKey: String { get }
    /// CloudEvents `subject`: what the event is about (a pseudonymous key, never a person's name).
    var subject: String { get }
}

extension EventPayload {
    public static var eventType: String { topic.eventType }
    public var subject: String { partitionKey }
}
