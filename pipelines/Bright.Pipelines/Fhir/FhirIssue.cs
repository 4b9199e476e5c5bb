using Hl7.Fhir.Model;

namespace Bright.Pipelines.Fhir;

/// <summary>One problem with a resource: where (a FHIRPath expression) and what, and its OperationOutcome type.</summary>
/// <param name="Expression">Where, e.g. <c>Encounter.period.end</c>.</param>
/// <param name="Message">What was wrong, starting with the expression and naming the offending value.</param>
/// <param name="Type">The OperationOutcome issue type (invalid, required, not-supported, ...).</param>
public sealed record FhirIssue(string Expression, string Message, OperationOutcome.IssueType Type)
{
    public static FhirIssue Invalid(string expression, string text) => new(expression, $"{expression}: {text}", OperationOutcome.IssueType.Invalid);

    public static FhirIssue Required(string expression, string text) => new(expression, $"{expression}: {text}", OperationOutcome.IssueType.Required);

    public static FhirIssue NotSupported(string expression, string text) =>
        new(expression, $"{expression}: {text}", OperationOutcome.IssueType.NotSupported);

    public static FhirIssue Unknown(string expression, string text) => new(expression, $"{expression}: {text}", OperationOutcome.IssueType.NotFound);
}
