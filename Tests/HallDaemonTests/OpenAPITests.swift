import Foundation
import HallDaemon
import HallTesting
import Testing

@Suite struct OpenAPITests {
    /// `(method, path)` pairs under `paths:` in openapi.yaml (or `file`).
    static func specRoutes(file: String = "openapi.yaml") throws -> Set<String> {
        let text = try String(contentsOf: TestDaemon.repositoryRoot.appendingPathComponent(file), encoding: .utf8)
        var routes: Set<String> = []
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") { path = String(line.dropFirst(2).dropLast()); continue }
            let methods = ["get", "post", "put", "delete", "patch"]
            if let path, line.hasPrefix("    "), !line.hasPrefix("     "), let m = methods.first(where: { line == "    \($0):" }) {
                routes.insert("\(m.uppercased()) \(path)")
            }
        }
        return routes
    }

    @Test func everyRegisteredRouteIsInTheSpecAndNoMore() throws {
        let served = Set(HallAPI.routeTable.map { "\($0.method) \($0.pattern)" })
        let spec = try Self.specRoutes()
        #expect(spec.count > 15)
        #expect(served.subtracting(spec).sorted() == [], "routes missing from openapi.yaml")
        #expect(spec.subtracting(served).sorted() == [], "openapi.yaml lists routes the server does not have")
    }
}
