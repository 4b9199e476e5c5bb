using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bright.Server.Jobs;
using Bright.Store.Query;
using Bright.Testing;
using Hangfire;
using Hangfire.Storage;

namespace Bright.Server.Tests.Jobs;

/// <summary>E-mail-ready exports sent through a real SMTP conversation with <see cref="SmtpListener"/> on loopback.</summary>
[TestFixture]
[NonParallelizable] // The tests switch the one listener between accepting and refusing.
public sealed class QueryOutboxTests
{
    private SmtpListener _smtp = null!;
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _smtp = new SmtpListener();
        _server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Bright:Smtp:Host"] = "127.0.0.1",
            ["Bright:Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bright:Smtp:From"] = "BRIGHT <bright@trust.nhs.uk>",
        });
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        await _server.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [SetUp]
    public void Accept()
    {
        _smtp.Refuse = false;
        _smtp.Messages.Clear();
    }

    [Test]
    public async Task With_smtp_configured_an_email_export_is_sent_and_moved_to_sent()
    {
        var id = await ScheduleAsync("Sent weekly", "ops.lead@nhs.net");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var path = await _server.Get<QueryExportJob>().RunAsync(id, QueryFormat.Csv, timeout.Token);

        var outbox = _server.Get<QueryOutbox>();
        Assert.That(Path.GetDirectoryName(path), Is.EqualTo(outbox.SentFolder));
        Assert.That(File.Exists(Path.Combine(outbox.Folder, Path.GetFileName(path))), Is.False);
        var received = _smtp.Messages.Single();
        Assert.That(received.From, Is.EqualTo("<bright@trust.nhs.uk>"));
        Assert.That(received.To, Is.EqualTo(new[] { "<ops.lead@nhs.net>" }));
        Assert.That(received.Data, Does.Contain("Subject: BRIGHT export: Sent weekly (1 row, "));
        Assert.That(received.Data, Does.Contain("Content-Type: text/csv"));
        Assert.That(received.Data.ReplaceLineEndings("\n"), Is.EqualTo(File.ReadAllText(path).ReplaceLineEndings("\n")));
        using var connection = _server.Get<JobStorage>().GetConnection();
        Assert.That(connection.GetRecurringJobs().Select(j => j.Id), Has.Member(QueryOutboxJob.Id));
    }

    [Test]
    public async Task A_refused_message_stays_in_the_outbox_with_its_reason_and_the_outbox_job_sends_it_later()
    {
        var id = await ScheduleAsync("Refused then sent", "beds@nhs.net");
        var outbox = _server.Get<QueryOutbox>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _smtp.Refuse = true;

        var path = await _server.Get<QueryExportJob>().RunAsync(id, QueryFormat.Json, timeout.Token);
        var failed = Assert.ThrowsAsync<InvalidOperationException>(() => _server.Get<QueryOutboxJob>().RunAsync(timeout.Token));

        Assert.That(Path.GetDirectoryName(path), Is.EqualTo(outbox.Folder));
        Assert.That(File.Exists(path), Is.True);
        var reasons = File.ReadAllLines(path + QueryOutbox.ReasonSuffix);
        Assert.That(reasons, Has.Length.EqualTo(2));
        Assert.That(reasons[0], Does.Match($@"^\d{{4}}-\d{{2}}-\d{{2}} \d{{2}}:\d{{2}}:\d{{2}} UK time: sending through 127\.0\.0\.1:{_smtp.Port} failed: 5\.7\.1 Relaying refused by the test listener$"));
        Assert.That(failed!.Message, Does.StartWith($"1 export message(s) not sent, kept in {outbox.Folder}:\n{Path.GetFileName(path)}: "));
        Assert.That(_smtp.Messages, Is.Empty);

        _smtp.Refuse = false;
        await _server.Get<QueryOutboxJob>().RunAsync(timeout.Token);

        var sent = Path.Combine(outbox.SentFolder, Path.GetFileName(path));
        Assert.That(File.Exists(path), Is.False);
        Assert.That(File.Exists(sent), Is.True);
        Assert.That(File.ReadAllLines(sent + QueryOutbox.ReasonSuffix), Has.Length.EqualTo(2), "the reasons travel with the message");
        Assert.That(_smtp.Messages.Single().Data, Does.Contain("Content-Type: application/json"));
    }

    private async Task<long> ScheduleAsync(string name, string recipient)
    {
        using var client = _server.Client(Tokens.Analyst);
        using var created = await client.PostAsync(new Uri("/api/queries", UriKind.Relative), Json(new JsonObject
        {
            ["name"] = name,
            ["sql"] = "SELECT 'RQ6' AS site, 7 AS answer",
        }));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<long>();
        using var scheduled = await client.PutAsync(new Uri($"/api/queries/{id}/schedule", UriKind.Relative), Json(new JsonObject
        {
            ["cron"] = "0 7 * * 1",
            ["target"] = "email",
            ["recipients"] = new JsonArray(recipient),
        }));
        var body = await scheduled.Content.ReadAsStringAsync();
        Assert.That(scheduled.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(JsonNode.Parse(body)!["sends"]!.GetValue<bool>(), Is.True);
        return id;
    }

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");
}

public sealed class SmtpOptionsTests
{
    [Test]
    public void Bad_smtp_settings_stop_start_up_naming_every_key()
    {
        var error = Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () => await TestServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["Bright:Smtp:Host"] = "smtp.nhs.net",
                ["Bright:Smtp:Port"] = "70000",
                ["Bright:Smtp:From"] = "not an address",
                ["Bright:Smtp:UserName"] = "bright",
            }));

        Assert.That(error!.Failures, Is.EqualTo(new[]
        {
            "Bright:Smtp:Port must be between 1 and 65535 (was 70000).",
            "Bright:Smtp:From must be an e-mail address such as 'BRIGHT <bright@trust.nhs.uk>' (was 'not an address').",
            "Bright:Smtp:UserName and Bright:Smtp:Password must be set together.",
        }));
    }
}
