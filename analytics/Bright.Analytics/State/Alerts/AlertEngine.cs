namespace Bright.Analytics.State.Alerts;

/// <summary>
/// Interprets alert rules as data: for each enabled rule, the signals of its measure (at its sites) whose value meets
/// its condition and has met it for its duration become candidates. Rules of one group raise one candidate per subject,
/// from the most severe rule that holds (the later rule on a tie). Remembers since when each condition holds; a
/// condition that stops holding starts its duration again. Pure apart from that memory; not thread-safe.
/// </summary>
public sealed class AlertEngine
{
    private Dictionary<(string Rule, string Subject), DateTimeOffset> _since = [];

    /// <summary>The alerts that <paramref name="rules"/> raise from <paramref name="signals"/> at <paramref name="now"/>.</summary>
    public IReadOnlyList<AlertCandidate> Evaluate(IReadOnlyList<AlertRule> rules, IEnumerable<AlertSignal> signals, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(signals);
        var byMeasure = signals.ToLookup(s => s.Measure, StringComparer.Ordinal);
        var since = new Dictionary<(string, string), DateTimeOffset>();
        var chosen = new Dictionary<string, (int Rank, int Order, AlertRule Rule, AlertSignal Signal)>(StringComparer.Ordinal);
        for (var order = 0; order < rules.Count; order++)
        {
            var rule = rules[order];
            if (!rule.Enabled)
            {
                continue;
            }

            foreach (var signal in byMeasure[rule.Measure!])
            {
                if ((rule.Sites.Count > 0 && !rule.Sites.Contains(signal.Site, StringComparer.Ordinal)) || !rule.Holds(signal))
                {
                    continue;
                }

                var held = since[(rule.Id!, signal.Subject)] = _since.GetValueOrDefault((rule.Id!, signal.Subject), now);
                if (now - held < TimeSpan.FromMinutes(rule.ForMinutes))
                {
                    continue;
                }

                var key = rule.GroupKey + ":" + signal.Subject;
                var rank = Rank(rule.SeverityOf(signal));
                if (!chosen.TryGetValue(key, out var best) || rank <= best.Rank)
                {
                    chosen[key] = (rank, order, rule, signal);
                }
            }
        }

        _since = since;
        return [.. chosen.OrderBy(c => c.Value.Order).Select(c => Candidate(c.Key, c.Value.Rule, c.Value.Signal))];
    }

    /// <summary>Forgets since when conditions held (a rebuilt state starts them again).</summary>
    public void Reset() => _since = [];

    private static AlertCandidate Candidate(string key, AlertRule rule, AlertSignal signal) =>
        new(key, rule.Id!, rule.SeverityOf(signal), signal.Site, signal.Location, signal.Describe(rule), signal.Sticky)
        {
            RuleName = rule.Name,
            Roles = rule.Roles,
            Sites = rule.Sites,
            Owner = signal.Owner,
            Contact = signal.Contact,
        };

    private static int Rank(string severity) => severity switch { AlertSeverity.Critical => 0, AlertSeverity.Warning => 1, _ => 2 };
}
