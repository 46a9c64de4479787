import Hummingbird

/// Thrown to answer with a redirect (e.g. to the sign-in when there is no session).
struct WebRedirect: Error, Sendable {
    var location: String

    var response: Response { Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"]) }
}
