/// The catalogue of handlemuligheder (actions) a plan picks from; the municipality can add its
/// own (the seed is in migration 2). `custom` is the code of an action written freely.
struct CatalogueEntry: Codable, Sendable, Equatable {
    var code: String
    var titleDa: String
    var titleEn: String
    var arena: Arena

    static let customCode = "custom"

}
