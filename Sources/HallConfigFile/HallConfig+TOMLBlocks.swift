import HallCore

extension HallConfig {
    static let userKeys = ["login", "role", "window", "display_name", "password_hash"]

    static func services(_ blocks: [ConfigTableReader], hours: OpeningHours) throws(ConfigError) -> [Service] {
        var services: [Service] = []
        var seen: [String: ConfigTableReader] = [:]
        for block in blocks {
            let code = try block.required("code", "a string", ConfigTableReader.string)
            guard isValidServiceCode(code) else { throw block.error("code", "\"\(code)\" is not a valid prefix (1–2 upper-case letters A–Z)") }
            if let first = seen[code] {
                throw block.error("code", "\"\(code)\" is already the code of \(first.path) (line \(first.line("code")))")
            }
            seen[code] = block
            let name = LocalizedName(zh: try block.text("name_zh"), en: try block.text("name_en"))
            let minutes = try block.required("typical_minutes", "a number of minutes", ConfigTableReader.number)
            guard minutes > 0, minutes <= 480 else {
                throw block.error("typical_minutes", "\(ConfigTableReader.format(minutes)) must be greater than 0 and at most 480")
            }
            services.append(Service(code: code, name: name, typicalMinutes: minutes, booking: try booking(block, hours: hours)))
        }
        return services
    }

    static let bookingKeys = ["booking_hours", "booking_days", "slot_minutes", "booking_share"]

    /// A service's `booking_*` keys: spans inside the opening hours of every booking day, slots at least one long.
    static func booking(_ block: ConfigTableReader, hours: OpeningHours) throws(ConfigError) -> ServiceBooking? {
        guard let texts = try block.optional("booking_hours", "an array of time spans like [\"09:00-11:30\"]", ConfigTableReader.strings) else {
            if let other = bookingKeys.dropFirst().first(where: { block.table[$0] != nil }) {
                throw block.error(other, "a service takes bookings only in its booking_hours; add them (e.g. booking_hours = [\"09:00-11:30\"])")
            }
            return nil
        }
        let slot = try block.integer("slot_minutes", in: 5...240, or: 30)
        let share = try block.optional("booking_share", "a number", ConfigTableReader.number) ?? 0.25
        guard share > 0, share <= 1 else {
            throw block.error(
                "booking_share", "\(ConfigTableReader.format(share)) must be greater than 0 and at most 1 (a share of the slot's capacity)")
        }
        var spans: [OpeningSpan] = []
        for text in texts {
            guard let span = openingSpan(text) else {
                throw block.error("booking_hours", "\"\(text)\" is not a time span like \"09:00-11:30\" (24-hour HH:MM, start before end)")
            }
            guard span.endMinute - span.startMinute >= slot else {
                throw block.error("booking_hours", "\"\(text)\" is shorter than one slot of \(slot) minutes")
            }
            if let other = spans.first(where: { $0.startMinute < span.endMinute && span.startMinute < $0.endMinute }) {
                throw block.error("booking_hours", "\"\(text)\" overlaps \(spanText(other))")
            }
            spans.append(span)
        }
        guard !spans.isEmpty else { throw block.error("booking_hours", "list at least one span, or leave the key out to take no bookings") }
        let open = weekdayKeys.indices.filter { hours.days[$0 + 1] != nil }.map { weekdayKeys[$0] }
        let dayTexts = try block.optional("booking_days", "an array of weekdays like [\"mon\", \"tue\"]", ConfigTableReader.strings) ?? open
        var weekdays: Set<Int> = []
        for key in dayTexts {
            guard let index = weekdayKeys.firstIndex(of: key) else {
                throw block.error("booking_days", "\"\(key)\" is not a weekday (\(weekdayKeys.joined(separator: ", ")))")
            }
            let opening = hours.days[index + 1] ?? []
            guard !opening.isEmpty else { throw block.error("booking_days", "the hall is closed on \(key) ([hours] has no \(key))") }
            for span in spans where !opening.contains(where: { $0.startMinute <= span.startMinute && span.endMinute <= $0.endMinute }) {
                throw block.error(
                    "booking_hours", "\(spanText(span)) is not inside \(key)'s opening hours (\(opening.map(spanText).joined(separator: ", ")))")
            }
            weekdays.insert(index + 1)
        }
        guard !weekdays.isEmpty else { throw block.error("booking_days", "list at least one weekday") }
        return ServiceBooking(weekdays: weekdays, spans: spans.sorted { $0.startMinute < $1.startMinute }, slotMinutes: slot, share: share)
    }

