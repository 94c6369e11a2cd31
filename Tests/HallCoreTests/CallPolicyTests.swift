import Foundation
import Testing

@testable import HallCore

/// One row: tickets issued (service, priority, minutes after 09:00), then a window calls until empty.
struct PolicyCase: CustomTestStringConvertible, Sendable {
    var name: String
    var arrivals: [(String, Priority, Double)]
    var window: Int
    /// Minutes after 09:00 when calling starts.
    var callAt: Double
    var expected: [String]
    var testDescription: String { name }
}

@Suite struct CallPolicyTests {
    static let cases: [PolicyCase] = [
        PolicyCase(
            name: "first-rank service before the second", arrivals: [("B", .normal, 0), ("A", .normal, 1), ("A", .normal, 2)],
            window: 1, callAt: 5, expected: ["A001", "A002", "B001"]),
        PolicyCase(
            name: "an A window serves B when no A waits", arrivals: [("B", .normal, 0), ("B", .normal, 1)],
            window: 1, callAt: 5, expected: ["B001", "B002"]),
        PolicyCase(
            name: "the B window prefers B", arrivals: [("A", .normal, 0), ("B", .normal, 1)],
            window: 2, callAt: 5, expected: ["B001", "A001"]),
        PolicyCase(
            name: "a window never calls a service it does not serve", arrivals: [("A", .normal, 0), ("C", .normal, 1)],
            window: 3, callAt: 5, expected: ["C001"]),
        PolicyCase(
            name: "green channel goes first within a service", arrivals: [("A", .normal, 0), ("A", .green, 1)],
            window: 1, callAt: 5, expected: ["A002", "A001"]),
        PolicyCase(
            name: "green and appointment are one class, by issue time",
            arrivals: [("A", .normal, 0), ("A", .appointment, 1), ("A", .green, 2)],
            window: 1, callAt: 5, expected: ["A002", "A003", "A001"]),
        PolicyCase(
            name: "priority bound: after two priority calls the waiting normal ticket goes",
            arrivals: [("A", .normal, 0), ("A", .green, 1), ("A", .green, 2), ("A", .green, 3), ("A", .green, 4)],
            window: 1, callAt: 5, expected: ["A002", "A003", "A001", "A004", "A005"]),
        PolicyCase(
            name: "priority streak counts only while a normal ticket waits",
            arrivals: [("A", .green, 0), ("A", .green, 1), ("A", .green, 2)],
            window: 1, callAt: 5, expected: ["A001", "A002", "A003"]),
        PolicyCase(
            name: "fairness: a B ticket past the limit goes before younger A tickets",
            arrivals: [("B", .normal, 0), ("A", .normal, 10), ("A", .normal, 11)],
            window: 1, callAt: 31, expected: ["B001", "A001", "A002"]),
        PolicyCase(
            name: "fairness does not apply before the limit",
            arrivals: [("B", .normal, 0), ("A", .normal, 10), ("A", .normal, 11)],
            window: 1, callAt: 29, expected: ["A001", "A002", "B001"]),
        PolicyCase(
            name: "fairness does not pass an older first-rank ticket",
            arrivals: [("A", .normal, 0), ("B", .normal, 1), ("A", .normal, 2)],
            window: 1, callAt: 60, expected: ["A001", "B001", "A002"]),
    ]

    @Test(arguments: cases)
    func callOrder(_ row: PolicyCase) throws {
        var t = TestHall()
        for (service, priority, minutes) in row.arrivals {
            t.now = beijing(9) + minutes * 60
            try t.issue(service, priority)
        }
        t.now = beijing(9) + row.callAt * 60
        try t.openAll()
        var called: [String] = []
        while let number = try t.serveNext(at: row.window) { called.append(number) }
        #expect(called == row.expected)
    }

    @Test func transferToANamedWindowIsCalledThereFirstAndNowhereElse() throws {
        var t = TestHall()
        try t.openAll()
        try t.issue("A")
        try t.issue("B")
        try t.issue("B")
        _ = try t.hall.callNext(window: 1, now: t.now)  // A001 at window 1
        _ = try t.hall.transfer(window: 1, to: .window(2), now: t.now)
        // Window 1 cannot call it; window 2 calls it before its own B line.
        #expect(try t.serveNext(at: 1) == "B001")
        #expect(try t.serveNext(at: 2) == "A001")
        #expect(try t.serveNext(at: 2) == "B002")
    }

    @Test func positionFollowsLineOrder() throws {
        var t = TestHall()
        let a1 = try t.issue("A")
        let a2 = try t.issue("A")
        let green = try t.issue("A", .green)
        let b1 = try t.issue("B")
        #expect(t.hall.position(of: green.id) == 1)
        #expect(t.hall.position(of: a1.id) == 2)
        #expect(t.hall.position(of: a2.id) == 3)
        #expect(t.hall.position(of: b1.id) == 1)
    }
}
