import Shared

/// What IntakeService holds of one pupil: the pupil (names, class, the encrypted school-system id),
/// every registration, the current registration per day and period, moves held for the administrator,
/// and events not yet purged.
enum IntakePupilData {
    static let inventory = PupilData(service: "intake", parts: [
        PupilData.Part(
            name: "pupils",
            select: "SELECT pupil_key, encode(source_id_encrypted, 'base64') AS source_id_encrypted, given_name, family_name, school_id, class_name, grade, enrolled_from, enrolled_to, updated_at FROM pupils WHERE pupil_key = $1",
            delete: "DELETE FROM pupils WHERE pupil_key = $1"),
        // Every column but `noncurrent_id`, which says the same as the current registrations below.
        PupilData.Part(
            name: "registrations",
            select: """
                SELECT registration_id, source_system, source_registration_id, pupil_key, school_id, date, period, status, absence_category,
                       minutes_late, day_fraction, recorded_at, received_at
                FROM registrations WHERE pupil_key = $1
                """,
            delete: "DELETE FROM registrations WHERE pupil_key = $1"),
        .byPupilKey("current_registrations"),
        PupilData.Part(
            name: "pupil_moves",
            select: "SELECT move_id, pupil_key, source_system, from_school, to_school, given_name, family_name, class_name, grade, enrolled_from, enrolled_to, requested_at, status, decided_by, decided_at FROM pupil_moves WHERE pupil_key = $1",
            delete: "DELETE FROM pupil_moves WHERE pupil_key = $1"),
        PupilData.Part(name: "outbox", select: PupilData.Part.outbox.select + " AND " + afterErasure, delete: PupilData.Part.outbox.delete),
    ])

    /// After an erasure Intake's outbox holds the erasure's own two events until they are purged:
    /// `pupil.erased` and the nameless directory entry. They carry nothing about the pupil but the
    /// key, so the export leaves them out.
    static let afterErasure = "NOT (topic = 'pupil.erased' OR (topic = 'pupil.directory' AND convert_from(data, 'UTF8')::jsonb ->> 'erased' = 'true'))"
}
