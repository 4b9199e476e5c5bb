using Hl7.Fhir.Model;

namespace Bright.Pipelines.Fhir;

/// <summary>Builds the OperationOutcome resources BRIGHT answers with.</summary>
internal static class FhirOutcomes
{
    public static OperationOutcome Errors(IEnumerable<FhirIssue> issues) => new()
    {
        Issue = [.. issues.Select(i => new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = i.Type,
            Diagnostics = i.Message,
            Expression = string.IsNullOrEmpty(i.Expression) ? [] : [i.Expression],
        })],
    };

    public static OperationOutcome Information(string text, IEnumerable<string>? warnings = null)
    {
        var outcome = new OperationOutcome
        {
            Issue = [new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Information,
                Code = OperationOutcome.IssueType.Informational,
                Diagnostics = text,
            }],
        };
        foreach (var warning in warnings ?? [])
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Warning,
                Code = OperationOutcome.IssueType.Informational,
                Diagnostics = warning,
            });
        }

        return outcome;
    }
}
