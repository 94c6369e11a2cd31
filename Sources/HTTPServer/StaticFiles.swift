import Foundation

/// Serves files from folders: correct content types, revalidation by ETag, never outside its folders.
public struct StaticFiles: Sendable {
    /// URL prefixes (ending in `/`) and the folders they map to; the longest matching prefix wins.
    public let roots: [(urlPrefix: String, directory: String)]

    public init(roots: [(urlPrefix: String, directory: String)]) {
        self.roots = roots.map { ($0.urlPrefix, URL(fileURLWithPath: $0.directory).standardizedFileURL.resolvingSymlinksInPath().path) }
            .sorted { $0.0.count > $1.0.count }
    }

    /// The file for a GET/HEAD request, a 304, or nil when there is no such file.
    public func respond(to request: HTTPRequest) -> HTTPResponse? {
        guard request.method == .get || request.method == .head else { return nil }
        let path = request.path
        guard !path.contains("\0"), !path.contains("\\"), !path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else {
            return nil
        }
        for (prefix, directory) in roots where path.hasPrefix(prefix) || path + "/" == prefix {
            let relative = String(path.dropFirst(min(prefix.count, path.count)))
            var url = URL(fileURLWithPath: directory).appendingPathComponent(relative).standardizedFileURL.resolvingSymlinksInPath()
            guard url.path == directory || url.path.hasPrefix(directory + "/") else { return nil }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue { url.appendPathComponent("index.html") }
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                (attributes[.type] as? FileAttributeType) == .typeRegular, let data = FileManager.default.contents(atPath: url.path)
            else { continue }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let etag = "\"\(String(data.count, radix: 16))-\(String(Int(modified * 1000), radix: 16))\""
            let headers = [("ETag", etag), ("Cache-Control", "no-cache")]
            if request.header("if-none-match") == etag { return HTTPResponse(status: 304, headers: headers) }
            return HTTPResponse(
                status: 200, headers: [("Content-Type", MIMETypes.type(forExtension: url.pathExtension))] + headers, body: Array(data))
        }
        return nil
    }
}

/// Content types by file extension.
public enum MIMETypes {
    static let table: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8", "json": "application/json; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "ico": "image/x-icon",
        "webp": "image/webp", "woff2": "font/woff2", "woff": "font/woff", "ttf": "font/ttf", "otf": "font/otf",
        "txt": "text/plain; charset=utf-8", "webmanifest": "application/manifest+json", "wav": "audio/wav", "mp3": "audio/mpeg",
        "ogg": "audio/ogg", "pdf": "application/pdf",
    ]

    /// The type for an extension, `application/octet-stream` when unknown.
    public static func type(forExtension ext: String) -> String { table[ext.lowercased()] ?? "application/octet-stream" }
}
