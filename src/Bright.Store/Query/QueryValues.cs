using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Bright.Store.Query;

/// <summary>
/// How DuckDB values read through DuckDB.NET appear in answers: numbers as JSON numbers (HUGEINT and DECIMAL
/// included, exact), instants in ISO 8601 UTC, lists as arrays, structs and maps as objects, blobs in base64.
/// </summary>
internal static class QueryValues
{
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    public static void WriteJson(Utf8JsonWriter writer, object? value, bool isJsonColumn = false)
    {
        switch (value)
        {
            case null or DBNull:
                writer.WriteNullValue();
                break;
            case string text when isJsonColumn:
                writer.WriteRawValue(text);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case double d when !double.IsFinite(d):
                writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                break;
            case float f when !float.IsFinite(f):
                writer.WriteStringValue(f.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case float f:
                writer.WriteNumberValue(f);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case long or int or short or sbyte or byte or ushort or uint or ulong or BigInteger:
                writer.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    WriteJson(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case Stream stream:
                writer.WriteBase64StringValue(ReadAll(stream));
                break;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteJson(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Text(value));
                break;
        }
    }

    /// <summary>The value as text for CSV and Arrow strings: scalars invariant, lists, structs and maps as JSON.</summary>
    public static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string text => text,
        bool flag => flag ? "true" : "false",
        DateTime instant => DateTime.SpecifyKind(instant, DateTimeKind.Utc).ToString(InstantFormat, CultureInfo.InvariantCulture),
        DateTimeOffset instant => instant.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        Stream stream => Convert.ToBase64String(ReadAll(stream)),
        byte[] bytes => Convert.ToBase64String(bytes),
        IEnumerable => AsJson(value),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string AsJson(object value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer, value);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
