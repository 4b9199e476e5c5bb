namespace Bright.Analytics.Spc;

/// <summary>What is wrong with one field of a request.</summary>
/// <param name="Field">The field's path, e.g. <c>points[3].value</c> (indexes are those of the request).</param>
/// <param name="Reason">Why it was refused, including the offending value.</param>
public sealed record SpcValidationError(string Field, string Reason)
{
    /// <summary>The error as one line, <c>field: reason</c>.</summary>
    public override string ToString() => $"{Field}: {Reason}";
}

/// <summary>
/// Either a result or every validation error of the request: expected failures are values, not
/// exceptions (STYLE.md §8). The server answers errors with 400 ProblemDetails naming each field.
/// </summary>
public sealed class SpcOutcome
{
    private SpcOutcome(SpcResult? result, IReadOnlyList<SpcValidationError> errors)
    {
        Result = result;
        Errors = errors;
    }

    /// <summary>The analysis; null exactly when <see cref="Errors"/> is not empty.</summary>
    public SpcResult? Result { get; }

    /// <summary>Every problem found, in request order; empty on success.</summary>
    public IReadOnlyList<SpcValidationError> Errors { get; }

    /// <summary>Whether the request was valid and <see cref="Result"/> is set.</summary>
    public bool Succeeded => Result is not null;

    internal static SpcOutcome Success(SpcResult result) => new(result, []);

    internal static SpcOutcome Failure(IReadOnlyList<SpcValidationError> errors) => new(null, errors);
}
