import Foundation
import HTTPServer
import Testing

@Suite final class StaticFilesTests {
    let root: String
    let files: StaticFiles

    init() throws {
        root = NSTemporaryDirectory() + "hallq-static-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/web/assets", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/displays", withIntermediateDirectories: true)
        try "<h1>kiosk</h1>".write(toFile: root + "/web/index.html", atomically: true, encoding: .utf8)
        try "body{}".write(toFile: root + "/web/assets/app.css", atomically: true, encoding: .utf8)
        try "board".write(toFile: root + "/displays/hall.html", atomically: true, encoding: .utf8)
        try "secret".write(toFile: root + "/secret.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/web/escape.txt", withDestinationPath: root + "/secret.txt")
        files = StaticFiles(roots: [("/displays/", root + "/displays"), ("/", root + "/web")])
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func get(_ path: String, etag: String? = nil) -> HTTPResponse? {
        files.respond(to: HTTPRequest(method: .get, path: path, headers: etag.map { ["if-none-match": $0] } ?? [:]))
    }

    @Test func servesFilesWithTypesAndRevalidation() throws {
        let css = try #require(get("/assets/app.css"))
        #expect(css.status == 200 && String(decoding: css.body, as: UTF8.self) == "body{}")
        #expect(css.headers.contains { $0 == ("Content-Type", "text/css; charset=utf-8") })
        let etag = try #require(css.headers.first { $0.0 == "ETag" }?.1)
        #expect(get("/assets/app.css", etag: etag)?.status == 304)
        #expect(get("/")?.body == Array("<h1>kiosk</h1>".utf8), "a folder serves its index.html")
        #expect(get("/displays/hall.html")?.body == Array("board".utf8))
        #expect(files.respond(to: HTTPRequest(method: .post, path: "/assets/app.css")) == nil)
    }

    @Test(arguments: [
        "/../secret.txt", "/assets/../../secret.txt", "/displays/../secret.txt", "/escape.txt", "/nothing.html", "/assets/\0x", "/..\\secret.txt",
    ])
    func neverLeavesItsFolders(_ path: String) {
        #expect(get(path) == nil, "\(path) must not be served")
    }
}

extension HTTPResponse: Equatable {
    public static func == (a: HTTPResponse, b: HTTPResponse) -> Bool { a.status == b.status && a.body == b.body }
}
