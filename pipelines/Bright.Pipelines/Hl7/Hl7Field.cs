namespace Bright.Pipelines.Hl7;

/// <summary>
/// A slice of a message: a field, one repetition, a component or a sub-component. Splitting is lazy and
/// allocation-free; only <see cref="Value"/> and <see cref="ToString"/> allocate the unescaped string.
/// Positions are 1-based, as in HL7 (<c>PV1-3.4</c> is <c>Field(3).Component(4)</c>); a position past the
/// end gives an empty slice.
/// </summary>
public readonly struct Hl7Field
{
    private readonly string? _text;
    private readonly int _start;
    private readonly Hl7Encoding _encoding;
    private readonly Level _level;

    internal Hl7Field(string text, int start, int length, Hl7Encoding encoding, Level level)
    {
        _text = text;
        _start = start;
        Length = length;
        _encoding = encoding;
        _level = level;
    }

    internal enum Level : byte
    {
        Field,
        Repetition,
        Component,
        SubComponent,

        // MSH-1 and MSH-2 hold delimiters themselves: never split or unescaped.
        Literal,
    }

    /// <summary>The slice's length in characters, before unescaping.</summary>
    public int Length { get; }

    /// <summary>Zero-based offset of the slice in the message text (for error positions).</summary>
    public int Position => _start;

    /// <summary>The text as sent, with escapes and delimiters.</summary>
    public ReadOnlySpan<char> Raw => _text is null ? [] : _text.AsSpan(_start, Length);

    /// <summary>Not sent: an empty slice ("leave the value as it is").</summary>
    public bool IsEmpty => Length == 0;

    /// <summary>The HL7 null <c>""</c>: the sender says "delete the value".</summary>
    public bool IsNull => Raw is "\"\"";

    /// <summary>Neither empty nor the HL7 null.</summary>
    public bool HasValue => !IsEmpty && !IsNull;

    /// <summary>The unescaped text; null when empty or the HL7 null.</summary>
    public string? Value => HasValue ? ToString() : null;

    /// <summary>How many repetitions the field has (0 when empty).</summary>
    public int RepetitionCount => _level != Level.Field || IsEmpty ? (IsEmpty ? 0 : 1) : Raw.Count(_encoding.Repetition) + 1;

    /// <summary>The <paramref name="index"/>th repetition (1-based) of a field.</summary>
    public Hl7Field Repetition(int index) =>
        _level == Level.Field ? Piece(_encoding.Repetition, index, Level.Repetition) : index == 1 ? this : Empty;

    /// <summary>The <paramref name="index"/>th component (1-based); of a field, that of its first repetition.</summary>
    public Hl7Field Component(int index) => _level switch
    {
        Level.Field => Repetition(1).Component(index),
        Level.Repetition => Piece(_encoding.Component, index, Level.Component),
        _ => index == 1 ? this : Empty,
    };

    /// <summary>The <paramref name="index"/>th sub-component (1-based) of the first component, or of this component.</summary>
    public Hl7Field SubComponent(int index) => _level switch
    {
        Level.Field or Level.Repetition => Component(1).SubComponent(index),
        Level.Component => Piece(_encoding.SubComponent, index, Level.SubComponent),
        _ => index == 1 ? this : Empty,
    };

    /// <summary>The unescaped text (empty when not sent; <c>""</c> for the HL7 null).</summary>
    public override string ToString() => _level == Level.Literal ? Raw.ToString() : Hl7Escape.Unescape(Raw, _encoding);

    private Hl7Field Empty => new(_text ?? string.Empty, _start + Length, 0, _encoding, Level.SubComponent);

    private Hl7Field Piece(char separator, int index, Level level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(index, 1);
        var span = Raw;
        var offset = 0;
        for (var i = 1; i < index; i++)
        {
            var next = span[offset..].IndexOf(separator);
            if (next < 0)
            {
                return Empty;
            }

            offset += next + 1;
        }

        var length = span[offset..].IndexOf(separator);
        return new Hl7Field(_text!, _start + offset, length < 0 ? span.Length - offset : length, _encoding, level);
    }
}
