using Microsoft.Extensions.Options;

namespace Bright.Store;

/// <summary>
/// Validates an options class by its own list of problems, reporting every one at once so that a bad
/// setting stops start-up with a message naming each key and value.
/// </summary>
/// <typeparam name="TOptions">The options class.</typeparam>
/// <param name="problems">Lists the problems of one instance; empty when valid.</param>
public sealed class ListedOptionsValidator<TOptions>(Func<TOptions, IEnumerable<string>> problems) : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var failures = problems(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
