using System.Net;
using Bright.Server.Jobs;
using Bright.Store.Query;
using Bright.Testing;
using Hangfire;
using Hangfire.Storage;

namespace Bright.Server.Tests.Query;

public sealed partial class QueryEndpointTests
{
    private async Task<long> SaveAsync(string name, string sql)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/queries", $$"""{ "name": "{{name}}", "sql": "{{sql}}" }""");
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        return body!["id"]!.GetValue<long>();
    }

    [Test]
    public async Task A_scheduled_export_is_registered_as_a_job_and_writes_its_file_whole()
    {
        var id = await SaveAsync("Weekly ED arrivals", "SELECT 7 AS answer");

        var (status, schedule) = await SendAsync(HttpMethod.Put, $"/api/queries/{id}/schedule", """{ "cron": "0 7 * * 1", "format": "csv" }""");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(schedule!["cron"]!.GetValue<string>(), Is.EqualTo("0 7 * * 1"));
        using (var connection = _server.Get<JobStorage>().GetConnection())
        {
            Assert.That(connection.GetRecurringJobs().Select(j => j.Id), Has.Member(QueryExportJob.IdFor(id)));
        }

        var path = await _server.Get<QueryExportJob>().RunAsync(id, QueryFormat.Csv, CancellationToken.None);

        Assert.That(Path.GetFileName(path), Does.Match(@"^weekly-ed-arrivals-\d{8}-\d{4}\.csv$"));
        Assert.That(File.ReadAllText(path).ReplaceLineEndings("\n"), Is.EqualTo("answer\n7\n"));
        Assert.That(File.Exists(path + ".partial"), Is.False);
        var (gone, _) = await SendAsync(HttpMethod.Delete, $"/api/queries/{id}/schedule", null);
        Assert.That(gone, Is.EqualTo(HttpStatusCode.NoContent));
        using (var connection = _server.Get<JobStorage>().GetConnection())
        {
            Assert.That(connection.GetRecurringJobs().Select(j => j.Id), Has.No.Member(QueryExportJob.IdFor(id)));
        }
    }

    [TestCase("""{ "cron": "every monday", "format": "csv" }""", "cron: 'every monday' is not a five-field cron expression such as '0 7 * * 1'")]
    [TestCase("""{ "format": "csv" }""", "cron: is required, five fields in UK local time, e.g. '0 7 * * 1' for 07:00 every Monday.")]
    [TestCase("""{ "cron": "0 7 * * 1", "format": "xlsx" }""", "format: 'xlsx' is not one of csv, json, arrow, parquet.")]
    public async Task A_bad_schedule_is_refused_naming_the_field_and_nothing_is_stored(string body, string expected)
    {
        var id = await SaveAsync($"Bad schedule {Guid.NewGuid():N}", "SELECT 1 AS one");

        var (status, problem) = await SendAsync(HttpMethod.Put, $"/api/queries/{id}/schedule", body);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem!["detail"]!.GetValue<string>(), Does.StartWith(expected));
        Assert.That(await _server.Get<QueryScheduleStore>().GetAsync(id), Is.Null);
    }

    [Test]
    public async Task Only_the_owner_or_an_administrator_may_schedule_a_saved_query()
    {
        var id = await SaveAsync("Owned by the analyst", "SELECT 1 AS one");

        var (status, problem) = await SendAsync(HttpMethod.Put, $"/api/queries/{id}/schedule", """{ "cron": "0 7 * * 1" }""", Tokens.Administrator);
        var (refused, _) = await SendAsync(HttpMethod.Put, $"/api/queries/{id}/schedule", """{ "cron": "0 7 * * 1" }""", Tokens.Executive);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), problem?.ToJsonString());
        Assert.That(refused, Is.EqualTo(HttpStatusCode.Forbidden));
    }
}
