import HallCore
import Testing

@Suite struct StaffRightsTests {
    @Test func officersActAtTheirOwnWindowAndManagersEverywhere() {
        #expect(Role.officer.mayAct(atWindow: 3, ownWindow: 3))
        #expect(!Role.officer.mayAct(atWindow: 4, ownWindow: 3))
        #expect(!Role.officer.mayAct(atWindow: 3, ownWindow: nil), "an officer without a window acts nowhere")
        for role in [Role.manager, .admin] {
            #expect(role.mayAct(atWindow: 4, ownWindow: nil) && role.mayAct(atWindow: 999, ownWindow: 3))
        }
    }
}
