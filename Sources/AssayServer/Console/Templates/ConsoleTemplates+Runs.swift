extension ConsoleTemplates {
    /// `/console/runs`: recorded cleaning runs, newest first; an admin may request a release of one.
    static let runs = """
        {{<layout}}{{$main}}
        {{#empty}}<p class="muted">No cleaning run is recorded yet.</p>{{/empty}}
        {{^empty}}
        <div class="scroll"><table class="overview">
        <thead><tr><th scope="col">Run</th><th scope="col">Snapshot</th><th scope="col">Finished</th><th scope="col">By</th>
        <th scope="col" class="num">Ratings</th><th scope="col" class="num">Excluded</th><th scope="col" class="num">Dataset rows</th><th scope="col">Annotators</th>
        {{#isAdmin}}<th scope="col">Release</th>{{/isAdmin}}</tr></thead>
        <tbody>
        {{#rows}}<tr><td><a href="/console/queue?run={{path}}&amp;status=all"><code>{{runID}}</code></a></td><td><code>{{snapshot}}</code></td><td>{{finished}}</td><td>{{actor}}</td>
        <td class="num">{{ratings}}</td><td class="num">{{excluded}}</td><td class="num">{{datasetRows}}</td><td>{{annotators}}</td>
        {{#isAdmin}}<td><form method="post" action="/console/runs/{{path}}/release">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="note-{{index}}">Note</label> <input id="note-{{index}}" name="note" size="24" maxlength="4000">
        <button type="submit">Request release</button></form></td>{{/isAdmin}}</tr>
        {{/rows}}
        </tbody></table></div>
        {{/empty}}
        {{/main}}{{/layout}}
        """
}
