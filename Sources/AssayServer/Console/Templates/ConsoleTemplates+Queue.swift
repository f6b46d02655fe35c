extension ConsoleTemplates {
    /// `/console/queue`: the annotators of a run by status, rule and strength of evidence.
    static let queue = """
        {{<layout}}{{$main}}
        <p class="lede">Run <code>{{runID}}</code>{{#runFinished}} · finished {{runFinished}}{{/runFinished}} · {{count}} annotator{{plural}} shown.</p>
        <form class="filters" method="get" action="/console/queue">
        <p>
        <label for="status">Status</label>
        <select id="status" name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
        <label for="rule">Rule</label>
        <select id="rule" name="rule">{{#rules}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/rules}}</select>
        <label for="run">Run</label>
        <select id="run" name="run">{{#runs}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/runs}}</select>
        <label for="sort">Sort</label>
        <select id="sort" name="sort">{{#sorts}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/sorts}}</select>
        <button type="submit">Filter</button>
        </p>
        </form>
        {{#empty}}<p class="ok">No annotator matches.</p>{{/empty}}
        {{^empty}}
        <div class="scroll"><table class="overview queue">
        <caption class="muted">Strongest evidence first: −log₁₀ p, or log₁₀ of the likelihood ratio, of their strongest finding.</caption>
        <thead><tr><th scope="col">Annotator</th><th scope="col">Status</th><th scope="col" class="num">Weight</th><th scope="col" class="num">Gold</th>
        <th scope="col" class="num">Strength</th><th scope="col">Rules</th><th scope="col">Decision</th></tr></thead>
        <tbody>
        {{#rows}}<tr class="{{status}}"><td><a href="/console/annotators/{{path}}">{{id}}</a></td>
        <td><span class="badge {{status}}">{{status}}</span>{{#effectiveDiffers}} → <span class="badge {{effective}}">{{effective}}</span>{{/effectiveDiffers}}</td>
        <td class="num">{{weight}}</td><td class="num">{{gold}}</td><td class="num">{{strength}}</td>
        <td>{{#rules}}<span class="chip">{{.}}</span> {{/rules}}</td><td>{{decision}}</td></tr>
        {{/rows}}
        </tbody></table></div>
        {{/empty}}
        {{/main}}{{/layout}}
        """
}
