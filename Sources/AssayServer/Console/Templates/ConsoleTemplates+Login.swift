extension ConsoleTemplates {
    /// `/console/login`: one field, the API token of a reviewer or an admin.
    static let login = """
        {{<layout}}{{$main}}
        <p class="lede">Sign in with your reviewer or admin API token (<code>assay token create --role reviewer</code>).</p>
        <form class="panel" method="post" action="/console/login">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p><label for="token">API token</label><br>
        <input id="token" name="token" type="password" autocomplete="off" required size="72" autofocus></p>
        <p><button type="submit">Sign in</button></p>
        </form>
        <p class="muted small">The session lasts {{hours}} hours and ends at once when the token is revoked.</p>
        {{/main}}{{/layout}}
        """
}
