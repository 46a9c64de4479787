/// The five arenas of kortlægning (mapping the causes) and of the plan's actions.
enum Arena: String, Codable, Sendable, CaseIterable {
    /// skolens læringsmiljø
    case learningEnvironment = "learning-environment"
    /// relationer til lærere og kammerater
    case relations
    /// fritid
    case leisure
    /// hjem og familie
    case homeAndFamily = "home-and-family"
    /// barnet selv: helbred, trivsel, neuroudviklingsforstyrrelser
    case child
}
