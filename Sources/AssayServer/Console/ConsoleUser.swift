import AssayStore

/// Who a console request comes from: a valid session whose API token is still active.
struct ConsoleUser: Sendable {
    let session: ConsoleSession
    let caller: Caller
    /// The CSRF token every form of this session carries.
    let csrf: String

    /// The header's view of the user.
    var frameUser: ConsoleFrame.User { ConsoleFrame.User(name: caller.name, role: caller.role.rawValue, csrf: csrf) }

    /// 403 unless the user's role is `role`.
    func require(_ role: TokenRole, to action: String) throws {
        guard caller.role == role else {
            throw ConsoleError.forbidden("\(caller.name) signed in as \(caller.role.rawValue); only a \(role.rawValue) can \(action)")
        }
    }
}
