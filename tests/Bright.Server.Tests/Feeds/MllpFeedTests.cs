using System.Net;
using System.Net.Sockets;
using System.Text;
using Bright.Pipelines.Ingestion;
using Bright.Store.Events;
using Bright.Testing;

namespace Bright.Server.Tests.Feeds;

[TestFixture]
public sealed class MllpFeedTests
{
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> SendAsync(int port, string message)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        var frame = new byte[] { 0x0B }.Concat(Encoding.UTF8.GetBytes(message)).Concat(new byte[] { 0x1C, 0x0D }).ToArray();
        await stream.WriteAsync(frame);
        var buffer = new byte[4096];
        var received = new List<byte>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!received.Contains(0x1C))
        {
            var n = await stream.ReadAsync(buffer, timeout.Token);
            if (n == 0)
            {
                break;
            }

            received.AddRange(buffer[..n]);
        }

        return Encoding.UTF8.GetString([.. received]).Trim('\x0B', '\x1C', '\r');
    }

    [Test]
    public async Task An_adt_admission_over_mllp_is_acknowledged_stored_and_counted_by_the_running_server()
    {
        var port = FreePort();
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bright:Mllp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bright:Mllp:Feeds:0:Source"] = "test-pas",
            ["Bright:Mllp:Feeds:0:Owner"] = "PAS team",
            ["Bright:Mllp:Feeds:0:SendingApplication"] = "TESTPAS",
            ["Bright:Mllp:Feeds:0:DefaultSite"] = "RQ6",
            ["Bright:Pseudonymisation:Key"] = "a-test-key-that-is-at-least-32-characters-long",
        });
        var message = "MSH|^~\\&|TESTPAS|RQ6|BRIGHT|RQ6|20261126083000||ADT^A01|WIRE-1|P|2.4\r" +
            "EVN|A01|20261126083000\rPID|1||MRN123^^^RQ6^MR\rPV1|1|I|W1^^B02^RQ6\r";

        var ack = await SendAsync(port, message);

        Assert.That(ack, Does.Contain("MSA|AA|WIRE-1"));
        var stored = await server.Get<EventReader>().ReadAsync(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));
        Assert.That(stored.Select(e => (e.Source, e.Kind, e.Location)), Has.Member(("test-pas", Bright.Core.Events.EventKind.Admission, "RQ6/W1/B02")));
        Assert.That(server.Get<IngestMonitor>().Snapshot().Single(r => r.Source == "test-pas").AcceptedToday, Is.EqualTo(1));
    }

    [Test]
    public async Task Without_a_feed_profile_a_message_is_refused_with_AR_naming_the_setting()
    {
        var port = FreePort();
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bright:Mllp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var ack = await SendAsync(port, "MSH|^~\\&|ANY|RQ6|BRIGHT|RQ6|20261126083000||ADT^A01|NOFEED-1|P|2.4\rEVN|A01|20261126083000\r");

        Assert.That(ack, Does.Contain("MSA|AR|NOFEED-1"));
    }
}
