import Hummingbird
import Logging

/// Answers every failure of a page as a page: no session → the sign-in; 403 and 404 → their own
/// friendly pages; anything else → an error page (the error is logged by its type and status,
/// never with a pupil's data, and no stack trace reaches the browser).
struct WebErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let app: WebApp

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let redirect as WebRedirect {
            return redirect.response
        } catch let problem as APIProblem {
            switch problem.status {
            case 401:
                return WebRedirect(location: "/auth/sign-in").response
            case 403:
                return await page(request, "error_forbidden", "error_forbiddenText", status: .forbidden)
            case 404:
                return await notFound(request)
            case 400:
                return await page(request, "error_title", "error_badRequest", status: .badRequest)
            default:
                context.logger.error("web page failed", metadata: ["web.status": "\(problem.status)", "web.title": "\(problem.title)"])
                return await page(request, "error_title", "error_text", status: problem.status == 503 ? .serviceUnavailable : .internalServerError)
            }
        } catch let error as HTTPError where error.status == .notFound {
            return await notFound(request)
        } catch let error as HTTPError where error.status == .forbidden {
            return await page(request, "error_forbidden", "error_forbiddenText", status: .forbidden)
        } catch {
            context.logger.error("web page failed", metadata: ["web.error": "\(String(reflecting: type(of: error)))"])
            return await page(request, "error_title", "error_text", status: .internalServerError)
        }
    }

    /// The "page not found" page (also for paths no route knows: `WebNotFoundMiddleware`).
    func notFound(_ request: Request) async -> Response {
        await page(request, "error_notFound", "error_notFoundText", status: .notFound)
    }

    /// The error page, with the header of the signed-in person (so they can go on or sign out).
    private func page(_ request: Request, _ title: String, _ text: String, status: HTTPResponse.Status) async -> Response {
        let language = app.language(request)
        let frame = app.frame(request, await app.signedIn(request), title: language.text(title))
        return app.render("error", ErrorPageModel(heading: language.text(title), text: text.isEmpty ? "" : language.text(text)), frame, status: status)
    }
}

/// The error page's heading and text.
struct ErrorPageModel {
    var heading: String
    var text: String
}
