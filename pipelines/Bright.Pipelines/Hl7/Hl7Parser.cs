using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Bright.Pipelines.Hl7;

/// <summary>
/// Parses HL7 v2 messages into segments with lazy field access. Segments may end in CR, LF or CRLF; blank
/// lines are skipped; delimiters come from MSH-1 and MSH-2. Checks only what every message needs (the
/// header, segment names, MSH-9 and MSH-10, no control characters); what a message type needs is the
/// mapper's business. Failures are values, never exceptions. Thread-safe (stateless).
/// </summary>
public static class Hl7Parser
{
    /// <summary>Parses UTF-8 bytes (Latin-1 when they are not valid UTF-8, as some NHS engines send).</summary>
    public static Hl7ParseResult Parse(ReadOnlySpan<byte> bytes) => Parse(Decode(bytes));

    /// <summary>Parses a possibly multi-segment buffer, such as one MLLP frame's payload.</summary>
    public static Hl7ParseResult Parse(in ReadOnlySequence<byte> bytes)
    {
        if (bytes.IsSingleSegment)
        {
            return Parse(bytes.FirstSpan);
        }

        var length = checked((int)bytes.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            bytes.CopyTo(rented);
            return Parse(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The text of <paramref name="bytes"/>: UTF-8 when valid, else Latin-1 (every byte is a character).</summary>
    public static string Decode(ReadOnlySpan<byte> bytes) =>
        Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);

    /// <summary>Parses <paramref name="text"/>.</summary>
    public static Hl7ParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        if (start == text.Length)
        {
            return Hl7ParseResult.Fail("MSH", start, "the message is empty");
        }

        if (!text.AsSpan(start).StartsWith("MSH", StringComparison.Ordinal))
        {
            var found = text.AsSpan(start, Math.Min(3, text.Length - start));
            return Hl7ParseResult.Fail("MSH", start, $"a message must start with an MSH segment, found '{Printable(found)}'");
        }

        if (start + 3 >= text.Length || IsLineEnd(text[start + 3]) || char.IsLetterOrDigit(text[start + 3]) || text[start + 3] == ' ')
        {
            return Hl7ParseResult.Fail("MSH-1", start + 3, "the field separator is missing");
        }

        var encodingResult = ReadEncoding(text, start, out var encoding);
        if (encodingResult is not null)
        {
            return encodingResult;
        }

        var segments = new List<Hl7Segment>(8);
        var position = start;
        while (position < text.Length)
        {
            var end = text.AsSpan(position).IndexOfAny('\r', '\n');
            var length = end < 0 ? text.Length - position : end;
            if (length > 0 && !text.AsSpan(position, length).IsWhiteSpace())
            {
                var error = CheckSegment(text, position, length, segments.Count + 1, encoding, out var name);
                if (error is not null)
                {
                    return error;
                }

                segments.Add(new Hl7Segment(text, position, length, name, segments.Count + 1, encoding));
            }

            position += length;
            if (position < text.Length && text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n')
            {
                position++;
            }

            position++;
        }

        var header = segments[0];
        if (!header.Field(9).Component(1).HasValue)
        {
            return Hl7ParseResult.Fail("MSH-9", header.Field(9).Position, "the message type is required");
        }

        if (!header.Field(10).HasValue)
        {
            return Hl7ParseResult.Fail("MSH-10", header.Field(10).Position, "the message control id is required");
        }

        return Hl7ParseResult.Ok(new Hl7Message(text, encoding, [.. segments]));
    }

    private static Hl7ParseResult? ReadEncoding(string text, int start, out Hl7Encoding encoding)
    {
        encoding = default;
        var field = text[start + 3];
        var from = start + 4;
        var span = text.AsSpan(from);
        var stop = span.IndexOfAny(field, '\r', '\n');
        var chars = stop < 0 ? span : span[..stop];

        // Four characters; HL7 v2.7 adds a fifth (truncation), which BRIGHT reads past.
        if (chars.Length is not (4 or 5))
        {
            return Hl7ParseResult.Fail("MSH-2", from,
                $"the encoding characters must be 4 (component, repetition, escape, sub-component), found '{Printable(chars)}'");
        }

        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (char.IsLetterOrDigit(c) || char.IsWhiteSpace(c) || c == field || chars[..i].Contains(c))
            {
                return Hl7ParseResult.Fail("MSH-2", from + i,
                    $"the encoding characters must be distinct punctuation other than the field separator, found '{Printable(chars)}'");
            }
        }

        if (stop < 0 || span[stop] != field)
        {
            return Hl7ParseResult.Fail("MSH-3", from + chars.Length, "the MSH segment ends after MSH-2");
        }

        encoding = new Hl7Encoding(field, chars[0], chars[1], chars[2], chars[3]);
        return null;
    }

    private static Hl7ParseResult? CheckSegment(string text, int position, int length, int index, Hl7Encoding encoding, out string name)
    {
        var span = text.AsSpan(position, length);
        var nameEnd = span.IndexOf(encoding.Field);
        var rawName = nameEnd < 0 ? span : span[..nameEnd];
        name = SegmentName(rawName);
        if (rawName.Length != 3 || !IsSegmentId(rawName))
        {
            var shown = Printable(rawName[..Math.Min(rawName.Length, 20)]);
            return Hl7ParseResult.Fail($"segment {index}", position, $"'{shown}' is not a segment id (three capital letters or digits)");
        }

        if (index == 1 != (name == "MSH"))
        {
            return Hl7ParseResult.Fail($"{name} segment {index}", position, "MSH may appear only once, as the first segment");
        }

        for (var i = 0; i < span.Length; i++)
        {
            if (char.IsControl(span[i]) && span[i] != '\t')
            {
                return Hl7ParseResult.Fail($"{name} segment {index}", position + i,
                    $"control character 0x{(int)span[i]:X2} is not allowed");
            }
        }

        return null;
    }

    private static bool IsSegmentId(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9')))
            {
                return false;
            }
        }

        return true;
    }

    // Common names are returned as literals so that parsing a message allocates no per-segment names.
    private static string SegmentName(ReadOnlySpan<char> name) => name switch
    {
        "MSH" => "MSH",
        "EVN" => "EVN",
        "PID" => "PID",
        "PD1" => "PD1",
        "PV1" => "PV1",
        "PV2" => "PV2",
        "NK1" => "NK1",
        "OBX" => "OBX",
        "OBR" => "OBR",
        "ORC" => "ORC",
        "AL1" => "AL1",
        "DG1" => "DG1",
        "SCH" => "SCH",
        "AIS" => "AIS",
        "AIL" => "AIL",
        "AIP" => "AIP",
        "RGS" => "RGS",
        "MSA" => "MSA",
        "ERR" => "ERR",
        "NTE" => "NTE",
        _ => name.ToString(),
    };

    private static bool IsLineEnd(char c) => c is '\r' or '\n';

    private static string Printable(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
