/// The headers every response of the hall carries (the HTTP server adds them unless a response sets its own).
///
/// The pages are plain files of the hall's own server, so the policy allows the hall's origin and nothing else: no
/// inline script or style, no `eval`, no plugins, and no other site may frame a page (clickjacking the officer
/// console or the rating pad). SVG images (`/heatmap.svg`, a ticket's QR code) need no exception: an `<img>` ignores
/// the policy of the image it loads, and opened on their own they hold no script or style to block.
public enum SecurityHeaders {
    /// Content-Security-Policy, directive by directive.
    public static let contentSecurityPolicy = [
        "default-src 'self'",
        // Modules from /assets only; no inline <script>, no on…= attributes, no eval or new Function.
        "script-src 'self'",
        // Style sheets from /assets only; no <style> blocks or style="" attributes (scripts set styles through the
        // CSSOM, which the policy does not govern).
        "style-src 'self'",
        // QR codes and icons come from the hall; charts and faces are inline SVG elements, not images.
        "img-src 'self'",
        "font-src 'self'",
        // The API and the live event stream.
        "connect-src 'self'",
        // The board's chime is WebAudio and its calls are speech synthesis: neither loads media. 'self' leaves room
        // for sound files served by the hall.
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// All four, as the HTTP server's default headers.
    public static let all: [(String, String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        // For browsers that predate frame-ancestors.
        ("X-Frame-Options", "DENY"),
        // The phone page's address names the ticket (/t/{id}; its secret is in the fragment, which no policy sends);
        // the hall's pages link nowhere else and nothing here reads a Referer, so none is ever sent.
        ("Referrer-Policy", "no-referrer"),
        // A file is what its Content-Type says (a JSON reply or an SVG is never run as a script or a page).
        ("X-Content-Type-Options", "nosniff"),
    ]
}
