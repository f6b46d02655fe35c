import Mustache

/// The console's Mustache templates, parsed once. `{{name}}` escapes HTML; the templates never use
/// `{{{…}}}` or `{{&…}}`, so every string from the store or a request reaches the page escaped.
enum ConsoleTemplates {
    /// Every page template by name, with the shared layout (`{{<layout}}…{{/layout}}`).
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        let templates: [(String, String)] = [
            ("layout", layout), ("login", login), ("queue", queue), ("annotator", annotator), ("runs", runs), ("releases", releases),
            ("error", error),
        ]
        for (name, text) in templates {
            // The templates are constants of this module: a parse error is a programming error caught by every test.
            do { try library.register(text, named: name) } catch { preconditionFailure("console template \(name): \(error)") }
        }
        return library
    }()

    /// Renders `page` with the template `name`.
    static func render(_ page: Any, template name: String) -> String {
        guard let html = library.render(page, withTemplate: name) else { preconditionFailure("no console template \(name)") }
        return html
    }

    /// The frame of every page: header with navigation and sign-out (once signed in), main, footer.
    static let layout = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>{{title}} · Assay console</title>
        <link rel="stylesheet" href="/console/static/console.css">
        </head>
        <body>
        <a class="skip" href="#main">Skip to the content</a>
        <header class="console">
        <p class="brand"><a href="/console/queue">Assay console</a></p>
        {{#user}}
        <nav aria-label="Console pages"><a href="/console/queue">Review queue</a> <a href="/console/runs">Runs</a> <a href="/console/releases">Releases</a></nav>
        <form class="signout" method="post" action="/console/logout">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <span class="muted">Signed in as <b>{{name}}</b> ({{role}})</span>
        <button type="submit">Sign out</button>
        </form>
        {{/user}}
        </header>
        <main id="main">
        <h1>{{title}}</h1>
        {{#flash}}<p class="flash" role="status">{{flash}}</p>{{/flash}}
        {{#problem}}<p class="alert" role="alert"><b>Not done:</b> {{problem}}</p>{{/problem}}
        {{$main}}{{/main}}
        </main>
        <footer>Assay {{version}} · server-rendered, no scripts · every change is in the audit log</footer>
        </body>
        </html>

        """

    /// An error page (403, 404, …) with a way back.
    static let error = """
        {{<layout}}{{$main}}
        <p>{{message}}</p>
        <p><a href="{{back}}">Back</a></p>
        {{/main}}{{/layout}}
        """
}
