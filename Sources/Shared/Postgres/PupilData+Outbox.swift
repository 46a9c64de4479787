extension PupilData.Part {
    /// The pupil's events still in the outbox (keyed by pupil key): published ones are kept a while
    /// for the relay's bookkeeping, and their data is the pupil's. A tombstone (no data) holds
    /// nothing of the pupil: it is what an erasure leaves to be published.
    public static let outbox = PupilData.Part(
        name: "outbox",
        select: "SELECT id, topic, event_type, event_time, convert_from(data, 'UTF8')::jsonb AS data FROM outbox WHERE event_key = $1 AND data IS NOT NULL",
        delete: "DELETE FROM outbox WHERE event_key = $1 AND data IS NOT NULL")

    /// Rows of `table` that belong to the pupil's cases (Planning's case tables).
    public static func byCase(_ table: String, cases: String = "cases") -> PupilData.Part {
        PupilData.Part(name: table, select: "SELECT * FROM \(table) WHERE case_id IN (SELECT case_id FROM \(cases) WHERE pupil_key = $1)",
                       delete: "DELETE FROM \(table) WHERE case_id IN (SELECT case_id FROM \(cases) WHERE pupil_key = $1)")
    }
}
