using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Bright.Server.Live;
using MessagePack;
using MessagePack.Resolvers;

namespace Bright.Server.Tests.Live;

[TestFixture]
public sealed class JsonShapedResolverTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly MessagePackSerializerOptions Options = JsonShapedResolver.Options(Json);

    [Test]
    public void A_record_is_written_as_the_map_its_json_is_with_the_same_keys_names_and_times()
    {
        var at = new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero);
        var payload = new Sample("W1", DayOfWeek.Thursday, at, null, 0.92, 30, [new SampleRow("B01", 1.5)]);

        var read = Read(MessagePackSerializer.Serialize<object>(payload, Options));

        var expected = JsonNode.Parse(
            """{"code":"W1","day":"Thursday","since":"2026-11-26T09:30:00+00:00","reason":null,"occupancy":0.92,"beds":30,"rows":[{"code":"B01","value":1.5}]}""");
        Assert.That(JsonNode.DeepEquals(read, expected), Is.True, read.ToJsonString());
    }

    [Test]
    public void A_json_node_is_written_as_itself_whether_parsed_or_built_from_values()
    {
        var node = JsonSerializer.SerializeToNode(new SampleRow("B02", 2), Json)!;
        node["removed"] = new JsonArray(JsonValue.Create("W9"), JsonValue.Create(7), JsonValue.Create(true), JsonValue.Create(0.25), null);

        var read = Read(MessagePackSerializer.Serialize<object>(node, Options));

        Assert.That(read.ToJsonString(), Is.EqualTo("""{"code":"B02","value":2,"removed":["W9",7,true,0.25,null]}"""));
    }

    [Test]
    public void Topic_names_and_versions_keep_their_own_formatters()
    {
        Assert.That(MessagePackSerializer.Deserialize<string>(MessagePackSerializer.Serialize("beds:RQ6", Options), Options), Is.EqualTo("beds:RQ6"));
        Assert.That(MessagePackSerializer.Deserialize<long>(MessagePackSerializer.Serialize(42L, Options), Options), Is.EqualTo(42));
        Assert.That(MessagePackSerializer.Deserialize<string[]>(MessagePackSerializer.Serialize(new[] { "opel" }, Options), Options),
            Is.EqualTo(new[] { "opel" }));
    }

    [Test]
    public void Reading_a_payload_type_is_refused_naming_it()
    {
        var bytes = MessagePackSerializer.Serialize<object>(new SampleRow("B03", 3), Options);

        var error = Assert.Throws<MessagePackSerializationException>(() => MessagePackSerializer.Deserialize<SampleRow>(bytes, Options));

        Assert.That(error!.InnerException?.Message ?? error.Message,
            Is.EqualTo("The live hub reads only topic names from its clients; it cannot read a SampleRow over MessagePack."));
    }

    /// <summary>What a MessagePack client reads (maps, arrays, primitives) as JSON, through MessagePack's own untyped reader.</summary>
    private static JsonNode Read(byte[] bytes) =>
        JsonNode.Parse(MessagePackJson.ToJson(MessagePackSerializer.Deserialize<object>(bytes, ContractlessStandardResolver.Options)).GetRawText())!;

    private sealed record Sample(string Code, DayOfWeek Day, DateTimeOffset Since, string? Reason, double Occupancy, int Beds, IReadOnlyList<SampleRow> Rows);

    private sealed record SampleRow(string Code, double Value);
}
