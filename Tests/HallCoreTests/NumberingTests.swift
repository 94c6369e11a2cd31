import Foundation
import Testing

@testable import HallCore

@Suite struct NumberingTests {
    @Test func numbersCountPerServiceWithThreeDigits() throws {
        var t = TestHall()
        #expect(try t.issue("A").number == "A001")
        #expect(try t.issue("A").number == "A002")
        #expect(try t.issue("B").number == "B001")
        #expect(try t.issue("A").number == "A003")
    }

    @Test func numbersRestartAtTheHallsLocalMidnightNotUTC() throws {
        var t = TestHall(now: beijing(23, 50))
        #expect(try t.issue("A").number == "A001")
        #expect(try t.issue("A").number == "A002")
        // 23:59 Beijing is 15:59 UTC: still the same hall day.
        t.now = beijing(23, 59)
        #expect(try t.issue("A").number == "A003")
        // 00:01 Beijing the next day is 16:01 UTC on the *same* UTC day: numbers restart anyway.
        t.now = beijing(0, 1, day: 24)
        let next = try t.issue("A")
        #expect(next.number == "A001")
        #expect(next.day == "2026-11-24")
    }

    @Test func numbersAboveNineHundredNinetyNineKeepGrowing() {
        #expect(NumberCounter.format(prefix: "B", sequence: 7) == "B007")
        #expect(NumberCounter.format(prefix: "B", sequence: 999) == "B999")
        #expect(NumberCounter.format(prefix: "B", sequence: 1000) == "B1000")
    }

    @Test func restoredCountersContinueTheDay() throws {
        var t = TestHall()
        try t.issue("A")
        try t.issue("A")
        let restored = Hall(config: t.hall.config, tickets: [], windows: [], counters: t.hall.counters, priorityStreaks: [:])
        var rng = SplitMix64(seed: 1)
        var hall = restored
        #expect(try hall.issue(TicketRequest(service: "A"), now: t.now, random: &rng).0.number == "A003")
    }

    @Test func unknownServiceIsATypedError() {
        var t = TestHall()
        #expect(throws: HallError.unknownService("Z")) { try t.issue("Z") }
    }

    @Test func idsAndSecretsAreDistinct() throws {
        var t = TestHall()
        let a = try t.issue("A")
        let b = try t.issue("A")
        #expect(a.id != b.id)
        #expect(a.secret != b.secret)
        #expect(a.secret.count == 20)
    }

    static let contacts: [(phone: String?, id: String?, valid: Bool)] = [
        ("13812345678", nil, true), ("1381234567", nil, false), ("23812345678", nil, false), ("12812345678", nil, false),
        (nil, "11010519491231002X", true), (nil, "110105194912310021", false), (nil, "11010519491231002", false), (nil, "1101051949123100XX", false),
    ]

    @Test func contactValidation() {
        for row in Self.contacts {
            var t = TestHall()
            let result = Result { try t.hall.issue(TicketRequest(service: "A", phone: row.phone, idNumber: row.id), now: t.now, random: &t.rng) }
            switch result {
            case .success: #expect(row.valid, "\(row) should be refused")
            case .failure(let error): #expect(!row.valid, "\(row) should be accepted: \(error)")
            }
        }
    }

    @Test func contactIsMaskedForStaff() throws {
        let c = try #require(try TaxpayerContact.validated(phone: " 13812345678 ", idNumber: nil))
        #expect(c.phone == "13812345678")
        #expect(c.masked == "138****5678")
    }
}
