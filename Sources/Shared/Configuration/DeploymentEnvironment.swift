/// Where a service runs (`FREMMOEDE_ENV`): `development` on the one-machine stack, where missing
/// secrets get throw-away defaults, or `production` (the default, so that a forgotten setting
/// fails closed), where every secret a service needs must be given and a development default is a
/// configuration error.
public enum DeploymentEnvironment: String, Sendable, CaseIterable {
    case development, production
}

extension Settings {
    public func deploymentEnvironment() throws -> DeploymentEnvironment {
        try choice("FREMMOEDE_ENV", default: DeploymentEnvironment.production)
    }

    /// A secret that production must be given; in development `developmentDefault()` stands in.
    public func secret(_ name: String, inDevelopment developmentDefault: () -> String) throws -> String {
        if let value = try secret(name) { return value }
        guard try deploymentEnvironment() == .development else {
            throw ConfigurationError(variable: name, reason: "is required (or \(name)_FILE): only FREMMOEDE_ENV=development runs without it")
        }
        return developmentDefault()
    }
}
