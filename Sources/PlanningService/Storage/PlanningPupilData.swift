import Shared

/// What PlanningService holds of one pupil: the directory entry, absence figures, concerns and
/// legal tasks, cases with everything in them, the legal track (registered absences, contacts,
/// letters, underretninger with hearings, decisions and appeals), and events not yet purged. Erasure keeps one thing:
/// the pupil's row as a bare marker (key, `erased`, no name, school or class), so that an older
/// `pupil.directory` message cannot bring the pupil back (`ReadModelStore.upsert`).
enum PlanningPupilData {
    static let inventory = PupilData(service: "planning", parts: [
        PupilData.Part(
            name: "pupils",
            select: "SELECT * FROM pupils WHERE pupil_key = $1 AND NOT erased",
            delete: """
                UPDATE pupils SET given_name = '', family_name = '', school_id = '', school_name = '', class_name = '', grade = 0,
                    erased = true WHERE pupil_key = $1
                """),
        .byPupilKey("absence_current"),
        .byPupilKey("absence_weeks"),
        .byPupilKey("absence_months"),
        .byPupilKey("concerns"),
        PupilData.Part(
            name: "concern_resolutions",
            select: "SELECT * FROM concern_resolutions WHERE concern_id IN (SELECT concern_id FROM concerns WHERE pupil_key = $1)",
            delete: "DELETE FROM concern_resolutions WHERE concern_id IN (SELECT concern_id FROM concerns WHERE pupil_key = $1)"),
        .byPupilKey("legal_tasks"),
        .byPupilKey("pupil_triage"),
        .byPupilKey("cases"),
        .byCase("case_concerns"),
        .byCase("case_team"),
        .byCase("case_timeline"),
        .byCase("assessments"),
        .byCase("plan_revisions"),
        .byCase("meetings"),
        .byPupilKey("registered_absences"),
        .byPupilKey("parent_contacts"),
        .byPupilKey("warning_letters"),
        .byPupilKey("underretninger"),
        .byUnderretning("hearings"),
        .byUnderretning("benefit_decisions"),
        .byUnderretning("appeals"),
        .byPupilKey("legal_timeline"),
        .outbox,
    ])
}

extension PupilData.Part {
    /// A table keyed by underretning (hearings, decisions, appeals).
    static func byUnderretning(_ table: String) -> PupilData.Part {
        let ids = "SELECT underretning_id FROM underretninger WHERE pupil_key = $1"
        return PupilData.Part(name: table, select: "SELECT * FROM \(table) WHERE underretning_id IN (\(ids))",
                              delete: "DELETE FROM \(table) WHERE underretning_id IN (\(ids))")
    }
}
