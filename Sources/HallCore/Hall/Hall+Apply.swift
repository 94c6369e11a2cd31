import Foundation

extension Hall {
    /// The hall's bookkeeping without its tickets: counters, priority streaks and configuration (what the store needs
    /// besides the events to persist a change, and what ``apply(_:bookkeepingOf:)`` copies).
    public func bookkeeping() -> Hall {
        var ledger = Hall(config: config, tickets: [], windows: [], counters: counters, priorityStreaks: priorityStreaks)
        ledger.earliestLiveDay = earliestLiveDay
        ledger.appointmentsKeptFrom = appointmentsKeptFrom
        return ledger
    }

    /// Brings this hall up to date with changes made to another copy, from their events: every event carries the
    /// state of its ticket, window or booking after the change (the rule the store's recovery relies on too), and the
    /// counters and streaks come from `ledger`. Costs the events, not the size of the hall.
    public mutating func apply(_ events: [HallEvent], bookkeepingOf ledger: Hall) {
        for event in events {
            if let ticket = event.ticket { tickets[ticket.id] = ticket.status.isFinal ? nil : ticket }
            if let window = event.window { windows[window.number] = window }
            if let appointment = event.appointment { appointments[appointment.id] = appointment }
        }
        counters = ledger.counters
        priorityStreaks = ledger.priorityStreaks
        earliestLiveDay = ledger.earliestLiveDay
        if appointmentsKeptFrom != ledger.appointmentsKeptFrom {
            appointments.forget(before: ledger.appointmentsKeptFrom)
            appointmentsKeptFrom = ledger.appointmentsKeptFrom
        }
    }
}
