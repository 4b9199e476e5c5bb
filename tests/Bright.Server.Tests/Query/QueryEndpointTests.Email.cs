using System.Net;
using System.Text.Json.Nodes;
using Bright.Server.Jobs;
using Bright.Store.Query;
using MimeKit;

namespace Bright.Server.Tests.Query;

public sealed partial class QueryEndpointTests
{
    [Test]
    public async Task An_email_schedule_writes_a_message_naming_the_query_its_parameters_rows_and_freshness_with_the_export_attached()
    {
        var (created, saved) = await SendAsync(HttpMethod.Post, "/api/queries", """
            { "name": "REM admissions", "description": "Admissions at one site", "sql": "SELECT $site AS site, 7 AS admissions",
              "parameters": { "site": "REM" } }
            """);
        Assert.That(created, Is.EqualTo(HttpStatusCode.Created));
        var id = saved!["id"]!.GetValue<long>();

        var (status, schedule) = await SendAsync(HttpMethod.Put, $"/api/queries/{id}/schedule",
            """{ "cron": "0 7 * * 1", "format": "csv", "target": "email", "recipients": ["ops.lead@nhs.net", "Bed Manager <beds@nhs.net>"] }""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), schedule?.ToJsonString());
        Assert.That(schedule!["target"]!.GetValue<string>(), Is.EqualTo("email"));
        Assert.That(schedule["recipients"]!.AsArray().Select(r => r!.GetValue<string>()), Is.EqualTo(new[] { "ops.lead@nhs.net", "Bed Manager <beds@nhs.net>" }));
        Assert.That(schedule["sends"]!.GetValue<bool>(), Is.False);
        Assert.That((await SendAsync(HttpMethod.Get, $"/api/queries/{id}/schedule", null)).Body!["recipients"]!.AsArray(), Has.Count.EqualTo(2));

        var path = await _server.Get<QueryExportJob>().RunAsync(id, QueryFormat.Csv, CancellationToken.None);

        Assert.That(Path.GetDirectoryName(path), Is.EqualTo(schedule["folder"]!.GetValue<string>()));
        Assert.That(Path.GetFileName(path), Does.Match(@"^rem-admissions-\d{8}-\d{4}\.eml$"));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.partial"), Is.Empty);
        using var message = await MimeMessage.LoadAsync(path);
        Assert.That(message.To.Mailboxes.Select(m => m.Address), Is.EqualTo(new[] { "ops.lead@nhs.net", "beds@nhs.net" }));
        Assert.That(message.From.Mailboxes.Single().Address, Is.EqualTo("bright@localhost"));
        Assert.That(message.Subject, Does.Match(@"^BRIGHT export: REM admissions \(1 row, \d{1,2} \w{3} \d{4} \d{2}:\d{2}\)$"));
        Assert.That(message.TextBody, Does.Contain("Admissions at one site"));
        Assert.That(message.TextBody, Does.Contain("Rows: 1\n").Or.Contain("Rows: 1\r\n"));
        Assert.That(message.TextBody, Does.Contain("Parameters: $site = 'REM'"));
        Assert.That(message.TextBody, Does.Match(@"Data as of: \d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2} UK time \(\d+ (s|min) before the query ran\)"));
        Assert.That(message.TextBody, Does.Contain("    SELECT $site AS site, 7 AS admissions"));
        var attachment = message.Attachments.OfType<MimePart>().Single();
        Assert.That(attachment.ContentType.MimeType, Is.EqualTo("text/csv"));
        Assert.That(attachment.FileName, Is.EqualTo(Path.GetFileNameWithoutExtension(path) + ".csv"));
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        Assert.That(System.Text.Encoding.UTF8.GetString(content.ToArray()).ReplaceLineEndings("\n"), Is.EqualTo("site,admissions\nREM,7\n"));
    }

    [TestCase("""{ "cron": "0 7 * * 1", "target": "email", "recipients": ["ops.lead@nhs.net", "not-an-address"] }""",
        "recipients[1]", "recipients[1]: 'not-an-address' is not an e-mail address such as 'ops.lead@nhs.net'.")]
    [TestCase("""{ "cron": "0 7 * * 1", "target": "email", "recipients": ["ops@"] }""",
        "recipients[0]", "recipients[0]: 'ops@' is not an e-mail address such as 'ops.lead@nhs.net'.")]
    [TestCase("""{ "cron": "0 7 * * 1", "target": "email", "recipients": ["a@nhs.net, b@nhs.net"] }""",
        "recipients[0]", "recipients[0]: 'a@nhs.net, b@nhs.net' is not an e-mail address such as 'ops.lead@nhs.net'.")]
    [TestCase("""{ "cron": "0 7 * * 1", "target": "email", "recipients": [42] }""",
        "recipients[0]", "recipients[0]: '42' is not an e-mail address such as 'ops.lead@nhs.net'.")]
    [TestCase("""{ "cron": "0 7 * * 1", "target": "email" }""",
        "recipients", "recipients: an e-mail schedule needs a list of addresses, e.g. [\"ops.lead@nhs.net\"].")]
    [TestCase("""{ "cron": "0 7 * * 1", "target": "email", "recipients": "ops.lead@nhs.net" }""",
        "recipients", "recipients: an e-mail schedule needs a list of addresses, e.g. [\"ops.lead@nhs.net\"].")]
    [TestCase("""{ "cron": "0 7 * * 1", "recipients": ["ops.lead@nhs.net"] }""",
        "recipients", "recipients: only an e-mail schedule has recipients; send \"target\": \"email\" or leave them out.")]
    [TestCase("""{ "cron": "0 7 * * 1", "target": "fax" }""", "target", "target: 'fax' is not one of folder, email.")]
    public async Task A_bad_email_schedule_is_refused_naming_the_field_and_the_address_and_nothing_is_stored(string body, string field, string expected)
    {
        var id = await SaveAsync($"Bad e-mail schedule {Guid.NewGuid():N}", "SELECT 1 AS one");

        var (status, problem) = await SendAsync(HttpMethod.Put, $"/api/queries/{id}/schedule", body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem!["detail"]!.GetValue<string>(), Is.EqualTo(expected));
        Assert.That(problem["field"]!.GetValue<string>(), Is.EqualTo(field));
        Assert.That(await _server.Get<QueryScheduleStore>().GetAsync(id), Is.Null);
    }

    [Test]
    public async Task Too_many_recipients_are_refused()
    {
        var id = await SaveAsync($"Many recipients {Guid.NewGuid():N}", "SELECT 1 AS one");
        var recipients = new JsonArray([.. Enumerable.Range(0, 51).Select(i => JsonValue.Create($"r{i}@nhs.net"))]);

        var (status, problem) = await SendAsync(HttpMethod.Put, $"/api/queries/{id}/schedule",
            new JsonObject { ["cron"] = "0 7 * * 1", ["target"] = "email", ["recipients"] = recipients }.ToJsonString());

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem!["detail"]!.GetValue<string>(), Is.EqualTo("recipients: at most 50 addresses (was 51)."));
    }
}
