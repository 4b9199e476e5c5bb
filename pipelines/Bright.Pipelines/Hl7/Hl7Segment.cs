namespace Bright.Pipelines.Hl7;

/// <summary>
/// One segment of a parsed message. Fields are found on demand by scanning the segment, so a message pays
/// only for the fields its reader asks for. <c>MSH</c> is offset by one: MSH-1 is the field separator itself
/// and MSH-2 the encoding characters (DOMAIN.md §7.1).
/// </summary>
public readonly struct Hl7Segment
{
    private readonly string _text;
    private readonly int _start;
    private readonly int _length;
    private readonly Hl7Encoding _encoding;

    internal Hl7Segment(string text, int start, int length, string name, int index, Hl7Encoding encoding)
    {
        _text = text;
        _start = start;
        _length = length;
        _encoding = encoding;
        Name = name;
        Index = index;
    }

    /// <summary>The three-character segment id, e.g. <c>PV1</c>.</summary>
    public string Name { get; }

    /// <summary>1-based position of the segment in the message.</summary>
    public int Index { get; }

    /// <summary>Zero-based offset of the segment in the message text.</summary>
    public int Position => _start;

    /// <summary>The segment as sent.</summary>
    public ReadOnlySpan<char> Raw => _text.AsSpan(_start, _length);

    /// <summary>Whether this is a site-defined Z-segment, which BRIGHT ignores.</summary>
    public bool IsZSegment => Name.StartsWith('Z');

    /// <summary>Field <paramref name="number"/> (1-based, as in <c>PV1-3</c>); empty when not present.</summary>
    public Hl7Field Field(int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        var isHeader = Name is "MSH" or "BHS" or "FHS";
        if (isHeader && number <= 2)
        {
            // MSH-1 is the character after the name; MSH-2 runs to the next field separator.
            if (number == 1)
            {
                return new Hl7Field(_text, _start + 3, 1, _encoding, Hl7Field.Level.Literal);
            }

            var end = Raw[4..].IndexOf(_encoding.Field);
            return new Hl7Field(_text, _start + 4, end < 0 ? _length - 4 : end, _encoding, Hl7Field.Level.Literal);
        }

        // After splitting on the separator, piece k is field k, except in MSH where piece k is MSH-(k+1).
        var piece = isHeader ? number - 1 : number;
        var span = Raw;
        var offset = 0;
        for (var i = 0; i < piece; i++)
        {
            var next = span[offset..].IndexOf(_encoding.Field);
            if (next < 0)
            {
                return new Hl7Field(_text, _start + _length, 0, _encoding, Hl7Field.Level.Field);
            }

            offset += next + 1;
        }

        var length = span[offset..].IndexOf(_encoding.Field);
        return new Hl7Field(_text, _start + offset, length < 0 ? span.Length - offset : length, _encoding, Hl7Field.Level.Field);
    }

    /// <summary>How many fields the segment carries (for MSH, counting MSH-1).</summary>
    public int FieldCount => Raw.Count(_encoding.Field) + (Name is "MSH" or "BHS" or "FHS" ? 1 : 0);

    /// <inheritdoc />
    public override string ToString() => Raw.ToString();
}
