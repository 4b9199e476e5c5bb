using System.Text.Json.Nodes;
using Bright.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static Bright.Server.Tests.Live.LiveJson;

namespace Bright.Server.Tests.Live;

/// <summary>JSON and MessagePack on the hub side by side: one contract, whichever protocol a client chooses.</summary>
[TestFixture]
public sealed class LiveProtocolTests
{
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    private static DateTimeOffset Ago(double minutes) => TimeProvider.System.GetUtcNow().AddMinutes(-minutes);

    [Test]
    public async Task A_bed_delta_over_MessagePack_is_the_same_document_as_over_json()
    {
        await using var json = await HubProbe.ConnectAsync(_server, Tokens.Operational, HubProtocols.Json);
        await using var messagePack = await HubProbe.ConnectAsync(_server, Tokens.Operational, HubProtocols.MessagePack);
        await json.Connection.InvokeAsync("Subscribe", new[] { "beds:REP" });
        await messagePack.Connection.InvokeAsync("Subscribe", new[] { "beds:REP" });
        var jsonSnapshot = await json.NextAsync();
        var messagePackSnapshot = await messagePack.NextAsync();

        await PostAsync(_server, Event("proto-w2-b04", "BedStatusChanged", Ago(3), null, "REP/W2/B04", "blocked",
            site: "REP", attributes: ("reason", "infection control")));

        bool ShowsBlocked(HubMessage m) => m.Method == "delta" && m.Data.GetProperty("wards").EnumerateArray().Any(w =>
            w.GetProperty("code").GetString() == "W2" && w.GetProperty("beds").EnumerateArray().Any(b =>
                b.GetProperty("code").GetString() == "B04" && b.GetProperty("status").GetString() == "blocked"));
        var fromJson = (await json.UntilAsync(ShowsBlocked)).Last();
        var fromMessagePack = (await messagePack.UntilAsync(m => m.Version >= fromJson.Version)).Single(m => m.Version == fromJson.Version);

        Assert.That(messagePackSnapshot.Topic, Is.EqualTo("beds:REP"));
        Assert.That(WithoutAsOf(messagePackSnapshot.Data.GetRawText()).ToJsonString(), Has.Length.GreaterThan(1000), "a whole site's board");
        Assert.That(JsonNode.DeepEquals(WithoutAsOf(messagePackSnapshot.Data.GetRawText()), WithoutAsOf(jsonSnapshot.Data.GetRawText())), Is.True,
            "the snapshots differ:\n" + messagePackSnapshot.Data.GetRawText() + "\n" + jsonSnapshot.Data.GetRawText());
        Assert.That(fromMessagePack.Method, Is.EqualTo("delta"));
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(fromMessagePack.Data.GetRawText()), JsonNode.Parse(fromJson.Data.GetRawText())), Is.True,
            "the deltas differ:\n" + fromMessagePack.Data.GetRawText() + "\n" + fromJson.Data.GetRawText());
        Assert.That(fromMessagePack.Data.GetRawText(), Does.Contain("\"reason\":\"infection control\""));
    }

    [Test]
    public async Task A_MessagePack_client_that_sends_a_number_for_its_topics_is_told_and_stays_connected()
    {
        await using var probe = await HubProbe.ConnectAsync(_server, Tokens.Operational, HubProtocols.MessagePack);

        var error = Assert.ThrowsAsync<HubException>(() => probe.Connection.InvokeAsync("Subscribe", 42));
        await probe.Connection.InvokeAsync("Subscribe", new[] { "opel" });

        Assert.That(error!.Message, Is.EqualTo("Failed to invoke 'Subscribe' due to an error on the server."));
        Assert.That((await probe.NextAsync()).Topic, Is.EqualTo("opel"));
    }

    private static JsonObject WithoutAsOf(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("asOf");
        return node;
    }
}
