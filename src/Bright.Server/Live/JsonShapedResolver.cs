using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace Bright.Server.Live;

/// <summary>
/// MessagePack for the hub's payloads, field for field the document the JSON protocol sends: every payload (a topic's view,
/// a delta's <see cref="JsonNode"/>, a record) is written as the map the hub's JSON settings make of it, with the same
/// camelCase keys, enums as their names and times as ISO 8601 strings. So a screen reads one contract in either protocol;
/// MessagePack only makes it smaller and quicker to parse. Primitives (topic names, versions) and the client's
/// <c>Subscribe</c> arguments keep MessagePack's own formatters.
/// </summary>
internal sealed class JsonShapedResolver(JsonSerializerOptions json) : IFormatterResolver
{
    private readonly IFormatterResolver _primitives = CompositeResolver.Create(BuiltinResolver.Instance, DynamicGenericResolver.Instance);
    private readonly ConcurrentDictionary<Type, object> _formatters = new();

    public static MessagePackSerializerOptions Options(JsonSerializerOptions json) =>
        MessagePackSerializerOptions.Standard.WithResolver(new JsonShapedResolver(json)).WithSecurity(MessagePackSecurity.UntrustedData);

    public IMessagePackFormatter<T>? GetFormatter<T>() =>
        _primitives.GetFormatter<T>() ?? (IMessagePackFormatter<T>)_formatters.GetOrAdd(typeof(T), static (_, json) => new JsonShapedFormatter<T>(json), json);

    private sealed class JsonShapedFormatter<T>(JsonSerializerOptions json) : IMessagePackFormatter<T>
    {
        public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options)
        {
            switch (value)
            {
                case null:
                    writer.WriteNil();
                    break;
                case JsonNode node:
                    Write(ref writer, node);
                    break;
                default:
                    Write(ref writer, JsonSerializer.SerializeToElement(value, value.GetType(), json));
                    break;
            }
        }

        public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
            throw new MessagePackSerializationException(
                $"The live hub reads only topic names from its clients; it cannot read a {typeof(T).Name} over MessagePack.");

        private static void Write(ref MessagePackWriter writer, JsonNode? node)
        {
            switch (node)
            {
                case null:
                    writer.WriteNil();
                    break;
                case JsonObject o:
                    writer.WriteMapHeader(o.Count);
                    foreach (var (key, child) in o)
                    {
                        writer.Write(key);
                        Write(ref writer, child);
                    }

                    break;
                case JsonArray a:
                    writer.WriteArrayHeader(a.Count);
                    foreach (var child in a)
                    {
                        Write(ref writer, child);
                    }

                    break;
                case JsonValue v when v.TryGetValue<JsonElement>(out var element):
                    Write(ref writer, element);
                    break;
                case JsonValue v:
                    WriteValue(ref writer, v);
                    break;
            }
        }

        private static void WriteValue(ref MessagePackWriter writer, JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.String:
                    writer.Write(value.GetValue<string>());
                    break;
                case JsonValueKind.True:
                    writer.Write(true);
                    break;
                case JsonValueKind.False:
                    writer.Write(false);
                    break;
                case JsonValueKind.Number when value.TryGetValue<long>(out var whole):
                    writer.Write(whole);
                    break;
                case JsonValueKind.Number when value.TryGetValue<int>(out var small):
                    writer.Write(small);
                    break;
                case JsonValueKind.Number:
                    writer.Write(value.GetValue<double>());
                    break;
                default:
                    // A value built from an unusual CLR type: its JSON says what it is.
                    Write(ref writer, JsonSerializer.SerializeToElement(value));
                    break;
            }
        }

        private static void Write(ref MessagePackWriter writer, JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var count = 0;
                    foreach (var _ in element.EnumerateObject())
                    {
                        count++;
                    }

                    writer.WriteMapHeader(count);
                    foreach (var property in element.EnumerateObject())
                    {
                        writer.Write(property.Name);
                        Write(ref writer, property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    writer.WriteArrayHeader(element.GetArrayLength());
                    foreach (var item in element.EnumerateArray())
                    {
                        Write(ref writer, item);
                    }

                    break;
                case JsonValueKind.String:
                    writer.Write(element.GetString());
                    break;
                case JsonValueKind.Number when element.TryGetInt64(out var whole):
                    writer.Write(whole);
                    break;
                case JsonValueKind.Number:
                    writer.Write(element.GetDouble());
                    break;
                case JsonValueKind.True:
                    writer.Write(true);
                    break;
                case JsonValueKind.False:
                    writer.Write(false);
                    break;
                default:
                    writer.WriteNil();
                    break;
            }
        }
    }
}
