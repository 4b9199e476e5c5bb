namespace Bright.Pipelines.Hl7;

/// <summary>
/// The five delimiters of an HL7 v2 message: MSH-1 is the field separator, MSH-2 the component, repetition,
/// escape and sub-component characters, in that order (DOMAIN.md §7.1).
/// </summary>
public readonly record struct Hl7Encoding(char Field, char Component, char Repetition, char Escape, char SubComponent)
{
    /// <summary>The usual <c>|^~\&amp;</c>.</summary>
    public static Hl7Encoding Default { get; } = new('|', '^', '~', '\\', '&');

    /// <summary>Whether <paramref name="c"/> is one of the five delimiters.</summary>
    public bool IsDelimiter(char c) => c == Field || c == Component || c == Repetition || c == Escape || c == SubComponent;
}
