import Hummingbird

extension ServiceRuntime {
    /// The part of `/v1` every service has: staff sign-in on the whole group, the audit log of what
    /// was read about a pupil (the data protection officer's) and a pupil's export of the service's
    /// part (`data`). A service adds its own controllers to `group`; `verifier` checks staff tokens
    /// elsewhere too (Intake's admin routes, Planning's web app).
    public struct StaffAPI<Context: StaffAuthenticatedContext> {
        public let group: RouterGroup<Context>
        public let verifier: StaffTokenVerifier
    }

    public func staffAPI<Context: StaffAuthenticatedContext>(on router: Router<Context>, auth: AuthConfiguration, pupilData: PupilData) -> StaffAPI<Context> {
        let verifier = StaffTokenVerifier(configuration: auth, logger: logger)
        let group = router.group("/v1").add(middleware: StaffAuthMiddleware(verifier: verifier))
        AuditRoutes(postgres: postgres, logger: logger).add(to: group)
        PupilExportRoutes(postgres: postgres, data: pupilData, logger: logger).add(to: group)
        return StaffAPI(group: group, verifier: verifier)
    }

    /// The retention job over the service's rules and steps, its years and interval from the
    /// `RETENTION_*` settings (a malformed one stops the start with exit 78, as every setting).
    public func retentionJob(rules: [Retention.Rule], steps: [Retention.Step] = []) throws -> RetentionJob {
        RetentionJob(retention: try Retention(settings: configuration.settings, rules: rules, steps: steps), postgres: postgres, logger: logger)
    }
}
