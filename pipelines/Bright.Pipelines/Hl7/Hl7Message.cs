namespace Bright.Pipelines.Hl7;

/// <summary>
/// A parsed HL7 v2 message: its text, delimiters and segments. Immutable and safe to share between threads.
/// Made by <see cref="Hl7Parser"/>, which has already checked MSH-1, MSH-2, MSH-9 and MSH-10.
/// </summary>
public sealed class Hl7Message
{
    private readonly Hl7Segment[] _segments;

    internal Hl7Message(string text, Hl7Encoding encoding, Hl7Segment[] segments)
    {
        Text = text;
        Encoding = encoding;
        _segments = segments;
    }

    /// <summary>The message text as received.</summary>
    public string Text { get; }

    /// <summary>The delimiters read from MSH-1 and MSH-2.</summary>
    public Hl7Encoding Encoding { get; }

    /// <summary>Every segment in order, Z-segments included (mapping ignores them).</summary>
    public IReadOnlyList<Hl7Segment> Segments => _segments;

    /// <summary>The MSH segment.</summary>
    public Hl7Segment Header => _segments[0];

    /// <summary>MSH-9.1, e.g. <c>ADT</c>.</summary>
    public string MessageType => Header.Field(9).Component(1).ToString();

    /// <summary>MSH-9.2, e.g. <c>A01</c>; empty when not sent.</summary>
    public string TriggerEvent => Header.Field(9).Component(2).ToString();

    /// <summary>MSH-10, the sender's control id (echoed in MSA-2).</summary>
    public string ControlId => Header.Field(10).ToString();

    /// <summary>MSH-11.1: <c>P</c> production, <c>T</c> training or test, <c>D</c> debugging.</summary>
    public string ProcessingId => Header.Field(11).Component(1).ToString();

    /// <summary>The first segment named <paramref name="name"/>, or null.</summary>
    public Hl7Segment? Find(string name)
    {
        foreach (var segment in _segments)
        {
            if (string.Equals(segment.Name, name, StringComparison.Ordinal))
            {
                return segment;
            }
        }

        return null;
    }

    /// <summary>Every segment named <paramref name="name"/>, in order.</summary>
    public IEnumerable<Hl7Segment> FindAll(string name) => _segments.Where(s => string.Equals(s.Name, name, StringComparison.Ordinal));

    /// <summary>The message text with every segment ended by CR, whatever terminators were received.</summary>
    public string ToCanonicalText() => string.Concat(_segments.Select(s => s.ToString() + "\r"));
}
