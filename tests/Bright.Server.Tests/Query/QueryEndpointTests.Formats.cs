using System.Net;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Bright.Testing;
using Dapper;
using DuckDB.NET.Data;

namespace Bright.Server.Tests.Query;

public sealed partial class QueryEndpointTests
{
    private const string PlainSql = "SELECT event_id, site, kind, occurred_at FROM events WHERE event_id LIKE 'fmt-%' ORDER BY event_id";

    private async Task<List<string[]>> JsonRowsAsync(string sql)
    {
        var (_, body) = await QueryJsonAsync(sql);
        return [.. body["rows"]!.AsArray().Select(r => r!.AsArray().Select(v => v!.GetValue<string>()).ToArray())];
    }

    [Test]
    public async Task CSV_has_a_header_row_and_the_same_rows_as_JSON()
    {
        var expected = await JsonRowsAsync(PlainSql);
        using var response = await QueryAsync(PlainSql, accept: "text/csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        Assert.That(response.Headers.GetValues("X-Bright-Snapshot-At").Single(), Is.Not.Empty);
        Assert.That(lines[0], Is.EqualTo("event_id,site,kind,occurred_at"));
        Assert.That(lines.Skip(1).Select(l => l.Split(',')), Is.EqualTo(expected));
    }

    [Test]
    public async Task CSV_quotes_fields_with_commas_quotes_and_line_breaks()
    {
        using var response = await QueryAsync("SELECT 'a,b' AS x, 'say \"hi\"' AS y, E'two\\nlines' AS z, NULL AS n, [1, 2] AS l", accept: "text/csv");

        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("x,y,z,n,l\r\n\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\"[1,2]\"\r\n"));
    }

    [Test]
    public async Task Arrow_is_an_IPC_stream_with_the_same_rows_as_JSON()
    {
        var expected = await JsonRowsAsync(PlainSql);
        using var response = await QueryAsync(PlainSql, accept: "application/vnd.apache.arrow.stream");
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new ArrowStreamReader(stream);
        var rows = new List<string[]>();
        while (await reader.ReadNextRecordBatchAsync() is { } batch)
        {
            using (batch)
            {
                var ids = (StringArray)batch.Column(0);
                var sites = (StringArray)batch.Column(1);
                var kinds = (StringArray)batch.Column(2);
                var times = (TimestampArray)batch.Column(3);
                for (var i = 0; i < batch.Length; i++)
                {
                    rows.Add([ids.GetString(i), sites.GetString(i), kinds.GetString(i),
                        times.GetTimestamp(i)!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)]);
                }
            }
        }

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/vnd.apache.arrow.stream"));
        Assert.That(response.Headers.GetValues("X-Bright-Truncated").Single(), Is.EqualTo("false"));
        Assert.That(rows, Is.EqualTo(expected));
    }

    [Test]
    public async Task Parquet_read_back_by_DuckDB_has_the_same_rows_as_JSON()
    {
        var expected = await JsonRowsAsync(PlainSql);
        using var response = await QueryAsync(PlainSql, accept: "application/vnd.apache.parquet");
        using var folder = TempFolder.Create();
        var file = Path.Combine(folder.Path, "answer.parquet");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());

        using var duckdb = new DuckDBConnection("Data Source=:memory:");
        duckdb.Open();
        var rows = duckdb.Query<(string Id, string Site, string Kind, string Time)>($"""
            SELECT event_id, site, kind, strftime(occurred_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') FROM read_parquet('{file}')
            """).Select(r => new[] { r.Id, r.Site, r.Kind, r.Time }).ToList();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/vnd.apache.parquet"));
        Assert.That(response.Headers.GetValues("X-Bright-Truncated").Single(), Is.EqualTo("false"));
        Assert.That(rows, Is.EqualTo(expected));
    }

    [Test]
    public async Task Parquet_is_cut_at_MaxRows_and_flagged()
    {
        using var response = await QueryAsync($"SELECT range AS n FROM range({MaxRows * 3})", accept: "application/vnd.apache.parquet");
        using var folder = TempFolder.Create();
        var file = Path.Combine(folder.Path, "answer.parquet");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        using var duckdb = new DuckDBConnection("Data Source=:memory:");
        duckdb.Open();

        Assert.That(duckdb.ExecuteScalar<long>($"SELECT count(*) FROM read_parquet('{file}')"), Is.EqualTo(MaxRows));
        Assert.That(response.Headers.GetValues("X-Bright-Truncated").Single(), Is.EqualTo("true"));
    }

    [Test]
    public async Task The_data_dictionary_lists_the_events_columns_in_snake_case()
    {
        using var client = _server.Client(Tokens.Analyst);
        var body = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/query/dictionary", UriKind.Relative)))!;

        Assert.That(body[0]!["name"]!.GetValue<string>(), Is.EqualTo("events"));
        Assert.That(body[0]!["columns"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()), Is.EqualTo(new[]
        {
            "event_id", "occurred_at", "received_at", "source", "site", "kind", "subject", "location", "code", "value", "attributes",
        }));
    }
}
