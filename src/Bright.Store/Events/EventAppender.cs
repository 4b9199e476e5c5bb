using System.Buffers;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Bright.Store.Events;

/// <summary>Appends canonical events to the <c>events</c> table through DuckDB's appender.</summary>
internal static class EventAppender
{
    /// <summary>Appends <paramref name="events"/> in one transaction: all are stored, or none.</summary>
    public static void AppendInTransaction(DuckDBConnection connection, IReadOnlyList<HospitalEvent> events)
    {
        using var transaction = connection.BeginTransaction();
        Append(connection, events);
        transaction.Commit();
    }

    /// <summary>Appends <paramref name="events"/> in the connection's current transaction (or autocommit).</summary>
    public static void Append(DuckDBConnection connection, IReadOnlyList<HospitalEvent> events)
    {
        using var appender = connection.CreateAppender("events");
        var json = new ArrayBufferWriter<byte>(256);
        foreach (var e in events)
        {
            var row = appender.CreateRow()
                .AppendValue(e.EventId)
                .AppendValue(e.OccurredAt.UtcDateTime)
                .AppendValue(e.ReceivedAt.UtcDateTime)
                .AppendValue(e.Source)
                .AppendValue(e.Site)
                .AppendValue(KindNames.Of(e.Kind))
                .AppendValue(e.Subject)
                .AppendValue(e.Location)
                .AppendValue(e.Code)
                .AppendValue(e.Value);
            if (e.Attributes.Count == 0)
            {
                row.AppendNullValue();
            }
            else
            {
                row.AppendValue(AttributesJson.Write(e.Attributes, json));
            }

            row.EndRow();
        }
    }
}

/// <summary>Kind names without an allocation per event.</summary>
internal static class KindNames
{
    private static readonly string[] Names = Enum.GetNames<EventKind>();

    public static string Of(EventKind kind) => Names[(int)kind];
}

/// <summary>Writes and reads the <c>attributes</c> column: a flat JSON object of strings.</summary>
internal static class AttributesJson
{
    public static string Write(IReadOnlyDictionary<string, string> attributes, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in attributes)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyDictionary<string, string> Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return HospitalEvent.NoAttributes;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }

        return result;
    }
}
