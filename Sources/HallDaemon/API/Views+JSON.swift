/// The hot views written without `JSONEncoder` (see ``JSONText``); keys in sorted order, as ``JSONEncoder/api`` writes.
extension TicketView: JSONWritable {
    func write(to json: inout JSONText) {
        json.beginObject()
        json.key("calledAt")
        json.string(calledAt)
        json.key("estimatedWaitSeconds")
        json.int(estimatedWaitSeconds)
        json.key("finishedAt")
        json.string(finishedAt)
        json.key("id")
        json.string(id)
        json.key("issuedAt")
        json.string(issuedAt)
        json.key("number")
        json.string(number)
        json.key("position")
        json.int(position)
        json.key("priority")
        json.string(priority)
        json.key("rating")
        json.int(rating)
        json.key("recalls")
        json.int(recalls)
        if let secret {
            json.key("secret")
            json.string(secret)
        }
        json.key("service")
        json.string(service)
        json.key("startedAt")
        json.string(startedAt)
        json.key("status")
        json.string(status)
        json.key("transferredToWindow")
        json.int(transferredToWindow)
        json.key("transfers")
        json.int(transfers)
        json.key("window")
        json.int(window)
        json.endObject()
    }
}

extension WindowStateView: JSONWritable {
    func write(to json: inout JSONText) {
        json.beginObject()
        json.key("number")
        json.int(number)
        json.key("officer")
        json.string(officer)
        json.key("pauseReason")
        json.string(pauseReason)
        json.key("pausedAt")
        json.string(pausedAt)
        json.key("services")
        json.beginArray()
        for service in services { json.string(service) }
        json.endArray()
        json.key("since")
        json.string(since)
        json.key("status")
        json.string(status)
        json.key("ticket")
        if let ticket { ticket.write(to: &json) } else { json.null() }
        json.endObject()
    }
}

extension EventView: JSONWritable {
    /// Like the synthesized encoding: a missing ticket or window leaves its key out.
    func write(to json: inout JSONText) {
        json.beginObject()
        json.key("at")
        json.string(at)
        json.key("details")
        json.beginObject()
        for key in details.keys.sorted() {
            json.key(key)
            json.string(details[key]!)
        }
        json.endObject()
        json.key("kind")
        json.string(kind)
        json.key("seq")
        json.int(seq)
        if let ticket {
            json.key("ticket")
            ticket.write(to: &json)
        }
        if let window {
            json.key("window")
            window.write(to: &json)
        }
        json.endObject()
    }
}

/// `GET /api/queues`, which every board reloads after each reconnection (thirty windows' views in one answer).
extension QueuesView: JSONWritable {
    func write(to json: inout JSONText) {
        json.beginObject()
        json.key("at")
        json.string(at)
        json.key("lastEventId")
        json.int(lastEventId)
        json.key("openWindows")
        json.int(openWindows)
        json.key("recentCalls")
        json.beginArray()
        for call in recentCalls {
            json.beginObject()
            json.key("at")
            json.string(call.at)
            json.key("kind")
            json.string(call.kind)
            json.key("number")
            json.string(call.number)
            json.key("service")
            json.string(call.service)
            json.key("window")
            json.int(call.window)
            json.endObject()
        }
        json.endArray()
        json.key("services")
        json.beginArray()
        for line in services {
            json.beginObject()
            json.key("code")
            json.string(line.code)
            json.key("estimatedWaitSeconds")
            json.int(line.estimatedWaitSeconds)
            json.key("longestWaitSeconds")
            json.int(line.longestWaitSeconds)
            json.key("next")
            json.beginArray()
            for number in line.next { json.string(number) }
            json.endArray()
            json.key("waiting")
            json.int(line.waiting)
            json.endObject()
        }
        json.endArray()
        json.key("totalWaiting")
        json.int(totalWaiting)
        json.key("windows")
        json.beginArray()
        for window in windows { window.write(to: &json) }
        json.endArray()
        json.endObject()
    }
}
