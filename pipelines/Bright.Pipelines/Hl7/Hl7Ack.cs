using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bright.Pipelines.Hl7;

/// <summary>
/// Builds the ACK for a message (DESIGN.md, MLLP contract): an MSH with sender and receiver swapped, then
/// <c>MSA|code|&lt;MSH-10&gt;</c>, and on AE or AR an <c>ERR</c> naming the location (ERR-2) and the reason
/// (ERR-3, ERR-8). Always written with the default delimiters. Thread-safe.
/// </summary>
public static partial class Hl7Ack
{
    /// <summary>HL7 table 0357 codes BRIGHT answers with.</summary>
    public static class ErrorCodes
    {
        /// <summary>A required field or segment is missing.</summary>
        public const string RequiredFieldMissing = "101";

        /// <summary>A value is malformed or not allowed.</summary>
        public const string DataTypeError = "102";

        /// <summary>The message type or trigger is not supported.</summary>
        public const string UnsupportedMessageType = "200";

        /// <summary>BRIGHT could not take the message (too large, unknown feed, store unavailable).</summary>
        public const string ApplicationInternalError = "207";
    }

    /// <summary>
    /// The ACK text (segments ended by CR) answering a message whose MSH fields are <paramref name="header"/>
    /// (null when even the MSH could not be read).
    /// </summary>
    public static string Build(Hl7AckCode code, Hl7AckHeader? header, string ackControlId, DateTimeOffset now, Hl7Issue? error = null,
        string? errorCode = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(ackControlId);
        var e = Hl7Encoding.Default;
        var h = header ?? Hl7AckHeader.Unknown;
        var builder = new StringBuilder(256);
        builder.Append("MSH|^~\\&|").Append(h.ReceivingApplication).Append('|').Append(h.ReceivingFacility).Append('|')
            .Append(h.SendingApplication).Append('|').Append(h.SendingFacility).Append('|')
            .Append(now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)).Append("+0000||ACK");
        if (h.TriggerEvent.Length > 0)
        {
            builder.Append('^').Append(h.TriggerEvent).Append("^ACK");
        }

        builder.Append('|').Append(Hl7Escape.Escape(ackControlId, e)).Append('|').Append(h.ProcessingId.Length > 0 ? h.ProcessingId : "P")
            .Append('|').Append(h.Version.Length > 0 ? h.Version : "2.4").Append('\r');
        builder.Append("MSA|").Append(code.ToString()).Append('|').Append(h.ControlId);
        if (error is not null)
        {
            builder.Append('|').Append(Hl7Escape.Escape(error.ToString(), e));
        }

        builder.Append('\r');
        if (error is not null)
        {
            var hl7Code = errorCode ?? ErrorCodes.DataTypeError;
            builder.Append("ERR||").Append(ErrorLocation(error.Location)).Append('|').Append(hl7Code).Append('^')
                .Append(Describe(hl7Code)).Append("^HL70357|E||||").Append(Hl7Escape.Escape(error.ToString(), e)).Append('\r');
        }

