import Foundation
import HallDaemon
import HallTesting
import Testing

@Suite struct BureauOpenAPITests {
    @Test func everyBureauRouteIsInItsSpecAndNoMore() throws {
        let served = Set(BureauAPI.routeTable.map { "\($0.method) \($0.pattern)" })
        let spec = try OpenAPITests.specRoutes(file: "bureau-openapi.yaml")
        #expect(spec.count >= 9)
        #expect(served.subtracting(spec).sorted() == [], "routes missing from bureau-openapi.yaml")
        #expect(spec.subtracting(served).sorted() == [], "bureau-openapi.yaml lists routes the bureau does not have")
    }
}
