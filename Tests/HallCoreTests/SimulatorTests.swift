import Foundation
import Testing

@testable import HallCore

@Suite struct SimulatorTests {
    func weekHall() -> HallConfig {
        var config = smallHallConfig()
        let day = [OpeningSpan(startMinute: 9 * 60, endMinute: 17 * 60)]
        config.hours = OpeningHours(days: [1: day, 2: day, 3: day, 4: day, 5: day])
        return config
    }

    @Test func aDayServesEveryoneItIssuedAndIsDeterministic() throws {
        var sim = HallSimulator(hall: Hall(config: weekHall()), random: SplitMix64(seed: 42))
        let events = try sim.simulateDay(beijing(0))
        let issued = events.filter { $0.kind == .ticketIssued }.count
        let ended = events.filter { [.ticketFinished, .ticketNoShow, .ticketCancelled].contains($0.kind) }.count
        #expect(issued > 50)
        #expect(ended == issued, "every ticket issued that day ends that day")
        #expect(sim.hall.waitingTickets.isEmpty)
        #expect(sim.hall.windows.values.allSatisfy { $0.status == .closed })
        let outOfOrder = zip(events, events.dropFirst()).filter { $0.at > $1.at }.count
        #expect(outOfOrder == 0, "events come in time order")
        var again = HallSimulator(hall: Hall(config: weekHall()), random: SplitMix64(seed: 42))
        #expect(try again.simulateDay(beijing(0)).map(\.kind) == events.map(\.kind))
    }

    @Test func mondaysAndTheFilingDeadlineAreBusierAndWeekendsClosed() throws {
        var sim = HallSimulator(hall: Hall(config: weekHall()), random: SplitMix64(seed: 1))
        func issued(_ day: Int) throws -> Int { try sim.simulateDay(beijing(0, day: day)).filter { $0.kind == .ticketIssued }.count }
        let monday = try issued(23)  // 2026-11-23 is a Monday
        let wednesday = try issued(25)
        let saturday = try issued(28)
        #expect(monday > wednesday * 5 / 4)
        #expect(saturday == 0)
        #expect(ArrivalModel.dayFactor(weekday: 3, dayOfMonth: 15) > ArrivalModel.dayFactor(weekday: 3, dayOfMonth: 20) * 1.4)
        #expect(ArrivalModel.hourShape(minute: 10 * 60) > ArrivalModel.hourShape(minute: 12 * 60 + 30) * 2)
        #expect(ArrivalModel.hourShape(minute: 14 * 60 + 30) > ArrivalModel.hourShape(minute: 16 * 60 + 45))
    }

    @Test func bookedTaxpayersBookTheEveningBeforeAndCheckInOrMissTheirSlot() throws {
        var config = bookingHall()
        config.services[0].booking?.weekdays = [1, 2, 3, 4, 5]
        let day = [OpeningSpan(startMinute: 9 * 60, endMinute: 17 * 60)]
        config.hours = OpeningHours(days: [1: day, 2: day, 3: day, 4: day, 5: day], issueFromMinutesBeforeOpening: 30)
        var sim = HallSimulator(hall: Hall(config: config), random: SplitMix64(seed: 5))
        sim.model.bookingShare = 0.2
        let events = try sim.simulateDay(beijing(0, day: 24))
        let booked = events.filter { $0.kind == .appointmentBooked }
        #expect(booked.count >= 5 && booked.count <= 8, "four slots of two places on Tuesday: \(booked.count)")
        #expect(booked.allSatisfy { $0.at < beijing(0, day: 24) && $0.at >= beijing(18, day: 23) }, "booked the evening before")
        let checkedIn = events.filter { $0.kind == .appointmentCheckedIn }
        let appointmentTickets = events.filter { $0.kind == .ticketIssued && $0.ticket?.priority == .appointment }
        #expect(!checkedIn.isEmpty && appointmentTickets.count == checkedIn.count)
        // Every booking ends the day used, missed or cancelled; none is left waiting.
        let ended = Set(
            events.filter { [.appointmentCheckedIn, .appointmentLate, .appointmentNoShow, .appointmentCancelled].contains($0.kind) }
                .compactMap { $0.appointment?.id })
        #expect(ended == Set(booked.compactMap { $0.appointment?.id }))
        #expect(sim.hall.appointments.all.allSatisfy { !$0.status.isActive })
        let outOfOrder = zip(events, events.dropFirst()).filter { $0.at > $1.at }.count
        #expect(outOfOrder == 0, "events come in time order")
        #expect(events.filter { $0.kind == .ticketIssued }.count == events.filter { [.ticketFinished, .ticketNoShow].contains($0.kind) }.count)
    }
}
