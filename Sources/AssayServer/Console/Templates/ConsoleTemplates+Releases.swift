extension ConsoleTemplates {
    /// `/console/releases`: requested and approved releases; another admin than the requester approves.
    static let releases = """
        {{<layout}}{{$main}}
        <p class="lede">Two-person rule: one admin requests a release of a run (on the Runs page), a different admin approves it.</p>
        {{#empty}}<p class="muted">No release has been requested yet.</p>{{/empty}}
        {{^empty}}
        <div class="scroll"><table class="overview">
        <thead><tr><th scope="col">Release</th><th scope="col">Run</th><th scope="col">Status</th><th scope="col">Requested</th><th scope="col">Approved</th><th scope="col">Approve</th></tr></thead>
        <tbody>
        {{#rows}}<tr class="{{status}}"><td><code>{{releaseID}}</code></td><td><code>{{runID}}</code></td><td><span class="badge {{badge}}">{{status}}</span></td>
        <td>{{requestedBy}} on {{requestedAt}}{{#note}} — “{{note}}”{{/note}}{{#comparison}}<div class="muted small">{{comparison}}</div>{{/comparison}}</td>
        <td>{{#approvedBy}}{{approvedBy}} on {{approvedAt}}{{#approvalNote}} — “{{approvalNote}}”{{/approvalNote}}{{/approvedBy}}</td>
        <td>{{#canApprove}}<form method="post" action="/console/releases/{{path}}/approve">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="approval-{{index}}">Note</label> <input id="approval-{{index}}" name="note" size="24" maxlength="4000">
        <button type="submit">Approve</button></form>{{/canApprove}}{{#why}}<span class="muted small">{{why}}</span>{{/why}}</td></tr>
        {{/rows}}
        </tbody></table></div>
        {{/empty}}
        {{/main}}{{/layout}}
        """
}
