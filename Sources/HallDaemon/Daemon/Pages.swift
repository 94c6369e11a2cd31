import HTTPServer

/// Friendly addresses of the hall's pages, mapped to the files that serve them.
enum Pages {
    /// The aliases with their patterns split once.
    static let segments: [(segments: [Route.Segment], file: String)] = aliases.map { (Route.segments(of: $0.pattern), $0.file) }

    private static let aliases: [(pattern: String, file: String)] = [
        ("/", "/kiosk.html"),
        ("/kiosk", "/kiosk.html"),
        ("/t/{id}", "/ticket.html"),
        ("/officer", "/officer.html"),
        ("/manager", "/manager.html"),
        ("/stats", "/stats.html"),
        ("/peak", "/peak.html"),
        ("/book", "/book.html"),
        ("/displays/hall", "/displays/hall.html"),
        ("/displays/window/{n}", "/displays/window.html"),
        ("/displays/rate/{n}", "/displays/rate.html"),
        // Browsers ask for it on any page that names no icon (e.g. the heatmap image opened on its own).
        ("/favicon.ico", "/assets/icon.svg"),
    ]

    /// The request with its path rewritten to the page file, when it is a page address.
    static func rewrite(_ request: HTTPRequest) -> HTTPRequest {
        let parts = request.path.split(separator: "/")
        for alias in segments where Router.bind(alias.segments, parts) != nil {
            var rewritten = request
            rewritten.path = alias.file
            return rewritten
        }
        return request
    }
}
