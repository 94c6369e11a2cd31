import Foundation
import HallConfigFile
import HallCore
import Testing

@Suite struct LoadingTests {
    @Test func demoHallParses() throws {
        let config = try HallConfig.parse(toml: try ConfigFixtures.demoHallText, source: "config/demo-hall.toml")
        #expect(config.name.zh.contains("办税服务厅"))
        #expect(config.timeZoneIdentifier == "Asia/Shanghai")
        #expect(config.services.map(\.code) == ["A", "B", "C", "D", "E"])
        #expect(config.service("E")?.name.zh == "二手房交易税费")
        #expect(config.windows.count == 12)
        #expect(config.windows.map(\.number) == Array(1...12))
        #expect(config.window(9)?.services == ["D", "A", "B"])
        #expect(config.window(12)?.name == LocalizedName(zh: "12号窗口", en: "Window 12"))
        #expect(config.users.count >= 13)
        #expect(config.users.filter { $0.role == .officer }.map(\.window) == (1...12).map { $0 })
        #expect(config.users.contains { $0.login == "manager" && $0.role == .manager && $0.window == nil })
        #expect(config.users.contains { $0.login == "admin" && $0.role == .admin })
        #expect(config.users.allSatisfy { PasswordHashFormat(parsing: $0.passwordHash) != nil })
        #expect(config.alerts.maxWaitingPerOpenWindow == 6)
        #expect(config.hours.isOpen(weekday: 1, minute: 9 * 60))
        #expect(config.hours.isOpen(weekday: 3, minute: 12 * 60 + 30))
        #expect(!config.hours.isOpen(weekday: 6, minute: 10 * 60))
        #expect(!config.hours.isOpen(weekday: 5, minute: 17 * 60))
        #expect(config.hours.issueFromMinutesBeforeOpening == 30 && config.hours.issueUntilMinutesBeforeClosing == 0)
        #expect(
            config.limits
                == IssueLimits(
                    ticketsPerAddressPerMinute: 5, ticketsPerServicePerDay: 0, exemptAddresses: ["127.0.0.1", "::1"], bookingsPerAddressPerMinute: 3,
                    checkInAttemptsPerAddressPerMinute: 10))
        // 2026's public holidays close the hall; its make-up working days open like a Monday.
        #expect(config.hours.spans(on: "2026-10-01").isEmpty && config.hours.spans(on: "2026-02-17").isEmpty)
        #expect(config.hours.spans(on: "2026-10-10") == [OpeningSpan(startMinute: 540, endMinute: 1020)], "Saturday 10 October is worked")
        #expect(config.hours.spans(on: "2026-10-08") == [OpeningSpan(startMinute: 540, endMinute: 1020)])
        // A, C and E take bookings: 3, 2 and 3 places a slot (a share of what the windows serving them first can do).
        #expect(config.services.filter { $0.booking != nil }.map(\.code) == ["A", "C", "E"])
        #expect(["A", "C", "E"].map { config.placesPerSlot(of: config.service($0)!) } == [3, 2, 3])
        #expect(config.service("E")?.booking?.slotMinutes == 60 && config.service("A")?.booking?.weekdays == [1, 2, 3, 4, 5])
        #expect(config.appointments == AppointmentSettings())
    }

    @Test func demoHallNeverHoldsAPlainPassword() throws {
        let text = try ConfigFixtures.demoHallText
        let keys = text.split(separator: "\n").map { $0.split(separator: "=").first?.trimmingCharacters(in: .whitespaces) ?? "" }
        #expect(!keys.contains("password"))
    }

    @Test func minimalHallReadsEveryValueAndFillsDefaults() throws {
        let config = try HallConfig.parse(toml: ConfigFixtures.minimal)
        #expect(config.name == LocalizedName(zh: "测试办税服务厅", en: "Test Hall"))
        #expect(config.hours.days == [1: [OpeningSpan(startMinute: 540, endMinute: 720), OpeningSpan(startMinute: 810, endMinute: 1020)]])
        #expect(config.services[1] == Service(code: "B", name: LocalizedName(zh: "发票业务", en: "Invoices"), typicalMinutes: 3.5))
        #expect(config.windows[0] == WindowConfig(number: 1, name: LocalizedName(zh: "1号窗口", en: "Window 1"), services: ["A", "B"]))
        #expect(config.windows[1].name.en == "Second window")
        #expect(config.users[0] == UserAccount(login: "officer1", role: .officer, window: 1, passwordHash: ConfigFixtures.hash))
        #expect(config.policy == CallPolicySettings())
        #expect(config.alerts == AlertThresholds())
        #expect(config.notifiers == NotifierSettings())
    }

    @Test func optionalSectionsAreRead() throws {
        let text =
            ConfigFixtures.minimal + """
                [policy]
                priority_burst = 2
                fairness_minutes = 25.5
                recalls_before_no_show = 0
                target_wait_minutes = 15

                [alerts]
                max_waiting_per_open_window = 6
                dissatisfied_at_or_below = 2
                escalate_minutes = 30

                [notifiers]
                webhook_url = "https://sms.example.com/hook"
                webhook_secret = "s3cret"
                max_attempts = 3
                first_group = ["13800000001"]
                """
        let config = try HallConfig.parse(toml: text)
        #expect(config.policy == CallPolicySettings(priorityBurst: 2, fairnessMinutes: 25.5, recallsBeforeNoShow: 0, targetWaitMinutes: 15))
        #expect(config.alerts.dissatisfiedAtOrBelow == 2)
        #expect(config.alerts.escalateMinutes == 30)
        #expect(config.alerts.maxWaitMinutes == AlertThresholds().maxWaitMinutes)
        #expect(config.notifiers.webhookURL == "https://sms.example.com/hook")
        #expect(config.notifiers.maxAttempts == 3)
        #expect(config.notifiers.firstGroup == ["13800000001"])
        #expect(config.notifiers.secondGroup.isEmpty)
    }

    @Test func errorsDescribeFileLineKeyAndProblem() {
        let text = ConfigFixtures.minimal.replacingOccurrences(of: "code = \"A\"", with: "code = \"a\"")
        #expect {
            _ = try HallConfig.parse(toml: text, source: "config/demo-hall.toml")
        } throws: { error in
            "\(error)" == #"config/demo-hall.toml:10: services[0].code: "a" is not a valid prefix (1–2 upper-case letters A–Z)"#
        }
    }

    @Test func syntaxErrorsCarryTheColumn() {
        let text = ConfigFixtures.minimal.replacingOccurrences(of: "name_en = \"Test Hall\"", with: "name_en = Test Hall")
        #expect {
            _ = try HallConfig.parse(toml: text, source: "hall.toml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.line == 3 && error.column == 11 && error.key.isEmpty && "\(error)".hasPrefix("hall.toml:3:11: ")
        }
    }

    @Test func loadReadsAFileAndNamesItInErrors() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hallq-config-\(UUID().uuidString).toml").path
        try ConfigFixtures.minimal.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try HallConfig.load(path: path).windows.count == 2)
        #expect {
            _ = try HallConfig.load(path: path + ".missing")
        } throws: { error in
            (error as? ConfigError)?.source == path + ".missing"
        }
    }
}
