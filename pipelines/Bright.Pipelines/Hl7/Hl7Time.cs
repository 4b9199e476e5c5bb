using System.Globalization;
using Bright.Core.Time;

namespace Bright.Pipelines.Hl7;

/// <summary>How much of an HL7 time was sent (DOMAIN.md §7.1: keep the precision that was sent).</summary>
public enum Hl7TimePrecision
{
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    FractionOfSecond,
}

/// <summary>What reading a UK wall-clock time had to decide (DOMAIN.md §7.1).</summary>
public enum Hl7DstAdjustment
{
    /// <summary>An offset was sent, or the wall-clock time was unambiguous.</summary>
    None,

    /// <summary>The time fell in the skipped spring hour and was moved forward an hour.</summary>
    Gap,

    /// <summary>The time fell in the repeated autumn hour and was read as BST.</summary>
    Overlap,
}

/// <summary>An HL7 time read as an instant.</summary>
/// <param name="Instant">The instant, in UTC.</param>
/// <param name="Precision">The precision sent.</param>
/// <param name="HadOffset">Whether the sender gave an offset; if not, the time was read as Europe/London.</param>
/// <param name="Dst">Whether reading it as Europe/London met a daylight-saving gap or overlap.</param>
public readonly record struct Hl7Timestamp(DateTimeOffset Instant, Hl7TimePrecision Precision, bool HadOffset, Hl7DstAdjustment Dst);

/// <summary>Reads HL7 v2 times <c>YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]</c>. Thread-safe.</summary>
public static class Hl7Time
{
    /// <summary>The format, as named in error messages.</summary>
    public const string Format = "YYYY[MM[DD[HH[MM[SS[.S]]]]]][+/-ZZZZ]";

    /// <summary>
    /// Reads <paramref name="text"/>; a time without an offset is Europe/London wall-clock time
    /// (<see cref="UkTime.FromLocal"/>). False when it is not a valid time.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Hl7Timestamp timestamp)
    {
        timestamp = default;
        var offsetAt = text.IndexOfAny('+', '-');
        var body = offsetAt < 0 ? text : text[..offsetAt];
        var fraction = ReadOnlySpan<char>.Empty;
        var dot = body.IndexOf('.');
        if (dot >= 0)
        {
            fraction = body[(dot + 1)..];
            body = body[..dot];
            if (body.Length != 14 || fraction.Length is < 1 or > 4 || !IsDigits(fraction))
            {
                return false;
            }
        }

        if (body.Length is not (4 or 6 or 8 or 10 or 12 or 14) || !IsDigits(body))
        {
            return false;
        }

        var year = int.Parse(body[..4], CultureInfo.InvariantCulture);
        int month = Part(body, 4, 1), day = Part(body, 6, 1);
        int hour = Part(body, 8, 0), minute = Part(body, 10, 0), second = Part(body, 12, 0);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var ticks = fraction.IsEmpty ? 0 : int.Parse(fraction, CultureInfo.InvariantCulture) * (int)Math.Pow(10, 7 - fraction.Length);
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks);
        var precision = dot >= 0 ? Hl7TimePrecision.FractionOfSecond : (Hl7TimePrecision)((body.Length - 4) / 2);

        if (offsetAt >= 0)
        {
            var zone = text[(offsetAt + 1)..];
            if (zone.Length != 4 || !IsDigits(zone))
            {
                return false;
            }

            var hours = int.Parse(zone[..2], CultureInfo.InvariantCulture);
            var minutes = int.Parse(zone[2..], CultureInfo.InvariantCulture);
            if (hours > 14 || minutes > 59)
            {
                return false;
            }

            var offset = new TimeSpan(hours, minutes, 0) * (text[offsetAt] == '-' ? -1 : 1);
            timestamp = new Hl7Timestamp(new DateTimeOffset(local, offset).ToUniversalTime(), precision, true, Hl7DstAdjustment.None);
            return true;
        }

        var dst = UkTime.Zone.IsInvalidTime(local) ? Hl7DstAdjustment.Gap
            : UkTime.Zone.IsAmbiguousTime(local) ? Hl7DstAdjustment.Overlap : Hl7DstAdjustment.None;
        timestamp = new Hl7Timestamp(UkTime.FromLocal(local), precision, false, dst);
        return true;
    }

    /// <summary>An instant as an ISO 8601 UTC string for attributes, e.g. <c>2013-02-11T10:00:52Z</c>.</summary>
    public static string ToIso(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static int Part(ReadOnlySpan<char> body, int at, int fallback) =>
        body.Length > at ? int.Parse(body.Slice(at, 2), CultureInfo.InvariantCulture) : fallback;

    private static bool IsDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');
}
