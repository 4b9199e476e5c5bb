namespace Bright.Analytics.State.Alerts;

/// <summary>
/// One subject's value of a measure at an evaluation: what alert rules test. Built from the boards' views, OPEL, the
/// KPIs' SPC results and the ingest monitor; never carries a subject key of a patient.
/// </summary>
/// <param name="Measure">One of <see cref="AlertMeasures.All"/>.</param>
/// <param name="Site">The site's code, or <c>trust</c> for a trust-wide subject (a KPI, a feed).</param>
/// <param name="Location">Where, e.g. <c>RQ6/ed/MAJORS</c>, <c>kpis/ed-4h</c>, <c>feeds/PAS</c>.</param>
/// <param name="Subject">Identifies the subject within the measure (its location and since when); keys the alert.</param>
/// <param name="Number">A numeric measure's value; null for a categorical one.</param>
/// <param name="Category">A categorical measure's value; null for a numeric one.</param>
/// <param name="Describe">The message a person reads, given the rule that raised it (its threshold may appear).</param>
/// <param name="Sticky">Whether the alert stays until acknowledged once raised (an OPEL change).</param>
/// <param name="Owner">Who owns the subject (a KPI's owner, a feed's owner), when it has one.</param>
/// <param name="Contact">How to reach the owner, when known.</param>
public sealed record AlertSignal(string Measure, string Site, string Location, string Subject, double? Number, string? Category,
    Func<AlertRule, string> Describe, bool Sticky = false, string? Owner = null, string? Contact = null);