    /// Every service that takes bookings has at least one place per slot (its windows are known only after the services).
    static func checkBookingPlaces(_ services: [Service], windows: [WindowConfig], blocks: [ConfigTableReader]) throws(ConfigError) {
        let config = HallConfig(
            name: LocalizedName(zh: "", en: ""), timeZoneIdentifier: "UTC", hours: OpeningHours(days: [:]), services: services, windows: windows)
        for (service, block) in zip(services, blocks) {
            guard let booking = service.booking else { continue }
            let first = windows.filter { $0.services.first == service.code }.count
            guard first > 0 else {
                throw block.error("booking_hours", "no window serves \(service.code) first, so it has no capacity to share with bookings")
            }
            guard config.placesPerSlot(of: service) >= 1 else {
                let capacity = ConfigTableReader.format((config.slotCapacity(of: service) * 10).rounded() / 10)
                throw block.error(
                    block.table["booking_share"] != nil ? "booking_share" : "booking_hours",
                    "\(ConfigTableReader.format(booking.share)) of a \(booking.slotMinutes)-minute slot's \(capacity) tickets (\(first) windows "
                        + "serving \(service.code) first) is less than one booking; raise booking_share or slot_minutes")
            }
        }
    }

    static func windows(_ blocks: [ConfigTableReader], services: [Service]) throws(ConfigError) -> [WindowConfig] {
        let known = services.map(\.code)
        var windows: [WindowConfig] = []
        var seen: [Int: ConfigTableReader] = [:]
        for block in blocks {
            let number = try block.required("number", "an integer", ConfigTableReader.integer)
            guard (1...999).contains(number) else { throw block.error("number", "\(number) is outside the allowed range 1…999") }
            if let first = seen[number] {
                throw block.error("number", "window \(number) is already defined by \(first.path) (line \(first.line("number")))")
            }
            seen[number] = block
            let zh = block.table["name_zh"] == nil ? "\(number)号窗口" : try block.text("name_zh")
            let en = block.table["name_en"] == nil ? "Window \(number)" : try block.text("name_en")
            let codes = try block.required("services", "an array of service codes like [\"A\", \"B\"]", ConfigTableReader.strings)
            guard !codes.isEmpty else { throw block.error("services", "a window must serve at least one service") }
            for (index, code) in codes.enumerated() {
                guard known.contains(code) else {
                    throw block.error(
                        "services", "\"\(code)\" is not a service code defined in [[services]] (known: \(known.joined(separator: ", ")))")
                }
                if codes[..<index].contains(code) { throw block.error("services", "\"\(code)\" is listed twice") }
            }
            windows.append(WindowConfig(number: number, name: LocalizedName(zh: zh, en: en), services: codes))
        }
        return windows
    }

    static func users(_ root: ConfigTableReader, windows: [WindowConfig]) throws(ConfigError) -> [UserAccount] {
        guard let tables = try root.optional("users", "[[users]] blocks", ConfigTableReader.tables) else { return [] }
        var users: [UserAccount] = []
        var seen: [String: ConfigTableReader] = [:]
        for (index, table) in tables.enumerated() {
            if let entry = table.entry("password") {
                throw ConfigError(
                    source: root.source, line: entry.line, key: "users[\(index)].password",
                    message: "plain-text passwords are not allowed in this file; remove it and run `hallqd user add` to set a password_hash")
            }
            let block = try ConfigTableReader(table, path: "users[\(index)]", source: root.source, allowed: userKeys)
            let login = try block.required("login", "a string", ConfigTableReader.string)
            guard isValidLogin(login) else {
                throw block.error("login", "\"\(login)\" is not a valid login (1–32 of a–z, 0–9, \".\", \"_\", \"-\")")
            }
            if let first = seen[login] {
                throw block.error("login", "\"\(login)\" is already used by \(first.path) (line \(first.line("login")))")
            }
            seen[login] = block
            let roleText = try block.required("role", "a string", ConfigTableReader.string)
            guard let role = Role(rawValue: roleText) else {
                throw block.error("role", "\"\(roleText)\" is not a role (officer, manager or admin)")
            }
            let window = try block.optional("window", "an integer", ConfigTableReader.integer)
            switch (role, window) {
            case (.officer, nil):
                throw block.error("window", "missing required key: an officer works at a window (an integer)")
            case (.officer, let number?) where !windows.contains { $0.number == number }:
                throw block.error("window", "there is no window \(number) in [[windows]]")
            case (.manager, _?), (.admin, _?):
                throw block.error("window", "a \(role.rawValue) does not work at a window; remove this key")
            default:
                break
            }
            var displayName: String?
            if block.table["display_name"] != nil { displayName = try block.text("display_name") }
            let hash = try block.required("password_hash", "a string", ConfigTableReader.string)
            if let problem = PasswordHashFormat.problem(in: hash) {
                throw block.error("password_hash", "not a password hash (\(problem)); set it with `hallqd user add`")
            }
            users.append(UserAccount(login: login, role: role, window: window, passwordHash: hash, displayName: displayName))
        }
        return users
    }
}