        return builder.ToString();
    }

    /// <summary>
    /// ERR-2 (ERL: segment^sequence^field^repetition^component) for a location such as <c>PV1-3.4</c>,
    /// <c>PV1 segment 2</c> or <c>PID</c>; empty when the location names no segment.
    /// </summary>
    public static string ErrorLocation(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var field = FieldLocation().Match(location);
        if (field.Success)
        {
            var erl = $"{field.Groups[1].Value}^1^{field.Groups[2].Value}";
            return field.Groups[3].Success ? $"{erl}^1^{field.Groups[3].Value}" : erl;
        }

        var segment = SegmentLocation().Match(location);
        return segment.Success ? $"{segment.Groups[1].Value}^{(segment.Groups[2].Success ? segment.Groups[2].Value : "1")}" : string.Empty;
    }

    private static string Describe(string code) => code switch
    {
        ErrorCodes.RequiredFieldMissing => "Required field missing",
        ErrorCodes.UnsupportedMessageType => "Unsupported message type",
        ErrorCodes.ApplicationInternalError => "Application internal error",
        _ => "Data type error",
    };

    [GeneratedRegex(@"^([A-Z0-9]{3})-(\d+)(?:\.(\d+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldLocation();

    [GeneratedRegex(@"^([A-Z0-9]{3})(?: segment (\d+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex SegmentLocation();
}

/// <summary>The MSH fields an ACK needs, raw as sent (so they need no re-escaping).</summary>
public sealed record Hl7AckHeader(string SendingApplication, string SendingFacility, string ReceivingApplication, string ReceivingFacility,
    string TriggerEvent, string ControlId, string ProcessingId, string Version)
{
    /// <summary>For a message whose MSH could not be read at all.</summary>
    public static Hl7AckHeader Unknown { get; } = new("", "", "", "", "", "", "P", "2.4");

    /// <summary>The fields of a parsed message.</summary>
    public static Hl7AckHeader From(Hl7Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var msh = message.Header;
        return new Hl7AckHeader(Copy(msh.Field(3), message), Copy(msh.Field(4), message), Copy(msh.Field(5), message),
            Copy(msh.Field(6), message),
            Copy(msh.Field(9).Component(2), message), Copy(msh.Field(10), message), Copy(msh.Field(11).Component(1), message),
            Copy(msh.Field(12).Component(1), message));
    }

    /// <summary>
    /// Reads what it can of the first line of text that failed to parse (or was too large to parse), so the
    /// refusal still echoes MSH-10 and reaches the right sender. Fields are read with the message's own
    /// separator and copied only when they carry no delimiter that would differ in the ACK and no control
    /// character (which would make the ACK itself unreadable).
    /// </summary>
    public static Hl7AckHeader ReadLoosely(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.IndexOf("MSH", StringComparison.Ordinal);
        if (start < 0 || start + 8 > text.Length)
        {
            return Unknown;
        }

        var end = text.AsSpan(start).IndexOfAny('\r', '\n');
        var line = end < 0 ? text[start..] : text.Substring(start, end);
        if (line.Length < 9)
        {
            return Unknown;
        }

        var standard = line.AsSpan(3).StartsWith("|^~\\&", StringComparison.Ordinal);
        var parts = line.Split(line[3]);
        string Part(int field) => field < parts.Length && !HasControl(parts[field]) && (standard || IsPlain(parts[field])) ? parts[field] : string.Empty;
        var type = parts.Length > 8 ? parts[8].Split(standard ? '^' : line[4]) : [];
        var trigger = type.Length > 1 && IsPlain(type[1]) && !HasControl(type[1]) ? type[1] : string.Empty;
        return new Hl7AckHeader(Part(2), Part(3), Part(4), Part(5), trigger, Part(9), Part(10), Part(11));
    }

    private static readonly System.Buffers.SearchValues<char> Delimiters = System.Buffers.SearchValues.Create("|^~\\&");

    private static bool IsPlain(string value) => !value.AsSpan().ContainsAny(Delimiters);

    private static bool HasControl(string value) => value.Any(char.IsControl);

    // With the default delimiters the raw text is already right for the ACK. Otherwise each of the sender's
    // delimiters becomes its default twin (escape sequences keep their codes, so they carry over too) and a
    // default delimiter that was data in the sender's text is escaped.
    private static string Copy(Hl7Field field, Hl7Message message)
    {
        var from = message.Encoding;
        if (from == Hl7Encoding.Default)
        {
            return field.Raw.ToString();
        }

        var to = Hl7Encoding.Default;
        var builder = new StringBuilder(field.Length);
        foreach (var c in field.Raw)
        {
            if (c == from.Component || c == from.Repetition || c == from.Escape || c == from.SubComponent)
            {
                builder.Append(c == from.Component ? to.Component : c == from.Repetition ? to.Repetition
                    : c == from.Escape ? to.Escape : to.SubComponent);
            }
            else if (to.IsDelimiter(c))
            {
                builder.Append(Hl7Escape.Escape(c.ToString(), to));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
