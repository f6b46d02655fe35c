extension ConsoleTemplates {
    /// `/console/annotators/{id}`: status and weight across runs, findings with evidence, a timeline, sample
    /// ratings beside the consensus, gold accuracy, decisions and the decision form.
    static let annotator = """
        {{<layout}}{{$main}}
        <p class="lede">{{#current}}<span class="badge {{status}}">{{status}}</span>{{#effectiveDiffers}} → effective <span class="badge {{effective}}">{{effective}}</span>{{/effectiveDiffers}}
        in run <code>{{runID}}</code> · weight <b>{{weight}}</b> · gold <b>{{gold}}</b>{{/current}}{{^current}}Not in the newest run.{{/current}}</p>

        <section aria-labelledby="decide"><h2 id="decide">Decision</h2>
        {{#latestDecision}}<p class="decision">Newest decision: <b>{{verdict}}</b> by {{actor}} on {{at}} — “{{note}}”</p>{{/latestDecision}}
        {{#canDecide}}
        <form class="panel" method="post" action="/console/annotators/{{path}}/decision">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <fieldset><legend>Decide on {{id}}</legend>
        <p><input type="radio" id="decision-confirm" name="decision" value="confirm" required> <label for="decision-confirm">Confirm: adversarial, exclude every rating</label><br>
        <input type="radio" id="decision-clear" name="decision" value="clear"> <label for="decision-clear">Clear: honest, not re-flagged on this evidence</label></p>
        <p><label for="note">Note (required: what you checked and why)</label><br>
        <textarea id="note" name="note" rows="3" cols="80" maxlength="4000" required></textarea></p>
        <p><button type="submit">Record decision</button></p>
        </fieldset>
        </form>
        {{/canDecide}}
        {{^canDecide}}<p class="muted">Decisions are made by reviewers (your token's role is {{role}}).</p>{{/canDecide}}
        </section>

        <section aria-labelledby="timeline"><h2 id="timeline">Ratings over time</h2>
        {{#timeline}}
        <figure><figcaption>Their {{count}} newest ratings: time submitted (across) and time taken (up, log scale)</figcaption>
        <svg viewBox="0 0 {{width}} {{height}}" width="{{width}}" height="{{height}}" role="img" aria-labelledby="timeline-title">
        <title id="timeline-title">{{description}}</title>
        <line class="axis" x1="{{left}}" y1="{{bottom}}" x2="{{right}}" y2="{{bottom}}"></line>
        <line class="axis" x1="{{left}}" y1="{{top}}" x2="{{left}}" y2="{{bottom}}"></line>
        {{#yTicks}}<line class="grid" x1="{{left}}" y1="{{y}}" x2="{{right}}" y2="{{y}}"></line><text x="{{labelX}}" y="{{labelY}}" text-anchor="end">{{label}}</text>{{/yTicks}}
        {{#xTicks}}<text x="{{x}}" y="{{y}}" text-anchor="{{anchor}}">{{label}}</text>{{/xTicks}}
        {{#points}}<circle class="point {{kind}}" cx="{{x}}" cy="{{y}}" r="3.5"><title>{{label}}</title></circle>{{/points}}
        </svg>
        <ul class="legend"><li><span class="swatch s-trusted"></span>agrees with the consensus</li><li><span class="swatch s-excluded"></span>disagrees</li>
        <li><span class="swatch s-neutral"></span>no consensus to compare (score, tie, item left out)</li><li><span class="swatch s-gold"></span>gold item</li></ul>
        {{#noDurations}}<p class="muted small">{{noDurations}} ratings carry no duration and are drawn at the bottom.</p>{{/noDurations}}
        </figure>
        {{/timeline}}
        {{^timeline}}<p class="muted">No ratings of theirs are stored.</p>{{/timeline}}
        </section>

        <section aria-labelledby="findings"><h2 id="findings">Findings in run {{#current}}<code>{{runID}}</code>{{/current}}</h2>
        {{#noFindings}}<p class="ok">No rule found anything.</p>{{/noFindings}}
        {{#findings}}
        <details class="finding {{action}}" open><summary><span class="chip">{{rule}}</span> <span class="action">{{action}}</span> <span class="strength">{{strength}}</span>
        <span class="sentence">{{summary}}</span></summary>
        <table class="evidence"><caption class="muted small">Evidence</caption><tbody>{{#evidence}}<tr><th scope="row">{{name}}</th><td>{{value}}</td></tr>{{/evidence}}</tbody></table>
        </details>
        {{/findings}}
        </section>

        <section aria-labelledby="samples"><h2 id="samples">Sample ratings beside the consensus</h2>
        {{#hasSamples}}
        <div class="scroll"><table class="examples">
        <thead><tr><th scope="col">Rating</th><th scope="col">Item</th><th scope="col">Submitted</th><th scope="col" class="num">Took</th><th scope="col">Their answer</th><th scope="col">Consensus</th></tr></thead>
        <tbody>
        {{#samples}}<tr><td><code>{{ratingID}}</code>{{#gold}} <span class="chip">gold</span>{{/gold}}</td><td><code>{{itemID}}</code></td><td>{{submitted}}</td><td class="num">{{took}}</td>
        <td class="{{answerClass}}">{{answer}}</td><td>{{consensus}}</td></tr>
        {{/samples}}
        </tbody></table></div>
        {{/hasSamples}}
        {{^hasSamples}}<p class="muted">No ratings of theirs are stored.</p>{{/hasSamples}}
        </section>

        <section aria-labelledby="history"><h2 id="history">Status and weight across runs</h2>
        <div class="scroll"><table><thead><tr><th scope="col">Run</th><th scope="col">Finished</th><th scope="col">Status</th><th scope="col" class="num">Weight</th>
        <th scope="col" class="num">Gold correct</th><th scope="col" class="num">Gold accuracy</th><th scope="col" class="num">Findings</th></tr></thead>
        <tbody>
        {{#history}}<tr><td><code>{{runID}}</code></td><td>{{finished}}</td><td><span class="badge {{status}}">{{status}}</span></td><td class="num">{{weight}}</td>
        <td class="num">{{goldCounts}}</td><td class="num">{{goldAccuracy}}</td><td class="num">{{findings}}</td></tr>
        {{/history}}
        </tbody></table></div>
        </section>

        <section aria-labelledby="decisions"><h2 id="decisions">Decisions</h2>
        {{#noDecisions}}<p class="muted">No reviewer has decided on them yet.</p>{{/noDecisions}}
        <ul>{{#decisions}}<li><b>{{verdict}}</b> by {{actor}} on {{at}} — “{{note}}”</li>{{/decisions}}</ul>
        </section>
        {{/main}}{{/layout}}
        """
}
